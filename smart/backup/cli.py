"""``python -m smart backup`` and ``python -m smart restore PATH``.

``backup`` opens the database itself (when no server holds it), makes one backup and prunes the old ones: one
line per backup made (path, size, rows of the main tables) and one per backup removed; ``--format json`` prints
one object with ``path``, ``size_bytes``, ``tables``, ``schema_version``, ``created_at`` and ``removed``. With
``--server URL`` the server makes it (``POST /api/v1/backup``), into its own backups folder (``--to`` is refused:
it would name a folder on the server).
``restore`` checks a backup and puts it in place of ``--db`` (refusing to replace a database that holds data
unless ``--force``, and keeping the one replaced). Exit codes: 0 done, 2 bad input or a state to fix, with one line
on stderr.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from smart.access import LOCAL_ADMIN, MANAGE_DATA, User, require
from smart.api import client
from smart.api.output import Output, media_type
from smart.backup.errors import BackupError
from smart.backup.restore import restore_backup
from smart.backup.schedule import BACKUP_DIR_ENV, BACKUP_KEEP_ENV, BackupSettingError, backups_to_keep
from smart.backup.schedule import settings_from_environment as backup_settings
from smart.backup.take import DEFAULT_KEEP, backup_database
from smart.cli import CommandError, add_command, add_db_argument
from smart.paths import database_path
from smart.storage import StorageError, Store, open_store


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``backup`` and ``restore`` commands."""
    backup = add_command(subparsers, "backup")
    add_db_argument(backup)
    backup.add_argument("--to", metavar="DIR",
                        help=f"where backups go (default: ${BACKUP_DIR_ENV}, else backups/ beside the database)")
    backup.add_argument("--keep", metavar="N",
                        help=f"keep the N newest backups there, remove older ones (default: ${BACKUP_KEEP_ENV}, "
                             f"else {DEFAULT_KEEP})")
    backup.add_argument("--format", default="text", choices=("text", "json"))
    client.add_server_arguments(backup)
    backup.set_defaults(handler=run_backup)

    restore = add_command(subparsers, "restore")
    restore.add_argument("path", metavar="PATH", help="the backup's folder (smart-YYYYMMDD-HHMMSS)")
    add_db_argument(restore)
    restore.add_argument("--force", action="store_true",
                         help="replace a database that holds data (it is kept as NAME-replaced-YYYYMMDD-HHMMSS)")
    restore.set_defaults(handler=run_restore)


def run_backup(args: argparse.Namespace) -> int:
    """``backup``: copy the database and the uploads into a new dated folder, then keep only the newest ``--keep``."""
    try:
        settings = backup_settings()
        keep = backups_to_keep(args.keep, "--keep") if args.keep is not None else settings.keep
    except BackupSettingError as error:
        raise CommandError(f"backup: {error}") from None
    server = client.server_of(args)
    if server is not None:
        return client.backup(server, args)
    path = database_path(args.db)
    if not path.is_file():
        raise CommandError(f"backup: there is no database at {path} (give --db PATH or set SMART_DB)")
    try:
        store = open_store(path)
    except StorageError as error:
        if error.kind != "locked" or client.served_by(error) is not None:
            raise
        raise CommandError(f"{error} While SMART Pilot serves this database, it backs it up itself every day "
                           "(SMART_BACKUP_AT).") from None
    try:
        output = backup_output(store, args.to or settings.folder, keep, args.format, LOCAL_ADMIN)
    finally:
        store.close()
    return output.emit()


def backup_output(store: Store, folder: str | Path | None, keep: int, output_format: str, viewer: User) -> Output:
    """What ``backup`` prints once ``viewer`` (an admin) has backed the database up into ``folder`` (None: beside
    it) and kept the ``keep`` newest backups."""
    require(viewer, MANAGE_DATA)
    try:
        result = backup_database(store, folder, keep=keep)
    except BackupError as error:
        raise CommandError(str(error)) from None
    if output_format == "json":
        return Output(json.dumps(result.as_json(), ensure_ascii=False) + "\n", media_type=media_type("json"))
    return Output("".join(f"{line}\n" for line in [result.summary(), *(f"removed {path}" for path in result.removed)]))


def run_restore(args: argparse.Namespace) -> int:
    """``restore``: put a backup folder back in place of the database (``--force`` over an existing one)."""
    try:
        result = restore_backup(args.path, database_path(args.db), force=args.force)
    except BackupError as error:
        raise CommandError(str(error)) from None
    for line in result.summary_lines():
        print(line)
    return 0
