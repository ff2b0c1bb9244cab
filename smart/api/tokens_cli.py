"""``python -m smart tokens``: the HTTP API's tokens, made and revoked by an admin.

    python -m smart tokens add EMAIL [--name NAME] [--format text|json]
    python -m smart tokens list [--format table|csv|json]
    python -m smart tokens revoke ID

``add`` prints the secret alone on stdout (``SMART_TOKEN=$(python -m smart tokens add ...)``), once: only its hash is
kept; what it is and how to use it goes to stderr. ``--format json`` prints one object with ``id``, ``email``,
``name``, ``created_at`` and ``secret``. The CSV header of ``list`` is
``id,email,name,created_at,created_by,last_used_at,revoked_at,revoked_by``; JSON is a list of objects with those keys,
times in ISO form. The command line acts as the person at the server (``LOCAL_ADMIN``). Exit 0 on success, 2 with one
line on stderr for an e-mail without an account or a token that does not exist.
"""

from __future__ import annotations

import argparse
import json
import sys

from smart.access import LOCAL_ADMIN
from smart.admin_cli import FORMATS, render_records, with_store
from smart.api.tokens import ApiToken, create_token, list_tokens, revoke_token
from smart.cli import add_command, add_db_argument
from smart.storage import Store

COLUMNS = ("id", "email", "name", "created_at", "created_by", "last_used_at", "revoked_at", "revoked_by")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``tokens`` command: ``add``, ``list`` and ``revoke`` the API tokens."""
    parser = add_command(subparsers, "tokens")
    actions = parser.add_subparsers(dest="tokens_action", required=True, metavar="ACTION")

    add = actions.add_parser("add", help="make a token acting as a user; its secret is printed once")
    add.add_argument("email", metavar="EMAIL", help="the user the token acts as (same role, same scope)")
    add.add_argument("--name", help="what the token is for, e.g. 'nightly import'")
    add.add_argument("--format", choices=("text", "json"), default="text")
    add_db_argument(add)

    listing = actions.add_parser("list", help="list the tokens (never their secrets)")
    listing.add_argument("--format", choices=FORMATS, default="table", help="output format (default: table)")
    add_db_argument(listing)

    revoke = actions.add_parser("revoke", help="revoke a token for good")
    revoke.add_argument("token_id", type=int, metavar="ID")
    add_db_argument(revoke)

    for sub, handler in ((add, run_add), (listing, run_list), (revoke, run_revoke)):
        sub.set_defaults(handler=handler)


def run_add(args: argparse.Namespace) -> int:
    """``tokens add``: make a token acting as a user and print its secret, the only time it is shown."""
    def action(store: Store) -> int:
        token, secret = create_token(store, args.email, name=args.name, actor=LOCAL_ADMIN)
        if args.format == "json":
            print(json.dumps({"id": token.id, "email": token.email, "name": token.name,
                              "created_at": token.created_at.isoformat(timespec="seconds"), "secret": secret}))
        else:
            print(secret)
        print(f"token #{token.id} acts as {token.email}; the secret above is shown once and stored hashed: use it as "
              "SMART_TOKEN with --server URL (revoke it with: tokens revoke "
              f"{token.id})", file=sys.stderr)
        return 0

    return with_store(args.db, action)


def run_list(args: argparse.Namespace) -> int:
    """``tokens list``: every token, revoked ones included, as a table or JSON."""
    sys.stdout.write(with_store(args.db, lambda store: render(list_tokens(store), args.format)))
    return 0


def run_revoke(args: argparse.Namespace) -> int:
    """``tokens revoke``: stop a token from working (it stays listed, with its revocation date)."""
    def action(store: Store) -> int:
        token = revoke_token(store, args.token_id, actor=LOCAL_ADMIN)
        print(f"token #{token.id} ({token.email}) revoked on {token.revoked_at:%Y-%m-%d %H:%M}")
        return 0

    return with_store(args.db, action)


def _record(token: ApiToken) -> dict[str, object]:
    return {column: (value.isoformat(timespec="seconds") if hasattr(value, "isoformat") else value)
            for column, value in ((column, getattr(token, column)) for column in COLUMNS)}


def render(tokens: list[ApiToken], output_format: str) -> str:
    """The tokens as an aligned table, CSV (``COLUMNS``) or JSON."""
    return render_records([_record(token) for token in tokens], COLUMNS, output_format,
                          empty="(no tokens: make one with `python -m smart tokens add EMAIL`)\n")
