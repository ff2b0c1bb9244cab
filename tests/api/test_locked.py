"""What a command says when another process holds the database: a SMART Pilot server (told by its command line) is
named with the ``--server`` URL to use, one started without the API (``streamlit run app.py``) with how to serve it
with one; any other program keeps the storage failure's own sentence."""

from __future__ import annotations

from pathlib import Path

import pytest

from smart.cli import main
from tests.faults import database_with_reps, held_by_another_process


def one_line(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1, err
    return err


def test_a_server_on_another_port_and_every_address_is_reached_on_this_machine(tmp_path: Path, capsys) -> None:
    path = tmp_path / "smart.duckdb"
    database_with_reps(path)
    with held_by_another_process(path, "streamlit", "run", "/srv/smart/server.py", "--server.port=9999",
                                "--server.address", "0.0.0.0") as pid:
        err = one_line(["objectives", "status", "--db", str(path)], capsys)
    assert err.startswith(f"error: {path} is in use by process {pid} (python")
    assert "the SMART Pilot server; while it serves, run the command through it: --server http://127.0.0.1:9999 " \
           "with an API token in SMART_TOKEN" in err
    assert err.endswith(f"(PID {pid}). See also https://duckdb.org/docs/current/connect/concurrency]\n")


def test_an_app_served_without_its_api_says_how_to_serve_it_with_one(tmp_path: Path, capsys) -> None:
    path = tmp_path / "smart.duckdb"
    database_with_reps(path)
    with held_by_another_process(path, "streamlit", "run", "app.py", "--server.port", "8600") as pid:
        err = one_line(["import", str(tmp_path / "x.csv"), "--db", str(path)], capsys)
    assert err.startswith(f"error: {path} is in use by process {pid} (python")
    assert "; it was started without its HTTP API (streamlit run on app.py): serve it with python -m smart serve, " \
           "then use --server URL with SMART_TOKEN; or stop it and try again [" in err


def test_a_command_that_cannot_go_through_the_server_says_to_stop_it(tmp_path: Path, capsys) -> None:
    path = tmp_path / "smart.duckdb"
    database_with_reps(path)
    with held_by_another_process(path, "streamlit", "run", "server.py") as pid:
        err = one_line(["users", "add", "zoe@example.com", "--role", "admin", "--db", str(path)], capsys)
    assert err.startswith(f"error: {path} is in use by process {pid} (python")
    assert "the SMART Pilot server; this command does not run through the server: run it while the server is " \
           "stopped (users and API tokens are also managed on its Users page) [" in err
    assert "--server" not in err


def test_another_program_keeps_the_storage_sentence(tmp_path: Path, capsys) -> None:
    path = tmp_path / "smart.duckdb"
    database_with_reps(path)
    with held_by_another_process(path, "--nightly-report") as pid:
        err = one_line(["kpi", "--list", "--db", str(path)], capsys)
    assert err.startswith(f"error: Another program holds the database file {path}: PID {pid}, python -c import")
    assert "--server" not in err
