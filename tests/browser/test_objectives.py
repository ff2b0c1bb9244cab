"""The Objectives page in real headless Chromium: list, one objective's pace chart and SMART card, the form."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot, wait_for_app

pytestmark = pytest.mark.browser
ERRORS = "[data-testid='stException'], [data-testid='stAlertContentError']"


def test_the_objectives_page_shows_list_detail_and_form(app_url: str, page) -> None:
    page.set_viewport_size({"width": 1440, "height": 2400})
    page.goto(f"{app_url}/objectives")
    wait_for_app(page)
    page.wait_for_selector("[data-testid='stDataFrame']", timeout=30_000)
    screenshot(page, "objectives-list")
    assert page.locator(ERRORS).count() == 0
    page.get_by_role("tab", name="One objective").click()
    wait_for_app(page)
    assert page.locator(ERRORS).count() == 0
    assert page.get_by_text("SMART check").first.is_visible()
    screenshot(page, "objectives-detail")
    page.get_by_role("tab", name="New objective").click()
    title = page.get_by_role("textbox", name="Title", exact=True)
    title.fill("PME team: 200 qualified leads a month")
    title.press("Enter")
    wait_for_app(page)
    assert page.locator(ERRORS).count() == 0
    screenshot(page, "objectives-new")
