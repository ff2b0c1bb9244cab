"""Fixtures of the analytics tests: an in-memory store built from plain DataFrames."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pandas as pd
import pytest

from smart.storage import Store

DEAL_COLUMNS = ("source", "crm_id", "account", "owner", "pipeline", "stage", "status", "amount", "created_on",
                "close_on", "lead_source")
LEAD_COLUMNS = ("source", "crm_id", "owner", "lead_source", "created_on", "qualified_on", "converted_on")


def build_store(
    deals: pd.DataFrame | None = None,
    leads: pd.DataFrame | None = None,
    reps: pd.DataFrame | None = None,
    stage_map: pd.DataFrame | None = None,
    history: pd.DataFrame | None = None,
    snapshots: pd.DataFrame | None = None,
    path: str = ":memory:",
) -> Store:
    """A fresh database (in memory by default) holding exactly the given rows (missing columns are NULL)."""
    store = Store(path)
    with store.transaction() as tx:
        for table, frame in (("deals", deals), ("leads", leads), ("reps", reps), ("stage_map", stage_map),
                             ("kpi_history", history), ("deal_snapshots", snapshots)):
            if frame is None or frame.empty:
                continue
            tx.register("incoming", frame)
            columns = ", ".join(frame.columns)
            tx.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM incoming")
            if table == "leads":
                tx.execute("UPDATE leads SET is_converted = converted_on IS NOT NULL")
            tx.unregister("incoming")
    return store


@pytest.fixture
def store_from() -> Iterator[Callable[..., Store]]:
    stores: list[Store] = []

    def make(**frames: pd.DataFrame) -> Store:
        store = build_store(**frames)
        stores.append(store)
        return store

    yield make
    for store in stores:
        store.close()
