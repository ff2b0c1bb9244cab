"""The objectives at a glance share one target and one monthly history between today and a month ago, and skip
the bootstrap for the month-ago pass: every figure must stay what two independent ``progress`` calls give."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from smart.analytics import get_kpi
from smart.objectives import Objective
from smart.objectives.pace import history_on, monthly_history, monthly_history_and_weights, monthly_weights, progress
from smart.objectives.standing import objectives_progress
from smart.objectives.store import list_objectives
from smart.storage import Store
from tests.conftest import DEMO_TODAY

MONTH_AGO = dt.date(2026, 10, 27)


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _same(a: float | None, b: float | None) -> bool:
    """Equal figures; None and NaN (a None in a pandas column) both mean missing."""
    if _missing(a) or _missing(b):
        return _missing(a) and _missing(b)
    return a == pytest.approx(b, rel=1e-12, abs=1e-12)


def test_history_read_later_gives_the_history_of_the_earlier_day(demo_store: Store) -> None:
    cohort = Objective("Cohort conversion +5 points", "lead_conversion_cohort", 5, dt.date(2026, 1, 1),
                       dt.date(2026, 12, 31), target_mode="points")
    for objective in [*list_objectives(demo_store), cohort]:
        kpi = get_kpi(objective.kpi)
        later = monthly_history(demo_store, objective, DEMO_TODAY)
        for day in (MONTH_AGO, dt.date(2026, 9, 30), dt.date(2026, 10, 1), dt.date(2026, 7, 2)):
            pd.testing.assert_series_equal(history_on(later, kpi, day), monthly_history(demo_store, objective, day))


def test_progress_without_simulation_keeps_actual_expected_and_gap(demo_store: Store) -> None:
    for objective in list_objectives(demo_store):
        history = monthly_history(demo_store, objective, DEMO_TODAY)
        full = progress(demo_store, objective, MONTH_AGO)
        quick = progress(demo_store, objective, MONTH_AGO, history=history, simulate=False)
        for name in ("baseline", "target", "actual", "expected", "gap", "elapsed_share", "projection_run_rate"):
            assert _same(getattr(quick, name), getattr(full, name)), (objective.title, name)
        assert quick.seasonal == full.seasonal and quick.sign == full.sign
        assert quick.probability is None and quick.band_low is None and quick.projection_forecast is None


def test_objectives_at_a_glance_match_two_independent_progress_calls(demo_store: Store) -> None:
    frame = objectives_progress(demo_store, DEMO_TODAY).set_index("id")
    objectives = list_objectives(demo_store)
    assert sorted(frame.index) == sorted(o.id for o in objectives)
    for objective in objectives:
        row = frame.loc[objective.id]
        now = progress(demo_store, objective, DEMO_TODAY)  # as the objective's own page computes it
        before = progress(demo_store, objective, MONTH_AGO)
        assert row["status"] == now.status
        for column, value in (("gap", now.gap), ("expected", now.expected), ("probability", now.probability),
                              ("projection", now.projection)):
            assert _same(row[column], value), (objective.title, column)
        previous = before.sign * before.gap / abs(before.expected) \
            if before.gap is not None and before.expected else None
        assert _same(row["previous_relative_gap"], previous), objective.title
        current = now.sign * now.gap / abs(now.expected) if now.gap is not None and now.expected else None
        assert row["widening"] == bool(current is not None and previous is not None and current < 0
                                       and current < previous and DEMO_TODAY <= objective.deadline)


def test_history_and_weights_together_are_the_two_read_apart(demo_store: Store) -> None:
    """The objectives at a glance read a rate's monthly values and weights in one query: the same two series as
    ``monthly_history`` and ``monthly_weights``, for every kind of KPI (a rate, a cohort rate, a sum, a
    distribution, a composite)."""
    extra = [Objective("Win rate +5 points", "win_rate", 5, dt.date(2026, 1, 1), dt.date(2026, 12, 31),
                       target_mode="points"),
             Objective("Cohort conversion +5 points", "lead_conversion_cohort", 5, dt.date(2026, 1, 1),
                       dt.date(2026, 12, 31), target_mode="points"),
             Objective("Velocity +10 %", "sales_velocity", 10, dt.date(2026, 1, 1), dt.date(2026, 12, 31))]
    objectives = [*list_objectives(demo_store), *extra]
    assert {get_kpi(o.kpi).kind for o in objectives} >= {"rate", "sum", "stat", "composite"}
    for objective in objectives:
        for day in (DEMO_TODAY, MONTH_AGO):
            history, weights = monthly_history_and_weights(demo_store, objective, day)
            pd.testing.assert_series_equal(history, monthly_history(demo_store, objective, day))
            expected = monthly_weights(demo_store, objective, day)
            if expected is None:
                assert weights is None
            else:
                pd.testing.assert_series_equal(weights, expected)
