"""Benchmark of the conversion of amounts to the reporting currency: the money KPIs over 1,000,000 deals.

Run by hand: ``.venv/bin/python benchmarks/bench_currency.py [--deals N] [--foreign SHARE] [--runs N] [--repo PATH]``.
The deals are those of ``bench_kpi.py`` (six years, 50 reps, two pipelines), in euros; ``--foreign 0.2`` puts a
fifth of them in USD, PLN and GBP, with a rate per day for USD and PLN over the six years (4,380 rates) and none for
GBP, so that the conversion's ASOF joins and the left-out deals are exercised. Each KPI is computed by
``kpi_series(..., grain="month")`` over all the data (median of ``--runs`` after a warm-up), then ``kpi_value`` of
revenue, which adds the count of the deals left out. ``--repo`` measures another checkout of SMART Pilot (the code
before currencies, for the baseline: it has no ``kpi_value`` left-out count and stores no rates, so only
``--foreign 0`` applies there). Results: benchmarks/RESULTS-currency.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import statistics
import sys
import time
from pathlib import Path

KPIS = ("revenue", "deals_won", "avg_deal_size", "pipeline_value", "pipeline_value_weighted", "sales_velocity")


def _foreign(store, share: float) -> None:
    """Put ``share`` of the deals in USD, PLN and GBP (a third each), with daily USD and PLN rates against EUR."""
    with store.transaction() as tx:
        tx.execute("""UPDATE deals SET currency = CASE WHEN hash(crm_id) % 1000 < ? * 1000
            THEN ['USD', 'PLN', 'GBP'][1 + (hash(crm_id || 'c') % 3)::BIGINT] ELSE 'EUR' END""", [share])
        tx.execute("""INSERT INTO exchange_rates (base, currency, rate_on, rate)
            SELECT 'EUR', currency, DATE '2020-01-01' + d::INTEGER, base_rate + 0.05 * sin(d / 30.0)
            FROM range(2190) t(d), (VALUES ('USD', 1.1), ('PLN', 4.3)) r(currency, base_rate)""")


def _median_ms(func, runs: int) -> tuple[float, float]:
    """Median wall time and median CPU time (every thread of the process: DuckDB's too) in ms, after a warm-up."""
    func()
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        func()
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--deals", type=int, default=1_000_000)
    parser.add_argument("--foreign", type=float, default=0.0, help="share of the deals in other currencies")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--repo", default=str(Path(__file__).resolve().parents[1]),
                        help="the SMART Pilot checkout to measure (default: this one)")
    args = parser.parse_args()
    sys.path.insert(0, args.repo)
    sys.path.insert(1, str(Path(__file__).resolve().parent))
    analytics = importlib.import_module("smart.analytics")
    storage = importlib.import_module("smart.storage")
    bench_kpi = importlib.import_module("bench_kpi")
    store = storage.Store(":memory:")
    bench_kpi.build(store, args.deals, 1000)
    with store.transaction() as tx:
        tx.execute("UPDATE deals SET currency = 'EUR'")
    if args.foreign:
        _foreign(store, args.foreign)
    filters = analytics.Filters()
    print(f"| KPI ({args.deals:,} deals, {args.foreign:.0%} in other currencies) | wall median (ms) "
          "| CPU median (ms) |")
    print("|---|---:|---:|")
    for kpi_id in KPIS:
        wall, cpu = _median_ms(lambda kpi_id=kpi_id: analytics.kpi_series(
            store, kpi_id, filters, grain="month", today=dt.date(2025, 12, 15)), args.runs)
        print(f"| {kpi_id} (kpi_series, month) | {wall:.1f} | {cpu:.1f} |")
    wall, cpu = _median_ms(lambda: analytics.kpi_value(store, "revenue", filters, today=dt.date(2025, 12, 15)),
                           args.runs)
    value = analytics.kpi_value(store, "revenue", filters, today=dt.date(2025, 12, 15))
    counted = ", with its left-out count" if hasattr(value, "left_out") else ""
    print(f"| revenue (kpi_value{counted}) | {wall:.1f} | {cpu:.1f} |")
    if hasattr(value, "left_out"):
        print(f"\nrevenue {value.value:,.0f}; left out: {value.left_out.by_currency}")


if __name__ == "__main__":
    main()
