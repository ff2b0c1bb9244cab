"""The importer's exceptions: a problem with a whole file, and a date column whose order the user must choose."""

from __future__ import annotations


class ImportFileError(ValueError):
    """A problem with a whole file: nothing was written, and the message says which file and why (one line)."""


class AmbiguousDatesError(ImportFileError):
    """Every value of these date columns reads both day-first and month-first: the user has to choose."""

    def __init__(self, file_name: str, columns: list[str]) -> None:
        self.columns = columns
        names = ", ".join(repr(c) for c in columns)
        super().__init__(
            f"{file_name}: the dates in column {names} read both as day/month and month/day "
            "(no day above 12); choose --dayfirst or --monthfirst"
        )
