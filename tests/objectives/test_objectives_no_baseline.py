"""An objective whose baseline period has no data: no baseline (never 0), M fails, saving is refused until the
baseline is typed or the target is absolute, and an imported one reads "no data", never "achieved" on a target of 0.

The data: five won deals of 1,000 in the first half of 2024, nothing since (it stops two and a half years before
DEMO_TODAY, 27 Nov 2026). The objective: "+10 % revenue next quarter" (Q1 2027), whose baseline is Q4 2026."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from smart.charts.objectives import pace_chart
from smart.i18n import Translator
from smart.objectives import (
    Objective,
    ObjectiveError,
    check,
    create_objective,
    get_objective,
    import_objectives,
    list_objectives,
    progress,
    resolve,
    revise_objective,
)
from smart.objectives.pace import pace_paths
from smart.objectives.standing import objectives_progress
from tests.analytics.conftest import build_store
from tests.conftest import DEMO_TODAY

NEXT_QUARTER = (dt.date(2027, 1, 1), dt.date(2027, 3, 31))
PERIOD = "1 Oct 2026 – 31 Dec 2026"


@pytest.fixture
def stale_store():
    days = [dt.date(2024, month, 10) for month in (1, 2, 3, 5, 6)]
    deals = pd.DataFrame({"source": "crm", "crm_id": [f"D{i}" for i in range(5)],
                          "account": [f"A{i}" for i in range(5)], "owner": "Ana", "status": "won", "amount": 1000.0,
                          "created_on": [day - dt.timedelta(days=20) for day in days], "close_on": days})
    store = build_store(deals=deals)
    yield store
    store.close()


def _next_quarter(**changes: object) -> Objective:
    objective = Objective("Revenue +10 % next quarter", "revenue", 10, *NEXT_QUARTER, target_mode="relative_pct",
                          grain="quarter", owner="Sales director", theme="Growth")
    return objective.with_changes(**changes)


def test_a_baseline_period_without_data_has_no_baseline_and_no_target(stale_store) -> None:
    resolution = resolve(stale_store, _next_quarter(), DEMO_TODAY)
    assert (resolution.baseline_start, resolution.baseline_end) == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    assert resolution.baseline is None and resolution.target is None


def test_the_checker_says_no_data_in_the_baseline_period(stale_store) -> None:
    t = Translator("en")
    report = check(stale_store, _next_quarter(), "en", DEMO_TODAY)
    assert report.letter("M").level == "fail"
    assert report.letter("M").reason == t("objectives.check.m.no_baseline", period=PERIOD)
    assert "baseline" in report.letter("M").suggestion.lower()
    # Neither "the target goes the other way" (0 against 0) nor "already achieved" (0 of 0).
    assert report.letter("S").level == "pass"
    assert report.letter("A").level == "fail" and report.letter("A").reason == t("objectives.check.a.incomplete")
    assert report.progress is None


def test_saving_is_refused_until_the_baseline_or_an_absolute_target_is_given(stale_store) -> None:
    with pytest.raises(ObjectiveError, match="no data for this KPI and scope in the baseline period 2026-10-01"):
        create_objective(stale_store, _next_quarter())
    assert list_objectives(stale_store) == []
    # A typed baseline of 40,000: +10 % is 44,000, and M says where the baseline comes from.
    typed = create_objective(stale_store, _next_quarter(baseline_input=40_000))
    resolution = resolve(stale_store, get_objective(stale_store, typed), DEMO_TODAY)
    assert resolution.typed and resolution.baseline == 40_000 and resolution.target == pytest.approx(44_000)
    report = check(stale_store, get_objective(stale_store, typed), "en", DEMO_TODAY)
    assert report.letter("M").level == "pass"
    assert report.letter("M").reason == Translator("en")("objectives.check.m.typed", baseline="€40,000",
                                                          period=PERIOD)
    # An absolute target needs no baseline: 30,000 for the quarter.
    absolute = create_objective(stale_store, _next_quarter(target_mode="absolute", target_input=30_000))
    assert resolve(stale_store, get_objective(stale_store, absolute), DEMO_TODAY).target == 30_000
    # "+10 %" of a typed 0 is no target either.
    with pytest.raises(ObjectiveError, match="a change in % of a baseline of 0"):
        create_objective(stale_store, _next_quarter(baseline_input=0))


def test_an_imported_objective_without_data_reads_no_data_never_achieved(stale_store, tmp_path: Path) -> None:
    """Imported objectives do not go through the form: the same objective arrives from a CSV. On any day, before
    or after its quarter, it has no target: status "no data", no probability, no progress, and the pace chart's
    axis has a range (a scale from 0 to 0 drew "NaN")."""
    csv = tmp_path / "objectives.csv"
    csv.write_text("title,kpi,scope_type,scope_value,direction,target_mode,target,statistic,grain,start,deadline,"
                   "owner,theme\nRevenue +10 % next quarter,revenue,company,,increase,relative_pct,10,,quarter,"
                   "2027-01-01,2027-03-31,Sales director,Growth\n", encoding="utf-8")
    import_objectives(stale_store, csv)
    objective = list_objectives(stale_store)[0]
    for day in (DEMO_TODAY, dt.date(2027, 2, 15), dt.date(2027, 4, 2)):
        result = progress(stale_store, objective, day)
        assert (result.target, result.status, result.probability) == (None, "no_data", None), day
        assert result.progress_ratio is None
    frame = objectives_progress(stale_store, DEMO_TODAY)
    assert frame["status"].tolist() == ["no_data"]
    paths = pace_paths(stale_store, objective, progress(stale_store, objective, dt.date(2027, 2, 15)))
    assert set(paths["series"]) == {"actual"} and (paths["value"] == 0).all()
    spec = pace_chart(paths, pd.DataFrame(columns=["label", "value", "kind"]), {"actual": "Actual"},
                      y_title="Revenue").to_dict()
    scales = [layer["encoding"]["y"].get("scale", {}) for layer in spec["layer"] if "y" in layer.get("encoding", {})]
    assert {"domain": [-1.0, 1.0], "zero": False} in scales
    # A revision that types the baseline gives it a target; one that leaves it without is refused.
    with pytest.raises(ObjectiveError, match="no data for this KPI and scope"):
        revise_objective(stale_store, objective.id, "More ambition", target_input=12)
    assert revise_objective(stale_store, objective.id, "Baseline from the finance plan", baseline_input=40_000) == \
        ["baseline_input"]
    assert progress(stale_store, get_objective(stale_store, objective.id), DEMO_TODAY).target == pytest.approx(44_000)


def test_a_chart_with_figures_keeps_its_automatic_scale() -> None:
    paths = pd.DataFrame({"date": pd.to_datetime(["2026-01-01", "2026-02-01"]), "series": "actual",
                          "value": [0.0, 10.0], "low": None, "high": None})
    spec = pace_chart(paths, pd.DataFrame(columns=["label", "value", "kind"]), {"actual": "Actual"},
                      y_title="Revenue").to_dict()
    scales = [layer["encoding"]["y"].get("scale", {}) for layer in spec["layer"] if "y" in layer.get("encoding", {})]
    assert scales and all("domain" not in scale for scale in scales)
