"""Sales cycle: how long deals take to close — the distribution, its trend, by rep, source and deal size, the
time spent in each stage, and won against lost deals."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import ui
from smart import dimensions
from smart.analytics import (
    HISTOGRAM_BIN_DAYS,
    HISTOGRAM_CAP_DAYS,
    Filters,
    cycle_boxes,
    cycle_histogram,
    cycle_statistics,
    get_kpi,
    has_deals,
    kpi_series,
    time_in_stage,
)
from smart.charts import (
    BIN_SELECTION,
    BOX_SELECTION,
    box_chart,
    histogram_chart,
    median_trend_chart,
    time_in_stage_chart,
)
from smart.freshness import export_spacing

ui.require_frame()
t = ui.translator()
ui.page_header(t, "cycle")
BY_OPTIONS = ("status", "owner", "lead_source", "size_band", "team")


def distribution_section(filters: Filters) -> None:
    bins = ui.compute(cycle_histogram, filters)
    state = ui.chart_block(t, "cycle.histogram", t("explain.histogram"), get_kpi("sales_cycle_days").definition(t.lang),
                           histogram_chart, bins, selectable=True)
    points = ui.selected_points(state, BIN_SELECTION)
    if points:
        low, status = int(points[0]["bin_from"]), points[0]["status"]
        conditions: tuple[tuple[str, object], ...] = (("status", status), ("cycle_from", low))
        if low < HISTOGRAM_CAP_DAYS:
            conditions += (("cycle_to", low + HISTOGRAM_BIN_DAYS),)
        ui.drill_down(t, filters, conditions, "cycle.histogram.deals",
                      t("drill.cycle_bin", status=t(f"status.{status}"), low=low))


def box_labels(boxes: pd.DataFrame, by: str) -> list[str]:
    if by == "status":
        return [t(f"status.{g}") for g in boxes["group"]]
    if by == "size_band":
        return [t("cycle.band", low=t.compact_money(lo), high=t.compact_money(hi))
                for lo, hi in zip(boxes["amount_from"], boxes["amount_to"], strict=True)]
    return dimensions.value_labels(t, by, boxes["group"])


def by_section(filters: Filters) -> None:
    by = ui.url_choice(t, t("split.by"), BY_OPTIONS, "cycle_by", "owner", lambda b: t(f"split.{b}"))
    boxes = ui.compute(cycle_boxes, filters, by)
    if boxes.empty:
        st.info(t("empty.period"), icon=":material/filter_alt_off:")
        return
    boxes = boxes.assign(label=box_labels(boxes, by))
    state = ui.chart_block(t, f"cycle.box.{by}", t("explain.box"), get_kpi("sales_cycle_days").definition(t.lang),
                           box_chart, boxes, selectable=True)
    points = ui.selected_points(state, BOX_SELECTION)
    if not points:
        return
    row = boxes.iloc[int(points[0]["row"])]
    if by == "size_band":
        ui.drill_down(t, filters, (("status", "won"), ("amount_from", row["amount_from"]),
                                   ("amount_to", row["amount_to"])), "cycle.box.band.deals", row["label"])
        return
    group = None if dimensions.is_missing(row["group"]) else row["group"]
    conditions = (("status", group),) if by == "status" else (("status", "won"), (by, group))
    ui.drill_down(t, filters, conditions, f"cycle.box.{by}.deals", t("drill.cycle_group", who=row["label"]))


def trend_section(filters: Filters) -> None:
    today = ui.today()
    frames = {stat: ui.compute(kpi_series, "sales_cycle_days", filters, grain="month", stat=stat, today=today)
              for stat in ("median", "p25", "p75")}
    trend = frames["median"].rename(columns={"value": "median"})
    trend["p25"], trend["p75"] = frames["p25"]["value"], frames["p75"]["value"]
    trend = trend.dropna(subset=["median"])
    if trend.empty:
        st.info(t("empty.period"), icon=":material/filter_alt_off:")
        return
    ui.chart_block(t, "cycle.trend", t("explain.cycle_trend"), get_kpi("sales_cycle_days").definition(t.lang),
                   median_trend_chart, trend)


def stage_section(filters: Filters) -> None:
    pipeline = ui.pipeline_choice(t, filters)
    stages = ui.compute(time_in_stage, filters, pipeline).dropna(subset=["median"])
    if stages.empty:
        st.info(t("empty.snapshots"), icon=":material/history:")
        return
    spacing = ui.compute(export_spacing)
    explanation = t("explain.stages")
    if spacing is not None and (stages["median"] <= spacing).any():
        explanation += " " + t("explain.stages_spacing", days=t.number(spacing))
    ui.chart_block(t, "cycle.stages", explanation, t("define.stages"), time_in_stage_chart, stages, spacing)


def won_lost_section(filters: Filters) -> None:
    stats = ui.compute(cycle_statistics, filters)
    table = stats[["outcome", "deals", "median", "p25", "p75", "p90", "mean"]].copy()
    table["outcome"] = [t(f"status.{o}") for o in table["outcome"]]
    labels = {c: t(f"cycle.col.{c}") for c in table.columns}
    config = {"outcome": st.column_config.TextColumn(labels["outcome"]),
              "deals": ui.count_column(labels["deals"])}
    for c in ("median", "p25", "p75", "p90", "mean"):
        config[c] = ui.days_column(labels[c])
    ui.table_block(t, table, "cycle.won_lost", column_config=config, export=table.rename(columns=labels))


def render() -> None:
    if not ui.compute(has_deals):
        ui.empty_state(t, "empty.deals")
        return
    filters = ui.current_filters()
    st.caption(t("drill.hint"))
    st.subheader(t("cycle.distribution"), anchor=False)
    distribution_section(filters)
    st.subheader(t("cycle.trend"), anchor=False)
    trend_section(filters)
    st.subheader(t("cycle.by_title"), anchor=False)
    by_section(filters)
    st.subheader(t("cycle.stages"), anchor=False)
    stage_section(filters)
    st.subheader(t("cycle.won_lost"), anchor=False)
    won_lost_section(filters)


ui.guarded(t, render)
