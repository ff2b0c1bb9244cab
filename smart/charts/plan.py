"""Charts of the imported plan against the actual (Variance page): month by month, the actual as bars and the
plan as a target dash on each month; by team, rep or product, the attainment over the months compared against the
100 % line."""

from __future__ import annotations

import altair as alt
import pandas as pd

from smart.charts.format import axis_format, month_axis, month_labels, title
from smart.charts.theme import ACTUAL_COLOR, BAD_COLOR, GOOD_COLOR, LABEL_SIZE, TARGET_COLOR
from smart.i18n import Translator

PLAN_TICK_SIZE = 44


def plan_months_chart(frame: pd.DataFrame, t: Translator, kpi_label: str, unit: str) -> alt.LayerChart:
    """``frame``: month, plan, actual (missing where the data do not reach), partial. Bars are the actual (hollow
    for the month in progress), the orange dashes the plan."""
    data = month_labels(frame.rename(columns={"month": "period"}), t)
    data["plan_text"] = [t.measure(unit, value) for value in data["plan"]]
    data["actual_text"] = [t.measure(unit, value) for value in data["actual"]]
    data["attainment_text"] = [t.percent(actual / plan, 0) if plan and pd.notna(actual) and pd.notna(plan) else "–"
                               for actual, plan in zip(data["actual"], data["plan"], strict=True)]
    order = list(data["month"])
    x = month_axis(None, order)
    y_format = axis_format(unit)
    tooltip = [alt.Tooltip("month:N", title=t("plan.col.month")),
               alt.Tooltip("plan_text:N", title=t("chart.plan.plan")),
               alt.Tooltip("actual_text:N", title=t("chart.plan.actual")),
               alt.Tooltip("attainment_text:N", title=t("chart.plan.attainment"))]
    bars = alt.Chart(data.dropna(subset=["actual"])).mark_bar(size=28, stroke=ACTUAL_COLOR, strokeWidth=2).encode(
        x=x, y=alt.Y("actual:Q", title=None, axis=alt.Axis(format=y_format)),
        fill=alt.condition("datum.partial", alt.value("white"), alt.value(ACTUAL_COLOR)), tooltip=tooltip)
    plan = alt.Chart(data.dropna(subset=["plan"])).mark_tick(
        color=TARGET_COLOR, thickness=4, size=PLAN_TICK_SIZE).encode(x=x, y="plan:Q", tooltip=tooltip)
    return (bars + plan).properties(
        title=title(t("chart.plan_months.title", kpi=kpi_label), t("chart.plan_months.subtitle")), height=340)


def plan_attainment_chart(frame: pd.DataFrame, t: Translator, dimension: str) -> alt.LayerChart:
    """``frame``: value, plan, actual, attainment (over the months compared). One bar per team, rep or product,
    green at or past the plan, vermillion short of it; the plan (100 %) drawn as the target line."""
    data = frame.dropna(subset=["attainment"]).copy()
    data["shown"] = data["attainment"].clip(lower=0)
    data["text"] = [t.percent(value, 0) for value in data["attainment"]]
    data["reached"] = data["attainment"] >= 1
    data["label"] = [value if isinstance(value, str) and value else t("plan.no_value") for value in data["value"]]
    order = list(data.sort_values("attainment", ascending=False)["label"])
    y = alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=360))
    x = alt.X("shown:Q", title=t("chart.plan.attainment"), axis=alt.Axis(format=".0%"),
              scale=alt.Scale(domain=[0, max(1.3, float(data["shown"].max() or 1) * 1.15)]))
    bars = alt.Chart(data).mark_bar(height=26).encode(
        y=y, x=x, color=alt.condition("datum.reached", alt.value(GOOD_COLOR), alt.value(BAD_COLOR)),
        tooltip=[alt.Tooltip("label:N", title=" "), alt.Tooltip("text:N", title=t("chart.plan.attainment"))])
    text = alt.Chart(data).mark_text(align="left", dx=8, fontSize=LABEL_SIZE, fontWeight=600).encode(
        y=y, x="shown:Q", text="text:N")
    line = alt.Chart(pd.DataFrame({"x": [1.0], "label": [t("chart.plan.plan")]}))
    rule = line.mark_rule(color=TARGET_COLOR, strokeDash=[8, 5], strokeWidth=2.5).encode(x="x:Q")
    rule_text = line.mark_text(color=TARGET_COLOR, align="left", dx=6, dy=-8, fontWeight=600,
                               fontSize=LABEL_SIZE).encode(x="x:Q", y=alt.value(0), text="label:N")
    return (bars + text + rule + rule_text).properties(
        title=title(t("chart.plan_attainment.title", dimension=dimension), t("chart.plan_attainment.subtitle")),
        height=max(160, 44 * len(data)))
