"""``python -m smart report --week [DATE] --out FILE.pdf|FILE.html [--lang en|fr] [--db PATH]``.

For a scheduled job: writes the weekly review of DATE (default: today) to FILE, as a PDF or a self-contained
HTML file according to its extension. A review already kept for that date (notes saved during the meeting) is
written exactly as it was; otherwise the review is computed from the data. Exit 2, with one line on stderr, for
a bad extension or date. With ``--server URL`` the server computes it (``GET /api/v1/review``) as the token's user
(a rep's token: their own review) and the file is written here.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from smart import clock
from smart.access import LOCAL_ADMIN, User
from smart.api import client
from smart.cli import CommandError, add_command, add_db_argument
from smart.i18n import LANGUAGES, Translator
from smart.review import notes
from smart.review.export import FORMATS, export_review
from smart.review.figures import build_review
from smart.storage import Store, open_store


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``report`` command: the weekly review as a PDF or HTML file."""
    report = add_command(subparsers, "report")
    report.add_argument("--week", nargs="?", const="", default="", metavar="DATE",
                        help="the review date, YYYY-MM-DD (default: today)")
    report.add_argument("--out", required=True, metavar="FILE", help="FILE.pdf or FILE.html")
    report.add_argument("--lang", choices=LANGUAGES, default="en", help="language (default: %(default)s)")
    add_db_argument(report)
    client.add_server_arguments(report)
    report.set_defaults(handler=run_report)


def review_day(text: str | None, today: dt.date | None = None) -> dt.date:
    """The review date of ``--week`` (ISO), today when it is not given; CommandError for another text."""
    if not text:
        return today or clock.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--week: {text!r} is not a date; expected YYYY-MM-DD, e.g. 2026-11-27") from None


def output_format(path: Path) -> str:
    """``pdf`` or ``html``, from the file name's extension; CommandError for another one."""
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise CommandError(f"--out: {path.name!r} must end in .pdf or .html")
    return fmt


def review_file(store: Store, review_on: dt.date, fmt: str, lang: str, viewer: User) -> bytes:
    """The weekly review of ``review_on`` for ``viewer``'s scope as a PDF or HTML file: the one kept for that date
    when notes were saved, else computed from the data."""
    scope = viewer.scope
    figures = notes.saved_review(store, review_on, scope) or build_review(store, review_on, scope)
    return export_review(figures, Translator(lang), notes.notes_of(store, review_on, scope), fmt)


def written(out: Path, review_on: dt.date, fmt: str, size: int) -> str:
    """The line ``report`` prints once the file is written."""
    return f"{out}: weekly review of {review_on.isoformat()} ({fmt.upper()}, {size:,} bytes)"


def run_report(args: argparse.Namespace) -> int:
    """``report``: write the review of ``--week`` to ``--out``, made locally or by the server (``--server``)."""
    given = review_day(args.week) if args.week else None
    out = Path(args.out)
    fmt = output_format(out)
    if not out.parent.is_dir():
        raise CommandError(f"--out: the folder {out.parent} does not exist")
    server = client.server_of(args)
    if server is not None:  # the server's today when no date is given, as its pages show
        review_on, data = client.review(server, args, given, fmt)
    else:
        review_on = given or clock.today()
        store = open_store(args.db)
        try:
            data = review_file(store, review_on, fmt, args.lang, LOCAL_ADMIN)
        finally:
            store.close()
    out.write_bytes(data)
    print(written(out, review_on, fmt, len(data)))
    return 0
