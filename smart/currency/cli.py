"""``python -m smart currency``: the reporting currency (``--reporting CODE`` changes it), the deals' currencies and
the rates that convert them.

Text output: ``reporting currency: EUR`` (``(was USD)`` after a change), then one line per currency of the deals with
its deals, those left out of amounts for want of a rate, and its rates; ``--format json`` prints one object with
``reporting``, ``previous`` (the reporting currency before ``--reporting``, else null), ``currencies`` (each with
``currency``, ``deals``, ``left_out``, ``rates``, ``first_rate_on``, ``last_rate_on``) and ``sources`` (source →
the currency of its amounts written without one). Exit 2 for a code that is no currency, nothing changed.
"""

from __future__ import annotations

import argparse
import json

from smart.cli import CommandError, add_command, add_db_argument
from smart.currency.rates import deal_currencies
from smart.currency.settings import CurrencyError, reporting_currency, set_reporting_currency, source_currencies
from smart.jsonable import json_records
from smart.storage import open_store


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``currency`` command: show the reporting currency and exchange rates, or change the reporting currency."""
    parser = add_command(subparsers, "currency")
    parser.add_argument("--reporting", metavar="CODE",
                        help="make CODE (ISO 4217, e.g. EUR, USD) the currency every amount is shown and summed in")
    parser.add_argument("--format", default="text", choices=("text", "json"))
    add_db_argument(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """``currency``: set ``--reporting`` when given, then print the reporting currency and, per deal currency, its
    deals, its exchange rates and the deals left out of amounts for want of a rate."""
    store = open_store(args.db)
    try:
        previous = None
        if args.reporting is not None:
            previous = reporting_currency(store)
            try:
                set_reporting_currency(store, args.reporting)
            except CurrencyError as error:
                raise CommandError(f"currency --reporting: {error}") from None
        reporting = reporting_currency(store)
        currencies = deal_currencies(store)
        sources = source_currencies(store)
    finally:
        store.close()
    if args.format == "json":
        print(json.dumps({"reporting": reporting, "previous": previous, "currencies": json_records(currencies),
                          "sources": sources}, ensure_ascii=False))
        return 0
    print(f"reporting currency: {reporting}" + (f" (was {previous})" if previous and previous != reporting else ""))
    for row in currencies.itertuples():
        if row.currency == reporting:
            print(f"  {row.currency}: {row.deals} deals")
            continue
        rates = (f"{row.rates} rates from {row.first_rate_on:%Y-%m-%d} to {row.last_rate_on:%Y-%m-%d}"
                 if row.rates else "no rate")
        left = f"; {row.left_out} left out of amounts (no rate to {reporting})" if row.left_out else ""
        print(f"  {row.currency}: {row.deals} deals, {rates}{left}")
    if sources:
        print("sources: " + ", ".join(f"{source} {code}" for source, code in sources.items()))
    return 0
