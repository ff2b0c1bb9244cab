"""Names a package exports without importing their modules until first used (PEP 562's module ``__getattr__``).

A package's ``__init__`` is its one entry point for the pages, but ``python -m smart`` imports the same packages for
commands that must start at once: what only the pages need (pandas-backed readers, Altair chart builders, the HTTP
routes) is exported lazily, so that importing the package costs nothing more. Under ``TYPE_CHECKING`` the package
also imports those names for real, so that type checkers and readers see where each one comes from.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_exports(package: str, modules: Mapping[str, tuple[str, ...]]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package`` that reads each name of ``modules`` (a module of the package, by its
    name within it -> the names it exports) from that module, importing it the first time. The value is not copied
    into the package: it is read from its module on every look-up (a dictionary look-up in ``sys.modules``), so that
    the package never holds a stale copy of a name its module rebinds (a test's ``monkeypatch`` of the module, for
    one)."""
    home = {name: f"{package}.{module}" for module, names in modules.items() for name in names}

    def exported(name: str) -> Any:
        module = home.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(module), name)

    return exported
