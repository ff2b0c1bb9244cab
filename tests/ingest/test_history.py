"""Stage history files (one row per change of an opportunity): recognised from their headers, imported into the
deals' history (never as deals), read by time in stage and pushed close dates; linked when their deals come later;
re-imported without change; undone exactly. Every expected figure is computed here with pandas from the rows the
test writes."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from smart.analytics import Filters, time_in_stage
from smart.analytics.deals import pushed_close_dates
from smart.ingest import import_file, undo_import
from smart.ingest.cli import summary_lines
from smart.storage import Store
from tests.conftest import REPO_ROOT

DEALS_SEEN_ON = dt.date(2025, 3, 15)
CLOSED_STAGES = {"Closed Won", "Closed Lost", "closedwon", "closedlost", "Gagnée", "Perdue"}

# Salesforce: (opportunity, when, stage, amount, close date); the file lists them by history row id, not by date.
SF_CHANGES = [
    ("0061", "2025-01-06T09:00:00.000+0000", "Prospecting", 1000, "2025-03-31"),
    ("0062", "2025-01-08T11:00:00.000+0000", "Prospecting", 2000, "2025-02-28"),
    ("0061", "2025-02-10T08:30:00.000+0000", "Proposal/Price Quote", 1500, "2025-04-30"),
    ("0061", "2025-01-20T10:00:00.000+0000", "Qualification", 1000, "2025-03-31"),
    ("0062", "2025-01-15T17:00:00.000+0000", "Proposal/Price Quote", 2000, "2025-02-28"),
    ("0062", "2025-01-15T09:00:00.000+0000", "Qualification", 2000, "2025-02-28"),
    ("0062", "2025-02-20T12:00:00.000+0000", "Closed Won", 2000, "2025-02-20"),
    ("0063", "2025-02-01T08:00:00.000+0000", "Prospecting", 500, "2025-04-15"),
    ("0063", "2025-02-15T08:00:00.000+0000", "Qualification", 500, "2025-04-15"),
    ("0063", "2025-03-01T08:00:00.000+0000", "Closed Lost", 500, "2025-03-01"),
    ("0064", "2025-01-10T14:45:00.000+0000", "Prospecting", 800, "2025-03-01"),
    ("0064", "2025-02-14T14:45:00.000+0000", "Qualification", 800, "2025-03-31"),
    ("0061", "2025-03-03T16:00:00.000+0000", "Negotiation/Review", 1500, "2025-05-31"),
    ("0065", "2025-03-10T10:00:00.000+0000", "Prospecting", 300, "2025-06-30"),
    ("0069", "2025-01-12T10:00:00.000+0000", "Prospecting", 900, "2025-04-01"),
    ("0069", "2025-02-12T10:00:00.000+0000", "Qualification", 900, "2025-04-01"),
]
# The deals export: each opportunity as it stands (0069 is not in it).
SF_DEALS = [
    ("0061", "Acme renewal", "Negotiation/Review", 1500, "2025-05-31", "", ""),
    ("0062", "Globex", "Closed Won", 2000, "2025-02-20", "1", "1"),
    ("0063", "Initech", "Closed Lost", 500, "2025-03-01", "", "1"),
    ("0064", "Umbrella", "Qualification", 800, "2025-03-31", "", ""),
    ("0065", "Hooli", "Prospecting", 300, "2025-06-30", "", ""),
]


def sf_history_text(changes: list[tuple]) -> str:
    lines = ["Id,OpportunityId,CreatedById,CreatedDate,StageName,Amount,ExpectedRevenue,CloseDate,Probability,"
             "ForecastCategory"]
    for number, (opportunity, when, stage, amount, close) in enumerate(changes, start=1):
        lines.append(f"008{number:04d},{opportunity},005A1,{when},{stage},{amount},{amount / 2},{close},50,Pipeline")
    return "\n".join(lines) + "\n"


def sf_deals_text() -> str:
    lines = ["Id,Name,AccountId,StageName,Amount,CloseDate,CreatedDate,IsWon,IsClosed,OwnerId,ForecastCategory"]
    lines += [f"{i},{name},001A,{stage},{amount},{close},2025-01-02T08:00:00.000+0000,{won},{closed},005A1,Pipeline"
              for i, name, stage, amount, close, won, closed in SF_DEALS]
    return "\n".join(lines) + "\n"


def changes_frame(changes: list[tuple], columns=("deal", "when", "stage", "amount", "close")) -> pd.DataFrame:
    frame = pd.DataFrame(changes, columns=list(columns))
    frame["when"] = pd.to_datetime(frame["when"].str.slice(0, 19))
    frame["close"] = pd.to_datetime(frame["close"])
    return frame


def day_states(changes: pd.DataFrame, current: pd.DataFrame) -> pd.DataFrame:
    """Each deal's state at the end of each day a change was made (what a change leaves out carried from the
    deal's earlier changes), plus its state as the deals export saw it: the reference for time in stage and
    pushed close dates."""
    ordered = changes.sort_values(["deal", "when"]).copy()
    for column in ("stage", "amount", "close"):
        ordered[column] = ordered.groupby("deal")[column].ffill()
    ordered["day"] = ordered["when"].dt.normalize()
    states = ordered.groupby(["deal", "day"]).tail(1)[["deal", "day", "stage", "close"]]
    return pd.concat([states, current[["deal", "day", "stage", "close"]]], ignore_index=True)


def time_in_stage_reference(states: pd.DataFrame, deals: set[str]) -> pd.DataFrame:
    kept = states[states["deal"].isin(deals) & states["stage"].notna()]
    entered = kept.groupby(["deal", "stage"], as_index=False)["day"].min().sort_values(["deal", "day"])
    entered["left"] = entered.groupby("deal")["day"].shift(-1)
    spans = entered[entered["left"].notna() & ~entered["stage"].isin(CLOSED_STAGES)]
    days = (spans["left"] - spans["day"]).dt.days
    return days.groupby(spans["stage"]).agg(["count", "mean", "median"]).sort_index()


def pushes_reference(states: pd.DataFrame, open_deals: set[str]) -> dict[str, int]:
    ordered = states[states["deal"].isin(open_deals)].sort_values(["deal", "day"])
    pushed = ordered["close"] > ordered.groupby("deal")["close"].shift(1)
    counts = pushed.groupby(ordered["deal"]).sum()
    return {deal: int(n) for deal, n in counts.items() if n}


def measured_time_in_stage(store: Store) -> pd.DataFrame:
    frame = time_in_stage(store, Filters()).set_index("stage").sort_index()
    return frame.rename(columns={"deals": "count"})[["count", "mean", "median"]]


def sf_current() -> pd.DataFrame:
    current = pd.DataFrame(SF_DEALS, columns=["deal", "title", "stage", "amount", "close", "won", "closed"])
    current["close"] = pd.to_datetime(current["close"])
    current["day"] = pd.Timestamp(DEALS_SEEN_ON)
    return current


def deal_counts(store: Store) -> tuple[int, int]:
    return store.scalar("SELECT count(*) FROM deals"), store.scalar("SELECT count(*) FROM deal_changes")


def test_a_salesforce_opportunity_history_feeds_time_in_stage_and_pushed_close_dates(store, write) -> None:
    deals = import_file(store, write("Opportunity.csv", sf_deals_text()), observed_on=DEALS_SEEN_ON)
    assert (deals.kind, deals.profile, deals.inserted) == ("deals", "salesforce", 5)
    result = import_file(store, write("OpportunityHistory.csv", sf_history_text(SF_CHANGES)))
    assert (result.kind, result.profile, result.source) == ("history", "salesforce", "salesforce")
    assert (result.rows, result.inserted, result.unchanged, result.rejected) == (16, 16, 0, 0)
    # Read as the deals' history, not as deals: no phantom deal.
    assert deal_counts(store) == (5, 16)
    assert (result.history.changes, result.history.opportunities, result.history.not_imported) == (16, 6, 1)
    assert result.history.not_imported_examples == ["0069"]
    assert any("1 of these opportunities are not imported yet" in line for line in summary_lines(result))

    states = day_states(changes_frame(SF_CHANGES), sf_current())
    expected = time_in_stage_reference(states, {d[0] for d in SF_DEALS})
    pd.testing.assert_frame_equal(measured_time_in_stage(store), expected, check_dtype=False, check_names=False)
    # By hand: Qualification lasted 21 days (0061) and 14 days (0063); 0062 went through it and on to Proposal on
    # the same 15 January (the day ends in Proposal), and 0064 is still in it.
    assert tuple(expected.loc["Qualification", ["count", "mean"]]) == (2, 17.5)

    pushed = pushed_close_dates(store, Filters())
    open_deals = {d[0] for d in SF_DEALS if not d[6]}
    assert dict(zip(pushed["crm_id"], pushed["pushes"], strict=True)) == pushes_reference(states, open_deals)
    assert dict(zip(pushed["crm_id"], pushed["pushes"], strict=True)) == {"0061": 2, "0064": 1}
    first = pushed.set_index("crm_id")["first_close_on"]
    assert str(first["0061"])[:10] == "2025-03-31"


def test_the_same_history_again_changes_nothing_and_a_later_export_adds_only_its_new_changes(store, write) -> None:
    import_file(store, write("Opportunity.csv", sf_deals_text()), observed_on=DEALS_SEEN_ON)
    early = import_file(store, write("OpportunityHistory_early.csv", sf_history_text(SF_CHANGES[:9])))
    assert early.inserted == 9
    before = store.rows("SELECT * FROM deal_history ORDER BY ALL")
    again = import_file(store, write("OpportunityHistory_again.csv", sf_history_text(SF_CHANGES[:9])))
    assert (again.inserted, again.unchanged, again.rejected) == (0, 9, 0)
    assert store.rows("SELECT * FROM deal_history ORDER BY ALL") == before
    later = import_file(store, write("OpportunityHistory_later.csv", sf_history_text(SF_CHANGES)))
    assert (later.inserted, later.unchanged) == (len(SF_CHANGES) - 9, 9)
    assert store.scalar("SELECT count(*) FROM deal_changes") == len(SF_CHANGES)
    assert store.scalar("SELECT count(*) FROM deal_changes WHERE import_id = ?", [later.import_id]) == 7

    counts = undo_import(store, later.import_id)
    assert counts["history_deleted"] == 7 and counts["deals_deleted"] == 0
    assert store.rows("SELECT * FROM deal_history ORDER BY ALL") == before
    undo_import(store, again.import_id)
    undo_import(store, early.import_id)
    assert deal_counts(store) == (5, 0)
    only_deals = store.rows("SELECT crm_id, stage, close_on FROM deal_history ORDER BY crm_id")
    assert [row[0] for row in only_deals] == [d[0] for d in SF_DEALS]


# HubSpot's deal property history: one row per property value, internal stage names, other properties too.
HUBSPOT_ROWS = [
    ("H1", "dealstage", "appointmentscheduled", "2025-01-06T09:15:00.000Z"),
    ("H1", "amount", "1200.5", "2025-01-06T09:15:00.000Z"),
    ("H1", "closedate", "2025-03-31T00:00:00.000Z", "2025-01-06T09:15:00.000Z"),
    ("H1", "hubspot_owner_id", "4711", "2025-01-07T10:00:00.000Z"),
    ("H1", "dealstage", "qualifiedtobuy", "2025-01-27T16:00:00.000Z"),
    ("H1", "closedate", "2025-04-30T00:00:00.000Z", "2025-02-03T08:00:00.000Z"),
    ("H1", "dealstage", "presentationscheduled", "2025-02-17T11:00:00.000Z"),
    ("H2", "dealstage", "appointmentscheduled", "2025-01-13T09:00:00.000Z"),
    ("H2", "closedate", "2025-02-28T00:00:00.000Z", "2025-01-13T09:00:00.000Z"),
    ("H2", "dealstage", "qualifiedtobuy", "2025-01-20T09:00:00.000Z"),
    ("H2", "dealstage", "closedwon", "2025-02-24T09:00:00.000Z"),
    ("H3", "dealstage", "appointmentscheduled", "2025-02-03T09:00:00.000Z"),
    ("H3", "dealstage", "qualifiedtobuy", "2025-02-10T09:00:00.000Z"),
    ("H3", "closedate", "2025-03-15T00:00:00.000Z", "2025-02-03T09:00:00.000Z"),
    ("H3", "closedate", "2025-05-15T00:00:00.000Z", "2025-02-25T09:00:00.000Z"),
    ("H3", "hs_deal_stage_probability", "0.4", "2025-02-10T09:00:00.000Z"),
]
HUBSPOT_DEALS = [
    ("H1", "Big one", "Presentation Scheduled", "1200.5", "2025-04-30", ""),
    ("H2", "Quick win", "Closed Won", "900", "2025-02-24", ""),
    ("H3", "Slipping", "Qualified to Buy", "400", "2025-05-15", ""),
]
HUBSPOT_LABELS = {"appointmentscheduled": "Appointment Scheduled", "qualifiedtobuy": "Qualified to Buy",
                  "presentationscheduled": "Presentation Scheduled", "closedwon": "Closed Won"}


def hubspot_history_text() -> str:
    lines = ["Deal ID,Property name,Value,Timestamp,Source type"]
    lines += [f"{deal},{prop},{value},{when},CRM_UI" for deal, prop, value, when in HUBSPOT_ROWS]
    return "\n".join(lines) + "\n"


def hubspot_deals_text() -> str:
    lines = ["Deal ID,Deal Name,Deal Stage,Pipeline,Amount,Close Date,Create Date,Deal Owner"]
    lines += [f"{deal},{name},{stage},Sales Pipeline,{amount},{close},2025-01-02,ann@example.com"
              for deal, name, stage, amount, close, _ in HUBSPOT_DEALS]
    return "\n".join(lines) + "\n"


def hubspot_changes() -> pd.DataFrame:
    """The long rows as changes (one column per property), stages written as the deals export writes them."""
    rows = pd.DataFrame(HUBSPOT_ROWS, columns=["deal", "prop", "value", "when"])
    rows = rows[rows["prop"].isin(["dealstage", "amount", "closedate"])]
    frame = pd.DataFrame({"deal": rows["deal"], "when": pd.to_datetime(rows["when"].str.slice(0, 19)),
                          "stage": rows["value"].where(rows["prop"] == "dealstage").map(HUBSPOT_LABELS),
                          "close": pd.to_datetime(rows["value"].where(rows["prop"] == "closedate").str.slice(0, 10)),
                          "amount": pd.to_numeric(rows["value"].where(rows["prop"] == "amount"))})
    return frame


def hubspot_current(seen_on: dt.date) -> pd.DataFrame:
    current = pd.DataFrame(HUBSPOT_DEALS, columns=["deal", "title", "stage", "amount", "close", "x"])
    current["close"] = pd.to_datetime(current["close"])
    current["day"] = pd.Timestamp(seen_on)
    return current


def test_a_hubspot_property_history_imported_before_its_deals_links_when_they_arrive(store, write) -> None:
    result = import_file(store, write("deal_property_history.csv", hubspot_history_text()))
    assert (result.kind, result.profile, result.source) == ("history", "hubspot", "hubspot")
    assert result.mapping == {"crm_id": "Deal ID", "changed_at": "Timestamp", "field": "Property name",
                              "value": "Value"}
    changes = hubspot_changes()
    assert result.rows == len(HUBSPOT_ROWS) and result.rejected == 0
    assert result.inserted == len(changes)
    assert (result.history.left_aside, result.history.other_fields) == (2, ["hs_deal_stage_probability",
                                                                            "hubspot_owner_id"])
    assert (result.history.opportunities, result.history.not_imported) == (3, 3)
    # Nothing to show yet: no deal, no history, no phantom deal.
    assert deal_counts(store) == (0, len(changes))
    assert store.scalar("SELECT count(*) FROM deal_history") == 0
    # HubSpot's internal stage names are stored as its deals export spells them.
    assert set(store.df("SELECT stage FROM deal_changes WHERE stage IS NOT NULL")["stage"]) == {
        "Appointment Scheduled", "Qualified to Buy", "Presentation Scheduled", "Closed Won"}

    seen_on = dt.date(2025, 3, 3)
    import_file(store, write("hubspot_deals.csv", hubspot_deals_text()), observed_on=seen_on)
    assert deal_counts(store) == (3, len(changes))
    states = day_states(changes, hubspot_current(seen_on))
    expected = time_in_stage_reference(states, {"H1", "H2", "H3"})
    pd.testing.assert_frame_equal(measured_time_in_stage(store), expected, check_dtype=False, check_names=False)
    pushed = pushed_close_dates(store, Filters())
    assert dict(zip(pushed["crm_id"], pushed["pushes"], strict=True)) == pushes_reference(states, {"H1", "H3"})
    assert set(pushed["crm_id"]) == {"H1", "H3"}
    # The amount a stage change leaves out is carried from the deal's earlier changes.
    amounts = store.rows("""SELECT DISTINCT amount FROM deal_history WHERE crm_id = 'H1' AND import_id = ?""",
                         [result.import_id])
    assert amounts == [(1200.5,)]


# A French spreadsheet: one row per change, ids repeating, day-first dates, decimal commas.
FRENCH_ROWS = [
    ("A-1", "06/01/2025", "Découverte", "1 000,00", "31/03/2025"),
    ("A-2", "07/01/2025", "Découverte", "2 500,00", "28/02/2025"),
    ("A-1", "20/01/2025", "Proposition", "1 000,00", "30/04/2025"),
    ("A-2", "03/02/2025", "Négociation", "2 500,00", "31/03/2025"),
    ("A-1", "17/02/2025", "Négociation", "1 200,00", "30/04/2025"),
    ("A-2", "24/02/2025", "Gagnée", "2 500,00", "24/02/2025"),
]


def test_a_generic_french_sheet_is_recognised_by_its_repeated_ids_and_keyed_under_its_deals_source(
        store, write) -> None:
    deals = ("Deal ID,Deal Name,Deal Stage,Pipeline,Amount,Close Date,Create Date,Deal Owner\n"
             "A-1,Un,Négociation,P,1200,2025-04-30,2025-01-02,ann@example.com\n"
             "A-2,Deux,Gagnée,P,2500,2025-02-24,2025-01-02,ann@example.com\n")
    import_file(store, write("hubspot_deals.csv", deals), observed_on=dt.date(2025, 3, 1))
    text = "ID affaire;Date;Étape;Montant;Date de clôture\n" + "\n".join(";".join(row) for row in FRENCH_ROWS) + "\n"
    result = import_file(store, write("historique.csv", text))
    assert (result.kind, result.profile, result.source) == ("history", "generic", "hubspot")
    assert (result.inserted, result.rejected, result.history.not_imported) == (6, 0, 0)
    assert store.rows("SELECT amount, close_on FROM deal_changes WHERE crm_id = 'A-1' ORDER BY changed_at")[-1] == (
        1200.0, dt.date(2025, 4, 30))
    changes = pd.DataFrame(FRENCH_ROWS, columns=["deal", "when", "stage", "amount", "close"])
    changes["when"] = pd.to_datetime(changes["when"], dayfirst=True)
    changes["close"] = pd.to_datetime(changes["close"], dayfirst=True)
    current = pd.DataFrame({"deal": ["A-1", "A-2"], "stage": ["Négociation", "Gagnée"],
                            "close": pd.to_datetime(["2025-04-30", "2025-02-24"]), "day": pd.Timestamp("2025-03-01")})
    expected = time_in_stage_reference(day_states(changes, current), {"A-1", "A-2"})
    pd.testing.assert_frame_equal(measured_time_in_stage(store), expected, check_dtype=False, check_names=False)
    assert deal_counts(store) == (2, 6)


def test_a_salesforce_report_without_ids_links_changes_by_a_unique_opportunity_name(store, write) -> None:
    deals = ("Id,Name,AccountId,StageName,Amount,CloseDate,CreatedDate,IsWon,IsClosed\n"
             "0071,Acme,001,Qualification,10,2025-03-31,2025-01-02,,\n"
             "0072,Twice,001,Prospecting,10,2025-03-31,2025-01-02,,\n"
             "0073,Twice,001,Prospecting,10,2025-03-31,2025-01-02,,\n")
    import_file(store, write("Opportunity.csv", deals))
    report = ("Opportunity Name,Edit Date,From Stage,To Stage,Amount,Probability (%),Close Date\n"
              "Acme,1/13/2025 9:15 AM,,Prospecting,10,10,3/31/2025\n"
              "Acme,1/27/2025 2:40 PM,Prospecting,Qualification,10,20,3/31/2025\n"
              "Twice,1/14/2025 9:00 AM,,Prospecting,10,10,3/31/2025\n"
              "Nobody,1/15/2025 9:00 AM,,Prospecting,10,10,3/31/2025\n")
    result = import_file(store, write("opportunity_history_report.csv", report))
    assert (result.kind, result.profile, result.inserted, result.rejected) == ("history", "salesforce", 4, 0)
    assert result.history.by_name and (result.history.opportunities, result.history.not_imported) == (3, 2)
    assert result.history.not_imported_examples == ["Twice", "Nobody"]
    assert store.rows("SELECT changed_at FROM deal_changes WHERE deal_name = 'Acme' ORDER BY 1") == [
        (dt.datetime(2025, 1, 13, 9, 15),), (dt.datetime(2025, 1, 27, 14, 40),)]
    linked = store.rows("SELECT crm_id, observed_on, stage FROM deal_history WHERE import_id = ? ORDER BY 2",
                        [result.import_id])
    assert linked == [("0071", dt.date(2025, 1, 13), "Prospecting"), ("0071", dt.date(2025, 1, 27), "Qualification")]


def test_a_pipedrive_changelog_reads_the_new_values_of_the_fields_it_knows(store, write) -> None:
    text = ("Deal - ID,Field,Old value,New value,Update time\n"
            "31,Stage,,Lead In,2025-01-06 09:00:00\n"
            "31,Value,,5000,2025-01-06 09:00:00\n"
            "31,Expected close date,,2025-03-31,2025-01-06 09:00:00\n"
            "31,Owner,Ann,Bob,2025-01-10 10:00:00\n"
            "31,Stage,Lead In,Contact Made,2025-01-20 15:30:00\n"
            "31,Value,5000,not a number,2025-01-21 15:30:00\n"
            "32,Stage,,Lead In,2025-01-08 09:00:00\n")
    result = import_file(store, write("deal_changelog.csv", text))
    assert (result.kind, result.profile, result.source) == ("history", "pipedrive", "pipedrive")
    assert (result.rows, result.inserted, result.rejected, result.history.left_aside) == (7, 5, 1, 1)
    assert result.rejects == [{"line": 7, "column": "New value (amount)", "value": "not a number",
                               "reason": "unreadable amount"}]
    assert store.rows("SELECT stage, amount, close_on FROM deal_changes WHERE crm_id = '31' ORDER BY changed_at") == [
        ("Lead In", None, None), (None, 5000.0, None), (None, None, dt.date(2025, 3, 31)),
        ("Contact Made", None, None)]


def test_a_history_file_without_an_id_or_a_change_is_refused_with_a_clear_message(store, write) -> None:
    from smart.ingest import ImportFileError

    with pytest.raises(ImportFileError, match="no opportunity id or name column"):
        import_file(store, write("h.csv", "Date,Stage\n2025-01-01,A\n2025-01-02,B\n"), kind="history")
    with pytest.raises(ImportFileError, match="no stage, amount or close date column"):
        import_file(store, write("h2.csv", "Deal ID,Date,Owner\nD1,2025-01-01,Ann\nD1,2025-01-02,Bob\n"),
                    kind="history")
    assert store.scalar("SELECT count(*) FROM imports") == 0


def test_the_command_line_detects_a_history_file_and_says_what_it_holds(tmp_path: Path, write) -> None:
    path = write("OpportunityHistory.csv", sf_history_text(SF_CHANGES))
    db = tmp_path / "cli.duckdb"
    command = [sys.executable, "-m", "smart", "import", str(path), "--db", str(db), "--format", "json"]
    done = subprocess.run(command, capture_output=True, text=True, cwd=REPO_ROOT, check=False)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert (data["kind"], data["inserted"], data["history"]["opportunities"], data["history"]["not_imported"]) == (
        "history", 16, 6, 6)
    command[-1] = "text"
    forced = subprocess.run([*command, "--kind", "history", "--dry-run"], capture_output=True, text=True,
                            cwd=REPO_ROOT, check=False)
    assert forced.returncode == 0 and "16 changes for 6 opportunities" in forced.stdout
    assert "0 new, 0 updated, 16 unchanged" in forced.stdout


def test_files_whose_ids_repeat_without_stages_are_not_taken_for_a_history(store, write) -> None:
    """An orders file repeats its id on each of its lines, with a date and an amount: no stage, no history. A
    deals file whose ids do not repeat is a deals file, stage or not."""
    orders = ("ID;Date;Produit;Montant\nC-1;06/01/2025;Chaise;120,00\nC-1;06/01/2025;Table;480,00\n"
              "C-2;13/01/2025;Lampe;35,00\n")
    read = import_file(store, write("commandes.csv", orders), mapping={"created_on": "Date"}, dry_run=True)
    assert read.kind == "deals" and read.history is None
    deals = ("Deal ID,Deal Name,Stage,Amount,Close Date,Created\nD1,One,Won,10,2025-02-01,2025-01-02\n"
             "D2,Two,Lost,20,2025-02-03,2025-01-05\n")
    assert import_file(store, write("deals.csv", deals), dry_run=True).kind == "deals"
    history = deals.replace("D2,Two", "D1,One")
    moves = write("deal_moves.csv", history.replace("Created", "Date"))
    assert import_file(store, moves, dry_run=True).kind == "history"


def test_a_change_without_a_readable_date_is_rejected_with_its_line(store, write) -> None:
    text = sf_history_text(SF_CHANGES[:4]).splitlines()
    text[2] = text[2].replace("2025-01-08T11:00:00.000+0000", "")
    text[3] = text[3].replace("2025-02-10T08:30:00.000+0000", "sometime in February")
    result = import_file(store, write("OpportunityHistory.csv", "\n".join(text) + "\n"))
    assert (result.rows, result.inserted, result.rejected) == (4, 2, 2)
    assert [(r["line"], r["column"], r["value"], r["reason"]) for r in result.rejects] == [
        (3, "CreatedDate", "", "missing date"), (4, "CreatedDate", "sometime in February", "unreadable date")]
    assert store.rows("SELECT changed_at FROM deal_changes ORDER BY 1") == [
        (dt.datetime(2025, 1, 6, 9, 0),), (dt.datetime(2025, 1, 20, 10, 0),)]
