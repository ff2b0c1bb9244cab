"""What a file's columns hold, read from their values: dates, numbers, amounts, yes/no words, people, unique codes.

The mapping proposes columns from headers first; the values confirm a header that merely resembles a field, and
propose a column no header named (a column of dates is never a yes/no field, a text column with a few dozen
distinct people is a rep, a column of unique codes is an id...). DuckDB computes it all, over the file's first
``SAMPLE_ROWS`` data rows (the whole of most exports), read as text by a private in-memory connection: nothing here
touches the store. Columns are described on demand, a batch in one query, and remembered.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import duckdb

from smart.ingest import values as vs
from smart.ingest.sniff import FileInfo

SAMPLE_ROWS = 20_000
SAMPLE_VALUES = 3
HEAD_ROWS = 500  # the rows the sample values are taken from
# The first rows are read by one thread with a small buffer: reading 500 rows of a 140 MB export took four times as
# long with the importer's buffer (sixteen times its longest line) filled by two threads. A longer row is skipped.
_LINE_BYTES = 1024 * 1024
# Shares of a column's filled values that make it a column of that kind.
MOSTLY = 0.8
# "A few dozen" people: a rep column has at most this many distinct values.
MAX_REPS = 60

# Letters spelled out as Latin ranges: RE2's \p{Lu} classes made these tests fifteen times slower.
_UPPER, _LOWER = "A-ZÀ-ÖØ-Þ", "a-zß-öø-ÿ"
_PERSON = (rf"^([{_UPPER}][{_LOWER}'’]+(-[{_UPPER}][{_LOWER}'’]+)?|[{_UPPER}]\.)"
           rf"( (de |du |van |von |le |la )?[{_UPPER}][{_UPPER}{_LOWER}'’-]+){{1,2}}$")
_SURNAME_FIRST = rf"^[{_UPPER}]{{2,}}([ -][{_UPPER}]{{2,}})* [{_UPPER}][{_LOWER}'’-]+$"
_EMAIL = r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$"
_INITIALS = rf"^[{_UPPER}]{{2,3}}$"
# An id as CRMs and registers write them: letters then digits, with dashes or slashes (DC-1000, SO-5000, 2024/017).
_CODE = rf"^[{_UPPER}{_LOWER}#]{{0,8}}[-_/.#]?\d[\w/.-]*$"
_MONEY = r"([.,]\d{1,2}\s*([€$£]|[A-Z]{3})?\s*$)|[€$£]|(^|\s)(EUR|USD|GBP|CHF)(\s|$)|\d[ \x{a0}\x{202f}.,'’]\d{3}"
_BOOLEANS = tuple(sorted({*vs.TRUE_WORDS, *vs.FALSE_WORDS} - {"won", "closed", "converted"}))


@dataclass(frozen=True)
class ColumnContents:
    """A column's values, counted: of ``rows`` rows looked at, ``filled`` hold a value, ``distinct`` distinct ones,
    and so many read as dates, numbers, amounts, yes/no words, people (``people``: values; ``distinct_people``:
    distinct ones) or codes."""

    header: str
    rows: int
    filled: int
    distinct: int
    dates: int
    numbers: int
    money: int
    booleans: int
    people: int
    distinct_people: int
    codes: int

    def share(self, count: int) -> float:
        return count / self.filled if self.filled else 0.0

    @property
    def is_empty(self) -> bool:
        return self.filled == 0

    @property
    def is_date(self) -> bool:
        return self.filled > 0 and self.share(self.dates) >= MOSTLY

    @property
    def is_number(self) -> bool:
        return self.filled > 0 and not self.is_date and self.share(self.numbers) >= MOSTLY

    @property
    def is_amount(self) -> bool:
        """Numbers written as money (decimals, thousands, a currency), or numbers with many distinct values."""
        return self.is_number and (self.share(self.money) >= 0.5 or self.distinct >= max(3, self.filled // 2))

    @property
    def is_boolean(self) -> bool:
        return self.filled > 0 and not self.is_date and self.share(self.booleans) >= 0.95 and self.distinct <= 4

    @property
    def is_text(self) -> bool:
        return self.filled > 0 and not self.is_date and not self.is_number

    @property
    def is_unique(self) -> bool:
        """One value per row, on every row (an id)."""
        return self.rows >= 2 and self.filled == self.rows and self.distinct == self.filled

    @property
    def is_coded(self) -> bool:
        return self.filled > 0 and not self.is_date and self.share(self.codes) >= 0.9

    @property
    def is_people(self) -> bool:
        """A few dozen distinct people (names, e-mails or initials), each on several rows: a rep column."""
        return (self.is_text and self.share(self.people) >= 0.7 and 1 <= self.distinct_people <= MAX_REPS
                and self.distinct <= max(2, self.filled // 2))


class FileContents:
    """A file's first data rows, as text, in a private DuckDB connection opened on first use: ``describe`` counts
    columns over ``limit`` rows, ``samples`` shows the first values of each."""

    def __init__(self, info: FileInfo, limit: int = SAMPLE_ROWS) -> None:
        self.info = info
        self.limit = limit
        self.column = dict(zip(info.header, info.columns, strict=True))
        self._known: dict[str, ColumnContents] = {}
        self._parsed: dict[str, str | None] = {}
        self._db: duckdb.DuckDBPyConnection | None = None
        self._tables: set[str] = set()
        self.rows = 0

    def _table(self, name: str, limit: int) -> duckdb.DuckDBPyConnection:
        """The connection, with ``name`` holding the file's first ``limit`` data rows (footer lines left out)."""
        if self._db is None:
            self._db = duckdb.connect(":memory:")
        if name not in self._tables:
            info = self.info
            data_lines = max(info.footer_start - info.header_line - 1, 0)
            columns = "{" + ", ".join(f"'{c}': 'VARCHAR'" for c in info.columns) + "}"
            delimiter = info.delimiter.replace("'", "''")
            self._db.execute(f"""CREATE TABLE {name} AS SELECT * FROM read_csv(?, columns={columns}, header=false,
                skip={info.header_line}, delim='{delimiter}', quote='"', escape='"', auto_detect=false,
                strict_mode=true, ignore_errors=true, encoding='utf-8', null_padding=false,
                max_line_size={_LINE_BYTES}, buffer_size={2 * _LINE_BYTES}, parallel=false)
                LIMIT {min(limit, data_lines)}""", [str(info.read_path)])
            self._tables.add(name)
        return self._db

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def describe(self, headers: Iterable[str]) -> dict[str, ColumnContents]:
        """The contents of these columns (of the file's headers), counted in one query for those not seen yet."""
        wanted = [h for h in dict.fromkeys(headers) if h in self.column]
        new = [h for h in wanted if h not in self._known]
        if new:
            db = self._table("sample", self.limit)
            self.rows = db.execute("SELECT count(*) FROM sample").fetchall()[0][0]
            # One long table of (column, value), so that the query is the same size for 5 columns or 500.
            cells = ", ".join(f"{{'h': {index}, 'v': {vs.text_sql(self.column[h])}}}" for index, h in enumerate(new))
            # Each distinct value is tested once, and counted as often as it occurs.
            counted = {row[0]: row[1:] for row in db.execute(f"""SELECT h, {', '.join(_COUNTS)} FROM (
                SELECT h, v, n, {', '.join(_flags_sql('v'))} FROM (
                    SELECT c.h, c.v, count(*) AS n FROM (SELECT unnest([{cells}]) AS c FROM sample)
                    WHERE c.v IS NOT NULL GROUP BY ALL))
                GROUP BY h""").fetchall()}
            for index, header in enumerate(new):
                self._known[header] = ColumnContents(header, self.rows, *counted.get(index, (0,) * len(_FIELDS)))
        return {h: self._known[h] for h in wanted}

    def samples(self, headers: Iterable[str], count: int = SAMPLE_VALUES) -> dict[str, list[str]]:
        """The first ``count`` distinct values of each column, in the file's order (from its first rows)."""
        wanted = [h for h in dict.fromkeys(headers) if h in self.column]
        if not wanted:
            return {}
        db = self._table("head", HEAD_ROWS)
        cells = ", ".join(f"{{'h': {index}, 'v': {vs.text_sql(self.column[h])}}}" for index, h in enumerate(wanted))
        rows = db.execute(f"""SELECT h, list(v ORDER BY r)[1:{int(count)}] FROM (
                SELECT c.h, c.v, min(r) AS r FROM (SELECT rowid AS r, unnest([{cells}]) AS c FROM head)
                WHERE c.v IS NOT NULL GROUP BY ALL)
            GROUP BY h""").fetchall()
        found = dict(rows)
        return {h: list(found.get(index, [])) for index, h in enumerate(wanted)}

    def earlier_share(self, header: str, than: str) -> float | None:
        """Of the rows where both columns hold a date, the share where ``header``'s is on or before ``than``'s
        (None when no row has both)."""
        first, second = self._date_sql(header), self._date_sql(than)
        if first is None or second is None:
            return None
        db = self._table("sample", self.limit)
        earlier, both = db.execute(f"""SELECT count(*) FILTER (WHERE a <= b), count(*) FROM (
            SELECT {first} AS a, {second} AS b FROM sample) WHERE a IS NOT NULL AND b IS NOT NULL""").fetchall()[0]
        return earlier / both if both else None

    def _date_sql(self, header: str) -> str | None:
        """A column's values as dates, the day/month order decided from all of them as the importer does (day-first
        when nothing decides: a proposal only compares two columns read the same way)."""
        if header not in self._parsed:
            column = self.column.get(header)
            if column is None:
                self._parsed[header] = None
            else:
                names = ("iso", "numeric", "month_name", "serial", "max_first", "max_second", "unequal",
                         "distinct_first", "distinct_second", "unplain")
                db = self._table("sample", self.limit)
                stats = db.execute(f"SELECT {', '.join(vs.date_stats_sql(column, 'd'))} FROM sample").fetchall()
                date = vs.DateColumn(header, **dict(zip(names, stats[0], strict=True)))
                vs.decide_order(date, "dmy")
                self._parsed[header] = vs.date_sql(column, date, excel_serials=self.info.encoding == "xlsx")
        return self._parsed[header]


_MONTHS = "jan|feb|fev|mar|apr|avr|may|mai|jun|juin|jul|juil|aug|aou|sep|oct|nov|dec"
_NAMED_DATE = (rf"^((\d{{1,2}})(er)?[ .-]*)?({_MONTHS})[a-z]*\.?[ ,.-]*(\d{{4}}|\d{{2}})$|"
               rf"^({_MONTHS})[a-z]*\.? \d{{1,2}},? \d{{4}}$")
_DAY_MONTH = r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})\b"
# Two-digit years first: "%Y" would read the 24 of 5/3/24 as the year 24.
_DAY_MONTH_FORMATS = ("%d/%m/%y", "%m/%d/%y", "%d.%m.%y", "%d-%m-%y", "%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y", "%m.%d.%Y",
                      "%d-%m-%Y", "%m-%d-%Y")


def _is_date_sql(v: str) -> str:
    """SQL: whether a (trimmed) value is a date, however it is written (ISO, dd/mm/yyyy or mm/dd/yyyy, a month's
    name, with or without a time): it must be one, not merely be shaped like one (``DC-1000`` is not)."""
    iso = f"try_cast(regexp_extract({v}, '^(\\d{{4}}-\\d{{1,2}}-\\d{{1,2}})([T ]|$)', 1) AS DATE)"
    formats = ", ".join(vs.lit(f) for f in _DAY_MONTH_FORMATS)
    numeric = f"try_strptime(regexp_extract({v}, {vs.lit(_DAY_MONTH)}, 0), [{formats}])"
    named = f"regexp_matches(strip_accents(lower({v})), {vs.lit(_NAMED_DATE)})"
    # The parsers run only on values shaped for them (a CASE evaluates a branch on its rows alone): on 150,000
    # distinct values this took 1 s when every value went through every parser.
    return (f"CASE WHEN regexp_matches({v}, '^\\d{{1,4}}[-/.]\\d{{1,2}}[-/.]\\d{{1,4}}') "
            f"THEN year(coalesce({iso}, CAST({numeric} AS DATE))) BETWEEN 1900 AND 2199 "
            f"WHEN length({v}) <= 30 AND regexp_matches({v}, '[A-Za-z].*\\d\\d|\\d\\d.*[A-Za-z]') THEN {named} "
            f"ELSE false END")


_FIELDS = ("filled", "distinct", "dates", "numbers", "money", "booleans", "people", "distinct_people", "codes")
# Over the distinct values of a column (``n``: how often each occurs, the flags below), in ColumnContents' order.
_COUNTS = ("sum(n)", "count(*)", "coalesce(sum(n) FILTER (WHERE is_date), 0)",
           "coalesce(sum(n) FILTER (WHERE is_number), 0)", "coalesce(sum(n) FILTER (WHERE is_number AND is_money), 0)",
           "coalesce(sum(n) FILTER (WHERE is_boolean), 0)", "coalesce(sum(n) FILTER (WHERE is_person), 0)",
           "count(*) FILTER (WHERE is_person)", "coalesce(sum(n) FILTER (WHERE is_code), 0)")


def _flags_sql(v: str) -> list[str]:
    """What one (trimmed, filled) value is: a date, a number, money, a yes/no word, a person, a code."""
    booleans = ", ".join(vs.lit(w) for w in _BOOLEANS)
    person = " OR ".join(f"regexp_matches({v}, {vs.lit(pattern)})"
                         for pattern in (_PERSON, _SURNAME_FIRST, _EMAIL, _INITIALS))
    return [
        f"coalesce({_is_date_sql(v)}, false) AS is_date",
        f"regexp_matches({v}, {vs.lit(vs.NUMBER_SHAPE)}) AS is_number",
        f"regexp_matches({v}, {vs.lit(_MONEY)}) AS is_money",
        f"lower({v}) IN ({booleans}) AS is_boolean",
        f"({person}) AS is_person",
        f"regexp_matches({v}, {vs.lit(_CODE)}) AS is_code",
    ]
