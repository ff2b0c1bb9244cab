"""The KPI engine: one way to filter, place in periods, group and aggregate every KPI of the catalogue.

Everything runs in DuckDB; pandas only receives the small result (one row per period and group). The period
grid is generated in SQL so that a period without any fact still appears: 0 for counts and sums, missing for
rates, averages and other statistics. A rate whose denominator is 0 is missing, never 0.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import SupportsFloat

import numpy as np
import pandas as pd

from smart import clock
from smart.analytics.catalogue import CATALOGUE, STATS, Kpi
from smart.analytics.catalogue import UnknownKpiError as UnknownKpiError
from smart.analytics.catalogue import available_kpis as available_kpis
from smart.analytics.catalogue import get_kpi as get_kpi
from smart.analytics.composite import COMPOSITES
from smart.analytics.filters import GRAINS, Filters
from smart.analytics.kpi_sql import BY_COLUMNS, count_sql, kpi_facts_sql, run, series_sql, totals_sql
from smart.analytics.stats import wilson_interval
from smart.currency.convert import LeftOut, with_reporting_currency
from smart.storage import Store

DEFAULT_COHORT_WINDOW_DAYS = 90
# ``get_kpi``, ``available_kpis`` and ``UnknownKpiError`` live with the catalogue (the quick commands read them without
# the engine's pandas) and are re-exported here, where they always were.
# How long a period of each grain is, as pandas counts it (here, not in kpi_sql: the quick commands import that one
# and no pandas).
GRAIN_OFFSETS = {"week": pd.DateOffset(weeks=1), "month": pd.DateOffset(months=1),
                 "quarter": pd.DateOffset(months=3), "year": pd.DateOffset(years=1)}


@dataclass(frozen=True)
class KpiValue:
    """A KPI over a whole filtered range; numerator, denominator and the 95 % interval are set for rates.
    ``left_out``: for a KPI that sums or averages amounts, the deals of the range it left out because no exchange
    rate converts their currency to the reporting currency (how many, per currency)."""

    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    low: float | None = None
    high: float | None = None
    left_out: LeftOut = field(default_factory=LeftOut)


def _check(kpi: Kpi, grain: str | None, by: str | None, stat: str | None) -> str | None:
    if grain is not None and grain not in GRAINS:
        raise ValueError(f"unknown grain {grain!r}; expected one of {', '.join(GRAINS)}")
    if by is not None and by not in BY_COLUMNS:
        raise ValueError(f"unknown grouping {by!r}; expected one of {', '.join(BY_COLUMNS)}")
    if by is not None and BY_COLUMNS[by] not in kpi.dimensions and kpi.kind != "composite":
        raise ValueError(f"KPI {kpi.id!r} cannot be split by {by}")
    if stat is None:
        return kpi.default_stat
    if stat not in STATS:
        raise ValueError(f"unknown statistic {stat!r}; expected one of {', '.join(STATS)}")
    if stat not in kpi.stats_allowed:
        allowed = ", ".join(kpi.stats_allowed) or "none"
        raise ValueError(f"KPI {kpi.id!r} has no statistic {stat!r} (allowed: {allowed})")
    return stat


def _finish(frame: pd.DataFrame, kpi: Kpi, by: str | None, grain: str | None, today: dt.date) -> pd.DataFrame:
    """Name the columns, add the Wilson interval to rates and the ``partial`` flag to periods."""
    frame = frame.rename(columns={"key": by}) if by else frame.drop(columns=["key"], errors="ignore")
    frame["value"] = frame["value"].astype("float64")
    if kpi.is_rate:
        frame["numerator"] = frame["numerator"].astype("float64")
        frame["denominator"] = frame["denominator"].astype("float64")
        frame["low"], frame["high"] = wilson_interval(frame["numerator"].to_numpy(), frame["denominator"].to_numpy())
    if grain is not None:
        starts = pd.to_datetime(frame["period"])
        ends = starts + GRAIN_OFFSETS[grain]
        today_ts = pd.Timestamp(today)
        frame["partial"] = ((starts <= today_ts) & (today_ts < ends)).to_numpy(dtype=bool)
        frame["period"] = starts.dt.date
    return frame.reset_index(drop=True)


def kpi_series(
    store: Store,
    kpi_id: str,
    filters: Filters | None = None,
    grain: str = "month",
    by: str | None = None,
    stat: str | None = None,
    today: dt.date | None = None,
    *,
    window_days: int | None = DEFAULT_COHORT_WINDOW_DAYS,
    target: float | None = None,
) -> pd.DataFrame:
    """One row per period (and per team/owner/source with ``by``), every period of the range present.

    Columns: ``period`` (the first day of the period), the ``by`` column when given, ``value``; for rates also
    ``numerator``, ``denominator``, ``low`` and ``high`` (Wilson 95 %); ``partial`` marks the period in progress
    on ``today``. ``window_days`` applies to the cohort conversion (None: converted to date) and adds an
    ``immature`` column; ``target`` is the revenue target per period of the pipeline coverage.
    """
    filters = filters or Filters()
    today = today or clock.today()
    kpi = get_kpi(kpi_id, store)
    stat = _check(kpi, grain, by, stat)
    if kpi.kind == "composite":
        frame = run(store, COMPOSITES[kpi.id].series_sql(filters, grain, by, today, target))
    else:
        frame = run(store, series_sql(kpi, filters, grain, by, stat, today, window_days))
    frame = _finish(frame, kpi, by, grain, today)
    if kpi.cohort:
        frame["immature"] = immature_cohorts(frame["period"], grain, today, window_days)
    return frame


def immature_cohorts(periods: pd.Series, grain: str, today: dt.date,
                     window_days: int | None = DEFAULT_COHORT_WINDOW_DAYS) -> np.ndarray:
    """A cohort is immature while its last lead has not had the whole window (90 days when to date) to convert."""
    window = DEFAULT_COHORT_WINDOW_DAYS if window_days is None else window_days
    last_days = pd.to_datetime(periods) + GRAIN_OFFSETS[grain] - pd.Timedelta(days=1)
    immature: np.ndarray = (last_days + pd.Timedelta(days=window) > pd.Timestamp(today)).to_numpy(dtype=bool)
    return immature


def kpi_total_by(
    store: Store,
    kpi_id: str,
    filters: Filters | None = None,
    by: str | None = "team",
    stat: str | None = None,
    today: dt.date | None = None,
    *,
    window_days: int | None = DEFAULT_COHORT_WINDOW_DAYS,
    target: float | None = None,
) -> pd.DataFrame:
    """The KPI over the whole filtered range, one row per team, owner or lead source found in the facts (a single
    row when ``by`` is None)."""
    filters = filters or Filters()
    today = today or clock.today()
    kpi = get_kpi(kpi_id, store)
    stat = _check(kpi, None, by, stat)
    if kpi.kind == "composite":
        frame = run(store, COMPOSITES[kpi.id].totals_sql(filters, by, today, target))
    else:
        frame = run(store, totals_sql(kpi, filters, by, stat, window_days, today))
    return _finish(frame, kpi, by, None, today)


def kpi_value(
    store: Store,
    kpi_id: str,
    filters: Filters | None = None,
    stat: str | None = None,
    today: dt.date | None = None,
    *,
    window_days: int | None = DEFAULT_COHORT_WINDOW_DAYS,
    target: float | None = None,
) -> KpiValue:
    """The KPI over the whole filtered range."""
    frame = kpi_total_by(store, kpi_id, filters, None, stat, today, window_days=window_days, target=target)
    row = frame.iloc[0]
    numerator, denominator, low, high = (_number(row[column]) if column in frame else None
                                         for column in ("numerator", "denominator", "low", "high"))
    return KpiValue(_number(row["value"]), numerator, denominator, low, high, left_out=left_out(store, kpi_id, filters))


def amount_kpis(kpi: Kpi) -> tuple[str, ...]:
    """The KPIs whose facts carry amounts that ``kpi`` sums, averages or divides: itself for a money KPI of deals,
    its parts for a composite; none for counts, rates and durations."""
    if kpi.kind == "composite":
        return COMPOSITES[kpi.id].amounts
    return (kpi.id,) if kpi.unit == "money" and kpi.id in CATALOGUE else ()


def left_out(store: Store, kpi_id: str, filters: Filters | None = None) -> LeftOut:
    """The deals ``kpi_id`` leaves out of its amounts over ``filters`` because no exchange rate converts their
    currency (``smart.currency.convert``), per currency; nothing for a KPI that reads no amount."""
    parts = amount_kpis(get_kpi(kpi_id, store))
    if not parts:
        return LeftOut()
    selects, params = [], []
    for part in parts:
        facts, part_params = kpi_facts_sql(get_kpi(part), filters or Filters())
        selects.append(f"SELECT left_out FROM ({facts}) WHERE left_out IS NOT NULL")
        params.extend(part_params)
    sql = f"SELECT left_out, count(*) FROM ({' UNION ALL '.join(selects)}) GROUP BY ALL"
    return LeftOut.of(store.rows(with_reporting_currency(store, sql), params))


def _number(value: SupportsFloat | None) -> float | None:
    if value is None:
        return None
    number = float(value)
    return None if math.isnan(number) else number


def kpi_counts(
    store: Store,
    kpi_id: str,
    filters: Filters | None = None,
    grain: str | None = "month",
    *,
    window_days: int | None = DEFAULT_COHORT_WINDOW_DAYS,
) -> pd.DataFrame:
    """How many facts a KPI's value rests on, per period (``period``, ``count``; periods without facts are absent),
    or over the whole range with ``grain=None`` (one row, or none without facts): the deals of an average deal size
    or a sales cycle, the values of an imported KPI, a rate's denominator, a sum's facts. Composite KPIs have none."""
    kpi = get_kpi(kpi_id, store)
    if kpi.kind == "composite":
        raise ValueError(f"KPI {kpi.id!r} is built from other KPIs: it has no facts to count")
    _check(kpi, grain, None, None)
    frame = store.df(*count_sql(kpi, filters or Filters(), grain, window_days))
    frame["count"] = frame["count"].astype("float64")
    return frame


def adds_up_by_day(kpi: Kpi) -> bool:
    """Whether the KPI's value over a range is built from per-day totals that add up: a sum, or a rate's numerator
    and denominator, over facts whose dates do not depend on the range asked (not an open deal dated by the range's
    end). A reader that needs it over several ranges (an objective's baseline, actual and monthly history) can then
    read its days once (``kpi_daily_totals``) and add them up."""
    return kpi.kind in ("sum", "rate") and "{until}" not in kpi.facts and "{until}" not in kpi.facts_undimensioned


def kpi_daily_totals(store: Store, kpi_id: str, filters: Filters | None = None, *,
                     window_days: int | None = DEFAULT_COHORT_WINDOW_DAYS) -> pd.DataFrame:
    """A KPI's totals per day of the filtered range (``adds_up_by_day``), indexed by day (``Timestamp``, ascending;
    days without facts absent): ``value`` for a sum, ``numerator`` and ``denominator`` for a rate, in one scan."""
    kpi = get_kpi(kpi_id, store)
    if not adds_up_by_day(kpi):
        raise ValueError(f"KPI {kpi.id!r} does not add up day by day")
    totals = f"({kpi.value})::DOUBLE AS value" if kpi.kind == "sum" else \
        f"({kpi.numerator})::DOUBLE AS numerator, ({kpi.denominator})::DOUBLE AS denominator"
    facts, params = kpi_facts_sql(kpi, filters or Filters(), window_days)
    frame = run(store, (f"SELECT d::DATE AS day, {totals} FROM ({facts}) f GROUP BY ALL ORDER BY 1", params))
    return frame.set_index(pd.to_datetime(frame.pop("day"))).astype("float64")
