"""Figures as a French manager on an English (en-GB) browser sees them, in real Chromium: the Team and Import log
tables drawn in French, the revenue card whole, time in stage from two weekly exports, and a decision that shows on
the review's slide as soon as it is saved. The texts a table draws on its canvas are read by wrapping the canvas's
``fillText``; screenshots go to tests/artifacts/."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from smart.analytics.catalogue import CATALOGUE
from smart.i18n import Translator
from tests.browser.conftest import require_chromium, served_app, wait_for_app
from tests.conftest import ARTIFACTS_DIR

pytestmark = pytest.mark.browser
FR = Translator("fr")
ERRORS = "[data-testid='stException'], [data-testid='stAlertContentError']"
ENGLISH = re.compile(r"\d,\d{3}(?!\d)|€\s?\d|\d%|\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b")
RECORD_DRAWN_TEXT = """(() => {
    window.__drawn = [];
    const fillText = CanvasRenderingContext2D.prototype.fillText;
    CanvasRenderingContext2D.prototype.fillText = function (text, ...rest) {
        window.__drawn.push(String(text));
        return fillText.call(this, text, ...rest);
    };
})()"""


def start_at_the_root(browser, url: str) -> None:
    """A server's first session must open the root (a Streamlit 1.67 quirk: see tests/browser/test_pages.py)."""
    context = browser.new_context()
    tab = context.new_page()
    tab.goto(url)
    wait_for_app(tab)
    context.close()


@pytest.fixture(scope="module")
def demo_url(demo_db_file: Path, tmp_path_factory: pytest.TempPathFactory, browser) -> Iterator[str]:
    require_chromium()
    with served_app(demo_db_file, tmp_path_factory.mktemp("figures-demo")) as (url, _database):
        start_at_the_root(browser, url)
        yield url


@pytest.fixture(scope="module")
def messy_url(messy_db_file: Path, tmp_path_factory: pytest.TempPathFactory, browser) -> Iterator[str]:
    require_chromium()
    with served_app(messy_db_file, tmp_path_factory.mktemp("figures-messy")) as (url, _database):
        start_at_the_root(browser, url)
        yield url


@pytest.fixture
def drawing_page(page):
    """The en-GB page, recording every text drawn on a canvas."""
    page.context.add_init_script(RECORD_DRAWN_TEXT)
    return page


def open_page(page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)
    page.wait_for_timeout(1500)
    assert page.locator(ERRORS).count() == 0


def drawn(page) -> list[str]:
    return page.evaluate("() => window.__drawn")


def screenshot(page, name: str) -> Path:
    """The whole page: the viewport grows to the height of Streamlit's scrolling main area first."""
    size = page.viewport_size
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": min(max(900, int(height) + 40), 6000)})
    page.wait_for_timeout(800)
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS_DIR / f"{name}.png"
    page.screenshot(path=str(path))
    page.set_viewport_size(size)
    return path


def test_the_team_table_in_french_on_an_english_browser(demo_url: str, drawing_page) -> None:
    page = drawing_page
    open_page(page, f"{demo_url}/team?lang=fr")
    texts = drawn(page)
    assert "6\u202f434\u202f300\u00a0€" in texts and "53\u202f%" in texts and "73 jours" in texts, texts
    assert "1\u202f102" in texts  # Camille Laurent's leads
    assert not [text for text in texts if ENGLISH.search(text) or text in ("None", "nan")]
    screenshot(page, "figures-team-fr-en-gb")


def test_the_import_log_in_french_on_an_english_browser(demo_url: str, drawing_page) -> None:
    page = drawing_page
    open_page(page, f"{demo_url}/import_log?lang=fr")
    grid = page.locator("[data-testid='stDataFrame']").first
    box = grid.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(3000, 0)  # on to the last columns: when each import ran, and was undone
    page.wait_for_timeout(800)
    texts = drawn(page)
    assert any(re.fullmatch(r"\d{1,2} \w+\.? 20\d\d \d\d:\d\d", text) for text in texts), texts
    assert any(re.fullmatch(r"\d{1,3}(\u202f\d{3})+", text) for text in texts), texts  # the leads' rows
    assert "–" in texts  # not undone: a dash, not "None"
    assert not [text for text in texts if ENGLISH.search(text) or text in ("None", "nan", "NaT")]
    screenshot(page, "figures-import-log-fr-en-gb")


@pytest.mark.parametrize("width", [1366, 1440])
def test_no_card_of_the_overview_is_cut(demo_url: str, page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    open_page(page, f"{demo_url}/?lang=fr")
    page.locator("[data-testid='stMetricValue']").nth(5).wait_for(timeout=30_000)
    cut = page.evaluate("""() => Array.from(document.querySelectorAll("[data-testid='stMetricValue']"))
        .filter(value => value.scrollWidth > value.clientWidth).map(value => value.innerText)""")
    assert cut == []
    revenue = page.locator("[data-testid='stMetric']").filter(has_text=CATALOGUE["revenue"].short_label("fr")).first
    assert re.fullmatch(r"\d+,\d M€|\d+ k€", revenue.locator("[data-testid='stMetricValue']").inner_text())
    screenshot(page, f"figures-overview-fr-{width}")


def test_time_in_stage_from_two_weekly_exports(messy_url: str, drawing_page) -> None:
    page = drawing_page
    open_page(page, f"{messy_url}/cycle?lang=en")
    chart = page.locator(".st-key-cycle-stages, [data-testid='stVegaLiteChart']").last
    chart.scroll_into_view_if_needed()
    page.wait_for_timeout(1500)
    texts = chart.locator("svg text, canvas").evaluate_all(
        "elements => elements.map(element => element.textContent)") + drawn(page)
    assert texts.count("less than a week (seen in two exports 7 days apart)") >= 4, texts
    assert "0 days" not in texts and not [text for text in texts if re.fullmatch(r"\d+\.\d+", text)]
    screenshot(page, "figures-time-in-stage")


def test_a_decision_shows_on_the_slide_as_soon_as_it_is_saved(demo_url: str, page) -> None:
    page.goto(f"{demo_url}/review?lang=en&slide=9")
    wait_for_app(page)
    page.locator("[data-testid='stDownloadButton']").nth(1).wait_for(timeout=30_000)
    slide = page.locator(".st-key-review-slide-decisions")
    decision = "Browser check: call the three biggest pushed deals today"
    assert slide.get_by_text(decision).count() == 0
    page.get_by_text("Decision", exact=True).first.click()
    page.get_by_label("What was said or decided").fill(decision)
    page.get_by_role("button", name="Save").click()
    slide.get_by_text(decision).first.wait_for(timeout=30_000)  # no reload, no other slide in between
    wait_for_app(page)
    assert "slide=9" in page.url
    assert slide.get_by_text(f"Decision — {decision}").first.is_visible()
    screenshot(page, "figures-review-decision-at-once")
