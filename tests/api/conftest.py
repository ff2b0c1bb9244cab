"""Fixtures of the HTTP API's tests: the demo company with an admin, two reps and their API tokens (one revoked),
CRM exports written by the tests, the API in this process (Starlette's TestClient), and the served app (``python -m
smart serve``) on a free port of 127.0.0.1, one per test module."""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from smart.access import LOCAL_ADMIN, add_user
from smart.api.tokens import create_token, revoke_token
from smart.clock import TODAY_ENV_VAR
from smart.storage import Store
from tests.conftest import DEMO_TODAY, REPO_ROOT
from tests.served import free_port, serving

ADMIN, REP, OTHER_REP = "ann@example.com", "hugo@example.com", "camille@example.com"
REP_NAME, OTHER_REP_NAME = "Hugo Mercier", "Camille Laurent"
DEALS_HEADER = ("Deal ID", "Deal Name", "Owner", "Stage", "Amount", "Created", "Close Date")


@dataclass(frozen=True)
class Tokens:
    """The secrets of the test database's tokens: an admin's, a rep's, and one revoked before the server starts."""

    admin: str
    rep: str
    revoked: str


@dataclass(frozen=True)
class Served:
    """The app served in another process: its URL, its PID, the database it holds, its log, its backups folder."""

    url: str
    pid: int
    database: Path
    log: Path
    backups: Path
    tokens: Tokens


@pytest.fixture(scope="session")
def api_db(demo_db_file: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Tokens]:
    """The demo company with accounts for Ann (admin), Hugo Mercier and Camille Laurent (reps) and tokens for Ann,
    for Hugo, and a revoked one of Ann's. Copy the file before writing to it."""
    path = tmp_path_factory.mktemp("api-db") / "api.duckdb"
    shutil.copy(demo_db_file, path)
    store = Store(path)
    add_user(store, ADMIN, "admin", name="Ann", actor=LOCAL_ADMIN)
    add_user(store, REP, "rep", reps=[REP_NAME], actor=LOCAL_ADMIN)
    add_user(store, OTHER_REP, "rep", reps=[OTHER_REP_NAME], actor=LOCAL_ADMIN)
    _, admin = create_token(store, ADMIN, name="nightly import", actor=LOCAL_ADMIN)
    _, rep = create_token(store, REP, actor=LOCAL_ADMIN)
    old, revoked = create_token(store, ADMIN, name="old laptop", actor=LOCAL_ADMIN)
    revoke_token(store, old.id, actor=LOCAL_ADMIN)
    store.close()
    return path, Tokens(admin, rep, revoked)


@pytest.fixture(scope="session")
def demo_deals(demo_db_file: Path, tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    """The demo's deals as a plain ``SELECT *`` reads them, for references computed in pandas."""
    copy = tmp_path_factory.mktemp("api-deals") / "deals.duckdb"
    shutil.copy(demo_db_file, copy)
    with duckdb.connect(str(copy), read_only=True) as conn:
        deals = conn.execute("SELECT * FROM deals").df()
    deals["close_on"] = pd.to_datetime(deals["close_on"]).dt.date
    return deals


def deals_export(path: Path, rows: list[tuple[str, str, str, str, object, dt.date, dt.date]]) -> Path:
    """A deals export as a generic CRM writes it (id, name, owner, stage, amount, created, closed)."""
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(DEALS_HEADER)
        writer.writerows(rows)
    return path


def won_deals(path: Path, prefix: str, count: int, closed: dt.date, amount: int = 1000,
              owner: str = REP_NAME) -> Path:
    """``count`` won deals of ``owner`` closed on ``closed``, of ``amount``, ``amount`` + 100... each."""
    return deals_export(path, [(f"{prefix}-{i}", f"{prefix} deal {i}", owner, "Closed Won", amount + 100 * i,
                                closed - dt.timedelta(days=30), closed) for i in range(count)])


@pytest.fixture(scope="module")
def served(api_db: tuple[Path, Tokens], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """``python -m smart serve`` on a private copy of the API database, as of ``DEMO_TODAY``, on a free port of
    127.0.0.1, with its daily backup at 23:59 into a folder of its own; stopped at the module's end."""
    source, tokens = api_db
    folder = tmp_path_factory.mktemp("served-api")
    database, log, backups = folder / "served.duckdb", folder / "serve.log", folder / "backups"
    shutil.copy(source, database)
    port = free_port()
    env = {**os.environ, "SMART_DB": str(database), TODAY_ENV_VAR: DEMO_TODAY.isoformat(), "SMART_BACKUP_AT": "23:59",
           "SMART_BACKUP_DIR": str(backups)}
    for name in ("SMART_SERVER", "SMART_TOKEN", "SMART_INSECURE"):
        env.pop(name, None)
    command = [sys.executable, "-m", "smart", "serve", "--port", str(port)]
    with serving(command, port=port, log=log, cwd=REPO_ROOT, env=env) as process:
        yield Served(f"http://127.0.0.1:{port}", process.pid, database, log, backups, tokens)
