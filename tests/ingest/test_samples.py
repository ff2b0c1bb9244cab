"""Every real export in ../shared/crm-samples/ imports with the counts its README states."""

from __future__ import annotations

from pathlib import Path

import pytest

from smart.ingest import import_file

pytestmark = pytest.mark.samples


def _status_counts(store, source: str) -> dict[str, int]:
    return dict(store.rows("SELECT status, count(*) FROM deals WHERE source = ? GROUP BY status", [source]))


def test_salesforce_opportunities(store, samples_dir: Path) -> None:
    result = import_file(store, samples_dir / "salesforce-api-export" / "Opportunity.csv")
    assert (result.kind, result.profile, result.rows, result.inserted, result.rejected) == (
        "deals", "salesforce", 50, 50, 0)
    assert _status_counts(store, "salesforce") == {"won": 12, "lost": 3, "open": 35}
    stages = dict(store.rows("SELECT stage, count(*) FROM deals GROUP BY stage"))
    assert stages == {"Discovery": 9, "Qualification": 9, "Proposal/Quote": 8, "Negotiation": 9, "Closed Won": 12,
                      "Closed Lost": 3}
    assert any("bulk load" in note for note in result.notes)
    assert store.scalar("SELECT count(DISTINCT created_on) FROM deals") == 1
    again = import_file(store, samples_dir / "salesforce-api-export" / "Opportunity.csv")
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 50)


def test_salesforce_leads(store, samples_dir: Path) -> None:
    result = import_file(store, samples_dir / "salesforce-api-export" / "Lead.csv")
    assert (result.kind, result.profile, result.rows, result.inserted, result.rejected) == ("leads", "salesforce",
                                                                                            60, 60, 0)
    assert store.scalar("SELECT count(*) FROM leads WHERE qualified_on IS NOT NULL") == 24
    assert store.scalar("SELECT count(*) FROM leads WHERE name = 'William Lee'") == 1
    assert any("qualification" in note for note in result.notes)


def test_pipedrive_deals(store, samples_dir: Path) -> None:
    result = import_file(store, samples_dir / "pipedrive-export" / "deals_export.csv")
    assert (result.kind, result.profile, result.rows, result.inserted, result.rejected) == ("deals", "pipedrive",
                                                                                            46, 46, 0)
    assert _status_counts(store, "pipedrive") == {"open": 30, "lost": 15, "won": 1}
    assert store.scalar("SELECT amount FROM deals WHERE crm_id = '850'") == 1300
    # "Deal - Value" 0 means no price yet.
    zero = store.scalar("SELECT count(*) FROM deals WHERE amount IS NULL")
    assert zero > 0
    assert store.scalar("SELECT created_on FROM deals WHERE crm_id = '850'").year == 2018
    assert store.scalar("SELECT close_on FROM deals WHERE crm_id = '850'").year == 2026
    assert store.scalar("SELECT count(*) FROM deals WHERE title LIKE '''-%'") >= 1


def test_hubspot_deals_and_contacts(store, samples_dir: Path) -> None:
    deals = import_file(store, samples_dir / "hubspot-layout" / "hubspot_deals.csv")
    assert (deals.profile, deals.kind, deals.rows, deals.inserted, deals.rejected) == ("hubspot", "deals", 500, 500, 0)
    assert _status_counts(store, "hubspot") == {"won": 71, "lost": 69, "open": 360}
    # Two pipelines, each with its own stages in HubSpot's order (they share the names, not the funnel).
    for pipeline in ("Sales Pipeline", "Renewals Pipeline"):
        order = [r[0] for r in store.rows("SELECT raw_stage FROM stage_map WHERE source = 'hubspot' AND pipeline = ? "
                                          "ORDER BY funnel_order", [pipeline])]
        assert order == ["Appointment Scheduled", "Qualified to Buy", "Presentation Scheduled",
                         "Decision Maker Bought-In", "Contract Sent", "Closed Won", "Closed Lost"]
    contacts = import_file(store, samples_dir / "hubspot-layout" / "hubspot_contacts.csv")
    assert (contacts.profile, contacts.kind, contacts.rows, contacts.inserted, contacts.rejected) == (
        "hubspot", "leads", 950, 950, 0)
    assert store.scalar("SELECT count(*) FROM leads WHERE owner LIKE '%@example.com'") == 950


def test_french_register_every_row_won(store, samples_dir: Path) -> None:
    path = samples_dir / "french-deal-register" / "registre_2023.csv"
    preview = import_file(store, path, dry_run=True)
    assert preview.kind == "deals" and preview.rows == 57 and not preview.committed
    assert preview.mapping["amount"] == "Facture Leaser HTVA"
    # A column with neither a header nor a value is not offered; one without a header but with a value is.
    assert "(column 3)" not in preview.headers and "(column 19)" in preview.headers
    assert preview.mapping["status"] == "=won"  # an id, an invoice date and an amount: proposed as won deals
    assert store.scalar("SELECT count(*) FROM deals") == 0
    result = import_file(store, path, mapping={"status": "=won"})
    assert (result.rows, result.inserted, result.rejected) == (57, 57, 0)
    assert _status_counts(store, "generic") == {"won": 57}
    first = store.rows("SELECT amount, currency, created_on FROM deals WHERE account = 'Client 001'")[0]
    assert first[0] == pytest.approx(37296.77) and first[1] == "EUR" and str(first[2]) == "2023-01-01"
    # The confirmed mapping is saved under the header signature and reused.
    again = import_file(store, path)
    assert again.mapping["status"] == "=won" and again.unchanged == 57


def test_monthly_targets_forced_as_kpi_history(store, samples_dir: Path) -> None:
    """Detected as the plan (tests/ingest/test_plan_import.py), a targets sheet still reads as KPI history when
    the user says so."""
    result = import_file(store, samples_dir / "monthly-sales-target" / "sales_target.csv", kind="kpi")
    assert (result.kind, result.rows, result.inserted, result.rejected) == ("kpi", 36, 36, 0)
    rows = store.rows("SELECT kpi, period, grain, scope, value FROM kpi_history ORDER BY period, scope LIMIT 1")
    assert str(rows[0][1]) == "2018-04-01" and rows[0][0] == "target" and rows[0][2] == "month"
    furniture = "SELECT value FROM kpi_history WHERE scope = 'Furniture' AND period = DATE '2018-04-01'"
    assert store.scalar(furniture) == 10400
