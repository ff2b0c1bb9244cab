"""Rates told honestly: counts, Wilson 95 % intervals, and the funnel, cycle, cohort and pipeline analyses."""

from __future__ import annotations

import numpy as np

Z_95 = 1.959963984540054


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
