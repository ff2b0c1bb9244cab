"""Backup benchmark (run by hand): the demo database and a 1,000,000-deal one, backed up while the app serves.

    .venv/bin/python benchmarks/bench_backup.py [--deals 1000000] [--rounds 3] [--keep]

Builds the demo company (``smart.demo``) and a database holding bench_import's 1M-row deals export imported as a
user would (its 138 MB original kept under uploads/). For each, in a fresh process per round, with the store open
as the server holds it: a reader thread computes revenue over all data again and again and a writer thread commits
a one-row transaction every 0.2 s, first alone (1.5 s), then while ``backup_database`` runs; it reports the backup's
time, its size (the database copy, and the whole folder with the uploads), the process's peak RSS, the reader's and
the writer's latencies alone and during the backup, and the time of a restore of that backup into a new file. Then
it times the checkpoint that now follows an import: a 1M-row import with the importer's inserts kept in memory until
the commit (as it is) and with DuckDB's optimistic writes (the inserts written to the file as they go), rounds
alternating. Results go to RESULTS-backup.md by hand.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_import import generate  # noqa: E402

# The peak resident memory of this process since it started (VmHWM: unlike ru_maxrss, it does not inherit the
# parent's peak across fork and exec).
PEAK = "int(next(l for l in open('/proc/self/status') if l.startswith('VmHWM')).split()[1]) / 1024"

BACKUP_CHILD = r"""
import json, statistics, sys, threading, time
from pathlib import Path
from smart.analytics import kpi_value
from smart.backup import backup_database, restore_backup
from smart.storage import Store

database, folder, restored = sys.argv[1:4]
store = Store(database)
kpi_value(store, "revenue")
phase = ["alone"]
reads = {"alone": [], "during": []}
writes = {"alone": [], "during": []}
stop = threading.Event()

def reader():
    while not stop.is_set():
        started = time.perf_counter()
        kpi_value(store, "revenue")
        reads[phase[0]].append(time.perf_counter() - started)

def writer():
    while not stop.is_set():
        started = time.perf_counter()
        with store.transaction() as tx:
            tx.execute("INSERT INTO reps (owner) VALUES ('bench-writer')")
            tx.execute("DELETE FROM reps WHERE owner = 'bench-writer'")
        writes[phase[0]].append(time.perf_counter() - started)
        stop.wait(0.2)

threads = [threading.Thread(target=reader), threading.Thread(target=writer)]
for thread in threads:
    thread.start()
time.sleep(1.5)
phase[0] = "during"
started = time.perf_counter()
result = backup_database(store, folder, keep=1)
seconds = time.perf_counter() - started
phase[0] = "after"
reads["after"], writes["after"] = [], []
stop.set()
for thread in threads:
    thread.join()
peak = PEAK
store.close()
started = time.perf_counter()
restore_backup(result.path, restored, force=True)
restore_seconds = time.perf_counter() - started

def summary(values):
    return {"n": len(values), "median_ms": round(statistics.median(values) * 1000, 1) if values else None,
            "max_ms": round(max(values) * 1000, 1) if values else None}

print(json.dumps({
    "seconds": round(seconds, 3), "size_bytes": result.size_bytes,
    "database_bytes": (result.path / "smart.duckdb").stat().st_size, "uploads": result.uploads.files,
    "peak_rss_mb": round(peak), "restore_seconds": round(restore_seconds, 3),
    "reads_alone": summary(reads["alone"]), "reads_during": summary(reads["during"]),
    "writes_alone": summary(writes["alone"]), "writes_during": summary(writes["during"]),
}))
"""

IMPORT_CHILD = r"""
import json, os, sys, time
import smart.ingest.run as run
from smart.storage import Store

mode, csv_path, database = sys.argv[1:4]
if mode == "optimistic":
    run._keep_appends_in_memory = lambda tx, info: None
spent = []
checkpoint = Store.checkpoint

def timed(self):
    started = time.perf_counter()
    checkpoint(self)
    spent.append(time.perf_counter() - started)

Store.checkpoint = timed
store = Store(database)
started = time.perf_counter()
result = run.run_import(store, csv_path)
seconds = time.perf_counter() - started
journal = os.path.getsize(database + ".wal") if os.path.exists(database + ".wal") else 0
store.close()
print(json.dumps({"mode": mode, "seconds": round(seconds, 3), "checkpoint": round(spent[0], 3),
                  "inserted": result.inserted, "journal_after": journal,
                  "peak_rss_mb": round(PEAK)}))
"""


BUILD_CHILD = r"""
import sys
from smart.ingest import import_file
from smart.storage import Store

store = Store(sys.argv[1])
import_file(store, sys.argv[2])
store.close()
print("{}")
"""


def child(code: str, *arguments: object) -> dict:
    os.sync()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code.replace("PEAK", PEAK), *map(str, arguments)], env=env,
                          cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


DEMO_CHILD = r"""
import datetime as dt, sys
from pathlib import Path
from smart.demo import generate_demo, load_demo
from smart.storage import Store

folder = Path(sys.argv[1])
store = Store(folder / "smart.duckdb")
load_demo(store, generate_demo(folder / "exports", today=dt.date(2026, 11, 27)))
store.close()
print("{}")
"""


def build_demo(folder: Path) -> Path:
    folder.mkdir(parents=True)
    child(DEMO_CHILD, folder)
    return folder / "smart.duckdb"


def build_imported(folder: Path, csv_path: Path) -> Path:
    folder.mkdir(parents=True)
    child(BUILD_CHILD, folder / "smart.duckdb", csv_path)
    return folder / "smart.duckdb"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deals", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the databases and backups (printed)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-backup-"))
    csv_path = folder / "deals.csv"
    generate(csv_path, args.deals)
    databases = {"demo": build_demo(folder / "demo"), f"{args.deals:,} deals": build_imported(folder / "big", csv_path)}
    print(f"files in {folder}" if args.keep else "")
    print("| database | round | backup, s | copy, MB | folder, MB | peak RSS, MB | reads alone, median/max ms "
          "| reads during, median/max ms | writes alone, max ms | writes during, max ms | restore, s |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, database in databases.items():
        for number in range(1, args.rounds + 1):
            out = child(BACKUP_CHILD, database, database.parent / "backups", folder / f"restored-{number}.duckdb")
            print(f"| {name} | {number} | {out['seconds']:.2f} | {out['database_bytes'] / 1e6:.1f} | "
                  f"{out['size_bytes'] / 1e6:.1f} | {out['peak_rss_mb']} | "
                  f"{out['reads_alone']['median_ms']}/{out['reads_alone']['max_ms']} | "
                  f"{out['reads_during']['median_ms']}/{out['reads_during']['max_ms']} | "
                  f"{out['writes_alone']['max_ms']} | {out['writes_during']['max_ms']} | "
                  f"{out['restore_seconds']:.2f} |", flush=True)
    print("\n| import of the 1M-row export | round | import with its checkpoint, s | of which checkpoint, s | "
          "journal left, bytes | peak RSS, MB |")
    print("|---|---:|---:|---:|---:|---:|")
    results: dict[str, list[float]] = {"memory": [], "optimistic": []}
    for number in range(1, args.rounds + 1):
        for mode in ("memory", "optimistic"):
            database = folder / f"import-{mode}-{number}.duckdb"
            out = child(IMPORT_CHILD, mode, csv_path, database)
            results[mode].append(out["seconds"])
            label = "inserts kept in memory (as is)" if mode == "memory" else "optimistic writes"
            print(f"| {label} | {number} | {out['seconds']:.2f} | {out['checkpoint']:.2f} | {out['journal_after']} | "
                  f"{out['peak_rss_mb']} |", flush=True)
            database.unlink()
    print(f"\nmedian import with checkpoint: in memory {statistics.median(results['memory']):.2f} s, "
          f"optimistic {statistics.median(results['optimistic']):.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
