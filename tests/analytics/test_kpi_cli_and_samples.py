"""The ``kpi`` command's contract, and the KPIs of real CRM exports checked against pandas on the raw files."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd
import pytest

from smart.analytics import Filters, kpi_series, kpi_value
from smart.cli import main
from smart.ingest import import_file
from smart.storage import Store
from tests.analytics.conftest import build_store
from tests.analytics.test_kpi_fixtures import DEALS, LEADS, REPS, STAGES


@pytest.fixture
def db_file(tmp_path: Path) -> str:
    path = str(tmp_path / "kpi.duckdb")
    build_store(deals=DEALS, leads=LEADS, reps=REPS, stage_map=STAGES, path=path).close()
    return path


def test_csv_has_the_contract_header_and_iso_periods(db_file: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["kpi", "revenue", "--from", "2026-01-01", "--to", "2026-02-28", "--format", "csv", "--db", db_file])
    assert code == 0
    assert capsys.readouterr().out == "period,value\n2026-01-01,4000\n2026-02-01,2000\n"


def test_csv_with_by_puts_the_column_between(db_file: str, capsys: pytest.CaptureFixture[str]) -> None:
    main(["kpi", "deals_won", "--from", "2026-01-01", "--to", "2026-01-31", "--by", "owner", "--format", "csv",
          "--db", db_file])
    assert capsys.readouterr().out == "period,owner,value\n2026-01-01,ana,1\n2026-01-01,bob,1\n"


def test_quarter_grain_stat_and_json(db_file: str, capsys: pytest.CaptureFixture[str]) -> None:
    main(["kpi", "sales_cycle_days", "--from", "2026-01-01", "--to", "2026-03-31", "--grain", "quarter",
          "--stat", "median", "--format", "json", "--db", db_file])
    records = json.loads(capsys.readouterr().out)
    assert [(r["period"], r["value"]) for r in records] == [("2026-01-01", 20.0)]


def test_json_rates_carry_counts_and_missing_values_as_null(db_file: str, capsys: pytest.CaptureFixture[str]) -> None:
    main(["kpi", "win_rate", "--from", "2026-02-01", "--to", "2026-03-10", "--format", "json", "--db", db_file])
    records = json.loads(capsys.readouterr().out)
    assert records[0]["numerator"] == 1.0 and records[0]["denominator"] == 1.0
    assert records[1]["value"] is None and records[1]["denominator"] == 0.0


def test_list_shows_catalogue_and_history_ids(db_file: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kpi", "--list", "--db", db_file]) == 0
    ids = [line.split("\t")[0] for line in capsys.readouterr().out.splitlines()]
    assert ids[:3] == ["revenue", "deals_won", "deals_lost"] and "sales_velocity" in ids


def test_unknown_id_exits_2_with_one_line_listing_the_ids(db_file: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kpi", "turnover", "--db", db_file]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "'turnover'" in err and "win_rate" in err and "lead_conversion_cohort" in err


def test_a_statistic_the_kpi_has_not_is_refused(db_file: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kpi", "revenue", "--stat", "p90", "--db", db_file]) == 2
    assert "no statistic 'p90'" in capsys.readouterr().err


@pytest.fixture
def imported(tmp_path: Path) -> Iterator[Callable[[Path, str], Store]]:
    """Imports a CRM export's deals into a fresh database file; every store it opened is closed after the test."""
    stores: list[Store] = []

    def load(path: Path, source: str) -> Store:
        store = Store(tmp_path / f"{source}.duckdb")
        stores.append(store)
        import_file(store, path, kind="deals", source=source)
        return store

    yield load
    for store in stores:
        store.close()


def _month_sums(frame: pd.DataFrame) -> dict[dt.date, float]:
    return {period: value for period, value in zip(frame["period"], frame["value"], strict=True) if value}


@pytest.mark.samples
def test_salesforce_opportunities(samples_dir: Path, imported: Callable[[Path, str], Store]) -> None:
    path = samples_dir / "salesforce-api-export" / "Opportunity.csv"
    raw = pd.read_csv(path, encoding="utf-8-sig")
    won = raw[raw["IsWon"] == 1]
    lost = raw[(raw["IsClosed"] == 1) & (raw["IsWon"] != 1)]
    assert (len(won), len(lost)) == (12, 3)  # the README's counts: Closed Won 12, Closed Lost 3
    store = imported(path, "salesforce")
    rate = kpi_value(store, "win_rate")
    assert (rate.numerator, rate.denominator) == (12.0, 15.0)
    assert rate.low == pytest.approx(0.5481, abs=1e-4) and rate.high == pytest.approx(0.9295, abs=1e-4)
    close = pd.to_datetime(won["CloseDate"])
    expected = won.groupby(close.dt.to_period("M").dt.start_time.dt.date)["Amount"].sum().to_dict()
    actual = _month_sums(kpi_series(store, "revenue", grain="month"))
    assert actual.keys() == expected.keys()
    assert all(actual[m] == pytest.approx(expected[m]) for m in expected)
    # Every opportunity was created on 2024-01-22 (a bulk load): won deals closed before it have no cycle.
    created = pd.to_datetime(won["CreatedDate"].str[:10])
    cycles = (close - created).dt.days
    valid = cycles[cycles >= 0]
    result = kpi_value(store, "sales_cycle_days")
    assert result.value == (pytest.approx(valid.mean()) if len(valid) else None)


@pytest.mark.samples
def test_hubspot_deals_revenue_by_month_and_win_rate(samples_dir: Path, imported: Callable[[Path, str], Store]) -> None:
    path = samples_dir / "hubspot-layout" / "hubspot_deals.csv"
    raw = pd.read_csv(path)
    store = imported(path, "hubspot")
    won = raw[raw["Deal Stage"] == "Closed Won"]
    assert len(won) == 71 and (raw["Deal Stage"] == "Closed Lost").sum() == 69
    expected = won.groupby(pd.to_datetime(won["Close Date"]).dt.to_period("Q").dt.start_time.dt.date)[
        "Amount"].sum().to_dict()
    actual = _month_sums(kpi_series(store, "revenue", grain="quarter"))
    assert actual.keys() == expected.keys()
    assert all(actual[q] == pytest.approx(expected[q]) for q in expected)
    assert kpi_value(store, "win_rate").value == pytest.approx(71 / 140)
    by_owner = kpi_value(store, "deals_won", Filters(owners=("michael.scott@example.com",))).value
    assert by_owner == ((won["Deal Owner"] == "michael.scott@example.com").sum())


@pytest.mark.samples
def test_pipedrive_single_win_and_zero_values(samples_dir: Path, imported: Callable[[Path, str], Store]) -> None:
    path = samples_dir / "pipedrive-export" / "deals_export.csv"
    raw = pd.read_csv(path)
    store = imported(path, "pipedrive")
    assert raw["Deal - Status"].value_counts().to_dict() == {"Open": 30, "Lost": 15, "Won": 1}
    rate = kpi_value(store, "win_rate")
    assert (rate.numerator, rate.denominator) == (1.0, 16.0)
    # Wilson 1/16: (0.0111, 0.2833).
    assert rate.low == pytest.approx(0.0111, abs=1e-4) and rate.high == pytest.approx(0.2833, abs=1e-4)
    won_value = float(raw.loc[raw["Deal - Status"] == "Won", "Deal - Value"].iloc[0])
    assert kpi_value(store, "revenue").value == won_value


def test_demo_revenue_and_win_rate_match_pandas(demo_db_file: Path) -> None:
    store = Store(demo_db_file)
    try:
        deals = store.df("SELECT d.*, r.team FROM deals d LEFT JOIN reps r USING (owner)")
        closed = deals[deals["status"] != "open"].copy()
        closed["quarter"] = pd.to_datetime(closed["close_on"]).dt.to_period("Q").dt.start_time.dt.date
        year = Filters(dt.date(2025, 1, 1), dt.date(2025, 12, 31), teams=("PME",))
        mask = (closed["quarter"] >= year.start) & (closed["quarter"] <= year.end) & (closed["team"] == "PME")
        kept = closed[mask]
        revenue = kpi_series(store, "revenue", year, grain="quarter")
        expected = kept[kept["status"] == "won"].groupby("quarter")["amount"].sum()
        assert revenue["value"].tolist() == pytest.approx(expected.tolist())
        rate = kpi_series(store, "win_rate", year, grain="quarter", by="owner")
        counts = kept.groupby(["quarter", "owner"])["status"].agg(won=lambda s: (s == "won").sum(), n="size")
        assert rate["numerator"].tolist() == counts["won"].astype(float).tolist()
        assert rate["denominator"].tolist() == counts["n"].astype(float).tolist()
    finally:
        store.close()
