"""``python -m smart import PATH``: preview or import one CRM export, or undo an import.

Prints the same summary as the Import page's preview; ``--format json`` prints one JSON object instead. Exit 0 on
success (even with rejected rows), 2 on a whole-file problem with a one-line reason on stderr and nothing written.
Progress goes to stderr only when stderr is a terminal. With ``--server URL`` the file is sent to the server
(``POST /api/v1/import``, ``POST /api/v1/import/ID/undo``), which imports it as the token's user (an admin) and
answers what this command prints.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from smart.access import LOCAL_ADMIN, User
from smart.api import client
from smart.api.output import Output, media_type
from smart.cli import CommandError, add_command, add_db_argument, iso_date
from smart.ingest import (
    KINDS,
    PROFILES,
    ImportFileError,
    ImportOptions,
    ImportResult,
    Progress,
    run_import,
    undo_import,
)
from smart.ingest import currencies as cu
from smart.ingest import history as hi
from smart.ingest import lead_statuses as ls
from smart.ingest import rates as rt
from smart.ingest.mapping import parse_overrides
from smart.jsonable import json_value
from smart.storage import Store, open_store


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``import`` command: import a file, preview it (``--dry-run``) or ``--undo`` an import."""
    parser = add_command(subparsers, "import")
    parser.add_argument("path", nargs="?", metavar="PATH", help="the file to import")
    parser.add_argument("--kind", default="auto", choices=("auto", *KINDS))
    parser.add_argument("--profile", default="auto", choices=("auto", *PROFILES))
    parser.add_argument("--map", action="append", default=[], metavar="FIELD=COLUMN",
                        help="use COLUMN for FIELD (repeatable); COLUMN '=value' sets a constant, e.g. status==won")
    ids = parser.add_mutually_exclusive_group()
    ids.add_argument("--id", action="append", default=[], dest="id_columns", metavar="COLUMN",
                     help="the records' id: one column (as --map crm_id=COLUMN), or repeated to combine columns")
    ids.add_argument("--id-per-row", action="store_true",
                     help="one record per row: each row's id is made from its cells (the same row imported again "
                          "is found again; a changed row becomes a new record)")
    order = parser.add_mutually_exclusive_group()
    order.add_argument("--dayfirst", action="store_const", const="dmy", dest="date_order",
                       help="read ambiguous dates as dd/mm/yyyy")
    order.add_argument("--monthfirst", action="store_const", const="mdy", dest="date_order",
                       help="read ambiguous dates as mm/dd/yyyy")
    parser.add_argument("--decimal", choices=("dot", "comma"),
                        help="the decimal mark of numbers that read two ways (12.345: 12.345 with dot, 12345 with "
                             "comma), when no value of their column says which")
    parser.add_argument("--dry-run", action="store_true", help="preview only: check everything, write nothing")
    parser.add_argument("--sheet", metavar="NAME", help="the XLSX sheet to read (default: the first)")
    parser.add_argument("--as-of", type=iso_date, metavar="DATE",
                        help="the day the export was taken, for the deals' history "
                             "(default: a date in the file name, else today)")
    parser.add_argument("--source", metavar="NAME", help="the source system key (default: the profile's name)")
    parser.add_argument("--currency", metavar="CODE", help="currency of amounts written without one, e.g. EUR")
    parser.add_argument("--undo", type=int, metavar="IMPORT_ID", help="undo an import instead")
    parser.add_argument("--format", default="text", choices=("text", "json"))
    add_db_argument(parser)
    client.add_server_arguments(parser)
    parser.set_defaults(handler=run)


def _progress(stage: str, fraction: float) -> None:
    sys.stderr.write(f"\r{stage:<10} {fraction * 100:5.1f} %")
    if stage == "done":
        sys.stderr.write("\n")
    sys.stderr.flush()


def run(args: argparse.Namespace) -> int:
    """``import``: import, preview or undo, locally or on a server (``--server``), and print what happened."""
    if args.undo is None and not args.path:
        raise CommandError("import: give a PATH to import, or --undo IMPORT_ID")
    server = client.server_of(args)
    if server is not None:
        return client.import_or_undo(server, args)
    store = open_store(args.db)
    try:
        if args.undo is not None:
            output = undo_output(store, args, LOCAL_ADMIN)
        else:
            output = import_output(store, args.path, args, LOCAL_ADMIN,
                                   progress=_progress if sys.stderr.isatty() else None)
    finally:
        store.close()
    return output.emit()


def undo_output(store: Store, args: argparse.Namespace, viewer: User) -> Output:
    """What ``import --undo ID`` prints once ``viewer`` (an admin) has undone the import."""
    try:
        counts = undo_import(store, args.undo, actor=viewer)
    except ImportFileError as error:
        raise CommandError(str(error)) from None
    if args.format == "json":
        body = json.dumps({"undone": args.undo, **counts}) + "\n"
    else:
        details = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in counts.items())
        body = f"Import #{args.undo} undone: {details}\n"
    return Output(body, media_type=media_type(args.format), wrote=True)


def import_options(args: argparse.Namespace, viewer: User, display_name: str | None = None) -> ImportOptions:
    """The import ``args`` ask for, made by ``viewer``; CommandError for a mapping that cannot be."""
    try:
        overrides = parse_overrides(args.map)
    except ImportFileError as error:
        raise CommandError(" ".join(str(error).split())) from None
    if "crm_id" in overrides and (args.id_columns or args.id_per_row):
        raise CommandError("import: choose the id once: --map crm_id=COLUMN, --id COLUMN or --id-per-row")
    return ImportOptions(
        kind=args.kind, profile=args.profile, mapping=overrides, date_order=args.date_order,
        decimal=args.decimal, sheet=args.sheet, observed_on=args.as_of, source=args.source,
        dry_run=args.dry_run, display_name=display_name,
        default_currency=args.currency, id_columns=args.id_columns, id_per_row=args.id_per_row, actor=viewer,
    )


def import_output(store: Store, path: str | Path, args: argparse.Namespace, viewer: User, *,
                  display_name: str | None = None, progress: Progress | None = None) -> Output:
    """What ``import PATH`` prints once ``viewer`` (an admin) has imported (or previewed) the file at ``path``,
    known to the user as ``display_name`` (an upload's name; default: the file's)."""
    options = import_options(args, viewer, display_name)
    try:
        result = run_import(store, path, options, progress)
    except ImportFileError as error:
        raise CommandError(" ".join(str(error).split())) from None
    if args.format == "json":
        data = asdict(result)
        data["sample"] = [{k: json_value(v) for k, v in row.items()} for row in result.sample]
        body = json.dumps(data, ensure_ascii=False, default=str) + "\n"
    else:
        body = "\n".join(summary_lines(result)) + "\n"
    return Output(body, media_type=media_type(args.format), wrote=result.committed)


def summary_lines(result: ImportResult) -> list[str]:
    """What ``import PATH`` prints for an import or its preview (in English; ``--format json`` prints every field
    of ``result`` instead)."""
    head = "Preview (nothing written)" if not result.committed else f"Import #{result.import_id}"
    confidence = {p.field: p.confidence for p in result.proposals if p.applied}
    lines = [
        f"{head}: {result.file_name} — {result.kind}, profile {result.profile}, source {result.source}",
        f"  read as {result.encoding}, delimiter {result.delimiter!r}, header on line {result.header_line}"
        + (f", sheet {result.sheet!r}" if result.sheet else ""),
        "  mapping: " + ", ".join(f"{k} ← {v}" + (f" ({confidence[k]})" if k in confidence else "")
                                  for k, v in result.mapping.items()),
    ]
    if result.id_per_row:
        lines.append("  id: one record per row (made from the row's cells)")
    elif result.id_columns:
        lines.append("  id: " + " + ".join(result.id_columns))
    lines.append(f"  rows {result.rows}: {result.inserted} new, {result.updated} updated, "
                 f"{result.unchanged} unchanged, {result.rejected} rejected")
    if result.covers:
        lines.append(f"  covers: {result.covers[0]:%Y-%m-%d} – {result.covers[1]:%Y-%m-%d}")
    lines += [f"  not available: {u.field}: {u.effect}" for u in result.unavailable]
    lines += [f"  question: is {p.column!r} the {p.field}? (a guess from its values, not used; "
              f"--map {p.field}={p.column} to use it)" for p in result.proposals if not p.applied]
    lines += [f"  note: {n}" for n in result.notes]
    if result.plan:
        lines += [f"  plan {month['month'][:7]}: {month['total']:.2f}" for month in result.plan["months"]]
    if result.history is not None:
        lines += [f"  {line}" for line in hi.summary_lines(result.history)]
    if result.lead_statuses is not None:
        lines += [f"  {line}" for line in ls.summary_lines(result.lead_statuses)]
    lines += [f"  {line}" for line in cu.summary_lines(result)]
    if result.rates is not None:
        lines += [f"  {line}" for line in rt.summary_lines(result.rates)]
    for reject in result.rejects[:20]:
        lines.append(f"  line {reject['line']}: {reject['column'] or ''}: {reject['reason']}"
                     + (f" ({str(reject['value'])[:60]!r})" if reject["value"] not in (None, "") else ""))
    if len(result.rejects) > 20:
        lines.append(f"  ... and {len(result.rejects) - 20} more rejects (use --format json for all)")
    return lines
