"""What every page chart shares: number formats in the reader's language and the month labels of time axes.

Vega-Lite formats numbers itself; ``localised`` gives it the decimal and thousands separators of the
translator's language. Time axes use month labels formatted by the translator (ordinal, in period order), so a
French manager reads ``janv. 2026`` and not ``Jan 2026``.
"""

from __future__ import annotations

import math
from typing import Any, TypeVar, cast

import altair as alt
import pandas as pd
from babel import Locale

from smart.i18n import Translator

# How an axis shows a KPI's unit: money compact with the reporting currency's symbol (€20M, 20M $US: the ``$`` of
# d3's format is the locale's currency, ``localised`` sets it), rates as percentages, durations and counts whole.
AXIS_FORMATS = {"money": "$~s", "percent": ".1%", "days": ",.0f", "count": ",.0f", "score": ",.1f"}


def axis_format(unit: str) -> str:
    """The d3 format of an axis showing values in ``unit`` (thousands separated, percentages as %)."""
    return AXIS_FORMATS.get(unit, ",.0f")


WHOLE_TICKS_GIVEN_UP_TO = 20


def whole_axis(largest: float | None = None, **options: Any) -> alt.Axis:
    """An axis of days or of deals: whole numbers with the language's separators, ticks at least 1 apart (never
    "0.5 deals", nor "0.000000" when every value is 0). With ``largest`` (the biggest value drawn) up to 20, the
    ticks are listed, every renderer does not honour Vega's ``tickMinStep``."""
    if largest is not None and not math.isnan(largest) and largest <= WHOLE_TICKS_GIVEN_UP_TO:
        top = max(1, math.ceil(largest))
        step = max(1, math.ceil(top / 10))
        options["values"] = list(range(0, top + step, step))
    return alt.Axis(format=AXIS_FORMATS["days"], tickMinStep=1, **options)


_NUMBER_LOCALES = {
    "en": {"decimal": ".", "thousands": ",", "grouping": [3]},
    "fr": {"decimal": ",", "thousands": "\u202f", "grouping": [3], "percent": "\u202f%"},
}


def number_locale(t: Translator) -> dict[str, Any]:
    """d3's number locale of ``t``'s language, its currency the one amounts are in (the reporting currency)."""
    return {**_NUMBER_LOCALES[t.lang], "currency": list(t.currency_affixes)}


def _time_locale(t: Translator) -> dict[str, Any]:
    """d3's time locale from Babel's names, so that temporal axes read ``janv. 2026`` in French."""
    locale = Locale.parse(t.babel_locale)
    days = [locale.days["format"]["wide"][i] for i in (6, 0, 1, 2, 3, 4, 5)]  # d3 starts on Sunday
    short_days = [locale.days["format"]["abbreviated"][i] for i in (6, 0, 1, 2, 3, 4, 5)]
    return {
        "dateTime": "%x %X", "date": "%d/%m/%Y", "time": "%H:%M:%S",
        "periods": ["AM", "PM"], "days": days, "shortDays": short_days,
        "months": [locale.months["format"]["wide"][m] for m in range(1, 13)],
        "shortMonths": [locale.months["format"]["abbreviated"][m] for m in range(1, 13)],
    }


TopChart = TypeVar("TopChart", bound=alt.TopLevelMixin)


def localised(chart: TopChart, t: Translator) -> TopChart:
    """The chart with the language's number and time locales, its width fitted to the page and its height kept
    (the height given is the plotting area's, so titles and legends never squeeze the bars); call last (a
    configured chart cannot be layered)."""
    fitted = chart.properties(autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))
    return cast("TopChart", fitted.configure(locale=alt.Locale(number=number_locale(t), time=_time_locale(t))))


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
    """A chart's title with its subtitle (empty when none), in the theme's style."""
    return alt.TitleParams(text=text, subtitle=subtitle or "")
