"""What the server opens once: one store per database for the pages, the API and the daily backup, the backup
started at the time set, and a database another process holds at start that the server opens once it is free."""

from __future__ import annotations

import datetime as dt
import gc
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from smart.api.lifespan import ServerResources
from smart.backup import read_manifest
from smart.backup.schedule import BackupSettingError
from smart.cli import main
from smart.storage import StorageError, shared_store
from tests.api.conftest import Tokens
from tests.faults import database_with_reps, held_by_another_process


@pytest.fixture
def database(api_db: tuple[Path, Tokens], tmp_path: Path) -> Path:
    copy = tmp_path / "api.duckdb"
    shutil.copy(api_db[0], copy)
    return copy


def test_the_pages_the_api_and_the_backup_share_one_store(database: Path, tmp_path: Path) -> None:
    resources = ServerResources(database)
    resources.start({"SMART_BACKUP_AT": "03:15", "SMART_BACKUP_KEEP": "3", "SMART_BACKUP_DIR": str(tmp_path / "b")})
    try:
        store = resources.store()
        assert shared_store(database) is store and shared_store(str(database)) is store
        scheduler = resources.scheduler
        assert scheduler is not None and scheduler.running
        assert (scheduler.at, scheduler.keep, scheduler.folder) == (dt.time(3, 15), 3, tmp_path / "b")
        result = scheduler.run_once()
        assert result is not None and result.path.parent == tmp_path / "b"
        deals = store.scalar("SELECT count(*) FROM deals")
        assert read_manifest(result.path).tables["deals"] == deals
    finally:
        resources.stop()
    assert not scheduler.running


def test_a_broken_store_is_replaced_and_one_nobody_holds_leaves_the_file_free(tmp_path: Path) -> None:
    path = tmp_path / "shared.duckdb"
    first = shared_store(path)
    assert shared_store(path) is first
    first.broken = True  # as after a failed checkpoint: DuckDB serves it no more
    second = shared_store(path)
    assert second is not first and shared_store(path) is second
    del first, second
    gc.collect()
    opened = subprocess.run([sys.executable, "-c", "import duckdb, sys; duckdb.connect(sys.argv[1]).close()",
                             str(path)], capture_output=True, text=True, timeout=60)
    assert opened.returncode == 0, opened.stderr  # another process may take the file: no connection was left open


def test_a_database_held_at_start_is_opened_once_it_is_free(tmp_path: Path) -> None:
    path = tmp_path / "held.duckdb"
    database_with_reps(path)
    resources = ServerResources(path)
    with held_by_another_process(path) as pid:
        resources.start({"SMART_BACKUP_AT": "off"})
        with pytest.raises(StorageError) as raised:
            resources.store()
        assert raised.value.kind == "locked" and raised.value.values["pid"] == str(pid)
    assert resources.scheduler is None
    assert resources.store().scalar("SELECT count(*) FROM reps") == 3
    resources.stop()


@pytest.mark.parametrize(("name", "value"), [("SMART_BACKUP_AT", "25:00"), ("SMART_BACKUP_KEEP", "none")])
def test_a_backup_setting_not_understood_stops_the_server_at_start(name: str, value: str, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    with pytest.raises(BackupSettingError, match=name):
        ServerResources(tmp_path / "x.duckdb").start({name: value})
    monkeypatch.setenv(name, value)
    assert main(["serve", "--port", "8599"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"error: serve: {name}={value!r} is not ")
