"""Taking a backup: one folder ``smart-YYYYMMDD-HHMMSS/`` holding the database copied as one snapshot, the
originals of the imports and a manifest, named complete only once all of it is on the disk.

The database is copied with DuckDB's ``COPY FROM DATABASE`` inside one transaction (``Store.copy_into``): what
the journal (``.wal``) holds is part of it, the app goes on reading and writing meanwhile, and the copy is a
fresh, compact database file that ``Store`` opens as it is. The folder is written under a hidden temporary name
and renamed when whole, so a crash leaves a ``.smart-….partial`` folder (removed a day later), never a backup
that looks complete and is not.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from smart import __version__
from smart.backup.errors import BackupError, writing_failure
from smart.backup.files import PlacedFiles, folder_size, place_originals, sync_file, sync_folder
from smart.backup.manifest import DATABASE_FILE, UPLOADS_FOLDER, Manifest, write_manifest
from smart.paths import backups_dir_for, uploads_dir_for
from smart.storage import Store, read_database_file

logger = logging.getLogger(__name__)

DEFAULT_KEEP = 14
BACKUP_PREFIX = "smart-"
STAMP_FORMAT = "%Y%m%d-%H%M%S"
PARTIAL_SUFFIX = ".partial"
STALE_PARTIAL = dt.timedelta(days=1)
# The tables the one-line summary names (the manifest and --format json have them all).
SUMMARY_TABLES = ("deals", "leads", "kpi_history", "objectives", "actions", "review_notes", "imports")
_COMPLETE_NAME = re.compile(r"^smart-(\d{8})-(\d{6})(?:-(\d+))?$")
# One backup at a time in a process: the scheduler's and one asked through the server may meet.
_ONE_AT_A_TIME = threading.Lock()

Clock = Callable[[], dt.datetime]


@dataclass(frozen=True)
class BackupResult:
    """A backup made: its folder, size, rows per table and schema version, when, and the old ones removed."""

    path: Path
    size_bytes: int
    tables: dict[str, int]
    schema_version: int
    created_at: str
    removed: list[Path] = field(default_factory=list)
    uploads: PlacedFiles = PlacedFiles()

    def as_json(self) -> dict[str, Any]:
        """The object ``python -m smart backup --format json`` prints (and the server's backup route returns)."""
        return {"path": str(self.path), "size_bytes": self.size_bytes, "tables": dict(self.tables),
                "schema_version": self.schema_version, "created_at": self.created_at,
                "removed": [str(path) for path in self.removed]}

    def summary(self) -> str:
        """One line: where, how big, what it holds."""
        counts = ", ".join(f"{name} {self.tables[name]:,}" for name in SUMMARY_TABLES if name in self.tables)
        files = self.uploads.files + self.uploads.already_there
        return (f"{self.path}  {megabytes(self.size_bytes)}  {counts}; {files} uploaded files; "
                f"schema {self.schema_version}")


def megabytes(size: int) -> str:
    """A size in bytes as the command line says it (``12.3 MB``)."""
    return f"{size / 1e6:.1f} MB"


def default_backup_folder(store: Store) -> Path:
    """``backups/`` beside the database file; BackupError for an in-memory database, which has no folder."""
    if _in_memory(store):
        raise BackupError("bad_input", "An in-memory database has no folder beside it: say where backups go "
                          "(--to DIR or SMART_BACKUP_DIR).")
    return backups_dir_for(store.path)


def backup_database(store: Store, to: str | Path | None = None, *, keep: int = DEFAULT_KEEP,
                    now: Clock | None = None) -> BackupResult:
    """Back the database of ``store`` up into a new folder under ``to`` (default: ``backups/`` beside the database),
    with the originals of its imports, then remove the oldest complete backups there beyond ``keep``.

    Runs while the app serves: other threads go on reading and writing the same store. Raises BackupError for
    a folder that cannot be used (full, not writable, not a folder) or a copy that does not hold what the
    database held; nothing is left behind then but the database as it was."""
    if keep < 1:
        raise BackupError("bad_input", f"--keep {keep}: keep at least 1 backup (the one being made).")
    folder = Path(to) if to else default_backup_folder(store)
    moment = _local(now)
    with _ONE_AT_A_TIME:
        _prepare(folder)
        remove_stale_partials(folder, moment)
        name = _free_name(folder, moment)
        final = folder / name
        partial = folder / f".{name}{PARTIAL_SUFFIX}"
        try:
            partial.mkdir()
            manifest = _fill(store, partial, moment, previous=_latest(folder))
            partial.rename(final)
            sync_folder(folder)
        except BaseException as error:
            shutil.rmtree(partial, ignore_errors=True)
            doing = f"Backup of {store.path} into {folder} failed"
            failure = writing_failure(error, folder, doing)
            if failure is None and isinstance(error, duckdb.Error | OSError):
                failure = BackupError("io", f"{doing}; nothing was kept, the database is unchanged.",
                                      detail=str(error))
            if failure is None or failure is error:
                raise
            raise failure from error
        removed = prune_backups(folder, keep)
    result = BackupResult(final, folder_size(final), manifest.tables, manifest.schema_version, manifest.created_at,
                          removed, PlacedFiles(manifest.upload_files, manifest.upload_bytes))
    logger.info("Backup made: %s", result.summary())
    return result


def _fill(store: Store, partial: Path, moment: dt.datetime, previous: Path | None) -> Manifest:
    """Copy the database, check the copy, place the originals (after the copy: every import the copy holds has
    its original on the disk by then) and write the manifest, each file synced to the disk."""
    database = partial / DATABASE_FILE
    copied = store.copy_into(database)
    _check_copy(database, copied.schema_version, copied.tables)
    sync_file(database)
    uploads = None if _in_memory(store) else uploads_dir_for(store.path)
    placed = place_originals(uploads, partial / UPLOADS_FOLDER,
                             twins=previous / UPLOADS_FOLDER if previous else None) if uploads else PlacedFiles()
    if uploads is None:
        (partial / UPLOADS_FOLDER).mkdir()
    manifest = Manifest(
        created_at=moment.isoformat(timespec="seconds"), schema_version=copied.schema_version,
        tables=copied.tables, app_version=__version__, duckdb_version=duckdb.__version__,
        upload_files=placed.files, upload_bytes=placed.bytes, source_database=str(store.path),
        source_uploads=str(uploads.resolve()) if uploads else None,
    )
    write_manifest(partial, manifest)
    sync_folder(partial / UPLOADS_FOLDER)
    sync_folder(partial)
    return manifest


def _check_copy(database: Path, schema_version: int, tables: dict[str, int]) -> None:
    """The copy, read back from the disk, holds what the snapshot held: every table, every row."""
    found = read_database_file(database)
    if found.schema_version != schema_version or found.tables != tables:
        differences = sorted(set(found.tables.items()) ^ set(tables.items()))[:4]
        raise BackupError("io", f"The copy {database} does not hold what the database held (schema "
                          f"{found.schema_version} for {schema_version}; tables that differ: {differences}); "
                          "nothing was kept. Try again, and check the disk if it happens again.")


def complete_backups(folder: Path) -> list[Path]:
    """The complete backups in ``folder`` (folders named ``smart-YYYYMMDD-HHMMSS`` holding a manifest), oldest
    first. Anything else there (a backup being written, your own files) is not one."""
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = _COMPLETE_NAME.match(path.name)
        if match and path.is_dir() and not path.is_symlink() and (path / "manifest.json").is_file():
            day, time, number = match.groups()
            found.append(((day, time, int(number or 1)), path))
    return [path for _, path in sorted(found)]


def prune_backups(folder: Path, keep: int) -> list[Path]:
    """Remove the oldest complete backups in ``folder`` beyond the ``keep`` newest; return those removed. A
    backup that cannot be removed is logged and left."""
    removed = []
    for path in complete_backups(folder)[:-keep] if keep > 0 else []:
        try:
            shutil.rmtree(path)
        except OSError as error:
            logger.warning("Could not remove the old backup %s: %s", path, error)
            continue
        removed.append(path)
    return removed


def remove_stale_partials(folder: Path, moment: dt.datetime) -> list[Path]:
    """Remove the unfinished backups (``.smart-….partial``) a crash left in ``folder`` more than a day ago."""
    removed = []
    for path in folder.glob(f".{BACKUP_PREFIX}*{PARTIAL_SUFFIX}"):
        try:
            changed = dt.datetime.fromtimestamp(path.stat().st_mtime).astimezone()
        except OSError:
            continue
        if path.is_dir() and not path.is_symlink() and moment - changed > STALE_PARTIAL:
            shutil.rmtree(path, ignore_errors=True)
            logger.info("Removed an unfinished backup left by a crash: %s", path)
            removed.append(path)
    return removed


def _latest(folder: Path) -> Path | None:
    backups = complete_backups(folder)
    return backups[-1] if backups else None


def _prepare(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise BackupError("bad_input", f"{folder} is a file, not a folder: backups go into a folder (--to DIR or "
                          "SMART_BACKUP_DIR).")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        failure = writing_failure(error, folder, f"The backup folder {folder} cannot be created")
        if failure is None:
            raise BackupError("io", f"The backup folder {folder} cannot be created.", detail=str(error)) from error
        raise failure from error


def _free_name(folder: Path, moment: dt.datetime) -> str:
    """``smart-YYYYMMDD-HHMMSS``, with ``-2``, ``-3``... when a backup of the same second exists."""
    base = f"{BACKUP_PREFIX}{moment.strftime(STAMP_FORMAT)}"
    name, number = base, 1
    while (folder / name).exists() or (folder / f".{name}{PARTIAL_SUFFIX}").exists():
        number += 1
        name = f"{base}-{number}"
    return name


def _local(now: Clock | None) -> dt.datetime:
    """The moment of a backup, in the machine's time zone (a naive time from ``now`` is taken as local)."""
    moment = now() if now is not None else dt.datetime.now()
    return moment.astimezone()


def _in_memory(store: Store) -> bool:
    return str(store.path) == ":memory:"
