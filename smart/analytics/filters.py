"""The global filters every KPI, chart and table applies the same way, and the periods of the sidebar: presets
that move with today, and years, quarters and ranges of days, each with a stable code (the one the URL keeps).

``Filters`` also carries the viewer's ``Scope`` (whose data they may see at all): unlike the other filters, an
empty scope means nothing, and a scope that a query's facts cannot be checked against (a KPI with no rep nor team)
lets none of them through. ``dimension_conditions`` turns both into SQL, so every query built on it obeys the
scope (smart/access.py says who has which).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Collection
from dataclasses import dataclass, field, replace

from smart import clock

GRAINS = ("week", "month", "quarter", "year")
PERIOD_PRESETS = (
    "this_month", "this_quarter", "this_year", "last_month", "last_quarter", "last_year", "last_12_months", "all_time"
)


@dataclass(frozen=True)
class Scope:
    """Whose data a viewer may see: the reps (``owners``, as the CRM names them) and the teams. ``None`` leaves a
    side unrestricted; a tuple restricts to its values, and an empty tuple lets nothing through. Both sides apply
    when both are set."""

    owners: tuple[str, ...] | None = None
    teams: tuple[str, ...] | None = None

    @property
    def unrestricted(self) -> bool:
        return self.owners is None and self.teams is None

    def narrowed_by(self, other: Scope) -> Scope:
        """What both scopes let through."""
        return Scope(_both(self.owners, other.owners), _both(self.teams, other.teams))

    def key(self) -> str:
        """A stable text for the scope (``''`` when unrestricted): how a review note says whose review it was."""
        if self.unrestricted:
            return ""
        parts = {name: sorted(values) for name, values in (("owners", self.owners), ("teams", self.teams))
                 if values is not None}
        return json.dumps(parts, ensure_ascii=False, sort_keys=True)


def _both(first: tuple[str, ...] | None, second: tuple[str, ...] | None) -> tuple[str, ...] | None:
    if first is None or second is None:
        return second if first is None else first
    return tuple(value for value in first if value in second)


EVERYTHING = Scope()


@dataclass(frozen=True)
class Filters:
    """What the user narrowed the data to (an empty tuple means no restriction on that dimension), within the
    viewer's ``scope`` (see ``Scope``)."""

    start: dt.date | None = None
    end: dt.date | None = None
    teams: tuple[str, ...] = field(default_factory=tuple)
    owners: tuple[str, ...] = field(default_factory=tuple)
    lead_sources: tuple[str, ...] = field(default_factory=tuple)
    pipelines: tuple[str, ...] = field(default_factory=tuple)
    scope: Scope = EVERYTHING

    def with_period(self, start: dt.date | None, end: dt.date | None) -> Filters:
        return replace(self, start=start, end=end)

    def within(self, scope: Scope) -> Filters:
        """The same filters, narrowed to what ``scope`` lets through too."""
        return replace(self, scope=self.scope.narrowed_by(scope))


# The column each of the filters' dimensions restricts.
_FILTER_COLUMNS = (("teams", "team"), ("owners", "owner"), ("lead_sources", "lead_source"), ("pipelines", "pipeline"))
_SCOPE_COLUMNS = (("owners", "owner"), ("teams", "team"))


def dimension_conditions(filters: Filters, columns: Collection[str],
                         prefix: str = "") -> tuple[list[str], list[object]]:
    """``column IN (?, ...)`` for each of ``columns`` that the filters restrict (``prefix`` before the column
    names, e.g. a table alias and a dot), then the scope's conditions (``scope_conditions``), and the values for
    the ``?``, in order."""
    conditions: list[str] = []
    values: list[object] = []
    for attribute, column in _FILTER_COLUMNS:
        chosen = getattr(filters, attribute)
        if chosen and column in columns:
            conditions.append(f"{prefix}{column} IN ({', '.join('?' * len(chosen))})")
            values.extend(chosen)
    scoped, scope_values = scope_conditions(filters.scope, columns, prefix)
    return [*conditions, *scoped], [*values, *scope_values]


def scope_conditions(scope: Scope, columns: Collection[str] = ("owner", "team"),
                     prefix: str = "") -> tuple[list[str], list[object]]:
    """The SQL conditions that keep only what ``scope`` lets through, on facts with ``columns``: ``owner IN
    (...)`` and ``team IN (...)``, ``FALSE`` for an empty side or for a side whose column the facts do not have
    (facts that cannot be told to be the viewer's are not theirs)."""
    conditions: list[str] = []
    values: list[object] = []
    for attribute, column in _SCOPE_COLUMNS:
        allowed = getattr(scope, attribute)
        if allowed is None:
            continue
        if not allowed or column not in columns:
            conditions.append("FALSE")
            continue
        conditions.append(f"{prefix}{column} IN ({', '.join('?' * len(allowed))})")
        values.extend(allowed)
    return conditions, values


def scoped_targets_sql(scope: Scope, kind_column: str, value_column: str, rep_kind: str,
                       team_kind: str) -> tuple[str, list[object]]:
    """The condition on rows that target a rep or a team (a plan's rows, objectives: ``kind_column`` says which,
    ``rep_kind`` or ``team_kind``, and ``value_column`` whom) that ``scope`` may see: a rep's rows for its owners,
    a team's rows and its reps' rows (as the reps table places them) for its teams; rows of the company or of
    anything else are nobody's in particular, and a restricted scope sees none."""
    if scope.unrestricted:
        return "TRUE", []
    rep_rows = f"{kind_column} = '{rep_kind}' AND {value_column} IN ({{marks}})"
    team_rows = (f"({kind_column} = '{team_kind}' AND {value_column} IN ({{marks}})) OR ({kind_column} = '{rep_kind}' "
                 f"AND {value_column} IN (SELECT owner FROM reps WHERE team IN ({{marks}})))")
    conditions: list[str] = []
    params: list[object] = []
    for values, sql in ((scope.owners, rep_rows), (scope.teams, team_rows)):
        if values is None:
            continue
        if not values:
            return "FALSE", []
        conditions.append(f"({sql.format(marks=', '.join('?' * len(values)))})")
        params.extend(list(values) * sql.count("{marks}"))
    return " AND ".join(conditions), params


def scoped_records_sql(table: str, scope: Scope, rows: str | None = None) -> tuple[str, list[object]]:
    """``deals`` or ``leads`` as far as ``scope`` lets them through: every column of the table (not the team),
    for a query that reads the records without the global filters. ``rows``: SQL giving the table's records in
    another form (the deals with their amounts in the reporting currency), read instead of the table."""
    if table not in ("deals", "leads"):
        raise ValueError(f"records are deals or leads, not {table!r}")
    records = f"({rows})" if rows else table
    if scope.unrestricted:
        return f"SELECT * FROM {records}", []
    conditions, values = scope_conditions(scope, ("owner", "team"), "")
    return (f"SELECT x.* FROM {records} x LEFT JOIN (SELECT owner AS rep, team FROM reps) r ON r.rep = x.owner "
            f"WHERE {' AND '.join(conditions)}"), values


def one_year_before(day: dt.date) -> dt.date:
    """The same day one year earlier (29 February gives 28 February)."""
    return months_before(day, 12)


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months earlier, the month's last day when it is shorter (31 May, one
    month before 30 June... and 31 March, one month before: 28 or 29 February); plain dates, so that the quick
    commands need no pandas."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, _month_length(year, month + 1)))


def _month_length(year: int, month: int) -> int:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).day


def _month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    """First and last day of a month given by a year and a month that may run past 1..12 either way."""
    year, month = divmod(year * 12 + month - 1, 12)
    return dt.date(year, month + 1, 1), dt.date(year, month + 1, _month_length(year, month + 1))


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
    quarter_month = today.month - (today.month - 1) % 3
    if preset == "all_time":
        return None, None
    if preset == "this_month":
        return _month_bounds(today.year, today.month)
    if preset == "this_quarter":
        return _month_bounds(today.year, quarter_month)[0], _month_bounds(today.year, quarter_month + 2)[1]
    if preset == "this_year":
        return dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)
    if preset == "last_month":
        return _month_bounds(today.year, today.month - 1)
    if preset == "last_quarter":
        return _month_bounds(today.year, quarter_month - 3)[0], _month_bounds(today.year, quarter_month - 1)[1]
    if preset == "last_year":
        return dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31)
    return _month_bounds(today.year, today.month - 11)[0], _month_bounds(today.year, today.month)[1]  # last_12_months


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
    """Whether ``code`` is a period code (``2026``, ``2026-Q3``, ``2026-11``...) as a page keeps it in the URL."""
    return isinstance(code, str) and period_kind(code) is not None


def year_code(year: int) -> str:
    """The period code of a whole year (``2026``)."""
    return f"{year:04d}"


def quarter_code(year: int, quarter: int) -> str:
    """The period code of a quarter (``2026-Q3``)."""
    return f"{year:04d}-Q{quarter}"


def quarter_of(day: dt.date) -> tuple[int, int]:
    """The year and quarter (1-4) holding ``day``."""
    return day.year, (day.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    """The first and last day of a quarter (1 to 4)."""
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
