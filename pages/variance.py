"""Variance: plan against actual for every objective, the actual against the imported plan month by month and by
its team, rep or product, and what explains the revenue change (lead volume, conversion, deals won, deal size), for
the whole company, by team and by rep."""

from __future__ import annotations

import streamlit as st

import ui
from smart.analytics import has_deals, has_leads, year_before
from ui.variance_views import bridge_section, by_section, imported_plan_section, plan_section


def render() -> None:
    if not ui.compute(has_deals) and not ui.compute(has_leads):
        ui.empty_state(t, "empty.deals")
        return
    filters = ui.current_filters()
    ui.currency_notice(t, filters)
    st.subheader(t("variance.plan"), anchor=False)
    plan_section(t, filters)
    st.subheader(t("variance.plan_actual"), anchor=False)
    imported_plan_section(t, filters)
    st.subheader(t("variance.bridge"), anchor=False)
    ranges = year_before(filters, ui.today())
    if ranges is None:
        st.info(t("variance.no_base"), icon=":material/date_range:")
        return
    bridge_section(t, *ranges)
    st.subheader(t("variance.by_title"), anchor=False)
    by_section(t, *ranges)


ui.require_frame()
t = ui.translator()
ui.page_header(t, "variance")
ui.guarded(t, render)
