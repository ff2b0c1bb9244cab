"""KPIs built from other KPIs: sales velocity and pipeline coverage.

Per period and over the whole range alike, each is one SQL statement built from its components' SQL
(``kpi_sql``). ``COMPOSITES`` says, for each composite KPI of the catalogue (``kind="composite"``), how it is
computed; the engine looks a composite KPI up there by its id.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from smart.analytics.catalogue import CATALOGUE, DEALS_BY_CREATION
from smart.analytics.facts import filters_sql
from smart.analytics.filters import Filters, one_year_before
from smart.analytics.kpi_sql import BY_COLUMNS, GRAIN_INTERVALS, kpi_facts_sql, series_sql, totals_sql

Query = tuple[str, list[object]]


def open_deals_sql(filters: Filters, by_column: str | None) -> tuple[str, list[object]]:
    """Daily net change of open deals: +1 the day a deal is created, -1 the day a won or lost deal closes.

    A deal closed with no close date (or closed before it was created) counts as closed on its creation day.
    The date range does not apply here: a deal opened long ago is still open today.
    """
    facts, params = filters_sql(DEALS_BY_CREATION, filters.with_period(None, None), grouped_by=by_column)
    key = by_column or "NULL::VARCHAR"
    sql = f"""
        SELECT day, key, sum(delta) AS delta FROM (
            SELECT created_on AS day, {key} AS key, 1 AS delta FROM ({facts})
            UNION ALL
            SELECT greatest(created_on, close_on) AS day, {key} AS key, -1 AS delta FROM ({facts})
            WHERE status IN ('won', 'lost'))
        GROUP BY ALL ORDER BY day"""
    return sql, params + params


def velocity_sql(filters: Filters, by: str | None, today: dt.date,
                 grain: str | None = None) -> tuple[str, list[object]]:
    """Sales velocity in one statement: per period (and key) with a ``grain``, else over the whole range (per key).

    The rows are the win rate's (its period grid, or its keys), joined to the average deal size and cycle (the
    engine's own SQL for each component), and to the open deals as of the running sum of the daily changes: at
    the end of each period (today for the period in progress), or at the end of the range (today at the latest).
    """
    parts, params = [], []
    for kpi_id in ("win_rate", "avg_deal_size", "sales_cycle_days"):
        kpi = CATALOGUE[kpi_id]
        sql, part_params = (series_sql(kpi, filters, grain, by, kpi.default_stat, today, None) if grain
                            else totals_sql(kpi, filters, by, kpi.default_stat, None, today))
        parts.append(sql)
        params.extend(part_params)
    daily, daily_params = open_deals_sql(filters, BY_COLUMNS[by] if by else None)
    if grain:
        period, same_period = "{0}.period, ", "{0}.period = rate.period AND "
        at, at_day = f"least((rate.period + {GRAIN_INTERVALS[grain]})::DATE - 1, ?::DATE)", today
    else:
        period, same_period = "", ""
        at, at_day = "?::DATE", min(filters.end or today, today)
    sql = f"""
        WITH rate AS ({parts[0]}), size AS ({parts[1]}), cycle AS ({parts[2]}),
        daily AS (
            SELECT day, coalesce(key, chr(0)) AS key,
                   sum(delta) OVER (PARTITION BY key ORDER BY day ROWS UNBOUNDED PRECEDING) AS open
            FROM ({daily})),
        points AS (
            SELECT {period.format("rate")}rate.key, coalesce(rate.key, chr(0)) AS match_key, {at} AS at,
                   CASE WHEN rate.denominator > 0 THEN rate.numerator / rate.denominator END AS win_rate,
                   size.value AS size, CASE WHEN cycle.value > 0 THEN cycle.value END AS cycle
            FROM rate
            LEFT JOIN size ON {same_period.format("size")}size.key IS NOT DISTINCT FROM rate.key
            LEFT JOIN cycle ON {same_period.format("cycle")}cycle.key IS NOT DISTINCT FROM rate.key)
        SELECT {period.format("points")}points.key,
               coalesce(daily.open, 0)::DOUBLE * points.win_rate * points.size / points.cycle AS value
        FROM points ASOF LEFT JOIN daily ON daily.key = points.match_key AND points.at >= daily.day
        ORDER BY {period.format("points")}points.key NULLS LAST"""
    return sql, [*params, *daily_params, at_day]


def coverage_series_sql(filters: Filters, grain: str, by: str | None, today: dt.date,
                        target: float | None) -> tuple[str, list[object]]:
    """Pipeline coverage per period (and key) in one statement: the open pipeline and the revenue (the engine's
    own SQL for each), on every period between the first and the last of either and every key of either, against
    the target: ``target`` when given, else the revenue of the same period a year earlier (52 weeks for weeks).

    The year-earlier revenue reads the undated revenue facts: each period looked up lies wholly a year before a
    period of the range, so no fact of it is cut off.
    """
    revenue_kpi = CATALOGUE["revenue"]
    pipeline_sql, pipeline_params = series_sql(CATALOGUE["pipeline_value"], filters, grain, by, None, today, None)
    revenue_sql, revenue_params = series_sql(revenue_kpi, filters, grain, by, None, today, None)
    params = [*pipeline_params, *revenue_params]
    if target is None:
        undated, undated_params = kpi_facts_sql(revenue_kpi, filters.with_period(None, None), None, by)
        key = BY_COLUMNS[by] if by else "NULL::VARCHAR"
        year_before = "INTERVAL 364 DAY" if grain == "week" else "INTERVAL 1 YEAR"
        last_year = f"""
            SELECT date_trunc('{grain}', d)::DATE AS period, {key} AS key, sum(x) AS value
            FROM ({undated}) GROUP BY ALL"""
        target_sql = "coalesce(last_year.value, 0)::DOUBLE"
        last_year_join = (f"LEFT JOIN last_year ON last_year.period = (grid.period - {year_before})::DATE "
                          "AND last_year.key IS NOT DISTINCT FROM keys.key")
        params.extend(undated_params)
    else:
        last_year = "SELECT NULL::DATE AS period, NULL::VARCHAR AS key, NULL::DOUBLE AS value WHERE FALSE"
        target_sql, last_year_join = "?::DOUBLE", ""
        params.append(float(target))
    sql = f"""
        WITH pipeline AS ({pipeline_sql}), revenue AS ({revenue_sql}),
        merged AS (
            SELECT coalesce(p.period, r.period) AS period, CASE WHEN p.period IS NULL THEN r.key ELSE p.key END AS key,
                   p.value AS pipeline, r.value AS revenue
            FROM pipeline p FULL OUTER JOIN revenue r ON r.period = p.period AND r.key IS NOT DISTINCT FROM p.key),
        grid AS (
            SELECT unnest(generate_series(min(period)::TIMESTAMP, max(period)::TIMESTAMP,
                                          {GRAIN_INTERVALS[grain]}))::DATE AS period
            FROM merged HAVING count(*) > 0),
        keys AS (SELECT DISTINCT key FROM merged),
        last_year AS ({last_year}),
        figures AS (
            SELECT grid.period, keys.key, coalesce(merged.pipeline, 0)::DOUBLE AS pipeline,
                   coalesce(merged.revenue, 0)::DOUBLE AS revenue, {target_sql} AS target
            FROM grid CROSS JOIN keys
            LEFT JOIN merged ON merged.period = grid.period AND merged.key IS NOT DISTINCT FROM keys.key
            {last_year_join})
        SELECT period, key,
               CASE WHEN target - revenue > 0 THEN pipeline / (target - revenue) END AS value,
               pipeline AS numerator, target - revenue AS denominator
        FROM figures ORDER BY period, key NULLS LAST"""
    return sql, params


def coverage_totals_sql(filters: Filters, by: str | None, target: float | None,
                        today: dt.date | None = None) -> tuple[str, list[object]]:
    """Pipeline coverage over the whole range (per key) in one statement: the open pipeline and the revenue (the
    engine's own SQL for each) of every key of either, against the target: ``target`` when given, else the revenue
    of the same range a year earlier, missing when the range is not bounded."""
    revenue_kpi = CATALOGUE["revenue"]
    pipeline_sql, pipeline_params = totals_sql(CATALOGUE["pipeline_value"], filters, by, None, None, today)
    revenue_sql, revenue_params = totals_sql(revenue_kpi, filters, by, None, None)
    params = [*pipeline_params, *revenue_params]
    last_year, last_year_join = "", ""
    if target is not None:
        target_sql = "?::DOUBLE"
        params.append(float(target))
    elif filters.start is not None and filters.end is not None:
        year_before = filters.with_period(one_year_before(filters.start), one_year_before(filters.end))
        last_year_sql, last_year_params = totals_sql(revenue_kpi, year_before, by, None, None)
        last_year = f", last_year AS ({last_year_sql})"
        target_sql = "coalesce(last_year.value, 0)::DOUBLE"
        last_year_join = "LEFT JOIN last_year ON last_year.key IS NOT DISTINCT FROM coalesce(p.key, r.key)"
        params.extend(last_year_params)
    else:
        target_sql = "NULL::DOUBLE"
    sql = f"""
        WITH pipeline AS ({pipeline_sql}), revenue AS ({revenue_sql}){last_year},
        figures AS (
            SELECT coalesce(p.key, r.key) AS key, coalesce(p.value, 0)::DOUBLE AS pipeline,
                   coalesce(r.value, 0)::DOUBLE AS revenue, {target_sql} AS target
            FROM pipeline p FULL OUTER JOIN revenue r ON r.key IS NOT DISTINCT FROM p.key
            {last_year_join})
        SELECT key, CASE WHEN target - revenue > 0 THEN pipeline / (target - revenue) END AS value,
               pipeline AS numerator, target - revenue AS denominator
        FROM figures ORDER BY key NULLS LAST"""
    return sql, params


@dataclass(frozen=True)
class Composite:
    """How a composite KPI is computed: its statement per period (filters, grain, by, today, target) and over the
    whole range (filters, by, today, target), and the KPIs whose amounts it reads (for the deals it leaves out for
    want of an exchange rate). ``target``: the revenue target per period, which only pipeline coverage reads."""

    series_sql: Callable[[Filters, str, str | None, dt.date, float | None], Query]
    totals_sql: Callable[[Filters, str | None, dt.date, float | None], Query]
    amounts: tuple[str, ...]


COMPOSITES: dict[str, Composite] = {
    "sales_velocity": Composite(
        series_sql=lambda filters, grain, by, today, _target: velocity_sql(filters, by, today, grain),
        totals_sql=lambda filters, by, today, _target: velocity_sql(filters, by, today),
        amounts=("avg_deal_size",)),
    "pipeline_coverage": Composite(
        series_sql=coverage_series_sql,
        totals_sql=lambda filters, by, today, target: coverage_totals_sql(filters, by, target, today),
        amounts=("pipeline_value", "revenue")),
}
