"""Accounts: the users table's rules (an e-mail whatever its case, a rep's names, the last admin kept) and the
``python -m smart users`` contract (add, set, remove, list as table, CSV and JSON; exit codes 0 and 2)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from smart.access import (
    LOCAL_ADMIN,
    AccessDeniedError,
    UserError,
    add_user,
    find_user,
    list_users,
    remove_user,
    update_user,
)
from smart.cli import main
from smart.storage import Store


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "users.duckdb"


def users_cli(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    code = main(["users", *args, "--db", str(db)])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_first_admin_comes_from_the_command_line_and_is_listed_in_every_format(
        capsys: pytest.CaptureFixture[str], db: Path) -> None:
    assert users_cli(capsys, db, "add", " Ann@Example.COM ", "--role", "admin", "--name", "Ann")[0] == 0
    code, out, err = users_cli(capsys, db, "add", "hugo@example.com", "--role", "rep", "--rep", "Hugo Mercier",
                               "--rep", "hugo.mercier@crm", "--team", "PME")
    assert code == 0 and out == ("hugo@example.com: account added (rep; rep names Hugo Mercier, hugo.mercier@crm; "
                                 "team PME)\n")
    # An empty database holds no deal: every name is said to be unknown yet, on stderr, and the account is made.
    assert "'Hugo Mercier', 'hugo.mercier@crm'" in err and "'PME'" in err
    code, out, _ = users_cli(capsys, db, "list", "--format", "json")
    records = json.loads(out)
    assert code == 0 and [r["email"] for r in records] == ["ann@example.com", "hugo@example.com"]
    assert records[1] | {"created_at": None} == {"email": "hugo@example.com", "name": None, "role": "rep",
                                                 "reps": ["Hugo Mercier", "hugo.mercier@crm"], "team": "PME",
                                                 "created_at": None, "created_by": "local"}
    assert records[0]["created_at"][:4].isdigit() and "T" in records[0]["created_at"]
    code, out, _ = users_cli(capsys, db, "list", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert out.splitlines()[0] == "email,name,role,reps,team,created_at,created_by"
    assert [(r["email"], r["name"], r["role"], r["reps"], r["team"]) for r in rows] == [
        ("ann@example.com", "Ann", "admin", "", ""), ("hugo@example.com", "", "rep", "Hugo Mercier;hugo.mercier@crm",
                                                      "PME")]
    code, out, _ = users_cli(capsys, db, "list")
    assert code == 0 and out.splitlines()[0].split() == ["email", "name", "role", "reps", "team", "created_at",
                                                         "created_by"]
    assert "Hugo Mercier;hugo.mercier@crm" in out


def test_set_changes_only_what_it_is_given_and_an_empty_value_clears(capsys: pytest.CaptureFixture[str],
                                                                     db: Path) -> None:
    users_cli(capsys, db, "add", "ann@example.com", "--role", "admin")
    users_cli(capsys, db, "add", "paula@example.com", "--role", "manager", "--name", "Paula", "--team", "PME")
    assert users_cli(capsys, db, "set", "PAULA@example.com", "--team", "")[0] == 0
    store = Store(db)
    paula = find_user(store, "paula@example.com")
    store.close()
    assert paula is not None and (paula.role, paula.name, paula.team) == ("manager", "Paula", None)
    assert paula.updated_by == "local" and paula.updated_at is not None


@pytest.mark.parametrize(("args", "message"), [
    (("add", "not-an-email", "--role", "admin"), "'not-an-email' is not an e-mail address"),
    (("add", "zoe@example.com", "--role", "rep"), "a rep needs their name(s) in the CRM data"),
    (("add", "ANN@example.com", "--role", "manager"), "ann@example.com already has an account"),
    (("set", "zoe@example.com", "--role", "admin"), "'zoe@example.com' has no account"),
    (("remove", "zoe@example.com"), "'zoe@example.com' has no account"),
    (("remove", "ann@example.com"), "ann@example.com is the only admin"),
    (("set", "ann@example.com", "--role", "manager"), "ann@example.com is the only admin"),
])
def test_bad_input_exits_2_with_one_line_and_changes_nothing(capsys: pytest.CaptureFixture[str], db: Path,
                                                            args: tuple[str, ...], message: str) -> None:
    users_cli(capsys, db, "add", "ann@example.com", "--role", "admin")
    before = users_cli(capsys, db, "list", "--format", "json")[1]
    code, out, err = users_cli(capsys, db, *args)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("error: ") and message in err
    assert users_cli(capsys, db, "list", "--format", "json")[1] == before


def test_an_unknown_role_is_refused_by_the_parser(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["users", "add", "ann@example.com", "--role", "boss", "--db", str(db)])
    assert exit_info.value.code == 2
    assert "invalid choice: 'boss'" in capsys.readouterr().err


def test_the_last_admin_stays_once_another_admin_exists_they_may_go(tmp_path: Path) -> None:
    store = Store(tmp_path / "u.duckdb")
    add_user(store, "ann@example.com", "admin", actor=LOCAL_ADMIN)
    with pytest.raises(UserError, match="only admin"):
        remove_user(store, "ann@example.com", actor=LOCAL_ADMIN)
    add_user(store, "bob@example.com", "admin", actor=LOCAL_ADMIN)
    bob = find_user(store, "bob@example.com")
    assert bob is not None
    remove_user(store, "Ann@example.com", actor=bob)
    assert [u.email for u in list_users(store)] == ["bob@example.com"]
    with pytest.raises(UserError, match="only admin"):
        update_user(store, "bob@example.com", role="rep", reps=["Bob"], actor=bob)
    store.close()


def test_only_an_admin_manages_users(tmp_path: Path) -> None:
    store = Store(tmp_path / "u.duckdb")
    add_user(store, "ann@example.com", "admin", actor=LOCAL_ADMIN)
    manager = add_user(store, "marc@example.com", "manager", actor=LOCAL_ADMIN)
    with pytest.raises(AccessDeniedError, match="may not manage users"):
        add_user(store, "zoe@example.com", "admin", actor=manager)
    with pytest.raises(AccessDeniedError):
        update_user(store, "marc@example.com", role="admin", actor=manager)
    with pytest.raises(AccessDeniedError):
        remove_user(store, "ann@example.com", actor=manager)
    assert [(u.email, u.role) for u in list_users(store)] == [("ann@example.com", "admin"),
                                                              ("marc@example.com", "manager")]
    store.close()


def test_the_database_refuses_an_email_written_in_another_case(tmp_path: Path) -> None:
    """The key is unique case-insensitively even for a row written some other way than smart.access."""
    import duckdb

    store = Store(tmp_path / "u.duckdb")
    with pytest.raises(duckdb.ConstraintException), store.transaction() as tx:
        tx.execute("INSERT INTO users (email, role) VALUES ('Ann@Example.com', 'admin')")
    store.close()
