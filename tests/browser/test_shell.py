"""The whole app in real headless Chromium: every page opens without an error, and the frame works."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot, wait_for_app
from tests.test_app import PAGES

pytestmark = pytest.mark.browser
ERRORS = "[data-testid='stException'], [data-testid='stAlertContentError']"


def test_every_page_opens_without_an_error(app_url: str, page) -> None:
    for name in PAGES:
        page.goto(f"{app_url}/{name if name != 'overview' else ''}")
        wait_for_app(page)
        assert page.locator(ERRORS).count() == 0, f"an error is shown on {name}"
        assert page.locator("[data-testid='stMain'] h1").first.is_visible()
        screenshot(page, f"shell-{name}")


def test_language_and_filters_live_in_the_url(app_url: str, page) -> None:
    page.goto(f"{app_url}/conversion?lang=fr&period=last_year&owner=Hugo+Mercier")
    wait_for_app(page)
    assert page.locator("[data-testid='stMain'] h1").first.inner_text() == "Conversion"
    assert page.get_by_text("Cycle de vente").first.is_visible()
    assert page.get_by_text("1 janv. 2025 – 31 déc. 2025").is_visible()
    page.get_by_text("Cycle de vente").first.click()
    wait_for_app(page)
    assert "/cycle" in page.url and "lang=fr" in page.url and "period=last_year" in page.url
    assert "owner=Hugo+Mercier" in page.url


def test_removing_the_demo_asks_for_confirmation(app_url: str, page, tmp_path) -> None:
    page.goto(f"{app_url}/team")
    wait_for_app(page)
    page.get_by_role("button", name="Remove demo data").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("button", name="Cancel").click()
    wait_for_app(page)
    assert page.get_by_text("You are looking at demo data").is_visible()


def test_a_deep_link_on_a_fresh_server_opens_inside_the_frame(demo_db_file, tmp_path, page) -> None:
    """The first request a new server sees is a shared link to a page: it still gets the sidebar and filters."""
    from tests.browser.conftest import require_chromium, served_app

    require_chromium()
    with served_app(demo_db_file, tmp_path) as (url, _database):
        page.goto(f"{url}/team?lang=fr&period=last_year")
        wait_for_app(page)
        assert page.locator("[data-testid='stMain'] h1").first.inner_text() == "Équipe"
        assert page.get_by_text("Revue hebdomadaire").first.is_visible()
        assert page.get_by_text("1 janv. 2025 – 31 déc. 2025").is_visible()
        assert page.locator(ERRORS).count() == 0
