"""Fixtures for the backup tests: a database holding a few imports of hand-made deals exports, and their writer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from smart.ingest import import_file
from smart.storage import Store

HEADER = "Deal ID,Deal Name,Deal Stage,Amount,Create Date,Close Date,Deal Owner\n"
STAGES = ("Closed Won", "Closed Lost", "Contract Sent")
OWNERS = ("ann@example.com", "bob@example.com", "cy@example.com")


def deals_export(path: Path, first: int, count: int, *, shift: int = 0, stages: tuple[str, ...] = STAGES) -> Path:
    """A HubSpot-shaped deals export of deals D<first>..D<first+count-1>: stage (cycling through ``stages``),
    amount and owner follow the deal's number (``shift`` moves the stage, so a later export of the same deals
    changes some of them)."""
    lines = []
    for number in range(first, first + count):
        stage = stages[(number + shift) % len(stages)]
        created = dt.date(2026, 1, 1) + dt.timedelta(days=number % 200)
        closed = created + dt.timedelta(days=10 + number % 40)
        lines.append(f"D{number},Deal {number},{stage},{100 + number % 900},{created},{closed},"
                     f"{OWNERS[number % 3]}\n")
    path.write_text(HEADER + "".join(lines), encoding="utf-8")
    return path


@pytest.fixture
def source(tmp_path: Path) -> Iterator[Store]:
    """A database with two imports (60 deals, then 20 of them changed and 20 new), its originals under uploads/."""
    store = Store(tmp_path / "source" / "smart.duckdb")
    import_file(store, deals_export(tmp_path / "deals_2026-11-01.csv", 0, 60))
    import_file(store, deals_export(tmp_path / "deals_2026-11-08.csv", 40, 40, shift=1))
    yield store
    store.close()
