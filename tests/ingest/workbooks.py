"""Hand-made XLSX workbooks for the importer's tests: the few parts openpyxl needs, written with zipfile so that
any of them can be hostile (huge, bomb-like, lying about its size) and still be built in a fraction of a second."""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from pathlib import Path
from xml.sax.saxutils import escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_TYPES = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_RELATIONS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPES}.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_TYPES}.worksheet+xml"/>'
    f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_TYPES}.sharedStrings+xml"/>'
    "</Types>")
PACKAGE_RELATIONS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_RELATIONS}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
WORKBOOK = (f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{_RELATIONS}">'
            '<sheets><sheet name="Deals" sheetId="1" r:id="rId1"/></sheets></workbook>')
WORKBOOK_RELATIONS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_RELATIONS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_RELATIONS}/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
DEAL_HEADER = ("Deal ID", "Deal Name", "Amount", "Create Date", "Deal Stage")


def write_workbook(path: Path, sheet: bytes | Iterable[bytes], *, strings: bytes | Iterable[bytes] | None = None,
                   extra: dict[str, bytes] | None = None, level: int = 1) -> Path:
    """A workbook at ``path`` whose one sheet (``Deals``) is ``sheet`` and shared strings ``strings`` (XML, whole or
    in pieces), plus the ``extra`` parts, which replace the standard ones of the same name."""
    parts: dict[str, bytes | Iterable[bytes]] = {
        "[Content_Types].xml": CONTENT_TYPES.encode(), "_rels/.rels": PACKAGE_RELATIONS.encode(),
        "xl/workbook.xml": WORKBOOK.encode(), "xl/_rels/workbook.xml.rels": WORKBOOK_RELATIONS.encode(),
        "xl/worksheets/sheet1.xml": sheet, "xl/sharedStrings.xml": strings if strings is not None else sst([]),
        **(extra or {}),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, content in parts.items():
            with archive.open(name, "w", force_zip64=True) as out:
                for piece in [content] if isinstance(content, bytes) else content:
                    out.write(piece)
    return path


def sheet_xml(rows: bytes | Iterable[bytes], dimension: str | None = None) -> Iterable[bytes]:
    """A worksheet around ``rows`` (``<row>`` elements), with a ``<dimension ref=...>`` header if given."""
    yield f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">'.encode()
    if dimension:
        yield f'<dimension ref="{dimension}"/>'.encode()
    yield b"<sheetData>"
    yield from [rows] if isinstance(rows, bytes) else rows
    yield b"</sheetData></worksheet>"


def row(number: int, values: Iterable[object]) -> bytes:
    """A ``<row>`` of inline strings and numbers, in columns A, B, C..."""
    cells = []
    for index, value in enumerate(values):
        reference = f"{chr(ord('A') + index)}{number}"
        if isinstance(value, str):
            cells.append(f'<c r="{reference}" t="inlineStr"><is><t>{escape(value)}</t></is></c>')
        else:
            cells.append(f'<c r="{reference}"><v>{value}</v></c>')
    return f'<row r="{number}">{"".join(cells)}</row>'.encode()


def sst(texts: list[str]) -> bytes:
    """A shared-strings part holding ``texts``."""
    items = "".join(f"<si><t>{escape(text)}</t></si>" for text in texts)
    return f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="{len(texts)}">{items}</sst>'.encode()


def deal_rows(count: int, first_line: int = 2) -> list[bytes]:
    """``count`` deals D1, D2... (amount 100 × n, created 2025-01-n), one per row from ``first_line`` on."""
    return [row(first_line + n - 1, [f"D{n}", f"Deal {n}", 100 * n, f"2025-01-{n:02d}", "Closed Won"])
            for n in range(1, count + 1)]
