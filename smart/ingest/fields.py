"""Field values: the SQL that parses each mapped field, the staging query, and the rows rejected with a reason.

``Fields`` decides each number column's decimal mark and each date column's day order from all of its values (or
takes the reader's types), and gives the SQL of every field; ``staging_select`` parses each typed field once; the
problems found (unreadable values, missing ids, conflicting duplicates) are kept with their reason code
(``smart.ingest.reasons``) in ``problems``, and the rows without any are ``accepted``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import duckdb

from smart.ingest import proposals as pr
from smart.ingest import values as vs
from smart.ingest.errors import AmbiguousDatesError, AmbiguousDecimalError, Said
from smart.ingest.profiles import FIELDS
from smart.ingest.read import MARK_WORDS, ReaderTypes, drop_rows_as_read, mark_without_evidence
from smart.ingest.reasons import SAME_ID
from smart.ingest.sniff import FileInfo

if TYPE_CHECKING:
    from smart.ingest.options import ImportOptions
    from smart.ingest.planning import Plan


class Fields:
    """SQL for each mapped field: the parsed value and, for typed fields, the raw text to check it against."""

    def __init__(self, tx: duckdb.DuckDBPyConnection, info: FileInfo, plan: Plan, options: ImportOptions,
                 typed: ReaderTypes | None = None) -> None:
        self.info = info
        self.typed = typed or ReaderTypes()
        self.plan = plan
        self.types = FIELDS[plan.kind]
        self.col = {h: c for h, c in zip(info.header, info.columns, strict=True)}
        self.exprs: dict[str, str] = {}
        self.decimal: dict[str, str] = {}
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

    def mapped_sql(self, name: str) -> str:
        """``source_sql`` of a field the import requires, mapped before any file is read (the plan checked it)."""
        sql = self.source_sql(name)
        if sql is None:
            raise KeyError(f"the field {name!r} is not mapped")
        return sql

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

    def _decide(self, tx: duckdb.DuckDBPyConnection, options: ImportOptions) -> None:
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
        stats: dict[str, Any] = {}  # DuckDB's values, by column name
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
        self.shown_decimals = {mark for mark in (self.typed.shown_decimal,) if mark}
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
        self.decimal = {n: column.mark for n, column in columns.items()}
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
        default = next(iter(marks)) if len(marks) == 1 else mark_without_evidence(self.info.delimiter)
        said = vs.decide_decimals(columns, choice, self.shown_decimals, default)
        self.shown_decimals = marks
        for how, decided in said.items():
            if decided:
                self.notes.append(Said(f"ingest.note.decimal_{how}", columns=[repr(c.column) for c in decided],
                                       example=repr(decided[0].example),
                                       mark=Said(f"ingest.decimal.{MARK_WORDS[decided[0].mark]}")))
        if self.decimal_mark is None:
            self.decimal_mark = next((c.decimal for c in columns if c.evidence or c.ambiguous and c.decimal),
                                     self.typed.shown_decimal)
        if ask:
            self.ask_undecided(columns)

    def ask_undecided(self, columns: list[vs.NumberColumn]) -> None:
        undecided = [c for c in columns if c.needs_mark]
        if undecided:
            raise AmbiguousDecimalError(self.info.name, [c.column for c in undecided], undecided[0].example or "")


def problems_sql(fields: Fields, extra: list[tuple[str, str, str, str]]) -> str:
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


def staging_select(fields: Fields, select: list[str], rows: str, with_line: bool = True) -> str:
    """The staging query: the ``select`` list over ``rows`` (SQL giving the file's columns), where each typed
    field is parsed once (``p_<name>``) and its raw text kept only where it did not parse (the rejects show it;
    storing every raw value of every typed column cost more than the parsing)."""
    parsed = "".join(f", {expr} AS p_{name}" for name, expr in fields.parsed.items())
    raws = [f"CASE WHEN p_{name} IS NULL THEN {raw} END AS r_{name}" for name, raw in fields.raw.items()]
    # ``p_<name>`` is kept only beside a raw text, for the rejects to compare with.
    columns = [*(["line"] if with_line else []), *select, *raws, *(f"p_{name}" for name in fields.raw)]
    return f"SELECT {', '.join(columns)} FROM (SELECT *{parsed} FROM {rows})"


def stage_common(tx: duckdb.DuckDBPyConnection, fields: Fields, select: list[str], footer: int) -> None:
    """``staged``: the staging query over the file's data rows (KPI and objectives files)."""
    tx.execute(f"CREATE OR REPLACE TEMP TABLE staged AS "
               f"{staging_select(fields, select, f'rawl WHERE line < {footer}')}")
    drop_rows_as_read(tx)


def finish_rejects(tx: duckdb.DuckDBPyConnection, fields: Fields, extra: list[tuple[str, str, str, str]],
                   key: list[str], compare: list[str]) -> None:
    """``problems`` (all), then ``accepted``: rows with no problem, conflicting duplicates rejected, exact
    duplicates kept once."""
    tx.execute(f"CREATE OR REPLACE TEMP TABLE problems AS {problems_sql(fields, extra)}")
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
                   left(CAST(o.{key[0]} AS VARCHAR), 200), {vs.lit(SAME_ID)},
                   (SELECT string_agg(CAST(o2.line AS VARCHAR), ', ' ORDER BY o2.line)
                       FROM (SELECT line FROM ok o2 WHERE {same_key} ORDER BY line LIMIT 5) o2)
            FROM ok o SEMI JOIN conflicts c USING ({keys})""")
        tx.execute(f"""CREATE OR REPLACE TEMP TABLE accepted AS
            SELECT * FROM ok ANTI JOIN conflicts USING ({keys})
            QUALIFY row_number() OVER (PARTITION BY {keys} ORDER BY line) = 1""")
    else:
        tx.execute("CREATE OR REPLACE TEMP VIEW accepted AS SELECT * FROM ok")
