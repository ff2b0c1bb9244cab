"""Idempotence, weekly updates with snapshots, undo, and a kill in the middle of an import."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from smart.ingest import UndoError, import_file, list_imports, run, undo_import
from smart.ingest.uploads import sweep_stale
from smart.storage import Store, row_hash_sql
from tests.conftest import REPO_ROOT

HEADER = "Deal ID,Deal Name,Deal Stage,Amount,Create Date,Close Date,Deal Owner\n"
WEEK1 = HEADER + ("D1,One,Appointment Scheduled,100,2025-01-01,2025-03-01,ann@x.com\n"
                  "D2,Two,Contract Sent,200,2025-01-02,2025-03-02,bob@x.com\n")
WEEK2 = HEADER + ("D1,One,Qualified to Buy,100,2025-01-01,2025-04-01,ann@x.com\n"
                  "D2,Two,Closed Won,250,2025-01-02,2025-03-02,bob@x.com\n"
                  "D3,Three,Appointment Scheduled,300,2025-01-03,2025-05-01,ann@x.com\n")


_VOLATILE = {"deals": " EXCLUDE (updated_at)", "leads": " EXCLUDE (updated_at)", "objectives": " EXCLUDE (created_at)"}


def _state(store: Store) -> str:
    """A hash of every record table (timestamps of writes aside; the stage map is settings, kept on undo)."""
    parts = [repr(store.rows(f"SELECT *{_VOLATILE.get(t, '')} FROM {t} ORDER BY ALL"))
             for t in ("deals", "deal_history", "leads", "kpi_history", "objectives", "reps")]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def test_reimport_is_unchanged_and_writes_only_the_log(store, write) -> None:
    path = write("deals_2025-01-06.csv", WEEK1)
    first = import_file(store, path)
    assert (first.inserted, first.updated, first.unchanged) == (2, 0, 0)
    before = _state(store)
    again = import_file(store, path)
    assert (again.inserted, again.updated, again.unchanged, again.rejected) == (0, 0, 2, 0)
    assert _state(store) == before
    assert store.scalar("SELECT count(*) FROM imports") == 2
    assert store.scalar(f"SELECT count(*) FROM deals WHERE row_hash = {row_hash_sql('deals')}") == 2
    # A stored hash that no longer matches (a DuckDB upgrade may change hash()) only costs a field-by-field look.
    with store.transaction() as tx:
        tx.execute("UPDATE deals SET row_hash = 0")
    stale = _state(store)
    assert import_file(store, path).unchanged == 2 and _state(store) == stale
    assert store.scalar("SELECT count(*) FROM deal_history") == 2
    stored = Path(store.scalar("SELECT stored_path FROM imports WHERE id = ?", [first.import_id]))
    assert stored.is_file() and stored.name.startswith(first.sha256[:16])
    assert stored.parent == store.path.parent / "uploads"


def test_reimport_tells_apart_records_with_the_same_fields(store, write) -> None:
    same = "One,Appointment Scheduled,100,2025-01-01,2025-03-01,ann@x.com\n"
    import_file(store, write("w1.csv", HEADER + "D1," + same + "D2," + same))
    won = "D2,One,Closed Won,100,2025-01-01,2025-03-01,ann@x.com\n"
    week2 = import_file(store, write("w2.csv", HEADER + "D1," + same + won + "D3," + same))
    assert (week2.inserted, week2.updated, week2.unchanged) == (1, 1, 1)
    assert store.rows("SELECT crm_id, status, import_id FROM deals ORDER BY crm_id") == [
        ("D1", "open", 1), ("D2", "won", 2), ("D3", "open", 2)]
    assert [row["change"] for row in week2.sample] == ["same", "changed", "new"]


def test_a_preview_keeps_its_writes_in_memory_an_import_writes_them_once(store, write, monkeypatch) -> None:
    """An import leaves DuckDB's optimistic writes on (its rows go straight into the file, not to the journal and
    then the file); a preview, rolled back, keeps them in memory up to the size limit; the connection keeps its
    default throughout."""
    setting = "SELECT current_setting('enable_optimistic_write')"
    seen, execute = [], run._execute

    def execute_and_look(tx, *args) -> None:
        seen.append(tx.execute(setting).fetchall()[0][0])
        execute(tx, *args)

    monkeypatch.setattr(run, "_execute", execute_and_look)
    assert import_file(store, write("deals.csv", WEEK1), dry_run=True).inserted == 2
    import_file(store, write("deals.csv", WEEK1))
    assert seen == [False, True]
    assert store.scalar(setting) is True and store.cursor().execute(setting).fetchall()[0][0] is True
    monkeypatch.setattr(run, "_APPENDS_IN_MEMORY_BYTES", 10)
    assert import_file(store, write("deals2.csv", WEEK2), dry_run=True).inserted == 1 and seen == [False, True, True]
    assert store.scalar("SELECT count(*) FROM deals") == 2


def test_weekly_exports_build_snapshots_and_undo_restores(store, write) -> None:
    w1 = import_file(store, write("deals_2025-01-06.csv", WEEK1))
    after_w1 = _state(store)
    w2 = import_file(store, write("deals_2025-01-13.csv", WEEK2))
    assert (w2.inserted, w2.updated, w2.unchanged) == (1, 2, 0)
    # No index enforces the key (schema version 4): the importer's classification keeps it unique.
    assert store.rows("SELECT count(*), count(DISTINCT (source, crm_id)) FROM deals") == [(3, 3)]
    history = store.rows("SELECT observed_on, stage, close_on FROM deal_history WHERE crm_id = 'D1' ORDER BY 1")
    assert [(str(h[0]), h[1], str(h[2])) for h in history] == [
        ("2025-01-06", "Appointment Scheduled", "2025-03-01"), ("2025-01-13", "Qualified to Buy", "2025-04-01")]
    assert store.scalar("SELECT status FROM deals WHERE crm_id = 'D2'") == "won"
    with pytest.raises(UndoError, match=f"#{w2.import_id}"):
        undo_import(store, w1.import_id)
    undo_import(store, w2.import_id)
    assert _state(store) == after_w1
    assert store.scalar("SELECT undone_at IS NOT NULL FROM imports WHERE id = ?", [w2.import_id])
    with pytest.raises(UndoError, match="already undone"):
        undo_import(store, w2.import_id)
    undo_import(store, w1.import_id)
    assert store.scalar("SELECT count(*) FROM deals") == 0
    assert store.scalar("SELECT count(*) FROM deal_history") == 0
    assert store.scalar("SELECT count(*) FROM reps") == 0
    log = list_imports(store)
    assert len(log) == 2 and log["undone_at"].notna().all()


def test_undo_of_leads_kpi_and_objectives(store, write) -> None:
    head = "ID lead;Contact;Statut;Date de création\n"
    leads = import_file(store, write("leads.csv", head + "L1;Ann;Nouveau;2025-01-01\n"))
    changed = import_file(store, write("leads2.csv", head + "L1;Ann;Qualifié;2025-01-01\n"))
    assert changed.updated == 1
    undo_import(store, changed.import_id)
    assert store.scalar("SELECT status FROM leads") == "Nouveau"
    undo_import(store, leads.import_id)
    kpi = import_file(store, write("kpi.csv", "Date;Indicateur;Valeur\n2025-01-01;csat;4,2\n"))
    kpi2 = import_file(store, write("kpi2.csv", "Date;Indicateur;Valeur\n2025-01-01;csat;4,5\n"))
    assert kpi2.updated == 1
    undo_import(store, kpi2.import_id)
    assert store.scalar("SELECT value FROM kpi_history") == 4.2
    undo_import(store, kpi.import_id)
    assert store.scalar("SELECT count(*) FROM kpi_history") == 0


def test_cli_undo(tmp_path, write) -> None:
    db = tmp_path / "u.duckdb"
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    path = write("deals.csv", WEEK1)
    run = [sys.executable, "-m", "smart", "import"]
    def call(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([*run, *args, "--db", str(db)], env=env, cwd=REPO_ROOT, capture_output=True, text=True)

    assert call(str(path)).returncode == 0
    done = call("--undo", "1")
    assert done.returncode == 0 and "undone" in done.stdout
    again = call("--undo", "1")
    assert again.returncode == 2 and "already undone" in again.stderr


def test_killed_import_leaves_the_database_unchanged(tmp_path) -> None:
    db = tmp_path / "kill.duckdb"
    store = Store(db)
    small = tmp_path / "small.csv"
    small.write_text(WEEK1)
    import_file(store, small)
    before = _state(store)
    imports_before = store.scalar("SELECT count(*) FROM imports")
    store.close()
    big = tmp_path / "big.csv"
    with big.open("w") as out:
        out.write(HEADER)
        for start in range(0, 600_000, 100_000):
            out.write("".join(f"B{i},Deal {i},Contract Sent,{i}.5,2025-01-01,2025-06-01,ann@x.com\n"
                              for i in range(start, start + 100_000)))
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "TMPDIR": str(tmp_path)}
    marker = tmp_path / "started"
    code = ("import sys, pathlib; from smart.storage import Store; from smart.ingest import import_file\n"
            f"s = Store({str(db)!r})\n"
            f"def progress(stage, f):\n    pathlib.Path({str(marker)!r}).write_text(stage)\n"
            f"import_file(s, {str(big)!r}, progress=progress)\n")
    child = subprocess.Popen([sys.executable, "-c", code], env=env, cwd=REPO_ROOT)
    deadline = time.time() + 60
    while time.time() < deadline and not (marker.exists() and marker.read_text() in ("checking", "writing")):
        time.sleep(0.01)
    time.sleep(0.3)
    child.send_signal(signal.SIGKILL)
    assert child.wait(timeout=30) == -signal.SIGKILL, "the import finished before it could be killed"
    store = Store(db)
    assert store.scalar("SELECT count(*) FROM imports") == imports_before
    assert _state(store) == before
    assert store.scalar("SELECT count(*) FROM deals") == 2
    store.close()
    left = sorted(tmp_path.glob("smart-import-*"))  # the killed import could not remove its work folder
    assert len(left) == 1 and sweep_stale(tmp_path) == []
    assert sweep_stale(tmp_path, now=time.time() + 2 * 24 * 3600) == left and not left[0].exists()


def test_as_of_date_names_the_snapshot(store, write) -> None:
    import_file(store, write("export.csv", WEEK1), observed_on=dt.date(2025, 2, 3))
    assert str(store.scalar("SELECT DISTINCT observed_on FROM deal_history")) == "2025-02-03"
