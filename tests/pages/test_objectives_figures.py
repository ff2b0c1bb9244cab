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
    table = at.dataframe[0].value.set_index(t("objective.title"))
    actual = table[t("objectives.col.actual")]
    assert actual["Chiffre d'affaires +15 % cette année"] == t.money(revenue)
    assert actual["500 nouveaux clients cette année"] == t.number(new_customers)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_rate_objective_shows_its_gap_to_plan_in_points(app_db: Path, demo_tables, lang: str) -> None:
    """Lead conversion (period) this quarter: converted ÷ created from 1 Oct, against a straight line from last
    quarter's rate to +10 % of it; the gap of two rates is a difference in points, not a percentage."""
    t = Translator(lang)
    leads = demo_tables["leads"]
    created, converted = pd.to_datetime(leads["created_on"]), pd.to_datetime(leads["converted_on"])

    def rate(first: str, last: pd.Timestamp) -> float:
        return converted.between(first, last).sum() / created.between(first, last).sum()

    baseline = rate("2026-07-01", pd.Timestamp("2026-09-30"))
    actual = rate("2026-10-01", pd.Timestamp(DEMO_TODAY))
    share = (DEMO_TODAY - pd.Timestamp("2026-10-01").date()).days / 92 + 1 / 92
    gap = actual - (baseline + 0.10 * baseline * share)
    assert gap < 0
    at = run_page("objectives", lang)
    at.selectbox(key="objectives.detail.id").set_value(3).run()
    assert not at.exception and not at.error
    expected_tile = next(m for m in at.metric if m.label == t("objectives.col.expected"))
    assert expected_tile.delta == "-" + t("unit.points", value=t.number(abs(gap) * 100, 1))
