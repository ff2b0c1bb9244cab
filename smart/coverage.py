"""When the data happened: the dates of its activity, the span they cover, and the periods that hold them.

A manager whose export is two years old must not land on an empty "This year": the sidebar's default period, the
"your data covers ..." hint of the analysis pages, the years and quarters the period selector offers and the
"newest activity" of the Overview all read the same activity dates, computed here in DuckDB:

- a deal's creation, and its close when it is won or lost (an open deal's close date is a forecast);
- a lead's creation, qualification and conversion;
- a deal's stage changes: a state of its history whose stage differs from the state observed just before. The
  first state observed of a deal is not a change: it is the day of the export, not something that happened, so
  an import dated today (no export date given) does not make the data look fresh.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from smart.analytics.filters import quarter_of
from smart.storage import Store

_STAGE_CHANGES = """
    SELECT observed_on AS d FROM (
        SELECT observed_on, stage,
               lag(stage) OVER w AS stage_before, row_number() OVER w AS nth
        FROM deal_history
        WHERE observed_on IS NOT NULL
        WINDOW w AS (PARTITION BY source, crm_id ORDER BY observed_on, import_id))
    WHERE nth > 1 AND stage IS DISTINCT FROM stage_before"""
ACTIVITY_DATES = f"""
    SELECT d FROM (
        SELECT created_on AS d FROM deals
        UNION ALL SELECT close_on FROM deals WHERE status IN ('won', 'lost')
        UNION ALL SELECT created_on FROM leads
        UNION ALL SELECT qualified_on FROM leads
        UNION ALL SELECT converted_on FROM leads
        UNION ALL {_STAGE_CHANGES})
    WHERE d IS NOT NULL"""


@dataclass(frozen=True)
class DataExtent:
    """The first and last activity dates, and how many dated events each month holds (months without any are
    left out), oldest first."""

    first: dt.date | None
    last: dt.date | None
    months: tuple[tuple[dt.date, int], ...] = ()

    @property
    def empty(self) -> bool:
        return self.first is None

    def years(self) -> tuple[int, ...]:
        """The calendar years holding activity, oldest first."""
        return tuple(sorted({month.year for month, _ in self.months}))

    def quarters(self) -> tuple[tuple[int, int], ...]:
        """The (year, quarter) pairs holding activity, oldest first."""
        return tuple(sorted({quarter_of(month) for month, _ in self.months}))

    def month_span(self) -> tuple[dt.date, dt.date] | None:
        """From the first day of the first month to the last day of the last month holding activity."""
        if self.first is None or self.last is None:
            return None
        following = dt.date(self.last.year + self.last.month // 12, self.last.month % 12 + 1, 1)
        return self.first.replace(day=1), following - dt.timedelta(days=1)


def data_extent(store: Store) -> DataExtent:
    """The activity's first and last dates and its count per month (at most one row per month reaches Python)."""
    rows = store.rows(f"""
        SELECT date_trunc('month', d)::DATE AS month, count(*) AS events, min(d) AS first, max(d) AS last
        FROM ({ACTIVITY_DATES}) GROUP BY month ORDER BY month""")
    if not rows:
        return DataExtent(None, None)
    return DataExtent(rows[0][2], rows[-1][3], tuple((month, int(events)) for month, events, _, _ in rows))


def activity_count(store: Store, start: dt.date | None, end: dt.date | None) -> int:
    """How many dated events fall between ``start`` and ``end`` (both included; ``None`` leaves a side open)."""
    return int(store.scalar(f"""
        SELECT count(*) FROM ({ACTIVITY_DATES})
        WHERE (?::DATE IS NULL OR d >= ?::DATE) AND (?::DATE IS NULL OR d <= ?::DATE)""", [start, start, end, end]))


def newest_activity(store: Store, today: dt.date) -> dt.date | None:
    """The latest activity date on or before ``today`` (a close date typed in the future is not news)."""
    return store.scalar(f"SELECT max(d) FROM ({ACTIVITY_DATES}) WHERE d <= ?", [today])


def default_period(extent: DataExtent, today: dt.date) -> str:
    """The period a first visit opens on: "This year" when this year holds activity (or when there is no data at
    all), else the latest calendar year that does.

    A calendar year rather than the data's exact span: it is the unit a manager reads her figures in, the cards
    then compare it with the year before it, and the selector names it plainly ("2024"), one click from any
    other choice. The hint of the analysis pages offers the exact span."""
    years = extent.years()
    if not years or today.year in years:
        return "this_year"
    return f"{years[-1]:04d}"


def jump_span(extent: DataExtent) -> tuple[dt.date, dt.date] | None:
    """The period the "your data covers ..." hint jumps to: every month holding activity, from the first to the
    last, so that what the page then shows is all of the data, exactly the span the hint names (a year or the
    quarter holding most of it would hide the rest, and the figures would not match the file's own totals)."""
    return extent.month_span()
