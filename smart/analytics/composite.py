"""KPIs built from other KPIs: sales velocity and pipeline coverage.

Per period, each is one SQL statement built from the engine's SQL of its components; the totals are computed
in SQL by the engine, one small result per component, and combined here (a handful of rows) with pandas.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import numpy as np
import pandas as pd

from smart.analytics.catalogue import CATALOGUE, DEALS_BY_CREATION, Kpi
from smart.analytics.filters import Filters
from smart.storage import Store


def open_deals_sql(filters: Filters, by_column: str | None) -> tuple[str, list[object]]:
    """Daily net change of open deals: +1 the day a deal is created, -1 the day a won or lost deal closes.

    A deal closed with no close date (or closed before it was created) counts as closed on its creation day.
    The date range does not apply here: a deal opened long ago is still open today.
    """
    from smart.analytics.engine import facts_sql

    by = "team" if by_column == "team" else None
    facts, params = facts_sql(replace(CATALOGUE["deals_won"], facts=DEALS_BY_CREATION), filters.with_period(None, None),
                              by=by)
    key = by_column or "NULL::VARCHAR"
    sql = f"""
        SELECT day, key, sum(delta) AS delta FROM (
            SELECT created_on AS day, {key} AS key, 1 AS delta FROM ({facts})
            UNION ALL
            SELECT greatest(created_on, close_on) AS day, {key} AS key, -1 AS delta FROM ({facts})
            WHERE status IN ('won', 'lost'))
        GROUP BY ALL ORDER BY day"""
    return sql, params + params


_NO_KEY = "\x00"


def open_at(store: Store, filters: Filters, by_column: str | None, points: pd.DataFrame) -> pd.Series:
    """Open deals at the end of each day in ``points`` (columns ``at`` and ``key``): a running sum, as of."""
    sql, params = open_deals_sql(filters, by_column)
    daily = store.df(sql, params)
    if points.empty:
        return pd.Series(dtype="float64")
    daily["day"] = pd.to_datetime(daily["day"]).astype("datetime64[ns]")
    daily["key"] = daily["key"].astype(object).where(daily["key"].notna(), _NO_KEY)
    daily["open"] = daily.groupby("key")["delta"].cumsum().astype("float64")
    asked = pd.DataFrame({"at": pd.to_datetime(points["at"]).astype("datetime64[ns]"),
                          "key": points["key"].astype(object).where(points["key"].notna(), _NO_KEY),
                          "row": np.arange(len(points))}).sort_values("at")
    found = pd.merge_asof(asked, daily[["day", "key", "open"]], left_on="at", right_on="day", by="key")
    return pd.Series(found.sort_values("row")["open"].fillna(0.0).to_numpy(), index=points.index)


def _component_totals(store: Store, kpi_id: str, filters: Filters, by: str | None) -> pd.DataFrame:
    from smart.analytics.engine import _totals_sql, get_kpi

    kpi = get_kpi(kpi_id)
    sql, params = _totals_sql(kpi, filters, by, kpi.default_stat, None)
    return store.df(sql, params)


def _velocity(open_count: pd.Series, win_rate: pd.Series, size: pd.Series, cycle: pd.Series) -> pd.Series:
    cycle = cycle.where(cycle > 0)
    return open_count * win_rate * size / cycle


def velocity_series_sql(filters: Filters, grain: str, by: str | None, today: dt.date) -> tuple[str, list[object]]:
    """Sales velocity per period (and key) in one statement: the win rate's period grid, its average deal size
    and cycle (the engine's own SQL for each component), and the open deals at the end of each period (today
    for the period in progress) as of the running sum of the daily changes.

    The same figures as the component-by-component computation, in one round trip instead of four.
    """
    from smart.analytics.engine import BY_COLUMNS, GRAIN_INTERVALS, _series_sql, get_kpi

    parts, params = [], []
    for kpi_id in ("win_rate", "avg_deal_size", "sales_cycle_days"):
        kpi = get_kpi(kpi_id)
        sql, part_params = _series_sql(kpi, filters, grain, by, kpi.default_stat, today, None)
        parts.append(sql)
        params.extend(part_params)
    daily, daily_params = open_deals_sql(filters, BY_COLUMNS[by] if by else None)
    sql = f"""
        WITH rate AS ({parts[0]}), size AS ({parts[1]}), cycle AS ({parts[2]}),
        daily AS (
            SELECT day, coalesce(key, chr(0)) AS key,
                   sum(delta) OVER (PARTITION BY key ORDER BY day ROWS UNBOUNDED PRECEDING) AS open
            FROM ({daily})),
        points AS (
            SELECT rate.period, rate.key, coalesce(rate.key, chr(0)) AS match_key,
                   least((rate.period + {GRAIN_INTERVALS[grain]})::DATE - 1, ?::DATE) AS at,
                   CASE WHEN rate.denominator > 0 THEN rate.numerator / rate.denominator END AS win_rate,
                   size.value AS size, CASE WHEN cycle.value > 0 THEN cycle.value END AS cycle
            FROM rate
            LEFT JOIN size ON size.period = rate.period AND size.key IS NOT DISTINCT FROM rate.key
            LEFT JOIN cycle ON cycle.period = rate.period AND cycle.key IS NOT DISTINCT FROM rate.key)
        SELECT points.period, points.key,
               coalesce(daily.open, 0)::DOUBLE * points.win_rate * points.size / points.cycle AS value
        FROM points ASOF LEFT JOIN daily ON daily.key = points.match_key AND points.at >= daily.day
        ORDER BY points.period, points.key NULLS LAST"""
    return sql, [*params, *daily_params, today]


def series(store: Store, kpi: Kpi, filters: Filters, grain: str, by: str | None, today: dt.date,
           *, target: float | None = None) -> pd.DataFrame:
    if kpi.id == "sales_velocity":
        sql, params = velocity_series_sql(filters, grain, by, today)
        return store.df(sql, params)
    sql, params = coverage_series_sql(filters, grain, by, today, target)
    return store.df(sql, params)


def coverage_series_sql(filters: Filters, grain: str, by: str | None, today: dt.date,
                        target: float | None) -> tuple[str, list[object]]:
    """Pipeline coverage per period (and key) in one statement: the open pipeline and the revenue (the engine's
    own SQL for each), on every period between the first and the last of either and every key of either, against
    the target: ``target`` when given, else the revenue of the same period a year earlier (52 weeks for weeks).

    The year-earlier revenue reads the undated revenue facts: each period looked up lies wholly a year before a
    period of the range, so no fact of it is cut off.
    """
    from smart.analytics.engine import BY_COLUMNS, GRAIN_INTERVALS, _series_sql, facts_sql, get_kpi

    revenue_kpi = get_kpi("revenue")
    pipeline_sql, pipeline_params = _series_sql(get_kpi("pipeline_value"), filters, grain, by, None, today, None)
    revenue_sql, revenue_params = _series_sql(revenue_kpi, filters, grain, by, None, today, None)
    params = [*pipeline_params, *revenue_params]
    if target is None:
        undated, undated_params = facts_sql(revenue_kpi, filters.with_period(None, None), None, by)
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


def totals(store: Store, kpi: Kpi, filters: Filters, by: str | None, today: dt.date,
           *, target: float | None = None) -> pd.DataFrame:
    from smart.analytics.engine import BY_COLUMNS

    by_column = BY_COLUMNS[by] if by else None
    if kpi.id == "sales_velocity":
        frame = _component_totals(store, "win_rate", filters, by)
        frame["win_rate"] = frame["value"]
        for kpi_id, column in (("avg_deal_size", "size"), ("sales_cycle_days", "cycle")):
            part = _component_totals(store, kpi_id, filters, by)[["key", "value"]]
            frame = frame.merge(part.rename(columns={"value": column}), on="key", how="left")
        at = min(filters.end or today, today)
        frame["open"] = open_at(store, filters, by_column, pd.DataFrame({"at": [at] * len(frame),
                                                                         "key": frame["key"]}))
        frame["value"] = _velocity(frame["open"], frame["win_rate"], frame["size"], frame["cycle"])
        return frame[["key", "value"]]
    pipeline = _component_totals(store, "pipeline_value", filters, by).rename(columns={"value": "pipeline"})
    revenue = _component_totals(store, "revenue", filters, by).rename(columns={"value": "revenue"})
    frame = pipeline[["key", "pipeline"]].merge(revenue[["key", "revenue"]], on="key", how="outer")
    frame = frame.fillna({"pipeline": 0.0, "revenue": 0.0})
    if target is not None:
        frame["target"] = float(target)
    elif filters.start is not None and filters.end is not None:
        year_before = filters.with_period(_one_year_before(filters.start), _one_year_before(filters.end))
        last = _component_totals(store, "revenue", year_before, by)[["key", "value"]]
        frame = frame.merge(last.rename(columns={"value": "target"}), on="key", how="left")
        frame["target"] = frame["target"].fillna(0.0)
    else:
        frame["target"] = np.nan
    remaining = frame["target"] - frame["revenue"]
    frame["numerator"] = frame["pipeline"]
    frame["denominator"] = remaining
    frame["value"] = frame["pipeline"] / remaining.where(remaining > 0)
    return frame[["key", "value", "numerator", "denominator"]]


def _one_year_before(day: dt.date) -> dt.date:
    return (pd.Timestamp(day) - pd.DateOffset(years=1)).date()
