"""What a command says when another process holds the database: a SMART Pilot server (told by its command line) is
named with the ``--server`` URL to use, one started without the API (``streamlit run app.py``) with how to serve it
with one; any other program keeps the storage failure's own sentence."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from smart.cli import main
from tests.faults import database_with_reps

# A process that holds the file, with more words on its command line (what `ps` shows of a Streamlit server).
_HOLDER = "import duckdb, sys; c = duckdb.connect(sys.argv[1]); print('ready', flush=True); sys.stdin.read()"


@contextmanager
def held_with_command_line(path: Path, *words: str) -> Iterator[int]:
    holder = subprocess.Popen([sys.executable, "-c", _HOLDER, str(path), *words], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        yield holder.pid
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=60)


def one_line(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1, err
    return err


def test_a_server_on_another_port_and_every_address_is_reached_on_this_machine(tmp_path: Path, capsys) -> None:
    path = tmp_path / "smart.duckdb"
    database_with_reps(path)
    with held_with_command_line(path, "streamlit", "run", "/srv/smart/server.py", "--server.port=9999",
                                "--server.address", "0.0.0.0") as pid:
        err = one_line(["objectives", "status", "--db", str(path)], capsys)
    assert err.startswith(f"error: {path} is in use by process {pid} (python")
    assert "the SMART Pilot server; while it serves, run the command through it: --server http://127.0.0.1:9999 " \
           "with an API token in SMART_TOKEN" in err
    assert err.endswith(f"(PID {pid}). See also https://duckdb.org/docs/current/connect/concurrency]\n")


def test_an_app_served_without_its_api_says_how_to_serve_it_with_one(tmp_path: Path, capsys) -> None:
    path = tmp_path / "smart.duckdb"
    database_with_reps(path)
    with held_with_command_line(path, "streamlit", "run", "app.py", "--server.port", "8600") as pid:
        err = one_line(["import", str(tmp_path / "x.csv"), "--db", str(path)], capsys)
    assert err.startswith(f"error: {path} is in use by process {pid} (python")
    assert "; it was started without its HTTP API (streamlit run on app.py): serve it with python -m smart serve, " \
           "then use --server URL with SMART_TOKEN; or stop it and try again [" in err


def test_a_command_that_cannot_go_through_the_server_says_to_stop_it(tmp_path: Path, capsys) -> None:
    path = tmp_path / "smart.duckdb"
    database_with_reps(path)
    with held_with_command_line(path, "streamlit", "run", "server.py") as pid:
        err = one_line(["users", "add", "zoe@example.com", "--role", "admin", "--db", str(path)], capsys)
    assert err.startswith(f"error: {path} is in use by process {pid} (python")
    assert "the SMART Pilot server; this command does not run through the server: run it while the server is " \
           "stopped (users and API tokens are also managed on its Users page) [" in err
    assert "--server" not in err


def test_another_program_keeps_the_storage_sentence(tmp_path: Path, capsys) -> None:
    path = tmp_path / "smart.duckdb"
    database_with_reps(path)
    with held_with_command_line(path, "--nightly-report") as pid:
        err = one_line(["kpi", "--list", "--db", str(path)], capsys)
    assert err.startswith(f"error: Another program holds the database file {path}: PID {pid}, python -c import")
    assert "--server" not in err
