"""The review's charts, built from a review's figures (never from the database): the pace and the bridge."""

from __future__ import annotations

from itertools import accumulate
from typing import Any, cast

import altair as alt
import pandas as pd

from smart.charts.format import axis_format, localised
from smart.charts.objectives import pace_chart as objectives_pace_chart
from smart.charts.theme import BAD_COLOR, GOOD_COLOR, NEUTRAL_COLOR, use_theme
from smart.i18n import Translator

WIDTH = 820
HEIGHT = 300
# The bridge's first bar; the revenue bridge's is the Variance page's "Last year", its effects that page's too.
START_LABELS = {"last_year": "bridge.base_short", "expected": "review.bridge.expected",
                "baseline": "review.bridge.baseline"}


def pace_chart(objective: dict[str, Any], t: Translator) -> alt.LayerChart:
    """The objectives area's pace chart (actual, expected path, projection and band, target) from the snapshot."""
    paths = pd.DataFrame(objective["pace"], columns=["date", "series", "value", "low", "high"])
    paths["date"] = pd.to_datetime(paths["date"])
    labels = {series: t(f"objectives.chart.{series}") for series in ("actual", "expected", "projection")}
    target = objective.get("target")
    label = t("chart.target", value=t.measure(objective["unit"], target, compact=True))
    targets = pd.DataFrame([] if target is None else [{"label": label, "value": target, "kind": "current"}],
                           columns=["label", "value", "kind"])
    chart = objectives_pace_chart(paths, targets, labels, y_title="", y_format=axis_format(objective["unit"]),
                                  height=HEIGHT)
    return localised(chart.properties(width=WIDTH, title=t("review.chart.pace")), t)


def bridge_chart(objective: dict[str, Any], t: Translator) -> alt.LayerChart | None:
    """A waterfall from the expected value (or the baseline) to the actual, one bar per rep or team."""
    bridge = objective.get("bridge")
    if not bridge or not bridge.get("parts"):
        return None
    use_theme()
    unit = objective["unit"]
    parts = bridge["parts"]
    levels = list(accumulate((part["value"] for part in parts), initial=bridge["start"]))
    # Parts are small next to the totals (a few points of a rate, a few customers): bars from 0 would hide them,
    # so the totals start below the lowest level. The revenue bridge's effects are large enough from 0.
    low, high = min(*levels, bridge["end"]), max(*levels, bridge["end"])
    floor = 0.0 if bridge["kind"] == "lmdi" else low - 0.5 * (high - low or 1e-3)
    rows = [{"step": t(START_LABELS[bridge["start_label"]]), "low": floor, "high": bridge["start"],
             "kind": "total", "label": t.measure(unit, bridge["start"], compact=True)}]
    for part, before, after in zip(parts, levels[:-1], levels[1:], strict=True):
        name = (t(f"bridge.{part['label']}") if bridge["kind"] == "lmdi"
                else part["label"] or t("review.bridge.unassigned"))
        rows.append({"step": name, "low": before, "high": after,
                     "kind": "up" if part["value"] * objective["sign"] >= 0 else "down",
                     "label": t.signed_measure(unit, part["value"], compact=True)})
    rows.append({"step": t("review.bridge.actual"), "low": floor, "high": bridge["end"], "kind": "total",
                 "label": t.measure(unit, bridge["end"], compact=True)})
    frame = pd.DataFrame(rows).assign(order=range(len(rows)))
    colors = alt.Scale(domain=["total", "up", "down"], range=[NEUTRAL_COLOR, GOOD_COLOR, BAD_COLOR])
    angle = 0 if len(rows) <= 6 else -35
    x = alt.X("step:N", sort=alt.SortField("order"), title=None,
              axis=alt.Axis(labelAngle=angle, labelLimit=140, labelOverlap=False))
    fmt = axis_format(unit)
    bars = alt.Chart(frame).mark_bar().encode(
        x=x, y=alt.Y("low:Q", title=None, axis=alt.Axis(format=fmt), scale=alt.Scale(zero=False)), y2="high:Q",
        color=alt.Color("kind:N", scale=colors, legend=None), tooltip=["step:N", "label:N"])
    labels = alt.Chart(frame).mark_text(dy=-10, fontSize=13).encode(
        x=x, y=alt.Y("top:Q"), text="label:N").transform_calculate(top="max(datum.low, datum.high)")
    title = t(f"review.chart.bridge_{bridge['kind']}")
    layered = cast("alt.LayerChart", bars + labels)
    return localised(layered.properties(width=WIDTH, height=HEIGHT, title=title), t)


__all__ = ["bridge_chart", "pace_chart"]
