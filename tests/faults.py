"""Real failures of a database file, played for the tests: a lock held by another process, damaged files, a file
from a newer DuckDB, and a small disk that can be filled up and freed again."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest

from smart.storage import Store

# A second process that opens the file the way SMART Pilot does, says so, and keeps it until its stdin closes.
_HOLDER = ("import duckdb, sys; connection = duckdb.connect(sys.argv[1]); print('ready', flush=True); "
           "sys.stdin.read()")
# DuckDB's main header: a checksum of the block, the magic bytes "DUCK", then the storage version number.
_HEADER_CHECKSUM = slice(0, 8)
_HEADER_VERSION = slice(12, 20)


@contextmanager
def held_by_another_process(path: Path, *words: str) -> Iterator[int]:
    """While inside, another process holds ``path`` open (DuckDB's lock on it); yields that process's PID. ``words``
    go on its command line after the path (what ``ps`` shows of it: a Streamlit server's, say)."""
    holder = subprocess.Popen([sys.executable, "-c", _HOLDER, str(path), *words], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        yield holder.pid
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=60)


def database_with_reps(path: Path, count: int = 3) -> list[tuple[str, str]]:
    """A database at ``path`` holding ``count`` reps, checkpointed into the file; returns them (owner, team)."""
    reps = [(f"rep{i}@example.com", "North" if i % 2 else "South") for i in range(count)]
    store = Store(path)
    with store.transaction() as tx:
        tx.executemany("INSERT INTO reps (owner, team) VALUES (?, ?)", reps)
    store.close()
    return reps


def garbage_file(path: Path) -> None:
    """Bytes that were never a database (the same every run)."""
    path.write_bytes(bytes(range(256)) * 64)


def truncated_file(path: Path) -> None:
    """A real database cut short after its headers and first block, as an interrupted copy leaves it."""
    database_with_reps(path)
    path.write_bytes(path.read_bytes()[:16384])


def not_a_database_file(path: Path) -> None:
    """A CSV export saved under the database's name."""
    path.write_text("Deal ID,Deal Name,Amount\nD1,One,100\n", encoding="utf-8")


def crashed_with_a_damaged_journal(path: Path) -> list[tuple[str, str]]:
    """A database whose last changes sit in its journal (the .wal), as a crash leaves it, with bytes in the
    middle of the journal flipped (a bad sector); returns the reps written before those changes."""
    before = path.with_name("before.duckdb")
    reps = database_with_reps(before)
    store = Store(before)
    with store.transaction() as tx:
        tx.execute("INSERT INTO reps (owner, team) SELECT 'late' || range, md5(range::VARCHAR) FROM range(2000)")
    shutil.copy(before, path)
    journal = Path(f"{before}.wal").read_bytes()
    store.close()
    Path(f"{path}.wal").write_bytes(_damaged_journal(path, journal))
    return reps


def _damaged_journal(path: Path, journal: bytes) -> bytes:
    """``journal`` with 64 bytes flipped where DuckDB sees the damage: flipped bytes that DuckDB reads as a write
    torn by a crash (a length field in the last entry, say) make it drop the journal without a word, and where
    those fall moves with the catalog's size, so each candidate place is tried on a copy first."""
    trial = path.with_name("trial.duckdb")
    for fraction in (3, 2, 4, 5):
        middle = len(journal) // fraction
        damaged = bytearray(journal)
        damaged[middle:middle + 64] = bytes(byte ^ 0xFF for byte in damaged[middle:middle + 64])
        shutil.copy(path, trial)
        Path(f"{trial}.wal").write_bytes(bytes(damaged))
        try:
            duckdb.connect(str(trial)).close()
        except duckdb.Error:
            return bytes(damaged)
        finally:
            trial.unlink(missing_ok=True)
            Path(f"{trial}.wal").unlink(missing_ok=True)
    raise AssertionError("no place in the journal where DuckDB notices flipped bytes")


def newer_duckdb_file(path: Path) -> None:
    """A database whose header says a newer DuckDB storage version wrote it, with a valid checksum (the one
    DuckDB itself computes and names when the stored one does not match)."""
    database_with_reps(path)
    data = bytearray(path.read_bytes())
    data[_HEADER_VERSION] = (1000).to_bytes(8, "little")
    path.write_bytes(bytes(data))
    try:
        duckdb.connect(str(path)).close()
    except duckdb.Error as error:
        checksum = re.search(r"computed checksum (\d+)", str(error))
        assert checksum is not None, error
        data[_HEADER_CHECKSUM] = int(checksum.group(1)).to_bytes(8, "little")
    path.write_bytes(bytes(data))


@contextmanager
def small_disk(folder: Path, megabytes: int) -> Iterator[Path]:
    """A tmpfs of ``megabytes`` mounted on ``folder``: a real disk that fills up (ENOSPC) without touching the
    machine's disks. Needs root (CAP_SYS_ADMIN); the test is skipped, saying so, where mounting is refused."""
    folder.mkdir(parents=True, exist_ok=True)
    mount = shutil.which("mount")
    if mount is None:
        pytest.skip("a full disk is played on a small tmpfs, and this machine has no mount command")
    mounted = subprocess.run([mount, "-t", "tmpfs", "-o", f"size={megabytes}m", "tmpfs", str(folder)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip("a full disk is played on a small tmpfs, and mounting one was refused (it needs root with "
                    f"CAP_SYS_ADMIN): {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "--lazy", str(folder)], check=True)


def fill_up(disk: Path, leave: int = 0) -> Path:
    """Take every free byte of ``disk`` but ``leave`` with one file; delete the file to free them again."""
    filler = disk / "filler"
    descriptor = os.open(filler, os.O_CREAT | os.O_WRONLY)
    try:
        os.posix_fallocate(descriptor, 0, shutil.disk_usage(disk).free - leave)
    finally:
        os.close(descriptor)
    assert shutil.disk_usage(disk).free <= leave
    return filler
