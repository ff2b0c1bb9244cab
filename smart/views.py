"""Page-level queries the KPI engine does not answer: the deals behind a figure, data freshness, the weak
signals, the cycle distribution binned for a histogram, objectives at a glance.

The global filters are applied exactly as ``smart.analytics`` applies them (``facts_sql`` on a catalogue entry
whose facts are replaced), every aggregation runs in DuckDB and only small results (bins, quantiles, one row
per rep or per stage, at most ``DRILL_LIMIT`` deals) reach pandas.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, replace

import pandas as pd

from smart.analytics import Filters, change_distribution, kpi_series, kpi_value
from smart.analytics.catalogue import cycle_days_sql
from smart.analytics.engine import get_kpi, left_out
from smart.analytics.facts import filters_sql
from smart.analytics.filters import EVERYTHING, Scope, dimension_conditions, one_year_before, scoped_records_sql
from smart.analytics.rates import reached_stage_sql
from smart.coverage import DataExtent, data_extent
from smart.currency import DEALS_IN_REPORTING_CURRENCY, LeftOut
from smart.currency.convert import with_reporting_currency
from smart.storage import Store

DRILL_LIMIT = 500
HISTOGRAM_BIN_DAYS = 15
HISTOGRAM_CAP_DAYS = 180
SIZE_BANDS = 4
SIGNAL_KPIS = ("revenue", "deals_won", "win_rate", "avg_deal_size", "qualified_leads", "lead_conversion_rate")
CARD_KPIS = ("revenue", "deals_won", "win_rate", "avg_deal_size", "qualified_leads", "sales_cycle_days")
SPARKLINE_MONTHS = 12

# Every deal with its team, its amount in the reporting currency and its cycle length; ``{date}`` places it in the
# period.
_DEALS = f"""
    SELECT {{date}} AS d, x.source, x.crm_id, x.title, x.account, x.owner, r.team, x.pipeline, x.stage, x.status,
           x.amount, x.created_on, x.close_on, x.lead_source,
           {cycle_days_sql("x.")} AS cycle_days
    FROM ({{deals}}) x LEFT JOIN reps r ON r.owner = x.owner"""
# What a drill-down may narrow on: a name the pages use -> the SQL condition, with one ``?`` (a pipeline: two, for
# its source and name, given as a tuple). "reached" compares positions in the deal's own pipeline's funnel: narrow
# on the pipeline too.
DRILL_CONDITIONS = {
    "pipeline": "source = ? AND coalesce(pipeline, '') = ?",
    "status": "status = ?",
    # A missing value (None) picks the deals that have none: the "No rep" row of a split drills to them.
    "owner": "owner IS NOT DISTINCT FROM ?",
    "team": "team IS NOT DISTINCT FROM ?",
    "lead_source": "lead_source IS NOT DISTINCT FROM ?",
    "stage": "stage IS NOT DISTINCT FROM ?",
    "reached": f"(source, crm_id) IN (SELECT source, crm_id FROM ({reached_stage_sql()}) WHERE reached >= ?)",
    "month": "date_trunc('month', d)::DATE = ?::DATE",
    "cycle_from": "cycle_days >= ?",
    "cycle_to": "cycle_days < ?",
    "amount_from": "amount >= ?",
    "amount_to": "amount <= ?",
}
DRILL_COLUMNS = ["title", "account", "owner", "team", "stage", "status", "amount", "created_on", "close_on",
                 "cycle_days", "lead_source"]


def deals_facts(store: Store, filters: Filters, date_column: str = "close_on") -> tuple[str, list[object]]:
    """The deals with the global filters applied, dated by ``date_column`` (``close_on`` or ``created_on``), their
    amounts in the reporting currency."""
    if date_column not in ("close_on", "created_on"):
        raise ValueError(f"deals are dated by close_on or created_on, not {date_column!r}")
    facts = _DEALS.format(date=f"x.{date_column}", deals=DEALS_IN_REPORTING_CURRENCY)
    sql, params = filters_sql(facts, filters)
    return with_reporting_currency(store, sql), params


def left_out_deals(store: Store, filters: Filters) -> LeftOut:
    """The deals of the range whose amount the money figures leave out for want of an exchange rate (won deals by
    their close date, open ones by their expected close date), per currency."""
    return left_out(store, "revenue", filters) + left_out(store, "pipeline_value", filters)


def has_deals(store: Store, scope: Scope = EVERYTHING) -> bool:
    """Whether any deal is there for ``scope`` to see."""
    sql, params = scoped_records_sql("deals", scope)
    return bool(store.scalar(f"SELECT count(*) FROM ({sql})", params))


def has_leads(store: Store, scope: Scope = EVERYTHING) -> bool:
    """Whether any lead is there for ``scope`` to see."""
    sql, params = scoped_records_sql("leads", scope)
    return bool(store.scalar(f"SELECT count(*) FROM ({sql})", params))


def export_spacing(store: Store) -> float | None:
    """How many days apart the deals exports are (the median interval between successive days an export of the
    same CRM describes, undone imports aside): the finest time in stage their history can tell. None with fewer
    than two such days."""
    return store.scalar("""
        WITH days AS (
            SELECT DISTINCT source, observed_on FROM imports
            WHERE kind = 'deals' AND undone_at IS NULL AND observed_on IS NOT NULL),
        gaps AS (
            SELECT date_diff('day', lag(observed_on) OVER (PARTITION BY source ORDER BY observed_on), observed_on)
                AS gap
            FROM days)
        SELECT median(gap)::DOUBLE FROM gaps WHERE gap IS NOT NULL""")


def drill_deals(store: Store, filters: Filters, conditions: tuple[tuple[str, object], ...] = (),
                date_column: str = "close_on", limit: int = DRILL_LIMIT) -> tuple[pd.DataFrame, int]:
    """The deals behind a figure: the filtered deals narrowed by ``conditions`` (names of ``DRILL_CONDITIONS``),
    largest first, at most ``limit`` of them, and how many there are in all."""
    facts, params = deals_facts(store, filters, date_column)
    where, values = ["TRUE"], []
    for name, value in conditions:
        if name not in DRILL_CONDITIONS:
            raise ValueError(f"unknown drill-down condition {name!r}; expected one of {', '.join(DRILL_CONDITIONS)}")
        where.append(DRILL_CONDITIONS[name])
        values.extend(value if isinstance(value, tuple) else [value])
    base = f"SELECT * FROM ({facts}) WHERE {' AND '.join(where)}"
    total = int(store.scalar(f"SELECT count(*) FROM ({base})", [*params, *values]))
    frame = store.df(f"SELECT {', '.join(DRILL_COLUMNS)} FROM ({base}) ORDER BY amount DESC NULLS LAST, crm_id "
                     "LIMIT ?", [*params, *values, int(limit)])
    return frame, total


def cycle_histogram(store: Store, filters: Filters, bin_days: int = HISTOGRAM_BIN_DAYS,
                    cap_days: int = HISTOGRAM_CAP_DAYS) -> pd.DataFrame:
    """Closed deals (won and lost) by cycle length in bins of ``bin_days``; the last bin holds every cycle of
    ``cap_days`` or more. Columns: status, bin_from, bin_to (exclusive; None for the last bin), deals."""
    facts, params = deals_facts(store, filters)
    frame = store.df(f"""
        SELECT status, least(floor(cycle_days / ?) * ?, ?)::INTEGER AS bin_from, count(*)::BIGINT AS deals
        FROM ({facts}) WHERE status IN ('won', 'lost') AND cycle_days IS NOT NULL
        GROUP BY ALL ORDER BY status DESC, bin_from""", [bin_days, bin_days, cap_days, *params])
    frame["bin_to"] = (frame["bin_from"] + bin_days).where(frame["bin_from"] < cap_days)
    return frame[["status", "bin_from", "bin_to", "deals"]]


def cycle_boxes(store: Store, filters: Filters, by: str, status: str = "won") -> pd.DataFrame:
    """Five numbers per group for a box plot of the cycle of the deals closed ``status`` in the range.

    ``by`` is ``owner``, ``lead_source``, ``team``, ``status`` or ``size_band`` (quartiles of the deal amounts
    of these very deals: band 1 is the smallest quarter). Whiskers are the 5th and 95th percentiles.
    Columns: group, deals, p05, p25, median, p75, p95, and for size bands amount_from and amount_to.
    """
    facts, params = deals_facts(store, filters)
    statuses = ["won", "lost"] if by == "status" else [status]
    kept = (f"SELECT * FROM ({facts}) WHERE status IN ({', '.join('?' * len(statuses))}) "
            "AND cycle_days IS NOT NULL")
    if by == "size_band":
        group, extra = "band", ", min(amount) AS amount_from, max(amount) AS amount_to"
        source = f"SELECT *, ntile({SIZE_BANDS}) OVER (ORDER BY amount) AS band FROM ({kept}) WHERE amount IS NOT NULL"
    elif by in ("owner", "lead_source", "team", "status"):
        group, extra, source = by, "", kept
    else:
        raise ValueError(f"unknown grouping {by!r}; expected owner, lead_source, team, status or size_band")
    params = [*params, *statuses]
    return store.df(f"""
        SELECT {group} AS "group", count(*)::BIGINT AS deals,
               quantile_cont(cycle_days, 0.05) AS p05, quantile_cont(cycle_days, 0.25) AS p25,
               median(cycle_days) AS median, quantile_cont(cycle_days, 0.75) AS p75,
               quantile_cont(cycle_days, 0.95) AS p95{extra}
        FROM ({source}) GROUP BY ALL ORDER BY median DESC NULLS LAST, "group" """, params)


def pushed_close_dates(store: Store, filters: Filters) -> pd.DataFrame:
    """Open deals whose expected close date moved later between two successive CRM exports or history changes
    (deal_history; a state with no close date known yet, before a history file's first close date, is skipped).

    The period filter does not apply: a slipping deal matters whatever its date. Columns: title, account, owner,
    amount, first_close_on (the earliest observed), close_on (now), pushes (how many exports moved it later),
    days_pushed, then source and crm_id (the deal's key, for telling deals apart rather than for showing).
    """
    facts, params = deals_facts(store, replace(filters, start=None, end=None))
    return store.df(f"""
        WITH kept AS (SELECT * FROM ({facts}) WHERE status = 'open'),
        moves AS (
            SELECT s.source, s.crm_id, s.close_on,
                   s.close_on > lag(s.close_on) OVER (PARTITION BY s.source, s.crm_id ORDER BY s.observed_on)
                       AS pushed,
                   first_value(s.close_on IGNORE NULLS) OVER (PARTITION BY s.source, s.crm_id ORDER BY s.observed_on)
                       AS first_close_on
            FROM deal_history s JOIN kept k USING (source, crm_id)),
        per_deal AS (
            SELECT source, crm_id, any_value(first_close_on) AS first_close_on,
                   count(*) FILTER (WHERE pushed)::BIGINT AS pushes
            FROM moves GROUP BY ALL HAVING count(*) FILTER (WHERE pushed) > 0)
        SELECT k.title, k.account, k.owner, k.amount, p.first_close_on, k.close_on, p.pushes,
               date_diff('day', p.first_close_on, k.close_on)::BIGINT AS days_pushed, source, crm_id
        FROM per_deal p JOIN kept k USING (source, crm_id)
        ORDER BY p.pushes DESC, days_pushed DESC, k.amount DESC NULLS LAST, k.title""", params)


@dataclass(frozen=True)
class Freshness:
    """The latest import and how recent the data is."""

    file_name: str | None
    kind: str | None
    imported_at: dt.datetime | None
    rows: int
    newest_fact: dt.date | None
    age_days: int | None


def freshness(store: Store, today: dt.date, extent: DataExtent | None = None) -> Freshness:
    """The latest import still in place, and the newest activity date in the data on or before ``today``
    (``smart.coverage``: a creation, a close, a lead's qualification or conversion, a stage change; never the day
    of an import). ``extent``: the data's extent when the caller has it already (it is the costly part)."""
    latest = store.rows("""
        SELECT file_name, kind, coalesce(finished_at, started_at), rows FROM imports
        WHERE undone_at IS NULL ORDER BY coalesce(finished_at, started_at) DESC, id DESC LIMIT 1""")
    newest = (extent if extent is not None else data_extent(store)).newest(today)
    file_name, kind, imported_at, rows = latest[0] if latest else (None, None, None, 0)
    age = (today - newest).days if newest is not None else None
    return Freshness(file_name, kind, imported_at, int(rows or 0), newest, age)


def previous_span(start: dt.date, end: dt.date, today: dt.date) -> tuple[dt.date, dt.date, dt.date, dt.date]:
    """The range to date and the comparable range just before it: the same number of whole months earlier
    (same days of those months, a month's last day matching the last day of the earlier month: the second quarter
    compares with 1 Jan - 31 Mar, not 30 Mar) when the range is made of whole months, else the same number of days
    earlier.

    Returns (start, end to date, previous start, previous end)."""
    to_date = min(end, today)
    next_day = end + dt.timedelta(days=1)
    if start.day == 1 and next_day.day == 1:
        months = (next_day.year - start.year) * 12 + next_day.month - start.month
        shift = pd.DateOffset(months=months)
        after_to_date = to_date + dt.timedelta(days=1)
        if after_to_date.day == 1:
            previous_end = (pd.Timestamp(after_to_date) - shift).date() - dt.timedelta(days=1)
        else:
            previous_end = (pd.Timestamp(to_date) - shift).date()
        return start, to_date, (pd.Timestamp(start) - shift).date(), previous_end
    days = dt.timedelta(days=(end - start).days + 1)
    return start, to_date, start - days, to_date - days


def month_start(day: dt.date, months_back: int = 0) -> dt.date:
    """The first day of the month ``months_back`` months before the month of ``day``."""
    return (pd.Timestamp(day).to_period("M") - months_back).start_time.date()


@dataclass(frozen=True)
class Card:
    """One KPI card: the value to date, the comparable previous value, and the monthly sparkline."""

    kpi: str
    value: float | None
    previous: float | None
    sparkline: tuple[float, ...]
    to_date: bool


def kpi_card(store: Store, kpi_id: str, filters: Filters, today: dt.date) -> Card:
    """The KPI over the filtered range (to date when it is in progress) against the comparable previous range,
    with the last ``SPARKLINE_MONTHS`` complete or current months as a sparkline. Distributions use the KPI's
    default statistic (the mean cycle: "average sales cycle", as objectives state it), so that the card's value
    and its gap to the objective speak of the same number."""
    value = previous = None
    to_date = False
    if filters.start is not None and filters.end is not None:
        start, end, previous_start, previous_end = previous_span(filters.start, filters.end, today)
        to_date = end < filters.end
        if start <= end:
            value = kpi_value(store, kpi_id, filters.with_period(start, end), today=today).value
            previous = kpi_value(store, kpi_id, filters.with_period(previous_start, previous_end), today=today).value
    else:
        value = kpi_value(store, kpi_id, filters, today=today).value
    last = min(filters.end or today, today)
    first = month_start(last, SPARKLINE_MONTHS - 1)
    series = kpi_series(store, kpi_id, filters.with_period(first, last), grain="month", today=today)
    values = tuple(float(v) for v in series["value"] if not (v is None or math.isnan(v)))
    return Card(kpi_id, value, previous, values, to_date)


def control_signals(store: Store, filters: Filters, today: dt.date,
                    kpis: tuple[str, ...] = SIGNAL_KPIS) -> pd.DataFrame:
    """The KPIs whose last complete month moved outside their control limits (month-over-month change).

    Columns: kpi, period, value, change, lower, upper."""
    start = month_start(today, 24)
    rows = []
    for kpi_id in kpis:
        frame = change_distribution(store, kpi_id, filters.with_period(start, today), today=today)
        frame = frame.dropna(subset=["change"])
        if frame.empty:
            continue
        last = frame.iloc[-1]
        if bool(last["signal"]):
            rows.append({"kpi": kpi_id, "period": last["period"], "value": last["value"], "change": last["change"],
                         "lower": last["lower"], "upper": last["upper"]})
    return pd.DataFrame(rows, columns=["kpi", "period", "value", "change", "lower", "upper"])


def objectives_progress(store: Store, today: dt.date, filters: Filters | None = None) -> pd.DataFrame:
    """Every objective not archived, with its pace on ``today`` and on the same day a month earlier (to see a
    widening gap). With team or rep filters, only the objectives of the company and of those teams and reps; only
    those the filters' scope may see (``list_objectives``).

    Columns: id, title, kpi, scope_type, scope_value, deadline, status, target, expected, actual, gap,
    progress, projection, probability, relative_gap, previous_relative_gap, sign, attainment, widening.
    """
    from smart.objectives.model import resolve
    from smart.objectives.pace import monthly_history, progress
    from smart.objectives.store import list_objectives

    scope = filters.scope if filters is not None else EVERYTHING
    objectives = sorted(list_objectives(store, scope=scope), key=lambda o: (o.deadline, o.id))
    if filters is not None and (filters.teams or filters.owners):
        objectives = [o for o in objectives if o.scope_type == "company"
                      or (o.scope_type == "team" and o.scope_value in filters.teams)
                      or (o.scope_type == "rep" and o.scope_value in filters.owners)]
    rows = []
    month_ago = (pd.Timestamp(today) - pd.DateOffset(months=1)).date()
    for objective in objectives:
        # The month-ago pass shares today's target and monthly history (the baseline window ends before the
        # start, the history's complete months do not move) and needs no bootstrap: only its gap is read.
        resolution = resolve(store, objective, today)
        history = monthly_history(store, objective, today)
        # The same bootstrap as the objective's own page (a few milliseconds): the two must show one probability.
        now = progress(store, objective, today, resolution=resolution, history=history)
        before = progress(store, objective, month_ago, resolution=resolution, history=history, simulate=False) \
            if month_ago >= objective.start_on else None
        relative = _relative_gap(now.gap, now.expected, now.sign)
        relative_before = _relative_gap(before.gap, before.expected, before.sign) if before else None
        rows.append({
            "id": objective.id, "title": objective.title, "kpi": objective.kpi, "scope_type": objective.scope_type,
            "scope_value": objective.scope_value, "deadline": objective.deadline, "status": now.status,
            "target": now.target, "expected": now.expected, "actual": now.actual, "gap": now.gap,
            "progress": now.progress_ratio, "projection": now.projection, "probability": now.probability,
            "relative_gap": relative, "previous_relative_gap": relative_before, "sign": now.sign,
            "attainment": _attainment(now.actual, now.expected, now.sign),
            "widening": bool(relative is not None and relative_before is not None and relative < 0
                             and relative < relative_before and today <= objective.deadline),
        })
    return pd.DataFrame(rows, columns=[
        "id", "title", "kpi", "scope_type", "scope_value", "deadline", "status", "target", "expected", "actual",
        "gap", "progress", "projection", "probability", "relative_gap", "previous_relative_gap", "sign", "attainment",
        "widening"])


def objective_for_scope(objectives: pd.DataFrame, kpi_id: str, filters: Filters) -> pd.Series | None:
    """The first objective on ``kpi_id`` (of ``objectives_progress``, by deadline) whose scope is exactly what the
    filtered figures cover: the company without a team, rep or source filter, the team when one team alone is
    chosen, the rep when one rep is. None when no objective has that scope (several teams, a lead source...):
    another scope's gap or target speaks of another number than the one shown beside it."""
    if filters.lead_sources or filters.pipelines or len(filters.owners) > 1 or len(filters.teams) > 1:
        return None
    if filters.owners:
        scope_type, scope_value = "rep", filters.owners[0]
    elif filters.teams:
        scope_type, scope_value = "team", filters.teams[0]
    else:
        scope_type, scope_value = "company", None
    rows = objectives[(objectives["kpi"] == kpi_id) & (objectives["scope_type"] == scope_type)]
    if scope_value is not None:
        rows = rows[rows["scope_value"] == scope_value]
    return None if rows.empty else rows.iloc[0]


def _attainment(actual: float | None, expected: float | None, sign: int) -> float | None:
    """Actual against plan to date, 1 meaning exactly on plan: actual ÷ plan, or plan ÷ actual for a KPI to lower."""
    if actual is None or expected is None or not expected or not actual:
        return None if actual is None or not expected else (0.0 if sign > 0 else None)
    return actual / expected if sign > 0 else expected / actual


def _relative_gap(gap: float | None, expected: float | None, sign: int) -> float | None:
    """The gap to the expected value as a share of it, positive when ahead whatever the KPI's direction."""
    if gap is None or not expected:
        return None
    return sign * gap / abs(expected)


# The Team page's KPIs, each with the statistic it shows.
TEAM_KPIS = {"revenue": None, "deals_won": None, "win_rate": None, "avg_deal_size": None,
             "sales_cycle_days": "median", "leads_created": None, "lead_conversion_rate": None}


def team_table(store: Store, filters: Filters, today: dt.date,
               kpis: tuple[str, ...] = tuple(TEAM_KPIS)) -> pd.DataFrame:
    """One row per rep with their KPIs over the range (``kpis``, revenue first, from TEAM_KPIS: revenue, deals
    won, win rate, average deal size, median won cycle, leads created and lead conversion (period)), sorted by
    revenue. Reps come from the reps table and the deals and leads, as far as the filters' teams, reps and scope
    let them through."""
    from smart.analytics import kpi_total_by

    conditions, params = dimension_conditions(filters, ("owner", "team"))
    table = store.df(f"""
        SELECT * FROM (
            SELECT owner, any_value(team) AS team FROM (
                SELECT owner, team FROM reps
                UNION ALL SELECT owner, NULL FROM deals UNION ALL SELECT owner, NULL FROM leads)
            WHERE owner IS NOT NULL GROUP BY owner)
        WHERE {' AND '.join(['TRUE', *conditions])} ORDER BY owner""", params)
    for kpi_id in kpis:
        frame = kpi_total_by(store, kpi_id, filters, by="owner", stat=TEAM_KPIS[kpi_id], today=today)[
            ["owner", "value"]]
        table = table.merge(frame.rename(columns={"value": kpi_id}), on="owner", how="left")
        if get_kpi(kpi_id).kind == "sum":
            table[kpi_id] = table[kpi_id].fillna(0.0)
    return table.sort_values(["revenue", "owner"], ascending=[False, True]).reset_index(drop=True)


def bridge_by(store: Store, base: Filters, current: Filters, by: str) -> pd.DataFrame:
    """The revenue bridge by team or rep as the Variance page lists it: the deals with no team or no rep make a
    row only when they moved revenue (leads without an owner alone bring none), whatever sorts them."""
    from smart.analytics import revenue_bridge

    table = revenue_bridge(store, base, current, by=by)
    if table.empty:
        return table
    idle = table[by].isna() & (table["base"] == 0) & (table["current"] == 0)
    return table[~idle].reset_index(drop=True)


def year_before(filters: Filters, today: dt.date) -> tuple[Filters, Filters] | None:
    """The range to date and the same days one year earlier (same teams, reps and sources); None without a
    bounded range."""
    if filters.start is None or filters.end is None:
        return None
    end = min(filters.end, today)
    if end < filters.start:
        return None
    base = filters.with_period(one_year_before(filters.start), one_year_before(end))
    return filters.with_period(filters.start, end), base
