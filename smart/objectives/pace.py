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
- Projections at the deadline: the run-rate (the pace so far, kept up) and the forecast (``forecast.py``: the
  window's own pace pooled with the history's level, both read through the expected path's shape; for a rate, an
  average or a cycle, the months left weigh by their expected deals or leads, not their days). The forecast is the
  headline projection.
- Probability of attainment: the forecast's chance of meeting the target (a Student t around the projection, its
  spread measured on the scope's history), its 10th-90th percentiles the band; between 1 % and 99 % unless the
  target is out of reach (0 %) or an additive target is already met (100 %). Backtested by
  ``benchmarks/bench_calibration.py`` (benchmarks/RESULTS-calibration.md).
- Out of reach: the best month seen in the history, kept for every month left (the month in progress counted
  whole), still falls short of the target (``forecast.out_of_reach``): a bound, not a sample.
- Status, in this order: "no data" when the target cannot be resolved (no baseline); achieved or missed once
  decided (an additive target met is achieved at once); off track when out of reach; on track in the first 20 %
  of the window (no alarm); then from the probability, which is 50 % exactly when the projection meets the
  target: on track from 50 %, at risk from 20 %, off track below, except that an objective ahead of its expected
  path is never off track (at risk at worst). Without a probability (too little history), from the gap: on track
  when ahead, at risk within 10 % behind, off track beyond.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import TypedDict

import numpy as np
import pandas as pd

from smart import clock
from smart.analytics import DEFAULT_COHORT_WINDOW_DAYS, Kpi, get_kpi, kpi_counts, kpi_series, kpi_value
from smart.analytics.engine import KpiValue, adds_up_by_day, immature_cohorts, kpi_daily_totals
from smart.analytics.plan import plan_for_scope, planned_between
from smart.objectives import forecast
from smart.objectives.model import (
    DayTotals,
    Objective,
    Resolution,
    checkpoints,
    good_sign,
    month_parts,
    resolve,
    statistic_of,
)
from smart.storage import Store

STATUSES = ("on_track", "at_risk", "off_track", "achieved", "missed", "no_data")
ON_TRACK_MIN_PROBABILITY = 0.50
AT_RISK_MIN_PROBABILITY = 0.20
NO_ALARM_SHARE = 0.20
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
    # The forecast from the window's pace and the history (``forecast.py``); None without history or simulation.
    projection_forecast: float | None
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
        """The headline projection: the forecast when there is one, else the run-rate."""
        return self.projection_forecast if self.projection_forecast is not None else self.projection_run_rate

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


def decide_status(*, met_now: bool, final: bool, elapsed_share: float, probability: float | None, reachable: bool,
                  relative_gap: float | None, ahead: bool = False, has_target: bool = True) -> str:
    """The status from the figures; see the module docstring for the rules. ``ahead``: the actual is on or
    beyond the expected path."""
    if not has_target:
        return "no_data"
    if final:
        return "achieved" if met_now else "missed"
    if not reachable:
        return "off_track"
    if elapsed_share < NO_ALARM_SHARE:
        return "on_track"
    if probability is not None:
        if probability >= ON_TRACK_MIN_PROBABILITY:
            return "on_track"
        return "at_risk" if ahead or probability >= AT_RISK_MIN_PROBABILITY else "off_track"
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


def day_totals(store: Store, objective: Objective, today: dt.date) -> DayTotals | None:
    """For an objective on a KPI that adds up day by day (``analytics.adds_up_by_day``: counts, conversion and win
    rates), its totals per day for its scope up to today (its deadline at the latest), read in one scan: its
    baseline, actual to date and monthly history are then sums of these days. None for the other KPIs, and when a
    day's total is not a whole number (an amount): sums of whole numbers are exact, in any order."""
    kpi = get_kpi(objective.kpi, store)
    if not adds_up_by_day(kpi):
        return None
    until = min(today, objective.deadline or today)
    per_day = kpi_daily_totals(store, kpi.id, objective.filters(None, until))
    values = per_day.to_numpy()
    if not (np.isfinite(values).all() and (values == np.floor(values)).all()
            and np.abs(values).sum(axis=0).max(initial=0.0) < 2.0 ** 53):
        return None
    return DayTotals(per_day, until)


def monthly_history_of_totals(totals: DayTotals, objective: Objective, today: dt.date,
                              months: int = 36) -> tuple[pd.Series, pd.Series | None]:
    """``monthly_history_and_weights`` summed from the KPI's days (``day_totals``): the same months, the same
    values (a rate's months: numerator ÷ denominator, weighed by the denominator)."""
    kpi = get_kpi(objective.kpi)
    assert objective.start_on is not None
    first = pd.Timestamp(objective.start_on).to_period("M").to_timestamp() - pd.DateOffset(months=months)
    grid = pd.date_range(first, pd.Timestamp(totals.until).to_period("M").to_timestamp(), freq="MS")
    per_day = totals.per_day[totals.per_day.index >= first]
    per_month = per_day.groupby(per_day.index.to_period("M").to_timestamp()).sum().reindex(grid, fill_value=0.0)
    # Indexed as ``monthly_history`` indexes it (its periods are dates read from DuckDB).
    index = pd.to_datetime(pd.Series(grid.date, name="period"))
    if "value" in per_month:
        return history_on(pd.Series(per_month["value"].to_numpy(dtype=float), index=index), kpi, today), None
    numerator = per_month["numerator"].to_numpy(dtype=float)
    denominator = per_month["denominator"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        rates = np.where(denominator > 0, numerator / denominator, np.nan)
    return (history_on(pd.Series(rates, index=index), kpi, today),
            history_on(pd.Series(denominator, index=index), kpi, today))


def monthly_weights(store: Store, objective: Objective, today: dt.date, months: int = 36) -> pd.Series | None:
    """What each month of ``monthly_history`` weighs for a KPI that is not additive (the same months): a rate's
    denominator (deals closed, leads), the deals (or values) an average, a cycle or an imported score rests on; 1
    a month for a KPI built from others. None for an additive KPI."""
    kpi = get_kpi(objective.kpi, store)
    if kpi.additive:
        return None
    assert objective.start_on is not None
    first = (pd.Timestamp(objective.start_on).to_period("M").to_timestamp() - pd.DateOffset(months=months)).date()
    filters = objective.filters(first, min(today, objective.deadline or today))
    if kpi.is_rate:
        frame = kpi_series(store, kpi.id, filters, grain="month", today=today)
        weights = pd.Series(frame["denominator"].to_numpy(dtype=float), index=pd.to_datetime(frame["period"]))
    elif kpi.kind == "composite":
        frame = kpi_series(store, kpi.id, filters, grain="month", today=today)
        weights = pd.Series(frame["value"].notna().to_numpy(dtype=float), index=pd.to_datetime(frame["period"]))
    else:
        frame = kpi_counts(store, kpi.id, filters, grain="month")
        months_seen = pd.date_range(first, filters.end, freq="MS")
        weights = pd.Series(frame["count"].to_numpy(dtype=float), index=pd.to_datetime(frame["period"]))
        weights = weights.reindex(months_seen, fill_value=0.0)
    return history_on(weights.sort_index(), kpi, today)


def monthly_history_and_weights(store: Store, objective: Objective,
                                today: dt.date) -> tuple[pd.Series, pd.Series | None]:
    """``monthly_history`` and ``monthly_weights`` together: one query for a rate (its series holds both; on 10
    million leads, the lead conversion's monthly series costs 0.7 s)."""
    kpi = get_kpi(objective.kpi, store)
    if not kpi.is_rate:
        return monthly_history(store, objective, today), monthly_weights(store, objective, today)
    assert objective.start_on is not None
    first = (pd.Timestamp(objective.start_on).to_period("M").to_timestamp() - pd.DateOffset(months=36)).date()
    frame = kpi_series(store, kpi.id, objective.filters(first, min(today, objective.deadline or today)),
                       grain="month", today=today)
    index = pd.to_datetime(frame["period"])
    values = pd.Series(frame["value"].to_numpy(dtype=float), index=index)
    weights = pd.Series(frame["denominator"].to_numpy(dtype=float), index=index)
    return history_on(values, kpi, today), history_on(weights, kpi, today)


def progress(store: Store, objective: Objective, today: dt.date | None = None, *,
             resolution: Resolution | None = None, history: pd.Series | None = None,
             weights: pd.Series | None = None, simulate: bool = True,
             totals: DayTotals | None = None) -> Progress:
    """Compute the objective's progress on ``today`` from the loaded data.

    ``history`` (and ``weights``) are ``monthly_history`` (and ``monthly_weights``) for ``today`` or any later
    ``day``: passing them lets several days share their queries. ``simulate=False`` skips the forecast and the
    bound, for a caller that only needs the actual, expected and gap (those are unchanged): the forecast, band and
    probability are then None and the status falls back to the gap rule. ``totals`` (``day_totals``) gives the
    actual without a query when it covers today.
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
    if not elapsed_days:
        measured = None
    elif totals is not None and totals.covers(last_day):
        measured = totals.total(start, last_day)
    else:
        measured = kpi_value(store, kpi.id, objective.filters(start, last_day), stat=stat, today=today)
    actual = measured.value if measured is not None else None
    if kpi.additive:
        actual = actual or 0.0

    if history is None and weights is None and simulate and not kpi.additive:
        history_all, weights = monthly_history_and_weights(store, objective, today)
    else:
        history_all = monthly_history(store, objective, today) if history is None else history_on(history, kpi,
                                                                                                   today)
    share = elapsed_share
    seasonal = False
    plan = objective_plan(store, objective)
    planned_share = plan_share(plan, start, deadline, last_day) if plan is not None else None
    if planned_share is not None:
        share = planned_share
    elif kpi.additive and elapsed_days and history_all.notna().any():
        facts = history_all[history_all.fillna(0) != 0]
        first_fact = facts.index.min() if not facts.empty else None
        year_before = pd.Timestamp(start) - pd.DateOffset(years=1)
        if first_fact is not None and first_fact <= year_before.to_period("M").to_timestamp():
            seasonal_value = seasonal_share(history_all, start, deadline, last_day)
            if seasonal_value is not None:
                share, seasonal = seasonal_value, True

    expected = gap = run_rate = projection = low = high = probability = None
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
        if final:
            run_rate = projection = actual
            probability = 1.0 if met_now else 0.0
        else:
            if actual is not None and elapsed_days:
                run_rate = actual * total_days / elapsed_days if kpi.additive else actual
            if simulate:
                if weights is None and not kpi.additive:
                    weights = monthly_weights(store, objective, today)
                months, window, figures = _model_inputs(store, objective, kpi, history_all, weights, measured,
                                                        last_day)
                best = forecast.best_case(months, window, **figures, sign=sign)
                if reachable and best is not None and sign * (best - target) < 0:
                    reachable = False
                result = forecast.forecast(months, window, **figures, target=target, sign=sign)
                if result is not None:
                    projection, low, high = result.projection, result.low, result.high
                    probability = result.probability if reachable else 0.0
                if not reachable:
                    probability = 0.0
                    if best is not None and projection is not None:
                        # Out of reach: nothing projected beyond the best case that says so.
                        projection, low, high = (None if v is None else min(v, best) if sign > 0 else max(v, best)
                                                 for v in (projection, low, high))
    relative_gap = None
    if gap is not None and expected:
        relative_gap = sign * gap / abs(expected)
    status = decide_status(met_now=met_now, final=final, elapsed_share=elapsed_share, probability=probability,
                           reachable=reachable, relative_gap=relative_gap,
                           ahead=gap is not None and sign * gap >= 0, has_target=target is not None)
    return Progress(objective.id, today, baseline, target, actual, expected, gap, elapsed_share, run_rate,
                    _finite(projection), _finite(low), _finite(high), probability, status, reachable, seasonal, sign,
                    kpi.additive, last_day, planned_share is not None)


class _ToDate(TypedDict):
    """The forecast's figures to date (``forecast.forecast``'s and ``best_case``'s keyword arguments)."""

    actual: float
    actual_weight: float | None


def _model_inputs(store: Store, objective: Objective, kpi: Kpi, history: pd.Series, weights: pd.Series | None,
                  measured: KpiValue | None,
                  last_day: dt.date) -> tuple[forecast.History, forecast.Window, _ToDate]:
    """The forecast's history and window, and its figures to date: ``actual`` and ``actual_weight`` (for a KPI
    that is not additive, the deals, leads or values the actual rests on; None for an additive KPI)."""
    assert objective.start_on is not None and objective.deadline is not None
    months = np.array([forecast.month_number(day.year, day.month) for day in history.index], dtype=int)
    values = history.to_numpy(dtype=float)
    parts = month_parts(objective.start_on, objective.deadline)
    done = month_parts(objective.start_on, last_day) if last_day >= objective.start_on else parts.iloc[0:0]
    elapsed = np.zeros(len(parts))
    elapsed[:len(done)] = done["days"].to_numpy(dtype=float)
    month_days = parts["month_days"].to_numpy(dtype=float)
    window = forecast.Window(np.array([forecast.month_number(m.year, m.month) for m in parts["month"]], dtype=int),
                             parts["days"].to_numpy(dtype=float) / month_days, elapsed / month_days)
    actual = measured.value if measured is not None else None
    if kpi.additive:
        return forecast.History(months, values), window, {"actual": actual or 0.0, "actual_weight": None}
    aligned = weights.reindex(history.index).fillna(0.0).to_numpy(dtype=float) if weights is not None else None
    if measured is None or actual is None:
        weight = 0.0
    elif kpi.is_rate:
        weight = measured.denominator or 0.0
    elif kpi.kind == "composite":
        weight = float(window.elapsed.sum())
    else:
        counted = kpi_counts(store, kpi.id, objective.filters(objective.start_on, last_day), grain=None)
        weight = float(counted["count"].sum())
    return forecast.History(months, values, aligned), window, {"actual": actual or 0.0, "actual_weight": weight}


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
