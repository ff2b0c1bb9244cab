"""Scope in SQL: what a rep and a team's manager see, everywhere (KPIs, drill-downs, filter options, objectives,
the plan, the data's coverage, the weekly review and its export), equals a plain-pandas computation over their own
deals and leads only."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from smart import coverage, dimensions
from smart.access import LOCAL_ADMIN
from smart.analytics import Filters, kpi_series, kpi_value, plan_dimensions, plan_kpis, plan_vs_actual
from smart.analytics.deals import drill_deals, has_deals
from smart.analytics.filters import EVERYTHING, Scope
from smart.analytics.team import team_table
from smart.i18n import Translator
from smart.objectives import list_objectives
from smart.objectives.standing import objectives_progress
from smart.review import build_review, export_review
from smart.storage import Store
from tests.access.conftest import ADMIN, OTHER_REP_NAME, REP, REP_NAME, TEAM, TEAM_MANAGER, user
from tests.conftest import DEMO_TODAY

YEAR = Filters(dt.date(DEMO_TODAY.year, 1, 1), DEMO_TODAY)


def own(raw_tables: dict[str, pd.DataFrame], table: str, *, owners: tuple[str, ...] = (),
        team: str | None = None) -> pd.DataFrame:
    frame = raw_tables[table]
    if team is not None:
        reps = raw_tables["reps"]
        return frame[frame["owner"].isin(reps.loc[reps["team"] == team, "owner"])]
    return frame[frame["owner"].isin(owners)]


def won_this_year(deals: pd.DataFrame) -> pd.DataFrame:
    return deals[(deals["status"] == "won") & (deals["close_on"] >= YEAR.start) & (deals["close_on"] <= YEAR.end)]


@pytest.fixture(scope="module")
def scopes(shared_access_store: Store) -> dict[str, Scope]:
    return {name: user(shared_access_store, email).scope
            for name, email in (("rep", REP), ("team", TEAM_MANAGER), ("admin", ADMIN))}


def test_each_role_has_the_scope_of_its_account(scopes: dict[str, Scope]) -> None:
    assert scopes["rep"] == Scope(owners=(REP_NAME, "hugo.mercier"))
    assert scopes["team"] == Scope(teams=(TEAM,))
    assert scopes["admin"] == EVERYTHING == LOCAL_ADMIN.scope


@pytest.mark.parametrize("who", ["rep", "team"])
def test_kpis_are_a_pandas_sum_over_their_own_deals_and_leads(shared_access_store: Store, scopes: dict[str, Scope],
                                                              raw_tables: dict[str, pd.DataFrame], who: str) -> None:
    select = {"owners": (REP_NAME,)} if who == "rep" else {"team": TEAM}
    deals, leads = own(raw_tables, "deals", **select), own(raw_tables, "leads", **select)
    won = won_this_year(deals)
    scoped = YEAR.within(scopes[who])
    assert 0 < len(won) < len(won_this_year(raw_tables["deals"]))
    assert kpi_value(shared_access_store, "revenue", scoped).value == pytest.approx(won["amount"].sum())
    assert kpi_value(shared_access_store, "deals_won", scoped).value == len(won)
    created = leads[(leads["created_on"] >= YEAR.start) & (leads["created_on"] <= YEAR.end)]
    assert kpi_value(shared_access_store, "leads_created", scoped).value == len(created)
    monthly = kpi_series(shared_access_store, "revenue", scoped, grain="month", today=DEMO_TODAY)
    by_month = won.groupby(pd.to_datetime(won["close_on"]).dt.month)["amount"].sum()
    assert {period.month: value for period, value in zip(monthly["period"], monthly["value"], strict=True)
            if value} == pytest.approx(by_month.to_dict())


def test_a_filter_outside_the_scope_finds_nothing_and_an_empty_scope_nothing_at_all(
        shared_access_store: Store, scopes: dict[str, Scope]) -> None:
    elsewhere = Filters(YEAR.start, YEAR.end, owners=(OTHER_REP_NAME,)).within(scopes["rep"])
    assert kpi_value(shared_access_store, "revenue", elsewhere).value == 0
    nobody = YEAR.within(Scope(owners=()))
    assert kpi_value(shared_access_store, "revenue", nobody).value == 0
    assert not has_deals(shared_access_store, Scope(owners=()))
    assert has_deals(shared_access_store, scopes["rep"])


def test_figures_without_a_rep_or_team_are_nobodys_for_a_restricted_scope(shared_access_store: Store,
                                                                          scopes: dict[str, Scope]) -> None:
    """The imported KPI history (CSAT, NPS) is the company's: a rep or a team's manager gets none of it."""
    assert kpi_value(shared_access_store, "csat", YEAR).value is not None
    assert kpi_value(shared_access_store, "csat", YEAR.within(scopes["rep"])).value is None
    assert kpi_value(shared_access_store, "csat", YEAR.within(scopes["team"])).value is None


@pytest.mark.parametrize("who", ["rep", "team"])
def test_a_drill_down_lists_their_deals_only(shared_access_store: Store, scopes: dict[str, Scope],
                                             raw_tables: dict[str, pd.DataFrame], who: str) -> None:
    select = {"owners": (REP_NAME,)} if who == "rep" else {"team": TEAM}
    won = won_this_year(own(raw_tables, "deals", **select))
    frame, total = drill_deals(shared_access_store, YEAR.within(scopes[who]), (("status", "won"),))
    assert total == len(won)
    assert set(frame["owner"]) == set(won["owner"])
    assert sorted(frame["amount"].round(2)) == sorted(won.nlargest(len(frame), "amount")["amount"].round(2))


def test_the_team_table_and_the_filters_offer_their_reps_only(shared_access_store: Store,
                                                              scopes: dict[str, Scope],
                                                              raw_tables: dict[str, pd.DataFrame]) -> None:
    reps = raw_tables["reps"]
    team_reps = sorted(reps.loc[reps["team"] == TEAM, "owner"])
    assert dimensions.filter_options(shared_access_store, scopes["rep"])["owner"] == [REP_NAME]
    assert dimensions.filter_options(shared_access_store, scopes["rep"])["team"] == [TEAM]
    assert dimensions.filter_options(shared_access_store, scopes["team"])["owner"] == team_reps
    assert dimensions.filter_options(shared_access_store, scopes["team"])["team"] == [TEAM]
    assert dimensions.filter_options(shared_access_store)["owner"] == sorted(reps["owner"])
    table = team_table(shared_access_store, YEAR.within(scopes["team"]), DEMO_TODAY)
    assert sorted(table["owner"]) == team_reps
    deals = won_this_year(own(raw_tables, "deals", team=TEAM))
    expected = deals.groupby("owner")["amount"].sum()
    assert dict(zip(table["owner"], table["revenue"], strict=True)) == pytest.approx(
        {owner: expected.get(owner, 0.0) for owner in team_reps})


def test_objectives_are_listed_by_scope_in_sql(shared_access_store: Store, scopes: dict[str, Scope]) -> None:
    def titles(scope: Scope) -> list[str]:
        return [objective.title for objective in list_objectives(shared_access_store, scope=scope)]

    assert titles(scopes["rep"]) == ["Hugo +10 %"]
    assert titles(scopes["team"]) == ["Hugo +10 %", "PME +10 %"]  # Hugo is in the PME team
    assert len(titles(scopes["admin"])) == 8 and "Camille +10 %" in titles(scopes["admin"])
    progress = objectives_progress(shared_access_store, DEMO_TODAY, Filters(scope=scopes["rep"]))
    assert list(progress["title"]) == ["Hugo +10 %"]


def test_the_plan_shows_what_is_theirs(shared_access_store: Store, scopes: dict[str, Scope]) -> None:
    assert plan_kpis(shared_access_store, scopes["rep"]) == ["revenue"]
    assert plan_dimensions(shared_access_store, "revenue", scopes["rep"]) == ["owner"]
    assert plan_dimensions(shared_access_store, "revenue") == ["company", "owner"]
    frame = plan_vs_actual(shared_access_store, YEAR.within(scopes["rep"]), "owner", "revenue", DEMO_TODAY)
    assert set(frame["value"]) == {REP_NAME}
    assert frame.loc[frame["status"] == "compared", "plan"].max() == pytest.approx(20000)
    company = plan_vs_actual(shared_access_store, YEAR.within(scopes["rep"]), "company", "revenue", DEMO_TODAY)
    assert company["plan"].isna().all()  # the company's plan is nobody's in particular
    team = plan_vs_actual(shared_access_store, YEAR.within(scopes["team"]), "owner", "revenue", DEMO_TODAY)
    assert set(team.loc[team["plan"].notna(), "value"]) == {REP_NAME}  # Camille's plan is another team's


def test_the_data_coverage_of_each_rep_adds_up_to_the_companys(shared_access_store: Store,
                                                               raw_tables: dict[str, pd.DataFrame]) -> None:
    whole = coverage.data_extent(shared_access_store)
    owners = sorted(raw_tables["reps"]["owner"])
    assert raw_tables["deals"]["owner"].isin(owners).all() and raw_tables["leads"]["owner"].isin(owners).all()
    counts: dict[dt.date, int] = {}
    for owner in owners:
        for day, count in coverage.data_extent(shared_access_store, Scope(owners=(owner,))).days:
            counts[day] = counts.get(day, 0) + count
    assert tuple(sorted(counts.items())) == whole.days
    mine = coverage.data_extent(shared_access_store, Scope(owners=(REP_NAME,)))
    deals, leads = own(raw_tables, "deals", owners=(REP_NAME,)), own(raw_tables, "leads", owners=(REP_NAME,))
    assert mine.first == min(deals["created_on"].min(), leads["created_on"].min())


def test_a_reps_weekly_review_and_its_export_hold_their_figures_only(shared_access_store: Store,
                                                                     scopes: dict[str, Scope],
                                                                     raw_tables: dict[str, pd.DataFrame]) -> None:
    figures = build_review(shared_access_store, DEMO_TODAY, scopes["rep"])
    assert [objective["title"] for objective in figures["objectives"]] == ["Hugo +10 %"]
    assert [rep["owner"] for rep in figures["reps"]] == [REP_NAME]
    won = won_this_year(own(raw_tables, "deals", owners=(REP_NAME,)))
    assert figures["reps"][0]["revenue"] == pytest.approx(won["amount"].sum())
    assert figures["reps"][0]["deals_won"] == len(won)
    assert {deal["owner"] for deal in figures["signals"]["stalled"]} == {REP_NAME}
    assert {deal["owner"] for deal in figures["signals"]["pushed"]} == {REP_NAME}
    assert figures["signals"]["weak"] and all(signal["team"] is None for signal in figures["signals"]["weak"])
    html = export_review(figures, Translator("en"), [], "html").decode("utf-8")
    others = set(raw_tables["reps"]["owner"]) - {REP_NAME}
    assert REP_NAME in html and not [name for name in others if name in html]
    company = build_review(shared_access_store, DEMO_TODAY)
    assert len(company["reps"]) == len(raw_tables["reps"]) and company["scope"] == "" != figures["scope"]


def test_a_team_managers_review_holds_their_team(shared_access_store: Store, scopes: dict[str, Scope],
                                                 raw_tables: dict[str, pd.DataFrame]) -> None:
    figures = build_review(shared_access_store, DEMO_TODAY, scopes["team"])
    reps = raw_tables["reps"]
    assert {rep["owner"] for rep in figures["reps"]} == set(reps.loc[reps["team"] == TEAM, "owner"])
    assert {signal["team"] for signal in figures["signals"]["weak"]} <= {TEAM}
    assert [objective["title"] for objective in figures["objectives"]] == ["Hugo +10 %", "PME +10 %"]
