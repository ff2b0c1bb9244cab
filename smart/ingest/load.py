"""One import: read with DuckDB, number the lines, parse and check every value, upsert, log, and undo.

The whole import runs in one transaction on one cursor; a dry run (the preview) runs exactly the same
statements and rolls them back, so its counts are the counts a real import would give.

Line numbers. DuckDB reads the data region (``skip`` = the header's line) with ``ignore_errors`` and
``store_rejects``: malformed rows (too few or too many fields, an over-long row, a stray quote) land in a rejects
table with their line number, and blank lines were turned into sentinel rows by the sniffer so that they are
reported there too rather than silently skipped. DuckDB's reject line numbers count records, not the newlines
inside quoted fields. The temp table keeps the file's order (``rowid``), so a good row's line is: the first data
line + its rowid + the skipped records before it (an ASOF join on the rejects) + the newlines inside quoted fields
of the rows before it (a running sum, computed only when some field holds a newline). A reject's line gets the
same newline correction. Rows starting at or after the footer's first line are not data.

Two ways in. A deals or leads file whose number and date fields DuckDB's reader can type itself (plain numbers
with one decimal mark; ISO dates and times, or day/month dates whose first rows decide the order) is staged as it
is read: one pass builds ``staged_rows`` (values parsed and cleaned, newlines inside
fields counted), then it is numbered. Any other file is read as text into ``raw`` first, its decimal marks and
date orders are decided from all of its values, and ``staged_rows`` is built from that. Either way ``staged`` is a
view over the numbered rows that adds each deal's status, and everything after it is the same.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import re
import shutil
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from smart import clock
from smart.access import LOCAL_ADMIN, MANAGE_DATA, User, require
from smart.i18n import Translator
from smart.i18n.catalog import MESSAGES
from smart.ingest import currencies as cu
from smart.ingest import history as hi
from smart.ingest import lead_statuses as ls
from smart.ingest import mapping as mp
from smart.ingest import targets as pl
from smart.ingest import proposals as pr
from smart.ingest import rates as rt
from smart.ingest import stages as sg
from smart.ingest import values as vs
from smart.ingest.contents import FileContents
from smart.ingest.errors import (
    ENGLISH,
    AmbiguousDatesError,
    AmbiguousDecimalError,
    ImportFileError,
    Said,
    without_paths,
)
from smart.ingest.export_date import export_date
from smart.ingest.names import disk_name
from smart.ingest.profiles import FIELDS, KINDS, PROFILE_LIST, PROFILES, Profile, detect_profile, normalise_header
from smart.ingest.sniff import BLANK_SENTINEL, FileInfo, sniff
from smart.paths import uploads_dir_for
from smart.storage import RECORD_FIELDS, StorageError, Store, row_hash_sql

logger = logging.getLogger(__name__)
Progress = Callable[[str, float], None]
MAX_LINE_BYTES = 2 * 1024 * 1024
REJECTS_LISTED = 10_000
SAMPLE_ROWS = 20

COMPANY_SCOPE_WORDS = ("entreprise", "company", "societe", "global", "all", "total", "tous", "toutes")
# A reject's reason is kept as an i18n key (``ingest.reason.*``), its values and its English text.
_READER_REASONS = {
    "MISSING COLUMNS": "ingest.reason.fewer_fields",
    "TOO MANY COLUMNS": "ingest.reason.more_fields",
    "UNQUOTED VALUE": "ingest.reason.stray_quote",
    "LINE SIZE OVER MAXIMUM": "ingest.reason.too_long",
    "INVALID ENCODING": "ingest.reason.bad_encoding",
    "INVALID STATE": "ingest.reason.not_csv",
}
_SAME_ID = "ingest.reason.same_id"
_REASON_VALUES = {"ingest.reason.too_long": {"size": MAX_LINE_BYTES // (1024 * 1024)}}
_OBJECTIVE_WORDS = {
    "direction": {
        "increase": "increase", "augmenter": "increase", "hausse": "increase", "decrease": "decrease",
        "diminuer": "decrease", "reduire": "decrease", "baisse": "decrease", "reach": "reach", "atteindre": "reach",
        "stay_below": "stay_below", "stay below": "stay_below", "rester sous": "stay_below",
        "stay_above": "stay_above", "stay above": "stay_above", "rester au dessus": "stay_above",
    },
    "target_mode": {
        "absolute": "absolute", "absolu": "absolute", "relative_pct": "relative_pct", "relative pct": "relative_pct",
        "%": "relative_pct", "pourcentage": "relative_pct", "percent": "relative_pct", "points": "points",
        "delta": "delta", "ecart": "delta",
    },
    "scope_type": {"company": "company", "entreprise": "company", "team": "team", "equipe": "team", "rep": "rep",
                   "commercial": "rep"},
    "grain": {"day": "day", "jour": "day", "week": "week", "semaine": "week", "month": "month", "mois": "month",
              "quarter": "quarter", "trimestre": "quarter", "year": "year", "annee": "year", "an": "year"},
}


@dataclass
class ImportOptions:
    kind: str = "auto"
    profile: str = "auto"
    mapping: dict[str, str] = field(default_factory=dict)
    date_order: str | None = None  # 'dmy' (--dayfirst) or 'mdy' (--monthfirst)
    decimal: str | None = None  # 'dot' or 'comma' (--decimal): the mark of numbers that read both ways
    sheet: str | None = None
    observed_on: dt.date | None = None
    source: str | None = None
    is_demo: bool = False
    dry_run: bool = False
    max_bytes: int | None = None
    display_name: str | None = None
    default_currency: str | None = None
    save_mapping: bool = True
    id_columns: list[str] = field(default_factory=list)  # two or more columns combined into the id
    id_per_row: bool = False  # an id derived from each row (proposals.IdRule)
    actor: User = LOCAL_ADMIN  # who imports: an admin (smart.access), recorded as imports.imported_by


@dataclass
class ImportResult:
    import_id: int | None
    file_name: str
    kind: str
    profile: str
    source: str
    sha256: str = ""
    encoding: str = ""
    delimiter: str = ""
    header_line: int = 1
    sheet: str | None = None
    rows: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    rejects: list[dict[str, object]] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)
    headers: list[str] = field(default_factory=list)
    notes: list[Said] = field(default_factory=list)
    sample: list[dict[str, object]] = field(default_factory=list)
    new_stages: list[str] = field(default_factory=list)
    # The pipelines of a deals or history file, each with its stages as the import leaves them (stages.file_pipelines)
    pipelines: list[dict[str, object]] = field(default_factory=list)
    history: hi.HistorySummary | None = None  # a stage history file's changes and opportunities
    lead_statuses: ls.LeadStatusSummary | None = None  # a leads file's statuses and how they counted
    date_order: str | None = None
    decimal: str | None = None  # 'dot' or 'comma': the decimal mark the file's numbers were read with, if any shows
    # Deals kept though their close date comes before their creation date (left out of sales-cycle lengths only),
    # and won deals with a negative amount (credit notes) or an amount of 0 (left out of the average deal size).
    closed_before_created: int = 0
    negative_won: int = 0
    zero_won: int = 0
    kept_fields: list[str] = field(default_factory=list)  # fields this file lacks: their stored values were kept
    observed_on: dt.date | None = None  # the day the file describes (dates the deals' history)
    observed_from: str = ""  # where that day came from: given, file_name or today (smart.ingest.export_date)
    committed: bool = False
    dry_run: bool = False
    proposals: list[pr.Proposal] = field(default_factory=list)  # every field's column and confidence
    unavailable: list[pr.Unavailable] = field(default_factory=list)  # what the mapping leaves empty
    id_columns: list[str] = field(default_factory=list)
    id_per_row: bool = False
    covers: tuple[dt.date, dt.date] | None = None  # the first and last date of the file's rows
    # A targets sheet's plan: its KPIs, its dimension, the months it covers with their totals, the rows it removes.
    plan: dict[str, object] | None = None
    # A deals file's currencies (each with its deals), the currency of the deals whose file says none (with where it
    # comes from: given, source or reporting, and how many took it), and whether to ask which one that is.
    currencies: list[dict[str, object]] = field(default_factory=list)
    currency_default: dict[str, object] | None = None
    currency_question: bool = False
    # A rates file's base, how its rates were read, and its currencies (smart.ingest.rates).
    rates: dict[str, object] | None = None

    def summary_lines(self) -> list[str]:
        head = "Preview (nothing written)" if not self.committed else f"Import #{self.import_id}"
        confidence = {p.field: p.confidence for p in self.proposals if p.applied}
        lines = [
            f"{head}: {self.file_name} — {self.kind}, profile {self.profile}, source {self.source}",
            f"  read as {self.encoding}, delimiter {self.delimiter!r}, header on line {self.header_line}"
            + (f", sheet {self.sheet!r}" if self.sheet else ""),
            "  mapping: " + ", ".join(f"{k} ← {v}" + (f" ({confidence[k]})" if k in confidence else "")
                                      for k, v in self.mapping.items()),
        ]
        if self.id_per_row:
            lines.append("  id: one record per row (made from the row's cells)")
        elif self.id_columns:
            lines.append("  id: " + " + ".join(self.id_columns))
        lines.append(f"  rows {self.rows}: {self.inserted} new, {self.updated} updated, {self.unchanged} unchanged, "
                     f"{self.rejected} rejected")
        if self.covers:
            lines.append(f"  covers: {self.covers[0]:%Y-%m-%d} – {self.covers[1]:%Y-%m-%d}")
        lines += [f"  not available: {u.field}: {u.effect}" for u in self.unavailable]
        lines += [f"  question: is {p.column!r} the {p.field}? (a guess from its values, not used; "
                  f"--map {p.field}={p.column} to use it)" for p in self.proposals if not p.applied]
        lines += [f"  note: {n}" for n in self.notes]
        if self.plan:
            lines += [f"  plan {month['month'][:7]}: {month['total']:.2f}" for month in self.plan["months"]]
        if self.history is not None:
            lines += [f"  {line}" for line in hi.summary_lines(self.history)]
        if self.lead_statuses is not None:
            lines += [f"  {line}" for line in ls.summary_lines(self.lead_statuses)]
        lines += [f"  {line}" for line in cu.summary_lines(self)]
        if self.rates is not None:
            lines += [f"  {line}" for line in rt.summary_lines(self.rates)]
        for reject in self.rejects[:20]:
            lines.append(f"  line {reject['line']}: {reject['column'] or ''}: {reject['reason']}"
                         + (f" ({str(reject['value'])[:60]!r})" if reject["value"] not in (None, "") else ""))
        if len(self.rejects) > 20:
            lines.append(f"  ... and {len(self.rejects) - 20} more rejects (use --format json for all)")
        return lines


class _RollbackError(Exception):
    pass


@dataclass
class _Plan:
    kind: str
    profile: Profile | None
    profile_name: str
    source: str
    mapping: dict[str, str]
    notes: list[Said]
    date_order: str | None
    id_rule: pr.IdRule = pr.IdRule()
    decimal: str | None = None  # 'dot' or 'comma': the user's (or the saved) mark for numbers that read both ways
    proposals: list[pr.Proposal] = field(default_factory=list)
    unavailable: list[pr.Unavailable] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)  # the columns offered (not an empty one without a header)
    currency: str = ""  # a deals file's currency for amounts written without one, and where it comes from
    currency_from: str = ""


# ------------------------------------------------------------------------------------------------- planning
def _named_profile(headers: list[str], kind: str | None, name: str, file_name: str) -> Profile:
    present = {normalise_header(h) for h in headers}
    candidates = [p for p in PROFILE_LIST if p.name == name and (kind is None or p.kind == kind)
                  and (not p.requires or any(r in present for r in p.requires))]
    scored = sorted(candidates, key=lambda p: -sum(1 for s in p.signature if s in present))
    if not scored or not any(s in present for s in scored[0].signature):
        raise ImportFileError("ingest.error.not_profile", file=file_name, profile=name)
    return scored[0]


def plan_import(store: Store, info: FileInfo, options: ImportOptions) -> _Plan:
    """Kind, profile, source, column mapping and id: saved for these headers, else detected and proposed from the
    headers and the values; raise MappingNeededError when a field the file must have is still missing."""
    if options.kind not in ("auto", *KINDS):
        raise ImportFileError("ingest.error.kind", file=info.name, kind=options.kind, kinds=list(KINDS))
    if options.profile not in ("auto", *PROFILES):
        raise ImportFileError("ingest.error.profile", file=info.name, profile=options.profile)
    contents = FileContents(info)
    try:
        return _plan(store, info, options, contents)
    finally:
        contents.close()


def _plan(store: Store, info: FileInfo, options: ImportOptions, contents: FileContents) -> _Plan:
    headers = info.header
    offered = pr.offered_headers(headers, info.unnamed, contents)
    notes: list[Said] = []
    kind = options.kind
    date_order = options.date_order
    decimal = options.decimal
    id_rule = pr.IdRule()
    saved = mp.saved_mapping(store, headers) if options.profile == "auto" else None
    if saved and kind == "auto" and pl.saved_as_kpi_history(saved[0], headers, info.sample_rows):
        saved = None
    if saved and kind in ("auto", saved[0]):
        kind, profile_name, mapping, saved_options = saved
        profile = None
        if profile_name != "generic":
            profile = detect_profile(headers, kind, profile_name)
        date_order = date_order or saved_options.get("date_order")
        decimal = decimal or saved_options.get("decimal")
        id_rule = pr.IdRule.from_options(saved_options)
        proposals = [pr.Proposal(name, column, pr.SAVED) for name, column in mapping.items()]
        notes.append(Said("ingest.note.mapping_reused"))
    else:
        if options.profile == "generic":
            profile = None
        elif options.profile != "auto":
            profile = _named_profile(headers, None if kind == "auto" else kind, options.profile, info.name)
        else:
            profile = detect_profile(headers, None if kind == "auto" else kind)
        if kind == "auto" and profile is None and rt.looks_like_rates(headers):
            kind = "rates"
        if kind == "auto" and profile is None and hi.looks_like_history(headers, info.sample_rows):
            kind = "history"
        if kind == "auto":
            kind = mp.detect_kind(headers, info.name, profile)
            if profile is None:
                kind = pl.refine_kind(kind, headers, info.sample_rows)
        if profile and profile.kind != kind:
            profile = detect_profile(headers, kind)
        proposals = pr.propose_fields(offered, kind, profile, contents)
        mapping = {p.field: p.column for p in proposals if p.applied}
        if kind == "history":
            mapping = hi.settle_mapping(mapping)
        profile_name = profile.name if profile else "generic"
    overrides = dict(options.mapping)
    id_rule = _id_rule(options, overrides, headers, info.name) or id_rule
    mapping = mp.apply_overrides(mapping, overrides, headers, kind, info.name)
    if id_rule:
        mapping.pop("crm_id", None)
    proposals = _after_overrides(proposals, mapping, overrides)
    if not saved and "status" not in overrides and pr.looks_like_orders(kind, mapping, id_rule):
        mapping["status"] = "=won"
        proposals.append(pr.Proposal("status", "=won", pr.MEDIUM))
        notes.append(Said("ingest.note.all_won"))
    if id_rule.per_row:
        notes.append(Said("ingest.note.id_per_row"))
    if kind == "plan":  # a wide sheet has no amount column: the plan's own rules say what it needs
        mapping = pl.complete_mapping(mapping, headers, info.name)
    elif kind == "history":
        hi.check_mapping(mapping, info.name)
    else:
        _raise_if_missing(info, offered, kind, profile_name, mapping, proposals, id_rule, contents)
    if options.dry_run:  # the preview shows a few values of each column; an import has no use for them
        samples = contents.samples(p.column for p in proposals if not p.column.startswith("="))
        for proposal in proposals:
            proposal.samples = samples.get(proposal.column, [])
    if profile:
        notes.extend(Said(key) for key in profile.notes)
    source = options.source or (profile.name if profile else "generic")
    if kind == "objectives":
        source = options.source or "import"
    chosen = _Plan(kind, profile, profile_name, source, mapping, notes, date_order, id_rule, decimal, proposals,
                   pr.unavailable(kind, mapping), offered)
    if kind == "deals":
        chosen.currency, chosen.currency_from = cu.import_currency(store, source, options.default_currency, info.name)
    return chosen


def _id_rule(options: ImportOptions, overrides: dict[str, str], headers: list[str], file_name: str) -> pr.IdRule:
    """The id the user chose: one ``--id`` column is ``--map crm_id=COLUMN``, two or more are combined; or one
    record per row."""
    by_normal = {normalise_header(h): h for h in headers}
    columns = []
    for column in options.id_columns:
        header = column if column in headers else by_normal.get(normalise_header(column))
        if header is None:
            raise ImportFileError("ingest.error.id_column", file=file_name, column=column)
        columns.append(header)
    if len(columns) == 1:
        overrides["crm_id"] = columns[0]
    return pr.IdRule(tuple(columns) if len(columns) > 1 else (), options.id_per_row)


def _after_overrides(proposals: list[pr.Proposal], mapping: dict[str, str],
                     overrides: dict[str, str]) -> list[pr.Proposal]:
    """The proposals once the user's choices are applied: theirs marked ``user``, the ones they replaced or unmapped
    dropped; low-confidence ones stay asked unless their field was chosen."""
    kept = [p for p in proposals if (p.applied and mapping.get(p.field) == p.column)
            or (not p.applied and p.field not in mapping and p.field not in overrides)]
    known = {p.field for p in kept if p.applied}
    return kept + [pr.Proposal(name, column, pr.USER) for name, column in mapping.items() if name not in known]


def _raise_if_missing(info: FileInfo, offered: list[str], kind: str, profile_name: str, mapping: dict[str, str],
                      proposals: list[pr.Proposal], id_rule: pr.IdRule, contents: FileContents) -> None:
    missing = pr.missing_fields(kind, mapping, id_rule)
    if not missing:
        return
    draft = pr.MappingDraft(
        file_name=info.name, kind=kind, profile=profile_name, headers=offered, mapping=dict(mapping),
        proposals=proposals, missing=[pr.MissingField(name, pr.candidates(kind, name, offered, mapping, contents))
                                      for name in missing],
        samples=contents.samples(offered), id_rule=id_rule)
    for proposal in proposals:
        proposal.samples = draft.samples.get(proposal.column, [])
    raise pr.MappingNeededError(draft)


# ------------------------------------------------------------------------------------------------- reading
_PLAIN_NUMBER = {".": re.compile(r"-?\d+(?:\.\d+)?"), ",": re.compile(r"-?\d+(?:,\d+)?")}
_AMBIGUOUS_NUMBER = re.compile(r"-?" + vs.AMBIGUOUS_NUMBER)
_INTEGER = re.compile(r"-?\d+")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_TIME = re.compile(r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?")
_SLASH_DAY = re.compile(r"(\d{1,2})/(\d{1,2})/\d{4}")
_DATE_FORMATS = {"dmy": "%d/%m/%Y", "mdy": "%m/%d/%Y"}
_TYPED_KINDS = ("deals", "leads", "history")
_MARK_WORDS = {mark: word for word, mark in vs.DECIMAL_MARKS.items()}


class _ReaderTypes(dict[str, str]):
    """Columns DuckDB's reader types itself (column -> ``DOUBLE``, ``DATE`` or ``TIMESTAMP``), with the one
    decimal mark and the one date order (None: ISO dates) it reads all of them with. ``unproven``: the number
    columns whose first rows showed no decimal mark (whole numbers, or no value)."""

    def __init__(self, types: dict[str, str] | None = None, decimal: str = ".", date_order: str | None = None,
                 unproven: frozenset[str] = frozenset()):
        super().__init__(types or {})
        self.decimal = decimal
        self.date_order = date_order
        self.unproven = unproven & set(self)

    @property
    def shown_decimal(self) -> str | None:
        """The decimal mark some typed column's values show, if any."""
        return self.decimal if any(t == "DOUBLE" and c not in self.unproven for c, t in self.items()) else None


def _typed_columns(info: FileInfo, plan: _Plan) -> _ReaderTypes:
    """Columns DuckDB's reader can type itself: a deals or leads field whose first rows are all plain numbers
    with one decimal mark (or integers), or all dates written one way (ISO, with or without a time;
    dd/mm/yyyy with some day over 12 among them, or mm/dd/yyyy with some day over 12 in second place). The reader
    then checks every value of the column, and the import falls back to reading everything as text if one does
    not fit. A column qualifies only with its own evidence of its day order, and a number column is read with its
    own decimal mark or, for integers, the one the long way would choose without evidence: so its whole-column
    decision could not be another (a value written the other way fails the cast, and no value can decide for
    it). A number column of whole numbers is checked for whole numbers only (``_unfit_sql``): the reader would
    read a later "2.500" as 2.5, where the long way, finding no value that says which mark is the decimal one,
    asks. A time is read and dropped, as the long way drops it (an offset does not move the date either). A field
    with no value in those rows is read as the others of its kind are (dates as ISO dates or times, when no
    day/month order is in use)."""
    if plan.kind not in _TYPED_KINDS or not info.sample_rows or plan.id_rule.per_row:
        return _ReaderTypes()  # a row's id is made from its cells as written
    position = {header: index for index, header in enumerate(info.header)}
    uses = list(plan.mapping.values())
    numbers: dict[str, str] = {}
    unproven: set[str] = set()  # number columns of whole numbers
    dates: dict[str, tuple[str, str | None]] = {}
    empty: dict[str, str] = {}  # column -> kind of a field with no value in the sniffer's rows
    for name, column in plan.mapping.items():
        kind = FIELDS[plan.kind].get(name)
        if kind not in ("number", "date") or column not in position or uses.count(column) > 1:
            continue
        values = [row[position[column]] for row in info.sample_rows if row[position[column]] != ""]
        key = info.columns[position[column]]
        if not values:
            empty[key] = kind
            continue
        if kind == "number":
            mark = _plain_decimal_mark(values, info.delimiter)
            if mark:
                numbers[key] = mark
            if all(_INTEGER.fullmatch(v) for v in values):
                unproven.add(key)
        else:
            written = _date_type(values)
            if written:
                dates[key] = written
    # One decimal mark and one date order (ISO dates and times need none) for all of the reader's typed columns.
    marks, orders = set(numbers.values()), {order for _kind, order in dates.values()}
    types: dict[str, str] = {}
    mark = marks.pop() if len(marks) == 1 else None if marks else _mark_without_evidence(info.delimiter)
    if mark:
        types |= {c: "DOUBLE" for c in [*numbers, *(c for c, kind in empty.items() if kind == "number")]}
        unproven |= {c for c, kind in empty.items() if kind == "number"}
    order = orders.pop() if len(orders) == 1 else None
    if len(orders) <= 1:
        types |= {c: kind for c, (kind, _order) in dates.items()}
        if order is None:
            types |= {c: "TIMESTAMP" for c, kind in empty.items() if kind == "date"}
    return _ReaderTypes(types, mark or ".", order, frozenset(unproven))


def _mark_without_evidence(delimiter: str) -> str:
    """The decimal mark the long way chooses when no value shows one: a comma in a semicolon file."""
    return "," if delimiter == ";" else "."


def _plain_decimal_mark(values: list[str], delimiter: str) -> str | None:
    """``.`` or ``,`` when every value is a plain number with that decimal mark and some value shows it; for
    integers, the mark the long way chooses when no value shows one (a comma in a semicolon file)."""
    if all(_INTEGER.fullmatch(v) for v in values):
        return _mark_without_evidence(delimiter)
    for mark in (".", ","):
        if mark != delimiter and all(_PLAIN_NUMBER[mark].fullmatch(v) for v in values) and any(
                mark in v and not _AMBIGUOUS_NUMBER.fullmatch(v) for v in values):
            return mark
    return None


def _date_type(values: list[str]) -> tuple[str, str | None] | None:
    """The reader's type and day order for a column whose values are all dates written one way: ISO days
    (``DATE``), ISO days with times (``TIMESTAMP``), or dd/mm/yyyy or mm/dd/yyyy, where some value with a day over
    12 decides and none contradicts it."""
    if all(_ISO_DAY.fullmatch(v) for v in values):
        return "DATE", None
    if all(_ISO_TIME.fullmatch(v) for v in values):
        return "TIMESTAMP", None
    parts = [_SLASH_DAY.fullmatch(v) for v in values]
    if not all(parts):
        return None
    day_first = any(int(m.group(1)) > 12 for m in parts)
    month_first = any(int(m.group(2)) > 12 for m in parts)
    order = "dmy" if day_first and not month_first else "mdy" if month_first and not day_first else None
    return ("DATE", order) if order else None


def _read_file(tx, info: FileInfo, typed: _ReaderTypes) -> _ReaderTypes:
    """Read the file into ``raw``, with the ``typed`` columns typed by DuckDB when every value fits, else every
    column as text; return the columns that were typed."""
    if typed:
        _read(tx, info, typed)
        if not tx.execute(f"SELECT count(*) FROM raw WHERE {_unfit_sql(typed)}").fetchall()[0][0] and \
                _no_cast_errors(tx):
            return typed
    _read(tx, info, _ReaderTypes())
    return _ReaderTypes()


def _read(tx, info: FileInfo, typed: _ReaderTypes, table: str = "raw",
          query: Callable[[str], str] = lambda reader: f"SELECT * FROM {reader}") -> None:
    """Create ``table`` as ``query`` over DuckDB's reader of the data lines (``typed`` columns typed by the
    reader, the others text); malformed rows go to ``imp_errors`` with their line number."""
    columns = "{" + ", ".join(f"'{c}': '{typed.get(c, 'VARCHAR')}'" for c in info.columns) + "}"
    delimiter = info.delimiter.replace("'", "''")
    formats = (f", decimal_separator='{typed.decimal}'" if typed.decimal != "." else "") + (
        f", dateformat='{_DATE_FORMATS[typed.date_order]}'" if typed.date_order else "")
    reader = f"""read_csv(?, columns={columns}, header=false, skip={info.header_line}, delim='{delimiter}',
        quote='"', escape='"', auto_detect=false, strict_mode=true, ignore_errors=true, store_rejects=true,
        rejects_table='imp_errors', rejects_scan='imp_scans', max_line_size={MAX_LINE_BYTES}, encoding='utf-8',
        null_padding=false{formats})"""
    tx.execute("DROP TABLE IF EXISTS imp_errors")
    tx.execute("DROP TABLE IF EXISTS imp_scans")
    try:
        tx.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS {query(reader)}", [str(info.read_path)])
    except duckdb.Error as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        detail = without_paths(first, info.name, info.read_path, info.path)
        raise ImportFileError("ingest.error.unreadable", file=info.name, detail=detail) from None


def _no_cast_errors(tx) -> bool:
    return not tx.execute("SELECT count(*) FROM imp_errors WHERE error_type = 'CAST'").fetchall()[0][0]


def _unfit_sql(typed: _ReaderTypes) -> str:
    """SQL true for a row where a value the reader typed without a cast error is still not what the text means:
    an infinite number, a fraction in a column of whole numbers (its text, which the long way needs to decide the
    column's decimal mark, is gone: "2.500" and "2.5" are both 2.5), or a day/month date whose year has fewer than
    four digits (``%Y`` reads 24 as the year 24; an ISO date is read as the long way reads it)."""
    dates = [c for c, t in typed.items() if t == "DATE"] if typed.date_order else []
    return " OR ".join([*(f"NOT isfinite({c})" for c, t in typed.items() if t == "DOUBLE"),
                        *(f"{c} <> trunc({c})" for c in sorted(typed.unproven)),
                        *(f"year({c}) < 1000" for c in dates)]) or "false"


def _newlines_in_fields(info: FileInfo, texts: list[str]) -> tuple[str, str] | None:
    """SQL telling whether a row's ``texts`` columns hold a newline, and how many; None when the file cannot
    have any (a newline inside a field needs quotes around it)."""
    if not info.has_quotes or not texts:
        return None
    count = " + ".join(f"coalesce(length({c}) - length(replace({c}, chr(10), '')), 0)" for c in texts)
    return " OR ".join(f"contains({c}, chr(10))" for c in texts), count


def _number_lines(tx, info: FileInfo, table: str, newlines: tuple[str, str] | None) -> dict[str, int]:
    """``rawl``: ``table`` (the rows as read, in the file's order) with ``line``, the physical line each row
    starts on; ``reader_rejects``: the malformed data rows. ``newlines`` is the SQL telling whether a row's fields
    hold newlines, and how many (None when they cannot)."""
    first = info.header_line + 1
    tx.execute("""CREATE OR REPLACE TEMP TABLE skipped AS
        SELECT line, any_value(csv_line) AS csv_line, any_value(error_type) AS error_type,
               min(byte_position) AS pos
        FROM imp_errors GROUP BY line""")
    _recheck_long_rows(tx, info)
    tx.execute("""CREATE OR REPLACE TEMP TABLE skips AS
        SELECT line, csv_line, error_type, pos, row_number() OVER (ORDER BY line) - 1 AS j,
               line - (row_number() OVER (ORDER BY line) - 1) AS t
        FROM skipped""")
    n_skips = tx.execute("SELECT count(*) FROM skips").fetchall()[0][0]
    # Rows inserted in an open transaction get row ids from a high base: number them from the first one.
    base = tx.execute(f"SELECT coalesce(min(rowid), 0) FROM {table}").fetchall()[0][0]
    has_newlines = newlines is not None and bool(
        tx.execute(f"SELECT EXISTS (SELECT 1 FROM {table} WHERE {newlines[0]})").fetchall()[0][0])
    if has_newlines:
        count = newlines[1]
        embedded = (f"coalesce(sum({count}) OVER (ORDER BY rowid ROWS BETWEEN UNBOUNDED PRECEDING "
                    f"AND 1 PRECEDING), 0)")
        own = count
    else:
        embedded = own = "0"
    if n_skips:
        tx.execute(f"""CREATE OR REPLACE TEMP TABLE rawl AS
            SELECT r.*, {first} + r.rid + coalesce(s.j + 1, 0) + r.emb AS line
            FROM (SELECT *, rowid - {base} AS rid, {embedded} AS emb, {own} AS own FROM {table}) r
            ASOF LEFT JOIN (SELECT t, max(j) AS j FROM skips GROUP BY t) s ON {first} + r.rid >= s.t""")
        if has_newlines:
            tx.execute(f"""CREATE OR REPLACE TEMP TABLE skips AS
                SELECT s.*, s.line + coalesce((SELECT max(emb + own) FROM rawl WHERE rid < s.line - {first} - s.j), 0)
                    AS physical FROM skips s""")
        else:
            tx.execute("CREATE OR REPLACE TEMP TABLE skips AS SELECT *, line AS physical FROM skips")
    else:
        if has_newlines:
            tx.execute(f"CREATE OR REPLACE TEMP TABLE rawl AS "
                       f"SELECT *, {first} + rowid - {base} + {embedded} AS line FROM {table}")
        else:
            tx.execute(f"CREATE OR REPLACE TEMP VIEW rawl AS SELECT *, {first} + rowid - {base} AS line FROM {table}")
        tx.execute("CREATE OR REPLACE TEMP TABLE skips AS SELECT *, line AS physical FROM skips")
    if n_skips or has_newlines:
        tx.execute(f"DROP TABLE {table}")
    sentinel = vs.lit(BLANK_SENTINEL)
    tx.execute(f"""CREATE OR REPLACE TEMP TABLE reader_rejects AS
        SELECT physical AS line, csv_line, error_type FROM skips
        WHERE physical < {info.footer_start} AND trim(coalesce(csv_line, ''), ' \t' || {sentinel}) <> ''""")
    good = tx.execute(f"SELECT count(*) FROM rawl WHERE line < {info.footer_start}").fetchall()[0][0]
    bad = tx.execute("SELECT count(*) FROM reader_rejects").fetchall()[0][0]
    return {"good": good, "bad": bad}


def _recheck_long_rows(tx, info: FileInfo) -> None:
    """DuckDB may report a row longer than ``max_line_size`` as a quoting error, with the previous row's text:
    look at the file at the error's position and say what it is."""
    suspects = tx.execute("""SELECT line, pos FROM skipped WHERE error_type IN ('UNQUOTED VALUE', 'INVALID STATE',
        'LINE SIZE OVER MAXIMUM') AND pos IS NOT NULL ORDER BY line LIMIT 1000""").fetchall()
    if not suspects:
        return
    fixes = []
    with info.read_path.open("rb") as handle:
        for line, pos in suspects:
            handle.seek(pos)
            chunk = handle.read(MAX_LINE_BYTES + 1)
            if b"\n" not in chunk and len(chunk) > MAX_LINE_BYTES:
                fixes.append((line, chunk[:200].decode("utf-8", errors="replace")))
    if fixes:
        tx.executemany("UPDATE skipped SET error_type = 'LINE SIZE OVER MAXIMUM', csv_line = ? WHERE line = ?",
                       [(text, line) for line, text in fixes])


# ------------------------------------------------------------------------------------------------- values
class _Fields:
    """SQL for each mapped field: the parsed value and, for typed fields, the raw text to check it against."""

    def __init__(self, tx, info: FileInfo, plan: _Plan, options: ImportOptions,
                 typed: _ReaderTypes | None = None) -> None:
        self.info = info
        self.typed = typed or _ReaderTypes()
        self.plan = plan
        self.types = FIELDS[plan.kind]
        self.col = {h: c for h, c in zip(info.header, info.columns, strict=True)}
        self.exprs: dict[str, str] = {}
        self.decimal: dict[str, str | None] = {}
        self.parsed: dict[str, str] = {}
        self.raw: dict[str, str] = {}
        self.plain: dict[str, bool] = {}
        self.notes: list[Said] = []
        self._decide(tx, options)

    def source_sql(self, name: str) -> str | None:
        column = self.plan.mapping.get(name)
        if column is None:
            return None
        if column.startswith("="):
            return vs.lit(column[1:])
        return self.col[column]

    def header(self, name: str) -> str:
        """The column a field comes from, as the rejects name it."""
        if name == "crm_id" and self.plan.id_rule:
            return self.plan.id_rule.label()
        return self.plan.mapping.get(name, "")

    def id_sql(self) -> str:
        """SQL for a record's id: its column, several columns combined, or one made from the row's cells (a hash of
        them, trimmed, and the row's rank among identical rows: the same rows give the same ids again)."""
        rule = self.plan.id_rule
        if rule.per_row:
            cells = ", ".join(f"coalesce(trim({c}), '')" for c in self.info.columns)
            digest = f"md5(concat_ws(chr(31), {cells}))"
            return (f"{vs.lit(pr.ROW_ID_PREFIX)} || left({digest}, 16) || '-' || "
                    f"CAST(row_number() OVER (PARTITION BY {digest}) AS VARCHAR)")
        if rule.columns:
            parts = [vs.text_sql(self.col[header], self.info.blanks) for header in rule.columns]
            joined = " || ' | ' || ".join(f"coalesce({part}, '')" for part in parts)
            return f"CASE WHEN coalesce({', '.join(parts)}) IS NOT NULL THEN {joined} END"
        return self.get("crm_id")

    def _decide(self, tx, options: ImportOptions) -> None:
        parts: list[str] = []
        numbers, dates = [], []
        for name, kind in self.types.items():
            src = self.source_sql(name)
            if src is None or src in self.typed:
                continue  # typed by DuckDB's reader, which checked every value
            if kind == "number":
                parts += vs.number_stats_sql(src, f"n_{name}")
                numbers.append(name)
            elif kind == "date":
                dates.append(name)
        stats: dict[str, object] = {}
        if parts:
            cursor = tx.execute(f"SELECT {', '.join(parts)} FROM rawl WHERE line < {self.info.footer_start}")
            names = [d[0] for d in cursor.description]
            stats = dict(zip(names, cursor.fetchall()[0], strict=True))
        for name in dates:
            # Dates repeat: the checks run once per distinct value (all of them, not a sample).
            cursor = tx.execute(f"""SELECT {', '.join(vs.date_stats_sql('v', f'd_{name}'))} FROM (
                SELECT DISTINCT {self.source_sql(name)} AS v FROM rawl WHERE line < {self.info.footer_start})""")
            names = [d[0] for d in cursor.description]
            stats.update(zip(names, cursor.fetchall()[0], strict=True))
        self.decimal_mark: str | None = None  # the mark the file's numbers were read with, when any showed it
        self.shown_decimals = {self.typed.shown_decimal} - {None}
        columns = {n: vs.number_column(self.header(n), stats, f"n_{n}") for n in numbers}
        self.decide_numbers(list(columns.values()), ask=False)  # dates are asked first
        self.dates: dict[str, vs.DateColumn] = {}
        for name in dates:
            column = vs.DateColumn(self.header(name), **{
                k: stats[f"d_{name}_{k}"] for k in ("iso", "numeric", "month_name", "serial", "max_first",
                                                      "max_second", "unequal", "distinct_first", "distinct_second",
                                                      "unplain")})
            vs.decide_order(column, self.plan.date_order)
            self.dates[name] = column
        orders = {c.order for c in self.dates.values() if c.numeric and c.order and c.unequal}
        if self.typed.date_order:
            orders.add(self.typed.date_order)  # the reader's day/month columns were decided by a day over 12
        undecided = [n for n, c in self.dates.items() if c.needs_order]
        if undecided and len(orders) == 1:
            order = orders.pop()
            for name in undecided:
                self.dates[name].order = order
            key = "ingest.note.dates_dayfirst" if order == "dmy" else "ingest.note.dates_monthfirst"
            self.notes.append(Said(key, columns=[self.header(n) for n in undecided]))
            undecided = []
        for name in undecided:
            vs.decide_by_constant_field(self.dates[name])
        undecided = [n for n in undecided if self.dates[n].needs_order]
        if undecided:
            raise AmbiguousDatesError(self.info.name, [self.header(n) for n in undecided])
        self.ask_undecided(list(columns.values()))
        self.decimal = {n: column.decimal for n, column in columns.items()}
        self.date_order = next((c.order for c in self.dates.values() if c.numeric and c.order), self.typed.date_order)
        for name, kind in self.types.items():
            src = self.source_sql(name)
            if src is None:
                continue
            # A constant typed into the mapping may hold any blank; a column only those found in the file.
            blanks = None if self.plan.mapping[name].startswith("=") else self.info.blanks
            if kind == "text":
                self.exprs[name] = vs.text_sql(src, blanks)
                continue
            # A typed field is parsed once, into ``p_<name>`` of the staging query; its raw text is kept only
            # where that failed, for the rejects.
            zero_is_missing = bool(kind == "number" and name == "amount" and self.plan.profile
                                   and self.plan.profile.zero_amount_is_missing)
            self.exprs[name] = f"nullif(p_{name}, 0)" if zero_is_missing else f"p_{name}"
            if src in self.typed:
                self.parsed[name] = f"CAST({src} AS DATE)" if self.typed[src] == "TIMESTAMP" else src
                self.plain[name] = True
                continue
            if kind == "number":
                self.plain[name] = vs.plain_numbers(stats[f"n_{name}_unplain"], stats[f"n_{name}_dots"],
                                                    self.decimal[name])
                self.parsed[name] = (vs.plain_number_sql(src) if self.plain[name]
                                     else vs.number_sql(src, self.decimal[name]))
            elif kind == "date":
                self.parsed[name] = vs.date_sql(src, self.dates[name], excel_serials=self.info.encoding == "xlsx")
            elif kind == "bool":
                self.parsed[name] = vs.bool_sql(src)
            self.raw[name] = vs.text_sql(src, blanks)

    def get(self, name: str, default: str = "NULL") -> str:
        return self.exprs.get(name, default)

    def decide_numbers(self, columns: list[vs.NumberColumn], ask: bool = True) -> None:
        """Each number column's decimal mark (``values.decide_decimals``), said when the user's choice or the file's
        other columns decided it; with ``ask``, raise AmbiguousDecimalError for the columns still undecided."""
        choice = vs.DECIMAL_MARKS.get(self.plan.decimal or "")
        marks = self.shown_decimals | {c.evidence for c in columns if c.evidence}
        default = next(iter(marks)) if len(marks) == 1 else _mark_without_evidence(self.info.delimiter)
        said = vs.decide_decimals(columns, choice, self.shown_decimals, default)
        self.shown_decimals = marks
        for how, decided in said.items():
            if decided:
                self.notes.append(Said(f"ingest.note.decimal_{how}", columns=[repr(c.column) for c in decided],
                                       example=repr(decided[0].example),
                                       mark=Said(f"ingest.decimal.{_MARK_WORDS[decided[0].decimal]}")))
        if self.decimal_mark is None:
            self.decimal_mark = next((c.decimal for c in columns if c.evidence or c.ambiguous and c.decimal),
                                     self.typed.shown_decimal)
        if ask:
            self.ask_undecided(columns)

    def ask_undecided(self, columns: list[vs.NumberColumn]) -> None:
        undecided = [c for c in columns if c.needs_mark]
        if undecided:
            raise AmbiguousDecimalError(self.info.name, [c.column for c in undecided], undecided[0].example or "")


def _problems_sql(fields: _Fields, extra: list[tuple[str, str, str, str]]) -> str:
    """One row per (line, problem): unreadable typed values plus ``extra`` (condition, column, value, reason
    key)."""
    items = []
    reasons = {"number": "ingest.reason.unreadable_number", "date": "ingest.reason.unreadable_date",
               "bool": "ingest.reason.not_boolean"}
    for name in fields.raw:
        reason = "ingest.reason.unreadable_amount" if name == "amount" else reasons[fields.types[name]]
        items.append((f"r_{name} IS NOT NULL AND p_{name} IS NULL", fields.header(name), f"r_{name}", reason))
    items += extra
    if not items:
        return ("SELECT NULL::BIGINT AS line, NULL AS column_name, NULL AS value, NULL AS reason_key, "
                "NULL AS reason_lines WHERE false")
    structs = ", ".join(
        f"CASE WHEN {cond} THEN {{'c': {vs.lit(col)}, 'v': left(CAST({value} AS VARCHAR), 200), "
        f"'k': {vs.lit(reason)}}} END"
        for cond, col, value, reason in items
    )
    return f"""SELECT DISTINCT line, p.c AS column_name, p.v AS value, p.k AS reason_key,
            CAST(NULL AS VARCHAR) AS reason_lines FROM (
        SELECT line, unnest(list_filter([{structs}], lambda x: x IS NOT NULL)) AS p FROM staged)"""


def reason_sql(t: Translator, key: str, lines: str) -> str:
    """SQL for a reject's reason in ``t``'s language, from the SQL of its i18n key and of the lines a duplicate
    id was found on: one CASE over the keys, so that a million rejects are worded by DuckDB, not by Python."""
    cases = []
    for reason in (k for k in MESSAGES if k.startswith("ingest.reason.")):
        if reason == _SAME_ID:
            before, after = t(reason, lines="\x00").split("\x00")
            cases.append(f"WHEN {vs.lit(reason)} THEN {vs.lit(before)} || {lines} || {vs.lit(after)}")
        else:
            cases.append(f"WHEN {vs.lit(reason)} THEN {vs.lit(t(reason, **_REASON_VALUES.get(reason, {})))}")
    return f"CASE {key} {' '.join(cases)} END"


def _reason(key: str | None, lines: str | None, text: str) -> str:
    """A listed reject's reason: a Said (English, and the key to say it in another language), else its text."""
    if key is None:
        return text
    return Said(key, **(_REASON_VALUES.get(key, {}) | ({"lines": lines} if key == _SAME_ID else {})))


# ------------------------------------------------------------------------------------------------- kinds
def _staging_select(fields: _Fields, select: list[str], rows: str, with_line: bool = True) -> str:
    """The staging query: the ``select`` list over ``rows`` (SQL giving the file's columns), where each typed
    field is parsed once (``p_<name>``) and its raw text kept only where it did not parse (the rejects show it;
    storing every raw value of every typed column cost more than the parsing)."""
    parsed = "".join(f", {expr} AS p_{name}" for name, expr in fields.parsed.items())
    raws = [f"CASE WHEN p_{name} IS NULL THEN {raw} END AS r_{name}" for name, raw in fields.raw.items()]
    # ``p_<name>`` is kept only beside a raw text, for the rejects to compare with.
    columns = [*(["line"] if with_line else []), *select, *raws, *(f"p_{name}" for name in fields.raw)]
    return f"SELECT {', '.join(columns)} FROM (SELECT *{parsed} FROM {rows})"


def _stage_common(tx, fields: _Fields, select: list[str], footer: int) -> None:
    """``staged``: the staging query over the file's data rows (KPI and objectives files)."""
    tx.execute(f"CREATE OR REPLACE TEMP TABLE staged AS "
               f"{_staging_select(fields, select, f'rawl WHERE line < {footer}')}")
    _drop_rows_as_read(tx)


def _drop_rows_as_read(tx) -> None:
    tx.execute("DROP VIEW IF EXISTS rawl" if _is_view(tx, "rawl") else "DROP TABLE IF EXISTS rawl")
    tx.execute("DROP TABLE IF EXISTS raw")


def _is_view(tx, name: str) -> bool:
    return bool(tx.execute("SELECT count(*) FROM duckdb_views() WHERE view_name = ? AND temporary",
                           [name]).fetchall()[0][0])


def _finish_rejects(tx, fields: _Fields, extra: list[tuple[str, str, str, str]], key: list[str],
                    compare: list[str]) -> None:
    """``problems`` (all), then ``accepted``: rows with no problem, conflicting duplicates rejected, exact
    duplicates kept once."""
    tx.execute(f"CREATE OR REPLACE TEMP TABLE problems AS {_problems_sql(fields, extra)}")
    keys = ", ".join(key)
    if tx.execute("SELECT count(*) FROM problems").fetchall()[0][0]:
        tx.execute("""CREATE OR REPLACE TEMP TABLE ok AS
            SELECT * FROM staged ANTI JOIN (SELECT DISTINCT line FROM problems) USING (line)""")
    else:
        tx.execute("CREATE OR REPLACE TEMP VIEW ok AS SELECT * FROM staged")
    total, distinct = tx.execute(f"SELECT count(*), count(DISTINCT ({keys})) FROM ok").fetchall()[0]
    if total != distinct:
        cmp = ", ".join(compare)
        same_key = " AND ".join(f"o2.{k} IS NOT DISTINCT FROM o.{k}" for k in key)
        tx.execute(f"""CREATE OR REPLACE TEMP TABLE conflicts AS
            SELECT {keys} FROM ok GROUP BY {keys} HAVING count(DISTINCT hash({cmp})) > 1""")
        tx.execute(f"""INSERT INTO problems
            SELECT o.line, {vs.lit(fields.header(key[0]) or key[0])},
                   left(CAST(o.{key[0]} AS VARCHAR), 200), {vs.lit(_SAME_ID)},
                   (SELECT string_agg(CAST(o2.line AS VARCHAR), ', ' ORDER BY o2.line)
                       FROM (SELECT line FROM ok o2 WHERE {same_key} ORDER BY line LIMIT 5) o2)
            FROM ok o SEMI JOIN conflicts c USING ({keys})""")
        tx.execute(f"""CREATE OR REPLACE TEMP TABLE accepted AS
            SELECT * FROM ok ANTI JOIN conflicts USING ({keys})
            QUALIFY row_number() OVER (PARTITION BY {keys} ORDER BY line) = 1""")
    else:
        tx.execute("CREATE OR REPLACE TEMP VIEW accepted AS SELECT * FROM ok")


_STAGES_IN_A_CASE = 200

# Deals and leads, each with the table of the before-images its imports keep for undo.
_RECORD_VERSIONS = {"deals": "deal_versions", "leads": "lead_versions"}  # two of storage.IMPORT_BEFORE_IMAGES


def _stage_records(tx, info: FileInfo, plan: _Plan, options: ImportOptions, result: ImportResult
                   ) -> tuple[_Fields, dict[str, int], list[tuple[str, str, str, str]], list[str]]:
    """``staged`` for a deals or leads file; returns its fields, row counts, record-specific problems and the stored
    fields the file does not give (``_absent_fields``).

    When DuckDB's reader types every number and date field itself, nothing needs deciding from the values first,
    and the staging query runs on the reader, in the same pass as the read (on a plain 1M-row export this saves
    a fifth of the import). Otherwise, or when a typed value does not fit, the file is read as it is, and the
    decimal marks and date orders are decided from all of its values before staging."""
    typed = _typed_columns(info, plan)
    counts = None
    if _types_every_value(info, plan, typed):
        fields = _Fields(tx, info, plan, options, typed)  # decides nothing from the values: none is needed
        select = _record_select(fields, plan)
        varying, constants = _split_constants(select)
        counts = _stage_while_reading(tx, info, fields, varying, typed)
        rows = f"rawl WHERE line < {info.footer_start}"
        if counts is None:  # a typed value did not fit: the reader's types are no use
            typed = _ReaderTypes()
    if counts is None:
        typed = _read_file(tx, info, typed)
        counts = _number_lines(tx, info, "raw", _newlines_in_fields(info, [c for c in info.columns if c not in typed]))
        fields = _Fields(tx, info, plan, options, typed)
        select = _record_select(fields, plan)
        varying, constants = _split_constants(select)
        tx.execute(f"CREATE OR REPLACE TEMP TABLE staged_rows AS "
                   f"{_staging_select(fields, varying, f'rawl WHERE line < {info.footer_start}')}")
        _drop_rows_as_read(tx)
        rows = "staged_rows"
    rows = f"SELECT *{''.join(f', {sql}' for sql in constants)} FROM {rows}"
    if plan.kind == "deals":
        result.new_stages, extra = _stage_deals(tx, fields, plan, rows)
        result.pipelines = sg.file_pipelines(tx, plan.source, result.new_stages)
    else:
        extra = _stage_leads(tx, fields, plan, rows)
    return fields, counts, extra, _absent_fields(plan.kind, select)


# The stored fields made from other staged columns (``_deal_select``, ``_lead_select``): a file gives such a field
# when it gives one of them. Any other stored field is staged under its own name.
_DERIVED_FROM = {
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


def _types_every_value(info: FileInfo, plan: _Plan, typed: _ReaderTypes) -> bool:
    """Whether DuckDB's reader types every mapped number and date field (so none needs deciding from values)."""
    column = dict(zip(info.header, info.columns, strict=True))
    return bool(typed) and all(column.get(header) in typed for name, header in plan.mapping.items()
                               if FIELDS[plan.kind].get(name) in ("number", "date"))


def _stage_while_reading(tx, info: FileInfo, fields: _Fields, select: list[str],
                         typed: _ReaderTypes) -> dict[str, int] | None:
    """``staged_rows`` straight from the reader, then numbered as ``rawl``; returns the row counts, or None (and
    nothing left) when a typed value did not fit. A row's newlines inside quoted fields are counted as it is read
    (``breaks``): the line numbers need them, and the columns that hold them are not all kept."""
    newlines = _newlines_in_fields(info, [c for c in info.columns if c not in typed])
    checks = [f"{_unfit_sql(typed)} AS unfit"]
    if newlines:
        checks.append(f"CASE WHEN {newlines[0]} THEN {newlines[1]} ELSE 0 END AS breaks")
    _read(tx, info, typed, "staged_rows",
          lambda reader: _staging_select(fields, [*select, *checks], reader, with_line=False))
    if tx.execute("SELECT count(*) FROM staged_rows WHERE unfit").fetchall()[0][0] or not _no_cast_errors(tx):
        tx.execute("DROP TABLE staged_rows")
        return None
    return _number_lines(tx, info, "staged_rows", ("breaks > 0", "breaks") if newlines else None)


def _record_select(fields: _Fields, plan: _Plan) -> dict[str, str]:
    """The staged columns of a deals or leads file, each with its SQL."""
    return _deal_select(fields, plan) if plan.kind == "deals" else _lead_select(fields, plan)


_LITERAL = re.compile(r"NULL|'(?:[^']|'')*'")


def _split_constants(select: dict[str, str]) -> tuple[list[str], list[str]]:
    """``select`` as the SQL of the columns that vary from row to row, and of those that are one literal (an
    unmapped field's NULL, the source): these are added to the rows when they are read, since a temp table
    holding a million copies of a constant cost about 5 ms a column."""
    varying, constants = [], []
    for name, sql in select.items():
        (constants if _LITERAL.fullmatch(sql) else varying).append(f"{sql} AS {name}")
    return varying, constants


def _deal_select(fields: _Fields, plan: _Plan) -> dict[str, str]:
    f = fields.get
    title = f"coalesce({f('title')}, {f('account')})" if "account" in fields.exprs else f("title")
    return {
        "source": vs.lit(plan.source), "crm_id": fields.id_sql(), "title": title, "account": f("account"),
        "owner": f("owner"), "team": f("team"), "pipeline": f("pipeline"), "stage": f("stage"),
        "status_text": f("status"), "is_won": f("is_won"), "is_closed": f("is_closed"), "amount": f("amount"),
        **cu.deal_currency_select(fields, plan.currency), "created_on": f("created_on"),
        "close_mapped": f("close_on"), "won_on": f("won_on"), "lost_on": f("lost_on"),
        "expected_close_on": f("expected_close_on"), "lead_source": f("lead_source"),
        "deal_type": f("deal_type"), "won_reason": f("won_reason"), "lost_reason": f("lost_reason"),
        "product": f("product"), "probability": f("probability"),
    }


def _add_file_stages(tx, fields: _Fields, plan: _Plan, rows: str, stated: str, status_join: str) -> list[str]:
    """``file_stages``: the (pipeline, stage) pairs of the file with what it shows of each (``sg.StageEvidence``:
    its deals' stated outcomes and win probabilities, its first line); the stages a pipeline's stage map does not
    know yet are added to it, guessed from that evidence. Returns them (each named once)."""
    probability = "NULL::DOUBLE"
    if "probability" in fields.exprs:
        # Percentages: 0-100 unless every value is a share (0-1).
        top = tx.execute(f"SELECT max(probability) FROM ({rows})").fetchall()[0][0]
        probability = "s.probability / 100" if top is not None and top > 1 else "s.probability"
    stage = "s.stage" if "stage" in fields.exprs else "NULL::VARCHAR"
    tx.execute(f"""CREATE OR REPLACE TEMP TABLE file_stages AS
        SELECT coalesce(s.pipeline, '') AS pipeline, {stage} AS stage, min(s.line) AS first_line,
               count(*) AS deals, count({stated}) AS decided, count(*) FILTER (WHERE {stated} = 'won') AS won,
               count(*) FILTER (WHERE {stated} = 'lost') AS lost, median({probability}) AS probability,
               min({probability}) AS probability_min, max({probability}) AS probability_max
        FROM ({rows}) s {status_join} WHERE {stage} IS NOT NULL GROUP BY ALL""")
    found = tx.execute("SELECT * FROM file_stages ORDER BY first_line").fetchall()
    by_pipeline: dict[str, list[sg.StageEvidence]] = {}
    for pipeline, *figures in found:
        by_pipeline.setdefault(pipeline, []).append(sg.StageEvidence(*figures))
    stored = {row[0] for row in tx.execute("SELECT DISTINCT coalesce(pipeline, '') FROM deals WHERE source = ?",
                                           [plan.source]).fetchall()}
    defaults = plan.profile.stages if plan.profile else ()
    new: list[str] = []
    for pipeline, evidence in by_pipeline.items():
        sole = (stored | set(by_pipeline)) == {pipeline}
        new += sg.add_new_stages(tx, plan.source, pipeline, evidence, defaults, sole)
    return list(dict.fromkeys(new))


def _stage_deals(tx, fields: _Fields, plan: _Plan, rows: str) -> tuple[list[str], list[tuple[str, str, str, str]]]:
    """``staged``: the deals of ``rows`` (SQL over the staged rows) with their status and close date; returns the
    stages seen for the first time and the deal-specific problems."""
    open_words = ", ".join(vs.lit(w) for w in sg.OPEN_WORDS)
    if "status" in plan.mapping:
        # Status words are matched once per distinct value.
        tx.execute(f"""CREATE OR REPLACE TEMP TABLE status_words AS SELECT raw, coalesce({sg.status_sql('raw')},
            CASE WHEN trim(strip_accents(lower(raw))) IN ({open_words}) THEN 'open' END) AS word_status
            FROM (SELECT DISTINCT status_text AS raw FROM ({rows}))""")
        stated = "sw.word_status"
    elif "is_won" in plan.mapping or "is_closed" in plan.mapping:
        stated = ("CASE WHEN coalesce(s.is_won, false) THEN 'won' WHEN coalesce(s.is_closed, false) THEN 'lost' "
                  "ELSE 'open' END")
    else:
        stated = "NULL"
    status_join = ("LEFT JOIN status_words sw ON sw.raw = s.status_text" if "status" in plan.mapping else "")
    new_stages = _add_file_stages(tx, fields, plan, rows, stated, status_join)
    # Every stage seen is in its pipeline's stage map now (the profile, the file's evidence or the words decided new
    # ones): no per-row word matching, and a CASE over the few (pipeline, stage) pairs seen instead of a join (every
    # later query on ``staged`` evaluates it; a join cost 20-40 ms each on a million rows). Many distinct "stages"
    # are joined.
    by_stage, stage_join = "'open'", ""
    pairs = tx.execute(f"""SELECT f.pipeline, f.stage, coalesce(own.status, shared.status) FROM file_stages f
        LEFT JOIN stage_map own ON own.source = {vs.lit(plan.source)} AND own.pipeline = f.pipeline
            AND own.raw_stage = f.stage
        LEFT JOIN stage_map shared ON shared.source = {vs.lit(plan.source)} AND shared.pipeline = ''
            AND shared.raw_stage = f.stage
        WHERE coalesce(own.status, shared.status) IS NOT NULL""").fetchall()
    if len(pairs) > _STAGES_IN_A_CASE:
        by_stage = "coalesce(sm.sm_status, 'open')"
        stage_join = "LEFT JOIN stage_statuses sm ON sm.pipeline = coalesce(s.pipeline, '') AND sm.raw_stage = s.stage"
        tx.execute("CREATE OR REPLACE TEMP TABLE stage_statuses "
                   "(pipeline VARCHAR, raw_stage VARCHAR, sm_status VARCHAR)")
        tx.executemany("INSERT INTO stage_statuses VALUES (?, ?, ?)", pairs)
    elif pairs:
        by_pipeline: dict[str, list[tuple[str, str]]] = {}
        for pipeline, stage, status in pairs:
            by_pipeline.setdefault(pipeline, []).append((stage, status))
        cases = " ".join(
            f"WHEN {vs.lit(pipeline)} THEN CASE s.stage "
            + " ".join(f"WHEN {vs.lit(stage)} THEN {vs.lit(status)}" for stage, status in stages) + " END"
            for pipeline, stages in by_pipeline.items())
        by_stage = f"coalesce(CASE coalesce(s.pipeline, '') {cases} END, 'open')"
    status = f"coalesce({stated}, {by_stage})" if stated != "NULL" else by_stage
    # Without a close date, a won or lost deal closed when it was won or lost, an open one is expected to close.
    others = [*(["CASE status WHEN 'won' THEN s.won_on WHEN 'lost' THEN s.lost_on END"]
                if "won_on" in fields.exprs or "lost_on" in fields.exprs else []),
              *(["s.expected_close_on"] if "expected_close_on" in fields.exprs else [])]
    close_on = f"coalesce(s.close_mapped, {', '.join(others)})" if others else "s.close_mapped"
    tx.execute(f"""CREATE OR REPLACE TEMP VIEW staged AS
        SELECT s.* EXCLUDE (close_mapped, won_on, lost_on, expected_close_on, probability), {status} AS status,
               {close_on} AS close_on
        FROM ({rows}) s {stage_join} {status_join}""")
    if "created_on" in fields.exprs:
        bulk = tx.execute("""SELECT created_on, count(*), (SELECT count(*) FROM staged) FROM staged
            WHERE created_on IS NOT NULL GROUP BY created_on ORDER BY count(*) DESC LIMIT 1""").fetchall()
        if bulk and bulk[0][1] >= 10 and bulk[0][1] >= 0.9 * bulk[0][2]:
            fields.notes.append(Said("ingest.note.bulk_created", count=bulk[0][1], total=bulk[0][2],
                                     date=str(bulk[0][0])))
    # A close date before the creation date is no reason to reject a deal (a Data Loader's CreatedDate is the day
    # of the load): it is kept, counted and said (``_deal_notes``), and left out of sales-cycle lengths only.
    return new_stages, [("crm_id IS NULL", fields.header("crm_id"), "''", "ingest.reason.missing_id"),
                        *cu.currency_problems(fields)]


def _qualified_by_date(fields: _Fields) -> bool:
    return any(n in fields.exprs for n in ("qualified_on", "mql_on", "sql_on"))


def _lead_select(fields: _Fields, plan: _Plan) -> dict[str, str]:
    """A lead's columns as the file gives them; its qualification and conversion are decided once its statuses
    are known (``_stage_leads``)."""
    f = fields.get
    name = (f"coalesce({f('name')}, nullif(trim(concat_ws(' ', {f('first_name')}, {f('last_name')})), ''))"
            if any(n in fields.exprs for n in ("name", "first_name", "last_name")) else "NULL")
    file_qualified_on = (f"coalesce({f('qualified_on')}, least({f('mql_on')}, {f('sql_on')}))"
                         if _qualified_by_date(fields) else "NULL")
    return {
        "source": vs.lit(plan.source), "crm_id": fields.id_sql(), "name": name, "company": f("company"),
        "owner": f("owner"), "team": f("team"), "lead_source": f("lead_source"), "status_text": f("status"),
        "lifecycle": f("lifecycle"), "created_on": f("created_on"), "file_qualified_on": file_qualified_on,
        "file_converted_on": f("converted_on"), "file_converted": f("is_converted"),
    }


def _stage_leads(tx, fields: _Fields, plan: _Plan, rows: str) -> list[tuple[str, str, str, str]]:
    """``staged``: the leads of ``rows``, qualified and converted by their dates and flags, else by how the lead
    status map counts their status or lifecycle stage (statuses met for the first time are added to the map:
    smart/ingest/lead_statuses.py); returns the lead-specific problems."""
    seen: list[str] = []
    if "status" in fields.exprs or "lifecycle" in fields.exprs:
        seen = [row[0] for row in tx.execute(f"""SELECT v FROM (SELECT unnest([status_text, lifecycle]) AS v, line
            FROM (SELECT status_text, lifecycle, min(line) AS line FROM ({rows}) GROUP BY ALL))
            WHERE v IS NOT NULL GROUP BY v ORDER BY min(line)""").fetchall()]
        ls.add_new_statuses(tx, plan.source, seen)
    meanings = ls.meanings(tx, plan.source, seen)
    qualified = ls.counts_as_sql("s.status_text", "s.lifecycle", [s for s, (q, _c) in meanings.items() if q])
    converted = ls.counts_as_sql("s.status_text", "s.lifecycle", [s for s, (_q, c) in meanings.items() if c])
    derived = ls.derived_sql(qualified, converted, file_qualified_on="s.file_qualified_on",
                             file_converted_on="s.file_converted_on", file_converted="s.file_converted",
                             created_on="s.created_on")
    columns = ", ".join(f"{sql} AS {name}" for name, sql in derived.items())
    tx.execute(f"""CREATE OR REPLACE TEMP VIEW staged AS
        SELECT s.* EXCLUDE (status_text, file_qualified_on, file_converted_on, file_converted),
               coalesce(s.status_text, s.lifecycle) AS status, {columns}
        FROM ({rows}) s""")
    if seen and not _qualified_by_date(fields):
        count = tx.execute("SELECT count(*) FROM staged WHERE qualified_on IS NOT NULL").fetchall()[0][0]
        fields.notes.append(Said("ingest.note.qualified_from_status", count=count))
    return [("crm_id IS NULL", fields.header("crm_id"), "''", "ingest.reason.missing_id")]


def _upsert(tx, table: str, source: str, import_id: int, absent: list[str]) -> tuple[tuple[int, int, int], list[str]]:
    """Classify accepted rows as new, changed or same; keep before-images; write the new and changed ones. A record
    already stored keeps its value of the ``absent`` fields (those the file does not give). Returns the counts of
    new, changed and same rows, and the absent fields whose stored values were kept."""
    fields, versions = tuple(RECORD_FIELDS[table]), _RECORD_VERSIONS[table]
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


def _keep_absent_fields(tx, table: str, source: str, absent: list[str]) -> list[str]:
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


def _classify(tx, table: str, fields: tuple[str, ...], source: str, rows: str) -> dict[str, int]:
    """``classified``: the ``rows`` to store (``accepted`` or ``incoming``) with their verdict; returns how many of
    each. A row whose ``row_hash`` (of its
    key and fields) is stored is the same (an integer anti-join: matching a million keys cost three times more);
    the others are matched on their key, new when it is absent, else compared field by field. ``changes`` holds
    the verdicts of those others only: a re-import of an unchanged file writes none. ``line`` is unique in
    accepted, and the view reads nothing the writes in ``_upsert`` change."""
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


def _deal_notes(tx, fields: _Fields, result: ImportResult) -> None:
    """Count and say the deals kept as they are though they look odd: closed before they were created (left out of
    sales-cycle lengths only), won with a negative amount (a credit note: it lowers revenue) or with an amount of 0
    (a win, but no deal size: left out of the average deal size). The rules are the KPI catalogue's."""
    before, negative, zero = tx.execute("""SELECT count(*) FILTER (WHERE close_on < created_on),
            count(*) FILTER (WHERE status = 'won' AND amount < 0), count(*) FILTER (WHERE status = 'won' AND amount = 0)
        FROM classified""").fetchall()[0]
    result.closed_before_created, result.negative_won, result.zero_won = before, negative, zero
    for key, count in (("closed_before_created", before), ("negative_won", negative), ("zero_won", zero)):
        if count:
            fields.notes.append(Said(f"ingest.note.{key}", count=count))


def _upsert_reps(tx, import_id: int) -> None:
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


def _import_kpi(tx, fields: _Fields, plan: _Plan, info: FileInfo, import_id: int, result: ImportResult) -> None:
    f = fields.get
    long_form = "kpi" in plan.mapping and "value" in plan.mapping
    company = ", ".join(vs.lit(w) for w in COMPANY_SCOPE_WORDS)
    scope = (f"CASE WHEN {f('scope')} IS NULL OR strip_accents(lower({f('scope')})) IN ({company}) THEN 'company' "
             f"ELSE {f('scope')} END")
    extra = [("period IS NULL AND r_date IS NULL", fields.header("date"), "''", "ingest.reason.missing_date")]
    if long_form:
        kpi = f"regexp_replace(lower(trim({f('kpi')})), '\\s+', '_', 'g')"
        select = [f"{kpi} AS kpi", f"{f('date')} AS period", f"{scope} AS scope", f"{f('value')} AS value"]
        _stage_common(tx, fields, select, info.footer_start)
        extra.append(("kpi IS NULL", fields.header("kpi"), "''", "ingest.reason.missing_kpi_name"))
    else:
        used = set(plan.mapping.values())
        candidates = [(h, fields.col[h]) for h in info.header if h not in used]
        if not candidates:
            raise ImportFileError("ingest.error.kpi_no_value", file=info.name)
        stats = [sql for _, c in candidates for sql in vs.number_stats_sql(c, c)]
        row = tx.execute(f"SELECT {', '.join(stats)} FROM rawl WHERE line < {info.footer_start}")
        values = dict(zip([d[0] for d in row.description], row.fetchall()[0], strict=True))
        numbers = [vs.number_column(h, values, c) for h, c in candidates]
        fields.decide_numbers(numbers, ask=False)  # only the columns found to be KPIs are asked about
        # A column is a KPI when at least 90 % of its values read as numbers: one query counts them all (a column
        # whose mark is still undecided reads as many values either way).
        counts = ", ".join(f"count({vs.number_sql(c, n.decimal or '.')}), count({vs.text_sql(c, info.blanks)})"
                           for (_, c), n in zip(candidates, numbers, strict=True))
        readable = tx.execute(f"SELECT {counts} FROM rawl WHERE line < {info.footer_start}").fetchall()[0]
        kept = [i for i in range(len(candidates))
                if readable[2 * i + 1] and readable[2 * i] >= 0.9 * readable[2 * i + 1]]
        if not kept:
            raise ImportFileError("ingest.error.kpi_not_numeric", file=info.name)
        fields.ask_undecided([numbers[i] for i in kept])
        value_cols = [(*candidates[i], numbers[i].decimal) for i in kept]
        kpi_columns = [f"{h} → {mp.slug(h)}" for h, _, _ in value_cols]
        fields.notes.append(Said("ingest.note.kpi_columns", columns=kpi_columns))
        unions = " UNION ALL ".join(
            f"SELECT line, {vs.lit(mp.slug(h))} AS kpi, {vs.lit(h)} AS hdr, {vs.text_sql(c, info.blanks)} AS r_val, "
            f"{vs.number_sql(c, d)} AS value, {fields.parsed['date']} AS period, {scope} AS scope, "
            f"{fields.raw['date']} AS r_date FROM rawl WHERE line < {info.footer_start}"
            for h, c, d in value_cols
        )
        tx.execute(f"CREATE OR REPLACE TEMP TABLE staged AS SELECT line, kpi, hdr, r_val, value, period, scope, "
                   f"r_date, period AS p_date FROM ({unions})")
        fields.raw = {"date": fields.raw["date"]}
        extra.append(("r_val IS NOT NULL AND value IS NULL", "", "r_val", "ingest.reason.unreadable_number"))
    grain = _detect_grain(tx)
    fields.notes.append(Said("ingest.note.kpi_grain", grain=Said(f"ingest.grain.{grain}")))
    tx.execute(f"CREATE OR REPLACE TEMP TABLE staged AS SELECT *, {vs.lit(plan.source)} AS source, "
               f"{vs.lit(grain)} AS grain FROM staged")
    if not long_form:
        # Wide form: a row with any unreadable cell is rejected as a whole.
        tx.execute(f"CREATE OR REPLACE TEMP TABLE problems AS {_problems_sql(fields, extra)}")
        tx.execute("""CREATE OR REPLACE TEMP TABLE accepted AS SELECT * FROM staged
            ANTI JOIN (SELECT DISTINCT line FROM problems) USING (line)
            QUALIFY row_number() OVER (PARTITION BY kpi, period, scope ORDER BY line DESC) = 1""")
    else:
        _finish_rejects(tx, fields, extra, ["kpi", "period", "scope"], ["value"])
    tx.execute("""CREATE OR REPLACE TEMP TABLE classified AS
        SELECT a.kpi, a.period, a.grain, a.scope, a.source, a.value, t.value AS old_value, t.import_id AS old_import,
            CASE WHEN t.kpi IS NULL THEN 'new' WHEN a.value IS DISTINCT FROM t.value THEN 'changed' ELSE 'same' END
                AS change
        FROM accepted a LEFT JOIN kpi_history t USING (kpi, period, grain, scope, source)""")
    counts = dict(tx.execute("SELECT change, count(*) FROM classified GROUP BY change").fetchall())
    tx.execute("""INSERT INTO kpi_versions SELECT ?, 'update', kpi, period, grain, scope, source, old_value, old_import
        FROM classified WHERE change = 'changed'""", [import_id])
    tx.execute("""UPDATE kpi_history t SET value = c.value, import_id = ? FROM classified c WHERE c.change = 'changed'
        AND t.kpi = c.kpi AND t.period = c.period AND t.grain = c.grain AND t.scope = c.scope
        AND t.source = c.source""", [import_id])
    tx.execute("""INSERT INTO kpi_history (kpi, period, grain, scope, value, source, import_id)
        SELECT kpi, period, grain, scope, value, source, ? FROM classified WHERE change = 'new'""", [import_id])
    result.inserted, result.updated = counts.get("new", 0), counts.get("changed", 0)
    rows_ok = tx.execute("SELECT count(DISTINCT line) FROM staged ANTI JOIN (SELECT DISTINCT line FROM problems) "
                         "USING (line)").fetchall()[0][0]
    result.unchanged = rows_ok - result.inserted - result.updated if long_form else counts.get("same", 0)
    if not long_form:
        # Counts are per file row: a row is new if any of its KPI values is new, else updated if any changed.
        per_row = dict(tx.execute("""SELECT kind, count(*) FROM (
            SELECT a.line, CASE WHEN bool_or(c.change = 'new') THEN 'new' WHEN bool_or(c.change = 'changed')
                THEN 'changed' ELSE 'same' END AS kind
            FROM staged a ANTI JOIN (SELECT DISTINCT line FROM problems) USING (line)
            LEFT JOIN classified c USING (kpi, period, scope) GROUP BY a.line) GROUP BY kind""").fetchall())
        result.inserted, result.updated, result.unchanged = (per_row.get("new", 0), per_row.get("changed", 0),
                                                             per_row.get("same", 0))


def _detect_grain(tx) -> str:
    row = tx.execute("""SELECT count(DISTINCT period), bool_and(day(period) = 1),
            bool_and(day(period) = 1 AND month(period) IN (1, 4, 7, 10)),
            bool_and(day(period) = 1 AND month(period) = 1),
            count(DISTINCT dayofweek(period)), min(period), max(period)
        FROM staged WHERE period IS NOT NULL""").fetchall()[0]
    n, first_of_month, quarter_starts, year_starts, weekdays, lo, hi = row
    if not n:
        return "month"
    if year_starts and n > 1:
        return "year"
    if quarter_starts and n > 1:
        gaps = tx.execute("""SELECT min(d) FROM (SELECT datediff('month', lag(period) OVER (ORDER BY period), period)
            AS d FROM (SELECT DISTINCT period FROM staged WHERE period IS NOT NULL))""").fetchall()[0][0]
        if gaps and gaps >= 3:
            return "quarter"
    if first_of_month:
        return "month"
    if weekdays == 1 and n > 1:
        return "week"
    return "day"


def _import_objectives(tx, fields: _Fields, plan: _Plan, info: FileInfo, import_id: int,
                       result: ImportResult) -> None:
    f = fields.get
    mapped = {}
    for name, table in _OBJECTIVE_WORDS.items():
        cases = " ".join(f"WHEN {vs.lit(k)} THEN {vs.lit(v)}" for k, v in table.items())
        plain = f"regexp_replace(trim(strip_accents(lower({f(name)}))), '[-_]+', ' ', 'g')"
        raw_plain = f"trim(strip_accents(lower({f(name)})))"
        mapped[name] = f"CASE {raw_plain} {cases} ELSE CASE {plain} {cases} END END"
    select = [
        f"{f('title')} AS title", f"{f('kpi')} AS kpi", f"coalesce({mapped['scope_type']}, 'company') AS scope_type",
        f"{f('scope_value')} AS scope_value", f"{mapped['direction']} AS direction",
        f"{mapped['target_mode']} AS target_mode", f"{f('target')} AS target_input", f"{f('statistic')} AS statistic",
        f"coalesce({mapped['grain']}, 'month') AS grain", f"{f('start')} AS start_on", f"{f('deadline')} AS deadline",
        f"{f('owner')} AS owner", f"{f('theme')} AS theme",
        f"{f('scope_type')} AS r_scope_type", f"{f('direction')} AS r_direction",
        f"{f('target_mode')} AS r_target_mode", f"{f('grain')} AS r_grain",
    ]
    _stage_common(tx, fields, select, info.footer_start)
    extra = [
        ("title IS NULL", fields.header("title"), "''", "ingest.reason.missing_title"),
        ("kpi IS NULL", fields.header("kpi"), "''", "ingest.reason.missing_kpi"),
        ("direction IS NULL", fields.header("direction"), "coalesce(r_direction, '')",
         "ingest.reason.bad_direction"),
        ("target_mode IS NULL", fields.header("target_mode"), "coalesce(r_target_mode, '')",
         "ingest.reason.bad_target_mode"),
        ("r_scope_type IS NOT NULL AND scope_type IS NULL", fields.header("scope_type"), "r_scope_type",
         "ingest.reason.bad_scope_type"),
        ("r_grain IS NOT NULL AND grain IS NULL", fields.header("grain"), "r_grain", "ingest.reason.bad_grain"),
        ("target_input IS NULL AND r_target IS NULL", fields.header("target"), "''", "ingest.reason.missing_target"),
        ("deadline < start_on", fields.header("deadline"), "strftime(deadline, '%Y-%m-%d')",
         "ingest.reason.deadline_before_start"),
        ("start_on IS NULL AND r_start IS NULL", fields.header("start"), "''", "ingest.reason.missing_start"),
        ("deadline IS NULL AND r_deadline IS NULL", fields.header("deadline"), "''", "ingest.reason.missing_deadline"),
    ]
    _finish_rejects(tx, fields, extra, ["title"], ["kpi", "scope_type", "scope_value", "direction", "target_mode",
                                                    "target_input", "statistic", "grain", "start_on", "deadline",
                                                    "owner", "theme"])
    cols = ("kpi", "scope_type", "scope_value", "direction", "target_mode", "target_input", "statistic", "grain",
            "start_on", "deadline", "owner", "theme")
    differs = " OR ".join(f"a.{c} IS DISTINCT FROM t.{c}" for c in cols)
    tx.execute(f"""CREATE OR REPLACE TEMP TABLE classified AS
        SELECT a.*, t.id AS objective_id,
            CASE WHEN t.id IS NULL THEN 'new' WHEN {differs} THEN 'changed' ELSE 'same' END AS change
        FROM accepted a LEFT JOIN (SELECT * FROM objectives WHERE archived_at IS NULL AND source = ?) t
            USING (title)""", [plan.source])
    counts = dict(tx.execute("SELECT change, count(*) FROM classified GROUP BY change").fetchall())
    all_cols = ", ".join(("title", *cols))
    tx.execute(f"""INSERT INTO objective_versions (import_id, op, objective_id, {all_cols})
        SELECT ?, 'update', t.id, {', '.join('t.' + c for c in ('title', *cols))} FROM objectives t
        JOIN classified c ON c.objective_id = t.id WHERE c.change = 'changed'""", [import_id])
    sets = ", ".join(f"{c} = c.{c}" for c in cols)
    tx.execute(f"""UPDATE objectives SET {sets}, import_id = ? FROM classified c
        WHERE c.change = 'changed' AND objectives.id = c.objective_id""", [import_id])
    tx.execute(f"""INSERT INTO objectives ({all_cols}, source, import_id, created_by)
        SELECT {all_cols}, ?, ?, (SELECT imported_by FROM imports WHERE id = ?) FROM classified WHERE change = 'new'
        ORDER BY line""", [plan.source, import_id, import_id])
    result.inserted, result.updated, result.unchanged = (counts.get("new", 0), counts.get("changed", 0),
                                                         counts.get("same", 0))


def _import_history(tx, info: FileInfo, plan: _Plan, options: ImportOptions, import_id: int,
                    result: ImportResult) -> tuple[_Fields, dict[str, int]]:
    """A stage history file (smart/ingest/history.py) into ``deal_changes``: each row's opportunity, the day and
    time of the change and what it set, parsed and checked like any file's values; the changes not stored yet for
    the source are added. Rows that change no field this importer reads (an owner, a probability) are left aside
    and counted. A file with a column per field whose dates and numbers DuckDB's reader can type is read typed (a
    history's change times are all distinct: deciding their format value by value cost most of a large import).
    Returns the fields and the row counts."""
    long = hi.is_long(plan.mapping)
    typed = _read_file(tx, info, _ReaderTypes() if long else _typed_columns(info, plan))
    counts = _number_lines(tx, info, "raw", _newlines_in_fields(info, [c for c in info.columns if c not in typed]))
    read_info, read_plan = _long_layout(tx, info, plan) if long else (info, plan)
    fields = _Fields(tx, read_info, read_plan, options, typed)
    f = fields.get
    select = [f"{f('crm_id')} AS crm_id", f"CASE WHEN {f('crm_id')} IS NULL THEN {f('deal_name')} END AS deal_name",
              f"{f('changed_at')} AS changed_on", f"{_seconds_of_day(fields, typed)} AS seconds",
              f"{f('stage')} AS stage", f"{f('amount')} AS amount", f"{f('close_on')} AS close_on",
              f"{'field_name' if long else 'NULL'} AS field_name"]
    _stage_common(tx, fields, select, info.footer_start)
    informative = "(stage IS NOT NULL OR amount IS NOT NULL OR close_on IS NOT NULL)"
    key_header = fields.header("crm_id") or fields.header("deal_name")
    extra = [(f"crm_id IS NULL AND deal_name IS NULL AND {informative}", key_header, "''",
              "ingest.reason.missing_id"),
             (f"changed_on IS NULL AND {'r_changed_at IS NULL AND ' if 'changed_at' in fields.raw else ''}"
              f"{informative}", fields.header("changed_at"), "''", "ingest.reason.missing_date")]
    _finish_rejects(tx, fields, extra, ["line"], [])
    tx.execute(f"""CREATE OR REPLACE TEMP TABLE history_changes AS
        SELECT crm_id, deal_name, CAST(changed_on AS TIMESTAMP) + to_seconds(coalesce(seconds, 0)) AS changed_at,
               stage, amount, close_on, min(line) AS line
        FROM accepted WHERE {informative} GROUP BY ALL""")
    left_aside = tx.execute(f"SELECT count(*) FROM accepted WHERE NOT {informative}").fetchall()[0][0]
    other_fields = [row[0] for row in tx.execute(f"""SELECT field_name FROM accepted
        WHERE NOT {informative} AND field_name IS NOT NULL GROUP BY field_name
        ORDER BY count(*) DESC, field_name LIMIT {hi.OTHER_FIELDS_LISTED}""").fetchall()]
    if options.source is None and plan.profile is None:
        _follow_deals_source(tx, plan, result, import_id)
    result.new_stages = _history_stages(tx, plan)
    result.pipelines = sg.file_pipelines(tx, plan.source, result.new_stages)
    new = hi.store_changes(tx, plan.source, import_id)
    accepted = tx.execute("SELECT count(*) FROM accepted").fetchall()[0][0]
    result.inserted, result.updated, result.unchanged = new, 0, accepted - new - left_aside
    result.history = hi.summarise(tx, plan.source, new, left_aside, other_fields)
    return fields, counts


def _seconds_of_day(fields: _Fields, typed: _ReaderTypes) -> str:
    """SQL: the time of day of a change, in seconds (NULL when the file gives only its day)."""
    column = fields.source_sql("changed_at")
    if column not in typed:
        return hi.seconds_of_day_sql(vs.text_sql(column, fields.info.blanks))
    if typed[column] == "TIMESTAMP":
        return f"hour({column}) * 3600 + minute({column}) * 60 + second({column})"
    return "NULL"


def _long_layout(tx, info: FileInfo, plan: _Plan) -> tuple[FileInfo, _Plan]:
    """A long layout (a field column, a value column) read as a file with one column per field: ``rawl`` gains
    a column for each of stage, amount and close date, holding the value of the rows that change it (so that its
    values are parsed and checked as the column of a wide file would be) and the name of any other field."""
    column = dict(zip(info.header, info.columns, strict=True))
    field_text = vs.text_sql(column[plan.mapping["field"]], info.blanks)
    value = column[plan.mapping["value"]]
    headers = {name: f"{plan.mapping['value']} ({name.replace('_on', ' date').replace('_', ' ')})"
               for name in hi.CHANGED_FIELDS}
    values = ", ".join(f"CASE WHEN field_kind = {vs.lit(name)} THEN {value} END AS h_{name}"
                       for name in hi.CHANGED_FIELDS)
    tx.execute(f"""CREATE OR REPLACE TEMP TABLE history_long AS
        SELECT *, {values}, CASE WHEN field_kind IS NULL THEN {field_text} END AS field_name
        FROM (SELECT *, {hi.field_kind_sql(field_text)} AS field_kind FROM rawl)""")
    _drop_rows_as_read(tx)
    tx.execute("ALTER TABLE history_long RENAME TO rawl")
    read_info = dataclasses.replace(info, header=[*info.header, *headers.values()],
                                    columns=[*info.columns, *(f"h_{name}" for name in hi.CHANGED_FIELDS)])
    mapping = {k: v for k, v in plan.mapping.items() if k not in hi.CHANGED_FIELDS} | headers
    return read_info, dataclasses.replace(plan, mapping=mapping)


def _follow_deals_source(tx, plan: _Plan, result: ImportResult, import_id: int) -> None:
    """A history file in no CRM's layout is keyed under the source of the deals it is about (the source holding
    the most of its opportunities), so that it links to them; 'generic' when none is imported yet."""
    by_name = tx.execute("SELECT bool_and(crm_id IS NULL) FROM history_changes").fetchall()[0][0]
    found = hi.deal_source_of(tx, bool(by_name))
    if found and found != plan.source:
        plan.source = result.source = found
        tx.execute("UPDATE imports SET source = ? WHERE id = ?", [found, import_id])


def _history_stages(tx, plan: _Plan) -> list[str]:
    """The file's stages spelled as the source already spells them, and those seen for the first time added to
    the stage map of the pipeline of the deals they are about (``''`` for deals not imported yet): status from the
    CRM's defaults or the words, place from where each stage first appears in the opportunities' histories."""
    seen = [row[0] for row in tx.execute("""SELECT stage FROM history_changes WHERE stage IS NOT NULL
        GROUP BY stage ORDER BY min(line)""").fetchall()]
    defaults = plan.profile.stages if plan.profile else ()
    known = [row[0] for row in tx.execute("SELECT raw_stage FROM stage_map WHERE source = ? ORDER BY funnel_order",
                                          [plan.source]).fetchall()]
    renamed = hi.canonical_stages(seen, [*known, *(name for name, _status, _p in defaults)])
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


# ------------------------------------------------------------------------------------------------- the import
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
                _keep_appends_in_memory(tx, info)
                _execute(tx, info, plan, options, result, report, observed_on)
                if options.dry_run:
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
    """Write the import from the journal into the database file. The import keeps its inserts in memory and
    writes them to the journal (the ``.wal``) at its commit (``_keep_appends_in_memory``), where they stay until
    a checkpoint, which DuckDB runs on its own only when the journal passes 16 MB, or at close: a server that
    stays up would otherwise keep its last imports in the journal alone, and a copy of the database file alone
    would lose them. A checkpoint that fails does not undo the import, which is committed and safe in the
    journal: it is logged, and the next checkpoint (or the next start) writes it."""
    try:
        store.checkpoint()
    except (StorageError, duckdb.Error, OSError) as error:
        logger.warning("Import #%s is committed and kept in the journal %s.wal, but the checkpoint after it "
                       "failed: %s", import_id, store.path, error)


# Up to this much text read, an import's inserts are kept in memory until its commit (_keep_appends_in_memory).
_APPENDS_IN_MEMORY_BYTES = 256 * 1024 * 1024


def _keep_appends_in_memory(tx, info: FileInfo) -> None:
    """Keep this transaction's inserts in memory until its commit writes them once. By default DuckDB writes a
    large insert to the file as it goes ("optimistic writes") and the commit then links those blocks in; on a
    million-row import that costs 0.1-0.15 s more than one write at commit (benchmarks/RESULTS-import.md). The
    memory it takes grows with the rows (a 480 MB export peaked at 1.5 GB instead of 1.0 GB), hence the limit on
    the text read (an XLSX sheet's text can be many times the workbook). The setting is the session's: it ends
    with the transaction's cursor."""
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
        self._remove_stale_parts()
        self.partial = self.folder / f".{uuid.uuid4().hex}.part"
        self.thread = threading.Thread(target=self._copy, daemon=True)
        self.thread.start()

    def _copy(self) -> None:
        try:
            shutil.copyfile(self.info.path, self.partial)
        except OSError as error:
            self.error = error

    def _remove_stale_parts(self) -> None:
        """Copies left by an import that was killed (a SIGKILL leaves no chance to clean up)."""
        for part in self.folder.glob(".*.part"):
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


def _execute(tx, info: FileInfo, plan: _Plan, options: ImportOptions, result: ImportResult, report: Progress,
             observed_on: dt.date) -> None:
    result.import_id = tx.execute(
        """INSERT INTO imports (file_name, sha256, kind, profile, source, encoding, delimiter, started_at, mapping,
            is_demo, observed_on, imported_by) VALUES (?, ?, ?, ?, ?, ?, ?, current_timestamp, ?, ?, ?, ?)
            RETURNING id""",
        [info.name, "", plan.kind, plan.profile_name, plan.source, info.encoding, info.delimiter,
         json.dumps(plan.mapping), options.is_demo, observed_on, options.actor.email],
    ).fetchall()[0][0]
    import_id = result.import_id
    report("reading", 0.1)
    if plan.kind in _RECORD_VERSIONS:
        fields, counts, extra, absent = _stage_records(tx, info, plan, options, result)
        report("checking", 0.4)
        # A rep's team is compared too: it is written to reps, not to the record.
        _finish_rejects(tx, fields, extra, ["crm_id"], [*RECORD_FIELDS[plan.kind], "team"])
        report("writing", 0.7)
        _upsert_reps(tx, import_id)
        (result.inserted, result.updated, result.unchanged), result.kept_fields = _upsert(
            tx, plan.kind, plan.source, import_id, absent)
        if result.kept_fields:
            named = [Said(f"field.{f}") for f in result.kept_fields if not f.endswith("_from_status")]
            fields.notes.append(Said("ingest.note.fields_kept", fields=named))
        if plan.kind == "deals":
            _deal_notes(tx, fields, result)
            cu.summarise(tx, result, plan.source, plan.currency, plan.currency_from, keep=not options.dry_run)
        if plan.kind == "leads" and ("status" in plan.mapping or "lifecycle" in plan.mapping):
            result.lead_statuses = ls.summarise(tx, "accepted", plan.source)
    elif plan.kind == "history":
        fields, counts = _import_history(tx, info, plan, options, import_id, result)
    else:
        _read(tx, info, _ReaderTypes())
        counts = _number_lines(tx, info, "raw", _newlines_in_fields(info, info.columns))
        report("checking", 0.4)
        fields = _Fields(tx, info, plan, options)
        if plan.kind == "kpi":
            _import_kpi(tx, fields, plan, info, import_id, result)
        elif plan.kind == "plan":
            pl.import_plan(tx, fields, info, import_id, result)
        elif plan.kind == "rates":
            rt.import_rates(tx, fields, info, import_id, result)
        else:
            _import_objectives(tx, fields, plan, info, import_id, result)
    result.date_order = fields.date_order
    result.decimal = _MARK_WORDS.get(fields.decimal_mark or "")
    result.notes += fields.notes
    _record_rejects(tx, result, counts, import_id)
    result.sample = _sample(tx, plan.kind, bool(result.updated or result.unchanged))
    result.covers = _covers(tx, plan.kind)
    chosen = options.mapping or options.id_columns or options.id_per_row or options.decimal
    if options.save_mapping and (plan.profile_name == "generic" or chosen):
        saved = ({"date_order": result.date_order} if result.date_order else {}) | (
            {"decimal": result.decimal} if result.decimal else {}) | plan.id_rule.options()
        mp.save_mapping(tx, info.header, plan.kind, plan.profile_name, plan.mapping, saved)
    tx.execute(
        """UPDATE imports SET rows = ?, inserted = ?, updated = ?, unchanged = ?, rejected = ?,
            finished_at = current_timestamp WHERE id = ?""",
        [result.rows, result.inserted, result.updated, result.unchanged, result.rejected, import_id],
    )


_COVER_DATES = {"deals": ("created_on", "close_on"), "leads": ("created_on", "qualified_on", "converted_on"),
                "kpi": ("period",), "rates": ("rate_on",)}


def _covers(tx, kind: str) -> tuple[dt.date, dt.date] | None:
    """The first and last date of the file's accepted rows (an objectives file has none)."""
    dates = _COVER_DATES.get(kind)
    if not dates:
        return None
    first = ", ".join(f"min({d})" for d in dates)
    last = ", ".join(f"max({d})" for d in dates)
    start, end = tx.execute(f"SELECT least({first}), greatest({last}) FROM accepted").fetchall()[0]
    return (start, end) if start is not None else None


def _record_rejects(tx, result: ImportResult, counts: dict[str, int], import_id: int) -> None:
    cases = " ".join(f"WHEN {vs.lit(k)} THEN {vs.lit(v)}" for k, v in _READER_REASONS.items())
    tx.execute(f"""CREATE OR REPLACE TEMP TABLE all_rejects AS
        SELECT *, coalesce({reason_sql(ENGLISH, 'reason_key', 'reason_lines')}, other) AS reason FROM (
            SELECT line, column_name, value, reason_key, reason_lines, NULL AS other FROM problems
            UNION ALL
            SELECT line, NULL, left(csv_line, 200), CASE error_type {cases} END, NULL, lower(error_type)
            FROM reader_rejects)""")
    tx.execute("""INSERT INTO import_rejects (import_id, line, column_name, value, reason, reason_key, reason_lines)
        SELECT ?, line, column_name, value, reason, reason_key, reason_lines FROM all_rejects ORDER BY line""",
               [import_id])
    rejected_rows = tx.execute("SELECT count(DISTINCT line) FROM all_rejects").fetchall()[0][0]
    result.rows = counts["good"] + counts["bad"]
    result.rejected = rejected_rows
    rows = tx.execute(f"""SELECT line, column_name, value, reason_key, reason_lines, reason FROM all_rejects
        ORDER BY line, column_name LIMIT {REJECTS_LISTED}""").fetchall()
    result.rejects = [{"line": r[0], "column": r[1], "value": r[2], "reason": _reason(*r[3:])} for r in rows]
    accounted = result.inserted + result.updated + result.unchanged + result.rejected
    if result.kind in ("deals", "leads", "objectives") and accounted != result.rows:
        # Exact duplicate rows of one id are accepted once: the others count as unchanged.
        result.unchanged += result.rows - accounted


def _sample(tx, kind: str, matched_records: bool = False) -> list[dict[str, object]]:
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
             if matched_records and kind in _RECORD_VERSIONS else "")
    cursor = tx.execute(f"SELECT {', '.join(columns)} FROM classified {first} {order} LIMIT {SAMPLE_ROWS}")
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


# ------------------------------------------------------------------------------------------------- undo
class UndoError(ImportFileError):
    """An import that cannot be undone (yet): the message says why and what to do."""


def undo_import(store: Store, import_id: int, *, actor: User = LOCAL_ADMIN) -> dict[str, int]:
    """Restore what one import changed to its earlier state, delete what it inserted, mark it undone by ``actor``
    (an admin: AccessDeniedError otherwise)."""
    require(actor, MANAGE_DATA)
    row = store.rows("SELECT kind, file_name, undone_at FROM imports WHERE id = ?", [import_id])
    if not row:
        raise UndoError("ingest.undo.none", id=str(import_id))
    kind, file_name, undone_at = row[0]
    if undone_at is not None:
        raise UndoError("ingest.undo.done", id=str(import_id), file=file_name, when=f"{undone_at:%Y-%m-%d %H:%M}")
    blockers = store.rows(
        f"""SELECT v.import_id, i.file_name, count(*) FROM (
                SELECT import_id FROM deal_versions WHERE prev_import_id = $1 AND import_id <> $1
                UNION ALL SELECT import_id FROM lead_versions WHERE prev_import_id = $1 AND import_id <> $1
                UNION ALL SELECT import_id FROM kpi_versions WHERE prev_import_id = $1 AND import_id <> $1
                UNION ALL {pl.UNDO_BLOCKERS_SQL}
                UNION ALL {rt.UNDO_BLOCKERS_SQL}
            ) v JOIN imports i ON i.id = v.import_id WHERE i.undone_at IS NULL
            GROUP BY ALL ORDER BY v.import_id DESC""",
        [import_id],
    )
    if blockers:
        later = [Said("ingest.undo.blocker", id=str(b[0]), file=b[1], count=b[2]) for b in blockers[:5]]
        raise UndoError("ingest.undo.blocked", id=str(import_id), file=file_name, later=later)
    counts: dict[str, int] = {}
    with store.transaction() as tx:
        for table, versions in _RECORD_VERSIONS.items():
            fields = tuple(RECORD_FIELDS[table])
            counts[f"{table}_deleted"] = tx.execute(
                f"""DELETE FROM {table} t WHERE import_id = ? AND NOT EXISTS (SELECT 1 FROM {versions} v
                    WHERE v.import_id = t.import_id AND v.source = t.source AND v.crm_id = t.crm_id)""",
                [import_id]).fetchall()[0][0]
            sets = ", ".join(f"{f} = v.{f}" for f in fields)
            counts[f"{table}_restored"] = tx.execute(
                f"""UPDATE {table} t SET {sets}, row_hash = {row_hash_sql(table, 'v')}, import_id = v.prev_import_id,
                    updated_at = v.updated_at
                    FROM {versions} v WHERE v.import_id = ? AND v.op = 'update' AND t.source = v.source
                    AND t.crm_id = v.crm_id""", [import_id]).fetchall()[0][0]
            tx.execute(f"DELETE FROM {versions} WHERE import_id = ?", [import_id])
        tx.execute("DELETE FROM deal_snapshots WHERE import_id = ?", [import_id])
        if kind == "history":
            counts["history_deleted"] = tx.execute("DELETE FROM deal_changes WHERE import_id = ?",
                                                   [import_id]).fetchall()[0][0]
        tx.execute("""DELETE FROM kpi_history t WHERE import_id = ? AND NOT EXISTS (SELECT 1 FROM kpi_versions v
            WHERE v.import_id = t.import_id AND v.kpi = t.kpi AND v.period = t.period AND v.grain = t.grain
            AND v.scope = t.scope AND v.source = t.source)""", [import_id])
        tx.execute("""UPDATE kpi_history t SET value = v.value, import_id = v.prev_import_id FROM kpi_versions v
            WHERE v.import_id = ? AND t.kpi = v.kpi AND t.period = v.period AND t.grain = v.grain
            AND t.scope = v.scope AND t.source = v.source""", [import_id])
        tx.execute("DELETE FROM kpi_versions WHERE import_id = ?", [import_id])
        pl.undo_plan(tx, import_id)
        if kind == "rates":
            counts["rates_deleted"] = rt.undo_rates(tx, import_id)
        cols = ("title", "kpi", "scope_type", "scope_value", "direction", "target_mode", "target_input", "statistic",
                "grain", "start_on", "deadline", "owner", "theme")
        tx.execute(f"""UPDATE objectives SET {', '.join(f'{c} = v.{c}' for c in cols)}, import_id = NULL
            FROM objective_versions v WHERE v.import_id = ? AND objectives.id = v.objective_id""", [import_id])
        inserted = "SELECT id FROM objectives WHERE import_id = ?"
        for table in ("actions", "objective_revisions", "review_notes"):
            tx.execute(f"DELETE FROM {table} WHERE objective_id IN ({inserted})", [import_id])
        tx.execute("DELETE FROM objectives WHERE import_id = ?", [import_id])
        tx.execute("DELETE FROM objective_versions WHERE import_id = ?", [import_id])
        tx.execute("""UPDATE reps SET display_name = v.display_name, team = v.team FROM rep_versions v
            WHERE v.import_id = ? AND v.op = 'update' AND reps.owner = v.owner""", [import_id])
        tx.execute("""DELETE FROM reps WHERE owner IN (SELECT owner FROM rep_versions WHERE import_id = ?
                AND op = 'insert')
            AND owner NOT IN (SELECT owner FROM deals WHERE owner IS NOT NULL
                UNION SELECT owner FROM leads WHERE owner IS NOT NULL)""", [import_id])
        tx.execute("DELETE FROM rep_versions WHERE import_id = ?", [import_id])
        tx.execute("UPDATE imports SET undone_at = current_timestamp, undone_by = ? WHERE id = ?",
                   [actor.email, import_id])
    return counts


def list_imports(store: Store):
    """The import log, newest first, with who imported and who undid each file."""
    return store.df(
        """SELECT id, file_name, kind, profile, source, rows, inserted, updated, unchanged, rejected, started_at,
            finished_at, undone_at, sha256, encoding, delimiter, stored_path, is_demo, imported_by, undone_by
        FROM imports ORDER BY id DESC"""
    )


def import_rejects(store: Store, import_id: int, t: Translator = ENGLISH):
    """An import's rejected rows, their reasons in ``t``'s language."""
    return store.df(
        f"""SELECT line, column_name AS column, value,
            coalesce({reason_sql(t, 'reason_key', 'reason_lines')}, reason) AS reason
        FROM import_rejects WHERE import_id = ? ORDER BY line""",
        [import_id],
    )
