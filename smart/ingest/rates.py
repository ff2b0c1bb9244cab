"""Exchange-rate files (kind ``rates``): a day, a currency and a rate per row, e.g. ``date,currency,rate``.

How a rate is read is said by its header:

- ``rate`` (``taux``, ``exchange rate``, ``cours``...): how many units of the row's currency one unit of the
  reporting currency buys (ECB convention: with EUR reporting, ``2026-01-02,USD,1.10`` is EUR 1 = USD 1.10);
- ``rate per EUR`` (``rate_per_EUR``, ``taux pour 1 EUR``): the same, against the currency named (EUR here);
- ``rate to EUR`` (``rate_to_EUR``, ``value in EUR``, ``taux en EUR``): the value of one unit of the row's currency
  in the currency named (``USD,0.909`` is USD 1 = EUR 0.909); stored inverted, as units per EUR.

A ``base`` column (``from currency``, with the row's currency as ``to currency``) gives each row its own base, the
rate then being units of the row's currency per one unit of that base. The summary shows each currency's latest rate
as ``1 EUR = 1.10 USD``, so a file read the wrong way round is seen before it is imported.

A later file with the same currency and day replaces the rate; the rate it replaced is kept for undo. The same day
and currency twice with different rates rejects those lines.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import duckdb

from smart.currency import codes
from smart.currency.settings import REPORTING_CURRENCY_SQL
from smart.ingest import values as vs
from smart.ingest.errors import Said
from smart.ingest.profiles import SYNONYMS, normalise_header

if TYPE_CHECKING:
    from smart.ingest.fields import Fields
    from smart.ingest.result import ImportResult
    from smart.ingest.sniff import FileInfo

PER_BASE, IN_BASE = "units_per_base", "value_in_base"
# A rate header naming its base: "rate to EUR" (the value in EUR of one unit), "rate per EUR" (units per EUR).
_IN_BASE = re.compile(r"\b(?:to|in|into|en|vers)\s+([a-z]{3})\b")
_PER_BASE = re.compile(r"\b(?:per|pour|par|for)\s+(?:1\s+|one\s+|un\s+)?([a-z]{3})\b")
_SAME_ID = "ingest.reason.same_id"
_LINES_LISTED = 5


def rate_reading(header: str) -> tuple[str | None, str]:
    """The base a rate's header names (None: none) and how its rates read against it (``PER_BASE`` or
    ``IN_BASE``)."""
    name = normalise_header(header)
    for pattern, reading in ((_IN_BASE, IN_BASE), (_PER_BASE, PER_BASE)):
        match = pattern.search(name)
        if match and match[1].upper() in codes.ISO_CODES:
            return match[1].upper(), reading
    return None, PER_BASE


def looks_like_rates(headers: list[str]) -> bool:
    """A day, a currency and a rate, named as exchange-rate files name them (a rate header may name its base)."""
    names = {normalise_header(h) for h in headers}
    synonyms = SYNONYMS["rates"]

    def has(field: str) -> bool:
        return bool(names & set(synonyms[field])) or (
            field == "rate" and any(name.split()[:1] == [word] for name in names for word in ("rate", "taux")))

    return has("rate_on") and has("currency") and has("rate")


def _base_sql(fields: Fields, base: str) -> tuple[str, str]:
    """SQL for a row's base code and its raw text (NULL without a base column)."""
    if "base" not in fields.exprs:
        return vs.lit(base), "NULL"
    raw = fields.get("base")
    return f"coalesce({codes.column_currency_sql(raw, None)}, {vs.lit(base)})", raw


def _stage(tx: duckdb.DuckDBPyConnection, fields: Fields, info: FileInfo, base: str, reading: str) -> None:
    base_sql, raw_base = _base_sql(fields, base)
    number = fields.parsed["rate"]
    rate = number if reading == PER_BASE else f"1.0 / nullif({number}, 0)"
    tx.execute(f"""CREATE OR REPLACE TEMP TABLE staged AS
        SELECT line, {fields.parsed['rate_on']} AS rate_on, {fields.raw['rate_on']} AS r_rate_on,
               {codes.column_currency_sql(fields.get('currency'), None)} AS currency,
               {fields.get('currency')} AS r_currency,
               {number} AS number, {rate} AS rate, {fields.raw['rate']} AS r_rate, {base_sql} AS base,
               {raw_base} AS r_base
        FROM rawl WHERE line < {info.footer_start}""")


def _problems(tx: duckdb.DuckDBPyConnection, fields: Fields) -> None:
    """``problems``: one row per (line, problem), as the importer's other kinds list them."""
    iso = codes.iso_list_sql()
    day, currency, rate = (vs.lit(fields.header(name)) for name in ("rate_on", "currency", "rate"))
    checks = [
        ("rate_on IS NULL AND r_rate_on IS NOT NULL", day, "r_rate_on", "ingest.reason.unreadable_date"),
        ("rate_on IS NULL AND r_rate_on IS NULL", day, "''", "ingest.reason.missing_date"),
        ("r_currency IS NULL", currency, "''", "ingest.reason.missing_currency"),
        (f"r_currency IS NOT NULL AND currency NOT IN ({iso})", currency, "r_currency",
         "ingest.reason.unknown_currency"),
        ("number IS NULL AND r_rate IS NOT NULL", rate, "r_rate", "ingest.reason.unreadable_number"),
        ("number IS NULL AND r_rate IS NULL", rate, "''", "ingest.reason.missing_rate"),
        ("number <= 0 OR NOT isfinite(number)", rate, "number", "ingest.reason.rate_not_positive"),
        ("currency = base", currency, "r_currency", "ingest.reason.rate_same_currency"),
    ]
    if "base" in fields.exprs:
        checks.append((f"r_base IS NOT NULL AND base NOT IN ({iso})", vs.lit(fields.header("base")), "r_base",
                       "ingest.reason.unknown_currency"))
    selects = " UNION ALL ".join(
        f"SELECT line, {column} AS column_name, left(CAST({value} AS VARCHAR), 200) AS value, {vs.lit(reason)} "
        f"AS reason_key, CAST(NULL AS VARCHAR) AS reason_lines FROM staged WHERE {condition}"
        for condition, column, value, reason in checks)
    tx.execute(f"CREATE OR REPLACE TEMP TABLE problems AS SELECT DISTINCT * FROM ({selects})")
    # The same day and currency twice with different rates: every such line is rejected, with the first lines.
    tx.execute(f"""CREATE OR REPLACE TEMP TABLE conflicts AS
        SELECT base, currency, rate_on, array_to_string(list(line ORDER BY line)[1:{_LINES_LISTED}], ', ') AS lines
        FROM staged ANTI JOIN (SELECT DISTINCT line FROM problems) USING (line)
        GROUP BY ALL HAVING count(DISTINCT rate) > 1""")
    tx.execute(f"""INSERT INTO problems
        SELECT DISTINCT s.line, {currency}, s.currency || ' ' || strftime(s.rate_on, '%Y-%m-%d'), {vs.lit(_SAME_ID)},
               c.lines
        FROM staged s JOIN conflicts c USING (base, currency, rate_on)
        WHERE s.line NOT IN (SELECT line FROM problems)""")


def _classify_and_write(tx: duckdb.DuckDBPyConnection, import_id: int) -> None:
    """``accepted`` (one row per base, currency and day) and ``classified`` (each new, changed or the same as
    stored); the new and changed rates are written, the changed ones' before-images kept."""
    tx.execute("""CREATE OR REPLACE TEMP TABLE accepted AS
        SELECT base, currency, rate_on, any_value(rate) AS rate, min(line) AS line
        FROM staged ANTI JOIN (SELECT DISTINCT line FROM problems) USING (line) GROUP BY ALL""")
    tx.execute("""CREATE OR REPLACE TEMP TABLE classified AS
        SELECT a.*, t.rate AS old_rate, t.import_id AS old_import,
               CASE WHEN t.rate IS NULL THEN 'new' WHEN t.rate <> a.rate THEN 'changed' ELSE 'same' END AS change
        FROM accepted a LEFT JOIN exchange_rates t USING (base, currency, rate_on)""")
    tx.execute("""INSERT INTO exchange_rate_versions
        SELECT ?, 'update', base, currency, rate_on, old_rate, old_import FROM classified WHERE change = 'changed'""",
               [import_id])
    tx.execute("""UPDATE exchange_rates t SET rate = c.rate, import_id = ? FROM classified c
        WHERE c.change = 'changed' AND t.base = c.base AND t.currency = c.currency AND t.rate_on = c.rate_on""",
               [import_id])
    tx.execute("""INSERT INTO exchange_rates (base, currency, rate_on, rate, import_id)
        SELECT base, currency, rate_on, rate, ? FROM classified WHERE change = 'new' ORDER BY rate_on, currency""",
               [import_id])


def _line_counts(tx: duckdb.DuckDBPyConnection, info: FileInfo) -> tuple[int, int, int]:
    """New, updated and unchanged file rows (an exact duplicate of a row counts as unchanged)."""
    verdicts = dict(tx.execute("""SELECT change, count(*) FROM classified GROUP BY change""").fetchall())
    good = tx.execute(f"""SELECT count(*) FROM rawl WHERE line < {info.footer_start}
        AND line NOT IN (SELECT line FROM problems)""").fetchall()[0][0]
    inserted, updated = verdicts.get("new", 0), verdicts.get("changed", 0)
    return inserted, updated, good - inserted - updated


def _summary(tx: duckdb.DuckDBPyConnection, reading: str) -> dict[str, Any]:
    """What the preview shows of a rates file: how its rates were read, and each currency's rates."""
    rows = tx.execute("""SELECT base, currency, count(*), strftime(min(rate_on), '%Y-%m-%d'),
               strftime(max(rate_on), '%Y-%m-%d'), arg_max(rate, rate_on)
        FROM accepted GROUP BY ALL ORDER BY base, currency""").fetchall()
    bases = sorted({row[0] for row in rows})
    return {"bases": bases, "reading": reading,
            "currencies": [{"base": base, "currency": currency, "rates": count, "first": first, "last": last,
                            "latest": latest} for base, currency, count, first, last, latest in rows]}


def import_rates(tx: duckdb.DuckDBPyConnection, fields: Fields, info: FileInfo, import_id: int,
                 result: ImportResult) -> None:
    """Stage, check, compare with the stored rates and write one rates file (``rawl`` holds its rows)."""
    named_base, reading = rate_reading(fields.header("rate"))
    base = named_base or tx.execute(f"SELECT {REPORTING_CURRENCY_SQL}").fetchall()[0][0]
    _stage(tx, fields, info, base, reading)
    _problems(tx, fields)
    _classify_and_write(tx, import_id)
    result.inserted, result.updated, result.unchanged = _line_counts(tx, info)
    result.rates = _summary(tx, reading)
    key = "ingest.note.rates_in_base" if reading == IN_BASE else "ingest.note.rates_per_base"
    fields.notes.append(Said(key, column=fields.header("rate"), base=base))


def summary_lines(rates: dict[str, Any]) -> list[str]:
    """The CLI's lines about a rates file: each currency's rates and its latest, as ``1 EUR = 1.1 USD``."""
    return [f"rates {row['currency']}: {row['rates']} from {row['first']} to {row['last']}; latest "
            f"1 {row['base']} = {row['latest']:.6g} {row['currency']}" for row in rates["currencies"]]


# ------------------------------------------------------------------------------------------------- undo
# Later imports that replaced some of an import's rates: they must be undone first.
UNDO_BLOCKERS_SQL = "SELECT import_id FROM exchange_rate_versions WHERE prev_import_id = $1 AND import_id <> $1"


def undo_rates(tx: duckdb.DuckDBPyConnection, import_id: int) -> int:
    """Remove the rates an import added, put back those it changed; returns how many rates it had written."""
    removed = int(tx.execute("DELETE FROM exchange_rates WHERE import_id = ?", [import_id]).fetchall()[0][0])
    tx.execute("""INSERT INTO exchange_rates (base, currency, rate_on, rate, import_id)
        SELECT base, currency, rate_on, rate, prev_import_id FROM exchange_rate_versions
        WHERE import_id = ? AND op = 'update'""", [import_id])
    tx.execute("DELETE FROM exchange_rate_versions WHERE import_id = ?", [import_id])
    return removed
