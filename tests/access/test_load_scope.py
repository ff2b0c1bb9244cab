"""Readings made later, outside the script run (a download built when clicked, ``ui.deferred_reading``), are narrowed
to the viewer's scope like every other: a rep's download of the deals pushed back holds their deals only."""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from smart.analytics import deals as views
from smart.i18n import Translator
from tests.access.conftest import REP, REP_NAME
from tests.pages.test_overview_load import PUSHED_OPEN_KEY, clicked, deferred_downloads, pushed_reference

EN = Translator("en")


def test_a_reps_download_of_the_pushed_back_deals_holds_theirs_only(
        app_as: Callable[..., AppTest], access_db_file: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "reference.duckdb"
    shutil.copy(access_db_file, copy)
    with duckdb.connect(str(copy), read_only=True) as conn:
        deals, history = (conn.execute(f"SELECT * FROM {name}").df() for name in ("deals", "deal_history"))
    everyone = pushed_reference(deals, history)
    theirs = everyone[everyone["owner"] == REP_NAME]
    assert 2 <= len(theirs) < len(everyone)
    monkeypatch.setattr(views, "DRILL_LIMIT", 1)
    downloads = deferred_downloads(monkeypatch)
    at = app_as(REP)
    at.session_state[PUSHED_OPEN_KEY] = True
    at.run()
    assert not at.exception and not at.error
    assert EN("load.pushed.listed", shown=EN.number(1), count=EN.number(len(theirs))) in [
        caption.value for caption in at.caption]
    csv = pd.read_csv(io.BytesIO(clicked(downloads["overview.pushed.csv"])), encoding="utf-8-sig")
    assert set(csv[EN("deal.owner")]) == {REP_NAME}
    assert sorted(csv[EN("deal.title")]) == sorted(theirs["title"])
