"""Periods are computed on plain dates (the quick commands import no pandas): the same bounds, day for day, as the
pandas arithmetic they replaced (the reference here)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from smart.analytics.filters import PERIOD_PRESETS, months_before, one_year_before, period_bounds

DAYS = [dt.date(2023, 1, 1) + dt.timedelta(days=n) for n in range(0, 6 * 366, 3)] + [
    dt.date(2024, 2, 29), dt.date(2028, 2, 29), dt.date(2025, 3, 31), dt.date(2025, 12, 31), dt.date(2026, 1, 1)]


def pandas_bounds(preset: str, today: dt.date) -> tuple[dt.date | None, dt.date | None]:
    now = pd.Timestamp(today)
    month, quarter = now.to_period("M"), now.to_period("Q")
    periods = {"this_month": (month, month), "this_quarter": (quarter, quarter), "last_month": (month - 1, month - 1),
               "last_quarter": (quarter - 1, quarter - 1), "last_12_months": (month - 11, month),
               "this_year": (now.to_period("Y"), now.to_period("Y")),
               "last_year": (now.to_period("Y") - 1, now.to_period("Y") - 1)}
    if preset == "all_time":
        return None, None
    first, last = periods[preset]
    return first.start_time.date(), last.end_time.date()


@pytest.mark.parametrize("preset", PERIOD_PRESETS)
def test_presets_give_the_bounds_pandas_gave(preset: str) -> None:
    assert [period_bounds(preset, day) for day in DAYS] == [pandas_bounds(preset, day) for day in DAYS]


@pytest.mark.parametrize("months", [1, 2, 3, 11, 12, 13, 24, 37])
def test_months_before_clamps_to_the_month_end_as_pandas_did(months: int) -> None:
    assert ([months_before(day, months) for day in DAYS]
            == [(pd.Timestamp(day) - pd.DateOffset(months=months)).date() for day in DAYS])


def test_one_year_before_by_hand() -> None:
    assert one_year_before(dt.date(2024, 2, 29)) == dt.date(2023, 2, 28)
    assert one_year_before(dt.date(2026, 3, 31)) == dt.date(2025, 3, 31)
    assert months_before(dt.date(2026, 3, 31), 1) == dt.date(2026, 2, 28)
    assert months_before(dt.date(2026, 1, 15), 1) == dt.date(2025, 12, 15)
