"""Amounts in the reporting currency: the deals with their amount converted, in SQL, for every money KPI at once.

``DEALS_IN_REPORTING_CURRENCY`` is the ``deals`` table as the KPIs read it: every column as stored, but ``amount``
is in the reporting currency, ``amount_original`` is the amount as imported (in ``currency``), and ``left_out`` is
the deal's currency when its amount cannot be converted (no exchange rate reaches the reporting currency), else
NULL. Such a deal keeps its place in counts (deals won, win rate) and its amount is NULL: sums and averages leave
it out rather than add unlike amounts, and the KPI says how many it left out (``LeftOut``).

The rules, in one statement:

- a deal in the reporting currency (or without a currency: none is stored since schema version 12) keeps its
  amount, and no rate is looked at (the whole demo, and most databases, never reach a join);
- an exchange rate says how many units of ``currency`` one unit of ``base`` buys (ECB convention: EUR 1 = USD
  1.10); a deal in currency C is converted to the reporting currency R through one base B: R itself when rates
  against R hold C (amount ÷ rate), else C when rates against C hold R (amount × rate), else any base holding both
  (amount ÷ rate of C × rate of R), so that rates imported against the euro still serve once the reporting
  currency is the dollar;
- the rate of a day is the latest one on or before the deal's close date (an ASOF join), else, for a deal closed
  before the first rate of its currency, the earliest one; an open deal without an expected close date takes the
  latest rate.
"""

from __future__ import annotations

from dataclasses import dataclass

from smart.currency.settings import REPORTING_CURRENCY_SQL, reporting_currency
from smart.storage import Store

# Every series of rates, plus its earliest rate dated at the beginning of time: an ASOF join then finds the
# earliest rate for a day before the first one.
_SERIES = """
    SELECT base, currency, rate_on, rate FROM exchange_rates
    UNION ALL
    SELECT base, currency, DATE '0001-01-01', arg_min(rate, rate_on) FROM exchange_rates GROUP BY base, currency"""
# The pairs a base can convert: each (base, currency) it has rates for, and the base itself.
_HELD = """
    SELECT DISTINCT base, currency FROM exchange_rates
    UNION SELECT DISTINCT base, base FROM exchange_rates"""
# For each currency of the deals, the base its amounts are converted through (the reporting currency first, then
# the deal's own currency, then the first in alphabetical order); none when no base holds both.
_ROUTES = f"""
    SELECT h.currency, arg_min(h.base, (h.base <> {REPORTING_CURRENCY_SQL}, h.base <> h.currency, h.base)) AS base
    FROM held h JOIN held t ON t.base = h.base AND t.currency = {REPORTING_CURRENCY_SQL}
    GROUP BY h.currency"""

# The reporting currency is written as REPORTING_CURRENCY_SQL (a subquery) wherever it is compared with a deal's:
# ``with_reporting_currency`` writes its value instead, so that DuckDB reads those comparisons as constants and skips
# the deals in the reporting currency with the statistics of the table's blocks (on 1M deals in euros, a query
# costs 8 ms more than on the bare table instead of 55 ms).
DEALS_IN_REPORTING_CURRENCY = f"""
    WITH series AS ({_SERIES}),
    held AS ({_HELD}),
    routes AS ({_ROUTES}),
    foreign_deals AS (
        SELECT d.*, routes.base AS route_base, coalesce(d.close_on, DATE '9999-12-31') AS rate_day
        FROM deals d LEFT JOIN routes ON routes.currency = d.currency
        WHERE d.currency <> {REPORTING_CURRENCY_SQL})
    SELECT d.*, d.amount AS amount_original, NULL::VARCHAR AS left_out
    FROM deals d WHERE coalesce(d.currency, {REPORTING_CURRENCY_SQL}) = {REPORTING_CURRENCY_SQL}
    UNION ALL BY NAME
    SELECT f.* EXCLUDE (route_base, rate_day) REPLACE (
               f.amount / CASE WHEN f.currency = f.route_base THEN 1 ELSE held_rate.rate END
                        * CASE WHEN f.route_base = {REPORTING_CURRENCY_SQL} THEN 1 ELSE wanted_rate.rate END AS amount),
           f.amount AS amount_original,
           CASE WHEN f.amount IS NOT NULL AND f.route_base IS NULL THEN f.currency END AS left_out
    FROM foreign_deals f
    ASOF LEFT JOIN series held_rate
        ON held_rate.base = f.route_base AND held_rate.currency = f.currency AND f.rate_day >= held_rate.rate_on
    ASOF LEFT JOIN series wanted_rate
        ON wanted_rate.base = f.route_base AND wanted_rate.currency = {REPORTING_CURRENCY_SQL}
        AND f.rate_day >= wanted_rate.rate_on"""


def with_reporting_currency(store: Store, sql: str) -> str:
    """``sql`` with the reporting currency's value written in for REPORTING_CURRENCY_SQL (one small read of the
    setting): the same answer, computed faster. SQL left as it is stays right, only slower."""
    if REPORTING_CURRENCY_SQL not in sql:
        return sql
    return sql.replace(REPORTING_CURRENCY_SQL, "'" + reporting_currency(store).replace("'", "''") + "'")


@dataclass(frozen=True)
class LeftOut:
    """Deals a money figure left out because no exchange rate converts their currency: how many, per currency."""

    by_currency: tuple[tuple[str, int], ...] = ()

    @classmethod
    def of(cls, rows: list[tuple[str, int]] | list[tuple[object, ...]]) -> LeftOut:
        """From (currency, deals) rows, adding the deals of a currency listed twice."""
        counts: dict[str, int] = {}
        for currency, deals in rows:
            counts[str(currency)] = counts.get(str(currency), 0) + int(deals)  # type: ignore[call-overload]
        return cls(tuple(sorted(counts.items())))

    def __add__(self, other: LeftOut) -> LeftOut:
        return LeftOut.of([*self.by_currency, *other.by_currency])

    def __bool__(self) -> bool:
        return bool(self.by_currency)

    @property
    def deals(self) -> int:
        return sum(count for _currency, count in self.by_currency)

    @property
    def currencies(self) -> tuple[str, ...]:
        return tuple(currency for currency, _count in self.by_currency)
