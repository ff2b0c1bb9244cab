"""Objectives that follow the imported plan: the expected path to date is the target times the plan's cumulative
share of the window, with values worked out by hand; a team takes its reps' plan; a plan that does not cover the
window leaves the usual path."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from smart.analytics import plan_for_scope
from smart.ingest import import_file, undo_import
from smart.objectives import Objective, ObjectiveError, create_objective, get_objective, progress, revise_objective
from smart.objectives.pace import pace_paths
from smart.storage import Store

Q1 = (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
MID_FEBRUARY = dt.date(2026, 2, 14)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """Won deals of 50 (10 January), 120 (10 February) and 80 (5 March) for the PME team's two reps, and a plan
    of 100, 200 and 300 for the company's first quarter, split 40/60/100 and 60/140/200 between the reps."""
    (tmp_path / "deals.csv").write_text(
        "ID;Owner;Team;Status;Amount;Created;Close date\n"
        "D1;Camille Laurent;PME;won;50;2025-12-01;2026-01-10\n"
        "D2;Hugo Mercier;PME;won;120;2025-12-01;2026-02-10\n"
        "D3;Camille Laurent;PME;won;80;2025-12-01;2026-03-05\n", encoding="utf-8")
    (tmp_path / "plan.csv").write_text("Mois;Objectif CA\n2026-01;100\n2026-02;200\n2026-03;300\n", encoding="utf-8")
    (tmp_path / "plan_reps.csv").write_text("Commercial;janv. 2026;févr. 2026;mars 2026\n"
                                            "Camille Laurent;40;60;100\nHugo Mercier;60;140;200\n", encoding="utf-8")
    s = Store(tmp_path / "objectives.duckdb")
    import_file(s, tmp_path / "deals.csv", kind="deals")
    import_file(s, tmp_path / "plan.csv")
    import_file(s, tmp_path / "plan_reps.csv")
    yield s
    s.close()


def q1_objective(**changes: object) -> Objective:
    base = Objective("Q1 revenue as planned", "revenue", 600.0, *Q1, target_mode="absolute", grain="quarter",
                     expected_path="plan")
    return base.with_changes(**changes)


def test_expected_to_date_is_the_plan_to_date(store: Store) -> None:
    result = progress(store, q1_objective(), MID_FEBRUARY)
    # January's 100 and 14 of February's 28 days of 200: 200 of the plan's 600, so a third of the target.
    assert result.planned and not result.seasonal
    assert result.target == pytest.approx(600.0)
    assert result.expected == pytest.approx(200.0)
    assert result.actual == pytest.approx(170.0)
    assert result.gap == pytest.approx(-30.0)


def test_the_pace_chart_draws_the_plan_month_by_month(store: Store) -> None:
    objective = q1_objective()
    result = progress(store, objective, MID_FEBRUARY)
    paths = pace_paths(store, objective, result)
    expected = paths[paths["series"] == "expected"]
    assert list(expected["date"]) == list(pd.to_datetime(["2026-01-01", "2026-01-31", "2026-02-28", "2026-03-31"]))
    assert list(expected["value"]) == pytest.approx([0.0, 100.0, 300.0, 600.0])


def test_a_revised_target_keeps_the_plans_shape(store: Store) -> None:
    objective_id = create_objective(store, q1_objective())
    revise_objective(store, objective_id, "Stretch: double the plan", target_input=1200.0)
    revised = get_objective(store, objective_id)
    assert revised.expected_path == "plan"
    assert progress(store, revised, MID_FEBRUARY).expected == pytest.approx(400.0)


def test_a_team_follows_its_reps_plan(store: Store) -> None:
    team = q1_objective(scope_type="team", scope_value="PME")
    plan = plan_for_scope(store, "revenue", "team", "PME", *Q1)
    assert list(plan) == [100.0, 200.0, 300.0]
    assert progress(store, team, MID_FEBRUARY).expected == pytest.approx(200.0)
    rep = q1_objective(scope_type="rep", scope_value="Hugo Mercier", target_input=400.0)
    # Hugo's 60 and half of 140 out of his 400: 130.
    assert progress(store, rep, MID_FEBRUARY).expected == pytest.approx(130.0)


def test_a_plan_that_does_not_cover_the_window_leaves_the_usual_path(store: Store) -> None:
    longer = q1_objective(deadline=dt.date(2026, 4, 30), target_input=800.0, grain="month")
    result = progress(store, longer, MID_FEBRUARY)
    assert not result.planned
    assert result.expected == pytest.approx(result.target * 45 / 120)
    # Undoing the plan's import takes the path away too.
    imports = store.rows("SELECT id FROM imports WHERE kind = 'plan' ORDER BY id")
    for (import_id,) in reversed(imports):
        undo_import(store, import_id)
    assert not progress(store, q1_objective(), MID_FEBRUARY).planned


def test_only_a_kpi_a_plan_may_hold_can_follow_it(store: Store) -> None:
    with pytest.raises(ObjectiveError, match="expected_path"):
        create_objective(store, q1_objective(kpi="win_rate", target_mode="points", target_input=5.0))
    with pytest.raises(ObjectiveError, match="expected_path"):
        create_objective(store, q1_objective(expected_path="someday"))
    objective_id = create_objective(store, q1_objective())
    assert get_objective(store, objective_id).expected_path == "plan"
