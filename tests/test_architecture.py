"""The layering the guide asks for, checked: smart/ knows nothing of Streamlit, pages hold no SQL."""

from __future__ import annotations

import ast
import re

from tests.conftest import REPO_ROOT

SQL = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE)\b\s", re.IGNORECASE)


def imported_modules(source: str) -> set[str]:
    tree = ast.parse(source)
    names = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    return names | {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}


def test_the_smart_package_never_imports_streamlit() -> None:
    files = sorted((REPO_ROOT / "smart").rglob("*.py"))
    assert len(files) > 20
    offenders = [str(path.relative_to(REPO_ROOT)) for path in files
                 if any(name.split(".")[0] == "streamlit" for name in imported_modules(path.read_text("utf-8")))]
    assert offenders == []


def test_pages_and_the_frame_hold_no_sql_and_never_open_the_database() -> None:
    files = [REPO_ROOT / "app.py", *sorted((REPO_ROOT / "ui").rglob("*.py")),
             *sorted((REPO_ROOT / "pages").rglob("*.py"))]
    assert len(files) >= 19
    for path in files:
        source = path.read_text("utf-8")
        strings = [node.value for node in ast.walk(ast.parse(source))
                   if isinstance(node, ast.Constant) and isinstance(node.value, str)]
        assert not [s for s in strings if SQL.search(s)], path.name
        assert "duckdb" not in {name.split(".")[0] for name in imported_modules(source)}, path.name
        assert ".execute(" not in source, path.name
