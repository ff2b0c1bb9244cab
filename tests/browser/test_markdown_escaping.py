"""``smart.text.plain`` against Streamlit's own Markdown, in real Chromium: every text of ``MARKDOWN_CASES``
(emphasis, images, links, colour and other directives, LaTeX, HTML and entities, icons, emoji shortcodes, bare
links, arrows, line breaks, tables...) through every kind of element that renders Markdown (tests/browser/
markdown_probe.py) reads exactly as written once escaped, and is turned into something else when it is not."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from smart.text import WORD_JOINER
from tests.browser.conftest import require_chromium, screenshot, served_app, wait_for_app
from tests.hostile import IMAGE_HOST, INERT_TEXT, MARKDOWN_CASES

pytestmark = pytest.mark.browser
PROBE = Path(__file__).with_name("markdown_probe.py")
KINDS = ("markdown", "caption", "title", "header", "subheader", "info", "metric", "button", "checkbox", "text_input",
         "radio", "segmented", "expander", "tabs", "table", "progress")
# Inside an element, what only Markdown makes: emphasis, code, images, links, typeset maths, lists, quotes,
# rules, nested tables, coloured or small text, icons, help icons, badges.
MADE_BY_MARKDOWN = ("strong, em, del, code, pre, img, a, .katex, li, blockquote, hr, td table, "
                    "[class*='stMarkdownColored'], [role='img'], [data-testid='stTooltipHoverTarget'], "
                    "span[style*='font-size'], [class*='Badge'], [data-testid='stMarkdownContainer'] h1, "
                    "[data-testid='stMarkdownContainer'] h2, [data-testid='stMarkdownContainer'] h3, "
                    "[data-testid='stMarkdownContainer'] h4")
HEADINGS = {"title": "<h1", "header": "<h2", "subheader": "<h3"}  # the element itself
READ = """made => [...document.querySelectorAll("[class*='st-key-case-']")].map(box => ({
    key: [...box.classList].find(name => name.startsWith('st-key-case-')),
    text: box.innerText,
    made: [...box.querySelectorAll(made)].map(e => e.outerHTML.slice(0, 120)),
}))"""


def one_line(text: str) -> str:
    return " ".join(text.replace(WORD_JOINER, "").split())


@pytest.fixture(scope="module")
def probe_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require_chromium()
    with served_app(None, tmp_path_factory.mktemp("probe-served"), script=PROBE) as (url, _database):
        yield url


def read_probe(browser, url: str) -> tuple[dict[str, dict], list[str], object]:
    """Every case's element by key (its text and what Markdown made in it), and the requests off 127.0.0.1."""
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="en-GB")
    elsewhere: list[str] = []

    def route(request_route) -> None:
        if urlsplit(request_route.request.url).hostname in ("127.0.0.1", None):
            request_route.continue_()
        else:
            elsewhere.append(request_route.request.url)
            request_route.abort()

    context.route("**/*", route)
    tab = context.new_page()
    tab.on("dialog", lambda dialog: (elsewhere.append(f"alert: {dialog.message}"), dialog.dismiss()))
    tab.goto(url)
    tab.wait_for_selector(f".st-key-case-{len(MARKDOWN_CASES) - 1}-progress", timeout=60_000)
    wait_for_app(tab)
    tab.wait_for_timeout(1500)  # lazily loaded Markdown plugins (KaTeX, emoji) have had their chance
    boxes = {box["key"].removeprefix("st-key-case-"): box for box in tab.evaluate(READ, MADE_BY_MARKDOWN)}
    return boxes, elsewhere, (tab, context)


def test_escaped_text_reads_as_written_in_every_markdown_element(probe_url: str, browser) -> None:
    boxes, elsewhere, (tab, context) = read_probe(browser, probe_url)
    screenshot(tab, "markdown-probe-escaped")
    context.close()
    assert len(boxes) == len(MARKDOWN_CASES) * len(KINDS)
    for number, case in enumerate(MARKDOWN_CASES):
        for kind in KINDS:
            box = boxes[f"{number}-{kind}"]
            assert one_line(case) in one_line(box["text"]), f"{kind}: {case!r} reads {box['text']!r}"
            made = [html for html in box["made"] if kind not in HEADINGS or not html.startswith(HEADINGS[kind])]
            assert made == [], f"{kind}: {case!r} made {made}"
    assert elsewhere == []


def test_the_same_texts_unescaped_are_live_markdown(probe_url: str, browser) -> None:
    """The control: without ``plain`` each case is turned into something else in a Markdown body, and the image
    is fetched (blocked here) from its host."""
    boxes, elsewhere, (_tab, context) = read_probe(browser, f"{probe_url}/?raw=1")
    context.close()
    for number, case in enumerate(MARKDOWN_CASES):
        box = boxes[f"{number}-markdown"]
        changed = one_line(case) not in one_line(box["text"]) or box["made"]
        assert bool(changed) == (case not in INERT_TEXT), f"{case!r} reads {box['text']!r}, made {box['made']}"
    assert any(IMAGE_HOST in url for url in elsewhere)
