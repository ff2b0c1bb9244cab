"""The catalogue's rules for odd deals, on deals written by hand: a deal closed before its creation date counts in
revenue, wins and losses and is left out of sales-cycle lengths only; a won deal of amount 0 is left out of the
average deal size, a negative one (a credit note) is not."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from smart.analytics import Filters, kpi_series, kpi_value
from smart.analytics.deals import drill_deals

D = dt.date
# Won (accounts A to D): W1 1000 (10 days), W2 -200 (a credit note, 5 days), W3 0 (20 days), W4 600 closed 9 days
# before it was created. Lost (E, F): L1 (30 days), L2 closed 3 days before it was created.
DEALS = pd.DataFrame({
    "source": "crm", "crm_id": ["W1", "W2", "W3", "W4", "L1", "L2"], "account": ["A", "B", "C", "D", "E", "F"],
    "owner": "ana", "pipeline": "P", "stage": ["Won", "Won", "Won", "Won", "Lost", "Lost"],
    "status": ["won", "won", "won", "won", "lost", "lost"], "amount": [1000.0, -200.0, 0.0, 600.0, 50.0, 70.0],
    "created_on": [D(2026, 1, 1), D(2026, 1, 5), D(2026, 1, 1), D(2026, 1, 20), D(2026, 1, 1), D(2026, 1, 15)],
    "close_on": [D(2026, 1, 11), D(2026, 1, 10), D(2026, 1, 21), D(2026, 1, 11), D(2026, 1, 31), D(2026, 1, 12)],
    "lead_source": "web",
})
JANUARY = Filters(D(2026, 1, 1), D(2026, 1, 31))


def test_odd_deals_count_where_the_catalogue_says(store_from) -> None:
    store = store_from(deals=DEALS)
    assert kpi_value(store, "revenue", JANUARY).value == 1400  # 1000 - 200 + 0 + 600
    assert kpi_value(store, "deals_won", JANUARY).value == 4
    assert kpi_value(store, "deals_lost", JANUARY).value == 2
    assert kpi_value(store, "win_rate", JANUARY).value == pytest.approx(4 / 6)
    # Cycles: W1 10, W2 5, W3 20 (W4 has none); L1 30 (L2 has none).
    assert kpi_value(store, "sales_cycle_days", JANUARY, "mean").value == pytest.approx((10 + 5 + 20) / 3)
    assert kpi_value(store, "sales_cycle_days", JANUARY, "median").value == 10
    assert kpi_value(store, "sales_cycle_days_lost", JANUARY, "mean").value == 30
    frame, total = drill_deals(store, JANUARY)
    cycles = dict(zip(frame["account"], frame["cycle_days"], strict=True))
    assert total == 6 and {k: v for k, v in cycles.items() if pd.notna(v)} == {"A": 10, "B": 5, "C": 20, "E": 30}
    # Deal size: W3 (0) is none, W2 (-200, a credit note) is one.
    assert kpi_value(store, "avg_deal_size", JANUARY, "mean").value == pytest.approx((1000 - 200 + 600) / 3)
    assert kpi_value(store, "avg_deal_size", JANUARY, "median").value == 600
    monthly = kpi_series(store, "avg_deal_size", JANUARY, "month", stat="mean")
    assert monthly["value"].tolist() == pytest.approx([1400 / 3])


def test_a_week_whose_only_win_is_worth_zero_has_no_deal_size(store_from) -> None:
    """W3 (0, closed 21 January) is the only win of its week: over all time (no range to fill with empty periods)
    that week has no average deal size at all, as the pandas reference leaves it out, rather than a row without a
    value."""
    store = store_from(deals=DEALS)
    weekly = kpi_series(store, "avg_deal_size", Filters(), "week", stat="mean")
    weeks = {pd.Timestamp(p).date(): v for p, v in zip(weekly["period"], weekly["value"], strict=True)}
    assert D(2026, 1, 19) not in weeks  # the week of 21 January
    assert weeks[D(2026, 1, 5)] == pytest.approx((1000 - 200 + 600) / 3)  # W1, W2 and W4 closed 10-11 January
