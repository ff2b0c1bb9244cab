"""Fixtures of the currency tests: an empty database per test and a helper writing the test's own files."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from smart.storage import Store
from tests.conftest import store_copy


@pytest.fixture
def store(empty_db_file: Path, tmp_path: Path) -> Iterator[Store]:
    s = store_copy(empty_db_file, tmp_path / "currency.duckdb")
    yield s
    s.close()


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str], Path]:
    """write(name, text) -> the path of a UTF-8 file holding ``text``."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return _write
