"""The plan in the pages (AppTest, on the demo with a plan by team imported): Variance shows the actual against the
plan (figures checked against plain pandas) with its chart, in English and French; the Import page previews a
targets sheet and lets the user say which KPI it holds; an objective created from the plan follows it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from smart.analytics import CATALOGUE
from smart.i18n import Translator
from smart.ingest import import_file
from smart.storage import Store
from tests.conftest import DEMO_TODAY
from tests.test_app import run_page

TEAMS = {"Grands comptes": 900_000.0, "PME": 300_000.0}
MONTHS = pd.date_range("2026-01-01", "2026-12-01", freq="MS")


def team_plan(month: pd.Timestamp, team: str) -> float:
    return TEAMS[team] + 10_000.0 * month.month


@pytest.fixture
def plan_db(app_db: Path) -> Path:
    """The demo with a 2026 revenue plan by team, imported as a manager would (a wide sheet)."""
    lines = ["Équipe;" + ";".join(f"{m:%Y-%m}" for m in MONTHS)]
    lines += [f"{team};" + ";".join(f"{team_plan(m, team):.0f}" for m in MONTHS) for team in TEAMS]
    path = app_db.parent / "objectifs_equipes_2026.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    store = Store(app_db)
    try:
        assert import_file(store, path).plan["dimension"] == "team"
    finally:
        store.close()
    return app_db


def table_with(at, *columns: str) -> pd.DataFrame:
    """The first table that has these columns (a read-only st.dataframe carries no key AppTest can find)."""
    return next(frame.value for frame in at.dataframe if set(columns) <= set(frame.value.columns))


def charts(at) -> list[dict]:
    """The Vega-Lite specs drawn on the page (AppTest has no accessor of its own for them)."""
    import json

    return [json.loads(element.proto.spec) for element in at.get("vega_lite_chart")]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_variance_shows_the_actual_against_the_plan_by_team(plan_db: Path, demo_tables: dict[str, pd.DataFrame],
                                                            lang: str) -> None:
    t = Translator(lang)
    at = run_page("variance", lang)
    assert not at.exception and not at.error
    assert t("variance.plan_actual") in [s.value for s in at.subheader]
    table = table_with(at, "month", "plan", "actual")
    deals = demo_tables["deals"]
    won = deals[(deals["status"] == "won") & (deals["close_on"].dt.year == 2026)]
    actual = won.groupby([won["close_on"].dt.to_period("M"), "team"])["amount"].sum()
    rows = []
    for month in MONTHS:
        for team in sorted(TEAMS):
            started = month <= pd.Timestamp(DEMO_TODAY)
            done = actual.get((month.to_period("M"), team), 0.0) if started else None
            status = "plan.status.future" if not started else (
                "plan.status.partial" if month.month == DEMO_TODAY.month else "plan.status.compared")
            rows.append((t.month(month), team, team_plan(month, team), done, t(status)))
    expected = pd.DataFrame(rows, columns=["month", "value", "plan", "actual", "status"])
    assert list(table["month"]) == list(expected["month"])
    assert list(table["value"]) == list(expected["value"])
    assert list(table["status"]) == list(expected["status"])
    pd.testing.assert_series_equal(table["plan"], expected["plan"], check_names=False)
    pd.testing.assert_series_equal(table["actual"].astype(float), expected["actual"].astype(float),
                                   check_names=False)
    titles = [spec["title"]["text"] for spec in charts(at) if isinstance(spec.get("title"), dict)]
    assert t("chart.plan_months.title", kpi=CATALOGUE["revenue"].label(lang)) in titles
    assert t("chart.plan_attainment.title", dimension=t("plan.by.team")) in titles
    compared = expected[expected["status"] != t("plan.status.future")]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[t("variance.plan_total.plan")] == t.measure("money", compared["plan"].sum(), compact=True)
    assert metrics[t("variance.plan_total.actual")] == t.measure("money", compared["actual"].sum(), compact=True)


def test_variance_without_a_plan_says_how_to_get_one(app_db: Path) -> None:
    at = run_page("variance", "en")
    assert Translator("en")("variance.plan_none") in [info.value for info in at.info]


def test_the_import_page_previews_a_plan_and_asks_which_kpi_it_holds(app_db: Path) -> None:
    t = Translator("en")
    at = run_page("import", "en")
    sheet = b"Commercial;Jan 2026;Feb 2026\nCamille Laurent;12;13\nHugo Mercier;9;10\n"
    at.file_uploader(key="import.file").set_value(("objectifs.csv", sheet, "text/csv"))
    at.run()
    assert not at.exception and not at.error
    months = table_with(at, "total", "values")
    assert list(months["month"]) == ["Jan 2026", "Feb 2026"] and list(months["total"]) == [21.0, 23.0]
    assert at.selectbox(key="import.plan_kpi.objectifs.csv").value == "revenue"
    at.selectbox(key="import.plan_kpi.objectifs.csv").set_value("deals_won").run()
    assert not at.exception and not at.error
    assert any(str(n.value).startswith(t("ingest.note.plan_kpi", kpi="Deals won")[:40]) for n in at.info)
    at.button(key="import.confirm").click().run()
    assert not at.exception and not at.error
    store = Store(app_db)
    try:
        assert store.rows("SELECT kpi, period, dimension_value, amount FROM plan ORDER BY period, dimension_value") \
            == [("deals_won", dt.date(2026, 1, 1), "Camille Laurent", 12.0),
                ("deals_won", dt.date(2026, 1, 1), "Hugo Mercier", 9.0),
                ("deals_won", dt.date(2026, 2, 1), "Camille Laurent", 13.0),
                ("deals_won", dt.date(2026, 2, 1), "Hugo Mercier", 10.0)]
    finally:
        store.close()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_an_objective_created_from_the_plan_follows_it(plan_db: Path, lang: str) -> None:
    t = Translator(lang)
    at = run_page("objectives", lang)
    at.text_input(key="objectives.new.title").input("PME: the 2026 plan")
    at.selectbox(key="objectives.new.kpi").set_value("revenue")
    at.segmented_control(key="objectives.new.scope").set_value("team").run()
    at.selectbox(key="objectives.new.scope_value.team").set_value("PME")
    at.text_input(key="objectives.new.start").input("01/01/2026")
    at.text_input(key="objectives.new.deadline").input("31/12/2026").run()
    assert not at.exception and not at.error
    at.checkbox(key="objectives.new.use_plan").check().run()
    total = sum(team_plan(m, "PME") for m in MONTHS)
    shown = t("objectives.form.plan_total", start=t.date(dt.date(2026, 1, 1)), deadline=t.date(dt.date(2026, 12, 31)),
              total=t.measure("money", total))
    assert shown in [c.value for c in at.caption]
    at.button(key="objectives.new.create").click().run()
    assert not at.exception and not at.error
    store = Store(plan_db)
    try:
        created = store.rows("SELECT target_input, target_mode, grain, expected_path, scope_value FROM objectives "
                             "WHERE title = 'PME: the 2026 plan'")
    finally:
        store.close()
    assert created == [(total, "absolute", "year", "plan", "PME")]
    # January to October, and 27 of November's 30 days: the plan to date is what is expected.
    to_date = sum(team_plan(m, "PME") for m in MONTHS[:10]) + team_plan(MONTHS[10], "PME") * 27 / 30
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[t("objectives.col.expected")] == t.measure("money", to_date, compact=True)
    assert t("objectives.page.follows_plan") in [c.value for c in at.caption]
