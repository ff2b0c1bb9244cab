"""A review's figures as slides: titles, headline numbers, tables and charts, formatted in one language.

The page, the PDF and the HTML export all draw these same slides, so the three always agree. The order:
the headline, one slide per objective, weak signals and deals at risk, rep highlights, decisions and actions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

import altair as alt

from smart.analytics import get_kpi
from smart.analytics.catalogue import REVIEW_REP_KPIS
from smart.i18n import DEFAULT_CURRENCY, Translator
from smart.review.charts import bridge_chart, pace_chart
from smart.review.figures import deal_key
from smart.review.notes import Note


@dataclass(frozen=True)
class Metric:
    """A figure on a slide, with its change since the last review and whether that change is good (None: neither)."""

    label: str
    value: str
    delta: str | None = None
    good: bool | None = None


@dataclass(frozen=True)
class Table:
    """A table on a slide, all cells already worded; ``empty`` is said when it has no rows."""

    title: str
    columns: list[str]
    rows: list[list[str]]
    empty: str = ""


@dataclass(frozen=True)
class Slide:
    """One slide of the review, worded in the review's language, drawn as it is by the page, the PDF and the HTML."""

    key: str
    title: str
    subtitle: str = ""
    objective_id: int | None = None
    status: str | None = None
    status_label: str | None = None
    metrics: list[Metric] = field(default_factory=list)
    charts: list[alt.TopLevelMixin] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)


def in_review_currency(t: Translator, figures: dict[str, Any]) -> Translator:
    """``t`` writing amounts in the currency the review's figures are in: the reporting currency of the day they
    were kept (a review kept before currencies were, in euros), whatever the reporting currency is now."""
    return replace(t, currency=figures.get("currency") or DEFAULT_CURRENCY)


def _deck(figures: dict[str, Any], t: Translator,
          notes: list[Note] | None) -> list[tuple[str, Callable[[], Slide]]]:
    """The slides in presentation order, each as its title and the function that builds it."""
    t = in_review_currency(t, figures)
    changes = figures.get("changes") or {}
    return [
        (t("review.slide.headline"), lambda: headline_slide(figures, t, changes)),
        *((objective["title"], partial(objective_slide, objective, t, changes)) for objective in figures["objectives"]),
        (t("review.slide.signals"), lambda: signals_slide(figures, t, changes)),
        (t("review.slide.reps"), lambda: reps_slide(figures, t, changes)),
        (t("review.slide.decisions"), lambda: decisions_slide(figures, t, notes or [])),
    ]


def slides(figures: dict[str, Any], t: Translator, notes: list[Note] | None = None) -> list[Slide]:
    """Every slide of the review, in presentation order."""
    return [build() for _, build in _deck(figures, t, notes)]


def slide_titles(figures: dict[str, Any], t: Translator) -> list[str]:
    """The slide index, without building the slides (no charts)."""
    return [title for title, _ in _deck(figures, t, None)]


def slide_at(figures: dict[str, Any], t: Translator, index: int, notes: list[Note] | None = None) -> Slide:
    """The slide at ``index``, the only one built: the page shows one slide at a time."""
    return _deck(figures, t, notes)[index][1]()


def review_date(figures: dict[str, Any]) -> dt.date:
    """The review's date, from its figures."""
    return dt.date.fromisoformat(figures["review_on"])


def _day(t: Translator, iso: str | None) -> str:
    return t.date(dt.date.fromisoformat(iso)) if iso else "–"


def _kpi_label(labels: dict[str, str], t: Translator) -> str:
    return labels.get(t.lang) or labels.get("en") or ""


def _status_label(t: Translator, status: str | None) -> str:
    return t(f"status.objective.{status}") if status else "–"


def _action_status(t: Translator, status: str) -> str:
    return t(f"objectives.action_status.{status}")


def _previous(changes: dict[str, Any], objective: dict[str, Any]) -> dict[str, Any] | None:
    return (changes.get("objectives") or {}).get(str(objective["id"]))


def _delta(t: Translator, unit: str, now: Any, before: Any, sign: int) -> tuple[str | None, bool | None]:
    if now is None or before is None:
        return None, None
    change = now - before
    if abs(change) < 1e-12:
        return t("review.unchanged"), None
    return t.signed_measure(unit, change, compact=True), sign * change > 0


def headline_slide(figures: dict[str, Any], t: Translator, changes: dict[str, Any]) -> Slide:
    """The first slide: how many objectives are on track, at risk and off track, and each one's figures to date."""
    objectives = figures["objectives"]
    counts = {status: sum(objective["status"] == status for objective in objectives)
              for status in ("on_track", "at_risk", "off_track")}
    rows = []
    for objective in objectives:
        unit = objective["unit"]
        before = _previous(changes, objective)
        delta, _ = _delta(t, unit, objective["actual"], before and before["actual"], objective["sign"])
        rows.append([
            objective["title"], t.measure(unit, objective["actual"], compact=True),
            t.measure(unit, objective["expected"], compact=True), t.measure(unit, objective["target"], compact=True),
            _status_label(t, objective["status"]), delta if delta is not None else "–",
        ])
    previous_on = figures.get("previous_on")
    subtitle = (t("review.subtitle.since", date=_day(t, figures["review_on"]), previous=_day(t, previous_on))
                if previous_on else t("review.subtitle.first", date=_day(t, figures["review_on"])))
    columns = [t("review.col.objective"), t("review.col.actual"), t("review.col.expected"), t("review.col.target"),
               t("review.col.status"), t("review.col.since_last")]
    return Slide(
        key="headline",
        title=t("review.slide.headline"),
        subtitle=subtitle,
        metrics=[
            Metric(t("status.objective.on_track"), f"{counts['on_track']} / {len(objectives)}"),
            Metric(t("status.objective.at_risk"), str(counts["at_risk"])),
            Metric(t("status.objective.off_track"), str(counts["off_track"])),
            Metric(t("review.metric.actions_due"), str(len(figures["actions_due"]))),
        ],
        tables=[Table(t("review.table.objectives"), columns, rows, t("review.empty.objectives"))],
        bullets=change_bullets(figures, t, changes),
    )


def change_bullets(figures: dict[str, Any], t: Translator, changes: dict[str, Any]) -> list[str]:
    """What changed since the last review, in sentences: status changes, new pushed deals, new signals."""
    if not changes:
        return [t("review.changes.none")]
    bullets = []
    for objective in figures["objectives"]:
        before = _previous(changes, objective)
        if before and before.get("status") != objective["status"]:
            bullets.append(t("review.changes.status", title=objective["title"],
                             before=_status_label(t, before.get("status")),
                             now=_status_label(t, objective["status"])))
    if changes.get("new_pushed"):
        bullets.append(t("review.changes.pushed", count=len(changes["new_pushed"])))
    if changes.get("new_signals"):
        bullets.append(t("review.changes.signals", count=len(changes["new_signals"])))
    return bullets or [t("review.changes.stable")]


def objective_slide(objective: dict[str, Any], t: Translator, changes: dict[str, Any]) -> Slide:
    """One objective's slide: actual against expected, projection and probability (with their changes since the
    last review), the pace and bridge charts and its open actions."""
    unit, sign = objective["unit"], objective["sign"]
    before = _previous(changes, objective) or {}
    actual_delta, actual_good = _delta(t, unit, objective["actual"], before.get("actual"), sign)
    gap = None if objective["actual"] is None or objective["expected"] is None \
        else objective["actual"] - objective["expected"]
    projection_gap = None if objective["projection"] is None or objective["target"] is None \
        else objective["projection"] - objective["target"]
    probability_delta, probability_good = _delta(t, "percent", objective["probability"],
                                                 before.get("probability"), 1)
    vs_target = None if projection_gap is None else t("review.delta.vs_target",
                                                       delta=t.signed_measure(unit, projection_gap, compact=True))
    metrics = [
        Metric(t("review.metric.actual"), t.measure(unit, objective["actual"], compact=True),
               actual_delta and t("review.delta.since_last", delta=actual_delta), actual_good),
        Metric(t("review.metric.expected"), t.measure(unit, objective["expected"], compact=True),
               None if gap is None else t("review.delta.gap", delta=t.signed_measure(unit, gap, compact=True)),
               None if gap is None else sign * gap >= 0),
        Metric(t("review.metric.projection"), t.measure(unit, objective["projection"], compact=True),
               vs_target,
               None if projection_gap is None else sign * projection_gap >= 0),
        Metric(t("review.metric.probability"), t.percent(objective["probability"], 0),
               probability_delta and t("review.delta.since_last", delta=probability_delta), probability_good),
    ]
    charts: list[alt.TopLevelMixin] = [pace_chart(objective, t)]
    bridge = bridge_chart(objective, t)
    if bridge is not None:
        charts.append(bridge)
    actions = Table(
        t("review.table.open_actions"),
        [t("review.col.action"), t("review.col.owner"), t("review.col.due"), t("review.col.status")],
        [[action["title"], action["owner"] or "–", _day(t, action["due_on"]), _action_status(t, action["status"])]
         for action in objective["actions"]],
        t("review.empty.actions"),
    )
    subtitle = t("review.subtitle.objective", kpi=_kpi_label(objective["kpi_labels"], t),
                 deadline=_day(t, objective["deadline"]), target=t.measure(unit, objective["target"], compact=True))
    return Slide(key=f"objective-{objective['id']}", title=objective["title"], subtitle=subtitle,
                 objective_id=objective["id"],
                 status=objective["status"], status_label=_status_label(t, objective["status"]),
                 metrics=metrics, charts=charts, tables=[actions])


def signals_slide(figures: dict[str, Any], t: Translator, changes: dict[str, Any]) -> Slide:
    """The weak signals found (KPIs outside their control limits) and the deals whose close date was pushed back."""
    found = figures["signals"]
    labels = figures.get("kpi_labels", {})
    new_pushed = set(changes.get("new_pushed") or ())
    weak = Table(
        t("review.table.weak"),
        [t("review.col.kpi"), t("review.col.scope"), t("review.col.month"), t("review.col.value"),
         t("review.col.change")],
        [[_kpi_label(labels.get(signal["kpi"], {"en": signal["kpi"]}), t), signal["team"] or _whole_scope(figures, t),
          t.month(dt.date.fromisoformat(signal["period"])), _kpi_value(t, signal["kpi"], signal["value"]),
          _change(t, signal["kpi"], signal["change"])] for signal in found["weak"]],
        t("review.empty.weak"),
    )
    pushed = Table(
        t("review.table.pushed"),
        [t("review.col.deal"), t("review.col.owner"), t("review.col.amount"), t("review.col.close_was"),
         t("review.col.close_now"), t("review.col.pushes")],
        [[("● " if deal_key(deal) in new_pushed else "") + (deal["title"] or "–"), deal["owner"] or "–",
          t.money(deal["amount"]), _day(t, deal["first_close_on"]), _day(t, deal["close_on"]), str(deal["pushes"])]
         for deal in found["pushed"]],
        t("review.empty.pushed"),
    )
    stalled = Table(
        t("review.table.stalled", p75=t.days(found["cycle_p75"]), p90=t.days(found["cycle_p90"])),
        [t("review.col.deal"), t("review.col.owner"), t("review.col.amount"), t("review.col.stage"),
         t("review.col.age")],
        [[deal["title"] or "–", deal["owner"] or "–", t.money(deal["amount"]), deal["stage"] or "–",
          t.days(deal["age_days"]) + (" ▲" if deal["severe"] else "")] for deal in found["stalled"]],
        t("review.empty.stalled"),
    )
    bullets = [t("review.signals.new_marker")] if new_pushed else []
    return Slide(key="signals", title=t("review.slide.signals"), subtitle=t("review.subtitle.signals"),
                 tables=[weak, pushed, stalled], bullets=bullets)


# How smart.analytics.variance.change_distribution states a change: relative for these units, a difference
# (points for a rate) for the others.
RELATIVE_CHANGE_UNITS = ("money", "count", "days")


def _kpi_value(t: Translator, kpi_id: str, value: Any) -> str:
    return t.measure(get_kpi(kpi_id).unit, value, compact=True)


def _change(t: Translator, kpi_id: str, change: Any) -> str:
    unit = get_kpi(kpi_id).unit
    return t.signed_percent(change, 0) if unit in RELATIVE_CHANGE_UNITS else t.signed_measure(unit, change)


def reps_slide(figures: dict[str, Any], t: Translator, changes: dict[str, Any]) -> Slide:
    """Each rep's year to date against last year's and the last review's, with the top and fastest-growing rep."""
    reps = figures["reps"]
    before = changes.get("reps") or {}
    rows = []
    for rep in reps:
        growth = (rep["revenue"] - rep["revenue_last_year"]) / rep["revenue_last_year"] \
            if rep["revenue_last_year"] else None
        since = None if before.get(rep["owner"]) is None else rep["revenue"] - before[rep["owner"]]
        rows.append([rep["owner"], rep["team"] or "–", t.compact_money(rep["revenue"]), t.number(rep["deals_won"]),
                     t.percent(rep["win_rate"], 0), t.signed_percent(growth, 0),
                     "–" if since is None else t.signed_measure("money", since, compact=True)])
    bullets = []
    if reps:
        top = reps[0]
        bullets.append(t("review.reps.top", owner=top["owner"], revenue=t.compact_money(top["revenue"])))
        growing = [rep for rep in reps if rep["revenue_last_year"]]
        if growing:
            best = max(growing, key=lambda rep: rep["revenue"] / rep["revenue_last_year"])
            bullets.append(t("review.reps.growth", owner=best["owner"],
                             growth=t.signed_percent(best["revenue"] / best["revenue_last_year"] - 1, 0)))
    table = Table(t("review.table.reps"),
                  [t("review.col.rep"), t("review.col.team"),
                   *(get_kpi(kpi_id).short_label(t.lang) for kpi_id in REVIEW_REP_KPIS),
                   t("review.col.vs_last_year"), t("review.col.since_last")],
                  rows, t("review.empty.reps"))
    return Slide(key="reps", title=t("review.slide.reps"), subtitle=t("review.subtitle.reps"), tables=[table],
                 bullets=bullets)


def decisions_slide(figures: dict[str, Any], t: Translator, notes: list[Note]) -> Slide:
    """The decisions of earlier reviews to follow up, this review's notes, and the actions due."""
    follow = [t("review.decisions.follow", date=_day(t, decision["review_on"]), body=decision["body"])
              for decision in figures["decisions_to_follow"]]
    taken = [t(f"review.kind.{note.kind}") + " — " + note.body for note in notes]
    actions = Table(
        t("review.table.actions_due"),
        [t("review.col.action"), t("review.col.objective"), t("review.col.owner"), t("review.col.due"),
         t("review.col.status")],
        [[action["title"], action["objective"] or "–", action["owner"] or "–",
          _day(t, action["due_on"]) + (" — " + t("review.overdue") if action["overdue"] else ""),
          _action_status(t, action["status"])] for action in figures["actions_due"]],
        t("review.empty.actions_due"),
    )
    bullets = follow + taken or [t("review.decisions.none")]
    return Slide(key="decisions", title=t("review.slide.decisions"), subtitle=t("review.subtitle.decisions"),
                 tables=[actions], bullets=bullets)


def _whole_scope(figures: dict[str, Any], t: Translator) -> str:
    """What a weak signal without a team is about: the company, or (in a rep's review) their own figures."""
    return t("review.scope.own") if figures.get("scope") else t("review.company")
