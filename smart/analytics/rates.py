"""Rates told honestly: counts, Wilson 95 % intervals, and the funnel, cycle, cohort and pipeline analyses."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from smart import clock
from smart.analytics.catalogue import (
    CATALOGUE,
    DEALS_WITH_TEAM,
    DISTRIBUTION_STATS,
    LEAD_DIMENSIONS,
    LEADS_WITH_CONVERSION,
)
from smart.analytics.engine import GRAIN_OFFSETS, kpi_value
from smart.analytics.facts import filters_sql
from smart.analytics.filters import Filters
from smart.analytics.kpi_sql import GRAIN_INTERVALS, kpi_facts_sql, run
from smart.analytics.pipelines import PIPELINE_STAGES, PipelineKey, largest_pipeline, pipeline_stages
from smart.analytics.stats import wilson_interval
from smart.storage import DEALS_WITH_PAST_STATES, Store

ALL_DEALS_STAGES = "SELECT source, crm_id, pipeline, stage, status FROM deals"
_FUNNEL_STAGES = f"SELECT * FROM ({PIPELINE_STAGES}) WHERE position IS NOT NULL"


def reached_stage_sql(kept: str = ALL_DEALS_STAGES, stages: str = _FUNNEL_STAGES) -> str:
    """For each deal of ``kept`` (a query yielding source, crm_id, pipeline, stage, status): ``reached``, the
    position (``smart.analytics.pipelines``) of the furthest stage of its own pipeline's funnel it got to.

    That is the furthest among the deal's current stage and every stage its history recorded (``deal_history``: the
    states successive imports observed; only the deals with more than their current record need it read,
    ``DEALS_WITH_PAST_STATES``: the others' furthest stage is their current one); a won deal reached every stage,
    and every deal reached the first one (a deal lost at a "Closed Lost" stage counts there). Positions compare only
    within one pipeline. ``stages``: the funnels' stages (source, pipeline, raw_stage, position), every pipeline's
    by default.
    """
    return f"""
        WITH kept AS (SELECT source, crm_id, coalesce(pipeline, '') AS pipeline, stage, status FROM ({kept})),
        stages AS MATERIALIZED ({stages}),
        positions AS (SELECT source, pipeline, raw_stage, max(position) AS position FROM stages GROUP BY ALL),
        bounds AS (SELECT source, pipeline, min(position) AS first, max(position) AS top FROM stages GROUP BY ALL),
        earlier AS (
            SELECT k.source, k.crm_id, max(o.position) AS furthest
            FROM deal_history s
            JOIN (SELECT source, crm_id, pipeline FROM kept SEMI JOIN ({DEALS_WITH_PAST_STATES}) p
                  USING (source, crm_id)) k USING (source, crm_id)
            JOIN positions o ON o.source = k.source AND o.pipeline = k.pipeline AND o.raw_stage = s.stage
            GROUP BY ALL)
        SELECT k.source, k.crm_id, k.pipeline,
               CASE WHEN k.status = 'won' THEN b.top
                    ELSE coalesce(greatest(o.position, e.furthest), b.first) END AS reached
        FROM kept k
        LEFT JOIN bounds b ON b.source = k.source AND b.pipeline = k.pipeline
        LEFT JOIN positions o ON o.source = k.source AND o.pipeline = k.pipeline AND o.raw_stage = k.stage
        LEFT JOIN earlier e ON e.source = k.source AND e.crm_id = k.crm_id"""


def _stage_values(key: PipelineKey, stages: pd.DataFrame) -> tuple[str, list[object]]:
    """One pipeline's funnel stages as a small inline table (source, pipeline, raw_stage, position, status), read
    once rather than worked out again inside every query."""
    if stages.empty:
        return ("SELECT NULL::VARCHAR AS source, NULL::VARCHAR AS pipeline, NULL::VARCHAR AS raw_stage, "
                "NULL::BIGINT AS position, NULL::VARCHAR AS status WHERE FALSE"), []
    rows = ", ".join("(?, ?, ?, ?::BIGINT, ?)" for _ in range(len(stages)))
    params: list[object] = []
    for stage, position, status in zip(stages["raw_stage"], stages["position"], stages["status"], strict=True):
        params += [*key, stage, None if pd.isna(position) else int(position), status]
    return f"SELECT * FROM (VALUES {rows}) v(source, pipeline, raw_stage, position, status)", params


def funnel(store: Store, filters: Filters | None = None, pipeline: PipelineKey | None = None) -> pd.DataFrame:
    """Stage-to-stage conversion of one pipeline's deals created in the range (by default the pipeline with the
    most deals in it), by the furthest stage of that pipeline each deal reached (``reached_stage_sql``).
    Columns: stage, funnel_order (the stage's position in the pipeline's funnel, 1 first), deals, pct_of_previous
    (with ``low``/``high``, Wilson 95 %), pct_of_first.
    """
    filters = filters or Filters()
    pipeline = pipeline or largest_pipeline(store, filters) or ("", "")
    stages = pipeline_stages(store, pipeline)
    stages = stages[stages["position"].notna()]
    values, value_params = _stage_values(pipeline, stages)
    created, params = filters_sql(f"SELECT *, created_on AS d FROM ({DEALS_WITH_TEAM})", filters, dated=False)
    kept = (f"SELECT source, crm_id, pipeline, stage, status FROM ({created}) "
            "WHERE source = ? AND coalesce(pipeline, '') = ?")
    reached = dict(store.rows(f"SELECT reached, count(*) FROM ({reached_stage_sql(kept, values)}) GROUP BY ALL",
                              [*params, *pipeline, *value_params]))
    positions = [int(position) for position in stages["position"]]
    frame = pd.DataFrame({
        "stage": list(stages["raw_stage"]), "funnel_order": positions,
        "deals": [float(sum(n for at, n in reached.items() if at is not None and at >= p)) for p in positions],
    })
    previous = frame["deals"].shift(1)
    frame["pct_of_previous"] = frame["deals"] / previous.where(previous > 0)
    first = frame["deals"].iloc[0] if len(frame) else np.nan
    frame["pct_of_first"] = frame["deals"] / first if first else np.nan
    frame["low"], frame["high"] = wilson_interval(frame["deals"].to_numpy(), previous.to_numpy())
    return frame


def time_in_stage(store: Store, filters: Filters | None = None, pipeline: PipelineKey | None = None) -> pd.DataFrame:
    """Days one pipeline's deals (by default the pipeline with the most deals in the range) spent in each of its
    stages, from the deals' history: from the first export showing the deal in a stage to the first export showing
    it in another one. Stages a deal has not left yet are not counted (still running).

    The precision is that of the exports (a week for weekly exports). Columns: stage, funnel_order (the stage's
    position in the pipeline's funnel; missing for a stage the pipeline's stage map does not order), deals, mean,
    median, p75.
    """
    filters = filters or Filters()
    pipeline = pipeline or largest_pipeline(store, filters) or ("", "")
    values, value_params = _stage_values(pipeline, pipeline_stages(store, pipeline))
    deals, params = filters_sql(DEALS_WITH_TEAM, filters.with_period(None, None), dated=False)
    return store.df(f"""
        WITH kept AS (
            SELECT source, crm_id FROM ({deals}) f SEMI JOIN ({DEALS_WITH_PAST_STATES}) p USING (source, crm_id)
            WHERE source = ? AND coalesce(pipeline, '') = ?),
        entered AS (
            SELECT s.source, s.crm_id, s.stage, min(s.observed_on) AS entered_on
            FROM deal_history s JOIN kept USING (source, crm_id) WHERE s.stage IS NOT NULL GROUP BY ALL),
        spans AS (
            SELECT source, stage, entered_on,
                   lead(entered_on) OVER (PARTITION BY source, crm_id ORDER BY entered_on) AS left_on
            FROM entered),
        stages AS ({values})
        SELECT sp.stage, any_value(m.position) AS funnel_order, count(*)::DOUBLE AS deals,
               avg(date_diff('day', entered_on, left_on)) AS mean,
               median(date_diff('day', entered_on, left_on)) AS median,
               quantile_cont(date_diff('day', entered_on, left_on), 0.75) AS p75
        FROM spans sp LEFT JOIN stages m ON m.raw_stage = sp.stage
        WHERE left_on IS NOT NULL AND (m.status IS NULL OR m.status = 'open')
        GROUP BY sp.stage ORDER BY funnel_order NULLS LAST, sp.stage""", [*params, *pipeline, *value_params])


def cycle_statistics(store: Store, filters: Filters | None = None) -> pd.DataFrame:
    """Every statistic of the sales cycle, won and lost deals separately (open deals left out), in one query.

    Columns: outcome (won, lost), deals, mean, median, p25, p75, p90, std, var.
    """
    stats = ", ".join(f"{sql} AS {name}" for name, sql in DISTRIBUTION_STATS.items())
    selects, params = [], []
    for outcome, kpi_id in (("won", "sales_cycle_days"), ("lost", "sales_cycle_days_lost")):
        facts, facts_params = kpi_facts_sql(CATALOGUE[kpi_id], filters or Filters())
        selects.append(f"SELECT '{outcome}' AS outcome, count(*)::DOUBLE AS deals, {stats} FROM ({facts})")
        params.extend(facts_params)
    return run(store, (f"{' UNION ALL '.join(selects)} ORDER BY outcome = 'lost'", params))


def cohort_matrix(store: Store, filters: Filters | None = None, grain: str = "month", max_lag: int = 12,
                  today: dt.date | None = None) -> pd.DataFrame:
    """Cohort conversion for a heatmap: leads created in each period × periods elapsed until they converted.

    One row per cohort and lag 0..max_lag: ``leads`` in the cohort, ``converted`` within that many periods
    (cumulative), ``rate`` and ``immature`` (the cohort has not yet lived through that many periods).
    """
    today = today or clock.today()
    facts, params = filters_sql(LEADS_WITH_CONVERSION, filters or Filters(), dimensions=LEAD_DIMENSIONS)
    frame = store.df(f"""
        WITH leads_in AS (
            SELECT date_trunc('{grain}', created_on)::DATE AS cohort,
                   CASE WHEN converted_on >= created_on
                        THEN date_diff('{grain}', date_trunc('{grain}', created_on),
                                       date_trunc('{grain}', converted_on)) END AS lag
            FROM ({facts})),
        cohorts AS (SELECT cohort, count(*) AS leads FROM leads_in GROUP BY cohort),
        lags AS (SELECT unnest(range(0, ? + 1)) AS lag),
        counts AS (SELECT cohort, lag, count(*) AS n FROM leads_in WHERE lag IS NOT NULL GROUP BY ALL),
        cumulated AS (
            SELECT c.cohort, g.lag, c.leads::DOUBLE AS leads,
                   coalesce(sum(n.n) FILTER (WHERE n.lag <= g.lag), 0)::DOUBLE AS converted
            FROM cohorts c CROSS JOIN lags g LEFT JOIN counts n ON n.cohort = c.cohort
            GROUP BY ALL)
        SELECT cohort, lag, leads, converted, converted / nullif(leads, 0) AS rate,
               cohort + (lag + 1) * {GRAIN_INTERVALS[grain]} > ?::DATE AS immature
        FROM cumulated ORDER BY cohort, lag""", [*params, max_lag, today])
    frame["cohort"] = pd.to_datetime(frame["cohort"]).dt.date
    return frame


@dataclass(frozen=True)
class PartialComparison:
    """The period in progress to date against the same number of days at the start of the previous period."""

    period_start: dt.date
    days: int
    current: object
    previous: object
    change: float | None
    change_pct: float | None


def partial_comparison(store: Store, kpi_id: str, filters: Filters | None = None, grain: str = "month",
                       stat: str | None = None, today: dt.date | None = None) -> PartialComparison:
    """Compare the period in progress (first day to ``today``) with the same days of the previous period."""
    today = today or clock.today()
    filters = filters or Filters()
    start = pd.Timestamp(today).to_period({"week": "W-SUN", "month": "M", "quarter": "Q", "year": "Y"}[grain])
    start = start.start_time.date()
    days = (today - start).days + 1
    previous_start = (pd.Timestamp(start) - GRAIN_OFFSETS[grain]).date()
    previous_end = min(previous_start + dt.timedelta(days=days - 1), start - dt.timedelta(days=1))
    current = kpi_value(store, kpi_id, filters.with_period(start, today), stat=stat, today=today)
    previous = kpi_value(store, kpi_id, filters.with_period(previous_start, previous_end), stat=stat,
                                today=today)
    change = None if current.value is None or previous.value is None else current.value - previous.value
    change_pct = None if change is None or not previous.value else change / abs(previous.value)
    return PartialComparison(start, days, current, previous, change, change_pct)
