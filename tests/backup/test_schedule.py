"""The server's daily backup: when it runs next, its settings, and runs driven by a fake clock (no real waiting)."""

from __future__ import annotations

import datetime as dt
import logging
import threading
from pathlib import Path

import pytest

from smart.backup import (
    BackupError,
    BackupResult,
    BackupScheduler,
    BackupSettingError,
    BackupSettings,
    complete_backups,
    next_run,
    scheduler_from_environment,
    settings_from_environment,
)
from smart.backup.schedule import seconds_until
from smart.storage import Store

HALF_PAST_TWO = dt.time(2, 30)


@pytest.mark.parametrize(("now", "expected"), [
    (dt.datetime(2026, 6, 10, 1, 0), dt.datetime(2026, 6, 10, 2, 30)),  # still ahead today
    (dt.datetime(2026, 6, 10, 2, 29, 59, 999999), dt.datetime(2026, 6, 10, 2, 30)),
    (dt.datetime(2026, 6, 10, 2, 30), dt.datetime(2026, 6, 11, 2, 30)),  # just run: tomorrow
    (dt.datetime(2026, 6, 10, 23, 59), dt.datetime(2026, 6, 11, 2, 30)),
    (dt.datetime(2026, 12, 31, 3, 0), dt.datetime(2027, 1, 1, 2, 30)),
    (dt.datetime(2028, 2, 28, 12, 0), dt.datetime(2028, 2, 29, 2, 30)),
    (dt.datetime(2026, 2, 28, 12, 0), dt.datetime(2026, 3, 1, 2, 30)),
])
def test_the_next_run_is_the_next_time_the_clock_shows_the_time_of_day(now: dt.datetime,
                                                                        expected: dt.datetime) -> None:
    assert next_run(now, HALF_PAST_TWO) == expected


def test_the_next_run_keeps_the_wall_clock_time_across_a_summer_time_change() -> None:
    zoneinfo = pytest.importorskip("zoneinfo")
    try:
        paris = zoneinfo.ZoneInfo("Europe/Paris")
    except zoneinfo.ZoneInfoNotFoundError:
        pytest.skip("this machine has no time zone database")
    # The night of 28 to 29 March 2026, clocks go from 02:00 to 03:00: 05:00 to 04:00 the next day is 22 hours.
    now = dt.datetime(2026, 3, 28, 5, 0, tzinfo=paris)
    due = next_run(now, dt.time(4, 0))
    assert due == dt.datetime(2026, 3, 29, 4, 0, tzinfo=paris) and due.utcoffset() == dt.timedelta(hours=2)
    assert seconds_until(due, now) == 22 * 3600


def test_settings_come_from_the_environment() -> None:
    assert settings_from_environment({}) == BackupSettings(dt.time(2, 30), 14, None)
    assert settings_from_environment({"SMART_BACKUP_AT": " 23:05 ", "SMART_BACKUP_KEEP": "30",
                                      "SMART_BACKUP_DIR": "/data/backups"}) == BackupSettings(
        dt.time(23, 5), 30, Path("/data/backups"))
    assert settings_from_environment({"SMART_BACKUP_AT": "OFF"}).at is None
    assert settings_from_environment({"SMART_BACKUP_AT": "", "SMART_BACKUP_KEEP": ""}) == BackupSettings()


@pytest.mark.parametrize(("environment", "says"), [
    ({"SMART_BACKUP_AT": "2h30"}, "SMART_BACKUP_AT='2h30' is not a time of day: give HH:MM"),
    ({"SMART_BACKUP_AT": "24:00"}, "SMART_BACKUP_AT='24:00' is not a time of day"),
    ({"SMART_BACKUP_AT": "02:60"}, "SMART_BACKUP_AT='02:60' is not a time of day"),
    ({"SMART_BACKUP_KEEP": "0"}, "SMART_BACKUP_KEEP='0' is not a number of backups to keep"),
    ({"SMART_BACKUP_KEEP": "many"}, "SMART_BACKUP_KEEP='many' is not a number of backups to keep"),
])
def test_a_setting_that_is_not_understood_is_refused(environment: dict[str, str], says: str) -> None:
    with pytest.raises(BackupSettingError, match=says.replace("(", r"\(")):
        settings_from_environment(environment)


def test_the_server_starts_no_scheduler_when_backups_are_off(tmp_path: Path) -> None:
    store = Store(":memory:")
    assert scheduler_from_environment(store, {"SMART_BACKUP_AT": "off"}) is None
    scheduler = scheduler_from_environment(store, {"SMART_BACKUP_AT": "04:15", "SMART_BACKUP_KEEP": "3",
                                                   "SMART_BACKUP_DIR": str(tmp_path)})
    assert scheduler is not None and not scheduler.running
    assert (scheduler.at, scheduler.keep, scheduler.folder) == (dt.time(4, 15), 3, tmp_path)
    store.close()


class FakeClock:
    """A clock whose waits return at once, moving its time on instead; it stops the scheduler after ``runs``."""

    def __init__(self, now: dt.datetime, runs: int) -> None:
        self.now = now
        self.runs = runs
        self.backups: list[dt.datetime] = []
        self.waited: list[float] = []
        self.done = threading.Event()

    def read(self) -> dt.datetime:
        return self.now

    def wait(self, seconds: float) -> bool:
        if len(self.backups) >= self.runs:
            self.done.set()
            return True
        self.waited.append(seconds)
        self.now += dt.timedelta(seconds=seconds)
        return False


def test_it_backs_up_at_the_time_each_day_and_a_failure_waits_for_the_next_day(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    clock = FakeClock(dt.datetime(2026, 6, 10, 1, 0), runs=3)
    made = BackupResult(tmp_path / "smart-20260612-023000", 1, {}, 8, "2026-06-12T02:30:00+00:00",
                        [tmp_path / "smart-20260529-023000"])
    outcomes = iter([BackupError("disk_full", "the disk holding /data/backups is full: free some space"),
                     RuntimeError("something unforeseen"), made])

    def backup(store: Store, folder: Path | None, *, keep: int) -> BackupResult:
        clock.backups.append(clock.now)
        assert (store, folder, keep) == ("the store", tmp_path, 5)
        outcome = next(outcomes)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    scheduler = BackupScheduler("the store", "02:30", 5, tmp_path, now=clock.read, wait=clock.wait,  # type: ignore[arg-type]
                                backup=backup)
    with caplog.at_level(logging.INFO, logger="smart.backup"):
        scheduler.start()
        assert clock.done.wait(timeout=30)
        scheduler.stop(timeout=10)
    assert not scheduler.running
    assert clock.backups == [dt.datetime(2026, 6, d, 2, 30) for d in (10, 11, 12)]
    assert max(clock.waited) <= 60  # the clock is looked at again at least every minute
    assert scheduler.last_result == made and scheduler.last_error is None
    assert f"Removed the old backup {tmp_path / 'smart-20260529-023000'} (keeping 5)" in caplog.messages
    failures = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert [r.getMessage() for r in failures] == [
        "The daily backup failed: the disk holding /data/backups is full: free some space It is tried again at "
        "2026-06-11T02:30.",
        "The daily backup failed; it is tried again at 2026-06-12T02:30",
    ]
    assert failures[1].exc_info is not None


def test_a_scheduled_run_makes_a_real_backup_while_the_store_stays_open(
        source: Store, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    clock = FakeClock(dt.datetime(2026, 6, 10, 2, 29, 30), runs=1)
    folder = tmp_path / "nightly"

    def counted(*args: object, **kwargs: object):
        from smart.backup import backup_database

        result = backup_database(*args, **kwargs)
        clock.backups.append(clock.now)
        return result

    scheduler = BackupScheduler(source, dt.time(2, 30), keep=2, to=folder, now=clock.read, wait=clock.wait,
                                backup=counted)
    with caplog.at_level(logging.INFO, logger="smart.backup"):
        scheduler.start()
        assert clock.done.wait(timeout=60)
        scheduler.stop(timeout=10)
    made = complete_backups(folder)
    assert len(made) == 1 and scheduler.last_result is not None and scheduler.last_result.path == made[0]
    assert scheduler.last_result.tables["deals"] == 80
    assert any(r.getMessage().startswith(f"Backup made: {made[0]}  ") for r in caplog.records)
    assert source.scalar("SELECT count(*) FROM deals") == 80  # the store still serves


def test_stop_ends_the_wait_for_the_next_backup(tmp_path: Path) -> None:
    store = Store(":memory:")
    scheduler = BackupScheduler(store, "02:30", to=tmp_path, now=lambda: dt.datetime(2026, 6, 10, 3, 0))
    scheduler.start()
    assert scheduler.running
    scheduler.stop(timeout=30)
    assert not scheduler.running and scheduler.last_result is None and list(tmp_path.iterdir()) == []
    store.close()
