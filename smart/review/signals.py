"""Stalled deals as of a review date: open deals older than the usual cycle, the 75th percentile of the
catalogue's sales cycle (won deals) over the year before the review (``severe`` beyond the 90th percentile).

The review's other signals come from ``smart.analytics``: ``variance.control_signals`` (weak signals) and
``deals.pushed_close_dates``. Its tables show at most ``MAX_ROWS`` deals.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from smart.analytics import Filters, kpi_value
from smart.analytics.filters import EVERYTHING, Scope, scoped_records_sql
from smart.currency import DEALS_IN_REPORTING_CURRENCY
from smart.currency.convert import with_reporting_currency
from smart.storage import Store

MAX_ROWS = 8
CYCLE_LOOKBACK_DAYS = 365
STALLED_COLUMNS = ["crm_id", "title", "account", "owner", "stage", "amount", "created_on", "age_days", "severe"]


def cycle_thresholds(store: Store, review_on: dt.date,
                     scope: Scope = EVERYTHING) -> tuple[float | None, float | None]:
    """The 75th and 90th percentiles of the sales cycle (days) of the deals won in the year before the review, of
    the deals ``scope`` sees."""
    year = Filters(review_on - dt.timedelta(days=CYCLE_LOOKBACK_DAYS - 1), review_on, scope=scope)
    p75, p90 = (kpi_value(store, "sales_cycle_days", year, stat=stat, today=review_on).value for stat in ("p75", "p90"))
    return p75, p90


def stalled_deals(store: Store, review_on: dt.date, p75: float | None, p90: float | None,
                  limit: int = MAX_ROWS, *, scope: Scope = EVERYTHING) -> pd.DataFrame:
    """Open deals ``scope`` sees older than the usual cycle (``p75`` days), largest first (amounts in the
    reporting currency); ``severe`` beyond ``p90`` days."""
    if p75 is None:
        return pd.DataFrame(columns=STALLED_COLUMNS)
    deals, deal_params = scoped_records_sql("deals", scope, DEALS_IN_REPORTING_CURRENCY)
    return store.df(with_reporting_currency(store,
        f"""SELECT crm_id, title, account, owner, stage, amount, created_on,
                  date_diff('day', created_on, ?::DATE) AS age_days,
                  date_diff('day', created_on, ?::DATE) > ? AS severe
           FROM ({deals})
           WHERE status = 'open' AND created_on <= ? AND date_diff('day', created_on, ?::DATE) > ?
           ORDER BY amount DESC NULLS LAST, crm_id
           LIMIT ?"""),
        [review_on, review_on, p90, *deal_params, review_on, review_on, p75, limit],
    )
