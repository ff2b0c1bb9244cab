"""The server's daily backup: a daemon thread that backs the open store up at a set time of day.

The server starts it in its lifespan, once the store is open, and stops it on the way out::

    scheduler = scheduler_from_environment(store)   # None when SMART_BACKUP_AT=off
    if scheduler is not None:
        scheduler.start()
    ...
    scheduler.stop()

Settings, read from the environment: ``SMART_BACKUP_AT`` (the local time of day, ``HH:MM``, default 02:30, or
``off``), ``SMART_BACKUP_KEEP`` (how many backups to keep, default 14) and ``SMART_BACKUP_DIR`` (default:
``backups/`` beside the database). A setting that is not understood is refused when the server starts. A backup
that fails is logged, with what to do, and tried again the next day: it never stops the server.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from smart.backup.errors import BackupError
from smart.backup.take import DEFAULT_KEEP, BackupResult, backup_database
from smart.storage import Store

logger = logging.getLogger(__name__)

BACKUP_AT_ENV = "SMART_BACKUP_AT"
BACKUP_KEEP_ENV = "SMART_BACKUP_KEEP"
BACKUP_DIR_ENV = "SMART_BACKUP_DIR"
DEFAULT_AT = "02:30"
OFF = "off"
# The longest the thread waits without looking at the clock again: a machine that was suspended, or whose clock
# was set, still backs up at the time said, give or take this.
LONGEST_WAIT_SECONDS = 60.0
_TIME_OF_DAY = re.compile(r"^(\d{1,2}):(\d{2})$")


class BackupSettingError(ValueError):
    """A ``SMART_BACKUP_*`` setting (or ``--keep``) that is not understood; the message says which and why."""


@dataclass(frozen=True)
class BackupSettings:
    """When the server backs up (None: never), how many backups it keeps, and where (None: beside the database)."""

    at: dt.time | None = dt.time(2, 30)
    keep: int = DEFAULT_KEEP
    folder: Path | None = None


def time_of_day(text: str, name: str = BACKUP_AT_ENV) -> dt.time:
    """``HH:MM`` (24-hour clock) as a time; BackupSettingError otherwise."""
    match = _TIME_OF_DAY.match(text.strip())
    if match is None or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise BackupSettingError(f"{name}={text!r} is not a time of day: give HH:MM on the 24-hour clock "
                                 f"(e.g. {DEFAULT_AT}), or {OFF}")
    return dt.time(int(match.group(1)), int(match.group(2)))


def backups_to_keep(text: str, name: str = BACKUP_KEEP_ENV) -> int:
    """A number of backups to keep, 1 or more; BackupSettingError otherwise."""
    try:
        keep = int(text.strip())
    except ValueError:
        keep = 0
    if keep < 1:
        raise BackupSettingError(f"{name}={text!r} is not a number of backups to keep: give a whole number, 1 or "
                                 f"more (default {DEFAULT_KEEP})")
    return keep


def settings_from_environment(environ: Mapping[str, str] | None = None) -> BackupSettings:
    """The backup settings ``SMART_BACKUP_AT``, ``SMART_BACKUP_KEEP`` and ``SMART_BACKUP_DIR`` say (defaults for
    those unset or empty)."""
    environ = os.environ if environ is None else environ
    at_text = environ.get(BACKUP_AT_ENV, "").strip() or DEFAULT_AT
    keep_text = environ.get(BACKUP_KEEP_ENV, "").strip()
    folder_text = environ.get(BACKUP_DIR_ENV, "").strip()
    return BackupSettings(
        at=None if at_text.lower() == OFF else time_of_day(at_text),
        keep=backups_to_keep(keep_text) if keep_text else DEFAULT_KEEP,
        folder=Path(folder_text) if folder_text else None,
    )


def next_run(now: dt.datetime, at: dt.time) -> dt.datetime:
    """The first moment after ``now`` whose time of day is ``at`` (today's if still ahead, else tomorrow's), in the
    same time zone as ``now``: a wall-clock time, so 02:30 stays 02:30 across a change to or from summer time."""
    today = now.replace(hour=at.hour, minute=at.minute, second=0, microsecond=0)
    if today > now:
        return today
    tomorrow = now.date() + dt.timedelta(days=1)
    return today.replace(year=tomorrow.year, month=tomorrow.month, day=tomorrow.day)


def seconds_until(moment: dt.datetime, now: dt.datetime) -> float:
    """Seconds from ``now`` to ``moment``; for naive (local) times, through the machine's time zone, so that a
    night with a summer-time change lasts the hours it really lasts."""
    return moment.timestamp() - now.timestamp()


class BackupScheduler:
    """Backs ``store`` up every day at ``at`` (local time, ``HH:MM``) into ``to`` (default: beside the database),
    keeping the ``keep`` newest backups, in a daemon thread between ``start()`` and ``stop()``. ``store`` may be a
    function that gives the store at each backup (the server's, which may have been opened afresh meanwhile).

    ``now`` (the local time, naive) and ``wait`` (sleeps up to the seconds given unless stopped; returns True
    once stopped) are the clock; tests give a fake one."""

    def __init__(self, store: Store | Callable[[], Store], at: str | dt.time = DEFAULT_AT, keep: int = DEFAULT_KEEP,
                 to: str | Path | None = None, *, now: Callable[[], dt.datetime] = dt.datetime.now,
                 wait: Callable[[float], bool] | None = None,
                 backup: Callable[..., BackupResult] = backup_database) -> None:
        self.store = store
        self.at = at if isinstance(at, dt.time) else time_of_day(at)
        if keep < 1:
            raise BackupSettingError(f"keep={keep}: keep at least 1 backup")
        self.keep = keep
        self.folder = Path(to) if to else None
        self._now = now
        self._stopping = threading.Event()
        self._wait = wait or self._stopping.wait
        self._backup = backup
        self._thread: threading.Thread | None = None
        self.last_result: BackupResult | None = None
        self.last_error: BaseException | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self.running:
            return
        self._stopping.clear()
        logger.info("Backups every day at %s into %s, keeping %d; next at %s", self.at.strftime("%H:%M"),
                    self.folder or "the backups folder beside the database", self.keep,
                    next_run(self._now(), self.at).isoformat(timespec="minutes"))
        self._thread = threading.Thread(target=self._loop, name="smart-backup", daemon=True)
        self._thread.start()

    def stop(self, timeout: float | None = 30.0) -> None:
        """Stop the thread; a backup under way is let finish (for ``timeout`` seconds at most)."""
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _loop(self) -> None:
        while not self._stopping.is_set():
            due = next_run(self._now(), self.at)
            if self._wait_until(due):
                return
            self.run_once()

    def _wait_until(self, due: dt.datetime) -> bool:
        """Wait until ``due``, looking at the clock again at least every minute; True once stopped."""
        while True:
            left = seconds_until(due, self._now())
            if left <= 0:
                return self._stopping.is_set()
            if self._wait(min(left, LONGEST_WAIT_SECONDS)):
                return True

    def run_once(self) -> BackupResult | None:
        """Make one backup now; log it, or log why it failed and when the next try is. Never raises: a backup
        that fails must not take the server down."""
        try:
            store = self.store() if callable(self.store) else self.store
            result = self._backup(store, self.folder, keep=self.keep)
        except BackupError as error:
            self._failed(error)
            return None
        except Exception as error:  # whatever went wrong, the server keeps serving
            self._failed(error, unexpected=True)
            return None
        self.last_result, self.last_error = result, None
        for path in result.removed:
            logger.info("Removed the old backup %s (keeping %d)", path, self.keep)
        return result

    def _failed(self, error: BaseException, *, unexpected: bool = False) -> None:
        self.last_error = error
        retry = next_run(self._now(), self.at).isoformat(timespec="minutes")
        if unexpected:
            logger.error("The daily backup failed; it is tried again at %s", retry, exc_info=error)
        else:
            logger.error("The daily backup failed: %s It is tried again at %s.", error, retry)


def scheduler_from_environment(store: Store | Callable[[], Store],
                               environ: Mapping[str, str] | None = None) -> BackupScheduler | None:
    """The daily backup the settings ask for (None with ``SMART_BACKUP_AT=off``), not started yet."""
    settings = settings_from_environment(environ)
    if settings.at is None:
        logger.info("Daily backups are off (%s=%s)", BACKUP_AT_ENV, OFF)
        return None
    return BackupScheduler(store, settings.at, settings.keep, settings.folder)
