"""Fixtures for the importer tests: an empty database per test and a helper to write hand-made files."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from smart.storage import Store
from tests.conftest import store_copy


@pytest.fixture
def store(empty_db_file: Path, tmp_path: Path) -> Iterator[Store]:
    s = store_copy(empty_db_file, tmp_path / "import.duckdb")
    yield s
    s.close()


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """write(name, text, encoding='utf-8', newline='\\n') -> path; bytes are written as they are."""

    def _write(name: str, content: str | bytes, encoding: str = "utf-8", newline: str = "\n") -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.replace("\n", newline).encode(encoding))
        return path

    return _write
