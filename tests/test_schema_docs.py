"""docs/schema.md documents every table and column the migrations create: an undocumented column fails."""

from __future__ import annotations

import re
from pathlib import Path

from smart.storage import Store
from tests.conftest import REPO_ROOT


def documented_columns() -> dict[str, str]:
    text = (REPO_ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
    sections = re.split(r"^## ", text, flags=re.MULTILINE)[1:]
    return {section.split("\n", 1)[0].strip(): section for section in sections}


def test_every_column_is_documented(tmp_path: Path) -> None:
    store = Store(tmp_path / "docs.duckdb")
    columns = store.rows(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'main' "
        "ORDER BY table_name, ordinal_position"
    )
    docs = documented_columns()
    missing = [f"{table}.{column}" for table, column in columns
               if table not in docs or f"`{column}`" not in docs[table]]
    assert missing == []
    assert len(columns) > 80
