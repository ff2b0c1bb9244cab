"""The rules that keep the scope and the permissions from being forgotten: every page and the frame pass the viewer
to each function that writes, and the one way pages read the data refuses a reader that takes no scope."""

from __future__ import annotations

import ast

from streamlit.testing.v1 import AppTest

from tests.conftest import REPO_ROOT

# The functions that write, each checking its actor's permission (smart.access).
WRITERS = {"import_file", "run_import", "undo_import", "save_stage_map", "save_lead_status_map", "remove_demo_data",
           "create_objective", "revise_objective", "archive_objective", "add_action", "update_action",
           "add_proposed_actions", "save_note", "add_user", "update_user", "remove_user"}


def test_every_write_from_the_pages_and_the_frame_names_its_actor() -> None:
    calls = []
    for path in [REPO_ROOT / "app.py", *sorted((REPO_ROOT / "ui").rglob("*.py")),
                 *sorted((REPO_ROOT / "pages").rglob("*.py"))]:
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call):
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
                if name in WRITERS:
                    # run_import's actor is in the ImportOptions it is given, made in the call (replace(..., actor=))
                    made = ast.walk(node) if name == "run_import" else [node]
                    keywords = {k.arg for call in made if isinstance(call, ast.Call) for k in call.keywords}
                    calls.append((path.name, name, keywords))
    assert len(calls) >= 14  # every writer above but update_action is called from a page
    assert [(file, name) for file, name, keywords in calls if "actor" not in keywords] == []


def _reads_without_a_scope() -> None:
    import streamlit as st

    import ui

    def every_deal(store):  # a reader that forgot the scope
        return store.df("SELECT * FROM deals")

    try:
        ui.compute(every_deal)
    except TypeError as refused:
        st.text(str(refused))


def test_compute_refuses_a_reader_that_takes_no_scope(app_db) -> None:
    at = AppTest.from_function(_reads_without_a_scope, default_timeout=60)
    at.run()
    assert not at.exception
    assert [text.value for text in at.text] == [
        "__main__.every_deal reads the data without the viewer's scope: give it Filters or a scope parameter"]
