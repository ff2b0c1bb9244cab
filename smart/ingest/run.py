"""Running one import: sniff, plan, then read, check and write the file as one transaction, and log it.

The whole import runs in one transaction on one cursor; a dry run (the preview) runs exactly the same statements
and rolls them back, so its counts are the counts a real import would give. The kind's module stages and writes the
rows (``records`` for deals and leads, ``history``, ``kpi_history``, ``objectives``, ``targets``, ``rates``); this
module logs the import, its rejects, a sample of its rows and the mapping to reuse, keeps a copy of the file, and
checkpoints after the commit.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import shutil
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import duckdb

from smart import clock
from smart.access import MANAGE_DATA, require
from smart.ingest import currencies as cu
from smart.ingest import lead_statuses as ls
from smart.ingest import mapping as mp
from smart.ingest import proposals as pr
from smart.ingest import rates as rt
from smart.ingest import targets as tg
from smart.ingest.deals import deal_notes
from smart.ingest.errors import ENGLISH, ImportFileError, Said
from smart.ingest.export_date import export_date
from smart.ingest.fields import Fields, finish_rejects
from smart.ingest.history import import_history
from smart.ingest.kpi_history import import_kpi_history
from smart.ingest.names import disk_name
from smart.ingest.objectives import import_objectives
from smart.ingest.options import ImportOptions
from smart.ingest.planning import Plan, plan_import
from smart.ingest.read import MARK_WORDS, ReaderTypes, newlines_in_fields, number_lines, read
from smart.ingest.reasons import reader_reason_sql, reason_said, reason_sql, reason_words
from smart.ingest.records import RECORD_VERSIONS, stage_records, upsert, upsert_reps
from smart.ingest.result import ImportResult
from smart.ingest.sniff import FileInfo, sniff
from smart.paths import uploads_dir_for
from smart.storage import RECORD_FIELDS, StorageError, Store

logger = logging.getLogger(__name__)
Progress = Callable[[str, float], None]

REJECTS_LISTED = 10_000
SAMPLE_ROWS = 20


class _RollbackError(Exception):
    pass


def run_import(store: Store, path: str | Path, options: ImportOptions | None = None,
               progress: Progress | None = None) -> ImportResult:
    """Preview (``dry_run``) or import one file as one transaction; raise ImportFileError for a bad file, and
    AccessDeniedError when ``options.actor`` may not import (a preview shows stored records too)."""
    options = options or ImportOptions()
    require(options.actor, MANAGE_DATA)
    report = progress or (lambda stage, fraction: None)
    path = Path(path)
    report("reading", 0.0)
    info = sniff(path, sheet=options.sheet, max_bytes=options.max_bytes, display_name=options.display_name)
    original = None
    try:
        plan = plan_import(store, info, options)
        result = ImportResult(
            import_id=None, file_name=info.name, kind=plan.kind, profile=plan.profile_name, source=plan.source,
            encoding=info.encoding, delimiter=info.delimiter_name, header_line=info.header_line,
            sheet=info.sheet, mapping=dict(plan.mapping), headers=list(plan.headers), notes=info.notes + plan.notes,
            dry_run=options.dry_run, proposals=plan.proposals, unavailable=plan.unavailable,
            id_columns=list(plan.id_rule.columns), id_per_row=plan.id_rule.per_row,
        )
        exported = export_date(options.observed_on, info.name, clock.today())
        observed_on = result.observed_on = exported.day
        result.observed_from = exported.origin
        if plan.kind == "deals" and exported.note is not None:
            result.notes.append(exported.note)
        original = None if options.dry_run else _OriginalCopy(store, info)
        try:
            with store.transaction() as tx:
                if options.dry_run:
                    _keep_appends_in_memory(tx, info)
                _execute(tx, info, plan, options, result, report, observed_on)
                if original is None:  # a preview: nothing is kept
                    raise _RollbackError
                report("writing", 0.95)
                stored = original.keep()
                tx.execute("UPDATE imports SET sha256 = ?, stored_path = ? WHERE id = ?",
                           [info.sha256, str(stored), result.import_id])
            result.committed = True
        except _RollbackError:
            result.committed = False
            result.import_id = None
        except BaseException:
            if original is not None:
                original.discard()
            raise
        result.sha256 = info.sha256
    finally:
        info.cleanup()
    if result.committed:
        _checkpoint_after(store, result.import_id)
    report("done", 1.0)
    return result


def _checkpoint_after(store: Store, import_id: int | None) -> None:
    """Write the import from the journal into the database file. What the import wrote and did not put straight
    into the file (updates, small inserts, the log) is in the journal (the ``.wal``) after its commit, where it stays
    until a checkpoint, which DuckDB runs on its own only when the journal passes 16 MB, or at close: a server that
    stays up would otherwise keep its last imports in the journal alone, and a copy of the database file alone
    would lose them. A checkpoint that fails does not undo the import, which is committed and safe in the
    journal: it is logged, and the next checkpoint (or the next start) writes it."""
    try:
        store.checkpoint()
    except (StorageError, duckdb.Error, OSError) as error:
        logger.warning("Import #%s is committed and kept in the journal %s.wal, but the checkpoint after it "
                       "failed: %s", import_id, store.path, error)


# Up to this much text read, a preview's inserts are kept in memory (_keep_appends_in_memory).
_APPENDS_IN_MEMORY_BYTES = 256 * 1024 * 1024


def _keep_appends_in_memory(tx: duckdb.DuckDBPyConnection, info: FileInfo) -> None:
    """Keep a preview's inserts in memory: it is rolled back, and by default DuckDB writes a large insert to the
    database file as it goes ("optimistic writes"), blocks that the rollback then leaves free in the file. An import
    keeps that default: its rows are written once, straight into the file, where keeping them in memory wrote them
    to the journal at the commit and again into the file at the checkpoint that follows (`_checkpoint_after`): 10 %
    more CPU and a quarter more time until durable on a million rows (benchmarks/RESULTS-import.md). The memory a
    preview takes grows with the rows (a 480 MB export peaked at 1.5 GB instead of 1.0 GB), hence the limit on the
    text read (an XLSX sheet's text can be many times the workbook). The setting is the session's: it ends with the
    transaction's cursor."""
    if info.read_path.stat().st_size <= _APPENDS_IN_MEMORY_BYTES:
        tx.execute("SET SESSION enable_optimistic_write = false")


class _OriginalCopy:
    """The imported file copied under ``data/uploads/`` by a thread while the import runs (the copy is I/O and
    releases the GIL), then named by its hash and a short, safe form of its name (``disk_name``: an upload may be
    called anything, 300 characters or slashes included): ``keep`` finishes it, ``discard`` removes it. A failure
    is told without the server's folder (``strerror`` only)."""

    STALE_SECONDS = 3600

    def __init__(self, store: Store, info: FileInfo) -> None:
        self.info = info
        self.folder = None if str(store.path) == ":memory:" else uploads_dir_for(store.path)
        self.created: Path | None = None
        self.error: OSError | None = None
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        self._remove_stale_parts(self.folder)
        self.partial = self.folder / f".{uuid.uuid4().hex}.part"
        self.thread = threading.Thread(target=self._copy, daemon=True)
        self.thread.start()

    def _copy(self) -> None:
        try:
            shutil.copyfile(self.info.path, self.partial)
        except OSError as error:
            self.error = error

    def _remove_stale_parts(self, folder: Path) -> None:
        """Copies left by an import that was killed (a SIGKILL leaves no chance to clean up)."""
        for part in folder.glob(".*.part"):
            try:
                if time.time() - part.stat().st_mtime > self.STALE_SECONDS:
                    part.unlink()
            except OSError:
                pass

    def keep(self) -> Path:
        if self.folder is None:
            return self.info.path
        self.thread.join()
        if self.error is not None:
            raise ImportFileError("ingest.error.no_copy", file=self.info.name,
                                  detail=self.error.strerror or type(self.error).__name__)
        target = self.folder / f"{self.info.sha256[:16]}_{disk_name(self.info.name)}"
        if target.exists() and target.stat().st_size == self.info.size:
            self.partial.unlink(missing_ok=True)
            return target
        self.partial.replace(target)
        self.created = target
        return target

    def discard(self) -> None:
        if self.folder is None:
            return
        self.thread.join()
        self.partial.unlink(missing_ok=True)
        if self.created is not None:
            self.created.unlink(missing_ok=True)


def _execute(tx: duckdb.DuckDBPyConnection, info: FileInfo, plan: Plan, options: ImportOptions, result: ImportResult,
             report: Progress, observed_on: dt.date) -> None:
    result.import_id = tx.execute(
        """INSERT INTO imports (file_name, sha256, kind, profile, source, encoding, delimiter, started_at, mapping,
            is_demo, observed_on, imported_by) VALUES (?, ?, ?, ?, ?, ?, ?, current_timestamp, ?, ?, ?, ?)
            RETURNING id""",
        [info.name, "", plan.kind, plan.profile_name, plan.source, info.encoding, info.delimiter,
         json.dumps(plan.mapping), options.is_demo, observed_on, options.actor.email],
    ).fetchall()[0][0]
    import_id = result.import_id
    report("reading", 0.1)
    if plan.kind in RECORD_VERSIONS:
        fields, counts, extra, absent = stage_records(tx, info, plan, options, result)
        report("checking", 0.4)
        # A rep's team is compared too: it is written to reps, not to the record.
        finish_rejects(tx, fields, extra, ["crm_id"], [*RECORD_FIELDS[plan.kind], "team"])
        report("writing", 0.7)
        upsert_reps(tx, import_id)
        (result.inserted, result.updated, result.unchanged), result.kept_fields = upsert(
            tx, plan.kind, plan.source, import_id, absent)
        if result.kept_fields:
            named = [Said(f"field.{f}") for f in result.kept_fields if not f.endswith("_from_status")]
            fields.notes.append(Said("ingest.note.fields_kept", fields=named))
        if plan.kind == "deals":
            deal_notes(tx, fields, result)
            cu.summarise(tx, result, plan.source, plan.currency, plan.currency_from, keep=not options.dry_run)
        if plan.kind == "leads" and ("status" in plan.mapping or "lifecycle" in plan.mapping):
            result.lead_statuses = ls.summarise(tx, "accepted", plan.source)
    elif plan.kind == "history":
        fields, counts = import_history(tx, info, plan, options, import_id, result)
    else:
        read(tx, info, ReaderTypes())
        counts = number_lines(tx, info, "raw", newlines_in_fields(info, info.columns))
        report("checking", 0.4)
        fields = Fields(tx, info, plan, options)
        if plan.kind == "kpi":
            import_kpi_history(tx, fields, plan, info, import_id, result)
        elif plan.kind == "plan":
            tg.import_plan(tx, fields, info, import_id, result)
        elif plan.kind == "rates":
            rt.import_rates(tx, fields, info, import_id, result)
        else:
            import_objectives(tx, fields, plan, info, import_id, result)
    result.date_order = fields.date_order
    result.decimal = MARK_WORDS.get(fields.decimal_mark or "")
    result.notes += fields.notes
    _record_rejects(tx, result, counts, import_id)
    result.sample = _sample(tx, plan.kind, bool(result.updated or result.unchanged))
    result.covers = _covers(tx, plan.kind)
    chosen = options.mapping or options.id_columns or options.id_per_row or options.decimal
    if options.save_mapping and (plan.profile_name == "generic" or chosen):
        saved: pr.SavedOptions = {}
        if result.date_order:
            saved["date_order"] = result.date_order
        if result.decimal:
            saved["decimal"] = result.decimal
        saved.update(plan.id_rule.options())
        mp.save_mapping(tx, info.header, plan.kind, plan.profile_name, plan.mapping, saved)
    tx.execute(
        """UPDATE imports SET rows = ?, inserted = ?, updated = ?, unchanged = ?, rejected = ?,
            finished_at = current_timestamp WHERE id = ?""",
        [result.rows, result.inserted, result.updated, result.unchanged, result.rejected, import_id],
    )


_COVER_DATES = {"deals": ("created_on", "close_on"), "leads": ("created_on", "qualified_on", "converted_on"),
                "kpi": ("period",), "rates": ("rate_on",)}


def _covers(tx: duckdb.DuckDBPyConnection, kind: str) -> tuple[dt.date, dt.date] | None:
    """The first and last date of the file's accepted rows (an objectives file has none)."""
    dates = _COVER_DATES.get(kind)
    if not dates:
        return None
    first = ", ".join(f"min({d})" for d in dates)
    last = ", ".join(f"max({d})" for d in dates)
    start, end = tx.execute(f"SELECT least({first}), greatest({last}) FROM accepted").fetchall()[0]
    return (start, end) if start is not None else None


def _record_rejects(tx: duckdb.DuckDBPyConnection, result: ImportResult, counts: dict[str, int],
                    import_id: int) -> None:
    tx.execute(f"""CREATE OR REPLACE TEMP TABLE all_rejects AS
        SELECT *, coalesce({reason_sql(reason_words(ENGLISH), 'reason_key', 'reason_lines')}, other) AS reason FROM (
            SELECT line, column_name, value, reason_key, reason_lines, NULL AS other FROM problems
            UNION ALL
            SELECT line, NULL, left(csv_line, 200), {reader_reason_sql('error_type')}, NULL, lower(error_type)
            FROM reader_rejects)""")
    tx.execute("""INSERT INTO import_rejects (import_id, line, column_name, value, reason, reason_key, reason_lines)
        SELECT ?, line, column_name, value, reason, reason_key, reason_lines FROM all_rejects ORDER BY line""",
               [import_id])
    rejected_rows = tx.execute("SELECT count(DISTINCT line) FROM all_rejects").fetchall()[0][0]
    result.rows = counts["good"] + counts["bad"]
    result.rejected = rejected_rows
    rows = tx.execute(f"""SELECT line, column_name, value, reason_key, reason_lines, reason FROM all_rejects
        ORDER BY line, column_name LIMIT {REJECTS_LISTED}""").fetchall()
    result.rejects = [{"line": r[0], "column": r[1], "value": r[2], "reason": reason_said(*r[3:])} for r in rows]
    accounted = result.inserted + result.updated + result.unchanged + result.rejected
    if result.kind in ("deals", "leads", "objectives") and accounted != result.rows:
        # Exact duplicate rows of one id are accepted once: the others count as unchanged.
        result.unchanged += result.rows - accounted


def _sample(tx: duckdb.DuckDBPyConnection, kind: str, matched_records: bool = False) -> list[dict[str, object]]:
    """The first rows as they will be stored, with their verdict. When some deals or leads matched stored records
    (their verdicts are joined from ``changes``), the first lines are picked before the join: a join of all rows
    cost 0.2 s per 1M."""
    columns = {
        "deals": ("crm_id", *RECORD_FIELDS["deals"], "change"),
        "leads": ("crm_id", *(f for f in RECORD_FIELDS["leads"] if not f.endswith("_from_status")), "change"),
        "kpi": ("kpi", "period", "grain", "scope", "value", "change"),
        "objectives": ("title", "kpi", "scope_type", "scope_value", "direction", "target_mode", "target_input",
                       "grain", "start_on", "deadline", "owner", "change"),
        "plan": ("kpi", "period", "dimension", "dimension_value", "amount", "change"),
        "history": ("crm_id", "deal_name", "changed_at", "stage", "amount", "close_on", "change"),
        "rates": ("rate_on", "currency", "base", "rate", "change"),
    }[kind]
    order = {"kpi": "ORDER BY period, kpi, scope", "plan": "ORDER BY period, kpi, dimension_value",
             "rates": "ORDER BY rate_on, base, currency"}.get(kind, "ORDER BY line")
    first = (f"WHERE line IN (SELECT line FROM accepted ORDER BY line LIMIT {SAMPLE_ROWS})"
             if matched_records and kind in RECORD_VERSIONS else "")
    cursor = tx.execute(f"SELECT {', '.join(columns)} FROM classified {first} {order} LIMIT {SAMPLE_ROWS}")
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
