"""Deals and leads files: staged, checked and upserted, with before-images kept for undo.

Two ways in. A deals or leads file whose number and date fields DuckDB's reader can type itself (plain numbers with
one decimal mark; ISO dates and times, or day/month dates whose first rows decide the order) is staged as it is
read: one pass builds ``staged_rows`` (values parsed and cleaned, newlines inside fields counted), then it is
numbered. Any other file is read as text into ``raw`` first, its decimal marks and date orders are decided from all
of its values, and ``staged_rows`` is built from that. Either way ``staged`` is a view over the numbered rows that
adds each deal's status (``deals``) or each lead's qualification (``leads``), and everything after it is the same.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import duckdb

from smart.ingest import read as rd
from smart.ingest import stages as sg
from smart.ingest.deals import deal_select, stage_deals
from smart.ingest.fields import Fields, staging_select
from smart.ingest.leads import lead_select, stage_leads
from smart.ingest.profiles import FIELDS
from smart.ingest.read import (
    ReaderTypes,
    drop_rows_as_read,
    newlines_in_fields,
    no_cast_errors,
    number_lines,
    read_file,
    typed_columns,
    unfit_sql,
)
from smart.ingest.sniff import FileInfo
from smart.storage import RECORD_FIELDS, row_hash_sql

if TYPE_CHECKING:
    from smart.ingest.options import ImportOptions
    from smart.ingest.planning import Plan
    from smart.ingest.result import ImportResult


# Deals and leads, each with the table of the before-images its imports keep for undo.
RECORD_VERSIONS = {"deals": "deal_versions", "leads": "lead_versions"}  # two of storage.IMPORT_BEFORE_IMAGES


def stage_records(tx: duckdb.DuckDBPyConnection, info: FileInfo, plan: Plan, options: ImportOptions,
                  result: ImportResult) -> tuple[Fields, dict[str, int], list[tuple[str, str, str, str]], list[str]]:
    """``staged`` for a deals or leads file; returns its fields, row counts, record-specific problems and the stored
    fields the file does not give (``_absent_fields``).

    When DuckDB's reader types every number and date field itself, nothing needs deciding from the values first,
    and the staging query runs on the reader, in the same pass as the read (on a plain 1M-row export this saves
    a fifth of the import). Otherwise, or when a typed value does not fit, the file is read as it is, and the
    decimal marks and date orders are decided from all of its values before staging."""
    typed = typed_columns(info, plan)
    counts = None
    if _types_every_value(info, plan, typed):
        fields = Fields(tx, info, plan, options, typed)  # decides nothing from the values: none is needed
        select = _record_select(fields, plan)
        varying, constants = _split_constants(select)
        counts = stage_while_reading(tx, info, fields, varying, typed)
        rows = f"rawl WHERE line < {info.footer_start}"
        if counts is None:  # a typed value did not fit: the reader's types are no use
            typed = ReaderTypes()
    if counts is None:
        typed = read_file(tx, info, typed)
        counts = number_lines(tx, info, "raw", newlines_in_fields(info, [c for c in info.columns if c not in typed]))
        fields = Fields(tx, info, plan, options, typed)
        select = _record_select(fields, plan)
        varying, constants = _split_constants(select)
        tx.execute(f"CREATE OR REPLACE TEMP TABLE staged_rows AS "
                   f"{staging_select(fields, varying, f'rawl WHERE line < {info.footer_start}')}")
        drop_rows_as_read(tx)
        rows = "staged_rows"
    rows = f"SELECT *{''.join(f', {sql}' for sql in constants)} FROM {rows}"
    if plan.kind == "deals":
        result.new_stages, extra = stage_deals(tx, fields, plan, rows)
        result.pipelines = sg.file_pipelines(tx, plan.source, result.new_stages)
    else:
        extra = stage_leads(tx, fields, plan, rows)
    return fields, counts, extra, _absent_fields(plan.kind, select)


# The stored fields made from other staged columns (``deal_select``, ``lead_select``): a file gives such a field
# when it gives one of them. Any other stored field is staged under its own name.
_DERIVED_FROM: dict[str, dict[str, tuple[str, ...]]] = {
    "deals": {"status": ("status_text", "is_won", "is_closed", "stage"),
              "close_on": ("close_mapped", "won_on", "lost_on", "expected_close_on")},
    "leads": {
        "status": ("status_text", "lifecycle"),
        **dict.fromkeys(("qualified_on", "qualified_from_status"),
                        ("file_qualified_on", "status_text", "lifecycle", "file_converted_on", "file_converted")),
        **dict.fromkeys(("is_converted", "converted_on", "converted_from_status"),
                        ("status_text", "lifecycle", "file_converted_on", "file_converted")),
    },
}


def _absent_fields(kind: str, select: dict[str, str]) -> list[str]:
    """The stored fields this file does not give: no column it maps feeds them (their staged SQL is NULL). A record
    already stored keeps its value of those (``_keep_absent_fields``); only a blank cell in a column the file has
    clears a field."""
    derived = _DERIVED_FROM[kind]
    return [name for name in RECORD_FIELDS[kind]
            if all(select.get(column, "NULL") == "NULL" for column in derived.get(name, (name,)))]


def _types_every_value(info: FileInfo, plan: Plan, typed: ReaderTypes) -> bool:
    """Whether DuckDB's reader types every mapped number and date field (so none needs deciding from values)."""
    column = dict(zip(info.header, info.columns, strict=True))
    return bool(typed) and all(column.get(header) in typed for name, header in plan.mapping.items()
                               if FIELDS[plan.kind].get(name) in ("number", "date"))


def stage_while_reading(tx: duckdb.DuckDBPyConnection, info: FileInfo, fields: Fields, select: list[str],
                         typed: ReaderTypes) -> dict[str, int] | None:
    """``staged_rows`` straight from the reader, then numbered as ``rawl``; returns the row counts, or None (and
    nothing left) when a typed value did not fit. A row's newlines inside quoted fields are counted as it is read
    (``breaks``): the line numbers need them, and the columns that hold them are not all kept."""
    newlines = newlines_in_fields(info, [c for c in info.columns if c not in typed])
    checks = [f"{unfit_sql(typed)} AS unfit"]
    if newlines:
        checks.append(f"CASE WHEN {newlines[0]} THEN {newlines[1]} ELSE 0 END AS breaks")
    rd.read(tx, info, typed, "staged_rows",
          lambda reader: staging_select(fields, [*select, *checks], reader, with_line=False))
    if tx.execute("SELECT count(*) FROM staged_rows WHERE unfit").fetchall()[0][0] or not no_cast_errors(tx):
        tx.execute("DROP TABLE staged_rows")
        return None
    return number_lines(tx, info, "staged_rows", ("breaks > 0", "breaks") if newlines else None)


def _record_select(fields: Fields, plan: Plan) -> dict[str, str]:
    """The staged columns of a deals or leads file, each with its SQL."""
    return deal_select(fields, plan) if plan.kind == "deals" else lead_select(fields, plan)


_LITERAL = re.compile(r"NULL|'(?:[^']|'')*'")


def _split_constants(select: dict[str, str]) -> tuple[list[str], list[str]]:
    """``select`` as the SQL of the columns that vary from row to row, and of those that are one literal (an
    unmapped field's NULL, the source): these are added to the rows when they are read, since a temp table
    holding a million copies of a constant cost about 5 ms a column."""
    varying: list[str] = []
    constants: list[str] = []
    for name, sql in select.items():
        (constants if _LITERAL.fullmatch(sql) else varying).append(f"{sql} AS {name}")
    return varying, constants


def upsert(tx: duckdb.DuckDBPyConnection, table: str, source: str, import_id: int,
           absent: list[str]) -> tuple[tuple[int, int, int], list[str]]:
    """Classify accepted rows as new, changed or same; keep before-images; write the new and changed ones. A record
    already stored keeps its value of the ``absent`` fields (those the file does not give). Returns the counts of
    new, changed and same rows, and the absent fields whose stored values were kept."""
    fields, versions = tuple(RECORD_FIELDS[table]), RECORD_VERSIONS[table]
    known = tx.execute(f"SELECT EXISTS (SELECT 1 FROM {table} WHERE source = ?)", [source]).fetchall()[0][0]
    kept: list[str] = []
    if not known:
        # A source's first import: every row is new, and the view reads nothing the writes below change.
        tx.execute("CREATE OR REPLACE TEMP VIEW classified AS SELECT *, 'new' AS change FROM accepted")
        counts = {"new": tx.execute("SELECT count(*) FROM accepted").fetchall()[0][0]}
    else:
        kept = _keep_absent_fields(tx, table, source, absent)
        counts = _classify(tx, table, fields, source, "incoming" if kept else "accepted")
    columns = ", ".join(("source", "crm_id", *fields))
    if counts.get("changed"):
        old = ", ".join(f"t.{c}" for c in ("source", "crm_id", *fields))
        tx.execute(f"""INSERT INTO {versions} ({columns}, import_id, op, prev_import_id, updated_at)
            SELECT {old}, ?, 'update', t.import_id, t.updated_at
            FROM {table} t SEMI JOIN (SELECT source, crm_id FROM classified WHERE change = 'changed') c
                USING (source, crm_id)""", [import_id])
        sets = ", ".join(f"{f} = c.{f}" for f in fields)
        tx.execute(f"""UPDATE {table} t SET {sets}, row_hash = {row_hash_sql(table, 'c')}, import_id = ?,
                updated_at = current_timestamp
            FROM classified c WHERE c.change = 'changed' AND t.source = c.source AND t.crm_id = c.crm_id""",
                   [import_id])
    if counts.get("new"):
        tx.execute(f"""INSERT INTO {table} ({columns}, row_hash, import_id, updated_at)
            SELECT {columns}, {row_hash_sql(table)}, ?, current_timestamp FROM classified WHERE change = 'new'""",
                   [import_id])
    return (counts.get("new", 0), counts.get("changed", 0), counts.get("same", 0)), kept


def _keep_absent_fields(tx: duckdb.DuckDBPyConnection, table: str, source: str, absent: list[str]) -> list[str]:
    """``incoming``: the accepted rows as they are to be stored, each stored record keeping its values of the
    ``absent`` fields (a later export without the lost-reason column leaves the lost reasons as they were), when
    any of those fields holds a value for the source; returns those fields (none: ``accepted`` is as it is to be
    stored). A row that differs from its stored record only in those fields is then the same, by its hash too."""
    if not absent:
        return []
    held = tx.execute(f"SELECT {', '.join(f'count({f}) > 0' for f in absent)} FROM {table} WHERE source = ?",
                      [source]).fetchall()[0]
    kept = [f for f, has_values in zip(absent, held, strict=True) if has_values]
    if kept:
        merged = ", ".join(f"CASE WHEN t.stored THEN t.{f} ELSE a.{f} END AS {f}" for f in kept)
        tx.execute(f"""CREATE OR REPLACE TEMP TABLE incoming AS
            SELECT a.* REPLACE ({merged}) FROM accepted a
            LEFT JOIN (SELECT crm_id, true AS stored, {', '.join(kept)} FROM {table} WHERE source = ?) t
                ON t.crm_id = a.crm_id""", [source])
    return kept


def _classify(tx: duckdb.DuckDBPyConnection, table: str, fields: tuple[str, ...], source: str,
              rows: str) -> dict[str, int]:
    """``classified``: the ``rows`` to store (``accepted`` or ``incoming``) with their verdict; returns how many of
    each. A row whose ``row_hash`` (of its
    key and fields) is stored is the same (an integer anti-join: matching a million keys cost three times more);
    the others are matched on their key, new when it is absent, else compared field by field. ``changes`` holds
    the verdicts of those others only: a re-import of an unchanged file writes none. ``line`` is unique in
    accepted, and the view reads nothing the writes in ``upsert`` change."""
    tx.execute(f"""CREATE OR REPLACE TEMP TABLE changes AS
        SELECT a.line, CASE WHEN t.crm_id IS NULL THEN 'new' ELSE 'compare' END AS change
        FROM (SELECT line, crm_id, {row_hash_sql(table, 'a')} AS row_hash FROM {rows} a) a
            ANTI JOIN (SELECT row_hash FROM {table} WHERE source = $source) s USING (row_hash)
            LEFT JOIN (SELECT crm_id FROM {table} WHERE source = $source) t USING (crm_id)""", {"source": source})
    if tx.execute("SELECT EXISTS (SELECT 1 FROM changes WHERE change = 'compare')").fetchall()[0][0]:
        differs = " OR ".join(f"a.{f} IS DISTINCT FROM t.{f}" for f in fields)
        tx.execute(f"""UPDATE changes SET change = CASE WHEN {differs} THEN 'changed' ELSE 'same' END
            FROM {rows} a, {table} t
            WHERE changes.change = 'compare' AND a.line = changes.line AND t.source = a.source
                AND t.crm_id = a.crm_id""")
    counts = dict(tx.execute("SELECT change, count(*) FROM changes WHERE change <> 'same' GROUP BY change").fetchall())
    counts["same"] = tx.execute(f"SELECT count(*) FROM {rows}").fetchall()[0][0] - sum(counts.values())
    tx.execute("CREATE OR REPLACE TEMP VIEW classified AS SELECT a.*, coalesce(c.change, 'same') AS change "
               f"FROM {rows} a LEFT JOIN changes c USING (line)")
    return counts


def upsert_reps(tx: duckdb.DuckDBPyConnection, import_id: int) -> None:
    """A team column updates reps(owner, display_name, team); before-images kept for undo."""
    tx.execute("""CREATE OR REPLACE TEMP TABLE rep_rows AS
        SELECT owner, any_value(team ORDER BY line DESC) AS team FROM accepted
        WHERE owner IS NOT NULL AND team IS NOT NULL GROUP BY owner""")
    tx.execute("""INSERT INTO rep_versions SELECT ?, 'update', r.owner, r.display_name, r.team FROM reps r
        JOIN rep_rows n USING (owner) WHERE r.team IS DISTINCT FROM n.team""", [import_id])
    tx.execute("""INSERT INTO rep_versions (import_id, op, owner) SELECT ?, 'insert', n.owner FROM rep_rows n
        ANTI JOIN reps r USING (owner)""", [import_id])
    tx.execute("""UPDATE reps SET team = n.team FROM rep_rows n
        WHERE reps.owner = n.owner AND reps.team IS DISTINCT FROM n.team""")
    tx.execute("""INSERT INTO reps (owner, display_name, team) SELECT n.owner, n.owner, n.team FROM rep_rows n
        ANTI JOIN reps r USING (owner)""")
