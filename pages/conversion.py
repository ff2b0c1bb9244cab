"""Conversion: where leads and deals are lost — the stage funnel, the conversion trend with its interval, the
lead cohorts, and everything by rep and by lead source."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import ui
from smart import dimensions
from smart.analytics import (
    Filters,
    cohort_matrix,
    funnel,
    get_kpi,
    has_deals,
    has_leads,
    kpi_series,
    kpi_total_by,
    kpi_value,
    month_start,
)
from smart.charts import (
    FUNNEL_SELECTION,
    GROUP_SELECTION,
    cohort_heatmap,
    funnel_chart,
    rate_by_chart,
    rate_trend_chart,
)
from smart.objectives import objective_for_scope

ui.require_frame()
t = ui.translator()
ui.page_header(t, "conversion")
TREND_KPIS = ("win_rate", "lead_conversion_rate", "lead_conversion_cohort")
BY_OPTIONS = {"owner": "owner", "source": "lead_source"}
COHORT_MONTHS = 18


def funnel_section(filters: Filters) -> None:
    pipeline = ui.pipeline_choice(t, filters)
    stages = ui.compute(funnel, filters, pipeline)
    if stages.empty or not stages["deals"].sum():
        st.info(t("empty.period"), icon=":material/filter_alt_off:")
        return
    state = ui.chart_block(t, "conversion.funnel", t("explain.funnel"), t("define.funnel"), funnel_chart,
                           stages, selectable=True)
    points = ui.selected_points(state, FUNNEL_SELECTION)
    if points:
        stage = points[0]["stage"]
        order = int(stages.loc[stages["stage"] == stage, "funnel_order"].iloc[0])
        ui.drill_down(t, filters, (("pipeline", pipeline), ("reached", order)), "conversion.funnel.deals",
                      t("drill.stage", stage=stage), date_column="created_on")


def trend_section(filters: Filters, objectives: pd.DataFrame) -> None:
    kpi_id = ui.url_choice(t, t("conversion.trend_kpi"), TREND_KPIS, "conv_kpi", TREND_KPIS[0],
                       lambda k: get_kpi(k).label(t.lang))
    kpi = get_kpi(kpi_id)
    series = ui.compute(kpi_series, kpi_id, filters, grain="month", today=ui.today())
    if series.empty or series["denominator"].sum() == 0:
        st.info(t("empty.period") if kpi_id == "win_rate" or ui.compute(has_leads) else t("empty.leads"),
                icon=":material/filter_alt_off:")
        return
    objective = objective_for_scope(objectives, kpi_id, filters)
    value = float(objective["target"]) if objective is not None and pd.notna(objective["target"]) else None
    label = t("chart.objective_target", value=t.percent(value)) if value is not None else None
    explanation = t("explain.trend_cohort") if kpi.cohort else t("explain.trend")
    ui.chart_block(t, f"conversion.trend.{kpi_id}", explanation, kpi.definition(t.lang), rate_trend_chart,
                   series, kpi.label(t.lang), target=value, target_label=label)


def cohort_section(filters: Filters) -> None:
    if not ui.compute(has_leads):
        st.info(t("empty.leads"), icon=":material/upload_file:")
        return
    today = ui.today()
    first = month_start(min(filters.end or today, today), COHORT_MONTHS - 1)
    cohorts = ui.compute(cohort_matrix, filters.with_period(max(first, filters.start or first), filters.end),
                         max_lag=6, today=today)
    if cohorts.empty:
        st.info(t("empty.period"), icon=":material/filter_alt_off:")
        return
    ui.chart_block(t, "conversion.cohorts", t("explain.cohorts"), get_kpi("lead_conversion_cohort").definition(t.lang),
                   cohort_heatmap, cohorts)


def by_section(filters: Filters) -> None:
    by = ui.url_choice(t, t("split.by"), tuple(BY_OPTIONS), "conv_by", "owner",
                       lambda b: t(f"split.{BY_OPTIONS[b]}"))
    column = BY_OPTIONS[by]
    win = ui.compute(kpi_total_by, "win_rate", filters, by=by).rename(columns={by: "group"})
    overall = ui.compute(kpi_value, "win_rate", filters).value
    if win.dropna(subset=["value"]).empty:
        st.info(t("empty.period"), icon=":material/filter_alt_off:")
        return
    win = win.assign(label=dimensions.value_labels(t, column, win["group"]))
    state = ui.chart_block(t, f"conversion.win_by.{by}", t("explain.rate_by"), get_kpi("win_rate").definition(t.lang),
                           rate_by_chart, win, get_kpi("win_rate").label(t.lang), overall, selectable=True)
    leads = ui.compute(kpi_total_by, "lead_conversion_cohort", filters, by=by).rename(columns={by: "group"})
    table = win[["group", "denominator", "numerator", "value", "low", "high"]].rename(columns={
        "denominator": "closed", "numerator": "won", "value": "win_rate", "low": "win_low", "high": "win_high"})
    table = table.merge(leads[["group", "denominator", "value"]].rename(
        columns={"denominator": "leads", "value": "lead_conversion"}), on="group", how="outer")
    table = table.sort_values("win_rate", ascending=False, na_position="last").reset_index(drop=True)
    shown = table.assign(group=dimensions.value_labels(t, column, table["group"]))
    labels = {"group": t(f"split.{column}")} | {c: t(f"conversion.col.{c}") for c in table.columns if c != "group"}
    config = {"group": st.column_config.TextColumn(labels["group"])}
    for c in ("closed", "won", "leads"):
        config[c] = ui.count_column(labels[c])
    for c in ("win_rate", "lead_conversion"):
        config[c] = ui.share_column(labels[c])
    for c in ("win_low", "win_high"):
        config[c] = ui.percent_column(labels[c])
    event = ui.table_block(t, shown, f"conversion.table.{by}", column_config=config,
                           export=shown.rename(columns=labels), on_select="rerun")
    picked = ui.selected_row(event)
    points = ui.selected_points(state, GROUP_SELECTION)
    if points:
        chosen = win.iloc[int(points[0]["row"])]
    elif picked is not None and picked < len(table):
        chosen = table.iloc[picked]
    else:
        return
    group = None if dimensions.is_missing(chosen["group"]) else chosen["group"]
    ui.drill_down(t, filters, (("status", "won"), (column, group)), f"conversion.by.{by}.deals",
                  t("drill.won_by", who=dimensions.value_label(t, column, group)))


def render() -> None:
    if not ui.compute(has_deals) and not ui.compute(has_leads):
        ui.empty_state(t, "empty.deals")
        return
    filters = ui.current_filters()
    objectives = ui.objectives(filters)
    st.caption(t("drill.hint"))
    st.subheader(t("conversion.funnel"), anchor=False)
    funnel_section(filters)
    st.subheader(t("conversion.trend"), anchor=False)
    trend_section(filters, objectives)
    st.subheader(t("conversion.cohorts"), anchor=False)
    cohort_section(filters)
    st.subheader(t("conversion.by_title"), anchor=False)
    by_section(filters)


ui.guarded(t, render)
