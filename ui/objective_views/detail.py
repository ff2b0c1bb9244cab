"""One objective on the Objectives page: its pace, figures, SMART card, actions, revisions and archiving."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

import ui
from smart.access import WRITE_OBJECTIVES
from smart.analytics import DEFAULT_COHORT_WINDOW_DAYS, get_kpi
from smart.charts import axis_format, localised, pace_chart
from smart.i18n import Translator
from smart.objectives import (
    Objective,
    ObjectiveError,
    Progress,
    add_action,
    add_proposed_actions,
    archive_objective,
    baseline_window,
    first_measured_day,
    list_actions,
    proposed_action_keys,
    revise_objective,
    revisions,
)
from ui.objective_views.common import fmt, render_card, target_text


def metric_delta(t: Translator, unit: str, gap: float | None) -> str | None:
    """A gap for st.metric's delta, in the KPI's unit (a rate's in points)."""
    return None if gap is None else ui.metric_delta(t.signed_measure(unit, gap, compact=True))


def render_metrics(t: Translator, objective: Objective, p: Progress) -> None:
    unit = get_kpi(objective.kpi, ui.get_store()).unit
    cols = [*st.columns(3), *st.columns(3)]
    cols[0].metric(t("objective.target"), t.measure(unit, p.target, compact=True))
    cols[1].metric(t("objectives.col.actual"), t.measure(unit, p.actual, compact=True))
    cols[2].metric(t("objectives.col.expected"), t.measure(unit, p.expected, compact=True),
                   delta=metric_delta(t, unit, p.gap), delta_color="normal" if p.sign > 0 else "inverse")
    cols[3].metric(t("objectives.col.projection"), t.measure(unit, p.projection, compact=True))
    cols[4].metric(t("objectives.col.probability"), t.percent(p.probability, 0))
    with cols[5]:
        st.caption(t("objective.status"))
        ui.status_badge(t(f"status.objective.{p.status}"), p.status)
    st.caption(t("objectives.page.method", run_rate=fmt(t, objective.kpi, p.projection_run_rate),
                 forecast=fmt(t, objective.kpi, p.projection_forecast), low=fmt(t, objective.kpi, p.band_low),
                 high=fmt(t, objective.kpi, p.band_high)))
    render_cohort_cutoff(t, objective, p)
    if p.planned:
        st.caption(t("objectives.page.follows_plan"))
    elif objective.expected_path == "plan":
        st.caption(t("objectives.page.plan_missing"))


def render_no_target(t: Translator, objective: Objective) -> None:
    """Say why an objective has no target: its baseline period has no data (it is never shown as met on 0)."""
    assert objective.start_on is not None and objective.deadline is not None
    first, last = baseline_window(objective.start_on, objective.deadline)
    st.warning(t("objectives.page.no_target", period=t("period.range", start=t.date(first), end=t.date(last))),
               icon=":material/help:")


def render_cohort_cutoff(t: Translator, objective: Objective, p: Progress) -> None:
    """Say which leads a cohort conversion objective is measured on (the younger ones are still converting)."""
    assert objective.start_on is not None and objective.deadline is not None
    if not get_kpi(objective.kpi, ui.get_store()).cohort or p.today < objective.start_on or \
            p.measured_until >= objective.deadline:
        return
    if p.measured_until >= objective.start_on:
        st.caption(t("objectives.page.cohort_cutoff", date=t.date(p.measured_until), days=DEFAULT_COHORT_WINDOW_DAYS))
    else:
        st.caption(t("objectives.page.cohort_too_early", date=t.date(first_measured_day(objective.start_on)),
                     days=DEFAULT_COHORT_WINDOW_DAYS))


def render_pace(t: Translator, objective: Objective, p: Progress) -> None:
    kpi = get_kpi(objective.kpi, ui.get_store())
    paths, resolved = ui.objective_pace(objective, p)
    targets = [{"label": t("chart.target" if kind == "current" else "objectives.chart.original_target",
                           value=t.measure(kpi.unit, value)), "value": value, "kind": kind}
               for kind, value in resolved]
    labels = {s: t(f"objectives.chart.{s}") for s in ("actual", "expected", "projection")}
    title = kpi.label(t.lang) + (" " + t("objectives.chart.cumulative") if kpi.additive else "")
    chart = pace_chart(paths, pd.DataFrame(targets, columns=["label", "value", "kind"]), labels, y_title=title,
                       y_format=axis_format(kpi.unit))
    st.altair_chart(localised(chart, t), width="stretch")


def render_actions(t: Translator, objective: Objective, p: Progress, writable: bool) -> None:
    store = ui.get_store()
    st.subheader(t("objectives.actions.header"))
    actions = list_actions(store, objective.id)
    if actions.empty:
        st.caption(t("objectives.actions.none"))
    else:
        shown = pd.DataFrame({
            t("objectives.actions.what"): actions["title"],
            t("objectives.actions.owner"): actions["owner"].fillna(""),
            t("objectives.actions.due"): [t.date(d) if pd.notna(d) else "" for d in actions["due_on"]],
            t("objectives.actions.status"): [t(f"objectives.action_status.{s}") for s in actions["status"]],
            t("objectives.actions.added_by"): [ui.who(t, who) for who in actions["created_by"]],
            t("objectives.actions.added_on"): [t.date(pd.Timestamp(d).date()) if pd.notna(d) else ""
                                               for d in actions["created_at"]],
        })
        st.dataframe(shown, hide_index=True, width="stretch")
    if not writable:
        return
    proposals = proposed_action_keys(objective, p.status)
    if proposals:
        st.warning(t("objectives.actions.proposed_intro") + "\n\n" + "\n".join(f"- {t(k)}" for k in proposals),
                   icon=":material/lightbulb:")
        if st.button(t("objectives.actions.add_proposed"), key="objectives.actions.propose"):
            added = add_proposed_actions(store, objective, p.status, [t(k) for k in proposals],
                                         due_on=p.today + dt.timedelta(days=14), actor=ui.viewer())
            ui.clear_data_caches()
            st.toast(t("objectives.actions.added", count=len(added)), icon=":material/check:")
            st.rerun()
    with st.expander(t("objectives.actions.new"), icon=":material/add_task:"):
        what = st.text_input(t("objectives.actions.what"), key="objectives.action.title")
        owner = st.text_input(t("objectives.actions.owner"), key="objectives.action.owner")
        due = st.date_input(t("objectives.actions.due"), value=p.today + dt.timedelta(days=14),
                            key="objectives.action.due", format="DD/MM/YYYY")
        if st.button(t("objectives.actions.add"), key="objectives.action.add"):
            try:
                add_action(store, objective.id, what, owner or None, due, actor=ui.viewer())
            except ObjectiveError:
                st.error(t("objectives.actions.need_title"), icon=":material/error:")
            else:
                ui.clear_data_caches()
                st.rerun()


def render_revise(t: Translator, objective: Objective, writable: bool) -> None:
    store = ui.get_store()
    with st.expander(t("objectives.revise.header"), icon=":material/edit:"):
        if writable:
            revise_form(t, objective)
        history = revisions(store, objective.id)
        if not history.empty:
            st.dataframe(pd.DataFrame({
                t("objectives.revise.when"): [t.date(d) for d in history["revised_at"]],
                t("objectives.revise.field"): history["field"],
                t("objectives.revise.old"): history["old_value"].fillna(""),
                t("objectives.revise.new"): history["new_value"].fillna(""),
                t("objectives.revise.reason"): history["reason"],
                t("objectives.revise.by"): [ui.who(t, who) for who in history["revised_by"]],
            }), hide_index=True, width="stretch")


def revise_form(t: Translator, objective: Objective) -> None:
    """A new target or deadline, with the reason, for those who may write the objective."""
    st.caption(t("objectives.revise.help"))
    target = st.number_input(t("objectives.form.target"), value=float(objective.target_input or 0),
                             key="objectives.revise.target")
    deadline = st.date_input(t("objective.deadline"), value=objective.deadline,
                             key="objectives.revise.deadline", format="DD/MM/YYYY")
    baseline = st.number_input(t("objectives.form.baseline"), value=objective.baseline_input,
                               key="objectives.revise.baseline", placeholder=t("objectives.form.baseline_placeholder"),
                               help=t("objectives.form.baseline_help"))
    reason = st.text_input(t("objectives.revise.reason"), key="objectives.revise.reason")
    if not st.button(t("objectives.revise.save"), key="objectives.revise.save", type="primary"):
        return
    if not reason.strip():
        st.error(t("objectives.revise.need_reason"), icon=":material/error:")
        return
    try:
        changed = revise_objective(ui.get_store(), objective.id, reason, target_input=float(target),
                                   deadline=deadline, baseline_input=None if baseline is None else float(baseline),
                                   actor=ui.viewer())
    except ObjectiveError as error:
        st.error(t("objectives.error", message=ui.plain(error)), icon=":material/error:")
        return
    ui.clear_data_caches()
    st.session_state["objectives.flash"] = t("objectives.revise.saved", count=len(changed))
    st.rerun()


ARCHIVE_OPEN_KEY = "objectives.archive.open"


def confirm_archive(t: Translator, objective: Objective) -> None:
    """The confirmation stays open across reruns (a session flag) until confirmed, cancelled or dismissed."""
    def archive() -> None:
        archive_objective(ui.get_store(), objective.id, t("objectives.archive.reason"), actor=ui.viewer())
        ui.clear_data_caches()
        st.session_state["objectives.flash"] = t("objectives.archive.done", title=ui.plain(objective.title))
        st.session_state["objectives.select_next"] = -1

    ui.confirm(t, t("objectives.archive.header"), t("objectives.archive.confirm", title=ui.plain(objective.title)),
               "objectives.archive", archive, open_key=ARCHIVE_OPEN_KEY)


def render_detail(t: Translator, objectives: list[Objective], results: dict[int, Progress], today: dt.date) -> None:
    if not objectives:
        st.info(t("objectives.page.none"), icon=":material/flag:")
        return
    ids = [o.id for o in objectives]
    by_id = {o.id: o for o in objectives}
    pending = st.session_state.pop("objectives.select_next", None)
    if pending is not None:
        st.session_state["objectives.detail.id"] = pending if pending in ids else ids[0]
    chosen = st.selectbox(t("objective.title"), ids, format_func=lambda i: by_id[i].title,
                          key="objectives.detail.id")
    objective = by_id[chosen]
    p = results[chosen]
    scope = t(f"objectives.scope.{objective.scope_type}") + (f" · {ui.plain(objective.scope_value)}"
                                                               if objective.scope_value else "")
    st.markdown(t("objectives.detail.summary", target=target_text(t, objective), scope=scope,
                  start=t.date(objective.start_on), deadline=t.date(objective.deadline),
                  owner=ui.plain(objective.owner or "–")))
    if p.status == "no_data":
        render_no_target(t, objective)
    render_metrics(t, objective, p)
    render_pace(t, objective, p)
    st.subheader(t("objectives.card.header"))
    render_card(t, objective, today, "objectives.card", p)
    writable = ui.may_write_for(objective.scope_type, objective.scope_value)
    if not writable and ui.may(WRITE_OBJECTIVES):
        st.caption(t("access.not_your_team"))
    render_actions(t, objective, p, writable)
    render_revise(t, objective, writable)
    if not writable:
        return
    if st.button(t("objectives.archive.button"), icon=":material/archive:", key="objectives.archive"):
        st.session_state[ARCHIVE_OPEN_KEY] = objective.id
    if st.session_state.get(ARCHIVE_OPEN_KEY) == objective.id:
        confirm_archive(t, objective)


