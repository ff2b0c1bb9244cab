"""A cohort conversion objective in real headless Chromium: the Objectives page says which leads it is measured
on, and its review slide draws its bridge."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from smart.objectives import Objective, create_objective
from smart.storage import Store
from tests.browser.conftest import require_chromium, screenshot, served_app, wait_for_app
from tests.browser.test_review import slide_title, wait_for_slide

pytestmark = pytest.mark.browser
ERRORS = "[data-testid='stException'], [data-testid='stAlertContentError']"
TITLE = "Cohort conversion +5 points"


@pytest.fixture(scope="module")
def cohort_app(demo_db_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require_chromium()
    folder = tmp_path_factory.mktemp("cohort-served")
    source = folder / "source.duckdb"
    shutil.copy(demo_db_file, source)
    store = Store(source)
    try:
        today = dt.date.today()  # the app's day
        create_objective(store, Objective(TITLE, "lead_conversion_cohort", 5, today - dt.timedelta(days=200),
                                          today + dt.timedelta(days=100), target_mode="points"))
    finally:
        store.close()
    with served_app(source, folder) as (url, _database):
        yield url


def test_a_cohort_objective_says_what_it_measures_and_its_slide_draws_its_bridge(cohort_app: str, page) -> None:
    page.set_viewport_size({"width": 1440, "height": 2000})
    page.goto(f"{cohort_app}/objectives?lang=en")
    wait_for_app(page)
    page.get_by_role("tab", name="One objective").click()
    wait_for_app(page)
    page.get_by_label("Objective", exact=True).first.click()
    page.get_by_role("option", name=TITLE).click()
    wait_for_app(page)
    cut_off = (dt.date.today() - dt.timedelta(days=90)).strftime("%-d %b %Y")
    page.get_by_text(f"Measured on the leads created until {cut_off}").wait_for(timeout=30_000)
    assert page.locator(ERRORS).count() == 0
    screenshot(page, "objectives-cohort")
    page.goto(f"{cohort_app}/review?lang=en&slide=7")
    wait_for_slide(page)
    assert slide_title(page).startswith(TITLE)
    assert page.locator(ERRORS).count() == 0
    screenshot(page, "review-cohort-slide")
