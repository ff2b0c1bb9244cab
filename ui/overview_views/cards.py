"""The Overview's headline KPI cards: each KPI's value to date, its change against the comparable previous range
(said once above the cards), its sparkline and the gap to its objective."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

import ui
from smart.analytics import CARD_KPIS, Filters, get_kpi, has_leads, kpi_card, previous_span
from smart.i18n import MISSING, Translator
from smart.objectives import objective_for_scope

CARDS_PER_ROW = 3


def kpi_cards(t: Translator, filters: Filters, today: dt.date, objectives: pd.DataFrame) -> None:
    """Rows of cards: value to date, change against the comparable previous range, gap to the objective. Three
    to a row: six in one row left a card narrower than "13,1 M€" on a 1366-pixel screen, cut to "13,1 …"."""
    with st.container(key="overview.cards"):
        for first in range(0, len(CARD_KPIS), CARDS_PER_ROW):
            with st.container(horizontal=True):
                for kpi_id in CARD_KPIS[first:first + CARDS_PER_ROW]:
                    render_kpi_card(t, kpi_id, filters, today, objectives)


def render_kpi_card(t: Translator, kpi_id: str, filters: Filters, today: dt.date, objectives: pd.DataFrame) -> None:
    """One KPI's card; a KPI of leads with no leads file says so instead of showing 0."""
    kpi = get_kpi(kpi_id)
    if kpi.records == "leads" and not ui.compute(has_leads):
        with st.container(border=True, width="stretch", gap="small"):  # no leads file: nothing to count, not 0
            st.metric(kpi.short_label(t.lang), MISSING, help=f"{kpi.label(t.lang)}: {kpi.definition(t.lang)}")
            st.caption(t("overview.card.no_leads"))
        return
    card = ui.compute(kpi_card, kpi_id, filters, today)
    with st.container(border=True, width="stretch", gap="small"):
        st.metric(
            kpi.short_label(t.lang), t.measure(kpi.unit, card.value, compact=True),
            delta=ui.kpi_change_text(t, kpi.unit, card.value, card.previous),
            delta_color="normal" if kpi.higher_is_better else "inverse",
            help=f"{kpi.label(t.lang)}: {kpi.definition(t.lang)}", chart_data=list(card.sparkline) or None,
            chart_type="bar" if kpi.kind == "sum" else "line",
        )
        st.caption(objective_gap(t, objective_for_scope(objectives, kpi_id, filters), kpi.unit))


def objective_gap(t: Translator, row: pd.Series | None, unit: str) -> str:
    """The gap to plan of the card's objective (on its KPI and its scope), or that there is none."""
    if row is not None and row["status"] == "no_data":
        return t("overview.gap_no_target", status=t("status.objective.no_data"))
    if row is None or pd.isna(row["gap"]):
        return t("overview.no_objective")
    return t("overview.gap", gap=t.signed_measure(unit, row["gap"], compact=True),
             status=t(f"status.objective.{row['status']}"))


def comparison_caption(t: Translator, filters: Filters, today: dt.date) -> str:
    """What the cards' changes compare with, spelled out once above them."""
    if filters.start is None or filters.end is None:
        return t("overview.no_comparison")
    start, end, previous_start, previous_end = previous_span(filters.start, filters.end, today)
    return t("overview.comparison", start=t.date(start), end=t.date(end), previous_start=t.date(previous_start),
             previous_end=t.date(previous_end))

