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
from smart.analytics.filters import PERIOD_PRESETS, period_bounds
from smart.demo import generate_demo, load_demo
from smart.i18n import Translator
from smart.review import build_review
from smart.review.export import export_review
from smart.storage import Store
from tests.conftest import REPO_ROOT, app_on
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
    """Each preset's first and last day, from the calendar alone."""
    quarter_first = 3 * ((day.month - 1) // 3) + 1
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
