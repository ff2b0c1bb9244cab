"""New customers with and without dimension filters: without any, the engine counts the accounts' earliest close
dates; with one, it filters on the first won deal's dimensions. Every figure below is worked out by hand."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from smart.analytics import Filters, kpi_series, kpi_total_by, kpi_value

D = dt.date
TODAY = D(2026, 3, 15)
REPS = pd.DataFrame({"owner": ["ana", "bob"], "team": ["North", "South"]})
# Account A: two won deals closed the same day (5 Jan); the tie goes to the lower crm_id, A1 (ana, web), not
# A2 (bob, fair); a third won deal on 1 Feb does not count again. Account B: first won 3 Feb by bob (fair)
# after a lost deal in January. Account C: won 10 Mar by ana (web). A won deal without an account or without a
# close date counts for nobody; an open deal neither.
DEALS = pd.DataFrame({
    "source": "crm",
    "crm_id": ["A2", "A1", "A3", "B0", "B1", "C1", "X1", "Y1", "Z1"],
    "account": ["A", "A", "A", "B", "B", "C", None, "Y", "Z"],
    "owner": ["bob", "ana", "bob", "ana", "bob", "ana", "ana", "bob", "ana"],
    "pipeline": "P", "stage": "S",
    "status": ["won", "won", "won", "lost", "won", "won", "won", "won", "open"],
    "amount": 100.0,
    "created_on": D(2025, 12, 1),
    "close_on": [D(2026, 1, 5), D(2026, 1, 5), D(2026, 2, 1), D(2026, 1, 20), D(2026, 2, 3), D(2026, 3, 10),
                 D(2026, 1, 8), None, D(2026, 2, 2)],
    "lead_source": ["fair", "web", "fair", "web", "fair", "web", "web", "fair", "web"],
})
Q1 = Filters(D(2026, 1, 1), D(2026, 3, 31))


@pytest.fixture
def store(store_from):
    return store_from(deals=DEALS, reps=REPS)


def _values(frame: pd.DataFrame) -> list[float | None]:
    return [None if math.isnan(v) else v for v in frame["value"]]


def test_unfiltered_counts_each_account_once_at_its_first_won_close_date(store) -> None:
    assert _values(kpi_series(store, "new_customers", Q1, today=TODAY)) == [1.0, 1.0, 1.0]
    assert _values(kpi_series(store, "new_customers", Filters(D(2026, 1, 6), D(2026, 3, 31)), today=TODAY)) == \
        [0.0, 1.0, 1.0]
    assert kpi_value(store, "new_customers", Filters(None, D(2026, 2, 28)), today=TODAY).value == 2.0


@pytest.mark.parametrize(("filters", "expected"), [
    (Filters(D(2026, 1, 1), D(2026, 3, 31), owners=("ana",)), [1.0, 0.0, 1.0]),
    (Filters(D(2026, 1, 1), D(2026, 3, 31), owners=("bob",)), [0.0, 1.0, 0.0]),
    (Filters(D(2026, 1, 1), D(2026, 3, 31), teams=("South",)), [0.0, 1.0, 0.0]),
    (Filters(D(2026, 1, 1), D(2026, 3, 31), lead_sources=("fair",)), [0.0, 1.0, 0.0]),
    (Filters(D(2026, 1, 1), D(2026, 3, 31), pipelines=("P",)), [1.0, 1.0, 1.0]),
])
def test_filters_apply_to_the_first_won_deal_including_the_tie_break(store, filters: Filters,
                                                                      expected: list[float]) -> None:
    # bob's and fair's only first deal is B1 (February; the grid runs to the month of today): A's tie went to
    # ana's A1, and A3 is not a first deal.
    assert _values(kpi_series(store, "new_customers", filters, today=TODAY)) == expected


def test_grouping_uses_the_first_won_deal_of_each_account(store) -> None:
    by_owner = kpi_total_by(store, "new_customers", Q1, by="owner", today=TODAY)
    assert dict(zip(by_owner["owner"], by_owner["value"], strict=True)) == {"ana": 2.0, "bob": 1.0}
