"""``python -m smart report --week [DATE] --out FILE.pdf|FILE.html [--lang en|fr] [--db PATH]``.

For a scheduled job: writes the weekly review of DATE (default: today) to FILE, as a PDF or a self-contained
HTML file according to its extension. A review already kept for that date (notes saved during the meeting) is
written exactly as it was; otherwise the review is computed from the data. Exit 2, with one line on stderr, for
a bad extension or date.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from smart import clock
from smart.cli import CommandError, add_db_argument
from smart.i18n import LANGUAGES, Translator
from smart.review import notes
from smart.review.export import FORMATS, export_review
from smart.review.figures import build_review
from smart.storage import open_store


def register(subparsers: argparse._SubParsersAction) -> None:
    report = subparsers.add_parser("report", help="write the weekly review as a PDF or HTML file")
    report.add_argument("--week", nargs="?", const="", default="", metavar="DATE",
                        help="the review date, YYYY-MM-DD (default: today)")
    report.add_argument("--out", required=True, metavar="FILE", help="FILE.pdf or FILE.html")
    report.add_argument("--lang", choices=LANGUAGES, default="en", help="language (default: %(default)s)")
    add_db_argument(report)
    report.set_defaults(handler=run_report)


def review_day(text: str | None, today: dt.date | None = None) -> dt.date:
    if not text:
        return today or clock.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--week: {text!r} is not a date; expected YYYY-MM-DD, e.g. 2026-11-27") from None


def output_format(path: Path) -> str:
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise CommandError(f"--out: {path.name!r} must end in .pdf or .html")
    return fmt


def run_report(args: argparse.Namespace) -> int:
    review_on = review_day(args.week)
    out = Path(args.out)
    fmt = output_format(out)
    if not out.parent.is_dir():
        raise CommandError(f"--out: the folder {out.parent} does not exist")
    store = open_store(args.db)
    try:
        figures = notes.saved_review(store, review_on) or build_review(store, review_on)
        data = export_review(figures, Translator(args.lang), notes.notes_of(store, review_on), fmt)
    finally:
        store.close()
    out.write_bytes(data)
    print(f"{out}: weekly review of {review_on.isoformat()} ({fmt.upper()}, {len(data):,} bytes)")
    return 0
