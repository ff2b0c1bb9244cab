"""The period in real Chromium: kept through a language switch and the demo removal (both reset it to "This month"
before: a selectbox's value travels as its label, and the label of the previous language was not found among the
new ones), chosen as a given quarter or a custom range, and following data that lies two years back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from smart.i18n import Translator
from tests.browser.conftest import screenshot, served_app, wait_for_app
from tests.past_data import past_database

pytestmark = pytest.mark.browser
SIDEBAR = "[data-testid='stSidebar']"
ERRORS = "[data-testid='stException'], [data-testid='stAlertContentError']"


@pytest.fixture(scope="module")
def past_db_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return past_database(tmp_path_factory.mktemp("past-db") / "past.duckdb")


@pytest.fixture
def french_page(browser) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="fr-FR")
    tab = context.new_page()
    yield tab
    context.close()


def period_caption(tab) -> str:
    return tab.locator(SIDEBAR).locator("[data-testid='stCaptionContainer']").first.inner_text()


def period_choice(tab) -> str:
    """The period kind or preset as the sidebar's first selectbox shows it."""
    return tab.locator(SIDEBAR).get_by_role("combobox").first.input_value()


def choose(tab, selectbox: int, option: str) -> None:
    tab.locator(SIDEBAR).locator("[data-testid='stSelectbox']").nth(selectbox).click()
    tab.get_by_role("option", name=option, exact=True).click()
    wait_for_app(tab)


def test_the_language_switch_and_the_demo_removal_keep_the_period(demo_db_file: Path, tmp_path: Path,
                                                                   page) -> None:
    fr = Translator("fr")
    with served_app(demo_db_file, tmp_path) as (url, _database):
        page.goto(url)
        wait_for_app(page)
        choose(page, 0, "Last quarter")
        assert "period=last_quarter" in page.url and period_caption(page) == "1 Jul 2026 – 30 Sept 2026"
        page.locator(SIDEBAR).get_by_text("Français").click()
        wait_for_app(page)
        assert period_caption(page) == "1 juil. 2026 – 30 sept. 2026"
        assert "lang=fr" in page.url and "period=last_quarter" in page.url
        assert period_choice(page) == "Le trimestre dernier"  # not "Last quarter", which the old code showed
        screenshot(page, "period-after-language-switch")
        page.locator(SIDEBAR).get_by_text("Conversion").first.click()  # the next rerun: it used to reset here
        wait_for_app(page)
        assert "/conversion" in page.url and "period=last_quarter" in page.url
        assert period_caption(page) == "1 juil. 2026 – 30 sept. 2026"
        assert period_choice(page) == "Le trimestre dernier"
        page.get_by_role("button", name=fr("demo.remove")).click()
        dialog = page.get_by_role("dialog")
        dialog.wait_for()
        screenshot(page, "period-demo-removal-dialog")
        assert "period=last_quarter" in page.url and period_caption(page) == "1 juil. 2026 – 30 sept. 2026"
        dialog.get_by_role("button", name=fr("common.cancel")).click()
        wait_for_app(page)
        assert "period=last_quarter" in page.url and period_caption(page) == "1 juil. 2026 – 30 sept. 2026"
        page.get_by_role("button", name=fr("demo.remove")).click()
        page.get_by_role("dialog").get_by_role("button", name=fr("common.confirm")).click()
        page.get_by_text(fr("demo.banner")).wait_for(state="detached")
        wait_for_app(page)
        assert "period=last_quarter" in page.url and "lang=fr" in page.url
        assert period_caption(page) == "1 juil. 2026 – 30 sept. 2026"
        assert page.locator(ERRORS).count() == 0
        screenshot(page, "period-after-demo-removal")


def test_a_given_quarter_then_a_custom_range(app_url: str, french_page) -> None:
    page = french_page
    page.goto(app_url)
    wait_for_app(page)
    choose(page, 0, "Un trimestre donné")
    assert "period=2026-Q4" in page.url  # the quarter holding today
    choose(page, 1, "T2 2025")
    assert "period=2025-Q2" in page.url and period_caption(page) == "1 avr. 2025 – 30 juin 2025"
    assert period_choice(page) == "Un trimestre donné"
    choose(page, 0, "Dates au choix")
    assert "period=2025-04-01..2025-06-30" in page.url
    sidebar = page.locator(SIDEBAR)
    sidebar.get_by_role("spinbutton", name="day, Du – au start date").click()
    page.keyboard.type("01032025")
    sidebar.get_by_role("spinbutton", name="day, Du – au end date").click()
    page.keyboard.type("15052025")
    page.locator("[data-testid='stMain'] h1").click()  # the range is taken when the field loses the focus
    wait_for_app(page)
    assert "period=2025-03-01..2025-05-15" in page.url and period_caption(page) == "1 mars 2025 – 15 mai 2025"
    assert page.locator(ERRORS).count() == 0
    screenshot(page, "period-custom-range")


def test_data_two_years_back_is_in_view(past_db_file: Path, tmp_path: Path, page) -> None:
    with served_app(past_db_file, tmp_path) as (url, _database):
        page.goto(url)
        wait_for_app(page)
        assert "period=2024" in page.url and period_caption(page) == "1 Jan 2024 – 31 Dec 2024"
        assert page.get_by_text("Your data covers").count() == 0
        screenshot(page, "period-first-visit-on-old-data")
        page.goto(f"{url}/team?period=this_year")
        wait_for_app(page)
        hint = page.get_by_text("Your data covers Feb 2024 – Sept 2024.", exact=False)
        assert hint.is_visible()
        screenshot(page, "period-data-elsewhere-hint")
        page.get_by_role("button", name="Show this period").click()
        wait_for_app(page)
        assert "period=2024-02-01..2024-09-30" in page.url
        assert period_caption(page) == "1 Feb 2024 – 30 Sept 2024"
        assert page.get_by_text("Your data covers").count() == 0
        assert page.locator(ERRORS).count() == 0
        screenshot(page, "period-after-the-jump")
