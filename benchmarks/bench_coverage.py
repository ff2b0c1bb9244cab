"""Benchmark of the data's extent (``smart.coverage.data_extent``: activity per day, stage changes included), on
1,000,000 deals and 2,000,000 leads, against the query the Overview's freshness ran before (one maximum).

Run by hand: ``.venv/bin/python benchmarks/bench_coverage.py [--deals N] [--leads N] [--db PATH] [--rounds N]``.
The data are those of bench_pages.py, whose history is 12 weekly snapshots of 100,000 deals (1.2 million rows of
``deal_snapshots``: the worst case, every state in the window); a second copy holds the history as the importer
writes it (a before-image in ``deal_versions`` for each of 100,000 deals a later export showed in another stage).
The extent is computed once per data change (the pages read it from Streamlit's cache), so its cost lands on the
first render after an import. The table is printed in Markdown for benchmarks/RESULTS-period.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_pages import TODAY, build  # noqa: E402
from smart import coverage  # noqa: E402
from smart.freshness import freshness  # noqa: E402
from smart.storage import Store  # noqa: E402

# What the Overview's freshness asked before: the newest creation, close or snapshot day (no stage changes).
FRESHNESS_BEFORE = """
    SELECT max(d) FROM (
        SELECT greatest(created_on, CASE WHEN status <> 'open' THEN close_on END) AS d FROM deals
        UNION ALL SELECT greatest(created_on, qualified_on, converted_on) FROM leads
        UNION ALL SELECT max(observed_on) FROM deal_history) WHERE d <= ?"""


def history_as_the_importer_writes_it(store: Store) -> None:
    """No snapshots; a week-old import that saw 100,000 deals one stage earlier, kept as their before-images."""
    with store.transaction() as tx:
        tx.execute("DELETE FROM deal_snapshots")
        week_before = tx.execute(
            "INSERT INTO imports (file_name, sha256, kind, profile, source, started_at, observed_on) VALUES "
            "('week.csv', 'w', 'deals', 'generic', 'bench', now(), ?) RETURNING id",
            [TODAY - dt.timedelta(days=7)]).fetchall()[0][0]
        tx.execute("""
            INSERT INTO deal_versions (import_id, op, source, crm_id, stage, status, amount, close_on,
                                       prev_import_id)
            SELECT import_id, 'update', source, crm_id, 'S1', 'open', amount, close_on, ?
            FROM deals WHERE stage <> 'S1' USING SAMPLE 100000 ROWS""", [week_before])


def timed(rounds: int, work: Callable[[], object]) -> tuple[float, float, float]:
    seconds = []
    for _ in range(rounds):
        started = time.perf_counter()
        work()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds), min(seconds), max(seconds)


def measure(store: Store, label: str, rounds: int) -> list[tuple[str, tuple[float, float, float]]]:
    extent = coverage.data_extent(store)
    return [
        (f"{label}: data_extent ({len(extent.days):,} days)", timed(rounds, lambda: coverage.data_extent(store))),
        (f"{label}: freshness before (one maximum)", timed(rounds, lambda: store.scalar(FRESHNESS_BEFORE, [TODAY]))),
        (f"{label}: freshness, extent given", timed(rounds, lambda: freshness(store, TODAY, extent))),
        (f"{label}: count_between, 1,000 periods",
         timed(rounds, lambda: [extent.count_between(dt.date(2025, 1, 1), dt.date(2025, 3, 31))
                                for _ in range(1000)])),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deals", type=int, default=1_000_000)
    parser.add_argument("--leads", type=int, default=2_000_000)
    parser.add_argument("--db", type=Path, help="reuse (or create) this database file (it is copied, not changed)")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-coverage-"))
    source = args.db or folder / "bench.duckdb"
    if not source.exists():
        store = Store(source)
        build(store, args.deals, args.leads)
        store.close()
    rows = []
    for label, prepare in (("snapshots", None), ("versions", history_as_the_importer_writes_it)):
        copy = folder / f"{label}.duckdb"
        shutil.copy(source, copy)
        store = Store(copy)
        try:
            if prepare is not None:
                prepare(store)
            rows += measure(store, label, args.rounds)
        finally:
            store.close()
    shutil.rmtree(folder, ignore_errors=True)
    print(f"\n{args.deals:,} deals, {args.leads:,} leads; milliseconds over {args.rounds} rounds\n")
    print("| what | median | min | max |")
    print("|---|---:|---:|---:|")
    for what, (median, low, high) in rows:
        print(f"| {what} | {median * 1000:.0f} | {low * 1000:.0f} | {high * 1000:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
