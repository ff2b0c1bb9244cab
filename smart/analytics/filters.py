"""The global filters every KPI, chart and table applies the same way, and the periods of the sidebar: presets
that move with today, and years, quarters and ranges of days, each with a stable code (the one the URL keeps)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
from dataclasses import dataclass, field

import pandas as pd

from smart import clock

GRAINS = ("week", "month", "quarter", "year")
PERIOD_PRESETS = (
    "this_month", "this_quarter", "this_year", "last_month", "last_quarter", "last_year", "last_12_months", "all_time"
)


@dataclass(frozen=True)
class Filters:
    """What the user narrowed the data to; an empty tuple means no restriction on that dimension."""

    start: dt.date | None = None
    end: dt.date | None = None
    teams: tuple[str, ...] = field(default_factory=tuple)
    owners: tuple[str, ...] = field(default_factory=tuple)
    lead_sources: tuple[str, ...] = field(default_factory=tuple)
    pipelines: tuple[str, ...] = field(default_factory=tuple)

    def with_period(self, start: dt.date | None, end: dt.date | None) -> Filters:
        return Filters(start, end, self.teams, self.owners, self.lead_sources, self.pipelines)


# The column each of the filters' dimensions restricts.
_FILTER_COLUMNS = (("teams", "team"), ("owners", "owner"), ("lead_sources", "lead_source"), ("pipelines", "pipeline"))


def dimension_conditions(filters: Filters, columns: Collection[str],
                         prefix: str = "") -> tuple[list[str], list[object]]:
    """``column IN (?, ...)`` for each of ``columns`` that the filters restrict (``prefix`` before the column
    names, e.g. a table alias and a dot), and the values for the ``?``, in order."""
    conditions: list[str] = []
    values: list[object] = []
    for attribute, column in _FILTER_COLUMNS:
        chosen = getattr(filters, attribute)
        if chosen and column in columns:
            conditions.append(f"{prefix}{column} IN ({', '.join('?' * len(chosen))})")
            values.extend(chosen)
    return conditions, values


def one_year_before(day: dt.date) -> dt.date:
    """The same day one year earlier (29 February gives 28 February)."""
    return (pd.Timestamp(day) - pd.DateOffset(years=1)).date()


def period_bounds(code: str, today: dt.date | None = None) -> tuple[dt.date | None, dt.date | None]:
    """First and last day of a period given by its code: a preset (``this_year``...; ``all_time`` has no bounds),
    a year (``2024``), a quarter (``2024-Q3``) or a range of days (``2024-03-01..2024-06-30``)."""
    today = today or clock.today()
    if code in PERIOD_PRESETS:
        return _preset_bounds(code, today)
    bounds = fixed_period_bounds(code)
    if bounds is None:
        raise ValueError(f"unknown period {code!r}: expected one of {', '.join(PERIOD_PRESETS)}, a year (2024), "
                         f"a quarter (2024-Q3) or a range of days (2024-03-01..2024-06-30)")
    return bounds


def _preset_bounds(preset: str, today: dt.date) -> tuple[dt.date | None, dt.date | None]:
    now = pd.Timestamp(today)
    if preset == "all_time":
        return None, None
    if preset == "this_month":
        return now.to_period("M").start_time.date(), now.to_period("M").end_time.date()
    if preset == "this_quarter":
        return now.to_period("Q").start_time.date(), now.to_period("Q").end_time.date()
    if preset == "this_year":
        return dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)
    if preset == "last_month":
        last = now.to_period("M") - 1
        return last.start_time.date(), last.end_time.date()
    if preset == "last_quarter":
        last = now.to_period("Q") - 1
        return last.start_time.date(), last.end_time.date()
    if preset == "last_year":
        return dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31)
    return (now.to_period("M") - 11).start_time.date(), now.to_period("M").end_time.date()  # last_12_months


# Periods that do not move with today, as the URL writes them: a year, a quarter, a range of days. Years outside
# FIRST_YEAR..LAST_YEAR are refused (no CRM holds them, and the date arithmetic behind the cards needs bounds).
FIRST_YEAR, LAST_YEAR = 1900, 2199
_YEAR_CODE = re.compile(r"(\d{4})")
_QUARTER_CODE = re.compile(r"(\d{4})-Q([1-4])")
_RANGE_CODE = re.compile(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})")


def fixed_period_bounds(code: str) -> tuple[dt.date, dt.date] | None:
    """First and last day of a year, quarter or range code; ``None`` for anything else (a preset, a typo, an
    impossible date, a range that ends before it starts)."""
    if match := _YEAR_CODE.fullmatch(code):
        year = int(match[1])
        return (dt.date(year, 1, 1), dt.date(year, 12, 31)) if FIRST_YEAR <= year <= LAST_YEAR else None
    if match := _QUARTER_CODE.fullmatch(code):
        year, quarter = int(match[1]), int(match[2])
        return quarter_bounds(year, quarter) if FIRST_YEAR <= year <= LAST_YEAR else None
    if match := _RANGE_CODE.fullmatch(code):
        try:
            start, end = dt.date.fromisoformat(match[1]), dt.date.fromisoformat(match[2])
        except ValueError:
            return None
        return (start, end) if FIRST_YEAR <= start.year and end.year <= LAST_YEAR and start <= end else None
    return None


def period_kind(code: str) -> str | None:
    """``preset``, ``year``, ``quarter`` or ``range``; ``None`` when ``code`` is not a period."""
    if code in PERIOD_PRESETS:
        return "preset"
    if fixed_period_bounds(code) is None:
        return None
    if _YEAR_CODE.fullmatch(code):
        return "year"
    return "quarter" if _QUARTER_CODE.fullmatch(code) else "range"


def is_period(code: object) -> bool:
    return isinstance(code, str) and period_kind(code) is not None


def year_code(year: int) -> str:
    return f"{year:04d}"


def quarter_code(year: int, quarter: int) -> str:
    return f"{year:04d}-Q{quarter}"


def quarter_of(day: dt.date) -> tuple[int, int]:
    """The year and quarter (1-4) holding ``day``."""
    return day.year, (day.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    first_month = 3 * (quarter - 1) + 1
    end = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, first_month + 3, 1)
    return dt.date(year, first_month, 1), end - dt.timedelta(days=1)


def period_code(start: dt.date, end: dt.date) -> str:
    """The plainest code for the days from ``start`` to ``end``: a year or a quarter when they are exactly one,
    else a range."""
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return year_code(start.year)
    year, quarter = quarter_of(start)
    if (start, end) == quarter_bounds(year, quarter):
        return quarter_code(year, quarter)
    return f"{start.isoformat()}..{end.isoformat()}"
