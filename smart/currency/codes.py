"""Currency codes: the ISO 4217 codes, the symbols and names exports write instead, and SQL that reads either.

A currency column may hold a code (``EUR``, ``eur``), a symbol (``€``, ``zł``) or a name (``Euro``, ``złoty``);
an amount cell may carry a code or a symbol (``1 234,50 €``, ``EUR 1234``, ``$1,234``, ``1 000 zł``). Some symbols
are shared: ``$`` (the US, Canadian, Australian... dollars), ``¥`` (yen and yuan), ``kr`` (the Scandinavian crowns),
``Fr.`` (Swiss and CFA francs). Each reads as the currency of its source when that currency uses it, else as the
usual one: ``$`` is USD unless the source's currency is another dollar.
"""

from __future__ import annotations

from babel.numbers import list_currencies

# Every ISO 4217 code CLDR knows, current and historical (FRF, DEM... still name old deals).
ISO_CODES: frozenset[str] = frozenset(list_currencies())
# The codes offered first when the user picks a currency: the euro area's neighbours and main trading currencies.
COMMON_CODES = ("EUR", "USD", "GBP", "CHF", "PLN", "CZK", "HUF", "RON", "SEK", "NOK", "DKK", "CAD", "AUD", "JPY",
                "CNY", "INR", "BRL", "MXN", "MAD", "TND", "XOF", "XAF", "ZAR", "TRY", "AED", "SGD", "HKD", "NZD")

# Symbols and names that say one currency whatever the source (compared in lower case).
UNAMBIGUOUS = {
    "€": "EUR", "£": "GBP", "zł": "PLN", "zl": "PLN", "kč": "CZK", "ft": "HUF", "lei": "RON", "₹": "INR",
    "₽": "RUB", "₩": "KRW", "₺": "TRY", "₪": "ILS", "₫": "VND", "₱": "PHP", "฿": "THB", "₴": "UAH", "₦": "NGN",
    "us$": "USD", "ca$": "CAD", "c$": "CAD", "au$": "AUD", "a$": "AUD", "nz$": "NZD", "hk$": "HKD", "s$": "SGD",
    "mx$": "MXN", "r$": "BRL", "nt$": "TWD",
    "euro": "EUR", "euros": "EUR", "us dollar": "USD", "us dollars": "USD", "dollar us": "USD", "dollars us": "USD",
    "dollar americain": "USD", "pound": "GBP", "pounds": "GBP", "pound sterling": "GBP", "livre sterling": "GBP",
    "sterling": "GBP", "złoty": "PLN", "zloty": "PLN", "zlotys": "PLN", "swiss franc": "CHF", "franc suisse": "CHF",
    "francs suisses": "CHF", "yen": "JPY", "yuan": "CNY", "renminbi": "CNY", "rupee": "INR", "roupie": "INR",
    "couronne suedoise": "SEK", "swedish krona": "SEK", "couronne danoise": "DKK", "danish krone": "DKK",
    "couronne norvegienne": "NOK", "norwegian krone": "NOK", "dirham": "MAD", "dinar tunisien": "TND",
}
# Symbols and names several currencies share: the usual one, and the currencies that use it.
AMBIGUOUS = {
    "$": ("USD", ("USD", "CAD", "AUD", "NZD", "HKD", "SGD", "MXN", "TWD", "ARS", "CLP", "COP")),
    "dollar": ("USD", ("USD", "CAD", "AUD", "NZD", "HKD", "SGD")),
    "dollars": ("USD", ("USD", "CAD", "AUD", "NZD", "HKD", "SGD")),
    "¥": ("JPY", ("JPY", "CNY")),
    "kr": ("SEK", ("SEK", "NOK", "DKK", "ISK")),
    "fr.": ("CHF", ("CHF", "XOF", "XAF")),
    "fr": ("CHF", ("CHF", "XOF", "XAF")),
}


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def meaning(symbol: str, source_currency: str | None = None) -> str | None:
    """The currency a symbol or name says (lower case, trimmed), read for a source whose currency is
    ``source_currency``; None when it says none."""
    if symbol in UNAMBIGUOUS:
        return UNAMBIGUOUS[symbol]
    if symbol in AMBIGUOUS:
        usual, users = AMBIGUOUS[symbol]
        return source_currency if source_currency in users else usual
    return None


def normalise_code(text: str | None, source_currency: str | None = None) -> str | None:
    """The ISO code ``text`` names (a code in any case, a symbol or a name), else None."""
    if text is None:
        return None
    cleaned = " ".join(str(text).split())
    if cleaned.upper() in ISO_CODES:
        return cleaned.upper()
    return meaning(cleaned.lower(), source_currency)


def iso_list_sql() -> str:
    """The ISO codes as a SQL list, for ``x IN (...)``."""
    return ", ".join(_lit(code) for code in sorted(ISO_CODES))


def column_currency_sql(text: str, source_currency: str | None) -> str:
    """SQL for the code a currency cell (``text``: its trimmed text, NULL when empty) names: a code in any case, a
    symbol or a name; anything else is returned as written, for the importer to reject as no currency
    (``ISO_CODES``)."""
    words = {symbol: meaning(symbol, source_currency) for symbol in (*UNAMBIGUOUS, *AMBIGUOUS)}
    cases = " ".join(f"WHEN {_lit(symbol)} THEN {_lit(code)}" for symbol, code in words.items() if code)
    lowered = f"regexp_replace(strip_accents(lower({text})), '\\s+', ' ', 'g')"
    named = f"CASE lower({text}) {cases} ELSE CASE {lowered} {cases} END END"
    return (f"CASE WHEN {text} IS NULL THEN NULL WHEN regexp_full_match(upper({text}), '[A-Z]{{3}}') "
            f"THEN upper({text}) ELSE coalesce({named}, {text}) END")


# Letters written before a ``$`` that say which dollar (``US$``, ``C$``, ``R$``...).
_DOLLAR_PREFIXES = {"US": "USD", "CA": "CAD", "C": "CAD", "AU": "AUD", "A": "AUD", "NZ": "NZD", "HK": "HKD",
                    "S": "SGD", "MX": "MXN", "R": "BRL", "NT": "TWD"}
# Symbols looked for inside an amount cell, in this order (a longer one before a shorter one it contains).
_AMOUNT_SYMBOLS = ("€", "£", "zł", "kč", "₹", "₽", "₩", "₺", "₪", "₫", "₱", "฿", "₴", "₦", "¥")


def amount_currency_sql(raw: str, source_currency: str | None) -> str:
    """SQL for the currency written in an amount cell (``raw``: its text): an ISO code beside the number
    (``EUR 1234``, ``1 234 CHF``), a dollar with its country (``US$``, ``C$``, ``R$``), a symbol, ``Ft``, ``kr``,
    ``Fr.`` or ``lei``; NULL when the cell names none (three capitals that are no ISO code, such as ``TTC``, are
    no currency)."""
    v = f"trim({raw})"
    token = f"regexp_extract({v}, '(?:^|[^A-Za-z])([A-Z]{{3}})(?:$|[^A-Za-z])', 1)"
    prefix = f"regexp_extract({v}, '([A-Z]{{1,2}})\\$', 1)"
    dollars = " ".join(f"WHEN {_lit(p)} THEN {_lit(code)}" for p, code in _DOLLAR_PREFIXES.items())
    symbols = " ".join(f"WHEN contains(lower({v}), {_lit(s)}) THEN {_lit(meaning(s, source_currency) or '')}"
                       for s in _AMOUNT_SYMBOLS)
    words = " ".join(
        f"WHEN regexp_matches(lower({v}), {_lit(pattern)}) THEN {_lit(meaning(word, source_currency) or '')}"
        for word, pattern in (("ft", r"\dft$|\sft$"), ("kr", r"(^|[\d\s])kr\.?(\s|\d|$)"),
                              ("fr.", r"(^|[\d\s])fr\.?(\s|\d|$)"), ("lei", r"[\d\s]lei$")))
    return (
        f"CASE WHEN {v} = '' OR {v} IS NULL OR try_cast({v} AS DOUBLE) IS NOT NULL THEN NULL "
        f"WHEN {token} IN ({iso_list_sql()}) THEN {token} "
        f"WHEN contains({v}, '$') THEN CASE {prefix} {dollars} ELSE {_lit(meaning('$', source_currency) or 'USD')} "
        f"END {symbols} {words} END"
    )
