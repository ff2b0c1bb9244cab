"""``python -m smart import`` on the shapes managers have: the ``unavailable`` key of the JSON output, the id flags
(``--id`` once or repeated, ``--id-per-row``), the message naming the candidate columns, and the exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from smart.cli import main
from smart.storage import Store
from tests.conftest import REPO_ROOT
from tests.ingest import shapes


def _run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["import", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _count(db: Path, sql: str):
    store = Store(db)
    try:
        return store.scalar(sql)
    finally:
        store.close()


def test_dry_run_json_lists_what_is_unavailable(tmp_path, write, capsys) -> None:
    data, rows = shapes.orders()
    code, out, err = _run(capsys, str(write("orders.csv", data)), "--dry-run", "--format", "json",
                          "--db", str(tmp_path / "c.duckdb"))
    assert (code, err) == (0, "")
    result = json.loads(out)
    assert result["unavailable"] == [
        {"field": "created_on", "effect": "no sales cycle and no cohorts"},
        {"field": "owner", "effect": "no Team page and no per-rep objectives"},
        {"field": "lead_source", "effect": "no split by source"},
    ]
    assert (result["rows"], result["inserted"], result["mapping"]["status"]) == (len(rows), len(rows), "=won")
    assert result["covers"] == [rows[0]["close_on"].isoformat(), rows[-1]["close_on"].isoformat()]
    assert {p["field"]: p["confidence"] for p in result["proposals"]}["crm_id"] == "high"


def test_the_json_of_a_complete_file_has_an_empty_unavailable_list(tmp_path, write, capsys) -> None:
    text = ("Deal ID,Deal name,Company,Owner,Stage,Amount,Created,Close date,Source\n"
            "D1,One,Acme,Ann Lee,Won,100,2025-01-02,2025-02-01,Web\n")
    code, out, _err = _run(capsys, str(write("full.csv", text)), "--format", "json", "--db", str(tmp_path / "c.duckdb"))
    assert code == 0 and json.loads(out)["unavailable"] == []


def test_text_output_says_what_is_not_available_and_why_rows_are_won(tmp_path, write, capsys) -> None:
    data, _rows = shapes.signed_register()
    code, out, _err = _run(capsys, str(write("signed.csv", data)), "--dry-run", "--db", str(tmp_path / "c.duckdb"))
    assert code == 0
    assert "  not available: created_on: no sales cycle and no cohorts" in out.splitlines()
    assert "  not available: owner: no Team page and no per-rep objectives" in out.splitlines()
    assert any(line.startswith("  note: no stage or status column: every row is taken as a won deal")
               for line in out.splitlines())


def test_a_missing_id_names_the_candidates_on_one_line_and_exits_2(tmp_path, write, capsys) -> None:
    data, _rows = shapes.unknown_headers()
    db = tmp_path / "c.duckdb"
    code, out, err = _run(capsys, str(write("grand-livre.csv", data)), "--map", "close_on=Le", "--db", str(db))
    assert (code, out) == (2, "")
    assert err == ('error: grand-livre.csv: no id column for deals; candidates: "Pièce", "Tiers" '
                   '(use --map crm_id=COLUMN, --id COLUMN --id COLUMN to combine, or --id-per-row)\n')
    assert _count(db, "SELECT count(*) FROM imports") == 0


def test_id_flags_one_column_combined_or_per_row(tmp_path, write, capsys) -> None:
    data, rows = shapes.unknown_headers()
    path = str(write("grand-livre.csv", data))
    db = str(tmp_path / "c.duckdb")
    code, out, _err = _run(capsys, path, "--id", "Pièce", "--map", "close_on=Le", "--format", "json", "--db", db)
    assert code == 0 and json.loads(out)["inserted"] == len(rows)
    assert _count(tmp_path / "c.duckdb", "SELECT string_agg(crm_id, ',' ORDER BY crm_id) FROM deals") == ",".join(
        r["crm_id"] for r in rows)
    other = str(tmp_path / "d.duckdb")
    code, out, _err = _run(capsys, path, "--id", "Pièce", "--id", "Tiers", "--map", "close_on=Le", "--db", other)
    assert code == 0 and "  id: Pièce + Tiers" in out.splitlines()
    assert _count(tmp_path / "d.duckdb", "SELECT min(crm_id) FROM deals") == "FA-2024-000 | Tiers 0"
    third = str(tmp_path / "e.duckdb")
    code, out, _err = _run(capsys, path, "--id-per-row", "--map", "close_on=Le", "--format", "json", "--db", third)
    assert code == 0 and json.loads(out)["id_per_row"] is True
    code, out, _err = _run(capsys, path, "--format", "json", "--db", third)  # next week: saved with the headers
    again = json.loads(out)
    assert code == 0 and (again["inserted"], again["unchanged"], again["id_per_row"]) == (0, len(rows), True)


@pytest.mark.parametrize("args, message", [
    (("--id", "Pièce", "--map", "crm_id=Tiers"), "choose the id once"),
    (("--id", "Nope", "--map", "close_on=Le"), "--id Nope: the file has no column 'Nope'"),
])
def test_bad_id_choices_exit_2(tmp_path, write, capsys, args, message) -> None:
    data, _rows = shapes.unknown_headers()
    code, _out, err = _run(capsys, str(write("g.csv", data)), *args, "--db", str(tmp_path / "c.duckdb"))
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1


def test_python_m_smart_import_keeps_the_contract(tmp_path, write) -> None:
    data, _rows = shapes.pipeline()
    path = write("pipeline.csv", data)
    done = subprocess.run([sys.executable, "-m", "smart", "import", str(path), "--dry-run", "--format", "json",
                           "--db", str(tmp_path / "p.duckdb")], capture_output=True, text=True, cwd=REPO_ROOT,
                          env={**os.environ, "PYTHONPATH": str(REPO_ROOT)}, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["unavailable"] == [{"field": "account", "effect": "no count of new customers"}]
    both = subprocess.run([sys.executable, "-m", "smart", "import", str(path), "--id", "ID", "--id-per-row",
                           "--db", str(tmp_path / "p.duckdb")], capture_output=True, text=True, cwd=REPO_ROOT,
                          env={**os.environ, "PYTHONPATH": str(REPO_ROOT)}, timeout=120)
    assert both.returncode == 2 and "not allowed with argument" in both.stderr
