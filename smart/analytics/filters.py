"""The global filters every KPI, chart and table applies the same way, and the period presets of the sidebar."""

from __future__ import annotations

import datetime as dt
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


def period_bounds(preset: str, today: dt.date | None = None) -> tuple[dt.date | None, dt.date | None]:
    """First and last day of a preset period; ``all_time`` has no bounds."""
    today = today or clock.today()
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
    if preset == "last_12_months":
        return (now.to_period("M") - 11).start_time.date(), now.to_period("M").end_time.date()
    raise ValueError(f"unknown period preset {preset!r}; expected one of {', '.join(PERIOD_PRESETS)}")
