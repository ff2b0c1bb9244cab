"""The app as ``python -m smart serve`` serves it (``server.py``: the pages and the HTTP API in one process), in real
headless Chromium: an import through the API shows at the next load of a page, and a database another process
holds when the server starts (a command line import under way) gives the storage page, then the app once free."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import httpx
import pytest

from smart.access import LOCAL_ADMIN, add_user
from smart.analytics.catalogue import CATALOGUE
from smart.api.tokens import create_token
from smart.i18n import Translator
from smart.storage import Store
from tests.api.conftest import won_deals
from tests.browser.conftest import require_chromium, screenshot, served_app, wait_for_app
from tests.conftest import DEMO_TODAY, REPO_ROOT
from tests.faults import held_by_another_process

pytestmark = pytest.mark.browser
SERVER = REPO_ROOT / "server.py"
EN = Translator("en")


@pytest.fixture(scope="module")
def with_token(demo_db_file: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The demo company with an admin and their API token's secret."""
    path = tmp_path_factory.mktemp("served-api-db") / "demo.duckdb"
    shutil.copy(demo_db_file, path)
    store = Store(path)
    add_user(store, "ann@example.com", "admin", actor=LOCAL_ADMIN)
    _, secret = create_token(store, "ann@example.com", actor=LOCAL_ADMIN)
    store.close()
    return path, secret


def deals_won(page) -> int:
    card = page.locator("[data-testid='stMetric']").filter(has_text=CATALOGUE["deals_won"].short_label("en")).first
    return int(card.locator("[data-testid='stMetricValue']").inner_text().replace(",", ""))


def heading(page) -> str:
    return page.locator("[data-testid='stMain'] h1").first.inner_text()


def test_an_import_through_the_api_shows_at_the_next_load(with_token: tuple[Path, str], tmp_path: Path,
                                                          page) -> None:
    require_chromium()
    database, secret = with_token
    with served_app(database, tmp_path, script=SERVER) as (url, _copy):
        page.goto(f"{url}/?lang=en")
        wait_for_app(page)
        before = deals_won(page)
        export = won_deals(tmp_path / "late.csv", "L", 4, DEMO_TODAY - dt.timedelta(days=2))
        with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {secret}"}, timeout=120) as client, \
                export.open("rb") as handle:
            answer = client.post("/api/v1/import", files={"file": (export.name, handle)})
        assert answer.status_code == 200 and answer.json()["inserted"] == 4
        page.reload()
        wait_for_app(page)
        assert deals_won(page) == before + 4
        screenshot(page, "served-api-fresh-overview")


def test_a_database_held_when_the_server_starts_gives_the_storage_page_then_the_app(
        with_token: tuple[Path, str], tmp_path: Path, page) -> None:
    require_chromium()
    held = tmp_path / "app.duckdb"
    shutil.copy(with_token[0], held)
    holding = held_by_another_process(held)
    holding.__enter__()
    released = False
    try:
        with served_app(None, tmp_path, script=SERVER) as (url, database), \
                httpx.Client(base_url=url, headers={"Authorization": f"Bearer {with_token[1]}"}) as client:
            assert database == held
            page.goto(f"{url}/?lang=en")
            wait_for_app(page)
            assert heading(page) == EN("storage.locked.title")
            assert page.locator("[data-testid='stException']").count() == 0
            refused = client.get("/api/v1/kpi/revenue")
            assert refused.status_code == 503
            assert refused.json()["error"].startswith("the server cannot use its database now (the database is in "
                                                      "use by another program)")
            assert str(held) not in refused.text  # the caller's token could not be checked: no path, no process
            screenshot(page, "served-api-held-database")
            holding.__exit__(None, None, None)
            released = True
            page.get_by_role("button", name=EN("storage.retry")).click()
            wait_for_app(page)
            assert heading(page) == EN("nav.overview") and deals_won(page) > 0
            assert client.get("/api/v1/kpi/revenue").status_code == 200
    finally:
        if not released:
            holding.__exit__(None, None, None)
