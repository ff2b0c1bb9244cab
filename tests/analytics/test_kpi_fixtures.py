"""Small fixtures whose every figure was computed by hand (the working is in the comments)."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from smart.analytics import (
    Filters,
    bridge_effects,
    cohort_matrix,
    control_limits,
    cycle_statistics,
    funnel,
    get_kpi,
    kpi_series,
    kpi_total_by,
    kpi_value,
    partial_comparison,
    revenue_bridge,
    time_in_stage,
    wilson_interval,
)
from smart.analytics.engine import UnknownKpiError

TODAY = dt.date(2026, 3, 15)
D = dt.date
REPS = pd.DataFrame({"owner": ["ana", "bob"], "team": ["North", "South"]})
STAGES = pd.DataFrame({
    "source": "crm", "pipeline": "", "raw_stage": ["S1", "S2", "S3", "Won", "Lost"],
    "status": ["open", "open", "open", "won", "lost"], "funnel_order": [1, 2, 3, 4, 5],
    "probability": [0.2, 0.5, 0.8, 1.0, 0.0],
})
# Five deals. Won: D1 (1000, 10 days, Jan), D2 (3000, 20 days, Jan), D4 (2000, 71 days, Feb).
# Lost: D3 (10 days, Jan). Open: D5 (4000 at S2, probability 0.5, due in March).
DEALS = pd.DataFrame({
    "source": "crm", "crm_id": ["D1", "D2", "D3", "D4", "D5"], "account": ["A", "B", "C", "A", "E"],
    "owner": ["ana", "bob", "ana", "ana", "bob"], "pipeline": "P", "stage": ["Won", "Won", "S1", "Won", "S2"],
    "status": ["won", "won", "lost", "won", "open"], "amount": [1000.0, 3000.0, 500.0, 2000.0, 4000.0],
    "created_on": [D(2026, 1, 1), D(2026, 1, 5), D(2026, 1, 10), D(2025, 12, 1), D(2026, 1, 15)],
    "close_on": [D(2026, 1, 11), D(2026, 1, 25), D(2026, 1, 20), D(2026, 2, 10), D(2026, 3, 31)],
    "lead_source": ["web", "fair", "web", "web", "fair"],
})
# Leads: L1 created 5 Jan, converted 20 Jan; L2 created 10 Jan, never converted; L3 created 20 Dec, converted
# 8 Jan; L4 created 1 Feb, qualified 3 Feb.
LEADS = pd.DataFrame({
    "source": "crm", "crm_id": ["L1", "L2", "L3", "L4"], "owner": ["ana", "bob", "ana", "bob"],
    "lead_source": ["web", "web", "fair", "web"],
    "created_on": [D(2026, 1, 5), D(2026, 1, 10), D(2025, 12, 20), D(2026, 2, 1)],
    "qualified_on": [D(2026, 1, 7), None, D(2025, 12, 22), D(2026, 2, 3)],
    "converted_on": [D(2026, 1, 20), None, D(2026, 1, 8), None],
})
JAN_TO_APR = Filters(D(2026, 1, 1), D(2026, 4, 30))


@pytest.fixture
def store(store_from):
    return store_from(deals=DEALS, leads=LEADS, reps=REPS, stage_map=STAGES)


def _values(frame: pd.DataFrame) -> list[float | None]:
    return [None if math.isnan(v) else round(v, 6) for v in frame["value"]]


def test_counts_and_sums_fill_empty_periods_with_zero_and_stop_at_today(store) -> None:
    # Grid: January to the month of today (March 15); April is in the future and has no data.
    revenue = kpi_series(store, "revenue", JAN_TO_APR, today=TODAY)
    assert revenue["period"].tolist() == [D(2026, 1, 1), D(2026, 2, 1), D(2026, 3, 1)]
    assert _values(revenue) == [4000.0, 2000.0, 0.0]
    assert revenue["partial"].tolist() == [False, False, True]
    assert _values(kpi_series(store, "deals_won", JAN_TO_APR, today=TODAY)) == [2.0, 1.0, 0.0]
    assert _values(kpi_series(store, "deals_lost", JAN_TO_APR, today=TODAY)) == [1.0, 0.0, 0.0]
    # A's first won deal is D1 (11 Jan), not D4 (10 Feb): February has no new customer.
    assert _values(kpi_series(store, "new_customers", JAN_TO_APR, today=TODAY)) == [2.0, 0.0, 0.0]


def test_win_rate_comes_with_counts_and_the_wilson_interval(store) -> None:
    rate = kpi_value(store, "win_rate", JAN_TO_APR, today=TODAY)
    assert (rate.value, rate.numerator, rate.denominator) == (0.75, 3.0, 4.0)
    # Wilson 3/4, z = 1.96: centre (0.75 + 0.4802) / 1.9604 = 0.6275, half-width 0.3269.
    assert rate.low == pytest.approx(0.30064, abs=1e-4)
    assert rate.high == pytest.approx(0.95441, abs=1e-4)
    series = kpi_series(store, "win_rate", JAN_TO_APR, today=TODAY)
    # January 2/3, February a single deal (1/1), March no closed deal: missing, not 0.
    assert _values(series)[:2] == [round(2 / 3, 6), 1.0]
    assert series["value"].isna().tolist() == [False, False, True]
    assert series["denominator"].tolist() == [3.0, 1.0, 0.0]
    assert math.isnan(series["low"].iloc[2])


def test_sales_cycle_statistics_by_hand(store) -> None:
    # Won cycles 10, 20, 71 days; the open deal D5 is left out.
    expected = {"mean": 101 / 3, "median": 20.0, "p25": 15.0, "p75": 45.5, "p90": 60.8,
                "var": 1070.333333, "std": math.sqrt(3211 / 3)}
    for stat, value in expected.items():
        assert kpi_value(store, "sales_cycle_days", JAN_TO_APR, stat=stat, today=TODAY).value == pytest.approx(
            value, rel=1e-6), stat
    assert kpi_value(store, "sales_cycle_days_lost", JAN_TO_APR, today=TODAY).value == 10.0
    # February holds one deal: its std and var are missing (n - 1 = 0), its median is the deal.
    february = Filters(D(2026, 2, 1), D(2026, 2, 28))
    assert kpi_value(store, "sales_cycle_days", february, stat="std", today=TODAY).value is None
    assert kpi_value(store, "sales_cycle_days", february, stat="median", today=TODAY).value == 71.0
    table = cycle_statistics(store, JAN_TO_APR)
    assert table.set_index("outcome").loc["won", "deals"] == 3
    assert table.set_index("outcome").loc["won", "p90"] == pytest.approx(60.8)


def test_open_deals_are_left_out_of_cycles_even_when_closed_later(store_from) -> None:
    deals = DEALS.assign(status=["open"] * 5)
    store = store_from(deals=deals, reps=REPS)
    assert kpi_value(store, "sales_cycle_days", today=TODAY).value is None
    assert kpi_series(store, "sales_cycle_days", today=TODAY)["value"].isna().all()


def test_pipeline_values_and_filters(store) -> None:
    assert kpi_value(store, "pipeline_value", today=TODAY).value == 4000.0
    assert kpi_value(store, "pipeline_value_weighted", today=TODAY).value == 2000.0
    # Team North is ana only: revenue 1000 + 2000.
    assert kpi_value(store, "revenue", Filters(teams=("North",)), today=TODAY).value == 3000.0
    assert kpi_value(store, "revenue", Filters(lead_sources=("fair",)), today=TODAY).value == 3000.0
    assert kpi_value(store, "revenue", Filters(pipelines=("other",)), today=TODAY).value == 0.0
    by_team = kpi_total_by(store, "revenue", JAN_TO_APR, by="team")
    assert dict(zip(by_team["team"], by_team["value"], strict=True)) == {"North": 3000.0, "South": 3000.0}


def test_lead_conversion_in_both_forms(store) -> None:
    period = kpi_series(store, "lead_conversion_rate", Filters(D(2026, 1, 1), D(2026, 3, 31)), today=TODAY)
    # January: 2 converted (L1, L3) ÷ 2 created (L1, L2); February 0 ÷ 1; March nothing: missing, never 0.
    assert period["numerator"].tolist() == [2.0, 0.0, 0.0]
    assert period["denominator"].tolist() == [2.0, 1.0, 0.0]
    assert _values(period) == [1.0, 0.0, None]
    cohort = kpi_series(store, "lead_conversion_cohort", Filters(D(2025, 12, 1), D(2026, 2, 28)), today=TODAY)
    # December cohort: L3 converted in 19 days: 1/1. January: L1 within 15 days: 1/2. February: 0/1.
    assert _values(cohort) == [1.0, 0.5, 0.0]
    # 90-day window: the December cohort ended 31 Dec, mature from 31 March; all three are immature on 15 March.
    assert cohort["immature"].tolist() == [True, True, True]
    within_ten = kpi_value(store, "lead_conversion_cohort", Filters(D(2025, 12, 1), D(2026, 2, 28)),
                           window_days=10, today=TODAY)
    assert (within_ten.numerator, within_ten.denominator) == (0.0, 4.0)
    assert _values(kpi_series(store, "qualified_leads", Filters(D(2026, 1, 1), D(2026, 2, 28)),
                              today=TODAY)) == [1.0, 1.0]


def test_sales_velocity_by_hand(store) -> None:
    january = kpi_series(store, "sales_velocity", Filters(D(2026, 1, 1), D(2026, 1, 31)), today=TODAY)
    # Open on 31 Jan: D4 (created 1 Dec, closed 10 Feb) and D5. Win rate 2/3, deal size 2000, cycle 15 days.
    assert january["value"].iloc[0] == pytest.approx(2 * (2 / 3) * 2000 / 15)


def test_history_kpis_are_served_like_the_others(store_from) -> None:
    history = pd.DataFrame({"kpi": ["csat", "csat", "csat", "churn"], "grain": "month", "scope": "company",
                            "period": [D(2026, 1, 1), D(2026, 2, 1), D(2026, 3, 1), D(2026, 1, 1)],
                            "value": [4.0, 4.5, 5.0, 0.02], "source": "file"})
    store = store_from(history=history)
    quarter = kpi_series(store, "csat", grain="quarter", today=TODAY)
    assert _values(quarter) == [4.5]
    assert get_kpi("csat").label("fr") == "Satisfaction client (CSAT)"
    assert get_kpi("churn", store).label("en") == "churn"
    assert kpi_value(store, "churn", today=TODAY).value == 0.02
    with pytest.raises(UnknownKpiError, match="valid ids: revenue"):
        get_kpi("nope", store)


def test_empty_database_gives_empty_frames_and_missing_rates(store_from) -> None:
    store = store_from()
    assert kpi_series(store, "revenue", today=TODAY).empty
    assert kpi_value(store, "revenue", today=TODAY).value == 0.0
    assert kpi_value(store, "win_rate", today=TODAY).value is None
    months = kpi_series(store, "win_rate", Filters(D(2026, 1, 1), D(2026, 2, 28)), today=TODAY)
    assert len(months) == 2 and months["value"].isna().all() and (months["denominator"] == 0).all()


def test_wilson_interval_edges() -> None:
    low, high = wilson_interval([0, 5, 1, 3], [0, 5, 2, 1])
    assert math.isnan(low[0]) and math.isnan(high[0])  # no trials
    assert high[1] == 1.0 and low[1] == pytest.approx(0.5655, abs=1e-4)  # 5/5
    assert low[2] == pytest.approx(0.0945, abs=1e-4) and high[2] == pytest.approx(0.9055, abs=1e-4)  # 1/2
    assert math.isnan(low[3])  # more successes than trials: not a proportion


def test_lmdi_bridge_effects_sum_exactly() -> None:
    # R0 = 100 × 0.2 × 1000 = 20000, R1 = 120 × 0.25 × 900 = 27000; L = 7000 / ln 1.35 = 7000 / 0.300105 = 23325.2.
    effects = bridge_effects(100, 0.2, 1000, 120, 0.25, 900)
    assert effects["method"] == "lmdi"
    assert effects["volume_effect"] == pytest.approx(4252.68, abs=0.01)  # L × ln 1.2
    assert effects["conversion_effect"] == pytest.approx(5204.87, abs=0.01)  # L × ln 1.25
    assert effects["size_effect"] == pytest.approx(-2457.55, abs=0.01)  # L × ln 0.9
    total = effects["volume_effect"] + effects["conversion_effect"] + effects["size_effect"]
    assert total == pytest.approx(7000.0, abs=1e-8)
    # Nothing before (no leads): LMDI's limit gives the whole change to the factor that was 0, lead volume;
    # ordered substitution (volume at the old conversion and size, all 0) called it a deal-size effect.
    fallback = bridge_effects(0, 0, 0, 10, 0.5, 100)
    assert fallback["method"] == "limit" and fallback["volume_effect"] == 500.0
    assert fallback["conversion_effect"] == fallback["size_effect"] == 0.0
    # A negative revenue (credit notes) has no logarithm: ordered substitution, still exact.
    negative = bridge_effects(10, 0.5, -20, 12, 0.5, 30)
    assert negative["method"] == "ordered_substitution"
    assert negative["volume_effect"] + negative["conversion_effect"] + negative["size_effect"] == 180.0 + 100.0


def test_revenue_bridge_between_two_periods_by_team(store) -> None:
    bridge = revenue_bridge(store, Filters(D(2026, 1, 1), D(2026, 1, 31)), Filters(D(2026, 2, 1), D(2026, 2, 28)),
                            by="team").set_index("team")
    # North (ana): January 1 lead (L1), D1 won 1000 → February no lead, D4 won 2000. Without leads in February
    # the split is by deals: 1 deal → 1 deal (no effect), size 1000 → 2000 (+1000).
    assert bridge.loc["North", "base"] == 1000.0 and bridge.loc["North", "current"] == 2000.0
    assert bridge.loc["North", "factors"] == "deals"
    assert bridge.loc["North", "deals_effect"] == 0.0 and bridge.loc["North", "size_effect"] == pytest.approx(1000.0)
    # South (bob): a lead each month (L2, L4); D2 won 3000 in January, nothing in February: conversion fell to 0,
    # and LMDI's limit puts the whole −3000 on it.
    assert bridge.loc["South", "factors"] == "leads"
    assert bridge.loc["South", "conversion_effect"] == -3000.0
    assert bridge.loc["South", "volume_effect"] == bridge.loc["South", "size_effect"] == 0.0
    effects = bridge[["volume_effect", "conversion_effect", "deals_effect", "size_effect"]].sum(axis=1)
    assert (effects - bridge["change"]).abs().max() < 1e-9


def test_control_limits_median_and_mad() -> None:
    centre, lower, upper = control_limits([1, 2, 3, 4, 100])
    # median 3; absolute deviations 2, 1, 0, 1, 97: MAD 1; 3 × 1.4826 = 4.4478.
    assert (centre, lower, upper) == pytest.approx((3.0, 3 - 4.4478, 3 + 4.4478))


def test_partial_period_is_compared_with_the_same_days_before(store) -> None:
    comparison = partial_comparison(store, "revenue", today=D(2026, 2, 10))
    # 1-10 February: D4 (2000); 1-10 January: D1 closed on the 11th is outside: 0.
    assert comparison.days == 10
    assert comparison.current.value == 2000.0 and comparison.previous.value == 0.0
    assert comparison.change == 2000.0 and comparison.change_pct is None


def test_funnel_uses_snapshots_when_there_are_some(store_from) -> None:
    deals = pd.DataFrame({"source": "crm", "crm_id": ["X", "Y", "Z", "W"], "owner": "ana",
                          "stage": ["Won", "S1", "S1", "S3"], "status": ["won", "lost", "open", "lost"],
                          "created_on": D(2026, 1, 1)})
    # Y is lost in S1 now, but a snapshot saw it in S2.
    snapshots = pd.DataFrame({"source": "crm", "crm_id": ["Y", "Y", "X", "X", "X"], "import_id": [1, 2, 1, 2, 3],
                              "observed_on": [D(2026, 1, 1), D(2026, 1, 8), D(2026, 1, 1), D(2026, 1, 15),
                                              D(2026, 1, 29)],
                              "stage": ["S1", "S2", "S1", "S2", "Won"], "status": ["open", "open", "open", "open",
                                                                                   "won"]})
    store = store_from(deals=deals, reps=REPS, stage_map=STAGES, snapshots=snapshots)
    table = funnel(store)
    # Reached: X 4 (won), Y 2, Z 1, W 3 → at least S1: 4, S2: 3, S3: 2, Won: 1. The lost stage is not a step.
    assert table["stage"].tolist() == ["S1", "S2", "S3", "Won"]
    assert table["deals"].tolist() == [4.0, 3.0, 2.0, 1.0]
    assert table["pct_of_previous"].round(4).tolist()[1:] == [0.75, 0.6667, 0.5]
    assert table["pct_of_first"].tolist() == [1.0, 0.75, 0.5, 0.25]
    stages = time_in_stage(store).set_index("stage")
    # X: S1 1→15 Jan (14 days), S2 15→29 Jan (14). Y: S1 1→8 Jan (7); S2 not left yet.
    assert stages.loc["S1", "mean"] == 10.5 and stages.loc["S1", "deals"] == 2
    assert stages.loc["S2", "mean"] == 14.0 and stages.loc["S2", "deals"] == 1
    assert "Won" not in stages.index


def test_cohort_matrix_cumulates_conversions(store) -> None:
    matrix = cohort_matrix(store, max_lag=2, today=TODAY)
    december = matrix[matrix["cohort"] == D(2025, 12, 1)]
    # L3 created in December converted in January: lag 1. 0/1 at lag 0, 1/1 from lag 1.
    assert december["converted"].tolist() == [0.0, 1.0, 1.0]
    assert december["immature"].tolist() == [False, False, False]
    january = matrix[matrix["cohort"] == D(2026, 1, 1)]
    assert january["rate"].tolist() == [0.5, 0.5, 0.5]
    assert january["immature"].tolist() == [False, False, True]  # lag 2 ends 31 March, after 15 March


def test_unknown_statistic_or_grouping_is_refused(store) -> None:
    with pytest.raises(ValueError, match="no statistic"):
        kpi_value(store, "revenue", stat="median")
    with pytest.raises(ValueError, match="cannot be split"):
        kpi_series(store, "csat", by="team")
