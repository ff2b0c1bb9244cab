"""``restore_backup`` and ``python -m smart restore``: a backup checked whole before anything is replaced, the
database that was there kept aside, the uploads put back, an older schema migrated, a running app refused."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest

from smart.analytics import kpi_value
from smart.analytics.filters import Filters
from smart.backup import BackupError, BackupResult, backup_database, restore_backup
from smart.cli import main
from smart.storage import LATEST_VERSION, MIGRATIONS, StorageError, Store
from tests.conftest import DEMO_TODAY
from tests.faults import garbage_file, held_by_another_process

MOMENT = dt.datetime(2026, 11, 27, 2, 30, 0)
LATER = dt.datetime(2026, 11, 28, 9, 15, 42)
YEAR = Filters(dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def read_counts(store: Store) -> dict[str, int]:
    tables = store.rows("SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
                        "ORDER BY table_name")
    return {name: store.scalar(f'SELECT count(*) FROM "{name}"') for (name,) in tables}


def figures(store: Store) -> dict[str, object]:
    """Every table's rows and three KPIs over the year, as one comparable value."""
    kpis = {kpi: kpi_value(store, kpi, YEAR, today=DEMO_TODAY).value for kpi in ("revenue", "deals_won", "win_rate")}
    return {"tables": read_counts(store), "kpis": kpis}


def crashed_database(path: Path, owner: str) -> None:
    """A database at ``path`` whose last change (a rep ``owner``) sits in its journal, as a crash leaves it."""
    live = path.with_name("running.duckdb")
    store = Store(live)
    with store.transaction() as tx:
        tx.execute("INSERT INTO reps (owner, team) VALUES (?, 'West')", [owner])
    shutil.copyfile(live, path)
    shutil.copyfile(f"{live}.wal", f"{path}.wal")
    store.close()


@pytest.fixture
def backup(source: Store, tmp_path: Path) -> BackupResult:
    return backup_database(source, tmp_path / "backups", now=lambda: MOMENT)


def test_a_restore_gives_back_every_row_every_figure_and_the_uploads(source: Store, backup: BackupResult,
                                                                     tmp_path: Path) -> None:
    expected = figures(source)
    assert expected["tables"]["deals"] == 80 and expected["kpis"]["deals_won"] > 0
    target = tmp_path / "elsewhere" / "restored.duckdb"
    result = restore_backup(backup.path, target)
    assert (result.database, result.replaced, result.migrated_to) == (target, None, LATEST_VERSION)
    restored = Store(target)
    assert figures(restored) == expected
    assert read_counts(restored) == result.tables == backup.tables
    kept = restored.rows("SELECT stored_path FROM imports ORDER BY id")
    restored.close()
    assert len(kept) == 2 and result.uploads.files == 2
    for (stored,) in kept:
        assert Path(stored).parent == (tmp_path / "elsewhere" / "uploads").resolve()
        assert Path(stored).read_bytes() == (source.path.parent / "uploads" / Path(stored).name).read_bytes()


def test_a_database_holding_data_is_replaced_only_with_force_and_kept_aside_with_its_journal(
        source: Store, backup: BackupResult, tmp_path: Path) -> None:
    target = tmp_path / "live.duckdb"
    crashed_database(target, "only-here@example.com")
    before = (target.read_bytes(), Path(f"{target}.wal").read_bytes())
    with pytest.raises(BackupError) as raised:
        restore_backup(backup.path, target, now=LATER)
    assert raised.value.kind == "exists"
    assert str(raised.value) == (f"{target} already holds data (reps 1): restore into another file (--db), or add "
                                 "--force to replace it (the database there is then kept beside it, as "
                                 "live-replaced-20261128-091542.duckdb).")
    assert (target.read_bytes(), Path(f"{target}.wal").read_bytes()) == before
    assert sorted(p.name for p in tmp_path.glob(".live*")) == []

    result = restore_backup(backup.path, target, force=True, now=LATER)
    aside = tmp_path / "live-replaced-20261128-091542.duckdb"
    assert result.replaced == aside and not Path(f"{target}.wal").exists()
    assert (aside.read_bytes(), Path(f"{aside}.wal").read_bytes()) == before
    kept = Store(aside)
    assert kept.rows("SELECT owner FROM reps") == [("only-here@example.com",)]
    kept.close()
    restored = Store(target)
    assert read_counts(restored) == backup.tables
    restored.close()


def test_the_command_refuses_then_forces_and_says_what_it_did(
        source: Store, backup: BackupResult, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "live.duckdb"
    crashed_database(target, "only-here@example.com")
    assert main(["restore", str(backup.path), "--db", str(target)]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1 and "add --force" in captured.err
    assert main(["restore", str(backup.path / "manifest.json"), "--db", str(target), "--force"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (f"Restored {backup.path} into {target}: deals 80, leads 0, kpi_history 0, objectives 0, "
                        f"actions 0, review_notes 0, imports 2; schema {LATEST_VERSION}.")
    assert lines[1] == f"Uploaded files: 2 put back into {tmp_path / 'uploads'}."
    aside = re.fullmatch(rf"The database that was at {re.escape(str(target))} is kept as (.+)\.", lines[2])
    assert aside is not None and re.fullmatch(r"live-replaced-\d{8}-\d{6}\.duckdb", Path(aside.group(1)).name)
    assert Path(aside.group(1)).is_file() and len(lines) == 3


def test_an_empty_database_is_replaced_without_force(backup: BackupResult, tmp_path: Path) -> None:
    target = tmp_path / "empty.duckdb"
    Store(target).close()
    result = restore_backup(backup.path, target, now=LATER)
    assert result.replaced == tmp_path / "empty-replaced-20261128-091542.duckdb"
    restored = Store(target)
    assert restored.scalar("SELECT count(*) FROM deals") == 80
    restored.close()


def test_a_database_in_use_by_a_running_app_is_refused(backup: BackupResult, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "served.duckdb"
    Store(target).close()
    before = target.read_bytes()
    with held_by_another_process(target) as pid:
        with pytest.raises(StorageError) as raised:
            restore_backup(backup.path, target, force=True)
        assert raised.value.kind == "locked" and f"PID {pid}" in str(raised.value)
        assert main(["restore", str(backup.path), "--db", str(target), "--force"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"PID {pid}" in err
    assert target.read_bytes() == before and [p.name for p in tmp_path.glob("served*")] == ["served.duckdb"]


def damage_a_count(folder: Path) -> None:
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["tables"]["deals"] += 1
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def newer_schema(folder: Path) -> None:
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["schema_version"] = LATEST_VERSION + 1
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def lose_an_upload(folder: Path) -> None:
    next((folder / "uploads").iterdir()).unlink()


@pytest.mark.parametrize(("damage", "kind", "says"), [
    (damage_a_count, "damaged", "does not hold what its manifest says (deals: 80 rows for 81)"),
    (lambda folder: garbage_file(folder / "smart.duckdb"), "damaged", "cannot be read: the backup is damaged"),
    (lambda folder: (folder / "smart.duckdb").unlink(), "damaged", "has no smart.duckdb"),
    (lambda folder: (folder / "manifest.json").unlink(), "not_a_backup", "is not a SMART Pilot backup"),
    (lambda folder: (folder / "manifest.json").write_text("{", encoding="utf-8"), "damaged", "cannot be read"),
    (newer_schema, "too_new", f"this one knows versions up to {LATEST_VERSION}. Update SMART Pilot"),
    (lose_an_upload, "damaged", "holds 1 uploaded files, its manifest lists 2"),
])
def test_a_backup_that_is_not_whole_is_refused_before_anything_changes(
        backup: BackupResult, tmp_path: Path, damage, kind: str, says: str) -> None:
    target = tmp_path / "live.duckdb"
    crashed_database(target, "only-here@example.com")
    before = (target.read_bytes(), Path(f"{target}.wal").read_bytes())
    damage(backup.path)
    with pytest.raises(BackupError) as raised:
        restore_backup(backup.path, target, force=True)
    assert raised.value.kind == kind and says in str(raised.value)
    assert (target.read_bytes(), Path(f"{target}.wal").read_bytes()) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(("live", ".live"))) == [
        "live.duckdb", "live.duckdb.wal"]


def test_a_path_that_is_no_backup_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["restore", str(tmp_path / "nowhere"), "--db", str(tmp_path / "t.duckdb")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"{tmp_path / 'nowhere'} does not exist" in err
    assert not (tmp_path / "t.duckdb").exists()


def test_a_backup_of_an_older_version_is_migrated_when_restored(tmp_path: Path) -> None:
    old = Store(tmp_path / "old" / "smart.duckdb", MIGRATIONS[:-1])
    made = backup_database(old, tmp_path / "backups", now=lambda: MOMENT)
    old.close()
    result = restore_backup(made.path, tmp_path / "new.duckdb")
    assert (result.schema_version, result.migrated_to) == (MIGRATIONS[-2].version, LATEST_VERSION)
    restored = Store(tmp_path / "new.duckdb")
    assert restored.version == LATEST_VERSION
    restored.close()


def test_a_file_that_is_no_database_is_kept_aside_too(backup: BackupResult, tmp_path: Path) -> None:
    target = tmp_path / "smart.duckdb"
    garbage_file(target)
    before = target.read_bytes()
    with pytest.raises(BackupError, match=r"already holds data \(a file that cannot be read as a SMART Pilot "
                                          r"database\): restore into another file"):
        restore_backup(backup.path, target, now=LATER)
    assert target.read_bytes() == before
    result = restore_backup(backup.path, target, force=True, now=LATER)
    assert result.replaced == tmp_path / "smart-replaced-20261128-091542.duckdb"
    assert result.replaced.read_bytes() == before
