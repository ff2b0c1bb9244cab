"""The app served by ``streamlit run`` on a free port, and a headless Debian Chromium driven by Playwright."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from smart.clock import TODAY_ENV_VAR
from tests.conftest import ARTIFACTS_DIR, DEMO_TODAY, REPO_ROOT
from tests.served import free_port, serving

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def require_chromium() -> None:
    if not CHROMIUM.exists():
        pytest.skip("headless Chromium is not installed (/usr/bin/chromium): `make test` installs it as root")


def _app_environment(database: Path, today: dt.date | None) -> dict[str, str]:
    env = {**os.environ, "SMART_DB": str(database)}
    if today is not None:
        env[TODAY_ENV_VAR] = today.isoformat()
    return env


@contextmanager
def served_app(source_db: Path | None, folder: Path, today: dt.date | None = DEMO_TODAY,
               script: Path = REPO_ROOT / "app.py", *, cwd: Path = REPO_ROOT, port: int | None = None,
               env: dict[str, str] | None = None) -> Iterator[tuple[str, Path]]:
    """``streamlit run app.py`` (or another ``script``) in a fresh process on a private copy of ``source_db``
    (none: an empty database): (its URL, the copy). The app runs as of ``today`` (the demo's day by default);
    ``None`` leaves it to ``$SMART_TODAY`` or the real clock, for the tests marked ``dates``. ``cwd`` (where
    Streamlit looks for a project's ``.streamlit/secrets.toml``), ``port`` and ``env`` (added to the environment)
    are the served process's."""
    database = folder / "app.duckdb"
    if source_db is not None:
        shutil.copy(source_db, database)
    log = folder / "streamlit.log"
    port = port or free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
               "--server.headless", "true", "--server.address", "127.0.0.1"]
    environment = {**_app_environment(database, today), **(env or {})}
    with serving(command, port=port, log=log, cwd=cwd, env=environment, name="streamlit", stop_seconds=20):
        yield f"http://127.0.0.1:{port}", database


@pytest.fixture(scope="session")
def app_url(demo_db_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app served on a private copy of the demo database, shared by the browser tests that only read."""
    require_chromium()
    with served_app(demo_db_file, tmp_path_factory.mktemp("served")) as (url, _database):
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="en-GB")
    tab = context.new_page()
    yield tab
    context.close()


def wait_for_app(tab, timeout_ms: int = 30_000) -> None:
    """Wait until Streamlit has finished running the script and the page shows its title and no skeleton."""
    tab.wait_for_selector("[data-testid='stMain'] h1", timeout=timeout_ms)
    tab.wait_for_function(
        """() => {
            const app = document.querySelector("[data-testid='stApp']");
            return app && app.getAttribute('data-test-script-state') === 'notRunning'
                && !document.querySelector("[data-testid='stSkeleton']");
        }""",
        timeout=timeout_ms,
    )
    tab.wait_for_timeout(500)


def screenshot(tab, name: str) -> Path:
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS_DIR / f"{name}.png"
    tab.screenshot(path=str(path), full_page=True)
    return path
