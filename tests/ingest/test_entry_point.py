"""The importer's boundaries: one entry point for pages, its own reason codes, no wording of the CLI in the core."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from smart.i18n import Translator
from smart.ingest import reasons

ROOT = Path(__file__).resolve().parents[2]
INGEST = ROOT / "smart" / "ingest"


def _imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
            modules |= {f"{node.module}.{alias.name}" for alias in node.names if node.module == "smart.ingest"}
    return modules


def _page_sources() -> list[Path]:
    return [*sorted((ROOT / "pages").glob("*.py")), *sorted(ROOT.glob("*.py"))]


@pytest.mark.parametrize("path", _page_sources(), ids=lambda p: str(p.relative_to(ROOT)))
def test_pages_reach_the_importer_through_its_package_only(path: Path) -> None:
    public = set(__import__("smart.ingest", fromlist=["__all__"]).__all__)
    reached = {m for m in _imported_modules(path) if m.startswith("smart.ingest.")}
    past_the_entry = {m for m in reached if m.removeprefix("smart.ingest.") not in public}
    assert not past_the_entry


def test_the_importer_does_not_read_the_message_table() -> None:
    readers = [p.name for p in sorted(INGEST.glob("*.py")) if "smart.i18n.catalog" in _imported_modules(p)]
    assert readers == []


def test_every_reason_the_importer_gives_is_one_of_its_codes() -> None:
    given = set()
    for path in INGEST.glob("*.py"):
        given |= set(re.findall(r"\"(ingest\.reason\.[a-z_]+)\"", path.read_text(encoding="utf-8")))
    assert given and given <= set(reasons.REASONS)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_reason_code_has_words_in_both_languages(lang: str) -> None:
    words = reasons.reason_words(Translator(lang))
    assert set(words) == set(reasons.REASONS)
    assert all(text and text != code for code, text in words.items())
    assert "\x00" in words[reasons.SAME_ID]


def test_reasons_are_worded_by_duckdb_with_the_words_given() -> None:
    import duckdb

    words = {reasons.SAME_ID: "same id as lines \x00.", "ingest.reason.missing_id": "no id"}
    sql = reasons.reason_sql(words, "code", "lines")
    rows = duckdb.sql(f"""SELECT {sql} FROM (VALUES ('ingest.reason.same_id', '3, 7'),
        ('ingest.reason.missing_id', NULL), (NULL, NULL), ('ingest.reason.unknown', NULL)) v(code, lines)""").fetchall()
    assert rows == [("same id as lines 3, 7.",), ("no id",), (None,), (None,)]


def test_the_core_leaves_the_command_line_summary_to_the_cli() -> None:
    from smart.ingest import ImportResult
    from smart.ingest.cli import summary_lines

    assert not hasattr(ImportResult, "summary_lines")
    result = ImportResult(import_id=7, file_name="deals.csv", kind="deals", profile="hubspot", source="hubspot",
                          encoding="utf-8", delimiter="comma", rows=3, inserted=2, updated=1, committed=True)
    assert summary_lines(result)[:4] == [
        "Import #7: deals.csv — deals, profile hubspot, source hubspot",
        "  read as utf-8, delimiter 'comma', header on line 1",
        "  mapping: ",
        "  rows 3: 2 new, 1 updated, 0 unchanged, 0 rejected",
    ]
