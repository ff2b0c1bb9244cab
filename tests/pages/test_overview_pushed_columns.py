"""The Overview's pushed-back deals sit in its narrow left column, where a table shows its first three columns only
without scrolling sideways: why a deal is listed (how often and how many days it was pushed) comes right after its
name. And an English sentence quotes an objective's title the English way."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from smart.i18n import Translator
from smart.i18n.catalog import MESSAGES
from tests.pages.test_analysis_pages import table_with
from tests.pages.test_overview_load import PUSHED_OPEN_KEY, pushed_reference
from tests.test_app import run_page


def test_the_pushed_deals_table_says_why_each_deal_is_listed_right_after_its_name(
        app_db: Path, demo_tables: dict[str, pd.DataFrame]) -> None:
    expected = pushed_reference(demo_tables["deals"], demo_tables["deal_history"])
    at = run_page("overview", "fr")
    at.session_state[PUSHED_OPEN_KEY] = True
    at.run()
    assert not at.exception and not at.error
    table = table_with(at, "pushes")
    assert list(table.columns)[:4] == ["title", "pushes", "days_pushed", "close_on"]
    assert "source" not in table.columns and "crm_id" not in table.columns
    assert list(table["days_pushed"]) == list(expected["days_pushed"].head(len(table)))


def test_english_sentences_quote_titles_the_english_way() -> None:
    french_quotes = sorted(key for key, texts in MESSAGES.items() if "«" in texts["en"] or "»" in texts["en"])
    assert french_quotes == []
    sentence = Translator("en")("signal.widening", title="Win rate +5 pts", now="−3.0%", before="−2.0%")
    assert "“Win rate +5 pts”" in sentence
