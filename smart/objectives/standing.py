"""Where every objective stands at a glance: its pace today and a month ago (a widening gap), for the Overview, the
Objectives page and the review; and the one objective whose scope is exactly what a page's figures cover."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from smart.analytics.filters import EVERYTHING, Filters
from smart.objectives.model import resolve
from smart.objectives.pace import day_totals, monthly_history_and_weights, monthly_history_of_totals, progress
from smart.objectives.store import list_objectives
from smart.storage import Store


def objectives_progress(store: Store, today: dt.date, filters: Filters | None = None) -> pd.DataFrame:
    """Every objective not archived, with its pace on ``today`` and on the same day a month earlier (to see a
    widening gap). With team or rep filters, only the objectives of the company and of those teams and reps; only
    those the filters' scope may see (``list_objectives``).

    Columns: id, title, kpi, scope_type, scope_value, deadline, status, target, expected, actual, gap,
    progress, projection, probability, relative_gap, previous_relative_gap, sign, attainment, widening.
    """
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
        # A KPI that adds up by day (counts, conversion and win rates): its baseline, history and actuals are sums
        # of its days, read in one scan.
        totals = day_totals(store, objective, today)
        resolution = resolve(store, objective, today, day_totals=totals)
        if totals is not None:
            history, weights = monthly_history_of_totals(totals, objective, today)
        else:
            history, weights = monthly_history_and_weights(store, objective, today)
        # The same bootstrap as the objective's own page (a few milliseconds): the two must show one probability.
        now = progress(store, objective, today, resolution=resolution, history=history, weights=weights,
                       totals=totals)
        start_on, deadline = objective.window
        before = progress(store, objective, month_ago, resolution=resolution, history=history, simulate=False,
                          totals=totals) if month_ago >= start_on else None
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
                             and relative < relative_before and today <= deadline),
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
    # A handful of objectives, looked up for each card of every session: comparing their columns with pandas (text
    # columns held by Arrow) cost a few milliseconds a card.
    scopes = zip(objectives["kpi"], objectives["scope_type"], objectives["scope_value"], strict=True)
    found = next((position for position, (kpi, kind, value) in enumerate(scopes)
                  if kpi == kpi_id and kind == scope_type and (scope_value is None or value == scope_value)), None)
    return None if found is None else objectives.iloc[found]


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
