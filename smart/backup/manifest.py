"""A backup's ``manifest.json``: what the backup holds (rows per table, schema version, uploads), when it was
made and by which version, so that a restore can check the backup is whole before it replaces anything."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from smart.backup.errors import BackupError

MANIFEST_FILE = "manifest.json"
DATABASE_FILE = "smart.duckdb"
UPLOADS_FOLDER = "uploads"
MANIFEST_FORMAT = 1


@dataclass(frozen=True)
class Manifest:
    """What a backup holds (``manifest.json``): when and from where it was taken, the versions that wrote it and the row
    count of each table, so that a restore can check the copy before trusting it."""

    created_at: str
    schema_version: int
    tables: dict[str, int]
    app_version: str
    duckdb_version: str
    upload_files: int
    upload_bytes: int
    source_database: str
    source_uploads: str | None

    def as_json(self) -> dict[str, Any]:
        return {
            "format": MANIFEST_FORMAT,
            "created_at": self.created_at,
            "app_version": self.app_version,
            "duckdb_version": self.duckdb_version,
            "schema_version": self.schema_version,
            "database": DATABASE_FILE,
            "tables": dict(self.tables),
            "uploads": {"folder": UPLOADS_FOLDER, "files": self.upload_files, "bytes": self.upload_bytes},
            "source": {"database": self.source_database, "uploads": self.source_uploads},
        }


def write_manifest(folder: Path, manifest: Manifest) -> Path:
    """Write ``manifest.json`` into the backup folder, synced to the disk before the folder is named complete."""
    path = folder / MANIFEST_FILE
    with path.open("w", encoding="utf-8") as out:
        json.dump(manifest.as_json(), out, indent=2, ensure_ascii=False)
        out.write("\n")
        out.flush()
        os.fsync(out.fileno())
    return path


def read_manifest(folder: Path) -> Manifest:
    """The manifest of the backup in ``folder``; BackupError when it is missing or not one SMART Pilot wrote."""
    path = folder / MANIFEST_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError("not_a_backup", f"{folder} is not a SMART Pilot backup: it has no {MANIFEST_FILE} (a "
                          "backup is a folder smart-YYYYMMDD-HHMMSS made by python -m smart backup).") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BackupError("damaged", f"The manifest {path} cannot be read: the backup is damaged; restore another "
                          "one.", detail=str(error)) from None
    try:
        return _manifest_from(data)
    except (KeyError, TypeError, ValueError) as error:
        raise BackupError("damaged", f"The manifest {path} lacks what a SMART Pilot backup's manifest holds: the "
                          "backup is damaged or was not made by SMART Pilot; restore another one.",
                          detail=f"{type(error).__name__}: {error}") from None


def _manifest_from(data: Any) -> Manifest:
    if not isinstance(data, dict) or data.get("format") != MANIFEST_FORMAT:
        raise ValueError(f"format {data.get('format') if isinstance(data, dict) else None!r}, "
                         f"expected {MANIFEST_FORMAT}")
    tables = data["tables"]
    if not isinstance(tables, dict) or not all(isinstance(count, int) for count in tables.values()):
        raise ValueError("tables is not a map of table names to row counts")
    uploads, source = data["uploads"], data["source"]
    return Manifest(
        created_at=str(data["created_at"]), schema_version=_integer(data["schema_version"]),
        tables={str(name): count for name, count in tables.items()}, app_version=str(data["app_version"]),
        duckdb_version=str(data["duckdb_version"]), upload_files=_integer(uploads["files"]),
        upload_bytes=_integer(uploads["bytes"]), source_database=str(source["database"]),
        source_uploads=None if source["uploads"] is None else str(source["uploads"]),
    )


def _integer(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{value!r} is not a whole number")
    return value
