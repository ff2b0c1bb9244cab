"""Package entry points that name a heavy module's functions without importing it before they are used.

``python -m smart kpi --list`` imports ``smart.analytics`` and must start at once, while the package also exports
the engine's functions, which need pandas and numpy (0.4 s of CPU). A package keeps those names in a table and
hands this module's ``__getattr__`` to Python (PEP 562): the module that holds a name is imported the first time the
name is read, and the name is then kept on the package. Type checkers read the same names from imports under
``TYPE_CHECKING`` (a test checks that both lists agree).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_names(namespace: dict[str, Any], modules: Mapping[str, tuple[str, ...]]) -> Callable[[str], object]:
    """A module-level ``__getattr__`` for the package whose ``globals()`` is ``namespace``: it imports ``modules``
    (module name -> the names it exports) on first use."""
    home = {name: module for module, names in modules.items() for name in names}
    package = namespace["__name__"]

    def __getattr__(name: str) -> object:  # noqa: N807 (the name Python looks up on a module)
        if name not in home:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(home[name]), name)
        namespace[name] = value
        return value

    return __getattr__
