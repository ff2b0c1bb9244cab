"""Reading a file's data lines with DuckDB, and numbering them as the file's physical lines.

DuckDB reads the data region (``skip`` = the header's line) with ``ignore_errors`` and ``store_rejects``: malformed
rows (too few or too many fields, an over-long row, a stray quote) land in a rejects table with their line number,
and blank lines were turned into sentinel rows by the sniffer so that they are reported there too rather than
silently skipped. DuckDB's reject line numbers count records, not the newlines inside quoted fields. The temp table
keeps the file's order (``rowid``), so a good row's line is: the first data line + its rowid + the skipped records
before it (an ASOF join on the rejects) + the newlines inside quoted fields of the rows before it (a running sum,
computed only when some field holds a newline). A reject's line gets the same newline correction. Rows starting at
or after the footer's first line are not data.

The reader can also type number and date columns itself (``typed_columns``) when their first rows show how they
are written; the import falls back to reading everything as text when a value does not fit.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import duckdb

from smart.ingest import values as vs
from smart.ingest.errors import ImportFileError, without_paths
from smart.ingest.profiles import FIELDS
from smart.ingest.reasons import MAX_LINE_BYTES
from smart.ingest.sniff import BLANK_SENTINEL, FileInfo

if TYPE_CHECKING:
    from smart.ingest.planning import Plan


_PLAIN_NUMBER = {".": re.compile(r"-?\d+(?:\.\d+)?"), ",": re.compile(r"-?\d+(?:,\d+)?")}
_AMBIGUOUS_NUMBER = re.compile(r"-?" + vs.AMBIGUOUS_NUMBER)
_INTEGER = re.compile(r"-?\d+")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_TIME = re.compile(r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?")
_SLASH_DAY = re.compile(r"(\d{1,2})/(\d{1,2})/\d{4}")
_DATE_FORMATS = {"dmy": "%d/%m/%Y", "mdy": "%m/%d/%Y"}
_TYPED_KINDS = ("deals", "leads", "history")
MARK_WORDS = {mark: word for word, mark in vs.DECIMAL_MARKS.items()}


class ReaderTypes(dict[str, str]):
    """Columns DuckDB's reader types itself (column -> ``DOUBLE``, ``DATE`` or ``TIMESTAMP``), with the one
    decimal mark and the one date order (None: ISO dates) it reads all of them with. ``unproven``: the number
    columns whose first rows showed no decimal mark (whole numbers, or no value)."""

    def __init__(self, types: dict[str, str] | None = None, decimal: str = ".", date_order: str | None = None,
                 unproven: frozenset[str] = frozenset()):
        super().__init__(types or {})
        self.decimal = decimal
        self.date_order = date_order
        self.unproven = unproven & set(self)

    @property
    def shown_decimal(self) -> str | None:
        """The decimal mark some typed column's values show, if any."""
        return self.decimal if any(t == "DOUBLE" and c not in self.unproven for c, t in self.items()) else None


def typed_columns(info: FileInfo, plan: Plan) -> ReaderTypes:
    """Columns DuckDB's reader can type itself: a deals or leads field whose first rows are all plain numbers
    with one decimal mark (or integers), or all dates written one way (ISO, with or without a time;
    dd/mm/yyyy with some day over 12 among them, or mm/dd/yyyy with some day over 12 in second place). The reader
    then checks every value of the column, and the import falls back to reading everything as text if one does
    not fit. A column qualifies only with its own evidence of its day order, and a number column is read with its
    own decimal mark or, for integers, the one the long way would choose without evidence: so its whole-column
    decision could not be another (a value written the other way fails the cast, and no value can decide for
    it). A number column of whole numbers is checked for whole numbers only (``unfit_sql``): the reader would
    read a later "2.500" as 2.5, where the long way, finding no value that says which mark is the decimal one,
    asks. A time is read and dropped, as the long way drops it (an offset does not move the date either). A field
    with no value in those rows is read as the others of its kind are (dates as ISO dates or times, when no
    day/month order is in use)."""
    if plan.kind not in _TYPED_KINDS or not info.sample_rows or plan.id_rule.per_row:
        return ReaderTypes()  # a row's id is made from its cells as written
    position = {header: index for index, header in enumerate(info.header)}
    uses = list(plan.mapping.values())
    numbers: dict[str, str] = {}
    unproven: set[str] = set()  # number columns of whole numbers
    dates: dict[str, tuple[str, str | None]] = {}
    empty: dict[str, str] = {}  # column -> kind of a field with no value in the sniffer's rows
    for name, column in plan.mapping.items():
        kind = FIELDS[plan.kind].get(name)
        if kind not in ("number", "date") or column not in position or uses.count(column) > 1:
            continue
        values = [row[position[column]] for row in info.sample_rows if row[position[column]] != ""]
        key = info.columns[position[column]]
        if not values:
            empty[key] = kind
            continue
        if kind == "number":
            mark = _plain_decimal_mark(values, info.delimiter)
            if mark:
                numbers[key] = mark
            if all(_INTEGER.fullmatch(v) for v in values):
                unproven.add(key)
        else:
            written = _date_type(values)
            if written:
                dates[key] = written
    # One decimal mark and one date order (ISO dates and times need none) for all of the reader's typed columns.
    marks, orders = set(numbers.values()), {order for _kind, order in dates.values()}
    types: dict[str, str] = {}
    mark = marks.pop() if len(marks) == 1 else None if marks else mark_without_evidence(info.delimiter)
    if mark:
        types |= {c: "DOUBLE" for c in [*numbers, *(c for c, kind in empty.items() if kind == "number")]}
        unproven |= {c for c, kind in empty.items() if kind == "number"}
    order = orders.pop() if len(orders) == 1 else None
    if len(orders) <= 1:
        types |= {c: kind for c, (kind, _order) in dates.items()}
        if order is None:
            types |= {c: "TIMESTAMP" for c, kind in empty.items() if kind == "date"}
    return ReaderTypes(types, mark or ".", order, frozenset(unproven))


def mark_without_evidence(delimiter: str) -> str:
    """The decimal mark the long way chooses when no value shows one: a comma in a semicolon file."""
    return "," if delimiter == ";" else "."


def _plain_decimal_mark(values: list[str], delimiter: str) -> str | None:
    """``.`` or ``,`` when every value is a plain number with that decimal mark and some value shows it; for
    integers, the mark the long way chooses when no value shows one (a comma in a semicolon file)."""
    if all(_INTEGER.fullmatch(v) for v in values):
        return mark_without_evidence(delimiter)
    for mark in (".", ","):
        if mark != delimiter and all(_PLAIN_NUMBER[mark].fullmatch(v) for v in values) and any(
                mark in v and not _AMBIGUOUS_NUMBER.fullmatch(v) for v in values):
            return mark
    return None


def _date_type(values: list[str]) -> tuple[str, str | None] | None:
    """The reader's type and day order for a column whose values are all dates written one way: ISO days
    (``DATE``), ISO days with times (``TIMESTAMP``), or dd/mm/yyyy or mm/dd/yyyy, where some value with a day over
    12 decides and none contradicts it."""
    if all(_ISO_DAY.fullmatch(v) for v in values):
        return "DATE", None
    if all(_ISO_TIME.fullmatch(v) for v in values):
        return "TIMESTAMP", None
    parts = [match for v in values if (match := _SLASH_DAY.fullmatch(v))]
    if len(parts) < len(values):
        return None
    day_first = any(int(m.group(1)) > 12 for m in parts)
    month_first = any(int(m.group(2)) > 12 for m in parts)
    order = "dmy" if day_first and not month_first else "mdy" if month_first and not day_first else None
    return ("DATE", order) if order else None


def read_file(tx: duckdb.DuckDBPyConnection, info: FileInfo, typed: ReaderTypes) -> ReaderTypes:
    """Read the file into ``raw``, with the ``typed`` columns typed by DuckDB when every value fits, else every
    column as text; return the columns that were typed."""
    if typed:
        read(tx, info, typed)
        if not tx.execute(f"SELECT count(*) FROM raw WHERE {unfit_sql(typed)}").fetchall()[0][0] and \
                no_cast_errors(tx):
            return typed
    read(tx, info, ReaderTypes())
    return ReaderTypes()


def read(tx: duckdb.DuckDBPyConnection, info: FileInfo, typed: ReaderTypes, table: str = "raw",
          query: Callable[[str], str] = lambda reader: f"SELECT * FROM {reader}") -> None:
    """Create ``table`` as ``query`` over DuckDB's reader of the data lines (``typed`` columns typed by the
    reader, the others text); malformed rows go to ``imp_errors`` with their line number."""
    columns = "{" + ", ".join(f"'{c}': '{typed.get(c, 'VARCHAR')}'" for c in info.columns) + "}"
    delimiter = info.delimiter.replace("'", "''")
    formats = (f", decimal_separator='{typed.decimal}'" if typed.decimal != "." else "") + (
        f", dateformat='{_DATE_FORMATS[typed.date_order]}'" if typed.date_order else "")
    reader = f"""read_csv(?, columns={columns}, header=false, skip={info.header_line}, delim='{delimiter}',
        quote='"', escape='"', auto_detect=false, strict_mode=true, ignore_errors=true, store_rejects=true,
        rejects_table='imp_errors', rejects_scan='imp_scans', max_line_size={MAX_LINE_BYTES}, encoding='utf-8',
        null_padding=false{formats})"""
    tx.execute("DROP TABLE IF EXISTS imp_errors")
    tx.execute("DROP TABLE IF EXISTS imp_scans")
    try:
        tx.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS {query(reader)}", [str(info.read_path)])
    except duckdb.Error as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        detail = without_paths(first, info.name, info.read_path, info.path)
        raise ImportFileError("ingest.error.unreadable", file=info.name, detail=detail) from None


def no_cast_errors(tx: duckdb.DuckDBPyConnection) -> bool:
    """Whether the last read typed every value it was asked to type (``imp_errors`` holds no cast error)."""
    return not tx.execute("SELECT count(*) FROM imp_errors WHERE error_type = 'CAST'").fetchall()[0][0]


def unfit_sql(typed: ReaderTypes) -> str:
    """SQL true for a row where a value the reader typed without a cast error is still not what the text means:
    an infinite number, a fraction in a column of whole numbers (its text, which the long way needs to decide the
    column's decimal mark, is gone: "2.500" and "2.5" are both 2.5), or a day/month date whose year has fewer than
    four digits (``%Y`` reads 24 as the year 24; an ISO date is read as the long way reads it)."""
    dates = [c for c, t in typed.items() if t == "DATE"] if typed.date_order else []
    return " OR ".join([*(f"NOT isfinite({c})" for c, t in typed.items() if t == "DOUBLE"),
                        *(f"{c} <> trunc({c})" for c in sorted(typed.unproven)),
                        *(f"year({c}) < 1000" for c in dates)]) or "false"


def newlines_in_fields(info: FileInfo, texts: list[str]) -> tuple[str, str] | None:
    """SQL telling whether a row's ``texts`` columns hold a newline, and how many; None when the file cannot
    have any (a newline inside a field needs quotes around it)."""
    if not info.has_quotes or not texts:
        return None
    count = " + ".join(f"coalesce(length({c}) - length(replace({c}, chr(10), '')), 0)" for c in texts)
    return " OR ".join(f"contains({c}, chr(10))" for c in texts), count


def number_lines(tx: duckdb.DuckDBPyConnection, info: FileInfo, table: str,
                 newlines: tuple[str, str] | None) -> dict[str, int]:
    """``rawl``: ``table`` (the rows as read, in the file's order) with ``line``, the physical line each row
    starts on; ``reader_rejects``: the malformed data rows. ``newlines`` is the SQL telling whether a row's fields
    hold newlines, and how many (None when they cannot)."""
    first = info.header_line + 1
    tx.execute("""CREATE OR REPLACE TEMP TABLE skipped AS
        SELECT line, any_value(csv_line) AS csv_line, any_value(error_type) AS error_type,
               min(byte_position) AS pos
        FROM imp_errors GROUP BY line""")
    _recheck_long_rows(tx, info)
    tx.execute("""CREATE OR REPLACE TEMP TABLE skips AS
        SELECT line, csv_line, error_type, pos, row_number() OVER (ORDER BY line) - 1 AS j,
               line - (row_number() OVER (ORDER BY line) - 1) AS t
        FROM skipped""")
    n_skips = tx.execute("SELECT count(*) FROM skips").fetchall()[0][0]
    # Rows inserted in an open transaction get row ids from a high base: number them from the first one.
    base = tx.execute(f"SELECT coalesce(min(rowid), 0) FROM {table}").fetchall()[0][0]
    has_newlines = newlines is not None and bool(
        tx.execute(f"SELECT EXISTS (SELECT 1 FROM {table} WHERE {newlines[0]})").fetchall()[0][0])
    if has_newlines and newlines is not None:
        count = newlines[1]
        embedded = (f"coalesce(sum({count}) OVER (ORDER BY rowid ROWS BETWEEN UNBOUNDED PRECEDING "
                    f"AND 1 PRECEDING), 0)")
        own = count
    else:
        embedded = own = "0"
    if n_skips:
        tx.execute(f"""CREATE OR REPLACE TEMP TABLE rawl AS
            SELECT r.*, {first} + r.rid + coalesce(s.j + 1, 0) + r.emb AS line
            FROM (SELECT *, rowid - {base} AS rid, {embedded} AS emb, {own} AS own FROM {table}) r
            ASOF LEFT JOIN (SELECT t, max(j) AS j FROM skips GROUP BY t) s ON {first} + r.rid >= s.t""")
        if has_newlines:
            tx.execute(f"""CREATE OR REPLACE TEMP TABLE skips AS
                SELECT s.*, s.line + coalesce((SELECT max(emb + own) FROM rawl WHERE rid < s.line - {first} - s.j), 0)
                    AS physical FROM skips s""")
        else:
            tx.execute("CREATE OR REPLACE TEMP TABLE skips AS SELECT *, line AS physical FROM skips")
    else:
        if has_newlines:
            tx.execute(f"CREATE OR REPLACE TEMP TABLE rawl AS "
                       f"SELECT *, {first} + rowid - {base} + {embedded} AS line FROM {table}")
        else:
            tx.execute(f"CREATE OR REPLACE TEMP VIEW rawl AS SELECT *, {first} + rowid - {base} AS line FROM {table}")
        tx.execute("CREATE OR REPLACE TEMP TABLE skips AS SELECT *, line AS physical FROM skips")
    if n_skips or has_newlines:
        tx.execute(f"DROP TABLE {table}")
    sentinel = vs.lit(BLANK_SENTINEL)
    tx.execute(f"""CREATE OR REPLACE TEMP TABLE reader_rejects AS
        SELECT physical AS line, csv_line, error_type FROM skips
        WHERE physical < {info.footer_start} AND trim(coalesce(csv_line, ''), ' \t' || {sentinel}) <> ''""")
    good = tx.execute(f"SELECT count(*) FROM rawl WHERE line < {info.footer_start}").fetchall()[0][0]
    bad = tx.execute("SELECT count(*) FROM reader_rejects").fetchall()[0][0]
    return {"good": good, "bad": bad}


def _recheck_long_rows(tx: duckdb.DuckDBPyConnection, info: FileInfo) -> None:
    """DuckDB may report a row longer than ``max_line_size`` as a quoting error, with the previous row's text:
    look at the file at the error's position and say what it is."""
    suspects = tx.execute("""SELECT line, pos FROM skipped WHERE error_type IN ('UNQUOTED VALUE', 'INVALID STATE',
        'LINE SIZE OVER MAXIMUM') AND pos IS NOT NULL ORDER BY line LIMIT 1000""").fetchall()
    if not suspects:
        return
    fixes = []
    with info.read_path.open("rb") as handle:
        for line, pos in suspects:
            handle.seek(pos)
            chunk = handle.read(MAX_LINE_BYTES + 1)
            if b"\n" not in chunk and len(chunk) > MAX_LINE_BYTES:
                fixes.append((line, chunk[:200].decode("utf-8", errors="replace")))
    if fixes:
        tx.executemany("UPDATE skipped SET error_type = 'LINE SIZE OVER MAXIMUM', csv_line = ? WHERE line = ?",
                       [(text, line) for line, text in fixes])


def drop_rows_as_read(tx: duckdb.DuckDBPyConnection) -> None:
    """Drop the rows as read (``rawl``, a view or a table, and ``raw``) once the staged rows hold what they gave."""
    tx.execute("DROP VIEW IF EXISTS rawl" if _is_view(tx, "rawl") else "DROP TABLE IF EXISTS rawl")
    tx.execute("DROP TABLE IF EXISTS raw")


def _is_view(tx: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(tx.execute("SELECT count(*) FROM duckdb_views() WHERE view_name = ? AND temporary",
                           [name]).fetchall()[0][0])
