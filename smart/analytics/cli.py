"""``python -m smart kpi``: list the KPIs, or print one KPI per period as a table, CSV or JSON.

The CSV layout is a contract: header ``period,value``, or ``period,<by>,value`` with ``--by``; ``period`` is the
ISO date of the first day of each period. A money KPI that left deals out (no exchange rate converts their currency)
says so on one stderr line, ``note: 12 deals in PLN left out of the amounts (no exchange rate to EUR)``.
``--owner`` and ``--team`` (repeatable) narrow the figures to reps or teams. With ``--server URL`` the command runs
on the server (``GET /api/v1/kpi/ID``), as the token's user: a rep's token reads their own figures only, and asking
for another rep's is refused.
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from smart.access import LOCAL_ADMIN, User, require_within_scope
from smart.analytics.catalogue import STATS, UnknownKpiError, available_kpis, get_kpi
from smart.analytics.filters import GRAINS, Filters
from smart.analytics.kpi_sql import BY_COLUMNS
from smart.api import client
from smart.api.output import Output, media_type
from smart.cli import CommandError, add_command, add_db_argument, iso_date
from smart.currency import reporting_currency
from smart.storage import Store, open_store

if TYPE_CHECKING:
    import pandas as pd

FORMATS = ("table", "csv", "json")
NO_KPI_GIVEN = "give a KPI id, or --list to see them"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``kpi`` command: one KPI by period, by team or owner, or ``--list`` of the KPIs."""
    parser = add_command(subparsers, "kpi")
    parser.add_argument("kpi_id", nargs="?", metavar="ID", help="the KPI to show (see --list)")
    parser.add_argument("--list", action="store_true", help="list the KPI ids with their labels and units")
    parser.add_argument("--from", dest="start", type=iso_date, metavar="DATE", help="first day (ISO date)")
    parser.add_argument("--to", dest="end", type=iso_date, metavar="DATE", help="last day (ISO date)")
    parser.add_argument("--grain", choices=GRAINS, default="month", help="period length (default: month)")
    parser.add_argument("--by", choices=tuple(BY_COLUMNS), help="one row per team, owner, lead source or product")
    parser.add_argument("--stat", choices=STATS, help="statistic of a distribution KPI (default: mean)")
    parser.add_argument("--owner", action="append", default=[], metavar="NAME",
                        help="only the figures of this rep, as the CRM names them (repeatable)")
    parser.add_argument("--team", action="append", default=[], metavar="TEAM",
                        help="only the figures of this team (repeatable)")
    parser.add_argument("--format", choices=FORMATS, default="table", help="output format (default: table)")
    add_db_argument(parser)
    client.add_server_arguments(parser)
    parser.set_defaults(handler=run_kpi)


def check_arguments(args: argparse.Namespace) -> None:
    """CommandError for a KPI series asked without a KPI, or with its days the wrong way round."""
    if args.list:
        return
    if not args.kpi_id:
        raise CommandError(NO_KPI_GIVEN)
    if args.start and args.end and args.start > args.end:
        raise CommandError(f"--from {args.start} is after --to {args.end}")


def run_kpi(args: argparse.Namespace) -> int:
    """``kpi``: print the KPI asked for, from the local database or, with ``--server``, from the server's API."""
    check_arguments(args)
    server = client.server_of(args)
    if server is not None:
        return client.kpi(server, args)
    store = open_store(args.db)
    try:
        output = kpi_output(store, args, LOCAL_ADMIN)
    finally:
        store.close()
    return output.emit()


def kpi_output(store: Store, args: argparse.Namespace, viewer: User) -> Output:
    """What ``kpi`` prints for ``args``, as far as ``viewer`` may see: the KPI list, or one KPI's series (with a
    note for the deals a money KPI left out). CommandError for bad input, AccessDeniedError for a rep or team
    outside the viewer's scope."""
    if args.list:
        return Output("".join(f"{kpi.id}\t{kpi.unit}\t{kpi.label('en')}\n"
                              for kpi in (get_kpi(kpi_id, store) for kpi_id in available_kpis(store))))
    check_arguments(args)
    try:
        kpi = get_kpi(args.kpi_id, store)
    except UnknownKpiError as error:
        raise CommandError(str(error)) from error
    require_within_scope(store, viewer, owners=args.owner, teams=args.team)
    # start-up time: the engine brings pandas and numpy, which `kpi --list` does without.
    from smart.analytics.engine import kpi_series, left_out
    filters = Filters(args.start, args.end, teams=tuple(args.team), owners=tuple(args.owner)).within(viewer.scope)
    try:
        frame = kpi_series(store, kpi.id, filters, grain=args.grain, by=args.by, stat=args.stat)
    except ValueError as error:
        raise CommandError(str(error)) from error
    notes = []
    left = left_out(store, kpi.id, filters)
    if left:
        counts = ", ".join(f"{count} deal{'' if count == 1 else 's'} in {currency}"
                           for currency, count in left.by_currency)
        notes.append(f"note: {counts} left out of the amounts (no exchange rate to {reporting_currency(store)})")
    return Output(render(frame, args.by, args.format), tuple(notes), media_type(args.format))


def render(frame: pd.DataFrame, by: str | None, output_format: str) -> str:
    """The KPI series as text: an aligned table, the contract CSV, or JSON records."""
    from smart.jsonable import exact_csv, json_records  # start-up time: imports pandas, which `kpi --list` does without
    columns = ["period", *([by] if by else []), "value"]
    out = frame.copy()
    out["period"] = [period.isoformat() for period in out["period"]]
    if output_format == "csv":
        return exact_csv(out[columns])
    if output_format == "json":
        extra = [c for c in ("numerator", "denominator", "low", "high", "partial", "immature") if c in out]
        return json.dumps(json_records(out[columns + extra]), ensure_ascii=False, indent=2) + "\n"
    if out.empty:
        return "(no data)\n"
    shown = out[columns + [c for c in ("numerator", "denominator", "partial") if c in out]]
    return str(shown.to_string(index=False)) + "\n"
