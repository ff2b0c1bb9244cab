"""What can stop a backup or a restore, said in one line with what to do about it."""

from __future__ import annotations

import errno
import getpass
import re
import shutil
from pathlib import Path

import duckdb

BACKUP_ERROR_KINDS = ("bad_input", "not_a_backup", "damaged", "too_new", "exists", "disk_full", "permission", "io")

_DISK_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_PERMISSION_ERRNOS = {errno.EACCES, errno.EPERM, errno.EROFS}
# What DuckDB says when it cannot write the copy (checked by experiment: a copy onto a full tmpfs fails at its
# COMMIT, or at the DETACH that checkpoints it, with these words).
_DISK_FULL_TEXT = re.compile(r"No space left on device|Disk quota exceeded|File too large")
_PERMISSION_TEXT = re.compile(r"Permission denied|Operation not permitted|Read-only file system")


class BackupError(RuntimeError):
    """A backup or a restore that cannot be done, for a reason the user has to act on. ``kind`` is one of
    BACKUP_ERROR_KINDS; ``str()`` says what happened and what to do on one line, the real error in brackets."""

    def __init__(self, kind: str, message: str, *, detail: str = "") -> None:
        self.kind = kind
        self.message = message
        self.detail = " ".join(detail.split())
        super().__init__(f"{message} [{self.detail}]" if self.detail else message)


def writing_failure(error: BaseException, folder: Path, doing: str) -> BackupError | None:
    """The BackupError that ``error``, raised while writing into ``folder``, amounts to when it is the disk's
    (full, or not writable by this program); None for any other error. ``doing`` opens the sentence."""
    if isinstance(error, BackupError):
        return error
    kind = _kind_of(error)
    if kind == "disk_full":
        return BackupError("disk_full", f"{doing}: the disk holding {folder} is full ({_free_megabytes(folder)} MB "
                           "free). Free some space there, or point SMART_BACKUP_DIR (or --to) at a disk with room, "
                           "or keep fewer backups (SMART_BACKUP_KEEP or --keep); the database itself is unchanged.",
                           detail=str(error))
    if kind == "permission":
        return BackupError("permission", f"{doing}: {folder} cannot be written by this program (user "
                           f"{_user()}). Give that user write access to it, or choose another folder "
                           "(SMART_BACKUP_DIR or --to).", detail=str(error))
    return None


def _kind_of(error: BaseException) -> str | None:
    if isinstance(error, OSError):
        number = error.errno or 0
        return "disk_full" if number in _DISK_FULL_ERRNOS else "permission" if number in _PERMISSION_ERRNOS else None
    if isinstance(error, duckdb.Error):
        text = str(error)
        return "disk_full" if _DISK_FULL_TEXT.search(text) else "permission" if _PERMISSION_TEXT.search(text) else None
    return None


def _free_megabytes(folder: Path) -> int:
    for candidate in (folder, *folder.parents):
        try:
            return shutil.disk_usage(candidate).free // 1_000_000
        except OSError:
            continue
    return 0


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "?"
