"""What a command prints, made once for the command line and the HTTP API alike.

Each command that runs through the server (``import``, ``kpi``, ``objectives``, ``report``, ``backup``) has one
function from its arguments, a store and the acting user to an ``Output``: the command line prints it, the API sends
its ``body`` as the response (and its ``notes`` in the ``X-Smart-Notes`` header), and ``--server`` prints that
response again. The bytes are the same whichever way the command ran.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

MEDIA_TYPES = {"json": "application/json", "csv": "text/csv", "pdf": "application/pdf", "html": "text/html"}


@dataclass(frozen=True)
class Output:
    """A command's standard output (``body``), what it says on stderr (``notes``, one line each), the body's media
    type for the API, and whether it changed the data (``wrote``: the pages' caches must then be cleared)."""

    body: str
    notes: tuple[str, ...] = ()
    media_type: str = "text/plain"
    wrote: bool = False

    def emit(self) -> int:
        """Print the notes on stderr and the body on stdout, as the command does; exit code 0."""
        for note in self.notes:
            print(note, file=sys.stderr)
        sys.stdout.write(self.body)
        return 0


def media_type(output_format: str) -> str:
    """The media type of a command's output format (``json``, ``csv``...; text for the others)."""
    return MEDIA_TYPES.get(output_format, "text/plain")
