"""An import lets DuckDB write its rows straight into the database file (optimistic writes) instead of keeping them
in memory until its commit, which wrote them to the journal and then again into the file at the checkpoint: the
database holds the same thing either way. DuckDB writes optimistically only whole row groups (122,880 rows), so
the files here are larger than that, with rejected rows, a conflicting duplicate and a second week that changes,
adds and leaves records, all compared in the database with the old way (the import's session with
``enable_optimistic_write`` off, as before) and after undoing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from smart.ingest import import_file, undo_import
from smart.ingest import run as import_run
from smart.storage import Store

HEADER = "Deal ID,Deal Name,Deal Stage,Amount,Create Date,Close Date,Deal Owner\n"
ROWS = 130_000
STAGES = ("Appointment Scheduled", "Contract Sent", "Closed Won", "Closed Lost")
# Tables an import writes, without the times of the writes (they differ between two runs).
TABLES = {
    "deals": "SELECT * EXCLUDE (updated_at) FROM deals ORDER BY ALL",
    "deal_versions": "SELECT * EXCLUDE (updated_at) FROM deal_versions ORDER BY ALL",
    "import_rejects": "SELECT * FROM import_rejects ORDER BY ALL",
    "imports": "SELECT id, file_name, sha256, kind, profile, source, rows, inserted, updated, unchanged, rejected, "
               "mapping, undone_at IS NULL FROM imports ORDER BY id",
    "reps": "SELECT * FROM reps ORDER BY ALL",
    "deal_history": "SELECT * FROM deal_history ORDER BY ALL",
}


def week(path: Path, week_number: int) -> Path:
    """Deals D0..D129999 (the second week changes every tenth amount and adds 1,000 deals), with three bad rows
    and a deal given twice with different amounts."""
    lines = [HEADER]
    count = ROWS + (1000 if week_number == 2 else 0)
    for i in range(count):
        amount = 100 + i + (5 if week_number == 2 and i % 10 == 0 else 0)
        lines.append(f"D{i},Deal {i},{STAGES[i % 4]},{amount},2025-01-{1 + i % 28:02d},2025-03-{1 + i % 28:02d},"
                     f"rep{i % 7}@example.com\n")
    lines.append("DX1,Bad amount,Closed Won,12abc,2025-01-02,2025-03-02,rep1@example.com\n")
    lines.append("DX2,Bad date,Closed Won,100,2025-13-45,2025-03-02,rep1@example.com\n")
    lines.append("DX3,Twice,Closed Won,100,2025-01-02,2025-03-02,rep1@example.com\n")
    lines.append("DX3,Twice,Closed Won,200,2025-01-02,2025-03-02,rep1@example.com\n")
    path.write_text("".join(lines), encoding="utf-8")
    return path


def state(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    return {table: store.rows(sql) for table, sql in TABLES.items()}


def weeks_imported(tmp_path: Path, name: str) -> tuple[Store, list[dict[str, list[tuple[Any, ...]]]]]:
    """A store in ``tmp_path/name`` after week 1, week 2, undoing week 2, undoing week 1: its state after each."""
    folder = tmp_path / name
    folder.mkdir()
    store = Store(folder / "smart.duckdb")
    states = []
    ids = []
    for number in (1, 2):
        result = import_file(store, week(tmp_path / f"deals_2025-01-0{number}.csv", number))
        ids.append(result.import_id)
        states.append(state(store))
    for import_id in reversed(ids):
        undo_import(store, import_id)
        states.append(state(store))
    return store, states


@pytest.fixture
def old_way(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Makes the imports that follow keep their inserts in memory until the commit, as every import did before."""
    def switch() -> None:
        execute = import_run._execute

        def execute_in_memory(tx: Any, *args: Any) -> None:
            tx.execute("SET SESSION enable_optimistic_write = false")
            execute(tx, *args)

        monkeypatch.setattr(import_run, "_execute", execute_in_memory)
    return switch


def test_imports_written_straight_to_the_file_store_what_the_old_way_stored(tmp_path: Path,
                                                                            old_way: Callable[[], None]) -> None:
    new_store, new_states = weeks_imported(tmp_path, "new")
    old_way()
    old_store, old_states = weeks_imported(tmp_path, "old")
    try:
        first, second = new_states[0], new_states[1]
        # By hand: D0 is on line 2, so DX1 (bad amount) on ROWS + 2, DX2 (bad date) on ROWS + 3, and DX3's two
        # rows, which disagree, on ROWS + 4 and ROWS + 5: all four rejected.
        assert len(first["deals"]) == ROWS
        assert [row[6:11] for row in first["imports"]] == [(ROWS + 4, ROWS, 0, 0, 4)]
        assert [row[1:3] for row in first["import_rejects"]] == [
            (ROWS + 2, "Amount"), (ROWS + 3, "Create Date"), (ROWS + 4, "Deal ID"), (ROWS + 5, "Deal ID")]
        # Week 2: 1,000 new deals, every tenth amount changed, the rest the same.
        assert second["imports"][1][6:11] == (ROWS + 1004, 1000, ROWS // 10, ROWS - ROWS // 10, 4)
        assert len(second["deal_versions"]) == ROWS // 10
        assert new_states[2]["deals"] == first["deals"] and new_states[3]["deals"] == []
        for new, old in zip(new_states, old_states, strict=True):
            assert new == old
    finally:
        new_store.close()
        old_store.close()


def test_the_database_file_alone_holds_the_import_written_straight(tmp_path: Path) -> None:
    store = Store(tmp_path / "smart.duckdb")
    import_file(store, week(tmp_path / "deals.csv", 1))
    journal = Path(f"{store.path}.wal")
    assert not journal.exists() or journal.stat().st_size == 0
    store.close()
    reopened = Store(tmp_path / "smart.duckdb")
    assert reopened.rows("SELECT count(*), sum(amount) FROM deals") == [(ROWS, sum(100 + i for i in range(ROWS)))]
    reopened.close()
