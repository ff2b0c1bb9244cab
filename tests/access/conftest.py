"""Fixtures of the sign-in and roles tests: the demo company with an account of each kind, objectives of a rep, of
another team's rep and of a team, a plan by rep; the raw tables in plain pandas for independent references; and the
app under AppTest with sign-in configured, as one of those users."""

from __future__ import annotations

import datetime as dt
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from smart import serve
from smart.access import LOCAL_ADMIN, User, add_user, find_user
from smart.objectives import Objective, create_objective
from smart.storage import Store
from tests.conftest import DEMO_TODAY, REPO_ROOT, app_on

ADMIN = "ann@example.com"
MANAGER = "marc@example.com"  # a manager of the whole company
TEAM_MANAGER = "paula@example.com"  # the manager of the PME team
REP = "hugo@example.com"
REP_NAME, TEAM = "Hugo Mercier", "PME"
OTHER_REP_NAME, OTHER_TEAM = "Camille Laurent", "Grands comptes"
APP = str(REPO_ROOT / "app.py")
TIMEOUT = 60
SECRETS = """[auth]
redirect_uri = "https://smart.example.com/oauth2callback"
cookie_secret = "a long random string, 32 bytes or more"
client_id = "smart-pilot"
client_secret = "s3cret"
server_metadata_url = "https://login.example.com/.well-known/openid-configuration"
"""


def _objective(title: str, scope_type: str, scope_value: str | None) -> Objective:
    return Objective(title=title, kpi="revenue", target_input=10.0, start_on=dt.date(DEMO_TODAY.year, 1, 1),
                     deadline=dt.date(DEMO_TODAY.year, 12, 31), direction="increase", target_mode="relative_pct",
                     scope_type=scope_type, scope_value=scope_value, grain="year")


@pytest.fixture(scope="session")
def access_db_file(demo_db_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo with an admin, a company manager, the PME team's manager and the rep Hugo Mercier (PME); an
    objective for Hugo, one for Camille Laurent (Grands comptes), one for the PME team; a plan by rep for Hugo and
    Camille, and a company plan. Copy it before writing to it."""
    path = tmp_path_factory.mktemp("access-db") / "access.duckdb"
    shutil.copy(demo_db_file, path)
    store = Store(path)
    add_user(store, ADMIN, "admin", name="Ann Admin", actor=LOCAL_ADMIN)
    add_user(store, MANAGER, "manager", name="Marc Manager", actor=LOCAL_ADMIN)
    add_user(store, TEAM_MANAGER, "manager", name="Paula", team=TEAM, actor=LOCAL_ADMIN)
    add_user(store, REP, "rep", name=REP_NAME, reps=[REP_NAME, "hugo.mercier"], team=TEAM, actor=LOCAL_ADMIN)
    for title, scope_type, value in (("Hugo +10 %", "rep", REP_NAME), ("Camille +10 %", "rep", OTHER_REP_NAME),
                                     ("PME +10 %", "team", TEAM)):
        create_objective(store, _objective(title, scope_type, value))
    with store.transaction() as tx:
        for month in range(1, 13):
            period = dt.date(DEMO_TODAY.year, month, 1)
            tx.execute("INSERT INTO plan VALUES ('generic', 'revenue', ?, 'owner', ?, 20000, NULL), "
                       "('generic', 'revenue', ?, 'owner', ?, 30000, NULL), "
                       "('generic', 'revenue', ?, 'company', '', 500000, NULL)",
                       [period, REP_NAME, period, OTHER_REP_NAME, period])
    store.close()
    return path


@pytest.fixture
def access_store(access_db_file: Path, tmp_path: Path) -> Iterator[Store]:
    """A private, writable copy of the access database."""
    copy = tmp_path / "access.duckdb"
    shutil.copy(access_db_file, copy)
    store = Store(copy)
    yield store
    store.close()


@pytest.fixture(scope="module")
def shared_access_store(access_db_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """A copy of the access database shared by a module's tests: they only read it."""
    copy = tmp_path_factory.mktemp("access-shared") / "access.duckdb"
    shutil.copy(access_db_file, copy)
    store = Store(copy)
    yield store
    store.close()


@pytest.fixture(scope="session")
def raw_tables(access_db_file: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, pd.DataFrame]:
    """The deals (with their rep's team, joined in pandas) and leads, read with plain SELECT *."""
    copy = tmp_path_factory.mktemp("access-tables") / "access.duckdb"
    shutil.copy(access_db_file, copy)
    with duckdb.connect(str(copy), read_only=True) as conn:
        tables = {name: conn.execute(f"SELECT * FROM {name}").df() for name in ("deals", "leads", "reps")}
    tables["deals"] = tables["deals"].merge(tables["reps"][["owner", "team"]], on="owner", how="left")
    for frame in (tables["deals"], tables["leads"]):
        for column in ("created_on", "close_on", "qualified_on", "converted_on"):
            if column in frame:
                frame[column] = pd.to_datetime(frame[column]).dt.date
    return tables


def user(store: Store, email: str) -> User:
    found = find_user(store, email)
    assert found is not None
    return found


@pytest.fixture
def app_as(access_db_file: Path, tmp_path: Path,
           monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., AppTest]]:
    """``app_as(email, page=None, lang="en", **query)``: the app on a private copy of the access database, with
    sign-in configured, run as the signed-in person of ``email`` (``None``: nobody signed in), on ``page``."""
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(SECRETS, encoding="utf-8")
    monkeypatch.setattr(serve, "secrets_files", lambda: [secrets])
    copy = tmp_path / "app.duckdb"
    shutil.copy(access_db_file, copy)

    def run(email: str | None, page: str | None = None, lang: str = "en", claims: dict | None = None,
            **query: str) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=TIMEOUT)
        at.query_params["lang"] = lang
        for key, value in query.items():
            at.query_params[key] = value
        at.user = ({"is_logged_in": False} if email is None else
                   {"is_logged_in": True, "email": email, "iat": int(time.time()) - 60, **(claims or {})})
        at.run()
        if page is not None:
            at.switch_page(f"pages/{page}.py").run()
        return at

    run.database = copy  # type: ignore[attr-defined]
    with app_on(copy, monkeypatch):
        yield run
