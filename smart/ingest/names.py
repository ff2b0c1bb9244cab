"""A file's name three ways: as the user gave it (kept in the import log), shortened for a message, and safe on disk.

A browser sends whatever name the user's file had, and a client can send anything: 300 characters, slashes,
NUL bytes, right-to-left overrides. The name a person sees and the log keeps is that name, minus the characters
that cannot be shown or stored (``original_name``); a message shortens a long one in its middle, so that its
extension stays in view (``shown_name``); a file the server writes is named from it but never by it
(``disk_name``): one path segment, printable, short enough for any file system.
"""

from __future__ import annotations

import re
import unicodedata

FALLBACK_NAME = "upload"
SHOWN_CHARACTERS = 80
DISK_NAME_BYTES = 100
_HIDDEN_CATEGORIES = ("Cc", "Cf", "Cs")  # control, format (bidi overrides, zero-width), lone surrogates
_UNSAFE_ON_DISK = re.compile(r"[^\w.\-+()\[\] ]")
_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,10}$")


def original_name(name: str) -> str:
    """The name as given, without control, format and surrogate characters and surrounding blanks."""
    kept = "".join(char for char in name if unicodedata.category(char) not in _HIDDEN_CATEGORIES).strip()
    return kept or FALLBACK_NAME


def shown_name(name: str, limit: int = SHOWN_CHARACTERS) -> str:
    """``name`` in at most ``limit`` characters: a long one keeps its start and its end (the extension)."""
    if len(name) <= limit:
        return name
    tail = limit // 3
    return f"{name[:limit - tail - 1]}…{name[-tail:]}"


def disk_name(name: str, limit: int = DISK_NAME_BYTES) -> str:
    """A file name made from ``name`` that any file system takes: its last path segment, letters, digits and a
    few punctuation marks only, at most ``limit`` bytes in UTF-8, its extension kept, never hidden or empty."""
    segment = re.split(r"[/\\]", original_name(name))[-1]
    safe = _UNSAFE_ON_DISK.sub("_", unicodedata.normalize("NFC", segment)).strip(" .")
    extension_match = _EXTENSION.search(safe)
    extension = extension_match.group(0) if extension_match else ""
    stem = safe[: len(safe) - len(extension)]
    while len((stem + extension).encode("utf-8")) > limit:
        stem = stem[:-1]
    return (stem.strip(" .") or FALLBACK_NAME) + extension
