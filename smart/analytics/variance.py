"""Variance: why revenue moved, and which moves are unusual.

- ``revenue_bridge``: revenue = leads × conversion (deals won per lead) × average deal size, or, for a rep
  without leads in both periods, number of deals won × average deal size; the change between a base (an earlier
  period) and a current period is split into one effect per factor (``stats.split_change``: LMDI-I). It is
  computed rep by rep, and a team's or the company's effects are the sums of their reps' (LMDI over
  sub-categories), so every split adds up to the company; the ``method`` column says how each rep's was split;
- ``change_distribution``: period-over-period changes against their control limits (``stats.control_limits``);
  ``control_signals``: the KPIs whose last complete month moved outside them (the weak signals).

Where a KPI stands against where an objective wants it is ``smart.objectives.pace``'s.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping

import pandas as pd

from smart.analytics.catalogue import SIGNAL_KPIS
from smart.analytics.engine import get_kpi, kpi_series, kpi_total_by
from smart.analytics.filters import Filters
from smart.analytics.periods import month_start
from smart.analytics.stats import control_limits, factors_product, split_change
from smart.storage import Store

BRIDGE_EFFECTS = ("volume_effect", "conversion_effect", "deals_effect", "size_effect")
LEAD_EFFECTS = ("volume_effect", "conversion_effect", "size_effect")
DEAL_EFFECTS = ("deals_effect", "size_effect")
BRIDGE_COLUMNS = ["base", "current", "change", *BRIDGE_EFFECTS, "factors", "method"]


def bridge_effects(leads0: float, conversion0: float, size0: float, leads1: float, conversion1: float,
                   size1: float) -> dict[str, float | str]:
    """Split R1 − R0 (R = leads × conversion × size) into volume, conversion and size effects summing exactly
    (``split_change``)."""
    effects, method = split_change((leads0, conversion0, size0), (leads1, conversion1, size1))
    r0, r1 = factors_product((leads0, conversion0, size0)), factors_product((leads1, conversion1, size1))
    return {"base": r0, "current": r1, "change": r1 - r0, "volume_effect": effects[0],
            "conversion_effect": effects[1], "size_effect": effects[2], "method": method}


def bridge_factors(store: Store, filters: Filters) -> pd.DataFrame:
    """Per rep (``owner``; deals and leads without one together, under a missing owner): leads created, deals
    won and revenue over the range, the bridge's factors. Columns: owner, leads_created, deals_won, revenue."""
    merged = None
    for kpi_id in ("leads_created", "deals_won", "revenue"):
        frame = kpi_total_by(store, kpi_id, filters, by="owner")[["owner", "value"]].rename(columns={"value": kpi_id})
        merged = frame if merged is None else merged.merge(frame, on="owner", how="outer")
    assert merged is not None
    return merged.fillna({"leads_created": 0.0, "deals_won": 0.0, "revenue": 0.0})


def _rep_bridge(record: dict[str, float]) -> dict[str, float | str]:
    """One rep's bridge: by leads (volume × conversion × size) when they have leads in both periods, else by
    deals (number of deals won × size). Base and current are the revenue itself."""
    base, current = float(record["revenue_0"]), float(record["revenue_1"])
    row: dict[str, float | str] = {"base": base, "current": current, "change": current - base,
                                   **dict.fromkeys(BRIDGE_EFFECTS, 0.0)}
    sizes = [record[f"revenue_{side}"] / record[f"deals_won_{side}"] if record[f"deals_won_{side}"] else math.nan
             for side in (0, 1)]
    factors: list[tuple[float, ...]]
    names: tuple[str, ...]
    if record["leads_created_0"] > 0 and record["leads_created_1"] > 0:
        factors = [(record[f"leads_created_{side}"], record[f"deals_won_{side}"] / record[f"leads_created_{side}"],
                    sizes[side]) for side in (0, 1)]
        names, row["factors"] = LEAD_EFFECTS, "leads"
    else:
        factors = [(record[f"deals_won_{side}"], sizes[side]) for side in (0, 1)]
        names, row["factors"] = DEAL_EFFECTS, "deals"
    effects, row["method"] = split_change(*factors)
    row.update(zip(names, effects, strict=True))
    return row


def revenue_bridge(store: Store, base: Filters, current: Filters, by: str | None = None) -> pd.DataFrame:
    """The revenue bridge from ``base`` (a period's filters) to ``current``, overall, by team or by rep (owner).

    Each rep's change is split by leads (lead volume × conversion (deals won per lead) × deal size) when the rep
    has leads in both periods, else by deals (number of deals won × deal size): ``split_change``. A team's and the
    company's effects are the sums of their reps' (LMDI over the reps as sub-categories), so the rows of any split
    add up to the company's row in every column, and each row's effects to its change.

    Columns: [by], base, current, change, volume_effect, conversion_effect, deals_effect, size_effect, factors
    (``leads``, ``deals``, or ``mixed`` for a sum of both kinds), method (``split_change``'s for a rep, ``sum`` for
    a team or the company).
    """
    if by is not None and by not in ("team", "owner"):
        raise ValueError(f"the revenue bridge is given by team or by owner, not by {by!r}")
    joined = bridge_factors(store, base).merge(bridge_factors(store, current), on="owner", how="outer",
                                               suffixes=("_0", "_1"))
    joined = joined.fillna({column: 0.0 for column in joined.columns if column != "owner"})  # a missing rep stays
    reps = pd.DataFrame([{"owner": record["owner"], **_rep_bridge(record)} for record in joined.to_dict("records")],
                        columns=["owner", *BRIDGE_COLUMNS])
    reps["owner"] = reps["owner"].astype(object).where(reps["owner"].notna(), None)
    if by == "owner":
        return reps.reset_index(drop=True)
    if by == "team":
        teams = dict(store.rows("SELECT owner, team FROM reps"))
        reps["team"] = [teams.get(owner) if owner is not None else None for owner in reps["owner"]]
        groups = [(team, reps[reps["team"].isna() if team is None else reps["team"] == team])
                  for team in sorted(set(reps["team"].dropna())) + ([None] if reps["team"].isna().any() else [])]
        return pd.DataFrame([{"team": team, **_summed(rows)} for team, rows in groups],
                            columns=["team", *BRIDGE_COLUMNS])
    return pd.DataFrame([_summed(reps)], columns=BRIDGE_COLUMNS)


def _summed(reps: pd.DataFrame) -> dict[str, float | str]:
    kinds = set(reps["factors"])
    factors = "deals" if not kinds else kinds.pop() if len(kinds) == 1 else "mixed"
    return {**{column: float(reps[column].sum()) for column in ("base", "current", "change", *BRIDGE_EFFECTS)},
            "factors": factors, "method": "sum"}


def bridge_steps(row: pd.Series | Mapping[str, object]) -> tuple[str, ...]:
    """The effects a bridge row shows: lead volume, conversion and size for a split by leads, deals and size for a
    split by deals, all four for a mixed one."""
    return {"leads": LEAD_EFFECTS, "deals": DEAL_EFFECTS}.get(str(row["factors"]), BRIDGE_EFFECTS)


def change_distribution(store: Store, kpi_id: str, filters: Filters | None = None, grain: str = "month",
                        by: str | None = None, stat: str | None = None,
                        today: dt.date | None = None) -> pd.DataFrame:
    """Period-over-period changes of a KPI and whether each lies outside the control limits (a weak signal).

    Changes are differences for rates and scores (points) and relative changes for the others. The limits come
    from the complete periods; the period in progress is compared with the same days of the previous period
    instead (see ``rates.partial_comparison``) and is left out here. Columns: period, [by], value, change,
    centre, lower, upper, signal.
    """
    frame = kpi_series(store, kpi_id, filters, grain=grain, by=by, stat=stat, today=today)
    frame = frame[~frame["partial"]].reset_index(drop=True)
    kpi = get_kpi(kpi_id, store)
    keys = frame[by].astype(object).where(frame[by].notna(), "") if by else pd.Series("", index=frame.index)
    previous = frame.groupby(keys)["value"].shift(1)
    if kpi.unit in ("money", "count", "days"):
        frame["change"] = (frame["value"] - previous) / previous.abs().where(previous != 0)
    else:
        frame["change"] = frame["value"] - previous
    limits = {key: control_limits(changes) for key, changes in frame["change"].groupby(keys)}
    for position, name in enumerate(("centre", "lower", "upper")):
        frame[name] = keys.map(lambda key, position=position: limits[key][position]).astype("float64")
    frame["signal"] = (frame["change"] < frame["lower"]) | (frame["change"] > frame["upper"])
    return frame


def control_signals(store: Store, filters: Filters, today: dt.date,
                    kpis: tuple[str, ...] = SIGNAL_KPIS) -> pd.DataFrame:
    """The KPIs whose last complete month moved outside their control limits (month-over-month change).

    Columns: kpi, period, value, change, lower, upper."""
    start = month_start(today, 24)
    rows = []
    for kpi_id in kpis:
        frame = change_distribution(store, kpi_id, filters.with_period(start, today), today=today)
        frame = frame.dropna(subset=["change"])
        if frame.empty:
            continue
        last = frame.iloc[-1]
        if bool(last["signal"]):
            rows.append({"kpi": kpi_id, "period": last["period"], "value": last["value"], "change": last["change"],
                         "lower": last["lower"], "upper": last["upper"]})
    return pd.DataFrame(rows, columns=["kpi", "period", "value", "change", "lower", "upper"])


def bridge_by(store: Store, base: Filters, current: Filters, by: str) -> pd.DataFrame:
    """The revenue bridge by team or rep as the Variance page lists it: the deals with no team or no rep make a
    row only when they moved revenue (leads without an owner alone bring none), whatever sorts them."""
    table = revenue_bridge(store, base, current, by=by)
    if table.empty:
        return table
    idle = table[by].isna() & (table["base"] == 0) & (table["current"] == 0)
    return table[~idle].reset_index(drop=True)
