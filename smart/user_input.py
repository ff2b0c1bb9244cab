"""What the account and token checks share: a refusal worded for both the command line and the pages, and how an
optional name typed by a person is kept.

``smart.access`` (accounts) and ``smart.api.tokens`` (API tokens) check what an admin types the same way: a refusal
says why in English for the command line and the API, and by an i18n key for the pages; a name left blank is no name.
"""

from __future__ import annotations


class InputError(ValueError):
    """Input that cannot be stored as given: the message says why in English (the command line and the API);
    ``key`` and ``values`` say it for the i18n table, in the reader's language."""

    def __init__(self, message: str, key: str, **values: str) -> None:
        super().__init__(message)
        self.key = key
        self.values = values


def optional_text(text: str | None) -> str | None:
    """A name as it is kept: trimmed, and None when nothing but blanks was typed."""
    return (text or "").strip() or None
