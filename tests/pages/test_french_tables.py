"""Every table, card and caption in French reads French, whatever the browser's locale (AppTest).

Streamlit's own number and date formats ("euro", "localized", "percent") are applied by the browser in the
browser's locale: a French page on an English browser read "€1,234,567", "4,321", "100%" and "2 Apr 2024", and a
missing value read "None". What a table shows is read here as the browser will draw it: a number or date column's
text from its display values (written by the Translator), a bar's label from its printf format, a missing cell
from the table's placeholder. tests/browser/test_page_figures.py checks the same in Chromium with an en-GB locale.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df
from streamlit.testing.v1 import AppTest

from smart.i18n import MISSING, Translator
from tests.test_app import run_page

FR = Translator("fr")
# What an English format leaves in French text: a comma between thousands, a euro sign before its amount, a percent
# sign glued to its number, an English month; and what a missing value must never read.
ENGLISH = re.compile(r"\d,\d{3}(?!\d)|€\s?\d|\d%|\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b")
ENGLISH_DECIMAL = re.compile(r"\d\.\d")
MISSING_WORDS = re.compile(r"\b(None|nan|NaN|NaT|<NA>|null)\b")
BROWSER_FORMATS = {"localized", "dollar", "euro", "yen", "percent", "compact", "scientific", "engineering",
                   "accounting", "bytes", "distance", "calendar"}


def shown_table(element) -> dict[str, list[str]]:
    """Each column of a st.dataframe as the browser draws it: display values where Streamlit uses them (number
    and date columns without a format, text), a bar's printf label, the placeholder for a missing cell."""
    proto = element.proto
    data = convert_arrow_bytes_to_pandas_df(proto.arrow_data.data)
    display = (convert_arrow_bytes_to_pandas_df(proto.arrow_data.styler.display_values)
               if proto.arrow_data.HasField("styler") else None)
    settings = json.loads(proto.columns or "{}")
    columns: dict[str, list[str]] = {}
    for position, column in enumerate(data.columns):
        config = settings.get(str(column), {})
        kind = config.get("type_config", {}).get("type")
        fmt = config.get("type_config", {}).get("format")
        assert fmt not in BROWSER_FORMATS, f"{column!r} is formatted by the browser ({fmt})"
        values = data[column]
        if kind == "progress":
            assert fmt == FR("format.share"), column
            columns[str(column)] = [proto.placeholder if pd.isna(v) else (fmt % v).replace("%%", "%") for v in values]
            continue
        numeric = pd.api.types.is_numeric_dtype(values) or pd.api.types.is_datetime64_any_dtype(values) or any(
            hasattr(v, "isoformat") for v in values)
        if numeric and not pd.api.types.is_bool_dtype(values) and fmt is None:
            assert display is not None, f"{column!r}: a number or date without the Translator's text"
            texts = display.iloc[:, position]
            columns[str(column)] = [proto.placeholder if pd.isna(v) else str(t) for v, t in zip(values, texts,
                                                                                                strict=True)]
        else:
            columns[str(column)] = [proto.placeholder if v is None or (not isinstance(v, str) and pd.isna(v))
                                    else str(v) for v in values]
    if data.isna().any().any():
        assert proto.placeholder == MISSING, "a missing value would read None"
    return columns


def figures_cells(element) -> Iterator[tuple[str, str]]:
    """(column, text) of every cell of a table that holds figures (its numbers, dates and bars)."""
    data = convert_arrow_bytes_to_pandas_df(element.proto.arrow_data.data)
    for column, texts in shown_table(element).items():
        if not all(isinstance(v, str) or v is None or v is pd.NA for v in data[column].astype(object)):
            yield from ((column, text) for text in texts)


def page_texts(at: AppTest) -> Iterator[tuple[str, str]]:
    """Every text the page shows outside tables' text columns: cards, captions, Markdown, alerts, st.table cells,
    and the cells of every st.dataframe as drawn."""
    for metric in at.metric:
        yield "metric", f"{metric.value} {metric.delta or ''}"
    for kind in ("caption", "markdown", "info", "warning", "success", "subheader", "header"):
        for element in getattr(at, kind):
            yield kind, element.value
    for table in at.table:
        for cell in table.value.to_numpy().ravel():
            yield "table", str(cell)
    for frame in at.dataframe:
        for column, texts in shown_table(frame).items():
            yield from ((f"dataframe {column}", text) for text in texts)


def assert_french(at: AppTest, where: str) -> int:
    """Nothing English-formatted and no None anywhere; every figure of a table without a decimal point. Returns
    how many texts were read."""
    assert not at.exception and not at.error, where
    count = 0
    for kind, text in page_texts(at):
        count += 1
        assert not ENGLISH.search(text), f"{where}, {kind}: {text!r}"
        assert not MISSING_WORDS.search(text), f"{where}, {kind}: {text!r}"
    for frame in at.dataframe:
        for column, text in figures_cells(frame):
            assert not ENGLISH_DECIMAL.search(text), f"{where}, {column}: {text!r}"
    return count


@pytest.mark.parametrize("page", ["overview", "conversion", "cycle", "variance", "team", "import_log"])
def test_each_page_in_french_shows_french_figures(app_db: Path, page: str) -> None:
    at = run_page(page, "fr")
    assert assert_french(at, page) > 20


def test_the_objectives_list_and_an_objective_in_french(app_db: Path) -> None:
    at = run_page("objectives", "fr")
    assert_french(at, "objectives")
    at.selectbox(key="objectives.detail.id").select_index(1).run()
    assert_french(at, "objective 2")


def test_every_review_slide_in_french(app_db: Path) -> None:
    at = run_page("review", "fr")
    assert_french(at, "slide 1")
    while not at.button(key="review.next").disabled:
        at.button(key="review.next").click().run()
        assert_french(at, at.query_params["slide"])


def test_the_conversion_split_by_source_in_french(app_db: Path) -> None:
    at = run_page("conversion", "fr")
    at.button_group(key="conv_by").set_value("source").run()
    assert_french(at, "conversion by source")


def test_team_and_import_log_read_the_figures_a_french_reader_expects(app_db: Path) -> None:
    """The figures themselves, as written by hand: the demo's largest revenue and its import log."""
    team = shown_table(run_page("team", "fr").dataframe(key="team.table"))
    assert team["revenue"][0] == "6\u202f434\u202f300\u00a0€"
    assert team["win_rate"][0] == "53\u202f%" and team["sales_cycle_days"][0] == "73 jours"
    log = shown_table(run_page("import_log", "fr").dataframe(key="import_log.table"))
    assert set(log["undone_at"]) == {MISSING}
    assert all(re.fullmatch(r"\d{1,2} \w+\.? 20\d\d \d\d:\d\d", text) for text in log["started_at"]), log
    assert "25\u202f026" in log["rows"] or any("\u202f" in text for text in log["rows"]), log["rows"]


def test_the_import_preview_sample_in_french(app_db: Path) -> None:
    at = run_page("import", "fr")
    deals = ("Deal ID,Deal Name,Deal Stage,Amount,Create Date,Close Date,Deal Owner\n"
             "P1,Premier,Closed Won,1000,2024-03-01,2024-04-02,Ann\n"
             "P2,Second,Closed Won,1234.5,2024-03-05,2024-04-09,\n")
    at.file_uploader(key="import.file").set_value(("deals.csv", deals.encode(), "text/csv")).run()
    sample = shown_table(next(frame for frame in at.dataframe if "change" in frame.value.columns))
    assert sample["amount"] == ["1\u202f000", "1\u202f234,5"]
    assert sample["close_on"] == ["2 avr. 2024", "9 avr. 2024"]
    assert sample["owner"] == ["Ann", MISSING]
    assert_french(at, "import preview")
