"""Packages that name a heavy module's functions without importing it first (smart/lazy_names.py): every name
they export is found, is the very object of its module, and is the name type checkers read."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys

import pytest

from tests.conftest import REPO_ROOT

LAZY_PACKAGES = ("smart.analytics", "smart.currency", "smart.objectives")


def type_checking_imports(package: str) -> dict[str, str]:
    """name -> module of the imports under ``if TYPE_CHECKING:`` in the package's ``__init__``."""
    tree = ast.parse((REPO_ROOT / package.replace(".", "/") / "__init__.py").read_text("utf-8"))
    blocks = [node for node in tree.body
              if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING"]
    return {alias.asname or alias.name: str(node.module) for block in blocks for node in block.body
            if isinstance(node, ast.ImportFrom) for alias in node.names}


@pytest.mark.parametrize("package", LAZY_PACKAGES)
def test_every_exported_name_is_its_module_object(package: str) -> None:
    module = importlib.import_module(package)
    for name in module.__all__:
        assert getattr(module, name) is not None, name
    for name, home in type_checking_imports(package).items():
        assert name in module.__all__, name
        assert getattr(module, name) is getattr(importlib.import_module(home), name), name


@pytest.mark.parametrize("package", LAZY_PACKAGES)
def test_the_lazy_names_are_the_ones_type_checkers_read(package: str) -> None:
    """In a fresh process: before use, none of the names under TYPE_CHECKING is on the package; each is after."""
    names = sorted(type_checking_imports(package))
    assert names
    probe = (f"import {package} as p\n"
             f"names = {names!r}\n"
             "before = [n for n in names if n in vars(p)]\n"
             "[getattr(p, n) for n in names]\n"
             "print(before, [n for n in names if n not in vars(p)])\n")
    done = subprocess.run([sys.executable, "-c", probe], cwd=REPO_ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[] []"


def test_an_unknown_name_is_an_attribute_error() -> None:
    import smart.analytics

    with pytest.raises(AttributeError, match="no attribute 'kpi_serie'"):
        getattr(smart.analytics, "kpi_serie")  # noqa: B009
