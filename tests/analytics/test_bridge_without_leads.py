"""The revenue bridge on real exports: deals without any leads file, and leads for some reps only.

Each rep's change is split by leads (volume × conversion × size) when the rep has leads in both periods, else by
deals (number won × size); a team's and the company's effects are the sums of their reps', so every split adds up.
Figures are worked by hand (LMDI: effect of x = L(R1, R0) × ln(x1 / x0), L the logarithmic mean), the revenue
by pandas from the files the tests import.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smart.analytics import Filters, kpi_value, revenue_bridge
from smart.analytics.variance import BRIDGE_EFFECTS, split_change
from smart.ingest import import_file
from smart.storage import Store

D = dt.date
BASE = Filters(D(2025, 1, 1), D(2025, 11, 27))
CURRENT = Filters(D(2026, 1, 1), D(2026, 11, 27))
# 2025 to 27 Nov: ana 1000 + 3000 (2 deals), bob 2000 (1); A6 closes after 27 Nov 2025 and stays out.
# 2026 to 27 Nov: ana 1500 + 2500 + 5000 (3 deals), bob 1000 (1), cy 4000 (1: a new rep).
DEALS = """Deal ID,Stage,Amount,Created,Close date,Owner,Team
A1,Closed Won,1000,2025-02-01,2025-03-10,ana,North
A2,Closed Won,3000,2025-05-01,2025-06-10,ana,North
B1,Closed Won,2000,2025-04-01,2025-05-05,bob,North
A6,Closed Won,9999,2025-11-01,2025-12-15,ana,North
A3,Closed Won,1500,2026-01-10,2026-02-10,ana,North
A4,Closed Won,2500,2026-03-01,2026-04-10,ana,North
A5,Closed Won,5000,2026-08-01,2026-09-10,ana,North
B2,Closed Won,1000,2026-02-01,2026-03-03,bob,North
C1,Closed Won,4000,2026-09-01,2026-10-01,cy,South
L1,Closed Lost,700,2026-01-05,2026-02-05,bob,North
"""


def _leads() -> str:
    """ana: 8 leads in 2025, 10 in 2026; bob: 5 in 2026 only; cy: none."""
    rows = [f"LA{i},2025-0{1 + i % 9}-15,ana" for i in range(8)]
    rows += [f"LB{i},2026-0{1 + i % 9}-15,ana" for i in range(10)]
    rows += [f"LC{i},2026-0{1 + i % 9}-20,bob" for i in range(5)]
    return "Lead ID,Created,Owner\n" + "\n".join(rows) + "\n"


def _logmean(a: float, b: float) -> float:
    return (a - b) / (math.log(a) - math.log(b))


@pytest.fixture
def deals_only(tmp_path: Path):
    (tmp_path / "deals.csv").write_text(DEALS, encoding="utf-8")
    store = Store(tmp_path / "bridge.duckdb")
    assert import_file(store, tmp_path / "deals.csv", kind="deals").inserted == 10
    yield store
    store.close()


@pytest.fixture
def some_leads(deals_only: Store, tmp_path: Path) -> Store:
    (tmp_path / "leads.csv").write_text(_leads(), encoding="utf-8")
    assert import_file(deals_only, tmp_path / "leads.csv", kind="leads").inserted == 23
    return deals_only


def _won_by_owner(filters: Filters) -> pd.DataFrame:
    deals = pd.read_csv(io.StringIO(DEALS), parse_dates=["Close date"])
    won = deals[(deals["Stage"] == "Closed Won") & deals["Close date"].between(pd.Timestamp(filters.start),
                                                                               pd.Timestamp(filters.end))]
    return won.groupby("Owner")["Amount"].agg(["sum", "count"])


def test_without_leads_the_bridge_splits_deals_won_and_deal_size(deals_only: Store) -> None:
    before, after = _won_by_owner(BASE), _won_by_owner(CURRENT)
    company = revenue_bridge(deals_only, BASE, CURRENT).iloc[0]
    assert company["base"] == before["sum"].sum() == 6000.0
    assert company["current"] == after["sum"].sum() == 14000.0
    assert company["current"] == kpi_value(deals_only, "revenue", CURRENT).value
    assert company["change"] == 8000.0 and company["factors"] == "deals"
    reps = revenue_bridge(deals_only, BASE, CURRENT, by="owner").set_index("owner")
    # ana: 2 deals of 2000 → 3 deals of 3000; R 4000 → 9000: both factors × 1.5, so each effect is L × ln 1.5,
    # half of the change: 2500 and 2500.
    assert reps.loc["ana", "deals_effect"] == pytest.approx(2500.0)
    assert reps.loc["ana", "size_effect"] == pytest.approx(2500.0)
    assert reps.loc["ana", "deals_effect"] == pytest.approx(_logmean(9000, 4000) * math.log(1.5))
    # bob: 1 deal of 2000 → 1 deal of 1000: all deal size.
    assert reps.loc["bob", "deals_effect"] == 0.0 and reps.loc["bob", "size_effect"] == pytest.approx(-1000.0)
    # cy started selling: LMDI's limit puts all of it on the number of deals won.
    assert reps.loc["cy", "deals_effect"] == 4000.0 and reps.loc["cy", "size_effect"] == 0.0
    assert (reps["volume_effect"] == 0).all() and (reps["conversion_effect"] == 0).all()
    assert company["deals_effect"] == pytest.approx(2500.0 + 0.0 + 4000.0)
    assert company["size_effect"] == pytest.approx(2500.0 - 1000.0 + 0.0)


def test_with_leads_for_some_reps_each_row_uses_what_it_has_and_the_rows_add_up(some_leads: Store) -> None:
    reps = revenue_bridge(some_leads, BASE, CURRENT, by="owner").set_index("owner")
    assert reps["factors"].to_dict() == {"ana": "leads", "bob": "deals", "cy": "deals"}  # bob: leads in 2026 only
    # ana: 8 leads × 2/8 × 2000 = 4000 → 10 leads × 3/10 × 3000 = 9000.
    weight = _logmean(9000, 4000)
    assert reps.loc["ana", "volume_effect"] == pytest.approx(weight * math.log(10 / 8))
    assert reps.loc["ana", "conversion_effect"] == pytest.approx(weight * math.log(0.3 / 0.25))
    assert reps.loc["ana", "size_effect"] == pytest.approx(weight * math.log(1.5))
    assert reps.loc["ana", "deals_effect"] == 0.0
    assert reps.loc["cy", "deals_effect"] == 4000.0
    company = revenue_bridge(some_leads, BASE, CURRENT).iloc[0]
    assert company["factors"] == "mixed"
    for column in ("base", "current", "change", *BRIDGE_EFFECTS):
        assert reps[column].sum() == pytest.approx(company[column], abs=1e-9), column
    assert sum(company[effect] for effect in BRIDGE_EFFECTS) == pytest.approx(company["change"])
    teams = revenue_bridge(some_leads, BASE, CURRENT, by="team").set_index("team")
    assert teams.loc["North", "current"] == 9000.0 + 1000.0 and teams.loc["South", "current"] == 4000.0
    assert teams.loc["North", "factors"] == "mixed" and teams.loc["South", "factors"] == "deals"
    for column in ("base", "current", "change", *BRIDGE_EFFECTS):
        assert teams[column].sum() == pytest.approx(company[column], abs=1e-9), column
        assert teams.loc["North", column] == pytest.approx(reps.loc[["ana", "bob"], column].sum(), abs=1e-9)


counts = st.integers(min_value=0, max_value=40)
# Amounts in cents, as money is (a float like 2e-308 is no revenue).
revenues = st.one_of(st.integers(-5_000, 200_000).map(float),
                     st.floats(-1e6, 1e9, allow_nan=False).map(lambda amount: round(amount, 2)))


def _factors(leads: int | None, won: int, revenue: float) -> tuple[float, ...]:
    """A side's factors as the bridge forms them: a size without deals, a conversion without leads undefined."""
    size = revenue / won if won else math.nan
    if leads is None:
        return (float(won), size)
    return (float(leads), won / leads if leads else math.nan, size)


@settings(max_examples=300, deadline=None)
@given(with_leads=st.booleans(), leads=st.tuples(counts, counts), won=st.tuples(counts, counts),
       revenue=st.tuples(revenues, revenues))
def test_the_effects_always_add_up_to_the_change(with_leads: bool, leads: tuple[int, int], won: tuple[int, int],
                                                 revenue: tuple[float, float]) -> None:
    revenue = tuple(r if w else 0.0 for r, w in zip(revenue, won, strict=True))  # no deal, no revenue
    if with_leads:
        leads = tuple(max(1, n) for n in leads)  # a split by leads needs leads in both periods
    before = _factors(leads[0] if with_leads else None, won[0], revenue[0])
    after = _factors(leads[1] if with_leads else None, won[1], revenue[1])
    effects, method = split_change(before, after)
    assert method in ("lmdi", "limit", "ordered_substitution", "none")
    assert len(effects) == len(before) and all(math.isfinite(e) for e in effects)
    assert sum(effects) == pytest.approx(revenue[1] - revenue[0], rel=1e-9, abs=1e-6)
    if all(x > 0 for x in (*before, *after)):
        assert method == "lmdi"
