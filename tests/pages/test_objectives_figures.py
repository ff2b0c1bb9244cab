"""The figures the Objectives page shows on the demo's day, against plain pandas on the raw demo tables."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from smart.i18n import Translator
from tests.conftest import DEMO_TODAY
from tests.test_app import run_page

YEAR_TO_DATE = (pd.Timestamp("2026-01-01"), pd.Timestamp(DEMO_TODAY))


def _won(demo_tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    deals = demo_tables["deals"]
    return deals[deals["status"] == "won"]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_list_shows_revenue_and_new_customers_to_date(app_db: Path, demo_tables, lang: str) -> None:
    t = Translator(lang)
    won = _won(demo_tables)
    revenue = won.loc[won["close_on"].between(*YEAR_TO_DATE), "amount"].sum()
    first_won = won.dropna(subset=["account"]).groupby("account")["close_on"].min()
    new_customers = int(first_won.between(*YEAR_TO_DATE).sum())
    at = run_page("objectives", lang)
    assert not at.exception and not at.error
    table = at.dataframe[0].value.set_index(t("objectives.col.title"))
    actual = table[t("objectives.col.actual")]
    assert actual["Chiffre d'affaires +15 % cette année"] == t.money(revenue)
    assert actual["500 nouveaux clients cette année"] == t.number(new_customers)

