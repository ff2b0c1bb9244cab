"""The one Altair theme of SMART Pilot: readable at screen-share distance, colour-blind-safe, targets drawn.

Colours are the Okabe-Ito palette, distinguishable with the common colour-vision deficiencies. The chart
builders take their colours and label sizes from here and draw a horizontal target with ``target_rule``; the
theme is registered once with Altair and enabled by ``use_theme``.
"""

from __future__ import annotations

from typing import Any, cast

import altair as alt

OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
ACTUAL_COLOR = "#0072B2"
EXPECTED_COLOR = "#6B7785"
TARGET_COLOR = "#D55E00"
GOOD_COLOR = "#009E73"
BAD_COLOR = "#D55E00"
BAND_COLOR = "#56B4E9"
NEUTRAL_COLOR = "#9AA5B1"
STATUS_COLORS = {
    "on_track": "#009E73",
    "achieved": "#0072B2",
    "at_risk": "#E69F00",
    "off_track": "#D55E00",
    "missed": "#7F1D1D",
    "no_data": NEUTRAL_COLOR,
}
THEME_NAME = "smart_pilot"
FONT = "Source Sans Pro, Segoe UI, Helvetica, Arial, sans-serif"
LABEL_SIZE = 15
TITLE_SIZE = 20
CHART_HEIGHT = 320


def _theme() -> dict[str, Any]:
    return {
        "config": {
            "font": FONT,
            "background": "white",
            "view": {"stroke": None, "continuousHeight": CHART_HEIGHT},
            "range": {"category": list(OKABE_ITO)},
            "title": {"fontSize": TITLE_SIZE, "fontWeight": 600, "anchor": "start", "color": "#1B2631",
                      "subtitleFontSize": LABEL_SIZE, "subtitleColor": "#4A5561", "offset": 12},
            "axis": {"labelFontSize": LABEL_SIZE, "titleFontSize": LABEL_SIZE, "titleFontWeight": 500,
                     "labelColor": "#1B2631", "titleColor": "#4A5561", "gridColor": "#E5E9EF",
                     "domainColor": "#9AA5B1", "tickColor": "#9AA5B1", "labelLimit": 260},
            "legend": {"labelFontSize": LABEL_SIZE, "titleFontSize": LABEL_SIZE, "orient": "top",
                       "symbolSize": 160, "labelLimit": 300},
            "header": {"labelFontSize": LABEL_SIZE, "titleFontSize": LABEL_SIZE},
            "text": {"fontSize": LABEL_SIZE},
            "mark": {"color": ACTUAL_COLOR},
            "line": {"strokeWidth": 3, "color": ACTUAL_COLOR},
            "point": {"size": 80, "filled": True},
            "bar": {"cornerRadiusEnd": 2},
        }
    }


@alt.theme.register(THEME_NAME, enable=False)
def _registered_theme() -> alt.theme.ThemeConfig:
    return cast("alt.theme.ThemeConfig", _theme())


def use_theme() -> None:
    """Enable the SMART Pilot theme for every chart built afterwards in this process."""
    alt.theme.enable(THEME_NAME)


def target_rule(value: float, label: str) -> alt.LayerChart:
    """A dashed horizontal target line with its label, for layering over any chart with a quantitative y."""
    values = [{"target": value, "label": label}]
    y = alt.Y("target:Q", title=None)
    rule = alt.Chart(alt.InlineData(values=values)).mark_rule(
        color=TARGET_COLOR, strokeDash=[8, 5], strokeWidth=2.5).encode(y=y)
    text = alt.Chart(alt.InlineData(values=values)).mark_text(
        color=TARGET_COLOR, align="left", dx=6, dy=-9, fontWeight=600, fontSize=LABEL_SIZE
    ).encode(y=y, text="label:N", x=alt.value(0))
    return cast("alt.LayerChart", rule + text)
