"""The objectives' charts: the pace chart (actual against the expected path and the targets, the projection
with its band) and the status chart (how far along each objective is, coloured by status). Both are built
from small frames; labels come translated from the caller."""

from __future__ import annotations

import altair as alt
import pandas as pd

from smart.charts.theme import (
    ACTUAL_COLOR,
    BAND_COLOR,
    EXPECTED_COLOR,
    LABEL_SIZE,
    STATUS_COLORS,
    TARGET_COLOR,
    use_theme,
)

SERIES_COLORS = {"actual": ACTUAL_COLOR, "expected": EXPECTED_COLOR, "projection": ACTUAL_COLOR}
SERIES_DASH = {"actual": [1, 0], "expected": [6, 4], "projection": [2, 3]}
REVISED_TARGET_COLOR = "#CC79A7"


def pace_chart(paths: pd.DataFrame, targets: pd.DataFrame, labels: dict[str, str], *, y_title: str,
               y_format: str = ",.0f", height: int = 360) -> alt.LayerChart:
    """``paths``: date, series (actual|expected|projection), value, low, high. ``targets``: label, value,
    kind (original|revised); the current target is the last row."""
    use_theme()
    frame = paths.copy()
    frame["label"] = frame["series"].map(labels)
    present = [s for s in SERIES_COLORS if s in set(frame["series"])]
    domain = [labels[s] for s in present]
    x = alt.X("date:T", title=None, axis=alt.Axis(format="%b %Y", labelAngle=0, tickCount="month"))
    y = alt.Y("value:Q", title=y_title, axis=alt.Axis(format=y_format), scale=_value_scale(frame, targets))
    layers: list[alt.Chart] = []
    band = frame[frame["series"] == "projection"].dropna(subset=["low", "high"])
    if not band.empty:
        layers.append(alt.Chart(band).mark_area(color=BAND_COLOR, opacity=0.25).encode(
            x=x, y=alt.Y("low:Q", title=y_title), y2="high:Q"))
    lines = alt.Chart(frame).mark_line(point=True).encode(
        x=x, y=y,
        color=alt.Color("label:N", title=None,
                        scale=alt.Scale(domain=domain, range=[SERIES_COLORS[s] for s in present])),
        strokeDash=alt.StrokeDash("label:N", legend=None,
                                  scale=alt.Scale(domain=domain, range=[SERIES_DASH[s] for s in present])),
        tooltip=[alt.Tooltip("label:N", title=""), alt.Tooltip("date:T", format="%d %b %Y", title=""),
                 alt.Tooltip("value:Q", format=y_format, title="")],
    )
    layers.append(lines)
    if not targets.empty:
        rules = targets.assign(color=[TARGET_COLOR if kind == "current" else REVISED_TARGET_COLOR
                                      for kind in targets["kind"]])
        layers.append(alt.Chart(rules).mark_rule(strokeDash=[8, 5], strokeWidth=2.5).encode(
            y="value:Q", color=alt.Color("color:N", scale=None)))
        layers.append(alt.Chart(rules).mark_text(align="left", dx=6, dy=-10, fontWeight=600, fontSize=LABEL_SIZE)
                      .encode(y="value:Q", x=alt.value(0), text="label:N", color=alt.Color("color:N", scale=None)))
    return alt.LayerChart(layer=layers).properties(height=height)


def _value_scale(paths: pd.DataFrame, targets: pd.DataFrame) -> alt.Scale:
    """The value axis around the figures; a flat chart (every figure equal, or nothing but the start's 0) gets a
    range around its value: a scale from 0 to 0 has no ticks to draw and the axis read "NaN"."""
    columns = [paths[column] for column in ("value", "low", "high") if column in paths]
    if not targets.empty:
        columns.append(targets["value"])
    values = pd.concat(columns).dropna().astype(float) if columns else pd.Series(dtype=float)
    if values.empty or values.min() == values.max():
        middle = float(values.iloc[0]) if not values.empty else 0.0
        half = max(abs(middle) * 0.1, 1.0)
        return alt.Scale(domain=[middle - half, middle + half], zero=False)
    return alt.Scale(zero=False)


def status_chart(frame: pd.DataFrame, *, x_title: str, height_per_row: int = 46) -> alt.LayerChart:
    """``frame``: title, progress (0..1), status (code), status_label, text (the figure printed on the bar)."""
    use_theme()
    domain = list(STATUS_COLORS)
    y = alt.Y("title:N", title=None, sort=None, axis=alt.Axis(labelLimit=420))
    bars = alt.Chart(frame).mark_bar(height=26).encode(
        x=alt.X("progress:Q", title=x_title, scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%")),
        y=y,
        color=alt.Color("status:N", scale=alt.Scale(domain=domain, range=[STATUS_COLORS[s] for s in domain]),
                        legend=None),
        tooltip=["title:N", "status_label:N", alt.Tooltip("progress:Q", format=".0%")],
    )
    text = alt.Chart(frame).mark_text(align="left", dx=6, fontSize=LABEL_SIZE, fontWeight=600).encode(
        x="progress:Q", y=y, text="status_label:N")
    return alt.LayerChart(layer=[bars, text]).properties(height=max(120, height_per_row * len(frame)))
