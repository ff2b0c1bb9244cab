"""A cohort conversion objective in real headless Chromium: the Objectives page says which leads it is measured
on, and its review slide draws its bridge. It runs as of the day the suite runs as (marked ``dates``): its dates
are worded by the app (Babel's "Sept", "févr."), so the expected text is built the same way."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from smart import clock
from smart.demo import generate_demo, load_demo
from smart.i18n import Translator
from smart.objectives import Objective, create_objective
from smart.storage import Store
from tests.browser.conftest import require_chromium, screenshot, served_app, wait_for_app
from tests.browser.test_review import slide_title, wait_for_slide

pytestmark = [pytest.mark.browser, pytest.mark.dates]
ERRORS = "[data-testid='stException'], [data-testid='stAlertContentError']"
TITLE = "Cohort conversion +5 points"
MAX_SLIDES = 12


@pytest.fixture(scope="module")
def cohort_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo company as the app loads it on the day the suite runs as, with a cohort objective running."""
    require_chromium()
    folder = tmp_path_factory.mktemp("cohort-served")
    source = folder / "source.duckdb"
    store = Store(source)
    try:
        today = clock.today()  # the app's day
        load_demo(store, generate_demo(folder / "exports", today=today))
        create_objective(store, Objective(TITLE, "lead_conversion_cohort", 5, today - dt.timedelta(days=200),
                                          today + dt.timedelta(days=100), target_mode="points"))
    finally:
        store.close()
    with served_app(source, folder, today=None) as (url, _database):
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
    cut_off = Translator("en").date(clock.today() - dt.timedelta(days=90))  # as the page words it, in Babel
    page.get_by_text(f"Measured on the leads created until {cut_off}").wait_for(timeout=30_000)
    assert page.locator(ERRORS).count() == 0
    screenshot(page, "objectives-cohort")
    for number in range(2, MAX_SLIDES + 1):  # its slide, among the objectives running today
        page.goto(f"{cohort_app}/review?lang=en&slide={number}")
        wait_for_slide(page)
        if slide_title(page).startswith(TITLE):
            break
    assert slide_title(page).startswith(TITLE)
    assert page.locator(ERRORS).count() == 0
    screenshot(page, "review-cohort-slide")
