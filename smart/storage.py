"""The one gateway to DuckDB: the schema, its migrations, the process-wide connection and transactions.

DuckDB allows one writing process per file. Inside the process we keep one connection and hand every thread
its own cursor (DuckDB's way to share a database between threads); writes take a lock and run in one
transaction each, so a failure anywhere rolls the whole unit of work back.
"""

from __future__ import annotations

import errno
import logging
import math
import re
import threading
import uuid
import weakref
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from smart.i18n import Translator
from smart.paths import database_path

if TYPE_CHECKING:  # DuckDB's .df() imports pandas when a query asks for a frame, not at start-up
    import pandas as pd

logger = logging.getLogger(__name__)
# The app and the command line decide where records go; without a handler Python would print them on stderr,
# beside the command line's one-line message.
logger.addHandler(logging.NullHandler())

STORAGE_ERROR_KINDS = ("locked", "damaged", "too_new", "disk_full", "permission", "io")


class StorageError(RuntimeError):
    """The database cannot be used as it is, for a reason the user has to act on.

    ``kind`` is one of STORAGE_ERROR_KINDS. The i18n keys ``title_key``, ``what_key`` and ``todo_key``, filled
    with ``values``, say what happened and what to do; ``detail`` keeps the real error as DuckDB or the system
    worded it. ``str()`` is all of it in English on one line: what the command line prints.
    """

    def __init__(self, kind: str, path: str | Path, *, detail: str = "", what: str = "", todo: str = "",
                 **values: Any) -> None:
        self.kind = kind
        self.path = str(path)
        self.detail = detail
        self.title_key = f"storage.{kind}.title"
        self.what_key = what or f"storage.{kind}.what"
        self.todo_key = todo or f"storage.{kind}.todo"
        self.values = {"path": self.path, "folder": str(Path(path).parent), "file": self.path, **values}
        super().__init__(self.sentence(Translator("en")))

    def sentence(self, t: Translator) -> str:
        """What happened and what to do, then the real error in brackets, on one line."""
        text = f"{t(self.what_key, **self.values)} {t(self.todo_key, **self.values)}"
        return f"{text} [{' '.join(self.detail.split())}]" if self.detail else text


# What DuckDB 2.0 says, checked by experiment (tests/test_storage_failures.py plays each case). The order
# matters: a database invalidated by a failed checkpoint quotes the original error, a disk full one.
_KIND_PATTERNS = (
    ("disk_full", re.compile(r"No space left on device|File too large|Disk quota exceeded")),
    ("permission", re.compile(r"Permission denied|Operation not permitted|Read-only file system")),
    ("locked", re.compile(r"Could not set lock on file|Conflicting lock is held")),
    ("too_new", re.compile(r"newer version of DuckDB|storage version greater than")),
    ("damaged", re.compile(r"not a valid DuckDB database file|Corrupt database file|Corrupt WAL file"
                           r"|Could not read enough bytes from file")),
    ("io", re.compile(r"database has been invalidated")),
)
_ERRNO_KINDS = {errno.ENOSPC: "disk_full", errno.EFBIG: "disk_full", errno.EDQUOT: "disk_full",
                errno.EACCES: "permission", errno.EPERM: "permission", errno.EROFS: "permission"}
# Kinds that an error about some other file (a CSV being read, say) must not be taken for.
_KINDS_OF_THE_FILE = ("permission", "damaged")
_NAMED_FILE = re.compile(r'file "([^"]+)"')
_LOCK_HOLDER = re.compile(r"lock is held in (.+?) \(PID (\d+)\)")
_JOURNAL_REPLAY = "replaying WAL file"
_DAMAGED_JOURNAL = "Corrupt WAL file"
_COMMAND_LINE_CHARS = 120


def storage_failure(error: BaseException, path: str | Path, *, opening: bool = False) -> StorageError | None:
    """The StorageError that ``error``, raised by DuckDB or the system while using the database at ``path``,
    amounts to, logged with its traceback; None for an error that is not the database's (a bug, bad input).
    While ``opening`` the file, any DuckDB or system error is one (kind "io" when no other fits)."""
    if isinstance(error, StorageError):
        return error
    if not isinstance(error, duckdb.Error | OSError):
        return None
    text = str(error)
    named = error.filename if isinstance(error, OSError) else _named_file(text)
    kind = _kind_of(error, text)
    if kind in _KINDS_OF_THE_FILE and named and not _beside(str(named), path):
        kind = None
    if kind is None and not opening:
        return None
    failure = _describe(kind or "io", path, text, str(named) if named else None)
    logger.error("The database %s cannot be used (%s)", path, failure.kind, exc_info=error)
    return failure


def _kind_of(error: BaseException, text: str) -> str | None:
    if isinstance(error, OSError):
        return _ERRNO_KINDS.get(error.errno or 0)
    return next((kind for kind, pattern in _KIND_PATTERNS if pattern.search(text)), None)


def _named_file(text: str) -> str | None:
    match = _NAMED_FILE.search(text)
    return match.group(1) if match else None


def _beside(named: str, path: str | Path) -> bool:
    """Whether a file an error names is the database, one of its companions (.wal) or in its folder."""
    return Path(named).resolve().is_relative_to(Path(path).resolve().parent)


def _describe(kind: str, path: str | Path, text: str, named: str | None) -> StorageError:
    if kind == "locked":
        holder = _lock_holder(text)
        pid, command = holder or ("", "")
        return StorageError(kind, path, detail=text, what="" if holder else "storage.locked.unknown",
                            holder=f"PID {pid}, {command}" if holder else "", pid=pid, command=command)
    where = {"folder": str(Path(named).parent), "file": named} if named else {}
    journal = Path(f"{path}.wal")
    if kind == "disk_full" and _JOURNAL_REPLAY in text:
        size = journal.stat().st_size if journal.exists() else 0
        return StorageError(kind, path, detail=text, what="storage.disk_full.journal",
                            todo="storage.disk_full.journal_todo", wal=str(journal),
                            megabytes=max(1, math.ceil(size / 1e6)), **where)
    if kind == "damaged" and _DAMAGED_JOURNAL in text:
        return StorageError(kind, path, detail=text, what="storage.damaged.journal",
                            todo="storage.damaged.journal_todo", wal=str(journal), **where)
    return StorageError(kind, path, detail=text, **where)


def _lock_holder(text: str) -> tuple[str, str] | None:
    """The process DuckDB says holds the file: its PID and what it runs (``4242``, ``python -m smart import``)."""
    match = _LOCK_HOLDER.search(text)
    if match is None:
        return None
    program, pid = match.groups()
    return pid, _command_line(int(pid)) or program


def command_words(pid: int) -> list[str]:
    """A running process's command line, word by word, as Linux shows it; empty elsewhere, or once it has ended."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return []
    return [word.decode(errors="replace") for word in raw.split(b"\0") if word]


def _command_line(pid: int) -> str:
    """A running process's command line, its program without its folder, shortened to fit on a line."""
    words = command_words(pid)
    if not words:
        return ""
    text = " ".join([Path(words[0]).name, *words[1:]])
    return text if len(text) <= _COMMAND_LINE_CHARS else text[: _COMMAND_LINE_CHARS - 1] + "…"


def _invalidates(error: BaseException) -> bool:
    """Whether DuckDB stopped serving the database after ``error`` (until every connection to it is closed)."""
    return isinstance(error, duckdb.FatalException | duckdb.InternalException) or (
        isinstance(error, duckdb.Error) and "database has been invalidated" in str(error))


def _roll_back(cursor: duckdb.DuckDBPyConnection, error: BaseException) -> None:
    """ROLLBACK after ``error``. When the failure already ended the transaction (a COMMIT that could not write,
    a fatal error), ROLLBACK fails too: that is only logged, and the caller re-raises ``error``, the real cause."""
    try:
        cursor.execute("ROLLBACK")
    except duckdb.Error as rollback_error:
        logger.warning("ROLLBACK after %s failed too: %s", type(error).__name__, rollback_error)


@dataclass(frozen=True)
class Migration:
    """One step of the schema: its version number, what it does, and its statements, run in one transaction."""

    version: int
    description: str
    statements: tuple[str, ...]


# The fields of a CRM record an import compares with what is stored, with their column types.
DEAL_FIELDS: dict[str, str] = {
    "title": "VARCHAR", "account": "VARCHAR", "owner": "VARCHAR", "pipeline": "VARCHAR", "stage": "VARCHAR",
    "status": "VARCHAR", "amount": "DOUBLE", "currency": "VARCHAR", "created_on": "DATE", "close_on": "DATE",
    "lead_source": "VARCHAR", "deal_type": "VARCHAR", "won_reason": "VARCHAR", "lost_reason": "VARCHAR",
    "product": "VARCHAR",
}
LEAD_FIELDS: dict[str, str] = {
    "name": "VARCHAR", "company": "VARCHAR", "owner": "VARCHAR", "lead_source": "VARCHAR", "status": "VARCHAR",
    "created_on": "DATE", "qualified_on": "DATE", "converted_on": "DATE", "is_converted": "BOOLEAN",
    "lifecycle": "VARCHAR", "qualified_from_status": "BOOLEAN", "converted_from_status": "BOOLEAN",
}
RECORD_FIELDS = {"deals": DEAL_FIELDS, "leads": LEAD_FIELDS}
# The tables where each import keeps what it changed, to be undone (keyed by import_id).
IMPORT_BEFORE_IMAGES = ("deal_versions", "lead_versions", "kpi_versions", "rep_versions", "objective_versions",
                        "plan_versions", "exchange_rate_versions")


def row_hash_sql(table: str, alias: str = "", fields: dict[str, str] | None = None) -> str:
    """The ``row_hash`` of a deals or leads record: one 64-bit hash of its key and fields (each cast to its
    column's type, so a staged row and the stored one hash alike). An import looks for a row's hash among the
    stored ones (one integer column) instead of matching a million keys and reading every field; the rows whose
    hash is not found are matched on their key and compared field by field, so a hash that changed with a DuckDB
    version, or with a field added to RECORD_FIELDS, costs time, never a wrong answer. Equal hashes are trusted:
    a wrong "unchanged" needs two different records with the same 64-bit hash (for a million-row file against a
    million stored records, about one chance in 18 million)."""
    prefix = f"{alias}." if alias else ""
    fields = RECORD_FIELDS[table] if fields is None else fields
    typed = {"source": "VARCHAR", "crm_id": "VARCHAR", **fields}
    return "hash(" + ", ".join(f"CAST({prefix}{name} AS {kind})" for name, kind in typed.items()) + ")"


# The fields migration 8 hashed, frozen: a field added to RECORD_FIELDS later has no column yet when an older
# database passes it.
_FROZEN_HASHED_FIELDS = {
    "deals": {"title": "VARCHAR", "account": "VARCHAR", "owner": "VARCHAR", "pipeline": "VARCHAR",
              "stage": "VARCHAR", "status": "VARCHAR", "amount": "DOUBLE", "currency": "VARCHAR",
              "created_on": "DATE", "close_on": "DATE", "lead_source": "VARCHAR", "deal_type": "VARCHAR",
              "won_reason": "VARCHAR", "lost_reason": "VARCHAR"},
    "leads": {"name": "VARCHAR", "company": "VARCHAR", "owner": "VARCHAR", "lead_source": "VARCHAR",
              "status": "VARCHAR", "created_on": "DATE", "qualified_on": "DATE", "converted_on": "DATE",
              "is_converted": "BOOLEAN"},
}
# The fields migration 9 hashed (the deals' ``product`` added), frozen for the same reason.
_FROZEN_HASHED_FIELDS_9 = {"deals": {**_FROZEN_HASHED_FIELDS["deals"], "product": "VARCHAR"}}
# The lead fields migration 11 hashed (lifecycle and the status flags added), frozen likewise.
_FROZEN_LEAD_FIELDS_11 = {**_FROZEN_HASHED_FIELDS["leads"], "lifecycle": "VARCHAR",
                          "qualified_from_status": "BOOLEAN", "converted_from_status": "BOOLEAN"}

# A deal's state at each import that found it new or changed: its current record (as the import that last wrote
# it observed it), and every before-image a later import kept when it changed the deal (as the import that had
# written it observed it). Undo and demo removal need no extra step: they restore or delete those rows.
DERIVED_DEAL_HISTORY = """
    SELECT d.source, d.crm_id, d.import_id, i.observed_on, d.stage, d.status, d.amount, d.close_on
    FROM deals d JOIN imports i ON i.id = d.import_id
    UNION ALL
    SELECT v.source, v.crm_id, v.prev_import_id, i.observed_on, v.stage, v.status, v.amount, v.close_on
    FROM deal_versions v JOIN imports i ON i.id = v.prev_import_id
    WHERE v.op = 'update'"""

# A deal's state after each change a stage history file recorded (``deal_changes``): a change row gives what it
# changed (stage, amount or close date), the rest is carried forward from the deal's earlier changes, and a day
# keeps its last state (observed_on is a day). Only the changes of imported deals show: by id, or, for a change
# keyed by the opportunity's name (a report without ids), the deal of that source with that title when exactly one
# has it; the others show up once their deals are imported.
CHANGES_DEAL_HISTORY = """
    SELECT source, crm_id, import_id, observed_on, stage, status, amount, close_on FROM (
        WITH named AS (
            SELECT d.source, d.title, min(d.crm_id) AS crm_id
            FROM deals d SEMI JOIN (SELECT source, deal_name FROM deal_changes WHERE crm_id IS NULL) c
                ON c.source = d.source AND c.deal_name = d.title
            GROUP BY ALL HAVING count(*) = 1),
        linked AS (
            SELECT c.source, c.crm_id, c.import_id, c.line, c.changed_at, c.stage, c.amount, c.close_on
            FROM deal_changes c SEMI JOIN deals d ON d.source = c.source AND d.crm_id = c.crm_id
            UNION ALL
            SELECT c.source, n.crm_id, c.import_id, c.line, c.changed_at, c.stage, c.amount, c.close_on
            FROM deal_changes c JOIN named n ON c.crm_id IS NULL AND n.source = c.source AND n.title = c.deal_name),
        carried AS (
            SELECT source, crm_id, import_id, line, changed_at, CAST(changed_at AS DATE) AS observed_on,
                   last_value(stage IGNORE NULLS) OVER running AS stage,
                   last_value(amount IGNORE NULLS) OVER running AS amount,
                   last_value(close_on IGNORE NULLS) OVER running AS close_on
            FROM linked
            WINDOW running AS (PARTITION BY source, crm_id ORDER BY changed_at, import_id, line
                               ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)),
        outcomes AS (SELECT source, raw_stage, any_value(status) AS status FROM stage_map GROUP BY ALL)
        SELECT c.source, c.crm_id, c.import_id, c.observed_on, c.stage, coalesce(o.status, 'open') AS status,
               c.amount, c.close_on
        FROM carried c LEFT JOIN outcomes o ON o.source = c.source AND o.raw_stage = c.stage
        QUALIFY row_number() OVER (PARTITION BY c.source, c.crm_id, c.observed_on
                                   ORDER BY c.changed_at DESC, c.import_id DESC, c.line DESC) = 1)"""

# The deals whose history (``deal_history``) holds more than their current record: those an export saw before
# (a snapshot, a before-image) or a history file changed. ``deal_history`` gives every other deal one row, its current
# record, so no stage can have been left nor close date pushed: readers of stage moves semi-join this (about 100,000
# deals of 10 million on the scaling benchmark) before reading the history, instead of windowing every deal. A key
# of every part of the view but its current records: change it with the view (a test checks the two agree).
DEALS_WITH_PAST_STATES = f"""
    SELECT source, crm_id FROM deal_snapshots
    UNION SELECT source, crm_id FROM deal_versions WHERE op = 'update'
    UNION SELECT source, crm_id FROM ({CHANGES_DEAL_HISTORY})"""

MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "initial schema: deals, snapshots, leads, reps, KPI history, objectives, actions, reviews, imports",
        (
            "CREATE SEQUENCE import_id_seq START 1",
            "CREATE SEQUENCE objective_id_seq START 1",
            "CREATE SEQUENCE revision_id_seq START 1",
            "CREATE SEQUENCE action_id_seq START 1",
            "CREATE SEQUENCE review_note_id_seq START 1",
            """CREATE TABLE imports (
                id BIGINT PRIMARY KEY DEFAULT nextval('import_id_seq'),
                file_name VARCHAR NOT NULL,
                sha256 VARCHAR NOT NULL,
                kind VARCHAR NOT NULL,
                profile VARCHAR NOT NULL,
                source VARCHAR NOT NULL,
                encoding VARCHAR,
                delimiter VARCHAR,
                rows BIGINT NOT NULL DEFAULT 0,
                inserted BIGINT NOT NULL DEFAULT 0,
                updated BIGINT NOT NULL DEFAULT 0,
                unchanged BIGINT NOT NULL DEFAULT 0,
                rejected BIGINT NOT NULL DEFAULT 0,
                started_at TIMESTAMP NOT NULL,
                finished_at TIMESTAMP,
                stored_path VARCHAR,
                mapping JSON,
                is_demo BOOLEAN NOT NULL DEFAULT FALSE,
                undone_at TIMESTAMP
            )""",
            """CREATE TABLE import_rejects (
                import_id BIGINT NOT NULL,
                line BIGINT,
                column_name VARCHAR,
                value VARCHAR,
                reason VARCHAR NOT NULL
            )""",
            """CREATE TABLE reps (
                owner VARCHAR PRIMARY KEY,
                display_name VARCHAR,
                team VARCHAR
            )""",
            """CREATE TABLE deals (
                source VARCHAR NOT NULL,
                crm_id VARCHAR NOT NULL,
                title VARCHAR,
                account VARCHAR,
                owner VARCHAR,
                pipeline VARCHAR,
                stage VARCHAR,
                status VARCHAR NOT NULL CHECK (status IN ('open', 'won', 'lost')),
                amount DOUBLE,
                currency VARCHAR,
                created_on DATE,
                close_on DATE,
                lead_source VARCHAR,
                deal_type VARCHAR,
                won_reason VARCHAR,
                lost_reason VARCHAR,
                import_id BIGINT,
                updated_at TIMESTAMP,
                PRIMARY KEY (source, crm_id)
            )""",
            """CREATE TABLE deal_snapshots (
                source VARCHAR NOT NULL,
                crm_id VARCHAR NOT NULL,
                import_id BIGINT NOT NULL,
                observed_on DATE NOT NULL,
                stage VARCHAR,
                status VARCHAR NOT NULL,
                amount DOUBLE,
                close_on DATE,
                PRIMARY KEY (source, crm_id, import_id)
            )""",
            """CREATE TABLE leads (
                source VARCHAR NOT NULL,
                crm_id VARCHAR NOT NULL,
                name VARCHAR,
                company VARCHAR,
                owner VARCHAR,
                lead_source VARCHAR,
                status VARCHAR,
                created_on DATE,
                qualified_on DATE,
                converted_on DATE,
                is_converted BOOLEAN NOT NULL DEFAULT FALSE,
                import_id BIGINT,
                updated_at TIMESTAMP,
                PRIMARY KEY (source, crm_id)
            )""",
            """CREATE TABLE stage_map (
                source VARCHAR NOT NULL,
                pipeline VARCHAR NOT NULL DEFAULT '',
                raw_stage VARCHAR NOT NULL,
                status VARCHAR NOT NULL CHECK (status IN ('open', 'won', 'lost')),
                funnel_order INTEGER,
                probability DOUBLE,
                PRIMARY KEY (source, pipeline, raw_stage)
            )""",
            """CREATE TABLE kpi_history (
                kpi VARCHAR NOT NULL,
                period DATE NOT NULL,
                grain VARCHAR NOT NULL CHECK (grain IN ('day', 'week', 'month', 'quarter', 'year')),
                scope VARCHAR NOT NULL DEFAULT 'company',
                value DOUBLE,
                source VARCHAR NOT NULL,
                import_id BIGINT,
                PRIMARY KEY (kpi, period, grain, scope, source)
            )""",
            """CREATE TABLE objectives (
                id BIGINT PRIMARY KEY DEFAULT nextval('objective_id_seq'),
                title VARCHAR NOT NULL,
                kpi VARCHAR NOT NULL,
                scope_type VARCHAR NOT NULL DEFAULT 'company' CHECK (scope_type IN ('company', 'team', 'rep')),
                scope_value VARCHAR,
                direction VARCHAR NOT NULL
                    CHECK (direction IN ('increase', 'decrease', 'reach', 'stay_below', 'stay_above')),
                target_mode VARCHAR NOT NULL CHECK (target_mode IN ('absolute', 'relative_pct', 'points', 'delta')),
                target_input DOUBLE NOT NULL,
                statistic VARCHAR,
                grain VARCHAR NOT NULL DEFAULT 'month',
                start_on DATE NOT NULL,
                deadline DATE NOT NULL,
                owner VARCHAR,
                theme VARCHAR,
                parent_id BIGINT,
                checkpoint_grain VARCHAR NOT NULL DEFAULT 'month',
                source VARCHAR NOT NULL DEFAULT 'user',
                created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
                archived_at TIMESTAMP
            )""",
            """CREATE TABLE objective_revisions (
                id BIGINT PRIMARY KEY DEFAULT nextval('revision_id_seq'),
                objective_id BIGINT NOT NULL,
                revised_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
                field VARCHAR NOT NULL,
                old_value VARCHAR,
                new_value VARCHAR,
                reason VARCHAR NOT NULL
            )""",
            """CREATE TABLE actions (
                id BIGINT PRIMARY KEY DEFAULT nextval('action_id_seq'),
                objective_id BIGINT,
                title VARCHAR NOT NULL,
                owner VARCHAR,
                due_on DATE,
                status VARCHAR NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'done', 'dropped')),
                source VARCHAR NOT NULL DEFAULT 'user',
                created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
                closed_at TIMESTAMP
            )""",
            """CREATE TABLE review_notes (
                id BIGINT PRIMARY KEY DEFAULT nextval('review_note_id_seq'),
                review_on DATE NOT NULL,
                kind VARCHAR NOT NULL CHECK (kind IN ('note', 'decision')),
                body VARCHAR NOT NULL,
                objective_id BIGINT,
                figures JSON,
                created_at TIMESTAMP NOT NULL DEFAULT current_timestamp
            )""",
        ),
    ),
    Migration(
        2,
        "importer: saved column mappings by header signature, per-import before-images for undo",
        (
            """CREATE TABLE import_mappings (
                signature VARCHAR PRIMARY KEY,
                kind VARCHAR NOT NULL,
                profile VARCHAR NOT NULL,
                mapping JSON NOT NULL,
                options JSON,
                saved_at TIMESTAMP NOT NULL DEFAULT current_timestamp
            )""",
            # One row per record an import inserted ('insert': the key only) or changed ('update': the record
            # as it was before). Undo restores from here; a later import of the same key blocks the undo.
            """CREATE TABLE deal_versions (
                import_id BIGINT NOT NULL, op VARCHAR NOT NULL CHECK (op IN ('insert', 'update')),
                source VARCHAR NOT NULL, crm_id VARCHAR NOT NULL, title VARCHAR, account VARCHAR, owner VARCHAR,
                pipeline VARCHAR, stage VARCHAR, status VARCHAR, amount DOUBLE, currency VARCHAR, created_on DATE,
                close_on DATE, lead_source VARCHAR, deal_type VARCHAR, won_reason VARCHAR, lost_reason VARCHAR,
                prev_import_id BIGINT, updated_at TIMESTAMP
            )""",
            """CREATE TABLE lead_versions (
                import_id BIGINT NOT NULL, op VARCHAR NOT NULL CHECK (op IN ('insert', 'update')),
                source VARCHAR NOT NULL, crm_id VARCHAR NOT NULL, name VARCHAR, company VARCHAR, owner VARCHAR,
                lead_source VARCHAR, status VARCHAR, created_on DATE, qualified_on DATE, converted_on DATE,
                is_converted BOOLEAN, prev_import_id BIGINT, updated_at TIMESTAMP
            )""",
            """CREATE TABLE kpi_versions (
                import_id BIGINT NOT NULL, op VARCHAR NOT NULL CHECK (op IN ('insert', 'update')),
                kpi VARCHAR NOT NULL, period DATE NOT NULL, grain VARCHAR NOT NULL, scope VARCHAR NOT NULL,
                source VARCHAR NOT NULL, value DOUBLE, prev_import_id BIGINT
            )""",
            """CREATE TABLE rep_versions (
                import_id BIGINT NOT NULL, op VARCHAR NOT NULL CHECK (op IN ('insert', 'update')),
                owner VARCHAR NOT NULL, display_name VARCHAR, team VARCHAR
            )""",
            """CREATE TABLE objective_versions (
                import_id BIGINT NOT NULL, op VARCHAR NOT NULL CHECK (op IN ('insert', 'update')),
                objective_id BIGINT NOT NULL, title VARCHAR, kpi VARCHAR, scope_type VARCHAR, scope_value VARCHAR,
                direction VARCHAR, target_mode VARCHAR, target_input DOUBLE, statistic VARCHAR, grain VARCHAR,
                start_on DATE, deadline DATE, owner VARCHAR, theme VARCHAR
            )""",
            "ALTER TABLE objectives ADD COLUMN import_id BIGINT",
        ),
    ),
    Migration(
        3,
        "deal_snapshots without a primary key: unique by construction, and the index doubled an import's time",
        (
            # An import writes one snapshot per accepted deal (one row per crm_id) under its own new import_id, so
            # (source, crm_id, import_id) is unique without an index to maintain on a million-row insert.
            """CREATE TABLE deal_snapshots_v3 (
                source VARCHAR NOT NULL,
                crm_id VARCHAR NOT NULL,
                import_id BIGINT NOT NULL,
                observed_on DATE NOT NULL,
                stage VARCHAR,
                status VARCHAR NOT NULL,
                amount DOUBLE,
                close_on DATE
            )""",
            "INSERT INTO deal_snapshots_v3 SELECT source, crm_id, import_id, observed_on, stage, status, amount, "
            "close_on FROM deal_snapshots",
            "DROP TABLE deal_snapshots",
            "ALTER TABLE deal_snapshots_v3 RENAME TO deal_snapshots",
        ),
    ),
    Migration(
        4,
        "deals and leads without a primary-key index: the importer keeps (source, crm_id) unique, and the index "
        "was half of a million-row import's time",
        (
            # The importer classifies every row against the table before writing (new rows are those whose key is
            # absent, changed rows are updated in place), so the key stays unique without an index to maintain.
            """CREATE TABLE deals_v4 (
                source VARCHAR NOT NULL,
                crm_id VARCHAR NOT NULL,
                title VARCHAR,
                account VARCHAR,
                owner VARCHAR,
                pipeline VARCHAR,
                stage VARCHAR,
                status VARCHAR NOT NULL CHECK (status IN ('open', 'won', 'lost')),
                amount DOUBLE,
                currency VARCHAR,
                created_on DATE,
                close_on DATE,
                lead_source VARCHAR,
                deal_type VARCHAR,
                won_reason VARCHAR,
                lost_reason VARCHAR,
                import_id BIGINT,
                updated_at TIMESTAMP
            )""",
            "INSERT INTO deals_v4 SELECT * FROM deals ORDER BY source, crm_id",
            "DROP TABLE deals",
            "ALTER TABLE deals_v4 RENAME TO deals",
            """CREATE TABLE leads_v4 (
                source VARCHAR NOT NULL,
                crm_id VARCHAR NOT NULL,
                name VARCHAR,
                company VARCHAR,
                owner VARCHAR,
                lead_source VARCHAR,
                status VARCHAR,
                created_on DATE,
                qualified_on DATE,
                converted_on DATE,
                is_converted BOOLEAN NOT NULL DEFAULT FALSE,
                import_id BIGINT,
                updated_at TIMESTAMP
            )""",
            "INSERT INTO leads_v4 SELECT * FROM leads ORDER BY source, crm_id",
            "DROP TABLE leads",
            "ALTER TABLE leads_v4 RENAME TO leads",
        ),
    ),
    Migration(
        5,
        "a deal's history read from the records and their before-images (deal_history) instead of a copy of "
        "every new or changed deal; the day each import describes kept on the import",
        (
            "ALTER TABLE imports ADD COLUMN observed_on DATE",
            """UPDATE imports SET observed_on = coalesce(
                (SELECT min(s.observed_on) FROM deal_snapshots s WHERE s.import_id = imports.id),
                CAST(started_at AS DATE))""",
            # The copies the importer wrote are exactly what deal_history now derives: drop those, keep any other.
            f"""DELETE FROM deal_snapshots s WHERE EXISTS (
                SELECT 1 FROM ({DERIVED_DEAL_HISTORY}) d
                WHERE d.source = s.source AND d.crm_id = s.crm_id AND d.import_id = s.import_id
                    AND d.observed_on = s.observed_on AND d.stage IS NOT DISTINCT FROM s.stage
                    AND d.status = s.status AND d.amount IS NOT DISTINCT FROM s.amount
                    AND d.close_on IS NOT DISTINCT FROM s.close_on)""",
            f"""CREATE VIEW deal_history AS
                SELECT source, crm_id, import_id, observed_on, stage, status, amount, close_on FROM deal_snapshots
                UNION ALL {DERIVED_DEAL_HISTORY}""",
        ),
    ),
    Migration(
        6,
        "deals and leads keep a hash of their fields (row_hash): a re-import compares it instead of every field",
        (
            # The hashes are filled in by migration 8, which every file passing this one passes next (it hashed
            # the fields alone here when it was written; hashing here too would only do the work twice).
            "ALTER TABLE deals ADD COLUMN row_hash UBIGINT",
            "ALTER TABLE leads ADD COLUMN row_hash UBIGINT",
        ),
    ),
    Migration(
        7,
        "a rejected row's reason also kept as an i18n key (and the lines of a duplicate id), to show it in French",
        (
            "ALTER TABLE import_rejects ADD COLUMN reason_key VARCHAR",
            "ALTER TABLE import_rejects ADD COLUMN reason_lines VARCHAR",
        ),
    ),
    Migration(
        8,
        "row_hash covers a record's key too: a re-import finds its unchanged rows by hash alone, without a join on "
        "the keys",
        (
            f"UPDATE deals SET row_hash = {row_hash_sql('deals', fields=_FROZEN_HASHED_FIELDS['deals'])}",
            f"UPDATE leads SET row_hash = {row_hash_sql('leads', fields=_FROZEN_HASHED_FIELDS['leads'])}",
        ),
    ),
    Migration(
        9,
        "the plan (monthly targets by team, rep or product) with its before-images; deals keep a product or "
        "category; an objective may follow the plan's months",
        (
            """CREATE TABLE plan (
                source VARCHAR NOT NULL,
                kpi VARCHAR NOT NULL DEFAULT 'revenue',
                period DATE NOT NULL,
                dimension VARCHAR NOT NULL CHECK (dimension IN ('company', 'team', 'owner', 'product')),
                dimension_value VARCHAR NOT NULL DEFAULT '',
                amount DOUBLE NOT NULL,
                import_id BIGINT
            )""",
            # One row per plan row an import changed ('update') or removed ('delete': its months were in the new
            # file, that row was not), as it was before; rows an import added are those carrying its import_id
            # with no version row. Undo deletes the import's rows and puts these back.
            """CREATE TABLE plan_versions (
                import_id BIGINT NOT NULL, op VARCHAR NOT NULL CHECK (op IN ('update', 'delete')),
                source VARCHAR NOT NULL, kpi VARCHAR NOT NULL, period DATE NOT NULL, dimension VARCHAR NOT NULL,
                dimension_value VARCHAR NOT NULL, amount DOUBLE, prev_import_id BIGINT
            )""",
            "ALTER TABLE deals ADD COLUMN product VARCHAR",
            "ALTER TABLE deal_versions ADD COLUMN product VARCHAR",
            # The hash covers the new field (NULL on every stored deal), so that a re-import still finds its
            # unchanged rows by hash alone.
            f"UPDATE deals SET row_hash = {row_hash_sql('deals', fields=_FROZEN_HASHED_FIELDS_9['deals'])}",
            "ALTER TABLE objectives ADD COLUMN expected_path VARCHAR NOT NULL DEFAULT 'history'",
        ),
    ),
    Migration(
        10,
        "stage history files: each change of an opportunity's stage, amount or close date (deal_changes), read into "
        "deal_history",
        (
            # One row per change a history file recorded; what the row does not change is NULL. A change is kept once
            # per source (an import adds only the changes not stored yet), and undoing its import deletes it.
            """CREATE TABLE deal_changes (
                source VARCHAR NOT NULL,
                crm_id VARCHAR,
                deal_name VARCHAR,
                changed_at TIMESTAMP NOT NULL,
                stage VARCHAR,
                amount DOUBLE,
                close_on DATE,
                import_id BIGINT NOT NULL,
                line BIGINT NOT NULL
            )""",
            f"""CREATE OR REPLACE VIEW deal_history AS
                SELECT source, crm_id, import_id, observed_on, stage, status, amount, close_on FROM deal_snapshots
                UNION ALL {DERIVED_DEAL_HISTORY}
                UNION ALL {CHANGES_DEAL_HISTORY}""",
        ),
    ),
    Migration(
        11,
        "lead statuses: how each raw status counts (qualified, converted) per source (lead_status_map); leads keep "
        "their lifecycle stage and whether their status decided their qualification and conversion",
        (
            """CREATE TABLE lead_status_map (
                source VARCHAR NOT NULL,
                raw_status VARCHAR NOT NULL,
                qualified BOOLEAN NOT NULL,
                converted BOOLEAN NOT NULL,
                decided_by VARCHAR NOT NULL CHECK (decided_by IN ('standard', 'user', 'unknown')),
                PRIMARY KEY (source, raw_status)
            )""",
            # Leads stored before keep what they have: NULL flags mean "not decided by the status map", so editing
            # the map leaves them alone until they are imported again.
            "ALTER TABLE leads ADD COLUMN lifecycle VARCHAR",
            "ALTER TABLE leads ADD COLUMN qualified_from_status BOOLEAN",
            "ALTER TABLE leads ADD COLUMN converted_from_status BOOLEAN",
            "ALTER TABLE lead_versions ADD COLUMN lifecycle VARCHAR",
            "ALTER TABLE lead_versions ADD COLUMN qualified_from_status BOOLEAN",
            "ALTER TABLE lead_versions ADD COLUMN converted_from_status BOOLEAN",
            f"UPDATE leads SET row_hash = {row_hash_sql('leads', fields=_FROZEN_LEAD_FIELDS_11)}",
        ),
    ),
    Migration(
        12,
        "currencies: one reporting currency per database (app_settings), the currency of each source's amounts "
        "written without one (source_currencies), exchange rates with their before-images; every deal has a currency",
        (
            """CREATE TABLE app_settings (
                key VARCHAR PRIMARY KEY,
                value VARCHAR NOT NULL
            )""",
            """CREATE TABLE source_currencies (
                source VARCHAR PRIMARY KEY,
                currency VARCHAR NOT NULL,
                set_at TIMESTAMP
            )""",
            # A rate is how many units of ``currency`` one unit of ``base`` buys on ``rate_on`` (ECB convention).
            """CREATE TABLE exchange_rates (
                base VARCHAR NOT NULL,
                currency VARCHAR NOT NULL,
                rate_on DATE NOT NULL,
                rate DOUBLE NOT NULL CHECK (rate > 0),
                import_id BIGINT,
                PRIMARY KEY (base, currency, rate_on)
            )""",
            """CREATE TABLE exchange_rate_versions (
                import_id BIGINT NOT NULL, op VARCHAR NOT NULL CHECK (op IN ('update', 'delete')),
                base VARCHAR NOT NULL, currency VARCHAR NOT NULL, rate_on DATE NOT NULL, rate DOUBLE,
                prev_import_id BIGINT
            )""",
            # Deals stored without a currency were shown and summed as euros: they are euros, said once and for all
            # (the reporting currency may change later; their amounts must not change currency with it).
            "UPDATE deals SET currency = 'EUR' WHERE currency IS NULL",
            f"UPDATE deals SET row_hash = {row_hash_sql('deals', fields=_FROZEN_HASHED_FIELDS_9['deals'])} "
            "WHERE currency = 'EUR'",
        ),
    ),
    Migration(
        13,
        "an objective may carry a baseline typed by hand (baseline_input), for a baseline period without data",
        ("ALTER TABLE objectives ADD COLUMN baseline_input DOUBLE",),
    ),
    Migration(
        14,
        "sign-in and roles: the people who may use the app (users: email, role, their names in the CRM data, team), "
        "and who made every write (imports, objectives and their revisions, actions, review notes); a review note "
        "belongs to the scope whose figures it was typed beside",
        (
            # The e-mail is kept trimmed and lower-cased (smart.access), so the key is unique case-insensitively; the
            # CHECK refuses any other spelling written by some other means.
            """CREATE TABLE users (
                email VARCHAR PRIMARY KEY CHECK (email = lower(trim(email)) AND email <> ''),
                name VARCHAR,
                role VARCHAR NOT NULL CHECK (role IN ('admin', 'manager', 'rep')),
                reps VARCHAR[] NOT NULL DEFAULT [],
                team VARCHAR,
                created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
                created_by VARCHAR,
                updated_at TIMESTAMP,
                updated_by VARCHAR
            )""",
            "ALTER TABLE imports ADD COLUMN imported_by VARCHAR",
            "ALTER TABLE imports ADD COLUMN undone_by VARCHAR",
            "ALTER TABLE objectives ADD COLUMN created_by VARCHAR",
            "ALTER TABLE objective_revisions ADD COLUMN revised_by VARCHAR",
            "ALTER TABLE actions ADD COLUMN created_by VARCHAR",
            "ALTER TABLE actions ADD COLUMN updated_at TIMESTAMP",
            "ALTER TABLE actions ADD COLUMN updated_by VARCHAR",
            "ALTER TABLE review_notes ADD COLUMN created_by VARCHAR",
            # Notes kept before sign-in existed were typed beside the whole company's figures.
            "ALTER TABLE review_notes ADD COLUMN scope VARCHAR NOT NULL DEFAULT ''",
        ),
    ),
    Migration(
        15,
        "API tokens: the HTTP API's bearer tokens, each acting as one user (api_tokens), kept as the SHA-256 of their "
        "secret, never the secret",
        (
            "CREATE SEQUENCE api_token_id_seq START 1",
            # A token acts as the user of its e-mail (their role and scope, read on every request); removing the
            # user leaves the token unusable. The secret is shown once, when the token is made, and never stored.
            """CREATE TABLE api_tokens (
                id BIGINT PRIMARY KEY DEFAULT nextval('api_token_id_seq'),
                email VARCHAR NOT NULL CHECK (email = lower(trim(email)) AND email <> ''),
                name VARCHAR,
                secret_sha256 VARCHAR NOT NULL UNIQUE CHECK (length(secret_sha256) = 64),
                created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
                created_by VARCHAR,
                last_used_at TIMESTAMP,
                revoked_at TIMESTAMP,
                revoked_by VARCHAR
            )""",
        ),
    ),
)

LATEST_VERSION = MIGRATIONS[-1].version


def schema_version(conn: duckdb.DuckDBPyConnection) -> int:
    """The version recorded in the file, 0 for a file with no schema yet."""
    exists = conn.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_catalog = current_database() "
        "AND table_schema = 'main' AND table_name = 'schema_version'"
    ).fetchall()[0][0]
    if not exists:
        return 0
    return int(conn.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchall()[0][0])


def table_counts(conn: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """The number of rows of every table of the connection's database, by name (``schema.table`` outside
    ``main``), as the connection's transaction sees them."""
    tables = conn.execute(
        "SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = current_database() "
        "AND NOT temporary ORDER BY schema_name, table_name"
    ).fetchall()
    counts = {}
    for schema, table in tables:
        name = table if schema == "main" else f"{schema}.{table}"
        counts[name] = conn.execute(f"SELECT count(*) FROM {quote_identifier(schema)}.{quote_identifier(table)}"
                                    ).fetchall()[0][0]
    return counts


def quote_identifier(name: str) -> str:
    """``name`` as a DuckDB identifier: in double quotes, inner ones doubled."""
    return '"' + name.replace('"', '""') + '"'


@dataclass(frozen=True)
class DatabaseCopy:
    """What a copy of the database holds: its schema version and the rows of every table."""

    schema_version: int
    tables: dict[str, int]


def read_database_file(path: str | Path) -> DatabaseCopy:
    """The schema version and table counts of a database file, opened read-only (nothing in it changes: no
    migration, no checkpoint). Raises DuckDB's own error for a file it cannot read."""
    conn = duckdb.connect(str(path), read_only=True)
    try:
        return DatabaseCopy(schema_version(conn), table_counts(conn))
    finally:
        conn.close()


def migrate(conn: duckdb.DuckDBPyConnection, migrations: Sequence[Migration] = MIGRATIONS, *, path: str = "") -> int:
    """Bring the schema up to the latest version, one transaction per migration; return the final version."""
    latest = migrations[-1].version
    current = schema_version(conn)
    if current > latest:
        raise StorageError("too_new", path or ":memory:", what="storage.too_new.schema", found=current,
                           latest=latest)
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_version ("
        "version INTEGER PRIMARY KEY, description VARCHAR, applied_at TIMESTAMP DEFAULT current_timestamp)"
    )
    for migration in migrations:
        if migration.version <= current:
            continue
        conn.execute("BEGIN TRANSACTION")
        try:
            for statement in migration.statements:
                conn.execute(statement)
            conn.execute(
                "INSERT INTO schema_version (version, description) VALUES (?, ?)",
                [migration.version, migration.description],
            )
            conn.execute("COMMIT")
        except BaseException as error:
            _roll_back(conn, error)
            raise
    return schema_version(conn)


class Store:
    """The process-wide connection to one database file, a cursor per thread, and one writer at a time.

    A failure of the file itself (locked, damaged, disk full...) is raised as a StorageError, the real error
    chained to it and logged; ``broken`` turns true when DuckDB stopped serving the database (after a failed
    checkpoint, say), which only closing this store and opening another repairs."""

    def __init__(self, path: str | Path, migrations: Sequence[Migration] = MIGRATIONS) -> None:
        self.path = Path(path)
        self.broken = False
        self._local = threading.local()
        self._write_lock = threading.RLock()
        with self._reporting(opening=True):
            if str(path) != ":memory:":
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self._conn = duckdb.connect(str(self.path))
        try:
            with self._reporting():
                migrate(self._conn, migrations, path=str(self.path))
        except BaseException:
            self._conn.close()
            raise

    @contextmanager
    def _reporting(self, *, opening: bool = False) -> Iterator[None]:
        """Raise a failure of the database as the StorageError it amounts to, other errors as they are."""
        try:
            yield
        except (duckdb.Error, OSError) as error:
            self.broken = self.broken or _invalidates(error)
            failure = storage_failure(error, self.path, opening=opening)
            if failure is None:
                raise
            raise failure from error

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """This thread's cursor, created on first use."""
        cursor = getattr(self._local, "cursor", None)
        if cursor is None:
            cursor = self._conn.cursor()
            self._local.cursor = cursor
        return cursor

    def df(self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None) -> pd.DataFrame:
        """Run a query and return its (small) result as a DataFrame."""
        with self._reporting():
            return self.cursor().execute(sql, params or []).df()

    def rows(self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
        with self._reporting():
            return self.cursor().execute(sql, params or []).fetchall()

    def scalar(self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None) -> Any:
        result = self.rows(sql, params)
        return result[0][0] if result else None

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Run a block of statements as one transaction on a fresh cursor: all of them, or none. A failure is
        raised as it happened, even when it leaves no transaction to roll back."""
        with self._write_lock, self._reporting():
            cursor = self._conn.cursor()
            try:
                cursor.execute("BEGIN TRANSACTION")
                try:
                    yield cursor
                    cursor.execute("COMMIT")
                except BaseException as error:
                    _roll_back(cursor, error)
                    raise
            finally:
                cursor.close()

    def checkpoint(self) -> None:
        """Write what the journal (the ``.wal``) holds into the database file, so that the file alone holds
        every committed change. Transactions running meanwhile go on; what they have not committed stays out."""
        with self._reporting():
            cursor = self._conn.cursor()
            try:
                cursor.execute("CHECKPOINT")
            finally:
                cursor.close()

    def copy_into(self, target: str | Path) -> DatabaseCopy:
        """Copy the whole database into a new file at ``target`` as one snapshot, and return what the copy holds.

        ``COPY FROM DATABASE`` runs in one transaction, so the copy is the state of one moment, the journal's
        changes included: every import committed before it, none committed after, never part of one. Readers
        and writers go on meanwhile (a transaction that only reads blocks nobody). The target is a database of
        its own, attached for the copy: its failures (a full disk, a folder that cannot be written) are raised
        as DuckDB or the system worded them, for the caller to report about the target; they leave this
        database as it was."""
        alias = f"copy_{uuid.uuid4().hex}"
        cursor = self._conn.cursor()
        try:
            cursor.execute(f"ATTACH ? AS {alias}", [str(target)])
            try:
                cursor.execute("BEGIN TRANSACTION")
                try:
                    source = cursor.execute("SELECT current_database()").fetchall()[0][0]
                    cursor.execute(f"COPY FROM DATABASE {quote_identifier(source)} TO {alias}")
                    copied = DatabaseCopy(schema_version(cursor), table_counts(cursor))
                    cursor.execute("COMMIT")
                except BaseException as error:
                    _roll_back(cursor, error)
                    raise
            finally:
                cursor.execute(f"DETACH {alias}")
        finally:
            cursor.close()
        return copied

    @property
    def version(self) -> int:
        with self._reporting():
            return schema_version(self.cursor())

    def close(self) -> None:
        self._conn.close()


def open_store(path: str | Path | None = None) -> Store:
    """Open (creating and migrating as needed) the database at ``--db``, ``$SMART_DB`` or the default path."""
    return Store(database_path(path))


# The stores the server's parts share, by database file: alive as long as one of them holds theirs.
_SHARED_STORES: weakref.WeakValueDictionary[str, Store] = weakref.WeakValueDictionary()
_SHARED_LOCK = threading.Lock()


def shared_store(path: str | Path | None = None) -> Store:
    """This process's one store of a database file (``--db``, ``$SMART_DB`` or the default), opened and migrated on
    first use. The served app's pages, its HTTP API and its daily backup all use it: DuckDB lets one process hold the
    file, and one connection with a cursor per thread is how that process shares it. The store lives as long as one
    of them holds it (the server's lifespan, Streamlit's resource cache); one DuckDB stopped serving (``broken``)
    is closed and opened afresh."""
    resolved = database_path(path)
    key = str(resolved) if str(resolved) == ":memory:" else str(resolved.resolve())
    with _SHARED_LOCK:
        store = _SHARED_STORES.get(key)
        if store is not None and store.broken:
            store.close()
            store = None
        if store is None:
            store = Store(resolved)
            _SHARED_STORES[key] = store
        return store
