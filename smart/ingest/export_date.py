"""The day an export describes: given (``--as-of``, the Import page's "Export date"), read from the file's name, or
else today, with a note saying which.

It dates the deals' history (``deal_history.observed_on``): time in stage and pushed close dates are measured
between the days of successive exports, so a wrong day corrupts them. A date is therefore read from a name only
when it is a real calendar day, not after today, and the only one the name holds; else the importer falls back
to today and says so (the Import page asks for the date first).

Forms read, each bounded by anything but a digit: ``2024-04-13`` (also with ``_``, ``.`` or a space between the
parts), ``20240413``, ``13-04-2024`` (same separators) and ``13042024``. The day-month-year forms are read day
first, as every European CRM and spreadsheet writes them; the note names the form, and the Import page shows the
date before anything is written. Eight digits never read both ways: as year-month-day the year starts with 19 or
20, which as day-month-year would put 19 or 20 in the place of the month.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from smart.analytics.filters import FIRST_YEAR
from smart.ingest.errors import Said

GIVEN, FILE_NAME, TODAY = "given", "file_name", "today"
_YEAR_FIRST = re.compile(r"(?<!\d)(\d{4})([-_. ])(\d{2})\2(\d{2})(?!\d)")
_DAY_FIRST = re.compile(r"(?<!\d)(\d{2})([-_. ])(\d{2})\2(\d{4})(?!\d)")
_EIGHT_DIGITS = re.compile(r"(?<!\d)(\d{8})(?!\d)")


@dataclass(frozen=True)
class NamedDate:
    """A date found in a file name: the day, the text it was read from and its form (``ymd`` or ``dmy``)."""

    day: dt.date
    text: str
    form: str


@dataclass(frozen=True)
class ExportDate:
    """The day an import describes, where it came from (``given``, ``file_name`` or ``today``) and the note that
    says so (``None`` when it was given)."""

    day: dt.date
    origin: str
    note: Said | None


def _day(year: str, month: str, day: str) -> dt.date | None:
    try:
        found = dt.date(int(year), int(month), int(day))
    except ValueError:
        return None
    return found if found.year >= FIRST_YEAR else None


def _candidates(name: str) -> list[NamedDate]:
    found: list[NamedDate] = []
    for match in _YEAR_FIRST.finditer(name):
        if day := _day(match[1], match[3], match[4]):
            found.append(NamedDate(day, match[0], "ymd"))
    for match in _DAY_FIRST.finditer(name):
        if day := _day(match[4], match[3], match[1]):
            found.append(NamedDate(day, match[0], "dmy"))
    for match in _EIGHT_DIGITS.finditer(name):
        digits = match[1]
        if day := _day(digits[:4], digits[4:6], digits[6:]):
            found.append(NamedDate(day, digits, "ymd"))
        elif day := _day(digits[4:], digits[2:4], digits[:2]):
            found.append(NamedDate(day, digits, "dmy"))
    return found


def date_in_name(name: str, today: dt.date) -> NamedDate | None:
    """The one real date on or before ``today`` that ``name`` holds in a common form; ``None`` when it holds none,
    or several different ones (``deals_2024-01-01_2024-03-31.csv`` could be dated by either)."""
    found = [candidate for candidate in _candidates(name) if candidate.day <= today]
    return found[0] if found and all(candidate.day == found[0].day for candidate in found) else None


def export_date(given: dt.date | None, name: str, today: dt.date) -> ExportDate:
    """The day an import of the file ``name`` describes, where it came from, and the note for the import."""
    if given is not None:
        return ExportDate(given, GIVEN, None)
    named = date_in_name(name, today)
    if named is not None:
        note = Said("ingest.note.date_in_name", date=named.day, text=named.text,
                    form=Said(f"ingest.date_form.{named.form}"))
        return ExportDate(named.day, FILE_NAME, note)
    return ExportDate(today, TODAY, Said("ingest.note.dated_today", date=today, field=Said("import.as_of")))
