"""No alarm in the first 20 % unless the target can no longer be reached, by the bound; nothing after ``today``
leaks into an objective's figures; dates typed in the form."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from smart.analytics import get_kpi
from smart.objectives import Objective, progress
from smart.objectives.model import parse_typed_date
from smart.objectives.pace import history_on, monthly_history, monthly_weights
from tests.analytics.conftest import build_store

YEAR = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
JANUARY_20 = dt.date(2026, 1, 20)


def _revenue_store(months: dict[tuple[int, int], list[float]]):
    rows = [{"source": "crm", "crm_id": f"D{year}{month}{i}", "account": f"A{year}{month}{i}", "owner": "Ana",
             "status": "won", "amount": amount, "created_on": dt.date(year, month, 1),
             "close_on": dt.date(year, month, 5)}
            for (year, month), amounts in months.items() for i, amount in enumerate(amounts)]
    return build_store(deals=pd.DataFrame(rows))


@pytest.fixture
def one_big_month():
    """2025: 100 won every month but March, 300. Nothing yet in 2026 on 20 January."""
    store = _revenue_store({(2025, month): [300.0 if month == 3 else 100.0] for month in range(1, 13)})
    yield store
    store.close()


def test_no_alarm_on_20_january_while_the_best_month_kept_up_still_reaches_the_target(one_big_month) -> None:
    """3,000 this year: 11 months like 2025's usual ones would not do (1,100 + 300), and the old bootstrap of 2025's
    months never drew enough Marches in its 4,000 futures (it read 0 %, "out of reach": off track 5 % into the
    year). The bound: March's 300 kept for January (in progress, counted whole) and the 11 months after, 3,600 >=
    3,000: still reachable. 5 % into the year, no alarm: on track, with a probability above 0 % (and low: 3,000 is
    far above the usual pace)."""
    objective = Objective("Revenue 3,000 this year", "revenue", 3000, *YEAR, grain="year", direction="reach")
    result = progress(one_big_month, objective, JANUARY_20)
    assert result.elapsed_share == pytest.approx(20 / 365)
    assert result.reachable and result.status == "on_track"
    assert 0 < result.probability < 0.05


def test_an_alarm_in_the_first_20_percent_once_the_bound_falls_short(one_big_month) -> None:
    """3,601: even 300 in every month, January included, makes 3,600: off track on 20 January, at 0 %."""
    objective = Objective("Revenue 3,601 this year", "revenue", 3601, *YEAR, grain="year", direction="reach")
    result = progress(one_big_month, objective, JANUARY_20)
    assert not result.reachable and result.status == "off_track" and result.probability == 0.0
    # Nothing is projected beyond the best case that puts it out of reach.
    assert result.projection <= 3600 and result.band_high <= 3600
    reachable = progress(one_big_month, objective.with_changes(target_input=3600), JANUARY_20)
    assert reachable.reachable and reachable.status == "on_track"


def test_the_month_in_progress_counts_whole_in_the_bound() -> None:
    """250 won on 5 January 2026: January can still bring 50 more to reach its best (300), then 11 x 300: 3,600."""
    store = _revenue_store({**{(2025, month): [300.0 if month == 3 else 100.0] for month in range(1, 13)},
                            (2026, 1): [250.0]})
    try:
        objective = Objective("Revenue", "revenue", 3600, *YEAR, grain="year", direction="reach")
        assert progress(store, objective, JANUARY_20).reachable
        assert not progress(store, objective.with_changes(target_input=3600.5), JANUARY_20).reachable
    finally:
        store.close()


def _full_and_cut(day: dt.date):
    """Deals and leads around ``day``: the same database, and the same cut at ``day`` as it could be known then
    (later closes reopened, later creations gone, later qualifications and conversions blank)."""
    deals, leads = [], []
    for index, created in enumerate(pd.date_range("2024-01-03", "2026-06-28", freq="4D")):
        closed = created + pd.Timedelta(days=20 + index % 50)
        deals.append({"source": "crm", "crm_id": f"D{index}", "account": f"A{index // 2}", "owner": f"rep{index % 3}",
                      "status": "won" if index % 3 else "lost", "amount": 1000.0 + 37 * (index % 11),
                      "created_on": created.date(), "close_on": closed.date()})
        leads.append({"source": "crm", "crm_id": f"L{index}", "owner": f"rep{index % 3}", "created_on": created.date(),
                      "qualified_on": (created + pd.Timedelta(days=3)).date() if index % 2 else None,
                      "converted_on": (created + pd.Timedelta(days=25)).date() if index % 4 == 1 else None})
    deals, leads = pd.DataFrame(deals), pd.DataFrame(leads)
    known = deals[deals["created_on"] <= day].copy()
    later = known["close_on"] > day
    known.loc[later, "status"] = "open"
    known["close_on"] = known["close_on"].where(~later, None)
    seen = leads[leads["created_on"] <= day].copy()
    for column in ("qualified_on", "converted_on"):
        seen[column] = seen[column].where(seen[column].isna() | (seen[column] <= day), None)
    return build_store(deals=deals, leads=leads), build_store(deals=known, leads=seen)


@pytest.mark.parametrize("kpi", ["revenue", "new_customers", "win_rate", "avg_deal_size", "sales_cycle_days",
                                 "qualified_leads", "lead_conversion_rate"])
def test_nothing_after_today_leaks_into_an_objective(kpi: str) -> None:
    """An objective evaluated on 10 March 2026 on the whole database reads exactly as on the database cut at that
    day: the benchmark's outcomes (read later on the same database) cannot leak into its evaluations."""
    day = dt.date(2026, 3, 10)
    full, cut = _full_and_cut(day)
    try:
        objective = Objective("Q1", kpi, 10, dt.date(2026, 1, 1), dt.date(2026, 6, 30), target_mode="relative_pct",
                              statistic="mean" if get_kpi(kpi).stats_allowed else None, grain="quarter",
                              direction="reach")
        for scope in ({}, {"scope_type": "rep", "scope_value": "rep1"}):
            now, then = progress(full, objective.with_changes(**scope), day), progress(cut, objective.with_changes(
                **scope), day)
            assert now == then
            assert now.probability is not None and now.projection_forecast is not None
    finally:
        full.close()
        cut.close()


def test_the_weights_read_later_are_the_weights_of_the_earlier_day() -> None:
    """As for the monthly history: a later read, cut by ``history_on``, gives the earlier day's denominators."""
    full, cut = _full_and_cut(dt.date(2026, 6, 28))
    try:
        for kpi in ("win_rate", "avg_deal_size", "lead_conversion_rate"):
            objective = Objective("x", kpi, 10, dt.date(2026, 1, 1), dt.date(2026, 12, 31), target_mode="relative_pct",
                                  statistic="mean" if get_kpi(kpi).stats_allowed else None)
            later = monthly_weights(full, objective, dt.date(2026, 6, 28))
            for day in (dt.date(2026, 3, 31), dt.date(2026, 4, 1), dt.date(2026, 5, 17)):
                earlier = monthly_weights(full, objective, day)
                pd.testing.assert_series_equal(history_on(later, get_kpi(kpi), day), earlier)
                assert list(earlier.index) == list(monthly_history(full, objective, day).index)
    finally:
        full.close()
        cut.close()


@pytest.mark.parametrize(("text", "day"), [
    ("31/12/2026", dt.date(2026, 12, 31)), ("1/2/2027", dt.date(2027, 2, 1)), ("31-12-26", dt.date(2026, 12, 31)),
    ("31.12.2026", dt.date(2026, 12, 31)), ("2026-12-31", dt.date(2026, 12, 31)), (" 05/01/2027 ", dt.date(2027, 1, 5)),
    ("31/02/2027", None), ("2026/12/31", None), ("12/31/2026", None), ("", None), ("tomorrow", None), (None, None),
])
def test_a_typed_date_is_day_first_or_iso(text: str | None, day: dt.date | None) -> None:
    assert parse_typed_date(text) == day
