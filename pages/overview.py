"""Overview: the headline KPI cards, the objectives at a glance, the weak signals and how fresh the data is."""

from __future__ import annotations

import streamlit as st

import ui
from smart.analytics import has_deals, has_leads
from ui.overview_views import comparison_caption, data_freshness, kpi_cards, objectives_at_a_glance, weak_signals


def render() -> None:
    if not ui.compute(has_deals) and not ui.compute(has_leads):
        ui.empty_state(t)
        return
    filters, today = ui.current_filters(), ui.today()
    objectives = ui.objectives(filters)
    ui.currency_notice(t, filters)
    st.caption(comparison_caption(t, filters, today))
    kpi_cards(t, filters, today, objectives)
    objectives_at_a_glance(t, objectives)
    left, right = st.columns([3, 2], gap="large")
    with left:
        weak_signals(t, filters, today, objectives)
    with right:
        data_freshness(t, today)


ui.require_frame()
t = ui.translator()
ui.page_header(t, "overview")
ui.guarded(t, render)
