"""The projection and the probability of attainment of an objective, and the bound that says it is out of reach.

Everything here is arithmetic on a few dozen monthly figures (no database, no pandas): about a millisecond per
objective, so that every objective on the Overview gets its probability.

**What is forecast.** The months left in the window, then the KPI over the whole window:

- an additive KPI (revenue, counts): the actual to date plus the months left;
- a ratio (win rate, conversion: numerator ÷ denominator; an average deal size or sales cycle: the sum of the
  values ÷ the count of deals): the numerator and the denominator to date plus those of the months left, so that
  the months left weigh by how many deals or leads they bring, not by their days. A median is pooled the same
  way, as the count-weighted mean of the monthly medians: an approximation.

**The shape of the window.** The months of the window weigh as they did last year (the expected path's shape,
``pace.seasonal_share``): a quarter whose last month made half of it last year, the end-of-quarter push, expects
half of it in that month again, and a quiet August expects little. Without a year of history, or for a
denominator with no such year, every day weighs the same.

**The level.** How this window compares with the shape (with last year's shape: this year ÷ last year; without
it: the value of a month; for a ratio: the ratio) is estimated twice and the two are pooled by their precision:

- from the history before the window. With last year's shape: the year-on-year ratio of the last 12 months,
  shrunk towards 1 as far as its noise warrants (before any data, a year is taken to differ from the one before by
  about ±15 %), applied to last year's months of the window, themselves averaged with the year before's (grown)
  when the history holds them: one lucky year must not raise both the ratio and the base it applies to. With
  fewer than 3 months comparable with a year earlier, the window's pace alone. Without the shape (and for a
  ratio): the last 12 complete months, recent months weighing more (each month 0.85 of the next one);
- from the window's own pace: the actual to date over the part of the shape already elapsed.

Early in the window the history dominates; as the window elapses its own pace takes over.

**The spread.** All measured on the scope's own history: the noise of the months left (how far the history's
months fall from the level, per unit of shape or of denominator: the dispersion); the uncertainty of the level
itself, with a drift of at least 3 % of the level (without last year's shape, more when the last 3 months moved
away from the 3 before beyond their noise). A ratio also gets the spread of its level between the months of a
quarter (first, second, third month), which is not forecast: a win rate that rises in the quarter's last month
widens the band rather than bending the projection.

**The probability.** The forecast is a Student t distribution centred on the projection, with as many degrees of
freedom as months of history less the two figures estimated from them (the level and the dispersion): fewer months,
fatter tails. The probability is its share beyond the target, kept between 1 % and 99 %: exactly 0 % only when the
target is out of reach by the bound below (or, for a KPI to keep below a ceiling, once the ceiling is passed), exactly
100 % only when an additive target is already met. The band is its 10th to 90th percentile.

**Out of reach** (a bound, not a sample): the best month seen in the history (its highest value; for a ratio
its best ratio with the largest denominator seen), kept for every month left, the month in progress counted whole,
still falls short of the target.

Calibration: ``benchmarks/bench_calibration.py`` backtests this on thousands of past objectives; the results are in
benchmarks/RESULTS-calibration.md and the README.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np

HISTORY_MONTHS = 12
DECAY = 0.85
DRIFT_FLOOR = 0.03
DRIFT_BLOCK = 3
MIN_MONTHS = 3
ESTIMATED_FIGURES = 2
MIN_DEGREES_OF_FREEDOM = 2
PROBABILITY_FLOOR = 0.01
BAND = (0.10, 0.90)
QUARTER_MONTHS = 3
GROWTH_SD = 0.15


@dataclass(frozen=True)
class Window:
    """The objective's window month by month; months are numbered ``year * 12 + month - 1``.

    ``covered``: the share of each month inside the window; ``elapsed``: the share of each month measured so far.
    """

    months: np.ndarray
    covered: np.ndarray
    elapsed: np.ndarray

    @property
    def remaining(self) -> np.ndarray:
        left: np.ndarray = np.clip(self.covered - self.elapsed, 0.0, None)
        return left

    @property
    def start_month(self) -> int:
        return int(self.months[0])


@dataclass(frozen=True)
class History:
    """The complete months before today (ascending): the KPI's value and, for a ratio, its denominator (deals,
    leads: the weight of each month); ``weights`` is None for an additive KPI."""

    months: np.ndarray
    values: np.ndarray
    weights: np.ndarray | None = None

    @property
    def numerators(self) -> np.ndarray:
        if self.weights is None:
            filled: np.ndarray = np.nan_to_num(self.values)
            return filled
        weighted: np.ndarray = np.where(self.weights > 0, np.nan_to_num(self.values) * self.weights, 0.0)
        return weighted

    @property
    def denominators(self) -> np.ndarray:
        return np.ones(len(self.months)) if self.weights is None else np.nan_to_num(self.weights)


@dataclass(frozen=True)
class Forecast:
    """The KPI over the whole window: its projection (the centre), 80 % band, probability of meeting the target;
    for a ratio, the ratio expected of the months left and their expected denominator."""

    projection: float
    low: float
    high: float
    probability: float
    degrees_of_freedom: float
    ratio_left: float | None = None
    weight_left: float | None = None


@dataclass(frozen=True)
class _Level:
    value: float
    variance: float
    dispersion: float
    months: int


def month_number(year: int, month: int) -> int:
    """A month as one integer (months since year 0), so that months subtract and index arrays."""
    return year * 12 + month - 1


def last_year_shape(history: History, window: Window) -> np.ndarray | None:
    """Last year's value of each month of the window, when the expected path is shaped by it: the history holds a
    fact a year before the start and every one of those months (their total positive); else None."""
    values = np.nan_to_num(history.values)
    facts = np.flatnonzero(values != 0)
    if not len(facts) or history.months[facts[0]] > window.start_month - 12:
        return None
    by_month = dict(zip(history.months.tolist(), values.tolist(), strict=True))
    shape = np.array([by_month.get(month - 12, np.nan) for month in window.months.tolist()])
    if np.isnan(shape).any() or shape.sum() <= 0:
        return None
    return shape


def forecast(history: History, window: Window, *, actual: float, actual_weight: float | None, target: float,
             sign: int) -> Forecast | None:
    """The KPI over the whole window and its chance of meeting ``target`` (``sign`` +1 when higher is better).

    ``actual`` is the KPI to date; for a ratio ``actual_weight`` is its denominator to date (None: additive).
    None when there is neither history nor anything measured to forecast from.
    """
    ratio_left = weight_left = None
    if actual_weight is None:
        result = _additive(history.months, np.nan_to_num(history.values), window, actual)
        if result is None:
            return None
        mean, variance, months = result
    else:
        numerator = actual * actual_weight if actual_weight else 0.0
        ratio_result = _ratio(history, window, numerator, actual_weight)
        if ratio_result is None:
            return None
        mean, variance, months, ratio_left, weight_left = ratio_result
    sd = math.sqrt(max(variance, 0.0))
    dof = max(MIN_DEGREES_OF_FREEDOM, months - ESTIMATED_FIGURES)
    if sd <= 1e-12 * max(1.0, abs(mean)):
        probability = 1.0 if sign * (mean - target) >= 0 else 0.0
        low = high = mean
    else:
        probability = student_t_cdf(sign * (mean - target) / sd, dof)
        low, high = (mean + student_t_quantile(q, dof) * sd for q in BAND)
    probability = min(max(probability, PROBABILITY_FLOOR), 1.0 - PROBABILITY_FLOOR)
    return Forecast(float(mean), float(low), float(high), float(probability), float(dof), ratio_left, weight_left)


def best_case(history: History, window: Window, *, actual: float, actual_weight: float | None,
              sign: int) -> float | None:
    """The KPI over the window if the best month seen in the history came back for every month left (the month in
    progress counted whole): for an additive KPI its highest month (its lowest for a KPI to keep low); for a ratio its
    best ratio on the largest denominator seen, or the ratio to date when that is better still (the months left
    could be few). None without history or with nothing left."""
    left = window.remaining > 1e-12
    if not left.any() or not len(history.months):
        return None
    if actual_weight is None:
        values = np.nan_to_num(history.values)
        if sign < 0:
            return actual + float(values.min()) * float(window.remaining[left].sum())
        in_window = float(values[history.months >= window.start_month].sum())
        in_progress = bool(((window.elapsed > 1e-12) & left).any())
        done_this_month = max(actual - in_window, 0.0) if in_progress else 0.0
        return actual + max(float(values.max()) * float(window.covered[left].sum()) - done_this_month, 0.0)
    numerators, denominators = history.numerators, history.denominators
    seen = denominators > 0
    if not seen.any():
        return None
    ratios = numerators[seen] / denominators[seen]
    best = float(ratios.max() if sign > 0 else ratios.min())
    weight = float(denominators.max()) * float(window.covered[left].sum())
    mix = (actual * (actual_weight or 0.0) + best * weight) / ((actual_weight or 0.0) + weight)
    if actual_weight:
        return max(mix, actual) if sign > 0 else min(mix, actual)
    return mix


def out_of_reach(history: History, window: Window, *, actual: float, actual_weight: float | None, target: float,
                 sign: int) -> bool:
    """Whether even ``best_case`` falls short of the target. False without history or with nothing left."""
    best = best_case(history, window, actual=actual, actual_weight=actual_weight, sign=sign)
    return best is not None and sign * (best - target) < 0


def _additive(months: np.ndarray, values: np.ndarray, window: Window, actual: float) -> tuple[float, float, int] | None:
    """(projection, variance, months of history used) for an additive series over the window."""
    shape = last_year_shape(History(months, values), window)
    weights = shape if shape is not None else np.ones(len(window.months))
    done = float((weights * window.elapsed).sum())
    left = float((weights * window.remaining).sum())
    facts = np.flatnonzero(values != 0)
    if len(facts):
        before = np.flatnonzero((months < window.start_month) & (months >= months[facts[0]]))[-HISTORY_MONTHS:]
    else:
        before = np.array([], dtype=int)
    if shape is not None:
        # Fewer than 3 months comparable with a year earlier: the window's own pace alone.
        level = _year_on_year_level(months, values, before, int(months[facts[0]]), window, shape)
    else:
        level = _history_level(values[before], np.ones(len(before)))
    pooled = _with_pace(level, actual, done, lambda value: max(value, 1e-9) * float(weights.mean()))
    if pooled is None:
        return None
    value = max(pooled.value, 0.0)
    variance = pooled.dispersion * left + pooled.variance * left ** 2
    return actual + value * left, variance, pooled.months


def _year_on_year_level(months: np.ndarray, values: np.ndarray, before: np.ndarray, first_month: int,
                        window: Window, shape: np.ndarray) -> _Level | None:
    """This window against last year's same months (1.1: 10 % more), from the history before the window.

    The year-on-year ratio of the last 12 months is shrunk towards 1 by its noise (a team's growth is rarely beyond
    ±15 % a year, and one noisy year says little), and last year's months of the window, themselves noisy, are
    averaged with the year before's (grown) when the history holds them: otherwise a lucky last year would both
    raise the ratio and the base it applies to."""
    by_month = dict(zip(months.tolist(), values.tolist(), strict=True))
    recent = months[before]
    year_ago = np.array([by_month.get(month - 12, np.nan) for month in recent.tolist()])
    comparable = np.isfinite(year_ago) & (recent >= first_month + 12)
    now, then = values[before][comparable], year_ago[comparable]
    if len(now) < MIN_MONTHS or then.sum() <= 0 or now.sum() <= 0:
        return None
    raw = float(now.sum() / then.sum())
    residual = float(((now - raw * then) ** 2).sum() / then.sum() * len(now) / (len(now) - 1))
    dispersion = max(residual / (1 + raw), 1e-12)  # one month's noise, per unit of value
    raw_variance = raw ** 2 * (dispersion / now.sum() + dispersion / then.sum())
    prior = GROWTH_SD ** 2
    growth = (raw / raw_variance + 1 / prior) / (1 / raw_variance + 1 / prior)
    growth_variance = 1 / (1 / raw_variance + 1 / prior)
    covered = window.covered
    two_years = np.array([by_month.get(month - 24, np.nan) for month in window.months.tolist()])
    if np.isfinite(two_years).all() and window.months.min() - 24 >= first_month:
        base = (shape + growth * two_years) / 2
        base_variance = dispersion * float((covered ** 2 * (shape + growth ** 2 * two_years)).sum()) / 4
    else:
        base = shape
        base_variance = dispersion * float((covered ** 2 * shape).sum())
    last_year = float((covered * shape).sum())
    base_total = float((covered * base).sum())
    value = growth * base_total / last_year
    variance = value ** 2 * (growth_variance / growth ** 2 + base_variance / max(base_total, 1e-12) ** 2)
    return _Level(value, variance + (DRIFT_FLOOR * value) ** 2, dispersion * value, len(now))


def _ratio(history: History, window: Window, numerator: float,
           denominator: float) -> tuple[float, float, int, float, float] | None:
    """(projection, variance, months of history used, ratio and denominator expected of the months left) for a
    ratio: numerator ÷ denominator over the window."""
    numerators, denominators = history.numerators, history.denominators
    counts = _additive(history.months, denominators, window, denominator)
    if counts is None:
        return None
    denominator_left = max(counts[0] - denominator, 0.0)
    before = np.flatnonzero((history.months < window.start_month) & (denominators > 0))[-HISTORY_MONTHS:]
    level = _history_level(numerators[before], denominators[before])

    def binomial_or_wide(ratio: float) -> float:
        return max(ratio * (1 - ratio), 1e-9) if 0 <= ratio <= 1 else max(ratio ** 2 / 2, 1e-9)

    pooled = _with_pace(level, numerator, denominator, binomial_or_wide)
    if pooled is None:
        return None
    if denominator_left <= 0:
        final = numerator / denominator if denominator > 0 else pooled.value
        return final, 0.0, pooled.months, pooled.value, 0.0
    total = denominator + denominator_left
    future_share = denominator_left / total
    mean = (numerator + pooled.value * denominator_left) / total
    variance = future_share ** 2 * (pooled.dispersion / denominator_left + pooled.variance)
    variance += _within_quarter_spread(history, window.start_month) * mean ** 2 * future_share ** 2
    return mean, variance, pooled.months, pooled.value, denominator_left


def _history_level(values: np.ndarray, exposures: np.ndarray) -> _Level | None:
    """The level of ``values`` per unit of ``exposures`` (recent months weighing more), its variance (drift
    included) and the dispersion of a month around it: var(month) = dispersion × exposure."""
    months = len(values)
    if months < MIN_MONTHS or exposures.sum() <= 0:
        return None
    weights = DECAY ** np.arange(months)[::-1]
    value = float((weights * values).sum() / (weights * exposures).sum())
    dispersion = float(((values - value * exposures) ** 2).sum() / exposures.sum() * months / (months - 1))
    dispersion = max(dispersion, 1e-12)
    variance = dispersion * float((weights ** 2 * exposures).sum()) / float((weights * exposures).sum()) ** 2
    drift = DRIFT_FLOOR ** 2
    block = max(2, min(DRIFT_BLOCK, months // 2))
    if months >= 2 * 2 and value != 0:
        recent, earlier = slice(months - block, months), slice(months - 2 * block, months - block)
        recent_exposure, earlier_exposure = exposures[recent].sum(), exposures[earlier].sum()
        if recent_exposure > 0 and earlier_exposure > 0:
            move = values[recent].sum() / recent_exposure - values[earlier].sum() / earlier_exposure
            noise = dispersion / recent_exposure + dispersion / earlier_exposure
            drift = max(drift, (move ** 2 - noise) / value ** 2)
    return _Level(value, variance + drift * value ** 2, dispersion, months)


def _with_pace(level: _Level | None, actual: float, exposure: float,
               dispersion_of: Callable[[float], float]) -> _Level | None:
    """The history's level pooled with the window's own pace (``actual`` over ``exposure``) by precision."""
    if level is None:
        if exposure <= 0:
            return None
        value = actual / exposure
        return _Level(value, dispersion_of(value) / exposure, dispersion_of(value), 0)
    if exposure <= 0:
        return level
    pace_variance = level.dispersion / exposure
    precision = 1 / pace_variance + 1 / level.variance
    value = (actual / exposure / pace_variance + level.value / level.variance) / precision
    return _Level(value, 1 / precision, level.dispersion, level.months)


def _within_quarter_spread(history: History, before_month: int) -> float:
    """The relative variance of a ratio between the first, second and third months of a quarter (beyond what its
    counts explain, for a rate), over up to 36 months before ``before_month``."""
    numerators, denominators = history.numerators, history.denominators
    seen = np.flatnonzero((history.months < before_month) & (denominators > 0))[-36:]
    if len(seen) < 2 * QUARTER_MONTHS:
        return 0.0
    numerators, denominators, positions = numerators[seen], denominators[seen], history.months[seen] % QUARTER_MONTHS
    overall = numerators.sum() / denominators.sum()
    if overall == 0:
        return 0.0
    unit_variance = overall * (1 - overall) if 0 <= overall <= 1 else 0.0
    deviations, noise = [], []
    for position in range(QUARTER_MONTHS):
        here = positions == position
        if denominators[here].sum() <= 0:
            return 0.0
        deviations.append(numerators[here].sum() / denominators[here].sum() / overall - 1)
        noise.append(unit_variance / (overall ** 2 * denominators[here].sum()))
    return max(0.0, float(np.mean(np.square(deviations)) - np.mean(noise)))


def student_t_cdf(t: float, dof: float) -> float:
    """P(T <= t) for Student's t with ``dof`` degrees of freedom."""
    tail = 0.5 * _incomplete_beta(dof / 2, 0.5, dof / (dof + t * t))
    return 1 - tail if t > 0 else tail


def student_t_quantile(p: float, dof: float) -> float:
    """The ``p`` quantile of Student's t: Newton's method from the normal quantile, on the CDF above."""
    t = NormalDist().inv_cdf(p)
    log_scale = math.lgamma((dof + 1) / 2) - math.lgamma(dof / 2) - 0.5 * math.log(dof * math.pi)
    for _ in range(50):
        density = math.exp(log_scale - (dof + 1) / 2 * math.log1p(t * t / dof))
        step = (student_t_cdf(t, dof) - p) / density
        t -= step
        if abs(step) < 1e-12 * max(1.0, abs(t)):
            break
    return t


def _incomplete_beta(a: float, b: float, x: float) -> float:
    """The regularised incomplete beta function I_x(a, b) (continued fraction, Numerical Recipes 6.4)."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log(1 - x))
    if x < (a + 1) / (a + b + 2):
        return front * _beta_fraction(a, b, x) / a
    return 1.0 - front * _beta_fraction(b, a, 1 - x) / b


def _beta_fraction(a: float, b: float, x: float) -> float:
    tiny = 1e-300
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    result = d
    for m in range(1, 300):
        for numerator in (m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
                          -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + numerator / c if abs(c) > tiny else 1.0 / tiny
            result *= d * c
        if abs(d * c - 1.0) < 3e-14:
            break
    return result
