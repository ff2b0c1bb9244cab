"""KPIs built from other KPIs: sales velocity and pipeline coverage.

Their components are computed in SQL by the engine, one small result per component; this module combines
those results (a handful of rows) with pandas.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import numpy as np
import pandas as pd

from smart.analytics.catalogue import CATALOGUE, DEALS_BY_CREATION, Kpi
from smart.analytics.filters import Filters
from smart.storage import Store

_KEYS = ["period", "key"]


def open_deals_sql(filters: Filters, by_column: str | None) -> tuple[str, list[object]]:
    """Daily net change of open deals: +1 the day a deal is created, -1 the day a won or lost deal closes.

    A deal closed with no close date (or closed before it was created) counts as closed on its creation day.
    The date range does not apply here: a deal opened long ago is still open today.
    """
    from smart.analytics.engine import facts_sql

    undated = Filters(None, None, filters.teams, filters.owners, filters.lead_sources, filters.pipelines)
    by = "team" if by_column == "team" else None
    facts, params = facts_sql(replace(CATALOGUE["deals_won"], facts=DEALS_BY_CREATION), undated, by=by)
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


def _component_series(store: Store, kpi_id: str, filters: Filters, grain: str, by: str | None,
                      today: dt.date, stat: str | None = None) -> pd.DataFrame:
    from smart.analytics.engine import _series_sql, get_kpi

    kpi = get_kpi(kpi_id)
    sql, params = _series_sql(kpi, filters, grain, by, stat or kpi.default_stat, today, None)
    frame = store.df(sql, params)
    frame["period"] = pd.to_datetime(frame["period"])
    return frame


def _component_totals(store: Store, kpi_id: str, filters: Filters, by: str | None) -> pd.DataFrame:
    from smart.analytics.engine import _totals_sql, get_kpi

    kpi = get_kpi(kpi_id)
    sql, params = _totals_sql(kpi, filters, by, kpi.default_stat, None)
    return store.df(sql, params)


def _period_ends(periods: pd.Series, grain: str, today: dt.date) -> pd.Series:
    from smart.analytics.engine import GRAIN_OFFSETS

    ends = pd.to_datetime(periods) + GRAIN_OFFSETS[grain] - pd.Timedelta(days=1)
    return ends.where(ends < pd.Timestamp(today), pd.Timestamp(today))


def _velocity(open_count: pd.Series, win_rate: pd.Series, size: pd.Series, cycle: pd.Series) -> pd.Series:
    cycle = cycle.where(cycle > 0)
    return open_count * win_rate * size / cycle


def series(store: Store, kpi: Kpi, filters: Filters, grain: str, by: str | None, today: dt.date,
           *, target: float | None = None) -> pd.DataFrame:
    from smart.analytics.engine import BY_COLUMNS

    by_column = BY_COLUMNS[by] if by else None
    if kpi.id == "sales_velocity":
        frame = _component_series(store, "win_rate", filters, grain, by, today)
        frame = frame.rename(columns={"value": "win_rate"})
        frame["win_rate"] = frame["numerator"] / frame["denominator"].where(frame["denominator"] > 0)
        for kpi_id, column in (("avg_deal_size", "size"), ("sales_cycle_days", "cycle")):
            part = _component_series(store, kpi_id, filters, grain, by, today)[[*_KEYS, "value"]]
            frame = frame.merge(part.rename(columns={"value": column}), on=_KEYS, how="left")
        points = pd.DataFrame({"at": _period_ends(frame["period"], grain, today), "key": frame["key"]})
        frame["open"] = open_at(store, filters, by_column, points)
        frame["value"] = _velocity(frame["open"], frame["win_rate"], frame["size"], frame["cycle"])
        return frame[[*_KEYS, "value"]]
    return _coverage_series(store, filters, grain, by, today, target)


def _coverage_series(store: Store, filters: Filters, grain: str, by: str | None, today: dt.date,
                     target: float | None) -> pd.DataFrame:
    pipeline = _component_series(store, "pipeline_value", filters, grain, by, today)
    revenue = _component_series(store, "revenue", filters, grain, by, today)
    frame = pipeline[[*_KEYS, "value"]].rename(columns={"value": "pipeline"}).merge(
        revenue[[*_KEYS, "value"]].rename(columns={"value": "revenue"}), on=_KEYS, how="outer")
    frame = _complete_grid(frame, grain).fillna({"pipeline": 0.0, "revenue": 0.0})
    if target is None:
        frame["target"] = _last_year_revenue(store, filters, grain, by, today, frame)
    else:
        frame["target"] = float(target)
    remaining = frame["target"] - frame["revenue"]
    frame["numerator"] = frame["pipeline"]
    frame["denominator"] = remaining
    frame["value"] = frame["pipeline"] / remaining.where(remaining > 0)
    return frame[[*_KEYS, "value", "numerator", "denominator"]]


def _complete_grid(frame: pd.DataFrame, grain: str) -> pd.DataFrame:
    if frame.empty:
        return frame
    frequency = {"week": "W-MON", "month": "MS", "quarter": "QS", "year": "YS"}[grain]
    periods = pd.date_range(frame["period"].min(), frame["period"].max(), freq=frequency)
    keys = frame["key"].drop_duplicates()
    grid = pd.MultiIndex.from_product([periods, keys], names=_KEYS).to_frame(index=False)
    return grid.merge(frame, on=_KEYS, how="left").sort_values(_KEYS, na_position="last").reset_index(drop=True)


def _year_before(periods: pd.Series, grain: str) -> pd.Series:
    if grain == "week":
        return periods - pd.Timedelta(weeks=52)
    return periods - pd.DateOffset(years=1)


def _last_year_revenue(store: Store, filters: Filters, grain: str, by: str | None, today: dt.date,
                       frame: pd.DataFrame) -> pd.Series:
    """The revenue of the same period one year earlier (52 weeks for weeks), the default coverage target."""
    if frame.empty:
        return pd.Series(dtype="float64")
    start = _year_before(frame["period"], grain).min().date()
    end = (_year_before(frame["period"], grain).max() + pd.DateOffset(years=1)).date()
    last_year = _component_series(store, "revenue", filters.with_period(start, end), grain, by, today)
    lookup = frame[_KEYS].assign(before=_year_before(frame["period"], grain))
    merged = lookup.merge(last_year.rename(columns={"period": "before"})[["before", "key", "value"]],
                          on=["before", "key"], how="left")
    return merged["value"].fillna(0.0).set_axis(frame.index)


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
