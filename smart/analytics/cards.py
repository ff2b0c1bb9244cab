"""The Overview's KPI cards (``catalogue.CARD_KPIS``): each KPI to date against the comparable previous range, with
a monthly sparkline."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from smart.analytics.engine import kpi_series, kpi_value
from smart.analytics.filters import Filters
from smart.analytics.periods import month_start, previous_span
from smart.storage import Store

SPARKLINE_MONTHS = 12


@dataclass(frozen=True)
class Card:
    """One KPI card: the value to date, the comparable previous value, and the monthly sparkline."""

    kpi: str
    value: float | None
    previous: float | None
    sparkline: tuple[float, ...]
    to_date: bool


def kpi_card(store: Store, kpi_id: str, filters: Filters, today: dt.date) -> Card:
    """The KPI over the filtered range (to date when it is in progress) against the comparable previous range,
    with the last ``SPARKLINE_MONTHS`` complete or current months as a sparkline. Distributions use the KPI's
    default statistic (the mean cycle: "average sales cycle", as objectives state it), so that the card's value
    and its gap to the objective speak of the same number."""
    value = previous = None
    to_date = False
    if filters.start is not None and filters.end is not None:
        start, end, previous_start, previous_end = previous_span(filters.start, filters.end, today)
        to_date = end < filters.end
        if start <= end:
            value = kpi_value(store, kpi_id, filters.with_period(start, end), today=today).value
            previous = kpi_value(store, kpi_id, filters.with_period(previous_start, previous_end), today=today).value
    else:
        value = kpi_value(store, kpi_id, filters, today=today).value
    last = min(filters.end or today, today)
    first = month_start(last, SPARKLINE_MONTHS - 1)
    series = kpi_series(store, kpi_id, filters.with_period(first, last), grain="month", today=today)
    values = tuple(float(v) for v in series["value"] if not (v is None or math.isnan(v)))
    return Card(kpi_id, value, previous, values, to_date)
