"""The variance bridge of an objective: the parts that explain where it stands, adding up exactly.

- Revenue: the LMDI bridge of the KPI engine (``smart.analytics.variance.revenue_bridge``) from the same span
  last year to the window so far, split into lead volume, conversion and deal-size effects (deals won and deal
  size where there are no leads).
- Other additive KPIs (counts): actual minus expected to date, rep by rep, each rep being expected to deliver
  their share of the baseline period.
- Rates: the change since the baseline, team by team; a team's part is its weighted rate now minus its
  weighted rate then (weights: its share of the denominator), so the parts add up to the change.

Other KPIs (averages, medians, imported scores) have no exact split: no bridge.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from smart.analytics import get_kpi, kpi_total_by
from smart.analytics.periods import span_and_year_before
from smart.analytics.variance import bridge_steps, revenue_bridge
from smart.objectives import Objective, Progress
from smart.objectives.model import baseline_window, statistic_of
from smart.storage import Store


def objective_bridge(store: Store, objective: Objective, result: Progress) -> dict[str, Any] | None:
    """``{"kind", "start_label", "start", "end", "parts": [{"label", "value"}]}``, or None (no exact split)."""
    kpi = get_kpi(objective.kpi, store)
    start_on, deadline = objective.window
    as_of = result.measured_until  # the span ``result.actual`` covers (a cohort KPI stops short of today)
    if as_of < start_on:
        return None  # nothing measured yet: no split to draw
    now = objective.filters(start_on, as_of)
    if kpi.id == "revenue":
        _, last_year = span_and_year_before(now, start_on, as_of)
        effects = revenue_bridge(store, last_year, now).iloc[0]
        return {"kind": "lmdi", "start_label": "last_year", "start": float(effects["base"]),
                "end": float(effects["current"]),
                "parts": [{"label": name, "value": float(effects[name])} for name in bridge_steps(effects)]}
    before = objective.filters(*baseline_window(start_on, deadline))
    if kpi.additive and result.expected is not None and "owner" in kpi.dimensions:
        stat = statistic_of(kpi, objective)
        merged = _joined(kpi_total_by(store, kpi.id, now, by="owner", stat=stat, today=as_of),
                         kpi_total_by(store, kpi.id, before, by="owner", stat=stat, today=as_of), "owner")
        merged = merged.fillna({"value_now": 0.0, "value_base": 0.0})
        if merged.empty:
            # No rep delivered anything in either window: the whole gap is the scope's own (its rep's, for a rep
            # objective), so the one part still adds up to actual - expected.
            rep = objective.scope_value if objective.scope_type == "rep" else None
            merged = pd.DataFrame({"owner": [rep], "value_now": [0.0], "value_base": [0.0]})
        base_total = merged["value_base"].sum()
        shares = merged["value_base"] / base_total if base_total else 1.0 / len(merged)
        merged["effect"] = merged["value_now"] - result.expected * shares
        return {"kind": "owner", "start_label": "expected", "start": result.expected, "end": result.actual,
                "parts": _parts(merged, "owner")}
    if kpi.is_rate and result.baseline is not None and "team" in kpi.dimensions:
        merged = _joined(kpi_total_by(store, kpi.id, now, by="team", today=as_of),
                         kpi_total_by(store, kpi.id, before, by="team", today=as_of), "team")
        merged = merged.fillna({"denominator_now": 0.0, "denominator_base": 0.0})
        weight_now = merged["denominator_now"] / merged["denominator_now"].sum()
        weight_base = merged["denominator_base"] / merged["denominator_base"].sum()
        merged["effect"] = (weight_now * merged["value_now"].fillna(0.0)
                            - weight_base * merged["value_base"].fillna(0.0))
        return {"kind": "team", "start_label": "baseline", "start": result.baseline, "end": result.actual,
                "parts": _parts(merged, "team")}
    return None


def _joined(now: pd.DataFrame, base: pd.DataFrame, key: str) -> pd.DataFrame:
    return now.merge(base, on=key, how="outer", suffixes=("_now", "_base"))


def _parts(frame: pd.DataFrame, column: str) -> list[dict[str, Any]]:
    ordered = frame.assign(size=frame["effect"].abs()).sort_values("size", ascending=False)
    return [{"label": None if _missing(row[column]) else str(row[column]), "value": float(row["effect"])}
            for row in ordered.to_dict("records")]


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))
