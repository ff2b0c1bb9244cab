"""Overview: the headline KPI cards, the objectives at a glance, the weak signals and how fresh the data is."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd
import streamlit as st

import ui
from smart.analytics import (
    CARD_KPIS,
    DRILL_LIMIT,
    Filters,
    PushedBack,
    control_signals,
    get_kpi,
    has_deals,
    has_leads,
    kpi_card,
    previous_span,
    pushed_back,
    pushed_close_dates,
)
from smart.freshness import freshness
from smart.i18n import MISSING, Translator
from smart.objectives import objective_for_scope

ui.require_frame()
t = ui.translator()
ui.page_header(t, "overview")
STALE_AFTER_DAYS = 14
PUSHED_OPEN_KEY = "overview.pushed.open"
CARDS_PER_ROW = 3


def kpi_cards(filters: Filters, today: dt.date, objectives: pd.DataFrame) -> None:
    """Rows of cards: value to date, change against the comparable previous range, gap to the objective. Three
    to a row: six in one row left a card narrower than "13,1 M€" on a 1366-pixel screen, cut to "13,1 …"."""
    with st.container(key="overview.cards"):
        for first in range(0, len(CARD_KPIS), CARDS_PER_ROW):
            with st.container(horizontal=True):
                for kpi_id in CARD_KPIS[first:first + CARDS_PER_ROW]:
                    render_kpi_card(kpi_id, filters, today, objectives)


def render_kpi_card(kpi_id: str, filters: Filters, today: dt.date, objectives: pd.DataFrame) -> None:
    kpi = get_kpi(kpi_id)
    if kpi.records == "leads" and not ui.compute(has_leads):
        with st.container(border=True, width="stretch", gap="small"):  # no leads file: nothing to count, not 0
            st.metric(t(f"card.{kpi_id}"), MISSING, help=f"{kpi.label(t.lang)}: {kpi.definition(t.lang)}")
            st.caption(t("overview.card.no_leads"))
        return
    card = ui.compute(kpi_card, kpi_id, filters, today)
    with st.container(border=True, width="stretch", gap="small"):
        st.metric(
            t(f"card.{kpi_id}"), t.measure(kpi.unit, card.value, compact=True),
            delta=ui.kpi_change_text(t, kpi.unit, card.value, card.previous),
            delta_color="normal" if kpi.higher_is_better else "inverse",
            help=f"{kpi.label(t.lang)}: {kpi.definition(t.lang)}", chart_data=list(card.sparkline) or None,
            chart_type="bar" if kpi.kind == "sum" else "line",
        )
        st.caption(objective_gap(objective_for_scope(objectives, kpi_id, filters), kpi.unit))


def objective_gap(row: pd.Series | None, unit: str) -> str:
    """The gap to plan of the card's objective (on its KPI and its scope), or that there is none."""
    if row is not None and row["status"] == "no_data":
        return t("overview.gap_no_target", status=t("status.objective.no_data"))
    if row is None or pd.isna(row["gap"]):
        return t("overview.no_objective")
    return t("overview.gap", gap=t.signed_measure(unit, row["gap"], compact=True),
             status=t(f"status.objective.{row['status']}"))


def objectives_at_a_glance(objectives: pd.DataFrame) -> None:
    st.subheader(t("overview.objectives"), anchor=False)
    if objectives.empty:
        st.info(t("overview.no_objectives"), icon=":material/flag:")
        st.page_link("pages/objectives.py", label=t("nav.objectives"), icon=":material/flag:")
        return
    shown = pd.DataFrame({
        "title": objectives["title"],
        "status": [t(f"status.objective.{s}") for s in objectives["status"]],
        "progress": objectives["progress"],
        **ui.objective_measures(t, objectives, ("actual", "expected", "projection", "target")),
        "probability": objectives["probability"],
    })
    labels = {column: t(f"objective.{column}") for column in shown.columns}
    config = {column: st.column_config.TextColumn(label) for column, label in labels.items()}
    config["progress"] = ui.share_column(labels["progress"], t("objective.progress_help"))
    config["probability"] = ui.share_column(labels["probability"], t("objective.probability_help"))
    export = objectives[["title", "kpi", "status", "progress", "actual", "expected", "projection", "target",
                         "probability", "deadline"]].rename(columns=lambda c: t(f"objective.{c}"))
    ui.table_block(t, shown, "overview.objectives", column_config=config, export=export)


def weak_signals(filters: Filters, today: dt.date, objectives: pd.DataFrame) -> None:
    st.subheader(t("overview.signals"), anchor=False)
    found = False
    for row in ui.compute(control_signals, filters, today).itertuples():
        kpi = get_kpi(row.kpi)
        change = t.points(row.change) if kpi.unit == "percent" else t.signed_percent(row.change)
        st.warning(t("signal.control", kpi=ui.plain(kpi.label(t.lang)), month=t.month(row.period), change=change),
                   icon=":material/monitoring:")
        found = True
    for row in objectives[objectives["widening"]].itertuples():
        st.warning(t("signal.widening", title=ui.plain(row.title), now=t.signed_percent(row.relative_gap),
                     before=t.signed_percent(row.previous_relative_gap)), icon=":material/trending_down:")
        found = True
    pushed = ui.compute(pushed_back, filters, DRILL_LIMIT)
    if pushed.deals:
        found = True
        st.warning(t("signal.pushed", count=t.number(pushed.deals), amount=t.compact_money(pushed.amount)),
                   icon=":material/event_repeat:")
        # Drawn only once opened (a rerun): a table is the costliest element for Streamlit to send, and most visits
        # of the Overview leave this one closed.
        with st.expander(t("signal.pushed_deals"), key=PUSHED_OPEN_KEY, on_change="rerun") as box:
            if box.open:
                pushed_deals(filters, pushed)
    if not found:
        st.success(t("signal.none"), icon=":material/check_circle:")


def pushed_deals(filters: Filters, pushed: PushedBack) -> None:
    """The deals pushed back the most (on a large company, the first ``DRILL_LIMIT`` of them, said above the
    table); the downloads hold every one, read when clicked."""
    shown = readable_pushed(t, pushed.listed)
    labels = {column: t(f"deal.{column}") for column in shown.columns}
    complete = pushed.deals <= len(pushed.listed)
    if not complete:
        st.caption(t("load.pushed.listed", shown=t.number(len(pushed.listed)), count=t.number(pushed.deals)))
    ui.table_block(t, shown, "overview.pushed", column_config=ui.deal_columns(labels),
                   export=shown.rename(columns=labels) if complete else every_pushed_deal(filters, labels))


def every_pushed_deal(filters: Filters, labels: dict[str, str]) -> Callable[[], pd.DataFrame]:
    """Every pushed deal as the downloads hold it, read when a download is clicked."""
    read, translator = ui.deferred_reading(pushed_close_dates, filters), t
    return lambda: readable_pushed(translator, read()).rename(columns=labels)


def readable_pushed(translator: Translator, pushed: pd.DataFrame) -> pd.DataFrame:
    """Pushed deals as the table shows them: without their key, "No rep" where a deal has none."""
    return ui.with_dimension_labels(translator, pushed.drop(columns=["source", "crm_id"]), ui.DEAL_DIMENSIONS)


def data_freshness(today: dt.date) -> None:
    st.subheader(t("overview.freshness"), anchor=False)
    fresh = ui.compute(freshness, today, ui.data_extent())
    with st.container(border=True):
        if fresh.file_name is not None:
            st.caption(t("fresh.latest_import"))
            st.text(fresh.file_name)
            kind = t.get(f"fresh.kind.{fresh.kind}", ui.plain(fresh.kind))
            st.caption(t("fresh.imported", kind=kind, when=t.date(fresh.imported_at), rows=t.number(fresh.rows)))
        if fresh.newest_fact is not None:
            st.metric(t("fresh.newest"), t.date(fresh.newest_fact),
                      delta=t("fresh.age", days=t.number(fresh.age_days)) if fresh.age_days else t("fresh.today"),
                      delta_color="off", delta_arrow="off")
            if fresh.age_days is not None and fresh.age_days > STALE_AFTER_DAYS:
                st.warning(t("fresh.stale", days=t.number(fresh.age_days)), icon=":material/history:")


def render() -> None:
    if not ui.compute(has_deals) and not ui.compute(has_leads):
        ui.empty_state(t)
        return
    filters, today = ui.current_filters(), ui.today()
    objectives = ui.objectives(filters)
    ui.currency_notice(t, filters)
    st.caption(comparison_caption(filters, today))
    kpi_cards(filters, today, objectives)
    objectives_at_a_glance(objectives)
    left, right = st.columns([3, 2], gap="large")
    with left:
        weak_signals(filters, today, objectives)
    with right:
        data_freshness(today)


def comparison_caption(filters: Filters, today: dt.date) -> str:
    """What the cards' changes compare with, spelled out once above them."""
    if filters.start is None or filters.end is None:
        return t("overview.no_comparison")
    start, end, previous_start, previous_end = previous_span(filters.start, filters.end, today)
    return t("overview.comparison", start=t.date(start), end=t.date(end), previous_start=t.date(previous_start),
             previous_end=t.date(previous_end))


ui.guarded(t, render)
