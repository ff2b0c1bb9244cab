"""The app served by ``python -m smart serve`` (one server for the module), and the command line through it: the same
output as on a copy of its data, three imports at once, a rep's token kept to their own figures, refused tokens, and
what a command says when it finds the database held by the server."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import threading
from pathlib import Path

import httpx
import pandas as pd
import pytest

from smart.cli import main
from tests.api.conftest import OTHER_REP_NAME, REP_NAME, Served, deals_export, won_deals
from tests.conftest import DEMO_TODAY


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """A command's exit code, stdout and stderr."""
    capsys.readouterr()
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def api(served: Served, token: str | None) -> httpx.Client:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.Client(base_url=f"{served.url}/api/v1", headers=headers, timeout=120)


def snapshot(served: Served, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A copy of the served database as it is now: a backup made through the server, its database copied here."""
    code, out, err = run(["backup", "--format", "json", "--server", served.url], capsys)
    assert code == 0, err
    backup = json.loads(out)
    assert Path(backup["path"]).parent == served.backups
    copy = tmp_path / "local.duckdb"
    shutil.copy(Path(backup["path"]) / "smart.duckdb", copy)
    return copy


def test_the_command_line_through_the_server_prints_what_it_prints_on_a_copy_of_the_data(
        served: Served, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("SMART_TOKEN", served.tokens.admin)
    local = snapshot(served, tmp_path, capsys)
    export = deals_export(tmp_path / "ventes_2018.csv", [
        ("V-1", "Alpha", REP_NAME, "Closed Won", 1200, dt.date(2018, 2, 1), dt.date(2018, 3, 5)),
        ("V-2", "Beta", REP_NAME, "Closed Won", 800.5, dt.date(2018, 2, 3), dt.date(2018, 3, 20)),
        ("V-3", "Gamma", OTHER_REP_NAME, "Closed Lost", 300, dt.date(2018, 2, 4), dt.date(2018, 3, 21)),
        ("V-4", "Delta", OTHER_REP_NAME, "Closed Won", "lots", dt.date(2018, 2, 5), dt.date(2018, 3, 22)),
    ])
    commands = [
        ["import", str(export), "--format", "json"],
        ["import", str(export), "--dry-run"],
        ["kpi", "deals_won", "--from", "2018-01-01", "--to", "2018-12-31", "--format", "csv"],
        ["kpi", "revenue", "--from", "2018-01-01", "--to", "2018-06-30", "--by", "owner", "--format", "json"],
        ["kpi", "win_rate", "--from", "2026-01-01", "--to", "2026-11-27", "--grain", "quarter"],
        ["kpi", "--list"],
        ["objectives", "status", "--format", "csv"],
        ["objectives", "list", "--format", "json"],
        ["objectives", "check", "1"],
        ["kpi", "no_such_kpi"],
        ["import", str(tmp_path / "absent.csv")],
        ["import", "--undo", "999"],
    ]
    printed = []
    for command in commands:
        through_server = run([*command, "--server", served.url], capsys)
        here = run([*command, "--db", str(local)], capsys)
        assert through_server == here, command
        printed.append(here)
    imported = json.loads(printed[0][1])
    assert (imported["rows"], imported["inserted"], imported["rejected"]) == (4, 3, 1)
    assert imported["rejects"][0]["line"] == 5 and imported["rejects"][0]["value"] == "lots"
    assert printed[1][1].startswith("Preview (nothing written): ventes_2018.csv") and "3 unchanged" in printed[1][1]
    # V-1 and V-2 in March (V-4 was rejected), nothing else in 2018: the demo starts later.
    assert printed[2][1] == "period,value\n" + "".join(f"2018-{month:02d}-01,{2 if month == 3 else 0}\n"
                                                        for month in range(1, 13))
    assert printed[9][:2] == (2, "") and printed[9][2].startswith("error: unknown KPI 'no_such_kpi'")
    assert printed[10] == (2, "", "error: absent.csv: no such file\n")

    undo = ["import", "--undo", str(imported["import_id"]), "--format", "json"]
    undone = run([*undo, "--server", served.url], capsys)
    assert undone == run([*undo, "--db", str(local)], capsys)
    assert json.loads(undone[1])["deals_deleted"] == 3
    for name, where in (("served", ["--server", served.url]), ("local", ["--db", str(local)])):
        code, out, _ = run(["report", "--week", DEMO_TODAY.isoformat(), "--out", str(tmp_path / f"{name}.html"),
                            *where], capsys)
        assert code == 0 and out.endswith(f"(HTML, {(tmp_path / f'{name}.html').stat().st_size:,} bytes)\n")
    assert (tmp_path / "served.html").read_bytes() == (tmp_path / "local.html").read_bytes()


def test_three_imports_at_once_all_land(served: Served, tmp_path: Path) -> None:
    files = [won_deals(tmp_path / f"batch{month}.csv", f"B{month}", count, dt.date(2019, month, 10))
             for month, count in ((1, 5), (2, 7), (3, 3))]
    start = threading.Barrier(len(files))
    answers: dict[Path, httpx.Response] = {}

    def send(path: Path) -> None:
        with api(served, served.tokens.admin) as client, path.open("rb") as handle:
            start.wait(timeout=30)
            answers[path] = client.post("/import", files={"file": (path.name, handle)})

    threads = [threading.Thread(target=send, args=(path,)) for path in files]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert [answers[path].status_code for path in files] == [200, 200, 200]
    results = [answers[path].json() for path in files]
    assert [result["inserted"] for result in results] == [5, 7, 3]
    assert len({result["import_id"] for result in results}) == 3
    with api(served, served.tokens.admin) as client:
        series = client.get("/kpi/deals_won", params={"from": "2019-01-01", "to": "2019-03-31"}).json()
        revenue = client.get("/kpi/revenue", params={"from": "2019-01-01", "to": "2019-03-31"}).json()
    assert [(row["period"], row["value"]) for row in series] == [("2019-01-01", 5), ("2019-02-01", 7),
                                                                 ("2019-03-01", 3)]
    expected = [sum(1000 + 100 * i for i in range(count)) for count in (5, 7, 3)]
    assert [row["value"] for row in revenue] == expected


def test_a_reps_token_reads_their_own_figures_and_nobody_elses(served: Served, demo_deals: pd.DataFrame,
                                                                 tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    won = demo_deals[(demo_deals["status"] == "won") & (demo_deals["close_on"] >= dt.date(2026, 1, 1))
                     & (demo_deals["close_on"] <= DEMO_TODAY)]
    mine = int((won["owner"] == REP_NAME).sum())
    assert 0 < mine < len(won)
    year = {"from": "2026-01-01", "to": DEMO_TODAY.isoformat(), "grain": "year"}
    with api(served, served.tokens.rep) as client:
        own = client.get("/kpi/deals_won", params=year)
        by_owner = client.get("/kpi/deals_won", params={**year, "by": "owner"})
        other = client.get("/kpi/deals_won", params={**year, "owner": OTHER_REP_NAME})
        team = client.get("/kpi/revenue", params={**year, "team": "Grands comptes"})
    assert own.status_code == 200 and [row["value"] for row in own.json()] == [mine]
    assert [(row["owner"], row["value"]) for row in by_owner.json()] == [(REP_NAME, mine)]
    for refused in (other, team):
        assert refused.status_code == 403
        assert set(refused.json()) == {"error", "exit_code"} and refused.json()["exit_code"] == 2
    assert OTHER_REP_NAME in other.json()["error"] and "hugo@example.com (rep)" in other.json()["error"]

    monkeypatch.setenv("SMART_TOKEN", served.tokens.rep)
    code, out, err = run(["kpi", "deals_won", "--owner", OTHER_REP_NAME, "--server", served.url], capsys)
    assert (code, out) == (2, "") and err == f"error: {other.json()['error']}\n"
    export = won_deals(tmp_path / "sneaky.csv", "S", 4, dt.date(2017, 5, 2))
    code, out, err = run(["import", str(export), "--server", served.url], capsys)
    assert (code, out) == (2, "")
    assert err == "error: hugo@example.com (rep) may not import, undo or remove data: ask an admin\n"
    assert run(["backup", "--server", served.url], capsys)[0] == 2
    with api(served, served.tokens.admin) as client:
        nothing = client.get("/kpi/deals_won", params={"from": "2017-05-01", "to": "2017-05-31", "format": "csv"})
    assert nothing.text == "period,value\n2017-05-01,0\n"


def test_no_token_an_unknown_one_and_a_revoked_one_are_refused(served: Served, monkeypatch: pytest.MonkeyPatch,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    for token, says in ((None, "no API token"), ("smart_not-a-token", "not one this server knows"),
                        (served.tokens.revoked, "was revoked")):
        with api(served, token) as client:
            answer = client.get("/kpi/revenue")
        assert answer.status_code == 401 and says in answer.json()["error"], token
        assert answer.headers["WWW-Authenticate"] == "Bearer" and answer.headers["X-Smart-Api"] == "1"
        assert "value" not in answer.text
    monkeypatch.setenv("SMART_TOKEN", served.tokens.revoked)
    code, out, err = run(["kpi", "revenue", "--server", served.url], capsys)
    assert (code, out) == (2, "") and err.startswith("error: the token #3 was revoked on ")
    monkeypatch.delenv("SMART_TOKEN")
    code, out, err = run(["kpi", "revenue", "--server", served.url], capsys)
    assert (code, out) == (2, "") and err.startswith("error: --server needs an API token: set SMART_TOKEN")


def test_a_command_run_beside_the_server_names_it_and_says_to_use_server(served: Served,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    for command in (["kpi", "--list"], ["import", str(served.log)], ["backup"]):
        code, out, err = run([*command, "--db", str(served.database)], capsys)
        assert (code, out) == (2, ""), command
        assert err.count("\n") == 1, err
        assert err.startswith(f"error: {served.database} is in use by process {served.pid} (python"), err
        assert f"server.py --server.address 127.0.0.1 --server.port {served.url.rsplit(':', 1)[1]}" in err
        assert f"the SMART Pilot server; while it serves, run the command through it: --server {served.url} with an " \
               "API token in SMART_TOKEN" in err
        assert f"(PID {served.pid})" in err  # DuckDB's own words, in brackets


def test_the_server_starts_its_daily_backup_and_answers_unknown_routes_as_the_api(served: Served) -> None:
    assert "Backups every day at 23:59" in served.log.read_text()
    with api(served, served.tokens.admin) as client:
        answer = client.get("/no/such/route")
        me = client.get("/me")
    assert answer.status_code == 404 and answer.json()["exit_code"] == 2
    assert me.json() == {"email": "ann@example.com", "name": "Ann", "role": "admin", "reps": [], "team": None}
