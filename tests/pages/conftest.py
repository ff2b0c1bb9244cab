"""Fixtures of the analysis pages' tests (which run as of the demo's day, like every test): the demo tables as
plain pandas frames for independent references, a database with nothing imported, and a spy on the CSV
downloads."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from smart.storage import Store
from tests.conftest import app_on, capture_csv_downloads


@pytest.fixture(scope="session")
def demo_tables(demo_db_file: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, pd.DataFrame]:
    """Raw demo tables (deals with their rep's team, leads, snapshots), read once with plain SELECT *."""
    copy = tmp_path_factory.mktemp("tables") / "demo.duckdb"
    shutil.copy(demo_db_file, copy)
    with duckdb.connect(str(copy), read_only=True) as conn:
        tables = {name: conn.execute(f"SELECT * FROM {name}").df()
                  for name in ("deals", "reps", "leads", "deal_history")}
    deals = tables["deals"].merge(tables["reps"][["owner", "team"]], on="owner", how="left")
    for column in ("created_on", "close_on"):
        deals[column] = pd.to_datetime(deals[column])
    tables["deals"] = deals
    return tables


@pytest.fixture
def empty_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A database where something was imported (so no demo is loaded) but no deal, lead or objective."""
    path = tmp_path / "empty.duckdb"
    store = Store(path)
    with store.transaction() as tx:
        tx.execute("INSERT INTO imports (file_name, sha256, kind, profile, source, started_at) "
                   "VALUES ('reps.csv', 'x', 'reps', 'generic', 'crm', current_timestamp)")
    store.close()
    with app_on(path, monkeypatch) as database:
        yield database


@pytest.fixture
def csv_downloads(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """Every CSV a download button of the run gives when clicked, in order."""
    return capture_csv_downloads(monkeypatch)
