"""The KPI engine: one way to filter, place in periods, group and aggregate every KPI of the catalogue.

Everything runs in DuckDB; pandas only receives the small result (one row per period and group). The period
grid is generated in SQL so that a period without any fact still appears: 0 for counts and sums, missing for
rates, averages and other statistics. A rate whose denominator is 0 is missing, never 0.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from smart import clock
from smart.analytics.catalogue import CATALOGUE, HISTORY_KPIS, STATS, WITHOUT_TEAM, Kpi, history_kpi
from smart.analytics.filters import GRAINS, Filters, dimension_conditions
from smart.analytics.stats import wilson_interval
from smart.currency.convert import LeftOut, with_reporting_currency
from smart.storage import Store

BY_COLUMNS = {"team": "team", "owner": "owner", "source": "lead_source", "product": "product"}
GRAIN_INTERVALS = {"week": "INTERVAL 7 DAY", "month": "INTERVAL 1 MONTH", "quarter": "INTERVAL 3 MONTH",
                   "year": "INTERVAL 1 YEAR"}
GRAIN_OFFSETS = {"week": pd.DateOffset(weeks=1), "month": pd.DateOffset(months=1),
                 "quarter": pd.DateOffset(months=3), "year": pd.DateOffset(years=1)}
DEFAULT_COHORT_WINDOW_DAYS = 90


class UnknownKpiError(ValueError):
    """A KPI id that is neither in the catalogue nor in the imported KPI history."""


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


def history_kpi_ids(store: Store) -> list[str]:
    return [row[0] for row in store.rows("SELECT DISTINCT kpi FROM kpi_history ORDER BY kpi")]


def available_kpis(store: Store | None = None) -> list[str]:
    """The catalogue's KPI ids, then the ids found only in the imported KPI history."""
    ids = list(CATALOGUE)
    extra = history_kpi_ids(store) if store is not None else list(HISTORY_KPIS)
    return ids + [kpi_id for kpi_id in extra if kpi_id not in CATALOGUE]


def get_kpi(kpi_id: str, store: Store | None = None) -> Kpi:
    """The catalogue entry of a KPI; with a store, also any KPI found in its imported KPI history."""
    if kpi_id in CATALOGUE:
        return CATALOGUE[kpi_id]
    if kpi_id in HISTORY_KPIS or (store is not None and kpi_id in history_kpi_ids(store)):
        return history_kpi(kpi_id)
    valid = ", ".join(available_kpis(store))
    raise UnknownKpiError(f"unknown KPI {kpi_id!r}; valid ids: {valid}")


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


def facts_sql(kpi: Kpi, filters: Filters, window_days: int | None = None,
              by: str | None = None, today: dt.date | None = None) -> tuple[str, list[object]]:
    """The KPI's facts with the filters applied: dated facts only, within the range, on the chosen dimensions.

    A dimension a KPI does not have (leads have no pipeline; the KPI history has none) is not filtered on, but the
    viewer's scope is: facts without a rep or team column are nobody's in particular, so a restricted scope keeps
    none of them. Reps are joined (for the team) only when the team filter, the scope or the ``by`` grouping needs
    it. A fact due "now" (an open deal without an expected close date) is dated ``until``: the range's last day,
    ``today`` at the latest.
    """
    window = "NULL" if window_days is None else str(int(window_days))
    today = today or clock.today()
    until = f"DATE '{min(filters.end or today, today).isoformat()}'"
    params: list[object] = list(kpi.params)
    where = ["d IS NOT NULL"]
    if filters.start is not None:
        where.append("d >= ?")
        params.append(filters.start)
    if filters.end is not None:
        where.append("d <= ?")
        params.append(filters.end)
    conditions, values = dimension_conditions(filters, kpi.dimensions)
    where.extend(conditions)
    params.extend(values)
    dimensioned = by is not None or bool(conditions)
    facts = kpi.facts if dimensioned or not kpi.facts_undimensioned else kpi.facts_undimensioned
    facts = facts.replace("{window}", window).replace("{until}", until)
    if not filters.teams and filters.scope.teams is None and by != "team":
        for with_team, without_team in WITHOUT_TEAM.items():
            facts = facts.replace(with_team, without_team)
    return f"SELECT * FROM ({facts}) f WHERE {' AND '.join(where)}", params


def run(store: Store, query: tuple[str, list[object]]) -> pd.DataFrame:
    """Run a query built on KPI facts (SQL and parameters), the reporting currency written in (``smart.currency``)."""
    sql, params = query
    return store.df(with_reporting_currency(store, sql), params)


def _aggregates(kpi: Kpi, stat: str | None) -> str:
    if kpi.kind == "rate":
        return f"{kpi.numerator} AS numerator, {kpi.denominator} AS denominator, NULL::DOUBLE AS value"
    value = kpi.stats[stat] if kpi.kind == "stat" else kpi.value
    return f"NULL::DOUBLE AS numerator, NULL::DOUBLE AS denominator, ({value})::DOUBLE AS value"


def _outputs(kpi: Kpi, prefix: str) -> str:
    """Turn raw aggregates (possibly missing, for an empty period) into the published columns."""
    if kpi.kind == "rate":
        numerator = f"coalesce({prefix}numerator, 0)::DOUBLE"
        denominator = f"coalesce({prefix}denominator, 0)::DOUBLE"
        return (f"{numerator} / nullif({denominator}, 0) AS value, {numerator} AS numerator, "
                f"{denominator} AS denominator")
    if kpi.kind == "sum":
        return f"coalesce({prefix}value, 0)::DOUBLE AS value"
    return f"{prefix}value AS value"


def _series_sql(kpi: Kpi, filters: Filters, grain: str, by: str | None, stat: str | None, today: dt.date,
                window_days: int | None) -> tuple[str, list[object]]:
    facts, params = facts_sql(kpi, filters, window_days, by, today)
    key = BY_COLUMNS[by] if by else "NULL::VARCHAR"
    interval = GRAIN_INTERVALS[grain]
    # Bounds and groups are read from the (small) aggregate, so that the facts are scanned once.
    sql = f"""
        WITH facts AS ({facts}),
        agg AS (
            SELECT date_trunc('{grain}', d)::DATE AS period, {key} AS key, {_aggregates(kpi, stat)}
            FROM facts GROUP BY ALL),
        bounds AS (
            SELECT date_trunc('{grain}', coalesce(?::DATE, min(period)))::DATE AS lo,
                   date_trunc('{grain}', least(coalesce(?::DATE, max(period)), greatest(max(period), ?::DATE)))::DATE
                       AS hi
            FROM agg),
        grid AS (
            SELECT unnest(generate_series(lo::TIMESTAMP, hi::TIMESTAMP, {interval}))::DATE AS period
            FROM bounds WHERE lo IS NOT NULL AND hi IS NOT NULL),
        keys AS ({'SELECT DISTINCT key FROM agg' if by else 'SELECT NULL::VARCHAR AS key'})
        SELECT grid.period, keys.key, {_outputs(kpi, 'agg.')}
        FROM grid CROSS JOIN keys
        LEFT JOIN agg ON agg.period = grid.period AND agg.key IS NOT DISTINCT FROM keys.key
        ORDER BY grid.period, keys.key NULLS LAST"""
    return sql, [*params, filters.start, filters.end, today]


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
        from smart.analytics import composite

        frame = composite.series(store, kpi, filters, grain, by, today, target=target)
    else:
        frame = run(store, _series_sql(kpi, filters, grain, by, stat, today, window_days))
    frame = _finish(frame, kpi, by, grain, today)
    if kpi.cohort:
        frame["immature"] = immature_cohorts(frame["period"], grain, today, window_days)
    return frame


def immature_cohorts(periods: pd.Series, grain: str, today: dt.date,
                     window_days: int | None = DEFAULT_COHORT_WINDOW_DAYS) -> np.ndarray:
    """A cohort is immature while its last lead has not had the whole window (90 days when to date) to convert."""
    window = DEFAULT_COHORT_WINDOW_DAYS if window_days is None else window_days
    last_days = pd.to_datetime(periods) + GRAIN_OFFSETS[grain] - pd.Timedelta(days=1)
    return (last_days + pd.Timedelta(days=window) > pd.Timestamp(today)).to_numpy(dtype=bool)


def _totals_sql(kpi: Kpi, filters: Filters, by: str | None, stat: str | None,
                window_days: int | None, today: dt.date | None = None) -> tuple[str, list[object]]:
    facts, params = facts_sql(kpi, filters, window_days, by, today)
    key = BY_COLUMNS[by] if by else "NULL::VARCHAR"
    sql = f"""
        WITH facts AS ({facts}),
        agg AS (SELECT {key} AS key, {_aggregates(kpi, stat)} FROM facts GROUP BY ALL)
        SELECT keys.key, {_outputs(kpi, 'agg.')}
        FROM ({'SELECT DISTINCT key FROM agg' if by else 'SELECT NULL::VARCHAR AS key'}) keys
        LEFT JOIN agg ON agg.key IS NOT DISTINCT FROM keys.key
        ORDER BY keys.key NULLS LAST"""
    return sql, params


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
        from smart.analytics import composite

        frame = composite.totals(store, kpi, filters, by, today, target=target)
    else:
        frame = run(store, _totals_sql(kpi, filters, by, stat, window_days, today))
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
    return KpiValue(
        _number(row["value"]),
        *(_number(row[column]) if column in frame else None for column in ("numerator", "denominator", "low", "high")),
        left_out=left_out(store, kpi_id, filters),
    )


# The KPIs whose amounts a composite KPI reads (sales velocity: the average deal size; pipeline coverage: the
# open pipeline against the revenue).
_COMPOSITE_AMOUNTS = {"sales_velocity": ("avg_deal_size",), "pipeline_coverage": ("pipeline_value", "revenue")}


def amount_kpis(kpi: Kpi) -> tuple[str, ...]:
    """The KPIs whose facts carry amounts that ``kpi`` sums, averages or divides: itself for a money KPI of deals,
    its parts for a composite; none for counts, rates and durations."""
    if kpi.kind == "composite":
        return _COMPOSITE_AMOUNTS.get(kpi.id, ())
    return (kpi.id,) if kpi.unit == "money" and kpi.id in CATALOGUE else ()


def left_out(store: Store, kpi_id: str, filters: Filters | None = None) -> LeftOut:
    """The deals ``kpi_id`` leaves out of its amounts over ``filters`` because no exchange rate converts their
    currency (``smart.currency.convert``), per currency; nothing for a KPI that reads no amount."""
    parts = amount_kpis(get_kpi(kpi_id, store))
    if not parts:
        return LeftOut()
    selects, params = [], []
    for part in parts:
        facts, part_params = facts_sql(get_kpi(part), filters or Filters())
        selects.append(f"SELECT left_out FROM ({facts}) WHERE left_out IS NOT NULL")
        params.extend(part_params)
    sql = f"SELECT left_out, count(*) FROM ({' UNION ALL '.join(selects)}) GROUP BY ALL"
    return LeftOut.of(store.rows(with_reporting_currency(store, sql), params))


def _number(value: object) -> float | None:
    if value is None:
        return None
    number = float(value)
    return None if math.isnan(number) else number


def _count_sql(kpi: Kpi, filters: Filters, grain: str | None, window_days: int | None) -> tuple[str, list[object]]:
    facts, params = facts_sql(kpi, filters, window_days)
    counted = "count(*)" if kpi.kind == "sum" else kpi.denominator if kpi.kind == "rate" else "count(x)"
    period = f"date_trunc('{grain}', d)::DATE" if grain else "NULL::DATE"
    return f"SELECT {period} AS period, {counted}::DOUBLE AS count FROM ({facts}) f GROUP BY ALL ORDER BY 1", params


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
    frame = store.df(*_count_sql(kpi, filters or Filters(), grain, window_days))
    frame["count"] = frame["count"].astype("float64")
    return frame
