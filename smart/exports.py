"""Downloads: tables as CSV and XLSX with formula injection neutralised, charts as PNG and SVG.

A spreadsheet treats a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return as a formula;
CRM text (deal names, notes) is user-controlled, so such text cells get a leading apostrophe. Numbers are left
as numbers: only text is neutralised.
"""

from __future__ import annotations

import io

import altair as alt
import pandas as pd
import vl_convert as vlc

from smart.jsonable import exact_csv

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells cannot be run as spreadsheet formulas."""
    safe = frame.copy()
    for column in safe.columns:
        values = safe[column]
        if isinstance(values.dtype, pd.StringDtype):
            # Text only (or missing): one test per column, and nothing more unless a cell is risky (most tables, on
            # every rerun of every session).
            risky = values.str.startswith(FORMULA_TRIGGERS).fillna(False).astype(bool)
            if risky.any():
                safe[column] = values.where(~risky, "'" + values)
        elif pd.api.types.is_string_dtype(values) or values.dtype == object:
            # Only text cells: a number in a mixed column (-2.5) stays the number it is.
            is_text = values.map(lambda value: isinstance(value, str)).astype(bool)
            text = values.astype("string")
            risky = is_text & text.str.startswith(FORMULA_TRIGGERS).fillna(False)
            safe[column] = values.where(~risky, "'" + text)
    return safe


def table_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 with a BOM so that Excel opens accents correctly; numbers exact (``smart.jsonable.exact_number``)."""
    return exact_csv(neutralise_formulas(frame)).encode("utf-8-sig")


def table_xlsx(frame: pd.DataFrame, sheet: str = "data") -> bytes:
    """The table as an Excel workbook of one sheet (its name cut to Excel's 31 characters); a cell that would read as
    a formula is written as text."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        neutralise_formulas(frame).to_excel(writer, index=False, sheet_name=sheet[:31])
    return buffer.getvalue()


def chart_png(chart: alt.TopLevelMixin, scale: float = 2.0) -> bytes:
    """Render without a browser (vl-convert)."""
    return vlc.vegalite_to_png(chart.to_json(), scale=scale)


def chart_svg(chart: alt.TopLevelMixin) -> str:
    """The chart drawn as SVG, offline (vl-convert)."""
    return vlc.vegalite_to_svg(chart.to_json())
