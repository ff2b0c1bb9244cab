"""Values as SQL expressions: text, numbers, booleans and dates, parsed by DuckDB over whole columns.

A column's format is decided from all its values (one aggregate query per file, ``column_stats``), never from a
sample: the decimal separator of a number column, and the date families of a date column with their day/month
order. Each parser returns NULL for a value it cannot read; the loader compares that with the raw value to turn a
non-empty value that did not parse into a reject with its line number.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


def lit(value: object) -> str:
    """A SQL literal for a Python string, number, boolean or None."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


TEXT_BLANKS = " \t\u00a0"
NUMBER_BLANKS = " \t\u00a0\u202f"


def trim_sql(col: str, chars: str, present: str | None = None) -> str:
    """``trim(col, chars)``, which is slow for a set of characters, run only on values that may start or end with
    one of them (a few): the rest are returned as they are. A space is looked for at the edges (``LIKE ' %'`` is
    several times faster than ``starts_with``), the rarer blanks anywhere (``contains`` is faster still), and only
    the blanks ``present`` in the file at all (None: all of them)."""
    tests = [f"{col} LIKE {lit(c + '%')} OR {col} LIKE {lit('%' + c)}" if c == " " else f"contains({col}, {lit(c)})"
             for c in chars if present is None or c in present]
    if not tests:
        return col
    return f"CASE WHEN {' OR '.join(tests)} THEN trim({col}, {lit(chars)}) ELSE {col} END"


def text_sql(col: str, present: str | None = None) -> str:
    """A text value without its blank edges, empty read as missing; ``present`` as for ``trim_sql``."""
    return f"nullif({trim_sql(col, TEXT_BLANKS, present)}, '')"


# ---------------------------------------------------------------------------------------------------- numbers
# A currency written beside an amount: an ISO code, a dollar with its country (US$, C$, R$), a symbol or an
# abbreviation (smart/currency/codes.py reads which currency it is).
_CURRENCY = r"(?:[A-Z]{3}|[A-Z]{1,2}\$|[€$£¥₹₽₩₺₪₫₱฿₴₦]|zł|Kč|Ft|kr|lei|Fr\.?)"
NUMBER_SHAPE = (
    r"^[(\-+−]?\s*" + _CURRENCY + r"?\s*[(\-+−]?\s*[0-9][0-9 " + "\u00a0\u202f" + r".,'’]*\s*(?:" + _CURRENCY
    + r"|%)?\s*\)?$"
)
_CORE = "regexp_replace({v}, '[^0-9.,]', '', 'g')"
_COMMA_OK = r"^(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d*)?$"
_DOT_OK = r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?$"
# One mark followed by exactly three digits, after one to three digits that do not start with 0: "12.345" or
# "1,234" read as a decimal (12.345) or as thousands (12345) alike. Any other value with a mark shows which mark
# is the decimal one ("1.234,5", "0.5", "1234.567", "1.234.567"), and a number without one reads the same both ways.
AMBIGUOUS_NUMBER = r"[1-9]\d{0,2}[.,]\d{3}"
DECIMAL_MARKS = {"dot": ".", "comma": ","}  # the user's words for the marks (``--decimal dot|comma``)


@dataclass
class NumberColumn:
    """How one column's numbers are written, decided from all its values: ``comma`` and ``dot`` count the values
    that read only one way, ``ambiguous`` those that read two ways (``example``: one of them)."""

    column: str
    comma: int = 0
    dot: int = 0
    ambiguous: int = 0
    example: str | None = None
    unplain: int = 0
    dots: int = 0
    decimal: str | None = None  # ',' or '.', once decided

    @property
    def evidence(self) -> str | None:
        """The mark its own values show: the one most of them show when some show each."""
        if not (self.comma or self.dot):
            return None
        return "," if self.comma > self.dot else "."

    @property
    def needs_mark(self) -> bool:
        """Whether its decimal mark is still undecided (the user must be asked)."""
        return self.decimal is None

    @property
    def mark(self) -> str:
        """The decided decimal mark; the importer asks the user before reading it, so ``None`` here is a bug."""
        if self.decimal is None:
            raise ValueError(f"the decimal mark of {self.column!r} was read before it was decided")
        return self.decimal


def number_stats_sql(col: str, alias: str) -> list[str]:
    """Aggregates that tell a comma-decimal column from a dot-decimal one, over all its values (``NumberColumn``)."""
    core = _CORE.format(v=col)
    marked = f"(contains({col}, '.') OR contains({col}, ','))"
    ambiguous = f"regexp_full_match({core}, {lit(AMBIGUOUS_NUMBER)})"
    fits = {",": f"regexp_matches({core}, {lit(_COMMA_OK)})", ".": f"regexp_matches({core}, {lit(_DOT_OK)})"}
    other = {",": ".", ".": ","}
    # A value is evidence for a mark when it reads with that mark only, or reads both ways but only because its
    # one separator follows a 0 ("0,345", "0.345": nobody writes thousands so).
    evidence = {mark: f"{marked} AND NOT {ambiguous} AND {fits[mark]} AND "
                      f"(contains({core}, {lit(mark)}) OR NOT {fits[other[mark]]})" for mark in (",", ".")}
    # ``unplain`` and ``dots`` tell whether DuckDB's own cast reads every value of the column as it is.
    return [
        f"count(*) FILTER (WHERE {evidence[',']}) AS {alias}_comma",
        f"count(*) FILTER (WHERE {evidence['.']}) AS {alias}_dot",
        f"count(*) FILTER (WHERE {marked} AND {ambiguous}) AS {alias}_ambiguous",
        f"min(trim({col})) FILTER (WHERE {marked} AND {ambiguous}) AS {alias}_example",
        f"count(*) FILTER (WHERE {col} <> '' AND NOT coalesce(isfinite(try_cast({col} AS DOUBLE)), false))"
        f" AS {alias}_unplain",
        f"count(*) FILTER (WHERE contains({col}, '.')) AS {alias}_dots",
    ]


NUMBER_STATS = ("comma", "dot", "ambiguous", "example", "unplain", "dots")


def number_column(header: str, stats: dict[str, Any], alias: str) -> NumberColumn:
    """The ``NumberColumn`` of ``header`` from the row of ``number_stats_sql`` (DuckDB's values, by column name)."""
    return NumberColumn(header, **{name: stats[f"{alias}_{name}"] for name in NUMBER_STATS})


def plain_numbers(unplain: int, dots: int, decimal: str) -> bool:
    """Whether every value of a column is a plain number DuckDB's cast reads right: none needs the long way
    (separators, currency, percent, parentheses), and no dot is a thousands separator."""
    return unplain == 0 and (decimal == "." or dots == 0)


def plain_number_sql(col: str) -> str:
    """A column whose statistics passed ``plain_numbers``: the cast alone (empty text casts to NULL)."""
    return f"try_cast({col} AS DOUBLE)"


def decide_decimals(columns: list[NumberColumn], choice: str | None, shown: set[str],
                    default: str) -> dict[str, list[NumberColumn]]:
    """Each column's decimal mark, decided as a column's day/month order is: from its own values when some read one
    way only; when none does but some read two ways ("12.345"), from the user's ``choice`` (',' or '.'), else from
    the one mark the file's other number columns show (``shown``), else it stays undecided (the user is asked);
    when no value depends on it (whole numbers), ``default``. Returns the columns decided by the choice and by the
    file (``{"choice": [...], "file": [...]}``), to be said."""
    said: dict[str, list[NumberColumn]] = {"choice": [], "file": []}
    shown = shown | {c.evidence for c in columns if c.evidence}
    for column in columns:
        if column.evidence:
            column.decimal = column.evidence
        elif not column.ambiguous:
            column.decimal = default
        elif choice:
            column.decimal = choice
            said["choice"].append(column)
        elif len(shown) == 1:
            column.decimal = next(iter(shown))
            said["file"].append(column)
    return said


def number_sql(col: str, decimal: str) -> str:
    """The value as DOUBLE, or NULL when empty or unreadable. ``%`` divides by 100; ``(1 234)`` is negative."""
    v = trim_sql(col, NUMBER_BLANKS)
    core = _CORE.format(v=v)
    if decimal == ",":
        normal = f"CASE WHEN regexp_matches({core}, '{_COMMA_OK}') THEN replace(replace({core}, '.', ''), ',', '.') END"
    else:
        normal = f"CASE WHEN regexp_matches({core}, '{_DOT_OK}') THEN replace({core}, ',', '') END"
    negative = f"(starts_with({v}, '-') OR starts_with({v}, '−') OR starts_with({v}, '(') OR regexp_matches({v}, " \
               f"'^{_CURRENCY}\\s*[-−]'))"
    expr = (
        f"CASE WHEN {v} = '' OR {v} IS NULL OR NOT regexp_matches({v}, {lit(NUMBER_SHAPE)}) THEN NULL "
        f"ELSE try_cast({normal} AS DOUBLE) * CASE WHEN {negative} THEN -1 ELSE 1 END "
        f"/ CASE WHEN contains({v}, '%') THEN 100 ELSE 1 END END"
    )
    # Fast path for plain numbers ("12345.67", or "1234,5" in a decimal-comma column); the rest goes the long way.
    if decimal == ",":
        fast = f"CASE WHEN NOT contains({v}, '.') THEN try_cast(replace({v}, ',', '.') AS DOUBLE) END"
    else:
        fast = f"CASE WHEN NOT contains({v}, ',') THEN try_cast({v} AS DOUBLE) END"
    fast = f"CASE WHEN isfinite({fast}) THEN {fast} END"
    return f"CASE WHEN {v} = '' THEN NULL ELSE coalesce({fast}, {expr}) END"


# ---------------------------------------------------------------------------------------------------- booleans
TRUE_WORDS = ("true", "yes", "y", "oui", "vrai", "1", "x", "t", "won", "closed", "converted", "1.0")
FALSE_WORDS = ("false", "no", "n", "non", "faux", "0", "f", "0.0")


def bool_sql(col: str) -> str:
    """SQL: the cell as a boolean (yes/no, true/false, oui/non, 1/0...), NULL when it is none of those words."""
    v = f"lower(trim({col}))"
    trues = ", ".join(lit(w) for w in TRUE_WORDS)
    falses = ", ".join(lit(w) for w in FALSE_WORDS)
    return f"CASE WHEN {v} IN ({trues}) THEN TRUE WHEN {v} IN ({falses}) THEN FALSE END"


# ---------------------------------------------------------------------------------------------------- dates
ISO = r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?$"
NUMERIC = r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})(?:[T ,]+.*)?$"
MONTH_NAME = r"^(?:(\d{1,2})(?:er)?[ .\-]*)?([^\d\s.,\-]+)\.?[ ,.\-]*(\d{4}|\d{2})$"
MONTH_FIRST_NAME = r"^([^\d\s.,\-]+)\.?\s+(\d{1,2}),?\s+(\d{4})$"
SERIAL = r"^\d{5}(?:\.\d+)?$"


@dataclass
class DateColumn:
    """How one column's dates are written, decided from all its values."""

    column: str
    iso: int = 0
    numeric: int = 0
    month_name: int = 0
    serial: int = 0
    max_first: int = 0
    max_second: int = 0
    unequal: int = 0
    distinct_first: int = 0
    distinct_second: int = 0
    unplain: int = 0
    order: str | None = None  # 'dmy' or 'mdy' for the numeric family

    @property
    def needs_order(self) -> bool:
        return self.numeric > 0 and self.order is None


def date_stats_sql(col: str, alias: str) -> list[str]:
    """The aggregates ``DateColumn`` is built from (keyed ``<alias>_<field>``): how many values are ISO, numeric
    (dd/mm or mm/dd), with month names or Excel serials, and the largest first and second numbers, which decide the
    day order."""
    v = f"trim({col})"
    first = f"try_cast(regexp_extract({v}, '{NUMERIC}', 1) AS INTEGER)"
    second = f"try_cast(regexp_extract({v}, '{NUMERIC}', 2) AS INTEGER)"
    return [
        f"count(*) FILTER (WHERE regexp_matches({v}, '{ISO}')) AS {alias}_iso",
        f"count(*) FILTER (WHERE regexp_matches({v}, '{NUMERIC}')) AS {alias}_numeric",
        f"count(*) FILTER (WHERE regexp_matches({v}, '{MONTH_NAME}') OR regexp_matches({v}, '{MONTH_FIRST_NAME}'))"
        f" AS {alias}_month_name",
        f"count(*) FILTER (WHERE regexp_matches({v}, '{SERIAL}')) AS {alias}_serial",
        f"coalesce(max({first}), 0) AS {alias}_max_first",
        f"coalesce(max({second}), 0) AS {alias}_max_second",
        f"count(*) FILTER (WHERE {first} <> {second}) AS {alias}_unequal",
        f"count(DISTINCT {first}) AS {alias}_distinct_first",
        f"count(DISTINCT {second}) AS {alias}_distinct_second",
        f"count(*) FILTER (WHERE {v} <> '' AND NOT (regexp_matches({v}, '{ISO}') AND try_cast({col} AS DATE) IS NOT "
        f"NULL)) AS {alias}_unplain",
    ]


def decide_order(stats: DateColumn, choice: str | None) -> None:
    """Day-first when a first field exceeds 12, month-first when a second one does; otherwise the user's choice."""
    if not stats.numeric:
        return
    if stats.max_first > 12 and stats.max_second <= 12:
        stats.order = "dmy"
    elif stats.max_second > 12 and stats.max_first <= 12:
        stats.order = "mdy"
    elif stats.max_first > 12 and stats.max_second > 12:
        stats.order = "dmy"  # both exceed 12 somewhere: rows that fail to read are rejected
    elif not stats.unequal:
        stats.order = "dmy"  # every value has day == month: both orders read the same date
    elif choice:
        stats.order = choice


def decide_by_constant_field(stats: DateColumn) -> None:
    """01/01, 01/02, 01/03...: one field never changes while the other runs through months, so the constant one
    is the day (the first of each month), not twelve consecutive days of January."""
    if stats.distinct_first == 1 and stats.distinct_second > 1:
        stats.order = "dmy"
    elif stats.distinct_second == 1 and stats.distinct_first > 1:
        stats.order = "mdy"


def _month_number(name: str) -> str:
    m = f"strip_accents(lower({name}))"
    return (
        f"CASE WHEN left({m}, 4) = 'juin' OR {m} IN ('jun', 'june') THEN 6 "
        f"WHEN left({m}, 4) = 'juil' OR {m} IN ('jul', 'july') THEN 7 "
        f"ELSE CASE left({m}, 3) WHEN 'jan' THEN 1 WHEN 'feb' THEN 2 WHEN 'fev' THEN 2 WHEN 'mar' THEN 3 "
        f"WHEN 'apr' THEN 4 WHEN 'avr' THEN 4 WHEN 'may' THEN 5 WHEN 'mai' THEN 5 WHEN 'aug' THEN 8 "
        f"WHEN 'aou' THEN 8 WHEN 'sep' THEN 9 WHEN 'oct' THEN 10 WHEN 'nov' THEN 11 WHEN 'dec' THEN 12 END END"
    )


def _year(text: str) -> str:
    y = f"try_cast({text} AS INTEGER)"
    return f"CASE WHEN length({text}) = 2 THEN CASE WHEN {y} < 70 THEN 2000 + {y} ELSE 1900 + {y} END ELSE {y} END"


def date_sql(col: str, stats: DateColumn, *, excel_serials: bool = False) -> str:
    """The value as DATE (the calendar date as written; a time or time zone after it is ignored), else NULL."""
    if stats.iso and not stats.unplain:
        # Every value is an ISO date DuckDB's cast reads as it is (empty text casts to NULL).
        return f"try_cast({col} AS DATE)"
    v = f"trim({col})"
    parts = []
    if stats.iso:
        parts.append(f"try_cast({v} AS DATE)")
        iso = f"regexp_extract({v}, '{ISO}', ['y', 'm', 'd'])"
        parts.append(f"try(make_date(try_cast({iso}.y AS INTEGER), try_cast({iso}.m AS INTEGER), "
                     f"try_cast({iso}.d AS INTEGER)))")
    if stats.numeric and stats.order:
        num = f"regexp_extract({v}, '{NUMERIC}', ['a', 'b', 'y'])"
        day, month = (f"{num}.a", f"{num}.b") if stats.order == "dmy" else (f"{num}.b", f"{num}.a")
        parts.append(f"try(make_date({_year(num + '.y')}, try_cast({month} AS INTEGER), "
                     f"try_cast({day} AS INTEGER)))")
    if stats.month_name:
        named = f"regexp_extract({v}, '{MONTH_NAME}', ['d', 'm', 'y'])"
        parts.append(f"try(make_date({_year(named + '.y')}, {_month_number(named + '.m')}, "
                     f"coalesce(try_cast(nullif({named}.d, '') AS INTEGER), 1)))")
        us = f"regexp_extract({v}, '{MONTH_FIRST_NAME}', ['m', 'd', 'y'])"
        parts.append(f"try(make_date(try_cast({us}.y AS INTEGER), {_month_number(us + '.m')}, "
                     f"try_cast({us}.d AS INTEGER)))")
    if stats.serial and excel_serials:
        serial = f"try_cast({v} AS DOUBLE)"
        parts.append(f"CASE WHEN {serial} BETWEEN 1 AND 2958465 THEN DATE '1899-12-30' + "
                     f"CAST(floor({serial}) AS INTEGER) END")
    if not parts:
        return "CAST(NULL AS DATE)"
    parsed = parts[0] if len(parts) == 1 else f"coalesce({', '.join(parts)})"
    return f"CASE WHEN {v} = '' THEN NULL ELSE {parsed} END"
