"""The analysis pages in real headless Chromium: each page renders its charts and tables, a click drills down
or filters, and the copied URL reopens the same view. Screenshots of every page go to tests/artifacts/."""

from __future__ import annotations

import pytest

from tests.browser.conftest import wait_for_app
from tests.conftest import ARTIFACTS_DIR

pytestmark = pytest.mark.browser
CHARTS = {"overview": 0, "conversion": 4, "cycle": 4, "variance": 2, "team": 0}
ERRORS = "[data-testid='stException'], [data-testid='stAlertContentError']"
ROW_HEIGHT = 35


def screenshot(page, name: str) -> None:
    """The whole page: the viewport grows to the height of Streamlit's scrolling main area first."""
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": 1440, "height": min(max(900, int(height) + 40), 6000)})
    page.wait_for_timeout(800)
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS_DIR / f"{name}.png"))
    page.set_viewport_size({"width": 1440, "height": 900})


@pytest.fixture(scope="module", autouse=True)
def app_started_at_its_root(app_url: str, browser) -> None:
    """Open the root first: a server whose very first session asks for /team runs pages/team.py alone, without
    the frame (a Streamlit 1.67 quirk of apps that have a pages/ folder and use st.navigation)."""
    context = browser.new_context()
    tab = context.new_page()
    tab.goto(app_url)
    wait_for_app(tab)
    context.close()


def open_page(page, url: str) -> None:
    """Open a URL and wait until the page's first table is drawn and the script has finished."""
    page.goto(url)
    wait_for_app(page)
    page.locator("[data-testid='stDataFrame']").first.wait_for(timeout=30_000)
    wait_for_app(page)
    page.wait_for_timeout(1000)


def click_table_row(page, table_key: str, row: int) -> None:
    """Click the selection cell of a row (0-based) of the st.dataframe with this key."""
    grid = page.locator(f".st-key-{table_key.replace('.', '-')} [data-testid='stDataFrame']").first
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 14, box["y"] + ROW_HEIGHT * (row + 1) + ROW_HEIGHT / 2)
    wait_for_app(page)
    page.wait_for_timeout(700)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_analysis_page_renders_its_charts_and_tables(app_url: str, page, lang: str) -> None:
    for name, expected_charts in CHARTS.items():
        open_page(page, f"{app_url}/{'' if name == 'overview' else name}?lang={lang}")
        assert page.locator(ERRORS).count() == 0, f"an error is shown on {name}"
        charts = page.locator("[data-testid='stVegaLiteChart']").count()
        tables = page.locator("[data-testid='stDataFrame']").count()
        assert tables >= 1, name
        assert charts == expected_charts, (name, charts)
        screenshot(page, f"pages-{name}-{lang}")


def test_clicking_a_rep_filters_every_page_and_the_url_reopens_it(app_url: str, page, browser) -> None:
    open_page(page, f"{app_url}/team?lang=en")
    click_table_row(page, "team.table", 0)
    assert "owner=Camille+Laurent" in page.url
    page.get_by_role("button", name="Show every rep").wait_for(timeout=20_000)
    screenshot(page, "pages-team-one-rep")
    copied = page.url
    other = browser.new_context(viewport={"width": 1440, "height": 900}, locale="en-GB").new_page()
    open_page(other, copied)
    assert other.locator("[data-testid='stSidebar']").get_by_text("Camille Laurent").first.is_visible()
    other.get_by_role("button", name="Show every rep").wait_for(timeout=20_000)
    other.context.close()


def test_a_table_row_drills_down_to_the_deals(app_url: str, page) -> None:
    open_page(page, f"{app_url}/conversion?lang=en&period=last_year")
    click_table_row(page, "conversion.table.owner", 0)
    assert page.get_by_text("Deals behind: deals won, Camille Laurent").is_visible()
    drill = page.locator(".st-key-conversion-by-owner-deals-box [data-testid='stDataFrame']")
    assert drill.count() == 1
    screenshot(page, "pages-conversion-drill-down")


def test_a_changed_filter_and_split_survive_reopening_the_url(app_url: str, page, browser) -> None:
    open_page(page, f"{app_url}/cycle?lang=en")
    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.locator("[data-testid='stSelectbox']").first.click()
    page.get_by_role("option", name="Last year").click()
    wait_for_app(page)
    page.locator("[data-testid='stButtonGroup']").get_by_text("Lead source", exact=True).click()
    wait_for_app(page)
    assert "period=last_year" in page.url and "cycle_by=lead_source" in page.url
    copied = page.url
    other = browser.new_context(viewport={"width": 1440, "height": 900}, locale="en-GB").new_page()
    open_page(other, copied)
    assert other.locator("[data-testid='stSidebar']").get_by_text("1 Jan 2025 – 31 Dec 2025").is_visible()
    assert other.locator(".st-key-cycle-box-lead_source").count() == 1
    screenshot(other, "pages-cycle-reopened")
    other.context.close()


def test_clicking_a_funnel_bar_lists_the_deals_that_reached_that_stage(app_url: str, page) -> None:
    open_page(page, f"{app_url}/conversion?lang=en&period=last_year")
    funnel = page.locator("[data-testid='stVegaLiteChart']").first  # the funnel is the page's first chart
    box = funnel.bounding_box()
    assert box is not None
    # The first bar (the first stage, reached by every deal) starts at the plot's left edge near the top.
    page.mouse.click(box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.22)
    wait_for_app(page)
    heading = page.get_by_text("Deals behind: deals that reached")
    heading.wait_for(timeout=20_000)
    assert page.locator(".st-key-conversion-funnel-deals-box [data-testid='stDataFrame']").count() == 1
    screenshot(page, "pages-conversion-funnel-drill-down")
