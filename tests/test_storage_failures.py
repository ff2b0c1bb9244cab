"""A database that cannot be used, each failure played for real: damaged files, a lock held by another process,
a file from a newer DuckDB, permission denied, a full disk during an import, a migration and a checkpoint.
Each is raised as a StorageError that says what happened and what to do, keeps DuckDB's own words, and never
hides the real error behind a failed ROLLBACK."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest

from smart.i18n import LANGUAGES, Translator
from smart.ingest import import_file
from smart.ingest import run as import_run
from smart.storage import MIGRATIONS, STORAGE_ERROR_KINDS, StorageError, Store, schema_version
from tests.conftest import REPO_ROOT
from tests.faults import (
    crashed_with_a_damaged_journal,
    database_with_reps,
    fill_up,
    garbage_file,
    held_by_another_process,
    newer_duckdb_file,
    not_a_database_file,
    small_disk,
    truncated_file,
)

HEADER = "Deal ID,Deal Name,Deal Stage,Amount,Create Date,Close Date,Deal Owner\n"
FIRST_DEAL = "E1,First deal,Appointment Scheduled,100,2025-01-01,2025-03-01,ann@x.com\n"
NOBODY = 65534
# Run in a process of their own, each prints the StorageError's kind and message.
OPEN_AS_NOBODY = textwrap.dedent(f"""
    import os, sys
    from smart.storage import Store, StorageError
    os.setgid({NOBODY})
    os.setuid({NOBODY})
    try:
        Store(sys.argv[1])
    except StorageError as error:
        print(error.kind)
        print(error)
""")
WRITE_PAST_A_SIZE_LIMIT = textwrap.dedent("""
    import resource, signal, sys
    from smart.storage import Store, StorageError
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    store = Store(sys.argv[1])
    resource.setrlimit(resource.RLIMIT_FSIZE, (1_000_000, resource.RLIM_INFINITY))
    try:
        with store.transaction() as tx:
            tx.execute("INSERT INTO reps SELECT 'rep' || range, md5(range::VARCHAR), 'North' FROM range(50000)")
    except StorageError as error:
        print(error.kind)
        print(error)
""")


def deals_csv(path: Path, count: int) -> Path:
    """A HubSpot deals export of ``count`` deals D0..D<count-1>."""
    rows = "".join(f"D{i},Deal number {i},Contract Sent,{100 + i},2025-01-02,2025-03-02,rep{i % 9}@x.com\n"
                   for i in range(count))
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


def first_import(store: Store, folder: Path) -> None:
    """The data a user imported before things went wrong: one deal."""
    path = folder / "first.csv"
    path.write_text(HEADER + FIRST_DEAL, encoding="utf-8")
    assert import_file(store, path).inserted == 1


def reopened_after_a_first_import(path: Path, folder: Path) -> Store:
    """The database at ``path`` after a first import, closed and opened again: the import is in the file."""
    store = Store(path)
    first_import(store, folder)
    store.close()
    return Store(path)


def first_deal(store: Store) -> list[tuple[object, ...]]:
    return store.rows("SELECT crm_id, title, amount FROM deals WHERE crm_id = 'E1'")


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Path]:
    """A 64 MB disk of its own, to fill up."""
    with small_disk(tmp_path / "disk", 64) as folder:
        yield folder


def test_every_kind_of_failure_has_a_title_what_happened_and_what_to_do() -> None:
    for lang in LANGUAGES:
        t = Translator(lang)
        for kind in STORAGE_ERROR_KINDS:
            error = StorageError(kind, "/data/smart.duckdb", holder="PID 1", found=9, latest=8)
            assert t(error.title_key) and t(error.what_key, **error.values) and t(error.todo_key, **error.values)


@pytest.mark.parametrize(("damage", "duckdb_says"), [
    (garbage_file, "not a valid DuckDB database file"),
    (truncated_file, "Could not read enough bytes"),
    (not_a_database_file, "not a valid DuckDB database file"),
])
def test_a_damaged_file_is_refused_and_left_as_it_was(tmp_path: Path, damage: Callable[[Path], None],
                                                       duckdb_says: str) -> None:
    path = tmp_path / "smart.duckdb"
    damage(path)
    before = path.read_bytes()
    with pytest.raises(StorageError) as raised:
        Store(path)
    error = raised.value
    assert error.kind == "damaged"
    assert duckdb_says in error.detail and isinstance(error.__cause__, duckdb.Error)
    assert str(error).startswith(f"{path} cannot be read as a SMART Pilot database")
    assert "Restore it from a backup" in str(error) and "\n" not in str(error)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["smart.duckdb"]


def test_a_damaged_journal_is_refused_and_renaming_it_opens_the_database_as_before(tmp_path: Path) -> None:
    path = tmp_path / "smart.duckdb"
    reps = crashed_with_a_damaged_journal(path)
    journal = Path(f"{path}.wal")
    before = (path.read_bytes(), journal.read_bytes())
    with pytest.raises(StorageError) as raised:
        Store(path)
    error = raised.value
    assert error.kind == "damaged" and "Corrupt WAL file" in error.detail
    assert str(error).startswith(f"The journal {journal} of the database {path} is damaged")
    assert f"or rename {journal} and try again" in str(error)
    assert (path.read_bytes(), journal.read_bytes()) == before
    journal.rename(tmp_path / "kept.wal")
    store = Store(path)
    assert store.rows("SELECT owner, team FROM reps ORDER BY owner") == reps
    store.close()


def test_a_file_from_a_newer_duckdb_says_to_update(tmp_path: Path) -> None:
    path = tmp_path / "smart.duckdb"
    newer_duckdb_file(path)
    with pytest.raises(StorageError) as raised:
        Store(path)
    assert raised.value.kind == "too_new"
    assert "storage version number 1000" in raised.value.detail
    assert str(raised.value).startswith(f"{path} was written by a newer version of DuckDB")
    assert "Update SMART Pilot" in str(raised.value)


def test_a_file_locked_by_another_process_names_it_and_opens_once_released(tmp_path: Path) -> None:
    path = tmp_path / "smart.duckdb"
    reps = database_with_reps(path)
    with held_by_another_process(path) as pid:
        with pytest.raises(StorageError) as raised:
            Store(path)
    error = raised.value
    assert error.kind == "locked"
    assert f"(PID {pid})" in error.detail
    assert str(error).startswith(f"Another program holds the database file {path}: PID {pid}, python -c import")
    assert "Wait for that program to finish or stop it" in str(error)
    assert error.sentence(Translator("fr")).startswith(f"Un autre programme tient le fichier de base de données "
                                                       f"{path} : PID {pid}, python -c import")
    store = Store(path)
    assert store.rows("SELECT owner, team FROM reps ORDER BY owner") == reps
    store.close()


@pytest.mark.skipif(os.geteuid() != 0, reason="playing a user without access to the file needs root (setuid)")
def test_a_file_the_user_may_not_open_says_who_must_give_access() -> None:
    folder = Path(tempfile.mkdtemp(prefix="smart-permission-"))
    try:
        folder.chmod(0o755)
        path = folder / "smart.duckdb"
        database_with_reps(path)
        path.chmod(0o600)
        before = path.read_bytes()
        run = subprocess.run([sys.executable, "-c", OPEN_AS_NOBODY, str(path)], cwd=REPO_ROOT, capture_output=True,
                             text=True, timeout=120)
        kind, message = run.stdout.splitlines()
        assert kind == "permission"
        assert message.startswith(f"The system refused SMART Pilot access to {path} (permission denied")
        assert f"read and write access to {folder} and the files in it" in message
        assert "Permission denied" in message and path.read_bytes() == before
    finally:
        shutil.rmtree(folder)


def test_a_full_disk_during_an_import_reports_the_disk_not_the_rollback(disk: Path, tmp_path: Path,
                                                                        caplog: pytest.LogCaptureFixture) -> None:
    """The import's COMMIT cannot write its journal: DuckDB ends the transaction, so the ROLLBACK that follows
    fails with "cannot rollback - no transaction is active". The error raised is the disk's (logged with its
    traceback, the failed ROLLBACK beside it), and the database is as it was: the same import succeeds once
    space is freed."""
    store = Store(disk / "smart.duckdb")
    first_import(store, tmp_path)
    export = deals_csv(tmp_path / "deals.csv", 20_000)
    # Room for the copy of the file kept under uploads/, not for the import's journal.
    filler = fill_up(disk, leave=export.stat().st_size + 64 * 1024)
    with pytest.raises(StorageError) as raised:
        import_file(store, export)
    error = raised.value
    assert error.kind == "disk_full"
    assert isinstance(error.__cause__, duckdb.TransactionException)
    assert "No space left on device" in error.detail and "cannot rollback" not in str(error)
    assert str(error).startswith(f"SMART Pilot could not write to the database {disk / 'smart.duckdb'}: the disk "
                                 f"holding {disk} is full")
    logged = {(record.levelname, record.getMessage()): record for record in caplog.records
              if record.name == "smart.storage"}
    assert logged[("ERROR", f"The database {disk / 'smart.duckdb'} cannot be used (disk_full)")].exc_info[1] is (
        error.__cause__)
    assert ("WARNING", "ROLLBACK after TransactionException failed too: TransactionContext Error: cannot rollback - "
            "no transaction is active") in logged
    assert store.scalar("SELECT count(*) FROM deals") == 1 and store.scalar("SELECT count(*) FROM imports") == 1
    assert len(list((disk / "uploads").iterdir())) == 1
    filler.unlink()
    assert import_file(store, export).inserted == 20_000
    store.close()


def test_a_full_disk_during_a_migration_reports_the_disk_and_keeps_the_version(disk: Path) -> None:
    path = disk / "smart.duckdb"
    Store(path, MIGRATIONS[:-1]).close()
    filler = fill_up(disk)
    with pytest.raises(StorageError) as raised:
        Store(path)
    assert raised.value.kind == "disk_full" and "cannot rollback" not in str(raised.value)
    filler.unlink()
    with duckdb.connect(str(path)) as conn:
        assert schema_version(conn) == MIGRATIONS[-2].version
    assert Store(path).version == MIGRATIONS[-1].version


def test_a_full_disk_at_checkpoint_keeps_the_journal_and_every_import(disk: Path, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """An import is committed to the journal (the .wal); writing it into the database, at the checkpoint that
    follows the import, finds the disk full: the import still succeeds (it is committed) and the journal keeps it.
    While the disk is full the file cannot be opened (replaying a journal past 16 MB writes it into the file): the
    error says so and that the .wal must be kept. Once space is freed it opens with every import.

    An import's new rows go straight into the file (optimistic writes); what DuckDB keeps in the journal instead
    (updates, a session without optimistic writes) is what this is about: the import's session is made to keep its
    rows there."""
    path = disk / "smart.duckdb"
    store = reopened_after_a_first_import(path, tmp_path)
    fillers = []
    checkpoint = Store.checkpoint
    execute = import_run._execute

    def execute_into_the_journal(tx: duckdb.DuckDBPyConnection, *args: object) -> None:
        tx.execute("SET SESSION enable_optimistic_write = false")
        execute(tx, *args)

    monkeypatch.setattr(import_run, "_execute", execute_into_the_journal)

    def checkpoint_on_a_full_disk(self: Store) -> None:
        fillers.append(fill_up(disk))
        checkpoint(self)

    monkeypatch.setattr(Store, "checkpoint", checkpoint_on_a_full_disk)
    assert import_file(store, deals_csv(tmp_path / "deals.csv", 150_000)).inserted == 150_000
    assert len(fillers) == 1 and store.broken
    journal = Path(f"{path}.wal")
    assert journal.stat().st_size > 16_000_000
    filler = fillers[0]
    store.close()
    with pytest.raises(StorageError) as raised:
        Store(path)
    error = raised.value
    assert error.kind == "disk_full" and "replaying WAL" in error.detail
    megabytes = error.values["megabytes"]
    assert megabytes * 1e6 >= journal.stat().st_size > (megabytes - 1) * 1e6
    assert str(error).startswith(f"SMART Pilot cannot open {path}: its journal {journal} ({megabytes} MB)")
    assert f"Free at least {megabytes} MB on that disk" in str(error) and f"Do not delete {journal}" in str(error)
    assert journal.exists()
    filler.unlink()
    reopened = Store(path)
    assert first_deal(reopened) == [("E1", "First deal", 100.0)]
    assert reopened.scalar("SELECT count(*) FROM deals") == 150_001
    assert reopened.scalar("SELECT count(*) FROM imports WHERE undone_at IS NULL") == 2
    reopened.close()


def test_a_checkpoint_that_finds_the_disk_full_breaks_the_store_until_it_is_reopened(disk: Path,
                                                                                      tmp_path: Path) -> None:
    """DuckDB stops serving a database whose checkpoint failed ("database has been invalidated"): every later
    query raises the disk's error, the store says it is broken, and a new store, once this one is closed and
    space freed, has everything."""
    path = disk / "smart.duckdb"
    store = Store(path)
    first_import(store, tmp_path)
    with store.transaction() as tx:  # committed to the journal; the import before it is in the file already
        tx.execute("INSERT INTO reps SELECT 'rep' || range, md5(range::VARCHAR), 'North' FROM range(20000)")
    filler = fill_up(disk)
    with pytest.raises(StorageError) as raised:
        store.checkpoint()
    assert raised.value.kind == "disk_full" and store.broken
    with pytest.raises(StorageError) as later:
        store.scalar("SELECT count(*) FROM deals")
    assert later.value.kind == "disk_full" and "database has been invalidated" in later.value.detail
    store.close()
    filler.unlink()
    reopened = Store(path)
    assert not reopened.broken and first_deal(reopened) == [("E1", "First deal", 100.0)]
    assert reopened.scalar("SELECT count(*) FROM reps WHERE team = 'North'") == 20000
    reopened.close()


def test_a_file_size_limit_is_reported_as_a_full_disk_not_as_the_rollback(tmp_path: Path) -> None:
    """The same COMMIT failure without root: a process whose files may not grow past 1 MB (RLIMIT_FSIZE,
    SIGXFSZ ignored, so writes fail with EFBIG "File too large")."""
    path = tmp_path / "smart.duckdb"
    Store(path).close()
    run = subprocess.run([sys.executable, "-c", WRITE_PAST_A_SIZE_LIMIT, str(path)], cwd=REPO_ROOT,
                         capture_output=True, text=True, timeout=120)
    kind, message = run.stdout.splitlines()
    assert kind == "disk_full" and "File too large" in message and "cannot rollback" not in message
    assert Store(path).scalar("SELECT count(*) FROM reps") == 0


def test_the_command_line_on_a_locked_database_prints_one_line_and_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "smart.duckdb"
    database_with_reps(path)
    with held_by_another_process(path) as pid:
        run = subprocess.run([sys.executable, "-m", "smart", "kpi", "--list", "--db", str(path)], cwd=REPO_ROOT,
                             capture_output=True, text=True, timeout=120)
    assert run.returncode == 2 and run.stdout == ""
    lines = run.stderr.splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith(f"error: Another program holds the database file {path}: PID {pid}, python -c")
    assert "Wait for that program to finish or stop it" in lines[0] and f"(PID {pid})" in lines[0]


def test_a_full_disk_at_checkpoint_after_an_import_written_straight_to_the_file(
        disk: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The import's new rows went straight into the file (optimistic writes) and the commit is in the journal; the
    checkpoint after it finds the disk full: the import still succeeds, and once space is freed the database opens
    with every import."""
    path = disk / "smart.duckdb"
    store = reopened_after_a_first_import(path, tmp_path)
    fillers = []
    checkpoint = Store.checkpoint

    def checkpoint_on_a_full_disk(self: Store) -> None:
        fillers.append(fill_up(disk))
        checkpoint(self)

    monkeypatch.setattr(Store, "checkpoint", checkpoint_on_a_full_disk)
    assert import_file(store, deals_csv(tmp_path / "deals.csv", 150_000)).inserted == 150_000
    assert len(fillers) == 1 and store.broken
    store.close()
    fillers[0].unlink()
    reopened = Store(path)
    assert first_deal(reopened) == [("E1", "First deal", 100.0)]
    amounts = 100.0 + sum(100 + i for i in range(150_000))
    assert reopened.rows("SELECT count(*), sum(amount) FROM deals") == [(150_001, amounts)]
    assert reopened.scalar("SELECT count(*) FROM imports WHERE undone_at IS NULL") == 2
    reopened.close()
