"""What the server opens once and keeps for as long as it serves: the database's store and the daily backup.

The served app (``server.py``) runs ``start`` in its lifespan, before it answers anything, and ``stop`` when it
shuts down. The store is ``smart.storage.shared_store``, the very one the pages use: one connection per process.
When another process holds the file at start (a command line import that had not finished), the server starts all
the same: its pages show the storage page, the API answers 503, and the store is opened at the first request once
the file is free.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path

from smart.backup.schedule import BackupScheduler, BackupSettings, settings_from_environment
from smart.paths import database_path
from smart.storage import StorageError, Store, shared_store

logger = logging.getLogger(__name__)


class ServerResources:
    """The server's store (``store()``, opened on demand and kept), and its daily backup (``SMART_BACKUP_AT``,
    ``SMART_BACKUP_KEEP``, ``SMART_BACKUP_DIR``), between ``start()`` and ``stop()``."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = path
        self._store: Store | None = None
        self.settings: BackupSettings | None = None
        self.scheduler: BackupScheduler | None = None

    def store(self) -> Store:
        """The server's store, opened (and migrated) when it is not open yet; StorageError while it cannot be."""
        self._store = shared_store(database_path(self.path))
        return self._store

    def start(self, environ: Mapping[str, str] | None = None) -> None:
        """Open the store and start the daily backup; a backup setting that is not understood stops the server
        (BackupSettingError, saying which)."""
        self.settings = settings_from_environment(environ)
        try:
            self.store()
        except StorageError as error:
            logger.error("The server started without its database: %s It is opened again at the next request.", error)
        if self.settings.at is None:
            logger.info("Daily backups are off (SMART_BACKUP_AT=off)")
            return
        self.scheduler = BackupScheduler(self.store, self.settings.at, self.settings.keep, self.settings.folder)
        self.scheduler.start()

    def stop(self) -> None:
        """Stop the daily backup (one under way is let finish) and write the journal into the database file."""
        if self.scheduler is not None:
            self.scheduler.stop()
            self.scheduler = None
        if self._store is not None and not self._store.broken:
            try:
                self._store.checkpoint()
            except StorageError as error:
                logger.warning("The checkpoint at shutdown failed: %s", error)
        self._store = None
