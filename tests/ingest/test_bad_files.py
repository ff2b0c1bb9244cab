"""Bad files: one clear message and nothing written for whole-file problems; rejects with lines for bad rows."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from smart.ingest import ImportFileError, import_file
from tests.conftest import REPO_ROOT

GOOD_HEADER = "id,name,amount,created\n"


def _cli(*args: str, db: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "smart", "import", *args, "--db", str(db)], capture_output=True,
                          text=True, cwd=REPO_ROOT, env={**os.environ, "PYTHONPATH": str(REPO_ROOT)}, timeout=120)


@pytest.mark.parametrize("name, content, message", [
    ("empty.csv", b"", "empty"),
    ("binary.csv", bytes(range(256)) * 40, "binary"),
    ("page.csv", b"<!DOCTYPE html><html><body><table><tr><td>1</td></tr></table></body></html>", "HTML"),
    ("one.csv", b"just one line of text without separators\n", "not a table"),
    ("pdf.csv", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "binary"),
    ("noid.csv", b"colour,size\nred,1\nblue,2\n", "no id column"),
])
def test_whole_file_errors(store, write, name: str, content: bytes, message: str) -> None:
    with pytest.raises(ImportFileError) as error:
        import_file(store, write(name, content), kind="deals")
    assert message in str(error.value) and name in str(error.value)
    assert store.scalar("SELECT count(*) FROM imports") == 0


def test_cli_whole_file_error_exits_2_with_one_line(tmp_path, write) -> None:
    db = tmp_path / "cli.duckdb"
    result = _cli(str(write("page.csv", b"<html><body>nope</body></html>")), db=db)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "page.csv" in result.stderr
    from smart.storage import Store

    store = Store(db)
    assert store.scalar("SELECT count(*) FROM imports") == 0
    store.close()


def test_cli_json_and_ambiguous_dates(tmp_path, write) -> None:
    db = tmp_path / "cli.duckdb"
    path = write("d.csv", "id,amount,created\nA,1,03/04/2025\nB,x,05/06/2025\n")
    ambiguous = _cli(str(path), "--kind", "deals", db=db)
    assert ambiguous.returncode == 2 and "'created'" in ambiguous.stderr and "--dayfirst" in ambiguous.stderr
    done = _cli(str(path), "--kind", "deals", "--dayfirst", "--format", "json", db=db)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert (data["rows"], data["inserted"], data["updated"], data["unchanged"], data["rejected"]) == (2, 1, 0, 0, 1)
    assert data["rejects"] == [{"line": 3, "column": "amount", "value": "x", "reason": "unreadable amount"}]
    assert done.stderr == ""  # no progress when stderr is not a terminal
    dry = _cli(str(path), "--kind", "deals", "--dayfirst", "--dry-run", "--map", "currency==EUR", db=db)
    assert dry.returncode == 0 and "Preview" in dry.stdout


def test_file_over_the_size_limit(store, write) -> None:
    path = write("big.csv", GOOD_HEADER + "A,a,1,2025-01-01\n" * 100)
    with pytest.raises(ImportFileError, match="limit"):
        import_file(store, path, kind="deals", max_bytes=1000)


def test_ragged_rows_are_rejected_with_their_lines(store, write) -> None:
    text = GOOD_HEADER + "A,a,1,2025-01-01\nB,b,2\nC,c,3,2025-01-01,extra\nD,d,4,2025-01-01\n"
    result = import_file(store, write("ragged.csv", text), kind="deals")
    assert (result.rows, result.inserted, result.rejected) == (4, 2, 2)
    reasons = {r["line"]: r["reason"] for r in result.rejects}
    assert reasons == {3: "the row has fewer fields than the header", 4: "the row has more fields than the header"}


def test_quoted_newlines_keep_physical_line_numbers(store, write) -> None:
    text = GOOD_HEADER + 'A,"multi\nline\nname",1,2025-01-01\nB,b,2,2025-01-01\nC,c,zz,2025-01-01\nD,d\n'
    result = import_file(store, write("quoted.csv", text), kind="deals")
    assert store.scalar("SELECT title FROM deals WHERE crm_id = 'A'") == "multi\nline\nname"
    assert {r["line"]: r["reason"] for r in result.rejects} == {
        6: "unreadable amount", 7: "the row has fewer fields than the header"}


def test_reject_right_after_a_multiline_row(store, write) -> None:
    text = GOOD_HEADER + 'A,"x\ny\nz",1,2025-01-01\nB,b\nC,c,q,2025-01-01\n'
    result = import_file(store, write("q2.csv", text), kind="deals")
    assert {r["line"]: r["reason"] for r in result.rejects} == {
        5: "the row has fewer fields than the header", 6: "unreadable amount"}


@pytest.mark.parametrize("newline", ["\r\n", "\r", "mixed"])
def test_line_endings(store, write, newline: str) -> None:
    rows = [GOOD_HEADER.strip(), "A,a,1,2025-01-01", "B,b,x,2025-01-01", "C,c,3,2025-01-01", "D,d,4,2025-01-01"]
    if newline == "mixed":
        content = rows[0] + "\r\n" + rows[1] + "\n" + rows[2] + "\r" + rows[3] + "\r\n" + rows[4] + "\n"
    else:
        content = newline.join(rows) + newline
    result = import_file(store, write("eol.csv", content.encode()), kind="deals")
    assert (result.rows, result.inserted, result.rejected) == (4, 3, 1)
    assert result.rejects[0]["line"] == 3


def test_blank_lines_inside_data_keep_line_numbers(store, write) -> None:
    text = GOOD_HEADER + "A,a,1,2025-01-01\n\n  \nB,b,x,2025-01-01\n\n"
    result = import_file(store, write("blank.csv", text), kind="deals")
    assert (result.rows, result.rejected) == (2, 1) and result.rejects[0]["line"] == 5


def test_duplicate_and_blank_headers(store, write) -> None:
    text = "id,name,,name,created\nA,first,x,second,2025-01-01\n"
    result = import_file(store, write("dup.csv", text), kind="deals")
    assert result.headers == ["id", "name", "(column 3)", "name (2)", "created"]
    assert result.inserted == 1


def test_ten_thousand_column_header(store, write) -> None:
    header = ",".join(f"c{i}" for i in range(10_000))
    with pytest.raises(ImportFileError, match="10,000 columns"):
        import_file(store, write("wide.csv", header + "\n" + ",".join("1" * 10_000) + "\n"), kind="deals")


def test_fifty_megabyte_single_field(store, write, tmp_path) -> None:
    path = tmp_path / "huge.csv"
    with path.open("w") as out:
        out.write(GOOD_HEADER + "A,a,1,2025-01-01\n")
        out.write('B,"' + "x" * (50 * 1024 * 1024) + '",2,2025-01-01\n')
        out.write("C,c,3,2025-01-01\n")
    result = import_file(store, path, kind="deals")
    assert (result.rows, result.inserted, result.rejected) == (3, 2, 1)
    assert result.rejects[0]["line"] == 3 and "longer than" in result.rejects[0]["reason"]
