"""The actual against the imported plan: its totals, month by month, by the plan's team, rep or product, and the
table with its downloads."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import ui
from smart import dimensions
from smart.analytics import (
    Filters,
    get_kpi,
    ignored_filters,
    plan_attainment,
    plan_dimensions,
    plan_kpis,
    plan_months,
    plan_vs_actual,
)
from smart.charts import plan_attainment_chart, plan_months_chart
from smart.i18n import Translator


def imported_plan_section(t: Translator, filters: Filters) -> None:
    """The actual against the imported plan, for the period, by the plan's dimension: totals, the months chart,
    the attainment by team, rep or product, and the table with its downloads."""
    kpis = ui.compute(plan_kpis)
    if not kpis:
        st.info(t("variance.plan_none"), icon=":material/table_chart:")
        st.page_link("pages/import.py", label=t("nav.import"), icon=":material/upload_file:")
        return
    kpi = get_kpi(kpis[0] if len(kpis) == 1 else ui.url_choice(
        t, t("variance.plan_kpi"), tuple(kpis), "plan_kpi", kpis[0], lambda k: get_kpi(k).label(t.lang)))
    dimensions = ui.compute(plan_dimensions, kpi.id)
    by = dimensions[0] if len(dimensions) == 1 else ui.url_choice(
        t, t("variance.plan_by"), tuple(dimensions), "plan_by", dimensions[0], lambda d: t(f"plan.dimension.{d}"))
    ignored = ignored_filters(filters, by)
    if ignored:
        st.caption(t("variance.plan_ignored", dimension=t(f"plan.by.{by}"),
                     filters=", ".join(t(f"variance.plan_filter.{name}") for name in ignored)))
    frame = ui.compute(plan_vs_actual, filters, by, kpi.id, ui.today())
    if frame.empty:
        st.info(t("variance.plan_empty"), icon=":material/filter_alt_off:")
        return
    plan_totals(t, frame, kpi.unit)
    definition = f"{kpi.definition(t.lang)} {t('define.plan_actual')}"
    ui.chart_block(t, "variance.plan_months", t("explain.plan_months"), definition, plan_months_chart,
                   plan_months(frame), kpi.label(t.lang), kpi.unit)
    attainment = plan_attainment(frame)
    if by != "company" and not attainment.empty:
        attainment = attainment.assign(label=plan_value_labels(t, attainment["value"], by))
        ui.chart_block(t, "variance.plan_attainment", t("explain.plan_attainment", dimension=t(f"plan.by.{by}")),
                       definition, plan_attainment_chart, attainment, t(f"plan.by.{by}"))
    plan_table(t, frame, by, kpi.id, kpi.unit)


def plan_value_labels(t: Translator, values: pd.Series, by: str) -> list[str]:
    """The plan's teams, reps or products as they read; the actual of deals with none ('') reads "No team"..."""
    return [dimensions.value_label(t, by, value or None) for value in values]


def plan_totals(t: Translator, frame: pd.DataFrame, unit: str) -> None:
    """The plan and the actual of the months compared, the attainment, and the plan still ahead."""
    compared = frame[frame["status"] == "compared"]
    planned, actual = compared["plan"].sum(), compared["actual"].sum()
    ahead = frame[frame["status"].isin(("future", "no_data"))]["plan"].sum()
    with st.container(horizontal=True):
        st.metric(t("variance.plan_total.plan"), t.measure(unit, planned, compact=True), border=True)
        st.metric(t("variance.plan_total.actual"), t.measure(unit, actual, compact=True), border=True)
        st.metric(t("variance.plan_total.attainment"), t.percent(actual / planned, 0) if planned else "–",
                  border=True)
        st.metric(t("variance.plan_total.waiting"), t.measure(unit, ahead, compact=True), border=True)


def plan_table(t: Translator, frame: pd.DataFrame, by: str, kpi_id: str, unit: str) -> None:
    """Month by month (and by the plan's dimension): plan, actual, gap, attainment and status."""
    statuses = [t("plan.status.partial") if partial and status == "compared" else t(f"plan.status.{status}")
                for status, partial in zip(frame["status"], frame["partial"], strict=True)]
    table = pd.DataFrame({
        "month": [t.month(month) for month in frame["month"]],
        **({} if by == "company" else {"value": plan_value_labels(t, frame["value"], by)}),
        "plan": frame["plan"], "actual": frame["actual"], "gap": frame["gap"], "attainment": frame["attainment"],
        "status": statuses,
    })
    labels = {column: t(f"plan.col.{column}") for column in table.columns}
    if by != "company":
        labels["value"] = t(f"plan.dimension.{by}")
    figure = ui.money_column if unit == "money" else ui.count_column
    config = {column: st.column_config.TextColumn(label) for column, label in labels.items()}
    config |= {column: figure(labels[column]) for column in ("plan", "actual", "gap")}
    config["attainment"] = ui.percent_column(labels["attainment"])
    ui.table_block(t, table, f"variance.plan_actual.{kpi_id}.{by}", column_config=config,
                   export=table.rename(columns=labels))

