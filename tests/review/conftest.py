"""The weekly review's fixtures: one read-only copy of the demo per module, its review on DEMO_TODAY, and the
demo's raw tables in plain pandas for the independent references."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from smart.review import build_review
from smart.storage import Store
from tests.conftest import DEMO_TODAY


@pytest.fixture(scope="module")
def shared_store(demo_db_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """A copy of the demo shared by a module's tests: they only read it."""
    copy = tmp_path_factory.mktemp("review") / "demo.duckdb"
    shutil.copy(demo_db_file, copy)
    store = Store(copy)
    yield store
    store.close()


@pytest.fixture(scope="module")
def figures(shared_store: Store) -> dict:
    return build_review(shared_store, DEMO_TODAY)


@pytest.fixture(scope="module")
def deals(shared_store: Store) -> pd.DataFrame:
    frame = shared_store.df("SELECT d.*, r.team FROM deals d LEFT JOIN reps r USING (owner)")
    for column in ("created_on", "close_on"):
        frame[column] = pd.to_datetime(frame[column])
    return frame


@pytest.fixture(scope="module")
def leads(shared_store: Store) -> pd.DataFrame:
    frame = shared_store.df("SELECT l.*, r.team FROM leads l LEFT JOIN reps r USING (owner)")
    for column in ("created_on", "qualified_on", "converted_on"):
        frame[column] = pd.to_datetime(frame[column])
    return frame
