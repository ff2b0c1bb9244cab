"""The Weekly review page in AppTest: slides in the URL, next/previous, the notes box, a past review reopened.

AppTest (1.67) keeps only the page's own elements after a rerun of the multipage app: assertions read those.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import ui
from smart import clock
from smart.review import build_review, save_note
from smart.storage import Store
from tests.conftest import DEMO_TODAY
from tests.test_app import APP, TIMEOUT


@pytest.fixture
def page_today(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    monkeypatch.setenv(clock.TODAY_ENV_VAR, DEMO_TODAY.isoformat())
    return DEMO_TODAY


def open_review(lang: str = "en", **query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["lang"] = lang
    at.run()
    for key, value in query.items():
        at.query_params[key] = value
    at.switch_page("pages/review.py").run()
    assert not at.exception, at.exception
    return at


def headers(at: AppTest) -> list[str]:
    return [header.value.replace("\\", "") for header in at.header]


def test_the_slide_lives_in_the_url_and_the_buttons_move_through_the_deck(app_db: Path, page_today) -> None:
    at = open_review(slide="7")
    assert headers(at) == ["Weak signals and deals at risk"]
    at.button(key="review.next").click().run()
    assert headers(at) == ["Rep highlights"] and at.query_params["slide"] == "8"
    at.button(key="review.next").click().run()
    assert headers(at) == ["Decisions and actions due"]
    assert at.button(key="review.next").disabled
    at.button(key="review.previous").click().run()
    at.button(key="review.previous").click().run()
    assert headers(at) == ["Weak signals and deals at risk"] and at.query_params["slide"] == "7"
    at.selectbox(key="review.index").select(1).run()
    assert headers(at) == ["Chiffre d'affaires +15 % cette année"]
    assert [metric.label for metric in at.metric] == ["To date", "Expected by now", "Projected at deadline",
                                                      "Probability of success"]


def test_the_first_slide_and_the_sidebar_collapsed(app_db: Path, page_today) -> None:
    at = open_review("fr")
    assert headers(at) == ["Les objectifs en un coup d'œil"]
    assert at.button(key="review.previous").disabled
    assert [metric.value for metric in at.metric][:1] == ["2 / 5"]
    assert at.selectbox(key="review.index").options[0] == "1 / 9 · Les objectifs en un coup d'œil"


def test_a_note_typed_in_the_meeting_is_saved_with_the_figures_shown(app_db: Path, page_today) -> None:
    at = open_review(slide="2")
    at.segmented_control(key="review.kind").set_value("decision")
    at.text_area(key="review.body").input("Relancer les affaires repoussées avant vendredi")
    at.button[-1].click().run()
    assert not at.exception
    store = ui.get_store()
    rows = store.rows("SELECT review_on, kind, body, objective_id, figures->>'$.review_on' FROM review_notes")
    assert rows == [(DEMO_TODAY, "decision", "Relancer les affaires repoussées avant vendredi", 1, "2026-11-27")]
    assert "**Decision** — Relancer les affaires repoussées avant vendredi" in [m.value for m in at.markdown]


def test_a_past_review_reopens_from_its_snapshot(app_db: Path, page_today) -> None:
    store = Store(app_db)
    past = DEMO_TODAY - dt.timedelta(days=7)
    shown = copy.deepcopy(build_review(store, past))
    shown["objectives"][0]["title"] = "Objectif tel qu'affiché le 20"
    save_note(store, past, "note", "Point pipeline", shown)
    store.close()
    at = open_review(review=past.isoformat(), slide="2")
    assert headers(at) == ["Objectif tel qu'affiché le 20"]
    assert at.selectbox(key="review.pick").value == past.isoformat()
    assert any("20 Nov 2026" in info.value for info in at.info)


def test_a_decision_saved_on_the_decisions_slide_shows_on_it_at_once(app_db: Path, page_today) -> None:
    at = open_review(slide="9")
    assert headers(at) == ["Decisions and actions due"]
    bullet = "#### Decision — Call back the three biggest pushed deals"
    assert bullet not in [m.value for m in at.markdown]
    at.segmented_control(key="review.kind").set_value("decision")
    at.text_area(key="review.body").input("Call back the three biggest pushed deals")
    at.button[-1].click().run()
    assert not at.exception
    assert headers(at) == ["Decisions and actions due"]
    shown = [m.value for m in at.markdown]
    assert bullet in shown  # on the slide, in the same run as the save
    assert "**Decision** — Call back the three biggest pushed deals" in shown  # and in the notes below it
    at.button[-1].click().run()  # saved again with the box emptied: said, and nothing kept
    assert [w.value for w in at.warning] == ["Type a note or a decision first."]
    assert shown.count(bullet) == 1 == [m.value for m in at.markdown].count(bullet)
