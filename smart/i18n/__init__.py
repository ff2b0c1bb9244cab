"""English and French: one message table, and numbers, money, percentages and dates formatted per language.

Formatting goes through Babel with an explicit locale on every call (never ``locale.setlocale``, which is
process-wide and unsafe with many sessions). Babel parses the locale and the pattern again on every call of its
``format_*`` functions, which made a table of a few thousand figures cost seconds, on every rerun of every session:
the parsed locales and patterns are kept, and so are the texts of the figures most recently written (``_written``:
the same figures are written by every session that shows the same table, and by every rerun).
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from dataclasses import dataclass
from typing import Any

from babel import Locale
from babel.dates import get_date_format
from babel.dates import parse_pattern as parse_date_pattern
from babel.numbers import get_currency_name, get_currency_symbol
from babel.numbers import parse_pattern as parse_number_pattern

from smart.i18n.catalog import MESSAGES

LANGUAGES = ("en", "fr")
DEFAULT_LANGUAGE = "en"
DEFAULT_CURRENCY = "EUR"
_BABEL_LOCALES = {"en": "en_GB", "fr": "fr_FR"}
MISSING = "–"


def language_from_locale(browser_locale: str | None) -> str:
    """The language to show for a browser locale such as ``fr-BE``: French for any French locale, else English."""
    if browser_locale and browser_locale.lower().split("-")[0].split("_")[0] == "fr":
        return "fr"
    return DEFAULT_LANGUAGE


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(isinstance(value, float) and math.isnan(value)) or value is _pd_na()
    except TypeError:
        return False


def _pd_na() -> Any:
    import pandas as pd

    return pd.NA


WRITTEN_FIGURES_KEPT = 1 << 16  # about 10 MB of short texts, shared by every session


@functools.cache
def _locale(name: str) -> Locale:
    return Locale.parse(name)


@functools.cache
def _number_pattern(pattern: str) -> Any:
    return parse_number_pattern(pattern)


@functools.cache
def _date_pattern(fmt: str, locale: str) -> Any:
    """A date pattern: a named one (``medium``...) as ``locale`` writes it, else ``fmt`` itself (``MMM yyyy``)."""
    if fmt in ("full", "long", "medium", "short"):
        return parse_date_pattern(get_date_format(fmt, locale=_locale(locale)))  # type: ignore[arg-type]
    return parse_date_pattern(fmt)


@functools.cache
def _currency_symbol(currency: str, locale: str) -> str:
    return get_currency_symbol(currency, _locale(locale))


@functools.lru_cache(maxsize=WRITTEN_FIGURES_KEPT, typed=True)
def _written(kind: str, pattern: str, locale: str, value: Any) -> str:
    """``value`` written with a Babel number pattern (``kind`` ``"number"``; percent patterns included) or date
    pattern (``"date"``) in ``locale``: what ``babel.numbers.format_decimal`` / ``format_percent`` and
    ``babel.dates.format_date`` write, with their default options."""
    if kind == "date":
        return str(_date_pattern(pattern, locale).apply(value, _locale(locale)))
    return str(_number_pattern(pattern).apply(value, _locale(locale)))


def _write(kind: str, pattern: str, locale: str, value: Any) -> str:
    """``_written``, but for a zero (0.0 and -0.0 are one key, and Babel writes them "0" and "-0") and a value
    that cannot be a key: those are written afresh."""
    if kind == "number" and value == 0:
        return _written.__wrapped__(kind, pattern, locale, value)
    try:
        return _written(kind, pattern, locale, value)
    except TypeError:  # unhashable
        return _written.__wrapped__(kind, pattern, locale, value)


@dataclass(frozen=True)
class Translator:
    """Messages and formats for one language; create one per session from the chosen language."""

    lang: str = DEFAULT_LANGUAGE
    currency: str = DEFAULT_CURRENCY

    def __post_init__(self) -> None:
        if self.lang not in LANGUAGES:
            raise ValueError(f"unknown language {self.lang!r}; expected one of {', '.join(LANGUAGES)}")

    @property
    def babel_locale(self) -> str:
        return _BABEL_LOCALES[self.lang]

    def __call__(self, key: str, **values: Any) -> str:
        """The message for ``key`` in this language, with ``{placeholders}`` filled from ``values``."""
        try:
            text = MESSAGES[key][self.lang]
        except KeyError:
            raise KeyError(f"no message {key!r} in the i18n table (smart/i18n/)") from None
        return text.format(**values) if values else text

    def get(self, key: str, default: str) -> str:
        """The message for ``key``, or ``default`` when the table has none (a code that data may bring, such as
        an unusual delimiter, with no message of its own)."""
        return self(key) if key in MESSAGES else default

    def number(self, value: Any, decimals: int = 0) -> str:
        if _is_missing(value):
            return MISSING
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        return _write("number", pattern, self.babel_locale, value)

    @property
    def currency_symbol(self) -> str:
        """The symbol of the currency amounts are in, as this language writes it (€, £, US$ or $US, PLN...)."""
        return _currency_symbol(self.currency, self.babel_locale)

    def currency_name(self, code: str) -> str:
        """A currency's name in this language (PLN: Polish Zloty, zloty polonais); the code when unknown."""
        return get_currency_name(code, locale=self.babel_locale)

    @property
    def currency_affixes(self) -> tuple[str, str]:
        """What is written before and after an amount: the symbol before it in English (spaced when it is made of
        letters: PLN 12), after it in French (1 234 €)."""
        symbol = self.currency_symbol
        if self.lang == "fr":
            return "", "\u00a0" + symbol
        return (symbol + "\u00a0" if symbol[-1:].isalpha() else symbol), ""

    def money(self, value: Any, decimals: int = 0) -> str:
        """An amount in the reporting currency (``currency``): €1,234 or 1 234 € (US$1,234, PLN 1,234...)."""
        if _is_missing(value):
            return MISSING
        prefix, suffix = self.currency_affixes
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        pattern = f"'{prefix}'{pattern}" if prefix else f"{pattern}{suffix[0]}'{suffix[1:]}'"
        return _write("number", pattern, self.babel_locale, value)

    def compact_money(self, value: Any) -> str:
        """Money rounded to thousands or millions for cards and axes: 1.2 M€ reads faster than 1,234,567 €."""
        if _is_missing(value):
            return MISSING
        magnitude = abs(float(value))
        symbol = self.currency_symbol if self.lang == "fr" else self.currency_affixes[0]
        if self.lang == "fr" and symbol[:1].isalpha():
            symbol = "\u00a0" + symbol  # 12 k PLN, but 12 k€
        if magnitude >= 1_000_000:
            return self(
                "unit.money_millions", value=self.number(float(value) / 1_000_000, 2 if magnitude < 1e7 else 1),
                symbol=symbol,
            )
        if magnitude >= 10_000:
            return self("unit.money_thousands", value=self.number(float(value) / 1_000, 0), symbol=symbol)
        return self.money(value)

    def percent(self, ratio: Any, decimals: int = 1) -> str:
        """A ratio (0.153) as a percentage (15.3 %)."""
        if _is_missing(ratio):
            return MISSING
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "") + ("\u202f%" if self.lang == "fr" else "%")
        return _write("number", pattern, self.babel_locale, ratio)

    def signed_percent(self, ratio: Any, decimals: int = 1) -> str:
        if _is_missing(ratio):
            return MISSING
        text = self.percent(abs(ratio), decimals)
        return ("+" if ratio > 0 else "−" if ratio < 0 else "") + text

    def points(self, delta: Any, decimals: int = 1) -> str:
        """A difference between two rates, in percentage points."""
        if _is_missing(delta):
            return MISSING
        sign = "+" if delta > 0 else "−" if delta < 0 else ""
        return self("unit.points", value=sign + self.number(abs(delta) * 100, decimals))

    def days(self, value: Any, decimals: int = 0) -> str:
        if _is_missing(value):
            return MISSING
        return self("unit.days", value=self.number(value, decimals))

    def measure(self, unit: str, value: Any, *, compact: bool = False) -> str:
        """A KPI value in its unit (money, percent, days, score or count); ``compact`` for cards and slides."""
        if unit == "money":
            return self.compact_money(value) if compact else self.money(value)
        if unit == "percent":
            return self.percent(value)
        if unit == "days":
            return self("unit.days_short", value=self.number(value)) if compact else self.days(value, 1)
        if unit == "score":
            return self.number(value, 1 if compact else 2)
        return self.number(value)

    def signed_measure(self, unit: str, value: Any, *, compact: bool = False) -> str:
        """A change or gap in the KPI's unit with its sign: +€12k, −3.1 pts (rates move in points), +4 days."""
        if _is_missing(value):
            return MISSING
        if unit == "percent":
            return self.points(value)
        sign = "+" if value > 0 else "−" if value < 0 else ""
        return sign + self.measure(unit, abs(value), compact=compact)

    def date(self, value: dt.date | dt.datetime | Any, fmt: str = "medium") -> str:
        if _is_missing(value):
            return MISSING
        if hasattr(value, "to_pydatetime"):
            value = value.to_pydatetime()
        if isinstance(value, dt.datetime):
            value = value.date()
        return _write("date", fmt, self.babel_locale, value)

    def month(self, value: dt.date | Any) -> str:
        if _is_missing(value):
            return MISSING
        if hasattr(value, "to_pydatetime"):
            value = value.to_pydatetime().date()
        if isinstance(value, dt.datetime):
            value = value.date()
        return _write("date", "MMM yyyy", self.babel_locale, value)
