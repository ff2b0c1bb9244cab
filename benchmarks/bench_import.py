"""Importer benchmark (run by hand): a 1,000,000-row deals CSV of about 100 MB.

    .venv/bin/python benchmarks/bench_import.py [--rows 1000000] [--keep]

Measures, in the same run and each in a fresh process: DuckDB's own ``CREATE TABLE t AS SELECT * FROM
read_csv(file)`` (the baseline), the first import into an empty database, and the re-import of the same file
(all unchanged). Reports wall time of the work itself (process start-up excluded) and each process's peak RSS.
Targets: import ≤ 2× the baseline, peak RSS < 2 GB, re-import ≤ first import. Results go to RESULTS-import.md
by hand.
"""

from __future__ import annotations

import argparse
import json
import os
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


def run_child(mode: str, csv_path: Path, db_path: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", CHILD, mode, str(csv_path), str(db_path)], env=env, cwd=ROOT,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--keep", action="store_true", help="keep the generated file and databases")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-import-"))
    csv_path = folder / "deals.csv"
    generate(csv_path, args.rows)
    size_mb = csv_path.stat().st_size / 1e6
    baseline = run_child("baseline", csv_path, folder / "baseline.duckdb")
    first = run_child("import", csv_path, folder / "smart.duckdb")
    again = run_child("import", csv_path, folder / "smart.duckdb")
    ratio = first["seconds"] / baseline["seconds"]
    print(f"file: {args.rows:,} rows, {size_mb:.0f} MB ({csv_path})")
    print(f"DuckDB CREATE TABLE AS read_csv: {baseline['seconds']:.2f} s, peak RSS {baseline['peak_rss_mb']:.0f} MB")
    print(f"first import:  {first['seconds']:.2f} s ({ratio:.2f}× baseline), peak RSS {first['peak_rss_mb']:.0f} MB, "
          f"{first['inserted']:,} inserted, {first['rejected']} rejected")
    print(f"re-import:     {again['seconds']:.2f} s ({again['seconds'] / first['seconds']:.2f}× first), "
          f"peak RSS {again['peak_rss_mb']:.0f} MB, {again['unchanged']:,} unchanged")
    print(json.dumps({"rows": args.rows, "size_mb": round(size_mb, 1), "baseline": baseline, "first": first,
                      "reimport": again, "ratio": round(ratio, 2)}))
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
