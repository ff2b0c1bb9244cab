"""A KPI history file (one KPI per row, or one column per KPI) into ``kpi_history``, its grain detected."""

from __future__ import annotations

from typing import TYPE_CHECKING

import duckdb

from smart.ingest import mapping as mp
from smart.ingest import values as vs
from smart.ingest.errors import ImportFileError, Said
from smart.ingest.fields import Fields, finish_rejects, problems_sql, stage_common
from smart.ingest.sniff import FileInfo

if TYPE_CHECKING:
    from smart.ingest.planning import Plan
    from smart.ingest.result import ImportResult


COMPANY_SCOPE_WORDS = ("entreprise", "company", "societe", "global", "all", "total", "tous", "toutes")


def import_kpi_history(tx: duckdb.DuckDBPyConnection, fields: Fields, plan: Plan, info: FileInfo, import_id: int,
                       result: ImportResult) -> None:
    """Stage, check, compare with the stored history and write one KPI history file: one KPI per row (a KPI and a
    value column) or one column per KPI (each column with at least 90 % numbers; a row with an unreadable cell is
    rejected whole); the grain (day to year) is read from the periods."""
    f = fields.get
    long_form = "kpi" in plan.mapping and "value" in plan.mapping
    company = ", ".join(vs.lit(w) for w in COMPANY_SCOPE_WORDS)
    scope = (f"CASE WHEN {f('scope')} IS NULL OR strip_accents(lower({f('scope')})) IN ({company}) THEN 'company' "
             f"ELSE {f('scope')} END")
    extra = [("period IS NULL AND r_date IS NULL", fields.header("date"), "''", "ingest.reason.missing_date")]
    if long_form:
        kpi = f"regexp_replace(lower(trim({f('kpi')})), '\\s+', '_', 'g')"
        select = [f"{kpi} AS kpi", f"{f('date')} AS period", f"{scope} AS scope", f"{f('value')} AS value"]
        stage_common(tx, fields, select, info.footer_start)
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
        value_cols = [(*candidates[i], numbers[i].mark) for i in kept]
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
        tx.execute(f"CREATE OR REPLACE TEMP TABLE problems AS {problems_sql(fields, extra)}")
        tx.execute("""CREATE OR REPLACE TEMP TABLE accepted AS SELECT * FROM staged
            ANTI JOIN (SELECT DISTINCT line FROM problems) USING (line)
            QUALIFY row_number() OVER (PARTITION BY kpi, period, scope ORDER BY line DESC) = 1""")
    else:
        finish_rejects(tx, fields, extra, ["kpi", "period", "scope"], ["value"])
    tx.execute("""CREATE OR REPLACE TEMP TABLE classified AS
        SELECT a.kpi, a.period, a.grain, a.scope, a.source, a.value, t.value AS old_value, t.import_id AS old_import,
            CASE WHEN t.kpi IS NULL THEN 'new' WHEN a.value IS DISTINCT FROM t.value THEN 'changed' ELSE 'same' END
                AS change
        FROM accepted a LEFT JOIN kpi_history t USING (kpi, period, grain, scope, source)""")
    changes: dict[str, int] = dict(tx.execute("SELECT change, count(*) FROM classified GROUP BY change").fetchall())
    tx.execute("""INSERT INTO kpi_versions SELECT ?, 'update', kpi, period, grain, scope, source, old_value, old_import
        FROM classified WHERE change = 'changed'""", [import_id])
    tx.execute("""UPDATE kpi_history t SET value = c.value, import_id = ? FROM classified c WHERE c.change = 'changed'
        AND t.kpi = c.kpi AND t.period = c.period AND t.grain = c.grain AND t.scope = c.scope
        AND t.source = c.source""", [import_id])
    tx.execute("""INSERT INTO kpi_history (kpi, period, grain, scope, value, source, import_id)
        SELECT kpi, period, grain, scope, value, source, ? FROM classified WHERE change = 'new'""", [import_id])
    result.inserted, result.updated = changes.get("new", 0), changes.get("changed", 0)
    rows_ok = tx.execute("SELECT count(DISTINCT line) FROM staged ANTI JOIN (SELECT DISTINCT line FROM problems) "
                         "USING (line)").fetchall()[0][0]
    result.unchanged = rows_ok - result.inserted - result.updated if long_form else changes.get("same", 0)
    if not long_form:
        # Counts are per file row: a row is new if any of its KPI values is new, else updated if any changed.
        per_row = dict(tx.execute("""SELECT kind, count(*) FROM (
            SELECT a.line, CASE WHEN bool_or(c.change = 'new') THEN 'new' WHEN bool_or(c.change = 'changed')
                THEN 'changed' ELSE 'same' END AS kind
            FROM staged a ANTI JOIN (SELECT DISTINCT line FROM problems) USING (line)
            LEFT JOIN classified c USING (kpi, period, scope) GROUP BY a.line) GROUP BY kind""").fetchall())
        result.inserted, result.updated, result.unchanged = (per_row.get("new", 0), per_row.get("changed", 0),
                                                             per_row.get("same", 0))


def _detect_grain(tx: duckdb.DuckDBPyConnection) -> str:
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
