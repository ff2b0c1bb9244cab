"""Her data in view: the data's extent against plain pandas, the first visit's period, the "your data covers ..."
hint and its jump, and the period kept in session state and in the URL through the sidebar (AppTest).

The sidebar is driven through a small frame written by the test (the sidebar, the demo banner and a body that
prints the period): AppTest reruns a multipage app's page without its frame, but reruns this one whole.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from smart import coverage
from smart.analytics.catalogue import CATALOGUE
from smart.freshness import freshness
from smart.i18n import Translator
from smart.storage import Store
from smart.text import plain
from tests.conftest import DEMO_TODAY, REPO_ROOT, app_on
from tests.past_data import PastExports, activity_reference, import_past_exports, won_revenue, write_past_exports
from tests.test_app import run_page

ANALYSIS_PAGES = ("overview", "conversion", "cycle", "variance", "team")
FRAME = '''
import streamlit as st

import ui


def body() -> None:
    st.text(f"period={ui.current_period()}")


t = ui.translator()
page = st.navigation([st.Page(body, title="Body", url_path="body", default=True)], position="hidden")
ui.get_store()
t = ui.render_sidebar(t)
ui.render_demo_banner(t, page)
page.run()
'''


@pytest.fixture(scope="module")
def past(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, PastExports]:
    """A database holding only the 2024 company of tests/past_data.py, imported through the importer."""
    folder = tmp_path_factory.mktemp("past")
    exports = write_past_exports(folder / "exports")
    store = Store(folder / "past.duckdb")
    try:
        import_past_exports(store, exports)
    finally:
        store.close()
    return folder / "past.duckdb", exports


@pytest.fixture
def past_store(past: tuple[Path, PastExports], tmp_path: Path) -> Iterator[Store]:
    copy = tmp_path / "past.duckdb"
    shutil.copy(past[0], copy)
    store = Store(copy)
    yield store
    store.close()


@pytest.fixture
def past_app(past: tuple[Path, PastExports], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    copy = tmp_path / "app.duckdb"
    shutil.copy(past[0], copy)
    with app_on(copy, monkeypatch) as database:
        yield database


def frame_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **query: str) -> AppTest:
    script = tmp_path / "frame.py"
    script.write_text(FRAME)
    monkeypatch.syspath_prepend(str(REPO_ROOT))
    at = AppTest.from_file(str(script), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def shown_period(at: AppTest) -> str:
    assert not at.exception, at.exception
    [text] = [element.value for element in at.text if element.value.startswith("period=")]
    return text.removeprefix("period=")


def hint_texts(at: AppTest) -> list[str]:
    return [markdown.value for markdown in at.markdown if markdown.value.startswith(":material/travel_explore:")]


# ------------------------------------------------------------------------------------------- the data's extent
def test_the_data_extent_is_what_the_files_hold(past: tuple[Path, PastExports], past_store: Store) -> None:
    reference = activity_reference(past[1])
    per_day = reference.value_counts().sort_index()
    per_month = reference.map(lambda day: day.replace(day=1)).value_counts().sort_index()
    extent = coverage.data_extent(past_store)
    assert extent.days == tuple(zip(per_day.index, per_day.astype(int), strict=True))
    assert (extent.first, extent.last) == (reference.min(), reference.max()) == (dt.date(2024, 2, 12),
                                                                                 dt.date(2024, 9, 16))
    assert extent.months() == tuple(zip(per_month.index, per_month.astype(int), strict=True))
    assert extent.years() == (2024,)
    assert extent.quarters() == ((2024, 1), (2024, 2), (2024, 3))
    assert coverage.jump_span(extent) == (dt.date(2024, 2, 1), dt.date(2024, 9, 30))


def test_a_stage_change_counts_but_a_first_sighting_does_not(past: tuple[Path, PastExports],
                                                            past_store: Store) -> None:
    """The second export's day (16 Sep) is activity for the five deals it shows in another stage, no more: the
    first export's day (9 Sep) is nobody's change."""
    reference = activity_reference(past[1])
    extent = coverage.data_extent(past_store)
    assert extent.count_between(dt.date(2024, 9, 16), dt.date(2024, 9, 16)) == 5
    assert extent.count_between(dt.date(2024, 9, 9), dt.date(2024, 9, 9)) == (
        reference == dt.date(2024, 9, 9)).sum() == 0
    september = reference[reference.map(lambda day: day >= dt.date(2024, 9, 1))]
    assert extent.count_between(dt.date(2024, 9, 1), dt.date(2024, 9, 30)) == len(september) == 9
    assert extent.count_between(None, None) == len(reference)
    assert extent.count_between(None, dt.date(2024, 2, 11)) == 0
    assert extent.count_between(dt.date(2024, 9, 17), None) == 0
    assert extent.count_between(dt.date(2026, 1, 1), dt.date(2026, 12, 31)) == 0
    assert extent.count_between(dt.date(2024, 9, 30), dt.date(2024, 9, 1)) == 0
    for start, end in ((dt.date(2024, 3, 4), dt.date(2024, 5, 9)), (dt.date(2024, 2, 12), dt.date(2024, 2, 12))):
        inside = reference.map(lambda day, start=start, end=end: start <= day <= end)
        assert extent.count_between(start, end) == inside.sum() > 0


def test_newest_activity_is_the_latest_date_in_the_data(past: tuple[Path, PastExports], past_store: Store) -> None:
    fresh = freshness(past_store, DEMO_TODAY)
    assert fresh.newest_fact == activity_reference(past[1]).max() == dt.date(2024, 9, 16)
    assert fresh.age_days == (DEMO_TODAY - dt.date(2024, 9, 16)).days


def test_the_first_visit_opens_on_a_period_that_holds_the_data() -> None:
    extent = coverage.DataExtent(((dt.date(2019, 3, 4), 5), (dt.date(2020, 6, 2), 2)))
    assert coverage.default_period(extent, dt.date(2026, 11, 27)) == "2020"
    assert coverage.default_period(extent, dt.date(2020, 11, 27)) == "this_year"
    assert coverage.default_period(extent, dt.date(2019, 1, 1)) == "this_year"
    assert coverage.default_period(extent, dt.date(2018, 1, 1)) == "2020"
    assert coverage.default_period(coverage.DataExtent(), dt.date(2026, 11, 27)) == "this_year"
    assert coverage.jump_span(extent) == (dt.date(2019, 3, 1), dt.date(2020, 6, 30))
    assert extent.newest(dt.date(2020, 6, 1)) == dt.date(2019, 3, 4)
    assert extent.newest(dt.date(2019, 3, 3)) is None


# ----------------------------------------------------------------------------------------------- the pages
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_overview_says_where_the_data_is_and_shows_it(past: tuple[Path, PastExports], past_app: Path,
                                                      lang: str) -> None:
    t = Translator(lang)
    at = run_page("overview", lang, period="this_year")
    assert not at.exception, at.exception
    revenue = next(metric for metric in at.metric if metric.label == CATALOGUE["revenue"].short_label(t.lang))
    assert revenue.value == t.measure("money", 0, compact=True)
    assert hint_texts(at) == [":material/travel_explore: " + t(
        "coverage.elsewhere", start=t.date(dt.date(2026, 1, 1)), end=t.date(dt.date(2026, 12, 31)),
        first=t.month(dt.date(2024, 2, 1)), last=t.month(dt.date(2024, 9, 1)))]
    assert t.month(dt.date(2024, 2, 1)) == {"en": "Feb 2024", "fr": "févr. 2024"}[lang]
    at.button(key="coverage.show").click().run()
    assert not at.exception, at.exception
    assert at.session_state["period"] == "2024-02-01..2024-09-30"
    revenue = next(metric for metric in at.metric if metric.label == CATALOGUE["revenue"].short_label(t.lang))
    expected = won_revenue(past[1], dt.date(2024, 2, 1), dt.date(2024, 9, 30))
    assert expected == sum(1000 + 137 * i for i in (*range(0, 36, 3), 2, 5, 8))
    assert revenue.value == t.measure("money", expected, compact=True)
    assert hint_texts(at) == []


@pytest.mark.parametrize("page", ANALYSIS_PAGES)
def test_every_analysis_page_says_where_the_data_is(past_app: Path, page: str) -> None:
    at = run_page(page, "en", period="last_quarter")
    assert not at.exception, at.exception
    covers = "Your data covers Feb 2024 – Sept 2024."  # en-GB writes September "Sept"
    assert [text.split(". ")[-1] for text in hint_texts(at)] == [covers]
    assert at.button(key="coverage.show").label == "Show this period"


def test_no_hint_where_the_period_holds_data_nor_on_other_pages(past_app: Path) -> None:
    assert hint_texts(run_page("overview", "en", period="2024-Q3")) == []
    assert hint_texts(run_page("overview", "en", period="all_time")) == []
    assert hint_texts(run_page("import", "en", period="this_year")) == []


def test_a_first_visit_opens_on_the_latest_year_that_holds_the_data(past: tuple[Path, PastExports],
                                                                    past_app: Path) -> None:
    at = run_page("overview", "en")
    assert not at.exception, at.exception
    assert at.session_state["period"] == "2024" and at.query_params["period"] == "2024"
    assert at.sidebar.caption[0].value == "1 Jan 2024 – 31 Dec 2024"
    assert hint_texts(at) == []
    revenue = next(metric for metric in at.metric if metric.label == "Revenue")
    assert revenue.value == Translator("en").measure(
        "money", won_revenue(past[1], dt.date(2024, 1, 1), dt.date(2024, 12, 31)), compact=True)


def test_a_period_in_the_url_wins_over_the_data(past_app: Path) -> None:
    at = run_page("overview", "en", period="last_month")
    assert at.session_state["period"] == "last_month" and at.query_params["period"] == "last_month"


# ------------------------------------------------------------------------------------- the sidebar and the URL
@pytest.mark.parametrize(("code", "kind", "caption"), [
    ("2025", "year", "1 Jan 2025 – 31 Dec 2025"),
    ("2024-Q1", "quarter", "1 Jan 2024 – 31 Mar 2024"),
    ("2024-02-29..2025-01-01", "range", "29 Feb 2024 – 1 Jan 2025"),
    ("last_12_months", "last_12_months", "1 Dec 2025 – 30 Nov 2026"),
])
def test_each_kind_of_period_comes_back_from_the_url(app_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     code: str, kind: str, caption: str) -> None:
    at = frame_app(tmp_path, monkeypatch, lang="en", period=code)
    assert shown_period(at) == code and at.query_params["period"] == code
    assert at.selectbox(key="sidebar.period.en").value == kind
    assert at.sidebar.caption[0].value == caption


@pytest.mark.parametrize("code", ["2024-Q5", "2023-02-29..2023-03-01", "2024-06-30..2024-03-01", "1899", "someday"])
def test_an_invalid_period_in_the_url_is_dropped(app_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 code: str) -> None:
    at = frame_app(tmp_path, monkeypatch, lang="en", period=code)
    assert shown_period(at) == "this_year" and at.query_params["period"] == "this_year"


def test_choosing_a_year_a_quarter_then_days_writes_each_to_the_url(app_db: Path, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    at = frame_app(tmp_path, monkeypatch, lang="en", period="last_quarter")
    at.selectbox(key="sidebar.period.en").set_value("year").run()
    assert shown_period(at) == "2026" and at.query_params["period"] == "2026"  # the year of the quarter shown
    years = at.selectbox(key="sidebar.period.year.en")
    demo = pd.Timestamp(DEMO_TODAY)
    assert years.options == [str(year) for year in range(demo.year, demo.year - 3, -1)]  # the demo's three years
    years.set_value(2024).run()
    assert shown_period(at) == "2024" and at.query_params["period"] == "2024"
    at.selectbox(key="sidebar.period.en").set_value("quarter").run()
    assert shown_period(at) == "2024-Q4"  # the quarter holding the end of 2024
    quarters = at.selectbox(key="sidebar.period.quarter.en")
    assert quarters.options[:2] == ["Q4 2026", "Q3 2026"] and quarters.options[-1] == "Q1 2024"
    quarters.set_value("2024-Q1").run()
    assert shown_period(at) == "2024-Q1" and at.query_params["period"] == "2024-Q1"
    at.selectbox(key="sidebar.period.en").set_value("range").run()
    assert shown_period(at) == "2024-01-01..2024-03-31"  # the quarter shown, as days to adjust
    days = at.date_input(key="sidebar.period.days.en")
    assert days.value == (dt.date(2024, 1, 1), dt.date(2024, 3, 31))
    days.set_value((dt.date(2024, 2, 29), dt.date(2024, 12, 31))).run()
    assert shown_period(at) == "2024-02-29..2024-12-31"
    assert at.query_params["period"] == "2024-02-29..2024-12-31"
    at.date_input(key="sidebar.period.days.en").set_value((dt.date(2025, 1, 1),)).run()  # the first day only
    assert shown_period(at) == "2024-02-29..2024-12-31"
    at.selectbox(key="sidebar.period.en").set_value("this_month").run()
    assert shown_period(at) == "this_month" and at.query_params["period"] == "this_month"


def test_the_language_switch_keeps_the_period_and_the_filters(app_db: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    at = frame_app(tmp_path, monkeypatch, lang="en", period="2025-Q2", owner="Hugo Mercier")
    at.get("button_group")[0].set_value("fr").run()
    assert shown_period(at) == "2025-Q2"
    assert at.query_params["period"] == "2025-Q2" and at.query_params["owner"] == "Hugo Mercier"
    assert at.query_params["lang"] == "fr"
    assert at.selectbox(key="sidebar.period.fr").value == "quarter"
    assert at.selectbox(key="sidebar.period.quarter.fr").value == "2025-Q2"
    assert "T2 2025" in at.selectbox(key="sidebar.period.quarter.fr").options
    assert at.multiselect(key="sidebar.owner.fr").value == ["Hugo Mercier"]
    at.run()
    assert shown_period(at) == "2025-Q2" and at.session_state["lang"] == "fr"


def test_the_demo_removal_dialog_keeps_the_period(app_db: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The first click opens the dialog, Cancel closes it; the confirm runs in the dialog's own rerun, which
    AppTest does not make: the browser test covers it."""
    at = frame_app(tmp_path, monkeypatch, lang="fr", period="last_year")
    at.button(key="demo.remove").click().run()
    assert shown_period(at) == "last_year" and at.query_params["period"] == "last_year"
    assert [button.key for button in at.button][-2:] == ["demo.remove.confirm", "demo.remove.cancel"]
    at.button(key="demo.remove.cancel").click().run()
    assert shown_period(at) == "last_year" and at.query_params["period"] == "last_year"


def test_a_click_on_a_rep_and_a_jump_reach_the_sidebar(app_db: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The view changed by a callback (the Team page's rep, the hint's jump) is what the widgets show next."""
    at = frame_app(tmp_path, monkeypatch, lang="en", period="this_year")
    at.session_state["owner"] = ["Hugo Mercier"]
    at.session_state["period"] = "2025-03-01..2025-06-30"
    at.run()
    assert at.multiselect(key="sidebar.owner.en").value == ["Hugo Mercier"]
    assert at.selectbox(key="sidebar.period.en").value == "range"
    assert at.date_input(key="sidebar.period.days.en").value == (dt.date(2025, 3, 1), dt.date(2025, 6, 30))
    assert at.query_params["owner"] == "Hugo Mercier"
    assert at.query_params["period"] == "2025-03-01..2025-06-30"


# ------------------------------------------------------------------------------------------------ the Import page
PIPELINE = (b"Deal ID,Deal Name,Deal Stage,Amount,Create Date,Close Date,Deal Owner\n"
            b"A1,First,Closed Won,1200,2024-01-08,2024-03-18,ann@example.com\n"
            b"A2,Second,Closed Won,800,2024-02-05,2024-04-22,bob@example.com\n")


def import_page(name: str) -> AppTest:
    at = run_page("import", "en")
    at.file_uploader(key="import.file").set_value((name, PIPELINE, "text/csv"))
    at.run()
    assert not at.exception, at.exception
    return at


def test_the_import_page_asks_for_the_export_date_when_the_name_holds_none(past_app: Path) -> None:
    t = Translator("en")
    question = t("import.as_of_question", field=t("import.as_of"))
    at = import_page("pipeline.csv")
    assert question in [warning.value for warning in at.warning]
    at = import_page("pipeline_13042024.csv")
    assert question not in [warning.value for warning in at.warning]
    assert plain('Export date 13 Apr 2024, read from the file name ("13042024", as day-month-year): it dates the '
                 "deals' history.") in [info.value for info in at.info]  # the importer's notes shown literally


def test_the_import_success_offers_to_show_the_period_the_file_covers(past_app: Path) -> None:
    """The file's first and last dates (created 8 Jan 2024, closed 22 Apr 2024): the button after the success
    message jumps there and asks the frame to open the Overview."""
    at = import_page("pipeline_13042024.csv")
    at.button(key="import.confirm").click().run()
    assert not at.exception and len(at.success) == 1
    assert at.button(key="import.show_period").label == "Show this period"
    at.button(key="import.show_period").click().run()
    assert at.session_state["period"] == "2024-01-08..2024-04-22"
    assert at.session_state["frame.open_page"] == "pages/overview.py"
