"""A damaged database on a fresh server, in real headless Chromium: the first page anyone opens says what
happened inside the app's own navigation (not Streamlit's list of the pages folder), with no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from smart.i18n import Translator
from tests.browser.conftest import require_chromium, screenshot, served_app, wait_for_app
from tests.faults import garbage_file

pytestmark = pytest.mark.browser


def test_a_damaged_database_shows_its_page_inside_the_frame(tmp_path: Path, page) -> None:
    require_chromium()
    damaged = tmp_path / "damaged.duckdb"
    garbage_file(damaged)
    t = Translator("fr")
    with served_app(damaged, tmp_path) as (url, database):
        page.goto(f"{url}/team?lang=fr")
        wait_for_app(page)
        assert page.locator("[data-testid='stMain'] h1").first.inner_text() == t("storage.damaged.title")
        assert page.get_by_text(t("storage.damaged.todo")).is_visible()
        assert page.locator("[data-testid='stException']").count() == 0
        navigation = page.locator("[data-testid='stSidebarNav']")
        assert navigation.get_by_text(t("nav.import_log")).is_visible()
        assert navigation.get_by_text("import log").count() == 0
        page.get_by_text(t("storage.details")).click()
        assert page.get_by_text(f'The file "{database}" exists').is_visible()
        screenshot(page, "storage-failure-damaged")
