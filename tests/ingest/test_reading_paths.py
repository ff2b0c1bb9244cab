"""Deals and leads whose numbers and dates DuckDB's reader can type itself are staged in the same pass as the read;
every other file is read first and staged after. Both paths must give the same records, counts, rejects and line
numbers: each file here is imported both ways, and the awkward parts (malformed rows, newlines inside quotes,
footers, duplicates, blank lines, French numbers and dates, times with offsets, values past the sniffer's rows
that the reader's types do not fit) are checked against hand-counted lines and values."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from smart.ingest import import_file
from smart.ingest import read as reading
from smart.ingest import records as staging
from smart.storage import Store

HUBSPOT = "Deal ID,Deal Name,Deal Stage,Amount,Close Date,Create Date,Deal Owner,Notes\n"
SALESFORCE = "Id,Name,StageName,Amount,CloseDate,CreatedDate,IsWon,IsClosed,OwnerId\n"
LEADS = "Lead ID,Full Name,Company,Lead Status,Create Date,Converted Date,Owner\n"
PIPEDRIVE = '"Deal - ID","Deal - Value","Deal - Title","Deal - Deal created","Deal - Status","Deal - Won time"\n'
FRENCH = "ID;Nom;Étape;Montant;Date de clôture;Date de création;Propriétaire\n"


def _rows(n: int, start: int = 1) -> str:
    return "".join(f"D{i},Deal {i},Closed Won,{1000 + i}.50,2024-03-{1 + i % 28:02d},2024-01-0{1 + i % 9},ann,x\n"
                   for i in range(start, start + n))


def _french_rows(n: int, start: int = 1, order: str = "dmy") -> str:
    def day(d: int, m: int) -> str:
        return f"{d:02d}/{m:02d}/2024" if order == "dmy" else f"{m:02d}/{d:02d}/2024"
    return "".join(f"F{i};Affaire {i};Signé;{1000 + i},5;{day(1 + i % 28, 3)};{day(1 + i % 28, 1)};ann\n"
                   for i in range(start, start + n))


FILES = {
    "plain": (HUBSPOT + _rows(30), True, {}, 30),
    # line 4 has a field too many, line 6 one too few
    "malformed": (HUBSPOT + _rows(2) + "D3,Deal 3,Closed Won,1.5,2024-03-01,2024-01-01,ann,x,extra\n" + _rows(1, 4)
                  + "D5,Deal 5,Closed Won,1.5,2024-03-01,2024-01-01,ann\n" + _rows(3, 6),
                  True, {4: "more_fields", 6: "fewer_fields"}, 8),
    # a newline inside a kept field (line 3-4) and one inside an unmapped one (lines 5-6); D4 has no id on line 7
    "newlines": (HUBSPOT + _rows(1) + 'D2,"Deal\n2",Closed Won,2.5,2024-03-01,2024-01-01,ann,x\n'
                 + 'D3,Deal 3,Closed Won,3.5,2024-03-01,2024-01-01,ann,"a\nb"\n'
                 + ",Deal 4,Closed Won,4.5,2024-03-01,2024-01-01,ann,x\n" + _rows(2, 5),
                 True, {7: "missing_id"}, 6),
    # the same id twice with different amounts (lines 3 and 5), an exact duplicate (lines 6 and 7), a close date
    # before the creation date (line 8: kept), and a totals footer
    "duplicates": (HUBSPOT + _rows(1) + "D2,Deal 2,Closed Won,2.5,2024-03-01,2024-01-01,ann,x\n" + _rows(1, 3)
                   + "D2,Deal 2,Closed Won,9.5,2024-03-01,2024-01-01,ann,x\n" + _rows(1, 4) + _rows(1, 4)
                   + "D5,Deal 5,Closed Lost,5.5,2023-03-01,2024-01-01,ann,x\n" + _rows(12, 6)
                   + "Total,,,100.5,,,,\n",
                   True, {3: "same_id", 5: "same_id"}, 19),
    # a blank line (line 4) inside the data is no row, and the lines after it keep their numbers (no id on line 6)
    "blank line": (HUBSPOT + _rows(2) + "\n" + _rows(1, 3) + ",Deal 4,Closed Won,4.5,2024-03-01,2024-01-01,ann,x\n"
                   + _rows(2, 5), True, {6: "missing_id"}, 6),
    # a number the reader cannot type, past the rows the sniffer looked at: the reader's typing fails, the file
    # is read again as text, and the value is reported
    "bad value late": (HUBSPOT + _rows(2500) + "D2501,Deal,Closed Won,n/a,2024-03-01,2024-01-01,ann,x\n"
                       + _rows(2, 2502), False, {2502: "unreadable_amount"}, 2503),
    # booleans are parsed while reading too; "maybe" is not one
    "booleans": (SALESFORCE + "S1,One,Closed Won,10.5,2024-03-01,2024-01-01,true,true,005A\n"
                 + "S2,Two,Prospecting,20.5,2024-04-01,2024-01-02,false,false,005B\n"
                 + "S3,Three,Closed Lost,30.5,2024-05-01,2024-01-03,maybe,true,005A\n",
                 True, {4: "not_boolean"}, 3),
    # French exports: semicolons, decimal commas, day-first dates (a day over 12 in the sniffer's rows decides)
    "french": (FRENCH + _french_rows(30), True, {}, 30),
    "month first": (FRENCH + _french_rows(30, order="mdy"), True, {}, 30),
    # past the sniffer's rows: a two-digit year (read as 2024, not the year 24), a month-first date, a dot decimal
    "french short year": (FRENCH + _french_rows(2500) + "F2501;Affaire;Signé;1,5;01/03/24;01/01/2024;ann\n",
                          False, {}, 2501),
    "french month first late": (FRENCH + _french_rows(2500) + "F2501;Affaire;Signé;1,5;03/13/2024;01/01/2024;ann\n",
                                False, {2502: "unreadable_date"}, 2501),
    "french dot late": (FRENCH + _french_rows(2500) + "F2501;Affaire;Signé;1.5;01/03/2024;01/01/2024;ann\n",
                        False, {2502: "unreadable_amount"}, 2501),
    # Pipedrive: whole-number values, creation times; a value past the sniffer's rows with a decimal point sends
    # the file the long way (the reader would read "1300.500" as it reads "1300.5": the long way decides the mark)
    "times and integers": (PIPEDRIVE + "".join(
        f'"{i}","{1000 + i}","Deal {i}","2024-01-{1 + i % 28:02d} 1{i % 10}:16:05","Won",'
        f'"2024-03-{1 + i % 28:02d} 08:00:00"\n' for i in range(1, 2501))
        + '"2501","1300.5","Late","2024-02-01 23:30:00","Won","2024-03-01 23:59:59"\n', False, {}, 2501),
    # Salesforce API names: times with offsets, including one past the sniffer's rows that would move the date
    "offsets": (SALESFORCE + "".join(f"006{i:04d},Deal {i},Closed Won,{i}.5,2024-03-01,2024-01-22T16:14:25.000+0000,"
                                      "1,1,005A\n" for i in range(1, 2501))
                + "0062501,Late,Closed Won,1.5,2024-03-01,2024-01-22T23:30:00+02:00,1,1,005A\n"
                + "0062502,Later,Closed Won,1.5,2024-03-01,2024-01-22T01:30:00-05:00,1,1,005A\n", True, {}, 2502),
    # whole numbers in a semicolon file are read with a decimal comma, as the long way reads them; a dot past the
    # sniffer's rows sends the file the long way, where "1,25" says the comma is the decimal mark
    "integers then a dot": (FRENCH + "".join(f"F{i};Affaire;Signé;{1000 + i};14/03/2024;14/01/2024;ann\n"
                                             for i in range(1, 2501))
                            + "F2501;Affaire;Signé;1,25;14/03/2024;14/01/2024;ann\n"
                            + "F2502;Affaire;Signé;1.234;14/03/2024;14/01/2024;ann\n",
                            False, {}, 2502),
    # whole numbers in the sniffer's rows, then "2.500" and "1.25": the reader would read "2.500" as it reads "2.5",
    # so the file goes the long way, where "1.25" says the dot is the decimal mark
    "integers then three decimals": (HUBSPOT + "".join(f"D{i},Deal {i},Closed Won,{1000 + i},2024-03-01,2024-01-01,"
                                                       "ann,x\n" for i in range(1, 2501))
                                     + "D2501,Late,Closed Won,2.500,2024-03-01,2024-01-01,ann,x\n"
                                     + "D2502,Later,Closed Won,1.25,2024-03-01,2024-01-01,ann,x\n", False, {}, 2502),
    # a conversion date empty in the sniffer's rows: ISO days and times after them are read in the same pass, a
    # day-first date sends the file the long way
    "sparse dates": (LEADS + "".join(f"L{i},Name {i},Co,New,2024-01-02,,ann\n" for i in range(1, 2501))
                     + "L2501,Late,Co,Converted,2024-01-02,2024-02-03,ann\n"
                     + "L2502,Later,Co,Converted,2024-01-02,2024-02-04T10:00:00Z,ann\n", True, {}, 2502),
    "sparse dates day first": (LEADS + "".join(f"L{i},Name {i},Co,New,2024-01-02,,ann\n" for i in range(1, 2501))
                               + "L2501,Late,Co,Converted,2024-01-02,22/02/2024,ann\n", False, {}, 2501),
    # more distinct stages than a CASE holds: their statuses come from a join
    "many stages": (HUBSPOT + "".join(f"D{i},Deal {i},Stage {i},{i}.5,2024-03-01,2024-01-01,ann,x\n"
                                      for i in range(1, 251))
                    + "D251,Won,Closed Won,1.5,2024-03-01,2024-01-01,ann,x\n"
                    + "D252,Lost,Perdu,1.5,2024-03-01,2024-01-01,ann,x\n", True, {}, 252),
    # leads: a newline inside a company name (lines 3-4), no id on line 5
    "leads": (LEADS + "L1,Ann A,Acme,Qualified,2024-01-01,,ann\n" + 'L2,Bob B,"Big\nCorp",New,2024-01-02,,ann\n'
              + ",Cy C,Cyb,Converted,2024-01-03,2024-01-09,bob\n" + "L4,Di D,Dee,Converted,2024-01-04,2024-02-01,bob\n",
              True, {5: "missing_id"}, 4),
}


def _import(tmp_path: Path, name: str, text: str, same_pass_allowed: bool, monkeypatch) -> tuple[object, list, bool]:
    staged_while_reading = []
    real = staging.stage_while_reading

    def spy(*args, **kwargs):
        staged = real(*args, **kwargs)
        staged_while_reading.append(staged is not None)
        return staged

    # The spies are undone on leaving the context; the test's other patches (the pinned today) stay.
    with monkeypatch.context() as patch:
        patch.setattr(staging, "stage_while_reading", spy)
        if not same_pass_allowed:
            # The long way from the start: every column read as text, then decided from all of its values.
            patch.setattr(staging, "typed_columns", lambda *args: reading.ReaderTypes())
        folder = tmp_path / ("same-pass" if same_pass_allowed else "two-pass")
        folder.mkdir(exist_ok=True)
        path = folder / f"{name.replace(' ', '_')}.csv"
        path.write_text(text, encoding="utf-8")
        store = Store(folder / f"{path.stem}.duckdb")
        try:
            kind = "leads" if text.startswith(LEADS) else "deals"
            result = import_file(store, path, kind=kind)
            records = store.rows(f"SELECT * EXCLUDE (import_id, updated_at) FROM {kind} ORDER BY crm_id")
        finally:
            store.close()
    return result, records, any(staged_while_reading)


@pytest.mark.parametrize("name", list(FILES))
def test_both_reading_paths_give_the_same_import(tmp_path, monkeypatch, name: str) -> None:
    text, typed_by_reader, rejected_lines, data_rows = FILES[name]
    fast, fast_records, same_pass = _import(tmp_path, name, text, True, monkeypatch)
    slow, slow_records, slow_same_pass = _import(tmp_path, name, text, False, monkeypatch)
    assert same_pass is typed_by_reader and not slow_same_pass
    assert fast_records == slow_records and fast_records
    summary = ("rows", "inserted", "updated", "unchanged", "rejected", "rejects", "notes", "sample", "new_stages")
    assert {k: getattr(fast, k) for k in summary} == {k: getattr(slow, k) for k in summary}
    found = {}
    for reject in fast.rejects:
        found.setdefault(reject["line"], reject["reason"].key.removeprefix("ingest.reason."))
    assert found == rejected_lines
    assert fast.rows == data_rows


def test_newline_inside_quotes_keeps_later_line_numbers(tmp_path, monkeypatch) -> None:
    text = FILES["newlines"][0]
    result, records, same_pass = _import(tmp_path, "newlines", text, True, monkeypatch)
    assert same_pass
    assert [r for r in records if r[1] == "D2"][0][2] == "Deal\n2"
    assert result.rejects[0]["line"] == 7 and result.inserted == 5


def test_stages_and_statuses_are_read_in_the_same_pass(tmp_path, monkeypatch) -> None:
    text = FILES["booleans"][0]
    _result, records, same_pass = _import(tmp_path, "booleans", text, True, monkeypatch)
    assert same_pass
    by_id = {r[1]: r for r in records}
    assert by_id["S1"][7] == "won" and by_id["S2"][7] == "open" and set(by_id) == {"S1", "S2"}


def test_blanks_far_down_are_trimmed(tmp_path, monkeypatch) -> None:
    """Tabs and no-break spaces are trimmed only in files that hold one somewhere: a file whose only tab and
    no-break space come after the rows the sniffer looked at is still trimmed."""
    text = HUBSPOT + _rows(2500) + "D2501,\tDeal late\u00a0, Closed Won ,1.5,2024-03-01,2024-01-01,ann,x\n"
    _result, records, same_pass = _import(tmp_path, "padded", text, True, monkeypatch)
    assert same_pass
    late = [r for r in records if r[1] == "D2501"][0]
    assert (late[2], late[6]) == ("Deal late", "Closed Won")


def test_a_value_that_does_not_fit_costs_one_more_read_not_two(tmp_path, monkeypatch) -> None:
    reads = []
    real = reading.read
    monkeypatch.setattr(reading, "read", lambda tx, info, typed, *args: reads.append(dict(typed)) or real(
        tx, info, typed, *args))
    path = tmp_path / "late.csv"
    path.write_text(FILES["bad value late"][0], encoding="utf-8")
    store = Store(tmp_path / "late.duckdb")
    result = import_file(store, path, kind="deals")
    store.close()
    assert result.rejects[0]["line"] == 2502
    assert [sorted(typed.values()) for typed in reads] == [["DATE", "DATE", "DOUBLE"], []]


def test_french_dates_and_amounts_read_in_the_same_pass_are_the_french_ones(tmp_path, monkeypatch) -> None:
    result, records, same_pass = _import(tmp_path, "french", FILES["french"][0], True, monkeypatch)
    assert same_pass and result.date_order == "dmy"
    f13 = [r for r in records if r[1] == "F13"][0]
    assert (f13[8], f13[10], f13[11]) == (1013.5, dt.date(2024, 1, 14), dt.date(2024, 3, 14))
    result, records, same_pass = _import(tmp_path, "short year", FILES["french short year"][0], True, monkeypatch)
    assert not same_pass and [r for r in records if r[1] == "F2501"][0][11] == dt.date(2024, 3, 1)


def test_times_and_offsets_keep_the_date_as_written(tmp_path, monkeypatch) -> None:
    _result, records, same_pass = _import(tmp_path, "offsets", FILES["offsets"][0], True, monkeypatch)
    assert same_pass
    created = {r[1]: r[10] for r in records}
    assert created["0062501"] == created["0062502"] == created["0060001"] == dt.date(2024, 1, 22)
    result, records, same_pass = _import(tmp_path, "times", FILES["times and integers"][0], True, monkeypatch)
    assert not same_pass and result.inserted == 2501
    late = [r for r in records if r[1] == "2501"][0]
    assert (late[8], late[10]) == (1300.5, dt.date(2024, 2, 1))


def test_a_date_empty_in_the_first_rows_is_read_when_it_comes(tmp_path, monkeypatch) -> None:
    _result, records, _same_pass = _import(tmp_path, "sparse dates", FILES["sparse dates"][0], True, monkeypatch)
    converted = {r[1]: r[9] for r in records}
    assert (converted["L2501"], converted["L2502"], converted["L1"]) == (dt.date(2024, 2, 3), dt.date(2024, 2, 4),
                                                                         None)
    _result, records, same_pass = _import(tmp_path, "sparse dates day first", FILES["sparse dates day first"][0], True,
                                          monkeypatch)
    assert not same_pass and {r[1]: r[9] for r in records}["L2501"] == dt.date(2024, 2, 22)


def test_statuses_of_many_stages(tmp_path, monkeypatch) -> None:
    _result, records, _same_pass = _import(tmp_path, "many stages", FILES["many stages"][0], True, monkeypatch)
    status = {r[1]: r[7] for r in records}
    assert (status["D251"], status["D252"], status["D7"]) == ("won", "lost", "open")
