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


def smart_packages() -> set[str]:
    """Every package of smart/ (a directory with an ``__init__.py``), by its dotted name."""
    return {".".join(path.parent.relative_to(REPO_ROOT).parts) for path in (REPO_ROOT / "smart").rglob("__init__.py")}


def is_submodule(package: str, name: str) -> bool:
    """Whether ``package.name`` is a module or a package of its own (a file or a directory under the package)."""
    folder = REPO_ROOT.joinpath(*package.split("."))
    return (folder / f"{name}.py").exists() or (folder / name / "__init__.py").exists()


def past_entry_points(source: str, packages: set[str]) -> list[str]:
    """The imports of ``source`` that reach past a smart package's entry point: a module inside a package
    (``smart.analytics.deals``), or a package's module taken by name (``from smart.charts import cycle``). A
    package (``smart.ingest``) and a top-level module (``smart.text``) are entry points."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules = [node.module]
            if node.module in packages and node.module != "smart":
                found += [f"{node.module}.{alias.name}" for alias in node.names
                          if is_submodule(node.module, alias.name)]
        else:
            continue
        found += [module for module in modules if module.startswith("smart.") and module not in packages
                  and module.rsplit(".", 1)[0] != "smart"]
    return found


def test_the_frame_and_its_pages_import_only_the_entry_points_of_smart_packages() -> None:
    packages = smart_packages()
    assert {"smart.analytics", "smart.ingest", "smart.objectives", "smart.charts", "smart.api"} <= packages
    files = [REPO_ROOT / "app.py", REPO_ROOT / "server.py", *sorted((REPO_ROOT / "ui").rglob("*.py")),
             *sorted((REPO_ROOT / "pages").rglob("*.py"))]
    reaching = {str(path.relative_to(REPO_ROOT)): past_entry_points(path.read_text("utf-8"), packages)
                for path in files}
    assert {name: modules for name, modules in reaching.items() if modules} == {}


def test_reaching_past_an_entry_point_is_seen_however_it_is_written() -> None:
    packages = smart_packages()
    source = ("import smart.ingest.run as run\nfrom smart.analytics.deals import has_deals\n"
              "from smart.charts import cycle\nfrom smart.analytics import get_kpi\nfrom smart import text\n"
              "import smart.text\nfrom smart.objectives import forecast as model\n")
    assert past_entry_points(source, packages) == [
        "smart.ingest.run", "smart.analytics.deals", "smart.charts.cycle", "smart.objectives.forecast"]


# What a benchmark may import past Streamlit's public API, and past a smart package's entry point (with why): the
# rule is in test_benchmarks_go_through_the_doors_pages_use's docstring.
BENCHMARK_STREAMLIT = ("streamlit.testing", "streamlit.proto")
BENCHMARK_MEASURED_MODULES = {
    ("benchmarks/bench_calibration.py", "smart.objectives.forecast"):
        "times the forecast inside progress() by wrapping its functions",
}


def benchmark_rule_breaks(name: str, source: str, packages: set[str]) -> list[str]:
    """What the benchmark ``name`` (its path in the repository), whose code is ``source``, imports or reads against
    the rule above."""
    tree = ast.parse(source)
    breaks = [f"past an entry point: {module}" for module in past_entry_points(source, packages)
              if (name, module) not in BENCHMARK_MEASURED_MODULES]
    ours: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
            ours |= {(alias.asname or alias.name).split(".")[0] for alias in node.names
                     if alias.name.split(".")[0] in ("smart", "ui")}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules = [node.module]
            if node.module.split(".")[0] in ("smart", "ui"):
                breaks += [f"private name: {node.module}.{alias.name}" for alias in node.names
                           if alias.name.startswith("_")]
                ours |= {alias.asname or alias.name for alias in node.names}
        else:
            continue
        breaks += [f"Streamlit internal: {module}" for module in modules if module.startswith("streamlit.")
                   and not any(module == known or module.startswith(f"{known}.") for known in BENCHMARK_STREAMLIT)]
    breaks += [f"private name: {node.value.id}.{node.attr}" for node in ast.walk(tree)
               if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")
               and isinstance(node.value, ast.Name) and node.value.id in ours]
    return breaks


def test_benchmarks_go_through_the_doors_pages_use() -> None:
    """A benchmark measures the code a user runs, through the doors a page uses. What each may import:

    - Streamlit: ``streamlit`` itself, ``streamlit.testing`` (AppTest), and ``streamlit.proto``, the wire protocol
      that a load benchmark speaks as the browser's frontend does; no other internal of Streamlit.
    - smart: the entry points of its packages and its top-level modules, as pages do, or, past an entry point, the
      exact module a benchmark measures or times from inside (``BENCHMARK_MEASURED_MODULES``, each with why).
    - no private name (``_x``) of smart or ui, neither imported nor read off an imported module.

    Code a benchmark runs in a child process (a string handed to ``python -c``) is outside this test."""
    packages = smart_packages()
    files = sorted((REPO_ROOT / "benchmarks").glob("*.py"))
    assert len(files) >= 10
    breaks = {name: benchmark_rule_breaks(name, (REPO_ROOT / name).read_text("utf-8"), packages)
              for name in (str(path.relative_to(REPO_ROOT)) for path in files)}
    assert {name: found for name, found in breaks.items() if found} == {}
    assert all((REPO_ROOT / file).exists() for file, _ in BENCHMARK_MEASURED_MODULES)


def test_the_benchmark_rule_sees_internals_and_private_names() -> None:
    source = ("import streamlit as st\nfrom streamlit.testing.v1 import AppTest\n"
              "from streamlit.runtime.scriptrunner import get_script_run_ctx\nfrom smart.ingest import _plan\n"
              "import ui\nfrom smart import storage\nx = ui._cache\ny = storage._private\nz = st._internal\n")
    found = benchmark_rule_breaks("benchmarks/bench_example.py", source, smart_packages())
    assert found == ["Streamlit internal: streamlit.runtime.scriptrunner", "private name: smart.ingest._plan",
                     "private name: ui._cache", "private name: storage._private"]
