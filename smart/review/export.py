"""The review as a self-contained PDF (one landscape slide per page) or HTML file (inline SVG and CSS).

Charts are rendered without a browser by vl-convert (``smart.exports``): PNG in the PDF, SVG in the HTML.
The PDF uses a Unicode TrueType font found on the machine (DejaVu Sans, from Debian's fonts-dejavu-core, or
Liberation Sans): fpdf2's built-in fonts are Latin-1 only and lack "€", "œ" or the narrow no-break space of
French numbers. Without any of them, text falls back to the built-in Helvetica, with the missing characters
replaced.
"""

from __future__ import annotations

import datetime as dt
import html
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from fpdf import FPDF
from fpdf.fonts import FontFace

from smart.charts.theme import BAD_COLOR, GOOD_COLOR, STATUS_COLORS
from smart.exports import chart_png, chart_svg
from smart.i18n import Translator
from smart.review.notes import Note
from smart.review.slides import Slide, Table, in_review_currency, review_date, slides

FONT_CANDIDATES = (
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    ("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
     "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"),
)
FONT = "review"
FALLBACK_FONT = "helvetica"
PAGE_W, PAGE_H, MARGIN = 297.0, 210.0, 12.0
INK, MUTED, RULE = (27, 38, 49), (74, 85, 97), (229, 233, 239)
FORMATS = ("pdf", "html")
# A 820-pixel chart at 1.5× printed 13 cm wide is about 240 dpi: sharp on screen and on paper.
PNG_SCALE = 1.5


def unicode_font() -> tuple[str, str] | None:
    """The (regular, bold) TrueType files of the first Unicode font installed, or None."""
    for regular, bold in FONT_CANDIDATES:
        if Path(regular).is_file() and Path(bold).is_file():
            return regular, bold
    return None


def _latin1(text: str) -> bool:
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


def _rgb(color: str) -> tuple[int, int, int]:
    color = color.lstrip("#")
    return int(color[0:2], 16), int(color[2:4], 16), int(color[4:6], 16)


class _SlidesPdf(FPDF):
    def __init__(self, footer_text: str, page_label: str, currency: tuple[str, str] = ("€", "EUR")) -> None:
        """``page_label`` has a ``{number}`` placeholder; the total is known before the first page. ``currency``:
        the amounts' symbol and code (the Latin-1 fallback writes the code for a symbol it lacks)."""
        self.currency = currency
        super().__init__(orientation="landscape", unit="mm", format="A4")
        # No alias (fpdf2 tests it for truth): fpdf2 would otherwise replace "{nb}" in any text, a deal title's too.
        self.alias_nb_pages("")
        self.footer_text = footer_text
        self.page_label = page_label
        self.set_auto_page_break(False)
        self.set_margins(MARGIN, MARGIN, MARGIN)
        fonts = unicode_font()
        self.unicode = fonts is not None
        if fonts:
            self.add_font(FONT, "", fonts[0])
            self.add_font(FONT, "B", fonts[1])
        self.family = FONT if self.unicode else FALLBACK_FONT

    def text_of(self, text: str) -> str:
        """Text the current font can draw (only the Latin-1 fallback needs replacing anything)."""
        if self.unicode:
            return text
        symbol, code = self.currency
        text = text.replace("\u202f", " ").replace("\u00a0", " ").replace("−", "-").replace("€", "EUR")
        if not _latin1(symbol):
            text = text.replace(symbol, code)
        return text.encode("latin-1", "replace").decode("latin-1")

    def style(self, size: float, bold: bool = False, color: tuple[int, int, int] = INK) -> None:
        self.set_font(self.family, "B" if bold else "", size)
        self.set_text_color(*color)

    def footer(self) -> None:
        self.set_y(PAGE_H - 9)
        self.style(8, color=MUTED)
        self.cell(0, 5, self.text_of(self.footer_text), align="L")
        self.set_x(MARGIN)
        self.cell(0, 5, self.text_of(self.page_label.replace("{number}", str(self.page_no()))), align="R")


def review_pdf(slide_list: Sequence[Slide], t: Translator, review_on: dt.date) -> bytes:
    """One landscape A4 page per slide."""
    pdf = _SlidesPdf(t("review.export.generated", date=t.date(review_on)),
                     t("review.export.page", number="{number}", total=len(slide_list)), (t.currency_symbol, t.currency))
    pdf.set_title(t("review.export.title", date=t.date(review_on)))
    pdf.set_creator("SMART Pilot")
    for slide in slide_list:
        pdf.add_page()
        _pdf_slide(pdf, slide)
    return bytes(pdf.output())


def _pdf_slide(pdf: _SlidesPdf, slide: Slide) -> None:
    width = PAGE_W - 2 * MARGIN
    badge = 42 if slide.status_label else 0
    pdf.style(20, bold=True)
    pdf.set_xy(MARGIN, MARGIN)
    pdf.multi_cell(width - badge, 9, pdf.text_of(slide.title))
    if slide.status_label and slide.status:
        pdf.set_fill_color(*_rgb(STATUS_COLORS.get(slide.status, "#6B7785")))
        pdf.style(12, bold=True, color=(255, 255, 255))
        pdf.set_xy(PAGE_W - MARGIN - badge + 2, MARGIN + 1)
        pdf.cell(badge - 2, 8, pdf.text_of(slide.status_label), align="C", fill=True)
    pdf.set_xy(MARGIN, max(pdf.get_y(), MARGIN + 10))
    if slide.subtitle:
        pdf.style(10.5, color=MUTED)
        pdf.multi_cell(width, 5, pdf.text_of(slide.subtitle))
    pdf.set_draw_color(*RULE)
    pdf.line(MARGIN, pdf.get_y() + 2, PAGE_W - MARGIN, pdf.get_y() + 2)
    pdf.set_y(pdf.get_y() + 5)
    if slide.metrics:
        _pdf_metrics(pdf, slide)
    if slide.charts:
        _pdf_charts(pdf, slide)
    for table in slide.tables:
        _pdf_table(pdf, table, compact=len(slide.tables) > 1)
    if slide.bullets:
        pdf.set_y(pdf.get_y() + 2)
        pdf.style(11)
        for bullet in slide.bullets:
            pdf.set_x(MARGIN)
            pdf.multi_cell(width, 6, pdf.text_of("•  " + bullet))


def _pdf_metrics(pdf: _SlidesPdf, slide: Slide) -> None:
    top = pdf.get_y()
    box = (PAGE_W - 2 * MARGIN) / len(slide.metrics)
    for index, metric in enumerate(slide.metrics):
        x = MARGIN + index * box
        pdf.set_xy(x, top)
        pdf.style(9.5, color=MUTED)
        pdf.cell(box - 4, 5, pdf.text_of(metric.label))
        pdf.set_xy(x, top + 5)
        pdf.style(19, bold=True)
        pdf.cell(box - 4, 9, pdf.text_of(metric.value))
        if metric.delta:
            color = MUTED if metric.good is None else _rgb(GOOD_COLOR if metric.good else BAD_COLOR)
            pdf.set_xy(x, top + 14)
            pdf.style(9.5, bold=True, color=color)
            pdf.cell(box - 4, 5, pdf.text_of(metric.delta))
    pdf.set_y(top + 22)


def _pdf_charts(pdf: _SlidesPdf, slide: Slide) -> None:
    top = pdf.get_y()
    count = len(slide.charts)
    gap = 6
    width = (PAGE_W - 2 * MARGIN - gap * (count - 1)) / count
    height = 92.0
    for index, chart in enumerate(slide.charts):
        image = io.BytesIO(chart_png(chart, scale=PNG_SCALE))
        pdf.image(image, x=MARGIN + index * (width + gap), y=top, w=width, h=height, keep_aspect_ratio=True)
    pdf.set_y(top + height + 3)


def _pdf_table(pdf: _SlidesPdf, table: Table, *, compact: bool) -> None:
    size = 8.5 if compact else 10
    pdf.set_x(MARGIN)
    pdf.style(11 if compact else 12, bold=True)
    pdf.cell(0, 7, pdf.text_of(table.title), new_x="LMARGIN", new_y="NEXT")
    if not table.rows:
        pdf.style(size, color=MUTED)
        pdf.cell(0, 6, pdf.text_of(table.empty), new_x="LMARGIN", new_y="NEXT")
        return
    pdf.style(size)
    pdf.set_draw_color(*RULE)
    pdf.set_fill_color(255, 255, 255)
    widths = _column_widths(table)
    headings = FontFace(emphasis="BOLD", color=MUTED, fill_color=(242, 244, 247))
    with pdf.table(col_widths=widths, width=PAGE_W - 2 * MARGIN, line_height=(4.6 if compact else 6),
                   headings_style=headings, borders_layout="HORIZONTAL_LINES", text_align="LEFT",
                   padding=(0.6, 1.2)) as grid:
        for values in (table.columns, *table.rows):
            row = grid.row()
            for value in values:
                row.cell(pdf.text_of(str(value)))
    pdf.set_y(pdf.get_y() + 2)


def _column_widths(table: Table) -> tuple[float, ...]:
    """Wider columns for longer text: each column's longest text, the first column favoured, bounded."""
    longest = [max([len(column)] + [len(str(row[i])) for row in table.rows])
               for i, column in enumerate(table.columns)]
    longest[0] = int(longest[0] * 1.3)
    return tuple(min(max(length, 8), 60) for length in longest)


CSS = """
body { font-family: "Source Sans Pro", "Segoe UI", Helvetica, Arial, sans-serif; color: #1B2631; margin: 0;
       background: #F2F4F7; }
.slide { background: white; max-width: 1200px; margin: 24px auto; padding: 32px 40px; border-radius: 8px;
         box-shadow: 0 1px 4px rgba(0,0,0,.12); page-break-after: always; break-after: page; }
header { display: flex; justify-content: space-between; align-items: flex-start; gap: 24px;
         border-bottom: 1px solid #E5E9EF; padding-bottom: 12px; margin-bottom: 18px; }
h1 { font-size: 34px; margin: 0 0 6px; } .subtitle { color: #4A5561; font-size: 18px; margin: 0; }
.badge { color: white; font-weight: 700; font-size: 20px; padding: 6px 16px; border-radius: 6px; white-space: nowrap; }
.metrics { display: flex; gap: 24px; margin-bottom: 18px; } .metric { flex: 1; }
.metric .label { color: #4A5561; font-size: 16px; } .metric .value { font-size: 34px; font-weight: 700; }
.metric .delta { font-size: 16px; font-weight: 600; color: #4A5561; }
.metric .good { color: #009E73; } .metric .bad { color: #D55E00; }
.charts { display: flex; gap: 16px; flex-wrap: wrap; margin-bottom: 12px; }
.charts svg { max-width: 100%; height: auto; }
h2 { font-size: 20px; margin: 18px 0 8px; } table { border-collapse: collapse; width: 100%; font-size: 16px; }
th { text-align: left; color: #4A5561; background: #F2F4F7; }
th, td { padding: 6px 8px; border-bottom: 1px solid #E5E9EF; }
.empty { color: #4A5561; } ul { font-size: 18px; } footer { color: #4A5561; font-size: 13px; margin-top: 16px; }
@media print { body { background: white; } .slide { box-shadow: none; margin: 0; max-width: none; } }
"""


def review_html(slide_list: Sequence[Slide], t: Translator, review_on: dt.date) -> str:
    """One ``<section>`` per slide; charts as inline SVG, styles inline: the file needs nothing else."""
    title = t("review.export.title", date=t.date(review_on))
    footer = t("review.export.generated", date=t.date(review_on))
    sections = [_html_slide(slide, t.lang, footer, t("review.export.page", number=number, total=len(slide_list)))
                for number, slide in enumerate(slide_list, start=1)]
    return (f'<!DOCTYPE html>\n<html lang="{t.lang}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(title)}</title><style>{CSS}</style></head><body>\n"
            + "\n".join(sections) + "\n</body></html>\n")


def _html_slide(slide: Slide, lang: str, footer: str, page: str) -> str:
    esc = html.escape
    parts = [f'<section class="slide" id="{esc(slide.key)}"><header><div><h1>{esc(slide.title)}</h1>']
    if slide.subtitle:
        parts.append(f'<p class="subtitle">{esc(slide.subtitle)}</p>')
    parts.append("</div>")
    if slide.status_label and slide.status:
        parts.append(f'<span class="badge" style="background:{STATUS_COLORS.get(slide.status, "#6B7785")}">'
                     f"{esc(slide.status_label)}</span>")
    parts.append("</header>")
    if slide.metrics:
        parts.append('<div class="metrics">')
        for metric in slide.metrics:
            tone = "" if metric.good is None else (" good" if metric.good else " bad")
            delta = f'<div class="delta{tone}">{esc(metric.delta)}</div>' if metric.delta else ""
            parts.append(f'<div class="metric"><div class="label">{esc(metric.label)}</div>'
                         f'<div class="value">{esc(metric.value)}</div>{delta}</div>')
        parts.append("</div>")
    if slide.charts:
        parts.append('<div class="charts">' + "".join(chart_svg(chart) for chart in slide.charts) + "</div>")
    for table in slide.tables:
        parts.append(f"<h2>{esc(table.title)}</h2>")
        if not table.rows:
            parts.append(f'<p class="empty">{esc(table.empty)}</p>')
            continue
        head = "".join(f"<th>{esc(column)}</th>" for column in table.columns)
        body = "".join("<tr>" + "".join(f"<td>{esc(str(value))}</td>" for value in row) + "</tr>" for row in table.rows)
        parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    if slide.bullets:
        parts.append("<ul>" + "".join(f"<li>{esc(bullet)}</li>" for bullet in slide.bullets) + "</ul>")
    parts.append(f"<footer>{esc(footer)} · {esc(page)}</footer></section>")
    return "".join(parts)


def export_review(figures: dict[str, Any], t: Translator, notes: Sequence[Note], fmt: str) -> bytes:
    """The review in ``fmt`` ("pdf" or "html"), drawn from its figures and its notes."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")
    t = in_review_currency(t, figures)
    slide_list = slides(figures, t, list(notes))
    review_on = review_date(figures)
    if fmt == "pdf":
        return review_pdf(slide_list, t, review_on)
    return review_html(slide_list, t, review_on).encode("utf-8")
