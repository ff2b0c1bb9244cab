"""The pages show an import made through the API at their next run, without a restart: the API's write hook (what
``server.py`` gives it) clears the pages' cached readings. Without it they would show the figures from before."""

from __future__ import annotations

import datetime as dt
import shutil
import warnings
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from starlette.applications import Starlette
from starlette.exceptions import StarletteDeprecationWarning
from streamlit.testing.v1 import AppTest

import ui
from smart.analytics.catalogue import CATALOGUE
from smart.api.routes import Api, ApiContext
from smart.i18n import Translator
from smart.storage import shared_store
from tests.api.conftest import Tokens, won_deals
from tests.conftest import DEMO_TODAY, REPO_ROOT, app_on

EN = Translator("en")
APP = str(REPO_ROOT / "app.py")


def import_through_the_api(database: Path, secret: str, export: Path, on_write: Callable[[], None]) -> dict:
    with warnings.catch_warnings():  # Starlette would rather its TestClient ran on httpx2, not installed here
        warnings.simplefilter("ignore", StarletteDeprecationWarning)
        from starlette.testclient import TestClient
    api = Api(ApiContext(store=lambda: shared_store(database), on_write=on_write))
    client = TestClient(Starlette(routes=api.routes()), headers={"Authorization": f"Bearer {secret}"})
    with export.open("rb") as handle:
        answer = client.post("/api/v1/import", files={"file": (export.name, handle)})
    assert answer.status_code == 200, answer.text
    return answer.json()


def deals_won(at: AppTest) -> str:
    (card,) = [metric for metric in at.metric if metric.label == CATALOGUE["deals_won"].short_label("en")]
    return card.value


def test_an_import_through_the_api_shows_on_the_pages_next_run(api_db: tuple[Path, Tokens], demo_deals: pd.DataFrame,
                                                               tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    won = demo_deals[(demo_deals["status"] == "won") & (demo_deals["close_on"] >= dt.date(DEMO_TODAY.year, 1, 1))
                     & (demo_deals["close_on"] <= DEMO_TODAY)]
    before = len(won)
    database = tmp_path / "app.duckdb"
    shutil.copy(api_db[0], database)
    with app_on(database, monkeypatch):
        at = AppTest.from_file(APP, default_timeout=60)
        at.query_params["lang"] = "en"
        at.run()
        assert not at.exception and deals_won(at) == EN.measure("count", before, compact=True)
        closed = DEMO_TODAY - dt.timedelta(days=3)
        result = import_through_the_api(database, api_db[1].admin, won_deals(tmp_path / "a.csv", "A", 3, closed),
                                        on_write=lambda: None)
        assert result["inserted"] == 3
        at.run()
        assert deals_won(at) == EN.measure("count", before, compact=True)  # a write nobody told the pages about
        import_through_the_api(database, api_db[1].admin, won_deals(tmp_path / "b.csv", "B", 2, closed),
                               on_write=ui.clear_data_caches)
        at.run()
        assert not at.exception and deals_won(at) == EN.measure("count", before + 5, compact=True)
