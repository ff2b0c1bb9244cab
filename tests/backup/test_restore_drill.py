"""The restore drill: backups taken while imports run in another thread of the same process restore, every one,
to the state before or after an import, never to half of one: every table's rows and the KPIs are those the
source had at that moment, and the manifest counts exactly what the restored file holds."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

from smart.analytics import kpi_value
from smart.analytics.filters import Filters
from smart.backup import BackupResult, backup_database, restore_backup
from smart.ingest import import_file
from smart.storage import Store, read_database_file
from tests.backup.conftest import deals_export
from tests.conftest import DEMO_TODAY

EXPORTS = 4
DEALS_PER_EXPORT = 3000
FREE_RUNNING_BACKUPS = 6
YEAR = Filters(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
PATIENCE_SECONDS = 120  # a deadlock fails the test instead of hanging it


def figures(store: Store) -> dict[str, object]:
    """Every table's rows and three KPIs: what must come back from a backup."""
    tables = store.rows("SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
                        "ORDER BY table_name")
    counts = {name: store.scalar(f'SELECT count(*) FROM "{name}"') for (name,) in tables}
    kpis = {kpi: kpi_value(store, kpi, YEAR, today=DEMO_TODAY).value for kpi in ("revenue", "deals_won", "win_rate")}
    return {"tables": counts, "kpis": kpis}


def restored_figures(backup: BackupResult, target: Path) -> dict[str, object]:
    """Restore ``backup`` into ``target`` and read it back; its manifest must count exactly what the file holds."""
    restore_backup(backup.path, target)
    assert read_database_file(target).tables == backup.tables
    store = Store(target)
    try:
        found = figures(store)
        stored = [Path(path) for (path,) in store.rows("SELECT stored_path FROM imports")]
    finally:
        store.close()
    assert all(path.is_file() and path.parent == (target.parent / "uploads").resolve() for path in stored)
    return found


class Drill:
    """Imports the exports one after another; halfway through each (every row written, nothing committed yet) it
    lets a backup be taken before it commits, while another thread backs up whenever it can."""

    def __init__(self, store: Store, exports: list[Path], folder: Path) -> None:
        self.store, self.exports, self.folder = store, exports, folder
        self.states = [figures(store)]
        self.during_imports: list[BackupResult] = []
        self.free_running: list[BackupResult] = []
        self.errors: list[BaseException] = []
        self.halfway = threading.Event()
        self.backed_up = threading.Event()
        self.imports_done = threading.Event()

    def progress(self, stage: str, fraction: float) -> None:
        if (stage, fraction) == ("writing", 0.95):  # inside the import's transaction, just before its commit
            self.halfway.set()
            if not self.backed_up.wait(PATIENCE_SECONDS):
                self.errors.append(AssertionError("no backup could be taken while an import was under way"))
            self.backed_up.clear()

    def run_imports(self) -> None:
        try:
            for path in self.exports:
                import_file(self.store, path, progress=self.progress)
                self.states.append(figures(self.store))
        except BaseException as error:
            self.errors.append(error)
        finally:
            self.imports_done.set()
            self.halfway.set()

    def back_up_halfway(self) -> None:
        try:
            for _ in self.exports:
                if not self.halfway.wait(PATIENCE_SECONDS) or self.imports_done.is_set():
                    return
                self.halfway.clear()
                self.during_imports.append(backup_database(self.store, self.folder, keep=100))
                self.backed_up.set()
        except BaseException as error:
            self.errors.append(error)
            self.backed_up.set()

    def back_up_whenever(self) -> None:
        try:
            while not self.imports_done.is_set() and len(self.free_running) < FREE_RUNNING_BACKUPS:
                self.free_running.append(backup_database(self.store, self.folder, keep=100))
        except BaseException as error:
            self.errors.append(error)

    def run(self) -> None:
        threads = [threading.Thread(target=work) for work in
                   (self.run_imports, self.back_up_halfway, self.back_up_whenever)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(PATIENCE_SECONDS * (EXPORTS + 1))


def test_backups_taken_during_imports_restore_to_a_state_between_two_imports(tmp_path: Path) -> None:
    store = Store(tmp_path / "source" / "smart.duckdb")
    # Each export repeats half of the deals of the one before, their stage moved on, and brings as many new ones;
    # each wins more often than the one before.
    exports = [deals_export(tmp_path / f"deals_2026-11-{1 + 7 * i:02d}.csv", i * DEALS_PER_EXPORT // 2,
                            DEALS_PER_EXPORT, shift=i, stages=("Closed Won",) * (i + 1) + ("Closed Lost", "Open"))
               for i in range(EXPORTS)]
    drill = Drill(store, exports, tmp_path / "backups")
    drill.run()
    assert drill.errors == []
    states = drill.states
    assert len(states) == EXPORTS + 1 and len({repr(state) for state in states}) == EXPORTS + 1
    assert [state["tables"]["deals"] for state in states] == [0, 3000, 4500, 6000, 7500]
    assert [state["tables"]["imports"] for state in states] == [0, 1, 2, 3, 4]
    assert len({state["kpis"]["win_rate"] for state in states}) == EXPORTS + 1

    # A backup taken while import i was written but not committed holds the i imports before it, exactly.
    assert len(drill.during_imports) == EXPORTS
    for number, backup in enumerate(drill.during_imports):
        assert restored_figures(backup, tmp_path / f"during-{number}" / "smart.duckdb") == states[number]
    # One taken at any moment holds the state before or after some import.
    for number, backup in enumerate(drill.free_running):
        assert restored_figures(backup, tmp_path / f"free-{number}" / "smart.duckdb") in states

    last = backup_database(store, tmp_path / "backups", keep=100)
    assert restored_figures(last, tmp_path / "last" / "smart.duckdb") == states[-1] == figures(store)
    store.close()
