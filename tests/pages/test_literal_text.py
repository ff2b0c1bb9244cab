"""Text from a file or a person is shown as written on every page, never read as Markdown (AppTest).

On the hostile company (tests/hostile.py: reps named ``**rep**``, stages ``:red[stage]``, objectives titled
``![objective](http://…)``...), every page, every review slide, every objective, the drill-downs and the
archive and undo confirmations are rendered, and every string the pages hand to Streamlit is read: wherever a
hostile text shows, it must be there escaped, exactly as ``smart.text.plain`` writes it. The strings Streamlit
shows as they are (select options, plain text, tables drawn on a canvas, charts) are left out: that they do
show literally is checked in real Chromium (tests/browser/test_literal_text.py).
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from google.protobuf.message import Message
from streamlit.testing.v1 import AppTest

from smart.ingest import list_imports
from smart.storage import Store
from smart.text import plain
from tests.conftest import app_on, shown
from tests.hostile import (
    ACTION_OWNERS,
    ACTIONS,
    DECISION,
    FILE_NAMES,
    NOTE,
    OBJECTIVE_OWNERS,
    OBJECTIVE_TITLES,
    PAST_DECISION,
    REP_NAMES,
    TOKENS,
    variants,
)
from tests.test_app import APP, TIMEOUT

# Element fields Streamlit shows as they are: option lists of select boxes (not of radios or segmented
# controls, which render Markdown), typed values, st.text, charts' specs and data, and identifiers.
LITERAL_FIELDS = {
    "selectbox": {"options", "raw_value", "default"},
    "multiselect": {"options", "raw_values", "default"},
    "text_input": {"raw_value", "value", "default", "placeholder"},
    "text_area": {"raw_value", "value", "default", "placeholder"},
    "text": {"body"},
    "vega_lite_chart": {"spec", "datasets"},
    "arrow_data_frame": {"columns"},
    "dataframe": {"columns"},
}
IDENTIFIERS = {"id", "form_id", "key"}


def _strings(message: Message, path: str = "") -> Iterator[tuple[str, str]]:
    """Every text field of a protobuf message, with its path (``label``, ``options``, ``dialog.title``...)."""
    for descriptor, value in message.ListFields():
        name = f"{path}.{descriptor.name}" if path else descriptor.name
        for item in value if descriptor.is_repeated else [value]:
            if isinstance(item, Message):
                yield from _strings(item, name)
            elif isinstance(item, str):
                yield name, item


def _nodes(node: object) -> Iterator[object]:
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _nodes(child)


def markdown_bodies(at: AppTest) -> list[tuple[str, str]]:
    """Every string of the page that Streamlit renders as Markdown, as (where, text); st.table's cells too."""
    found = []
    for node in _nodes(at._tree):
        proto = getattr(node, "proto", None)
        if proto is None:
            continue
        kind = getattr(node, "type", type(node).__name__)
        literal = LITERAL_FIELDS.get(kind, set())
        for name, text in _strings(proto):
            field = name.split(".")[-1]
            if field not in IDENTIFIERS and name.split(".")[0] not in literal and field not in literal:
                found.append((f"{kind}.{name}", text))
        if kind == "table":
            found += [(f"{kind}.cell", str(cell)) for cell in node.value.to_numpy().ravel()]
    return found


def assert_literal(at: AppTest) -> set[str]:
    """Every hostile text that shows is escaped where it shows; returns those that showed."""
    assert not at.exception, at.exception
    seen = set()
    for where, body in markdown_bodies(at):
        for token in TOKENS:
            count = shown(body).count(token)
            if count:
                seen.add(token)
                assert body.count(plain(token)) == count, f"{where} shows {token!r} unescaped: {body!r}"
    return seen


@pytest.fixture
def hostile_app(hostile_db_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The app on a private copy of the hostile company (the pages' conftest pins the day it was built for)."""
    copy = tmp_path / "hostile.duckdb"
    shutil.copy(hostile_db_file, copy)
    with app_on(copy, monkeypatch) as database:
        yield database


def open_page(page: str, **query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["lang"] = "en"
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert_literal(at)
    if page != "overview":
        at.switch_page(f"pages/{page}.py").run()
    return at


def select_row(at: AppTest, key: str, row: int) -> AppTest:
    """Click a table's row (a dataframe's selection state is writable)."""
    at.session_state[key] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    return at.run()


def test_the_frame_and_the_overview(hostile_app: Path) -> None:
    at = open_page("overview")
    seen = assert_literal(at)
    assert {OBJECTIVE_TITLES[0], OBJECTIVE_TITLES[2]} <= seen  # the widening gaps name their objectives


def test_every_objective_its_summary_and_its_archive_confirmation(hostile_app: Path) -> None:
    at = open_page("objectives")
    seen = assert_literal(at)
    for index in range(len(at.selectbox(key="objectives.detail.id").options)):
        at.selectbox(key="objectives.detail.id").select_index(index).run()
        seen |= assert_literal(at)
    assert set(OBJECTIVE_OWNERS) - {"None"} <= seen
    at.selectbox(key="objectives.detail.id").set_value(3).run()
    at.button(key="objectives.archive").click().run()
    assert OBJECTIVE_TITLES[2] in assert_literal(at)
    at.button(key="objectives.archive.confirm").click().run()
    assert OBJECTIVE_TITLES[2] in assert_literal(at)  # "… archived."


def test_an_objective_created_with_a_hostile_title(hostile_app: Path) -> None:
    at = open_page("objectives")
    title = variants("created")[1]
    at.text_input(key="objectives.new.title").input(title)
    at.text_input(key="objectives.new.theme").input(variants("created")[0]).run()
    assert variants("created")[0] in assert_literal(at)  # the live checker's theme letter
    at.button(key="objectives.new.create").click().run()
    assert title in assert_literal(at)


def step_through(at: AppTest) -> set[str]:
    """Every slide from the one shown to the last, each checked; the hostile texts that showed."""
    seen = assert_literal(at)
    while not at.button(key="review.next").disabled:
        at.button(key="review.next").click().run()
        seen |= assert_literal(at)
    return seen


def words(*texts: str) -> set[str]:
    """The hostile texts of notes and decisions (each a few of them, between spaces)."""
    return {word for text in texts for word in text.split() if word in TOKENS}


def test_every_slide_of_the_review_and_a_past_review(hostile_app: Path) -> None:
    at = open_page("review")
    seen = step_through(at)
    assert at.query_params["slide"] == "12"
    expected = {*OBJECTIVE_TITLES, *REP_NAMES.values(), *ACTIONS, *ACTION_OWNERS} - {"None"}
    assert expected | words(NOTE, DECISION, PAST_DECISION) <= seen
    at.selectbox(key="review.pick").set_value(dt.date(2026, 11, 20).isoformat()).run()
    assert at.query_params["review"] == "2026-11-20"
    assert words(PAST_DECISION) <= step_through(at)


@pytest.mark.parametrize(("page", "table", "row"), [
    ("conversion", "conversion.table.owner", 0),
    ("variance", "variance.by.owner", 0),
    ("cycle", None, None),
    ("team", "team.table", 0),
])
def test_the_analysis_pages_and_their_drill_downs(hostile_app: Path, page: str, table: str | None,
                                                   row: int | None) -> None:
    at = open_page(page)
    assert_literal(at)
    if table is not None:
        select_row(at, table, row)
        seen = assert_literal(at)
        assert page == "team" or seen & set(REP_NAMES.values())


def test_the_import_log_and_its_undo_confirmation(hostile_app: Path) -> None:
    store = Store(hostile_app)
    try:
        log = list_imports(store)
    finally:
        store.close()
    at = open_page("import_log")
    assert_literal(at)
    row = list(log["file_name"]).index(FILE_NAMES[4])
    name = FILE_NAMES[4].removesuffix(".csv")
    assert name in assert_literal(select_row(at, "import_log.table", row))  # the selected import's header
    assert name in assert_literal(at.button(key="import_log.undo").click().run())  # "Undo import #… (…)?"


UPLOAD = variants("upload")
HOSTILE_DEALS = ("Deal ID,Deal Name,Deal Stage,Amount,Create Date,Close Date,Deal Owner\n"
                 f'H1,x,"{UPLOAD[2]}",1200,2025-01-02,2025-02-03,a\n'
                 f'H2,y,"{UPLOAD[1]}",bad,2025-01-05,2025-03-01,b\n')


def test_the_import_preview_its_new_stages_and_its_errors(hostile_app: Path) -> None:
    at = open_page("import")
    at.file_uploader(key="import.file").set_value((FILE_NAMES[0], HOSTILE_DEALS.encode(), "text/csv")).run()
    assert {UPLOAD[1], UPLOAD[2]} <= assert_literal(at)  # the "new stages" notice names them
    at.file_uploader(key="import.file").set_value((FILE_NAMES[2], b"<html><body>no</body></html>", "text/csv"))
    assert FILE_NAMES[2].removesuffix(".csv") in assert_literal(at.run())  # the error names the file
    column = variants("created")[0]  # read as the creation date ("created"), whatever the asterisks
    ambiguous = f"id,amount,{column}\nA,1,03/04/2025\nB,2,05/06/2025\n".encode()
    at.file_uploader(key="import.file").set_value((FILE_NAMES[3], ambiguous, "text/csv"))
    at.selectbox(key="import.kind.en").set_value("deals")
    assert column in assert_literal(at.run())  # "the dates in '…' read both as day/month and month/day"
