"""Stage history files: one row per change of an opportunity's stage, amount or close date, into ``deal_changes``.

Such a file is not a list of deals: its ids repeat, one row per change, each with the day (and often the time) it
was made. Salesforce's ``OpportunityHistory`` (API names) and its Opportunity History report give the state after
each change (stage, amount, close date); Salesforce's Opportunity Field History report, HubSpot's deal property
history and Pipedrive's deal changelog give one changed field and its new value per row (a long layout); any other
sheet with a deal id, a date and a stage (or amount, or close date) column, whose ids repeat, reads like the first.

The changes are stored as they are (``deal_changes``) and the ``deal_history`` view reads the deal's state after
each of them: a change at day D to stage S means the deal was in S from D until its next change. Time in stage,
the funnel and pushed close dates come from there. Changes of deals not imported yet are kept too: they show as
soon as their deals are imported (by id, or by a name that one deal of the source bears). An import stores only the
changes it does not find already stored, so importing the same file again changes nothing and next week's export
adds only the new changes; undoing the import deletes exactly the changes it added.

This module holds what is particular to history files: recognising them, the long layout's field names, reading
one (``import_history``: read, parse and reject like any file, then store), and the SQL that stores and sums up the
changes.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import duckdb

from smart.ingest import stages as sg
from smart.ingest import values as vs
from smart.ingest.errors import ImportFileError, Said
from smart.ingest.fields import Fields, finish_rejects, stage_common
from smart.ingest.profiles import SYNONYMS, normalise_header
from smart.ingest.read import ReaderTypes, drop_rows_as_read, newlines_in_fields, number_lines, read_file, typed_columns

if TYPE_CHECKING:
    from smart.ingest.options import ImportOptions
    from smart.ingest.planning import Plan
    from smart.ingest.result import ImportResult
    from smart.ingest.sniff import FileInfo

# What a long layout's field column says when the row changes the stage, the amount or the close date, compacted
# (lower case, accents and everything but letters and digits removed): Salesforce's field history report, HubSpot's
# internal property names and labels, Pipedrive's field keys and labels, French labels.
FIELD_WORDS: dict[str, tuple[str, ...]] = {
    "stage": ("stage", "dealstage", "stagename", "stageid", "tostage", "salesstage", "pipelinestage", "etape",
              "etapedevente", "phase", "stade"),
    "amount": ("amount", "dealamount", "opportunityamount", "value", "dealvalue", "montant", "montantht", "valeur"),
    "close_on": ("closedate", "closingdate", "expectedclosedate", "expectedclose", "datedecloture",
                 "datedeclotureprevue", "datecloture"),
}
CHANGED_FIELDS = tuple(FIELD_WORDS)
NOT_IMPORTED_LISTED = 5
OTHER_FIELDS_LISTED = 5
# A time of day after a date: 14:05, 14:05:33, 2:05 PM.
_TIME = r"(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?"


@dataclass
class HistorySummary:
    """What a history file holds: its distinct changes, the opportunities they are about, those not among the
    imported deals yet (a few of them named), and the rows that change nothing this importer reads."""

    changes: int = 0
    new_changes: int = 0
    opportunities: int = 0
    not_imported: int = 0
    not_imported_examples: list[str] = field(default_factory=list)
    left_aside: int = 0
    other_fields: list[str] = field(default_factory=list)
    by_name: bool = False

    def sentence(self) -> Said:
        """One line for the import summary, in English (and in the reader's language through ``in_language``)."""
        if self.not_imported:
            return Said("history.summary.some_missing", changes=self.changes, opportunities=self.opportunities,
                        missing=self.not_imported)
        return Said("history.summary.all_linked", changes=self.changes, opportunities=self.opportunities)


def compact(text: str) -> str:
    """Lower case, no accents, letters and digits only: 'Closed Won', 'closedwon' and 'CLOSED_WON' meet."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]", "", plain)


def compact_sql(expr: str) -> str:
    """SQL: the text lowered, without accents and with only its letters and digits, to compare names loosely."""
    return f"regexp_replace(strip_accents(lower({expr})), '[^a-z0-9]', '', 'g')"


def field_kind_sql(expr: str) -> str:
    """SQL: 'stage', 'amount' or 'close_on' for a long layout's field name, NULL for any other field."""
    word = compact_sql(expr)
    cases = " ".join(f"WHEN {word} IN ({', '.join(vs.lit(w) for w in words)}) THEN {vs.lit(kind)}"
                     for kind, words in FIELD_WORDS.items())
    return f"CASE {cases} END"


def seconds_of_day_sql(text: str) -> str:
    """SQL: the seconds since midnight of the time written after a date (24-hour or AM/PM), NULL without one."""
    part = f"regexp_extract({text}, '{_TIME}', ['h', 'm', 's', 'half'])"
    hour = f"try_cast(nullif({part}.h, '') AS INTEGER)"
    hour24 = (f"CASE upper({part}.half) WHEN 'PM' THEN {hour} % 12 + 12 WHEN 'AM' THEN {hour} % 12 "
              f"ELSE {hour} END")
    minute = f"try_cast(nullif({part}.m, '') AS INTEGER)"
    second = f"coalesce(try_cast(nullif({part}.s, '') AS INTEGER), 0)"
    return (f"CASE WHEN {hour24} BETWEEN 0 AND 23 AND {minute} BETWEEN 0 AND 59 AND {second} BETWEEN 0 AND 59 "
            f"THEN {hour24} * 3600 + {minute} * 60 + {second} END")


# ------------------------------------------------------------------------------------------------- recognising
def _column(headers: list[str], names: tuple[str, ...]) -> int | None:
    normal = [normalise_header(h) for h in headers]
    for name in names:
        if name in normal:
            return normal.index(name)
    return None


def looks_like_history(headers: list[str], sample_rows: list[list[str]]) -> bool:
    """Whether a file no CRM layout claims is a stage history: an opportunity id column, a date column and a stage
    column (or a field and a value column), and an id that repeats in the first rows (a deals file has each id
    once). A stage is required: an orders file has an id repeated on each of its lines, a date and an amount. A
    history keyed by names, or without stages, is imported with ``--kind history`` (or the Import page's choice)."""
    key = _column(headers, SYNONYMS["history"]["crm_id"])
    if key is None or _column(headers, SYNONYMS["history"]["changed_at"]) in (None, key):
        return False
    long_layout = (_column(headers, SYNONYMS["history"]["field"]) is not None
                   and _column(headers, SYNONYMS["history"]["value"]) is not None)
    if not long_layout and _column(headers, SYNONYMS["history"]["stage"]) is None:
        return False
    ids = [row[key].strip() for row in sample_rows if key < len(row) and row[key].strip()]
    return len(set(ids)) < len(ids)


def settle_mapping(mapping: dict[str, str]) -> dict[str, str]:
    """A 'Value' column is the amount in a file with one column per changed field, the new value (of every field)
    in a file with a field column; and a file with ids needs no names."""
    settled = dict(mapping)
    if "field" not in settled and "value" in settled and "amount" not in settled:
        settled["amount"] = settled.pop("value")
    if "field" not in settled:
        settled.pop("value", None)
    if is_long(settled):  # the value column holds the stages, amounts and close dates
        for name in CHANGED_FIELDS:
            settled.pop(name, None)
    if "crm_id" in settled:
        settled.pop("deal_name", None)
    return settled


def is_long(mapping: dict[str, str]) -> bool:
    """Whether the file gives one changed field and its new value per row (rather than a column per field)."""
    return "field" in mapping and "value" in mapping


def check_mapping(mapping: dict[str, str], file_name: str) -> None:
    """A history file needs an opportunity (id or name), a change date, and what changed."""
    kind = Said("ingest.kind.history")
    if "crm_id" not in mapping and "deal_name" not in mapping:
        raise ImportFileError("history.error.no_id", file=file_name)
    if "changed_at" not in mapping:
        raise ImportFileError("ingest.error.no_date", file=file_name, kind=kind, field="changed_at")
    if "field" in mapping and "value" not in mapping:
        raise ImportFileError("ingest.error.missing_fields", file=file_name, fields=["value"], kind=kind)
    if not is_long(mapping) and not any(name in mapping for name in CHANGED_FIELDS):
        raise ImportFileError("history.error.nothing_changed", file=file_name)


def canonical_stages(seen: list[str], known: list[str]) -> dict[str, str]:
    """The stages of the file written as the source already writes them, when they differ only by case, spaces
    or punctuation (HubSpot's history says 'closedwon' where its deals export says 'Closed Won')."""
    spelled = {compact(stage): stage for stage in reversed(known)}
    return {stage: spelled[compact(stage)] for stage in seen
            if compact(stage) in spelled and spelled[compact(stage)] != stage}


# ------------------------------------------------------------------------------------------------- storing
def deal_source_of(tx: duckdb.DuckDBPyConnection, by_name: bool) -> str | None:
    """The source whose deals hold the most of the staged changes' opportunities (by id, or by title), if any."""
    key, column = ("deal_name", "title") if by_name else ("crm_id", "crm_id")
    rows = tx.execute(f"""SELECT d.source, count(DISTINCT d.{column}) AS hits
        FROM deals d SEMI JOIN (SELECT DISTINCT {key} AS k FROM history_changes WHERE {key} IS NOT NULL) c
            ON c.k = d.{column}
        GROUP BY d.source ORDER BY hits DESC, d.source LIMIT 1""").fetchall()
    return rows[0][0] if rows else None


_SAME_CHANGE = " AND ".join(f"s.{c} IS NOT DISTINCT FROM h.{c}"
                            for c in ("crm_id", "deal_name", "changed_at", "stage", "amount", "close_on"))


def store_changes(tx: duckdb.DuckDBPyConnection, source: str, import_id: int) -> int:
    """``classified``: the file's distinct changes (``history_changes``), each new or already stored for the
    source; the new ones are written. Returns how many were new."""
    tx.execute(f"""CREATE OR REPLACE TEMP TABLE classified AS
        SELECT h.*, CASE WHEN EXISTS (SELECT 1 FROM deal_changes s WHERE s.source = ? AND {_SAME_CHANGE})
                         THEN 'same' ELSE 'new' END AS change
        FROM history_changes h""", [source])
    tx.execute("""INSERT INTO deal_changes (source, crm_id, deal_name, changed_at, stage, amount, close_on, import_id,
            line)
        SELECT ?, crm_id, deal_name, changed_at, stage, amount, close_on, ?, line FROM classified
        WHERE change = 'new' ORDER BY line""", [source, import_id])
    return int(tx.execute("SELECT count(*) FROM classified WHERE change = 'new'").fetchall()[0][0])


def summarise(tx: duckdb.DuckDBPyConnection, source: str, new_changes: int, left_aside: int,
              other_fields: list[str]) -> HistorySummary:
    """What the file's changes amount to, and which of their opportunities are not among the imported deals."""
    changes, opportunities, by_name = tx.execute("""SELECT count(*), count(DISTINCT coalesce(crm_id, deal_name)),
        bool_or(crm_id IS NULL) FROM history_changes""").fetchall()[0]
    missing = tx.execute("""
        WITH wanted AS (
            SELECT crm_id, deal_name, min(line) AS line FROM history_changes GROUP BY ALL),
        titles AS (
            SELECT title FROM deals WHERE source = $source AND title IN (SELECT deal_name FROM wanted)
            GROUP BY title HAVING count(*) = 1)
        SELECT coalesce(w.crm_id, w.deal_name) FROM wanted w
        WHERE CASE WHEN w.crm_id IS NOT NULL
                   THEN NOT EXISTS (SELECT 1 FROM deals d WHERE d.source = $source AND d.crm_id = w.crm_id)
                   ELSE w.deal_name NOT IN (SELECT title FROM titles) END
        ORDER BY w.line""", {"source": source}).fetchall()
    return HistorySummary(
        changes=changes, new_changes=new_changes, opportunities=opportunities, not_imported=len(missing),
        not_imported_examples=[row[0] for row in missing[:NOT_IMPORTED_LISTED]], left_aside=left_aside,
        other_fields=other_fields, by_name=bool(by_name))


def summary_lines(summary: HistorySummary) -> list[Said]:
    """The summary's lines for the command line: the changes and opportunities, those not imported yet, the rows
    left aside."""
    lines = [summary.sentence()]
    if summary.not_imported:
        more = summary.not_imported - len(summary.not_imported_examples)
        lines.append(Said("history.summary.not_imported", ids=summary.not_imported_examples,
                          more=Said("history.summary.more", count=more) if more else ""))
    if summary.left_aside:
        lines.append(Said("history.summary.left_aside", rows=summary.left_aside,
                          fields=summary.other_fields or Said("history.summary.no_field")))
    return lines


def import_history(tx: duckdb.DuckDBPyConnection, info: FileInfo, plan: Plan, options: ImportOptions, import_id: int,
                    result: ImportResult) -> tuple[Fields, dict[str, int]]:
    """A stage history file (smart/ingest/history.py) into ``deal_changes``: each row's opportunity, the day and
    time of the change and what it set, parsed and checked like any file's values; the changes not stored yet for
    the source are added. Rows that change no field this importer reads (an owner, a probability) are left aside
    and counted. A file with a column per field whose dates and numbers DuckDB's reader can type is read typed (a
    history's change times are all distinct: deciding their format value by value cost most of a large import).
    Returns the fields and the row counts."""
    long = is_long(plan.mapping)
    typed = read_file(tx, info, ReaderTypes() if long else typed_columns(info, plan))
    counts = number_lines(tx, info, "raw", newlines_in_fields(info, [c for c in info.columns if c not in typed]))
    read_info, read_plan = _long_layout(tx, info, plan) if long else (info, plan)
    fields = Fields(tx, read_info, read_plan, options, typed)
    f = fields.get
    select = [f"{f('crm_id')} AS crm_id", f"CASE WHEN {f('crm_id')} IS NULL THEN {f('deal_name')} END AS deal_name",
              f"{f('changed_at')} AS changed_on", f"{_seconds_of_day(fields, typed)} AS seconds",
              f"{f('stage')} AS stage", f"{f('amount')} AS amount", f"{f('close_on')} AS close_on",
              f"{'field_name' if long else 'NULL'} AS field_name"]
    stage_common(tx, fields, select, info.footer_start)
    informative = "(stage IS NOT NULL OR amount IS NOT NULL OR close_on IS NOT NULL)"
    key_header = fields.header("crm_id") or fields.header("deal_name")
    extra = [(f"crm_id IS NULL AND deal_name IS NULL AND {informative}", key_header, "''",
              "ingest.reason.missing_id"),
             (f"changed_on IS NULL AND {'r_changed_at IS NULL AND ' if 'changed_at' in fields.raw else ''}"
              f"{informative}", fields.header("changed_at"), "''", "ingest.reason.missing_date")]
    finish_rejects(tx, fields, extra, ["line"], [])
    tx.execute(f"""CREATE OR REPLACE TEMP TABLE history_changes AS
        SELECT crm_id, deal_name, CAST(changed_on AS TIMESTAMP) + to_seconds(coalesce(seconds, 0)) AS changed_at,
               stage, amount, close_on, min(line) AS line
        FROM accepted WHERE {informative} GROUP BY ALL""")
    left_aside = tx.execute(f"SELECT count(*) FROM accepted WHERE NOT {informative}").fetchall()[0][0]
    other_fields = [row[0] for row in tx.execute(f"""SELECT field_name FROM accepted
        WHERE NOT {informative} AND field_name IS NOT NULL GROUP BY field_name
        ORDER BY count(*) DESC, field_name LIMIT {OTHER_FIELDS_LISTED}""").fetchall()]
    if options.source is None and plan.profile is None:
        _follow_deals_source(tx, plan, result, import_id)
    result.new_stages = _history_stages(tx, plan)
    result.pipelines = sg.file_pipelines(tx, plan.source, result.new_stages)
    new = store_changes(tx, plan.source, import_id)
    accepted = tx.execute("SELECT count(*) FROM accepted").fetchall()[0][0]
    result.inserted, result.updated, result.unchanged = new, 0, accepted - new - left_aside
    result.history = summarise(tx, plan.source, new, left_aside, other_fields)
    return fields, counts


def _seconds_of_day(fields: Fields, typed: ReaderTypes) -> str:
    """SQL: the time of day of a change, in seconds (NULL when the file gives only its day)."""
    column = fields.mapped_sql("changed_at")
    if column not in typed:
        return seconds_of_day_sql(vs.text_sql(column, fields.info.blanks))
    if typed[column] == "TIMESTAMP":
        return f"hour({column}) * 3600 + minute({column}) * 60 + second({column})"
    return "NULL"


def _long_layout(tx: duckdb.DuckDBPyConnection, info: FileInfo, plan: Plan) -> tuple[FileInfo, Plan]:
    """A long layout (a field column, a value column) read as a file with one column per field: ``rawl`` gains
    a column for each of stage, amount and close date, holding the value of the rows that change it (so that its
    values are parsed and checked as the column of a wide file would be) and the name of any other field."""
    column = dict(zip(info.header, info.columns, strict=True))
    field_text = vs.text_sql(column[plan.mapping["field"]], info.blanks)
    value = column[plan.mapping["value"]]
    headers = {name: f"{plan.mapping['value']} ({name.replace('_on', ' date').replace('_', ' ')})"
               for name in CHANGED_FIELDS}
    values = ", ".join(f"CASE WHEN field_kind = {vs.lit(name)} THEN {value} END AS h_{name}"
                       for name in CHANGED_FIELDS)
    tx.execute(f"""CREATE OR REPLACE TEMP TABLE history_long AS
        SELECT *, {values}, CASE WHEN field_kind IS NULL THEN {field_text} END AS field_name
        FROM (SELECT *, {field_kind_sql(field_text)} AS field_kind FROM rawl)""")
    drop_rows_as_read(tx)
    tx.execute("ALTER TABLE history_long RENAME TO rawl")
    read_info = dataclasses.replace(info, header=[*info.header, *headers.values()],
                                    columns=[*info.columns, *(f"h_{name}" for name in CHANGED_FIELDS)])
    mapping = {k: v for k, v in plan.mapping.items() if k not in CHANGED_FIELDS} | headers
    return read_info, dataclasses.replace(plan, mapping=mapping)


def _follow_deals_source(tx: duckdb.DuckDBPyConnection, plan: Plan, result: ImportResult, import_id: int) -> None:
    """A history file in no CRM's layout is keyed under the source of the deals it is about (the source holding
    the most of its opportunities), so that it links to them; 'generic' when none is imported yet."""
    by_name = tx.execute("SELECT bool_and(crm_id IS NULL) FROM history_changes").fetchall()[0][0]
    found = deal_source_of(tx, bool(by_name))
    if found and found != plan.source:
        plan.source = result.source = found
        tx.execute("UPDATE imports SET source = ? WHERE id = ?", [found, import_id])


def _history_stages(tx: duckdb.DuckDBPyConnection, plan: Plan) -> list[str]:
    """The file's stages spelled as the source already spells them, and those seen for the first time added to
    the stage map of the pipeline of the deals they are about (``''`` for deals not imported yet): status from the
    CRM's defaults or the words, place from where each stage first appears in the opportunities' histories."""
    seen = [row[0] for row in tx.execute("""SELECT stage FROM history_changes WHERE stage IS NOT NULL
        GROUP BY stage ORDER BY min(line)""").fetchall()]
    defaults = plan.profile.stages if plan.profile else ()
    known = [row[0] for row in tx.execute("SELECT raw_stage FROM stage_map WHERE source = ? ORDER BY funnel_order",
                                          [plan.source]).fetchall()]
    renamed = canonical_stages(seen, [*known, *(name for name, _status, _p in defaults)])
    if renamed:
        cases = " ".join(f"WHEN {vs.lit(old)} THEN {vs.lit(new)}" for old, new in renamed.items())
        tx.execute(f"UPDATE history_changes SET stage = CASE stage {cases} END WHERE stage IN (SELECT unnest(?))",
                   [list(renamed)])
    tx.execute("""CREATE OR REPLACE TEMP TABLE file_stages AS
        WITH changes AS (
            SELECT coalesce(h.crm_id, h.deal_name) AS opportunity, coalesce(d.pipeline, '') AS pipeline, h.stage,
                   h.changed_at, h.line
            FROM history_changes h LEFT JOIN deals d ON d.source = ? AND d.crm_id = h.crm_id
            WHERE h.stage IS NOT NULL),
        firsts AS (
            SELECT opportunity, pipeline, stage, min(changed_at) AS first_at, min(line) AS first_line FROM changes
            GROUP BY ALL),
        ranked AS (
            SELECT *, row_number() OVER (PARTITION BY opportunity ORDER BY first_at, first_line) - 1 AS k,
                   count(*) OVER (PARTITION BY opportunity) AS n
            FROM firsts)
        SELECT pipeline, stage, min(first_line) AS first_line, count(DISTINCT opportunity) AS deals,
               avg(k / (n - 1)) FILTER (WHERE n > 1) AS history_position
        FROM ranked GROUP BY ALL""", [plan.source])
    by_pipeline: dict[str, list[sg.StageEvidence]] = {}
    for pipeline, stage, first_line, deals, position in tx.execute(
            "SELECT * FROM file_stages ORDER BY first_line").fetchall():
        by_pipeline.setdefault(pipeline, []).append(sg.StageEvidence(stage, first_line, deals,
                                                                     history_position=position))
    stored = {row[0] for row in tx.execute("SELECT DISTINCT coalesce(pipeline, '') FROM deals WHERE source = ?",
                                           [plan.source]).fetchall()}
    new: list[str] = []
    for pipeline, evidence in by_pipeline.items():
        new += sg.add_new_stages(tx, plan.source, pipeline, evidence, defaults,
                                 (stored | set(by_pipeline)) == {pipeline})
    return list(dict.fromkeys(new))
