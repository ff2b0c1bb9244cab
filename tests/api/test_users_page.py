"""The Users page (AppTest, the admin at the machine): the API tokens listed without their secrets, a token made for a
user with its secret shown once (and working), a token revoked after a confirmation; the tables write when an account
or a token was made, used and revoked in the reader's language (7 déc. 2026 17:26 in French), as every other table
does, not in the browser's ISO format."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from smart.access import list_users
from smart.api.tokens import TokenError, authenticate, list_tokens
from smart.i18n import MISSING, Translator
from smart.storage import Store
from tests.api.conftest import OTHER_REP, Tokens
from tests.conftest import REPO_ROOT, app_on, shown
from tests.pages.test_french_tables import shown_table

APP = str(REPO_ROOT / "app.py")


@contextmanager
def users_page(database: Path, monkeypatch: pytest.MonkeyPatch, lang: str) -> Iterator[AppTest]:
    """The Users page, run once in ``lang`` on (a copy of) the API tests' database, as the admin at the machine."""
    with app_on(database, monkeypatch):
        at = AppTest.from_file(APP, default_timeout=60)
        at.query_params["lang"] = lang
        at.run()
        at.switch_page("pages/users.py").run()
        assert not at.exception
        yield at


def written(t: Translator, moment) -> str:
    return MISSING if moment is None else f"{t.date(moment)} {moment:%H:%M}"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_users_and_tokens_tables_write_their_moments_in_the_readers_language(
        api_db: tuple[Path, Tokens], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str) -> None:
    t = Translator(lang)
    database = tmp_path / "app.duckdb"
    shutil.copy(api_db[0], database)
    store = Store(database)
    users, tokens = list_users(store), list_tokens(store)
    store.close()
    with users_page(database, monkeypatch, lang) as at:
        users_shown, tokens_shown = (shown_table(table) for table in at.dataframe)
    assert users_shown["created_at"] == [written(t, user.created_at) for user in users]
    assert tokens_shown["created_at"] == [written(t, token.created_at) for token in tokens]
    assert tokens_shown["revoked_at"] == [written(t, token.revoked_at) for token in tokens]
    assert tokens_shown["last_used_at"] == [MISSING] * len(tokens)
    assert sum(text != MISSING for text in tokens_shown["revoked_at"]) == 1


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_an_admin_makes_a_token_sees_its_secret_once_and_revokes_it(api_db: tuple[Path, Tokens], tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch,
                                                                    lang: str) -> None:
    t = Translator(lang)
    database = tmp_path / "app.duckdb"
    shutil.copy(api_db[0], database)
    with users_page(database, monkeypatch, lang) as at:
        users, tokens = at.dataframe
        table = tokens.value
        assert list(table["id"]) == [3, 2, 1] and len(at.code) == 0
        for secret in (api_db[1].admin, api_db[1].rep):
            assert not table.astype(str).apply(lambda column, s=secret: column.str.contains(s)).any().any()
        at.selectbox(key="tokens.add.user").set_value(OTHER_REP)
        at.text_input(key="tokens.add.name").set_value("Camille's report")
        at.button(key="FormSubmitter:tokens.add-" + t("tokens.form.add")).click().run()
        assert not at.exception
        (secret,) = [block.value for block in at.code]
        assert shown(at.success[0].value) == t("tokens.made", id=4, email=OTHER_REP)
        store = Store(database)
        assert authenticate(store, secret).user.email == OTHER_REP
        store.close()
        at.run()
        assert len(at.code) == 0  # shown once
        at.selectbox(key="tokens.revoke.pick").set_value(4)
        at.button(key="tokens.revoke").click().run()
        at.button(key="tokens.revoke.confirm").click().run()
        assert not at.exception and at.success[0].value == t("tokens.revoked", id=4)
    store = Store(database)
    assert [token.id for token in list_tokens(store) if token.revoked] == [4, 3]
    with pytest.raises(TokenError, match="was revoked"):
        authenticate(store, secret)
    store.close()
