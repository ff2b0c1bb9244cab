"""The Weekly review in real Chromium, as a manager screen-shares it: every slide in turn, then a note typed,
the page reloaded, and the note found again."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot, wait_for_app

pytestmark = pytest.mark.browser
ERRORS = "[data-testid='stException'], [data-testid='stAlertContentError']"
SLIDES = 9


def wait_for_slide(page) -> None:
    """The script has run to its end: the export buttons (drawn last) are there and nothing is loading."""
    wait_for_app(page)
    page.wait_for_function(
        "() => document.querySelectorAll('[data-testid=\"stDownloadButton\"]').length === 2"
        " && !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=30_000)
    page.wait_for_timeout(500)


def slide_title(page) -> str:
    return page.locator("[data-testid='stMain'] h2").first.inner_text()


def test_step_through_the_slides_then_keep_a_note_across_a_reload(app_url: str, page) -> None:
    page.goto(f"{app_url}/review?lang=en")
    wait_for_slide(page)
    sidebar = page.locator("[data-testid='stSidebar']")
    assert sidebar.get_attribute("data-collapsed") == "true", "the sidebar is hidden for the presentation"
    titles = []
    for number in range(1, SLIDES + 1):
        assert page.locator(ERRORS).count() == 0, f"an error is shown on slide {number}"
        assert f"slide={number}" in page.url or number == 1
        titles.append(slide_title(page))
        screenshot(page, f"review-slide-{number:02d}")
        if number < SLIDES:
            page.get_by_role("button", name="Next").click()
            wait_for_slide(page)
            page.wait_for_function(f"() => location.search.includes('slide={number + 1}')")
    assert titles[0] == "Objectives at a glance"
    assert titles[-3:] == ["Weak signals and deals at risk", "Rep highlights", "Decisions and actions due"]
    assert len(set(titles)) == SLIDES

    note = "Browser check: call back the three biggest pushed deals"
    page.get_by_label("What was said or decided").fill(note)
    page.get_by_role("button", name="Save").click()
    wait_for_slide(page)
    page.reload()
    wait_for_slide(page)
    assert "slide=9" in page.url and slide_title(page) == "Decisions and actions due"
    assert page.get_by_text(note).first.is_visible()
    screenshot(page, "review-note-kept")
