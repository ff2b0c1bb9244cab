"""``python -m smart objectives [list|check ID|status] [--format table|csv|json] [--db PATH]``.

The ``status`` layout is a contract: one row per active objective, CSV header
``id,kpi,target,actual,expected,projection,probability,status`` and JSON records with the same keys. Figures
are in the KPI's unit (totals over the window for additive KPIs, ratios for rates), probability in 0..1. With
``--server URL`` the command runs on the server (``GET /api/v1/objectives``, ``/objectives/status``,
``/objectives/ID/check``) as the token's user: a rep's token lists and checks their own objectives only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from smart import clock
from smart.access import LOCAL_ADMIN, AccessDeniedError, User
from smart.analytics.filters import EVERYTHING, Scope
from smart.api import client
from smart.api.output import Output, media_type
from smart.cli import CommandError, add_command, add_db_argument, iso_date
from smart.objectives.model import ObjectiveError
from smart.objectives.store import get_objective, list_objectives
from smart.storage import Store, open_store

if TYPE_CHECKING:
    import pandas as pd

FORMATS = ("table", "csv", "json")
ACTIONS = ("list", "check", "status")
STATUS_COLUMNS = ("id", "kpi", "target", "actual", "expected", "projection", "probability", "status")
LIST_COLUMNS = ("id", "title", "kpi", "scope_type", "scope_value", "direction", "target_mode", "target_input",
                "statistic", "grain", "start_on", "deadline", "owner", "theme", "parent_id")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``objectives`` command: ``list`` the objectives, or ``check`` one against the SMART criteria."""
    parser = add_command(subparsers, "objectives")
    parser.add_argument("action", nargs="?", choices=ACTIONS, default="list", help="what to do (default: list)")
    parser.add_argument("objective_id", nargs="?", type=int, metavar="ID", help="the objective to check")
    parser.add_argument("--format", choices=FORMATS, default="table", help="output format (default: table)")
    parser.add_argument("--lang", choices=("en", "fr"), default="en", help="language of the check (default: en)")
    parser.add_argument("--today", type=iso_date, metavar="DATE", help="pretend today is this ISO date")
    add_db_argument(parser)
    client.add_server_arguments(parser)
    parser.set_defaults(handler=run_objectives)


def check_arguments(args: argparse.Namespace) -> None:
    """CommandError for an action and an id that do not go together."""
    if args.action == "check" and args.objective_id is None:
        raise CommandError("objectives check needs an objective id, e.g. `python -m smart objectives check 1`")
    if args.action != "check" and args.objective_id is not None:
        raise CommandError(f"objectives {args.action} takes no id (only `check ID` does)")


def run_objectives(args: argparse.Namespace) -> int:
    """``objectives``: list or check, from the local database or, with ``--server``, from the server's API."""
    check_arguments(args)
    server = client.server_of(args)
    if server is not None:
        return client.objectives(server, args)
    store = open_store(args.db)
    try:
        output = objectives_output(store, args, LOCAL_ADMIN)
    finally:
        store.close()
    return output.emit()


def objectives_output(store: Store, args: argparse.Namespace, viewer: User) -> Output:
    """What ``objectives`` prints for ``args``, for the objectives ``viewer`` may see (AccessDeniedError when the
    one to check is not one of them)."""
    check_arguments(args)
    today = args.today or clock.today()
    if args.action == "list" and args.format == "table":
        return Output(list_table(list_rows(store, viewer.scope)))
    if args.action == "list":
        frame = list_frame(store, viewer.scope)
    elif args.action == "status":
        frame = status_frame(store, today, viewer.scope)
    else:
        try:
            objective = get_objective(store, args.objective_id)
        except ObjectiveError as error:
            raise CommandError(str(error)) from error
        seen = {o.id for o in list_objectives(store, include_archived=True, scope=viewer.scope)}
        if objective.id not in seen:
            raise AccessDeniedError(f"{viewer.label} ({viewer.role}) may not see objective {objective.id}: it is "
                                    "not within their scope")
        from smart.objectives.checker import check, letters_frame  # start-up time: it imports pandas
        frame = letters_frame(check(store, objective, args.lang, today))
    return Output(render(frame, args.format), media_type=media_type(args.format))


def list_rows(store: Store, scope: Scope = EVERYTHING) -> list[dict[str, Any]]:
    """The objectives ``scope`` may see, as plain values under the list's columns."""
    return [{column: getattr(o, column) for column in LIST_COLUMNS} for o in list_objectives(store, scope=scope)]


def list_frame(store: Store, scope: Scope = EVERYTHING) -> pd.DataFrame:
    """The objectives ``scope`` sees, one row each, with the columns ``objectives list`` prints."""
    import pandas as pd  # start-up time: only the CSV and JSON lists are written from a frame

    return pd.DataFrame(list_rows(store, scope), columns=list(LIST_COLUMNS))


def status_frame(store: Store, today: dt.date, scope: Scope = EVERYTHING) -> pd.DataFrame:
    """One row per active objective ``scope`` may see, with the contract columns."""
    import pandas as pd  # start-up time: `objectives list` does without pandas

    from smart.objectives.pace import progress  # start-up time: as above
    rows = []
    for objective in list_objectives(store, scope=scope):
        p = progress(store, objective, today)
        rows.append({"id": objective.id, "kpi": objective.kpi, "target": p.target, "actual": p.actual,
                     "expected": p.expected, "projection": p.projection, "probability": p.probability,
                     "status": p.status})
    return pd.DataFrame(rows, columns=list(STATUS_COLUMNS))


def table_number(value: float) -> str:
    """A figure of the table: four significant digits under 10, else whole, with thousands separated."""
    return f"{value:,.4g}" if abs(value) < 10 else f"{value:,.0f}"


def render(frame: pd.DataFrame, output_format: str) -> str:
    """The objectives' table as ``objectives list`` prints it: CSV, JSON or an aligned text table."""
    import pandas as pd  # start-up time: `objectives list` does without pandas

    from smart.jsonable import exact_csv, json_records  # start-up time: as above
    if output_format == "csv":
        return exact_csv(frame)
    if output_format == "json":
        return json.dumps(json_records(frame), ensure_ascii=False, indent=2) + "\n"
    if frame.empty:
        return "(no objectives)\n"
    with pd.option_context("display.max_colwidth", 120, "display.width", 200):
        text = frame.to_string(index=False, float_format=table_number)
    return str(text) + "\n"


def list_table(rows: Sequence[dict[str, Any]]) -> str:
    """The objectives as pandas' ``to_string`` (``render``) writes them, without pandas: columns right-aligned and
    one space apart, a number column's header after a space (a sign's place), a missing text or
    number as ``NaN`` (``None`` in a column with nothing else, or of dates), the numbers of a column with a missing
    one or a fraction written by ``table_number``, tabs and line breaks escaped."""
    if not rows:
        return "(no objectives)\n"
    columns = [_table_column(name, [row[name] for row in rows]) for name in LIST_COLUMNS]
    widths = [max(len(cell) for cell in column) for column in columns]
    lines = [" ".join(column[i].rjust(width) for column, width in zip(columns, widths, strict=True))
             for i in range(len(rows) + 1)]
    return "\n".join(lines) + "\n"


def _table_column(name: str, values: list[Any]) -> list[str]:
    """The column's header and cells, as pandas types and writes a column of these values."""
    present = [value for value in values if value is not None]
    numbers = bool(present) and all(isinstance(value, int | float) and not isinstance(value, bool)
                                    for value in present)
    if numbers and (len(present) < len(values) or any(isinstance(value, float) for value in present)):
        return [f" {name}", *("NaN" if value is None else table_number(value) for value in values)]
    if numbers:
        return [f" {name}", *(f"{value:d}" for value in values)]
    if present and all(isinstance(value, str) for value in present):
        return [name, *("NaN" if value is None else _escaped(value) for value in values)]
    return [name, *(_escaped(str(value)) for value in values)]


def _escaped(text: str) -> str:
    return text.replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n")
