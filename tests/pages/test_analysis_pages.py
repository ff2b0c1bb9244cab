"""The analysis pages on the demo (AppTest): figures checked against plain-pandas references computed from the
raw demo tables, filters driven through the URL, drill-downs through a table's selection, CSV downloads parsed
back, and the empty state of every page."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pandas as pd
import pytest

from smart.analytics.catalogue import CATALOGUE
from smart.i18n import Translator
from smart.objectives import Objective, create_objective
from smart.objectives.standing import objectives_progress
from smart.storage import Store
from tests.conftest import DEMO_TODAY
from tests.test_app import run_page

ANALYSIS_PAGES = ("overview", "conversion", "cycle", "variance", "team")
YEAR = (pd.Timestamp("2026-01-01"), pd.Timestamp("2026-12-31"))
YEAR_TO_DATE = (pd.Timestamp("2026-01-01"), pd.Timestamp(DEMO_TODAY))
SAME_DAYS_LAST_YEAR = (pd.Timestamp("2025-01-01"), pd.Timestamp("2025-11-27"))


def closed_between(deals: pd.DataFrame, span: tuple[pd.Timestamp, pd.Timestamp], *statuses: str) -> pd.DataFrame:
    kept = deals[deals["close_on"].between(*span) & deals["status"].isin(statuses)]
    return kept.copy()


def per_rep_reference(deals: pd.DataFrame, span: tuple[pd.Timestamp, pd.Timestamp]) -> pd.DataFrame:
    """Revenue, deals won, win rate, average deal size and median won cycle per rep, in plain pandas."""
    won = closed_between(deals, span, "won")
    closed = closed_between(deals, span, "won", "lost")
    won["cycle"] = (won["close_on"] - won["created_on"]).dt.days
    return pd.DataFrame({
        "revenue": won.groupby("owner")["amount"].sum(),
        "deals_won": won.groupby("owner").size(),
        "win_rate": won.groupby("owner").size() / closed.groupby("owner").size(),
        "avg_deal_size": won.groupby("owner")["amount"].mean(),
        "sales_cycle_days": won[won["cycle"] >= 0].groupby("owner")["cycle"].median(),
    })


def table_with(at, column: str) -> pd.DataFrame:
    """The first table that has this column (a read-only st.dataframe carries no key AppTest can find)."""
    return next(frame.value for frame in at.dataframe if column in frame.value.columns)


def select_row(at, key: str, row: int) -> None:
    at.session_state[key] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    at.run()


@pytest.mark.parametrize("page", ANALYSIS_PAGES)
def test_every_page_without_data_says_what_to_import(empty_db: Path, page: str) -> None:
    at = run_page(page, "en")
    t = Translator("en")
    assert not at.exception and not at.error
    expected = t("empty.no_data") if page == "overview" else t("empty.deals")
    assert [info.value for info in at.info] == [expected]
    assert not at.dataframe


def test_overview_cards_compare_the_year_to_date_with_the_same_days_last_year(
        app_db: Path, demo_tables: dict[str, pd.DataFrame]) -> None:
    at = run_page("overview", "en")
    assert not at.exception and not at.error
    t = Translator("en")
    deals = demo_tables["deals"]
    now = closed_between(deals, YEAR_TO_DATE, "won")["amount"].sum()
    before = closed_between(deals, SAME_DAYS_LAST_YEAR, "won")["amount"].sum()
    revenue = next(metric for metric in at.metric if metric.label == "Revenue")
    assert revenue.value == t.compact_money(now)
    assert revenue.delta == t.signed_percent(now / before - 1)
    won = closed_between(deals, YEAR_TO_DATE, "won")
    closed = closed_between(deals, YEAR_TO_DATE, "won", "lost")
    win_rate = next(metric for metric in at.metric if metric.label == "Win rate")
    assert win_rate.value == t.percent(len(won) / len(closed))
    assert [metric.label for metric in at.metric][:6] == [
        "Revenue", "Deals won", "Win rate", "Avg deal", "Qualified leads", "Avg cycle"]
    cycles = (pd.to_datetime(won["close_on"]) - pd.to_datetime(won["created_on"])).dt.days
    cycle = next(metric for metric in at.metric if metric.label == "Avg cycle")
    assert cycle.value == t.measure("days", cycles[cycles >= 0].mean(), compact=True)
    assert t("overview.comparison", start="1 Jan 2026", end="27 Nov 2026", previous_start="1 Jan 2025",
             previous_end="27 Nov 2025") in [caption.value for caption in at.caption]


def test_overview_deal_and_lead_cards_match_pandas(app_db: Path, demo_tables: dict[str, pd.DataFrame]) -> None:
    at = run_page("overview", "fr")
    assert not at.exception and not at.error
    t = Translator("fr")
    cards = {metric.label: metric for metric in at.metric}
    won = closed_between(demo_tables["deals"], YEAR_TO_DATE, "won")
    won_before = closed_between(demo_tables["deals"], SAME_DAYS_LAST_YEAR, "won")
    assert cards[CATALOGUE["deals_won"].short_label(t.lang)].value == t.measure("count", len(won), compact=True)
    assert cards[CATALOGUE["deals_won"].short_label(t.lang)].delta == t.signed_percent(len(won) / len(won_before) - 1)
    assert cards[CATALOGUE["avg_deal_size"].short_label(t.lang)].value == t.compact_money(won["amount"].mean())
    assert cards[CATALOGUE["avg_deal_size"].short_label(t.lang)].delta == t.signed_percent(
        won["amount"].mean() / won_before["amount"].mean() - 1)
    qualified = pd.to_datetime(demo_tables["leads"]["qualified_on"])
    now, before = qualified.between(*YEAR_TO_DATE).sum(), qualified.between(*SAME_DAYS_LAST_YEAR).sum()
    assert now > 0 and before > 0
    assert cards[CATALOGUE["qualified_leads"].short_label(t.lang)].value == t.measure("count", now, compact=True)
    assert cards[CATALOGUE["qualified_leads"].short_label(t.lang)].delta == t.signed_percent(now / before - 1)


def test_a_card_quotes_the_objective_of_the_scope_it_shows(app_db: Path) -> None:
    """A rep's revenue objective due earlier than the company's must not lend its gap to the company's card, and
    narrowed to that rep the card quotes the rep's objective."""
    store = Store(app_db)
    try:
        create_objective(store, Objective("Hugo: 2M€", "revenue", 2_000_000, dt.date(2026, 1, 1),
                                          dt.date(2026, 12, 15), direction="reach", scope_type="rep",
                                          scope_value="Hugo Mercier"))
        progress = objectives_progress(store, DEMO_TODAY).set_index("title")
    finally:
        store.close()
    t = Translator("en")

    def gap_caption(title: str) -> str:
        row = progress.loc[title]
        return t("overview.gap", gap=t.signed_measure("money", row["gap"], compact=True),
                 status=t(f"status.objective.{row['status']}"))

    company, rep = gap_caption("Chiffre d'affaires +15 % cette année"), gap_caption("Hugo: 2M€")
    assert company != rep
    captions = [caption.value for caption in run_page("overview", "en").caption]
    assert company in captions and rep not in captions
    captions = [caption.value for caption in run_page("overview", "en", owner="Hugo Mercier").caption]
    assert rep in captions and company not in captions


def test_overview_counts_the_deals_whose_close_date_was_pushed(
        app_db: Path, demo_tables: dict[str, pd.DataFrame]) -> None:
    at = run_page("overview", "en")
    snapshots = demo_tables["deal_history"].sort_values("observed_on")
    snapshots["pushed"] = snapshots["close_on"] > snapshots.groupby(["source", "crm_id"])["close_on"].shift(1)
    pushed = snapshots[snapshots["pushed"]][["source", "crm_id"]].drop_duplicates()
    open_now = demo_tables["deals"][demo_tables["deals"]["status"] == "open"][["source", "crm_id", "amount"]]
    expected = pushed.merge(open_now, on=["source", "crm_id"])
    assert len(expected) > 0
    t = Translator("en")
    message = t("signal.pushed", count=t.number(len(expected)), amount=t.compact_money(expected["amount"].sum()))
    assert message in [warning.value for warning in at.warning]
    assert not [frame for frame in at.dataframe if "pushes" in frame.value.columns]  # drawn once opened
    at.session_state["overview.pushed.open"] = True
    at.run()
    assert len(table_with(at, "pushes")) == len(expected)


def test_overview_lists_every_objective_with_its_status(app_db: Path) -> None:
    at = run_page("overview", "fr")
    table = table_with(at, "probability")
    assert len(table) == 5
    assert table["progress"].between(0, 100).all()  # a bar's figures are shown in points (ui.share_column)
    assert set(table["status"]) <= {Translator("fr")(f"status.objective.{s}") for s in
                                   ("on_track", "achieved", "at_risk", "off_track", "missed", "not_started")}


def test_team_table_matches_pandas_and_its_csv_reads_back_the_same(
        app_db: Path, demo_tables: dict[str, pd.DataFrame], csv_downloads: list[bytes]) -> None:
    at = run_page("team", "en")
    assert not at.exception and not at.error
    table = at.dataframe(key="team.table").value.set_index("owner")
    reference = per_rep_reference(demo_tables["deals"], YEAR)
    assert sorted(table.index) == sorted(reference.index)
    reference["win_rate"] *= 100  # a bar's figures are shown in points (ui.share_column); the CSV keeps ratios
    for column in reference.columns:
        pd.testing.assert_series_equal(table[column].astype(float).sort_index(),
                                       reference[column].astype(float).sort_index(), check_names=False)
    assert list(table["revenue"]) == sorted(table["revenue"], reverse=True)
    downloaded = pd.read_csv(io.BytesIO(csv_downloads[-1]), encoding="utf-8-sig").set_index("Rep")
    assert downloaded["Revenue"].sort_index().tolist() == reference["revenue"].sort_index().tolist()
    assert downloaded["Win rate"].sort_index().round(12).tolist() == (reference["win_rate"] / 100).sort_index().round(
        12).tolist()


def test_team_lead_columns_match_pandas(app_db: Path, demo_tables: dict[str, pd.DataFrame]) -> None:
    at = run_page("team", "en")
    table = at.dataframe(key="team.table").value.set_index("owner").sort_index()
    leads = demo_tables["leads"]
    created = leads[pd.to_datetime(leads["created_on"]).between(*YEAR)].groupby("owner").size()
    converted = leads[pd.to_datetime(leads["converted_on"]).between(*YEAR)].groupby("owner").size()
    pd.testing.assert_series_equal(table["leads_created"].astype(float), created.sort_index().astype(float),
                                   check_names=False)
    pd.testing.assert_series_equal(table["lead_conversion_rate"].astype(float) / 100,  # shown in points
                                   (converted / created).sort_index().astype(float), check_names=False)


def test_team_follows_the_rep_and_period_of_the_url(app_db: Path, demo_tables: dict[str, pd.DataFrame]) -> None:
    at = run_page("team", "en", owner="Hugo Mercier", period="last_year")
    table = at.dataframe(key="team.table").value
    reference = per_rep_reference(demo_tables["deals"], (pd.Timestamp("2025-01-01"), pd.Timestamp("2025-12-31")))
    assert table["owner"].tolist() == ["Hugo Mercier"]
    assert table["revenue"].iloc[0] == reference.loc["Hugo Mercier", "revenue"]
    assert at.button(key="team.show_all").label == "Show every rep"


def test_conversion_by_rep_matches_pandas_and_drills_down_to_the_deals_won(
        app_db: Path, demo_tables: dict[str, pd.DataFrame]) -> None:
    at = run_page("conversion", "en")
    assert not at.exception and not at.error
    table = at.dataframe(key="conversion.table.owner").value
    deals = demo_tables["deals"]
    won = closed_between(deals, YEAR, "won").groupby("owner").size()
    closed = closed_between(deals, YEAR, "won", "lost").groupby("owner").size()
    observed = table.set_index("group")
    assert observed["won"].astype(int).to_dict() == won.to_dict()
    assert observed["closed"].astype(int).to_dict() == closed.to_dict()
    assert list(table["win_rate"]) == sorted(table["win_rate"], reverse=True)
    best = table["group"].iloc[0]
    select_row(at, "conversion.table.owner", 0)
    t = Translator("en")
    assert t("drill.count_all", count=t.number(won[best])) in [caption.value for caption in at.caption]
    drilled = table_with(at, "cycle_days")
    assert len(drilled) == won[best]
    assert set(drilled["owner"]) == {best} and set(drilled["status"]) == {"Won"}
    assert drilled["amount"].sum() == closed_between(deals, YEAR, "won").query("owner == @best")["amount"].sum()


def test_conversion_split_by_lead_source(app_db: Path, demo_tables: dict[str, pd.DataFrame]) -> None:
    at = run_page("conversion", "en")
    at.button_group(key="conv_by").set_value("source").run()
    assert not at.exception
    table = at.dataframe(key="conversion.table.source").value
    won = closed_between(demo_tables["deals"], YEAR, "won").groupby("lead_source").size()
    assert table.set_index("group")["won"].dropna().astype(int).to_dict() == won.to_dict()


def test_a_split_in_the_url_is_read_as_its_code(app_db: Path, demo_tables: dict[str, pd.DataFrame]) -> None:
    at = run_page("cycle", "fr", cycle_by="lead_source")
    assert at.session_state["cycle_by"] == "lead_source"
    at = run_page("cycle", "en", cycle_by="Lead source")
    assert at.session_state["cycle_by"] == "owner"


def test_cycle_won_and_lost_medians_match_pandas(app_db: Path, demo_tables: dict[str, pd.DataFrame]) -> None:
    at = run_page("cycle", "fr")
    assert not at.exception and not at.error
    table = table_with(at, "outcome").set_index("outcome")
    deals = closed_between(demo_tables["deals"], YEAR, "won", "lost")
    deals["cycle"] = (deals["close_on"] - deals["created_on"]).dt.days
    deals = deals[deals["cycle"] >= 0]
    t = Translator("fr")
    for status in ("won", "lost"):
        cycles = deals[deals["status"] == status]["cycle"]
        assert table.loc[t(f"status.{status}"), "median"] == cycles.median()
        assert table.loc[t(f"status.{status}"), "deals"] == len(cycles)


def test_variance_by_rep_bridges_last_year_to_this_year(app_db: Path, demo_tables: dict[str, pd.DataFrame]) -> None:
    at = run_page("variance", "en")
    assert not at.exception and not at.error
    table = at.dataframe(key="variance.by.owner").value.set_index("owner")
    deals = demo_tables["deals"]
    now = closed_between(deals, YEAR_TO_DATE, "won").groupby("owner")["amount"].sum()
    before = closed_between(deals, SAME_DAYS_LAST_YEAR, "won").groupby("owner")["amount"].sum()
    pd.testing.assert_series_equal(table["current"].sort_index(), now.sort_index(), check_names=False)
    pd.testing.assert_series_equal(table["base"].sort_index(), before.sort_index(), check_names=False)
    effects = table[["volume_effect", "conversion_effect", "size_effect"]].sum(axis=1)
    pd.testing.assert_series_equal(effects, table["current"] - table["base"], check_names=False)
    assert len(table_with(at, "attainment")) == 5


def test_all_time_has_no_bridge_and_says_why(app_db: Path) -> None:
    at = run_page("variance", "en", period="all_time")
    assert Translator("en")("variance.no_base") in [info.value for info in at.info]
