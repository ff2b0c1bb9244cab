"""Currencies: each deal keeps its own, every amount is shown and summed in one reporting currency per database.

- ``codes``: ISO 4217 codes, the symbols and names exports write instead, SQL reading a currency cell or an amount;
- ``settings``: the reporting currency (``reporting_currency``, ``set_reporting_currency``) and each source's
  currency for amounts written without one;
- ``rates``: the exchange rates stored and typed, and which of the deals' currencies they convert;
- ``convert``: the deals with their amounts in the reporting currency, in SQL (what every money KPI reads), and
  ``LeftOut``, the deals a figure leaves out for want of a rate;
- ``cli``: ``python -m smart currency``.

Importing deals reads their currency (``smart.ingest.currencies``); importing a rates file is ``smart.ingest.rates``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from smart.currency.codes import COMMON_CODES, ISO_CODES, normalise_code
from smart.currency.convert import DEALS_IN_REPORTING_CURRENCY, LeftOut
from smart.currency.settings import (
    CurrencyError,
    currency_code,
    reporting_currency,
    set_reporting_currency,
    source_currencies,
)
from smart.lazy import lazy_exports

if TYPE_CHECKING:
    from smart.currency.rates import RateRow, deal_currencies, save_rates, stored_rates

# rates imports pandas: imported when one of its names is first read (smart/lazy.py), so that the money KPIs' SQL,
# which the KPI list reads, comes without it.
__getattr__ = lazy_exports(__name__, {"rates": ("RateRow", "deal_currencies", "save_rates", "stored_rates")})

__all__ = [
    "COMMON_CODES", "DEALS_IN_REPORTING_CURRENCY", "ISO_CODES", "CurrencyError", "LeftOut", "RateRow",
    "currency_code", "deal_currencies", "normalise_code", "reporting_currency", "save_rates",
    "set_reporting_currency", "source_currencies", "stored_rates",
]
