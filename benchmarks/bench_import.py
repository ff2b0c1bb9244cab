"""Importer benchmark (run by hand): a 1,000,000-row deals CSV of about 100 MB.

    .venv/bin/python benchmarks/bench_import.py [--rows 1000000] [--rounds 5] [--layout hubspot|french] [--keep]

Measures, in the same run and each in a fresh process: DuckDB's own ``CREATE TABLE t AS SELECT * FROM
read_csv(file)`` (the baseline), the first import into an empty database, and the re-import of the same file
(all unchanged). Reports wall time of the work itself (process start-up excluded) and each process's peak RSS.
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
    t0 = time.perf_counter()
    con.execute("CREATE TABLE t AS SELECT * FROM read_csv(?)", [csv_path])
    elapsed = time.perf_counter() - t0
    rows = con.execute("SELECT count(*) FROM t").fetchall()[0][0]
    con.close()
    out = {"rows": rows}
else:
    from smart.ingest import import_file
    from smart.storage import Store
    store = Store(db_path)
    t0 = time.perf_counter()
    result = import_file(store, csv_path)
    elapsed = time.perf_counter() - t0
    store.close()
    out = {k: getattr(result, k) for k in ("rows", "inserted", "updated", "unchanged", "rejected")}
out["seconds"] = elapsed
out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""


def generate(path: Path, rows: int) -> None:
    """Deals in HubSpot's layout, written by DuckDB (deterministic, ~100 bytes a row)."""
    import duckdb

    duckdb.connect().execute(f"""
        COPY (
            SELECT 'DEAL-' || lpad(CAST(i AS VARCHAR), 8, '0') AS "Deal ID",
                'Company ' || (i % 50000) || ' - New Business' AS "Deal Name",
                ['Appointment Scheduled', 'Qualified to Buy', 'Presentation Scheduled', 'Decision Maker Bought-In',
                 'Contract Sent', 'Closed Won', 'Closed Lost'][1 + i % 7] AS "Deal Stage",
                'Sales Pipeline' AS "Pipeline",
                round(1000 + (i * 7919) % 250000 + (i % 100) / 100.0, 2) AS "Amount",
                DATE '2023-01-01' + CAST((i * 31) % 900 + 30 AS INTEGER) AS "Close Date",
                DATE '2023-01-01' + CAST((i * 31) % 900 AS INTEGER) AS "Create Date",
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


def run_child(mode: str, csv_path: Path, db_path: Path) -> dict:
    os.sync()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", CHILD, mode, str(csv_path), str(db_path)], env=env, cwd=ROOT,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=5, help="rounds of baseline, first import and re-import")
    parser.add_argument("--layout", choices=("hubspot", "french"), default="hubspot",
                        help="HubSpot's layout (ISO dates, decimal points) or a French export")
    parser.add_argument("--keep", action="store_true", help="keep the generated file and databases")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-import-"))
    csv_path = folder / "deals.csv"
    (generate if args.layout == "hubspot" else generate_french)(csv_path, args.rows)
    size_mb = csv_path.stat().st_size / 1e6
    print(f"file: {args.rows:,} rows, {size_mb:.0f} MB, {args.layout} layout ({csv_path})")
    rounds = []
    for number in range(1, args.rounds + 1):
        baseline = run_child("baseline", csv_path, folder / f"baseline-{number}.duckdb")
        first = run_child("import", csv_path, folder / f"smart-{number}.duckdb")
        again = run_child("import", csv_path, folder / f"smart-{number}.duckdb")
        ratio, reimport = first["seconds"] / baseline["seconds"], again["seconds"] / first["seconds"]
        rounds.append({"baseline": baseline, "first": first, "reimport": again, "ratio": round(ratio, 2),
                       "reimport_ratio": round(reimport, 2)})
        print(f"round {number}: DuckDB {baseline['seconds']:.2f} s ({baseline['peak_rss_mb']:.0f} MB) | first import "
              f"{first['seconds']:.2f} s = {ratio:.2f}x ({first['peak_rss_mb']:.0f} MB, {first['inserted']:,} "
              f"inserted, {first['rejected']} rejected) | re-import {again['seconds']:.2f} s = {reimport:.2f}x first "
              f"({again['peak_rss_mb']:.0f} MB, {again['unchanged']:,} unchanged)")
    ratios = [r["ratio"] for r in rounds]
    reimports = [r["reimport_ratio"] for r in rounds]
    peak = max(max(r["first"]["peak_rss_mb"], r["reimport"]["peak_rss_mb"]) for r in rounds)
    print(f"median import/baseline {statistics.median(ratios):.2f}x (range {min(ratios):.2f}-{max(ratios):.2f}); "
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
