"""How cost grows (run by hand): import, every KPI and every analysis page at 100,000, 1,000,000 and 10,000,000
deals (with twice as many leads), and each step's peak memory.

    .venv/bin/python benchmarks/bench_scaling.py [--deals 100000 1000000 10000000] [--cache DIR] [--runs 3]
        [--plot FILE.png] [--keep-import] [--saved]

For each size, each in a fresh process (so that its peak RSS is its own):

- import: a HubSpot-style deals CSV of that many rows, create dates to the minute (bench_import.py's ``hubspot-time``
  layout), imported into an empty database and counted until durable (the import's checkpoint and the close),
  beside DuckDB's own ``CREATE TABLE AS read_csv`` + ``CHECKPOINT`` + close; one round each;
- KPIs: every KPI of the catalogue at month grain over all the data (``kpi_series``), median of ``--runs`` after one
  warm-up;
- pages: each analysis page run whole by AppTest (frame + page, as bench_pages.py does) on bench_pages.py's data
  (deals, leads, weekly snapshots, five objectives): first render with every Streamlit cache cleared, a rerun after
  a filter change never computed before (one rep), and warm reruns (the same default filters again, median of
  ``--runs``).

KPIs and pages are reported as wall time and, in brackets, the CPU time of the process (DuckDB's threads included):
on a shared machine the wall time also counts the other processes' turns.

The generated CSVs and databases are kept in ``--cache`` (default /tmp/smart-scaling) and reused: at 10M deals the
CSV is about 1.4 GB and the database is built in minutes on 2 cores. The table is printed in Markdown for
RESULTS-scaling.md, the figures saved as JSON beside the cache, and ``--plot`` draws them on log-log axes (Altair
and vl-convert).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_import import generate, run_child  # noqa: E402
from benchmarks.bench_pages import PAGES, TODAY, build  # noqa: E402

SIZES = (100_000, 1_000_000, 10_000_000)
NEW_FILTER = {"owner": "rep7"}

# One size's KPIs and pages, in a process of its own: prints one JSON line.
MEASURE = r"""
import json, os, resource, statistics, sys, time
sys.path.insert(0, sys.argv[1])
db_path, runs = sys.argv[2], int(sys.argv[3])
os.environ["SMART_DB"] = db_path
from benchmarks.bench_pages import PAGES, TODAY, run
from smart.analytics import Filters, available_kpis, kpi_series
from smart.storage import Store

def timed(work):  # wall seconds, CPU seconds of the whole process (DuckDB's threads included), what work returned
    wall, cpu = time.perf_counter(), time.process_time()
    value = work()
    return time.perf_counter() - wall, time.process_time() - cpu, value

def median_seconds(work, runs):
    work()
    walls, cpus = zip(*[timed(work)[:2] for _ in range(runs)])
    return {"wall": statistics.median(walls), "cpu": statistics.median(cpus)}

def page_run(page, query):
    wall, cpu, (seconds, failed) = timed(lambda: run(page, query))
    return {"wall": seconds, "cpu": cpu}, failed

store = Store(db_path)
kpis = {kpi_id: median_seconds(lambda kpi_id=kpi_id: kpi_series(store, kpi_id, Filters(), grain="month", today=TODAY),
                               runs)
        for kpi_id in available_kpis(store)}
store.close()
kpi_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

import streamlit as st
pages, failures = {}, 0
for page in PAGES:
    st.cache_data.clear()
    st.cache_resource.clear()
    first, failed = page_run(page, {})
    failures += failed
    new_filter, failed = page_run(page, json.loads(sys.argv[4]))
    failures += failed
    warm = []
    for _ in range(runs):
        timing, failed = page_run(page, {})
        warm.append(timing)
        failures += failed
    pages[page] = {"first": first, "new_filter": new_filter,
                   "warm": {key: statistics.median(t[key] for t in warm) for key in ("wall", "cpu")}}
print(json.dumps({"kpis": kpis, "kpi_peak_rss_mb": kpi_rss, "pages": pages, "failures": failures,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def pages_database(cache: Path, deals: int) -> Path:
    """bench_pages.py's data for ``deals`` deals and twice as many leads, built once into the cache."""
    from smart.storage import Store

    path = cache / f"pages-{deals}.duckdb"
    if not path.exists():
        building = path.with_suffix(".building")
        started = time.perf_counter()
        store = Store(building)
        build(store, deals, 2 * deals)
        store.close()
        building.rename(path)
        print(f"built {deals:,} deals in {time.perf_counter() - started:.0f} s: {path}", flush=True)
    return path


def deals_csv(cache: Path, deals: int) -> Path:
    path = cache / f"deals-{deals}.csv"
    if not path.exists():
        writing = path.with_suffix(".writing")
        generate(writing, deals, create_time=True)
        writing.rename(path)
    return path


def measure_import(cache: Path, deals: int) -> dict[str, Any]:
    """One round of bench_import.py's baseline and first import. The import's own limit on a file's size (500 MB
    unless ``$SMART_IMPORT_MAX_MB`` says otherwise) would refuse the 10M-row file (1.4 GB): raised to 4 GB here."""
    csv_path = deals_csv(cache, deals)
    os.environ["SMART_IMPORT_MAX_MB"] = os.environ.get("SMART_IMPORT_MAX_MB", "4096")
    figures = {}
    for mode in ("baseline", "import"):
        db_path = cache / f"import-{mode}-{deals}.duckdb"
        for leftover in (db_path, Path(f"{db_path}.wal")):
            leftover.unlink(missing_ok=True)
        figures[mode] = run_child(mode, csv_path, db_path)
        for leftover in (db_path, Path(f"{db_path}.wal")):
            leftover.unlink(missing_ok=True)
    shutil.rmtree(cache / "uploads", ignore_errors=True)  # the copies of the imported file the importer keeps
    return {"csv_mb": round(csv_path.stat().st_size / 1e6), **figures}


def measure_reads(database: Path, runs: int) -> dict[str, Any]:
    env = {**os.environ, "SMART_TODAY": TODAY.isoformat(), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", MEASURE, str(ROOT), str(database), str(runs), json.dumps(NEW_FILTER)],
                          env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"measuring {database} failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def print_tables(results: dict[str, dict[str, Any]]) -> None:
    sizes = list(results)
    header = "| | " + " | ".join(f"{int(size):,} deals" for size in sizes) + " |"
    rule = "|---|" + "---:|" * len(sizes)
    print(f"\n{header}\n{rule}")

    def row(label: str, cells: list[str]) -> None:
        print(f"| {label} | " + " | ".join(cells) + " |")

    imports = [results[s]["import"] for s in sizes]
    row("CSV (MB)", [str(i["csv_mb"]) for i in imports])
    row("DuckDB CREATE TABLE AS + CHECKPOINT (s)", [f"{i['baseline']['seconds']:.2f}" for i in imports])
    row("import until durable (s)", [f"{i['import']['seconds']:.2f}" for i in imports])
    row("import ÷ DuckDB", [f"{i['import']['seconds'] / i['baseline']['seconds']:.2f}×" for i in imports])
    row("import peak RSS (MB)", [f"{i['import']['peak_rss_mb']:.0f}" for i in imports])
    for kpi_id in results[sizes[0]]["reads"]["kpis"]:
        row(f"KPI {kpi_id} (ms)", [_wall_cpu(results[s]["reads"]["kpis"][kpi_id], 1000) for s in sizes])
    row("KPIs peak RSS (MB)", [f"{results[s]['reads']['kpi_peak_rss_mb']:.0f}" for s in sizes])
    for page in PAGES:
        timings = [results[s]["reads"]["pages"][page] for s in sizes]
        row(f"{page}: first render (s)", [_wall_cpu(t["first"], 1, 2) for t in timings])
        row(f"{page}: rerun, new filter (s)", [_wall_cpu(t["new_filter"], 1, 2) for t in timings])
        row(f"{page}: rerun, warm (ms)", [_wall_cpu(t["warm"], 1000) for t in timings])
    row("KPIs and pages peak RSS (MB)", [f"{results[s]['reads']['peak_rss_mb']:.0f}" for s in sizes])


def _wall_cpu(timing: dict[str, float], scale: float, decimals: int = 0) -> str:
    """``wall (CPU)``: the wall time waited, and the CPU time the process spent (on a loaded machine, the wall time
    also counts the other processes' turns)."""
    return f"{scale * timing['wall']:.{decimals}f} ({scale * timing['cpu']:.{decimals}f})"


def plot(results: dict[str, dict[str, Any]], out: Path) -> None:
    """Seconds against deals on log-log axes: the import, the slowest and the median KPI, each page's first render
    and warm rerun; wall time on the left, CPU time of the process on the right (the steadier figure on a shared
    machine; the import has its wall time only)."""
    import altair as alt
    import pandas as pd

    points = []
    for size, figures in results.items():
        deals, reads = int(size), figures["reads"]
        imported = figures["import"]
        points.append({"deals": deals, "what": "import until durable", "clock": "wall",
                       "seconds": imported["import"]["seconds"]})
        points.append({"deals": deals, "what": "DuckDB CREATE TABLE AS", "clock": "wall",
                       "seconds": imported["baseline"]["seconds"]})
        for clock in ("wall", "cpu"):
            kpi_seconds = [timing[clock] for timing in reads["kpis"].values()]
            points.append({"deals": deals, "what": "slowest KPI", "clock": clock, "seconds": max(kpi_seconds)})
            points.append({"deals": deals, "what": "median KPI", "clock": clock,
                           "seconds": statistics.median(kpi_seconds)})
            for page, timing in reads["pages"].items():
                points.append({"deals": deals, "what": f"{page}: first render", "clock": clock,
                               "seconds": timing["first"][clock]})
                points.append({"deals": deals, "what": f"{page}: warm rerun", "clock": clock,
                               "seconds": timing["warm"][clock]})
    frame = pd.DataFrame(points)
    frame["clock"] = frame["clock"].map({"wall": "wall time", "cpu": "CPU time of the process"})
    chart = alt.Chart(frame).mark_line(point=True).encode(
        x=alt.X("deals:Q", scale=alt.Scale(type="log"), title="deals (leads: twice as many)"),
        y=alt.Y("seconds:Q", scale=alt.Scale(type="log"), title="seconds"),
        color=alt.Color("what:N", title=None, scale=alt.Scale(scheme="category20")),
    ).properties(width=420, height=380).facet(
        column=alt.Column("clock:N", title=None, sort=["wall time", "CPU time of the process"]),
    ).properties(title="How cost grows (2-core machine)")
    chart.save(str(out), ppi=100)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deals", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--cache", type=Path, default=Path("/tmp/smart-scaling"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--plot", type=Path, help="draw the figures on log-log axes into this PNG")
    parser.add_argument("--saved", action="store_true",
                        help="measure nothing: print (and plot) the figures saved in the cache for these sizes")
    parser.add_argument("--keep-import", action="store_true",
                        help="measure the KPIs and pages only, keeping the import's figures saved for that size")
    args = parser.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    saved = args.cache / "results.json"
    results: dict[str, dict[str, Any]] = json.loads(saved.read_text()) if saved.exists() else {}
    for deals in [] if args.saved else args.deals:
        started = time.perf_counter()
        database = pages_database(args.cache, deals)
        kept = results.get(str(deals), {}).get("import") if args.keep_import else None
        results[str(deals)] = {"import": kept or measure_import(args.cache, deals),
                               "reads": measure_reads(database, args.runs)}
        saved.write_text(json.dumps(results, indent=1))
        print(f"{deals:,} deals measured in {time.perf_counter() - started:.0f} s", flush=True)
    measured = {str(deals): results[str(deals)] for deals in sorted(args.deals)}
    print_tables(measured)
    if args.plot:
        plot(measured, args.plot)
    return 1 if any(figures["reads"]["failures"] for figures in measured.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
