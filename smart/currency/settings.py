"""The reporting currency (one per database) and the currency each source's amounts are in when its files say none.

Both are settings kept in the database: ``app_settings`` (key ``reporting_currency``, EUR until changed) and
``source_currencies`` (one row per source, set by ``--currency`` or the Import page's answer, so that next week's
export of the same CRM needs no answer).
"""

from __future__ import annotations

from typing import Any

from smart.currency.codes import COMMON_CODES, normalise_code
from smart.i18n import DEFAULT_CURRENCY, Translator
from smart.storage import Store

REPORTING_KEY = "reporting_currency"
# The reporting currency as SQL (one value), for queries that convert amounts.
REPORTING_CURRENCY_SQL = (f"(SELECT coalesce(max(value), '{DEFAULT_CURRENCY}') FROM app_settings "
                          f"WHERE key = '{REPORTING_KEY}')")


class CurrencyError(ValueError):
    """A currency or a rate the user gave that cannot be used: the message (English) says what and where; the page
    says it in its reader's language (``in_language``)."""

    def __init__(self, key: str, **values: Any) -> None:
        self.key, self.values = key, values
        super().__init__(Translator("en")(key, **values))

    def in_language(self, t: Translator) -> str:
        return t(self.key, **self.values)


def currency_code(text: str | None) -> str:
    """The ISO code ``text`` names (a code in any case, a symbol, a name); CurrencyError when it names none."""
    code = normalise_code(text)
    if code is None:
        raise CurrencyError("currency.error.code", value=str(text), examples=", ".join(COMMON_CODES[:5]))
    return code


def reporting_currency(store: Store) -> str:
    """The currency every amount is shown and summed in (EUR until changed)."""
    return str(store.scalar(f"SELECT {REPORTING_CURRENCY_SQL}"))


def set_reporting_currency(store: Store, text: str) -> str:
    """Make ``text`` (a code, a symbol or a name) the reporting currency; returns its code."""
    code = currency_code(text)
    with store.transaction() as tx:
        tx.execute("DELETE FROM app_settings WHERE key = ?", [REPORTING_KEY])
        tx.execute("INSERT INTO app_settings (key, value) VALUES (?, ?)", [REPORTING_KEY, code])
    return code


def source_currency(conn: Any, source: str) -> str | None:
    """The currency kept for ``source`` (a store, or a transaction's cursor), None when none was given yet."""
    query = "SELECT currency FROM source_currencies WHERE source = ?"
    rows = conn.rows(query, [source]) if isinstance(conn, Store) else conn.execute(query, [source]).fetchall()
    return rows[0][0] if rows else None


def keep_source_currency(tx: Any, source: str, code: str) -> None:
    """Remember, inside an import's transaction, that ``source``'s amounts written without a currency are ``code``."""
    tx.execute("DELETE FROM source_currencies WHERE source = ?", [source])
    tx.execute("INSERT INTO source_currencies (source, currency, set_at) VALUES (?, ?, current_timestamp)",
               [source, code])


def source_currencies(store: Store) -> dict[str, str]:
    """Every source's kept currency, by source."""
    return dict(store.rows("SELECT source, currency FROM source_currencies ORDER BY source"))
