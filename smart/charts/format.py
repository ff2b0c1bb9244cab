"""What every page chart shares: number formats in the reader's language and the month labels of time axes.

Vega-Lite formats numbers itself; ``localised`` gives it the decimal and thousands separators of the
translator's language. Time axes use month labels formatted by the translator (ordinal, in period order), so a
French manager reads ``janv. 2026`` and not ``Jan 2026``.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from smart.i18n import Translator

_NUMBER_LOCALES = {
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["€", ""]},
    "fr": {"decimal": ",", "thousands": "\u202f", "grouping": [3], "currency": ["", "\u00a0€"]},
}


def localised(chart: Any, t: Translator) -> Any:
    """The chart with the language's number locale, its width fitted to the page and its height kept (the
    height given is the plotting area's, so titles and legends never squeeze the bars); call last (a configured
    chart cannot be layered)."""
    fitted = chart.properties(autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))
    return fitted.configure(locale=alt.Locale(number=_NUMBER_LOCALES[t.lang]))


def month_labels(frame: pd.DataFrame, t: Translator, column: str = "period") -> pd.DataFrame:
    """A copy with a ``month`` label column (``nov. 2026``) and ``order`` (its position in time)."""
    labelled = frame.copy()
    periods = pd.to_datetime(labelled[column])
    labelled["month"] = [t.month(day) for day in periods]
    labelled["order"] = periods.rank(method="dense").astype(int)
    return labelled


def month_axis(title: str | None = None, order: list[str] | None = None) -> alt.X:
    """An ordinal month axis in time order, with labels angled when there are many months."""
    many = order is not None and len(order) > 12
    return alt.X("month:O", sort=order, title=title, axis=alt.Axis(labelAngle=-45 if many else 0,
                                                                    labelOverlap="greedy"))


def title(text: str, subtitle: str | None = None) -> alt.TitleParams:
    return alt.TitleParams(text=text, subtitle=subtitle or "")
