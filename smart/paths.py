"""Where the project's files live, resolved from this file and never from the working directory."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
DEMO_DIR = DATA_DIR / "demo"
UPLOADS_DIR = DATA_DIR / "uploads"
BACKUPS_DIR = DATA_DIR / "backups"
DEFAULT_DB_PATH = DATA_DIR / "smart.duckdb"
DB_ENV_VAR = "SMART_DB"


def database_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The database file: an explicit path (``--db``) wins over ``$SMART_DB``, which wins over the default."""
    if explicit:
        return Path(explicit)
    from_env = os.environ.get(DB_ENV_VAR)
    return Path(from_env) if from_env else DEFAULT_DB_PATH


def uploads_dir_for(db_path: Path) -> Path:
    """Original uploaded files are kept beside the database they were imported into."""
    if db_path.resolve() == DEFAULT_DB_PATH.resolve():
        return UPLOADS_DIR
    return db_path.parent / "uploads"


def backups_dir_for(db_path: Path) -> Path:
    """Backups go beside the database they copy (``data/backups/`` for the default one)."""
    if db_path.resolve() == DEFAULT_DB_PATH.resolve():
        return BACKUPS_DIR
    return db_path.parent / "backups"
