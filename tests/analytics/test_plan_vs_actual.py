"""The imported plan against the actual (``plan_vs_actual``), checked against a plain-pandas reference on deals and a
plan written by the test: by product, by rep with the rep filter, for the company, over a range that cuts a month;
months with a plan but no data, actuals with no plan, and months not started are said as such."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from smart.analytics import Filters, ignored_filters, plan_attainment, plan_months, plan_vs_actual
from smart.ingest import import_file
from smart.storage import Store
from tests.conftest import DEMO_TODAY

PRODUCTS = ("Furniture", "Chairs", "Lamps", "")  # Lamps has no plan; "" is a deal without a product
OWNERS = {"Camille Laurent": "PME", "Hugo Mercier": "PME", "Léa Fontaine": "Grands comptes"}
PLANNED = ("Furniture", "Chairs")
YEAR = Filters(dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def make_deals(seed: int = 7, count: int = 160) -> pd.DataFrame:
    """Deals closed from January to September 2026 (the data stop there), won, lost or open."""
    rng = np.random.default_rng(seed)
    close = pd.to_datetime("2026-01-01") + pd.to_timedelta(rng.integers(0, 273, count), unit="D")
    return pd.DataFrame({
        "id": [f"D{i}" for i in range(count)],
        "owner": rng.choice(list(OWNERS), count),
        "status": rng.choice(["won", "won", "lost", "open"], count),
        "amount": rng.integers(1, 50, count) * 100.0,
        "created": close - pd.to_timedelta(rng.integers(5, 90, count), unit="D"),
        "close": close,
        "product": rng.choice(PRODUCTS, count),
    })


def make_plan() -> pd.DataFrame:
    """A plan for every month of 2026, for two of the products."""
    months = pd.date_range("2026-01-01", "2026-12-01", freq="MS")
    rows = [(month, product, 1000.0 * (index + 1) + (500 if product == "Chairs" else 0))
            for index, month in enumerate(months) for product in PLANNED]
    return pd.DataFrame(rows, columns=["month", "product", "amount"])


@pytest.fixture(scope="module")
def data() -> tuple[pd.DataFrame, pd.DataFrame]:
    return make_deals(), make_plan()


@pytest.fixture
def store(tmp_path: Path, data: tuple[pd.DataFrame, pd.DataFrame]) -> Iterator[Store]:
    deals, plan = data
    lines = ["ID;Title;Owner;Team;Status;Amount;Created;Close date;Product"]
    lines += [f"{d.id};Deal {d.id};{d.owner};{OWNERS[d.owner]};{d.status};{d.amount:.2f};"
              f"{d.created:%Y-%m-%d};{d.close:%Y-%m-%d};{d.product}" for d in deals.itertuples()]
    (tmp_path / "deals.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    targets = ["Month;Category;Target"] + [f"{p.month:%Y-%m};{p.product};{p.amount:.2f}" for p in plan.itertuples()]
    (tmp_path / "targets.csv").write_text("\n".join(targets) + "\n", encoding="utf-8")
    s = Store(tmp_path / "plan.duckdb")
    assert import_file(s, tmp_path / "deals.csv", kind="deals").rejected == 0
    assert import_file(s, tmp_path / "targets.csv").kind == "plan"
    yield s
    s.close()


def reference(deals: pd.DataFrame, plan: pd.DataFrame, key: str, start: dt.date, end: dt.date,
              every_deal: pd.DataFrame | None = None) -> pd.DataFrame:
    """Plan against actual in plain pandas, as the module's docstring states it; the months the data reach are
    those of ``every_deal`` (all the deals, whatever the filters; ``deals`` by default)."""
    won = deals[deals["status"] == "won"]
    reach = every_deal if every_deal is not None else deals
    closed = reach[reach["status"] == "won"]["close"]
    first, last = closed.min().to_period("M"), min(closed.max(), pd.Timestamp(DEMO_TODAY)).to_period("M")
    in_range = won[(won["close"] >= pd.Timestamp(start)) & (won["close"] <= pd.Timestamp(end))]
    actual = in_range.groupby([in_range["close"].dt.to_period("M"), in_range[key]])["amount"].sum()
    actual.index.names = ["period", "value"]
    planned = plan.assign(period=plan["month"].dt.to_period("M")).rename(columns={key: "value"})
    planned = planned[(planned["period"] >= pd.Period(start, "M")) & (planned["period"] <= pd.Period(end, "M"))]
    planned = planned.groupby(["period", "value"])["amount"].sum()
    frame = pd.concat([planned.rename("plan"), actual.rename("actual")], axis=1).reset_index()
    days = frame["period"].dt.days_in_month
    covered = [(min(p.end_time.date(), end) - max(p.start_time.date(), start)).days + 1 for p in frame["period"]]
    frame["plan"] = frame["plan"] * covered / days
    reached = frame["period"].between(first, last)
    frame["actual"] = frame["actual"].where(frame["actual"].notna() | ~reached, 0.0)
    today = pd.Period(DEMO_TODAY, "M")
    frame["status"] = np.select(
        [frame["plan"].isna(), frame["actual"].notna(), frame["period"] > today],
        ["no_plan", "compared", "future"], "no_data")
    frame["month"] = frame["period"].dt.start_time.dt.date
    return frame.sort_values(["month", "value"]).reset_index(drop=True)


def test_by_product_matches_pandas(store: Store, data: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    deals, plan = data
    result = plan_vs_actual(store, YEAR, "product")
    expected = reference(deals, plan, "product", YEAR.start, YEAR.end)
    assert list(result["month"]) == list(expected["month"])
    assert list(result["value"]) == list(expected["value"])
    np.testing.assert_allclose(result["plan"], expected["plan"])
    np.testing.assert_allclose(result["actual"], expected["actual"])
    np.testing.assert_allclose(result["gap"], expected["actual"] - expected["plan"])
    np.testing.assert_allclose(result["attainment"], expected["actual"] / expected["plan"])
    assert list(result["status"]) == list(expected["status"])
    # Honest rows: Lamps and the deals without a product have an actual and no plan; October and November have a
    # plan and no data; December has not started; November is the month in progress.
    assert {"Lamps", ""} <= set(result.loc[result["status"] == "no_plan", "value"])
    assert set(result.loc[result["status"] == "no_data", "month"]) == {dt.date(2026, 10, 1), dt.date(2026, 11, 1)}
    assert set(result.loc[result["status"] == "future", "month"]) == {dt.date(2026, 12, 1)}
    assert set(result.loc[result["partial"], "month"]) == {dt.date(2026, 11, 1)}


def test_a_range_that_cuts_a_month_counts_the_plan_for_its_days(
        store: Store, data: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    deals, plan = data
    spring = Filters(dt.date(2026, 3, 16), dt.date(2026, 5, 10))
    result = plan_vs_actual(store, spring, "product")
    expected = reference(deals, plan, "product", spring.start, spring.end)
    np.testing.assert_allclose(result["plan"], expected["plan"])
    np.testing.assert_allclose(result["actual"], expected["actual"])
    march_furniture = result[(result["month"] == dt.date(2026, 3, 1)) & (result["value"] == "Furniture")]
    assert march_furniture["plan"].iloc[0] == pytest.approx(3000.0 * 16 / 31)


def test_monthly_totals_and_attainment_by_product(store: Store, data: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    deals, plan = data
    result = plan_vs_actual(store, YEAR, "product")
    expected = reference(deals, plan, "product", YEAR.start, YEAR.end)
    months = plan_months(result)
    planned = expected.assign(actual=expected["actual"].where(expected["status"] == "compared"),
                              unplanned=expected["actual"].where(expected["status"] == "no_plan"))
    totals = planned.groupby("month").agg(plan=("plan", lambda s: s.sum(min_count=1)),
                                          actual=("actual", lambda s: s.sum(min_count=1)),
                                          unplanned=("unplanned", lambda s: s.sum(min_count=1))).reset_index()
    np.testing.assert_allclose(months["plan"], totals["plan"])
    np.testing.assert_allclose(months["actual"], totals["actual"])
    np.testing.assert_allclose(months["unplanned"], totals["unplanned"])
    # Every actual is in one of the two: what the plan names, and what it does not.
    np.testing.assert_allclose(months["actual"].fillna(0) + months["unplanned"].fillna(0),
                               expected.groupby("month")["actual"].sum().to_numpy())
    compared = expected[expected["status"] == "compared"].groupby("value")[["plan", "actual"]].sum()
    attainment = plan_attainment(result).set_index("value")
    np.testing.assert_allclose(attainment.loc[list(PLANNED), "attainment"],
                               (compared["actual"] / compared["plan"]).loc[list(PLANNED)])


def test_by_rep_keeps_the_rep_filter_and_says_which_filters_it_leaves_out(
        tmp_path: Path, store: Store, data: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    deals, _ = data
    months = pd.date_range("2026-01-01", "2026-06-01", freq="MS")
    by_rep = pd.DataFrame([(m, owner, 2000.0) for m in months for owner in OWNERS], columns=["month", "owner",
                                                                                                "amount"])
    wide = ["Commercial;" + ";".join(f"{m:%Y-%m}" for m in months)]
    wide += [f"{owner};" + ";".join("2000" for _ in months) for owner in OWNERS]
    (tmp_path / "objectifs.csv").write_text("\n".join(wide) + "\n", encoding="utf-8")
    assert import_file(store, tmp_path / "objectifs.csv").plan["dimension"] == "owner"
    chosen = Filters(YEAR.start, YEAR.end, teams=("PME",), owners=("Hugo Mercier",), lead_sources=("Web",))
    assert ignored_filters(chosen, "owner") == ["teams", "lead_sources"]
    assert ignored_filters(chosen, "product") == ["teams", "owners", "lead_sources"]
    result = plan_vs_actual(store, chosen, "owner")
    expected = reference(deals[deals["owner"] == "Hugo Mercier"], by_rep[by_rep["owner"] == "Hugo Mercier"],
                         "owner", YEAR.start, YEAR.end, every_deal=deals)
    assert set(result["value"]) == {"Hugo Mercier"}
    assert list(result["month"]) == list(expected["month"])
    np.testing.assert_allclose(result["plan"], expected["plan"])
    np.testing.assert_allclose(result["actual"], expected["actual"])
    assert list(result["status"]) == list(expected["status"])


def test_the_company_view_sums_the_plan_and_the_actual(store: Store, data: tuple[pd.DataFrame, pd.DataFrame],
                                                       tmp_path: Path) -> None:
    deals, _ = data
    (tmp_path / "company.csv").write_text("Mois;Objectif CA\n2026-02;30000\n2026-03;31000\n", encoding="utf-8")
    import_file(store, tmp_path / "company.csv")
    result = plan_vs_actual(store, Filters(dt.date(2026, 2, 1), dt.date(2026, 3, 31)), "company")
    won = deals[(deals["status"] == "won") & deals["close"].between("2026-02-01", "2026-03-31")]
    actual = won.groupby(won["close"].dt.month)["amount"].sum()
    assert list(result["value"]) == ["", ""]
    assert list(result["plan"]) == [30000.0, 31000.0]
    assert list(result["actual"]) == [actual[2], actual[3]]


def test_a_dimension_a_kpi_does_not_have_is_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="cannot be split by product"):
        plan_vs_actual(store, YEAR, "product", "leads_created")
    with pytest.raises(ValueError, match="a plan holds one of"):
        plan_vs_actual(store, YEAR, "team", "win_rate")
