"""The server's temporary copy of an uploaded file: private, named safely, gone when the import ends.

The importer reads a file on disk, and an upload arrives as bytes. ``upload_copy`` writes them into a fresh
folder of the system's temporary directory, readable by the server's user only (``mkdtemp`` makes it 0700, the
file is created 0600), for as long as one preview or import runs, and removes the folder whatever happens, so
an upload only previewed, dropped, or replaced by another leaves nothing behind. The importer keeps its own copy
of what it imports (``data/uploads/``). A process killed mid-import cannot clean up: ``sweep_stale`` removes
such leftovers after a day, at the next upload.
"""

from __future__ import annotations

import math
import os
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO

from smart.ingest.names import disk_name
from smart.ingest.sniff import TEMP_PREFIX as SNIFF_TEMP_PREFIX

UPLOAD_PREFIX = "smart-upload-"
COPY_CHUNK = 1 << 20
STALE_SECONDS = 24 * 3600
# Where copies went, one folder per upload and never removed, before they lived only as long as an import.
LEGACY_FOLDER = "smart-uploads"


@contextmanager
def upload_copy(data: bytes | BinaryIO, name: str, *, root: Path | None = None) -> Iterator[Path]:
    """The uploaded ``data`` (bytes, or a binary file read from where it stands, as the API's uploads arrive) in a
    private temporary file named after ``name`` (safely: ``disk_name``), removed with its folder when the block
    ends. ``root`` is the temporary directory (default: the system's)."""
    root = Path(root or tempfile.gettempdir())
    with suppress(OSError):  # a sweep that fails (a folder it cannot list) must not fail the upload
        sweep_stale(root)
    folder = Path(tempfile.mkdtemp(prefix=UPLOAD_PREFIX, dir=root))
    try:
        path = folder / disk_name(name)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as out:
            if isinstance(data, bytes | bytearray | memoryview):
                out.write(data)
            else:
                shutil.copyfileobj(data, out, COPY_CHUNK)
        yield path
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def sweep_stale(root: Path | None = None, *, older_than: float = STALE_SECONDS, now: float | None = None) -> list[Path]:
    """Remove the temporary folders of uploads and imports (and the old per-upload folders) that this user left
    in ``root`` more than ``older_than`` seconds ago; return them. Another user's folders, links and files are
    left alone."""
    root = Path(root or tempfile.gettempdir())
    now = time.time() if now is None else now
    candidates = [*root.glob(f"{UPLOAD_PREFIX}*"), *root.glob(f"{SNIFF_TEMP_PREFIX}*")]
    legacy = root / LEGACY_FOLDER
    if _own_folder(legacy):
        candidates += list(legacy.iterdir())
    removed = [folder for folder in candidates if _own_folder(folder, modified_before=now - older_than)]
    for folder in removed:
        shutil.rmtree(folder, ignore_errors=True)
    if _own_folder(legacy) and not any(legacy.iterdir()):
        with suppress(OSError):  # another process put a folder there meanwhile
            legacy.rmdir()
    return removed


def _own_folder(path: Path, modified_before: float = math.inf) -> bool:
    """A real folder (not a link to one) owned by this process's user, last changed before ``modified_before``."""
    try:
        info = path.lstat()
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.geteuid() and info.st_mtime < modified_before
