"""After an import, the database file alone holds it: the importer checkpoints, and a checkpoint that fails does
not fail the import (it is committed, kept in the journal)."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import duckdb
import pytest

from smart.ingest import import_file
from smart.storage import StorageError, Store

HEADER = "Deal ID,Deal Name,Deal Stage,Amount,Create Date,Close Date,Deal Owner\n"


def deals(path: Path, count: int) -> Path:
    rows = "".join(f"D{i},Deal {i},Closed Won,{100 + i},2026-01-02,2026-03-02,rep{i % 4}@example.com\n"
                   for i in range(count))
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


def test_the_database_file_alone_holds_an_import_once_it_is_done(tmp_path: Path) -> None:
    store = Store(tmp_path / "smart.duckdb")
    result = import_file(store, deals(tmp_path / "deals.csv", 3000))
    assert result.inserted == 3000
    journal = Path(f"{store.path}.wal")
    assert not journal.exists() or journal.stat().st_size == 0
    shutil.copyfile(store.path, tmp_path / "copy.duckdb")  # while the store is open, as a careless backup would
    with duckdb.connect(str(tmp_path / "copy.duckdb"), read_only=True) as copy:
        assert copy.execute("SELECT count(*), sum(amount) FROM deals").fetchall() == [
            (3000, sum(100 + i for i in range(3000)))]
        assert copy.execute("SELECT count(*) FROM imports").fetchall() == [(1,)]
    store.close()


def test_a_preview_writes_nothing_not_even_a_checkpoint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(tmp_path / "smart.duckdb")
    calls = []
    monkeypatch.setattr(Store, "checkpoint", lambda self: calls.append(self))
    assert import_file(store, deals(tmp_path / "deals.csv", 10), dry_run=True).inserted == 10
    assert calls == []
    import_file(store, deals(tmp_path / "deals.csv", 10))
    assert calls == [store]
    store.close()


def test_a_checkpoint_that_fails_leaves_the_import_done_and_says_so_in_the_log(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    store = Store(tmp_path / "smart.duckdb")
    failure = StorageError("disk_full", store.path, detail="Could not write file: No space left on device")

    def full_disk(self: Store) -> None:
        raise failure

    monkeypatch.setattr(Store, "checkpoint", full_disk)
    with caplog.at_level(logging.WARNING, logger="smart.ingest.run"):
        result = import_file(store, deals(tmp_path / "deals.csv", 50))
    assert result.committed and result.inserted == 50
    assert store.scalar("SELECT count(*) FROM deals") == 50
    assert caplog.messages == [
        f"Import #{result.import_id} is committed and kept in the journal {store.path}.wal, but the checkpoint "
        f"after it failed: {failure}"
    ]
    store.close()
