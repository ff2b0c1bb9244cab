"""Currencies on the pages (AppTest, on a copy of the demo, all in euros): the reporting currency chosen on the
Import page reformats the cards, a rates file converts the euros, a file without a currency is asked once, and deals
no rate converts are named where money figures are shown."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit.testing.v1 import AppTest

from smart.analytics.catalogue import CATALOGUE
from smart.i18n import Translator
from smart.ingest import import_file
from smart.storage import Store
from tests.conftest import DEMO_TODAY, REPO_ROOT
from tests.test_app import run_page

APP = str(REPO_ROOT / "app.py")
YEAR_TO_DATE = (pd.Timestamp("2026-01-01"), pd.Timestamp(DEMO_TODAY))
POLISH_WEEK = ('"Deal - ID","Deal - Value","Deal - Title","Deal - Deal created","Deal - Deal closed on",'
               '"Deal - Stage","Deal - Status"\n'
               '"9001","1300","Wdrożenie CRM","2026-02-02 09:00:00","2026-03-02 10:00:00","Negotiations","Won"\n'
               '"9002","4000","Szkolenie zespołu","2026-02-03 09:00:00","2026-04-02 10:00:00","Negotiations","Won"\n')


def _import_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page("pages/import.py").run()
    assert not at.exception
    return at


def _revenue_card(at: AppTest, lang: str = "en") -> str:
    return next(metric.value for metric in at.metric if metric.label == CATALOGUE["revenue"].short_label(lang))


def _year_to_date_revenue(database: Path) -> float:
    """The demo's revenue of the year to date, in plain pandas over the raw deals (all in euros)."""
    store = Store(database)
    try:
        deals = store.df("SELECT * FROM deals WHERE source = 'demo'")
    finally:
        store.close()
    assert set(deals["currency"]) == {"EUR"}
    closed = pd.to_datetime(deals["close_on"])
    return float(deals.loc[closed.between(*YEAR_TO_DATE) & (deals["status"] == "won"), "amount"].sum())


def test_the_reporting_currency_and_a_rates_file_reformat_the_overview(app_db: Path) -> None:
    euros = _year_to_date_revenue(app_db)
    before = run_page("overview", "en")
    assert _revenue_card(before) == Translator("en").compact_money(euros) and "€" in _revenue_card(before)

    at = _import_page()
    at.selectbox(key="import.reporting.EUR").set_value("USD")
    at.run()
    assert not at.exception and not at.error
    assert "Amounts are now shown in USD." in [s.value for s in at.success]
    at.file_uploader(key="import.file").set_value(("rates.csv", b"date,currency,rate\n2020-01-01,EUR,0.8\n",
                                                   "text/csv"))
    at.run()
    assert not at.exception and not at.error
    assert any("1 USD = 0.8000 EUR" in caption.value for caption in at.caption)
    at.button(key="import.confirm").click()
    at.run()
    assert not at.exception and not at.error

    after = run_page("overview", "en")
    dollars = Translator("en", currency="USD")
    assert _revenue_card(after) == dollars.compact_money(euros / 0.8)
    assert "US$" in _revenue_card(after) and "€" not in _revenue_card(after)
    assert not [md for md in after.markdown if "left out" in md.value]
    french = run_page("overview", "fr")
    assert _revenue_card(french, "fr") == Translator("fr", currency="USD").compact_money(euros / 0.8)


def test_deals_in_a_currency_without_a_rate_are_left_out_and_named_where_money_is_shown(
        app_db: Path, tmp_path: Path) -> None:
    euros = _year_to_date_revenue(app_db)
    path = tmp_path / "polska.csv"
    path.write_text(POLISH_WEEK, encoding="utf-8")
    store = Store(app_db)
    try:
        import_file(store, path, default_currency="PLN")
    finally:
        store.close()
    st.cache_data.clear()
    t = Translator("en")
    notice = t("currency.left_out.one", count="2", currency="PLN")
    for page in ("overview", "variance", "team"):
        at = run_page(page, "en")
        assert not at.exception and not at.error, page
        assert [md.value for md in at.markdown if "left out" in md.value] == [
            ":material/currency_exchange: " + notice], page
    overview = run_page("overview", "en")
    # The two won deals in złoty count as deals won, not in the revenue.
    assert _revenue_card(overview) == t.compact_money(euros)
    french = run_page("team", "fr")
    assert any(Translator("fr")("currency.left_out.one", count="2", currency="PLN") in md.value
               for md in french.markdown)


def test_the_import_page_asks_the_currency_of_a_file_without_one_once_per_source(app_db: Path) -> None:
    at = _import_page()
    at.file_uploader(key="import.file").set_value(("deals_export.csv", POLISH_WEEK.encode(), "text/csv"))
    at.run()
    assert not at.exception and not at.error
    question = at.selectbox(key="import.currency.deals_export.csv")
    assert question.value == "EUR" and question.label.startswith("2 deals of this file have no currency")
    question.set_value("PLN")
    at.run()
    assert not at.exception and not at.error
    assert "Currencies in this file: PLN (2 deals)." in [caption.value for caption in at.caption]
    at.button(key="import.confirm").click()
    at.run()
    assert not at.exception and not at.error
    store = Store(app_db)
    try:
        assert store.rows("SELECT DISTINCT currency FROM deals WHERE source = 'pipedrive'") == [("PLN",)]
        assert store.rows("SELECT source, currency FROM source_currencies WHERE source = 'pipedrive'") == [
            ("pipedrive", "PLN")]
    finally:
        store.close()

    next_week = _import_page()
    next_week.file_uploader(key="import.file").set_value(
        ("deals_export_2.csv", POLISH_WEEK.replace("9002", "9003").encode(), "text/csv"))
    next_week.run()
    assert not next_week.exception and not next_week.error
    assert not [box for box in next_week.selectbox if box.key == "import.currency.deals_export_2.csv"]
    assert "2 deals of this file have no currency: read as PLN, the currency kept for Pipedrive." in [
        caption.value for caption in next_week.caption]
