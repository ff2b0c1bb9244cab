"""Restoring a backup: check it is whole, put its database in place of the target (the database that was there
kept aside, never deleted), put back the originals of its imports, and bring its schema to this version."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from smart.backup.errors import BackupError, writing_failure
from smart.backup.files import PlacedFiles, place_originals, stored_originals, sync_file, sync_folder
from smart.backup.manifest import DATABASE_FILE, MANIFEST_FILE, UPLOADS_FOLDER, Manifest, read_manifest
from smart.backup.take import STAMP_FORMAT, SUMMARY_TABLES
from smart.paths import uploads_dir_for
from smart.storage import LATEST_VERSION, DatabaseCopy, Store, read_database_file, storage_failure, table_counts

REPLACED_MARK = "-replaced-"
# Tables that say nothing about a user's data: a database holding rows in these only is empty.
_BOOKKEEPING_TABLES = ("schema_version",)


@dataclass(frozen=True)
class RestoreResult:
    """A restore done: from which backup, into which database, what it holds, and what was kept aside."""

    backup: Path
    database: Path
    tables: dict[str, int]
    schema_version: int
    migrated_to: int
    uploads_folder: Path
    uploads: PlacedFiles
    replaced: Path | None

    def summary_lines(self) -> list[str]:
        counts = ", ".join(f"{name} {self.tables[name]:,}" for name in SUMMARY_TABLES if name in self.tables)
        schema = (f"schema {self.schema_version}" if self.migrated_to == self.schema_version
                  else f"schema {self.schema_version}, migrated to {self.migrated_to}")
        lines = [f"Restored {self.backup} into {self.database}: {counts}; {schema}.",
                 f"Uploaded files: {self.uploads.files} put back into {self.uploads_folder}"
                 + (f", {self.uploads.already_there} already there." if self.uploads.already_there else ".")]
        if self.replaced is not None:
            lines.append(f"The database that was at {self.database} is kept as {self.replaced}.")
        return lines


def backup_folder(path: str | Path) -> Path:
    """The folder of a backup, given it or a file in it (its manifest or its database)."""
    path = Path(path)
    if path.is_file() and path.name in (MANIFEST_FILE, DATABASE_FILE):
        return path.parent
    if not path.exists():
        raise BackupError("bad_input", f"{path} does not exist: give the folder of a backup "
                          "(smart-YYYYMMDD-HHMMSS, under data/backups/ by default).")
    if not path.is_dir():
        raise BackupError("not_a_backup", f"{path} is not a SMART Pilot backup: a backup is a folder "
                          "smart-YYYYMMDD-HHMMSS made by python -m smart backup.")
    return path


def check_backup(path: str | Path) -> tuple[Path, Manifest]:
    """The backup's folder and manifest, once checked whole: its database opens, at a schema version this
    SMART Pilot knows, holding exactly the rows its manifest counts, beside every uploaded file it lists."""
    folder = backup_folder(path)
    manifest = read_manifest(folder)
    if manifest.schema_version > LATEST_VERSION:
        raise BackupError("too_new", f"The backup {folder} has schema version {manifest.schema_version}, made by "
                          f"SMART Pilot {manifest.app_version}; this one knows versions up to {LATEST_VERSION}. "
                          "Update SMART Pilot, then restore it.")
    database = folder / DATABASE_FILE
    if not database.is_file():
        raise BackupError("damaged", f"The backup {folder} has no {DATABASE_FILE}: it is not whole; restore another "
                          "one.")
    _check_contents(folder, _read(database, folder), manifest)
    uploads = stored_originals(folder / UPLOADS_FOLDER)
    if len(uploads) != manifest.upload_files:
        raise BackupError("damaged", f"The backup {folder} holds {len(uploads)} uploaded files, its manifest lists "
                          f"{manifest.upload_files}: it is not whole; restore another one.")
    return folder, manifest


def _read(database: Path, folder: Path) -> DatabaseCopy:
    try:
        return read_database_file(database)
    except duckdb.Error as error:
        raise BackupError("damaged", f"The database of the backup {folder} cannot be read: the backup is damaged; "
                          "restore another one.", detail=str(error)) from None


def _check_contents(folder: Path, found: DatabaseCopy, manifest: Manifest) -> None:
    if found.schema_version != manifest.schema_version or found.tables != manifest.tables:
        differences = [f"{name}: {found.tables.get(name)} rows for {manifest.tables.get(name)}"
                       for name in sorted(set(found.tables) | set(manifest.tables))
                       if found.tables.get(name) != manifest.tables.get(name)]
        schema = ("" if found.schema_version == manifest.schema_version
                  else f"schema {found.schema_version} for {manifest.schema_version}; ")
        raise BackupError("damaged", f"The database of the backup {folder} does not hold what its manifest says "
                          f"({schema}{'; '.join(differences[:3])}): the backup is damaged; restore another one.")


def restore_backup(path: str | Path, target: str | Path, *, force: bool = False,
                   now: dt.datetime | None = None) -> RestoreResult:
    """Restore the backup at ``path`` into the database file ``target``, with its uploaded files.

    Refuses (BackupError) a backup that is not whole or comes from a newer SMART Pilot, and a target that holds
    data unless ``force``; a target in use by a running app raises its StorageError ("locked"). With ``force``,
    the database that was at ``target`` (and its journal) is kept beside it as ``…-replaced-YYYYMMDD-HHMMSS``.
    Uploaded files already in the target's uploads folder are kept as they are."""
    folder, manifest = check_backup(path)
    target = Path(target)
    moment = (now or dt.datetime.now()).astimezone()
    incoming = target.with_name(f".{target.name}.restoring-{uuid.uuid4().hex[:8]}")
    try:
        _prepare_copy(folder / DATABASE_FILE, incoming, manifest, folder)
        with _held(target) as holds:
            if holds and not force:
                raise BackupError("exists", f"{target} already holds data ({holds}): restore into another "
                                  "file (--db), or add --force to replace it (the database there is then kept "
                                  f"beside it, as {_aside_name(target, moment).name}).")
            replaced = _set_aside(target, moment) if target.exists() else None
            incoming.replace(target)
            sync_folder(target.parent)
    except BaseException as error:
        incoming.unlink(missing_ok=True)
        failure = writing_failure(error, target.parent, f"Restore of {folder} into {target} failed")
        if failure is None or failure is error:
            raise
        raise failure from error
    uploads_folder = uploads_dir_for(target)
    try:
        placed = place_originals(folder / UPLOADS_FOLDER, uploads_folder)
    except OSError as error:
        doing = (f"The database was restored into {target}, but putting the uploaded files back into "
                 f"{uploads_folder} failed (copy {folder / UPLOADS_FOLDER} there by hand)")
        raise (writing_failure(error, uploads_folder, doing) or BackupError("io", doing, detail=str(error))) from error
    migrated_to = _open_and_repoint(target, manifest, uploads_folder)
    return RestoreResult(folder, target, manifest.tables, manifest.schema_version, migrated_to, uploads_folder,
                         placed, replaced)


def _prepare_copy(database: Path, incoming: Path, manifest: Manifest, folder: Path) -> None:
    """The backup's database copied beside the target under a hidden name, synced, and checked again."""
    incoming.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(database, incoming)
    sync_file(incoming)
    _check_contents(folder, _read(incoming, folder), manifest)


@contextmanager
def _held(target: Path) -> Iterator[str | None]:
    """While inside, this process holds ``target`` (DuckDB's lock, read-only), so that no app starts on it between
    the check and the replacement; yields what it holds in a few words (None when there is no file, or a database
    without any row). A file that cannot be read as a database (damaged, too new) holds data: it is kept, never
    lost. A target another program holds raises that StorageError ("locked")."""
    if not target.exists() or target.stat().st_size == 0:
        yield None
        return
    try:
        connection = duckdb.connect(str(target), read_only=True)
    except duckdb.Error as error:
        failure = storage_failure(error, target, opening=True)
        if failure is not None and failure.kind == "locked":
            raise failure from error
        yield "a file that cannot be read as a SMART Pilot database"
        return
    try:
        counts = {name: rows for name, rows in table_counts(connection).items()
                  if rows and name not in _BOOKKEEPING_TABLES}
        yield _counts(counts) if counts else None
    finally:
        connection.close()


def _counts(tables: dict[str, int]) -> str:
    named = [name for name in SUMMARY_TABLES if name in tables] or sorted(tables)
    return ", ".join(f"{name} {tables[name]:,}" for name in named[:4])


def _aside_name(target: Path, moment: dt.datetime) -> Path:
    base = f"{target.stem}{REPLACED_MARK}{moment.strftime(STAMP_FORMAT)}"
    candidate, number = target.with_name(f"{base}{target.suffix}"), 1
    while candidate.exists():
        number += 1
        candidate = target.with_name(f"{base}-{number}{target.suffix}")
    return candidate


def _set_aside(target: Path, moment: dt.datetime) -> Path:
    """Rename the database at ``target``, and its journal with it, to ``…-replaced-YYYYMMDD-HHMMSS``."""
    aside = _aside_name(target, moment)
    journal = Path(f"{target}.wal")
    if journal.exists():
        journal.rename(Path(f"{aside}.wal"))
    target.rename(aside)
    return aside


def _open_and_repoint(target: Path, manifest: Manifest, uploads_folder: Path) -> int:
    """Open the restored database as the app does (which migrates an older schema) and point the imports'
    stored originals at the uploads folder they were put back into; return the schema version."""
    store = Store(target)
    try:
        old = manifest.source_uploads
        new = str(uploads_folder.resolve())
        if old and old != new:
            old_prefix, new_prefix = old.rstrip(os.sep) + os.sep, new.rstrip(os.sep) + os.sep
            with store.transaction() as tx:
                tx.execute("UPDATE imports SET stored_path = ? || substr(stored_path, ?) "
                           "WHERE starts_with(stored_path, ?)", [new_prefix, len(old_prefix) + 1, old_prefix])
        return store.version
    finally:
        store.close()
