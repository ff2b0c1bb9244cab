"""The Users page's tables write when an account or a token was made, used and revoked in the reader's language
(7 déc. 2026 17:26 in French), as every other table does, not as the browser's ISO format."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from smart.access import list_users
from smart.api import list_tokens
from smart.i18n import MISSING, Translator
from smart.storage import Store
from tests.api.conftest import Tokens
from tests.conftest import REPO_ROOT, app_on
from tests.pages.test_french_tables import shown_table

APP = str(REPO_ROOT / "app.py")


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
    with app_on(database, monkeypatch):
        at = AppTest.from_file(APP, default_timeout=60)
        at.query_params["lang"] = lang
        at.run()
        at.switch_page("pages/users.py").run()
        assert not at.exception
        users_shown, tokens_shown = (shown_table(table) for table in at.dataframe)
    assert users_shown["created_at"] == [written(t, user.created_at) for user in users]
    assert tokens_shown["created_at"] == [written(t, token.created_at) for token in tokens]
    assert tokens_shown["revoked_at"] == [written(t, token.revoked_at) for token in tokens]
    assert tokens_shown["last_used_at"] == [MISSING] * len(tokens)
    assert sum(text != MISSING for text in tokens_shown["revoked_at"]) == 1
