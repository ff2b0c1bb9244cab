"""Team: one row per rep with their KPIs and individual objectives; clicking a rep narrows every page to them."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import ui
from smart.analytics import TEAM_KPIS, get_kpi, has_deals, has_leads, team_table

ui.require_frame()
t = ui.translator()
ui.page_header(t, "team")
TABLE_KEY = "team.table"
KPI_COLUMNS = tuple(TEAM_KPIS)


def pick_rep() -> None:
    """Row clicked: narrow the global rep filter (sidebar and URL) to that rep. The callback runs before the
    rerun, with the filters the table was drawn with, so the cached table gives the rows in the same order."""
    rows = st.session_state[TABLE_KEY]["selection"]["rows"]
    reps = ui.compute(team_table, ui.current_filters(), ui.today())["owner"]
    if rows and rows[0] < len(reps):
        ui.set_owner_filter([reps.iloc[rows[0]]])


def with_objectives(table: pd.DataFrame, objectives: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, str]]:
    """One progress column per KPI that reps have individual objectives on (0..1, empty for reps without)."""
    mine = objectives[objectives["scope_type"] == "rep"]
    labels = {}
    for kpi_id, rows in mine.groupby("kpi", sort=True):
        column = f"objective_{kpi_id}"
        progress = rows.drop_duplicates("scope_value").set_index("scope_value")["progress"]
        table[column] = table["owner"].map(progress).astype("float64")
        labels[column] = t("team.objective", kpi=get_kpi(kpi_id, ui.get_store()).label(t.lang))
    return table, labels


def column_settings(labels: dict[str, str], objective_columns: dict[str, str]) -> dict[str, object]:
    money = {c: ui.money_column(labels[c]) for c in ("revenue", "avg_deal_size")}
    counts = {c: ui.count_column(labels[c]) for c in ("deals_won", "leads_created")}
    rates = {c: ui.share_column(labels[c], get_kpi(c).definition(t.lang)) for c in ("win_rate", "lead_conversion_rate")}
    progress = {c: ui.share_column(label, t("objective.progress_help")) for c, label in objective_columns.items()}
    return {"owner": st.column_config.TextColumn(labels["owner"], pinned=True),
            "team": st.column_config.TextColumn(labels["team"]),
            "sales_cycle_days": ui.days_column(labels["sales_cycle_days"],
                                               get_kpi("sales_cycle_days").definition(t.lang)),
            **money, **counts, **rates, **progress}


def render() -> None:
    if not ui.compute(has_deals) and not ui.compute(has_leads):
        ui.empty_state(t, "empty.deals")
        return
    filters, today = ui.current_filters(), ui.today()
    table = ui.compute(team_table, filters, today)
    if table.empty:
        st.info(t("empty.period"), icon=":material/filter_alt_off:")
        return
    ui.currency_notice(t, filters)
    objectives = ui.objectives(filters)
    table, objective_columns = with_objectives(table.copy(), objectives)
    labels = {"owner": t("deal.owner"), "team": t("deal.team")} | {
        k: get_kpi(k).short_label(t.lang, TEAM_KPIS[k]) for k in KPI_COLUMNS} | objective_columns
    with st.container(horizontal=True, vertical_alignment="center"):
        st.caption(t("team.hint"), width="stretch")
        if filters.owners:
            st.button(t("team.show_all"), on_click=ui.set_owner_filter, args=([],), icon=":material/group:",
                      key="team.show_all")
    if not objective_columns:
        st.caption(t("team.no_objectives"))
    table = ui.with_dimension_labels(t, table, {"team": "team"})
    ui.table_block(t, table, TABLE_KEY, column_config=column_settings(labels, objective_columns),
                   export=table.rename(columns=labels), on_select=pick_rep)


ui.guarded(t, render)
