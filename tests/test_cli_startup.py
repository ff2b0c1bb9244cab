"""``python -m smart`` imports only what the command asked needs: quick commands start without Altair, fpdf,
vl-convert, the review's export or the importer (what they load is checked, never how long they take)."""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from smart.cli import COMMAND_MODULES, COMMANDS, build_parser, main
from smart.objectives import Objective, create_objective
from smart.storage import Store
from tests.conftest import REPO_ROOT

# Runs ``python -m smart`` with the given arguments as the command line does, then prints on stderr, as JSON, its
# exit code and which of the named modules it had loaded.
RUN_AND_LIST_MODULES = """
import json, runpy, sys
watched = json.loads(sys.argv[1])
sys.argv = ["smart", *sys.argv[2:]]
try:
    runpy.run_module("smart", run_name="__main__")
    code = 0
except SystemExit as exit:
    code = exit.code
print(json.dumps({"code": code, "loaded": [name for name in watched if name in sys.modules]}), file=sys.stderr)
"""
NEVER_FOR_QUICK_COMMANDS = ("altair", "fpdf", "vl_convert", "smart.review", "smart.review.export", "smart.ingest",
                            "smart.charts", "smart.exports", "streamlit", "httpx", "pandas", "numpy", "pyarrow",
                            "smart.analytics.engine", "smart.objectives.pace", "smart.objectives.checker")


def run_listing_modules(args: list[str], watched: tuple[str, ...], database: Path) -> tuple[int, str, list[str]]:
    """(exit code, stdout, the modules of ``watched`` loaded) of ``python -m smart ARGS`` on ``database``."""
    env = {**os.environ, "SMART_DB": str(database)}
    done = subprocess.run([sys.executable, "-c", RUN_AND_LIST_MODULES, json.dumps(watched), *args], cwd=REPO_ROOT,
                          env=env, capture_output=True, text=True, check=False)
    report = json.loads(done.stderr.strip().splitlines()[-1])
    return report["code"], done.stdout, report["loaded"]


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("startup") / "smart.duckdb"
    assert main(["init", "--db", str(path)]) == 0
    return path


def test_kpi_list_loads_neither_charts_nor_pdf_nor_the_importer(database: Path) -> None:
    code, out, loaded = run_listing_modules(["kpi", "--list"], NEVER_FOR_QUICK_COMMANDS, database)
    assert code == 0
    assert out.splitlines()[0] == "revenue\tmoney\tRevenue"
    assert loaded == []


def test_help_loads_no_data_library_at_all(database: Path) -> None:
    code, out, loaded = run_listing_modules(["--help"], NEVER_FOR_QUICK_COMMANDS, database)
    assert code == 0
    assert "objectives" in out and "report" in out and "tokens" in out
    assert loaded == []


def test_objectives_list_loads_neither_charts_nor_pdf_nor_the_importer(database: Path) -> None:
    code, out, loaded = run_listing_modules(["objectives", "list"], NEVER_FOR_QUICK_COMMANDS, database)
    assert code == 0
    assert out == "(no objectives)\n"
    assert loaded == []


@pytest.fixture(scope="module")
def database_with_objectives(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two objectives, the second a team's child of the first with a fraction for target, so that the table has
    missing texts, a missing parent and a column of numbers written with a fraction."""
    path = tmp_path_factory.mktemp("startup-objectives") / "smart.duckdb"
    store = Store(path)
    try:
        first = create_objective(store, Objective(
            title="Chiffre d'affaires 2026", kpi="revenue", target_input=1_200_000.0, start_on=dt.date(2026, 1, 1),
            deadline=dt.date(2026, 12, 31), direction="reach", target_mode="absolute", grain="year"))
        create_objective(store, Objective(
            title="Taux de gain\tNord", kpi="win_rate", target_input=0.35, start_on=dt.date(2026, 7, 1),
            deadline=dt.date(2026, 12, 31), direction="reach", target_mode="absolute", scope_type="team",
            scope_value="Nord", owner="Zoé", parent_id=first))
    finally:
        store.close()
    return path


def test_objectives_list_with_objectives_loads_no_pandas_and_prints_the_table_pandas_printed(
        database_with_objectives: Path) -> None:
    code, out, loaded = run_listing_modules(["objectives", "list"], NEVER_FOR_QUICK_COMMANDS,
                                            database_with_objectives)
    assert code == 0
    assert loaded == []
    # What the command printed through pandas before it did without (the reference: pandas' own to_string).
    frame = pd.DataFrame([
        {"id": 1, "title": "Chiffre d'affaires 2026", "kpi": "revenue", "scope_type": "company", "scope_value": None,
         "direction": "reach", "target_mode": "absolute", "target_input": 1_200_000.0, "statistic": None,
         "grain": "year", "start_on": dt.date(2026, 1, 1), "deadline": dt.date(2026, 12, 31), "owner": None,
         "theme": None, "parent_id": None},
        {"id": 2, "title": "Taux de gain\tNord", "kpi": "win_rate", "scope_type": "team", "scope_value": "Nord",
         "direction": "reach", "target_mode": "absolute", "target_input": 0.35, "statistic": None, "grain": "month",
         "start_on": dt.date(2026, 7, 1), "deadline": dt.date(2026, 12, 31), "owner": "Zoé", "theme": None,
         "parent_id": 1},
    ])
    expected = frame.to_string(index=False, float_format=lambda v: f"{v:,.4g}" if abs(v) < 10 else f"{v:,.0f}")
    assert out == expected + "\n"
    assert "Taux de gain\\tNord" in out and "0.35" in out and "1,200,000" in out


def test_objectives_list_as_csv_still_writes_the_contract(database_with_objectives: Path) -> None:
    code, out, _ = run_listing_modules(["objectives", "list", "--format", "csv"], (), database_with_objectives)
    assert code == 0
    assert out.splitlines()[1:] == [
        "1,Chiffre d'affaires 2026,revenue,company,,reach,absolute,1200000,,year,2026-01-01,2026-12-31,,,",
        "2,Taux de gain\tNord,win_rate,team,Nord,reach,absolute,0.35,,month,2026-07-01,2026-12-31,Zoé,,1",
    ]


def test_report_still_loads_its_export(database: Path, tmp_path: Path) -> None:
    """The control: the modules watched above are the ones a command that needs them does load."""
    out = tmp_path / "review.html"
    code, _, loaded = run_listing_modules(["report", "--out", str(out)], ("fpdf", "altair", "smart.review.export"),
                                          database)
    assert code == 0 and out.stat().st_size > 0
    assert loaded == ["fpdf", "altair", "smart.review.export"]


def registered_by(module_name: str) -> dict[str, str | None]:
    """The commands ``module_name`` registers, with their summaries, on a parser of its own."""
    subparsers = argparse.ArgumentParser().add_subparsers()
    importlib.import_module(module_name).register(subparsers)
    return {action.dest: action.help for action in subparsers._choices_actions}


@pytest.mark.parametrize("module_name", COMMAND_MODULES)
def test_each_module_registers_exactly_the_commands_the_table_gives_it(module_name: str) -> None:
    expected = {name: command.summary for name, command in COMMANDS.items() if command.module == module_name}
    assert registered_by(module_name) == expected


def test_a_parser_made_for_one_command_parses_it_as_the_full_parser_does() -> None:
    words = ["kpi", "revenue", "--grain", "quarter", "--owner", "ann", "--format", "csv"]
    assert vars(build_parser(words).parse_args(words)) == vars(build_parser().parse_args(words))


def test_an_unknown_command_is_refused_with_the_valid_ones(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["kpis", "--list"])
    assert stopped.value.code == 2
    error = capsys.readouterr().err
    assert "invalid choice: 'kpis'" in error and "'kpi'" in error
