"""The message table and the per-language formats."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from smart.i18n import LANGUAGES, Translator, language_from_locale
from smart.i18n.catalog import MESSAGES
from tests.conftest import REPO_ROOT

KEY_CALL = re.compile(r"""\bt\(\s*["']([a-z_]+\.[a-z0-9_.]+)["']""")


def test_every_message_has_english_and_french_with_the_same_placeholders() -> None:
    for key, texts in MESSAGES.items():
        assert set(texts) == set(LANGUAGES), key
        assert all(texts[lang].strip() for lang in LANGUAGES), key
        placeholders = {lang: set(re.findall(r"{(\w+)}", texts[lang])) for lang in LANGUAGES}
        assert placeholders["en"] == placeholders["fr"], key


def test_every_literal_key_used_in_the_code_is_in_the_table() -> None:
    sources = [*REPO_ROOT.glob("*.py"), *REPO_ROOT.glob("pages/*.py"), *REPO_ROOT.glob("smart/**/*.py")]
    used = {key for path in sources for key in KEY_CALL.findall(path.read_text(encoding="utf-8"))}
    assert used, "the pattern found no t(...) call: the test would prove nothing"
    assert sorted(used - set(MESSAGES)) == []


def test_an_unknown_key_fails_loudly() -> None:
    with pytest.raises(KeyError, match="no message 'nope.nothing'"):
        Translator("en")("nope.nothing")


def test_get_falls_back_only_when_the_table_has_no_message() -> None:
    assert Translator("fr").get("import.delimiter.semicolon", ";") == "point-virgule"
    assert Translator("fr").get("import.delimiter.~", "~") == "~"


@pytest.mark.parametrize(
    ("locale", "expected"), [("fr-FR", "fr"), ("fr-BE", "fr"), ("fr", "fr"), ("en-US", "en"), ("de-DE", "en"),
                             (None, "en")])
def test_language_follows_the_browser_locale(locale: str | None, expected: str) -> None:
    assert language_from_locale(locale) == expected


def test_english_formats() -> None:
    t = Translator("en")
    assert t.money(1234567.5) == "€1,234,568"
    assert t.money(1234.5, 2) == "€1,234.50"
    assert t.compact_money(1_234_567) == "€1.23M"
    assert t.compact_money(45_600) == "€46k"
    assert t.percent(0.1534) == "15.3%"
    assert t.signed_percent(-0.05) == "−5.0%"
    assert t.points(0.023) == "+2.3 pts"
    assert t.days(74.4) == "74 days"
    assert t.date(dt.date(2026, 11, 27)) == "27 Nov 2026"
    assert t.number(float("nan")) == "–"


def test_french_formats_use_spaces_and_the_decimal_comma() -> None:
    t = Translator("fr")
    assert t.money(1234567.5) == "1\u202f234\u202f568\u00a0€"
    assert t.compact_money(1_234_567) == "1,23 M€"
    assert t.percent(0.1534) == "15,3\u202f%"
    assert t.number(1234.5, 1) == "1\u202f234,5"
    assert t.days(74) == "74 jours"
    assert t.date(dt.date(2026, 11, 27)) == "27 nov. 2026"
    assert t("nav.overview") == "Vue d'ensemble"


@pytest.mark.parametrize(
    ("lang", "unit", "value", "compact", "expected"),
    [
        ("en", "money", 1234567, False, "€1,234,567"),
        ("en", "money", 1234567, True, "€1.23M"),
        ("en", "percent", 0.2, False, "20.0%"),
        ("en", "days", 74.44, False, "74.4 days"),
        ("en", "days", 74.44, True, "74 d"),
        ("fr", "days", 74.44, True, "74 j"),
        ("en", "score", 4.256, False, "4.26"),
        ("en", "count", 2395, True, "2,395"),
        ("fr", "money", 45600, True, "46 k€"),
        ("fr", "days", 74.44, False, "74,4 jours"),
    ],
)
def test_a_kpi_value_is_formatted_in_its_unit(lang: str, unit: str, value: float, compact: bool,
                                              expected: str) -> None:
    assert Translator(lang).measure(unit, value, compact=compact) == expected


def test_signed_measures_move_rates_in_points_and_the_rest_in_their_unit() -> None:
    t = Translator("en")
    assert t.signed_measure("percent", -0.031) == "−3.1 pts"
    assert t.signed_measure("money", 12_000, compact=True) == "+€12k"
    assert t.signed_measure("days", -4, compact=True) == "−4 d"
    assert t.signed_measure("count", 0) == "0"
    assert t.signed_measure("count", None) == "–"
