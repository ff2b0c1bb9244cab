"""Package entry points export what pages need without importing it: the module is loaded on first use, the name
is read from it every time, and a name no module exports is an AttributeError as usual."""

from __future__ import annotations

import ast
import importlib
import json
import subprocess
import sys

import pytest

from tests.conftest import REPO_ROOT

LOADED_AFTER = """
import json, sys
import smart.analytics, smart.objectives, smart.charts, smart.api
before = [name for name in {watched} if name in sys.modules]
from smart.analytics import has_deals
from smart.api import create_token
print(json.dumps({{"before": before, "after": [name for name in {watched} if name in sys.modules]}}))
"""


def test_importing_a_package_loads_none_of_its_lazy_modules_until_a_name_is_asked_for() -> None:
    watched = ["smart.analytics.deals", "smart.objectives.standing", "smart.charts.cycle", "smart.api.tokens",
               "smart.api.routes"]
    done = subprocess.run([sys.executable, "-c", LOADED_AFTER.format(watched=watched)], cwd=REPO_ROOT,
                          capture_output=True, text=True, check=True)
    loaded = json.loads(done.stdout)
    assert loaded == {"before": [], "after": ["smart.analytics.deals", "smart.api.tokens"]}


def test_a_lazy_name_is_its_modules_own_and_follows_it_when_rebound(monkeypatch: pytest.MonkeyPatch) -> None:
    import smart.analytics as analytics
    from smart.analytics import deals

    assert analytics.has_deals is deals.has_deals
    monkeypatch.setattr(deals, "DRILL_LIMIT", 7)
    assert analytics.DRILL_LIMIT == 7
    with pytest.raises(AttributeError, match="no attribute 'no_such_name'"):
        analytics.no_such_name  # noqa: B018


LAZY_PACKAGES = ("smart.analytics", "smart.api", "smart.charts", "smart.currency", "smart.objectives")


def type_checking_imports(package: str) -> dict[str, str]:
    """name -> module of the imports under ``if TYPE_CHECKING:`` in the package's ``__init__``."""
    tree = ast.parse((REPO_ROOT / package.replace(".", "/") / "__init__.py").read_text("utf-8"))
    blocks = [node for node in tree.body
              if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING"]
    return {alias.asname or alias.name: str(node.module) for block in blocks for node in block.body
            if isinstance(node, ast.ImportFrom) for alias in node.names}


@pytest.mark.parametrize("package", LAZY_PACKAGES)
def test_every_exported_name_is_its_module_object_and_the_one_type_checkers_read(package: str) -> None:
    module = importlib.import_module(package)
    for name in module.__all__:
        assert getattr(module, name) is not None, name
    for name, home in type_checking_imports(package).items():
        assert name in module.__all__, name
        assert getattr(module, name) is getattr(importlib.import_module(home), name), name


@pytest.mark.parametrize("package", LAZY_PACKAGES)
def test_every_lazy_name_is_found_and_none_is_on_the_package_before_use(package: str) -> None:
    """In a fresh process: before use, none of the names under TYPE_CHECKING is on the package; each is found."""
    names = sorted(type_checking_imports(package))
    assert names
    probe = (f"import {package} as p\n"
             f"names = {names!r}\n"
             "before = [n for n in names if n in vars(p)]\n"
             "print(before, [n for n in names if getattr(p, n, None) is None])\n")
    done = subprocess.run([sys.executable, "-c", probe], cwd=REPO_ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[] []"
