"""The API's routes in this process (Starlette's TestClient over a copy of the API database): who a token acts as,
what every write records, the answers to bad requests, and what a server reachable by others with nobody signed in
answers."""

from __future__ import annotations

import datetime as dt
import shutil
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from starlette.applications import Starlette
from starlette.exceptions import StarletteDeprecationWarning

from smart.access import LOCAL_ADMIN, remove_user
from smart.api import routes
from smart.api.routes import Api, ApiContext
from smart.api.tokens import create_token, list_tokens, revoke_token
from smart.storage import Store, shared_store
from tests.api.conftest import ADMIN, OTHER_REP, Tokens, won_deals

if TYPE_CHECKING:
    from starlette.testclient import TestClient


class Writes:
    """Counts the API's calls to its after-write hook."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> None:
        self.count += 1


@pytest.fixture
def database(api_db: tuple[Path, Tokens], tmp_path: Path) -> Path:
    copy = tmp_path / "api.duckdb"
    shutil.copy(api_db[0], copy)
    return copy


@pytest.fixture
def store(database: Path) -> Iterator[Store]:
    store = shared_store(database)
    yield store
    store.close()


def client_for(store: Store, token: str | None, *, writes: Callable[[], None] = lambda: None,
               exposure: str = "local") -> TestClient:
    with warnings.catch_warnings():  # Starlette would rather its TestClient ran on httpx2, not installed here
        warnings.simplefilter("ignore", StarletteDeprecationWarning)
        from starlette.testclient import TestClient
    api = Api(ApiContext(store=lambda: store, on_write=writes, exposure=lambda: exposure))
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return TestClient(Starlette(routes=api.routes()), base_url="http://127.0.0.1", headers=headers)


def test_an_import_and_its_undo_record_the_tokens_user_and_clear_the_pages_caches(
        store: Store, api_db: tuple[Path, Tokens], tmp_path: Path) -> None:
    writes = Writes()
    client = client_for(store, api_db[1].admin, writes=writes)
    export = won_deals(tmp_path / "deals_2019-04-30.csv", "W", 3, dt.date(2019, 4, 12))
    with export.open("rb") as handle:
        preview = client.post("/api/v1/import", files={"file": (export.name, handle)}, data={"dry_run": "true"})
    assert preview.status_code == 200 and preview.json()["import_id"] is None and writes.count == 0
    with export.open("rb") as handle:
        answer = client.post("/api/v1/import", files={"file": (export.name, handle)},
                             data={"format": "text", "map": ["title=Deal Name"]})
    assert answer.status_code == 200 and answer.headers["content-type"] == "text/plain; charset=utf-8"
    assert answer.text.startswith("Import #") and "rows 3: 3 new" in answer.text and writes.count == 1
    import_id = int(answer.text.split("#", 1)[1].split(":", 1)[0])
    (row,) = store.rows("SELECT imported_by, observed_on, file_name FROM imports WHERE id = ?", [import_id])
    assert row == (ADMIN, dt.date(2019, 4, 30), export.name)  # the day in the name it was sent with
    undone = client.post(f"/api/v1/import/{import_id}/undo")
    assert undone.json()["undone"] == import_id and undone.json()["deals_deleted"] == 3 and writes.count == 2
    assert store.scalar("SELECT undone_by FROM imports WHERE id = ?", [import_id]) == ADMIN
    again = client.post(f"/api/v1/import/{import_id}/undo")
    assert again.status_code == 400 and again.json()["error"].startswith(
        f"import #{import_id} ({export.name}) was already undone on ")
    assert writes.count == 2


def test_bad_requests_say_what_is_wrong(store: Store, api_db: tuple[Path, Tokens], tmp_path: Path) -> None:
    client = client_for(store, api_db[1].admin)
    cases = {
        "/api/v1/kpi/revenue?grain=fortnight": "grain: 'fortnight' is not one of week, month, quarter, year",
        "/api/v1/kpi/revenue?from=2026-13-01": "from: '2026-13-01' is not an ISO date (YYYY-MM-DD)",
        "/api/v1/kpi/revenue?colour=blue": "unknown parameter 'colour'; this route takes by, format, from, grain, "
                                           "owner, stat, team, to",
        "/api/v1/kpi/revenue?from=2026-05-01&to=2026-01-01": "--from 2026-05-01 is after --to 2026-01-01",
        "/api/v1/objectives/999/check": "there is no objective 999",
        "/api/v1/review?format=docx": "format: 'docx' is not one of pdf, html",
    }
    for url, error in cases.items():
        answer = client.get(url)
        assert (answer.status_code, answer.json()) == (400, {"error": error, "exit_code": 2}), url
    assert client.post("/api/v1/import", data={"kind": "deals"}).json()["error"] == (
        "import: send the file as the multipart field 'file'")
    assert client.get("/api/v1/nowhere").json() == {"error": "no route GET /api/v1/nowhere: the API's routes are "
                                                              "under /api/v1/ (see the README)", "exit_code": 2}
    assert client.delete("/api/v1/kpi/revenue").status_code == 404


def test_an_upload_over_the_import_limit_is_refused_before_it_is_read(store: Store, api_db: tuple[Path, Tokens],
                                                                      tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(routes, "DEFAULT_MAX_BYTES", 1000)
    export = won_deals(tmp_path / "big.csv", "X", 20_000, dt.date(2019, 6, 1))
    imports = store.scalar("SELECT count(*) FROM imports")
    with export.open("rb") as handle:
        answer = client_for(store, api_db[1].admin).post("/api/v1/import", files={"file": (export.name, handle)})
    assert answer.status_code == 413 and "this server imports files up to 0 MB" in answer.json()["error"]
    assert store.scalar("SELECT count(*) FROM imports") == imports


def test_a_token_acts_as_its_user_as_they_are_now(store: Store, tmp_path: Path) -> None:
    token, secret = create_token(store, OTHER_REP, actor=LOCAL_ADMIN)
    client = client_for(store, secret)
    assert client.get("/api/v1/me").json()["reps"] == ["Camille Laurent"]
    assert store.scalar("SELECT last_used_at FROM api_tokens WHERE id = ?", [token.id]) is not None
    remove_user(store, OTHER_REP, actor=LOCAL_ADMIN)
    gone = client.get("/api/v1/me")
    assert gone.status_code == 401 and gone.json()["error"] == (
        f"the token #{token.id} acts as camille@example.com, who has no account any more")
    _, admin_secret = create_token(store, ADMIN, actor=LOCAL_ADMIN)
    admin = client_for(store, admin_secret)
    assert admin.get("/api/v1/me").status_code == 200
    revoke_token(store, [t for t in list_tokens(store) if t.email == ADMIN][0].id, actor=LOCAL_ADMIN)
    assert admin.get("/api/v1/me").status_code == 401  # at the very next request


def test_a_server_others_reach_with_nobody_signed_in_answers_nothing(store: Store, api_db: tuple[Path, Tokens]) -> None:
    answer = client_for(store, api_db[1].admin, exposure="refused").get("/api/v1/kpi/revenue")
    assert answer.status_code == 403 and "with no sign-in configured" in answer.json()["error"]
    assert "value" not in answer.text


def test_no_token_is_refused_before_the_database_is_opened_and_a_database_unavailable_is_said_without_its_path(
        tmp_path: Path, api_db: tuple[Path, Tokens]) -> None:
    from smart.storage import StorageError

    opened: list[str] = []

    def unavailable() -> Store:
        opened.append("tried")
        raise StorageError("locked", tmp_path / "secret-place.duckdb", detail="Conflicting lock is held in x (PID 7)",
                           holder="PID 7, python -m smart import", pid="7", command="python -m smart import")

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", StarletteDeprecationWarning)
        from starlette.testclient import TestClient
    api = Api(ApiContext(store=unavailable))
    client = TestClient(Starlette(routes=api.routes()), base_url="http://127.0.0.1")
    assert client.get("/api/v1/kpi/revenue").status_code == 401 and opened == []
    answer = client.get("/api/v1/kpi/revenue", headers={"Authorization": f"Bearer {api_db[1].admin}"})
    assert (answer.status_code, answer.json()) == (503, {
        "error": "the server cannot use its database now (the database is in use by another program); its log and its "
                 "pages say why and what to do: try again once that is fixed", "exit_code": 2})
    assert opened == ["tried"]
