"""Charts speak the reader's language: French month names and number separators on rendered axes."""

from __future__ import annotations

import altair as alt
import pandas as pd

from smart.charts.format import localised
from smart.exports import chart_svg
from smart.i18n import Translator


def month_chart() -> alt.Chart:
    frame = pd.DataFrame({"date": pd.to_datetime(["2026-01-01", "2026-02-01", "2026-03-01"]),
                          "value": [1500.5, 2500.0, 12000.0]})
    return alt.Chart(frame).mark_line().encode(
        x=alt.X("date:T", axis=alt.Axis(format="%b %Y", tickCount="month")),
        y=alt.Y("value:Q", axis=alt.Axis(format=",.1f")))


def test_french_axes_use_french_months_and_separators() -> None:
    svg = chart_svg(localised(month_chart(), Translator("fr")))
    assert "janv. 2026" in svg and "févr. 2026" in svg
    assert "12\u202f000,0" in svg


def test_english_axes_stay_english() -> None:
    svg = chart_svg(localised(month_chart(), Translator("en")))
    assert "Jan 2026" in svg and "12,000.0" in svg


def test_french_percent_axes_keep_the_narrow_space() -> None:
    frame = pd.DataFrame({"group": ["a", "b"], "rate": [0.25, 0.5]})
    chart = alt.Chart(frame).mark_bar().encode(y="group:N", x=alt.X("rate:Q", axis=alt.Axis(format=".0%")))
    svg = chart_svg(localised(chart.properties(width=400), Translator("fr")))
    assert "50\u202f%" in svg and "50%" not in svg
