"""Charts of the Sales cycle page: the distribution (histogram, won and lost side by side), box plots by
group, the median trend with its p25–p75 band, and the time spent in each stage."""

from __future__ import annotations

from typing import cast

import altair as alt
import pandas as pd

from smart.charts.format import month_axis, month_labels, title, whole_axis
from smart.charts.theme import ACTUAL_COLOR, BAND_COLOR, LABEL_SIZE, NEUTRAL_COLOR, target_rule
from smart.i18n import Translator

OUTCOME_COLORS = {"won": "#0072B2", "lost": "#E69F00"}
BIN_SELECTION = "bin"
BOX_SELECTION = "box"


def _outcome_color(t: Translator) -> alt.Color:
    return alt.Color("outcome:N", title=None, sort=[t("status.won"), t("status.lost")],
                     scale=alt.Scale(domain=[t("status.won"), t("status.lost")],
                                     range=[OUTCOME_COLORS["won"], OUTCOME_COLORS["lost"]]))


def histogram_chart(frame: pd.DataFrame, t: Translator) -> alt.Chart:
    """Closed deals by cycle length, won and lost bars side by side in each bin."""
    data = frame.copy()
    data["outcome"] = [t(f"status.{s}") for s in data["status"]]
    data["bin"] = [t("chart.bin", low=int(lo), high=int(hi)) if pd.notna(hi) else t("chart.bin_last", low=int(lo))
                   for lo, hi in zip(data["bin_from"], data["bin_to"], strict=True)]
    order = list(dict.fromkeys(data.sort_values("bin_from")["bin"]))
    pick = alt.selection_point(name=BIN_SELECTION, fields=["bin_from", "status"])
    return cast("alt.Chart", alt.Chart(data).mark_bar().encode(
        x=alt.X("bin:O", sort=order, title=t("chart.histogram.x"), axis=alt.Axis(labelAngle=-45)),
        xOffset=alt.XOffset("outcome:N", sort=[t("status.won"), t("status.lost")]),
        y=alt.Y("deals:Q", title=t("chart.deals"), axis=whole_axis(float(data["deals"].max() or 0))),
        color=_outcome_color(t),
        opacity=alt.condition(pick, alt.value(1.0), alt.value(0.35)),
        tooltip=[alt.Tooltip("outcome:N", title=" "), alt.Tooltip("bin:N", title=t("chart.histogram.x")),
                 alt.Tooltip("deals:Q", title=t("chart.deals"))],
    ).add_params(pick).properties(title=title(t("chart.histogram.title"), t("chart.histogram.subtitle"))))


def box_chart(frame: pd.DataFrame, t: Translator) -> alt.LayerChart:
    """One horizontal box per group: whiskers p5–p95, box p25–p75, the median marked and written. ``frame``
    names each group in ``label``; a selected box gives its ``row`` in ``frame``."""
    data = frame.drop(columns=["group"]).assign(row=range(len(frame)))
    data["median_text"] = [t.days(v) for v in data["median"]]
    data["detail"] = [f"{t.days(a)} · {t.days(b)} · {t.days(c)}" for a, b, c in
                      zip(data["p25"], data["median"], data["p75"], strict=True)]
    order = list(dict.fromkeys(data["label"]))
    pick = alt.selection_point(name=BOX_SELECTION, fields=["row"])
    y = alt.Y("label:N", sort=order, title=None)
    x_title = t("chart.box.x")
    whisker = alt.Chart(data).mark_rule(color="#4A5561", strokeWidth=2).encode(
        y=y, x=alt.X("p05:Q", title=x_title, axis=whole_axis(float(data["p95"].max()))), x2="p95:Q")
    box = alt.Chart(data).mark_bar(height=24).encode(
        y=y, x="p25:Q", x2="p75:Q", color=alt.condition(pick, alt.value(BAND_COLOR), alt.value(NEUTRAL_COLOR)),
        tooltip=[alt.Tooltip("label:N", title=" "), alt.Tooltip("detail:N", title=t("chart.box.tooltip")),
                 alt.Tooltip("deals:Q", title=t("chart.deals"))]).add_params(pick)
    median = alt.Chart(data).mark_tick(color=ACTUAL_COLOR, thickness=4, size=28).encode(y=y, x="median:Q")
    text = alt.Chart(data).mark_text(align="left", dx=6, dy=-18, fontSize=13, fontWeight=600,
                                     color=ACTUAL_COLOR).encode(y=y, x="median:Q", text="median_text:N")
    return cast("alt.LayerChart", (whisker + box + median + text).properties(
        title=title(t("chart.box.title"), t("chart.box.subtitle")), height=max(160, 52 * len(data))))


def median_trend_chart(frame: pd.DataFrame, t: Translator, *, target: float | None = None,
                       target_label: str | None = None) -> alt.LayerChart:
    """The median won cycle per month with its p25–p75 band; the month in progress hollow."""
    data = month_labels(frame, t)
    data["median_text"] = [t.days(v) for v in data["median"]]
    order = list(data["month"])
    x = month_axis(None, order)
    band = alt.Chart(data).mark_area(color=BAND_COLOR, opacity=0.3).encode(
        x=x, y=alt.Y("p25:Q", title=t("chart.days_axis"), axis=whole_axis(float(data["p75"].max()))), y2="p75:Q")
    line = alt.Chart(data).mark_line(color=ACTUAL_COLOR).encode(x=x, y="median:Q")
    points = alt.Chart(data).mark_point(size=90, color=ACTUAL_COLOR, strokeWidth=2).encode(
        x=x, y="median:Q", fill=alt.condition("datum.partial", alt.value("white"), alt.value(ACTUAL_COLOR)),
        tooltip=[alt.Tooltip("month:N", title=t("chart.month")),
                 alt.Tooltip("median_text:N", title=t("chart.median"))])
    chart = band + line + points
    if target is not None:
        chart = chart + target_rule(target, target_label or t("chart.target", value=t.days(target)))
    return cast("alt.LayerChart", chart.properties(
        title=title(t("chart.cycle_trend.title"), t("chart.cycle_trend.subtitle"))))


def stage_time_text(t: Translator, days: float | None, spacing: float | None) -> str:
    """A stage's time as it can be told: "less than a day" below one day, and when the deals exports are
    ``spacing`` days apart and the time is no longer, "less than a week (seen in two exports 7 days apart)": a
    deal seen in a stage in one export and in another stage in the next left it within that interval, so the
    history cannot tell "0 days" or "7 days" from anything shorter."""
    if days is None or pd.isna(days):
        return t.days(None)
    if days < 1:
        return t("stage.less_than_a_day")
    if spacing is None or spacing < 1 or days > spacing:
        return t.days(days)
    apart = round(spacing)
    if apart == 1:
        return t("stage.under_daily")
    if apart % 7:
        span = t("stage.span.days", count=t.number(apart))
    else:
        span = t("stage.span.week") if apart == 7 else t("stage.span.weeks", count=t.number(apart // 7))
    return t("stage.under_spacing", span=span, days=t.number(apart))


def time_in_stage_chart(frame: pd.DataFrame, t: Translator, spacing: float | None = None) -> alt.LayerChart:
    """Median days in each open stage (bars, funnel order) with the 75th percentile as a tick, the median written
    above its bar (from the axis, so that a long "less than a week (seen in two exports 7 days apart)" never
    squeezes the bars); ``spacing`` is the number of days between the deals exports the history comes from
    (``stage_time_text``)."""
    data = frame.copy()
    data["median_text"] = [stage_time_text(t, v, spacing) for v in data["median"]]
    data["p75_text"] = [stage_time_text(t, v, spacing) for v in data["p75"]]
    order = list(data["stage"])
    longest = max(1.0, float(data[["median", "p75"]].max().max()))
    y = alt.Y("stage:N", sort=order, title=None, axis=alt.Axis(labelFontWeight=600))
    bars = alt.Chart(data).mark_bar(height=24, color=ACTUAL_COLOR).encode(
        y=y, x=alt.X("median:Q", title=t("chart.days_axis"), axis=whole_axis(longest),
                     scale=alt.Scale(domain=[0, longest], nice=True)),
        tooltip=[alt.Tooltip("stage:N", title=" "), alt.Tooltip("median_text:N", title=t("chart.median")),
                 alt.Tooltip("p75_text:N", title=t("chart.p75")), alt.Tooltip("deals:Q", title=t("chart.deals"))])
    tick = alt.Chart(data).mark_tick(color="#4A5561", thickness=3, size=30).encode(y=y, x="p75:Q")
    text = alt.Chart(data).mark_text(align="left", baseline="bottom", dx=4, dy=-14, fontSize=LABEL_SIZE).encode(
        y=y, x=alt.datum(0), text="median_text:N")
    return cast("alt.LayerChart", (bars + tick + text).properties(
        title=title(t("chart.stage.title"), t("chart.stage.subtitle")), height=max(160, 66 * len(data))))
