"""Shared fixtures: a demo database built once per session, AppTest on a copy of it, the real CRM samples."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from smart.clock import TODAY_ENV_VAR
from smart.demo import DemoFiles, generate_demo, load_demo
from smart.storage import Store
from smart.text import WORD_JOINER

REPO_ROOT = Path(__file__).resolve().parents[1]
SAMPLES_DIR = REPO_ROOT.parent / "shared" / "crm-samples"
DEMO_TODAY = dt.date(2026, 11, 27)
ARTIFACTS_DIR = REPO_ROOT / "tests" / "artifacts"
_MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def shown(markdown: str) -> str:
    """What a reader sees of Markdown that only escapes (``smart.text.plain``): escapes and word joiners gone."""
    return _MARKDOWN_ESCAPE.sub(r"\1", markdown).replace(WORD_JOINER, "")


@pytest.fixture(autouse=True)
def pinned_today(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test runs as of ``DEMO_TODAY`` (the app, the CLI and the package read ``$SMART_TODAY``), so no result
    depends on the day the suite runs; a test marked ``dates`` runs as of ``$SMART_TODAY`` as given, or the real
    today: CI runs those on the real day and on days that break naive date code (see the Makefile)."""
    if request.node.get_closest_marker("dates") is None:
        monkeypatch.setenv(TODAY_ENV_VAR, DEMO_TODAY.isoformat())


@pytest.fixture(scope="session", autouse=True)
def served_locally() -> None:
    """The app under AppTest runs as ``make run`` serves it, on this machine only, whatever directory pytest runs
    from (Streamlit reads ``server.address`` from the working directory's .streamlit/config.toml)."""
    from streamlit import config

    config.set_option("server.address", "127.0.0.1")


@pytest.fixture(scope="session")
def empty_db_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with the whole schema and nothing in it. A copy opens in a fraction of what a new file costs (no
    migrations to run, no checkpoint to write when it closes); copy it before writing to it (``store_copy``)."""
    path = tmp_path_factory.mktemp("empty-db") / "empty.duckdb"
    Store(path).close()
    return path


def store_copy(source: Path, copy: Path) -> Store:
    """A store on a private copy of the database file ``source``, written at ``copy``."""
    shutil.copy(source, copy)
    return Store(copy)


@pytest.fixture(scope="session")
def demo_files(tmp_path_factory: pytest.TempPathFactory) -> DemoFiles:
    """The demo company's CRM exports as of ``DEMO_TODAY`` with the default seed, in ``exports`` beside the demo
    database that is loaded from them; read them, never write to them."""
    return generate_demo(tmp_path_factory.mktemp("demo-db") / "exports", today=DEMO_TODAY)


@pytest.fixture(scope="session")
def demo_db_file(demo_files: DemoFiles) -> Path:
    """A database holding the demo company as of ``DEMO_TODAY``; copy it before writing to it."""
    database = demo_files.leads.parent.parent / "demo.duckdb"
    store = Store(database)
    load_demo(store, demo_files)
    store.close()
    return database


@pytest.fixture(scope="session")
def hostile_db_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile company of tests/hostile.py (every name hostile Markdown) as of ``DEMO_TODAY``; copy it first."""
    from tests.hostile import build_hostile_company

    folder = tmp_path_factory.mktemp("hostile-db")
    build_hostile_company(folder / "hostile.duckdb", folder / "exports", DEMO_TODAY)
    return folder / "hostile.duckdb"


@pytest.fixture(scope="session")
def messy_db_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The messy company of tests/messy.py (30 reps, odd names, holes in every dimension, two weekly deals
    exports) as of ``DEMO_TODAY``; copy it first."""
    from tests.messy import build_messy_company

    folder = tmp_path_factory.mktemp("messy-db")
    build_messy_company(folder / "messy.duckdb", folder / "exports", DEMO_TODAY)
    return folder / "messy.duckdb"


@pytest.fixture
def demo_store(demo_db_file: Path, tmp_path: Path) -> Iterator[Store]:
    """A private, writable copy of the demo database."""
    copy = tmp_path / "demo.duckdb"
    shutil.copy(demo_db_file, copy)
    store = Store(copy)
    yield store
    store.close()


@pytest.fixture
def samples_dir() -> Path:
    if not SAMPLES_DIR.is_dir():
        pytest.skip(f"the real CRM exports are not here ({SAMPLES_DIR}); they live in ../shared/crm-samples/")
    return SAMPLES_DIR


@contextmanager
def app_on(database: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point the app at ``database``, with Streamlit's caches empty before and after (they outlive AppTest runs)."""
    import streamlit as st

    monkeypatch.setenv("SMART_DB", str(database))
    st.cache_data.clear()
    st.cache_resource.clear()
    yield database
    st.cache_data.clear()
    st.cache_resource.clear()


def capture_csv_downloads(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """Every CSV the download buttons drawn from now on give when clicked, in the order they are drawn: a page's
    downloads are built when clicked (``ui.table_block``), so each is built here as soon as its button is drawn."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    captured: list[bytes] = []
    original = MediaFileManager.add_deferred

    def spy(self: MediaFileManager, data_callable: Callable[[], Any], mimetype: str | None, coordinates: str,
            file_name: str | None = None, **options: Any) -> str:
        if mimetype == "text/csv":
            captured.append(data_callable())
        return original(self, data_callable, mimetype, coordinates, file_name, **options)

    monkeypatch.setattr(MediaFileManager, "add_deferred", spy)
    return captured


@pytest.fixture
def app_db(demo_db_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The app on a private copy of the demo database."""
    copy = tmp_path / "app.duckdb"
    shutil.copy(demo_db_file, copy)
    with app_on(copy, monkeypatch) as database:
        yield database
