"""The plan against the actual: the imported monthly targets (table ``plan``) and the catalogue's KPI, month by month
and by the plan's dimension (the company, a team, a rep or a product).

The actual of a month is the KPI as the catalogue defines it (revenue: the deals won, by close date), grouped by
the plan's dimension. The comparison keeps the period and the filter on its own dimension (the teams for a plan
by team, the reps for a plan by rep): another filter would narrow the actual and not the plan, so it is left out
and ``ignored_filters`` says which. A month the range cuts counts the plan for the share of its days in the range.

Every row says what it is (``status``):

- ``compared``: a plan and an actual (0 when the data cover the month and nothing happened in it);
- ``no_plan``: an actual with no plan (a product the plan does not name, a month it does not cover);
- ``no_data``: a plan for a month the data do not reach (before the first fact of the KPI or after its last);
- ``future``: a plan for a month not started yet.

The month in progress is marked ``partial``: its actual is to date, its plan the whole month.

A viewer whose scope is restricted (``Scope``) sees the plan of what is theirs only: a rep the plan by rep of their
names, a team's manager the plan of their team and of its reps; the company's and the products' plans are no one's
in particular, and are not shown to them.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from smart import clock
from smart.analytics.catalogue import PLAN_KPIS
from smart.analytics.engine import get_kpi
from smart.analytics.filters import EVERYTHING, Filters, Scope, scoped_targets_sql
from smart.analytics.kpi_sql import kpi_facts_sql, run
from smart.storage import Store

PLAN_DIMENSIONS = ("company", "team", "owner", "product")
# The global filter each dimension keeps (on both sides of the comparison).
_KEPT_FILTER = {"team": "teams", "owner": "owners"}
# The filters a comparison may leave out, by their Filters attribute.
_FILTERS = ("teams", "owners", "lead_sources", "pipelines")
PLAN_COLUMNS = ["month", "value", "plan", "actual", "gap", "attainment", "status", "partial"]


def plan_scope_sql(scope: Scope) -> tuple[str, list[object]]:
    """The condition on ``plan`` rows (their ``dimension`` and ``dimension_value``) that ``scope`` may see."""
    return scoped_targets_sql(scope, "dimension", "dimension_value", "owner", "team")


def plan_kpis(store: Store, scope: Scope = EVERYTHING) -> list[str]:
    """The KPIs the stored plan holds (as far as ``scope`` sees it), in the catalogue's order of plan KPIs."""
    where, params = plan_scope_sql(scope)
    held = {row[0] for row in store.rows(f"SELECT DISTINCT kpi FROM plan WHERE {where}", params)}
    return [kpi_id for kpi_id in PLAN_KPIS if kpi_id in held]


def plan_dimensions(store: Store, kpi_id: str, scope: Scope = EVERYTHING) -> list[str]:
    """The dimensions the stored plan of ``kpi_id`` is split by (company, team, owner, product), as far as ``scope``
    sees it."""
    where, params = plan_scope_sql(scope)
    held = {row[0] for row in store.rows(f"SELECT DISTINCT dimension FROM plan WHERE kpi = ? AND {where}",
                                         [kpi_id, *params])}
    return [dimension for dimension in PLAN_DIMENSIONS if dimension in held]


def ignored_filters(filters: Filters, by: str) -> list[str]:
    """The global filters (``teams``, ``owners``, ``lead_sources``, ``pipelines``) set but not applied to a
    comparison by ``by``: the plan is not split by them."""
    kept = _KEPT_FILTER.get(by)
    return [name for name in _FILTERS if getattr(filters, name) and name != kept]


def _comparison_filters(filters: Filters, by: str) -> Filters:
    kept = _KEPT_FILTER.get(by)
    return Filters(filters.start, filters.end, teams=filters.teams if kept == "teams" else (),
                   owners=filters.owners if kept == "owners" else (), scope=filters.scope)


def plan_vs_actual(store: Store, filters: Filters | None = None, by: str = "company", kpi_id: str = "revenue",
                   today: dt.date | None = None) -> pd.DataFrame:
    """One row per month and value of the plan's dimension ``by`` found in the plan or in the actual, over the
    range of ``filters`` (all months of the plan and the data when unbounded). Columns: ``month`` (first day),
    ``value`` (the team, rep or product; '' for the company), ``plan``, ``actual``, ``gap`` (actual − plan),
    ``attainment`` (actual ÷ plan), ``status`` and ``partial``, as the module docstring says."""
    if by not in PLAN_DIMENSIONS:
        raise ValueError(f"unknown plan dimension {by!r}; expected one of {', '.join(PLAN_DIMENSIONS)}")
    if kpi_id not in PLAN_KPIS:
        raise ValueError(f"a plan holds one of {', '.join(PLAN_KPIS)}, not {kpi_id!r}")
    kpi = get_kpi(kpi_id)
    if by != "company" and by not in kpi.dimensions:
        raise ValueError(f"KPI {kpi_id!r} cannot be split by {by}")
    filters = _comparison_filters(filters or Filters(), by)
    today = today or clock.today()
    facts, fact_params = kpi_facts_sql(kpi, filters, by=None if by == "company" else by)
    all_facts, all_params = kpi_facts_sql(kpi, Filters(scope=filters.scope))
    column = "''" if by == "company" else by
    plan_values = {"team": filters.teams, "owner": filters.owners}.get(by, ())
    plan_filter = f"AND dimension_value IN ({', '.join('?' * len(plan_values))})" if plan_values else ""
    seen, seen_params = plan_scope_sql(filters.scope)
    sql = f"""
        WITH planned AS (
            SELECT period AS month, lower(dimension_value) AS key, any_value(dimension_value) AS label,
                   sum(amount) AS plan
            FROM plan WHERE kpi = ? AND dimension = ? {plan_filter} AND {seen} GROUP BY ALL),
        done AS (
            SELECT date_trunc('month', d)::DATE AS month, lower(coalesce({column}, '')) AS key,
                   any_value(coalesce({column}, '')) AS label, ({kpi.value})::DOUBLE AS actual
            FROM ({facts}) GROUP BY ALL),
        bounds AS (
            SELECT date_trunc('month', coalesce(?::DATE, least((SELECT min(month) FROM planned),
                                                               (SELECT min(month) FROM done))))::DATE AS lo,
                   date_trunc('month', coalesce(?::DATE, greatest((SELECT max(month) FROM planned),
                                                                  (SELECT max(month) FROM done))))::DATE AS hi),
        grid AS (
            SELECT unnest(generate_series(lo::TIMESTAMP, hi::TIMESTAMP, INTERVAL 1 MONTH))::DATE AS month
            FROM bounds WHERE lo IS NOT NULL AND hi IS NOT NULL),
        months AS (
            SELECT month, date_diff('day', greatest(month, coalesce(?::DATE, month)),
                                    least(last_day(month), coalesce(?::DATE, last_day(month)))) + 1 AS days,
                   date_diff('day', month, last_day(month)) + 1 AS month_days
            FROM grid),
        reach AS (
            SELECT date_trunc('month', min(d))::DATE AS first,
                   least(date_trunc('month', max(d)), date_trunc('month', ?::DATE))::DATE AS last
            FROM ({all_facts})),
        joined AS (
            SELECT m.month, coalesce(p.label, a.label) AS value, p.plan * m.days / m.month_days AS plan,
                   coalesce(a.actual, CASE WHEN m.month BETWEEN r.first AND r.last THEN 0 END) AS actual
            FROM months m CROSS JOIN reach r
            JOIN (SELECT month, key FROM planned UNION SELECT month, key FROM done) k ON k.month = m.month
            LEFT JOIN planned p ON p.month = k.month AND p.key = k.key
            LEFT JOIN done a ON a.month = k.month AND a.key = k.key)
        SELECT month, value, plan, actual,
               CASE WHEN plan IS NULL THEN 'no_plan' WHEN actual IS NOT NULL THEN 'compared'
                    WHEN month > date_trunc('month', ?::DATE) THEN 'future' ELSE 'no_data' END AS status,
               month = date_trunc('month', ?::DATE) AS partial
        FROM joined WHERE plan IS NOT NULL OR actual IS NOT NULL
        ORDER BY month, value"""
    params = [kpi_id, by, *plan_values, *seen_params, *fact_params, filters.start, filters.end, filters.start,
              filters.end, today, *all_params, today, today]
    frame = run(store, (sql, params))
    frame["month"] = pd.to_datetime(frame["month"]).dt.date
    for name in ("plan", "actual"):
        frame[name] = frame[name].astype("float64")
    frame["gap"] = frame["actual"] - frame["plan"]
    frame["attainment"] = frame["actual"] / frame["plan"].where(frame["plan"] > 0)
    frame["partial"] = frame["partial"].astype(bool)
    return frame[PLAN_COLUMNS].reset_index(drop=True)


def plan_months(frame: pd.DataFrame) -> pd.DataFrame:
    """``plan_vs_actual``'s rows summed per month, for the month-by-month chart: ``plan``; ``actual``, the actual of
    what the plan names (missing where the data do not reach); ``unplanned``, the actual of what it does not name
    (a product outside the plan, a month it does not cover); ``partial``, the month in progress."""
    columns = ["month", "plan", "actual", "unplanned", "partial"]
    if frame.empty:
        return pd.DataFrame({column: [] for column in columns})
    planned = frame["status"] == "compared"
    parts = frame.assign(actual=frame["actual"].where(planned), unplanned=frame["actual"].where(~planned))
    grouped = parts.groupby("month", sort=True)
    return pd.DataFrame({
        "plan": grouped["plan"].sum(min_count=1),
        "actual": grouped["actual"].sum(min_count=1),
        "unplanned": grouped["unplanned"].sum(min_count=1),
        "partial": grouped["partial"].any(),
    }).reset_index()[columns]


def plan_attainment(frame: pd.DataFrame) -> pd.DataFrame:
    """Per value of the dimension, over the months compared: plan, actual and attainment (actual ÷ plan)."""
    compared = frame[frame["status"] == "compared"]
    totals = compared.groupby("value", sort=True)[["plan", "actual"]].sum().reset_index()
    totals["attainment"] = totals["actual"] / totals["plan"].where(totals["plan"] > 0)
    return totals


def planned_between(plan: pd.Series, first: dt.date, last: dt.date) -> float:
    """The plan from ``first`` to ``last`` (inclusive): ``plan`` holds monthly amounts indexed by month start, each
    spread evenly over its month's days (a month the span cuts counts for its days in the span)."""
    if last < first:
        return 0.0
    months = pd.period_range(first, last, freq="M")
    month_days = np.asarray(months.days_in_month, dtype=float)
    days = month_days.copy()
    days[0] -= first.day - 1
    days[-1] -= month_days[-1] - last.day
    amounts = plan.reindex(months.to_timestamp()).fillna(0.0).to_numpy(dtype=float)
    return float((amounts * days / month_days).sum())


def plan_for_scope(store: Store, kpi_id: str, scope_type: str, scope_value: str | None, first: dt.date,
                   last: dt.date, scope: Scope = EVERYTHING) -> pd.Series | None:
    """The plan of ``kpi_id`` for an objective's scope, one amount per month from ``first``'s month to
    ``last``'s, indexed by month start; None unless the plan covers every one of those months.

    The company's plan is its own (dimension ``company``), else the sum of the first dimension whose plan covers
    the months (team, then rep, then product: each adds up to the company); a team's is its own, else the sum of
    its reps' (by their team today); a rep's is their own. Only the plan rows ``scope`` may see count."""
    wanted = pd.period_range(first, last, freq="M").to_timestamp()
    by_scope: dict[str, list[tuple[str, str | None, str]]] = {
        "company": [("company", None, "TRUE"), ("team", None, "TRUE"), ("owner", None, "TRUE"),
                    ("product", None, "TRUE")],
        "team": [("team", scope_value, "dimension_value = ?"),
                 ("owner", scope_value, "dimension_value IN (SELECT owner FROM reps WHERE team = ?)")],
        "rep": [("owner", scope_value, "dimension_value = ?")],
    }
    sources = by_scope.get(scope_type, [])
    seen, seen_params = plan_scope_sql(scope)
    for dimension, value, condition in sources:
        params = [kpi_id, dimension, first.replace(day=1), last, *([value] if value is not None else []),
                  *seen_params]
        frame = store.df(f"""SELECT period, sum(amount) AS amount FROM plan
            WHERE kpi = ? AND dimension = ? AND period BETWEEN ? AND ? AND {condition} AND {seen}
            GROUP BY period ORDER BY period""", params)
        series = pd.Series(frame["amount"].to_numpy(dtype=float), index=pd.to_datetime(frame["period"]))
        if len(series) == len(wanted) and (series.index == wanted).all():
            return series
    return None
