"""Amounts are written in the reporting currency everywhere: the Translator, chart axes, the review's slides (in the
currency of the day the review was kept)."""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd
import pytest

from smart.charts.format import axis_format, localised
from smart.currency import set_reporting_currency
from smart.exports import chart_svg
from smart.i18n import Translator
from smart.review import build_review
from smart.review.slides import slides
from tests.conftest import DEMO_TODAY


@pytest.mark.parametrize(("lang", "currency", "money", "compact"), [
    ("en", "EUR", "€1,234,568", "€1.23M"),
    ("en", "USD", "US$1,234,568", "US$1.23M"),
    ("en", "PLN", "PLN\u00a01,234,568", "PLN\u00a01.23M"),
    ("en", "GBP", "£1,234,568", "£1.23M"),
    ("fr", "EUR", "1\u202f234\u202f568\u00a0€", "1,23 M€"),
    ("fr", "USD", "1\u202f234\u202f568\u00a0$US", "1,23 M$US"),
    ("fr", "PLN", "1\u202f234\u202f568\u00a0PLN", "1,23 M\u00a0PLN"),
])
def test_money_is_written_in_the_translator_s_currency(lang: str, currency: str, money: str, compact: str) -> None:
    t = Translator(lang, currency=currency)
    assert t.money(1234567.5) == money
    assert t.compact_money(1_234_567) == compact
    assert t.money(-12.5, 2).startswith("-")


def _money_axis_svg(t: Translator) -> str:
    frame = pd.DataFrame({"month": ["Jan", "Feb"], "value": [12000.0, 30000.0]})
    chart = alt.Chart(frame).mark_bar().encode(x="month:N", y=alt.Y("value:Q", axis=alt.Axis(format=axis_format(
        "money"))))
    return chart_svg(localised(chart, t))


def test_money_axes_carry_the_reporting_currency_s_symbol() -> None:
    assert "€30k" in _money_axis_svg(Translator("en"))
    dollars = _money_axis_svg(Translator("en", currency="USD"))
    assert "US$30k" in dollars and "€" not in dollars
    assert "30k\u00a0$US" in _money_axis_svg(Translator("fr", currency="USD"))


def _texts(slide) -> str:
    """Everything a slide writes: its metrics, tables and bullets."""
    cells = [str(cell) for table in slide.tables for row in table.rows for cell in row]
    return " ".join([*(m.value for m in slide.metrics), *(m.delta or "" for m in slide.metrics), *cells,
                     *slide.bullets])


def test_a_review_keeps_the_currency_it_was_shown_in(demo_store) -> None:
    figures = build_review(demo_store, DEMO_TODAY)
    assert figures["currency"] == "EUR"
    set_reporting_currency(demo_store, "USD")
    shown = " ".join(_texts(slide) for slide in slides(figures, Translator("en", currency="USD")))
    assert "€" in shown and "US$" not in shown
    assert build_review(demo_store, DEMO_TODAY + dt.timedelta(days=7))["currency"] == "USD"
