"""Permissions refused in the core, whoever calls it (a page, the command line, an API): every function that writes
takes the acting user, refuses what their role or team does not allow with a message saying who, what and why, and
changes nothing; what it allows, it records with who made it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from smart import demo
from smart.access import LOCAL_ADMIN, AccessDeniedError, may_write_for
from smart.ingest import import_file, list_imports, save_lead_status_map, save_stage_map, undo_import
from smart.objectives import (
    add_action,
    add_proposed_actions,
    archive_objective,
    create_objective,
    get_objective,
    list_actions,
    revise_objective,
    revisions,
    update_action,
)
from smart.review import notes_of, review_dates, save_note
from smart.storage import Store, table_counts
from tests.access.conftest import ADMIN, MANAGER, OTHER_REP_NAME, REP, REP_NAME, TEAM, TEAM_MANAGER, _objective, user
from tests.conftest import DEMO_TODAY

DEALS = ("Deal ID,Deal Name,Owner,Stage,Amount,Close Date,Create Date\n"
         "X1,New deal,Hugo Mercier,Won,1200,2026-10-01,2026-09-01\n")


def objective_id(store: Store, title: str) -> int:
    return int(store.scalar("SELECT id FROM objectives WHERE title = ?", [title]))


@pytest.mark.parametrize("email", [MANAGER, TEAM_MANAGER, REP])
def test_only_an_admin_imports_undoes_and_removes_data(access_store: Store, tmp_path: Path, email: str) -> None:
    actor = user(access_store, email)
    path = tmp_path / "deals.csv"
    path.write_text(DEALS, encoding="utf-8")
    latest = int(list_imports(access_store)["id"].max())
    before = table_counts(access_store.cursor())
    refusals = [
        lambda: import_file(access_store, path, kind="deals", actor=actor),
        lambda: import_file(access_store, path, kind="deals", dry_run=True, actor=actor),
        lambda: undo_import(access_store, latest, actor=actor),
        lambda: demo.remove_demo_data(access_store, actor=actor),
        lambda: save_stage_map(access_store, "demo", [("Won", "won", 1, 1.0)], actor=actor),
        lambda: save_lead_status_map(access_store, "demo", [("New", True, False)], actor=actor),
    ]
    for refused in refusals:
        with pytest.raises(AccessDeniedError, match=f"\\({actor.role}\\) may not import, undo or remove data"):
            refused()
    assert table_counts(access_store.cursor()) == before


def test_an_admins_import_and_undo_record_who(access_store: Store, tmp_path: Path) -> None:
    admin = user(access_store, ADMIN)
    path = tmp_path / "deals.csv"
    path.write_text(DEALS, encoding="utf-8")
    done = import_file(access_store, path, kind="deals", actor=admin)
    undo_import(access_store, done.import_id, actor=admin)
    row = list_imports(access_store).iloc[0]
    assert (row["id"], row["imported_by"], row["undone_by"]) == (done.import_id, ADMIN, ADMIN)
    assert set(list_imports(access_store)["imported_by"].iloc[1:]) == {"local"}  # the demo, loaded on the server


def test_the_command_line_imports_as_the_person_at_the_server(access_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "deals.csv"
    path.write_text(DEALS, encoding="utf-8")
    done = import_file(access_store, path, kind="deals")
    assert access_store.scalar("SELECT imported_by FROM imports WHERE id = ?", [done.import_id]) == "local"


def test_a_rep_writes_no_objective_action_or_note(access_store: Store) -> None:
    rep = user(access_store, REP)
    mine = objective_id(access_store, "Hugo +10 %")
    before = table_counts(access_store.cursor())
    refusals = [
        lambda: create_objective(access_store, _objective("Mine", "rep", REP_NAME), actor=rep),
        lambda: revise_objective(access_store, mine, "why not", target_input=20.0, actor=rep),
        lambda: archive_objective(access_store, mine, actor=rep),
        lambda: add_action(access_store, mine, "Call them", actor=rep),
        lambda: add_proposed_actions(access_store, get_objective(access_store, mine), "at_risk", ["x"], actor=rep),
        lambda: save_note(access_store, DEMO_TODAY, "note", "A note", {}, actor=rep),
    ]
    for refused in refusals:
        with pytest.raises(AccessDeniedError, match="\\(rep\\) may not write objectives"):
            refused()
    assert table_counts(access_store.cursor()) == before


def test_a_team_manager_writes_for_their_team_and_its_reps_only(access_store: Store) -> None:
    paula = user(access_store, TEAM_MANAGER)
    assert may_write_for(access_store, paula, "team", TEAM) and may_write_for(access_store, paula, "rep", REP_NAME)
    assert not may_write_for(access_store, paula, "company", None)
    assert not may_write_for(access_store, paula, "rep", OTHER_REP_NAME)
    camille = objective_id(access_store, "Camille +10 %")
    company = objective_id(access_store, "Chiffre d'affaires +15 % cette année")
    for refused in (
        lambda: create_objective(access_store, _objective("Whole company", "company", None), actor=paula),
        lambda: create_objective(access_store, _objective("Camille", "rep", OTHER_REP_NAME), actor=paula),
        lambda: revise_objective(access_store, camille, "more", target_input=20.0, actor=paula),
        lambda: archive_objective(access_store, company, actor=paula),
        lambda: add_action(access_store, camille, "Coach Camille", actor=paula),
        lambda: add_action(access_store, None, "Company action", actor=paula),
        lambda: revise_objective(access_store, objective_id(access_store, "PME +10 %"), "move it", scope_type="team",
                                 scope_value="Grands comptes", actor=paula),
    ):
        with pytest.raises(AccessDeniedError, match="manages the team PME"):
            refused()
    new_id = create_objective(access_store, _objective("Hugo, second", "rep", REP_NAME), actor=paula)
    pme = objective_id(access_store, "PME +10 %")
    assert revise_objective(access_store, pme, "a better year", target_input=12.0, actor=paula) == ["target_input"]
    action = add_action(access_store, pme, "Weekly pipeline call", "Paula", DEMO_TODAY, actor=paula)
    update_action(access_store, action, status="done", actor=paula)
    archive_objective(access_store, new_id, "merged", actor=paula)
    assert access_store.scalar("SELECT created_by FROM objectives WHERE id = ?", [new_id]) == TEAM_MANAGER
    history = revisions(access_store, pme)
    assert list(zip(history["field"], history["new_value"], history["revised_by"], strict=True)) == [
        ("target_input", "12", TEAM_MANAGER)]
    assert list(revisions(access_store, new_id)["revised_by"]) == [TEAM_MANAGER]  # the archiving
    actions = list_actions(access_store, pme)
    assert list(zip(actions["title"], actions["status"], actions["created_by"], actions["updated_by"],
                    strict=True)) == [("Weekly pipeline call", "done", TEAM_MANAGER, TEAM_MANAGER)]
    assert actions["updated_at"].notna().all() and actions["closed_at"].notna().all()
    with pytest.raises(AccessDeniedError):
        update_action(access_store, add_action(access_store, camille, "Coach", actor=LOCAL_ADMIN), status="done",
                      actor=paula)


def test_a_note_belongs_to_the_review_of_its_writers_scope(access_store: Store) -> None:
    paula, marc = user(access_store, TEAM_MANAGER), user(access_store, MANAGER)
    save_note(access_store, DEMO_TODAY, "decision", "Call every PME lead", {"review_on": "x"}, actor=paula)
    save_note(access_store, DEMO_TODAY - dt.timedelta(days=7), "note", "Company note", {}, actor=marc)
    assert [(n.body, n.created_by) for n in notes_of(access_store, DEMO_TODAY, paula.scope)] == [
        ("Call every PME lead", TEAM_MANAGER)]
    assert notes_of(access_store, DEMO_TODAY) == []  # the company's review of that day has no note
    assert review_dates(access_store, paula.scope) == [DEMO_TODAY]
    assert review_dates(access_store) == [DEMO_TODAY - dt.timedelta(days=7)]
    assert review_dates(access_store, user(access_store, REP).scope) == []
