"""Lead statuses from the CRMs' standard picklists count as qualified and converted; a status the app does not
recognise is named with its count, never silently read as "0 qualified"; editing the lead status map re-derives
the stored leads (and the KPIs) in one go. Expected counts are by hand, from the rows each test writes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from smart.analytics import Filters, kpi_value
from smart.ingest import import_file, load_lead_status_map, save_lead_status_map, undo_import
from smart.ingest.cli import summary_lines
from smart.storage import Store

JANUARY_TO_MARCH = Filters(dt.date(2025, 1, 1), dt.date(2025, 3, 31))

SALESFORCE = ("Id,FirstName,LastName,Company,Status,LeadSource,OwnerId,CreatedDate,IsConverted,ConvertedDate\n"
              "L1,Ann,A,Acme,Open - Not Contacted,Web,005A,2025-01-06T09:00:00.000+0000,,\n"
              "L2,Bob,B,Acme,Working - Contacted,Web,005A,2025-01-07T09:00:00.000+0000,,\n"
              "L3,Cy,C,Acme,Working - Contacted,Web,005A,2025-01-08T09:00:00.000+0000,,\n"
              "L4,Di,D,Acme,Closed - Converted,Web,005A,2025-01-09T09:00:00.000+0000,1,2025-02-10\n"
              "L5,Ed,E,Acme,Closed - Converted,Web,005A,2025-01-10T09:00:00.000+0000,,\n"
              "L6,Flo,F,Acme,Closed - Not Converted,Web,005A,2025-01-13T09:00:00.000+0000,,\n"
              "L7,Gus,G,Acme,Qualified,Web,005A,2025-01-14T09:00:00.000+0000,,\n"
              "L8,Hal,H,Acme,Nurturing,Web,005A,2025-01-15T09:00:00.000+0000,,\n")
HUBSPOT = ("Contact ID,First Name,Last Name,Lifecycle Stage,Lead Status,Create Date,Contact Owner\n"
           "C1,A,A,subscriber,,2025-01-06,ann@x.com\n"
           "C2,B,B,lead,NEW,2025-01-06,ann@x.com\n"
           "C3,C,C,marketingqualifiedlead,OPEN,2025-01-07,ann@x.com\n"
           "C4,D,D,Sales Qualified Lead,IN_PROGRESS,2025-01-07,ann@x.com\n"
           "C5,E,E,opportunity,OPEN_DEAL,2025-01-08,ann@x.com\n"
           "C6,F,F,Customer,,2025-01-08,ann@x.com\n"
           "C7,G,G,evangelist,CONNECTED,2025-01-09,ann@x.com\n"
           "C8,H,H,other,UNQUALIFIED,2025-01-09,ann@x.com\n"
           "C9,I,I,Lead,Attempted to Contact,2025-01-10,ann@x.com\n"
           "C10,J,J,lead,Bad Timing,2025-01-10,ann@x.com\n"
           "C11,K,K,Lead,Open Deal,2025-01-13,ann@x.com\n")
PIPEDRIVE = ("Lead ID,Name,Status,Created date\n"
             "P1,A,Hot,2025-01-06\nP2,B,Warm,2025-01-06\nP3,C,Cold,2025-01-07\nP4,D,Converted to deal,2025-01-07\n"
             "P5,E,Archived,2025-01-08\nP6,F,hot,2025-01-08\n")
ZOHO = ("Record Id,First Name,Last Name,Company,Lead Owner,Lead Source,Lead Status,Created Time\n"
        "Z1,A,A,Co,Ann,Web,Attempted to Contact,2025-01-06 10:00:00\n"
        "Z2,B,B,Co,Ann,Web,Contact in Future,2025-01-06 10:00:00\n"
        "Z3,C,C,Co,Ann,Web,Contacted,2025-01-07 10:00:00\n"
        "Z4,D,D,Co,Ann,Web,Junk Lead,2025-01-07 10:00:00\n"
        "Z5,E,E,Co,Ann,Web,Lost Lead,2025-01-08 10:00:00\n"
        "Z6,F,F,Co,Ann,Web,Not Contacted,2025-01-08 10:00:00\n"
        "Z7,G,G,Co,Ann,Web,Pre-Qualified,2025-01-09 10:00:00\n"
        "Z8,H,H,Co,Ann,Web,Not Qualified,2025-01-09 10:00:00\n"
        "Z9,I,I,Co,Ann,Web,Pre-Qualified,2025-01-10 10:00:00\n")
FRENCH = ("ID lead;Contact;Statut;Date de création\n"
          "F1;Anne;Nouveau;06/01/2025\nF2;Bruno;En cours;07/01/2025\nF3;Chloé;Qualifié;08/01/2025\n"
          "F4;David;Non qualifié;09/01/2025\nF5;Emma;Converti;13/01/2025\nF6;Fred;Perdu;14/01/2025\n"
          "F7;Gaëlle;Qualifiée;15/01/2025\nF8;Hugo;Convertie;16/01/2025\n")

# (file, text, profile, leads, qualified, converted): counted by hand from the rows above.
PICKLISTS = [
    ("Lead.csv", SALESFORCE, "salesforce", 8, 3, 2),  # L4, L5 converted (and qualified); L7 qualified
    ("hubspot_contacts.csv", HUBSPOT, "hubspot", 11, 6, 4),  # C3..C7, C11 qualified; C5, C6, C7, C11 converted
    ("pipedrive_leads.csv", PIPEDRIVE, "generic", 6, 3, 1),  # Hot, hot, Converted to deal; the last converted
    ("zoho_leads.csv", ZOHO, "zoho", 9, 2, 0),  # the two Pre-Qualified
    ("leads.csv", FRENCH, "generic", 8, 4, 2),  # Qualifié, Qualifiée, Converti, Convertie; the last two converted
]


@pytest.mark.parametrize(("name", "text", "profile", "leads", "qualified", "converted"), PICKLISTS,
                         ids=[p[2] + "-" + p[0] for p in PICKLISTS])
def test_standard_statuses_count_as_qualified_and_converted(store: Store, write, name: str, text: str, profile: str,
                                                            leads: int, qualified: int, converted: int) -> None:
    result = import_file(store, write(name, text))
    assert (result.kind, result.profile, result.inserted, result.rejected) == ("leads", profile, leads, 0)
    summary = result.lead_statuses
    assert (summary.leads, summary.qualified, summary.converted) == (leads, qualified, converted)
    assert summary.unrecognised == []
    assert store.scalar("SELECT count(qualified_on) FROM leads") == qualified
    assert store.scalar("SELECT count(*) FROM leads WHERE is_converted AND converted_on IS NOT NULL") == converted
    # The KPIs read them: every lead was created in January, every conversion dated in the quarter.
    assert kpi_value(store, "qualified_leads", JANUARY_TO_MARCH).value == qualified
    assert kpi_value(store, "lead_conversion_rate", JANUARY_TO_MARCH).value == pytest.approx(converted / leads)


def test_a_file_date_wins_and_a_converted_lead_without_a_date_is_dated_by_its_creation(store, write) -> None:
    import_file(store, write("Lead.csv", SALESFORCE))
    rows = dict(store.rows("SELECT crm_id, converted_on FROM leads WHERE is_converted"))
    assert rows == {"L4": dt.date(2025, 2, 10), "L5": dt.date(2025, 1, 10)}
    assert store.rows("SELECT converted_from_status FROM leads WHERE crm_id IN ('L4', 'L5') ORDER BY crm_id") == [
        (False,), (True,)]


UNRECOGNISED = ("ID lead;Contact;Statut;Date de création;Converti\n"
                "U1;Anne;Signé;06/01/2025;oui\nU2;Bruno;Signé;07/01/2025;oui\nU3;Chloé;Signé;08/01/2025;\n"
                "U4;David;À rappeler;09/01/2025;\nU5;Emma;À rappeler;13/01/2025;\nU6;Fred;Nouveau;14/01/2025;\n")


def test_unrecognised_statuses_are_named_with_their_counts_and_converted_leads_still_count(store, write) -> None:
    result = import_file(store, write("leads.csv", UNRECOGNISED))
    summary = result.lead_statuses
    assert [(s.status, s.leads, s.decided_by) for s in summary.unrecognised] == [("Signé", 3, "unknown"),
                                                                                ("À rappeler", 2, "unknown")]
    # U1 and U2 are converted by their flag, so qualified too: never "0 qualified" for a file of converted leads.
    assert (summary.qualified, summary.converted) == (2, 2)
    lines = summary_lines(result)
    assert "  6 leads: 2 qualified, 2 converted." in lines
    assert any(line.startswith("  2 lead statuses not recognised") and "Signé (3), À rappeler (2)" in line
               for line in lines)
    again = import_file(store, write("leads.csv", UNRECOGNISED), dry_run=True)
    assert [s.status for s in again.lead_statuses.unrecognised] == ["Signé", "À rappeler"]


def test_editing_the_map_re_derives_the_stored_leads_and_their_kpis(store, write) -> None:
    path = write("leads.csv", UNRECOGNISED)
    first = import_file(store, path)
    assert kpi_value(store, "qualified_leads", JANUARY_TO_MARCH).value == 2
    # A later export renames U3: its earlier version is kept for undo, and re-derived with the leads.
    later = import_file(store, write("leads_later.csv", UNRECOGNISED.replace("U3;Chloé", "U3;Chloé B.")))
    assert later.updated == 1

    now = save_lead_status_map(store, "generic", [("Signé", False, True), ("À rappeler", True, False)])
    # Signé converts (and so qualifies) U3; À rappeler qualifies U4 and U5.
    assert (now.leads, now.qualified, now.converted) == (6, 5, 3)
    assert kpi_value(store, "qualified_leads", JANUARY_TO_MARCH).value == 5
    assert kpi_value(store, "lead_conversion_rate", JANUARY_TO_MARCH).value == pytest.approx(3 / 6)
    assert store.rows("SELECT is_converted, converted_on, qualified_on FROM leads WHERE crm_id = 'U3'") == [
        (True, dt.date(2025, 1, 8), dt.date(2025, 1, 8))]
    stored = load_lead_status_map(store, "generic").set_index("raw_status")
    assert stored.loc["Signé", ["qualified", "converted", "decided_by"]].tolist() == [True, True, "user"]
    assert stored.loc["Nouveau", "decided_by"] == "standard"

    # Importing the file again finds every lead as the map now derives it.
    again = import_file(store, path)
    assert (again.inserted, again.updated, again.unchanged) == (0, 1, 5)
    assert again.lead_statuses.unrecognised == []
    undo_import(store, again.import_id)
    undo_import(store, later.import_id)
    assert store.rows("SELECT name, is_converted FROM leads WHERE crm_id = 'U3'") == [("Chloé", True)]
    assert kpi_value(store, "qualified_leads", JANUARY_TO_MARCH).value == 5
    assert first.import_id is not None


def test_a_qualification_date_in_the_file_is_kept_whatever_the_map_says(store, write) -> None:
    text = ("ID lead;Contact;Statut;Date de création;Date de qualification\n"
            "Q1;Anne;Nouveau;06/01/2025;20/01/2025\nQ2;Bruno;Nouveau;07/01/2025;\n")
    import_file(store, write("leads.csv", text))
    assert dict(store.rows("SELECT crm_id, qualified_on FROM leads")) == {"Q1": dt.date(2025, 1, 20), "Q2": None}
    save_lead_status_map(store, "generic", [("Nouveau", True, False)])
    assert dict(store.rows("SELECT crm_id, qualified_on FROM leads")) == {"Q1": dt.date(2025, 1, 20),
                                                                          "Q2": dt.date(2025, 1, 7)}
    save_lead_status_map(store, "generic", [("Nouveau", False, False)])
    assert dict(store.rows("SELECT crm_id, qualified_on FROM leads")) == {"Q1": dt.date(2025, 1, 20), "Q2": None}


@pytest.mark.samples
@pytest.mark.parametrize(("sample", "status_column", "lifecycle_column"), [
    ("hubspot-layout/hubspot_contacts.csv", "Lead Status", "Lifecycle Stage"),
    ("salesforce-api-export/Lead.csv", "Status", None),
])
def test_the_real_exports_statuses_are_all_recognised(store: Store, samples_dir: Path, sample: str,
                                                      status_column: str, lifecycle_column: str | None) -> None:
    """The statuses of the real HubSpot and Salesforce exports are standard ones: none is reported, and the
    qualified and converted counts are those of the picklists' meanings, counted here with pandas."""
    path = samples_dir / sample
    result = import_file(store, path)
    frame = pd.read_csv(path, dtype=str, encoding="utf-8-sig")
    words = pd.concat([frame[c].fillna("").str.lower().str.replace(r"[^a-z]", "", regex=True)
                       for c in (status_column, lifecycle_column) if c], axis=1)
    converted = words.isin({"opendeal", "opportunity", "customer", "evangelist"}).any(axis=1)
    qualified = converted | words.isin({"marketingqualifiedlead", "salesqualifiedlead", "qualified"}).any(axis=1)
    assert result.lead_statuses.unrecognised == []
    assert (result.lead_statuses.qualified, result.lead_statuses.converted) == (qualified.sum(), converted.sum())
    assert result.lead_statuses.qualified > 0
