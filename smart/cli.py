"""``python -m smart``: the command line, for set-up and for scheduled jobs.

Each feature area registers its own sub-commands (``register(subparsers)``) so that this module stays a table
of contents. Exit codes: 0 success, 1 a failure while working, 2 bad input (the reason on one stderr line).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import sys
from collections.abc import Sequence

from smart.clock import ClockSettingError
from smart.storage import StorageError

COMMAND_MODULES = (
    "smart.commands",
    "smart.analytics.cli",
    "smart.objectives.cli",
    "smart.ingest.cli",
    "smart.review.cli",
    "smart.serve",
    "smart.backup.cli",
    "smart.currency.cli",
    "smart.users_cli",
    "smart.api.tokens_cli",
)
EXIT_OK, EXIT_FAILURE, EXIT_BAD_INPUT = 0, 1, 2


class CommandError(Exception):
    """Bad input or a state the user must fix: printed as one line on stderr, exit code 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m smart",
        description="SMART Pilot: SMART sales objectives and the KPIs that steer a team to them.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers)
    return parser


def iso_date(text: str) -> dt.date:
    """An argparse type for ISO dates, with a message that says what was expected."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"{text!r} is not an ISO date (YYYY-MM-DD)") from error


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="PATH", help="database file (default: $SMART_DB, else data/smart.duckdb)")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or EXIT_OK)
    except (CommandError, StorageError, ClockSettingError) as error:
        print(f"error: {_sentence(error, hasattr(args, 'server'))}", file=sys.stderr)
        return getattr(error, "exit_code", EXIT_BAD_INPUT)


def _sentence(error: Exception, through_server: bool) -> str:
    """The one line a failure prints; a database the SMART Pilot server holds says to go through it (``--server``),
    when the command can."""
    if isinstance(error, StorageError) and error.kind == "locked":
        from smart.api.client import locked_sentence

        return locked_sentence(error, through_server) or str(error)
    return str(error)
