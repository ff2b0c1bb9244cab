"""Where an objective stands: actual and expected to date, the gap, projections, probability and status.

- Actual to date: the KPI from the start to today (a cumulative total for additive KPIs). A cohort KPI (the
  leads of a period converted within 90 days) is measured on the cohorts old enough to have had those days:
  younger leads are still converting, and counting them would read off track early. Its expected value, trend
  and probability are taken on the same cohorts.
- Expected to date: a straight line from 0 (additive) or from the baseline (other KPIs) to the target; for an
  additive KPI with a year of history before the start, the line is shaped by last year's months (a quiet
  August expects less than a December rush). An objective that follows the imported plan (``expected_path``
  ``plan``) is shaped by the plan's months instead, when the plan covers every month of its window for its KPI
  and scope: expected to date = target × the plan's cumulative share (the plan from the start to today ÷ the plan
  over the window, each month spread evenly over its days). The target stays the objective's: created from the
  plan it is the plan's total, so expected to date is the plan to date; revised, the plan still gives the shape.
- Projections at the deadline: the run-rate (the pace so far, kept up) and the trend (a straight line fitted to
  the last 12 complete months, extended over the months left).
- Probability of attainment: a seeded two-level bootstrap of the last 12 complete months. Each simulation first
  resamples the history (the uncertainty on the level), then draws the months left from that resample; the
  share of simulations that meet the target is the probability, their 10th-90th percentiles the band. The first
  level is what keeps the estimate calibrated: a plain bootstrap treats the past mean as known and is
  overconfident (tests/objectives/test_objectives_calibration.py).
- Status: achieved or missed once decided; no alarm in the first 20 % of the window unless the target is out of
  reach; then on track (probability >= 60 %), at risk (>= 30 %) or off track.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from smart import clock
from smart.analytics import DEFAULT_COHORT_WINDOW_DAYS, Kpi, get_kpi, kpi_series, kpi_value
from smart.analytics.engine import immature_cohorts
from smart.analytics.plan import plan_for_scope, planned_between
from smart.objectives.model import (
    Objective,
    Resolution,
    checkpoints,
    good_sign,
    month_parts,
    resolve,
    statistic_of,
)
from smart.storage import Store

STATUSES = ("on_track", "at_risk", "off_track", "achieved", "missed")
ON_TRACK_MIN_PROBABILITY = 0.60
AT_RISK_MIN_PROBABILITY = 0.30
NO_ALARM_SHARE = 0.20
HISTORY_MONTHS = 12
MIN_HISTORY_MONTHS = 4
SIMULATIONS = 4000
SEED = 20261127
BAND = (10, 90)
AT_RISK_GAP = 0.10


@dataclass(frozen=True)
class Progress:
    """An objective's figures on ``today``, in the KPI's unit (totals to date for additive KPIs)."""

    objective_id: int | None
    today: dt.date
    baseline: float | None
    target: float | None
    actual: float | None
    expected: float | None
    gap: float | None
    elapsed_share: float
    projection_run_rate: float | None
    projection_trend: float | None
    band_low: float | None
    band_high: float | None
    probability: float | None
    status: str
    reachable: bool
    seasonal: bool
    sign: int
    additive: bool
    # The last day the actual covers: today (or the deadline), or for a cohort KPI the last creation day whose
    # leads have had the whole conversion window (before the start: nothing measured yet).
    measured_until: dt.date
    # Whether the expected path follows the imported plan's months.
    planned: bool = False

    @property
    def projection(self) -> float | None:
        """The headline projection: the trend when there is enough history, else the run-rate."""
        return self.projection_trend if self.projection_trend is not None else self.projection_run_rate

    @property
    def progress_ratio(self) -> float | None:
        """How far along the way to the target, 0..1: from 0 for a cumulative KPI heading up, else from the
        baseline (a decrease of the cycle from 75 to 55 days is half-way at 65)."""
        if self.actual is None or self.target is None:
            return None
        if self.status == "achieved":
            return 1.0
        origin = 0.0 if self.additive and self.sign > 0 else self.baseline
        if origin is None or self.target == origin:
            return 1.0 if self.sign * (self.actual - self.target) >= 0 else 0.0
        return float(min(1.0, max(0.0, (self.actual - origin) / (self.target - origin))))


def seasonal_share(last_year: pd.Series, start: dt.date, deadline: dt.date, day: dt.date) -> float | None:
    """Share of last year's total (over the window shifted back a year) reached on the same day last year.

    ``last_year`` holds monthly values indexed by month start; each month's value is spread evenly over its days.
    None when a month is missing or the total is not positive: the straight line is used instead.
    """
    shift = pd.DateOffset(years=1)
    parts = month_parts((pd.Timestamp(start) - shift).date(), (pd.Timestamp(deadline) - shift).date())
    values = last_year.reindex(parts["month"])
    if values.isna().any():
        return None
    weights = values.to_numpy() * parts["days"].to_numpy() / parts["month_days"].to_numpy()
    total = weights.sum()
    if total <= 0:
        return None
    done = month_parts((pd.Timestamp(start) - shift).date(), (pd.Timestamp(day) - shift).date())
    done_values = last_year.reindex(done["month"]).to_numpy()
    return float((done_values * done["days"].to_numpy() / done["month_days"].to_numpy()).sum() / total)


def plan_share(plan: pd.Series, start: dt.date, deadline: dt.date, day: dt.date) -> float | None:
    """Share of the plan over ``start``..``deadline`` planned from ``start`` to ``day`` (``plan``: monthly amounts
    indexed by month start, each spread evenly over its days). None when the total is not positive."""
    total = planned_between(plan, start, deadline)
    if total <= 0:
        return None
    return max(0.0, min(1.0, planned_between(plan, start, min(day, deadline)) / total))


def objective_plan(store: Store, objective: Objective) -> pd.Series | None:
    """The imported plan's months an objective follows, or None: it does not follow the plan, its KPI is not
    additive, or the plan does not cover every month of its window for its KPI and scope."""
    if objective.expected_path != "plan" or objective.start_on is None or objective.deadline is None:
        return None
    if not get_kpi(objective.kpi, store).additive:
        return None
    return plan_for_scope(store, objective.kpi, objective.scope_type, objective.scope_value, objective.start_on,
                          objective.deadline)


def expected_to_date(*, additive: bool, direction: str, baseline: float | None, target: float,
                     share: float) -> float:
    """The expected path on a day that is ``share`` of the way (in time, or in last year's seasonality)."""
    if additive:
        return target * share
    if direction in ("stay_below", "stay_above") or baseline is None:
        return target
    return baseline + (target - baseline) * share


def trend_projection(history: np.ndarray, remaining: pd.DataFrame, *, additive: bool, actual: float | None,
                     elapsed_days: int, total_days: int) -> float | None:
    """Extend a least-squares line through the monthly ``history`` over the months left (``remaining``: the
    month offsets after the last history month, with the share of each month left)."""
    if len(history) < MIN_HISTORY_MONTHS:
        return None
    x = np.arange(len(history), dtype=float)
    slope, intercept = np.polyfit(x, history, 1)
    predicted = intercept + slope * (len(history) - 1 + remaining["offset"].to_numpy(dtype=float))
    return combine(predicted, remaining, additive=additive, actual=actual, elapsed_days=elapsed_days,
                   total_days=total_days)


def combine(month_values: np.ndarray, remaining: pd.DataFrame, *, additive: bool, actual: float | None,
            elapsed_days: int, total_days: int) -> np.ndarray | float:
    """The final value when the months left take ``month_values`` (last axis: one value per remaining month).

    Additive: actual + the months' values pro rata of the days left in each. Other KPIs: the day-weighted mix
    of the actual to date and the months left.
    """
    days = remaining["days"].to_numpy(dtype=float)
    if additive:
        share = days / remaining["month_days"].to_numpy(dtype=float)
        return (actual or 0.0) + (month_values * share).sum(axis=-1)
    weighted = (month_values * days).sum(axis=-1)
    if actual is None or elapsed_days == 0:
        return weighted / days.sum() if days.sum() else np.full(np.shape(weighted), np.nan)
    return (actual * elapsed_days + weighted) / total_days


def simulate_finals(history: np.ndarray, remaining: pd.DataFrame, *, additive: bool, actual: float | None,
                    elapsed_days: int, total_days: int, simulations: int = SIMULATIONS,
                    seed: int = SEED) -> np.ndarray:
    """Final values of ``simulations`` futures drawn by the two-level bootstrap of the monthly ``history``."""
    rng = np.random.default_rng(seed)
    n, k = len(history), len(remaining)
    resampled = history[rng.integers(0, n, size=(simulations, n))]
    picks = rng.integers(0, n, size=(simulations, k))
    draws = np.take_along_axis(resampled, picks, axis=1)
    return np.asarray(combine(draws, remaining, additive=additive, actual=actual, elapsed_days=elapsed_days,
                              total_days=total_days), dtype=float)


def attainment_probability(finals: np.ndarray, target: float, sign: int) -> float:
    return float(np.mean(sign * (finals - target) >= 0))


def decide_status(*, met_now: bool, final: bool, elapsed_share: float, probability: float | None, reachable: bool,
                  relative_gap: float | None) -> str:
    """The status from the figures; see the module docstring for the rules."""
    if final:
        return "achieved" if met_now else "missed"
    if not reachable:
        return "off_track"
    if elapsed_share < NO_ALARM_SHARE:
        return "on_track"
    if probability is not None:
        if probability >= ON_TRACK_MIN_PROBABILITY:
            return "on_track"
        return "at_risk" if probability >= AT_RISK_MIN_PROBABILITY else "off_track"
    if relative_gap is None or relative_gap >= 0:
        return "on_track"
    return "at_risk" if relative_gap >= -AT_RISK_GAP else "off_track"


def cohort_cutoff(kpi: Kpi, today: dt.date) -> dt.date | None:
    """For a cohort KPI, the last creation day whose leads have had the whole conversion window on ``today``
    (None for other KPIs). A younger cohort's rate can still rise: measured now, an objective would read off track
    for no reason, so its actual, trend and probability are taken on the cohorts up to this day."""
    return today - dt.timedelta(days=DEFAULT_COHORT_WINDOW_DAYS) if kpi.cohort else None


def first_measured_day(start: dt.date) -> dt.date:
    """The day a cohort objective starting on ``start`` has its first cohort measured (``cohort_cutoff`` reaches
    the start)."""
    return start + dt.timedelta(days=DEFAULT_COHORT_WINDOW_DAYS)


def history_on(history: pd.Series, kpi: Kpi, today: dt.date) -> pd.Series:
    """The months of ``history`` final on ``today``: past, and for a cohort KPI old enough to have converted. It is
    ``monthly_history`` as it reads on ``today``, from the history read on any later day: the months are the same,
    only the months not complete on ``today`` drop out (their values depend only on their own days)."""
    complete = history.index + pd.DateOffset(months=1) <= pd.Timestamp(today)
    if kpi.cohort:
        complete &= ~immature_cohorts(pd.Series(history.index), "month", today)
    return history[complete]


def monthly_history(store: Store, objective: Objective, today: dt.date, months: int = 36) -> pd.Series:
    """The KPI per calendar month for the objective's scope, from ``months`` before the start to today,
    indexed by month start; the month in progress is left out (it is partial), and for a cohort KPI the months
    too recent to have converted."""
    kpi = get_kpi(objective.kpi, store)
    assert objective.start_on is not None
    first = (pd.Timestamp(objective.start_on).to_period("M").to_timestamp() - pd.DateOffset(months=months)).date()
    last = min(today, objective.deadline or today)
    frame = kpi_series(store, kpi.id, objective.filters(first, last), grain="month",
                       stat=statistic_of(kpi, objective), today=today)
    history = pd.Series(frame["value"].to_numpy(dtype=float), index=pd.to_datetime(frame["period"]))
    return history_on(history, kpi, today)


def progress(store: Store, objective: Objective, today: dt.date | None = None, *,
             resolution: Resolution | None = None, simulations: int = SIMULATIONS,
             history: pd.Series | None = None, simulate: bool = True) -> Progress:
    """Compute the objective's progress on ``today`` from the loaded data.

    ``history`` is ``monthly_history(store, objective, day)`` for ``today`` or any later ``day``: passing it
    lets several days share one query. ``simulate=False`` skips the trend projection and the bootstrap, for a
    caller that only needs the actual, expected and gap (those are unchanged): the trend, band and probability
    are then None and the status falls back to the gap rule.
    """
    today = today or clock.today()
    assert objective.start_on is not None and objective.deadline is not None
    kpi = get_kpi(objective.kpi, store)
    resolution = resolution or resolve(store, objective, today)
    target, baseline, sign = resolution.target, resolution.baseline, good_sign(objective, kpi)
    start, deadline = objective.start_on, objective.deadline
    total_days = (deadline - start).days + 1
    cutoff = cohort_cutoff(kpi, today)
    last_day = min(today if cutoff is None else cutoff, deadline)
    elapsed_days = max(0, (last_day - start).days + 1)
    elapsed_share = elapsed_days / total_days
    stat = statistic_of(kpi, objective)
    actual = kpi_value(store, kpi.id, objective.filters(start, last_day), stat=stat, today=today).value \
        if elapsed_days else None
    if kpi.additive:
        actual = actual or 0.0

    history_all = monthly_history(store, objective, today) if history is None else history_on(history, kpi, today)
    history = history_all.dropna()
    if kpi.additive:
        first_fact = history[history != 0].index.min() if (history != 0).any() else None
        history = history[history.index >= first_fact] if first_fact is not None else history.iloc[0:0]
    history = history.iloc[-HISTORY_MONTHS:]
    share = elapsed_share
    seasonal = False
    plan = objective_plan(store, objective)
    planned_share = plan_share(plan, start, deadline, last_day) if plan is not None else None
    if planned_share is not None:
        share = planned_share
    elif kpi.additive and elapsed_days and history_all.notna().any():
        year_before = pd.Timestamp(start) - pd.DateOffset(years=1)
        if first_fact is not None and first_fact <= year_before.to_period("M").to_timestamp():
            seasonal_value = seasonal_share(history_all, start, deadline, last_day)
            if seasonal_value is not None:
                share, seasonal = seasonal_value, True

    expected = gap = run_rate = trend = low = high = probability = None
    final = today > deadline and last_day == deadline
    met_now = target is not None and actual is not None and sign * (actual - target) >= 0
    reachable = True
    if target is not None:
        expected = expected_to_date(additive=kpi.additive, direction=objective.direction, baseline=baseline,
                                    target=target, share=share)
        if actual is not None:
            gap = actual - expected
        if kpi.additive and met_now and sign > 0:
            final = True
        if kpi.additive and not met_now and sign < 0:
            reachable = False
        remaining = month_parts(max(start, last_day + dt.timedelta(days=1)), deadline) if simulate else None
        if remaining is not None and not remaining.empty:
            last_month = history.index.max() if not history.empty else pd.Timestamp(today).to_period("M").to_timestamp()
            remaining["offset"] = [(m.year - last_month.year) * 12 + m.month - last_month.month
                                   for m in remaining["month"]]
        if final:
            run_rate = trend = actual
            probability = 1.0 if met_now else 0.0
        else:
            if actual is not None and elapsed_days:
                run_rate = actual * total_days / elapsed_days if kpi.additive else actual
            values = history.to_numpy(dtype=float)
            if remaining is not None and len(values) >= MIN_HISTORY_MONTHS and not remaining.empty:
                trend = float(trend_projection(values, remaining, additive=kpi.additive, actual=actual,
                                               elapsed_days=elapsed_days, total_days=total_days))
                finals = simulate_finals(values, remaining, additive=kpi.additive, actual=actual,
                                         elapsed_days=elapsed_days, total_days=total_days, simulations=simulations)
                probability = attainment_probability(finals, target, sign)
                low, high = (float(v) for v in np.percentile(finals, BAND))
                if probability == 0.0:
                    reachable = False
    relative_gap = None
    if gap is not None and expected:
        relative_gap = sign * gap / abs(expected)
    status = decide_status(met_now=met_now, final=final, elapsed_share=elapsed_share, probability=probability,
                           reachable=reachable, relative_gap=relative_gap)
    return Progress(objective.id, today, baseline, target, actual, expected, gap, elapsed_share, run_rate,
                    _finite(trend), low, high, probability, status, reachable, seasonal, sign, kpi.additive,
                    last_day, planned_share is not None)


def _finite(value: float | None) -> float | None:
    return None if value is None or not math.isfinite(value) else value


def pace_paths(store: Store, objective: Objective, result: Progress) -> pd.DataFrame:
    """The pace chart's lines as a small frame (``date``, ``series``, ``value``): the actual to date at each
    checkpoint already passed and today, the expected path at every checkpoint, and the projection from today
    to the deadline (with ``low`` and ``high``, the bootstrap band)."""
    assert objective.start_on is not None and objective.deadline is not None
    kpi = get_kpi(objective.kpi, store)
    start, deadline, today = objective.start_on, objective.deadline, result.today
    origin = 0.0 if kpi.additive else result.baseline
    marks = checkpoints(objective)
    rows: list[dict[str, object]] = []
    if result.target is not None:
        history = monthly_history(store, objective, today) if kpi.additive and result.seasonal else None
        plan = objective_plan(store, objective) if result.planned else None
        total_days = (deadline - start).days + 1
        rows.append({"date": start, "series": "expected", "value": origin})
        for day in marks:
            shaped = seasonal_share(history, start, deadline, day) if history is not None else None
            if plan is not None:
                shaped = plan_share(plan, start, deadline, day)
            share = ((day - start).days + 1) / total_days if shaped is None else shaped
            rows.append({"date": day, "series": "expected", "value": expected_to_date(
                additive=kpi.additive, direction=objective.direction, baseline=result.baseline,
                target=result.target, share=share)})
    if origin is not None:
        rows.append({"date": start, "series": "actual", "value": origin})
    last = result.measured_until
    if last >= start:
        passed = [day for day in marks if day < last]
        values = [*values_to_date(store, objective, passed, today), result.actual]
        rows += [{"date": day, "series": "actual", "value": (value or 0.0) if kpi.additive else value}
                 for day, value in zip([*passed, last], values, strict=True)]
    if last < deadline and result.projection is not None and result.actual is not None:
        rows.append({"date": last, "series": "projection", "value": result.actual,
                     "low": result.actual, "high": result.actual})
        rows.append({"date": deadline, "series": "projection", "value": result.projection,
                     "low": result.band_low, "high": result.band_high})
    frame = pd.DataFrame(rows, columns=["date", "series", "value", "low", "high"])
    frame["date"] = pd.to_datetime(frame["date"])
    return frame.dropna(subset=["value"]).reset_index(drop=True)


def values_to_date(store: Store, objective: Objective, month_ends: list[dt.date], today: dt.date) -> list[float | None]:
    """The KPI from the objective's start to each of ``month_ends`` (ascending). Sums and rates add up month by
    month: one monthly series, accumulated (a rate as its accumulated numerator over its accumulated
    denominator); a statistic (mean, median) does not, so it takes one query per day."""
    if not month_ends:
        return []
    assert objective.start_on is not None
    kpi = get_kpi(objective.kpi, store)
    stat = statistic_of(kpi, objective)
    if kpi.kind not in ("sum", "rate"):
        return [kpi_value(store, kpi.id, objective.filters(objective.start_on, day), stat=stat, today=today).value
                for day in month_ends]
    frame = kpi_series(store, kpi.id, objective.filters(objective.start_on, month_ends[-1]), grain="month",
                       today=today)
    if kpi.kind == "sum":
        totals = frame["value"].cumsum()
    else:
        denominator = frame["denominator"].cumsum()
        totals = frame["numerator"].cumsum() / denominator.where(denominator > 0)
    totals.index = pd.to_datetime(frame["period"])
    months = [pd.Timestamp(day).to_period("M").to_timestamp() for day in month_ends]
    return [_finite(float(value)) for value in totals.reindex(months)]
