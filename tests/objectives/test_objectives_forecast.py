"""The forecast behind the projection and the probability (smart/objectives/forecast.py), on series whose answer is
known by hand: a perfectly seasonal series projects exactly, a ratio's months left weigh by their denominators, the
probability stays strictly between 0 and 1 unless the bound says out of reach, and the bound itself."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from smart.objectives import Objective, progress
from smart.objectives.forecast import (
    History,
    Window,
    forecast,
    month_number,
    out_of_reach,
    student_t_cdf,
    student_t_quantile,
)
from tests.analytics.conftest import build_store

# Last year's months, January to December: a quiet August, a December push.
SEASON = np.array([80.0, 90, 110, 100, 100, 105, 90, 40, 110, 110, 115, 150])


def months_of(year: int, count: int, first_month: int = 1) -> np.ndarray:
    return np.array([month_number(year, first_month) + i for i in range(count)])


def quarter(year: int, first_month: int, elapsed: list[float]) -> Window:
    return Window(months_of(year, 3, first_month), np.ones(3), np.array(elapsed))


def test_a_perfectly_seasonal_series_projects_exactly() -> None:
    """2025 is SEASON; 2026 is SEASON x 1.1 month for month, and so is October, the first month of the last quarter.
    The projection at the end of October is 1.1 x (October + November + December 2025) = 1.1 x 375, whatever the
    spread: every source of evidence says 1.1."""
    history = History(months_of(2025, 22), np.concatenate([SEASON, SEASON[:10] * 1.1]))
    window = quarter(2026, 10, [1.0, 0.0, 0.0])
    result = forecast(history, window, actual=SEASON[9] * 1.1, actual_weight=None, target=400.0, sign=1)
    assert result is not None
    assert result.projection == pytest.approx(1.1 * (110 + 115 + 150), rel=1e-9)
    assert result.low < result.projection < result.high
    # Every month says 1.1: the forecast is as sure as it is allowed to be, 99 %.
    assert result.probability == 0.99


def test_a_seasonal_series_projects_exactly_end_to_end() -> None:
    """The same through ``progress`` on a database: qualified leads, SEASON / 5 a month in 2025 (16, 18, 22, ...,
    23 in November, 30 in December) and twice that in 2026. On 31 October 2026 the fourth quarter holds October's
    44 and projects 44 + 2 x (23 + 30) = 150."""
    per_month = (SEASON / 5).astype(int)
    rows = []
    for year, factor in ((2025, 1), (2026, 2)):
        for month in range(1, 13 if year == 2025 else 11):
            rows += [dt.date(year, month, 1 + i % 28) for i in range(per_month[month - 1] * factor)]
    leads = pd.DataFrame({"source": "crm", "crm_id": [f"L{i}" for i in range(len(rows))], "created_on": rows,
                          "qualified_on": rows})
    store = build_store(leads=leads)
    try:
        objective = Objective("Q4 leads", "qualified_leads", 100, dt.date(2026, 10, 1), dt.date(2026, 12, 31),
                              grain="quarter", direction="reach")
        result = progress(store, objective, dt.date(2026, 10, 31))
        assert result.actual == 44
        assert result.projection == pytest.approx(150, rel=1e-9)
        assert result.status == "on_track" and 0.5 < result.probability < 1
    finally:
        store.close()


def _win_rate_history() -> History:
    """Deals closed per month, 2025: 10 a month but 180 in December (the push); won: 40 % and 60 % in turn (half
    in December). 2026, January to September: the same. A rate's value is numerator / denominator."""
    closed = np.array([10.0] * 11 + [180.0])
    rates = np.array([0.4, 0.6] * 5 + [0.4, 0.5])
    return History(months_of(2025, 21), np.concatenate([rates, rates[:9]]), np.concatenate([closed, closed[:9]]))


def test_a_ratio_weighs_the_months_left_by_their_denominators() -> None:
    """Fourth quarter 2026, on 31 October: 3 won of 10 closed. Last year's fourth quarter closed 10, 10 and 180
    deals, and 2026 closes exactly what 2025 did: 190 deals are expected in November and December. The projection
    is the deals' mix, (3 + r x 190) / (10 + 190), r being the rate expected of those deals; weighing by days
    instead would give (0.3 x 31 + r x 61) / 92, far closer to October's 30 %."""
    window = quarter(2026, 10, [1.0, 0.0, 0.0])
    result = forecast(_win_rate_history(), window, actual=0.3, actual_weight=10, target=0.45, sign=1)
    assert result is not None and result.weight_left == pytest.approx(190, rel=1e-9)
    rate = result.ratio_left
    assert 0.3 < rate < 0.6  # between October's pace and the history's rates
    assert result.projection == pytest.approx((3 + rate * 190) / 200, rel=1e-12)
    by_days = (0.3 * 31 + rate * 61) / 92
    assert result.projection - by_days > 0.03


def test_a_ratio_that_has_nothing_left_to_weigh_is_its_actual() -> None:
    history = _win_rate_history()
    done = forecast(history, quarter(2026, 10, [1.0, 1.0, 1.0]), actual=0.3, actual_weight=100, target=0.45, sign=1)
    assert done is not None and done.projection == pytest.approx(0.3) and done.weight_left == 0


@pytest.mark.parametrize("seed", range(40))
def test_the_probability_stays_strictly_between_0_and_1_unless_out_of_reach(seed: int) -> None:
    """Random histories (levels, noise, lengths), windows, days and targets from far below to far above: the
    probability is never 0 or 1 (it is kept between 1 % and 99 %) and the bound alone gives 0 %."""
    rng = np.random.default_rng(seed)
    length = int(rng.integers(3, 30))
    values = np.maximum(rng.normal(rng.uniform(5, 500), rng.uniform(0, 80), length), 0)
    history = History(months_of(2024, length), values)
    first = month_number(2024, 1) + length
    elapsed = float(rng.uniform(0, 3))
    window = Window(np.arange(first, first + 3), np.ones(3),
                    np.clip(np.array([elapsed, elapsed - 1, elapsed - 2]), 0, 1))
    actual = float(values.mean() * elapsed * rng.uniform(0.5, 1.5))
    for target in values.mean() * 3 * np.array([0.2, 0.8, 1.0, 1.2, 2.0, 5.0]):
        result = forecast(history, window, actual=actual, actual_weight=None, target=float(target), sign=1)
        assert result is not None
        assert 0.01 <= result.probability <= 0.99
        beyond = out_of_reach(history, window, actual=actual, actual_weight=None, target=float(target), sign=1)
        best = values.max() * float(window.covered[window.remaining > 0].sum())
        assert beyond == (actual + max(best - _done_this_month(actual, window), 0) < target)


def _done_this_month(actual: float, window: Window) -> float:
    """The window's history holds no month of its own here: what is done this month is the actual, when a month is
    in progress."""
    in_progress = bool(((window.elapsed > 0) & (window.remaining > 0)).any())
    return actual if in_progress else 0.0


def test_the_bound_counts_the_month_in_progress_whole() -> None:
    """Best month seen 300. On 20 January with 250 won this month: January can still reach 300 (50 more), and each
    of the 11 months left 300: at most 250 + 50 + 3,300 = 3,600."""
    history = History(months_of(2025, 12), np.array([100.0] * 11 + [300.0]))
    window = Window(months_of(2026, 12), np.ones(12), np.array([20 / 31] + [0.0] * 11))
    for target, beyond in ((3600.0, False), (3600.5, True)):
        assert out_of_reach(history, window, actual=250.0, actual_weight=None, target=target, sign=1) == beyond


def test_the_bound_of_a_ratio_keeps_the_best_rate_on_the_largest_denominator() -> None:
    """Win rate: best month 60 % (6 of 10), largest month 80 closed. Fourth quarter, on 31 October, 3 won of 10: with
    60 % on 80 deals in November and December (the month in progress counted whole: none is), at most
    (3 + 0.6 x 160) / (10 + 160) = 58.2 %."""
    history = History(months_of(2025, 21), np.array([0.6] + [0.5] * 20),
                      np.array([10.0] * 11 + [80.0] + [10.0] * 9))
    window = quarter(2026, 10, [1.0, 0.0, 0.0])
    best = (3 + 0.6 * 160) / 170
    assert not out_of_reach(history, window, actual=0.3, actual_weight=10, target=best - 1e-9, sign=1)
    assert out_of_reach(history, window, actual=0.3, actual_weight=10, target=best + 1e-9, sign=1)


def test_student_t_against_known_values() -> None:
    """Tables: t(0.90, 10) = 1.3722, t(0.975, 5) = 2.5706; t(0.9, 1e6) is the normal 1.2816."""
    assert student_t_quantile(0.90, 10) == pytest.approx(1.3722, abs=1e-4)
    assert student_t_quantile(0.975, 5) == pytest.approx(2.5706, abs=1e-4)
    assert student_t_quantile(0.90, 1e6) == pytest.approx(1.2816, abs=1e-4)
    assert student_t_cdf(0.0, 3) == pytest.approx(0.5)
    assert student_t_cdf(-2.5706, 5) == pytest.approx(0.025, abs=1e-5)


def test_a_ratio_already_past_its_target_is_not_out_of_reach() -> None:
    """Every month seen won half its 10 deals; this quarter 8 of 10 so far, target 70 %. Half of the largest month
    (10 deals) in each of the two months left would bring it to (8 + 10) / 30 = 60 %, but fewer deals left would
    keep it nearer 80 %: the best case is the ratio to date, 80 %, and the target is still in reach."""
    history = History(months_of(2025, 21), np.full(21, 0.5), np.full(21, 10.0))
    window = quarter(2026, 10, [1.0, 0.0, 0.0])
    assert not out_of_reach(history, window, actual=0.8, actual_weight=10, target=0.7, sign=1)
    assert out_of_reach(history, window, actual=0.8, actual_weight=10, target=0.81, sign=1)
