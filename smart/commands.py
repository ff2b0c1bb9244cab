"""Set-up commands: ``init`` creates or migrates the database, ``demo`` (re)loads the demo company."""

from __future__ import annotations

import argparse

from smart import demo
from smart.cli import add_command, add_db_argument, iso_date
from smart.storage import open_store


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``init`` and ``demo`` commands."""
    init = add_command(subparsers, "init")
    add_db_argument(init)
    init.add_argument("--demo-if-empty", action="store_true", help="load the demo data when the database is empty")
    init.set_defaults(handler=run_init)

    demo_parser = add_command(subparsers, "demo")
    add_db_argument(demo_parser)
    demo_parser.add_argument("--seed", type=int, default=demo.DEFAULT_SEED, help="random seed (default: %(default)s)")
    demo_parser.add_argument("--today", type=iso_date, help="pretend today is this ISO date")
    demo_parser.add_argument("--remove", action="store_true", help="remove the demo data instead")
    demo_parser.set_defaults(handler=run_demo)


def run_init(args: argparse.Namespace) -> int:
    """``init``: create or migrate the database and say its schema version (``--demo-if-empty`` loads the demo)."""
    store = open_store(args.db)
    print(f"{store.path}: schema version {store.version}")
    if args.demo_if_empty and demo.ensure_demo(store):
        print("The database was empty: the demo company's data was loaded.")
    store.close()
    return 0


def run_demo(args: argparse.Namespace) -> int:
    """``demo``: load the demo company (replacing an earlier demo load), or ``--remove`` it; the user's own imports are
    left alone."""
    store = open_store(args.db)
    try:
        if args.remove:
            demo.remove_demo_data(store)
            print("Demo data removed; your own imports are untouched.")
            return 0
        if demo.has_demo_data(store):
            demo.remove_demo_data(store)
        files = demo.generate_demo(today=args.today, seed=args.seed)
        demo.load_demo(store, files)
        deals = store.scalar("SELECT count(*) FROM deals WHERE source = ?", [demo.DEMO_SOURCE])
        leads = store.scalar("SELECT count(*) FROM leads WHERE source = ?", [demo.DEMO_SOURCE])
        print(f"Demo loaded into {store.path}: {deals} deals, {leads} leads, 5 objectives (exports in data/demo/).")
    finally:
        store.close()
    return 0
