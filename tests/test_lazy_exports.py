"""Package entry points export what pages need without importing it: the module is loaded on first use, the name
is read from it every time, and a name no module exports is an AttributeError as usual."""

from __future__ import annotations

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
