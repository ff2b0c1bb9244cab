"""Charts of the imported plan against the actual (Variance page): month by month, the actual as bars (what the plan
does not name stacked in grey) and the plan as a target dash on each month; by team, rep or product, the
attainment over the months compared against the 100 % line."""

from __future__ import annotations

from typing import cast

import altair as alt
import pandas as pd

from smart.charts.format import axis_format, month_axis, month_labels, title
from smart.charts.theme import ACTUAL_COLOR, BAD_COLOR, GOOD_COLOR, LABEL_SIZE, NEUTRAL_COLOR, TARGET_COLOR
from smart.i18n import Translator


def plan_months_chart(frame: pd.DataFrame, t: Translator, kpi_label: str, unit: str) -> alt.LayerChart:
    """``frame`` (``plan_months``): month, plan, actual, unplanned, partial. Bars are the actual of what the plan
    names, with the actual of what it does not name stacked in grey (the month in progress paler), the orange
    dashes the plan."""
    data = month_labels(frame.rename(columns={"month": "period"}), t)
    data["plan_text"] = [t.measure(unit, value) for value in data["plan"]]
    data["actual_text"] = [t.measure(unit, value) for value in data["actual"]]
    data["unplanned_text"] = [t.measure(unit, value) for value in data["unplanned"]]
    data["attainment_text"] = [t.percent(actual / plan, 0) if pd.notna(actual) and pd.notna(plan) and plan else "–"
                               for actual, plan in zip(data["actual"], data["plan"], strict=True)]
    order = list(data["month"])
    x = month_axis(None, order)
    tooltip = [alt.Tooltip("month:N", title=t("plan.col.month")),
               alt.Tooltip("plan_text:N", title=t("chart.plan.plan")),
               alt.Tooltip("actual_text:N", title=t("chart.plan.actual")),
               alt.Tooltip("attainment_text:N", title=t("chart.plan.attainment")),
               alt.Tooltip("unplanned_text:N", title=t("chart.plan.unplanned"))]
    parts = {"actual": t("chart.plan.actual"), "unplanned": t("chart.plan.unplanned")}
    stacked = data.melt(id_vars=[c for c in data.columns if c not in parts], value_vars=list(parts),
                        var_name="part", value_name="amount").dropna(subset=["amount"])
    stacked["part_label"] = stacked["part"].map(parts)
    shown = [part for part in parts if part in set(stacked["part"])]  # no grey legend when the plan names all
    colors = {"actual": ACTUAL_COLOR, "unplanned": NEUTRAL_COLOR}
    bars = alt.Chart(stacked).mark_bar(width=alt.RelativeBandSize(0.6)).encode(
        x=x, y=alt.Y("amount:Q", title=None, stack="zero", axis=alt.Axis(format=axis_format(unit))),
        color=alt.Color("part_label:N", title=None, sort=[parts[p] for p in shown],
                        scale=alt.Scale(domain=[parts[p] for p in shown], range=[colors[p] for p in shown])),
        order=alt.Order("part:N"), opacity=alt.condition("datum.partial", alt.value(0.45), alt.value(1.0)),
        tooltip=tooltip)
    plan = alt.Chart(data.dropna(subset=["plan"])).mark_tick(
        color=TARGET_COLOR, thickness=4, opacity=1, width=alt.RelativeBandSize(0.9)).encode(
        x=x, y="plan:Q", tooltip=tooltip)
    return cast("alt.LayerChart", (bars + plan).properties(
        title=title(t("chart.plan_months.title", kpi=kpi_label), t("chart.plan_months.subtitle")), height=340))


def plan_attainment_chart(frame: pd.DataFrame, t: Translator, dimension: str) -> alt.LayerChart:
    """``frame``: label (the team, rep or product as it reads), plan, actual, attainment (over the months
    compared). One bar per team, rep or product, green at or past the plan, vermillion short of it; the plan
    (100 %) drawn as the target line."""
    data = frame.dropna(subset=["attainment"]).copy()
    data["shown"] = data["attainment"].clip(lower=0)
    data["text"] = [t.percent(value, 0) for value in data["attainment"]]
    data["reached"] = data["attainment"] >= 1
    order = list(dict.fromkeys(data.sort_values("attainment", ascending=False)["label"]))
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
    return cast("alt.LayerChart", (bars + text + rule + rule_text).properties(
        title=title(t("chart.plan_attainment.title", dimension=dimension), t("chart.plan_attainment.subtitle")),
        height=max(160, 44 * len(data))))
