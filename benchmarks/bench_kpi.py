"""Benchmark of the KPI engine: every KPI at month grain over 1,000,000 deals and 2,000,000 leads.

Run by hand: ``.venv/bin/python benchmarks/bench_kpi.py [--deals N] [--leads N] [--runs N]``. The data are
generated inside DuckDB (``setseed`` + ``random()``), the KPIs computed by ``smart.analytics.kpi_series``
(median of several runs, after one warm-up), by a vectorised plain-pandas equivalent on DataFrames already in
memory (loading them is not timed) and, with ``--reference``, by the independent pandas reference the tests
check every KPI against (``tests/analytics/kpi_reference.py``, one run each: it is slow on purpose, written
for clarity), and the table printed in Markdown for benchmarks/RESULTS-kpi.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from smart.analytics import Filters, available_kpis, kpi_series  # noqa: E402
from smart.storage import Store  # noqa: E402

TODAY = dt.date(2025, 12, 15)
SOURCES = "['web', 'fair', 'referral', 'linkedin', 'email', 'partner']"


def build(store: Store, deals: int, leads: int) -> None:
    with store.transaction() as tx:
        tx.execute("SELECT setseed(0.42)")
        tx.execute("""INSERT INTO reps SELECT 'rep' || i, 'Rep ' || i, 'team' || (i % 5) FROM range(50) t(i)""")
        tx.execute("""INSERT INTO stage_map VALUES
            ('bench', '', 'S1', 'open', 1, 0.1), ('bench', '', 'S2', 'open', 2, 0.3),
            ('bench', '', 'S3', 'open', 3, 0.6), ('bench', '', 'S4', 'open', 4, 0.8),
            ('bench', '', 'Won', 'won', 5, 1.0)""")
        tx.execute(f"""
            INSERT INTO deals (source, crm_id, account, owner, pipeline, stage, status, amount, created_on, close_on,
                               lead_source)
            SELECT 'bench', 'D' || i, 'acc' || (hash(i) % 200000), 'rep' || (hash(i * 7) % 50),
                   CASE WHEN r2 < 0.7 THEN 'main' ELSE 'partners' END,
                   CASE WHEN status = 'won' THEN 'Won' ELSE 'S' || (1 + floor(r2 * 4)::INT) END,
                   status, round(500 + r3 * 50000), created_on, created_on + cycle, lead_source
            FROM (
                SELECT i, random() AS r2, random() AS r3,
                       DATE '2020-01-01' + floor(random() * 2190)::INT AS created_on,
                       1 + floor(random() * 180)::INT AS cycle,
                       CASE WHEN random() < 0.3 THEN 'won' WHEN random() < 0.55 THEN 'lost' ELSE 'open' END AS status,
                       {SOURCES}[1 + floor(random() * 6)::INT] AS lead_source
                FROM range({deals}) t(i))""")
        tx.execute(f"""
            INSERT INTO leads (source, crm_id, owner, lead_source, created_on, qualified_on, converted_on,
                               is_converted)
            SELECT 'bench', 'L' || i, 'rep' || (hash(i * 3) % 50), lead_source, created_on,
                   CASE WHEN q < 0.4 THEN created_on + 5 END,
                   CASE WHEN q < 0.15 THEN created_on + floor(c * 60)::INT END, q < 0.15
            FROM (SELECT i, random() AS q, random() AS c,
                         DATE '2020-01-01' + floor(random() * 2190)::INT AS created_on,
                         {SOURCES}[1 + floor(random() * 6)::INT] AS lead_source
                  FROM range({leads}) t(i))""")
        tx.execute("""
            INSERT INTO kpi_history (kpi, period, grain, scope, value, source)
            SELECT kpi, (DATE '2020-01-01' + INTERVAL (m) MONTH)::DATE, 'month', 'company', 4 + random(), 'bench'
            FROM range(72) t(m), (VALUES ('csat'), ('nps')) k(kpi)""")


def _month(dates: pd.Series) -> pd.Series:
    return dates.dt.to_period("M")


def _dated(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    """The frame with its date columns as pandas timestamps (in place)."""
    for column in columns:
        frame[column] = pd.to_datetime(frame[column])
    return frame


def pandas_kpis(store: Store) -> dict[str, Callable[[], object]]:
    """Vectorised plain-pandas versions of the same monthly series, on frames already loaded."""
    deals = _dated(store.df("SELECT d.*, r.team FROM deals d LEFT JOIN reps r USING (owner)"),
                   ("created_on", "close_on"))
    leads = _dated(store.df("SELECT l.*, r.team FROM leads l LEFT JOIN reps r USING (owner)"),
                   ("created_on", "qualified_on", "converted_on"))
    stage_map = store.df("SELECT raw_stage, probability FROM stage_map")
    history = store.df("SELECT * FROM kpi_history")

    def rows(status: str) -> pd.DataFrame:
        """Selecting the rows is part of every timed computation, as the WHERE clause is in SQL."""
        return deals[deals["status"] == status]

    def grid(series: pd.Series) -> pd.Series:
        periods = pd.period_range(series.index.min(), series.index.max(), freq="M")
        return series.reindex(periods)

    def cycle(status: str) -> pd.Series:
        frame = rows(status)
        days = (frame["close_on"] - frame["created_on"]).dt.days
        keep = days >= 0
        return grid(days[keep].groupby(_month(frame["close_on"][keep])).mean())

    def win_rate() -> pd.Series:
        closed = deals[deals["status"] != "open"]
        counts = closed.groupby(_month(closed["close_on"]))["status"].agg(
            won=lambda s: (s == "won").sum(), closed="size")
        return grid(counts["won"] / counts["closed"].where(counts["closed"] > 0))

    def new_customers() -> pd.Series:
        first = rows("won").sort_values(["account", "close_on", "source", "crm_id"]).drop_duplicates("account")
        return grid(first.groupby(_month(first["close_on"])).size()).fillna(0)

    def lead_rate(cohort: bool) -> pd.Series:
        created = leads.groupby(_month(leads["created_on"])).size()
        if cohort:
            delay = (leads["converted_on"] - leads["created_on"]).dt.days
            converted = leads[(delay >= 0) & (delay <= 90)].groupby(_month(leads["created_on"])).size()
        else:
            converted = leads.dropna(subset=["converted_on"]).groupby(_month(leads["converted_on"])).size()
        return grid(converted.reindex(created.index, fill_value=0) / created)

    def weighted() -> pd.Series:
        open_ = rows("open")
        probability = open_["stage"].map(dict(zip(stage_map["raw_stage"], stage_map["probability"], strict=True)))
        return grid((open_["amount"] * probability).groupby(_month(open_["close_on"])).sum()).fillna(0)

    def open_counts(periods: pd.PeriodIndex) -> np.ndarray:
        closed = deals[deals["status"] != "open"]
        opened = np.sort(deals["created_on"].to_numpy())
        closed_on = np.sort(np.maximum(closed["created_on"].to_numpy(), closed["close_on"].to_numpy()))
        ends = np.minimum(periods.end_time.normalize().to_numpy(), np.datetime64(pd.Timestamp(TODAY)))
        return np.searchsorted(opened, ends, side="right") - np.searchsorted(closed_on, ends, side="right")

    def velocity() -> pd.Series:
        won = rows("won")
        rate, size = win_rate(), grid(won.groupby(_month(won["close_on"]))["amount"].mean())
        days = cycle("won")
        return rate * size.reindex(rate.index) * open_counts(rate.index) / days.reindex(rate.index)

    def coverage() -> pd.Series:
        open_, won = rows("open"), rows("won")
        pipeline = grid(open_.groupby(_month(open_["close_on"]))["amount"].sum()).fillna(0)
        revenue = grid(won.groupby(_month(won["close_on"]))["amount"].sum()).fillna(0)
        target = revenue.shift(12)
        return pipeline / (target - revenue.reindex(pipeline.index)).where(lambda r: r > 0)

    def by_close(status: str, how: str) -> pd.Series:
        frame = rows(status)
        grouped = frame.groupby(_month(frame["close_on"]))
        return grid(grouped.size() if how == "size" else grouped["amount"].agg(how))

    kpis: dict[str, Callable[[], object]] = {
        "revenue": lambda: by_close("won", "sum").fillna(0),
        "deals_won": lambda: by_close("won", "size").fillna(0),
        "deals_lost": lambda: by_close("lost", "size").fillna(0),
        "win_rate": win_rate,
        "avg_deal_size": lambda: by_close("won", "mean"),
        "new_customers": new_customers,
        "leads_created": lambda: grid(leads.groupby(_month(leads["created_on"])).size()).fillna(0),
        "qualified_leads": lambda: grid(leads.dropna(subset=["qualified_on"]).groupby(
            _month(leads["qualified_on"])).size()).fillna(0),
        "lead_conversion_rate": lambda: lead_rate(False),
        "lead_conversion_cohort": lambda: lead_rate(True),
        "sales_cycle_days": lambda: cycle("won"),
        "sales_cycle_days_lost": lambda: cycle("lost"),
        "pipeline_value": lambda: by_close("open", "sum").fillna(0),
        "pipeline_value_weighted": weighted,
        "pipeline_coverage": coverage,
        "sales_velocity": velocity,
    }
    for kpi_id in ("csat", "nps"):
        def from_history(kpi_id: str = kpi_id) -> pd.Series:
            found = history[history["kpi"] == kpi_id]
            return grid(found.groupby(pd.to_datetime(found["period"]).dt.to_period("M"))["value"].mean())
        kpis[kpi_id] = from_history
    return kpis


def median_ms(function: Callable[[], object], runs: int) -> float:
    function()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--deals", type=int, default=1_000_000)
    parser.add_argument("--leads", type=int, default=2_000_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--db", default=":memory:", help="database file (default: in memory)")
    parser.add_argument("--reference", action="store_true",
                        help="also time the tests' pandas reference (tests/analytics/kpi_reference.py), once each")
    args = parser.parse_args()

    store = Store(args.db)
    started = time.perf_counter()
    if not store.scalar("SELECT count(*) FROM deals"):
        build(store, args.deals, args.leads)
    print(f"data: {store.scalar('SELECT count(*) FROM deals'):,} deals, "
          f"{store.scalar('SELECT count(*) FROM leads'):,} leads ({time.perf_counter() - started:.1f} s to build)")
    started = time.perf_counter()
    reference = pandas_kpis(store)
    print(f"loading deals and leads into pandas (not in the pandas column): {time.perf_counter() - started:.2f} s")
    tests_reference = tests_reference_kpis(store) if args.reference else {}
    extra = " tests' reference (ms) | reference ÷ DuckDB |" if args.reference else ""
    print(f"| KPI | DuckDB median (ms) | pandas median (ms) | pandas ÷ DuckDB |{extra} periods |")
    print("|---|---:|---:|---:|" + ("---:|---:|" if args.reference else "") + "---:|")
    for kpi_id in available_kpis(store):
        def engine(kpi_id: str = kpi_id) -> pd.DataFrame:
            return kpi_series(store, kpi_id, Filters(), grain="month", today=TODAY)
        duck = median_ms(engine, args.runs)
        periods = len(engine())
        plain = median_ms(reference[kpi_id], max(3, args.runs // 2))
        cells = f" {plain:.1f} | {plain / duck:.1f}× |"
        if args.reference:
            slow = median_ms(tests_reference[kpi_id], 1)
            cells += f" {slow:.0f} | {slow / duck:.0f}× |"
        print(f"| {kpi_id} | {duck:.1f} |{cells} {periods} |", flush=True)
    store.close()


def tests_reference_kpis(store: Store) -> dict[str, Callable[[], object]]:
    """The tests' independent pandas reference, on frames already loaded (loading is not timed)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "analytics"))
    import kpi_reference as ref

    data = ref.Data(_dated(store.df("SELECT * FROM deals"), ("created_on", "close_on")),
                    _dated(store.df("SELECT * FROM leads"), ("created_on", "qualified_on", "converted_on")),
                    store.df("SELECT * FROM reps"), store.df("SELECT * FROM stage_map"),
                    _dated(store.df("SELECT * FROM kpi_history"), ("period",)))
    return {kpi_id: (lambda kpi_id=kpi_id: ref.series(data, kpi_id, Filters(), "month", None, None, TODAY))
            for kpi_id in available_kpis(store)}


if __name__ == "__main__":
    main()
