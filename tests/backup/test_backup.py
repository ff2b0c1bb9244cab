"""``backup_database`` and ``python -m smart backup``: a whole, consistent copy while the store stays open, with the
uploads and a manifest, written under a temporary name, pruned to the newest N, and one line on a failure."""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import shutil
from pathlib import Path

import duckdb
import pytest

import smart
from smart.backup import (
    BackupError,
    backup_database,
    complete_backups,
    prune_backups,
    read_manifest,
    take,
)
from smart.backup import files as backup_files
from smart.cli import main
from smart.storage import LATEST_VERSION, MIGRATIONS, Store, read_database_file
from tests.faults import fill_up, held_by_another_process, small_disk

MOMENT = dt.datetime(2026, 11, 27, 2, 30, 0)


def at(moment: dt.datetime):
    return lambda: moment


def count(store: Store, table: str) -> int:
    return store.scalar(f"SELECT count(*) FROM {table}")


def test_a_backup_holds_what_the_journal_holds_where_a_copy_of_the_file_alone_does_not(
        source: Store, tmp_path: Path) -> None:
    with source.transaction() as tx:  # committed, and in the journal (.wal) only: no checkpoint since
        tx.execute("INSERT INTO reps (owner, team) VALUES ('dee@example.com', 'North'), ('eve@example.com', 'South')")
    journal = Path(f"{source.path}.wal")
    assert journal.stat().st_size > 0
    file_alone = tmp_path / "file-alone.duckdb"
    shutil.copyfile(source.path, file_alone)
    with duckdb.connect(str(file_alone), read_only=True) as copy:
        assert copy.execute("SELECT count(*) FROM reps WHERE team IS NOT NULL").fetchall() == [(0,)]

    result = backup_database(source, tmp_path / "backups", now=at(MOMENT))

    assert result.path == tmp_path / "backups" / "smart-20261127-023000"
    assert sorted(p.name for p in result.path.iterdir()) == ["manifest.json", "smart.duckdb", "uploads"]
    restored = Store(result.path / "smart.duckdb")
    assert restored.version == LATEST_VERSION
    assert restored.rows("SELECT owner, team FROM reps WHERE team IS NOT NULL ORDER BY owner") == [
        ("dee@example.com", "North"), ("eve@example.com", "South")]
    assert count(restored, "deals") == 80 and count(restored, "imports") == 2
    restored.close()
    assert journal.stat().st_size > 0  # the backup wrote nothing into the database it copied


def test_the_manifest_counts_every_table_and_says_when_and_by_which_version(source: Store, tmp_path: Path) -> None:
    result = backup_database(source, tmp_path / "backups", now=at(MOMENT))
    manifest = json.loads((result.path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["schema_version"] == LATEST_VERSION == result.schema_version
    assert manifest["app_version"] == smart.__version__ and manifest["duckdb_version"] == duckdb.__version__
    assert manifest["created_at"] == MOMENT.astimezone().isoformat(timespec="seconds") == result.created_at
    # 60 deals, then 20 of them changed and 20 new: 80 deals, and the 20 changed ones' before-images (for undo).
    assert manifest["tables"]["deals"] == 80 and manifest["tables"]["imports"] == 2
    assert manifest["tables"]["deal_versions"] == 20
    assert manifest["tables"]["schema_version"] == len(MIGRATIONS)
    every_table = {name for (name,) in source.rows(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()")}
    assert set(manifest["tables"]) == every_table
    assert manifest["tables"] == read_database_file(result.path / "smart.duckdb").tables == result.tables
    originals = sorted(p.name for p in (source.path.parent / "uploads").iterdir())
    assert len(originals) == 2
    assert manifest["uploads"] == {"folder": "uploads", "files": 2,
                                   "bytes": sum((source.path.parent / "uploads" / n).stat().st_size
                                                for n in originals)}
    assert sorted(p.name for p in (result.path / "uploads").iterdir()) == originals
    assert manifest["source"] == {"database": str(source.path),
                                  "uploads": str((source.path.parent / "uploads").resolve())}
    assert read_manifest(result.path).tables == result.tables


def test_backups_go_beside_the_database_by_default(source: Store) -> None:
    result = backup_database(source, now=at(MOMENT))
    assert result.path == source.path.parent / "backups" / "smart-20261127-023000"


def test_originals_are_hard_linked_and_copied_when_links_are_refused(source: Store, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    uploads = source.path.parent / "uploads"
    linked = backup_database(source, tmp_path / "backups", now=at(MOMENT))
    for original in uploads.iterdir():
        assert (linked.path / "uploads" / original.name).stat().st_ino == original.stat().st_ino

    def refuse(*args: object) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(backup_files.os, "link", refuse)
    copied = backup_database(source, tmp_path / "elsewhere", now=at(MOMENT))
    for original in uploads.iterdir():
        kept = copied.path / "uploads" / original.name
        assert kept.stat().st_ino != original.stat().st_ino
        assert kept.read_bytes() == original.read_bytes()
    assert not list((copied.path / "uploads").glob(".*"))


def test_two_backups_in_the_same_second_get_two_names(source: Store, tmp_path: Path) -> None:
    first = backup_database(source, tmp_path / "backups", now=at(MOMENT))
    second = backup_database(source, tmp_path / "backups", now=at(MOMENT))
    assert (first.path.name, second.path.name) == ("smart-20261127-023000", "smart-20261127-023000-2")
    assert complete_backups(tmp_path / "backups") == [first.path, second.path]


def test_keep_removes_the_oldest_complete_backups_and_nothing_else(source: Store, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    (folder / "notes").mkdir()
    unfinished = folder / "smart-20200101-000000"  # no manifest: not a complete backup
    unfinished.mkdir()
    fresh_partial = folder / ".smart-20261127-010000.partial"
    fresh_partial.mkdir()
    stale_partial = folder / ".smart-20261120-010000.partial"
    stale_partial.mkdir()
    two_days_ago = (MOMENT - dt.timedelta(days=2)).timestamp()
    os.utime(stale_partial, (two_days_ago, two_days_ago))
    days = [backup_database(source, folder, keep=3, now=at(MOMENT + dt.timedelta(days=d))) for d in range(3)]
    assert [r.removed for r in days] == [[], [], []]
    fourth = backup_database(source, folder, keep=2, now=at(MOMENT + dt.timedelta(days=3)))
    assert fourth.removed == [days[0].path, days[1].path]
    assert complete_backups(folder) == [days[2].path, fourth.path]
    assert sorted(p.name for p in folder.iterdir()) == sorted([
        "notes", unfinished.name, fresh_partial.name, days[2].path.name, fourth.path.name])
    assert prune_backups(folder, 1) == [days[2].path]


def test_a_failed_backup_leaves_no_backup_that_looks_whole(source: Store, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "backups"
    earlier = backup_database(source, folder, keep=1, now=at(MOMENT))

    def full_disk(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(take, "place_originals", full_disk)
    with pytest.raises(BackupError) as raised:
        backup_database(source, folder, keep=1, now=at(MOMENT + dt.timedelta(days=1)))
    assert raised.value.kind == "disk_full"
    assert f"the disk holding {folder} is full" in str(raised.value)
    assert "SMART_BACKUP_DIR" in str(raised.value) and "[[Errno 28] No space left on device]" in str(raised.value)
    assert sorted(folder.iterdir()) == [earlier.path]  # nothing half-written, and the one backup kept
    assert count(source, "deals") == 80


def test_a_backup_onto_a_full_disk_says_so_and_the_app_goes_on(demo_db_file: Path, tmp_path: Path) -> None:
    """A real full disk: the copy fails when DuckDB writes it; the database being copied keeps serving."""
    shutil.copy(demo_db_file, tmp_path / "demo.duckdb")
    store = Store(tmp_path / "demo.duckdb")
    with small_disk(tmp_path / "disk", 8) as disk:
        fill_up(disk, leave=1_000_000)
        with pytest.raises(BackupError) as raised:
            backup_database(store, disk / "backups", now=at(MOMENT))
        assert raised.value.kind == "disk_full" and "No space left on device" in raised.value.detail
        assert [p.name for p in (disk / "backups").iterdir()] == []
    assert not store.broken
    with store.transaction() as tx:
        tx.execute("INSERT INTO reps (owner) VALUES ('after@example.com')")
    assert count(store, "reps WHERE owner = 'after@example.com'") == 1
    store.close()


def test_an_in_memory_database_needs_a_folder(tmp_path: Path) -> None:
    store = Store(":memory:")
    with pytest.raises(BackupError, match="--to DIR or SMART_BACKUP_DIR"):
        backup_database(store)
    assert backup_database(store, tmp_path / "b", now=at(MOMENT)).tables["deals"] == 0
    store.close()


def test_the_command_prints_one_line_per_backup_and_the_json_contract(
        source: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    database = source.path
    source.close()
    folder = tmp_path / "out"
    assert main(["backup", "--db", str(database), "--to", str(folder)]) == 0
    line = capsys.readouterr().out
    made = complete_backups(folder)
    assert len(made) == 1 and line.count("\n") == 1
    assert line.startswith(f"{made[0]}  ") and " MB  deals 80, " in line and "imports 2;" in line
    assert line.rstrip().endswith(f"2 uploaded files; schema {LATEST_VERSION}")

    monkeypatch.setenv("SMART_BACKUP_KEEP", "1")
    assert main(["backup", "--db", str(database), "--to", str(folder), "--format", "json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert list(printed) == ["path", "size_bytes", "tables", "schema_version", "created_at", "removed"]
    assert printed["removed"] == [str(made[0])]
    assert printed["path"] == str(complete_backups(folder)[0])
    assert printed["tables"]["deals"] == 80 and printed["schema_version"] == LATEST_VERSION
    size = sum(p.stat().st_size for p in Path(printed["path"]).rglob("*") if p.is_file())
    assert printed["size_bytes"] == size


def test_the_default_folder_comes_from_the_environment(source: Store, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    database = source.path
    source.close()
    monkeypatch.setenv("SMART_BACKUP_DIR", str(tmp_path / "from-env"))
    monkeypatch.setenv("SMART_DB", str(database))
    assert main(["backup"]) == 0
    assert len(complete_backups(tmp_path / "from-env")) == 1


@pytest.mark.parametrize(("arguments", "environment", "says"), [
    (["--keep", "0"], {}, "--keep='0' is not a number of backups to keep"),
    (["--keep", "two"], {}, "--keep='two' is not a number of backups to keep"),
    ([], {"SMART_BACKUP_KEEP": "-3"}, "SMART_BACKUP_KEEP='-3' is not a number of backups to keep"),
    (["--db", "{tmp}/none.duckdb"], {}, "there is no database at {tmp}/none.duckdb"),
    (["--to", "{tmp}/a-file"], {}, "{tmp}/a-file is a file, not a folder"),
])
def test_bad_input_is_one_line_and_exit_2(source: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch, arguments: list[str],
                                          environment: dict[str, str], says: str) -> None:
    database = source.path
    source.close()
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    arguments = [a.replace("{tmp}", str(tmp_path)) for a in arguments]
    if "--db" not in arguments:
        arguments = ["--db", str(database), *arguments]
    assert main(["backup", *arguments]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1
    assert says.replace("{tmp}", str(tmp_path)) in captured.err
    assert not (database.parent / "backups").exists()


def test_a_database_held_by_a_running_app_is_refused_with_who_holds_it(
        source: Store, capsys: pytest.CaptureFixture[str]) -> None:
    database = source.path
    source.close()
    with held_by_another_process(database) as pid:
        assert main(["backup", "--db", str(database)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"PID {pid}" in err and "SMART_BACKUP_AT" in err


def test_an_older_database_is_backed_up_at_its_own_schema_version(tmp_path: Path) -> None:
    store = Store(tmp_path / "old.duckdb", MIGRATIONS[:-1])
    result = backup_database(store, tmp_path / "backups", now=at(MOMENT))
    store.close()
    assert result.schema_version == MIGRATIONS[-2].version == read_manifest(result.path).schema_version
