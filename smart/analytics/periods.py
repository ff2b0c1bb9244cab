"""Period arithmetic the pages and the review compare with: the range to date against the comparable range before
it, the same days a year earlier, the first day of a month some months back. (A period's code and bounds, as the
sidebar and the URL give them, are ``filters.py``'s.)"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from smart.analytics.filters import Filters, one_year_before


def previous_span(start: dt.date, end: dt.date, today: dt.date) -> tuple[dt.date, dt.date, dt.date, dt.date]:
    """The range to date and the comparable range just before it: the same number of whole months earlier
    (same days of those months, a month's last day matching the last day of the earlier month: the second quarter
    compares with 1 Jan - 31 Mar, not 30 Mar) when the range is made of whole months, else the same number of days
    earlier.

    Returns (start, end to date, previous start, previous end)."""
    to_date = min(end, today)
    next_day = end + dt.timedelta(days=1)
    if start.day == 1 and next_day.day == 1:
        months = (next_day.year - start.year) * 12 + next_day.month - start.month
        shift = pd.DateOffset(months=months)
        after_to_date = to_date + dt.timedelta(days=1)
        if after_to_date.day == 1:
            previous_end = (pd.Timestamp(after_to_date) - shift).date() - dt.timedelta(days=1)
        else:
            previous_end = (pd.Timestamp(to_date) - shift).date()
        return start, to_date, (pd.Timestamp(start) - shift).date(), previous_end
    days = dt.timedelta(days=(end - start).days + 1)
    return start, to_date, start - days, to_date - days


def month_start(day: dt.date, months_back: int = 0) -> dt.date:
    """The first day of the month ``months_back`` months before the month of ``day``."""
    first: dt.date = (pd.Timestamp(day).to_period("M") - months_back).start_time.date()
    return first


def year_before(filters: Filters, today: dt.date) -> tuple[Filters, Filters] | None:
    """The range to date and the same days one year earlier (same teams, reps and sources); None without a
    bounded range."""
    if filters.start is None or filters.end is None:
        return None
    end = min(filters.end, today)
    if end < filters.start:
        return None
    return span_and_year_before(filters, filters.start, end)


def span_and_year_before(filters: Filters, start: dt.date, end: dt.date) -> tuple[Filters, Filters]:
    """``filters`` over ``start``..``end``, and over the same days one year earlier."""
    return filters.with_period(start, end), filters.with_period(one_year_before(start), one_year_before(end))
