"""The demo company: deterministic, plausible, current, and removable without touching the user's data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from smart import demo
from smart.storage import Store
from tests.conftest import DEMO_TODAY


def _read(path: Path, sql: str) -> pd.DataFrame:
    store = Store(path)
    try:
        return store.df(sql)
    finally:
        store.close()


@pytest.fixture(scope="module")
def deals(demo_db_file: Path) -> pd.DataFrame:
    return _read(demo_db_file, "SELECT d.*, r.team FROM deals d LEFT JOIN reps r USING (owner)")


@pytest.fixture(scope="module")
def leads(demo_db_file: Path) -> pd.DataFrame:
    return _read(demo_db_file, "SELECT * FROM leads")


def test_same_seed_and_day_give_identical_files(demo_files: demo.DemoFiles, tmp_path: Path) -> None:
    first = demo_files  # the default seed's, made once for the whole suite
    second = demo.generate_demo(tmp_path / "b", today=DEMO_TODAY, seed=demo.DEFAULT_SEED)
    other = demo.generate_demo(tmp_path / "c", today=DEMO_TODAY, seed=8)
    assert first.deals_exports[-1].read_bytes() == second.deals_exports[-1].read_bytes()
    assert first.leads.read_bytes() == second.leads.read_bytes()
    assert first.leads.read_bytes() != other.leads.read_bytes()


def test_exports_are_french_spreadsheet_files(demo_files: demo.DemoFiles) -> None:
    files = demo_files
    head = files.deals_exports[-1].read_text(encoding="utf-8-sig").splitlines()[:2]
    assert head[0].startswith("ID affaire;Nom de l'affaire;Société;Commercial;Équipe")
    assert ";" in head[1] and "/2024;" in head[1]
    assert len(files.deals_exports) == demo.WEEKLY_EXPORTS


def test_size_and_shape_of_the_company(deals: pd.DataFrame, leads: pd.DataFrame) -> None:
    assert 5_500 <= len(deals) <= 7_000
    assert 22_000 <= len(leads) <= 28_000
    assert deals["team"].nunique() == 2
    assert deals["owner"].nunique() == 8
    assert set(deals["status"]) == {"open", "won", "lost"}
    assert deals["lead_source"].nunique() >= 6


def test_dates_are_relative_to_today_over_three_calendar_years(deals: pd.DataFrame, leads: pd.DataFrame) -> None:
    created = pd.to_datetime(deals["created_on"])
    assert created.max().date() <= DEMO_TODAY
    assert (DEMO_TODAY - created.max().date()).days <= 7
    assert pd.to_datetime(leads["created_on"]).min().date() == dt.date(DEMO_TODAY.year - 2, 1, 1)
    open_close = pd.to_datetime(deals.loc[deals["status"] == "open", "close_on"])
    assert (open_close.dt.date >= DEMO_TODAY - dt.timedelta(days=7)).mean() > 0.9


def test_reps_perform_unequally(deals: pd.DataFrame) -> None:
    closed = deals[deals["status"] != "open"]
    win_rate = closed.assign(won=closed["status"] == "won").groupby("owner")["won"].mean()
    revenue = deals[deals["status"] == "won"].groupby("owner")["amount"].sum()
    assert win_rate.max() - win_rate.min() > 0.15
    assert revenue.max() > 4 * revenue.min()


def test_seasonality_gives_a_quiet_august_and_a_strong_december(deals: pd.DataFrame, leads: pd.DataFrame) -> None:
    won = deals[deals["status"] == "won"]
    months = pd.to_datetime(won["close_on"]).dt.month
    lead_months = pd.to_datetime(leads["created_on"]).dt.month
    per_month = lead_months[lead_months <= 10].value_counts()
    assert per_month[8] < 0.7 * per_month.drop(8).mean()
    assert months.value_counts()[12] > months.value_counts().drop(12).median()


def test_cycle_lengths_are_log_normal_and_longer_for_bigger_deals(deals: pd.DataFrame) -> None:
    won = deals[deals["status"] == "won"].copy()
    won["cycle"] = (pd.to_datetime(won["close_on"]) - pd.to_datetime(won["created_on"])).dt.days
    assert won["cycle"].min() >= 3
    assert won["cycle"].mean() > won["cycle"].median()  # right-skewed, as a log-normal is
    log_cycle = won["cycle"].apply(float).pipe(lambda s: s.where(s > 0)).dropna().map(__import__("math").log)
    assert abs(log_cycle.skew()) < 0.5  # and roughly symmetric once logged
    small, big = won["amount"].quantile([0.25, 0.75])
    assert won.loc[won["amount"] >= big, "cycle"].median() > 1.3 * won.loc[won["amount"] <= small, "cycle"].median()


def test_won_and_lost_reasons(deals: pd.DataFrame) -> None:
    assert deals.loc[deals["status"] == "won", "won_reason"].notna().all()
    assert deals.loc[deals["status"] == "lost", "lost_reason"].notna().all()
    assert deals.loc[deals["status"] == "open", ["won_reason", "lost_reason"]].isna().all().all()
    assert set(deals["lost_reason"].dropna()) == set(demo.LOST_REASONS)


def test_leads_convert_into_the_new_business_deals(leads: pd.DataFrame, deals: pd.DataFrame) -> None:
    converted = leads["converted_on"].notna()
    assert (leads.loc[converted, "qualified_on"].notna()).all()
    assert (pd.to_datetime(leads.loc[converted, "converted_on"]) >= pd.to_datetime(
        leads.loc[converted, "qualified_on"])).all()
    new_business = deals[deals["deal_type"] == "Nouveau client"]
    assert len(new_business) == converted.sum()
    assert 0.12 < converted.mean() < 0.25


def test_snapshots_build_history_from_weekly_exports(demo_db_file: Path) -> None:
    store = Store(demo_db_file)
    weeks = store.scalar("SELECT count(DISTINCT observed_on) FROM deal_history")
    pushed = store.scalar(
        "SELECT count(*) FROM (SELECT crm_id, count(DISTINCT close_on) n FROM deal_history "
        "WHERE status = 'open' GROUP BY crm_id) WHERE n > 1"
    )
    store.close()
    assert weeks == demo.WEEKLY_EXPORTS
    assert pushed > 20


def test_kpi_history_and_the_five_objectives_of_the_brief(demo_db_file: Path) -> None:
    store = Store(demo_db_file)
    months = dict(store.rows("SELECT kpi, count(*) FROM kpi_history GROUP BY kpi"))
    objectives = store.df("SELECT kpi, direction, target_mode, target_input, start_on, deadline FROM objectives")
    store.close()
    assert months == {"csat": 35, "nps": 35}
    assert sorted(objectives["kpi"]) == sorted(
        ["revenue", "qualified_leads", "lead_conversion_rate", "new_customers", "sales_cycle_days"])
    by_kpi = objectives.set_index("kpi")
    by_kpi["deadline"] = pd.to_datetime(by_kpi["deadline"]).dt.date
    assert by_kpi.loc["revenue", "target_input"] == 15 and by_kpi.loc["revenue", "target_mode"] == "relative_pct"
    assert by_kpi.loc["sales_cycle_days", "target_input"] == -20
    assert by_kpi.loc["new_customers", "target_input"] == 500
    assert by_kpi.loc["revenue", "deadline"] == dt.date(DEMO_TODAY.year, 12, 31)
    assert by_kpi.loc["lead_conversion_rate", "deadline"] == dt.date(DEMO_TODAY.year, 12, 31)


def test_removing_the_demo_keeps_what_the_user_imported(demo_store: Store) -> None:
    with demo_store.transaction() as tx:
        tx.execute("INSERT INTO deals (source, crm_id, status, amount) VALUES ('hubspot', '42', 'won', 1000)")
        tx.execute("INSERT INTO imports (file_name, sha256, kind, profile, source, started_at) "
                   "VALUES ('mine.csv', 'abc', 'deals', 'hubspot', 'hubspot', current_timestamp)")
    assert demo.has_demo_data(demo_store)
    assert demo_store.scalar("SELECT count(*) FROM deal_versions") > 0
    demo.remove_demo_data(demo_store)
    for table in demo.IMPORT_BEFORE_IMAGES:
        assert demo_store.scalar(f"SELECT count(*) FROM {table}") == 0, table
    assert not demo.has_demo_data(demo_store)
    assert demo_store.rows("SELECT source, crm_id FROM deals") == [("hubspot", "42")]
    assert demo_store.scalar("SELECT count(*) FROM leads") == 0
    assert demo_store.scalar("SELECT count(*) FROM objectives") == 0
    assert demo_store.rows("SELECT file_name FROM imports") == [("mine.csv",)]


def test_ensure_demo_loads_only_into_an_empty_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(demo, "DEMO_DIR", tmp_path / "exports")
    store = Store(tmp_path / "fresh.duckdb")
    generated: list[Path] = []
    monkeypatch.setattr(demo, "generate_demo", lambda **kw: generated.append(tmp_path) or demo.DemoFiles(
        (), tmp_path / "none", tmp_path / "none", tmp_path / "none"))
    monkeypatch.setattr(demo, "load_demo", lambda store, files: None)
    assert demo.ensure_demo(store) is True
    with store.transaction() as tx:
        tx.execute("INSERT INTO imports (file_name, sha256, kind, profile, source, started_at) "
                   "VALUES ('mine.csv', 'abc', 'deals', 'generic', 'generic', current_timestamp)")
    assert demo.ensure_demo(store) is False
    assert len(generated) == 1
