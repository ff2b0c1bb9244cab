"""Calibration of the probability of attainment on simulated objectives whose true attainment rate is known.

Each simulated team has its own monthly level mu (drawn between 60 and 140) and noise sigma = 20; the
estimator sees 24 months of history, as a manager does, and the target is set from that history (the last
24 months' average x 12, changed by -10 % to +15 %). Since the simulator knows mu, each objective's true
probability of attainment is known exactly: Phi((12 mu - target) / (sqrt(12) sigma)). The future 12 months
are then drawn and each objective is met or not.

Checks, for the objectives the estimator gave about 70 % (60-80 %) and for two other bands:
- their mean true probability equals their mean estimate (the estimate is calibrated against the truth);
- the share actually met equals their mean estimate (what the manager sees).

Tolerance: a share over N objectives has a binomial standard error sqrt(p (1 - p) / N): about 2.5 points for
N = 350 at p = 0.7, so 7 points is ~3 standard errors; the mean true probability has far less noise (it does
not depend on the draw of the future), so 4 points is enough there, covering the bootstrap's small-sample
bias (its plug-in variance divides by n, ~2 % too narrow with 24 months).
"""

from __future__ import annotations

from statistics import NormalDist

import numpy as np
import pandas as pd
import pytest

from smart.objectives.pace import attainment_probability, simulate_finals

HISTORY, HORIZON, SIGMA = 24, 12, 20.0
REMAINING = pd.DataFrame({"offset": range(1, HORIZON + 1), "days": [30] * HORIZON, "month_days": [30] * HORIZON})
OUTCOME_TOLERANCE, TRUTH_TOLERANCE = 0.07, 0.04


@pytest.fixture(scope="module")
def simulated() -> pd.DataFrame:
    rng = np.random.default_rng(2026)
    rows = []
    for i in range(2000):
        mu = rng.uniform(60, 140)
        history = rng.normal(mu, SIGMA, HISTORY)
        target = HORIZON * history.mean() * (1 + rng.uniform(-0.10, 0.15))
        finals = simulate_finals(history, REMAINING, additive=True, actual=0.0, elapsed_days=0,
                                 total_days=HORIZON * 30, simulations=1000, seed=i)
        rows.append({
            "estimate": attainment_probability(finals, target, 1),
            "truth": 1 - NormalDist(HORIZON * mu, np.sqrt(HORIZON) * SIGMA).cdf(target),
            "met": rng.normal(mu, SIGMA, HORIZON).sum() >= target,
        })
    return pd.DataFrame(rows)


def test_objectives_given_about_70_percent_are_met_about_70_percent_of_the_time(simulated: pd.DataFrame) -> None:
    given = simulated[(simulated["estimate"] >= 0.6) & (simulated["estimate"] < 0.8)]
    assert len(given) > 250
    assert given["estimate"].mean() == pytest.approx(0.70, abs=0.02)
    assert given["truth"].mean() == pytest.approx(given["estimate"].mean(), abs=TRUTH_TOLERANCE)
    assert given["met"].mean() == pytest.approx(given["estimate"].mean(), abs=OUTCOME_TOLERANCE)


@pytest.mark.parametrize(("low", "high"), [(0.2, 0.4), (0.85, 0.97)])
def test_other_bands_are_calibrated_too(simulated: pd.DataFrame, low: float, high: float) -> None:
    given = simulated[(simulated["estimate"] >= low) & (simulated["estimate"] < high)]
    assert len(given) > 150
    assert given["truth"].mean() == pytest.approx(given["estimate"].mean(), abs=TRUTH_TOLERANCE)
    assert given["met"].mean() == pytest.approx(given["estimate"].mean(), abs=OUTCOME_TOLERANCE + 0.02)

