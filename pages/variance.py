"""Variance: plan against actual for every objective, and what explains the revenue change (volume,
conversion, deal size), for the whole company, by team and by rep."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import ui
from smart import views
from smart.analytics import Filters, get_kpi, revenue_bridge
from smart.charts import variance as charts

ui.require_frame()
t = ui.translator()
ui.page_header(t, "variance")
BY_OPTIONS = ("team", "owner")


def plan_section(filters: Filters) -> None:
    objectives = ui.objectives(filters)
    if objectives.empty:
        st.info(t("empty.objectives"), icon=":material/flag:")
        st.page_link("pages/objectives.py", label=t("nav.objectives"), icon=":material/flag:")
        return
    scopes = [t("variance.scope", scope=value) if kind != "company" and value else ""
              for kind, value in zip(objectives["scope_type"], objectives["scope_value"], strict=True)]
    plotted = objectives.assign(label=[f"{title}{scope}" for title, scope in zip(objectives["title"], scopes,
                                                                                 strict=True)])
    if plotted["attainment"].notna().any():
        ui.chart_block(t, "variance.plan", t("explain.plan"), t("define.plan"), charts.plan_chart, plotted)
    table = pd.DataFrame({
        "title": plotted["label"],
        "status": [t(f"status.objective.{s}") for s in objectives["status"]],
        **ui.objective_measures(t, objectives, ("target", "expected", "actual", "gap"), signed=("gap",)),
        "attainment": objectives["attainment"],
        "kpi": [get_kpi(kpi).label(t.lang) for kpi in objectives["kpi"]],
    })
    labels = {c: t(f"objective.{c}") for c in table.columns}
    config = {c: st.column_config.TextColumn(label) for c, label in labels.items()}
    config["attainment"] = ui.percent_column(labels["attainment"])
    export = objectives[["title", "kpi", "scope_type", "scope_value", "target", "expected", "actual", "gap",
                         "attainment", "status", "deadline"]]
    ui.table_block(t, table, "variance.objectives", column_config=config,
                   export=export.rename(columns=lambda c: t(f"objective.{c}")))


def bridge_section(current: Filters, base: Filters) -> None:
    bridge = ui.compute(revenue_bridge, base, current)
    if bridge.empty or (not bridge.iloc[0]["base"] and not bridge.iloc[0]["current"]):
        st.info(t("empty.period"), icon=":material/filter_alt_off:")
        return
    row = bridge.iloc[0].to_dict()
    base_label = t("period.range", start=t.date(base.start), end=t.date(base.end))
    current_label = t("period.range", start=t.date(current.start), end=t.date(current.end))
    steps = charts.bridge_frame(row, t, t("bridge.base_short"), t("bridge.current_short"))
    ui.chart_block(t, "variance.bridge", t("explain.bridge", base=base_label, current=current_label),
                   t("define.bridge"), charts.waterfall_chart, steps)


def by_section(current: Filters, base: Filters) -> None:
    by = ui.url_choice(t, t("split.by"), BY_OPTIONS, "var_by", "owner", lambda b: t(f"split.{b}"))
    table = ui.compute(revenue_bridge, base, current, by=by)
    if table.empty:
        st.info(t("empty.period"), icon=":material/filter_alt_off:")
        return
    table = table[[by, "base", "current", "change", "volume_effect", "conversion_effect", "size_effect"]]
    table = table.sort_values("change").reset_index(drop=True)
    labels = {by: t(f"split.{by}")} | {c: t(f"bridge.col.{c}") for c in table.columns if c != by}
    config = {by: st.column_config.TextColumn(labels[by])} | {
        c: ui.money_column(labels[c]) for c in table.columns if c != by}
    event = ui.table_block(t, table, f"variance.by.{by}", column_config=config, export=table.rename(columns=labels),
                           on_select="rerun")
    picked = ui.selected_row(event)
    if picked is not None and picked < len(table) and pd.notna(table.iloc[picked][by]):
        who = table.iloc[picked][by]
        ui.drill_down(t, current, (("status", "won"), (by, who)), f"variance.by.{by}.deals",
                      t("drill.won_by", who=who))


def render() -> None:
    if not ui.compute(views.has_deals) and not ui.compute(views.has_leads):
        ui.empty_state(t, "empty.deals")
        return
    filters = ui.current_filters()
    st.subheader(t("variance.plan"), anchor=False)
    plan_section(filters)
    st.subheader(t("variance.bridge"), anchor=False)
    ranges = views.year_before(filters, ui.today())
    if ranges is None:
        st.info(t("variance.no_base"), icon=":material/date_range:")
        return
    bridge_section(*ranges)
    st.subheader(t("variance.by_title"), anchor=False)
    by_section(*ranges)


ui.guarded(t, render)
