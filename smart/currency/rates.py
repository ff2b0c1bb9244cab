"""Exchange rates: the stored ones, those typed on the Import page, and which currencies of the deals they convert.

A rate is how many units of ``currency`` one unit of ``base`` buys on ``rate_on`` (ECB convention: EUR 1 = USD
1.10 is base EUR, currency USD, rate 1.10). Rates come from a rates file (``python -m smart import rates.csv``,
``smart.ingest.rates``) or are typed in the editor of the Import page; a typed rate has no import.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from smart.analytics.filters import EVERYTHING, Scope, scoped_records_sql
from smart.currency.codes import normalise_code
from smart.currency.convert import DEALS_IN_REPORTING_CURRENCY, with_reporting_currency
from smart.currency.settings import REPORTING_CURRENCY_SQL, CurrencyError, reporting_currency
from smart.storage import Store

RATE_COLUMNS = ["rate_on", "currency", "rate", "base"]


@dataclass(frozen=True)
class RateRow:
    """One rate as typed: its day, currency, rate and base (None: the reporting currency)."""

    rate_on: object
    currency: object
    rate: object
    base: object = None


def stored_rates(store: Store) -> pd.DataFrame:
    """Every stored rate, newest day first. Columns: rate_on, currency, rate, base, import_id."""
    return store.df("""SELECT rate_on, currency, rate, base, import_id FROM exchange_rates
        ORDER BY rate_on DESC, base, currency""")


def _day(value: object) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        day: dt.date = pd.Timestamp(str(value)).date()
    except ValueError:
        return None
    return day


def _cell(value: object) -> object:
    """A typed cell, None when it is empty (None, blank text, NaN, NaT)."""
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _text(cell: object) -> str:
    return "" if cell is None else str(cell)


def _checked(rows: Iterable[RateRow], reporting: str) -> list[tuple[str, str, dt.date, float]]:
    """(base, currency, rate_on, rate) for each typed row; CurrencyError naming the first row that is wrong (rows
    counted from 1, as the editor shows them). A row left wholly empty is ignored."""
    checked: list[tuple[str, str, dt.date, float]] = []
    seen: dict[tuple[str, str, dt.date], int] = {}
    for number, row in enumerate(rows, start=1):
        day_cell, currency_cell, rate_cell, base_cell = (_cell(c) for c in (row.rate_on, row.currency, row.rate,
                                                                             row.base))
        if day_cell is None and currency_cell is None and rate_cell is None and base_cell is None:
            continue
        day = _day(day_cell)
        if day is None:
            raise CurrencyError("currency.error.row_date", row=number, value=str(day_cell or ""))
        currency = normalise_code(_text(currency_cell))
        base = reporting if base_cell is None else normalise_code(_text(base_cell))
        if currency is None or base is None:
            wrong = currency_cell if currency is None else base_cell
            raise CurrencyError("currency.error.row_code", row=number, value=_text(wrong))
        try:
            rate = float(rate_cell)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            rate = math.nan
        if not math.isfinite(rate) or rate <= 0:
            raise CurrencyError("currency.error.row_rate", row=number, value=_text(rate_cell))
        if currency == base:
            raise CurrencyError("currency.error.row_same", row=number, currency=currency)
        key = (base, currency, day)
        if key in seen:
            raise CurrencyError("currency.error.row_twice", row=number, first=seen[key], currency=currency,
                                day=day.isoformat())
        seen[key] = number
        checked.append((base, currency, day, rate))
    return checked


def save_rates(store: Store, rows: Iterable[RateRow]) -> int:
    """Replace the stored rates with ``rows`` (the editor's whole table: rows removed there are deleted), in one
    transaction; a rate that did not change keeps the import that brought it (undoing that import removes it).
    Nothing is written when a row is wrong (CurrencyError). Returns the number of rates kept."""
    checked = _checked(rows, reporting_currency(store))
    frame = pd.DataFrame(checked, columns=["base", "currency", "rate_on", "rate"])
    with store.transaction() as tx:
        tx.register("typed_rates", frame)
        tx.execute("""CREATE OR REPLACE TEMP TABLE kept_rates AS
            SELECT t.base, t.currency, t.rate_on::DATE AS rate_on, t.rate::DOUBLE AS rate,
                   CASE WHEN s.rate = t.rate THEN s.import_id END AS import_id
            FROM typed_rates t LEFT JOIN exchange_rates s
                ON s.base = t.base AND s.currency = t.currency AND s.rate_on = t.rate_on::DATE""")
        tx.unregister("typed_rates")
        tx.execute("DELETE FROM exchange_rates")
        tx.execute("INSERT INTO exchange_rates (base, currency, rate_on, rate, import_id) "
                   "SELECT base, currency, rate_on, rate, import_id FROM kept_rates")
        tx.execute("DROP TABLE kept_rates")
    return len(checked)


def deal_currencies(store: Store, scope: Scope = EVERYTHING) -> pd.DataFrame:
    """Each currency the deals ``scope`` sees are in, with how many deals, how many of them have an amount that no
    rate converts to the reporting currency (``left_out``), and the rates stored for it against any base (how many,
    first and last day; the reporting currency needs none). Columns: currency, deals, left_out, rates,
    first_rate_on, last_rate_on; the reporting currency first, then by deals."""
    deals, params = scoped_records_sql("deals", scope, DEALS_IN_REPORTING_CURRENCY)
    return store.df(with_reporting_currency(store, f"""
        WITH deals_now AS ({deals}),
        per_currency AS (
            SELECT coalesce(currency, '') AS currency, count(*) AS deals,
                   count(*) FILTER (WHERE left_out IS NOT NULL) AS left_out
            FROM deals_now GROUP BY ALL),
        held AS (
            SELECT currency, count(*) AS rates, min(rate_on) AS first_rate_on, max(rate_on) AS last_rate_on
            FROM exchange_rates GROUP BY currency)
        SELECT p.currency, p.deals, p.left_out, coalesce(h.rates, 0) AS rates, h.first_rate_on, h.last_rate_on
        FROM per_currency p LEFT JOIN held h USING (currency)
        ORDER BY p.currency <> {REPORTING_CURRENCY_SQL}, p.deals DESC, p.currency"""), params)
