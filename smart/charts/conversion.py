"""Charts of the Conversion page: the stage funnel, a rate's trend with its interval, the cohort heatmap and
a rate by rep or lead source with intervals."""

from __future__ import annotations

from typing import cast

import altair as alt
import pandas as pd

from smart.charts.format import month_axis, month_labels, title
from smart.charts.theme import ACTUAL_COLOR, BAND_COLOR, LABEL_SIZE, NEUTRAL_COLOR, TARGET_COLOR, target_rule
from smart.i18n import Translator

FUNNEL_SELECTION = "stage"
GROUP_SELECTION = "group"


def funnel_chart(frame: pd.DataFrame, t: Translator) -> alt.LayerChart:
    """Horizontal bars, first stage on top, each labelled with its deals, % of previous and % of first."""
    data = frame.copy()
    data["label"] = [
        t("chart.funnel.label", deals=t.number(deals), previous=t.percent(prev, 0), first=t.percent(first, 0))
        if order != data["funnel_order"].min() else t("chart.funnel.first_label", deals=t.number(deals))
        for deals, prev, first, order in zip(data["deals"], data["pct_of_previous"], data["pct_of_first"],
                                             data["funnel_order"], strict=True)]
    order = list(data.sort_values("funnel_order")["stage"])
    pick = alt.selection_point(name=FUNNEL_SELECTION, fields=["stage"])
    y = alt.Y("stage:N", sort=order, title=None, axis=alt.Axis(labelFontSize=LABEL_SIZE, labelFontWeight=600))
    x = alt.X("deals:Q", title=t("chart.funnel.x"), scale=alt.Scale(domainMax=float(data["deals"].max() or 1) * 1.6))
    bars = alt.Chart(data).mark_bar(height=34).encode(
        y=y, x=x, color=alt.condition(pick, alt.value(ACTUAL_COLOR), alt.value(NEUTRAL_COLOR)),
        tooltip=[alt.Tooltip("stage:N", title=t("chart.funnel.stage")), alt.Tooltip("label:N", title=" ")],
    ).add_params(pick)
    text = alt.Chart(data).mark_text(align="left", dx=8, fontSize=LABEL_SIZE).encode(y=y, x=x, text="label:N")
    return cast("alt.LayerChart", (bars + text).properties(
        title=title(t("chart.funnel.title"), t("chart.funnel.subtitle")), height=max(180, 56 * len(data))))


def rate_trend_chart(frame: pd.DataFrame, t: Translator, heading: str, *, target: float | None = None,
                     target_label: str | None = None) -> alt.LayerChart:
    """A rate per month with its Wilson 95 % band; the month in progress (and immature cohorts) drawn hollow."""
    data = month_labels(frame, t)
    data["provisional"] = data["partial"] | (data["immature"] if "immature" in data else False)
    data["value_text"] = [t.percent(v) for v in data["value"]]
    data["band_text"] = [f"{t.percent(lo)} – {t.percent(hi)}" for lo, hi in zip(data["low"], data["high"],
                                                                               strict=True)]
    order = list(data["month"])
    x = month_axis(None, order)
    y_scale = alt.Scale(zero=False)
    band = alt.Chart(data).mark_area(color=BAND_COLOR, opacity=0.3).encode(
        x=x, y=alt.Y("low:Q", title=None, axis=alt.Axis(format=".0%"), scale=y_scale), y2="high:Q")
    line = alt.Chart(data).mark_line(color=ACTUAL_COLOR).encode(x=x, y=alt.Y("value:Q", scale=y_scale))
    points = alt.Chart(data).mark_point(size=90, color=ACTUAL_COLOR, strokeWidth=2).encode(
        x=x, y="value:Q",
        fill=alt.condition("datum.provisional", alt.value("white"), alt.value(ACTUAL_COLOR)),
        tooltip=[alt.Tooltip("month:N", title=t("chart.month")), alt.Tooltip("value_text:N", title=heading),
                 alt.Tooltip("band_text:N", title=t("chart.interval"))])
    chart = band + line + points
    if target is not None:
        chart = chart + target_rule(target, target_label or t("chart.target", value=t.percent(target)))
    return cast("alt.LayerChart", chart.properties(title=title(heading, t("chart.trend.subtitle"))))


def cohort_heatmap(frame: pd.DataFrame, t: Translator) -> alt.LayerChart:
    """Cohorts (creation month, most recent at the bottom) × months until conversion, the cumulative rate as a
    colour; cells a cohort has not lived through yet are faded and marked with an asterisk."""
    data = month_labels(frame, t, "cohort")
    data["text"] = [t.percent(rate, 0) + ("*" if immature else "") if pd.notna(rate) else ""
                    for rate, immature in zip(data["rate"], data["immature"], strict=True)]
    order = list(dict.fromkeys(data.sort_values("cohort")["month"]))
    y = alt.Y("month:O", sort=order, title=t("chart.cohort.y"))
    x = alt.X("lag:O", title=t("chart.cohort.x"), axis=alt.Axis(labelAngle=0))
    cells = alt.Chart(data).mark_rect(stroke="white", strokeWidth=1).encode(
        x=x, y=y, color=alt.Color("rate:Q", title=None, scale=alt.Scale(scheme="blues"),
                                  legend=alt.Legend(format=".0%", orient="right")),
        opacity=alt.condition("datum.immature", alt.value(0.35), alt.value(1.0)),
        tooltip=[alt.Tooltip("month:N", title=t("chart.cohort.y")), alt.Tooltip("lag:O", title=t("chart.cohort.x")),
                 alt.Tooltip("text:N", title=t("chart.cohort.rate"))])
    text = alt.Chart(data).mark_text(fontSize=12).encode(
        x=x, y=y, text="text:N",
        color=alt.condition("datum.rate > 0.15", alt.value("white"), alt.value("#1B2631")))
    return cast("alt.LayerChart", (cells + text).properties(
        title=title(t("chart.cohort.title"), t("chart.cohort.subtitle")), height=max(220, 26 * len(order))))


def rate_by_chart(frame: pd.DataFrame, t: Translator, heading: str, overall: float | None) -> alt.LayerChart:
    """A rate per rep or lead source as a dot with its 95 % interval, best on top, the overall rate as a rule.

    ``frame`` names each group in ``label`` (a missing rep reads "No rep": a group's own value may be missing,
    and Vega-Lite refuses a sort order that holds one); a selected dot gives its ``row`` in ``frame``."""
    data = frame.assign(row=range(len(frame)))[["row", "label", "value", "numerator", "denominator", "low", "high"]]
    data = data.dropna(subset=["value"])
    data["value_text"] = [t.percent(v) for v in data["value"]]
    data["detail"] = [t("chart.rate_detail", successes=t.number(k), trials=t.number(n))
                      for k, n in zip(data["numerator"], data["denominator"], strict=True)]
    order = list(dict.fromkeys(data.sort_values("value", ascending=False, kind="stable")["label"]))
    pick = alt.selection_point(name=GROUP_SELECTION, fields=["row"])
    y = alt.Y("label:N", sort=order, title=None)
    interval = alt.Chart(data).mark_rule(color=BAND_COLOR, strokeWidth=5).encode(
        y=y, x=alt.X("low:Q", title=None, axis=alt.Axis(format=".0%")), x2="high:Q")
    dots = alt.Chart(data).mark_point(size=160, filled=True).encode(
        y=y, x="value:Q", color=alt.condition(pick, alt.value(ACTUAL_COLOR), alt.value(NEUTRAL_COLOR)),
        tooltip=[alt.Tooltip("label:N", title=" "), alt.Tooltip("value_text:N", title=heading),
                 alt.Tooltip("detail:N", title=" ")]).add_params(pick)
    labels = alt.Chart(data).mark_text(align="left", dx=12, dy=-12, fontSize=13).encode(
        y=y, x="value:Q", text="value_text:N")
    chart = interval + dots + labels
    if overall is not None:
        rule = alt.Chart(pd.DataFrame({"x": [overall]})).mark_rule(color=TARGET_COLOR, strokeDash=[6, 4],
                                                                   strokeWidth=2).encode(x="x:Q")
        chart = chart + rule
    return cast("alt.LayerChart", chart.properties(
        title=title(heading, t("chart.rate_by.subtitle", overall=t.percent(overall))), height=max(200, 36 * len(data))))
