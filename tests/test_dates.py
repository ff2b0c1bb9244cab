""""Today" comes from one setting (``$SMART_TODAY``), read by the app, the CLI and the package; on any day, the
periods, the pages and the review stay right.

The tests marked ``dates`` run as of the day the suite runs as: CI runs them on the real day and on days that
break naive date code (a day in September, whose English short month is "Sept"; 29 February; 31 December;
1 January). Their expected values are computed here from that day with the calendar, not with the app's code.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from smart import clock
from smart.analytics.filters import PERIOD_PRESETS, is_period, period_bounds, period_code
from smart.demo import generate_demo, load_demo
from smart.i18n import Translator
from smart.review import build_review
from smart.review.export import export_review
from smart.storage import Store
from tests.conftest import DEMO_TODAY, REPO_ROOT, app_on
from tests.test_app import PAGES, run_page


def test_the_setting_pins_today_and_a_bad_one_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(clock.TODAY_ENV_VAR, "2028-02-29")
    assert clock.today() == dt.date(2028, 2, 29)
    monkeypatch.setenv(clock.TODAY_ENV_VAR, "29/02/2028")
    with pytest.raises(clock.ClockSettingError, match="SMART_TODAY='29/02/2028' is not a date"):
        clock.today()
    monkeypatch.delenv(clock.TODAY_ENV_VAR)
    before = dt.date.today()
    assert clock.today() in {before, dt.date.today()}


def test_the_cli_says_in_one_line_that_the_setting_is_wrong(tmp_path: Path) -> None:
    env = {**os.environ, clock.TODAY_ENV_VAR: "tomorrow", "SMART_DB": str(tmp_path / "t.duckdb")}
    done = subprocess.run([sys.executable, "-m", "smart", "objectives", "status"], cwd=REPO_ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "error: SMART_TODAY='tomorrow' is not a date: set it to an ISO date (YYYY-MM-DD) or unset it"]


def _month(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _months_back(day: dt.date, count: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 - count
    return index // 12, index % 12 + 1


def expected_bounds(preset: str, day: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """Each period's first and last day, from the calendar alone: the presets as of ``day``, and the codes of a
    year (``2024``), a quarter (``2024-Q1``) or a range of days (``2024-02-01..2024-02-29``)."""
    quarter_first = 3 * ((day.month - 1) // 3) + 1
    if preset.isdigit():
        return dt.date(int(preset), 1, 1), dt.date(int(preset), 12, 31)
    if "-Q" in preset:
        year, quarter = (int(part) for part in preset.split("-Q"))
        return _month(year, 3 * quarter - 2)[0], _month(year, 3 * quarter)[1]
    if ".." in preset:
        first, last = preset.split("..")
        return dt.date(*map(int, first.split("-"))), dt.date(*map(int, last.split("-")))
    if preset == "all_time":
        return None, None
    if preset == "this_month":
        return _month(day.year, day.month)
    if preset == "last_month":
        return _month(*_months_back(day, 1))
    if preset == "this_quarter":
        return _month(day.year, quarter_first)[0], _month(day.year, quarter_first + 2)[1]
    if preset == "last_quarter":
        year, month = _months_back(dt.date(day.year, quarter_first, 1), 3)
        return _month(year, month)[0], _month(year, month + 2)[1]
    if preset == "this_year":
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    if preset == "last_year":
        return dt.date(day.year - 1, 1, 1), dt.date(day.year - 1, 12, 31)
    if preset == "last_12_months":
        return _month(*_months_back(day, 11))[0], _month(day.year, day.month)[1]
    raise AssertionError(f"no expectation for {preset}")


@pytest.mark.dates
@pytest.mark.parametrize("preset", PERIOD_PRESETS)
def test_each_period_preset_on_the_day(preset: str) -> None:
    assert period_bounds(preset, clock.today()) == expected_bounds(preset, clock.today())
    assert period_bounds(preset) == expected_bounds(preset, clock.today())


# Periods that end or start on the days naive date code breaks on: 29 February, 31 December, 1 January, the end of
# each quarter, a leap and a common year.
FIXED_PERIODS = ("2024", "2023", "2024-Q1", "2023-Q1", "2024-Q2", "2024-Q3", "2024-Q4", "2024-02-29..2024-02-29",
                 "2023-12-31..2024-01-01", "2024-01-01..2024-12-31", "2024-10-01..2024-12-31",
                 "2020-02-01..2028-02-29", "1900-Q1", "2199-Q4")
# A range of days that is exactly a year or a quarter is written as one.
PLAINER_CODES = {"2024-01-01..2024-12-31": "2024", "2024-10-01..2024-12-31": "2024-Q4"}
NOT_PERIODS = ("2024-Q5", "2024-Q0", "24", "20245", "2023-02-29..2023-03-01", "2024-06-30..2024-03-01",
               "2024-13-01..2024-13-02", "1899", "2200-Q1", "2024-03-01..", "..2024-03-01", "2024-3-1..2024-3-2",
               "this year", "", "2024..2025")


@pytest.mark.parametrize("code", FIXED_PERIODS)
def test_years_quarters_and_ranges_of_days(code: str) -> None:
    expected = expected_bounds(code, DEMO_TODAY)
    assert period_bounds(code, DEMO_TODAY) == expected
    assert period_bounds(code, dt.date(2024, 2, 29)) == expected  # they do not move with today
    assert period_code(*expected) == PLAINER_CODES.get(code, code)


@pytest.mark.parametrize("code", NOT_PERIODS)
def test_anything_else_is_not_a_period(code: str) -> None:
    assert not is_period(code)
    with pytest.raises(ValueError, match="unknown period"):
        period_bounds(code, DEMO_TODAY)


@pytest.mark.dates
def test_the_year_and_quarter_of_the_day_are_this_year_and_this_quarter() -> None:
    today = clock.today()
    quarter = (today.month - 1) // 3 + 1
    assert period_bounds(f"{today.year}", today) == expected_bounds("this_year", today)
    assert period_bounds(f"{today.year}-Q{quarter}", today) == expected_bounds("this_quarter", today)
    previous_year, previous_quarter = (today.year, quarter - 1) if quarter > 1 else (today.year - 1, 4)
    assert period_bounds(f"{previous_year}-Q{previous_quarter}", today) == expected_bounds("last_quarter", today)
    first, last = expected_bounds("last_12_months", today)
    assert period_bounds(f"{first.isoformat()}..{last.isoformat()}", today) == (first, last)


@pytest.fixture(scope="module")
def todays_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo company as the app loads it on a first start on the day the suite runs as."""
    folder = tmp_path_factory.mktemp("todays-demo")
    store = Store(folder / "demo.duckdb")
    try:
        load_demo(store, generate_demo(folder / "exports", today=clock.today()))
    finally:
        store.close()
    return folder / "demo.duckdb"


@pytest.fixture
def todays_app(todays_demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy = tmp_path / "app.duckdb"
    shutil.copy(todays_demo, copy)
    with app_on(copy, monkeypatch) as database:
        yield database


@pytest.mark.dates
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_page_renders_on_the_day_with_this_years_range(todays_app: Path, lang: str) -> None:
    t = Translator(lang)
    year = clock.today().year
    for page in PAGES:
        at = run_page(page, lang)
        assert not at.exception, (page, at.exception)
        assert [title.value for title in at.title][:1] == [t(f"nav.{page}")]
    first = run_page("overview", lang, period="this_month")
    start, end = expected_bounds("this_month", clock.today())
    assert first.sidebar.caption[0].value == t("period.range", start=t.date(start), end=t.date(end))
    yearly = run_page("overview", lang)
    assert yearly.sidebar.caption[0].value == t(
        "period.range", start=t.date(dt.date(year, 1, 1)), end=t.date(dt.date(year, 12, 31)))


@pytest.mark.dates
def test_the_review_of_the_day_exports_every_slide(todays_demo: Path, tmp_path: Path) -> None:
    copy = tmp_path / "review.duckdb"
    shutil.copy(todays_demo, copy)
    store = Store(copy)
    try:
        figures = build_review(store, clock.today())
    finally:
        store.close()
    for lang in ("en", "fr"):
        html = export_review(figures, Translator(lang), [], "html").decode()
        assert Translator(lang).date(clock.today()) in html


@pytest.mark.dates
def test_the_cli_runs_as_of_the_same_day(todays_demo: Path, tmp_path: Path) -> None:
    """The kpi command's monthly grid runs to the month of the CLI's today, which the environment sets."""
    copy = tmp_path / "cli.duckdb"
    shutil.copy(todays_demo, copy)
    done = subprocess.run([sys.executable, "-m", "smart", "kpi", "deals_won", "--grain", "month", "--format", "json",
                           "--db", str(copy)], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120,
                          env=dict(os.environ))
    assert done.returncode == 0, done.stderr
    periods = [row["period"] for row in json.loads(done.stdout)]
    assert periods[-1] == clock.today().replace(day=1).isoformat()
