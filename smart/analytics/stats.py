"""Pure statistics the analytics build on: no database, no KPI, only numbers in and numbers out.

- ``wilson_interval``: the Wilson score interval of a proportion (every rate's 95 % interval);
- ``split_change``: a product's change split into one effect per factor (LMDI-I, its limit, or ordered
  substitution), the effects adding up exactly to the change;
- ``control_limits``: the median ± 3 × 1.4826 × MAD of a series of changes. We chose the median and MAD over
  mean ± 3σ because one exceptional month (a December rush) inflates σ and hides the next signals; 1.4826 × MAD
  estimates σ for normal data, so the limits read the same way.

This module is the bottom of ``smart.analytics``: it imports no other module of the package.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

Z_95 = 1.959963984540054
MAD_TO_SIGMA = 1.4826
CONTROL_WIDTH = 3.0


def wilson_interval(successes: np.ndarray | float, trials: np.ndarray | float,
                    z: float = Z_95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval of a proportion, vectorised; missing where there are no trials.

    It also stays missing where successes exceed trials (a period-based conversion rate can exceed 100 %:
    leads converted in a period may have been created earlier), since the interval only means something
    for a proportion.
    """
    k = np.asarray(successes, dtype="float64")
    n = np.asarray(trials, dtype="float64")
    valid = (n > 0) & (k >= 0) & (k <= n)
    safe_n = np.where(valid, n, 1.0)
    p = np.where(valid, k / safe_n, 0.0)
    z2 = z * z
    centre = (p + z2 / (2 * safe_n)) / (1 + z2 / safe_n)
    half = z * np.sqrt(p * (1 - p) / safe_n + z2 / (4 * safe_n * safe_n)) / (1 + z2 / safe_n)
    low = np.where(valid, np.clip(centre - half, 0.0, 1.0), np.nan)
    high = np.where(valid, np.clip(centre + half, 0.0, 1.0), np.nan)
    return low, high


def _logmean(a: float, b: float) -> float:
    """The logarithmic mean of two positive numbers; ln(a / b) rather than ln a − ln b, which is 0 for two floats
    one ulp apart."""
    ratio = a / b
    if ratio == 1:
        return a
    return (a - b) / math.log(ratio)


def factors_product(factors: Sequence[float]) -> float:
    """The factors' product; 0 from the first zero factor on (the ones after it are undefined: a size without
    deals, a conversion without leads)."""
    result = 1.0
    for factor in factors:
        if factor == 0:
            return 0.0
        result *= factor
    return result


def split_change(before: Sequence[float], after: Sequence[float]) -> tuple[list[float], str]:
    """Split Π after − Π before into one effect per factor (in the order given), the effects adding up to it.

    - Every factor positive on both sides: LMDI-I, effect of x = L(R1, R0) × ln(x1 / x0) (``lmdi``).
    - One side has nothing (its product is 0: no deals, no conversion, deals worth 0) and the other side's factors
      are all positive: the limit of LMDI as that factor tends to 0, which gives the whole change to the first
      factor at 0 on that side and nothing to the others (``limit``): a rep who starts selling adds deals, not
      deal size.
    - Otherwise (a negative deal size: credit notes): ordered substitution, factor by factor in the order given
      (``ordered_substitution``); an undefined factor (NaN) takes the other side's value.
    """
    r0, r1 = factors_product(before), factors_product(after)
    if all(x > 0 for x in (*before, *after)):
        weight = _logmean(r1, r0)
        effects = [weight * math.log(x1 / x0) for x0, x1 in zip(before, after, strict=True)]
        if all(math.isfinite(e) for e in effects):  # always, but for floats near their limits (then substitution)
            return effects, "lmdi"
    if r0 == r1 == 0:
        return [0.0] * len(before), "none"
    for empty, full in ((before, after), (after, before)):
        if factors_product(empty) == 0 and all(x > 0 for x in full):
            first_zero = next(i for i, x in enumerate(empty) if x == 0)
            return [r1 - r0 if i == first_zero else 0.0 for i in range(len(before))], "limit"
    filled0 = [x1 if math.isnan(x0) else x0 for x0, x1 in zip(before, after, strict=True)]
    filled1 = [x0 if math.isnan(x1) else x1 for x0, x1 in zip(filled0, after, strict=True)]
    filled0 = [0.0 if math.isnan(x) else x for x in filled0]
    filled1 = [0.0 if math.isnan(x) else x for x in filled1]
    effects = [(filled1[i] - filled0[i]) * math.prod(filled1[:i]) * math.prod(filled0[i + 1:])
               for i in range(len(before))]
    return effects, "ordered_substitution"


def control_limits(values: pd.Series | np.ndarray) -> tuple[float, float, float]:
    """(centre, lower, upper): median ± 3 × 1.4826 × MAD of the values; missing values ignored."""
    clean = pd.Series(values, dtype="float64").dropna()
    if clean.empty:
        return math.nan, math.nan, math.nan
    centre = float(clean.median())
    spread = CONTROL_WIDTH * MAD_TO_SIGMA * float((clean - centre).abs().median())
    return centre, centre - spread, centre + spread
