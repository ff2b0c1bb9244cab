"""An independent plain-pandas implementation of every KPI, to check the DuckDB engine against.

It shares no code with ``smart.analytics`` beyond the ``Filters`` dataclass: dates are placed in periods
with pandas ``Period`` objects, statistics come from pandas, the period grid from ``pd.period_range``.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from smart.analytics.filters import Filters

FREQ = {"week": "W-SUN", "month": "M", "quarter": "Q", "year": "Y"}
BY = {"team": "team", "owner": "owner", "source": "lead_source"}
Z = 1.959963984540054


@dataclass
class Data:
    deals: pd.DataFrame
    leads: pd.DataFrame
    reps: pd.DataFrame
    stage_map: pd.DataFrame
    history: pd.DataFrame


def wilson(k: float, n: float) -> tuple[float, float]:
    if not n or k > n:
        return math.nan, math.nan
    p = k / n
    denominator = 1 + Z * Z / n
    centre = (p + Z * Z / (2 * n)) / denominator
    half = Z / denominator * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def _with_team(frame: pd.DataFrame, reps: pd.DataFrame) -> pd.DataFrame:
    teams = dict(zip(reps["owner"], reps["team"], strict=True)) if len(reps) else {}
    out = frame.copy()
    out["team"] = [teams.get(owner) if isinstance(owner, str) else None for owner in out["owner"]]
    return out


def _filter(frame: pd.DataFrame, filters: Filters, dims: tuple[str, ...], dated: bool = True) -> pd.DataFrame:
    keep = frame["d"].notna()
    if dated and filters.start is not None:
        keep &= frame["d"] >= pd.Timestamp(filters.start)
    if dated and filters.end is not None:
        keep &= frame["d"] <= pd.Timestamp(filters.end)
    for values, column in ((filters.teams, "team"), (filters.owners, "owner"),
                           (filters.lead_sources, "lead_source"), (filters.pipelines, "pipeline")):
        if values and column in dims:
            keep &= frame[column].isin(values)
    return frame[keep]


DEAL_DIMS = ("team", "owner", "lead_source", "pipeline")
LEAD_DIMS = ("team", "owner", "lead_source")


def _pick(frame: pd.DataFrame, keep: pd.Series, date_column: str, x_column: str | None = None) -> pd.DataFrame:
    """The kept rows, with their period date ``d`` and measure ``x`` taken from their own columns."""
    out = frame[keep.fillna(False).astype(bool)].copy()
    out["d"] = out[date_column]
    out["x"] = out[x_column] if x_column else 1.0
    return out


def open_due(deals: pd.DataFrame, filters: Filters, today: dt.date | None) -> pd.Series:
    """When an open deal counts in the pipeline: its expected close date, else (due now) the range's last day,
    today at the latest, once it was created by then."""
    if today is None:
        raise ValueError("the open pipeline needs today: a deal without a close date is due now")
    until = pd.Timestamp(min(filters.end or today, today))
    exists = deals["created_on"].isna() | (deals["created_on"] <= until)
    return deals["close_on"].where(deals["close_on"].notna(), pd.Series(until, index=deals.index).where(exists))


def deal_facts(data: Data, kpi: str, filters: Filters, today: dt.date | None) -> pd.DataFrame:
    deals = _with_team(data.deals, data.reps)
    deals["cycle"] = (deals["close_on"] - deals["created_on"]).dt.days
    cycle = deals["cycle"]
    if kpi in ("revenue", "deals_won"):
        return _pick(deals, deals["status"] == "won", "close_on", "amount")
    if kpi == "avg_deal_size":  # a won deal of amount 0 has no size; a negative one (a credit note) has
        return _pick(deals, (deals["status"] == "won") & (deals["amount"] != 0), "close_on", "amount")
    if kpi == "deals_lost":
        return _pick(deals, deals["status"] == "lost", "close_on")
    if kpi == "win_rate":
        return _pick(deals, deals["status"].isin(["won", "lost"]), "close_on")
    if kpi in ("sales_cycle_days", "sales_cycle_days_lost"):
        status = "won" if kpi == "sales_cycle_days" else "lost"
        valid = (deals["status"] == status) & deals["created_on"].notna() & (cycle >= 0)
        return _pick(deals, valid, "close_on", "cycle")
    if kpi == "pipeline_value":
        return _pick(deals.assign(due=open_due(deals, filters, today)), deals["status"] == "open", "due", "amount")
    if kpi == "pipeline_value_weighted":
        probability = []
        for row in deals.itertuples():
            exact = data.stage_map[(data.stage_map["source"] == row.source) & (data.stage_map["raw_stage"] == row.stage)
                                   & (data.stage_map["pipeline"] == (row.pipeline or ""))]
            generic = data.stage_map[(data.stage_map["source"] == row.source)
                                     & (data.stage_map["raw_stage"] == row.stage) & (data.stage_map["pipeline"] == "")]
            found = exact if len(exact) else generic
            probability.append(found["probability"].iloc[0] if len(found) else np.nan)
        deals = deals.assign(weighted=deals["amount"] * pd.Series(probability, index=deals.index, dtype=float),
                             due=open_due(deals, filters, today))
        return _pick(deals, deals["status"] == "open", "due", "weighted")
    if kpi == "new_customers":
        won = deals[(deals["status"] == "won") & deals["account"].notna() & deals["close_on"].notna()]
        first = won.sort_values(["account", "close_on", "source", "crm_id"]).drop_duplicates("account")
        return _pick(first, first["close_on"].notna(), "close_on")
    raise KeyError(kpi)


def lead_facts(data: Data, kpi: str, window_days: int | None) -> pd.DataFrame:
    leads = _with_team(data.leads, data.reps)
    if kpi == "leads_created":
        return _pick(leads, leads["crm_id"].notna(), "created_on")
    if kpi == "qualified_leads":
        return _pick(leads, leads["qualified_on"].notna(), "qualified_on")
    if kpi == "lead_conversion_cohort":
        delay = (leads["converted_on"] - leads["created_on"]).dt.days
        converted = leads["converted_on"].notna() & (delay >= 0)
        if window_days is not None:
            converted &= delay <= window_days
        return leads.assign(d=leads["created_on"], num=converted.astype(int), den=1)
    if kpi == "lead_conversion_rate":
        created = leads.assign(d=leads["created_on"], num=0, den=1)
        converted = _pick(leads, leads["converted_on"].notna(), "converted_on").assign(num=1, den=0)
        return pd.concat([created, converted], ignore_index=True)
    raise KeyError(kpi)


STAT = {
    "mean": lambda s: s.mean(), "median": lambda s: s.median(), "p25": lambda s: s.quantile(0.25),
    "p75": lambda s: s.quantile(0.75), "p90": lambda s: s.quantile(0.90), "std": lambda s: s.std(ddof=1),
    "var": lambda s: s.var(ddof=1),
}
SUMS = {"revenue": lambda g: g["x"].sum(), "deals_won": len, "deals_lost": len, "new_customers": len,
        "leads_created": len, "qualified_leads": len, "pipeline_value": lambda g: g["x"].sum(),
        "pipeline_value_weighted": lambda g: g["x"].sum()}
RATES = {"win_rate": lambda g: ((g["status"] == "won").sum(), len(g)),
         "lead_conversion_rate": lambda g: (g["num"].sum(), g["den"].sum()),
         "lead_conversion_cohort": lambda g: (g["num"].sum(), g["den"].sum())}
STATS_KPIS = ("avg_deal_size", "sales_cycle_days", "sales_cycle_days_lost")


def facts(data: Data, kpi: str, filters: Filters, window_days: int | None = 90, dated: bool = True,
          today: dt.date | None = None) -> pd.DataFrame:
    if kpi in ("leads_created", "qualified_leads", "lead_conversion_cohort", "lead_conversion_rate"):
        return _filter(lead_facts(data, kpi, window_days), filters, LEAD_DIMS, dated)
    if kpi in ("csat", "nps") or kpi not in (*SUMS, *RATES, *STATS_KPIS):
        history = data.history[(data.history["kpi"] == kpi) & (data.history["scope"] == "company")]
        return _filter(history.assign(d=history["period"], x=history["value"]), filters, (), dated)
    return _filter(deal_facts(data, kpi, filters, today), filters, DEAL_DIMS, dated)


def aggregate(kpi: str, group: pd.DataFrame, stat: str | None) -> dict[str, float]:
    """value (and numerator/denominator for rates) of one group of facts; an empty group included."""
    if kpi in SUMS:
        return {"value": float(SUMS[kpi](group)) if len(group) else 0.0}
    if kpi in RATES:
        k, n = RATES[kpi](group) if len(group) else (0, 0)
        low, high = wilson(float(k), float(n))
        return {"value": k / n if n else math.nan, "numerator": float(k), "denominator": float(n),
                "low": low, "high": high}
    values = group["x"].dropna().astype(float) if len(group) else pd.Series(dtype=float)
    if kpi in STATS_KPIS:
        return {"value": float(STAT[stat or "mean"](values)) if len(values) else math.nan}
    return {"value": float(values.mean()) if len(values) else math.nan}


def _rows_with(frame: pd.DataFrame, column: str, key: object) -> pd.DataFrame:
    return frame[pd.Series([_key(k) == key for k in frame[column]], index=frame.index, dtype=bool)]


def _key(value: object) -> object:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


def grid(frame: pd.DataFrame, filters: Filters, grain: str, today: dt.date) -> pd.PeriodIndex:
    freq = FREQ[grain]
    lo = pd.Timestamp(filters.start) if filters.start else (frame["d"].min() if len(frame) else None)
    max_d = frame["d"].max() if len(frame) else None
    hi_data = pd.Timestamp(filters.end) if filters.end else max_d
    ceiling = max(max_d, pd.Timestamp(today)) if max_d is not None else pd.Timestamp(today)
    if lo is None:
        return pd.PeriodIndex([], freq=freq)
    hi = ceiling if hi_data is None else min(hi_data, ceiling)
    return pd.period_range(lo.to_period(freq), hi.to_period(freq), freq=freq)


def series(data: Data, kpi: str, filters: Filters, grain: str, by: str | None, stat: str | None,
           today: dt.date, window_days: int | None = 90) -> pd.DataFrame:
    if kpi == "sales_velocity":
        return velocity_series(data, filters, grain, by, today)
    if kpi == "pipeline_coverage":
        return coverage_series(data, filters, grain, by, today)
    frame = facts(data, kpi, filters, window_days, today=today)
    periods = grid(frame, filters, grain, today)
    frame = frame.assign(period=frame["d"].dt.to_period(FREQ[grain]))
    keys = [None] if by is None else sorted({_key(k) for k in frame[BY[by]]}, key=lambda k: (k is None, k or ""))
    rows = []
    for period in periods:
        in_period = frame[frame["period"] == period]
        for key in keys:
            group = in_period if by is None else _rows_with(in_period, BY[by], key)
            row = {"period": period.start_time.date(), **({by: key} if by else {})}
            rows.append(row | aggregate(kpi, group, stat))
    columns = ["period", *([by] if by else []), "value", *(["numerator", "denominator", "low", "high"]
                                                             if kpi in RATES else [])]
    return pd.DataFrame(rows, columns=columns)


def value(data: Data, kpi: str, filters: Filters, stat: str | None, today: dt.date,
          window_days: int | None = 90) -> dict[str, float]:
    if kpi == "sales_velocity":
        return velocity_total(data, filters, None, today)[None]
    if kpi == "pipeline_coverage":
        return coverage_total(data, filters, None, today)[None]
    return aggregate(kpi, facts(data, kpi, filters, window_days, today=today), stat)


def total_by(data: Data, kpi: str, filters: Filters, by: str, stat: str | None, today: dt.date) -> pd.DataFrame:
    if kpi == "sales_velocity":
        totals = velocity_total(data, filters, by, today)
    elif kpi == "pipeline_coverage":
        totals = coverage_total(data, filters, by, today)
    else:
        frame = facts(data, kpi, filters, today=today)
        keys = sorted({_key(k) for k in frame[BY[by]]}, key=lambda k: (k is None, k or ""))
        totals = {key: aggregate(kpi, _rows_with(frame, BY[by], key), stat) for key in keys}
    return pd.DataFrame([{by: key, **figures} for key, figures in totals.items()])


def open_deals_at(data: Data, filters: Filters, by: str | None, key: object, at: pd.Timestamp) -> int:
    deals = _with_team(data.deals, data.reps).assign(d=data.deals["created_on"])
    deals = _filter(deals, filters, DEAL_DIMS, dated=False)
    if by is not None:
        deals = _rows_with(deals, BY[by], key)
    closed_day = deals[["created_on", "close_on"]].max(axis=1)
    closed = deals["status"].isin(["won", "lost"]) & (closed_day <= at)
    return int(((deals["created_on"] <= at) & ~closed).sum())


def _velocity(open_count: float, win_rate: float, size: float, cycle: float) -> float:
    if not cycle or math.isnan(cycle) or cycle <= 0:
        return math.nan
    return open_count * win_rate * size / cycle


def velocity_series(data: Data, filters: Filters, grain: str, by: str | None, today: dt.date) -> pd.DataFrame:
    rates = series(data, "win_rate", filters, grain, by, None, today)
    sizes = series(data, "avg_deal_size", filters, grain, by, "mean", today)
    cycles = series(data, "sales_cycle_days", filters, grain, by, "mean", today)
    keys = ["period"] + ([by] if by else [])
    merged = rates.merge(sizes.rename(columns={"value": "size"})[[*keys, "size"]], on=keys, how="left")
    merged = merged.merge(cycles.rename(columns={"value": "cycle"})[[*keys, "cycle"]], on=keys, how="left")
    out = []
    for row in merged.to_dict("records"):
        end = pd.Period(row["period"], FREQ[grain]).end_time.normalize()
        at = min(end, pd.Timestamp(today))
        count = open_deals_at(data, filters, by, row.get(by) if by else None, at)
        out.append({**{k: row[k] for k in keys}, "value": _velocity(count, row["value"], row["size"], row["cycle"])})
    return pd.DataFrame(out, columns=[*keys, "value"])


def velocity_total(data: Data, filters: Filters, by: str | None, today: dt.date) -> dict[object, dict[str, float]]:
    closed = facts(data, "win_rate", filters)
    keys = [None] if by is None else sorted({_key(k) for k in closed[BY[by]]}, key=lambda k: (k is None, k or ""))
    at = pd.Timestamp(min(filters.end or today, today))
    result = {}
    for key in keys:
        def part(kpi: str, key: object = key) -> pd.DataFrame:
            frame = facts(data, kpi, filters)
            return frame if by is None else _rows_with(frame, BY[by], key)
        rate = aggregate("win_rate", part("win_rate"), None)["value"]
        size = aggregate("avg_deal_size", part("avg_deal_size"), "mean")["value"]
        cycle = aggregate("sales_cycle_days", part("sales_cycle_days"), "mean")["value"]
        result[key] = {"value": _velocity(open_deals_at(data, filters, by, key, at), rate, size, cycle)}
    return result


def _revenue_in(data: Data, filters: Filters, by: str | None, key: object, period: pd.Period) -> float:
    frame = facts(data, "revenue", filters.with_period(period.start_time.date(), period.end_time.date()))
    if by is not None:
        frame = _rows_with(frame, BY[by], key)
    return float(frame["x"].sum())


def coverage_series(data: Data, filters: Filters, grain: str, by: str | None, today: dt.date) -> pd.DataFrame:
    pipeline = series(data, "pipeline_value", filters, grain, by, None, today)
    revenue = series(data, "revenue", filters, grain, by, None, today)
    keys = ["period"] + ([by] if by else [])
    both = pd.concat([pipeline[keys], revenue[keys]]).drop_duplicates()
    if both.empty:
        return pd.DataFrame(columns=[*keys, "value", "numerator", "denominator"])
    freq = FREQ[grain]
    periods = pd.period_range(pd.Timestamp(both["period"].min()).to_period(freq),
                              pd.Timestamp(both["period"].max()).to_period(freq), freq=freq)
    key_values = [None] if by is None else sorted({_key(k) for k in both[by]}, key=lambda k: (k is None, k or ""))
    rows = []
    for period in periods:
        for key in key_values:
            def pick(frame: pd.DataFrame, period: pd.Period = period, key: object = key) -> float:
                match = frame[frame["period"] == period.start_time.date()]
                if by is not None:
                    match = _rows_with(match, by, key)
                return float(match["value"].sum())
            before = period - 52 if grain == "week" else pd.Period(period.start_time - pd.DateOffset(years=1), freq)
            target = _revenue_in(data, filters, by, key, before)
            remaining = target - pick(revenue)
            rows.append({"period": period.start_time.date(), **({by: key} if by else {}),
                         "value": pick(pipeline) / remaining if remaining > 0 else math.nan,
                         "numerator": pick(pipeline), "denominator": remaining})
    return pd.DataFrame(rows)


def coverage_total(data: Data, filters: Filters, by: str | None, today: dt.date) -> dict[object, dict[str, float]]:
    pipeline, revenue = facts(data, "pipeline_value", filters, today=today), facts(data, "revenue", filters)
    union = pd.concat([pipeline, revenue])
    keys = [None] if by is None else sorted({_key(k) for k in union[BY[by]]}, key=lambda k: (k is None, k or ""))
    result = {}
    for key in keys:
        def total(frame: pd.DataFrame, key: object = key) -> float:
            return float((frame if by is None else _rows_with(frame, BY[by], key))["x"].sum())
        if filters.start and filters.end:
            last = facts(data, "revenue", filters.with_period(
                (pd.Timestamp(filters.start) - pd.DateOffset(years=1)).date(),
                (pd.Timestamp(filters.end) - pd.DateOffset(years=1)).date()))
            target = total(last)
        else:
            target = math.nan
        remaining = target - total(revenue)
        result[key] = {"value": total(pipeline) / remaining if remaining > 0 else math.nan,
                       "numerator": total(pipeline), "denominator": remaining}
    return result
