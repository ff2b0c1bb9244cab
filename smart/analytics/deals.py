"""The deals behind the figures: drill-downs, the cycle distribution binned for a histogram and box plots, the deals
whose close date keeps slipping, and whether any deal or lead is there at all.

The global filters are applied as everywhere else (``facts.filters_sql``), every aggregation runs in DuckDB and only
small results (bins, quantiles, one row per group, at most ``DRILL_LIMIT`` deals) reach pandas.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from smart.analytics.catalogue import cycle_days_sql
from smart.analytics.engine import left_out
from smart.analytics.facts import filters_sql
from smart.analytics.filters import EVERYTHING, Filters, Scope, scoped_records_sql
from smart.analytics.rates import reached_stage_sql
from smart.currency import DEALS_IN_REPORTING_CURRENCY, LeftOut
from smart.currency.convert import with_reporting_currency
from smart.storage import DEALS_WITH_PAST_STATES, Store

DRILL_LIMIT = 500
HISTOGRAM_BIN_DAYS = 15
HISTOGRAM_CAP_DAYS = 180
SIZE_BANDS = 4

# Every deal with its team, its amount in the reporting currency and its cycle length; ``{date}`` places it in the
# period.
_DEALS = f"""
    SELECT {{date}} AS d, x.source, x.crm_id, x.title, x.account, x.owner, r.team, x.pipeline, x.stage, x.status,
           x.amount, x.created_on, x.close_on, x.lead_source,
           {cycle_days_sql("x.")} AS cycle_days
    FROM ({{deals}}) x LEFT JOIN reps r ON r.owner = x.owner"""
# What a drill-down may narrow on: a name the pages use -> the SQL condition, with one ``?`` (a pipeline: two, for
# its source and name, given as a tuple). "reached" compares positions in the deal's own pipeline's funnel: narrow
# on the pipeline too.
DRILL_CONDITIONS = {
    "pipeline": "source = ? AND coalesce(pipeline, '') = ?",
    "status": "status = ?",
    # A missing value (None) picks the deals that have none: the "No rep" row of a split drills to them.
    "owner": "owner IS NOT DISTINCT FROM ?",
    "team": "team IS NOT DISTINCT FROM ?",
    "lead_source": "lead_source IS NOT DISTINCT FROM ?",
    "stage": "stage IS NOT DISTINCT FROM ?",
    "reached": f"(source, crm_id) IN (SELECT source, crm_id FROM ({reached_stage_sql()}) WHERE reached >= ?)",
    "month": "date_trunc('month', d)::DATE = ?::DATE",
    "cycle_from": "cycle_days >= ?",
    "cycle_to": "cycle_days < ?",
    "amount_from": "amount >= ?",
    "amount_to": "amount <= ?",
}
DRILL_COLUMNS = ["title", "account", "owner", "team", "stage", "status", "amount", "created_on", "close_on",
                 "cycle_days", "lead_source"]


def deals_facts(store: Store, filters: Filters, date_column: str = "close_on") -> tuple[str, list[object]]:
    """The deals with the global filters applied, dated by ``date_column`` (``close_on`` or ``created_on``), their
    amounts in the reporting currency."""
    if date_column not in ("close_on", "created_on"):
        raise ValueError(f"deals are dated by close_on or created_on, not {date_column!r}")
    facts = _DEALS.format(date=f"x.{date_column}", deals=DEALS_IN_REPORTING_CURRENCY)
    sql, params = filters_sql(facts, filters)
    return with_reporting_currency(store, sql), params


def left_out_deals(store: Store, filters: Filters) -> LeftOut:
    """The deals of the range whose amount the money figures leave out for want of an exchange rate (won deals by
    their close date, open ones by their expected close date), per currency."""
    return left_out(store, "revenue", filters) + left_out(store, "pipeline_value", filters)


def has_deals(store: Store, scope: Scope = EVERYTHING) -> bool:
    """Whether any deal is there for ``scope`` to see."""
    sql, params = scoped_records_sql("deals", scope)
    return bool(store.scalar(f"SELECT count(*) FROM ({sql})", params))


def has_leads(store: Store, scope: Scope = EVERYTHING) -> bool:
    """Whether any lead is there for ``scope`` to see."""
    sql, params = scoped_records_sql("leads", scope)
    return bool(store.scalar(f"SELECT count(*) FROM ({sql})", params))


def drill_deals(store: Store, filters: Filters, conditions: tuple[tuple[str, object], ...] = (),
                date_column: str = "close_on", limit: int = DRILL_LIMIT) -> tuple[pd.DataFrame, int]:
    """The deals behind a figure: the filtered deals narrowed by ``conditions`` (names of ``DRILL_CONDITIONS``),
    largest first, at most ``limit`` of them, and how many there are in all."""
    facts, params = deals_facts(store, filters, date_column)
    where: list[str] = ["TRUE"]
    values: list[object] = []
    for name, value in conditions:
        if name not in DRILL_CONDITIONS:
            raise ValueError(f"unknown drill-down condition {name!r}; expected one of {', '.join(DRILL_CONDITIONS)}")
        where.append(DRILL_CONDITIONS[name])
        values.extend(value if isinstance(value, tuple) else [value])
    if limit < 1:
        raise ValueError("a drill-down shows at least one deal")
    base = f"SELECT * FROM ({facts}) WHERE {' AND '.join(where)}"
    # One scan: the count of every matching deal is taken before the limit keeps the largest.
    frame = store.df(f"SELECT {', '.join(DRILL_COLUMNS)}, count(*) OVER () AS total FROM ({base}) "
                     "ORDER BY amount DESC NULLS LAST, crm_id LIMIT ?", [*params, *values, int(limit)])
    total = int(frame["total"].iloc[0]) if len(frame) else 0
    return frame.drop(columns="total"), total


def cycle_histogram(store: Store, filters: Filters, bin_days: int = HISTOGRAM_BIN_DAYS,
                    cap_days: int = HISTOGRAM_CAP_DAYS) -> pd.DataFrame:
    """Closed deals (won and lost) by cycle length in bins of ``bin_days``; the last bin holds every cycle of
    ``cap_days`` or more. Columns: status, bin_from, bin_to (exclusive; None for the last bin), deals."""
    facts, params = deals_facts(store, filters)
    frame = store.df(f"""
        SELECT status, least(floor(cycle_days / ?) * ?, ?)::INTEGER AS bin_from, count(*)::BIGINT AS deals
        FROM ({facts}) WHERE status IN ('won', 'lost') AND cycle_days IS NOT NULL
        GROUP BY ALL ORDER BY status DESC, bin_from""", [bin_days, bin_days, cap_days, *params])
    frame["bin_to"] = (frame["bin_from"] + bin_days).where(frame["bin_from"] < cap_days)
    return frame[["status", "bin_from", "bin_to", "deals"]]


def cycle_boxes(store: Store, filters: Filters, by: str, status: str = "won") -> pd.DataFrame:
    """Five numbers per group for a box plot of the cycle of the deals closed ``status`` in the range.

    ``by`` is ``owner``, ``lead_source``, ``team``, ``status`` or ``size_band`` (quartiles of the deal amounts
    of these very deals: band 1 is the smallest quarter). Whiskers are the 5th and 95th percentiles.
    Columns: group, deals, p05, p25, median, p75, p95, and for size bands amount_from and amount_to.
    """
    facts, params = deals_facts(store, filters)
    statuses = ["won", "lost"] if by == "status" else [status]
    kept = (f"SELECT * FROM ({facts}) WHERE status IN ({', '.join('?' * len(statuses))}) "
            "AND cycle_days IS NOT NULL")
    if by == "size_band":
        group, extra = "band", ", min(amount) AS amount_from, max(amount) AS amount_to"
        source = f"SELECT *, ntile({SIZE_BANDS}) OVER (ORDER BY amount) AS band FROM ({kept}) WHERE amount IS NOT NULL"
    elif by in ("owner", "lead_source", "team", "status"):
        group, extra, source = by, "", kept
    else:
        raise ValueError(f"unknown grouping {by!r}; expected owner, lead_source, team, status or size_band")
    params = [*params, *statuses]
    return store.df(f"""
        SELECT {group} AS "group", count(*)::BIGINT AS deals,
               quantile_cont(cycle_days, 0.05) AS p05, quantile_cont(cycle_days, 0.25) AS p25,
               median(cycle_days) AS median, quantile_cont(cycle_days, 0.75) AS p75,
               quantile_cont(cycle_days, 0.95) AS p95{extra}
        FROM ({source}) GROUP BY ALL ORDER BY median DESC NULLS LAST, "group" """, params)


PUSHED_COLUMNS = ["title", "account", "owner", "amount", "first_close_on", "close_on", "pushes", "days_pushed",
                  "source", "crm_id"]


def _pushed_sql(store: Store, filters: Filters) -> tuple[str, list[object]]:
    """The open deals whose expected close date moved later (``pushed_close_dates``), in ``PUSHED_COLUMNS``,
    unordered. Only the deals with more than their current record in their history can have moved
    (``DEALS_WITH_PAST_STATES``): the others are not read."""
    facts, params = deals_facts(store, replace(filters, start=None, end=None))
    return f"""
        WITH kept AS (SELECT * FROM ({facts}) WHERE status = 'open'),
        moved AS (SELECT * FROM kept SEMI JOIN ({DEALS_WITH_PAST_STATES}) p USING (source, crm_id)),
        moves AS (
            SELECT s.source, s.crm_id, s.close_on,
                   s.close_on > lag(s.close_on) OVER (PARTITION BY s.source, s.crm_id ORDER BY s.observed_on)
                       AS pushed,
                   first_value(s.close_on IGNORE NULLS) OVER (PARTITION BY s.source, s.crm_id ORDER BY s.observed_on)
                       AS first_close_on
            FROM deal_history s JOIN moved k USING (source, crm_id)),
        per_deal AS (
            SELECT source, crm_id, any_value(first_close_on) AS first_close_on,
                   count(*) FILTER (WHERE pushed)::BIGINT AS pushes
            FROM moves GROUP BY ALL HAVING count(*) FILTER (WHERE pushed) > 0)
        SELECT k.title, k.account, k.owner, k.amount, p.first_close_on, k.close_on, p.pushes,
               date_diff('day', p.first_close_on, k.close_on)::BIGINT AS days_pushed, source, crm_id
        FROM per_deal p JOIN kept k USING (source, crm_id)""", params


# The deals pushed back the most first: most pushes, then most days, then the largest.
_PUSHED_ORDER = "pushes DESC, days_pushed DESC, amount DESC NULLS LAST, title, source, crm_id"


def pushed_close_dates(store: Store, filters: Filters) -> pd.DataFrame:
    """Open deals whose expected close date moved later between two successive CRM exports or history changes
    (deal_history; a state with no close date known yet, before a history file's first close date, is skipped).

    The period filter does not apply: a slipping deal matters whatever its date. Columns: title, account, owner,
    amount, first_close_on (the earliest observed), close_on (now), pushes (how many exports moved it later),
    days_pushed, then source and crm_id (the deal's key, for telling deals apart rather than for showing).
    """
    pushed, params = _pushed_sql(store, filters)
    return store.df(f"SELECT * FROM ({pushed}) ORDER BY {_PUSHED_ORDER}", params)


@dataclass(frozen=True)
class PushedBack:
    """How many open deals had their close date pushed back, their amount, and the ones pushed back the most."""

    deals: int
    amount: float
    listed: pd.DataFrame


def pushed_back(store: Store, filters: Filters, limit: int = DRILL_LIMIT) -> PushedBack:
    """``pushed_close_dates`` counted and summed in DuckDB, with its first ``limit`` deals only: on a million deals
    tens of thousands slip, which no page can list, nor every session receive again on every rerun. ``amount`` is
    in the reporting currency, deals without a converted amount left out (0 when none has one)."""
    pushed, params = _pushed_sql(store, filters)
    frame = store.df(f"""
        SELECT *, count(*) OVER () AS all_deals, coalesce(sum(amount) OVER (), 0) AS all_amount
        FROM ({pushed}) ORDER BY {_PUSHED_ORDER} LIMIT ?""", [*params, int(limit)])
    if frame.empty:
        return PushedBack(0, 0.0, frame[PUSHED_COLUMNS])
    return PushedBack(int(frame["all_deals"].iloc[0]), float(frame["all_amount"].iloc[0]),
                      frame[PUSHED_COLUMNS].reset_index(drop=True))


