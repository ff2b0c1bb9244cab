"""Charts of the Variance page: every objective's actual against its plan to date, and the revenue bridge
(waterfall) from the comparable period to this one through its effects (lead volume, conversion, deals won, deal
size)."""

from __future__ import annotations

from typing import Any, cast

import altair as alt
import pandas as pd

from smart.analytics.variance import bridge_steps
from smart.charts.format import axis_format, title
from smart.charts.theme import ACTUAL_COLOR, BAD_COLOR, GOOD_COLOR, LABEL_SIZE, STATUS_COLORS, TARGET_COLOR
from smart.i18n import Translator

PLAN_SELECTION = "objective"


def plan_chart(frame: pd.DataFrame, t: Translator) -> alt.LayerChart:
    """One bar per objective: where it stands against its plan to date (100 % = exactly on plan; for a KPI to
    lower, plan ÷ actual), coloured by status, the 100 % plan line drawn as the target."""
    data = frame.dropna(subset=["attainment"]).copy()
    data["status_label"] = [t(f"status.objective.{s}") for s in data["status"]]
    data["text"] = [t.percent(v, 0) for v in data["attainment"]]
    order = list(data["label"])
    statuses = [s for s in STATUS_COLORS if s in set(data["status"])]
    y = alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=420))
    x = alt.X("shown:Q", title=t("chart.plan.x"), axis=alt.Axis(format=".0%"),
              scale=alt.Scale(domain=[0, max(1.3, float(data["attainment"].max() or 1) * 1.15)]))
    data["shown"] = data["attainment"].clip(lower=0)
    pick = alt.selection_point(name=PLAN_SELECTION, fields=["id"])
    bars = alt.Chart(data).mark_bar(height=30).encode(
        y=y, x=x, color=alt.Color("status_label:N", title=None,
                                  scale=alt.Scale(domain=[t(f"status.objective.{s}") for s in statuses],
                                                  range=[STATUS_COLORS[s] for s in statuses])),
        tooltip=[alt.Tooltip("label:N", title=" "), alt.Tooltip("text:N", title=t("chart.plan.x")),
                 alt.Tooltip("status_label:N", title=t("objective.status"))]).add_params(pick)
    text = alt.Chart(data).mark_text(align="left", dx=10, fontSize=LABEL_SIZE, fontWeight=700, color="white").encode(
        y=y, x=alt.datum(0), text="text:N")
    plan = alt.Chart(pd.DataFrame({"x": [1.0], "label": [t("chart.plan.line")]}))
    rule = plan.mark_rule(color=TARGET_COLOR, strokeDash=[8, 5], strokeWidth=2.5).encode(x="x:Q")
    rule_text = plan.mark_text(color=TARGET_COLOR, align="left", dx=6, dy=-8, fontWeight=600,
                               fontSize=LABEL_SIZE).encode(x="x:Q", y=alt.value(0), text="label:N")
    return cast("alt.LayerChart", (bars + text + rule + rule_text).properties(
        title=title(t("chart.plan.title"), t("chart.plan.subtitle")), height=max(180, 50 * len(data))))


def bridge_frame(bridge: dict[str, Any], t: Translator, base_label: str, current_label: str) -> pd.DataFrame:
    """The waterfall's steps: start and end bars from 0, and between them the bridge's effects (``bridge_steps``:
    lead volume, conversion and deal size, or deals won and deal size) floating from the running total."""
    steps = [(base_label, "total", 0.0, bridge["base"])]
    running = bridge["base"]
    for effect in bridge_steps(bridge):
        value = bridge[effect]
        steps.append((t(f"bridge.{effect}"), "up" if value >= 0 else "down", running, running + value))
        running += value
    steps.append((current_label, "total", 0.0, bridge["current"]))
    frame = pd.DataFrame(steps, columns=["step", "kind", "start", "end"])
    frame["amount"] = [end - start if kind != "total" else end for kind, start, end in
                       zip(frame["kind"], frame["start"], frame["end"], strict=True)]
    frame["text"] = [(("+" if a >= 0 else "−") if k != "total" else "") + t.compact_money(abs(a) if k != "total"
                                                                                          else a)
                     for a, k in zip(frame["amount"], frame["kind"], strict=True)]
    frame["order"] = range(len(frame))
    return frame


def waterfall_chart(frame: pd.DataFrame, t: Translator, subtitle: str) -> alt.LayerChart:
    """Revenue of the comparable period, each effect as a rise (green) or a fall (vermillion), then revenue now;
    ``subtitle`` names the steps."""
    order = list(frame["step"])
    x = alt.X("step:N", sort=order, title=None, axis=alt.Axis(labelAngle=0, labelLimit=200))
    kinds = ["total", "up", "down"]
    color = alt.Color("kind:N", legend=None, scale=alt.Scale(domain=kinds, range=[ACTUAL_COLOR, GOOD_COLOR,
                                                                                   BAD_COLOR]))
    bars = alt.Chart(frame).mark_bar(size=70).encode(
        x=x, y=alt.Y("start:Q", title=None, axis=alt.Axis(format=axis_format("money"))), y2="end:Q", color=color,
        tooltip=[alt.Tooltip("step:N", title=" "), alt.Tooltip("text:N", title=t("chart.bridge.amount"))])
    frame = frame.assign(top=frame[["start", "end"]].max(axis=1))
    text = alt.Chart(frame).mark_text(dy=-12, fontSize=LABEL_SIZE, fontWeight=600).encode(
        x=x, y="top:Q", text="text:N")
    return cast("alt.LayerChart", (bars + text).properties(title=title(t("chart.bridge.title"), subtitle), height=360))
