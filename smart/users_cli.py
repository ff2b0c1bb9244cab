"""``python -m smart users``: who may sign in, with which role: how the first admin is made.

    python -m smart users add EMAIL --role admin|manager|rep [--name NAME] [--rep OWNER ...] [--team TEAM]
    python -m smart users set EMAIL [--role ROLE] [--name NAME] [--rep OWNER ...] [--team TEAM]
    python -m smart users remove EMAIL
    python -m smart users list [--format table|csv|json]

The command line acts as the person at the server (``LOCAL_ADMIN``), and records ``local`` as who made each
change. ``--rep`` is repeated for a rep known under several names across CRMs; on ``set`` it replaces the names.
An empty ``--name ''`` or ``--team ''`` clears it. A name or team not found in the data is accepted (the data may
come later) and said on stderr. Exit 0 on success, 2 with one line on stderr for bad input: an e-mail that is not
one, a role that is not one, a rep without a name, an e-mail that already has an account (add) or has none (set,
remove), the last admin removed or demoted.

The CSV header is ``email,name,role,reps,team,created_at,created_by``, a rep's names joined by ``;``; JSON is a list
of objects with those keys, ``reps`` a list and the time in ISO form.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from smart import dimensions
from smart.access import LOCAL_ADMIN, ROLES, User, add_user, list_users, remove_user, update_user
from smart.admin_cli import FORMATS, render_records, with_store
from smart.cli import add_command, add_db_argument
from smart.storage import Store

CSV_COLUMNS = ("email", "name", "role", "reps", "team", "created_at", "created_by")
REPS_SEPARATOR = ";"
NO_ACCOUNTS = "(no accounts: add the first admin with `python -m smart users add EMAIL --role admin`)\n"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``users`` command: ``add``, ``set``, ``remove`` and ``list`` the accounts."""
    parser = add_command(subparsers, "users")
    actions = parser.add_subparsers(dest="users_action", required=True, metavar="ACTION")

    add = actions.add_parser("add", help="give a person an account")
    add.add_argument("email", metavar="EMAIL", help="the e-mail their sign-in provider gives")
    add.add_argument("--role", required=True, choices=ROLES, help="admin, manager or rep")
    _account_options(add)

    change = actions.add_parser("set", help="change a person's role, name, rep names or team")
    change.add_argument("email", metavar="EMAIL")
    change.add_argument("--role", choices=ROLES, help="admin, manager or rep")
    _account_options(change)

    remove = actions.add_parser("remove", help="remove a person's account")
    remove.add_argument("email", metavar="EMAIL")
    add_db_argument(remove)

    listing = actions.add_parser("list", help="list the accounts")
    listing.add_argument("--format", choices=FORMATS, default="table", help="output format (default: table)")
    add_db_argument(listing)

    for sub, handler in ((add, run_add), (change, run_set), (remove, run_remove), (listing, run_list)):
        sub.set_defaults(handler=handler)


def _account_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--name", help="how to show them ('' clears it)")
    parser.add_argument("--rep", action="append", metavar="OWNER",
                        help="a rep's name in the CRM data (repeat it for each name they have across CRMs)")
    parser.add_argument("--team", help="a manager's team (they see and steer it only), or a rep's ('' clears it)")
    add_db_argument(parser)


def _save_account(args: argparse.Namespace, save: Callable[[Store], User], done: str) -> int:
    """Add or change an account (``save``), say on stderr which of its names the data does not hold, and print the
    account as it is now."""
    def action(store: Store) -> int:
        user = save(store)
        _warn_unknown_names(store, user)
        print(f"{user.email}: account {done} ({describe(user)})")
        return 0

    return with_store(args.db, action)


def run_add(args: argparse.Namespace) -> int:
    """``users add``: give a person an account with a role (and for a rep, the names their deals carry)."""
    return _save_account(args, lambda store: add_user(store, args.email, args.role, name=args.name,
                                                      reps=args.rep or (), team=args.team, actor=LOCAL_ADMIN),
                         "added")


def run_set(args: argparse.Namespace) -> int:
    """``users set``: change the role, name, rep names or team of an account; what is not given stays."""
    return _save_account(args, lambda store: update_user(store, args.email, role=args.role, name=args.name,
                                                         reps=args.rep, team=args.team, actor=LOCAL_ADMIN),
                         "changed")


def run_remove(args: argparse.Namespace) -> int:
    """``users remove``: take a person's account away."""
    def action(store: Store) -> int:
        user = remove_user(store, args.email, actor=LOCAL_ADMIN)
        print(f"{user.email}: account removed")
        return 0

    return with_store(args.db, action)


def run_list(args: argparse.Namespace) -> int:
    """``users list``: every account, as a table or JSON."""
    sys.stdout.write(with_store(args.db, lambda store: render(list_users(store), args.format)))
    return 0


def describe(user: User) -> str:
    """A user's role and what it covers, in one line."""
    parts = [user.role]
    if user.name:
        parts.append(f"name {user.name}")
    if user.reps:
        parts.append("rep names " + ", ".join(user.reps))
    if user.team:
        parts.append(f"team {user.team}")
    return "; ".join(parts)


def _warn_unknown_names(store: Store, user: User) -> None:
    """Say on stderr which rep names or team the data does not hold (yet): a typo shows at once."""
    options = dimensions.filter_options(store)
    unknown = [name for name in user.reps if name not in options["owner"]]
    if unknown:
        print(f"note: no deal or lead is owned by {', '.join(repr(name) for name in unknown)} yet", file=sys.stderr)
    if user.team and user.team not in options["team"]:
        print(f"note: no rep is in the team {user.team!r} yet", file=sys.stderr)


def _record(user: User) -> dict[str, object]:
    return {"email": user.email, "name": user.name, "role": user.role, "reps": list(user.reps), "team": user.team,
            "created_at": user.created_at.isoformat(timespec="seconds") if user.created_at else None,
            "created_by": user.created_by}


def render(users: list[User], output_format: str) -> str:
    """The accounts as an aligned table, CSV (``CSV_COLUMNS``) or JSON."""
    records = [_record(user) for user in users]
    flat = [{**record, "reps": REPS_SEPARATOR.join(user.reps)} for record, user in zip(records, users, strict=True)]
    return render_records(records, CSV_COLUMNS, output_format, flat=flat, empty=NO_ACCOUNTS)
