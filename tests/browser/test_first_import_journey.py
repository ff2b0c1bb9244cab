"""A manager's first hour, in French, in real headless Chromium: she removes the demo, uploads her own ledger
(whose id and date headers no synonym knows), answers the one question the file leaves open, sees what will not be
available, imports it, and lands on an Overview that shows her data's period and her revenue."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from smart.analytics.catalogue import CATALOGUE
from smart.i18n import Translator
from tests.browser.conftest import require_chromium, screenshot, served_app, wait_for_app
from tests.ingest.shapes import unknown_headers

pytestmark = pytest.mark.browser
ERRORS = "[data-testid='stException'], [data-testid='stAlertContentError']"
FR = Translator("fr")


@pytest.fixture(scope="module")
def journey_app(demo_db_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require_chromium()
    with served_app(demo_db_file, tmp_path_factory.mktemp("journey-served")) as (url, _database):
        yield url


def _remove_the_demo(page, url: str) -> None:
    page.goto(f"{url}/overview?lang=fr")
    wait_for_app(page)
    page.get_by_role("button", name=FR("demo.remove")).click()
    page.get_by_role("button", name=FR("common.confirm")).click()
    page.get_by_text(FR("demo.banner")).wait_for(state="detached", timeout=60_000)
    wait_for_app(page)


def test_her_own_ledger_from_upload_to_an_overview_of_her_period(journey_app: str, page, tmp_path: Path) -> None:
    content, rows = unknown_headers()
    ledger = tmp_path / "grand_livre.csv"
    ledger.write_bytes(content)
    first, last = min(r["close_on"] for r in rows), max(r["close_on"] for r in rows)
    revenue = sum(r["amount"] for r in rows)
    page.set_viewport_size({"width": 1440, "height": 1600})

    _remove_the_demo(page, journey_app)
    page.goto(f"{journey_app}/import?lang=fr")
    wait_for_app(page)
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(ledger))

    # No dead end: the id and the date are asked, their likeliest columns already chosen.
    page.get_by_text(FR("importflow.needed.title")).wait_for(timeout=60_000)
    wait_for_app(page)
    assert page.locator(ERRORS).count() == 0
    screenshot(page, "journey-1-choice-fr")
    page.get_by_role("button", name=FR("importflow.use_choice")).click()

    # The preview: nine rows, proposed as won deals, and what she will not see said before she imports.
    page.locator("[data-testid='stMetric']").nth(4).wait_for(timeout=60_000)
    wait_for_app(page)
    assert page.locator(ERRORS).count() == 0
    counts = [text.split()[-1] for text in page.locator("[data-testid='stMetric']").all_inner_texts()]
    assert counts == ["9", "9", "0", "0", "0"]  # rows, new, updated, unchanged, rejected
    page.get_by_text(FR("importflow.won.question")).wait_for(timeout=30_000)
    assert page.get_by_text(FR("importflow.unavailable.title")).count() == 1
    screenshot(page, "journey-2-preview-fr")

    page.get_by_role("button", name=FR("import.confirm"), exact=True).click()
    covers = FR("importflow.covers", start=FR.date(first), end=FR.date(last))
    page.get_by_text(covers, exact=False).wait_for(timeout=60_000)
    assert page.locator(ERRORS).count() == 0
    screenshot(page, "journey-3-imported-fr")

    # "Show this period" lands on the Overview, on her months, with her revenue.
    page.get_by_role("button", name=FR("coverage.show")).click()
    page.wait_for_function(f"() => location.search.includes('period={first.isoformat()}..{last.isoformat()}')"
                           " && !location.pathname.includes('import')", timeout=60_000)
    wait_for_app(page)
    assert page.locator(ERRORS).count() == 0
    assert page.locator("[data-testid='stMain'] h1").first.inner_text() == FR("nav.overview")
    card = page.locator("[data-testid='stMetric']").filter(has_text=CATALOGUE["revenue"].short_label("fr")).first
    assert FR.measure("money", revenue, compact=True) in card.inner_text()
    assert page.get_by_text(FR("demo.banner")).count() == 0
    screenshot(page, "journey-4-overview-fr")
