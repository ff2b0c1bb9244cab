"""Variance: where a KPI stands against where it should be, why revenue moved, and which moves are unusual.

- ``expected_to_date``: the value an objective should have reached by today, on a straight line from start to
  deadline, or shaped like last year when the data cover the same span one year earlier;
- ``revenue_bridge``: revenue = leads × conversion (deals won per lead) × average deal size, or, for a rep
  without leads in both periods, number of deals won × average deal size; the change between a base (an earlier
  period) and a current period is split into one effect per factor with the additive log-mean Divisia index
  (LMDI-I): effect of x = L(R1, R0) × ln(x1 / x0), with L the logarithmic mean. The logs add up to ln(R1 / R0),
  so the effects sum exactly to R1 − R0. It is computed rep by rep, and a team's or the company's effects are the
  sums of their reps' (LMDI over sub-categories), so every split adds up to the company. When a factor is zero on
  one side the logarithm does not exist: the change goes to that factor (LMDI's limit), or, with a negative
  revenue (credit notes), ordered substitution; the ``method`` column says which;
- ``control_limits``: the median ± 3 × 1.4826 × MAD (median absolute deviation) of the period-over-period
  changes. We chose the median and MAD over mean ± 3σ because one exceptional month (a December rush) inflates
  σ and hides the next signals; 1.4826 × MAD estimates σ for normal data, so the limits read the same way.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from smart import clock
from smart.analytics.engine import facts_sql, get_kpi, kpi_series, kpi_total_by, kpi_value
from smart.analytics.filters import Filters, one_year_before
from smart.currency.convert import with_reporting_currency
from smart.storage import Store

MAD_TO_SIGMA = 1.4826
CONTROL_WIDTH = 3.0
BRIDGE_EFFECTS = ("volume_effect", "conversion_effect", "deals_effect", "size_effect")
LEAD_EFFECTS = ("volume_effect", "conversion_effect", "size_effect")
DEAL_EFFECTS = ("deals_effect", "size_effect")
BRIDGE_COLUMNS = ["base", "current", "change", *BRIDGE_EFFECTS, "factors", "method"]


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
    facts_start = store.scalar(with_reporting_currency(store, f"SELECT min(d) FROM ({sql})"), params)
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
    """The logarithmic mean of two positive numbers; ln(a / b) rather than ln a − ln b, which is 0 for two floats
    one ulp apart."""
    ratio = a / b
    if ratio == 1:
        return a
    return (a - b) / math.log(ratio)


def _product(factors: Sequence[float]) -> float:
    """The factors' product; 0 from the first zero factor on (the ones after it are undefined: a size without
    deals, a conversion without leads)."""
    result = 1.0
    for factor in factors:
        if factor == 0:
            return 0.0
        result *= factor
    return result


def split_change(before: Sequence[float], after: Sequence[float]) -> tuple[list[float], str]:
    """Split Π after − Π before into one effect per factor (in the order given), the effects adding up to it.

    - Every factor positive on both sides: LMDI-I, effect of x = L(R1, R0) × ln(x1 / x0) (``lmdi``).
    - One side has nothing (its product is 0: no deals, no conversion, deals worth 0) and the other side's factors
      are all positive: the limit of LMDI as that factor tends to 0, which gives the whole change to the first
      factor at 0 on that side and nothing to the others (``limit``): a rep who starts selling adds deals, not
      deal size.
    - Otherwise (a negative deal size: credit notes): ordered substitution, factor by factor in the order given
      (``ordered_substitution``); an undefined factor (NaN) takes the other side's value.
    """
    r0, r1 = _product(before), _product(after)
    if all(x > 0 for x in (*before, *after)):
        weight = _logmean(r1, r0)
        effects = [weight * math.log(x1 / x0) for x0, x1 in zip(before, after, strict=True)]
        if all(math.isfinite(e) for e in effects):  # always, but for floats near their limits (then substitution)
            return effects, "lmdi"
    if r0 == r1 == 0:
        return [0.0] * len(before), "none"
    for empty, full in ((before, after), (after, before)):
        if _product(empty) == 0 and all(x > 0 for x in full):
            first_zero = next(i for i, x in enumerate(empty) if x == 0)
            return [r1 - r0 if i == first_zero else 0.0 for i in range(len(before))], "limit"
    filled0 = [x1 if math.isnan(x0) else x0 for x0, x1 in zip(before, after, strict=True)]
    filled1 = [x0 if math.isnan(x1) else x1 for x0, x1 in zip(filled0, after, strict=True)]
    filled0 = [0.0 if math.isnan(x) else x for x in filled0]
    filled1 = [0.0 if math.isnan(x) else x for x in filled1]
    effects = [(filled1[i] - filled0[i]) * math.prod(filled1[:i]) * math.prod(filled0[i + 1:])
               for i in range(len(before))]
    return effects, "ordered_substitution"


def bridge_effects(leads0: float, conversion0: float, size0: float, leads1: float, conversion1: float,
                   size1: float) -> dict[str, float | str]:
    """Split R1 − R0 (R = leads × conversion × size) into volume, conversion and size effects summing exactly
    (``split_change``)."""
    effects, method = split_change((leads0, conversion0, size0), (leads1, conversion1, size1))
    r0, r1 = _product((leads0, conversion0, size0)), _product((leads1, conversion1, size1))
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


def bridge_steps(row: pd.Series | dict) -> tuple[str, ...]:
    """The effects a bridge row shows: lead volume, conversion and size for a split by leads, deals and size for a
    split by deals, all four for a mixed one."""
    return {"leads": LEAD_EFFECTS, "deals": DEAL_EFFECTS}.get(str(row["factors"]), BRIDGE_EFFECTS)


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
