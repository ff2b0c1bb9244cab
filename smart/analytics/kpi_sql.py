"""The SQL of a KPI of the catalogue: its facts with the global filters applied (``kpi_facts_sql``, on
``facts.filters_sql``), per period on a grid with every period present (``series_sql``), over the whole range
(``totals_sql``), and the facts a value rests on (``count_sql``).

The engine runs these for plain KPIs and composite KPIs build their one statement from their parts' (composite.py):
both sit above this module, which imports neither.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from smart import clock
from smart.analytics.catalogue import Kpi
from smart.analytics.facts import filters_sql
from smart.analytics.filters import Filters, dimension_conditions
from smart.currency.convert import with_reporting_currency
from smart.storage import Store

if TYPE_CHECKING:
    import pandas as pd

BY_COLUMNS = {"team": "team", "owner": "owner", "source": "lead_source", "product": "product"}
GRAIN_INTERVALS = {"week": "INTERVAL 7 DAY", "month": "INTERVAL 1 MONTH", "quarter": "INTERVAL 3 MONTH",
                   "year": "INTERVAL 1 YEAR"}


def kpi_facts_sql(kpi: Kpi, filters: Filters, window_days: int | None = None,
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
    dimensioned = by is not None or bool(dimension_conditions(filters, kpi.dimensions)[0])
    facts = kpi.facts if dimensioned or not kpi.facts_undimensioned else kpi.facts_undimensioned
    facts = facts.replace("{window}", window).replace("{until}", until)
    return filters_sql(facts, filters, dimensions=kpi.dimensions, params=kpi.params, grouped_by=by)


def run(store: Store, query: tuple[str, list[object]]) -> pd.DataFrame:
    """Run a query built on KPI facts (SQL and parameters), the reporting currency written in (``smart.currency``)."""
    sql, params = query
    return store.df(with_reporting_currency(store, sql), params)


def _aggregates(kpi: Kpi, stat: str | None) -> str:
    if kpi.kind == "rate":
        return f"{kpi.numerator} AS numerator, {kpi.denominator} AS denominator, NULL::DOUBLE AS value"
    if kpi.kind != "stat":
        value = kpi.value
    elif stat is None:
        raise ValueError(f"the KPI {kpi.id!r} is a distribution: say which statistic")
    else:
        value = kpi.stats[stat]
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


def series_sql(kpi: Kpi, filters: Filters, grain: str, by: str | None, stat: str | None, today: dt.date,
               window_days: int | None) -> tuple[str, list[object]]:
    """The KPI per period (and ``by`` key): columns period, key, value (and numerator, denominator for a rate),
    every period from the range's start (or the first fact) to its end (or the last fact, today at least) present."""
    facts, params = kpi_facts_sql(kpi, filters, window_days, by, today)
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


def totals_sql(kpi: Kpi, filters: Filters, by: str | None, stat: str | None,
               window_days: int | None, today: dt.date | None = None) -> tuple[str, list[object]]:
    """The KPI over the whole filtered range, one row per ``by`` key found in the facts (one row without ``by``):
    columns key, value (and numerator, denominator for a rate)."""
    facts, params = kpi_facts_sql(kpi, filters, window_days, by, today)
    key = BY_COLUMNS[by] if by else "NULL::VARCHAR"
    sql = f"""
        WITH facts AS ({facts}),
        agg AS (SELECT {key} AS key, {_aggregates(kpi, stat)} FROM facts GROUP BY ALL)
        SELECT keys.key, {_outputs(kpi, 'agg.')}
        FROM ({'SELECT DISTINCT key FROM agg' if by else 'SELECT NULL::VARCHAR AS key'}) keys
        LEFT JOIN agg ON agg.key IS NOT DISTINCT FROM keys.key
        ORDER BY keys.key NULLS LAST"""
    return sql, params


def count_sql(kpi: Kpi, filters: Filters, grain: str | None, window_days: int | None) -> tuple[str, list[object]]:
    """How many facts the KPI's value rests on, per period (or in all without ``grain``): columns period, count."""
    facts, params = kpi_facts_sql(kpi, filters, window_days)
    counted = "count(*)" if kpi.kind == "sum" else kpi.denominator if kpi.kind == "rate" else "count(x)"
    period = f"date_trunc('{grain}', d)::DATE" if grain else "NULL::DATE"
    return f"SELECT {period} AS period, {counted}::DOUBLE AS count FROM ({facts}) f GROUP BY ALL ORDER BY 1", params
