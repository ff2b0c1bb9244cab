"""Memory of the served app (run by hand), to size a team's server: the demo database and 1,000,000 deals.

    .venv/bin/python benchmarks/bench_memory.py [--deals 1000000] [--leads 2000000] [--sessions 1 5 10] [--db PATH]

Serves the app (``python -m smart serve`` on a free loopback port) on a copy of each database, then opens Overview
and the four analysis pages in headless Chromium (Playwright) for a growing number of browser sessions, each in its
own context, one after another (warm Streamlit caches are shared by all sessions, as on a real server). After each
step it reads the server process's resident memory (VmRSS) and its peak (VmHWM). The 1M-deal database is the one
bench_pages.py builds (1M deals, 2M leads, 1.2M weekly snapshots). Results go to docs/deploy.md by hand.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_pages import TODAY, build  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
PAGES = ("overview", "conversion", "cycle", "variance", "team")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def memory_mb(pid: int) -> tuple[float, float]:
    """(VmRSS, VmHWM) of a process, in MB."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def wait_for_app(tab, timeout_ms: int = 120_000) -> None:
    tab.wait_for_selector("[data-testid='stMain'] h1", timeout=timeout_ms)
    tab.wait_for_function(
        """() => {
            const app = document.querySelector("[data-testid='stApp']");
            return app && app.getAttribute('data-test-script-state') === 'notRunning'
                && !document.querySelector("[data-testid='stSkeleton']");
        }""",
        timeout=timeout_ms,
    )


def measure(database: Path, sessions: list[int], label: str) -> None:
    from playwright.sync_api import sync_playwright

    port = free_port()
    env = {**os.environ, "SMART_DB": str(database), "SMART_TODAY": TODAY.isoformat(), "PYTHONPATH": str(ROOT)}
    log = database.with_suffix(".log")
    with log.open("wb") as out:
        server = subprocess.Popen([sys.executable, "-m", "smart", "serve", "--port", str(port)], cwd=ROOT, env=env,
                                  stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                    break
            except OSError:
                time.sleep(0.5)
        rss, peak = memory_mb(server.pid)
        print(f"| {label} | started, no session | {rss:.0f} | {peak:.0f} |", flush=True)
        opened = 0
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
            contexts = []
            for target in sessions:
                while opened < target:
                    context = browser.new_context(viewport={"width": 1440, "height": 900})
                    tab = context.new_page()
                    for page in PAGES:
                        tab.goto(f"{url}/{page}" if page != "overview" else url)
                        wait_for_app(tab)
                    contexts.append(context)
                    opened += 1
                rss, peak = memory_mb(server.pid)
                print(f"| {label} | {opened} session(s), every page opened | {rss:.0f} | {peak:.0f} |", flush=True)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=60)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deals", type=int, default=1_000_000)
    parser.add_argument("--leads", type=int, default=2_000_000)
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 5, 10])
    parser.add_argument("--db", type=Path, help="reuse (or create) this large database")
    args = parser.parse_args()
    from smart.demo import generate_demo, load_demo
    from smart.storage import Store

    folder = Path(tempfile.mkdtemp(prefix="bench-memory-"))
    demo = folder / "demo" / "smart.duckdb"
    store = Store(demo)
    load_demo(store, generate_demo(folder / "demo" / "exports", today=TODAY))
    store.close()
    large = args.db or folder / "large" / "smart.duckdb"
    if not large.exists():
        store = Store(large)
        build(store, args.deals, args.leads)
        store.close()
    copy = folder / "large-copy" / "smart.duckdb"
    copy.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(large, copy)
    print("| database | state | server RSS, MB | server peak RSS, MB |")
    print("|---|---|---:|---:|")
    measure(demo, sorted(args.sessions), "demo (6,459 deals)")
    measure(copy, sorted(args.sessions), f"{args.deals:,} deals, {args.leads:,} leads")
    return 0


if __name__ == "__main__":
    sys.exit(main())
