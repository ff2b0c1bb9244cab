"""Targets sheets: the plan (monthly targets by the company, a team, a rep or a product), recognised and imported.

Three layouts are read:

- long: a month column and a target column (``Mois;Commercial;Objectif CA``, ``Month of Order Date;Category;
  Target``), optionally a team, rep or product column and a KPI column;
- wide: one column per month (``Commercial;Jan 2025;Feb 2025;...``), one row per team, rep or product; an empty
  cell means no target for that month;
- either with the KPI the amounts are as a constant of the mapping (``kpi`` → ``=deals_won``), guessed from the
  target's header (revenue unless it speaks of deals, leads or customers) and changeable by the user.

Months are read in any common form: ``2025-01``, ``01/2025``, ``Apr-18``, ``janv. 2025``, ``January 2025``, or a
date (its month). A file replaces, for its KPI and its dimension, every month it covers: rows of those months it
no longer holds are removed. Every changed or removed row keeps its before-image in ``plan_versions``, so undo
restores the months as they were; re-importing the same file changes nothing.

When several of the team, rep and product columns are mapped, the plan is by the most specific one (rep, then
product, then team) and the rows of the others are summed: a sheet by team and rep is a plan by rep.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import duckdb

from smart.analytics.catalogue import CATALOGUE, PLAN_KPIS
from smart.ingest import mapping as mp
from smart.ingest import values as vs
from smart.ingest.errors import ImportFileError, Said
from smart.ingest.profiles import SYNONYMS, normalise_header

if TYPE_CHECKING:
    from smart.i18n import Translator
    from smart.ingest.fields import Fields
    from smart.ingest.result import ImportResult
    from smart.ingest.sniff import FileInfo

# The fields a plan may be split by, the most specific first, with the plan table's name for each.
DIMENSION_FIELDS = {"owner": "owner", "product": "product", "team": "team"}
MONTH_NAMES = {
    **dict.fromkeys(("jan", "janv", "janvier", "january"), 1),
    **dict.fromkeys(("feb", "febr", "february", "fev", "fevr", "fevrier"), 2),
    **dict.fromkeys(("mar", "mars", "march"), 3),
    **dict.fromkeys(("apr", "april", "avr", "avril"), 4),
    **dict.fromkeys(("may", "mai"), 5),
    **dict.fromkeys(("jun", "june", "juin"), 6),
    **dict.fromkeys(("jul", "july", "juil", "juillet"), 7),
    **dict.fromkeys(("aug", "august", "aou", "aout"), 8),
    **dict.fromkeys(("sep", "sept", "september", "septembre"), 9),
    **dict.fromkeys(("oct", "october", "octobre"), 10),
    **dict.fromkeys(("nov", "november", "novembre"), 11),
    **dict.fromkeys(("dec", "december", "decembre"), 12),
}
# A row whose team, rep or product reads like this sums the others: it is not a target of its own.
TOTAL_WORDS = ("total", "totals", "totaux", "grand total", "sous total", "total general", "somme", "sum")
# Words of a target's header (or of a wide file's name) that say which KPI the amounts are; revenue otherwise.
KPI_HINTS = (
    ("qualified_leads", ("leads qualifies", "qualified leads", "mql", "sql")),
    ("leads_created", ("leads", "lead")),
    ("new_customers", ("nouveaux clients", "new customers", "clients", "customers", "new logos")),
    ("deals_won", ("affaires", "deals", "nb", "nombre", "count", "signatures", "opportunites", "opportunities",
                   "ventes signees", "contrats")),
    ("pipeline_value", ("pipeline", "pipe")),
)
# Names a KPI column may give each KPI, besides its id and its English and French labels.
KPI_WORDS = {
    "revenue": ("ca", "chiffre d affaires", "revenue", "revenues", "sales", "ventes", "turnover", "montant", "amount",
                "bookings"),
    "deals_won": ("affaires", "affaires gagnees", "deals", "deals won", "nombre d affaires", "nb affaires",
                  "signatures", "won deals"),
    "new_customers": ("nouveaux clients", "new customers", "clients", "customers", "new logos"),
    "qualified_leads": ("leads qualifies", "qualified leads", "mql", "sql"),
    "leads_created": ("leads", "leads crees", "new leads", "nouveaux leads"),
    "pipeline_value": ("pipeline", "pipe", "pipeline ouvert", "open pipeline"),
}
_SAME_ID = "ingest.reason.same_id"


class KpiLabel(Said):
    """A KPI's label from the catalogue, said in the reader's language (the catalogue is where KPIs are named)."""

    def __new__(cls, kpi_id: str) -> KpiLabel:
        said = str.__new__(cls, CATALOGUE[kpi_id].label("en"))
        said.key, said.values, said.kpi_id = "", {}, kpi_id
        return said

    kpi_id: str

    def __reduce__(self) -> tuple[Any, ...]:
        return KpiLabel, (self.kpi_id,)

    def in_language(self, t: Translator) -> str:
        return CATALOGUE[self.kpi_id].label(t.lang)
_REASONS_LISTED_LINES = 5


# ------------------------------------------------------------------------------------------------- months
def _year(token: str) -> int | None:
    if not token.isdigit() or len(token) not in (2, 4):
        return None
    year = int(token)
    return (2000 + year if year < 70 else 1900 + year) if len(token) == 2 else year


def _month_of(tokens: list[str]) -> tuple[int, int, int | None] | None:
    """(year, month, day or None) when ``tokens`` (a normalised header or value, split) open with a month: a
    month name and a year, year and month (and day), month and year, or day, month and year (day first unless the
    second number is over 12)."""
    if len(tokens) >= 2 and tokens[0] in MONTH_NAMES and _year(tokens[1]):
        return _year(tokens[1]), MONTH_NAMES[tokens[0]], None  # type: ignore[return-value]
    if len(tokens) >= 3 and tokens[0].isdigit() and tokens[1] in MONTH_NAMES and _year(tokens[2]):
        return _year(tokens[2]), MONTH_NAMES[tokens[1]], int(tokens[0])  # type: ignore[return-value]
    numbers = []
    for token in tokens[:3]:
        if not token.isdigit():
            break
        numbers.append(token)
    if len(numbers) >= 2 and len(numbers[0]) == 4:
        year, month = int(numbers[0]), int(numbers[1])
        day = int(numbers[2]) if len(numbers) == 3 else None
    elif len(numbers) == 2 and len(numbers[1]) == 4:
        year, month, day = int(numbers[1]), int(numbers[0]), None
    elif len(numbers) == 3 and len(numbers[2]) == 4:
        first, second = int(numbers[0]), int(numbers[1])
        month, day = (first, second) if second > 12 else (second, first)
        year = int(numbers[2])
    else:
        return None
    if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
        return None
    return year, month, day


def header_month(header: str) -> dt.date | None:
    """The month a header names (``Jan 2025``, ``janv. 2025``, ``2025-01``, ``01/2025``, ``Objectif févr. 2025``,
    an Excel date cell as ``2025-01-01``), else None: the columns of a wide targets sheet."""
    tokens = normalise_header(header).split()
    for start in range(len(tokens)):
        found = _month_of(tokens[start:])
        if found is not None:
            return dt.date(found[0], found[1], 1)
    return None


def month_headers(headers: list[str]) -> dict[str, dt.date]:
    """The headers that name a month, with their month, in the file's order."""
    found = {header: header_month(header) for header in headers}
    return {header: month for header, month in found.items() if month is not None}


def is_month_value(value: str) -> bool:
    """Whether a value names a month rather than a day: a month and a year, or a date on the first of a month."""
    found = _month_of(normalise_header(value).split())
    return found is not None and found[2] in (None, 1)


def month_sql(parsed: str, raw: str) -> str:
    """SQL for the first day of the month of a value: ``parsed`` (the importer's date parser over it, which reads
    dates and month names), else ``2025-01`` or ``01/2025`` from ``raw``, its text."""
    v = f"trim({raw})"
    year_month = f"regexp_extract({v}, '^(\\d{{4}})[-/.](\\d{{1,2}})$', ['y', 'm'])"
    month_year = f"regexp_extract({v}, '^(\\d{{1,2}})[-/.](\\d{{4}})$', ['m', 'y'])"
    extra = [f"try(make_date(try_cast({part}.y AS INTEGER), try_cast({part}.m AS INTEGER), 1))"
             for part in (year_month, month_year)]
    return f"date_trunc('month', coalesce({parsed}, {', '.join(extra)}))::DATE"


# ------------------------------------------------------------------------------------------------- detection
def _monthly_column(sample_rows: list[list[str]], index: int) -> bool:
    values = [row[index].strip() for row in sample_rows if index < len(row) and row[index].strip()]
    return bool(values) and all(is_month_value(value) for value in values)


def refine_kind(kind: str, headers: list[str], sample_rows: list[list[str]]) -> str:
    """The kind detected from the headers, checked against the values: a file with month headers is a wide
    targets sheet; a plan needs a monthly period column (else it is KPI history); KPI history whose value column
    is a target (Target, Objectif, Quota...) over a monthly column is a plan."""
    if len(month_headers(headers)) >= 2:
        return "plan"
    if kind not in ("plan", "kpi"):
        return kind
    proposed = mp.propose(headers, "plan", None)
    monthly = "month" in proposed and _monthly_column(sample_rows, headers.index(proposed["month"]))
    if kind == "plan" and not monthly:
        return "kpi" if "date" in mp.propose(headers, "kpi", None) else kind
    if kind == "kpi" and monthly and "amount" in proposed and \
            normalise_header(proposed["amount"]) in SYNONYMS["plan"]["amount"]:
        return "plan"
    return kind


def saved_as_kpi_history(saved_kind: str, headers: list[str], sample_rows: list[list[str]]) -> bool:
    """Whether a mapping saved for these headers read a targets sheet as KPI history (as every targets sheet was
    read before the plan existed): detection decides again, so that the same file now becomes the plan."""
    return saved_kind == "kpi" and refine_kind("kpi", headers, sample_rows) == "plan"


def guess_kpi(words: str) -> str:
    """The KPI a target's header (or a file's name) speaks of: revenue unless it names deals, leads, customers or
    pipeline."""
    tokens = f" {normalise_header(words)} "
    for kpi_id, hints in KPI_HINTS:
        if any(f" {hint} " in tokens for hint in hints):
            return kpi_id
    return "revenue"


def complete_mapping(mapping: dict[str, str], headers: list[str], file_name: str) -> dict[str, str]:
    """A plan's mapping checked and completed: long (a month and a target column) or wide (month headers), the
    KPI a constant when no column gives it (guessed, the user may change it). Raises ImportFileError when the file
    has no months or no targets."""
    result = dict(mapping)
    months = month_headers([h for h in headers if h not in {v for k, v in result.items() if k != "amount"}])
    if "month" not in result and months:
        result.pop("amount", None)  # a wide sheet's target columns are its months ("Objectif janv. 2025")
    elif "month" not in result:
        raise ImportFileError("ingest.error.plan_no_month", file=file_name)
    elif "amount" not in result:
        raise ImportFileError("ingest.error.plan_no_amount", file=file_name, column=result["month"])
    kpi = result.get("kpi")
    if kpi is None:
        words = result.get("amount") or file_name
        result["kpi"] = "=" + guess_kpi(words)
    elif kpi.startswith("=") and kpi[1:] not in PLAN_KPIS:
        raise ImportFileError("ingest.error.plan_kpi", file=file_name, kpi=kpi[1:], kpis=list(PLAN_KPIS))
    return result


def plan_dimension(mapping: dict[str, str]) -> tuple[str, list[str]]:
    """The dimension of a plan (``company`` when none is mapped) and the mapped fields summed over."""
    mapped = [name for name in DIMENSION_FIELDS if name in mapping and not mapping[name].startswith("=")]
    if not mapped:
        return "company", []
    return DIMENSION_FIELDS[mapped[0]], mapped[1:]


# ------------------------------------------------------------------------------------------------- import
def _kpi_sql(fields: Fields) -> tuple[str, str]:
    """SQL for the KPI id of a row and for its raw text (NULL when the KPI is a constant)."""
    column = fields.plan.mapping["kpi"]
    if column.startswith("="):
        return vs.lit(column[1:]), "NULL"
    raw = fields.get("kpi")
    words: dict[str, str] = {}
    for kpi_id in PLAN_KPIS:
        kpi = CATALOGUE[kpi_id]
        for word in (kpi_id.replace("_", " "), kpi.label("en"), kpi.label("fr"), *KPI_WORDS[kpi_id]):
            words.setdefault(normalise_header(word), kpi_id)
    cases = " ".join(f"WHEN {vs.lit(word)} THEN {vs.lit(kpi_id)}" for word, kpi_id in words.items())
    plain = f"trim(regexp_replace(strip_accents(lower({raw})), '[^a-z0-9]+', ' ', 'g'))"
    return f"CASE {plain} {cases} END", raw


def _dimension_sql(fields: Fields, field: str | None) -> str:
    return "''" if field is None else fields.get(field)


def _stage_long(tx: duckdb.DuckDBPyConnection, fields: Fields, info: FileInfo, dimension_field: str | None) -> None:
    kpi, raw_kpi = _kpi_sql(fields)
    month = month_sql(fields.parsed["month"], fields.mapped_sql("month"))
    tx.execute(f"""CREATE OR REPLACE TEMP TABLE staged AS
        SELECT line, {month} AS month, {fields.raw['month']} AS r_month, {fields.parsed['amount']} AS amount,
               {fields.raw['amount']} AS r_amount, {_dimension_sql(fields, dimension_field)} AS dimension_value,
               {kpi} AS kpi, {raw_kpi} AS r_kpi, {vs.lit(fields.header('amount'))} AS hdr
        FROM rawl WHERE line < {info.footer_start}""")


def _stage_wide(tx: duckdb.DuckDBPyConnection, fields: Fields, info: FileInfo, dimension_field: str | None,
                months: dict[str, dt.date]) -> None:
    """One staged row per month column and file row; a cell left empty is no target for that month."""
    kpi, raw_kpi = _kpi_sql(fields)
    columns = [(header, fields.col[header], month) for header, month in months.items()]
    stats = [sql for _, column, _ in columns for sql in vs.number_stats_sql(column, column)]
    cursor = tx.execute(f"SELECT {', '.join(stats)} FROM rawl WHERE line < {info.footer_start}")
    values = dict(zip([d[0] for d in cursor.description], cursor.fetchall()[0], strict=True))
    numbers = [vs.number_column(header, values, column) for header, column, _ in columns]
    fields.decide_numbers(numbers)
    unions = []
    for (header, column, month), number in zip(columns, numbers, strict=True):
        unions.append(
            f"SELECT line, DATE '{month.isoformat()}' AS month, NULL AS r_month, "
            f"{vs.number_sql(column, number.mark)} "
            f"AS amount, {vs.text_sql(column, info.blanks)} AS r_amount, "
            f"{_dimension_sql(fields, dimension_field)} AS dimension_value, {kpi} AS kpi, {raw_kpi} AS r_kpi, "
            f"{vs.lit(header)} AS hdr FROM rawl WHERE line < {info.footer_start}")
    tx.execute(f"CREATE OR REPLACE TEMP TABLE staged AS SELECT * FROM ({' UNION ALL '.join(unions)}) "
               "WHERE r_amount IS NOT NULL")


def _problems(tx: duckdb.DuckDBPyConnection, fields: Fields, dimension_field: str | None, wide: bool) -> None:
    """``problems``: one row per (line, problem), as the importer's other kinds list them."""
    checks = [("r_amount IS NOT NULL AND amount IS NULL", "hdr", "r_amount", "ingest.reason.unreadable_number"),
              ("kpi IS NULL AND r_kpi IS NOT NULL", vs.lit(fields.header("kpi")), "r_kpi",
               "ingest.reason.unknown_plan_kpi"),
              ("kpi IS NULL AND r_kpi IS NULL", vs.lit(fields.header("kpi")), "''", "ingest.reason.missing_kpi_name")]
    if not wide:
        month = vs.lit(fields.header("month"))
        checks += [("month IS NULL AND r_month IS NOT NULL", month, "r_month", "ingest.reason.unreadable_date"),
                   ("month IS NULL AND r_month IS NULL", month, "''", "ingest.reason.missing_date"),
                   ("r_amount IS NULL", "hdr", "''", "ingest.reason.missing_plan_amount")]
    if dimension_field is not None:
        column = vs.lit(fields.header(dimension_field))
        totals = ", ".join(vs.lit(word) for word in TOTAL_WORDS)
        checks += [("dimension_value IS NULL", column, "''", "ingest.reason.missing_plan_dimension"),
                   (f"trim(regexp_replace(strip_accents(lower(dimension_value)), '[^a-z0-9]+', ' ', 'g')) "
                    f"IN ({totals})", column, "dimension_value", "ingest.reason.plan_total_row")]
    selects = " UNION ALL ".join(
        f"SELECT line, {column} AS column_name, left(CAST({value} AS VARCHAR), 200) AS value, {vs.lit(reason)} "
        f"AS reason_key, CAST(NULL AS VARCHAR) AS reason_lines FROM staged WHERE {condition}"
        for condition, column, value, reason in checks)
    tx.execute(f"CREATE OR REPLACE TEMP TABLE problems AS SELECT DISTINCT * FROM ({selects})")


def _reject_conflicts(tx: duckdb.DuckDBPyConnection, column: str) -> None:
    """The same month and team, rep or product twice with different targets: every such line is rejected, with
    the first lines it was found on."""
    tx.execute(f"""CREATE OR REPLACE TEMP TABLE conflicts AS
        SELECT kpi, month, dimension_value,
               array_to_string(list(line ORDER BY line)[1:{_REASONS_LISTED_LINES}], ', ') AS lines
        FROM staged ANTI JOIN (SELECT DISTINCT line FROM problems) USING (line)
        GROUP BY kpi, month, dimension_value HAVING count(DISTINCT amount) > 1""")
    tx.execute(f"""INSERT INTO problems
        SELECT DISTINCT s.line, {column}, left(strftime(s.month, '%Y-%m') || ' ' || s.dimension_value, 200),
               {vs.lit(_SAME_ID)}, c.lines
        FROM staged s JOIN conflicts c USING (kpi, month, dimension_value)
        WHERE s.line NOT IN (SELECT line FROM problems)""")


def _classify(tx: duckdb.DuckDBPyConnection, dimension: str, summed: bool) -> None:
    """``accepted`` (the file's plan, one row per KPI, month and dimension value) and ``classified``: each row of
    the months the file covers, new, changed, the same, or removed (stored but no longer in the file; a stored
    row the file holds on a rejected line is left as it is)."""
    tx.execute(f"""CREATE OR REPLACE TEMP TABLE accepted AS
        SELECT kpi, month, dimension_value, {'sum' if summed else 'any_value'}(amount) AS amount
        FROM staged ANTI JOIN (SELECT DISTINCT line FROM problems) USING (line)
        GROUP BY kpi, month, dimension_value""")
    tx.execute("""CREATE OR REPLACE TEMP TABLE classified AS
        SELECT coalesce(a.kpi, p.kpi) AS kpi, coalesce(a.month, p.period) AS period, ? AS dimension,
               coalesce(a.dimension_value, p.dimension_value) AS dimension_value, a.amount, p.amount AS old_amount,
               p.source AS old_source, p.import_id AS old_import,
               CASE WHEN p.period IS NULL THEN 'new' WHEN a.month IS NULL THEN 'removed'
                    WHEN a.amount IS DISTINCT FROM p.amount THEN 'changed' ELSE 'same' END AS change
        FROM accepted a FULL JOIN (
            SELECT * FROM plan t WHERE dimension = ?
                AND EXISTS (SELECT 1 FROM accepted c WHERE c.kpi = t.kpi AND c.month = t.period)
                AND (EXISTS (SELECT 1 FROM accepted c WHERE c.kpi = t.kpi AND c.month = t.period
                             AND c.dimension_value = t.dimension_value)
                     OR NOT EXISTS (SELECT 1 FROM staged s WHERE s.kpi = t.kpi AND s.month = t.period
                                    AND s.dimension_value = t.dimension_value))) p
            ON p.kpi = a.kpi AND p.period = a.month AND p.dimension_value = a.dimension_value""",
               [dimension, dimension])


def _write(tx: duckdb.DuckDBPyConnection, source: str, import_id: int) -> dict[str, int]:
    """Keep the before-images of changed and removed rows, then write the file's months; returns the counts of
    plan rows by verdict."""
    tx.execute("""INSERT INTO plan_versions
        SELECT ?, CASE change WHEN 'changed' THEN 'update' ELSE 'delete' END, old_source, kpi, period, dimension,
               dimension_value, old_amount, old_import
        FROM classified WHERE change IN ('changed', 'removed')""", [import_id])
    tx.execute("""DELETE FROM plan t USING classified c WHERE c.change IN ('changed', 'removed') AND t.kpi = c.kpi
        AND t.period = c.period AND t.dimension = c.dimension AND t.dimension_value = c.dimension_value""")
    tx.execute("""INSERT INTO plan (source, kpi, period, dimension, dimension_value, amount, import_id)
        SELECT ?, kpi, period, dimension, dimension_value, amount, ? FROM classified
        WHERE change IN ('new', 'changed') ORDER BY kpi, period, dimension_value""", [source, import_id])
    return dict(tx.execute("SELECT change, count(*) FROM classified GROUP BY change").fetchall())


def _line_counts(tx: duckdb.DuckDBPyConnection, info: FileInfo) -> tuple[int, int, int]:
    """New, updated and unchanged file rows: a row is new when one of its targets is, else updated when one
    changed; the rest of the rows read (those without a target too) are unchanged."""
    per_line = dict(tx.execute("""SELECT verdict, count(*) FROM (
        SELECT s.line, CASE WHEN bool_or(c.change = 'new') THEN 'new' WHEN bool_or(c.change = 'changed')
                            THEN 'changed' ELSE 'same' END AS verdict
        FROM staged s ANTI JOIN (SELECT DISTINCT line FROM problems) USING (line)
        JOIN classified c ON c.kpi = s.kpi AND c.period = s.month AND c.dimension_value = s.dimension_value
        GROUP BY s.line) GROUP BY verdict""").fetchall())
    good = tx.execute(f"""SELECT count(*) FROM rawl WHERE line < {info.footer_start}
        AND line NOT IN (SELECT line FROM problems)""").fetchall()[0][0]
    inserted, updated = per_line.get("new", 0), per_line.get("changed", 0)
    return inserted, updated, good - inserted - updated


def _summary(tx: duckdb.DuckDBPyConnection, dimension: str, removed: int) -> dict[str, Any]:
    """What the preview shows of a plan: its KPIs, its dimension, the months it covers with their totals."""
    months = tx.execute("""SELECT strftime(month, '%Y-%m-%d'), sum(amount), count(DISTINCT dimension_value)
        FROM accepted GROUP BY month ORDER BY month""").fetchall()
    kpis = [row[0] for row in tx.execute("SELECT DISTINCT kpi FROM accepted ORDER BY kpi").fetchall()]
    return {"kpis": kpis, "dimension": dimension, "removed": removed,
            "months": [{"month": month, "total": total, "values": values} for month, total, values in months]}


def import_plan(tx: duckdb.DuckDBPyConnection, fields: Fields, info: FileInfo, import_id: int,
                result: ImportResult) -> None:
    """Stage, check, compare with the stored plan and write one targets sheet (``rawl`` holds its rows)."""
    mapping = fields.plan.mapping
    dimension, summed_over = plan_dimension(mapping)
    dimension_field = None if dimension == "company" else next(f for f, d in DIMENSION_FIELDS.items()
                                                                if d == dimension)
    wide = "month" not in mapping
    months = month_headers([h for h in info.header if h not in set(mapping.values())]) if wide else {}
    if wide:
        _stage_wide(tx, fields, info, dimension_field, months)
        fields.notes.append(Said("ingest.note.plan_wide", columns=list(months)))
    else:
        _stage_long(tx, fields, info, dimension_field)
    _problems(tx, fields, dimension_field, wide)
    if not summed_over:
        conflict_column = fields.header(dimension_field) if dimension_field else fields.header("month")
        _reject_conflicts(tx, vs.lit(conflict_column))
    _classify(tx, dimension, bool(summed_over))
    counts = _write(tx, fields.plan.source, import_id)
    result.inserted, result.updated, result.unchanged = _line_counts(tx, info)
    result.plan = _summary(tx, dimension, counts.get("removed", 0))
    _explain(fields, mapping, dimension, summed_over, result.plan)


def _explain(fields: Fields, mapping: dict[str, str], dimension: str, summed_over: list[str],
             summary: dict[str, Any]) -> None:
    """The notes of a plan's preview: what it is, what was assumed, what it replaces."""
    months = summary["months"]
    if months:
        fields.notes.append(Said(
            "ingest.note.plan_summary", kpi=[KpiLabel(k) for k in summary["kpis"]],
            dimension=Said(f"plan.by.{dimension}"), first=months[0]["month"][:7], last=months[-1]["month"][:7],
            months=len(months)))
    if mapping["kpi"].startswith("="):
        fields.notes.append(Said("ingest.note.plan_kpi", kpi=KpiLabel(mapping["kpi"][1:])))
    if summed_over:
        fields.notes.append(Said("ingest.note.plan_summed", dimension=Said(f"plan.by.{dimension}"),
                                 columns=[mapping[name] for name in summed_over]))
    if summary["removed"]:
        fields.notes.append(Said("ingest.note.plan_removed", count=summary["removed"]))


# ------------------------------------------------------------------------------------------------- undo
# Later imports that replaced some of an import's plan rows: they must be undone first.
UNDO_BLOCKERS_SQL = "SELECT import_id FROM plan_versions WHERE prev_import_id = $1 AND import_id <> $1"


def undo_plan(tx: duckdb.DuckDBPyConnection, import_id: int) -> None:
    """Remove the rows an import wrote and put back those it changed or removed, as they were."""
    tx.execute("DELETE FROM plan WHERE import_id = ?", [import_id])
    tx.execute("""INSERT INTO plan (source, kpi, period, dimension, dimension_value, amount, import_id)
        SELECT source, kpi, period, dimension, dimension_value, amount, prev_import_id FROM plan_versions
        WHERE import_id = ?""", [import_id])
    tx.execute("DELETE FROM plan_versions WHERE import_id = ?", [import_id])

