"""Downloads: neutralised formulas, readable CSV and XLSX, rendered charts."""

from __future__ import annotations

import io

import altair as alt
import openpyxl
import pandas as pd

from smart.exports import chart_png, chart_svg, neutralise_formulas, table_csv, table_xlsx

RISKY = pd.DataFrame({
    "deal": ["=HYPERLINK(\"http://x\")", "+33 1 23", "-2+3", "@SUM(A1)", "\tTab", "\rCR", "Plain", None],
    "amount": [1.5, -2.0, 3.0, 4.0, 5.0, 6.0, -7.0, 8.0],
})


def test_text_cells_that_look_like_formulas_get_an_apostrophe() -> None:
    safe = neutralise_formulas(RISKY)
    assert safe["deal"].tolist()[:7] == ["'=HYPERLINK(\"http://x\")", "'+33 1 23", "'-2+3", "'@SUM(A1)", "'\tTab",
                                         "'\rCR", "Plain"]
    assert pd.isna(safe["deal"].iloc[7])
    assert safe["amount"].tolist() == RISKY["amount"].tolist()  # negative numbers stay numbers
    assert RISKY["deal"].iloc[0].startswith("=")  # the original is untouched


def test_csv_has_a_bom_and_neutralised_cells() -> None:
    data = table_csv(RISKY)
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert back["deal"].iloc[3] == "'@SUM(A1)"


def test_xlsx_cells_are_text_not_formulas() -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(table_xlsx(RISKY, "Deals")))
    sheet = workbook["Deals"]
    assert sheet["A2"].value == "'=HYPERLINK(\"http://x\")"
    assert sheet["A2"].data_type == "s"
    assert sheet["B3"].value == -2.0


def test_charts_render_to_png_and_svg() -> None:
    chart = alt.Chart(pd.DataFrame({"x": [1, 2], "y": [3, 4]})).mark_line().encode(x="x:Q", y="y:Q")
    assert chart_png(chart).startswith(b"\x89PNG")
    assert "<svg" in chart_svg(chart)
