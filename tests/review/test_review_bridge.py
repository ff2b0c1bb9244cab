"""The objective bridge on small hand-made databases: the parts add up even when nothing happened."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from smart.objectives import Objective, progress
from smart.review.bridge import objective_bridge
from tests.analytics.conftest import build_store

TODAY = dt.date(2026, 6, 30)
YEAR = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def _won(owner: str, account: str, day: dt.date, amount: float = 1000.0) -> dict[str, object]:
    return {"source": "crm", "crm_id": f"{owner}-{account}-{day}", "account": account, "owner": owner,
            "status": "won", "amount": amount, "created_on": day - dt.timedelta(days=30), "close_on": day}


@pytest.mark.parametrize(("scope_type", "scope_value", "label"), [("rep", "Bob", "Bob"), ("team", "East", None)])
def test_an_additive_objective_with_no_rows_in_either_window_gets_one_part(scope_type: str, scope_value: str,
                                                                             label: str | None) -> None:
    """Alice won two new customers in 2025; Bob (team East) never won anything. "5 new customers this year" for Bob,
    or for team East, on 30 June: nothing now, nothing in the baseline year, so no rep has a row in either window.
    Expected to date: 5 x 181/365 (no history: a straight line); the single part is the whole gap, Bob's own for
    his objective, unassigned for the team's. It used to divide by the number of rows (none)."""
    deals = pd.DataFrame([_won("Alice", "A1", dt.date(2025, 3, 10)), _won("Alice", "A2", dt.date(2025, 9, 10))])
    reps = pd.DataFrame({"owner": ["Alice", "Bob"], "display_name": ["Alice", "Bob"], "team": ["West", "East"]})
    store = build_store(deals=deals, reps=reps)
    try:
        objective = Objective("Bob: 5 new customers this year", "new_customers", 5, *YEAR, grain="year",
                              scope_type=scope_type, scope_value=scope_value)
        result = progress(store, objective, TODAY)
        expected = 5 * 181 / 365
        assert result.actual == 0 and result.expected == pytest.approx(expected)
        bridge = objective_bridge(store, objective, result)
        assert bridge is not None and bridge["kind"] == "owner"
        assert (bridge["start"], bridge["end"]) == (pytest.approx(expected), 0)
        assert bridge["parts"] == [{"label": label, "value": pytest.approx(-expected)}]
    finally:
        store.close()


def test_reps_with_rows_share_the_expected_by_their_baseline() -> None:
    """Alice won 3 new customers in 2025 and Carol 1; this year Alice 1, Carol 2 by 30 June. Target 8 for the
    company (straight line: 8 x 181/365 expected): Alice is expected 3/4 of it, Carol 1/4."""
    deals = pd.DataFrame([_won("Alice", f"A{i}", dt.date(2025, 2 + 3 * i, 5)) for i in range(3)]
                         + [_won("Carol", "C0", dt.date(2025, 6, 5))]
                         + [_won("Alice", "A9", dt.date(2026, 2, 5)), _won("Carol", "C1", dt.date(2026, 3, 5)),
                            _won("Carol", "C2", dt.date(2026, 5, 5))])
    store = build_store(deals=deals)
    try:
        objective = Objective("8 new customers this year", "new_customers", 8, *YEAR, grain="year")
        result = progress(store, objective, TODAY)
        expected = 8 * 181 / 365
        assert result.expected == pytest.approx(expected)
        parts = {part["label"]: part["value"] for part in objective_bridge(store, objective, result)["parts"]}
        assert parts == {"Alice": pytest.approx(1 - 0.75 * expected), "Carol": pytest.approx(2 - 0.25 * expected)}
    finally:
        store.close()
