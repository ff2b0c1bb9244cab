"""What keeps a rerun cheap when many sessions open the same page (benchmarks/bench_load.py): figures written once
by Babel and then kept, cache keys written without Streamlit's slow hashing yet exact, and a server configuration
that neither watches the sources nor collects all garbage after every run."""

from __future__ import annotations

import datetime as dt
import decimal
import tomllib

import babel.dates
import babel.numbers
import numpy as np
import pandas as pd
import pytest
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

from smart.analytics.filters import Filters, Scope
from smart.coverage import DataExtent
from smart.i18n import Translator
from tests.conftest import REPO_ROOT

NUMBERS = [0, 0.0, -0.0, 1, -1, 1.5, 2.5, -0.0049, 1234567.891, 1e12, 10**20, 0.1 + 0.2, decimal.Decimal("12.345"),
           np.float64(3.14159), np.int64(42)]
DAYS = [dt.date(2024, 2, 29), dt.datetime(2026, 1, 1, 13, 5), pd.Timestamp("2025-12-31"), dt.date(1999, 7, 4)]
LOCALES = {"en": "en_GB", "fr": "fr_FR"}


def written_by_babel(lang: str, currency: str) -> list[str]:
    """Every figure below, written by Babel's own functions (what the Translator always wrote)."""
    t, locale, texts = Translator(lang, currency), LOCALES[lang], []
    before, after = t.currency_affixes
    for value in NUMBERS:
        for decimals in (0, 1, 2):
            pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
            money = f"'{before}'{pattern}" if before else f"{pattern}{after[0]}'{after[1:]}'"
            percent = pattern + ("\u202f%" if lang == "fr" else "%")
            texts += [format_decimal(value, format=pattern, locale=locale),
                      format_decimal(value, format=money, locale=locale),
                      format_percent(value, format=percent, locale=locale)]
    for day in DAYS:
        plain = day.date() if isinstance(day, dt.datetime) else day  # a Timestamp is a datetime
        texts += [format_date(plain, format=fmt, locale=locale) for fmt in ("medium", "short", "long", "d MMM")]
        texts.append(format_date(plain, format="MMM yyyy", locale=locale))
    return texts


def written_by_translator(lang: str, currency: str) -> list[str]:
    t, texts = Translator(lang, currency), []
    for value in NUMBERS:
        for decimals in (0, 1, 2):
            texts += [t.number(value, decimals), t.money(value, decimals), t.percent(value, decimals)]
    for day in DAYS:
        texts += [t.date(day, fmt) for fmt in ("medium", "short", "long", "d MMM")] + [t.month(day)]
    return texts


@pytest.mark.parametrize(("lang", "currency"), [("en", "EUR"), ("fr", "EUR"), ("en", "USD"), ("fr", "PLN")])
def test_the_translator_writes_what_babel_writes_and_parses_nothing_twice(
        lang: str, currency: str, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = written_by_babel(lang, currency)
    assert written_by_translator(lang, currency) == expected  # kept patterns and texts write the same
    parsed: list[object] = []
    for module in (babel.numbers, babel.dates):
        original = module.parse_pattern
        monkeypatch.setattr(module, "parse_pattern", lambda pattern, _original=original: parsed.append(pattern)
                            or _original(pattern))
    assert written_by_translator(lang, currency) == expected  # again, in the same order: "-0" after "0" too
    assert parsed == []


def test_cache_keys_are_equal_for_equal_readings_and_differ_otherwise() -> None:
    import ui

    def key(*args: object, **kwargs: object) -> bytes:
        return ui.state._cache_key("/data/smart.duckdb", Translator.money, args, tuple(sorted(kwargs.items())))

    year = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    mine = Scope(owners=("Hugo Mercier",))
    assert key(Filters(*year, teams=("PME",), scope=mine)) == key(Filters(*year, teams=("PME",),
                                                                          scope=Scope(owners=("Hugo Mercier",))))
    assert key(Filters(*year, scope=mine)) != key(Filters(*year))
    assert key(Filters(*year), scope=mine) != key(Filters(*year), scope=Scope(owners=("Camille Laurent",)))
    assert key(1) != key(True) != key(1.0)
    assert key("2024") != key(2024) and key(None) != key("None")
    assert ui.state._cache_key("/data/other.duckdb", Translator.money, (), ()) != key()
    days = ((dt.date(2026, 1, 5), 3), (dt.date(2026, 2, 1), 7))
    used = DataExtent(days)
    assert used.count_between(dt.date(2026, 1, 1), dt.date(2026, 1, 31)) == 3  # fills its cached running totals
    assert key(dt.date(2026, 11, 27), used) == key(dt.date(2026, 11, 27), DataExtent(tuple(days)))
    assert key(DataExtent(days)) != key(DataExtent(days[:1]))
    frame = pd.DataFrame({"a": [1, 2]})
    assert key(frame) == key(frame.copy()) != key(frame.assign(a=[1, 3]))


def test_the_server_watches_no_source_file_and_collects_no_garbage_after_each_run() -> None:
    config = tomllib.loads((REPO_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["fileWatcherType"] == "none"
    assert config["runner"]["postScriptGC"] is False
