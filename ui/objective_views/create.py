"""The Objectives page's create form, whose SMART checker reruns as the user types, and the plan's target."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

import ui
from smart import dimensions
from smart.analytics import available_kpis, get_kpi, plan_for_scope, plan_kpis, planned_between
from smart.i18n import Translator
from smart.objectives import (
    CHECKPOINT_GRAINS,
    DIRECTIONS,
    OBJECTIVE_GRAINS,
    SCOPE_TYPES,
    TARGET_MODES,
    Objective,
    ObjectiveError,
    create_objective,
    grain_periods,
    months_in,
    parse_typed_date,
)
from ui.objective_views.common import render_card


def plan_grain(start: dt.date, deadline: dt.date) -> str:
    """The grain a target taken from the plan is stated in: the whole window when it is a year or a quarter (or
    several), else per month."""
    months = months_in(start, deadline)
    if months % 12 == 0:
        return "year"
    return "quarter" if months % 3 == 0 else "month"


def plan_target(t: Translator, kpi_id: str, scope_type: str, scope_value: str | None, start: dt.date,
                deadline: dt.date) -> tuple[bool, float | None]:
    """The "Use the imported plan" choice, offered when the plan covers the objective's months for its KPI and
    scope: whether it is taken, and then the plan's total over the window (the objective's target)."""
    if kpi_id not in ui.compute(plan_kpis) or not start or not deadline or deadline <= start:
        return False, None
    plan = ui.compute(plan_for_scope, kpi_id, scope_type, scope_value, start, deadline)
    if plan is None:
        st.caption(t("objectives.form.plan_not_covering", start=t.date(start), deadline=t.date(deadline)))
        return False, None
    if not st.checkbox(t("objectives.form.use_plan"), key="objectives.new.use_plan",
                       help=t("objectives.form.use_plan_help")):
        return False, None
    total = planned_between(plan, start, deadline)
    unit = get_kpi(kpi_id, ui.get_store()).unit
    st.caption(t("objectives.form.plan_total", start=t.date(start), deadline=t.date(deadline),
                 total=t.measure(unit, total)))
    return True, total


def typed_date(t: Translator, label: str, key: str, default: dt.date) -> dt.date | None:
    """A day typed as 31/12/2026 in a text field that commits as the user types (a pause of 250 ms): a date
    picker commits only when it loses the focus, and the checker below stayed on the old date until then."""
    if key not in st.session_state:
        st.session_state[key] = default.strftime("%d/%m/%Y")
    text = st.text_input(label, key=key, live=True, placeholder=t("objectives.form.date_placeholder"))
    day = parse_typed_date(text)
    if day is None and text.strip():
        st.caption(t("objectives.form.date_invalid", value=ui.plain(text)))
    return day


def render_create(t: Translator, objectives: list[Objective], today: dt.date) -> None:
    """The create form: plain widgets (not an st.form) that commit as the user types or picks, so that the checker
    below reruns on every change. The right column is drawn first in the code (the plan's choice on the left needs
    its dates), not on the page."""
    store = ui.get_store()
    options = ui.compute(dimensions.filter_options)
    kpis = ui.compute(available_kpis)
    scope_types = tuple(s for s in SCOPE_TYPES if s != "company" or ui.may_write_for("company", None))
    left, right = st.columns(2)
    with left:
        title = st.text_input(t("objectives.form.title"), key="objectives.new.title", live=True,
                              placeholder=t("objectives.form.title_hint"))
        kpi_id = st.selectbox(t("objective.kpi"), kpis, key="objectives.new.kpi",
                              format_func=lambda k: get_kpi(k, store).label(t.lang))
        kpi = get_kpi(kpi_id, store)
        scope_type = st.segmented_control(t("objectives.form.scope"), scope_types, key="objectives.new.scope",
                                          default=scope_types[0], format_func=lambda s: t(f"objectives.scope.{s}"))
        scope_value = None
        if scope_type in ("team", "rep"):
            scope_value = st.selectbox(t(f"objectives.scope.{scope_type}"),
                                       options["team" if scope_type == "team" else "owner"],
                                       key=f"objectives.new.scope_value.{scope_type}")
    with right:
        grain = st.selectbox(t("objectives.form.grain"), OBJECTIVE_GRAINS, index=3, key="objectives.new.grain",
                             format_func=lambda g: t(f"objectives.grain.{g}"))
        start = typed_date(t, t("objectives.form.start"), "objectives.new.start",
                           dt.date(today.year, today.month, 1))
        deadline = typed_date(t, t("objective.deadline"), "objectives.new.deadline",
                              (pd.Timestamp(today) + pd.offsets.QuarterEnd(1)).date())
        checkpoint = st.selectbox(t("objectives.form.checkpoints"), CHECKPOINT_GRAINS, key="objectives.new.checkpoint",
                                  format_func=lambda g: t(f"objectives.checkpoint.{g}"))
        owner = st.text_input(t("objectives.form.owner"), key="objectives.new.owner", live=True)
        theme = st.text_input(t("objectives.form.theme"), key="objectives.new.theme", live=True)
        parents = [None] + [o.id for o in objectives]
        titles = {o.id: o.title for o in objectives}
        parent = st.selectbox(t("objectives.form.parent"), parents, key="objectives.new.parent",
                              format_func=lambda i: t("objectives.form.no_parent") if i is None else titles[i])
    with left:
        use_plan, plan_total = plan_target(t, kpi_id, scope_type or scope_types[0], scope_value, start, deadline)
        if use_plan:
            grain = plan_grain(start, deadline)
            direction, mode, target = "increase", "absolute", plan_total / grain_periods(start, deadline, grain)
        else:
            direction = st.selectbox(t("objectives.form.direction"), DIRECTIONS, key="objectives.new.direction",
                                     format_func=lambda d: t(f"objectives.direction.{d}"))
            mode = st.selectbox(t("objectives.form.mode"), TARGET_MODES, key="objectives.new.mode", index=1,
                                format_func=lambda m: t(f"objectives.mode.{m}"))
            target = st.number_input(t("objectives.form.target"), value=10.0, key="objectives.new.target")
        baseline = None if use_plan else st.number_input(
            t("objectives.form.baseline"), value=None, key="objectives.new.baseline",
            placeholder=t("objectives.form.baseline_placeholder"), help=t("objectives.form.baseline_help"))
        statistic = None
        if kpi.stats_allowed:
            statistic = st.radio(t("objectives.form.statistic"), ("mean", "median"), key="objectives.new.statistic",
                                 horizontal=True, format_func=lambda s: t(f"kpi.stat.{s}"))
    draft = Objective(title=title, kpi=kpi_id, target_input=target, start_on=start, deadline=deadline,
                      direction=direction, target_mode=mode, scope_type=scope_type or scope_types[0],
                      scope_value=scope_value, statistic=statistic, grain=grain, owner=owner or None,
                      theme=theme or None, parent_id=parent, checkpoint_grain=checkpoint,
                      expected_path="plan" if use_plan else "history",
                      baseline_input=None if baseline is None else float(baseline))
    st.subheader(t("objectives.card.live"))
    render_card(t, draft, today, "objectives.new.card")
    if st.button(t("objectives.form.create"), type="primary", key="objectives.new.create",
                 icon=":material/flag:"):
        try:
            new_id = create_objective(store, draft, actor=ui.viewer())
        except ObjectiveError as error:
            st.error(t("objectives.error", message=ui.plain(error)), icon=":material/error:")
            return
        ui.clear_data_caches()
        st.session_state["objectives.flash"] = t("objectives.form.created", title=ui.plain(title))
        st.session_state["objectives.select_next"] = new_id
        st.rerun()


