"""HTTP API benchmark (run by hand): the command line through the served app, against the same command on a copy.

    .venv/bin/python benchmarks/bench_api.py [--rows 200000] [--rounds 7]

Builds the demo company with an admin and an API token, copies it (the local reference), and serves it with
``python -m smart serve`` on a free port of 127.0.0.1 (no daily backup). Then it times, as wall clock: a whole
``python -m smart kpi revenue --format csv`` process through ``--server`` and on the copy (``--rounds`` each, the
two alternating); the API's answer alone (``GET /api/v1/kpi/revenue``, one HTTP client, 30 requests); a first import
of a ``--rows`` deals export (bench_import's HubSpot layout), then its re-import (unchanged), through the server and
on the copy; and three exports of ``--rows``/10 deals sent at once by three threads, against three others sent one
after the other. Results go to RESULTS-api.md by hand.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_import import generate  # noqa: E402

SETUP_CHILD = r"""
import datetime as dt, sys
from pathlib import Path
from smart.access import LOCAL_ADMIN, add_user
from smart.api import create_token
from smart.demo import generate_demo, load_demo
from smart.storage import Store

store = Store(sys.argv[1])
load_demo(store, generate_demo(Path(sys.argv[2]), today=dt.date(2026, 11, 27)))
add_user(store, "bench@example.com", "admin", actor=LOCAL_ADMIN)
print(create_token(store, "bench@example.com", actor=LOCAL_ADMIN)[1])
store.close()
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wall(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def summary(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {"n": len(values), "median_s": round(statistics.median(values), 3), "min_s": round(ordered[0], 3),
            "max_s": round(ordered[-1], 3)}


def renamed_export(source: Path, target: Path, prefix: str) -> Path:
    target.write_text(source.read_text(encoding="utf-8").replace("DEAL-", f"{prefix}-"), encoding="utf-8")
    return target


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=7)
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-api-"))
    try:
        run(folder, options.rows, options.rounds)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run(folder: Path, rows: int, rounds: int) -> None:
    served_db, local_db = folder / "served" / "smart.duckdb", folder / "local" / "smart.duckdb"
    served_db.parent.mkdir()
    local_db.parent.mkdir()
    token = subprocess.run([sys.executable, "-c", SETUP_CHILD, str(served_db), str(folder / "demo")], cwd=ROOT,
                           check=True, capture_output=True, text=True).stdout.strip()
    shutil.copy(served_db, local_db)
    big = folder / "deals.csv"
    generate(big, rows)
    small = folder / "small.csv"
    generate(small, max(1, rows // 10))
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "SMART_TODAY": "2026-11-27", "SMART_BACKUP_AT": "off", "SMART_TOKEN": token}
    env.pop("SMART_SERVER", None)
    server = subprocess.Popen([sys.executable, "-m", "smart", "serve", "--port", str(port)], cwd=ROOT,
                              env={**env, "SMART_DB": str(served_db)}, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).close()
                break
            except OSError:
                time.sleep(0.3)
        results = measure(url, token, env, local_db, big, small, folder, rounds)
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(json.dumps({"rows": rows, **results}, indent=2))


def measure(url: str, token: str, env: dict[str, str], local_db: Path, big: Path, small: Path, folder: Path,
            rounds: int) -> dict[str, object]:
    import httpx

    cli = [sys.executable, "-m", "smart"]
    kpi = [*cli, "kpi", "revenue", "--format", "csv"]
    remote, local = [], []
    for _ in range(rounds):
        remote.append(wall([*kpi, "--server", url], env))
        local.append(wall([*kpi, "--db", str(local_db)], env))
    with httpx.Client(base_url=f"{url}/api/v1", headers={"Authorization": f"Bearer {token}"}, timeout=600) as http:
        answers = []
        for _ in range(30):
            started = time.perf_counter()
            http.get("/kpi/revenue", params={"format": "csv"}).raise_for_status()
            answers.append(time.perf_counter() - started)
        imports = {}
        for name, where in (("server", ["--server", url]), ("local", ["--db", str(local_db)])):
            imports[name] = {"first": round(wall([*cli, "import", str(big), *where], env), 3),
                             "again": round(wall([*cli, "import", str(big), *where], env), 3)}
        together = [renamed_export(small, folder / f"t{i}.csv", f"T{i}") for i in range(3)]
        apart = [renamed_export(small, folder / f"a{i}.csv", f"A{i}") for i in range(3)]

        def send(path: Path) -> None:
            with path.open("rb") as handle:
                http.post("/import", files={"file": (path.name, handle)}).raise_for_status()

        started = time.perf_counter()
        threads = [threading.Thread(target=send, args=(path,)) for path in together]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        at_once = time.perf_counter() - started
        started = time.perf_counter()
        for path in apart:
            send(path)
        one_by_one = time.perf_counter() - started
    return {"kpi_cli_through_server": summary(remote), "kpi_cli_local": summary(local),
            "kpi_api_answer": summary(answers), "import": imports,
            "three_imports_at_once_s": round(at_once, 3), "three_imports_one_by_one_s": round(one_by_one, 3)}


if __name__ == "__main__":
    main()
