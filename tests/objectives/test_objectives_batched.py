"""The objectives at a glance read a KPI that adds up by day (counts; conversion and win rates) once per objective,
by day, and sum its baseline, monthly history and actuals from those days: every figure must stay what the objective
computed alone (``progress`` with its own queries) gives, for every kind of KPI and every scope."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from smart.analytics import get_kpi, kpi_value
from smart.analytics.engine import adds_up_by_day, kpi_daily_totals
from smart.objectives import Objective
from smart.objectives.model import resolve
from smart.objectives.pace import (
    day_totals,
    monthly_history,
    monthly_history_and_weights,
    monthly_history_of_totals,
    progress,
)
from smart.objectives.standing import objectives_progress
from smart.objectives.store import create_objective, list_objectives
from smart.storage import Store
from tests.conftest import DEMO_TODAY

MONTH_AGO = dt.date(2026, 10, 27)
YEAR = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
QUARTER = (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
# The demo's amounts are whole numbers: its revenue adds up by day exactly too.
ADDING_UP = ("qualified_leads", "new_customers", "deals_won", "leads_created", "revenue", "win_rate",
             "lead_conversion_rate", "lead_conversion_cohort")


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _same(a: object, b: object) -> bool:
    """Exactly equal figures; None and NaN (a None in a pandas column) both mean missing."""
    if _missing(a) or _missing(b):
        return _missing(a) and _missing(b)
    return a == b


def _team_and_rep(store: Store) -> tuple[str, str]:
    team, rep = store.rows("SELECT r.team, d.owner FROM deals d JOIN reps r USING (owner) WHERE r.team IS NOT NULL "
                           "GROUP BY ALL ORDER BY count(*) DESC, 1, 2 LIMIT 1")[0]
    return str(team), str(rep)


def _every_kind(team: str, rep: str) -> list[Objective]:
    """Objectives on a counted sum, an amount sum, a rate, a cohort rate, a distribution and a composite, for the
    company, a team and a rep, over a year and a quarter."""
    scopes = [("company", None), ("team", team), ("rep", rep)]
    made = []
    for scope_type, scope_value in scopes:
        for kpi, mode, value, window, statistic in (
                ("qualified_leads", "relative_pct", 10, YEAR, None),
                ("new_customers", "absolute", 20, YEAR, None),
                ("deals_won", "delta", 2, QUARTER, None),
                ("revenue", "relative_pct", 15, YEAR, None),
                ("win_rate", "points", 5, YEAR, None),
                ("lead_conversion_cohort", "points", 3, YEAR, None),
                ("sales_cycle_days", "delta", -10, YEAR, "median"),
                ("sales_velocity", "relative_pct", 10, QUARTER, None)):
            direction = "decrease" if kpi == "sales_cycle_days" else "increase"
            made.append(Objective(f"{kpi} {scope_type}", kpi, value, *window, direction=direction, target_mode=mode,
                                  scope_type=scope_type, scope_value=scope_value, statistic=statistic,
                                  grain="month"))
    return made


def test_kpis_that_add_up_by_day() -> None:
    assert {kpi for kpi in ADDING_UP if adds_up_by_day(get_kpi(kpi))} == set(ADDING_UP)
    # An open deal without a close date is dated by the range's end; a statistic or a composite does not add up.
    for kpi in ("pipeline_value", "pipeline_value_weighted", "sales_cycle_days", "avg_deal_size", "sales_velocity"):
        assert not adds_up_by_day(get_kpi(kpi)), kpi


def test_daily_totals_refuse_a_kpi_whose_days_do_not_add_up(demo_store: Store) -> None:
    with pytest.raises(ValueError, match="pipeline_value"):
        kpi_daily_totals(demo_store, "pipeline_value")


def test_amounts_with_cents_are_not_summed_by_day(demo_store: Store) -> None:
    """Days of amounts with cents, summed in another order than DuckDB's, could differ in the last digit: such an
    objective keeps its own queries."""
    objective = Objective("o", "revenue", 1, *YEAR)
    assert day_totals(demo_store, objective, DEMO_TODAY) is not None
    with demo_store.transaction() as tx:
        tx.execute("UPDATE deals SET amount = amount + 0.25 WHERE crm_id = (SELECT min(crm_id) FROM deals "
                   "WHERE status = 'won' AND close_on BETWEEN DATE '2026-01-01' AND DATE '2026-11-27')")
    assert day_totals(demo_store, objective, DEMO_TODAY) is None


def test_day_totals_sum_to_the_kpi_over_any_range(demo_store: Store) -> None:
    team, rep = _team_and_rep(demo_store)
    ranges = [(None, dt.date(2024, 2, 1)), (dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
              (dt.date(2026, 1, 1), DEMO_TODAY), (dt.date(2026, 1, 1), MONTH_AGO),
              (dt.date(2026, 3, 15), dt.date(2026, 3, 15)), (dt.date(2026, 7, 1), dt.date(2026, 9, 30))]
    for kpi in ADDING_UP:
        for scope_type, scope_value in (("company", None), ("team", team), ("rep", rep)):
            objective = Objective("o", kpi, 1, *YEAR, scope_type=scope_type, scope_value=scope_value,
                                  target_mode="points" if get_kpi(kpi).is_rate else "absolute")
            totals = day_totals(demo_store, objective, DEMO_TODAY)
            assert totals is not None and totals.until == DEMO_TODAY
            for first, last in ranges:
                alone = kpi_value(demo_store, kpi, objective.filters(first, last))
                summed = totals.total(first, last)
                assert (summed.value, summed.numerator, summed.denominator) == \
                    (alone.value, alone.numerator, alone.denominator), (kpi, scope_type, first, last)
            history, weights = monthly_history_of_totals(totals, objective, DEMO_TODAY)
            expected_history, expected_weights = monthly_history_and_weights(demo_store, objective, DEMO_TODAY)
            pd.testing.assert_series_equal(history, expected_history)
            pd.testing.assert_series_equal(history, monthly_history(demo_store, objective, DEMO_TODAY))
            if expected_weights is None:
                assert weights is None
            else:
                assert weights is not None
                pd.testing.assert_series_equal(weights, expected_weights)
            assert resolve(demo_store, objective, DEMO_TODAY, day_totals=totals) == resolve(demo_store, objective,
                                                                                           DEMO_TODAY)


def test_totals_cover_up_to_the_deadline_only(demo_store: Store) -> None:
    totals = day_totals(demo_store, Objective("o", "qualified_leads", 1, dt.date(2025, 1, 1),
                                              dt.date(2025, 6, 30)), DEMO_TODAY)
    assert totals is not None and totals.until == dt.date(2025, 6, 30)
    assert totals.covers(dt.date(2025, 6, 30)) and not totals.covers(dt.date(2025, 7, 1))
    with pytest.raises(ValueError, match="2025-06-30"):
        totals.total(dt.date(2025, 1, 1), dt.date(2025, 7, 1))


def test_batched_objectives_match_each_objective_alone(demo_store: Store) -> None:
    team, rep = _team_and_rep(demo_store)
    for objective in _every_kind(team, rep):
        create_objective(demo_store, objective)
    objectives = list_objectives(demo_store)
    assert {get_kpi(o.kpi).kind for o in objectives} >= {"sum", "rate", "stat", "composite"}
    assert {o.scope_type for o in objectives} == {"company", "team", "rep"}
    frame = objectives_progress(demo_store, DEMO_TODAY).set_index("id")
    assert sorted(frame.index) == sorted(o.id for o in objectives)
    for objective in objectives:
        row = frame.loc[objective.id]
        alone = progress(demo_store, objective, DEMO_TODAY)  # its own queries, as its page computes it
        before = progress(demo_store, objective, MONTH_AGO)
        assert row["status"] == alone.status, objective.title
        for column, value in (("target", alone.target), ("expected", alone.expected), ("actual", alone.actual),
                              ("gap", alone.gap), ("progress", alone.progress_ratio),
                              ("projection", alone.projection), ("probability", alone.probability)):
            assert _same(row[column], value), (objective.title, column, row[column], value)
        previous = before.sign * before.gap / abs(before.expected) \
            if before.gap is not None and before.expected else None
        assert _same(row["previous_relative_gap"], previous), objective.title
