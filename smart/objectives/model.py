"""A SMART objective: what it measures, for whom, by how much and by when, and its target resolved from history.

A target is stated without ambiguity: an absolute value, a relative change in % of the baseline, a change in
percentage points (rates only) or a delta in the KPI's unit. The baseline is the same KPI over the comparable
previous period: the window of the same length just before the start (last year for a yearly objective, the
previous quarter for a quarterly one).

For an additive KPI (revenue, counts) the target is per ``grain`` period ("200 qualified leads a month") and
the objective is followed on the cumulative total over the whole window (12 × 200 for a year). For the other
KPIs (rates, averages, medians) the objective is the KPI's value over the window.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from smart import analytics
from smart.analytics import Filters, Kpi, get_kpi
from smart.analytics.catalogue import PLAN_KPIS
from smart.analytics.filters import months_before
from smart.storage import Store

if TYPE_CHECKING:
    import pandas as pd

DIRECTIONS = ("increase", "decrease", "reach", "stay_below", "stay_above")
TARGET_MODES = ("absolute", "relative_pct", "points", "delta")
SCOPE_TYPES = ("company", "team", "rep")
OBJECTIVE_GRAINS = ("week", "month", "quarter", "year")
CHECKPOINT_GRAINS = ("month", "quarter")
CYCLE_STATISTICS = ("mean", "median")
# How the expected path to date is shaped: by the KPI's history (last year's months, else a straight line), or by
# the imported plan's months (smart.analytics.plan).
EXPECTED_PATHS = ("history", "plan")
GRAIN_MONTHS = {"month": 1, "quarter": 3, "year": 12}
# An additive baseline needs data from its window's first month: a window whose data begins later is partial.
BASELINE_GRACE_DAYS = 31
# A day typed by hand: 31/12/2026 (also with - or . between, or a two-digit year), or ISO 2026-12-31.
_DAY_FIRST = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})\s*$")
_ISO_DAY = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
# Which KPIs plausibly drive a parent objective's KPI (the same KPI always does).
DRIVERS: dict[str, frozenset[str]] = {
    "revenue": frozenset({"deals_won", "avg_deal_size", "win_rate", "new_customers", "qualified_leads",
                          "leads_created", "lead_conversion_rate", "lead_conversion_cohort", "sales_cycle_days",
                          "pipeline_value", "pipeline_value_weighted", "pipeline_coverage", "sales_velocity",
                          "csat", "nps"}),
    "new_customers": frozenset({"deals_won", "win_rate", "qualified_leads", "leads_created",
                                "lead_conversion_rate", "lead_conversion_cohort", "sales_cycle_days",
                                "pipeline_value", "pipeline_value_weighted"}),
    "deals_won": frozenset({"win_rate", "qualified_leads", "leads_created", "lead_conversion_rate",
                            "lead_conversion_cohort", "sales_cycle_days", "pipeline_value",
                            "pipeline_value_weighted", "new_customers"}),
    "qualified_leads": frozenset({"leads_created"}),
    "lead_conversion_rate": frozenset({"qualified_leads", "sales_cycle_days", "lead_conversion_cohort"}),
    "win_rate": frozenset({"sales_cycle_days", "avg_deal_size", "qualified_leads", "csat", "nps"}),
    "sales_velocity": frozenset({"win_rate", "avg_deal_size", "sales_cycle_days", "pipeline_value"}),
}


class ObjectiveError(ValueError):
    """An objective that cannot be stored as given; the message says which field is wrong and why."""


@dataclass(frozen=True)
class Objective:
    """One objective as stored in the ``objectives`` table."""

    title: str
    kpi: str
    target_input: float | None
    start_on: dt.date | None
    deadline: dt.date | None
    direction: str = "increase"
    target_mode: str = "absolute"
    scope_type: str = "company"
    scope_value: str | None = None
    statistic: str | None = None
    grain: str = "month"
    owner: str | None = None
    theme: str | None = None
    parent_id: int | None = None
    checkpoint_grain: str = "month"
    expected_path: str = "history"
    # A baseline typed by hand: used instead of the data's (when the baseline period has none, or the manager
    # knows better); None: the KPI over the comparable previous period.
    baseline_input: float | None = None
    id: int | None = None
    source: str = "user"
    archived_at: dt.datetime | None = None
    extra: dict[str, object] = field(default_factory=dict, compare=False, repr=False)

    @property
    def window(self) -> tuple[dt.date, dt.date]:
        """Its start and deadline, which every stored objective has (a draft may lack them)."""
        if self.start_on is None or self.deadline is None:
            raise ObjectiveError("the objective needs a start and a deadline")
        return self.start_on, self.deadline

    def filters(self, start: dt.date | None = None, end: dt.date | None = None) -> Filters:
        """The global-filter form of the scope: a team or a rep, over ``start``..``end``."""
        teams = (self.scope_value,) if self.scope_type == "team" and self.scope_value else ()
        owners = (self.scope_value,) if self.scope_type == "rep" and self.scope_value else ()
        return Filters(start=start, end=end, teams=teams, owners=owners)

    def with_changes(self, **changes: object) -> Objective:
        return replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class DayTotals:
    """A KPI's totals per day for one objective's scope, up to ``until`` (``analytics.kpi_daily_totals``, whole
    numbers only: their sums are exact): its value over any range ending by then is a sum of days, so that an
    objective's baseline, actual to date (today and a month ago) and monthly history share one scan instead of one
    each."""

    per_day: pd.DataFrame
    until: dt.date

    def covers(self, last: dt.date) -> bool:
        """Whether a range ending on ``last`` is within the days read."""
        return last <= self.until

    def total(self, first: dt.date | None, last: dt.date) -> analytics.KpiValue:
        """The KPI over ``first``..``last`` (from the first fact when ``first`` is None), as ``kpi_value`` gives
        its value (and a rate's numerator and denominator)."""
        if not self.covers(last):
            raise ValueError(f"the totals stop on {self.until}, before {last}")
        days = self.per_day.index.date
        chosen = days <= last if first is None else (days >= first) & (days <= last)
        sums = self.per_day[chosen].sum()
        if "value" in sums:
            return analytics.KpiValue(float(sums["value"]))
        numerator, denominator = float(sums["numerator"]), float(sums["denominator"])
        return analytics.KpiValue(numerator / denominator if denominator else None, numerator, denominator)


@dataclass(frozen=True)
class Resolution:
    """The objective's figures in the KPI's unit: baseline and target over the whole window.

    For an additive KPI both are totals over the window; for the others they are the KPI's value over the window.
    """

    baseline: float | None
    target: float | None
    baseline_start: dt.date
    baseline_end: dt.date
    # The baseline was typed by hand (``Objective.baseline_input``), not read from the data.
    typed: bool = False


def parse_typed_date(text: str | None) -> dt.date | None:
    """A date typed in the objective form: day first (31/12/2026, 31-12-26, 31.12.2026) or ISO (2026-12-31); None
    when empty or not a real day (31/02/2026)."""
    iso = _ISO_DAY.match(text or "")
    day_first = _DAY_FIRST.match(text or "")
    if iso:
        year, month, day = (int(part) for part in iso.groups())
    elif day_first:
        day, month, year = (int(part) for part in day_first.groups())
        year += 2000 if year < 100 else 0
    else:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def good_sign(objective: Objective, kpi: Kpi) -> int:
    """+1 when higher values meet the objective, -1 when lower values do (lower-is-better KPIs, decreases)."""
    if objective.direction in ("increase", "stay_above"):
        return 1
    if objective.direction in ("decrease", "stay_below"):
        return -1
    return 1 if kpi.higher_is_better else -1


def month_parts(first: dt.date, last: dt.date) -> pd.DataFrame:
    """The months that ``first``..``last`` touches: month start, days covered, days in the month."""
    import numpy as np  # start-up time: `objectives list` reads objectives without numpy or pandas
    import pandas as pd  # start-up time: as above
    if last < first:
        return pd.DataFrame({"month": pd.Series(dtype="datetime64[ns]"), "days": [], "month_days": []})
    months = pd.period_range(first, last, freq="M")
    month_days = np.asarray(months.days_in_month, dtype="int64")
    days = month_days.copy()
    days[0] -= first.day - 1
    days[-1] -= month_days[-1] - last.day
    return pd.DataFrame({"month": months.to_timestamp(), "days": days, "month_days": month_days})


def months_in(start: dt.date, end: dt.date) -> float:
    """Calendar months covered by ``start``..``end`` (inclusive), counting a partial month by its share of days;
    whole months count exactly 1 (a year is 12, so 500 a year resolves to 500, not 499.99999999999983)."""
    parts = month_parts(start, end)
    return float((parts["days"] / parts["month_days"]).sum())


def grain_periods(start: dt.date, end: dt.date, grain: str) -> float:
    """How many ``grain`` periods the window holds: 12 months in a year, 4 quarters, 52.1 weeks."""
    if grain == "week":
        return ((end - start).days + 1) / 7
    return months_in(start, end) / GRAIN_MONTHS[grain]


def baseline_window(start: dt.date, deadline: dt.date) -> tuple[dt.date, dt.date]:
    """The comparable previous period: the same number of whole months before the start, else the same days."""
    next_day = deadline + dt.timedelta(days=1)
    if start.day == 1 and next_day.day == 1:
        months = (next_day.year - start.year) * 12 + next_day.month - start.month
        first = months_before(start, months)
        return first, start - dt.timedelta(days=1)
    length = (deadline - start).days + 1
    return start - dt.timedelta(days=length), start - dt.timedelta(days=1)


def resolve_target(kpi: Kpi, objective: Objective, baseline: float | None) -> float | None:
    """The target over the whole window, from the stated input and the baseline (also over a whole window)."""
    if objective.target_input is None or objective.start_on is None or objective.deadline is None:
        return None
    value = float(objective.target_input)
    periods = grain_periods(objective.start_on, objective.deadline, objective.grain) if kpi.additive else 1.0
    mode = objective.target_mode
    if mode == "absolute":
        return value * periods
    if baseline is None:
        return None
    if mode == "relative_pct":
        # A percentage of nothing is no target: "+10 %" on a baseline of 0 would be met by doing nothing.
        return baseline * (1 + value / 100) if baseline else None
    if mode == "delta":
        return baseline + value * periods
    if mode == "points" and kpi.is_rate:
        return baseline + value / 100
    return None


def resolve(store: Store, objective: Objective, today: dt.date | None = None, *,
            day_totals: DayTotals | None = None) -> Resolution:
    """Baseline (typed by hand, else the KPI over the comparable previous period, for the objective's scope) and
    resolved target.

    A baseline period without data has no baseline (None), never 0: an additive KPI's total of 0 there (nothing
    happened for this scope, or the data stops before it) would turn "+10 %" into a target of 0, met by doing
    nothing. Such an objective needs its baseline typed, or an absolute target. ``day_totals`` (the KPI's days for
    the scope) gives the same figures without a query when it covers the baseline window.
    """
    if objective.start_on is None or objective.deadline is None:
        raise ObjectiveError("the objective needs a start and a deadline")
    kpi = get_kpi(objective.kpi, store)
    first, last = baseline_window(objective.start_on, objective.deadline)
    if objective.baseline_input is not None:
        typed = float(objective.baseline_input)
        return Resolution(typed, resolve_target(kpi, objective, typed), first, last, typed=True)
    grace_day = first + dt.timedelta(days=BASELINE_GRACE_DAYS)
    if day_totals is not None and day_totals.covers(max(last, grace_day)):
        baseline = day_totals.total(first, last).value
        if kpi.additive and (not baseline or not day_totals.total(None, grace_day).value):
            baseline = None
        return Resolution(baseline, resolve_target(kpi, objective, baseline), first, last)
    baseline = analytics.kpi_value(store, kpi.id, objective.filters(first, last), stat=statistic_of(kpi, objective),
                                   today=today).value
    if kpi.additive and not baseline:
        baseline = None
    if kpi.additive and baseline is not None and not has_data_before(store, objective, kpi, grace_day):
        baseline = None
    return Resolution(baseline, resolve_target(kpi, objective, baseline), first, last)


def unresolved_target_problem(store: Store, objective: Objective) -> str | None:
    """Why the objective's target cannot be resolved (None when it can): it is refused, never stored as 0."""
    if objective.start_on is None or objective.deadline is None or objective.target_input is None:
        return None
    resolution = resolve(store, objective)
    if resolution.target is not None:
        return None
    if resolution.baseline is None:
        return (f"target: there is no data for this KPI and scope in the baseline period {resolution.baseline_start}"
                f" – {resolution.baseline_end}; type the baseline, or state the target as an absolute value")
    if objective.target_mode == "relative_pct":
        return "target: a change in % of a baseline of 0 is 0; state the target as an absolute value or a delta"
    return "target: a change in percentage points applies to rates only"


def has_data_before(store: Store, objective: Objective, kpi: Kpi, day: dt.date) -> bool:
    """Whether the KPI has any fact on or before ``day`` for the scope: a total over a window that starts
    before the data begins is no baseline (a sum of 0 there would read as a collapse)."""
    value = analytics.kpi_value(store, kpi.id, objective.filters(None, day), stat=statistic_of(kpi, objective)).value
    return bool(value)


def statistic_of(kpi: Kpi, objective: Objective) -> str | None:
    """The statistic a distribution KPI is measured with (mean unless stated); None for the other KPIs."""
    if not kpi.stats_allowed:
        return None
    return objective.statistic if objective.statistic in kpi.stats_allowed else kpi.default_stat


def checkpoints(objective: Objective) -> list[dt.date]:
    """The last day of every month (or quarter) of the window, ending with the deadline."""
    if objective.start_on is None or objective.deadline is None or objective.deadline < objective.start_on:
        return []
    import pandas as pd  # start-up time: `objectives list` reads objectives without pandas

    freq = "QE" if objective.checkpoint_grain == "quarter" else "ME"
    ends = [day.date() for day in pd.date_range(objective.start_on, objective.deadline, freq=freq)]
    if not ends or ends[-1] != objective.deadline:
        ends.append(objective.deadline)
    return ends


def validate(objective: Objective, store: Store | None = None) -> None:
    """Refuse what cannot be stored: unknown codes, a missing title, KPI, target or dates, a deadline before
    the start, a team or rep scope without its name."""
    problems: list[str] = []
    if not (objective.title or "").strip():
        problems.append("title: it is empty")
    try:
        get_kpi(objective.kpi, store)
    except ValueError as error:
        problems.append(f"kpi: {error}")
    for name, allowed in (("direction", DIRECTIONS), ("target_mode", TARGET_MODES), ("scope_type", SCOPE_TYPES),
                          ("grain", OBJECTIVE_GRAINS), ("checkpoint_grain", CHECKPOINT_GRAINS),
                          ("expected_path", EXPECTED_PATHS)):
        value = getattr(objective, name)
        if value not in allowed:
            problems.append(f"{name}: {value!r} is not one of {', '.join(allowed)}")
    if objective.target_input is None:
        problems.append("target: it is missing")
    if objective.start_on is None or objective.deadline is None:
        problems.append("start/deadline: both dates are required")
    elif objective.deadline <= objective.start_on:
        problems.append(f"deadline: {objective.deadline} is not after the start {objective.start_on}")
    if objective.expected_path == "plan" and objective.kpi not in PLAN_KPIS:
        problems.append(f"expected_path: a plan's months shape only {', '.join(PLAN_KPIS)}, not {objective.kpi!r}")
    if objective.scope_type in ("team", "rep") and not (objective.scope_value or "").strip():
        problems.append(f"scope_value: a {objective.scope_type} objective needs the {objective.scope_type}'s name")
    if problems:
        raise ObjectiveError("; ".join(problems))
