"""The review as a PDF (one page per slide, rendered to PNG with pdftoppm and checked) and as self-contained
HTML, and the ``report`` command's contract."""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from smart.cli import build_parser, main
from smart.i18n import Translator
from smart.review import build_review, export_review, notes_of, save_note, slides
from smart.review.cli import review_day
from smart.review.export import unicode_font
from smart.storage import Store
from tests.conftest import ARTIFACTS_DIR, DEMO_TODAY
from tests.hostile import ACTION_OWNERS, ACTIONS, DECISION, IMAGE_HOST, NOTE, OBJECTIVE_TITLES, REP_NAMES, TOKENS

EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)


def ink_share(path: Path) -> float:
    """The share of the page's pixels that are not white."""
    image = Image.open(path).convert("L")
    histogram = image.histogram()
    return 1 - sum(histogram[250:]) / sum(histogram)


def colour_share(path: Path) -> float:
    """The share of saturated (chart-coloured) pixels in the band of the page where charts are drawn."""
    image = Image.open(path).convert("HSV")
    width, height = image.size
    band = image.crop((0, int(height * 0.3), width, int(height * 0.72)))
    hsv = np.asarray(band)
    return float(((hsv[..., 1] > 90) & (hsv[..., 2] > 60)).mean())


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (Debian poppler-utils) is not installed")
def test_the_pdf_has_one_non_blank_page_per_slide(figures: dict, tmp_path: Path) -> None:
    t = Translator("fr")
    pdf = export_review(figures, t, [], "pdf")
    assert pdf.startswith(b"%PDF")
    (tmp_path / "review.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(tmp_path / "review.pdf"), str(tmp_path / "page")],
                   check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == len(slides(figures, t)) == 9
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    for number, page in enumerate(pages, start=1):
        width, height = Image.open(page).size
        assert width > height, "slides are landscape"
        assert ink_share(page) > 0.01, f"page {number} is blank"
        shutil.copy(page, ARTIFACTS_DIR / f"review-pdf-{number:02d}.png")
    assert colour_share(pages[0]) < 0.001, "the headline slide is text only"
    for page in pages[1:6]:
        assert colour_share(page) > 0.003, f"{page.name}: an objective slide shows its charts"
    if shutil.which("pdftotext") and unicode_font():
        text = subprocess.run(["pdftotext", str(tmp_path / "review.pdf"), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert "Chiffre d'affaires +15 % cette année" in text
        assert "M€" in text and "Les objectifs en un coup d'œil" in text


def test_the_html_is_self_contained(figures: dict) -> None:
    t = Translator("en")
    page = export_review(figures, t, [], "html").decode("utf-8")
    deck = slides(figures, t)
    assert page.count('<section class="slide"') == len(deck)
    assert page.count("<svg") == sum(len(slide.charts) for slide in deck) >= 5
    assert not EXTERNAL.search(page), EXTERNAL.search(page)
    assert "<link" not in page and "<script" not in page and "@import" not in page
    assert "Objectives at a glance" in page and "Chiffre d&#x27;affaires +15 % cette année" in page


def test_a_note_is_escaped_in_the_html(figures: dict) -> None:
    from smart.review.notes import Note

    note = Note(1, DEMO_TODAY, "decision", '<img src="https://evil.example/x.png"> & relancer', None, None)
    page = export_review(dict(figures, objectives=[]), Translator("fr"), [note], "html").decode("utf-8")
    assert "Décision — &lt;img src=&quot;https://evil.example/x.png&quot;&gt; &amp; relancer" in page
    assert not EXTERNAL.search(page)


@pytest.fixture
def db_file(demo_db_file: Path, tmp_path: Path) -> Path:
    target = tmp_path / "cli.duckdb"
    shutil.copy(demo_db_file, target)
    return target


def test_report_writes_the_kept_review_in_the_format_of_the_extension(db_file: Path, figures: dict,
                                                                      tmp_path: Path, capsys) -> None:
    kept = copy.deepcopy(figures)
    kept["objectives"][0]["title"] = "Objectif tel qu'affiché en réunion"
    store = Store(db_file)
    save_note(store, DEMO_TODAY, "decision", "Relancer les affaires repoussées", kept)
    store.close()
    out = tmp_path / "revue.HTML"
    code = main(["report", "--week", DEMO_TODAY.isoformat(), "--out", str(out), "--lang", "fr", "--db", str(db_file)])
    assert code == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="fr">' in page
    assert "Objectif tel qu&#x27;affiché en réunion" in page
    assert "Décision — Relancer les affaires repoussées" in page
    assert capsys.readouterr().out.startswith(f"{out}: weekly review of 2026-11-27 (HTML")


@pytest.mark.parametrize(("args", "message"), [
    (["--week", "2026-11-27", "--out", "review.docx"], "error: --out: 'review.docx' must end in .pdf or .html\n"),
    (["--week", "27/11/2026", "--out", "review.pdf"],
     "error: --week: '27/11/2026' is not a date; expected YYYY-MM-DD, e.g. 2026-11-27\n"),
])
def test_report_refuses_a_bad_extension_or_date_on_one_line(db_file: Path, tmp_path: Path, capsys, args: list[str],
                                                            message: str) -> None:
    args = [str(tmp_path / arg) if arg.startswith("review.") else arg for arg in args]
    assert main(["report", *args, "--db", str(db_file)]) == 2
    assert capsys.readouterr().err == message
    assert list(tmp_path.glob("review.*")) == []


def test_the_week_defaults_to_today() -> None:
    assert build_parser().parse_args(["report", "--week", "--out", "x.pdf"]).week == ""
    assert build_parser().parse_args(["report", "--out", "x.pdf"]).lang == "en"
    assert review_day("", today=DEMO_TODAY) == DEMO_TODAY
    assert review_day("2026-11-20") == DEMO_TODAY.replace(day=20)


class _Parsed(HTMLParser):
    """The tags and the text of an HTML page, as a browser's parser reads them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.fixture(scope="module")
def hostile_review(hostile_db_file: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, list]:
    """The review of the hostile company (tests/hostile.py), with its notes, a title holding fpdf2's "{nb}"."""
    copy_file = tmp_path_factory.mktemp("hostile-review") / "hostile.duckdb"
    shutil.copy(hostile_db_file, copy_file)
    store = Store(copy_file)
    try:
        figures, notes = build_review(store, DEMO_TODAY), notes_of(store, DEMO_TODAY)
    finally:
        store.close()
    figures["objectives"][0]["title"] += " {nb}"
    return figures, notes


def hostile_texts(figures: dict) -> set[str]:
    """The hostile texts the review's slides carry: titles, reps, actions, notes and decisions."""
    return {*OBJECTIVE_TITLES, *REP_NAMES.values(), *ACTIONS, *ACTION_OWNERS,
            *(word for text in (NOTE, DECISION) for word in text.split() if word in TOKENS)} - {"None"}


def test_the_html_export_shows_hostile_names_as_text(hostile_review: tuple[dict, list]) -> None:
    figures, notes = hostile_review
    page = export_review(figures, Translator("en"), notes, "html").decode("utf-8")
    parsed = _Parsed()
    parsed.feed(page)
    text = " ".join(parsed.text)
    assert {value for value in hostile_texts(figures) if value not in text} == set()
    assert f"{OBJECTIVE_TITLES[0]} {{nb}}" in text
    assert [tag for tag, _ in parsed.tags if tag in ("img", "image", "script", "iframe", "object", "a")] == []
    assert not [attrs for _, attrs in parsed.tags if any(name.startswith("on") for name in attrs)]
    # The charts' SVG marks describe themselves (aria-label) with the names as text; nothing else holds the host.
    assert not [attrs for _, attrs in parsed.tags
                if any(IMAGE_HOST in (value or "") for name, value in attrs.items() if name != "aria-label")]
    assert not EXTERNAL.search(page)


@pytest.mark.skipif(shutil.which("pdftotext") is None or unicode_font() is None,
                    reason="pdftotext (Debian poppler-utils) or a Unicode TrueType font is not installed")
def test_the_pdf_export_shows_hostile_names_as_written(hostile_review: tuple[dict, list], tmp_path: Path) -> None:
    figures, notes = hostile_review
    (tmp_path / "review.pdf").write_bytes(export_review(figures, Translator("en"), notes, "pdf"))
    text = subprocess.run(["pdftotext", "-raw", str(tmp_path / "review.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    lines = " ".join(text.split())
    missing = {value for value in hostile_texts(figures) if "🚀" not in value and value not in lines}
    assert missing == set()
    assert f"{OBJECTIVE_TITLES[0]} {{nb}}" in lines  # fpdf2 no longer puts the page count in its place
    slides_count = len(slides(figures, Translator("en")))
    assert f"Slide {slides_count} of {slides_count}" in lines
