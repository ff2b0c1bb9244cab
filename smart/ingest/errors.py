"""What the importer tells the user: messages that read in the user's language, and its two exceptions.

A ``Said`` is the English text the CLI prints and the import log keeps (it is a ``str``), made from an i18n key
and its values, so that a page can show the same message in its reader's language (``in_language``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from smart.i18n import Translator
from smart.ingest.names import shown_name

ENGLISH = Translator("en")  # what the CLI and the log say


def _render(t: Translator, key: str, values: dict[str, Any]) -> str:
    """The message in ``t``'s language; a file's name (the ``file`` value) shortened to fit on one line."""
    return t(key, **{name: _shown(shown_name(value) if name == "file" and isinstance(value, str) else value, t)
                     for name, value in values.items()})


@dataclass(frozen=True)
class Figure:
    """A number said with a given number of decimals, in the reader's language."""

    value: float
    decimals: int = 0


def _shown(value: Any, t: Translator) -> Any:
    if isinstance(value, Said):
        return value.in_language(t)
    if isinstance(value, Figure):
        return t.number(value.value, value.decimals)
    if isinstance(value, list | tuple):
        return ", ".join(str(_shown(item, t)) for item in value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return t.number(value)
    if isinstance(value, dt.date):
        return t.date(value)
    return value


class Said(str):
    """An importer message: its English text, plus the key and values to say it in another language."""

    key: str
    values: dict[str, Any]

    def __new__(cls, key: str, **values: Any) -> Said:
        said = super().__new__(cls, _render(ENGLISH, key, values))
        said.key, said.values = key, values
        return said

    def __reduce__(self) -> tuple[Any, ...]:
        return _said, (self.key, self.values)

    def in_language(self, t: Translator) -> str:
        return _render(t, self.key, self.values)


def _said(key: str, values: dict[str, Any]) -> Said:
    return Said(key, **values)


def in_language(message: object, t: Translator) -> str:
    """A message of the importer (or an exception carrying one) in ``t``'s language; other text as it is."""
    if isinstance(message, BaseException):
        message = message.args[0] if message.args else str(message)
    return message.in_language(t) if isinstance(message, Said) else str(message)


class ImportFileError(ValueError):
    """A problem with a whole file: nothing was written, and the message says which file and why (one line)."""

    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(Said(key, **values))


class AmbiguousDatesError(ImportFileError):
    """Every value of these date columns reads both day-first and month-first: the user has to choose."""

    def __init__(self, file_name: str, columns: list[str]) -> None:
        self.columns = columns
        super().__init__("ingest.error.ambiguous_dates", file=file_name, columns=[repr(c) for c in columns])


class AmbiguousDecimalError(ImportFileError):
    """Every value of these number columns that has a mark reads two ways ("12.345": 12.345 or 12345), and no other
    number in the file says which mark is the decimal one: the user has to choose."""

    def __init__(self, file_name: str, columns: list[str], example: str) -> None:
        self.columns = columns
        self.example = example
        self.as_decimal, self.as_thousands = decimal_readings(example)
        separator = "comma" if "," in example else "dot"
        super().__init__("ingest.error.ambiguous_decimal", file=file_name, columns=[repr(c) for c in columns],
                         example=repr(example), separator=Said(f"ingest.decimal.{separator}"),
                         as_decimal=_figure(self.as_decimal), as_thousands=_figure(self.as_thousands))

    def reading(self, mark: str) -> Figure:
        """The example read with ``mark`` ('dot' or 'comma') as the decimal mark."""
        separator = "comma" if "," in self.example else "dot"
        return _figure(self.as_decimal if mark == separator else self.as_thousands)


def decimal_readings(value: str) -> tuple[float, float]:
    """A number with one mark followed by three digits ("12.345", "-1,234 €"), read with that mark as the decimal
    one and as a thousands separator: (12.345, 12345.0), (-1.234, -1234.0)."""
    core = re.sub(r"[^0-9.,]", "", value)
    sign = -1 if value.strip()[:1] in ("-", "−", "(") else 1
    return sign * float(core.replace(",", ".")), sign * float(core.replace(",", "").replace(".", ""))


def _figure(value: float) -> Figure:
    return Figure(value, 0 if value == int(value) else 3)


def without_paths(text: str, name: str, *paths: Path) -> str:
    """``text`` (a library's error) with the server's ``paths`` replaced by the file's ``name``, on one line: a
    message never shows where the server keeps files."""
    for path in sorted({str(p) for p in paths}, key=len, reverse=True):
        text = text.replace(path, name)
    return " ".join(text.split())
