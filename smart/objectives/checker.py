"""The SMART checker: each letter gets pass, warning or fail, a one-line reason and a suggestion, in EN or FR.

It runs as the user types, on an objective that may be half filled: nothing here raises on missing fields.
The A letter sets the change required against the past changes of the KPI for the scope (same window length,
period over period) and labels the objective by its probability of attainment: a target too easy does not
mobilise a team, one too hard demotivates it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from smart import clock
from smart.analytics import Kpi, get_kpi, kpi_value
from smart.currency import reporting_currency
from smart.i18n import Translator
from smart.objectives import pace
from smart.objectives.model import (
    DRIVERS,
    Objective,
    Resolution,
    checkpoints,
    good_sign,
    months_in,
    resolve,
)
from smart.objectives.store import cascade_mismatch, get_objective
from smart.storage import Store

LETTERS = ("S", "M", "A", "R", "T")
LEVELS = ("pass", "warning", "fail")
COMFORTABLE_MIN = 0.80
UNREALISTIC_MAX = 0.20
MAX_HORIZON_MONTHS = 18
MIN_HISTORY_PERIODS = 6
MIN_RATE_TRIALS = 30
MIN_TITLE_WORDS = 3
SCOPE_RANK = {"company": 0, "team": 1, "rep": 2}


@dataclass(frozen=True)
class LetterCheck:
    """One letter of the SMART check: its level (``pass``, ``warning``, ``fail``), why, and what to do about it."""

    letter: str
    level: str
    reason: str
    suggestion: str


@dataclass(frozen=True)
class CheckReport:
    """The SMART check of an objective: its five letters, and the figures they rest on (resolution, progress, the
    change the target asks for and the past changes of the KPI over windows of the same length)."""

    letters: tuple[LetterCheck, ...]
    resolution: Resolution | None
    progress: pace.Progress | None
    label: str | None
    required_change: float | None
    past_changes: tuple[float, float, float] | None

    def letter(self, letter: str) -> LetterCheck:
        return next(check for check in self.letters if check.letter == letter)

    @property
    def levels(self) -> dict[str, str]:
        return {check.letter: check.level for check in self.letters}


def _result(t: Translator, letter: str, level: str, key: str, **values: object) -> LetterCheck:
    return LetterCheck(letter, level, t(f"objectives.check.{key}", **values),
                       t(f"objectives.check.{key}.do", **values))


def check(store: Store, objective: Objective, lang: str = "en", today: dt.date | None = None, *,
          progress: pace.Progress | None = None) -> CheckReport:
    """Check an objective (stored or being typed) letter by letter.

    ``progress`` is the objective's progress on ``today`` when the caller has it already (the Objectives page
    does): it is not computed a second time.
    """
    t = Translator(lang, currency=reporting_currency(store))
    today = today or clock.today()
    try:
        kpi = get_kpi(objective.kpi, store) if objective.kpi else None
    except ValueError:
        kpi = None
    dates_ok = bool(objective.start_on and objective.deadline and objective.deadline > objective.start_on)
    resolution = history = None
    if kpi is not None and dates_ok:
        resolution = resolve(store, objective, today)
        # One read of the monthly history serves the probability and the past changes.
        history = pace.monthly_history(store, objective, today)
    if resolution is None or resolution.target is None:
        progress = None
    elif progress is None:
        progress = pace.progress(store, objective, today, resolution=resolution, history=history)
    required, past = _required_and_past(kpi, objective, resolution, history) if resolution and kpi else (None, None)
    label = _label(progress)
    letters = (
        _specific(t, objective, kpi, resolution),
        _measurable(t, store, objective, kpi, resolution, dates_ok),
        _achievable(t, objective, kpi, resolution, progress, label, required, past),
        _relevant(t, store, objective, kpi, today),
        _time_bound(t, objective, today),
    )
    return CheckReport(letters, resolution, progress, label, required, past)


def _label(progress: pace.Progress | None) -> str | None:
    if progress is None or progress.probability is None:
        return None
    if progress.probability >= COMFORTABLE_MIN:
        return "comfortable"
    return "unrealistic" if progress.probability < UNREALISTIC_MAX else "ambitious"


def _specific(t: Translator, objective: Objective, kpi: Kpi | None, resolution: Resolution | None) -> LetterCheck:
    if kpi is None:
        return _result(t, "S", "fail", "s.no_kpi")
    if objective.target_input is None:
        return _result(t, "S", "fail", "s.no_target")
    if objective.scope_type in ("team", "rep") and not (objective.scope_value or "").strip():
        return _result(t, "S", "fail", "s.no_scope_value")
    if objective.target_mode == "points" and not kpi.is_rate:
        return _result(t, "S", "fail", "s.points_not_rate", kpi=kpi.label(t.lang))
    if kpi.stats_allowed and objective.statistic not in ("mean", "median"):
        return _result(t, "S", "fail", "s.no_statistic", kpi=kpi.label(t.lang))
    if resolution is not None and resolution.target is not None and resolution.baseline is not None \
            and objective.direction in ("increase", "decrease"):
        sign = good_sign(objective, kpi)
        if sign * (resolution.target - resolution.baseline) <= 0:
            direction = t(f"objectives.direction.{objective.direction}")
            return _result(t, "S", "fail", "s.direction_conflict", direction=direction)
    words = len((objective.title or "").split())
    if words < MIN_TITLE_WORDS or not (objective.owner or "").strip():
        return _result(t, "S", "warning", "s.vague_title")
    return _result(t, "S", "pass", "s.ok", kpi=kpi.label(t.lang))


def _measurable(t: Translator, store: Store, objective: Objective, kpi: Kpi | None, resolution: Resolution | None,
                dates_ok: bool) -> LetterCheck:
    if kpi is None or not dates_ok or resolution is None:
        return _result(t, "M", "fail", "m.incomplete")
    baseline = t.measure(kpi.unit, resolution.baseline)
    period = t("period.range", start=t.date(resolution.baseline_start), end=t.date(resolution.baseline_end))
    if resolution.baseline is None:
        level = "warning" if objective.target_mode == "absolute" else "fail"
        return _result(t, "M", level, "m.no_baseline", period=period)
    if resolution.target is None:
        return _result(t, "M", "fail", "m.no_target", period=period)
    if resolution.typed:
        return _result(t, "M", "pass", "m.typed", baseline=baseline, period=period)
    history = pace.monthly_history(store, objective, objective.start_on or clock.today(), months=12).dropna()
    periods = int((history != 0).sum()) if kpi.additive else len(history)
    if periods < MIN_HISTORY_PERIODS:
        return _result(t, "M", "warning", "m.thin", baseline=baseline, period=period, periods=periods)
    if kpi.is_rate:
        window = objective.filters(resolution.baseline_start, resolution.baseline_end)
        trials = kpi_value(store, kpi.id, window).denominator
        if (trials or 0) < MIN_RATE_TRIALS:
            return _result(t, "M", "warning", "m.thin_rate", baseline=baseline, period=period, trials=t.number(trials))
    return _result(t, "M", "pass", "m.ok", baseline=baseline, period=period)


def _required_and_past(kpi: Kpi, objective: Objective, resolution: Resolution,
                       history: pd.Series) -> tuple[float | None, tuple[float, float, float] | None]:
    """The relative change the target asks of the baseline, and the 10th/50th/90th percentiles of the past
    changes of the KPI over windows of the same length (rolling sums or means of the monthly ``history``)."""
    required = None
    if resolution.baseline and resolution.target is not None:
        required = resolution.target / resolution.baseline - 1
    assert objective.start_on is not None and objective.deadline is not None
    window = max(1, min(12, round(months_in(objective.start_on, objective.deadline))))
    history = history.dropna()
    if kpi.additive:
        history = history[(history != 0).cummax()]
    rolled = history.rolling(window).sum() if kpi.additive else history.rolling(window).mean()
    previous = rolled.shift(window)
    changes = (rolled / previous.where(previous > 0) - 1).dropna()
    if len(changes) < 3:
        return required, None
    low, mid, high = np.percentile(changes.to_numpy(), [10, 50, 90])
    return required, (float(low), float(mid), float(high))


def _achievable(t: Translator, objective: Objective, kpi: Kpi | None, resolution: Resolution | None,
                progress: pace.Progress | None, label: str | None, required: float | None,
                past: tuple[float, float, float] | None) -> LetterCheck:
    if kpi is None or resolution is None or resolution.target is None or progress is None:
        return _result(t, "A", "fail", "a.incomplete")
    if progress.probability is None:
        return _result(t, "A", "warning", "a.no_history")
    history = ""
    if required is not None and past is not None:
        history = t("objectives.check.a.history", required=t.signed_percent(required),
                    low=t.signed_percent(past[0]), mid=t.signed_percent(past[1]), high=t.signed_percent(past[2]))
    values = {"probability": t.percent(progress.probability, 0), "history": history,
              "comfortable": t.percent(COMFORTABLE_MIN, 0), "unrealistic": t.percent(UNREALISTIC_MAX, 0),
              "label": t(f"objectives.label.{label}")}
    level = {"comfortable": "warning", "ambitious": "pass", "unrealistic": "fail"}[label or "ambitious"]
    if progress.status in ("achieved", "missed"):
        return _result(t, "A", "pass" if progress.status == "achieved" else "fail", f"a.{progress.status}", **values)
    return _result(t, "A", level, f"a.{label}", **values)


def _relevant(t: Translator, store: Store, objective: Objective, kpi: Kpi | None, today: dt.date) -> LetterCheck:
    parent = None
    if objective.parent_id is not None:
        try:
            parent = get_objective(store, objective.parent_id)
        except ValueError:
            return _result(t, "R", "fail", "r.no_parent", parent=objective.parent_id)
    if parent is None and not (objective.theme or "").strip():
        return _result(t, "R", "fail", "r.none")
    if parent is not None and kpi is not None:
        parent_kpi = get_kpi(parent.kpi, store)
        if parent.kpi != kpi.id and kpi.id not in DRIVERS.get(parent.kpi, frozenset()):
            return _result(t, "R", "warning", "r.not_driver", kpi=kpi.label(t.lang), parent=parent_kpi.label(t.lang))
        if SCOPE_RANK.get(objective.scope_type, 0) <= SCOPE_RANK.get(parent.scope_type, 0):
            return _result(t, "R", "warning", "r.scope_order")
        if parent.id is not None:
            mismatch = cascade_mismatch(store, parent.id, today)
            if mismatch is not None:
                unit = parent_kpi.unit
                return _result(t, "R", "warning", "r.cascade", total=t.measure(unit, mismatch[0]),
                               parent=t.measure(unit, mismatch[1]))
        return _result(t, "R", "pass", "r.parent", parent=parent.title)
    return _result(t, "R", "pass", "r.theme", theme=objective.theme)


def _time_bound(t: Translator, objective: Objective, today: dt.date) -> LetterCheck:
    if objective.start_on is None or objective.deadline is None:
        return _result(t, "T", "fail", "t.missing")
    if objective.deadline <= objective.start_on:
        return _result(t, "T", "fail", "t.order")
    months = months_in(objective.start_on, objective.deadline)
    if months > MAX_HORIZON_MONTHS:
        return _result(t, "T", "warning", "t.long", months=t.number(months))
    marks = checkpoints(objective)
    if len(marks) < 2:
        return _result(t, "T", "warning", "t.no_checkpoint")
    if objective.deadline < today and objective.id is None:
        return _result(t, "T", "warning", "t.past")
    grain = t(f"objectives.checkpoint.{objective.checkpoint_grain}")
    return _result(t, "T", "pass", "t.ok", count=len(marks), grain=grain, deadline=t.date(objective.deadline))


def letters_frame(report: CheckReport) -> pd.DataFrame:
    """The letters as a small table (letter, level, reason, suggestion) for the CLI and the page."""
    return pd.DataFrame([check.__dict__ for check in report.letters])
