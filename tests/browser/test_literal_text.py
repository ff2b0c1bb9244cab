"""Hostile names in real Chromium: every page, every review slide, the dialogs and the select lists of the
hostile company (tests/hostile.py) show names such as ``**rep**``, ``:red[stage]``, ``$objective$`` or
``![team](http://198.51.100.7/team.png)`` as written: nothing bold, coloured, typeset or fetched from them, no
stray backslash, and not one request to a host other than the app's own (every other one is blocked and
recorded)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from smart.text import WORD_JOINER
from tests.browser.conftest import require_chromium, screenshot, served_app, wait_for_app
from tests.browser.test_pages import click_table_row
from tests.hostile import (
    ACTIONS,
    FILE_NAMES,
    NAMES,
    NOTE,
    OBJECTIVE_OWNERS,
    OBJECTIVE_TITLES,
    REP_NAMES,
    TOKENS,
    variants,
)

pytestmark = pytest.mark.browser
ERRORS = "[data-testid='stException'], [data-testid='stAlertContentError']"
APP_HOST = "127.0.0.1"
# What Markdown would have made of the names: emphasis, LaTeX, images, colour, links; and the text shown.
FINDINGS = """names => {
    const named = e => names.includes(e.textContent.trim());
    const all = s => [...document.querySelectorAll(s)];
    return {
        emphasis: all('strong, em, b, i, del').filter(named).map(e => e.outerHTML),
        katex: all('.katex, .katex-display, math').length,
        images: all('img, image, picture, source').map(e => e.getAttribute('src') || e.getAttribute('href') || '')
            .filter(src => !src.startsWith('data:') && !src.startsWith('/') && !src.includes('127.0.0.1')),
        coloured: all('[class*="stMarkdownColored"], [class*="Badge"] span').filter(named).map(e => e.outerHTML),
        links: all('a[href*="198.51.100"], a[href^="mailto:"]').map(e => e.outerHTML),
        text: document.body.innerText,
    };
}"""


def visible(findings: dict) -> str:
    return findings["text"].replace(WORD_JOINER, "")


def check(tab, where: str) -> set[str]:
    """Nothing on the page made from the names, no backslash shown; the hostile texts it shows, literally."""
    assert tab.locator(ERRORS).count() == 0, f"{where}: an error is shown"
    findings = tab.evaluate(FINDINGS, list(NAMES))
    for kind in ("emphasis", "images", "coloured", "links"):
        assert findings[kind] == [], f"{where}: {kind} {findings[kind]}"
    assert findings["katex"] == 0, f"{where}: LaTeX typeset"
    text = visible(findings)
    assert "\\" not in text, f"{where}: a backslash shows: {text[max(text.find(chr(92)) - 60, 0):][:120]!r}"
    return {token for token in TOKENS if token in text}


@pytest.fixture(scope="module")
def hostile_url(hostile_db_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require_chromium()
    with served_app(hostile_db_file, tmp_path_factory.mktemp("hostile-served")) as (url, _database):
        yield url


@pytest.fixture
def watched(browser) -> Iterator[tuple[object, list[str], list[str]]]:
    """A tab whose requests to any host but the app's are blocked and recorded, and whose alerts are recorded."""
    context = browser.new_context(viewport={"width": 1440, "height": 1800}, locale="en-GB")
    elsewhere: list[str] = []
    alerts: list[str] = []

    def route(request_route) -> None:
        url = request_route.request.url
        if urlsplit(url).hostname in (APP_HOST, None):
            request_route.continue_()
        else:
            elsewhere.append(url)
            request_route.abort()

    context.route("**/*", route)
    context.on("request", lambda request: urlsplit(request.url).hostname in (APP_HOST, None)
               or elsewhere.append(request.url))
    tab = context.new_page()
    tab.on("dialog", lambda dialog: (alerts.append(dialog.message), dialog.dismiss()))
    yield tab, elsewhere, alerts
    context.close()


def options_of(tab, select) -> list[str]:
    """The options a select box lists when opened (then closed again)."""
    select.click()
    tab.locator("[role='option']").first.wait_for(timeout=10_000)
    texts = tab.locator("[role='option']").all_inner_texts()
    tab.keyboard.press("Escape")
    return [text.replace(WORD_JOINER, "") for text in texts]


def test_every_page_shows_hostile_names_as_written(hostile_url: str, watched) -> None:
    tab, elsewhere, alerts = watched
    seen: set[str] = set()
    for page in ("", "conversion", "cycle", "variance", "team", "import", "import_log"):
        tab.goto(f"{hostile_url}/{page}?lang=en")
        wait_for_app(tab)
        seen |= check(tab, page or "overview")
    tab.goto(f"{hostile_url}/variance?lang=en")
    wait_for_app(tab)
    tab.locator("[data-testid='stDataFrame']").first.wait_for(timeout=30_000)
    click_table_row(tab, "variance.by.owner", 0)
    heading = tab.get_by_text("Deals behind").first
    heading.wait_for(timeout=30_000)
    check(tab, "a rep's deals")
    assert any(name in heading.inner_text().replace(WORD_JOINER, "") for name in REP_NAMES.values())
    screenshot(tab, "literal-drill-down")
    tab.goto(f"{hostile_url}/?lang=en")
    wait_for_app(tab)
    reps = options_of(tab, tab.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").nth(1))
    assert set(REP_NAMES.values()) <= set(reps)  # a select list shows its options as they are
    screenshot(tab, "literal-overview")
    assert elsewhere == [] and alerts == []
    assert seen, "the hostile names show somewhere (the grids' accessible cells at least)"


def test_objectives_their_summary_and_the_archive_confirmation(hostile_url: str, watched) -> None:
    tab, elsewhere, alerts = watched
    tab.goto(f"{hostile_url}/objectives?lang=en")
    wait_for_app(tab)
    check(tab, "objectives list")
    tab.get_by_role("tab", name="One objective").click()
    wait_for_app(tab)
    assert OBJECTIVE_OWNERS[0] in check(tab, "one objective")  # "owner: **boss**" in the summary
    titles = options_of(tab, tab.locator("[data-testid='stSelectbox']").filter(has_text="Objective").first)
    assert set(OBJECTIVE_TITLES) <= set(titles)
    tab.get_by_role("button", name="Archive this objective").click()
    tab.locator("[role='dialog']").wait_for(timeout=30_000)
    wait_for_app(tab)
    assert OBJECTIVE_TITLES[0] in check(tab, "archive confirmation")
    screenshot(tab, "literal-archive-dialog")
    tab.get_by_role("button", name="Cancel").click()
    wait_for_app(tab)
    assert elsewhere == [] and alerts == []


def wait_for_slide(tab) -> None:
    wait_for_app(tab)
    tab.wait_for_function("() => document.querySelectorAll('[data-testid=\"stDownloadButton\"]').length === 2",
                          timeout=30_000)


def test_every_review_slide_shows_hostile_names_as_written(hostile_url: str, watched) -> None:
    tab, elsewhere, alerts = watched
    tab.goto(f"{hostile_url}/review?lang=en")
    wait_for_slide(tab)
    titles = options_of(tab, tab.locator("[data-testid='stSelectbox']").filter(has_text="Slide").first)
    assert {f"{number} / {len(titles)} · {title}" for number, title in enumerate(OBJECTIVE_TITLES, start=2)} \
        <= set(titles)
    seen: set[str] = set()
    for number in range(1, len(titles) + 1):
        seen |= check(tab, f"slide {number}")
        screenshot(tab, f"literal-review-slide-{number:02d}")
        if number < len(titles):
            tab.get_by_role("button", name="Next").click()
            tab.wait_for_function(f"() => location.search.includes('slide={number + 1}')")
            wait_for_slide(tab)
    assert {*OBJECTIVE_TITLES, *REP_NAMES.values(), *ACTIONS} - {"None"} <= seen
    tab.goto(f"{hostile_url}/review?lang=en&review=2026-11-27")
    wait_for_slide(tab)
    notes = {word for word in NOTE.split() if word in TOKENS}
    assert notes <= check(tab, "the review of 27 Nov, reopened")
    screenshot(tab, "literal-review-reopened")
    assert elsewhere == [] and alerts == []


UPLOAD = variants("upload")
HOSTILE_DEALS = ("Deal ID,Deal Name,Deal Stage,Amount,Create Date,Close Date,Deal Owner\n"
                 f'B1,x,"{UPLOAD[2]}",1200,2025-01-02,2025-02-03,a\n'
                 f'B2,y,"{UPLOAD[1]}",900,2025-01-05,2025-03-01,b\n')


def test_the_import_notice_and_the_undo_confirmation(hostile_url: str, watched, tmp_path: Path) -> None:
    tab, elsewhere, alerts = watched
    upload = tmp_path / FILE_NAMES[0]
    upload.write_text(HOSTILE_DEALS)
    tab.goto(f"{hostile_url}/import?lang=en")
    wait_for_app(tab)
    tab.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(upload))
    tab.locator("[data-testid='stMetric']").nth(4).wait_for(timeout=60_000)
    wait_for_app(tab)
    assert {UPLOAD[1], UPLOAD[2]} <= check(tab, "import preview")  # "New stages in this file: …"
    screenshot(tab, "literal-import-new-stages")
    tab.goto(f"{hostile_url}/import_log?lang=en")
    wait_for_app(tab)
    tab.locator("[data-testid='stDataFrame']").first.wait_for(timeout=30_000)
    click_table_row(tab, "import_log.table", 2)  # the third import listed: #13, the newest first
    tab.get_by_role("button", name="Undo this import").wait_for(timeout=30_000)
    name = FILE_NAMES[4].removesuffix(".csv")
    assert name in check(tab, "import log")
    tab.get_by_role("button", name="Undo this import").click()
    tab.locator("[role='dialog']").wait_for(timeout=30_000)
    wait_for_app(tab)
    assert name in check(tab, "undo confirmation")
    screenshot(tab, "literal-undo-dialog")
    assert elsewhere == [] and alerts == []
