"""Hostile XLSX workbooks, built here with zipfile: each is refused with one sentence naming the file and the limit
passed, before it can take the server's memory or time, and nothing is written; and no row is ever dropped."""

from __future__ import annotations

import dataclasses
import struct
import zipfile
from pathlib import Path

import openpyxl
import pytest

from smart.ingest import ImportFileError, import_file
from smart.ingest.xlsx import MIB, XlsxLimits, sheet_to_csv
from smart.storage import Store
from tests.ingest.workbooks import DEAL_HEADER, MAIN, WORKBOOK, deal_rows, row, sheet_xml, sst, write_workbook

DEFAULT = XlsxLimits.for_import(500 * MIB)


def _refused(store: Store, path: Path, **options: object) -> str:
    """The one-line refusal of ``path``, after checking that nothing was written."""
    with pytest.raises(ImportFileError) as error:
        import_file(store, path, kind="deals", **options)
    assert store.scalar("SELECT count(*) FROM imports") == 0
    assert store.scalar("SELECT count(*) FROM deals") == 0
    message = str(error.value)
    assert "\n" not in message and str(path.parent) not in message
    return message


def _deals(count: int) -> list[bytes]:
    return [row(1, DEAL_HEADER), *deal_rows(count)]


def test_a_shared_strings_part_unpacking_past_the_part_limit_is_refused_unread(store, tmp_path) -> None:
    strings = [f'<sst xmlns="{MAIN}"><si><t>'.encode(), *[b"a" * MIB] * 64, b"</t></si></sst>"]
    path = write_workbook(tmp_path / "bomb.xlsx", sheet_xml(_deals(1)), strings=strings)
    unpacked = zipfile.ZipFile(path).getinfo("xl/sharedStrings.xml").file_size
    assert path.stat().st_size < MIB and unpacked > 64 * MIB
    message = _refused(store, path, max_bytes=MIB)
    assert message == ("bomb.xlsx: the part xl/sharedStrings.xml unpacks to 64 MB, over the 1 MB limit for one part "
                       "(SMART_IMPORT_MAX_MB)")


def test_a_part_packed_more_than_a_hundred_times_is_refused_as_a_zip_bomb(store, tmp_path) -> None:
    strings = f'<sst xmlns="{MAIN}"><si><t>{"0" * 4 * MIB}</t></si></sst>'.encode()
    path = write_workbook(tmp_path / "zeros.xlsx", sheet_xml(_deals(1)), strings=strings, level=9)
    part = zipfile.ZipFile(path).getinfo("xl/sharedStrings.xml")
    ratio = part.file_size // part.compress_size
    assert ratio > 100
    assert _refused(store, path) == (
        f"zeros.xlsx: the part xl/sharedStrings.xml unpacks to {ratio:,} times its packed size, over the 100 times "
        "a real workbook stays under: refused as a zip bomb")


def test_a_sheet_of_more_rows_than_excel_has_is_refused_from_its_xml(store, tmp_path) -> None:
    rows = b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (n, n, n) for n in range(1, 1_048_578))
    path = write_workbook(tmp_path / "tall.xlsx", sheet_xml(rows))
    assert zipfile.ZipFile(path).getinfo("xl/worksheets/sheet1.xml").file_size < DEFAULT.part_bytes
    assert _refused(store, path) == ("tall.xlsx: the part xl/worksheets/sheet1.xml has more than 1,048,576 rows, "
                                     "the most an Excel sheet can have")


def test_the_empty_rows_openpyxl_fills_a_gap_with_count_as_rows(store, tmp_path) -> None:
    rows = [*_deals(1), b'<row r="1048578"><c r="A1048578"><v>1</v></c></row>']
    path = write_workbook(tmp_path / "gap.xlsx", sheet_xml(rows))
    assert _refused(store, path) == ("gap.xlsx: the sheet 'Deals' has more than 1,048,576 rows, the most an Excel "
                                     "sheet can have")


def test_a_dimension_header_that_understates_the_sheet_loses_no_row(store, tmp_path) -> None:
    path = write_workbook(tmp_path / "dimension.xlsx", sheet_xml(_deals(10), dimension="A1:B2"))
    trusting = openpyxl.load_workbook(path, read_only=True).worksheets[0]
    assert len(list(trusting.iter_rows(values_only=True))) == 2  # what trusting the header reads
    result = import_file(store, path, kind="deals")
    assert (result.rows, result.inserted, result.rejected) == (10, 10, 0)
    stored = store.rows("SELECT crm_id, amount FROM deals ORDER BY created_on")
    assert stored == [(f"D{n}", 100.0 * n) for n in range(1, 11)]


ENTITIES = ('<!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa">' + "".join(
    f'<!ENTITY {name} "{("&" + previous + ";") * 10}">' for previous, name in zip("abcdefgh", "bcdefghi",
                                                                                  strict=True)) + "]>")


@pytest.mark.parametrize("part", ["sheet", "strings"])
def test_an_entity_expansion_payload_is_refused(store, tmp_path, part: str) -> None:
    from openpyxl.xml import functions

    assert functions.iterparse.__module__.startswith("defusedxml")  # what openpyxl parses sheets with, here
    laughs = f'<?xml version="1.0"?>{ENTITIES}'
    if part == "sheet":
        sheet = [f'{laughs}<worksheet xmlns="{MAIN}"><sheetData>'.encode(), row(1, DEAL_HEADER),
                 b'<row r="2"><c r="A2" t="inlineStr"><is><t>&i;</t></is></c></row></sheetData></worksheet>']
        path = write_workbook(tmp_path / "laughs.xlsx", sheet)
    else:
        strings = f'{laughs}<sst xmlns="{MAIN}"><si><t>&i;</t></si></sst>'.encode()
        path = write_workbook(tmp_path / "laughs.xlsx", sheet_xml(_deals(1)), strings=strings)
    assert _refused(store, path) == (
        "laughs.xlsx: the workbook declares XML entities, which Excel never writes and which can swell to gigabytes "
        "in memory: refused")


def test_without_defusedxml_no_workbook_is_read(store, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(openpyxl, "DEFUSEDXML", False)
    path = write_workbook(tmp_path / "fine.xlsx", sheet_xml(_deals(2)))
    assert _refused(store, path) == (
        "fine.xlsx: XLSX files cannot be read safely on this server (the defusedxml package is missing); save the "
        "sheet as CSV")


def test_an_unreadable_workbook_is_one_sentence_without_the_servers_path(store, tmp_path) -> None:
    path = write_workbook(tmp_path / "broken.xlsx", sheet_xml(_deals(1)), extra={"xl/workbook.xml": b"<workbook"})
    message = _refused(store, path)
    assert message.startswith("broken.xlsx: not a readable XLSX workbook (") and message.endswith(")")


def test_a_workbook_named_like_a_csv_file_still_imports(store, tmp_path) -> None:
    path = write_workbook(tmp_path / "export.csv", sheet_xml(_deals(3)))
    result = import_file(store, path, kind="deals")
    assert (result.encoding, result.rows, result.inserted) == ("xlsx", 3, 3)


def test_a_directory_too_long_for_a_workbook_is_refused_before_zipfile_reads_it(store, tmp_path) -> None:
    name = b"a"
    local = struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 0, 0, 0, 0, 0, 0, len(name), 0) + name
    entry = struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 0, 0, 0, 0, 0, 0, len(name), 0, 0, 0, 0, 0, 0) + name
    directory = entry * 100_000  # 100,000 entries all naming the same empty part: 4.7 MB
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, len(directory), len(local), 0)
    path = tmp_path / "entries.xlsx"
    path.write_bytes(local + directory + end)
    assert _refused(store, path) == (f"entries.xlsx: the workbook's list of parts takes {round(len(directory) / MIB)} "
                                     "MB, more than the 10,000 parts an Excel file could need")


# ------------------------------------------------------------------------------------------------- each limit
def _convert(tmp_path: Path, path: Path, **limits: int) -> str:
    """Read ``path`` within the default limits but ``limits``; the refusal's text."""
    with pytest.raises(ImportFileError) as error:
        sheet_to_csv(path, path.name, None, tmp_path / "out.csv", dataclasses.replace(DEFAULT, **limits))
    return str(error.value)


def _directory_size(path: Path) -> int:
    """The size of a zip's list of parts, from its entries (46 bytes each plus name, extra field and comment)."""
    return sum(46 + len(p.filename.encode()) + len(p.extra) + len(p.comment) for p in zipfile.ZipFile(path).infolist())


def test_too_many_parts(tmp_path) -> None:
    path = write_workbook(tmp_path / "w.xlsx", sheet_xml(_deals(1)))
    assert len(zipfile.ZipFile(path).infolist()) == 6
    assert _convert(tmp_path, path, parts=5) == (
        "w.xlsx: the workbook has 6 parts, more than the 5 an Excel file could need")


def test_a_list_of_parts_longer_than_allowed(tmp_path) -> None:
    path = write_workbook(tmp_path / "w.xlsx", sheet_xml(_deals(1)))
    size = _directory_size(path)
    assert 100 < size < 1024
    assert _convert(tmp_path, path, directory_bytes=100) == (
        "w.xlsx: the workbook's list of parts takes 1 KB, more than the 10,000 parts an Excel file could need")


def test_all_parts_together_over_the_total(tmp_path) -> None:
    path = write_workbook(tmp_path / "w.xlsx", sheet_xml(_deals(20)))
    total = sum(p.file_size for p in zipfile.ZipFile(path).infolist())
    assert 2048 < total
    assert _convert(tmp_path, path, total_bytes=2048) == (
        f"w.xlsx: the workbook unpacks to {round(total / 1024)} KB, over the 2 KB limit (twice SMART_IMPORT_MAX_MB)")


def test_a_value_longer_than_a_cell_holds(tmp_path) -> None:
    path = write_workbook(tmp_path / "w.xlsx", sheet_xml([row(1, DEAL_HEADER), row(2, ["D1", "x" * 300_000])]))
    assert _convert(tmp_path, path, run_bytes=1024) == (
        "w.xlsx: the part xl/worksheets/sheet1.xml holds a value longer than 1 KB, when an Excel cell holds 32,767 "
        "characters at most")


def test_more_cells_in_the_xml_than_allowed(tmp_path) -> None:
    path = write_workbook(tmp_path / "w.xlsx", sheet_xml(_deals(2)))  # 3 rows of 5 cells
    assert _convert(tmp_path, path, cells=14) == (
        "w.xlsx: the workbook holds more than 14 cells, as many as a CSV file at the 500 MB limit "
        "(SMART_IMPORT_MAX_MB)")


def test_more_cells_than_allowed_once_openpyxl_fills_the_gaps(tmp_path) -> None:
    wide = [f'<row r="{n}"><c r="A{n}"><v>1</v></c><c r="CV{n}"><v>2</v></c></row>'.encode() for n in (1, 2, 3)]
    path = write_workbook(tmp_path / "w.xlsx", sheet_xml(wide))  # 6 cells in the XML, 3 × 100 from openpyxl
    assert _convert(tmp_path, path, cells=250) == (
        "w.xlsx: the workbook holds more than 250 cells, as many as a CSV file at the 500 MB limit "
        "(SMART_IMPORT_MAX_MB)")


def test_more_elements_than_allowed(tmp_path) -> None:
    path = write_workbook(tmp_path / "w.xlsx", sheet_xml(_deals(2)))
    assert _convert(tmp_path, path, elements=20) == (
        "w.xlsx: the workbook holds more than 20 XML elements, more than a workbook within the 500 MB limit needs "
        "(SMART_IMPORT_MAX_MB)")


def test_a_row_too_wide_to_hold(tmp_path) -> None:
    wide = b'<row r="1">' + b"<c><v>1</v></c>" * 60 + b"</row>"  # 120 elements after the row's start
    path = write_workbook(tmp_path / "w.xlsx", sheet_xml(wide))
    assert _convert(tmp_path, path, held_elements=119) == (
        "w.xlsx: the part xl/worksheets/sheet1.xml would have the reader hold more than 119 XML elements at once "
        "(in one row, or in the links, merged cells and formats beside the rows)")
    assert sheet_to_csv(path, "w.xlsx", None, tmp_path / "out.csv", dataclasses.replace(DEFAULT, held_elements=120))


def test_rows_counted_whatever_the_prefix_or_encoding(tmp_path) -> None:
    rows = "".join(f'<x:row r="{n}"><x:c r="A{n}"><x:v>{n}</x:v></x:c></x:row>' for n in range(1, 6))
    xml = (f'<?xml version="1.0" encoding="UTF-16"?><x:worksheet xmlns:x="{MAIN}"><x:sheetData>{rows}'
           "</x:sheetData></x:worksheet>")
    path = write_workbook(tmp_path / "w.xlsx", xml.encode("utf-16"))
    assert _convert(tmp_path, path, rows=4) == (
        "w.xlsx: the part xl/worksheets/sheet1.xml has more than 4 rows, the most an Excel sheet can have")


def test_shared_strings_bigger_than_may_be_held(tmp_path) -> None:
    strings = sst([f"Company {n}" for n in range(1000)])
    path = write_workbook(tmp_path / "w.xlsx", sheet_xml(_deals(1)), strings=strings)
    assert _convert(tmp_path, path, strings_bytes=2048) == (
        f"w.xlsx: the part xl/sharedStrings.xml unpacks to {round(len(strings) / 1024)} KB, over the 2 KB that may "
        "be read whole into memory")


def test_a_part_openpyxl_reads_whole_bigger_than_may_be_held(tmp_path) -> None:
    padded = WORKBOOK.replace("<sheets>", f"<!-- {'x' * 10_000} --><sheets>").encode()
    path = write_workbook(tmp_path / "w.xlsx", sheet_xml(_deals(1)), extra={"xl/workbook.xml": padded})
    assert _convert(tmp_path, path, whole_bytes=2048) == (
        f"w.xlsx: the part xl/workbook.xml unpacks to {round(len(padded) / 1024)} KB, over the 2 KB that may be read "
        "whole into memory")


def test_more_text_than_a_csv_file_may_hold(tmp_path) -> None:
    cells = "".join(f'<c r="{chr(65 + n)}1" t="s"><v>0</v></c>' for n in range(20))
    path = write_workbook(tmp_path / "w.xlsx", sheet_xml(f'<row r="1">{cells}</row>'.encode()),
                          strings=sst(["y" * 1024]))
    assert _convert(tmp_path, path, text_bytes=10 * 1024) == (
        "w.xlsx: the sheet 'Deals' makes more than 10 KB of text, over the limit for a CSV file (SMART_IMPORT_MAX_MB)")


def test_a_workbook_within_the_limits_is_written_as_it_is(tmp_path) -> None:
    rows = [row(1, ["id", "note", "amount"]), row(2, ["A", "x, \"quoted\"", 1.5]), row(4, ["B", "", 2]),
            b'<row r="5"><c r="A5" t="b"><v>1</v></c></row>']
    path = write_workbook(tmp_path / "w.xlsx", sheet_xml(rows, dimension="A1:A1"))
    target = tmp_path / "out.csv"
    assert sheet_to_csv(path, "w.xlsx", None, target, DEFAULT) == "Deals"
    assert target.read_text() == 'id,note,amount\nA,"x, ""quoted""",1.5\n\nB,,2\ntrue,,\n'


def test_a_refusal_reads_in_french(tmp_path) -> None:
    from smart.i18n import Translator
    from smart.ingest import in_language

    path = write_workbook(tmp_path / "w.xlsx", sheet_xml(_deals(3)))
    with pytest.raises(ImportFileError) as error:
        sheet_to_csv(path, "w.xlsx", None, tmp_path / "out.csv", dataclasses.replace(DEFAULT, rows=3))
    assert in_language(error.value, Translator("fr")) == (
        "w.xlsx : la partie xl/worksheets/sheet1.xml a plus de 3 lignes, le maximum d'une feuille Excel")


@pytest.mark.parametrize("numbers, row, previous", [
    (["1", "2", "4", "3"], 3, 4),  # backwards
    (["1", "2", "2"], 2, 2),  # twice
    (["1", "5", None, "6"], 6, 6),  # an unnumbered row is the one after the row before it: 6
])
def test_rows_out_of_order_are_refused_as_openpyxl_would_drop_them(store, tmp_path, numbers, row, previous) -> None:
    tags = [f'<row r="{n}">' if n else "<row>" for n in numbers]
    rows = [f'{tag}<c t="inlineStr"><is><t>D{index}</t></is></c></row>'.encode() for index, tag in enumerate(tags)]
    path = write_workbook(tmp_path / "order.xlsx", sheet_xml(rows))
    assert _refused(store, path) == (f"order.xlsx: the part xl/worksheets/sheet1.xml puts row {row} after row "
                                     f"{previous}, and a row out of order would be lost")
