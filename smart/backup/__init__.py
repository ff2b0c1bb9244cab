"""Backups of the database and of the originals of its imports, their restore, and the server's daily backup.

A backup is a folder ``smart-YYYYMMDD-HHMMSS/`` (under ``backups/`` beside the database by default) holding
``smart.duckdb`` (the whole database, copied as one consistent snapshot while the app goes on serving),
``uploads/`` (the original of every imported file) and ``manifest.json`` (rows per table, schema version, app
version, when). Never copy the ``.duckdb`` file alone while the app runs: the last imports may sit in its journal
(the ``.wal``), and would be lost.

``take`` makes backups and prunes the old ones, ``restore`` checks one and puts it back, ``schedule`` runs the
server's daily backup, ``cli`` is ``python -m smart backup`` and ``python -m smart restore``.
"""

from __future__ import annotations

import logging

from smart.backup.errors import BackupError
from smart.backup.manifest import DATABASE_FILE, MANIFEST_FILE, UPLOADS_FOLDER, Manifest, read_manifest
from smart.backup.restore import RestoreResult, check_backup, restore_backup
from smart.backup.schedule import (
    BACKUP_AT_ENV,
    BACKUP_DIR_ENV,
    BACKUP_KEEP_ENV,
    DEFAULT_AT,
    BackupScheduler,
    BackupSettingError,
    BackupSettings,
    next_run,
    scheduler_from_environment,
    settings_from_environment,
)
from smart.backup.take import DEFAULT_KEEP, BackupResult, backup_database, complete_backups, prune_backups

# The app and the command line decide where records go (see smart.storage). Backups are logged at INFO, whatever
# level the server shows for the rest: its log says when each backup was made.
logging.getLogger(__name__).addHandler(logging.NullHandler())
logging.getLogger(__name__).setLevel(logging.INFO)

__all__ = [
    "BACKUP_AT_ENV", "BACKUP_DIR_ENV", "BACKUP_KEEP_ENV", "DATABASE_FILE", "DEFAULT_AT", "DEFAULT_KEEP",
    "MANIFEST_FILE", "UPLOADS_FOLDER", "BackupError", "BackupResult", "BackupScheduler", "BackupSettingError",
    "BackupSettings", "Manifest", "RestoreResult", "backup_database", "check_backup", "complete_backups",
    "next_run", "prune_backups", "read_manifest", "restore_backup", "scheduler_from_environment",
    "settings_from_environment",
]
