"""What the admin's account commands (``users``, ``tokens``) share: an action run on the database with its refusals
said on one stderr line (exit 2), and records printed as an aligned table, CSV or JSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

from smart.cli import CommandError
from smart.storage import Store, open_store
from smart.user_input import InputError

FORMATS = ("table", "csv", "json")

T = TypeVar("T")


def with_store(db: str | None, action: Callable[[Store], T]) -> T:
    """``action`` on the database ``db`` (closed afterwards); input it refuses (an account's or a token's
    ``InputError``) becomes a CommandError."""
    store = open_store(db)
    try:
        return action(store)
    except InputError as error:
        raise CommandError(str(error)) from error
    finally:
        store.close()


def render_records(records: Sequence[Mapping[str, object]], columns: Sequence[str], output_format: str, *,
                   empty: str, flat: Sequence[Mapping[str, object]] | None = None) -> str:
    """The records as JSON (a list of objects, as given), or as CSV with the header ``columns`` or an aligned table
    (``empty``, a line, when there are none), an absent value left blank. ``flat``: the records as CSV and the table
    show them, when ``records`` hold lists."""
    if output_format == "json":
        return json.dumps(list(records), ensure_ascii=False, indent=2) + "\n"
    cells = [{column: "" if record[column] is None else str(record[column]) for column in columns}
             for record in (records if flat is None else flat)]
    if output_format == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(cells)
        return out.getvalue()
    if not cells:
        return empty
    rows = [list(columns), *([row[column] for column in columns] for row in cells)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(columns))]
    return "".join("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() + "\n"
                   for row in rows)
