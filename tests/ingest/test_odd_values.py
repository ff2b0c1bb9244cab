"""Values real exports hold that the importer keeps, counts and says, on files shaped like those exports (written
here): deals closed before their creation date (a Data Loader's CreatedDate is a bulk-load day), numbers whose
decimal mark only the whole column tells (French and German exports, "12.345"), a later export that lacks a
column, and won deals with a negative or zero amount (credit notes). Expected figures come from pandas over the
file's own rows, or by hand."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from smart.analytics import Filters, kpi_value
from smart.cli import main
from smart.ingest import AmbiguousDecimalError, import_file, undo_import
from smart.storage import Store, row_hash_sql

# ------------------------------------------------------------------------------------------------- closed early
DATA_LOADER = "Id,Name,StageName,Amount,CloseDate,CreatedDate,IsWon,IsClosed,OwnerId\n"
# Created on two bulk-load days (11 and 9 opportunities: neither day holds 90 % of them); many deals closed
# before the load that created them.
LOAD_DAYS = ("2024-01-22T16:14:25.000+0000", "2024-03-04T08:02:11.000+0000")
OPPORTUNITIES = [
    # id, stage, amount, close date, load day, won, closed
    ("0061", "Closed Won", 12000, "2023-11-15", 0, 1, 1),
    ("0062", "Closed Won", 8500.5, "2023-12-20", 0, 1, 1),
    ("0063", "Closed Lost", 4000, "2024-01-05", 0, "", 1),
    ("0064", "Closed Won", 15000, "2024-02-10", 0, 1, 1),
    ("0065", "Closed Won", 3200, "2024-01-22", 0, 1, 1),
    ("0066", "Negotiation", 9000, "2024-06-30", 0, "", ""),
    ("0067", "Closed Won", 21000, "2024-04-02", 0, 1, 1),
    ("0068", "Closed Lost", 5000, "2023-10-01", 0, "", 1),
    ("0069", "Discovery", 7000, "2024-05-15", 0, "", ""),
    ("0070", "Closed Won", 4400, "2023-09-30", 0, 1, 1),
    ("0071", "Qualification", 2500, "2024-07-01", 0, "", ""),
    ("0072", "Closed Won", 9900, "2024-02-28", 1, 1, 1),
    ("0073", "Closed Won", 6100, "2024-03-20", 1, 1, 1),
    ("0074", "Closed Lost", 3000, "2024-01-31", 1, "", 1),
    ("0075", "Closed Won", 12500, "2024-05-05", 1, 1, 1),
    ("0076", "Proposal/Quote", 8000, "2024-08-30", 1, "", ""),
    ("0077", "Closed Won", 2750.25, "2023-12-01", 1, 1, 1),
    ("0078", "Closed Lost", 1500, "2024-04-18", 1, "", 1),
    ("0079", "Negotiation", 11000, "2024-09-15", 1, "", ""),
    ("0080", "Closed Won", 5600, "2024-03-04", 1, 1, 1),
]


def _data_loader_export() -> str:
    return DATA_LOADER + "".join(
        f"{i},Opportunity {i},{stage},{amount},{close},{LOAD_DAYS[day]},{won},{closed},005A0000001\n"
        for i, stage, amount, close, day, won, closed in OPPORTUNITIES)


def test_deals_closed_before_their_bulk_load_keep_their_revenue_and_wins(store, write) -> None:
    text = _data_loader_export()
    result = import_file(store, write("Opportunity.csv", text))
    raw = pd.read_csv(io.StringIO(text), dtype={"Id": str})
    created = pd.to_datetime(raw["CreatedDate"].str[:10])
    close = pd.to_datetime(raw["CloseDate"])
    won = raw["IsWon"] == 1
    lost = (raw["IsClosed"] == 1) & ~won
    before = close < created
    assert (result.rejected, result.inserted) == (0, len(raw))
    assert result.closed_before_created == before.sum() == 8  # 5 of the first load day's, 3 of the second's
    assert any("8 deals close before their creation date" in note for note in result.notes)
    assert not any("bulk load?)" in note and "share the creation date" in note for note in result.notes)
    assert kpi_value(store, "revenue", Filters()).value == pytest.approx(raw.loc[won, "Amount"].sum())
    assert kpi_value(store, "deals_won", Filters()).value == won.sum() == 11
    assert kpi_value(store, "deals_lost", Filters()).value == lost.sum() == 4
    cycles = (close - created).dt.days
    for kpi, closed in (("sales_cycle_days", won), ("sales_cycle_days_lost", lost)):
        kept = cycles[closed & ~before]
        assert kpi_value(store, kpi, Filters(), "mean").value == pytest.approx(kept.mean())
        assert kpi_value(store, kpi, Filters(), "median").value == pytest.approx(kept.median())


def test_the_issue_repro_keeps_the_deal_out_of_cycles_only(store, write) -> None:
    text = ("id,stage,amount,created,close date\n"
            "D1,Won,100,2026-01-01,2026-01-11\nD2,Won,200,2026-01-05,2026-02-04\nD3,Lost,50,2026-01-10,2026-01-20\n"
            "D4,Won,300,2026-03-01,2026-02-15\n")
    result = import_file(store, write("repro.csv", text), kind="deals")
    assert (result.inserted, result.rejected, result.closed_before_created) == (4, 0, 1)
    assert kpi_value(store, "revenue", Filters()).value == 600  # 100 + 200 + 300
    assert kpi_value(store, "deals_won", Filters()).value == 3
    assert kpi_value(store, "sales_cycle_days", Filters(), "mean").value == 20  # (10 + 30) / 2: D4 left out


# ------------------------------------------------------------------------------------------------- decimal marks
FRENCH = "Réf;Client;Étape;Montant;Date de création;Date de clôture\n"


def _french(amounts: list[str]) -> str:
    return FRENCH + "".join(f"F{i};Client {i};Gagné;{amount};0{1 + i % 9}/02/2024;2{i % 9}/03/2024\n"
                            for i, amount in enumerate(amounts, start=1))


def _amounts(store: Store) -> list[float]:
    return [row[0] for row in store.rows("SELECT amount FROM deals ORDER BY crm_id")]


@pytest.mark.parametrize("amounts, expected, decimal", [
    # German and French exports: a dot between thousands, a decimal comma.
    (["1.234,56", "12.345,5", "980,00"], [1234.56, 12345.5, 980.0], "comma"),
    # "12.345" alone reads two ways; "1.234,5" says the comma is the decimal mark: 12.345 is twelve thousand.
    (["12.345", "1.234,5", "250"], [12345.0, 1234.5, 250.0], "comma"),
    # "0.5" and "1234.567" say the dot is the decimal mark: "12.345" is twelve and a bit.
    (["12.345", "0.5", "1234.567"], [12.345, 0.5, 1234.567], "dot"),
    # thousands dots twice can only be thousands
    (["1.234.567", "12.345"], [1234567.0, 12345.0], "comma"),
])
def test_the_decimal_mark_is_decided_from_the_whole_column(store, write, amounts, expected, decimal) -> None:
    result = import_file(store, write("ventes.csv", _french(amounts)), kind="deals")
    assert (result.rejected, result.decimal) == (0, decimal)
    assert _amounts(store) == pytest.approx(expected)


def test_a_column_that_reads_two_ways_is_asked(store, write) -> None:
    path = write("ventes.csv", _french(["12.345", "1.500", "250", "3.000"]))
    with pytest.raises(AmbiguousDecimalError) as error:
        import_file(store, path, kind="deals")
    assert error.value.columns == ["Montant"] and "ventes.csv" in str(error.value)
    assert "--decimal dot or --decimal comma" in str(error.value)
    assert store.scalar("SELECT count(*) FROM imports") == 0
    result = import_file(store, path, kind="deals", decimal="comma")
    assert _amounts(store) == [12345.0, 1500.0, 250.0, 3000.0]
    assert any("read with the comma as the decimal mark, as chosen" in note for note in result.notes)
    # The choice is kept with the mapping: the next export with these headers is read the same way, and says so.
    again = import_file(store, write("ventes2.csv", _french(["2.500", "7"])), kind="deals", dry_run=True)
    assert again.decimal == "comma" and [row["amount"] for row in again.sample] == [2500.0, 7.0]
    assert any("as chosen" in note for note in again.notes)


def test_the_cli_needs_decimal_when_a_column_reads_two_ways(tmp_path, write, capsys) -> None:
    db = str(tmp_path / "cli.duckdb")
    path = str(write("ventes.csv", _french(["12.345", "1.500"])))
    assert main(["import", path, "--kind", "deals", "--db", db]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1
    assert "ventes.csv" in captured.err and "'Montant'" in captured.err and "--decimal" in captured.err
    assert main(["import", path, "--kind", "deals", "--decimal", "dot", "--format", "json", "--db", db]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["decimal"] == "dot" and [row["amount"] for row in data["sample"]] == [12.345, 1.5]


def test_whole_numbers_then_three_decimals_are_not_read_silently(store, write) -> None:
    """DuckDB's reader types a column of whole numbers itself; a later "2.500" it would read as 2.5 unasked."""
    header = "Deal ID,Deal Name,Deal Stage,Amount,Close Date,Create Date\n"
    whole = "".join(f"D{i},Deal {i},Closed Won,{1000 + i},2024-03-01,2024-01-01\n" for i in range(1, 2501))
    path = write("deals.csv", header + whole + "D2501,Late,Closed Won,2.500,2024-03-01,2024-01-01\n")
    with pytest.raises(AmbiguousDecimalError):
        import_file(store, path, kind="deals")
    late = "D2501,Late,Closed Won,2.500,2024-03-01,2024-01-01\nD2502,Later,Closed Won,1.25,2024-03-01,2024-01-01\n"
    result = import_file(store, write("deals2.csv", header + whole + late), kind="deals")
    assert (result.rejected, result.decimal) == (0, "dot")
    assert store.rows("SELECT amount FROM deals WHERE crm_id IN ('D2501', 'D2502') ORDER BY crm_id") == [
        (2.5,), (1.25,)]


def test_a_kpi_history_column_that_reads_two_ways_is_asked(store, write) -> None:
    path = write("satisfaction.csv", "Mois;CSAT\n2024-01-01;4.125\n2024-02-01;4.250\n")
    with pytest.raises(AmbiguousDecimalError):
        import_file(store, path, kind="kpi")
    import_file(store, path, kind="kpi", decimal="dot")
    assert store.rows("SELECT value FROM kpi_history ORDER BY period") == [(4.125,), (4.25,)]


# ------------------------------------------------------------------------------------------------- missing columns
WEEKLY = "Deal ID,Deal Name,Deal Stage,Amount,Create Date,Close Date,Deal Owner,Closed Lost Reason\n"
REASONS = ("Price", "Timing", "Competitor", "No budget")


def _weekly(with_reasons: bool, amounts: dict[str, float] | None = None, blank: str = "") -> str:
    """20 deals, 12 of them lost with a reason; ``amounts`` changes some amounts, ``blank`` empties a reason."""
    header = WEEKLY if with_reasons else WEEKLY.rsplit(",", 1)[0] + "\n"
    lines = []
    for i in range(1, 21):
        deal = f"W{i:02d}"
        lost = i <= 12
        cells = [deal, f"Deal {i}", "Closed Lost" if lost else "Closed Won",
                 str((amounts or {}).get(deal, 1000.0 + i)), "2024-01-02", f"2024-02-{i:02d}", "ann@example.com"]
        if with_reasons:
            cells.append("" if deal == blank or not lost else REASONS[i % 4])
        lines.append(",".join(cells))
    return header + "\n".join(lines) + "\n"


def _deals(store: Store) -> list[tuple]:
    return store.rows("SELECT * EXCLUDE (import_id, updated_at) FROM deals ORDER BY crm_id")


def test_an_export_without_a_column_keeps_what_the_column_said(store, write) -> None:
    first = import_file(store, write("deals_2024-02-23.csv", _weekly(True)))
    assert first.inserted == 20 and store.scalar("SELECT count(lost_reason) FROM deals") == 12
    after_first = _deals(store)
    # Next week's export has no lost-reason column, and one amount changed.
    second = import_file(store, write("deals_2024-03-01.csv", _weekly(False, {"W03": 1500.0})))
    assert (second.inserted, second.updated, second.unchanged) == (0, 1, 19)
    assert second.kept_fields == ["lost_reason"]
    assert any("no column for Lost reason" in note for note in second.notes)
    assert store.scalar("SELECT count(lost_reason) FROM deals") == 12
    assert store.rows("SELECT amount, lost_reason FROM deals WHERE crm_id = 'W03'") == [(1500.0, REASONS[3])]
    # Each stored row's hash is the hash of what it holds: the same export again is unchanged throughout.
    assert store.scalar(f"SELECT count(*) FROM deals WHERE row_hash <> {row_hash_sql('deals')}") == 0
    again = import_file(store, write("deals_2024-03-01b.csv", _weekly(False, {"W03": 1500.0})))
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 20)
    # A blank cell in a column the file has does clear the value.
    third = import_file(store, write("deals_2024-03-08.csv", _weekly(True, {"W03": 1500.0}, blank="W05")))
    assert (third.updated, third.kept_fields) == (1, [])
    assert store.scalar("SELECT count(lost_reason) FROM deals") == 11
    # Undo restores exactly, one import after the other.
    undo_import(store, third.import_id)
    undo_import(store, again.import_id)
    undo_import(store, second.import_id)
    assert _deals(store) == after_first


def test_a_leads_export_without_status_or_company_keeps_them(store, write) -> None:
    header = "Lead ID,Full Name,Company,Lead Status,Create Date,Owner\n"
    rows = ["L1,Ann A,Acme,Qualified,2024-01-02,ann", "L2,Bob B,Bolt,New,2024-01-03,ann",
            "L3,Cy C,Cyb,Converted,2024-01-04,bob"]
    import_file(store, write("leads.csv", header + "\n".join(rows) + "\n"), kind="leads")
    before = store.rows("SELECT crm_id, company, status, qualified_on, converted_on, is_converted FROM leads "
                        "ORDER BY crm_id")
    assert [row[3] is not None for row in before] == [True, False, True]  # qualified by their status
    later = "Lead ID,Full Name,Create Date,Owner\nL1,Ann A,2024-01-02,ann\nL2,Bob B,2024-01-03,bob\n"
    result = import_file(store, write("leads_week2.csv", later), kind="leads")
    assert (result.updated, result.unchanged) == (1, 1)  # L2's owner changed; nothing else did
    assert set(result.kept_fields) >= {"company", "status", "qualified_on", "is_converted"}
    after = store.rows("SELECT crm_id, company, status, qualified_on, converted_on, is_converted FROM leads "
                       "ORDER BY crm_id")
    assert after == before
    assert store.scalar("SELECT owner FROM leads WHERE crm_id = 'L2'") == "bob"


# ------------------------------------------------------------------------------------------------- odd amounts
REGISTER = "N° facture;Client;Date facture;Montant HT\n"


def test_a_register_with_a_credit_note_and_a_free_deal(store, write) -> None:
    text = REGISTER + ("F-001;ACME;15/01/2024;1 200,00 €\nAV-001;ACME;20/01/2024;-300,00 €\n"
                       "F-002;Beta;03/02/2024;0,00 €\nF-003;Gamma;05/02/2024;2 500,50 €\n")
    result = import_file(store, write("registre.csv", text), kind="deals")
    assert (result.inserted, result.rejected) == (4, 0)
    assert (result.negative_won, result.zero_won) == (1, 1)
    assert any("1 won deals have a negative amount" in note for note in result.notes)
    assert any("1 won deals have an amount of 0" in note for note in result.notes)
    assert kpi_value(store, "revenue", Filters()).value == pytest.approx(3400.5)  # 1200 - 300 + 0 + 2500.5
    assert kpi_value(store, "deals_won", Filters()).value == 4
    # The free deal is no deal size; the credit note is one: (1200 - 300 + 2500.5) / 3.
    assert kpi_value(store, "avg_deal_size", Filters(), "mean").value == pytest.approx(1133.5)


def test_the_json_summary_counts_them(tmp_path, write, capsys) -> None:
    text = ("id,stage,amount,created,close date\nA,Won,-50,2024-01-01,2024-01-10\nB,Won,0,2024-02-01,2024-01-15\n"
            "C,Won,0,2024-01-01,2024-01-20\nD,Lost,10,2024-03-01,2024-02-01\nE,Won,75,2024-01-01,2024-01-05\n")
    db = str(tmp_path / "json.duckdb")
    assert main(["import", str(write("odd.csv", text)), "--kind", "deals", "--format", "json", "--db", db]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["closed_before_created"], data["negative_won"], data["zero_won"]) == (2, 1, 2)
    assert data["kept_fields"] == [] and data["decimal"] is None
    assert main(["import", str(write("odd.csv", text)), "--kind", "deals", "--db", db]) == 0
    text_out = capsys.readouterr().out
    assert "note: 2 deals close before their creation date" in text_out
    assert "note: 1 won deals have a negative amount" in text_out
    assert "note: 2 won deals have an amount of 0" in text_out
