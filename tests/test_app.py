"""Every page renders on the demo, in both languages, with the shell around it (Streamlit AppTest).

AppTest (1.67) keeps only the page's elements after a rerun of a multipage app, so the frame (banner, sidebar)
is asserted on the first run; interactions with the frame are covered in real Chromium (tests/browser/).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from smart.i18n import Translator
from tests.conftest import REPO_ROOT

PAGES = ("overview", "objectives", "review", "conversion", "cycle", "variance", "team", "import", "import_log",
         "users")
APP = str(REPO_ROOT / "app.py")
TIMEOUT = 60


def run_page(page: str, lang: str, **query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["lang"] = lang
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if page != "overview":
        at.switch_page(f"pages/{page}.py").run()
    return at


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_without_exception(app_db: Path, page: str, lang: str) -> None:
    at = run_page(page, lang)
    t = Translator(lang)
    assert not at.exception, at.exception
    assert [title.value for title in at.title][:1] == [t(f"nav.{page}")]
    assert at.caption[0].value == t(f"purpose.{page}")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_frame_shows_the_demo_banner_and_the_filters(app_db: Path, lang: str) -> None:
    at = run_page("overview", lang)
    t = Translator(lang)
    assert t("demo.banner") in [markdown.value.split(" ", 1)[-1] for markdown in at.markdown]
    assert [select.label for select in at.sidebar.multiselect] == [
        t("filters.team"), t("filters.owner"), t("filters.source")]
    assert at.sidebar.multiselect[1].options[:2] == ["Camille Laurent", "Hugo Mercier"]


def test_the_url_restores_the_filters(app_db: Path) -> None:
    at = run_page("overview", "fr", period="last_year", owner="Hugo Mercier")
    assert not at.exception
    assert at.session_state["period"] == "last_year"
    assert at.session_state["owner"] == ["Hugo Mercier"]
    assert at.selectbox(key="sidebar.period.fr").value == "last_year"
    assert at.sidebar.caption[0].value == "1 janv. 2025 – 31 déc. 2025"


def test_invalid_url_values_are_dropped_not_fatal(app_db: Path) -> None:
    at = run_page("overview", "xx", period="someday", owner="Nobody")
    assert not at.exception
    assert at.session_state["period"] == "this_year"
    assert at.session_state["owner"] == []
    assert at.session_state["lang"] == "en"
