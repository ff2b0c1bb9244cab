"""API tokens: made and revoked by an admin only, kept hashed, refused once revoked or once their user is gone, and
``python -m smart tokens``' contract."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import shutil
from pathlib import Path

import pytest

from smart.access import LOCAL_ADMIN, AccessDeniedError, find_user
from smart.api.tokens import TokenError, authenticate, create_token, note_use
from smart.cli import main
from smart.storage import Store
from tests.api.conftest import ADMIN, REP, Tokens


@pytest.fixture
def database(api_db: tuple[Path, Tokens], tmp_path: Path) -> Path:
    copy = tmp_path / "api.duckdb"
    shutil.copy(api_db[0], copy)
    return copy


def test_the_database_keeps_a_tokens_hash_and_never_its_secret(database: Path, capsys) -> None:
    assert main(["tokens", "add", REP, "--name", "Hugo's laptop", "--db", str(database)]) == 0
    out, err = capsys.readouterr()
    secret = out.strip()
    assert out == f"{secret}\n" and secret.startswith("smart_") and len(secret) > 40
    assert err.startswith("token #4 acts as hugo@example.com; the secret above is shown once and stored hashed")
    data = database.read_bytes() + (Path(f"{database}.wal").read_bytes() if Path(f"{database}.wal").exists() else b"")
    assert secret.encode() not in data and secret[6:].encode() not in data
    store = Store(database)
    assert store.scalar("SELECT secret_sha256 FROM api_tokens WHERE id = 4") == hashlib.sha256(
        secret.encode()).hexdigest()
    assert authenticate(store, secret).user == find_user(store, REP)
    store.close()


def test_list_and_revoke_keep_their_contract(database: Path, capsys) -> None:
    assert main(["tokens", "list", "--format", "json", "--db", str(database)]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(t["id"], t["email"], t["name"], t["created_by"]) for t in listed] == [
        (3, ADMIN, "old laptop", "local"), (2, REP, None, "local"), (1, ADMIN, "nightly import", "local")]
    assert set(listed[0]) == {"id", "email", "name", "created_at", "created_by", "last_used_at", "revoked_at",
                              "revoked_by"}
    assert listed[0]["revoked_by"] == "local" and listed[1]["revoked_at"] is None
    assert main(["tokens", "revoke", "2", "--db", str(database)]) == 0
    assert capsys.readouterr().out.startswith("token #2 (hugo@example.com) revoked on ")
    assert main(["tokens", "list", "--format", "csv", "--db", str(database)]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert list(rows[0]) == ["id", "email", "name", "created_at", "created_by", "last_used_at", "revoked_at",
                             "revoked_by"]
    assert [row["id"] for row in rows if row["revoked_at"]] == ["3", "2"]
    assert main(["tokens", "revoke", "42", "--db", str(database)]) == 2
    assert capsys.readouterr().err == "error: there is no token #42 (see: tokens list)\n"
    assert main(["tokens", "add", "nobody@example.com", "--db", str(database)]) == 2
    assert capsys.readouterr().err.startswith("error: nobody@example.com has no account: a token acts as a user")


def test_only_an_admin_makes_tokens_and_a_revoked_one_is_refused(database: Path, api_db: tuple[Path, Tokens]) -> None:
    store = Store(database)
    rep = find_user(store, REP)
    assert rep is not None
    with pytest.raises(AccessDeniedError, match="may not manage users"):
        create_token(store, REP, actor=rep)
    with pytest.raises(TokenError, match="was revoked"):
        authenticate(store, api_db[1].revoked)
    with pytest.raises(TokenError, match="not one this server knows"):
        authenticate(store, api_db[1].admin + "x")
    caller = authenticate(store, api_db[1].admin)
    assert caller.user.email == ADMIN and caller.token.name == "nightly import"
    store.close()


def test_a_tokens_last_use_is_written_at_most_once_a_minute(database: Path) -> None:
    store = Store(database)
    token, secret = create_token(store, ADMIN, actor=LOCAL_ADMIN)
    first = dt.datetime(2026, 11, 27, 9, 0)
    assert note_use(store, token, first) is True
    seen = authenticate(store, secret).token
    assert seen.last_used_at == first
    assert note_use(store, seen, first + dt.timedelta(seconds=59)) is False
    assert note_use(store, seen, first + dt.timedelta(seconds=60)) is True
    assert authenticate(store, secret).token.last_used_at == first + dt.timedelta(seconds=60)
    store.close()
