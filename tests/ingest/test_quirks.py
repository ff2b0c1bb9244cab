"""Hand-made files for each quirk the importer must read: encodings, separators, numbers, dates, layouts."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from smart.ingest import AmbiguousDatesError, ImportOptions, import_file
from smart.ingest.planning import plan_import
from smart.ingest.read import typed_columns
from smart.ingest.sniff import sniff
from smart.storage import Store

DEALS_FR = (
    "ID affaire;Nom de l'affaire;Commercial;Équipe;Étape;Statut;Montant HT;Date de création;Date de clôture\n"
    "A1;Café Müller;Zoé;PME;Proposition;Ouvert;1 234,50 €;03/02/2025;28/02/2025\n"
    "A2;Señor Ñandú;Zoé;PME;Gagné;Gagné;12\u202f000,00 €;13/01/2025;20/02/2025\n"
)


def _deal(store, crm_id: str, column: str):
    return store.scalar(f"SELECT {column} FROM deals WHERE crm_id = ?", [crm_id])


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"])
def test_encodings(store, write, encoding: str) -> None:
    text = DEALS_FR.replace("\u202f", " ") if encoding in ("cp1252", "latin-1") else DEALS_FR
    if encoding == "latin-1":
        text = text.replace("€", "EUR")
    result = import_file(store, write("deals.csv", text, encoding=encoding))
    assert (result.rows, result.inserted, result.rejected) == (2, 2, 0), result.rejects
    assert _deal(store, "A1", "title") == "Café Müller"
    assert _deal(store, "A2", "amount") == 12000.0
    assert _deal(store, "A1", "amount") == 1234.5
    assert _deal(store, "A2", "status") == "won"
    assert store.scalar("SELECT team FROM reps WHERE owner = 'Zoé'") == "PME"


def test_utf16_tab_separated_excel_unicode_text(store, write) -> None:
    text = ("Deal ID\tDeal Name\tAmount\tClose Date\tCreate Date\tDeal Stage\n"
            "D1\tAcme\t1,234.50\t2025-03-01\t2025-01-02\tClosed Won\n")
    result = import_file(store, write("unicode.txt", text, encoding="utf-16", newline="\r\n"))
    assert result.delimiter == "tab" and result.encoding.startswith("utf-16")
    assert _deal(store, "D1", "amount") == 1234.5 and _deal(store, "D1", "status") == "won"


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiters(store, write, delimiter: str) -> None:
    rows = [["id", "name", "amount", "created", "close date", "stage"],
            ["X1", "One", "100", "2025-01-01", "2025-02-01", "Won"],
            ["X2", "Two", "200", "2025-01-05", "2025-02-05", "Lost"]]
    result = import_file(store, write("deals.csv", "\n".join(delimiter.join(r) for r in rows) + "\n"), kind="deals")
    assert (result.rows, result.inserted) == (2, 2)
    assert _deal(store, "X2", "status") == "lost"


@pytest.mark.parametrize("raw, expected", [
    ("1 234,50 €", 1234.5), ("$1,234.50", 1234.5), ("EUR 1234", 1234.0), ("1.234,50", 1234.5),
    ("1'234.50", 1234.5), ("1\u00a0234,5", 1234.5), ("(1,234.50)", -1234.5), ("-12.5", -12.5), ("50%", 0.5),
])
def test_number_formats(store, write, raw: str, expected: float) -> None:
    text = f'id,amount,created\nN1,"{raw}",2025-01-01\nN2,10,2025-01-01\n'
    import_file(store, write("n.csv", text), kind="deals")
    assert _deal(store, "N1", "amount") == pytest.approx(expected)


def test_currency_symbols_give_currency(store, write) -> None:
    import_file(store, write("c.csv", 'id,amount,created\nC1,"$1,200.00",2025-01-01\nC2,EUR 1200,2025-01-01\n'),
                kind="deals")
    assert _deal(store, "C1", "currency") == "USD" and _deal(store, "C2", "currency") == "EUR"


@pytest.mark.parametrize("yes, no", [("true", "false"), ("yes", "no"), ("oui", "non"), ("1", "0"), ("1", "")])
def test_booleans(store, write, yes: str, no: str) -> None:
    text = "Id,StageName,IsWon,IsClosed,CloseDate,CreatedDate,Amount\n" \
           f"S1,Closed Won,{yes},{yes},2025-01-01,2025-01-01,1\n" \
           f"S2,Closed Lost,{no},{yes},2025-01-01,2025-01-01,1\nS3,Proposal,{no},{no},2025-01-01,2025-01-01,1\n"
    result = import_file(store, write("sf.csv", text))
    assert result.profile == "salesforce" and result.rejected == 0
    assert [_deal(store, i, "status") for i in ("S1", "S2", "S3")] == ["won", "lost", "open"]


def test_dates_iso_with_time_zone_and_month_names(store, write) -> None:
    text = ("id,created,close date\nT1,2024-01-22T16:14:25.000+0000,janv. 2025\nT2,2024-03-05 10:00:00,15 févr. 2025\n"
            "T3,2024-12-31T23:59:59Z,Apr-25\n")
    result = import_file(store, write("t.csv", text), kind="deals")
    assert result.rejected == 0, result.rejects
    assert _deal(store, "T1", "created_on") == dt.date(2024, 1, 22)
    assert _deal(store, "T1", "close_on") == dt.date(2025, 1, 1)
    assert _deal(store, "T2", "close_on") == dt.date(2025, 2, 15)
    assert _deal(store, "T3", "close_on") == dt.date(2025, 4, 1)


def test_day_first_decided_from_all_values(store, write) -> None:
    rows = "".join(f"D{i},0{i % 9 + 1}/0{i % 9 + 1}/2025\n" for i in range(500)) + "D999,25/03/2025\n"
    import_file(store, write("d.csv", "id,created\n" + rows), kind="deals")
    assert _deal(store, "D999", "created_on") == dt.date(2025, 3, 25)


def test_month_first_decided_from_all_values(store, write) -> None:
    rows = "".join(f"M{i},03/0{i % 9 + 1}/2025\n" for i in range(500)) + "M999,03/25/2025\n"
    import_file(store, write("m.csv", "id,created\n" + rows), kind="deals")
    assert _deal(store, "M1", "created_on") == dt.date(2025, 3, 2)


def test_ambiguous_dates_need_a_choice(store, write) -> None:
    path = write("a.csv", "id,created\nA1,03/04/2025\nA2,05/06/2025\n")
    with pytest.raises(AmbiguousDatesError) as error:
        import_file(store, path, kind="deals")
    assert error.value.columns == ["created"]
    assert store.scalar("SELECT count(*) FROM imports") == 0
    uploads = store.path.parent / "uploads"
    assert list(uploads.iterdir()) == []  # the copy started beside the import was removed with it
    result = import_file(store, path, kind="deals", date_order="mdy")
    assert _deal(store, "A1", "created_on") == dt.date(2025, 3, 4)
    assert [f.name for f in uploads.iterdir()] == [f"{result.sha256[:16]}_a.csv"]
    assert store.scalar("SELECT sha256 FROM imports") == result.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_title_lines_and_footer_lines_are_skipped(store, write) -> None:
    text = ('"Opportunities Report"\n"As of 27/11/2026"\n\n'
            '"Opportunity Name","Opportunity ID","Stage","Amount","Close Date","Created Date","Opportunity Owner"\n'
            '"Big deal","006A","Closed Won","1,000.00","2025-03-01","2025-01-01","Ann"\n'
            '"Small deal","006B","Prospecting","500.00","2025-04-01","2025-01-15","Bob"\n'
            '\n"Total","","","1,500.00","","",""\n\n'
            '"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."\n'
            '"Confidential Information - Do Not Distribute"\n"Generated By:  Ann  27/11/2026 10:00"\n')
    result = import_file(store, write("report.csv", text))
    assert (result.profile, result.header_line, result.rows, result.inserted, result.rejected) == (
        "salesforce", 4, 2, 2, 0)
    assert _deal(store, "006A", "status") == "won"


def test_xlsx_with_dates_and_chosen_sheet(store, tmp_path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Notes"
    book.active.append(["nothing here"])
    sheet = book.create_sheet("Deals")
    sheet.append(["Deal ID", "Deal Name", "Amount", "Create Date", "Close Date", "Deal Stage"])
    sheet.append(["X1", "Excel deal", 1234.5, dt.datetime(2025, 1, 2), dt.date(2025, 3, 4), "Closed Won"])
    sheet.append(["X2", "Serial date", 99, 45658, 45700, "Contract Sent"])
    path = tmp_path / "deals.xlsx"
    book.save(path)
    result = import_file(store, path, sheet="Deals")
    assert (result.encoding, result.sheet, result.rows, result.rejected) == ("xlsx", "Deals", 2, 0), result.rejects
    assert _deal(store, "X1", "created_on") == dt.date(2025, 1, 2)
    assert _deal(store, "X2", "created_on") == dt.date(2025, 1, 1)  # Excel serial 45658


def test_rejects_with_line_numbers(store, write) -> None:
    text = ("id,name,amount,created,close date\n"
            "R1,ok,10,2025-01-01,2025-02-01\n"
            ',"two\nlines",10,2025-01-01,2025-02-01\n'      # lines 3-4: missing id
            "R3,bad amount,ten,2025-01-01,2025-02-01\n"      # line 5
            "R4,bad date,10,2025-13-45,2025-02-01\n"         # line 6
            "R5,backwards,10,2025-03-01,2025-02-01\n"        # line 7: closed before created, kept and said
            "R6,first,10,2025-01-01,2025-02-01\n"            # line 8
            "R6,second,20,2025-01-01,2025-02-01\n"           # line 9: same id, other values
            "R7,dup,10,2025-01-01,2025-02-01\n"              # lines 10-11: exact duplicates are fine
            "R7,dup,10,2025-01-01,2025-02-01\n")
    result = import_file(store, write("r.csv", text), kind="deals")
    by_line = {r["line"]: r for r in result.rejects}
    assert by_line[3]["reason"] == "missing id"
    assert by_line[5]["reason"] == "unreadable amount" and by_line[5]["value"] == "ten"
    assert by_line[6]["reason"] == "unreadable date" and by_line[6]["column"] == "created"
    assert 7 not in by_line and result.closed_before_created == 1
    assert "different values" in by_line[8]["reason"] and 9 in by_line
    assert result.rows == 9 and result.rejected == 5
    assert result.inserted + result.updated + result.unchanged + result.rejected == result.rows
    assert store.scalar("SELECT count(*) FROM deals") == 3
    assert store.scalar("SELECT count(*) FROM import_rejects") == 5


def test_bad_value_deep_in_a_big_file_is_reported(store, write) -> None:
    lines = [f"B{i},{i}.5,2025-01-01" for i in range(60_000)]
    lines[59_990] = "B59990,12x,2025-01-01"
    result = import_file(store, write("big.csv", "id,amount,created\n" + "\n".join(lines) + "\n"), kind="deals")
    assert result.rejected == 1 and result.rejects[0]["line"] == 59_992
    assert result.rows == 60_000


def _reader_types(store, path) -> dict[str, str]:
    """The columns the importer asks DuckDB's reader to type itself."""
    info = sniff(path)
    try:
        return typed_columns(info, plan_import(store, info, ImportOptions(kind="deals")))
    finally:
        info.cleanup()


def _plain_deals(rows: int) -> list[str]:
    return [f"P{i},{i % 97}.{i % 100:02d},2025-{1 + i % 12:02d}-{1 + i % 28:02d}" for i in range(rows)]


def test_plain_columns_read_by_duckdb_agree_with_the_sql_parser(store, tmp_path, write) -> None:
    """A file whose first rows are plain is typed by DuckDB's reader; the same rows after a first row that needs
    the SQL parser ("1 000.50") are read as text and parsed: both ways must store the same values."""
    lines = _plain_deals(5_000)
    path = write("plain.csv", "id,amount,created\n" + "\n".join(lines) + "\n")
    assert _reader_types(store, path) == {"c1": "DOUBLE", "c2": "DATE"}
    typed = import_file(store, path, kind="deals")
    assert (typed.inserted, typed.rejected) == (5_000, 0)
    by_reader = store.rows("SELECT crm_id, amount, created_on FROM deals ORDER BY crm_id")
    other = Store(tmp_path / "other.duckdb")
    parsed = import_file(other, write("spaced.csv", "id,amount,created\nQ0,1 000.50,2025-01-01\n"
                                      + "\n".join(lines) + "\n"), kind="deals")
    assert (parsed.inserted, parsed.rejected) == (5_001, 0)
    assert other.scalar("SELECT amount FROM deals WHERE crm_id = 'Q0'") == 1000.5
    assert other.rows("SELECT crm_id, amount, created_on FROM deals WHERE crm_id <> 'Q0' ORDER BY crm_id") \
        == by_reader
    other.close()
    expected = sum(round(i % 97 + (i % 100) / 100, 2) for i in range(5_000))
    assert store.scalar("SELECT sum(amount) FROM deals") == pytest.approx(expected)
    assert _deal(store, "P4321", "created_on") == dt.date(2025, 1 + 4321 % 12, 1 + 4321 % 28)


@pytest.mark.parametrize(("value", "column", "reason"), [
    ("2025-02-30", "created", "unreadable date"),
    ("2025-13-01", "created", "unreadable date"),
    ("inf", "amount", "unreadable amount"),
    ("12,5", "amount", "unreadable amount"),
])
def test_a_value_that_does_not_fit_a_typed_column_far_down_is_reported(store, write, value, column,
                                                                      reason) -> None:
    """The first 2,000 rows are plain, so DuckDB's reader types the columns; row 4,000 does not fit: the import
    falls back to reading text and reports that row with its line, column and value."""
    lines = _plain_deals(5_000)
    amount, created = lines[3_999].split(",")[1:]
    cell = f'"{value}"' if "," in value else value
    lines[3_999] = f"P3999,{cell if column == 'amount' else amount},{cell if column == 'created' else created}"
    path = write("late.csv", "id,amount,created\n" + "\n".join(lines) + "\n")
    assert _reader_types(store, path) == {"c1": "DOUBLE", "c2": "DATE"}
    result = import_file(store, path, kind="deals")
    assert (result.rows, result.inserted, result.rejected) == (5_000, 4_999, 1)
    assert result.rejects == [{"line": 4_001, "column": column, "value": value, "reason": reason}]
    assert store.scalar("SELECT count(*) FROM deals WHERE crm_id = 'P3999'") == 0


def test_leads_qualified_from_status_words_and_dates(store, write) -> None:
    text = ("ID lead;Contact;Statut;Date de création;Date de conversion\n"
            "L1;Ann;Qualifié;05/01/2025;\nL2;Bob;Nouveau;06/01/2025;\nL3;Cy;Converti;07/01/2025;20/01/2025\n")
    result = import_file(store, write("leads.csv", text))
    assert result.kind == "leads"
    rows = dict(store.rows("SELECT crm_id, qualified_on FROM leads"))
    assert rows["L1"] == dt.date(2025, 1, 5) and rows["L2"] is None and rows["L3"] == dt.date(2025, 1, 7)
    assert store.scalar("SELECT is_converted FROM leads WHERE crm_id = 'L3'") is True


def test_kpi_wide_form_and_objectives(store, write) -> None:
    import_file(store, write("kpi.csv", "Mois;CSAT;NPS\n01/01/2025;4,2;31\n01/02/2025;4,3;33\n"), kind="kpi")
    assert dict(store.rows("SELECT kpi, count(*) FROM kpi_history GROUP BY kpi")) == {"csat": 2, "nps": 2}
    text = ("Titre;Indicateur;Sens;Mode de cible;Cible;Début;Échéance\n"
            "Plus de CA;revenue;augmenter;%;15;01/01/2025;31/12/2025\n"
            "Mauvais;revenue;sideways;absolute;1;01/01/2025;31/12/2025\n")
    result = import_file(store, write("objectifs.csv", text))
    assert result.kind == "objectives" and (result.inserted, result.rejected) == (1, 1)
    assert store.scalar("SELECT direction || '/' || target_mode FROM objectives") == "increase/relative_pct"


def test_stage_words_decide_status_and_are_stored(store, write) -> None:
    text = ("ID;Étape;Montant;Date de création\n1;Découverte;10;2025-01-01\n2;Signé;10;2025-01-01\n"
            "3;Perdu;5;2025-01-01\n")
    import_file(store, write("etapes.csv", text), kind="deals")
    assert [_deal(store, i, "status") for i in ("1", "2", "3")] == ["open", "won", "lost"]
    stored = dict(store.rows("SELECT raw_stage, status FROM stage_map WHERE source = 'generic'"))
    assert stored == {"Découverte": "open", "Signé": "won", "Perdu": "lost"}


def test_blanks_around_text_are_trimmed_and_inner_ones_kept(store, write) -> None:
    text = ("id;name;owner;stage;amount;created\n"
            " A1 ;\u00a0Café\tMüller\t;  Zoé;Won\u00a0;10;2025-01-01\n"
            "A2;Two  words; Ann ;\tLost;\u202f20 ;2025-01-02\n"
            "A3;   ;Bob;Won;30;2025-01-03\n")
    result = import_file(store, write("blanks.csv", text), kind="deals")
    assert (result.inserted, result.rejected) == (3, 0), result.rejects
    rows = store.rows("SELECT crm_id, title, owner, stage, amount FROM deals ORDER BY crm_id")
    assert rows == [("A1", "Café\tMüller", "Zoé", "Won", 10.0), ("A2", "Two  words", "Ann", "Lost", 20.0),
                    ("A3", None, "Bob", "Won", 30.0)]


def test_close_date_falls_back_to_won_lost_or_expected_date(store, write) -> None:
    """Without a close date, a won deal closed when it was won, a lost one when it was lost, and an open one is
    expected to close on its expected date (Pipedrive's layout)."""
    text = ("Deal - ID,Deal - Title,Deal - Value,Deal - Status,Deal - Stage,Deal - Deal created,Deal - Won time,"
            "Deal - Lost time,Deal - Expected close date\n"
            "1,Won one,100.5,won,Closed,2025-01-02,2025-02-03,,2025-03-31\n"
            "2,Lost one,200.5,lost,Closed,2025-01-02,,2025-02-10,2025-03-31\n"
            "3,Open one,300.5,open,Proposal,2025-01-02,,,2025-03-31\n"
            "4,Won late,400.5,won,Closed,2025-01-02,,,2025-04-30\n")
    result = import_file(store, write("pipedrive.csv", text))
    assert (result.profile, result.inserted) == ("pipedrive", 4)
    assert store.rows("SELECT crm_id, status, close_on FROM deals ORDER BY crm_id") == [
        ("1", "won", dt.date(2025, 2, 3)), ("2", "lost", dt.date(2025, 2, 10)), ("3", "open", dt.date(2025, 3, 31)),
        ("4", "won", dt.date(2025, 4, 30))]
