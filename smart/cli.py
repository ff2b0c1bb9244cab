"""``python -m smart``: the command line, for set-up and for scheduled jobs.

Each feature area registers its own sub-commands (``register(subparsers)``, each made with ``add_command``) so that
this module stays a table of contents: ``COMMANDS`` names each command's module and its one-line summary. Only the
module of the command asked is imported, so that ``kpi --list`` does not load what ``report`` needs (fpdf, Altair,
vl-convert); ``--help`` lists every command from the table alone. Exit codes: 0 success, 1 a failure while working,
2 bad input (the reason on one stderr line).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from smart.clock import ClockSettingError
from smart.storage import StorageError


@dataclass(frozen=True)
class Command:
    """A sub-command: the module whose ``register(subparsers)`` makes its parser, and its line in ``--help``."""

    module: str
    summary: str


COMMANDS: dict[str, Command] = {
    "init": Command("smart.commands", "create the database, or migrate it to the current schema"),
    "demo": Command("smart.commands", "write the demo company's CRM exports into data/demo/ and import them"),
    "kpi": Command("smart.analytics.cli", "list the KPIs, or show one KPI per period"),
    "objectives": Command("smart.objectives.cli", "list objectives, check one (SMART), or show their status"),
    "import": Command("smart.ingest.cli", "import a CRM export (CSV, TSV or XLSX): deals, leads, KPI history, "
                                          "objectives or targets (the plan)"),
    "report": Command("smart.review.cli", "write the weekly review as a PDF or HTML file"),
    "serve": Command("smart.serve", "serve the app in the browser (on this machine only, unless sign-in is "
                                    "configured or --insecure)"),
    "backup": Command("smart.backup.cli", "back the database and its uploaded files up into a new folder, "
                                          "consistent while the app runs"),
    "restore": Command("smart.backup.cli", "restore a backup folder into the database (the database replaced is "
                                           "kept aside)"),
    "currency": Command("smart.currency.cli", "show or change the reporting currency; list the deals' currencies "
                                              "and their rates"),
    "users": Command("smart.users_cli", "who may sign in, and with which role (admin, manager, rep)"),
    "tokens": Command("smart.api.tokens_cli", "the HTTP API's tokens (--server): make, list, revoke"),
}
COMMAND_MODULES = tuple(dict.fromkeys(command.module for command in COMMANDS.values()))
EXIT_OK, EXIT_FAILURE, EXIT_BAD_INPUT = 0, 1, 2


class CommandError(Exception):
    """Bad input or a state the user must fix: printed as one line on stderr, exit code 2."""


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser of ``python -m smart``. Given the command line ``argv``, only the module of the command it names is
    imported (the other commands get a bare parser with their summary, enough for ``--help`` and for refusing a
    wrong name); without ``argv``, every command's module."""
    parser = argparse.ArgumentParser(
        prog="python -m smart",
        description="SMART Pilot: SMART sales objectives and the KPIs that steer a team to them.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    asked = None if argv is None else command_named(argv)
    modules = COMMAND_MODULES if argv is None else tuple(dict.fromkeys(
        COMMANDS[name].module for name in COMMANDS if name == asked))
    for module_name in modules:
        importlib.import_module(module_name).register(subparsers)
    for name in COMMANDS:
        if name not in subparsers.choices:
            add_command(subparsers, name)
    return parser


def command_named(argv: Sequence[str]) -> str | None:
    """The sub-command ``argv`` names: its first word that is not an option (the top level has only ``-h``)."""
    return next((word for word in argv if not word.startswith("-")), None)


def add_command(subparsers: argparse._SubParsersAction[argparse.ArgumentParser], name: str) -> argparse.ArgumentParser:
    """The sub-parser of the command ``name``, with its summary from ``COMMANDS``."""
    return subparsers.add_parser(name, help=COMMANDS[name].summary)


def iso_date(text: str) -> dt.date:
    """An argparse type for ISO dates, with a message that says what was expected."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"{text!r} is not an ISO date (YYYY-MM-DD)") from error


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    """``--db PATH``: the database a command works on (default: ``$SMART_DB``, else ``data/smart.duckdb``)."""
    parser.add_argument("--db", metavar="PATH", help="database file (default: $SMART_DB, else data/smart.duckdb)")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command of ``argv`` (default: the process's arguments) and return its exit code; a bad input is one line
    on stderr and exit code 2, never a traceback."""
    words = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(words).parse_args(words)
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
