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


# smart/analytics from the bottom up: a module imports only modules of lower layers, so that no import circle can
# form, nor hide behind an import inside a function. A new module takes its place here.
ANALYTICS_LAYERS = (
    ("stats",),
    ("catalogue",),
    ("filters",),
    ("facts", "periods", "pipelines"),
    ("kpi_sql",),
    ("composite",),
    ("engine",),
    ("rates", "variance", "plan", "cards", "team"),
    ("deals",),
    ("cli", "__init__"),
)
# Imports inside a function found when this rule came in (issue 17), each with its reason as far as the code tells;
# any other one must say on its line, or the line above, that it is there for start-up time (``python -m smart``
# imports only what a command needs). Never to hide an import circle: layer the modules instead.
FUNCTION_LEVEL_IMPORTS = {
    ("smart/api/client.py", "smart.ingest.errors"): "start-up time: the command line through the server",
    ("smart/api/client.py", "smart.ingest.names"): "start-up time: the command line through the server",
    ("smart/cli.py", "smart.api.client"): "start-up time: only a locked database reads it",
    ("smart/demo.py", "smart.ingest"): "kept as found: smart/ingest is being split (issue 17)",
    ("smart/i18n/__init__.py", "pandas"): "start-up time: the translator serves commands that never touch pandas",
    ("smart/ingest/stages.py", "smart.analytics.pipelines"): "kept as found: smart/ingest is being split (issue 17)",
    ("smart/ingest/xlsx.py", "openpyxl"): "start-up time: only an XLSX file needs openpyxl",
    ("smart/ingest/xlsx.py", "openpyxl.reader.excel"): "start-up time: only an XLSX file needs openpyxl",
}
LAZY_REASON = re.compile(r"start-up", re.IGNORECASE)


def analytics_imports(name: str) -> set[str]:
    """The modules of smart/analytics that ``name`` imports (the package itself counts as ``__init__``)."""
    source = (REPO_ROOT / "smart" / "analytics" / f"{name}.py").read_text("utf-8")
    found = set()
    for module in imported_modules(source):
        if module == "smart.analytics":
            found.add("__init__")
        elif module.startswith("smart.analytics."):
            found.add(module.split(".")[2])
    tree = ast.parse(source)
    found |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
              and node.module == "smart.analytics" for alias in node.names
              if (REPO_ROOT / "smart" / "analytics" / f"{alias.name}.py").exists()}
    return found


def test_every_analytics_module_has_a_layer() -> None:
    modules = {path.stem for path in (REPO_ROOT / "smart" / "analytics").glob("*.py")}
    layered = [name for layer in ANALYTICS_LAYERS for name in layer]
    assert sorted(layered) == sorted(modules)


def test_no_module_of_analytics_imports_a_higher_one() -> None:
    rank = {name: position for position, layer in enumerate(ANALYTICS_LAYERS) for name in layer}
    upward = {name: sorted(other for other in analytics_imports(name) if rank[other] >= rank[name] and other != name)
              for name in rank if name != "__init__"}
    assert {name: others for name, others in upward.items() if others} == {}
    assert analytics_imports("stats") == set()


def function_level_imports(path) -> list[tuple[str, int]]:
    """(module, line) of every import inside a function of the file."""
    tree = ast.parse(path.read_text("utf-8"))
    found = []
    for function in ast.walk(tree):
        if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for node in ast.walk(function):
                if isinstance(node, ast.ImportFrom):
                    found.append((node.module or "", node.lineno))
                elif isinstance(node, ast.Import):
                    found.extend((alias.name, node.lineno) for alias in node.names)
    return found


def test_imports_inside_functions_are_only_there_for_start_up_time() -> None:
    undocumented = []
    for path in sorted((REPO_ROOT / "smart").rglob("*.py")):
        name = str(path.relative_to(REPO_ROOT))
        lines = path.read_text("utf-8").splitlines()
        for module, line in function_level_imports(path):
            said = LAZY_REASON.search(lines[line - 1]) or LAZY_REASON.search(lines[line - 2])
            if (name, module) not in FUNCTION_LEVEL_IMPORTS and not said:
                undocumented.append(f"{name}:{line} {module}")
    assert undocumented == []


def public_definitions_without_docstring(path) -> list[str]:
    """``name:line`` of each top-level function and class of the file whose name has no leading underscore and
    that has no docstring."""
    tree = ast.parse(path.read_text("utf-8"))
    return [f"{node.name}:{node.lineno}" for node in tree.body
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
            and not node.name.startswith("_") and not ast.get_docstring(node)]


def test_every_public_function_and_class_of_smart_says_what_it_is_for() -> None:
    files = sorted((REPO_ROOT / "smart").rglob("*.py"))
    public = [node for path in files for node in ast.parse(path.read_text("utf-8")).body
              if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
              and not node.name.startswith("_")]
    assert len(public) > 500
    missing = [f"{path.relative_to(REPO_ROOT)} {where}" for path in files
               for where in public_definitions_without_docstring(path)]
    assert missing == []
