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


def test_the_checker_follows_a_typed_deadline_before_the_field_loses_the_focus(app_url: str, page) -> None:
    """Typing a deadline, the focus still in the field: the T letter names it within a pause (a date picker only
    committed once the user clicked elsewhere, and the checker stayed on the old deadline)."""
    page.set_viewport_size({"width": 1440, "height": 2400})
    page.goto(f"{app_url}/objectives")
    wait_for_app(page)
    page.get_by_role("tab", name="New objective").click()
    wait_for_app(page)
    card = page.locator("[class*='st-key-objectives-new-card-T']")
    assert "31 Dec 2026" in card.inner_text()
    deadline = page.get_by_role("textbox", name="Deadline", exact=True)
    deadline.click()
    deadline.press("Control+a")
    deadline.type("30/06/2027", delay=40)
    page.wait_for_function("""() => {
        const card = document.querySelector("[class*='st-key-objectives-new-card-T']");
        return card && card.innerText.includes('30 Jun 2027');
    }""", timeout=15_000)
    assert deadline.evaluate("element => element === document.activeElement")
    assert "8 monthly checkpoints up to 30 Jun 2027" in card.inner_text()
    assert page.locator(ERRORS).count() == 0
