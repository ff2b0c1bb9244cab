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
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate

from smart.analytics.filters import EVERYTHING, Scope, quarter_of, scoped_records_sql
from smart.storage import Store

# A deal's history has more than its current record only for deals a later import changed (deal_versions) or whose
# states came by other means (deal_snapshots): the window runs over those alone. Deals are told apart by a hash of
# their key (finding and sorting one 64-bit number is faster than two strings); two deals would be taken for one
# only if their keys collided, about one chance in 10^7 among a million deals, which would at worst add a change.
_STAGE_CHANGES = """
    SELECT observed_on AS d FROM (
        SELECT observed_on, stage, lag(stage) OVER w AS stage_before, row_number() OVER w AS nth
        FROM (
            SELECT hash(source, crm_id) AS deal, observed_on, import_id, stage FROM deal_history
            WHERE observed_on IS NOT NULL
                AND hash(source, crm_id) IN (SELECT hash(source, crm_id) FROM deal_versions
                                             UNION SELECT hash(source, crm_id) FROM deal_snapshots)
                {scoped})
        WINDOW w AS (PARTITION BY deal ORDER BY observed_on, import_id))
    WHERE nth > 1 AND stage IS DISTINCT FROM stage_before"""


def activity_dates_sql(scope: Scope = EVERYTHING) -> tuple[str, list[object]]:
    """Every activity date of the deals and leads ``scope`` may see (one row per event), and its parameters. The
    records are read in place (no common table expression, which DuckDB may materialise: a copy of a million
    deals)."""
    deals, deal_params = scoped_records_sql("deals", scope)
    leads, lead_params = scoped_records_sql("leads", scope)
    parts = [(f"SELECT created_on AS d FROM ({deals})", deal_params),
             (f"SELECT close_on FROM ({deals}) WHERE status IN ('won', 'lost')", deal_params),
             *((f"SELECT {column} FROM ({leads})", lead_params)
               for column in ("created_on", "qualified_on", "converted_on"))]
    if scope.unrestricted:
        parts.append((_STAGE_CHANGES.format(scoped=""), []))
    else:
        parts.append((_STAGE_CHANGES.format(scoped=f"AND (source, crm_id) IN (SELECT source, crm_id FROM ({deals}))"),
                      deal_params))
    sql = " UNION ALL ".join(part for part, _ in parts)
    return f"SELECT d FROM ({sql}) WHERE d IS NOT NULL", [value for _, values in parts for value in values]


ACTIVITY_DATES = activity_dates_sql()[0]


@dataclass(frozen=True)
class DataExtent:
    """How many dated events each day holds (days without any left out), oldest first: at most one row per day
    of the data's life, from which every question below is answered without another query."""

    days: tuple[tuple[dt.date, int], ...] = ()

    @property
    def first(self) -> dt.date | None:
        return self.days[0][0] if self.days else None

    @property
    def last(self) -> dt.date | None:
        return self.days[-1][0] if self.days else None

    @property
    def empty(self) -> bool:
        return not self.days

    @cached_property
    def _running_totals(self) -> tuple[list[dt.date], list[int]]:
        return [day for day, _ in self.days], list(accumulate(count for _, count in self.days))

    def count_between(self, start: dt.date | None, end: dt.date | None) -> int:
        """How many dated events fall from ``start`` to ``end`` (both included; ``None`` leaves a side open)."""
        days, totals = self._running_totals
        upto = bisect_right(days, end) if end is not None else len(days)
        before = bisect_left(days, start) if start is not None else 0
        if upto <= before:
            return 0
        return totals[upto - 1] - (totals[before - 1] if before else 0)

    def newest(self, today: dt.date) -> dt.date | None:
        """The latest activity date on or before ``today`` (a close date typed in the future is not news)."""
        days, _ = self._running_totals
        position = bisect_right(days, today)
        return days[position - 1] if position else None

    def months(self) -> tuple[tuple[dt.date, int], ...]:
        """The first day of each month holding activity, with its count of events, oldest first."""
        counts: dict[dt.date, int] = {}
        for day, count in self.days:
            counts[day.replace(day=1)] = counts.get(day.replace(day=1), 0) + count
        return tuple(counts.items())

    def years(self) -> tuple[int, ...]:
        """The calendar years holding activity, oldest first."""
        return tuple(sorted({day.year for day, _ in self.days}))

    def quarters(self) -> tuple[tuple[int, int], ...]:
        """The (year, quarter) pairs holding activity, oldest first."""
        return tuple(sorted({quarter_of(day) for day, _ in self.days}))

    def month_span(self) -> tuple[dt.date, dt.date] | None:
        """From the first day of the first month to the last day of the last month holding activity."""
        if self.first is None or self.last is None:
            return None
        following = dt.date(self.last.year + self.last.month // 12, self.last.month % 12 + 1, 1)
        return self.first.replace(day=1), following - dt.timedelta(days=1)


def data_extent(store: Store, scope: Scope = EVERYTHING) -> DataExtent:
    """The count of activity per day of what ``scope`` may see, in one query (a few thousand rows at most reach
    Python)."""
    sql, params = activity_dates_sql(scope)
    rows = store.rows(f"SELECT d, count(*) FROM ({sql}) GROUP BY d ORDER BY d", params)
    return DataExtent(tuple((day, int(count)) for day, count in rows))


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
