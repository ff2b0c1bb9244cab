"""Pipelines told apart: two CRMs, and two pipelines of one CRM, each with its own stages in its own order; stage
guesses from the file's evidence (outcomes, win probabilities, histories); the funnel, its drill-down and time in
stage per pipeline; a stage edited in one pipeline changes the deals its stage decided. Every expected figure is
worked by hand from the files the tests import."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from smart.analytics import Filters, funnel, kpi_value, time_in_stage
from smart.analytics.deals import drill_deals
from smart.analytics.pipelines import largest_pipeline, pipelines_in_view
from smart.ingest import import_file, load_stage_map, save_stage_map
from smart.storage import Store

YEAR = Filters(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
HUBSPOT = """Deal ID,Deal Name,Deal Stage,Pipeline,Amount,Close Date,Create Date,Deal Owner
H1,A,Appointment Scheduled,Sales Pipeline,100,2026-12-20,2026-02-01,ana@x.com
H2,B,Qualified to Buy,Sales Pipeline,200,2026-12-20,2026-02-02,ana@x.com
H3,C,Contract Sent,Sales Pipeline,300,2026-12-20,2026-02-03,bob@x.com
H4,D,Closed Won,Sales Pipeline,400,2026-03-01,2026-02-04,bob@x.com
H5,E,Closed Lost,Sales Pipeline,500,2026-03-02,2026-02-05,bob@x.com
R1,F,Renewal Due,Renewals,50,2026-12-20,2026-03-01,ana@x.com
R2,G,Renewal Negotiation,Renewals,60,2026-12-20,2026-03-02,ana@x.com
R3,H,Closed Won,Renewals,70,2026-04-01,2026-03-03,ana@x.com
"""
PIPEDRIVE_HEADER = ('"Deal - ID","Deal - Title","Deal - Value","Deal - Status","Deal - Stage","Deal - Deal created",'
                    '"Deal - Deal closed on","Deal - Owner"\n')
# A week's export, then the next one: P1 moved from Demo/Meeting to Consideration, P5 and P6 arrived at "Lead".
PIPEDRIVE_WEEK_1 = PIPEDRIVE_HEADER + """P1,a,1000,Open,Demo/Meeting,2026-02-01,,cy
P2,b,1000,Open,Consideration,2026-02-02,,cy
P3,c,1000,Lost,Follow up,2026-02-03,2026-02-20,cy
P4,d,1000,Won,Success,2026-02-04,2026-02-25,cy
P7,g,1000,Lost,Demo/Meeting,2026-02-07,2026-02-21,cy
P8,h,1000,Open,Contract negotiation,2026-02-08,,cy
"""
PIPEDRIVE_WEEK_2 = PIPEDRIVE_WEEK_1.replace("P1,a,1000,Open,Demo/Meeting", "P1,a,1000,Open,Consideration") + """\
P5,e,1000,Open,Lead,2026-02-05,,cy
P6,f,1000,Open,Lead,2026-02-06,,cy
"""
PIPEDRIVE_ORDER = ["Lead", "Demo/Meeting", "Consideration", "Follow up", "Contract negotiation", "Success"]


@pytest.fixture
def store(tmp_path: Path):
    s = Store(tmp_path / "pipelines.duckdb")
    yield s
    s.close()


def _import(store: Store, tmp_path: Path, name: str, text: str, **options) -> object:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return import_file(store, path, **options)


@pytest.fixture
def two_crms(store: Store, tmp_path: Path) -> Store:
    _import(store, tmp_path, "deals_2026-03-01.csv", PIPEDRIVE_WEEK_1)
    _import(store, tmp_path, "deals_2026-03-08.csv", PIPEDRIVE_WEEK_2)
    result = _import(store, tmp_path, "hubspot.csv", HUBSPOT)
    assert result.profile == "hubspot" and result.inserted == 8
    return store


def _order(store: Store, source: str, pipeline: str) -> list[str]:
    return [row[0] for row in store.rows("SELECT raw_stage FROM stage_map WHERE source = ? AND pipeline = ? "
                                         "ORDER BY funnel_order", [source, pipeline])]


def test_each_pipeline_keeps_its_own_stages_in_its_own_order(two_crms: Store) -> None:
    # A "Lead" stage first seen a week later goes first, not after the stages already known; "Success", where
    # every deal was won, is a won stage.
    assert _order(two_crms, "pipedrive", "") == PIPEDRIVE_ORDER
    assert dict(two_crms.rows("SELECT raw_stage, status FROM stage_map WHERE source = 'pipedrive'"))["Success"] == "won"
    assert _order(two_crms, "hubspot", "Sales Pipeline") == [
        "Appointment Scheduled", "Qualified to Buy", "Contract Sent", "Closed Won", "Closed Lost"]
    assert _order(two_crms, "hubspot", "Renewals") == ["Renewal Due", "Renewal Negotiation", "Closed Won"]
    assert [(p.source, p.name, p.deals) for p in pipelines_in_view(two_crms, YEAR)] == [
        ("pipedrive", "", 8), ("hubspot", "Sales Pipeline", 5), ("hubspot", "Renewals", 3)]
    assert largest_pipeline(two_crms, YEAR) == ("pipedrive", "")


def test_the_funnel_of_one_pipeline_holds_only_its_stages(two_crms: Store) -> None:
    pipedrive = funnel(two_crms, YEAR, ("pipedrive", ""))
    assert list(pipedrive["stage"]) == PIPEDRIVE_ORDER
    # Furthest position reached: P5, P6 Lead (1); P7 Demo/Meeting (2); P1 (Demo/Meeting, now Consideration) and P2
    # Consideration (3); P3 lost at Follow up (4); P8 Contract negotiation (5); P4 won (6).
    assert list(pipedrive["deals"]) == [8, 6, 5, 3, 2, 1]
    sales = funnel(two_crms, YEAR, ("hubspot", "Sales Pipeline"))
    # The lost stage is not in the funnel; H5, lost there, reached the first stage only.
    assert list(sales["stage"]) == ["Appointment Scheduled", "Qualified to Buy", "Contract Sent", "Closed Won"]
    assert list(sales["deals"]) == [5, 3, 2, 1]
    assert list(funnel(two_crms, YEAR)["stage"]) == PIPEDRIVE_ORDER  # the largest by default


def test_deals_that_reached_a_stage_are_at_or_beyond_it_in_their_pipeline(two_crms: Store) -> None:
    stages = funnel(two_crms, YEAR, ("pipedrive", "")).set_index("stage")
    position = int(stages.loc["Demo/Meeting", "funnel_order"])
    deals, total = drill_deals(two_crms, YEAR, (("pipeline", ("pipedrive", "")), ("reached", position)),
                                     date_column="created_on")
    assert total == 6 and sorted(deals["title"]) == ["a", "b", "c", "d", "g", "h"]
    assert "Lead" not in set(deals["stage"])
    for stage, row in stages.iterrows():
        _deals, count = drill_deals(two_crms, YEAR, (("pipeline", ("pipedrive", "")),
                                                           ("reached", int(row["funnel_order"]))),
                                          date_column="created_on")
        assert count == row["deals"], stage


def test_time_in_stage_reads_one_pipeline(two_crms: Store) -> None:
    # P1 stood at Demo/Meeting from the export of 1 March to that of 8 March: 7 days.
    stages = time_in_stage(two_crms, YEAR, ("pipedrive", ""))
    assert stages[["stage", "deals", "median"]].values.tolist() == [["Demo/Meeting", 1.0, 7.0]]
    assert time_in_stage(two_crms, YEAR, ("hubspot", "Sales Pipeline")).empty


def test_win_probabilities_order_new_stages_and_a_stage_at_100_percent_is_won(store: Store, tmp_path: Path) -> None:
    text = """id,stage,amount,created,close date,probability
G1,Gamma,100,2026-01-01,2026-06-01,70
G2,Alpha,200,2026-01-02,2026-06-01,10
G3,Delta,300,2026-01-03,2026-02-01,100
G4,Beta,400,2026-01-04,2026-06-01,40
G5,Alpha,500,2026-01-05,2026-06-01,10
"""
    _import(store, tmp_path, "generic.csv", text, kind="deals")
    stages = load_stage_map(store, "generic")
    assert list(stages["raw_stage"]) == ["Alpha", "Beta", "Gamma", "Delta"]
    assert list(stages["status"]) == ["open", "open", "open", "won"]
    assert list(stages["probability"]) == [0.1, 0.4, 0.7, 1.0]
    # Delta's deal is won (no status column: its stage decides): revenue 300; the weighted pipeline uses the
    # file's probabilities: 100 × 0.7 + 200 × 0.1 + 400 × 0.4 + 500 × 0.1.
    assert kpi_value(store, "revenue", YEAR).value == 300.0
    weighted = kpi_value(store, "pipeline_value_weighted", YEAR).value
    assert weighted == pytest.approx(70 + 20 + 160 + 50)


def test_stages_of_lost_deals_stay_open_unless_their_deals_stand_at_zero(store: Store, tmp_path: Path) -> None:
    text = """id,stage,status,amount,created,close date,probability
L1,Pricing talk,lost,100,2026-01-01,2026-02-01,60
L2,Pricing talk,lost,100,2026-01-02,2026-02-02,60
L3,Dead,lost,100,2026-01-03,2026-02-03,0
L4,Dead,lost,100,2026-01-04,2026-02-04,0
L5,First call,open,100,2026-01-05,2026-06-01,20
L6,Done deal,won,100,2026-01-06,2026-02-06,100
"""
    _import(store, tmp_path, "outcomes.csv", text, kind="deals")
    statuses = dict(store.rows("SELECT raw_stage, status FROM stage_map WHERE source = 'generic'"))
    assert statuses == {"Pricing talk": "open", "Dead": "lost", "First call": "open", "Done deal": "won"}
    assert _order(store, "generic", "") == ["First call", "Pricing talk", "Done deal", "Dead"]


def test_a_history_file_orders_new_stages_by_where_they_first_appear(store: Store, tmp_path: Path) -> None:
    # O3 comes first in the file; in the histories Kickoff comes first (0), then Scoping (mean 0.25), Pitch (0.83).
    text = """Opportunity ID,Changed at,To Stage
O3,2026-01-10,Scoping
O3,2026-01-20,Pitch
O3,2026-01-30,Signed
O1,2026-01-05,Kickoff
O1,2026-01-12,Scoping
O1,2026-01-19,Pitch
O2,2026-01-06,Kickoff
O2,2026-01-16,Pitch
"""
    result = _import(store, tmp_path, "history.csv", text, kind="history")
    assert result.new_stages == ["Scoping", "Pitch", "Signed", "Kickoff"]
    assert _order(store, "generic", "") == ["Kickoff", "Scoping", "Pitch", "Signed"]
    assert dict(store.rows("SELECT raw_stage, status FROM stage_map"))["Signed"] == "won"


def test_editing_a_pipeline_restatuses_the_deals_its_stages_decided(store: Store, tmp_path: Path) -> None:
    # No status column: the stages decide. "Success" is open by its name; two pipelines share the name.
    text = """id,pipeline,stage,amount,created,close date
S1,Direct,Proposal,100,2026-01-01,2026-06-01
S2,Direct,Success,250,2026-01-02,2026-02-01
S3,Partners,Success,400,2026-01-03,2026-02-01
"""
    result = _import(store, tmp_path, "two.csv", text, kind="deals")
    assert [p["pipeline"] for p in result.pipelines] == ["Direct", "Partners"]
    assert kpi_value(store, "revenue", YEAR).value == 0.0
    direct = load_stage_map(store, "generic", "Direct")
    assert dict(zip(direct["raw_stage"], direct["deals"], strict=True)) == {"Proposal": 1, "Success": 1}
    rows = [(r.raw_stage, "won" if r.raw_stage == "Success" else r.status, r.funnel_order, r.probability)
            for r in direct.itertuples()]
    assert save_stage_map(store, "generic", rows, pipeline="Direct") == 1
    # S2 is won now (revenue 250); S3, at "Success" in the other pipeline, stays open.
    assert kpi_value(store, "revenue", YEAR).value == 250.0
    assert dict(store.rows("SELECT crm_id, status FROM deals")) == {"S1": "open", "S2": "won", "S3": "open"}
    # Importing the same file again changes nothing: the stored deal and the file agree once the map decides.
    again = _import(store, tmp_path, "two.csv", text, kind="deals")
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 3)


def test_a_file_with_a_status_column_keeps_its_statuses_when_a_stage_is_edited(store: Store, tmp_path: Path) -> None:
    text = """id,stage,status,amount,created,close date
T1,Success,open,100,2026-01-01,2026-06-01
T2,Proposal,open,100,2026-01-01,2026-06-01
"""
    _import(store, tmp_path, "stated.csv", text, kind="deals")
    rows = [(r.raw_stage, "won", r.funnel_order, r.probability) for r in load_stage_map(store, "generic").itertuples()]
    assert save_stage_map(store, "generic", rows) == 0
    assert dict(store.rows("SELECT crm_id, status FROM deals")) == {"T1": "open", "T2": "open"}
