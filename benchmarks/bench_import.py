"""Importer benchmark (run by hand): a 1,000,000-row deals CSV of about 100 MB.

    .venv/bin/python benchmarks/bench_import.py [--rows 1000000] [--rounds 5] [--layout hubspot|hubspot-time|french]
        [--keep] [--root PATH]

Measures, in the same run and each in a fresh process: DuckDB's own ``CREATE TABLE t AS SELECT * FROM
read_csv(file)`` (the baseline), the first import into an empty database, and the re-import of the same file
(all unchanged). Both sides are counted until the data is durable in the database file: the baseline's
``CHECKPOINT`` and close, the import's own checkpoint (the importer runs one after each import) and the store's
close; what was left in the ``.wal`` when the import returned is reported too (0 when the import checkpointed).
Reports wall time of the work itself (process start-up and opening the database excluded), its CPU time (all
threads; on a shared machine the wall time also counts other processes' turns) and each process's peak RSS.
``hubspot-time`` is HubSpot's layout with create dates to the minute (``YYYY-MM-DD HH:MM``), as HubSpot exports
them.

The machine is shared and its timings move by 20 % from one process to the next, so each round runs the three
one after the other on fresh databases, with the page cache flushed to disk before each (a file just written,
the generated CSV or a previous database, is otherwise written back while the next one is timed), and the
ratios are reported per round and as their median. Targets: import ≤ 2× the baseline, peak RSS < 2 GB,
re-import ≤ first import. Results go to RESULTS-import.md by hand.
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

CHILD = r"""
import json, resource, sys, time
mode, csv_path, db_path = sys.argv[1:4]
if mode == "baseline":
    import duckdb
    con = duckdb.connect(db_path)
    t0, cpu0 = time.perf_counter(), time.process_time()
    con.execute("CREATE TABLE t AS SELECT * FROM read_csv(?)", [csv_path])
    returned = time.perf_counter() - t0
    con.execute("CHECKPOINT")
    con.close()
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    rows = duckdb.connect(db_path, read_only=True).execute("SELECT count(*) FROM t").fetchall()[0][0]
    out = {"rows": rows, "wal_mb": 0.0}
else:
    from smart.ingest import import_file
    from smart.storage import Store
    import os
    store = Store(db_path)
    t0, cpu0 = time.perf_counter(), time.process_time()
    result = import_file(store, csv_path)
    returned = time.perf_counter() - t0
    wal = db_path + ".wal"
    wal_mb = os.path.getsize(wal) / 1e6 if os.path.exists(wal) else 0.0
    store.close()
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    out = {k: getattr(result, k) for k in ("rows", "inserted", "updated", "unchanged", "rejected")}
    out["wal_mb"] = round(wal_mb, 1)
out["seconds"] = elapsed
out["cpu_seconds"] = cpu
out["returned_seconds"] = returned
out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""


def generate(path: Path, rows: int, create_time: bool = False) -> None:
    """Deals in HubSpot's layout, written by DuckDB (deterministic, ~100 bytes a row); with ``create_time``, create
    dates to the minute (``2023-01-31 14:07``) as HubSpot writes them."""
    import duckdb

    create = ("strftime(DATE '2023-01-01' + CAST((i * 31) % 900 AS INTEGER) + INTERVAL (i % 1440) MINUTE, "
              "'%Y-%m-%d %H:%M')" if create_time else "DATE '2023-01-01' + CAST((i * 31) % 900 AS INTEGER)")
    duckdb.connect().execute(f"""
        COPY (
            SELECT 'DEAL-' || lpad(CAST(i AS VARCHAR), 8, '0') AS "Deal ID",
                'Company ' || (i % 50000) || ' - New Business' AS "Deal Name",
                ['Appointment Scheduled', 'Qualified to Buy', 'Presentation Scheduled', 'Decision Maker Bought-In',
                 'Contract Sent', 'Closed Won', 'Closed Lost'][1 + i % 7] AS "Deal Stage",
                'Sales Pipeline' AS "Pipeline",
                round(1000 + (i * 7919) % 250000 + (i % 100) / 100.0, 2) AS "Amount",
                DATE '2023-01-01' + CAST((i * 31) % 900 + 30 AS INTEGER) AS "Close Date",
                {create} AS "Create Date",
                ['ann@example.com', 'bob@example.com', 'cy@example.com', 'di@example.com'][1 + i % 4] AS "Deal Owner",
                ['New Business', 'Existing Business'][1 + i % 2] AS "Deal Type"
            FROM range({rows}) r(i)
        ) TO '{path}' (HEADER, DELIMITER ',')""")


def generate_french(path: Path, rows: int) -> None:
    """The same deals as a French export: semicolons, decimal commas, dd/mm/yyyy dates, French headers."""
    import duckdb

    duckdb.connect().execute(f"""
        COPY (
            SELECT 'AFF-' || lpad(CAST(i AS VARCHAR), 8, '0') AS "ID", 'Société ' || (i % 50000) AS "Nom",
                ['Découverte', 'Qualification', 'Proposition', 'Négociation', 'Signé', 'Perdu'][1 + i % 6] AS "Étape",
                replace(CAST(round(1000 + (i * 7919) % 250000 + (i % 100) / 100.0, 2) AS VARCHAR), '.', ',')
                    AS "Montant",
                strftime(DATE '2023-01-01' + CAST((i * 31) % 900 + 30 AS INTEGER), '%d/%m/%Y') AS "Date de clôture",
                strftime(DATE '2023-01-01' + CAST((i * 31) % 900 AS INTEGER), '%d/%m/%Y') AS "Date de création",
                ['ann', 'bob', 'cy', 'di'][1 + i % 4] AS "Propriétaire",
                ['Nouveau client', 'Client existant'][1 + i % 2] AS "Type"
            FROM range({rows}) r(i)
        ) TO '{path}' (HEADER, DELIMITER ';')""")


def run_child(mode: str, csv_path: Path, db_path: Path, root: Path = ROOT) -> dict:
    os.sync()
    # The importer refuses a file over 500 MB unless told otherwise: a 10M-row file (1.4 GB) is measured, not refused.
    allowed_mb = max(int(os.environ.get("SMART_IMPORT_MAX_MB", "500")), csv_path.stat().st_size // 2**20 + 1)
    env = {**os.environ, "PYTHONPATH": str(root), "SMART_IMPORT_MAX_MB": str(allowed_mb)}
    done = subprocess.run([sys.executable, "-c", CHILD, mode, str(csv_path), str(db_path)], env=env, cwd=root,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=5, help="rounds of baseline, first import and re-import")
    parser.add_argument("--layout", choices=("hubspot", "hubspot-time", "french"), default="hubspot",
                        help="HubSpot's layout (ISO dates, decimal points), the same with create dates to the minute, "
                             "or a French export")
    parser.add_argument("--keep", action="store_true", help="keep the generated file and databases")
    parser.add_argument("--root", type=Path, default=ROOT,
                        help="the checkout whose importer is measured (default: this one), e.g. the commit before a "
                             "change unpacked with `git archive`")
    args = parser.parse_args()
    root = args.root.resolve()
    folder = Path(tempfile.mkdtemp(prefix="bench-import-"))
    csv_path = folder / "deals.csv"
    if args.layout == "french":
        generate_french(csv_path, args.rows)
    else:
        generate(csv_path, args.rows, create_time=args.layout == "hubspot-time")
    size_mb = csv_path.stat().st_size / 1e6
    print(f"file: {args.rows:,} rows, {size_mb:.0f} MB, {args.layout} layout ({csv_path}); importer of {root}")
    rounds = []
    for number in range(1, args.rounds + 1):
        baseline = run_child("baseline", csv_path, folder / f"baseline-{number}.duckdb")
        first = run_child("import", csv_path, folder / f"smart-{number}.duckdb", root)
        again = run_child("import", csv_path, folder / f"smart-{number}.duckdb", root)
        ratio, reimport = first["seconds"] / baseline["seconds"], again["seconds"] / first["seconds"]
        rounds.append({"baseline": baseline, "first": first, "reimport": again, "ratio": round(ratio, 2),
                       "reimport_ratio": round(reimport, 2)})
        print(f"round {number}: DuckDB {baseline['seconds']:.2f} s until durable ({baseline['returned_seconds']:.2f} s "
              f"before its checkpoint; {baseline['peak_rss_mb']:.0f} MB) | first import {first['seconds']:.2f} s = "
              f"{ratio:.2f}x ({first['returned_seconds']:.2f} s returned, {first['wal_mb']:.0f} MB left in the .wal; "
              f"{first['peak_rss_mb']:.0f} MB, {first['inserted']:,} "
              f"inserted, {first['rejected']} rejected) | re-import {again['seconds']:.2f} s = {reimport:.2f}x first "
              f"({again['peak_rss_mb']:.0f} MB, {again['unchanged']:,} unchanged)")
    ratios = [r["ratio"] for r in rounds]
    reimports = [r["reimport_ratio"] for r in rounds]
    peak = max(max(r["first"]["peak_rss_mb"], r["reimport"]["peak_rss_mb"]) for r in rounds)
    cpu_ratios = [r["first"]["cpu_seconds"] / r["baseline"]["cpu_seconds"] for r in rounds]
    print(f"median import/baseline {statistics.median(ratios):.2f}x (range {min(ratios):.2f}-{max(ratios):.2f}); "
          f"in CPU time {statistics.median(cpu_ratios):.2f}x; "
          f"median re-import/first {statistics.median(reimports):.2f}x; peak RSS {peak:.0f} MB")
    print(json.dumps({"rows": args.rows, "size_mb": round(size_mb, 1), "rounds": rounds,
                      "median_ratio": statistics.median(ratios)}))
    if not args.keep:
        for child in folder.iterdir():
            if child.is_dir():
                for sub in child.iterdir():
                    sub.unlink()
                child.rmdir()
            else:
                child.unlink()
        folder.rmdir()
    return 0


if __name__ == "__main__":
    sys.exit(main())
