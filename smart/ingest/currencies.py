"""Each deal's currency, as an import reads it, and what the import says about the currencies it found.

A deal's currency is its file's currency column (a code in any case, a symbol or a name), else a code or symbol
written in its amount (``1 000 zł``, ``$1,234``, ``EUR 1234``), else the import's currency: the one given
(``--currency CODE``, the Import page's answer), else the one kept for the source, else the reporting currency, and
then the preview asks which currency those amounts are (``currency_question``). A given currency is kept for the
source, so that next week's export of the same CRM needs no answer. A currency cell naming no currency rejects its
row; three capitals in an amount that are no ISO code (``TTC``) name none.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import duckdb

from smart.currency import codes
from smart.currency.settings import keep_source_currency, reporting_currency, source_currency
from smart.ingest import values as vs
from smart.ingest.errors import ImportFileError
from smart.storage import Store

if TYPE_CHECKING:
    from smart.ingest.fields import Fields
    from smart.ingest.result import ImportResult

GIVEN, SOURCE, REPORTING = "given", "source", "reporting"


def import_currency(store: Store, source: str, given: str | None, file_name: str) -> tuple[str, str]:
    """The currency of the amounts a file writes without one, and where it comes from: ``given`` (checked: an
    ImportFileError names a code that is none), else the source's kept one, else the reporting currency."""
    if given:
        code = codes.normalise_code(given)
        if code is None:
            raise ImportFileError("ingest.error.currency", file=file_name, value=given,
                                  examples=", ".join(codes.COMMON_CODES[:5]))
        return code, GIVEN
    kept = source_currency(store, source)
    if kept:
        return kept, SOURCE
    return reporting_currency(store), REPORTING


def deal_currency_select(fields: Fields, fallback: str) -> dict[str, str]:
    """The staged columns of a deal's currency: ``currency`` (its code), ``currency_given`` (the code its row gives,
    NULL when the import's currency filled it in) and, with a currency column, ``currency_text`` (as written)."""
    given = []
    select: dict[str, str] = {}
    if "currency" in fields.exprs:
        select["currency_text"] = fields.get("currency")
        given.append(codes.column_currency_sql(fields.get("currency"), fallback))
    amount_column = fields.plan.mapping.get("amount", "=")
    if "amount" in fields.exprs and amount_column[:1] != "=" and not fields.plain["amount"]:
        given.append(codes.amount_currency_sql(fields.mapped_sql("amount"), fallback))
    found = given[0] if len(given) == 1 else f"coalesce({', '.join(given)})" if given else "NULL"
    select["currency_given"] = found
    select["currency"] = f"coalesce({found}, {vs.lit(fallback)})" if given else vs.lit(fallback)
    return select


def currency_problems(fields: Fields) -> list[tuple[str, str, str, str]]:
    """The row checks of the currency (condition, column, value, reason key): a currency cell naming none."""
    if "currency" not in fields.exprs:
        return []
    return [(f"currency_text IS NOT NULL AND currency NOT IN ({codes.iso_list_sql()})", fields.header("currency"),
             "currency_text", "ingest.reason.unknown_currency")]


def summarise(tx: duckdb.DuckDBPyConnection, result: ImportResult, source: str, fallback: str, origin: str, *,
              keep: bool) -> None:
    """The currencies of the accepted deals (``result.currencies``), the import's currency and how many deals took
    it (``result.currency_default``), whether to ask which currency those are (``currency_question``); with
    ``keep``, a given currency is kept for the source."""
    rows = tx.execute("""SELECT currency, count(*) AS deals, count(*) FILTER (WHERE currency_given IS NULL)
        FROM accepted GROUP BY currency ORDER BY deals DESC, currency""").fetchall()
    result.currencies = [{"currency": code, "deals": deals} for code, deals, _ in rows]
    defaulted = sum(without for _, _, without in rows)
    result.currency_default = {"currency": fallback, "from": origin, "deals": defaulted} if defaulted else None
    result.currency_question = bool(defaulted) and origin == REPORTING
    if keep and origin == GIVEN:
        keep_source_currency(tx, source, fallback)


def summary_lines(result: ImportResult) -> list[str]:
    """The CLI's lines about currencies: those found, and the question when the file says none."""
    if not result.currencies:
        return []
    lines = ["currencies: " + ", ".join(f"{c['currency']} {c['deals']}" for c in result.currencies)]
    default = result.currency_default
    if not default:
        return lines
    deals = f"{default['deals']} deal has" if default["deals"] == 1 else f"{default['deals']} deals have"
    if result.currency_question:
        lines.append(f"question: {deals} no currency in the file; read as {default['currency']} (the reporting "
                     f"currency): --currency CODE says which currency they are, kept for source {result.source}")
    else:
        origin = "given" if default["from"] == GIVEN else f"kept for source {result.source}"
        lines.append(f"note: {deals} no currency in the file: read as {default['currency']} ({origin})")
    return lines
