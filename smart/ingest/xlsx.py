"""One XLSX sheet to CSV text, without letting a workbook exhaust the server or lose a row.

An XLSX file is a zip of XML parts, and openpyxl, which reads them, trusts both. It unpacks whatever a part
holds; keeps the shared strings, and every part but the sheets, whole in memory; holds a row's elements until
the row ends; parses every sheet once more at load time when its ``<dimension>`` header is missing; and in
read-only mode believes that header, so a sheet saying A1:B2 silently loses every row below the second. So a
workbook goes through three checks, each stopping at the first limit passed, with one sentence saying which:

1. The zip (``_check_directory``, ``_check_parts``): the size of its list of parts, read from its end record
   before ``zipfile`` builds that list, then the number of parts, each part's unpacked size and compression
   ratio, and their total, as the list declares them (``zipfile`` never unpacks more than a part declares).
2. The XML (``_scan_part``): openpyxl reads the zip through ``_GuardedArchive``, which unpacks each part once,
   in pieces, the first time openpyxl opens it, and counts its tags with regular expressions before openpyxl
   parses a byte of it: rows (and their order: openpyxl silently drops a row numbered at or below the one
   before it), cells, elements, what openpyxl would hold at once, and the longest run of text. Only the parts
   openpyxl reads are counted (a pivot table's cache, which it never reads, may be big). A sheet of 3.7 million
   rows is refused here after its first million, in about a second, where openpyxl took minutes. The same zip
   refuses to hand over whole (``read()``) a part larger than it may hold.
3. The reading (``_open_workbook``, ``_stream_rows``, ``_write_csv``): openpyxl parses XML with ``defusedxml``
   (no entity expansion), the dimension header is ignored, and rows, cells and the CSV text are counted again
   as they come (the XML does not show the empty rows and cells openpyxl fills a gap with).

Anything openpyxl or ``zipfile`` raises on a malformed workbook becomes the one ``ingest.error.xlsx`` sentence,
its detail without the server's paths.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import operator
import re
import struct
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Literal

from smart.ingest.errors import ImportFileError, Said, without_paths

try:
    from defusedxml import DefusedXmlException

    _ENTITY_ERRORS: tuple[type[BaseException], ...] = (DefusedXmlException,)
except ImportError:  # _require_defusedxml then refuses every workbook
    _ENTITY_ERRORS = ()

MIB = 1024 * 1024
EXCEL_ROWS = 1_048_576  # the most rows an Excel sheet has


@dataclass(frozen=True)
class XlsxLimits:
    """What one workbook may hold. ``for_import`` derives the sizes from the import's size limit, the rest are
    Excel's own limits or measured costs of openpyxl (see each field)."""

    part_bytes: int  # one part, unpacked
    total_bytes: int  # all the parts, unpacked
    cells: int  # cells in the XML, and cells openpyxl hands over (gaps filled)
    elements: int  # XML elements in all the parts
    strings_bytes: int  # a part holding shared strings: openpyxl keeps all of their text in memory
    whole_bytes: int  # any part openpyxl reads whole (styles, workbook, relationships, chart sheets)
    text_bytes: int  # the sheet written as CSV
    rows: int = EXCEL_ROWS
    # Apache POI's zip-bomb guard refuses a part unpacking to over 100 times its packed size; real parts measure
    # 2 to 12 times. A part under ratio_floor is too small to matter whatever its ratio.
    ratio: int = 100
    ratio_floor: int = MIB
    parts: int = 10_000  # an Excel workbook has a few dozen parts, a thousand sheets a few thousand
    directory_bytes: int = 4 * MIB  # the list of parts: 10,000 entries with 400-byte names
    # Text between two tags: a cell's 32,767 characters take at most 6 bytes each in XML (``&quot;``), 192 KB.
    run_bytes: int = MIB
    # Elements openpyxl holds at once: a row's, or the links, merged cells and formats beside the rows, which it
    # builds whole. A million links took 8.5 s and 600 MB in openpyxl; two million allow a link and a merged
    # range on every row of a full Excel sheet.
    held_elements: int = 2_000_000

    @classmethod
    def for_import(cls, max_bytes: int) -> XlsxLimits:
        """Limits consistent with a CSV import of at most ``max_bytes`` (``SMART_IMPORT_MAX_MB``).

        A sheet's XML runs to 2 to 4 times the CSV of the same table, and its other parts are small: one part
        may unpack to ``max_bytes``, all of them to twice that. The cells are those of a CSV file at the limit,
        one per 16 bytes (the benchmark's 1,000,000-deal export: 9 columns in 138 MB, 15 bytes a cell); the
        elements twice that (an Excel sheet spends 17 bytes an element). The CSV text written may not pass the
        CSV limit itself. openpyxl keeps the shared strings as a list of Python strings, about 6 times their
        XML when they are short (98 MB of 3.8 million strings took 585 MB and 32 s of CPU): they get a fifth of
        the limit (a 1,000,000-row export with 2,000,000 distinct names needs about 90 MB). It parses the other
        parts into XML trees, 5 to 23 times their size (measured on 16 MB of styles): they get a 32nd (an Excel
        style sheet has at most 64,000 formats, under 10 MB).
        """
        return cls(
            part_bytes=max_bytes, total_bytes=2 * max_bytes, cells=max_bytes // 16, elements=max_bytes // 8,
            strings_bytes=max(max_bytes // 5, MIB), whole_bytes=max(max_bytes // 32, MIB), text_bytes=max_bytes,
        )


def sheet_to_csv(path: Path, file: str, sheet: str | None, target: Path, limits: XlsxLimits) -> str:
    """Write ``sheet`` (default: the first) of the workbook at ``path`` to ``target`` as CSV (dates as ISO) and
    return the sheet's title; raise ImportFileError, naming ``file``, for a workbook that passes a limit or is
    not readable."""
    try:
        with path.open("rb") as handle:
            _check_directory(handle, file, limits)
            archive = _GuardedArchive(handle, file, limits)
            _require_defusedxml(file)
            workbook = _open_workbook(handle, archive)
            try:
                worksheet = _choose_sheet(workbook, file, sheet)
                worksheet.reset_dimensions()  # read every row there is, whatever the header says
                _write_csv(_stream_rows(worksheet, file, limits), target, file, worksheet.title, limits)
                title: str = worksheet.title
            finally:
                workbook.close()
    except ImportFileError:
        raise
    except _UNREADABLE as error:
        raise _unreadable(error, file, path, target) from None
    if target.stat().st_size == 0:
        raise ImportFileError("ingest.error.empty_sheet", file=file, sheet=title)
    return title


def size_said(count: int) -> Said:
    """A size in megabytes of 1024 × 1024 bytes, as ``SMART_IMPORT_MAX_MB`` counts them (kilobytes under one), in
    the reader's language."""
    if count >= MIB:
        return Said("ingest.size.mb", mb=round(count / MIB))
    return Said("ingest.size.kb", kb=max(1, round(count / 1024)))


# ------------------------------------------------------------------------------------------------- the zip
_END_RECORD = struct.Struct("<4s4H2LH")  # signature, disks, entries here, entries, list size, list offset, comment
_ZIP64_LOCATOR = struct.Struct("<4sLQL")
_ZIP64_END_RECORD = struct.Struct("<4sQ2H2L4Q")


def _check_directory(handle: IO[bytes], file: str, limits: XlsxLimits) -> None:
    """Refuse a list of parts too long before ``zipfile`` reads it: it builds an object per entry, and a 500 MB
    list of 47-byte entries would take about 4 GB."""
    size = _directory_size(handle)
    if size is not None and size > limits.directory_bytes:
        raise ImportFileError("ingest.error.xlsx_directory", file=file, size=size_said(size),
                              limit=limits.parts)


def _directory_size(handle: IO[bytes]) -> int | None:
    """The size of the zip's list of parts as ``zipfile`` will read it (its end record, or the ZIP64 one right
    before it), or None when there is no end record (``zipfile`` then says the file is not a zip)."""
    handle.seek(0, 2)
    length = handle.tell()
    handle.seek(max(0, length - (1 << 16) - _END_RECORD.size))
    tail = handle.read()
    at = len(tail) - _END_RECORD.size
    if not (at >= 0 and tail[at:at + 4] == b"PK\x05\x06" and tail[-2:] == b"\x00\x00"):
        at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < _END_RECORD.size:
        return None
    size: int = _END_RECORD.unpack_from(tail, at)[5]
    locator = at - _ZIP64_LOCATOR.size
    record = locator - _ZIP64_END_RECORD.size
    if record >= 0 and tail[locator:locator + 4] == b"PK\x06\x07" and tail[record:record + 4] == b"PK\x06\x06":
        size = _ZIP64_END_RECORD.unpack_from(tail, record)[8]
    return size


def _check_parts(archive: zipfile.ZipFile, file: str, limits: XlsxLimits) -> None:
    """Every part's unpacked size and ratio, then their total, as the zip declares them."""
    parts = archive.infolist()
    if len(parts) > limits.parts:
        raise ImportFileError("ingest.error.xlsx_parts", file=file, count=len(parts), limit=limits.parts)
    for part in parts:
        if part.file_size > limits.part_bytes:
            raise ImportFileError("ingest.error.xlsx_part_size", file=file, part=part.filename,
                                  size=size_said(part.file_size), limit=size_said(limits.part_bytes))
        if part.file_size > limits.ratio_floor and part.file_size > limits.ratio * max(part.compress_size, 1):
            raise ImportFileError("ingest.error.xlsx_ratio", file=file, part=part.filename,
                                  ratio=part.file_size // max(part.compress_size, 1), limit=limits.ratio)
    total = sum(part.file_size for part in parts)
    if total > limits.total_bytes:
        raise ImportFileError("ingest.error.xlsx_total_size", file=file, size=size_said(total),
                              limit=size_said(limits.total_bytes))


# ------------------------------------------------------------------------------------------------- the XML
_SCAN_CHUNK = 256 * 1024
# A start tag's name (end tags, comments, declarations and processing instructions start otherwise).
_START_TAG = re.compile(rb"<([A-Za-z_\x80-\xff][-.\w:\x80-\xff]*)")
# The elements openpyxl lets go of when their row, or their shared string, ends.
_RELEASE_POINTS = frozenset({b"row", b"si"})
# A row's number as Excel writes it, and in any form (empty for a row without one, which openpyxl numbers after
# the row before it).
_EXCEL_ROW_NUMBER = re.compile(rb'<row r="(\d+)"')
_ROW_NUMBER = re.compile(rb"""<(?:[A-Za-z_][-.\w]*:)?row(?=[\s/>])(?:[^>]*?\sr\s*=\s*["']([^"']*)["'])?""")


class _Totals:
    """Counts over the whole workbook."""

    def __init__(self) -> None:
        self.cells = 0
        self.elements = 0


def _scan_part(stream: IO[bytes], part: zipfile.ZipInfo, file: str, limits: XlsxLimits, totals: _Totals) -> None:
    """Count an XML part's tags (see the module's docstring); a part that is not XML is not parsed as such."""
    head = stream.read(_SCAN_CHUNK)
    as_utf8 = _xml_reader(head)
    if as_utf8 is None:
        return
    scan = _PartScan(part, file, limits, totals)
    chunk = head
    while chunk:
        scan.feed(as_utf8(chunk))
        chunk = stream.read(_SCAN_CHUNK)
    scan.finish()


def _xml_reader(head: bytes) -> Callable[[bytes], bytes] | None:
    """How to turn a part's bytes into UTF-8, from its first bytes; None for a part that is not XML."""
    if head.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n").startswith(b"<"):
        return lambda data: data  # UTF-8, or a one-byte encoding: tags read the same
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        encoding = "utf-16"
    elif len(head) >= 2 and head[0] and not head[1]:
        encoding = "utf-16-le"
    elif len(head) >= 2 and not head[0] and head[1]:
        encoding = "utf-16-be"
    else:
        return None
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    if not decoder.decode(head[:64]).lstrip("\ufeff \t\r\n").startswith("<"):
        return None
    decoder.reset()
    return lambda data: decoder.decode(data).encode("utf-8")


class _PartScan:
    """One part's tags, counted piece by piece. A piece is cut after its last ``<``, so that no tag is split;
    the text after it waits for the next piece, and if it grows past ``run_bytes`` without a ``<``, a value (or
    a tag) is longer than any Excel writes. Rows must come in order: openpyxl silently drops a row whose number
    is not above the one before it."""

    def __init__(self, part: zipfile.ZipInfo, file: str, limits: XlsxLimits, totals: _Totals) -> None:
        self.part, self.file, self.limits, self.totals = part, file, limits, totals
        self.pending = b""
        self.rows = 0
        self.last_row = 0
        self.held = 0
        self.has_strings = False

    def feed(self, data: bytes) -> None:
        data = self.pending + data if self.pending else data
        cut = data.rfind(b"<")
        if cut <= 0:
            self.pending = data
        else:
            self._read(data, cut)
            self.pending = data[cut:]
        if len(self.pending) > self.limits.run_bytes:
            raise ImportFileError("ingest.error.xlsx_long_value", file=self.file, part=self.part.filename,
                                  limit=size_said(self.limits.run_bytes))

    def finish(self) -> None:
        self._read(self.pending, len(self.pending))

    def _read(self, data: bytes, end: int) -> None:
        """Count the tags of ``data[:end]``, and check the order of its rows if it has any."""
        rows = self._count(_START_TAG.findall(data, 0, end))
        if rows:
            self._check_row_order(data, end, rows)

    def _check_row_order(self, data: bytes, end: int, rows: int) -> None:
        found = _EXCEL_ROW_NUMBER.findall(data, 0, end)
        if len(found) != rows:  # not all written as Excel does: a prefix, another attribute first, no number
            found = _ROW_NUMBER.findall(data, 0, end)
        try:
            numbers = list(map(int, found))  # every row numbered, as Excel writes them: no loop in Python
        except ValueError:
            numbers = []
        if numbers and numbers[0] > self.last_row and all(map(operator.lt, numbers, numbers[1:])):
            self.last_row = numbers[-1]
            return
        for text in found:
            try:
                row = int(float(text)) if text else self.last_row + 1
            except ValueError:
                continue  # openpyxl will say it is not a row number
            if row <= self.last_row:
                raise ImportFileError("ingest.error.xlsx_row_order", file=self.file, part=self.part.filename,
                                      row=row, previous=self.last_row)
            self.last_row = row

    def _count(self, names: list[bytes]) -> int:
        """Count ``names`` (start tags) in this part and the workbook; return how many are rows."""
        counts = Counter(names)
        if any(b":" in name for name in counts):  # prefixed tags (x:row): counted by their local name
            local: Counter[bytes] = Counter()
            for name, count in counts.items():
                local[name.rpartition(b":")[2]] += count
        else:
            local = counts
        self.rows += local[b"row"]
        self.totals.cells += local[b"c"]
        self.totals.elements += len(names)
        self._check_rows_and_cells()
        if local[b"si"] and not self.has_strings:
            self.has_strings = True
            if self.part.file_size > self.limits.strings_bytes:
                raise ImportFileError("ingest.error.xlsx_held", file=self.file, part=self.part.filename,
                                      size=size_said(self.part.file_size), limit=size_said(self.limits.strings_bytes))
        releases = [name for name in counts if name.rpartition(b":")[2] in _RELEASE_POINTS]
        if releases:
            last = max(len(names) - 1 - names[::-1].index(name) for name in releases)
            self.held = len(names) - 1 - last
        else:
            self.held += len(names)
        if self.held > self.limits.held_elements:
            raise ImportFileError("ingest.error.xlsx_held_elements", file=self.file, part=self.part.filename,
                                  limit=self.limits.held_elements)
        return local[b"row"]

    def _check_rows_and_cells(self) -> None:
        limits = self.limits
        if self.rows > limits.rows:
            raise ImportFileError("ingest.error.xlsx_rows", file=self.file, limit=limits.rows,
                                  where=Said("ingest.xlsx.part", part=self.part.filename))
        if self.totals.cells > limits.cells:
            raise ImportFileError("ingest.error.xlsx_cells", file=self.file, limit=limits.cells,
                                  size=size_said(limits.text_bytes))
        if self.totals.elements > limits.elements:
            raise ImportFileError("ingest.error.xlsx_elements", file=self.file, limit=limits.elements,
                                  size=size_said(limits.text_bytes))


# ------------------------------------------------------------------------------------------------- the reading
def _require_defusedxml(file: str) -> None:
    """openpyxl parses with defusedxml when it is installed (``openpyxl.DEFUSEDXML``, decided at its import),
    which refuses the entity declarations that expand a few bytes into gigabytes; without it, no XLSX."""
    import openpyxl

    if not openpyxl.DEFUSEDXML:
        raise ImportFileError("ingest.error.xlsx_unsafe", file=file)


class _GuardedArchive(zipfile.ZipFile):
    """The workbook's zip as openpyxl reads it: its parts checked when it is opened (``_check_parts``), each part
    scanned the first time openpyxl opens it (``_scan_part``). openpyxl streams the sheets and the shared strings
    and reads every other part whole (``read()`` without a size: styles, the workbook, relationships, chart
    sheets); such a whole read of a part larger than ``whole_bytes`` is refused (``_PartStream``)."""

    def __init__(self, handle: IO[bytes], file: str, limits: XlsxLimits) -> None:
        super().__init__(handle)
        self.file_name, self.limits = file, limits
        self.whole_bytes = limits.whole_bytes
        self.totals = _Totals()
        self.scanned: set[str] = set()
        _check_parts(self, file, limits)

    def open(self, name: str | zipfile.ZipInfo, mode: Literal["r", "w"] = "r", pwd: bytes | None = None, *,
             force_zip64: bool = False) -> Any:
        if mode != "r":
            return super().open(name, mode, pwd, force_zip64=force_zip64)
        part = name if isinstance(name, zipfile.ZipInfo) else self.getinfo(name)
        if part.filename not in self.scanned:
            with super().open(part, pwd=pwd) as stream:
                _scan_part(stream, part, self.file_name, self.limits, self.totals)
            self.scanned.add(part.filename)
        return _PartStream(super().open(part, pwd=pwd), part, self)


class _PartStream:
    """A part opened by openpyxl: read in pieces, or whole within the archive's ``whole_bytes``."""

    def __init__(self, stream: IO[bytes], part: zipfile.ZipInfo, archive: _GuardedArchive) -> None:
        self._stream, self._part, self._archive = stream, part, archive

    def read(self, size: int | None = -1) -> bytes:
        if (size is None or size < 0) and self._part.file_size > self._archive.whole_bytes:
            raise ImportFileError("ingest.error.xlsx_held", file=self._archive.file_name, part=self._part.filename,
                                  size=size_said(self._part.file_size), limit=size_said(self._archive.whole_bytes))
        return self._stream.read(-1 if size is None else size)

    def close(self) -> None:
        self._stream.close()

    def __enter__(self) -> _PartStream:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _open_workbook(handle: IO[bytes], archive: _GuardedArchive) -> Any:
    """openpyxl's ``load_workbook(read_only=True, data_only=True)``, reading through ``archive`` (the zip it opens
    itself is closed unread), and without following links to other workbooks. (A file object, not a path:
    openpyxl then does not insist on an ``.xlsx`` name, and an upload may be called anything.)"""
    from openpyxl.reader.excel import ExcelReader

    reader = ExcelReader(handle, read_only=True, data_only=True, keep_links=False)
    reader.archive.close()
    reader.archive = archive
    reader.valid_files = archive.namelist()
    reader.read()
    return reader.wb


def _choose_sheet(workbook: Any, file: str, sheet: str | None) -> Any:
    if not sheet:
        return workbook.worksheets[0]
    if sheet not in workbook.sheetnames:
        raise ImportFileError("ingest.error.no_sheet", file=file, sheet=sheet, sheets=workbook.sheetnames)
    return workbook[sheet]


def _stream_rows(worksheet: Any, file: str, limits: XlsxLimits) -> Iterator[tuple[Any, ...]]:
    """The sheet's rows as openpyxl yields them (an empty tuple for each row missing between two, ``None`` for
    each cell missing in a row), stopped at the first row or cell past the limits."""
    rows = cells = 0
    for row in worksheet.iter_rows(values_only=True):
        rows += 1
        cells += len(row)
        if rows > limits.rows:
            raise ImportFileError("ingest.error.xlsx_rows", file=file, limit=limits.rows,
                                  where=Said("ingest.xlsx.sheet", sheet=worksheet.title))
        if cells > limits.cells:
            raise ImportFileError("ingest.error.xlsx_cells", file=file, limit=limits.cells,
                                  size=size_said(limits.text_bytes))
        yield row


class _CappedText:
    """A text stream into a binary file that counts the UTF-8 bytes written and stops past ``limit``."""

    def __init__(self, raw: IO[bytes], limit: int, refusal: Callable[[], ImportFileError]) -> None:
        self.raw, self.limit, self.refusal = raw, limit, refusal
        self.written = 0

    def write(self, text: str) -> int:
        data = text.encode("utf-8")
        self.written += len(data)
        if self.written > self.limit:
            raise self.refusal()
        return self.raw.write(data)


def _write_csv(rows: Iterable[tuple[Any, ...]], target: Path, file: str, sheet: str, limits: XlsxLimits) -> None:
    """The rows as CSV: empty rows kept as empty lines (the importer reports them with their line), trailing
    empty cells dropped, and a row shorter than the first padded to its width."""
    pending_blank = 0
    width = 0
    with target.open("wb") as raw:
        out = _CappedText(raw, limits.text_bytes, lambda: ImportFileError(
            "ingest.error.xlsx_text", file=file, sheet=sheet, limit=size_said(limits.text_bytes)))
        writer = csv.writer(out, lineterminator="\n")
        for row in rows:
            cells = [_excel_value(v) for v in row]
            while cells and cells[-1] == "":
                cells.pop()
            if not cells:
                pending_blank += 1
                continue
            if pending_blank:
                out.write("\n" * pending_blank)
                pending_blank = 0
            width = width or len(cells)
            cells += [""] * (width - len(cells))
            writer.writerow(cells)


def _excel_value(value: object) -> str:
    """A cell's value as CSV text; Excel's date cells come out of openpyxl as datetimes, written as ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return str(value)


# ------------------------------------------------------------------------------------------------- errors
# What openpyxl and zipfile raise on a malformed workbook: a broken zip or deflate stream, a missing part, XML
# that does not parse (ParseError is a SyntaxError) or does not fit openpyxl's model, an unsupported compression,
# an encrypted part, a shared string that is not there.
_UNREADABLE = (zipfile.BadZipFile, zlib.error, EOFError, OSError, KeyError, IndexError, TypeError, ValueError,
               AttributeError, SyntaxError, OverflowError, NotImplementedError, RuntimeError)
_DETAIL_CHARACTERS = 200
_CHAIN_DEPTH = 20


def _unreadable(error: BaseException, file: str, *paths: Path) -> ImportFileError:
    """The one sentence for a workbook openpyxl or zipfile could not read: a refusal of ours raised while openpyxl
    read (it wraps errors in its own), the entity sentence for defusedxml's refusal, else the innermost error."""
    chain = [error]
    while len(chain) < _CHAIN_DEPTH and (inner := chain[-1].__cause__ or chain[-1].__context__) is not None:
        chain.append(inner)
    for link in chain:
        if isinstance(link, ImportFileError):
            return link
        if isinstance(link, _ENTITY_ERRORS):
            return ImportFileError("ingest.error.xlsx_entities", file=file)
    root = chain[-1]
    detail = without_paths(str(root) or type(root).__name__, file, *paths, *(p.parent for p in paths))
    return ImportFileError("ingest.error.xlsx", file=file, detail=detail[:_DETAIL_CHARACTERS])
