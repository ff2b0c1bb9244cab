"""The review of the demo company on DEMO_TODAY, each figure checked against plain pandas on the raw tables."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd
import pytest

from smart.i18n import Translator
from smart.objectives import Objective, add_action, create_objective, list_objectives, progress
from smart.review import build_review, slide_titles, slides
from smart.review.bridge import objective_bridge
from smart.review.slides import slide_at
from smart.storage import Store
from tests.conftest import DEMO_TODAY

YEAR_START = pd.Timestamp(DEMO_TODAY.year, 1, 1)
TODAY = pd.Timestamp(DEMO_TODAY)


def by_kpi(figures: dict, kpi: str) -> dict:
    return next(objective for objective in figures["objectives"] if objective["kpi"] == kpi)


def in_range(column: pd.Series, start: pd.Timestamp, end: pd.Timestamp) -> pd.Series:
    return (column >= start) & (column <= end)


def test_the_deck_has_a_slide_per_objective_between_the_headline_and_the_closing_slides(figures: dict) -> None:
    t = Translator("en")
    deck = slides(figures, t)
    assert [slide.key for slide in deck] == ["headline", "objective-1", "objective-2", "objective-3", "objective-4",
                                             "objective-5", "signals", "reps", "decisions"]
    assert [slide.title for slide in deck] == slide_titles(figures, t)
    one = slide_at(figures, t, 1)
    assert (one.title, one.metrics, one.tables, len(one.charts)) == (deck[1].title, deck[1].metrics, deck[1].tables, 2)
    assert [slide.objective_id for slide in deck] == [None, 1, 2, 3, 4, 5, None, None, None]
    assert figures["previous_on"] is None and figures["changes"] is None


def test_objective_figures_match_pandas(figures: dict, deals: pd.DataFrame, leads: pd.DataFrame) -> None:
    won = deals[(deals["status"] == "won") & in_range(deals["close_on"], YEAR_START, TODAY)]
    assert by_kpi(figures, "revenue")["actual"] == pytest.approx(won["amount"].sum())
    qualified = in_range(leads["qualified_on"], YEAR_START, TODAY).sum()
    assert by_kpi(figures, "qualified_leads")["actual"] == qualified
    first_won = deals[deals["status"] == "won"].groupby("account")["close_on"].min()
    assert by_kpi(figures, "new_customers")["actual"] == in_range(first_won, YEAR_START, TODAY).sum()
    cycle = won[won["close_on"] >= won["created_on"]]
    assert by_kpi(figures, "sales_cycle_days")["actual"] == pytest.approx(
        (cycle["close_on"] - cycle["created_on"]).dt.days.mean())
    quarter_start = pd.Timestamp(2026, 10, 1)
    converted = in_range(leads["converted_on"], quarter_start, TODAY).sum()
    created = in_range(leads["created_on"], quarter_start, TODAY).sum()
    assert by_kpi(figures, "lead_conversion_rate")["actual"] == pytest.approx(converted / created)


def test_every_bridge_adds_up_to_what_it_explains(figures: dict, deals: pd.DataFrame) -> None:
    revenue = by_kpi(figures, "revenue")["bridge"]
    assert revenue["kind"] == "lmdi"
    last_year = deals[(deals["status"] == "won") & in_range(deals["close_on"], pd.Timestamp(2025, 1, 1),
                                                           pd.Timestamp(2025, 11, 27))]
    assert revenue["start"] == pytest.approx(last_year["amount"].sum())
    assert revenue["end"] == pytest.approx(by_kpi(figures, "revenue")["actual"])
    for objective in figures["objectives"]:
        bridge = objective["bridge"]
        if bridge is None:
            assert objective["kpi"] == "sales_cycle_days"
            continue
        assert sum(part["value"] for part in bridge["parts"]) == pytest.approx(bridge["end"] - bridge["start"])
    leads_bridge = by_kpi(figures, "qualified_leads")["bridge"]
    assert leads_bridge["start"] == pytest.approx(by_kpi(figures, "qualified_leads")["expected"])
    assert len(leads_bridge["parts"]) == 8


def test_reps_year_to_date_match_pandas(figures: dict, deals: pd.DataFrame) -> None:
    won = deals[(deals["status"] == "won") & in_range(deals["close_on"], YEAR_START, TODAY)]
    expected = won.groupby("owner")["amount"].sum().sort_values(ascending=False)
    assert [rep["owner"] for rep in figures["reps"]] == list(expected.index)
    assert [rep["revenue"] for rep in figures["reps"]] == pytest.approx(list(expected))
    camille = next(rep for rep in figures["reps"] if rep["owner"] == "Camille Laurent")
    closed = deals[(deals["owner"] == "Camille Laurent") & deals["status"].isin(["won", "lost"])
                   & in_range(deals["close_on"], YEAR_START, TODAY)]
    assert camille["win_rate"] == pytest.approx((closed["status"] == "won").mean())


def test_reps_without_a_team_column_still_have_their_highlights(demo_store: Store) -> None:
    """A CRM export without a team column (HubSpot, Pipedrive, Salesforce) leaves the reps table empty: the
    reps are the deals' owners."""
    with demo_store.transaction() as tx:
        tx.execute("DELETE FROM reps")
    deals = demo_store.df("SELECT owner, status, amount, close_on FROM deals")
    deals["close_on"] = pd.to_datetime(deals["close_on"])
    won = deals[deals["status"] == "won"]
    this_year = won[in_range(won["close_on"], YEAR_START, TODAY)].groupby("owner")["amount"].agg(["sum", "size"])
    last_year = won[in_range(won["close_on"], pd.Timestamp(2025, 1, 1), pd.Timestamp(2025, 11, 27))]
    last_year = last_year.groupby("owner")["amount"].sum()
    reps = build_review(demo_store, DEMO_TODAY)["reps"]
    assert [rep["owner"] for rep in reps] == list(this_year["sum"].sort_values(ascending=False).index)
    for rep in reps:
        assert rep["team"] is None
        assert rep["revenue"] == pytest.approx(this_year.loc[rep["owner"], "sum"])
        assert rep["deals_won"] == this_year.loc[rep["owner"], "size"]
        assert rep["revenue_last_year"] == pytest.approx(last_year.get(rep["owner"], 0.0))


def test_stalled_deals_are_open_longer_than_the_usual_cycle(figures: dict, deals: pd.DataFrame) -> None:
    won = deals[(deals["status"] == "won") & (deals["close_on"] >= deals["created_on"])
                & (deals["close_on"] <= TODAY) & (deals["close_on"] > TODAY - pd.Timedelta(days=365))]
    cycles = (won["close_on"] - won["created_on"]).dt.days
    p75, p90 = cycles.quantile(0.75), cycles.quantile(0.90)
    assert figures["signals"]["cycle_p75"] == pytest.approx(p75)
    open_deals = deals[deals["status"] == "open"].assign(age=lambda f: (TODAY - f["created_on"]).dt.days)
    stalled = open_deals[open_deals["age"] > p75].sort_values(["amount", "crm_id"], ascending=[False, True])
    shown = figures["signals"]["stalled"]
    assert [deal["crm_id"] for deal in shown] == list(stalled["crm_id"][:8])
    assert [deal["severe"] for deal in shown] == list(stalled["age"][:8] > p90)


def test_pushed_deals_had_a_later_close_date_in_a_later_snapshot(figures: dict, shared_store: Store,
                                                                 deals: pd.DataFrame) -> None:
    snapshots = shared_store.df("SELECT source, crm_id, observed_on, close_on FROM deal_history")
    snapshots = snapshots.sort_values(["crm_id", "observed_on"])
    snapshots["pushed"] = snapshots["close_on"] > snapshots.groupby("crm_id")["close_on"].shift()
    pushes = snapshots.groupby("crm_id")["pushed"].sum()
    still_open = set(deals.loc[deals["status"] == "open", "crm_id"])
    reference = {crm_id: int(count) for crm_id, count in pushes.items() if count > 0 and crm_id in still_open}
    titles = deals.set_index("crm_id")["title"]
    shown = figures["signals"]["pushed"]
    assert len(shown) == min(8, len(reference)) > 0
    most = max(reference.values())
    assert shown[0]["pushes"] == most
    assert shown[0]["title"] in {titles[crm_id] for crm_id, count in reference.items() if count == most}


def test_actions_falling_due_and_open_actions_of_an_objective(demo_store: Store) -> None:
    overdue = add_action(demo_store, 1, "Relancer les devis en attente", "Julien Moreau", DEMO_TODAY - dt.timedelta(3))
    soon = add_action(demo_store, 1, "Revue des affaires bloquées", None, DEMO_TODAY + dt.timedelta(days=4))
    add_action(demo_store, 1, "Plan 2027", None, DEMO_TODAY + dt.timedelta(days=30))
    add_action(demo_store, 2, "Campagne LinkedIn", None, DEMO_TODAY + dt.timedelta(days=2), status="done")
    figures = build_review(demo_store, DEMO_TODAY)
    assert [(action["id"], action["overdue"]) for action in figures["actions_due"]] == [(overdue, True),
                                                                                      (soon, False)]
    assert [action["title"] for action in by_kpi(figures, "revenue")["actions"]] == [
        "Relancer les devis en attente", "Revue des affaires bloquées", "Plan 2027"]
    assert by_kpi(figures, "qualified_leads")["actions"] == []
    decisions = slides(figures, Translator("fr"))[-1]
    assert decisions.tables[0].rows[0][0] == "Relancer les devis en attente"
    assert decisions.tables[0].rows[0][3].endswith("en retard")


def test_a_weak_signal_reads_in_its_kpis_unit(figures: dict) -> None:
    """Rates move in points, money and counts by a relative change (as change_distribution states them)."""
    weak = [{"kpi": "win_rate", "team": None, "period": "2026-10-01", "value": 0.432, "change": -0.071},
            {"kpi": "revenue", "team": "PME", "period": "2026-10-01", "value": 1_234_567.0, "change": 0.25},
            {"kpi": "qualified_leads", "team": None, "period": "2026-10-01", "value": 1234.0, "change": -0.5}]
    labels = {"win_rate": {"en": "Win rate"}, "revenue": {"en": "Revenue"}, "qualified_leads": {"en": "Leads"}}
    shown = dict(figures, signals={**figures["signals"], "weak": weak}, kpi_labels=labels)
    table = next(slide for slide in slides(shown, Translator("en")) if slide.key == "signals").tables[0]
    assert table.rows == [["Win rate", "Company", "Oct 2026", "43.2%", "−7.1 pts"],
                          ["Revenue", "PME", "Oct 2026", "€1.23M", "+25%"],
                          ["Leads", "Company", "Oct 2026", "1,234", "−50%"]]


def test_two_pushed_deals_with_the_same_name_account_and_dates_are_two_deals(tmp_path) -> None:
    """Two CRM deals may share a title, an account and their close dates: the review keys them by CRM id."""
    from smart.analytics import Filters
    from smart.analytics.deals import pushed_close_dates
    from smart.ingest import import_file
    from smart.jsonable import json_records as records
    from smart.review.figures import deal_key

    store = Store(tmp_path / "twins.duckdb")
    try:
        header = "Deal ID,Deal Name,Deal Stage,Amount,Create Date,Close Date,Company\n"
        for week, close in (("2026-11-13", "2026-11-30"), ("2026-11-20", "2026-12-21")):
            rows = "".join(f"T{i},Renewal,Contract Sent,{1000 * i},2026-10-01,{close},Acme\n" for i in (1, 2))
            path = tmp_path / f"deals_{week}.csv"
            path.write_text(header + rows)
            import_file(store, path, kind="deals")
        pushed = records(pushed_close_dates(store, Filters()))
        assert sorted(deal["crm_id"] for deal in pushed) == ["T1", "T2"]
        assert len({deal_key(deal) for deal in pushed}) == 2
        assert {deal_key({k: v for k, v in deal.items() if k not in ("source", "crm_id")}) for deal in pushed} == {
            "Renewal|Acme|2026-11-30"}  # what the old key made of them: one deal
    finally:
        store.close()


def test_a_revenue_objective_that_has_not_started_has_no_bridge(demo_store: Store) -> None:
    """Its range to date is empty: no year-on-year split to draw (the bridge used to fail on it)."""
    revenue = next(o for o in list_objectives(demo_store) if o.kpi == "revenue")
    later = dataclasses.replace(revenue, start_on=DEMO_TODAY + dt.timedelta(days=30),
                                deadline=DEMO_TODAY + dt.timedelta(days=120))
    assert objective_bridge(demo_store, later, progress(demo_store, later, DEMO_TODAY)) is None
    started = objective_bridge(demo_store, revenue, progress(demo_store, revenue, DEMO_TODAY))
    assert started["kind"] == "lmdi" and started["end"] > 0


def test_a_cohort_conversion_bridge_covers_the_cohorts_its_actual_covers(demo_store: Store) -> None:
    """The team parts are measured on the leads old enough to have converted, as the actual is, so they add up
    to it; an objective too young for any such lead has no bridge (its actual is missing: the chart failed)."""
    measured = Objective("Cohort conversion +5 points", "lead_conversion_cohort", 5, dt.date(2026, 1, 1),
                         dt.date(2026, 12, 31), target_mode="points")
    result = progress(demo_store, measured, DEMO_TODAY)
    assert result.measured_until == DEMO_TODAY - dt.timedelta(days=90)
    leads = demo_store.df("SELECT created_on, converted_on FROM leads")
    cohort = leads[in_range(leads["created_on"], pd.Timestamp(2026, 1, 1), pd.Timestamp(result.measured_until))]
    days = (cohort["converted_on"] - cohort["created_on"]).dt.days
    assert result.actual == pytest.approx(days.between(0, 90).mean())  # pandas: converted within 90 days
    bridge = objective_bridge(demo_store, measured, result)
    assert bridge["kind"] == "team" and bridge["end"] == pytest.approx(result.actual)
    assert bridge["start"] + sum(part["value"] for part in bridge["parts"]) == pytest.approx(result.actual)
    young = dataclasses.replace(measured, start_on=DEMO_TODAY - dt.timedelta(days=30))
    result = progress(demo_store, young, DEMO_TODAY)
    assert result.actual is None and objective_bridge(demo_store, young, result) is None
    for objective in (measured, young):
        create_objective(demo_store, objective)
    figures = build_review(demo_store, DEMO_TODAY)
    for lang in ("en", "fr"):
        deck = slides(figures, Translator(lang))
        assert [slide.key for slide in deck][1:8] == [f"objective-{i}" for i in range(1, 8)]
        assert all(chart.to_dict() for slide in deck for chart in slide.charts)
