"""Pace, expected path, projections and status: hand-computed fixtures, and the demo against plain pandas."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from smart.analytics import CATALOGUE
from smart.objectives import Objective, progress, resolve
from smart.objectives.model import baseline_window, checkpoints, grain_periods, resolve_target
from smart.objectives.pace import (
    decide_status,
    expected_to_date,
    month_parts,
    monthly_history,
    pace_paths,
    seasonal_share,
)
from smart.storage import Store
from tests.analytics.conftest import build_store
from tests.conftest import DEMO_TODAY


def test_target_resolution_by_mode() -> None:
    start, end = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
    revenue, rate, cycle = CATALOGUE["revenue"], CATALOGUE["win_rate"], CATALOGUE["sales_cycle_days"]
    base = Objective("t", "revenue", 15, start, end, target_mode="relative_pct", grain="year")
    assert resolve_target(revenue, base, 1000.0) == pytest.approx(1150.0)
    leads = base.with_changes(target_mode="absolute", target_input=200, grain="month")
    assert resolve_target(CATALOGUE["qualified_leads"], leads, None) == pytest.approx(2400.0)
    points = Objective("t", "win_rate", 2, start, end, target_mode="points")
    assert resolve_target(rate, points, 0.25) == pytest.approx(0.27)
    assert resolve_target(rate, points.with_changes(target_mode="relative_pct", target_input=10), 0.25) == \
        pytest.approx(0.275)
    assert resolve_target(revenue, base.with_changes(target_mode="points"), 1000.0) is None
    delta = Objective("t", "sales_cycle_days", -20, start, end, target_mode="delta", statistic="mean")
    assert resolve_target(cycle, delta, 78.5) == pytest.approx(58.5)


def test_windows_and_checkpoints() -> None:
    assert baseline_window(dt.date(2026, 10, 1), dt.date(2026, 12, 31)) == (dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    assert baseline_window(dt.date(2026, 1, 1), dt.date(2026, 12, 31)) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert baseline_window(dt.date(2026, 3, 10), dt.date(2026, 3, 19)) == (dt.date(2026, 2, 28), dt.date(2026, 3, 9))
    assert grain_periods(dt.date(2026, 1, 1), dt.date(2026, 12, 31), "month") == pytest.approx(12)
    assert grain_periods(dt.date(2026, 1, 16), dt.date(2026, 1, 31), "month") == pytest.approx(16 / 31)
    # Whole months count exactly: 500 new customers a year resolve to 500, 200 leads a month to 2,400.
    assert grain_periods(dt.date(2026, 1, 1), dt.date(2026, 12, 31), "year") == 1.0
    year = Objective("t", "new_customers", 500, dt.date(2026, 1, 1), dt.date(2026, 12, 31), grain="year")
    assert resolve_target(CATALOGUE["new_customers"], year, None) == 500.0
    assert resolve_target(CATALOGUE["qualified_leads"], year.with_changes(target_input=200, grain="month"), None) \
        == 2400.0
    objective = Objective("t", "revenue", 1, dt.date(2026, 1, 1), dt.date(2026, 12, 31), checkpoint_grain="quarter")
    assert checkpoints(objective) == [dt.date(2026, 3, 31), dt.date(2026, 6, 30), dt.date(2026, 9, 30),
                                      dt.date(2026, 12, 31)]
    assert len(checkpoints(objective.with_changes(checkpoint_grain="month"))) == 12


def test_month_parts_and_seasonal_share_by_hand() -> None:
    parts = month_parts(dt.date(2026, 11, 28), dt.date(2026, 12, 31))
    assert parts["days"].tolist() == [3, 31] and parts["month_days"].tolist() == [30, 31]
    # Last year: Jan 100, Feb 300 (28 days). Window Jan 1 - Feb 28 2026; on Feb 14 2026:
    # Jan 100 + 14/28 of Feb's 300 = 250, of a total 400 -> 0.625.
    last_year = pd.Series([100.0, 300.0], index=pd.to_datetime(["2025-01-01", "2025-02-01"]))
    assert seasonal_share(last_year, dt.date(2026, 1, 1), dt.date(2026, 2, 28), dt.date(2026, 2, 14)) == \
        pytest.approx(0.625)
    assert seasonal_share(last_year, dt.date(2026, 1, 1), dt.date(2026, 3, 31), dt.date(2026, 2, 14)) is None


def test_the_pace_chart_follows_a_season_that_starts_at_zero() -> None:
    """Last year: 5 leads qualified in Dec 2024, none in Jan 2025, then 10 a month (110 over the year). Target 10
    a month (120); the expected path is 0 at the end of January (last year's share 0 / 110), 120 × 10 / 110 at the
    end of February, and the same as ``progress`` on each checkpoint."""
    days = [dt.date(2024, 12, 10)] * 5 + [dt.date(2025, month, 15) for month in range(2, 13) for _ in range(10)]
    days += [dt.date(2026, 1, 20)] * 3 + [dt.date(2026, 2, 20)] * 12
    leads = pd.DataFrame({"source": "crm", "crm_id": [f"L{i}" for i in range(len(days))], "created_on": days,
                          "qualified_on": days})
    store = build_store(leads=leads)
    try:
        objective = Objective("Leads: 10 a month", "qualified_leads", 10, dt.date(2026, 1, 1), dt.date(2026, 12, 31),
                              direction="reach")
        today = dt.date(2026, 3, 15)
        result = progress(store, objective, today)
        assert result.seasonal and result.target == pytest.approx(120)
        paths = pace_paths(store, objective, result)
        expected = paths[paths["series"] == "expected"].set_index("date")["value"]
        assert expected[pd.Timestamp("2026-01-31")] == 0
        assert expected[pd.Timestamp("2026-02-28")] == pytest.approx(120 * 10 / 110)
        for day in (dt.date(2026, 1, 31), dt.date(2026, 2, 28)):
            on_day = progress(store, objective, day, simulate=False)
            assert expected[pd.Timestamp(day)] == pytest.approx(on_day.expected)
    finally:
        store.close()


def test_expected_path_by_hand() -> None:
    assert expected_to_date(additive=True, direction="reach", baseline=None, target=2400, share=0.25) == 600
    assert expected_to_date(additive=False, direction="decrease", baseline=80, target=60, share=0.25) == 75
    assert expected_to_date(additive=False, direction="stay_below", baseline=80, target=60, share=0.25) == 60


@pytest.mark.parametrize(("share", "probability", "reachable", "ahead", "expected"), [
    (0.10, 0.05, True, False, "on_track"),     # first 20 %: no alarm
    (0.10, 0.0, False, False, "off_track"),    # ... unless the target is out of reach (the bound)
    (0.50, 0.75, True, False, "on_track"),
    (0.50, 0.50, True, False, "on_track"),     # 50 %: the projection meets the target
    (0.50, 0.45, True, False, "at_risk"),
    (0.50, 0.20, True, False, "at_risk"),
    (0.50, 0.19, True, False, "off_track"),
    (0.50, 0.10, True, True, "at_risk"),       # ahead of the expected path: never off track
    (0.50, 0.0, False, True, "off_track"),     # ... unless out of reach
])
def test_status_rules(share: float, probability: float, reachable: bool, ahead: bool, expected: str) -> None:
    assert decide_status(met_now=False, final=False, elapsed_share=share, probability=probability,
                         reachable=reachable, relative_gap=None, ahead=ahead) == expected
    assert decide_status(met_now=True, final=True, elapsed_share=1, probability=None, reachable=True,
                         relative_gap=None) == "achieved"
    assert decide_status(met_now=True, final=True, elapsed_share=1, probability=None, reachable=True,
                         relative_gap=None, has_target=False) == "no_data"


def _won(store) -> pd.DataFrame:
    deals = store.df("SELECT amount, close_on, created_on, status FROM deals")
    deals["close_on"] = pd.to_datetime(deals["close_on"])
    return deals[deals["status"] == "won"]


def test_demo_revenue_pace_against_pandas(demo_store) -> None:
    objective = next(o for o in _objectives(demo_store) if o.kpi == "revenue")
    result = progress(demo_store, objective, DEMO_TODAY)
    won = _won(demo_store)
    last_year = won[won["close_on"].dt.year == 2025]
    this_year = won[(won["close_on"] >= "2026-01-01") & (won["close_on"] <= "2026-11-27")]
    assert result.baseline == pytest.approx(last_year["amount"].sum())
    assert result.target == pytest.approx(1.15 * last_year["amount"].sum())
    assert result.actual == pytest.approx(this_year["amount"].sum())
    # Expected: last year's Jan-Oct in full, plus 27/30 of its November, over its whole year.
    monthly = last_year.groupby(last_year["close_on"].dt.month)["amount"].sum()
    share = (monthly.loc[1:10].sum() + monthly.loc[11] * 27 / 30) / monthly.sum()
    assert result.seasonal
    assert result.expected == pytest.approx(result.target * share)
    assert result.gap == pytest.approx(result.actual - result.target * share)
    assert result.projection_run_rate == pytest.approx(result.actual * 365 / 331)
    # Behind the expected path, projected short of the target: less than an even chance, at risk or off track.
    assert result.gap < 0 and result.projection < result.target
    assert result.band_low < result.projection < result.band_high
    assert 0.01 <= result.probability < 0.5 and result.status in ("at_risk", "off_track")


def test_demo_pace_chart_actuals_against_pandas(demo_store) -> None:
    """The actual line: revenue won from 1 Jan to each month end and to today; the period conversion rate
    (converted ÷ created) from 1 Oct to 31 Oct and to today; the mean cycle of the deals won from 1 Jan."""
    objectives = {o.kpi: o for o in _objectives(demo_store)}
    won = _won(demo_store)
    leads = demo_store.df("SELECT created_on, converted_on FROM leads")
    created, converted = pd.to_datetime(leads["created_on"]), pd.to_datetime(leads["converted_on"])
    cycle = won.assign(days=(won["close_on"] - pd.to_datetime(won["created_on"])).dt.days)
    cycle = cycle[cycle["days"] >= 0]
    month_ends = [*pd.date_range("2026-01-31", "2026-10-31", freq="ME"), pd.Timestamp(DEMO_TODAY)]
    expected_lines = {
        "revenue": [won.loc[won["close_on"].between("2026-01-01", day), "amount"].sum() for day in month_ends],
        "lead_conversion_rate": [converted.between("2026-10-01", day).sum() / created.between("2026-10-01", day).sum()
                                 for day in (pd.Timestamp("2026-10-31"), pd.Timestamp(DEMO_TODAY))],
        "sales_cycle_days": [cycle.loc[cycle["close_on"].between("2026-01-01", day), "days"].mean()
                             for day in month_ends],
    }
    for kpi, expected in expected_lines.items():
        objective = objectives[kpi]
        paths = pace_paths(demo_store, objective, progress(demo_store, objective, DEMO_TODAY))
        actual = paths[paths["series"] == "actual"]
        actual = actual[actual["date"] > pd.Timestamp(objective.start_on)]
        assert actual["date"].iloc[-1] == pd.Timestamp(DEMO_TODAY)
        assert actual["value"].tolist() == pytest.approx(expected), kpi
    # Once the deadline has passed, the line ends on it once, at the year's total.
    revenue = objectives["revenue"]
    after = pace_paths(demo_store, revenue, progress(demo_store, revenue, dt.date(2027, 2, 1)))
    last = after[(after["series"] == "actual") & (after["date"] == pd.Timestamp(revenue.deadline))]
    assert last["value"].tolist() == pytest.approx([won.loc[won["close_on"].dt.year == 2026, "amount"].sum()])


def test_demo_cycle_is_lower_is_better(demo_store) -> None:
    objective = next(o for o in _objectives(demo_store) if o.kpi == "sales_cycle_days")
    result = progress(demo_store, objective, DEMO_TODAY)
    won = _won(demo_store)
    won = won.assign(days=(won["close_on"] - pd.to_datetime(won["created_on"])).dt.days)
    won = won[won["days"] >= 0]
    base = won[won["close_on"].dt.year == 2025]["days"].mean()
    now = won[(won["close_on"] >= "2026-01-01") & (won["close_on"] <= "2026-11-27")]["days"].mean()
    assert result.sign == -1
    assert result.baseline == pytest.approx(base)
    assert result.target == pytest.approx(base - 20)
    assert result.actual == pytest.approx(now)
    assert result.expected == pytest.approx(base - 20 * 331 / 365)
    assert 0 <= result.progress_ratio == pytest.approx((now - base) / -20)
    assert result.status == "off_track"


def test_a_decided_objective_is_achieved_or_missed(demo_store) -> None:
    objective = next(o for o in _objectives(demo_store) if o.kpi == "new_customers")
    low = objective.with_changes(target_input=100)
    assert progress(demo_store, low, DEMO_TODAY).status == "achieved"
    past = objective.with_changes(start_on=dt.date(2025, 1, 1), deadline=dt.date(2025, 12, 31), target_input=900)
    result = progress(demo_store, past, DEMO_TODAY)
    assert result.status == "missed" and result.probability == 0
    # The first demo deal was won on 16 Feb 2024: 2024 is a partial year, no baseline; 2025 is one.
    assert _won(demo_store)["close_on"].min() == pd.Timestamp("2024-02-16")
    assert resolve(demo_store, past, DEMO_TODAY).baseline is None
    assert resolve(demo_store, objective, DEMO_TODAY).baseline > 0


def _objectives(store):
    from smart.objectives import list_objectives

    return list_objectives(store)


def test_a_cohort_conversion_objective_is_measured_on_cohorts_old_enough_to_have_converted() -> None:
    """Ten leads created on the 10th of every month since January 2025; half of each month's leads convert 30 days
    later, if that day has come by 15 June 2026. Every cohort converts at 50 %, but those of April to June 2026
    have not had the 90-day window yet (June's none of its 30 days): the actual counts the leads created up to
    17 March 2026 (today - 90 days), 15 of 30 = 50 % (41.7 % with the young ones, which would read off track),
    and the expected path is read on that same day: 50 % + 10 points x 76/365."""
    today = dt.date(2026, 6, 15)
    created = [dt.date(year, month, 10) for year in (2025, 2026) for month in range(1, 13)
               if dt.date(year, month, 10) <= today for _ in range(10)]
    converted = [day + dt.timedelta(days=30) if i % 10 < 5 and day + dt.timedelta(days=30) <= today else None
                 for i, day in enumerate(created)]
    leads = pd.DataFrame({"source": "crm", "crm_id": [f"L{i}" for i in range(len(created))], "created_on": created,
                          "converted_on": converted})
    store = build_store(leads=leads)
    try:
        objective = Objective("Conversion +10 points", "lead_conversion_cohort", 10, dt.date(2026, 1, 1),
                              dt.date(2026, 12, 31), target_mode="points")
        result = progress(store, objective, today)
        assert result.measured_until == dt.date(2026, 3, 17)
        assert result.baseline == pytest.approx(0.5) and result.target == pytest.approx(0.6)
        assert result.actual == pytest.approx(15 / 30)
        assert result.expected == pytest.approx(0.5 + 0.1 * 76 / 365)
        history = monthly_history(store, objective, today)
        assert history.index.max() == pd.Timestamp("2026-02-01") and (history.dropna() == 0.5).all()
        actual = pace_paths(store, objective, result).query("series == 'actual'").set_index("date")["value"]
        assert actual.index.max() == pd.Timestamp("2026-03-17") and actual.iloc[-1] == pytest.approx(0.5)
        # The same leads, measured as the period rate (no cohort): every lead created up to today counts.
        period = progress(store, objective.with_changes(kpi="lead_conversion_rate"), today)
        assert period.measured_until == today
    finally:
        store.close()


def _revenue_store(deals: pd.DataFrame) -> Store:
    return build_store(deals=deals.assign(source="crm", owner="ana", status="won"),
                       reps=pd.DataFrame({"owner": ["ana"], "team": ["North"]}))


def test_expected_to_date_on_a_straight_line_without_a_year_of_history() -> None:
    # Won: 1000 on 11 Jan, 3000 on 25 Jan, 2000 on 10 Feb 2026; nothing before 2026: no seasonality to follow.
    store = _revenue_store(pd.DataFrame({
        "crm_id": ["D1", "D2", "D4"], "amount": [1000.0, 3000.0, 2000.0],
        "created_on": [dt.date(2026, 1, 1), dt.date(2026, 1, 5), dt.date(2025, 12, 1)],
        "close_on": [dt.date(2026, 1, 11), dt.date(2026, 1, 25), dt.date(2026, 2, 10)]}))
    objective = Objective("t", "revenue", 36500, dt.date(2026, 1, 1), dt.date(2026, 12, 31), grain="year")
    result = progress(store, objective, dt.date(2026, 3, 1), simulate=False)
    # 60 of 365 days lived (1 Jan to 1 Mar): 36,500 × 60 / 365 = 6,000 expected; actual 1,000 + 3,000 + 2,000.
    assert not result.seasonal
    assert result.expected == pytest.approx(6000.0)
    assert result.actual == 6000.0 and result.gap == pytest.approx(0.0, abs=1e-9)


def test_expected_to_date_follows_last_year_when_a_year_exists() -> None:
    # Last year: 1000 won in January, 3000 in July: 25 % of the year's revenue reached by the end of January.
    store = _revenue_store(pd.DataFrame({
        "crm_id": ["a", "b", "c"], "amount": [1000.0, 3000.0, 500.0],
        "created_on": [dt.date(2025, 1, 1), dt.date(2025, 6, 1), dt.date(2026, 1, 2)],
        "close_on": [dt.date(2025, 1, 10), dt.date(2025, 7, 10), dt.date(2026, 1, 20)]}))
    objective = Objective("t", "revenue", 8000, dt.date(2026, 1, 1), dt.date(2026, 12, 31), grain="year")
    result = progress(store, objective, dt.date(2026, 1, 31), simulate=False)
    # 8,000 × 25 % = 2,000 expected; 500 won this January: 1,500 behind.
    assert result.seasonal
    assert result.expected == pytest.approx(2000.0) and result.actual == 500.0
    assert result.gap == pytest.approx(-1500.0)
