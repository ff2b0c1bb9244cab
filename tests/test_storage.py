"""Storage: migrations, refusing newer files, transactions that roll back, and data that survives a reopen."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from smart.paths import database_path
from smart.storage import LATEST_VERSION, MIGRATIONS, Migration, StorageError, Store, row_hash_sql, schema_version

EXTRA = Migration(LATEST_VERSION + 1, "test: a column added later", ("ALTER TABLE reps ADD COLUMN region VARCHAR",))


def test_new_file_gets_every_migration_recorded(tmp_path: Path) -> None:
    store = Store(tmp_path / "new.duckdb")
    versions = store.rows("SELECT version FROM schema_version ORDER BY version")
    assert [v for (v,) in versions] == [m.version for m in MIGRATIONS]
    tables = {name for (name,) in store.rows("SELECT table_name FROM information_schema.tables")}
    assert {"deals", "deal_snapshots", "leads", "kpi_history", "objectives", "objective_revisions", "actions",
            "review_notes", "imports", "import_rejects"} <= tables


def test_older_file_is_migrated_and_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    old = Store(path)
    with old.transaction() as tx:
        tx.execute("INSERT INTO reps VALUES ('Ana', 'Ana', 'North')")
    old.close()

    upgraded = Store(path, (*MIGRATIONS, EXTRA))
    assert upgraded.version == LATEST_VERSION + 1
    assert upgraded.rows("SELECT owner, team, region FROM reps") == [("Ana", "North", None)]


def test_newer_file_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "future.duckdb"
    Store(path, (*MIGRATIONS, EXTRA)).close()
    with pytest.raises(StorageError, match=rf"schema version {LATEST_VERSION + 1}.*up to {LATEST_VERSION}"):
        Store(path)


def test_failed_migration_leaves_the_previous_version(tmp_path: Path) -> None:
    path = tmp_path / "broken.duckdb"
    Store(path).close()
    broken = Migration(LATEST_VERSION + 1, "broken", ("ALTER TABLE reps ADD COLUMN x INT", "SELECT * FROM nowhere"))
    with pytest.raises(duckdb.CatalogException):
        Store(path, (*MIGRATIONS, broken))
    conn = duckdb.connect(str(path))
    assert schema_version(conn) == LATEST_VERSION
    assert "x" not in {row[0] for row in conn.execute("DESCRIBE reps").fetchall()}
    conn.close()


def test_a_failed_transaction_rolls_back_every_statement(tmp_path: Path) -> None:
    store = Store(tmp_path / "tx.duckdb")
    with pytest.raises(duckdb.ConstraintException):
        with store.transaction() as tx:
            tx.execute("INSERT INTO reps VALUES ('Ana', 'Ana', 'North')")
            tx.execute("INSERT INTO reps VALUES ('Ana', 'Ana again', 'South')")
    assert store.scalar("SELECT count(*) FROM reps") == 0


def test_committed_rows_survive_reopening_the_file(tmp_path: Path) -> None:
    path = tmp_path / "reopen.duckdb"
    store = Store(path)
    with store.transaction() as tx:
        tx.execute("INSERT INTO reps VALUES ('Ana', 'Ana', 'North'), ('Ben', 'Ben', 'South')")
    store.close()
    reopened = Store(path)
    assert reopened.rows("SELECT owner, team FROM reps ORDER BY owner") == [("Ana", "North"), ("Ben", "South")]


def test_each_thread_gets_its_own_cursor(tmp_path: Path) -> None:
    import threading

    store = Store(tmp_path / "threads.duckdb")
    cursors: list[object] = []
    thread = threading.Thread(target=lambda: cursors.append(store.cursor()))
    thread.start()
    thread.join()
    assert cursors[0] is not store.cursor()
    assert store.cursor() is store.cursor()


def test_database_path_prefers_the_flag_then_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMART_DB", "/tmp/from-env.duckdb")
    assert database_path("/tmp/flag.duckdb") == Path("/tmp/flag.duckdb")
    assert database_path() == Path("/tmp/from-env.duckdb")
    monkeypatch.delenv("SMART_DB")
    assert database_path().name == "smart.duckdb" and database_path().parent.name == "data"


def test_migration_5_derives_deal_history_and_keeps_every_observed_state(tmp_path: Path) -> None:
    """A version-4 file holds the snapshot copies the importer used to write (plus one row from elsewhere):
    after migration 5, deal_history shows exactly the same states, and only the copies it derives are gone."""
    path = tmp_path / "v4.duckdb"
    old = Store(path, MIGRATIONS[:4])
    with old.transaction() as tx:
        tx.execute("""INSERT INTO imports (id, file_name, sha256, kind, profile, source, started_at) VALUES
            (1, 'w1.csv', 'a', 'deals', 'hubspot', 'hubspot', TIMESTAMP '2025-01-07 09:00'),
            (2, 'w2.csv', 'b', 'deals', 'hubspot', 'hubspot', TIMESTAMP '2025-01-14 09:00')""")
        # D1 was new in import 1 and changed in import 2; D2 was new in import 1 and unchanged since.
        tx.execute("""INSERT INTO deals (source, crm_id, stage, status, amount, close_on, import_id) VALUES
            ('hubspot', 'D1', 'Proposal', 'open', 2000, DATE '2025-04-01', 2),
            ('hubspot', 'D2', 'Won', 'won', 500, DATE '2025-01-02', 1)""")
        tx.execute("""INSERT INTO deal_versions (import_id, op, source, crm_id, stage, status, amount, close_on,
            prev_import_id) VALUES (2, 'update', 'hubspot', 'D1', 'Discovery', 'open', 1000, DATE '2025-03-01', 1)""")
        tx.execute("""INSERT INTO deal_snapshots VALUES
            ('hubspot', 'D1', 1, DATE '2025-01-06', 'Discovery', 'open', 1000, DATE '2025-03-01'),
            ('hubspot', 'D2', 1, DATE '2025-01-06', 'Won', 'won', 500, DATE '2025-01-02'),
            ('hubspot', 'D1', 2, DATE '2025-01-13', 'Proposal', 'open', 2000, DATE '2025-04-01'),
            ('legacy', 'X9', 7, DATE '2024-12-01', 'Discovery', 'open', 10, NULL)""")
        before = tx.execute("SELECT * FROM deal_snapshots ORDER BY ALL").fetchall()
    old.close()
    store = Store(path)
    assert store.version == LATEST_VERSION
    assert store.rows("SELECT id, observed_on FROM imports ORDER BY id") == [
        (1, dt.date(2025, 1, 6)), (2, dt.date(2025, 1, 13))]
    assert store.rows("SELECT * FROM deal_history ORDER BY ALL") == before
    assert store.rows("SELECT source, crm_id FROM deal_snapshots") == [("legacy", "X9")]
    # Migrations 6 and 8: every record's row_hash filled in.
    assert store.scalar(f"SELECT count(*) FROM deals WHERE row_hash = {row_hash_sql('deals')}") == 2


def test_migration_8_hashes_each_record_with_its_key(tmp_path: Path) -> None:
    """Version-7 files hashed a record's fields only, so two deals with the same fields shared a hash: after
    migration 8 the hash covers the key too, and a re-import can tell records apart by hash alone."""
    path = tmp_path / "v7.duckdb"
    old = Store(path, MIGRATIONS[:7])
    with old.transaction() as tx:
        tx.execute("""INSERT INTO deals (source, crm_id, title, status, amount, row_hash) VALUES
            ('hubspot', 'D1', 'Same deal', 'open', 10, 42), ('hubspot', 'D2', 'Same deal', 'open', 10, 42)""")
        tx.execute("INSERT INTO leads (source, crm_id, name, row_hash) VALUES ('hubspot', 'L1', 'Ann', 42)")
    old.close()
    store = Store(path)
    assert store.version == LATEST_VERSION
    assert store.scalar("SELECT count(DISTINCT row_hash) FROM deals") == 2
    assert store.scalar(f"SELECT count(*) FROM deals WHERE row_hash = {row_hash_sql('deals')}") == 2
    assert store.scalar(f"SELECT count(*) FROM leads WHERE row_hash = {row_hash_sql('leads')}") == 1
    store.close()
