"""Every page on a company as real exports make it (tests/messy.py: 30 reps, reps named "None", "null", "NaN", with
quotes and emoji, and deals and leads missing an owner, a team, a source, a stage, an amount or dates), in AppTest:
no page ever shows an exception or an error, whichever split, rate, objective or slide is shown; the deals without
a rep make a "No rep" row that drills down to them; time in stage says what two weekly exports can tell."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df
from streamlit.testing.v1 import AppTest

from smart.i18n import Translator
from tests.conftest import DEMO_TODAY, app_on
from tests.messy import FIRST_EXPORT_ON, REPS, SECOND_EXPORT_ON, SOURCE, WON, write_messy_exports
from tests.test_app import run_page

YEAR = (pd.Timestamp("2026-01-01"), pd.Timestamp("2026-12-31"))
YEAR_TO_DATE = (pd.Timestamp("2026-01-01"), pd.Timestamp(DEMO_TODAY))
SAME_DAYS_LAST_YEAR = (pd.Timestamp("2025-01-01"), pd.Timestamp("2025-11-27"))


@pytest.fixture
def messy_app(messy_db_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    copy = tmp_path / "messy.duckdb"
    shutil.copy(messy_db_file, copy)
    with app_on(copy, monkeypatch) as database:
        yield database


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pd.DataFrame]:
    """The files the messy company was imported from (written again, the same), read by plain pandas: every
    cell as written, blanks as ''."""
    files = write_messy_exports(tmp_path_factory.mktemp("messy-files"), DEMO_TODAY)
    return {name: pd.read_csv(path, dtype=str, keep_default_na=False) for name, path in files.items()}


def assert_sound(at: AppTest, where: str) -> None:
    assert not at.exception, f"{where}: {[e.value for e in at.exception]}"
    assert not at.error, f"{where}: {[e.value for e in at.error]}"


def won_without_rep(deals: pd.DataFrame, span: tuple[pd.Timestamp, pd.Timestamp]) -> pd.DataFrame:
    closed = pd.to_datetime(deals["Close Date"].replace("", None))
    return deals[(deals["Deal Owner"] == "") & (deals["Deal Stage"] == WON) & closed.between(*span)]


def test_the_company_has_what_the_pages_must_survive(exports: dict[str, pd.DataFrame]) -> None:
    deals = exports["second"]
    assert set(deals["Deal Owner"]) - {""} == set(REPS) and len(REPS) == 30
    for column in ("Deal Owner", "Team", "Deal Stage", "Amount", "Create Date", "Close Date", "Lead Source"):
        assert (deals[column] == "").any(), column
    assert {"None", "null", "NaN"} <= set(deals["Deal Owner"])


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_overview_team_import_and_import_log_render(messy_app: Path, lang: str) -> None:
    for page in ("overview", "team", "import", "import_log"):
        assert_sound(run_page(page, lang), page)


def test_conversion_renders_every_split_and_every_rate(messy_app: Path) -> None:
    at = run_page("conversion", "en")
    assert_sound(at, "conversion")
    for split in ("owner", "source"):
        at.button_group(key="conv_by").set_value(split).run()
        assert_sound(at, f"conversion by {split}")
        assert at.dataframe(key=f"conversion.table.{split}").value["group"].map(type).eq(str).all()
        for kpi in ("win_rate", "lead_conversion_rate", "lead_conversion_cohort"):
            at.button_group(key="conv_kpi").set_value(kpi).run()
            assert_sound(at, f"conversion by {split}, {kpi}")


def test_cycle_renders_every_split(messy_app: Path) -> None:
    at = run_page("cycle", "en")
    for split in ("status", "owner", "lead_source", "size_band", "team"):
        at.button_group(key="cycle_by").set_value(split).run()
        assert_sound(at, f"cycle by {split}")


def test_variance_renders_both_splits(messy_app: Path) -> None:
    at = run_page("variance", "en")
    assert_sound(at, "variance")
    at.button_group(key="var_by").set_value("team").run()
    assert_sound(at, "variance by team")


def test_objectives_list_and_each_objective(messy_app: Path) -> None:
    at = run_page("objectives", "en")
    assert_sound(at, "objectives")
    picker = at.selectbox(key="objectives.detail.id")
    assert len(picker.options) == 4
    for index in range(len(picker.options)):
        at.selectbox(key="objectives.detail.id").select_index(index).run()
        assert_sound(at, f"objective {index + 1}")


def test_every_slide_of_the_review(messy_app: Path) -> None:
    at = run_page("review", "fr")
    assert_sound(at, "slide 1")
    slides = 1
    while not at.button(key="review.next").disabled:
        at.button(key="review.next").click().run()
        slides += 1
        assert_sound(at, f"slide {slides}")
    assert slides == len(at.selectbox(key="review.index").options)


@pytest.mark.parametrize(("lang", "label"), [("en", "No rep"), ("fr", "Sans commercial")])
def test_the_deals_without_a_rep_are_a_no_rep_row_that_drills_down_to_them(
        messy_app: Path, exports: dict[str, pd.DataFrame], lang: str, label: str) -> None:
    at = run_page("conversion", lang)
    table = at.dataframe(key="conversion.table.owner").value
    assert list(table["group"]).count(label) == 1
    assert {"None", "null", "NaN"} <= set(table["group"])  # reps of these names keep them
    won = won_without_rep(exports["second"], YEAR)
    assert int(table.loc[table["group"] == label, "won"].iloc[0]) == len(won) > 0
    at.session_state["conversion.table.owner"] = {
        "selection": {"rows": [int(table.index[table["group"] == label][0])], "columns": [], "cells": []}}
    at.run()
    assert_sound(at, "drill-down")
    drilled = next(frame.value for frame in at.dataframe if "cycle_days" in frame.value.columns)
    assert len(drilled) == len(won)
    assert set(drilled["owner"]) == {label}
    assert drilled["amount"].sum() == pd.to_numeric(won["Amount"].replace("", None)).sum()


@pytest.mark.parametrize(("lang", "label"), [("en", "No rep"), ("fr", "Sans commercial")])
def test_variance_names_the_deals_without_a_rep_and_shows_no_bogus_zero_row(
        messy_app: Path, exports: dict[str, pd.DataFrame], lang: str, label: str) -> None:
    at = run_page("variance", lang)
    table = at.dataframe(key="variance.by.owner").value
    owners = list(table["owner"])
    assert owners.count(label) == 1
    assert not [owner for owner in owners if owner in ("0", "0.0", "nan", "<NA>")]
    assert set(owners) - {label} <= set(REPS)
    row = table[table["owner"] == label].iloc[0]
    amounts = exports["second"]
    now = pd.to_numeric(won_without_rep(amounts, YEAR_TO_DATE)["Amount"].replace("", None)).sum()
    before = pd.to_numeric(won_without_rep(amounts, SAME_DAYS_LAST_YEAR)["Amount"].replace("", None)).sum()
    assert (row["current"], row["base"]) == (pytest.approx(now), pytest.approx(before))
    assert row["volume_effect"] + row["conversion_effect"] + row["size_effect"] == pytest.approx(now - before)


def stage_moves(exports: dict[str, pd.DataFrame]) -> pd.Series:
    """Deals per stage left between the two exports: in an open stage in the first, in another in the second."""
    first, second = exports["first"].set_index("Deal ID"), exports["second"].set_index("Deal ID")
    moved = first[(first["Deal Stage"] != second["Deal Stage"]) & first["Deal Stage"].str.startswith(
        ("Appointment", "Qualified", "Presentation", "Contract"))]
    return moved.groupby("Deal Stage").size()


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "less than a week (seen in two exports 7 days apart)"),
    ("fr", "moins d'une semaine (vue dans deux exports à 7 jours d'intervalle)"),
])
def test_time_in_stage_says_the_two_exports_cannot_tell_less_than_a_week(
        messy_app: Path, exports: dict[str, pd.DataFrame], lang: str, text: str) -> None:
    at = run_page("cycle", lang)
    assert (SECOND_EXPORT_ON - FIRST_EXPORT_ON).days == 7
    chart = next(chart for chart in at.get("vega_lite_chart") if "p75_text" in chart.proto.spec)
    spec = json.loads(chart.proto.spec)
    data = [convert_arrow_bytes_to_pandas_df(dataset.data.data) for dataset in chart.proto.datasets]
    rows = [row for frame in data if "p75_text" in frame for row in frame.to_dict("records")]
    assert {row["stage"]: row["deals"] for row in rows} == stage_moves(exports).to_dict()
    assert {row["median_text"] for row in rows} == {text}
    axis = spec["layer"][0]["encoding"]["x"]["axis"]
    assert (axis["format"], axis["tickMinStep"]) == (",.0f", 1)
    t = Translator(lang)
    assert f"{t('explain.stages')} {t('explain.stages_spacing', days='7')}" in [c.value for c in at.caption]


def test_the_exports_of_the_messy_company_are_read_whole(messy_app: Path) -> None:
    """No row of the synthetic files is rejected, so the references above read the same deals the app does."""
    from smart.ingest import list_imports
    from smart.storage import Store

    store = Store(messy_app)
    try:
        log = list_imports(store)
    finally:
        store.close()
    assert log["rejected"].sum() == 0 and set(log["source"]) == {SOURCE}
