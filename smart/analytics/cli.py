"""``python -m smart kpi``: list the KPIs, or print one KPI per period as a table, CSV or JSON.

The CSV layout is a contract: header ``period,value``, or ``period,<by>,value`` with ``--by``; ``period`` is the
ISO date of the first day of each period. A money KPI that left deals out (no exchange rate converts their currency)
says so on one stderr line, ``note: 12 deals in PLN left out of the amounts (no exchange rate to EUR)``.
"""

from __future__ import annotations

import argparse
import json
import sys

import pandas as pd

from smart.analytics.catalogue import STATS
from smart.analytics.engine import BY_COLUMNS, UnknownKpiError, available_kpis, get_kpi, kpi_series, left_out
from smart.analytics.filters import GRAINS, Filters
from smart.cli import CommandError, add_db_argument, iso_date
from smart.currency import reporting_currency
from smart.jsonable import exact_csv, json_records
from smart.storage import open_store

FORMATS = ("table", "csv", "json")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("kpi", help="list the KPIs, or show one KPI per period")
    parser.add_argument("kpi_id", nargs="?", metavar="ID", help="the KPI to show (see --list)")
    parser.add_argument("--list", action="store_true", help="list the KPI ids with their labels and units")
    parser.add_argument("--from", dest="start", type=iso_date, metavar="DATE", help="first day (ISO date)")
    parser.add_argument("--to", dest="end", type=iso_date, metavar="DATE", help="last day (ISO date)")
    parser.add_argument("--grain", choices=GRAINS, default="month", help="period length (default: month)")
    parser.add_argument("--by", choices=tuple(BY_COLUMNS), help="one row per team, owner, lead source or product")
    parser.add_argument("--stat", choices=STATS, help="statistic of a distribution KPI (default: mean)")
    parser.add_argument("--format", choices=FORMATS, default="table", help="output format (default: table)")
    add_db_argument(parser)
    parser.set_defaults(handler=run_kpi)


def run_kpi(args: argparse.Namespace) -> int:
    store = open_store(args.db)
    try:
        if args.list:
            for kpi_id in available_kpis(store):
                kpi = get_kpi(kpi_id, store)
                print(f"{kpi.id}\t{kpi.unit}\t{kpi.label('en')}")
            return 0
        if not args.kpi_id:
            raise CommandError("give a KPI id, or --list to see them")
        try:
            kpi = get_kpi(args.kpi_id, store)
        except UnknownKpiError as error:
            raise CommandError(str(error)) from error
        if args.start and args.end and args.start > args.end:
            raise CommandError(f"--from {args.start} is after --to {args.end}")
        filters = Filters(args.start, args.end)
        try:
            frame = kpi_series(store, kpi.id, filters, grain=args.grain, by=args.by, stat=args.stat)
        except ValueError as error:
            raise CommandError(str(error)) from error
        left = left_out(store, kpi.id, filters)
        if left:
            counts = ", ".join(f"{count} deal{'' if count == 1 else 's'} in {currency}"
                               for currency, count in left.by_currency)
            print(f"note: {counts} left out of the amounts (no exchange rate to {reporting_currency(store)})",
                  file=sys.stderr)
    finally:
        store.close()
    sys.stdout.write(render(frame, args.by, args.format))
    return 0


def render(frame: pd.DataFrame, by: str | None, output_format: str) -> str:
    """The KPI series as text: an aligned table, the contract CSV, or JSON records."""
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
    return out[columns + [c for c in ("numerator", "denominator", "partial") if c in out]].to_string(index=False) + "\n"


