"""Benchmark of the analysis pages (AppTest): first render and reruns after a filter change, on 1,000,000
deals and 2,000,000 leads.

Run by hand: ``.venv/bin/python benchmarks/bench_pages.py [--deals N] [--leads N] [--db PATH]``. The data are
generated inside DuckDB (``setseed`` + ``random()``): 50 reps in 5 teams, deals created over three years up to
the benchmark's day, 12 weekly snapshots of 100,000 deals (plus every deal's
record, which deal_history reads as its latest state), leads, the demo's five objectives. Each measurement
is a fresh AppTest session running the whole app (frame + page) with the filters set in its session state (an
AppTest page switch clears the URL), as a browser rerun after a filter change does:

- first render: every Streamlit cache cleared, default filters (this year);
- rerun, new filter: a rep / team / source / period never computed before (cold for those filters);
- rerun, warm: the same filter changes again, their results now cached (the target: ≤ 300 ms median).

The app's "today" is the benchmark's day (``$SMART_TODAY``, which ``smart.clock.today()`` reads), and every run
checks it: the sidebar must show the period's days as of that day (for "last month", October 2026 and not the
month before the machine's date).

The table is printed in Markdown for benchmarks/RESULTS-pages.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from smart import clock  # noqa: E402
from smart.analytics import period_bounds  # noqa: E402
from smart.i18n import Translator  # noqa: E402
from smart.storage import Store  # noqa: E402

TODAY = dt.date(2026, 11, 27)
PAGES = ("overview", "conversion", "cycle", "variance", "team")
SOURCES = "['Site web', 'Salon', 'Recommandation', 'LinkedIn', 'Emailing', 'Partenaire']"
FILTER_CHANGES = (
    {"owner": "rep7"}, {"team": "team2"}, {"source": "LinkedIn"}, {"period": "last_month"},
    {"period": "last_year", "team": "team1"},
)


def build(store: Store, deals: int, leads: int) -> None:
    with store.transaction() as tx:
        tx.execute("SELECT setseed(0.42)")
        tx.execute("INSERT INTO imports (file_name, sha256, kind, profile, source, started_at, finished_at, rows, "
                   "observed_on) VALUES ('bench.csv', 'x', 'deals', 'generic', 'bench', now(), now(), ?, ?) "
                   "RETURNING id", [deals, TODAY])
        import_id = tx.fetchall()[0][0]
        tx.execute("INSERT INTO reps SELECT 'rep' || i, 'Rep ' || i, 'team' || (i % 5) FROM range(50) t(i)")
        tx.execute("""INSERT INTO stage_map VALUES
            ('bench', '', 'S1', 'open', 1, 0.1), ('bench', '', 'S2', 'open', 2, 0.3),
            ('bench', '', 'S3', 'open', 3, 0.6), ('bench', '', 'S4', 'open', 4, 0.8),
            ('bench', '', 'Won', 'won', 5, 1.0)""")
        tx.execute(f"""
            INSERT INTO deals (source, crm_id, title, account, owner, stage, status, amount, currency, created_on,
                               close_on, lead_source, import_id)
            SELECT 'bench', 'D' || i, 'Deal ' || i, 'acc' || (hash(i) % 200000), 'rep' || (hash(i * 7) % 50),
                   CASE WHEN status = 'won' THEN 'Won' ELSE 'S' || (1 + floor(r2 * 4)::INT) END,
                   status, round(500 + r3 * 50000), 'EUR', created_on,
                   CASE WHEN status = 'open' THEN ?::DATE + floor(r2 * 90)::INT
                        ELSE least(created_on + cycle, ?::DATE) END, lead_source, {import_id}
            FROM (
                SELECT i, random() AS r2, random() AS r3,
                       ?::DATE - 1095 + floor(random() * 1095)::INT AS created_on,
                       1 + floor(random() * 180)::INT AS cycle,
                       CASE WHEN random() < 0.3 THEN 'won' WHEN random() < 0.6 THEN 'lost' ELSE 'open' END AS status,
                       {SOURCES}[1 + floor(random() * 6)::INT] AS lead_source
                FROM range({deals}) t(i))""", [TODAY, TODAY, TODAY])
        tx.execute("""
            INSERT INTO deal_snapshots (source, crm_id, import_id, observed_on, stage, status, amount, close_on)
            SELECT d.source, d.crm_id, w + 1, ?::DATE - (7 * (11 - w))::INTEGER,
                   'S' || least(4, 1 + floor((w + hash(d.crm_id) % 5) / 3)::INT), 'open', d.amount,
                   d.close_on - CASE WHEN hash(d.crm_id || w) % 4 = 0 THEN (7 * (11 - w))::INTEGER ELSE 0 END
            FROM (SELECT * FROM deals USING SAMPLE 100000 ROWS) d, range(12) t(w)""", [TODAY])
        tx.execute(f"""
            INSERT INTO leads (source, crm_id, owner, lead_source, created_on, qualified_on, converted_on,
                               is_converted)
            SELECT 'bench', 'L' || i, 'rep' || (hash(i * 3) % 50), lead_source, created_on,
                   CASE WHEN q < 0.4 THEN created_on + 5 END,
                   CASE WHEN q < 0.15 AND created_on + floor(c * 60)::INT <= ?::DATE
                        THEN created_on + floor(c * 60)::INT END, q < 0.15
            FROM (SELECT i, random() AS q, random() AS c,
                         ?::DATE - 1095 + floor(random() * 1095)::INT AS created_on,
                         {SOURCES}[1 + floor(random() * 6)::INT] AS lead_source
                  FROM range({leads}) t(i))""", [TODAY, TODAY])
        year_start, year_end = dt.date(TODAY.year, 1, 1), dt.date(TODAY.year, 12, 31)
        quarter_start = dt.date(TODAY.year, 3 * ((TODAY.month - 1) // 3) + 1, 1)
        tx.executemany(
            "INSERT INTO objectives (title, kpi, direction, target_mode, target_input, statistic, grain, start_on, "
            "deadline, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'bench')",
            [["Revenue +15 %", "revenue", "increase", "relative_pct", 15, None, "year", year_start, year_end],
             ["200 qualified leads a month", "qualified_leads", "reach", "absolute", 200, None, "month",
              year_start, year_end],
             ["Lead conversion +10 %", "lead_conversion_rate", "increase", "relative_pct", 10, None, "quarter",
              quarter_start, year_end],
             ["500 new customers", "new_customers", "reach", "absolute", 500, None, "year", year_start, year_end],
             ["Sales cycle −20 days", "sales_cycle_days", "decrease", "delta", -20, "mean", "year", year_start,
              year_end]])


def pin_today() -> None:
    """Make the benchmark's day the app's today (``smart.clock.today()`` reads ``$SMART_TODAY``)."""
    os.environ[clock.TODAY_ENV_VAR] = TODAY.isoformat()


def check_period_shown(at: Any, page: str) -> None:
    """The sidebar shows the period chosen as of the benchmark's day: the pages really ran on ``TODAY``."""
    start, end = period_bounds(at.session_state["period"], TODAY)
    if start is None or end is None:
        return
    t = Translator("en")
    expected = t("period.range", start=t.date(start), end=t.date(end))
    shown = [caption.value for caption in at.sidebar.caption]
    if expected not in shown:
        raise RuntimeError(f"{page} did not render as of {TODAY}: the sidebar shows {shown}, not {expected!r}")


def run(page: str, query: dict[str, str]) -> tuple[float, bool]:
    """One fresh session of the whole app showing ``page`` as of ``TODAY``; returns (seconds, whether it
    raised)."""
    from streamlit.testing.v1 import AppTest

    pin_today()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    at.query_params["lang"] = "en"
    for key, value in query.items():
        at.session_state[key] = value if key == "period" else [value]
    at.switch_page(f"pages/{page}.py")
    started = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - started
    shown = {key: at.session_state[key] for key in query}
    if shown != {key: value if key == "period" else [value] for key, value in query.items()}:
        raise RuntimeError(f"the filters {query} were not applied: {shown}")
    failed = bool(at.exception) or bool(at.error)
    if failed:
        print(page, query, [e.value for e in at.exception], [e.value for e in at.error], file=sys.stderr)
    else:
        check_period_shown(at, page)
    return elapsed, failed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deals", type=int, default=1_000_000)
    parser.add_argument("--leads", type=int, default=2_000_000)
    parser.add_argument("--db", type=Path, help="reuse (or create) this database file")
    args = parser.parse_args()
    path = args.db or Path(tempfile.mkdtemp(prefix="bench-pages-")) / "bench.duckdb"
    if not path.exists():
        started = time.perf_counter()
        store = Store(path)
        build(store, args.deals, args.leads)
        store.close()
        print(f"built {args.deals:,} deals and {args.leads:,} leads in {time.perf_counter() - started:.1f} s")
    os.environ["SMART_DB"] = str(path)

    import streamlit as st

    pin_today()
    rows, failures = [], 0
    for page in PAGES:
        st.cache_data.clear()
        st.cache_resource.clear()
        first, failed = run(page, {})
        failures += failed
        cold, warm = [], []
        for query in FILTER_CHANGES:
            seconds, failed = run(page, query)
            cold.append(seconds)
            failures += failed
        for query in FILTER_CHANGES:
            seconds, failed = run(page, query)
            warm.append(seconds)
            failures += failed
        rows.append((page, first, statistics.median(cold), max(cold), statistics.median(warm), max(warm)))
    print(f"\n{args.deals:,} deals, {args.leads:,} leads; seconds; medians over {len(FILTER_CHANGES)} filter changes\n")
    print("| page | first render (cold caches) | rerun, new filter: median | max | rerun, warm: median | max |")
    print("|---|---:|---:|---:|---:|---:|")
    for page, first, cold_median, cold_max, warm_median, warm_max in rows:
        print(f"| {page} | {first:.2f} | {cold_median:.2f} | {cold_max:.2f} | {warm_median:.3f} | {warm_max:.3f} |")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
