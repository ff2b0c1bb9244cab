"""Files of a backup: the originals of the imports placed cheaply (hard links where they can be), and written for
good (fsync) before a backup is named complete."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class PlacedFiles:
    """How many files a folder copy placed, their bytes, and how many were already there."""

    files: int = 0
    bytes: int = 0
    already_there: int = 0


def stored_originals(folder: Path) -> list[Path]:
    """The files an importer kept in ``folder`` (its ``uploads/``), by name: regular files only, without the
    hidden ``.part`` files of a copy still running, links or sub-folders."""
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.iterdir()
                  if not path.name.startswith(".") and path.is_file() and not path.is_symlink())


def place_originals(source: Path, target: Path, *, twins: Path | None = None) -> PlacedFiles:
    """Put every original of ``source`` into ``target`` (created), keeping any file ``target`` already has.

    A kept original never changes once written (the importer names it by its SHA-256 and replaces it whole), so
    a hard link is as good as a copy and costs no space: each file is linked to its source, or, on another disk,
    to the file of the same name and size in ``twins`` (the previous backup, on the target's disk), and copied
    only when neither link can be made. Deleting one of the names later leaves the others whole."""
    target.mkdir(parents=True, exist_ok=True)
    placed = already = total = 0
    for original in stored_originals(source):
        destination = target / original.name
        size = original.stat().st_size
        if destination.exists():
            already += 1
            continue
        twin = twins / original.name if twins is not None else None
        _link_or_copy(original, destination, twin if twin is not None and _same_size(twin, size) else None)
        placed += 1
        total += size
    return PlacedFiles(placed, total, already)


def _same_size(path: Path, size: int) -> bool:
    try:
        return path.is_file() and path.stat().st_size == size
    except OSError:
        return False


def _link_or_copy(original: Path, destination: Path, twin: Path | None) -> None:
    for source in (original, twin):
        if source is None:
            continue
        try:
            os.link(source, destination)
            return
        except OSError:
            continue
    partial = destination.with_name(f".{destination.name}.part")
    shutil.copy2(original, partial)
    sync_file(partial)
    partial.replace(destination)


def sync_file(path: Path) -> None:
    """Make sure the bytes of ``path`` are on the disk, not only in the system's cache."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def sync_folder(folder: Path) -> None:
    """Make sure the names in ``folder`` (a file created, renamed) are on the disk."""
    try:
        sync_file(folder)
    except OSError:  # some file systems cannot sync a folder; the rename is then as safe as they make it
        pass


def folder_size(folder: Path) -> int:
    """The bytes of every file under ``folder`` (a hard-linked file counts whole: it is in the folder)."""
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())
