"""Variance: where a KPI stands against where it should be, why revenue moved, and which moves are unusual.

- ``expected_to_date``: the value an objective should have reached by today, on a straight line from start to
  deadline, or shaped like last year when the data cover the same span one year earlier;
- ``revenue_bridge``: revenue = leads × conversion (deals won per lead) × average deal size; the change between
  a base (an earlier period, or a plan) and a current period is split into three effects with the additive
  log-mean Divisia index (LMDI-I): effect of x = L(R1, R0) × ln(x1 / x0), with L the logarithmic mean. The
  three logs add up to ln(R1 / R0), so the effects sum exactly to R1 − R0. When a factor is zero on one side
  the logarithm does not exist; that row falls back to ordered substitution (volume, then conversion, then
  size), which also sums exactly, and says so in its ``method`` column;
- ``control_limits``: the median ± 3 × 1.4826 × MAD (median absolute deviation) of the period-over-period
  changes. We chose the median and MAD over mean ± 3σ because one exceptional month (a December rush) inflates
  σ and hides the next signals; 1.4826 × MAD estimates σ for normal data, so the limits read the same way.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from smart import clock
from smart.analytics.engine import facts_sql, get_kpi, kpi_series, kpi_total_by, kpi_value
from smart.analytics.filters import Filters, one_year_before
from smart.storage import Store

MAD_TO_SIGMA = 1.4826
CONTROL_WIDTH = 3.0


@dataclass(frozen=True)
class ExpectedToDate:
    """An objective's pace: what it should be at by ``today``, what it is, and the gap."""

    expected: float | None
    actual: float | None
    gap: float | None
    gap_pct: float | None
    fraction: float
    method: str


def elapsed_fraction(start: dt.date, deadline: dt.date, today: dt.date) -> float:
    """Share of the objective's days already lived, today included, between 0 and 1."""
    total = (deadline - start).days + 1
    lived = (min(max(today, start - dt.timedelta(days=1)), deadline) - start).days + 1
    return max(0.0, min(1.0, lived / total)) if total > 0 else 1.0


def seasonal_fraction(store: Store, kpi_id: str, filters: Filters, start: dt.date, deadline: dt.date,
                      today: dt.date) -> float | None:
    """Share of last year's same span that was reached by the same day last year; None without a full year."""
    sql, params = facts_sql(get_kpi(kpi_id, store), Filters())
    facts_start = store.scalar(f"SELECT min(d) FROM ({sql})", params)
    base_start, base_end = one_year_before(start), one_year_before(deadline)
    # A year of history: the KPI's facts start within the first month of last year's span.
    if facts_start is None or facts_start >= (pd.Timestamp(base_start) + pd.DateOffset(months=1)).date():
        return None
    whole = kpi_value(store, kpi_id, filters.with_period(base_start, base_end)).value
    to_date = kpi_value(store, kpi_id, filters.with_period(base_start, one_year_before(min(today, deadline)))).value
    if not whole or to_date is None:
        return None
    return max(0.0, min(1.0, to_date / whole))


def expected_to_date(
    store: Store,
    kpi_id: str,
    target: float,
    start: dt.date,
    deadline: dt.date,
    filters: Filters | None = None,
    *,
    baseline: float = 0.0,
    stat: str | None = None,
    today: dt.date | None = None,
    seasonal: bool = True,
) -> ExpectedToDate:
    """Expected value to date, actual and gap of an objective ``target`` between ``start`` and ``deadline``.

    An additive KPI (revenue, counts) accumulates from 0 to the target: expected = target × fraction, where
    the fraction is last year's share reached by the same day (seasonal) when a year of history exists, else
    the share of days elapsed. A non-additive KPI (rates, averages) moves from ``baseline`` to ``target`` in
    a straight line over the days. The actual is the KPI from ``start`` to ``today``.
    """
    filters = filters or Filters()
    today = today or clock.today()
    kpi = get_kpi(kpi_id, store)
    fraction, method = elapsed_fraction(start, deadline, today), "linear"
    if kpi.additive and seasonal:
        shaped = seasonal_fraction(store, kpi_id, filters, start, deadline, today)
        if shaped is not None:
            fraction, method = shaped, "seasonal"
    expected = target * fraction if kpi.additive else baseline + (target - baseline) * fraction
    actual = kpi_value(store, kpi_id, filters.with_period(start, min(today, deadline)), stat=stat, today=today).value
    gap = None if actual is None else actual - expected
    gap_pct = None if gap is None or not expected else gap / abs(expected)
    return ExpectedToDate(expected, actual, gap, gap_pct, fraction, method)


def _logmean(a: float, b: float) -> float:
    if a == b:
        return a
    return (a - b) / (math.log(a) - math.log(b))


def bridge_effects(leads0: float, conversion0: float, size0: float, leads1: float, conversion1: float,
                   size1: float) -> dict[str, float | str]:
    """Split R1 − R0 (R = leads × conversion × size) into volume, conversion and size effects summing exactly."""
    r0, r1 = leads0 * conversion0 * size0, leads1 * conversion1 * size1
    factors = ((leads0, leads1), (conversion0, conversion1), (size0, size1))
    if all(x > 0 for pair in factors for x in pair):
        weight = _logmean(r1, r0)
        effects = [weight * math.log(x1 / x0) for x0, x1 in factors]
        method = "lmdi"
    else:
        volume = (leads1 - leads0) * conversion0 * size0
        conversion = leads1 * (conversion1 - conversion0) * size0
        effects = [volume, conversion, leads1 * conversion1 * (size1 - size0)]
        method = "ordered_substitution"
    return {"base": r0, "current": r1, "change": r1 - r0, "volume_effect": effects[0],
            "conversion_effect": effects[1], "size_effect": effects[2], "method": method}


def bridge_factors(store: Store, filters: Filters, by: str | None = None) -> pd.DataFrame:
    """Leads created, deals won and revenue over the range (by team or owner): the bridge's three factors."""
    parts = []
    for kpi_id in ("leads_created", "deals_won", "revenue"):
        if by:
            frame = kpi_total_by(store, kpi_id, filters, by=by)[[by, "value"]].rename(columns={"value": kpi_id})
        else:
            frame = pd.DataFrame({kpi_id: [kpi_value(store, kpi_id, filters).value or 0.0]})
        parts.append(frame)
    if by:
        merged = parts[0].merge(parts[1], on=by, how="outer").merge(parts[2], on=by, how="outer")
    else:
        merged = pd.concat(parts, axis=1)
    merged = merged.fillna({"leads_created": 0.0, "deals_won": 0.0, "revenue": 0.0})
    merged["conversion"] = merged["deals_won"] / merged["leads_created"].where(merged["leads_created"] > 0)
    merged["deal_size"] = merged["revenue"] / merged["deals_won"].where(merged["deals_won"] > 0)
    return merged.fillna({"conversion": 0.0, "deal_size": 0.0})


def revenue_bridge(store: Store, base: Filters | pd.DataFrame, current: Filters, by: str | None = None) -> pd.DataFrame:
    """The revenue bridge from ``base`` (a period's filters, or a plan: a frame of leads_created, conversion,
    deal_size, with the ``by`` column when given) to ``current``, overall or by team or owner.

    Columns: [by], base, current, change, volume_effect, conversion_effect, size_effect, method.
    Revenue here is leads × deals won per lead × revenue per deal won, so ``current`` equals the revenue KPI.
    """
    if by is not None and by not in ("team", "owner"):
        raise ValueError(f"the revenue bridge is given by team or by owner, not by {by!r}")
    base_factors = bridge_factors(store, base, by) if isinstance(base, Filters) else base
    current_factors = bridge_factors(store, current, by)
    keys = [by] if by else []
    columns = ["leads_created", "conversion", "deal_size"]
    if by:
        joined = base_factors[keys + columns].merge(current_factors[keys + columns], on=keys, how="outer",
                                                    suffixes=("_0", "_1"))
    else:
        joined = pd.concat([base_factors[columns].add_suffix("_0").reset_index(drop=True),
                            current_factors[columns].add_suffix("_1").reset_index(drop=True)], axis=1)
    joined = joined.fillna({column: 0.0 for column in joined.columns if column not in keys})  # a missing rep stays
    rows = []
    for record in joined.to_dict("records"):
        effects = bridge_effects(record["leads_created_0"], record["conversion_0"], record["deal_size_0"],
                                 record["leads_created_1"], record["conversion_1"], record["deal_size_1"])
        rows.append({**{key: record[key] for key in keys}, **effects})
    return pd.DataFrame(rows)


def control_limits(values: pd.Series | np.ndarray) -> tuple[float, float, float]:
    """(centre, lower, upper): median ± 3 × 1.4826 × MAD of the values; missing values ignored."""
    clean = pd.Series(values, dtype="float64").dropna()
    if clean.empty:
        return math.nan, math.nan, math.nan
    centre = float(clean.median())
    spread = CONTROL_WIDTH * MAD_TO_SIGMA * float((clean - centre).abs().median())
    return centre, centre - spread, centre + spread


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
