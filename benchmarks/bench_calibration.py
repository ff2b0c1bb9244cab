"""Calibration backtest of the objectives' probability of attainment, status and projection.

Run by hand: ``.venv/bin/python benchmarks/bench_calibration.py [--db PATH | --synthetic] [--out FILE.md]``.

Without ``--db`` the demo company is generated (``smart.demo``) as of ``--today`` into a temporary folder; with
``--db`` any database is read (an imported one: nothing is written to it); ``--synthetic`` builds a company of
another shape (a strong end-of-quarter push, growth then a step, a summer dip, reps joining and leaving) from CSV
exports imported through the importer, as a user's files would be.

Thousands of past objectives are set on the data: 7 KPIs (``--kpis``), the company, each team and each rep,
every calendar quarter and half-year that ended before the data's last day and has history before it, each with
``--targets`` ambitions drawn between -10 % and +40 % of its baseline (a decrease for a KPI where lower is
better). Each is evaluated with the product's own ``progress(store, objective, today)`` on the days 25 %, 50 %
and 75 % of its window have passed, and its outcome is the product's own verdict once decided
(``progress(store, objective, deadline + 1 day)``: achieved or missed).

Printed (and written to ``--out`` as Markdown): the reliability table (predicted probability in buckets of
10 points: count, mean prediction, observed rate, gap, standard error of the observed rate), the Brier score and
its skill against the constant base rate, the share and error rate of exact 0 % and 100 % (as shown, rounded to
the percent), the status contradictions (off track while ahead of pace; off track for a non-additive KPI already
past its target; off track with a projection past the target), and how long ``progress`` takes.

Nothing after ``today`` may leak into an evaluation: ``--leak-check N`` re-evaluates N sampled evaluations on a
copy of the database cut at their day (deals closed later reopened, leads created later removed, later
qualification and conversion dates blanked, later KPI history removed) and counts the figures that differ.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from smart.analytics import get_kpi  # noqa: E402
from smart.demo import generate_demo, load_demo  # noqa: E402
from smart.dimensions import filter_options  # noqa: E402
from smart.objectives import Objective, progress  # noqa: E402
from smart.objectives import forecast as forecast_module  # noqa: E402
from smart.storage import Store  # noqa: E402

KPIS = ("revenue", "new_customers", "qualified_leads", "win_rate", "avg_deal_size", "sales_cycle_days",
        "lead_conversion_rate")
SHARES = (0.25, 0.50, 0.75)
AMBITION = (-0.10, 0.40)
DEMO_TODAY = dt.date(2026, 11, 27)
BUCKET_EDGES = np.linspace(0.0, 1.0, 11)
MIN_HISTORY_MONTHS = 6
FIGURES = ("baseline", "target", "actual", "expected", "gap", "projection_run_rate", "projection_forecast",
           "band_low", "band_high", "probability", "status", "reachable")


@dataclass(frozen=True)
class Window:
    kind: str
    start: dt.date
    deadline: dt.date


# ---------------------------------------------------------------------------------------------------------------
# The databases


def build_demo(folder: Path, today: dt.date, seed: int | None) -> Path:
    path = folder / "demo.duckdb"
    store = Store(path)
    kwargs = {} if seed is None else {"seed": seed}
    load_demo(store, generate_demo(folder / "demo-exports", today=today, **kwargs))
    store.close()
    return path


def build_synthetic(folder: Path, today: dt.date, seed: int) -> Path:
    """A company of another shape than the demo, written as CSV exports and imported through the importer."""
    from smart.ingest import import_file

    deals, leads = synthetic_exports(today, seed)
    deals_path, leads_path = folder / "deals.csv", folder / "leads.csv"
    deals.to_csv(deals_path, index=False, date_format="%Y-%m-%d")
    leads.to_csv(leads_path, index=False, date_format="%Y-%m-%d")
    path = folder / "synthetic.duckdb"
    store = Store(path)
    import_file(store, deals_path, kind="deals", source="synthetic", default_currency="EUR")
    import_file(store, leads_path, kind="leads", source="synthetic")
    store.close()
    return path


def synthetic_exports(today: dt.date, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Three and a half years of a seller whose quarters end in a push (a third of the wins signed in the last two
    weeks of the quarter), with a summer dip, +20 % a year, a +25 % step when a product launches, three teams
    of reps of unequal skill and size, two reps leaving and two joining."""
    rng = np.random.default_rng(seed)
    first = dt.date(today.year - 3, 1, 1)
    days = pd.date_range(first, today, freq="D")
    years = (days - days[0]).days.to_numpy() / 365.25
    season = np.array([0.8, 0.95, 1.05, 1.0, 1.05, 1.0, 0.7, 0.55, 1.1, 1.15, 1.15, 1.05])[days.month - 1]
    launch = np.where(days >= pd.Timestamp(today.year - 1, 4, 1), 1.25, 1.0)
    weekday = np.where(days.day_of_week >= 5, 0.1, 1.0)
    reps = pd.DataFrame({
        "owner": [f"rep{i:02d}" for i in range(12)],
        "team": ["North"] * 5 + ["South"] * 4 + ["Key accounts"] * 3,
        "skill": rng.uniform(0.6, 1.4, 12),
        "size": [1.0] * 9 + [3.0] * 3,
        "joined": [first] * 10 + [dt.date(today.year - 1, 7, 1), dt.date(today.year - 2, 1, 1)],
        "left": [None, None, dt.date(today.year - 1, 9, 30)] + [None] * 5 + [dt.date(today.year - 2, 12, 31)]
        + [None] * 3,
    })
    intensity = 18.0 * season * launch * weekday * 1.2 ** years
    created = pd.DatetimeIndex(np.repeat(days.to_numpy(), rng.poisson(intensity)))
    n = created.size
    active = np.array([[(pd.Timestamp(r.joined) <= day) and (r.left is None or day <= pd.Timestamp(r.left))
                        for r in reps.itertuples()] for day in days])
    day_index = (created - days[0]).days.to_numpy()
    weights = active[day_index] * reps["skill"].to_numpy()
    owner_idx = np.array([rng.choice(12, p=w / w.sum()) for w in weights])
    sources = np.array(["Web", "Events", "Referral", "Outbound"])[rng.choice(4, n, p=[0.45, 0.2, 0.15, 0.2])]
    qualified = rng.random(n) < 0.45
    qualified_on = created + pd.to_timedelta(np.ceil(rng.exponential(4.0, n)), unit="D")
    skill = reps["skill"].to_numpy()[owner_idx]
    converts = qualified & (rng.random(n) < np.clip(0.35 * skill * (1 + 0.1 * years[day_index]), 0, 0.9))
    converted_on = qualified_on + pd.to_timedelta(np.ceil(rng.gamma(2.0, 8.0, n)), unit="D")
    today_ts = pd.Timestamp(today)
    qualified &= qualified_on <= today_ts
    converts &= qualified & (converted_on <= today_ts)
    leads = pd.DataFrame({
        "Lead ID": [f"L{i:06d}" for i in range(n)], "Owner": reps["owner"].to_numpy()[owner_idx],
        "Team": reps["team"].to_numpy()[owner_idx], "Lead source": sources, "Created date": created,
        "Qualified date": pd.Series(qualified_on).where(qualified),
        "Converted date": pd.Series(converted_on).where(converts),
        "Status": np.where(converts, "Converted", np.where(qualified, "Qualified", "New")),
    })
    # Deals: one per converted lead, won with the rep's skill; the natural close date is pulled into the last two
    # weeks of its quarter a third of the time (the push), and August signatures slip to September.
    deal_created = pd.DatetimeIndex(leads.loc[converts, "Converted date"])
    m = deal_created.size
    deal_owner = owner_idx[converts]
    won = rng.random(m) < np.clip(0.42 * skill[converts], 0.05, 0.9)
    amount = np.round(rng.lognormal(np.log(12_000 * reps["size"].to_numpy()[deal_owner]), 0.7), -1)
    cycle = np.maximum(5, np.round(rng.lognormal(np.log(45 * (amount / 12_000) ** 0.3), 0.6))).astype(int)
    natural = deal_created + pd.to_timedelta(cycle, unit="D")
    quarter_end = natural.to_period("Q").end_time.normalize()
    push = won & (rng.random(m) < 0.33) & (natural.month % 3 != 0)
    pushed = quarter_end - pd.to_timedelta(rng.integers(0, 14, m), unit="D")
    close = pd.DatetimeIndex(np.where(push, pushed.to_numpy(), natural.to_numpy()))
    slip = (close.month == 8) & (rng.random(m) < 0.5)
    close = pd.DatetimeIndex(np.where(slip, (close + pd.DateOffset(months=1)).to_numpy(), close.to_numpy()))
    closed = close <= today_ts
    status = np.where(~closed, "Open", np.where(won, "Won", "Lost"))
    accounts = rng.integers(0, int(m * 0.8), m)
    deals = pd.DataFrame({
        "Deal ID": [f"D{i:06d}" for i in range(m)], "Deal name": [f"Deal {i}" for i in range(m)],
        "Account": [f"Account {a}" for a in accounts], "Owner": reps["owner"].to_numpy()[deal_owner],
        "Team": reps["team"].to_numpy()[deal_owner], "Stage": np.where(closed, status, "Proposal"),
        "Status": status, "Amount": amount, "Created date": deal_created,
        "Close date": close, "Lead source": leads.loc[converts, "Lead source"].to_numpy(),
    })
    return deals, leads


def data_end(store: Store) -> dt.date:
    """The last day the data describes: the latest close date of a closed deal, or of a lead's creation."""
    day = store.scalar("SELECT greatest(max(close_on) FILTER (WHERE status IN ('won', 'lost')), "
                       "(SELECT max(created_on) FROM leads)) FROM deals")
    return pd.Timestamp(day).date()


def data_start(store: Store) -> dt.date:
    day = store.scalar("SELECT least(min(close_on) FILTER (WHERE status IN ('won', 'lost')), "
                       "(SELECT min(created_on) FROM leads)) FROM deals")
    return pd.Timestamp(day).date()


# ---------------------------------------------------------------------------------------------------------------
# The objectives


def windows(first: dt.date, last: dt.date) -> list[Window]:
    """Calendar quarters and half-years with MIN_HISTORY_MONTHS of data before them, decided by ``last``."""
    earliest = (pd.Timestamp(first).to_period("M") + MIN_HISTORY_MONTHS).to_timestamp().date()
    found = []
    for kind, months in (("quarter", 3), ("half-year", 6)):
        start = pd.Timestamp(first.year, 1, 1)
        while start.date() <= last:
            deadline = (start + pd.DateOffset(months=months) - pd.Timedelta(days=1)).date()
            if start.date() >= earliest and deadline < last:
                found.append(Window(kind, start.date(), deadline))
            start += pd.DateOffset(months=months)
    return found


def scopes(store: Store) -> list[tuple[str, str | None]]:
    options = filter_options(store)
    return [("company", None), *(("team", team) for team in options["team"]),
            *(("rep", owner) for owner in options["owner"])]


def objectives(store: Store, last: dt.date, kpis: tuple[str, ...], targets: int, rng: np.random.Generator,
               limit: int | None) -> list[tuple[Objective, float, str]]:
    """(objective, ambition, window kind) for every KPI, scope and window, ``targets`` ambitions each."""
    found = []
    for window in windows(data_start(store), last):
        for scope_type, scope_value in scopes(store):
            for kpi_id in kpis:
                kpi = get_kpi(kpi_id, store)
                for ambition in rng.uniform(*AMBITION, targets):
                    change = 100 * float(ambition) * (1 if kpi.higher_is_better else -1)
                    found.append((Objective(
                        f"{kpi_id} {scope_type} {scope_value or ''} {window.start}", kpi_id, round(change, 2),
                        window.start, window.deadline, direction="reach", target_mode="relative_pct",
                        scope_type=scope_type, scope_value=scope_value,
                        statistic="mean" if kpi.stats_allowed else None, grain="year" if kpi.additive else "month",
                        id=len(found) + 1), float(ambition), window.kind))
    if limit is not None and len(found) > limit:
        picks = np.sort(rng.choice(len(found), limit, replace=False))
        found = [found[i] for i in picks]
    return found


def evaluation_day(objective: Objective, share: float) -> dt.date:
    assert objective.start_on is not None and objective.deadline is not None
    total = (objective.deadline - objective.start_on).days + 1
    return objective.start_on + dt.timedelta(days=round(share * total) - 1)


def decision_day(objective: Objective) -> dt.date:
    """The first day the objective is decided: the day after its deadline (90 days later for a cohort KPI)."""
    assert objective.deadline is not None
    extra = 90 if get_kpi(objective.kpi).cohort else 0
    return objective.deadline + dt.timedelta(days=1 + extra)


class ForecastTimer:
    """Times the forecast and the bound inside ``progress`` (the arithmetic, without the queries)."""

    def __init__(self) -> None:
        self.seconds: list[float] = []
        self._originals = (forecast_module.forecast, forecast_module.out_of_reach)

    def __enter__(self) -> ForecastTimer:
        def timed(function):
            def wrapper(*args, **kwargs):
                began = time.perf_counter()
                try:
                    return function(*args, **kwargs)
                finally:
                    self.seconds.append(time.perf_counter() - began)
            return wrapper

        forecast_module.forecast, forecast_module.out_of_reach = (timed(f) for f in self._originals)
        return self

    def __exit__(self, *exc: object) -> None:
        forecast_module.forecast, forecast_module.out_of_reach = self._originals


def evaluate(store: Store, cases: list[tuple[Objective, float, str]], last: dt.date, *,
             quiet: bool = False) -> pd.DataFrame:
    with ForecastTimer() as timer:
        frame = _evaluate(store, cases, last, quiet=quiet)
    # Two timed calls (the bound, then the forecast) per evaluation: their sum is the arithmetic's cost.
    pairs = np.asarray(timer.seconds[: 2 * (len(timer.seconds) // 2)]).reshape(-1, 2).sum(axis=1)
    frame.attrs["forecast_ms"] = [1000 * t for t in pairs]
    return frame


def _evaluate(store: Store, cases: list[tuple[Objective, float, str]], last: dt.date, *,
              quiet: bool = False) -> pd.DataFrame:
    rows = []
    timings: list[float] = []
    for number, (objective, ambition, kind) in enumerate(cases, start=1):
        if decision_day(objective) > last:
            continue
        outcome = progress(store, objective, decision_day(objective), simulate=False)
        if outcome.target is None:
            continue
        met = outcome.status == "achieved"
        for share in SHARES:
            day = evaluation_day(objective, share)
            began = time.perf_counter()
            result = progress(store, objective, day)
            timings.append(time.perf_counter() - began)
            rows.append({
                "id": objective.id, "kpi": objective.kpi, "scope_type": objective.scope_type,
                "scope": objective.scope_value, "window": kind, "start": objective.start_on,
                "deadline": objective.deadline, "ambition": ambition, "share": share, "day": day,
                "additive": result.additive, "sign": result.sign, "met": met, "final_actual": outcome.actual,
                **{name: getattr(result, name) for name in FIGURES}, "projection": result.projection,
            })
        if not quiet and number % 250 == 0:
            print(f"  {number} / {len(cases)} objectives", file=sys.stderr, flush=True)
    frame = pd.DataFrame(rows)
    frame.attrs["progress_ms"] = [1000 * t for t in timings]
    return frame


# ---------------------------------------------------------------------------------------------------------------
# The measures


def reliability(frame: pd.DataFrame) -> pd.DataFrame:
    scored = frame.dropna(subset=["probability"])
    bucket = np.clip(np.digitize(scored["probability"], BUCKET_EDGES[1:-1]), 0, 9)
    table = scored.groupby(bucket).agg(count=("met", "size"), predicted=("probability", "mean"),
                                       observed=("met", "mean"))
    table["gap"] = table["observed"] - table["predicted"]
    table["stderr"] = np.sqrt(table["observed"] * (1 - table["observed"]) / table["count"])
    table.index = [f"{BUCKET_EDGES[i]:.0%}–{BUCKET_EDGES[i + 1]:.0%}" for i in table.index]
    return table


def shown_percent(probability: pd.Series) -> pd.Series:
    """The probability as the page shows it: a whole percent."""
    return (probability * 100).round()


def measures(frame: pd.DataFrame) -> dict[str, float]:
    scored = frame.dropna(subset=["probability"])
    met = scored["met"].to_numpy(dtype=float)
    p = scored["probability"].to_numpy(dtype=float)
    base = met.mean()
    brier = float(np.mean((p - met) ** 2))
    constant = float(base * (1 - base))
    shown = shown_percent(scored["probability"])
    zero, hundred = scored[shown == 0], scored[shown == 100]
    signed_gap = scored["sign"] * scored["gap"]
    ahead = signed_gap >= 0
    off = scored["status"] == "off_track"
    past_target = (~scored["additive"]) & (scored["sign"] * (scored["actual"] - scored["target"]) >= 0)
    projects_past = scored["sign"] * (scored["projection"] - scored["target"]) >= 0
    return {
        "evaluations": len(frame), "scored": len(scored), "base_rate": base, "brier": brier,
        "brier_constant": constant, "skill": 1 - brier / constant if constant else math.nan,
        "exact_share": (len(zero) + len(hundred)) / len(scored),
        "exact_zero": len(zero), "exact_zero_met": int(zero["met"].sum()),
        "exact_hundred": len(hundred), "exact_hundred_missed": int((~hundred["met"]).sum()),
        "exact_wrong_rate": (zero["met"].sum() + (~hundred["met"]).sum()) / max(1, len(zero) + len(hundred)),
        "off_ahead": int((off & ahead).sum()), "off_ahead_met": int((off & ahead & scored["met"]).sum()),
        "off_past_target": int((off & past_target).sum()), "off_projects_past": int((off & projects_past).sum()),
        "off_ahead_unreachable": int((off & ahead & ~scored["reachable"].astype(bool)).sum()),
        "ahead_met": float(scored.loc[ahead, "met"].mean()), "ahead_predicted": float(scored.loc[ahead,
                                                                                                "probability"].mean()),
    }


def by_group(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    scored = frame.dropna(subset=["probability"])
    grouped = scored.groupby(column).agg(count=("met", "size"), predicted=("probability", "mean"),
                                         observed=("met", "mean"))
    grouped["brier"] = scored.assign(sq=(scored["probability"] - scored["met"]) ** 2).groupby(column)["sq"].mean()
    return grouped


# ---------------------------------------------------------------------------------------------------------------
# Leaks


def cut_copy(source: Path, folder: Path, day: dt.date) -> Path:
    """A copy of the database as it could have been known on ``day``."""
    copy = folder / f"cut-{day.isoformat()}.duckdb"
    shutil.copy(source, copy)
    wal = source.with_name(source.name + ".wal")
    if wal.exists():
        shutil.copy(wal, copy.with_name(copy.name + ".wal"))
    store = Store(copy)
    with store.transaction() as tx:
        tx.execute("UPDATE deals SET status = 'open', close_on = NULL WHERE close_on > ? AND status <> 'open'", [day])
        tx.execute("DELETE FROM deals WHERE created_on > ?", [day])
        tx.execute("DELETE FROM leads WHERE created_on > ?", [day])
        tx.execute("UPDATE leads SET qualified_on = NULL WHERE qualified_on > ?", [day])
        tx.execute("UPDATE leads SET converted_on = NULL, is_converted = false WHERE converted_on > ?", [day])
        tx.execute("DELETE FROM kpi_history WHERE period > ?", [day])
    store.close()
    return copy


def leak_check(db: Path, frame: pd.DataFrame, cases: dict[int, Objective], sample: int,
               rng: np.random.Generator) -> tuple[int, int]:
    """(evaluations checked, evaluations whose figures differ on a copy cut at their day)."""
    if sample <= 0 or frame.empty:
        return 0, 0
    picks = frame.iloc[rng.choice(len(frame), min(sample, len(frame)), replace=False)]
    differing = 0
    with tempfile.TemporaryDirectory() as folder:
        for day, group in picks.groupby("day"):
            copy = cut_copy(db, Path(folder), day)
            store = Store(copy)
            try:
                for row in group.itertuples():
                    cut = progress(store, cases[row.id], day)
                    same = all(_same(getattr(cut, name), getattr(row, name)) for name in FIGURES)
                    differing += not same
            finally:
                store.close()
                copy.unlink()
    return len(picks), differing


def _same(a: object, b: object) -> bool:
    if isinstance(a, float | int) and isinstance(b, float | int) and not isinstance(a, bool):
        if math.isnan(float(b)) and a is None:
            return True
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)
    if a is None:
        return b is None or (isinstance(b, float) and math.isnan(b))
    return a == b


# ---------------------------------------------------------------------------------------------------------------
# The report


def markdown(name: str, frame: pd.DataFrame, table: pd.DataFrame, figures: dict[str, float],
             leaks: tuple[int, int], timing: dict[str, float]) -> str:
    lines = [f"### {name}", "",
             f"{figures['evaluations']:,} evaluations of {frame['id'].nunique():,} objectives "
             f"({figures['scored']:,} with a probability); base rate {figures['base_rate']:.1%}.", "",
             "| predicted | count | mean prediction | observed | observed − predicted | ± 1 s.e. |",
             "|---|---:|---:|---:|---:|---:|"]
    for bucket, row in table.iterrows():
        lines.append(f"| {bucket} | {int(row['count']):,} | {row['predicted']:.1%} | {row['observed']:.1%} | "
                     f"{100 * row['gap']:+.1f} pts | {100 * row['stderr']:.1f} |")
    worst = table["gap"].abs().max()
    lines += ["", f"- Largest bucket gap: {100 * worst:.1f} points.",
              f"- Brier score {figures['brier']:.4f}; constant base rate {figures['brier_constant']:.4f}; "
              f"skill {figures['skill']:.1%}.",
              f"- Exact 0 % or 100 % shown: {figures['exact_share']:.1%} of evaluations ({figures['exact_zero']:,} "
              f"at 0 %, {figures['exact_zero_met']:,} of them met; {figures['exact_hundred']:,} at 100 %, "
              f"{figures['exact_hundred_missed']:,} of them missed): wrong {figures['exact_wrong_rate']:.1%} of the "
              "time.",
              f"- Off track while ahead of pace: {figures['off_ahead']:,} ({figures['off_ahead_met']:,} met; "
              f"{figures['off_ahead_unreachable']:,} of them out of reach by the bound).",
              f"- Off track for a non-additive KPI already past its target to date: {figures['off_past_target']:,}.",
              f"- Off track with a projection past the target: {figures['off_projects_past']:,}.",
              f"- Ahead of pace: predicted {figures['ahead_predicted']:.1%} on average, met "
              f"{figures['ahead_met']:.1%}.",
              f"- Leak check: {leaks[1]} of {leaks[0]} evaluations differ on a copy cut at their day.",
              f"- `progress(store, objective, today)`: median {timing['median']:.0f} ms, 90th percentile "
              f"{timing['p90']:.0f} ms per call over {timing['calls']:,} calls; of which the forecast and the bound "
              f"(the arithmetic, without the queries): median {timing['forecast_median']:.2f} ms, 90th percentile "
              f"{timing['forecast_p90']:.2f} ms.", ""]
    for column in ("kpi", "scope_type", "share", "window"):
        grouped = by_group(frame, column)
        lines += [f"By {column}:", "", f"| {column} | count | predicted | observed | Brier |",
                  "|---|---:|---:|---:|---:|"]
        lines += [f"| {index} | {int(row['count']):,} | {row['predicted']:.1%} | {row['observed']:.1%} | "
                  f"{row['brier']:.3f} |" for index, row in grouped.iterrows()]
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--db", type=Path, help="an existing database (default: the demo, generated)")
    source.add_argument("--synthetic", action="store_true", help="a generated company of another shape")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=None,
                        help="the demo's or synthetic company's day (default 2026-11-27); with --db the data's end")
    parser.add_argument("--seed", type=int, default=20261127, help="seed of the targets (and of the company)")
    parser.add_argument("--kpis", nargs="+", default=list(KPIS))
    parser.add_argument("--targets", type=int, default=2, help="ambitions drawn per KPI, scope and window")
    parser.add_argument("--limit", type=int, default=None, help="evaluate a random sample of this many objectives")
    parser.add_argument("--leak-check", type=int, default=40, help="evaluations re-checked on a cut copy")
    parser.add_argument("--out", type=Path, help="write the report here (Markdown)")
    parser.add_argument("--csv", type=Path, help="write every evaluation here")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    rng = np.random.default_rng(args.seed)
    with tempfile.TemporaryDirectory() as folder:
        if args.db is not None:
            db, name = args.db, args.db.name
        elif args.synthetic:
            db, name = build_synthetic(Path(folder), args.today or DEMO_TODAY, args.seed), "synthetic company"
        else:
            db, name = build_demo(Path(folder), args.today or DEMO_TODAY, None), "demo company"
        store = Store(db)
        try:
            last = args.today if args.db is not None and args.today else data_end(store)
            cases = objectives(store, last, tuple(args.kpis), args.targets, rng, args.limit)
            print(f"{name}: data to {last}, {len(cases):,} objectives", file=sys.stderr, flush=True)
            frame = evaluate(store, cases, last, quiet=args.quiet)
        finally:
            store.close()
        milliseconds = frame.attrs["progress_ms"]
        arithmetic = frame.attrs["forecast_ms"] or [math.nan]
        timing = {"median": statistics.median(milliseconds), "p90": float(np.percentile(milliseconds, 90)),
                  "calls": len(milliseconds), "forecast_median": statistics.median(arithmetic),
                  "forecast_p90": float(np.percentile(arithmetic, 90))}
        leaks = leak_check(db, frame, {objective.id: objective for objective, _, _ in cases}, args.leak_check, rng)
    table, figures = reliability(frame), measures(frame)
    report = markdown(name, frame, table, figures, leaks, timing)
    print(report)
    if args.out:
        args.out.write_text(report + "\n", encoding="utf-8")
    if args.csv:
        frame.to_csv(args.csv, index=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
