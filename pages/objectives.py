"""Objectives: the list with progress and status, one objective's pace, SMART card and actions, and the
create form whose SMART checker reruns as the user types. Everyone sees the objectives of their scope; only those
who may write for an objective (a manager of its team, an admin) see the controls that change it."""

from __future__ import annotations

import streamlit as st

import ui
from smart.access import WRITE_OBJECTIVES
from smart.objectives import list_objectives
from ui.objective_views import render_create, render_detail, render_list


def render() -> None:
    today = ui.today()
    flash = st.session_state.pop("objectives.flash", None)
    if flash:
        st.success(flash, icon=":material/check:")
    objectives = ui.compute(list_objectives)
    results = {o.id: ui.objective_progress(o, today) for o in objectives}
    writer = ui.may(WRITE_OBJECTIVES)
    if not writer:
        st.caption(t("access.read_only", role=t(f"access.role.{ui.viewer().role}")))
    names = [t("objectives.tab.list"), t("objectives.tab.detail"), *([t("objectives.tab.new")] if writer else [])]
    tabs = st.tabs(names)
    with tabs[0]:
        render_list(t, objectives, results)
    with tabs[1]:
        render_detail(t, objectives, results, today)
    if writer:
        with tabs[2]:
            render_create(t, objectives, today)


ui.require_frame()
t = ui.translator()
ui.page_header(t, "objectives")
ui.guarded(t, render)
