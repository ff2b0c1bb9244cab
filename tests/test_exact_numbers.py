"""CSV and JSON outputs write numbers exactly: an amount of 123456789.625 reads back as 123456789.625, never as
123456789.6 (the KPI and objectives CLIs once wrote 10 significant digits), from the CLIs, the page downloads and
the objectives' status alike."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from smart.cli import main
from smart.exports import table_csv, table_xlsx
from smart.ingest import import_file
from smart.jsonable import exact_csv, exact_number
from smart.objectives import Objective, create_objective
from smart.storage import Store

BIG = 123456789.625
# Two won deals in January 2026 (BIG and 0.1 + 0.2 exactly as a float adds them: 0.30000000000000004 once summed
# with nothing else), one in February: revenue January = 123456789.625 + 0.1 = 123456789.725 as a float sum.
DEALS = (
    "id,stage,amount,created,close date,owner\n"
    "D1,Won,123456789.625,2026-01-02,2026-01-10,ana\n"
    "D2,Won,0.1,2026-01-03,2026-01-12,bob\n"
    "D3,Won,0.2,2026-02-01,2026-02-03,bob\n"
)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "exact.duckdb"
    (tmp_path / "deals.csv").write_text(DEALS, encoding="utf-8")
    store = Store(path)
    import_file(store, tmp_path / "deals.csv", kind="deals")
    create_objective(store, Objective("Revenue 2026", "revenue", 200000000.125, dt.date(2026, 1, 1),
                                      dt.date(2026, 12, 31), direction="reach", grain="year"))
    store.close()
    return path


def test_exact_number_reads_back_as_the_same_float() -> None:
    for value in (BIG, 0.1 + 0.2, 1e-7, 1234567890123.4567, -2.5, 2.0**60 + 0.0, 1e300):
        assert float(exact_number(value)) == value
    assert exact_number(4000.0) == "4000" and exact_number(-3.0) == "-3"
    assert exact_number(BIG) == "123456789.625"
    assert exact_number(float("nan")) == ""


def test_kpi_csv_and_json_keep_every_digit(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    january = BIG + 0.1  # the sum as a float computes it, by hand: no rounding anywhere after it
    assert main(["kpi", "revenue", "--from", "2026-01-01", "--to", "2026-02-28", "--format", "csv",
                 "--db", str(db)]) == 0
    out = capsys.readouterr().out
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["period"], float(r["value"])) for r in rows] == [("2026-01-01", january), ("2026-02-01", 0.2)]
    assert "123456789.725" in out.splitlines()[1]
    assert main(["kpi", "revenue", "--from", "2026-01-01", "--to", "2026-01-31", "--by", "owner", "--format", "csv",
                 "--db", str(db)]) == 0
    assert capsys.readouterr().out == "period,owner,value\n2026-01-01,ana,123456789.625\n2026-01-01,bob,0.1\n"
    assert main(["kpi", "revenue", "--from", "2026-01-01", "--to", "2026-01-31", "--by", "owner", "--format", "json",
                 "--db", str(db)]) == 0
    assert [r["value"] for r in json.loads(capsys.readouterr().out)] == [BIG, 0.1]


def test_objectives_status_csv_and_json_keep_every_digit(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["objectives", "status", "--format", "csv", "--db", str(db), "--today", "2026-03-01"]) == 0
    row = next(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert row["target"] == "200000000.125"
    assert float(row["actual"]) == BIG + 0.1 + 0.2
    assert main(["objectives", "status", "--format", "json", "--db", str(db), "--today", "2026-03-01"]) == 0
    record = json.loads(capsys.readouterr().out)[0]
    assert record["target"] == 200000000.125 and record["actual"] == BIG + 0.1 + 0.2


def test_page_downloads_are_exact_and_numbers_in_text_columns_stay_numbers() -> None:
    frame = pd.DataFrame({"amount": [BIG, 0.1 + 0.2, -2.0, None],
                          "mixed": pd.Series([-2.5, "=cmd", "plain", None], dtype=object)})
    back = pd.read_csv(io.BytesIO(table_csv(frame)), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert back["amount"].tolist() == ["123456789.625", "0.30000000000000004", "-2", ""]
    # A number in a mixed column is a number, not text that looks like a formula.
    assert back["mixed"].tolist() == ["-2.5", "'=cmd", "plain", ""]
    # XLSX cells hold 16 significant digits (openpyxl's writer; Excel shows 15): every amount a CRM holds.
    amounts = pd.DataFrame({"amount": [BIG, 1234567890123.45], "mixed": pd.Series([-2.5, "x"], dtype=object)})
    sheet = openpyxl.load_workbook(io.BytesIO(table_xlsx(amounts))).active
    assert [sheet.cell(row, 1).value for row in (2, 3)] == [BIG, 1234567890123.45]
    assert sheet.cell(2, 2).value == -2.5


def test_exact_csv_leaves_text_and_whole_numbers_readable() -> None:
    frame = pd.DataFrame({"period": ["2026-01-01", "2026-02-01"], "value": [4000.0, BIG]})
    assert exact_csv(frame) == "period,value\n2026-01-01,4000\n2026-02-01,123456789.625\n"


def test_import_json_keeps_plan_totals_exact(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "plan.csv").write_text("Month,Target\n2026-01,123456789.625\n2026-02,0.1\n", encoding="utf-8")
    db = tmp_path / "plan.duckdb"
    assert main(["import", str(tmp_path / "plan.csv"), "--kind", "plan", "--format", "json", "--db", str(db)]) == 0
    months = json.loads(capsys.readouterr().out)["plan"]["months"]
    assert [month["total"] for month in months] == [BIG, 0.1]
