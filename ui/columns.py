"""Tables in the reader's language: column settings whose figures the Translator writes, and ``dataframe``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from smart import dimensions
from smart.i18n import MISSING, Translator
from ui.format import decimals_of
from ui.url import translator


class FormattedColumn(dict):
    """Column settings whose values the reader sees as ``formatter`` writes them (``dataframe`` applies it)."""

    def __init__(self, settings: dict[str, Any], formatter: Callable[[Any], str]) -> None:
        super().__init__(settings)
        self.formatter = formatter


class ShareColumn(dict):
    """Column settings of a figure between 0 and 1 drawn as a bar: ``dataframe`` shows its values in points
    (0 to 100), so that the bar's label is a whole percent in the reader's language."""


def dataframe(frame: Any, *, column_config: dict[str, Any] | None = None, **options: Any) -> Any:
    """``st.dataframe`` (index hidden, full width) with every figure in the reader's language: the columns set by
    ``money_column``, ``count_column``, ``percent_column``, ``days_column`` and ``date_column`` written by the
    Translator, ``share_column`` bars labelled in its percent format, and "–" for a missing value (Streamlit
    writes "None")."""
    config = dict(column_config or {})
    present = [column for column in config if column in frame.columns]
    shares = {column: frame[column] * 100 for column in present if isinstance(config[column], ShareColumn)}
    shown = (frame.assign(**shares) if shares else frame).reset_index(drop=True)
    formatters = {column: config[column].formatter for column in present
                  if isinstance(config[column], FormattedColumn)}
    data = shown.style.format(formatters, na_rep=MISSING) if formatters else shown
    plain_config = {column: dict(settings) if isinstance(settings, dict) else settings
                    for column, settings in config.items()}
    return st.dataframe(data, column_config=plain_config or None, hide_index=True, width="stretch",
                        placeholder=MISSING, **options)


def selected_row(event: Any) -> int | None:
    """The position (in the table as given, whatever the sort) of the row a table's selection points at."""
    rows = list(getattr(getattr(event, "selection", None), "rows", None) or [])
    return rows[0] if rows else None


def selected_points(state: Any, name: str) -> list[dict[str, Any]]:
    """The data of the points of selection ``name`` of a chart drawn with ``chart_block(selectable=True)``."""
    selection = getattr(state, "selection", None) or {}
    points = selection.get(name) if hasattr(selection, "get") else None
    return list(points or [])


DEAL_MONEY_COLUMNS = ("amount",)


DEAL_COUNT_COLUMNS = ("cycle_days", "pushes", "days_pushed")


DEAL_DATE_COLUMNS = ("created_on", "close_on", "first_close_on")


DEAL_DIMENSIONS = {"owner": "owner", "team": "team", "lead_source": "lead_source", "stage": "stage"}


def deal_columns(labels: dict[str, str]) -> dict[str, Any]:
    """Column settings of a table of deals (any of their columns, keyed by name with their translated headers):
    money and dates formatted, counts of days as whole numbers, text kept as text."""
    config: dict[str, Any] = {}
    for column, label in labels.items():
        if column in DEAL_MONEY_COLUMNS:
            config[column] = money_column(label)
        elif column in DEAL_COUNT_COLUMNS:
            config[column] = count_column(label)
        elif column in DEAL_DATE_COLUMNS:
            config[column] = date_column(label)
        else:
            config[column] = st.column_config.TextColumn(label)
    return config


def with_dimension_labels(t: Translator, frame: Any, columns: dict[str, str]) -> Any:
    """A copy of ``frame`` whose dimension columns (column → dimension) read "No rep", "No team"... where the data
    has no value (``smart.dimensions.value_label``)."""
    present = {column: dimension for column, dimension in columns.items() if column in frame.columns}
    return frame.assign(**{column: dimensions.value_labels(t, dimension, frame[column])
                           for column, dimension in present.items()})


SHARE_COLUMN_WIDTH = 120


def share_column(label: str, help_text: str | None = None) -> Any:
    """Column settings of a figure between 0 and 1 (a rate, a progress, a chance): a bar and a whole percent in
    the reader's language, in a set width (left to itself a bar column takes about 150 px and pushes a wide table's
    last column off screen). Shown through ``dataframe``, which gives the bar its values in points."""
    settings = st.column_config.ProgressColumn(label, format=translator()("format.share"), min_value=0,
                                               max_value=100, help=help_text, width=SHARE_COLUMN_WIDTH)
    return ShareColumn(settings)


def money_column(label: str, help_text: str | None = None) -> Any:
    """Column settings of an amount: whole units of the currency, as ``Translator.money`` writes them."""
    t = translator()
    return FormattedColumn(st.column_config.NumberColumn(label, help=help_text), t.money)


def count_column(label: str, help_text: str | None = None) -> Any:
    """Column settings of a count: a whole number with the language's thousands separator."""
    t = translator()
    return FormattedColumn(st.column_config.NumberColumn(label, help=help_text), t.number)


def exact_number_column(label: str, help_text: str | None = None) -> Any:
    """Column settings of a number shown as it was read (its decimals, up to six, and none when it is whole), with
    the language's separators: 1 234,567 is never shown as 1 234 567."""
    t = translator()
    return FormattedColumn(st.column_config.NumberColumn(label, help=help_text),
                           lambda value: t.number(value, decimals_of(value)))


def percent_column(label: str, help_text: str | None = None) -> Any:
    """Column settings of a ratio shown as a percent with one decimal (48.5 %, 41.0 %: never 48.47 % beside
    41 %)."""
    t = translator()
    return FormattedColumn(st.column_config.NumberColumn(label, help=help_text), t.percent)


def days_column(label: str, help_text: str | None = None) -> Any:
    """Column settings of a duration in days, as whole days ("12 days", "12 jours")."""
    t = translator()
    return FormattedColumn(st.column_config.NumberColumn(label, help=help_text), t.days)


def date_column(label: str, help_text: str | None = None, *, with_time: bool = False) -> Any:
    """Column settings of a date (with its time of day with ``with_time``) in the reader's language."""
    t = translator()
    if with_time:
        return FormattedColumn(st.column_config.DatetimeColumn(label, help=help_text),
                               lambda moment: f"{t.date(moment)} {moment:%H:%M}")
    return FormattedColumn(st.column_config.DateColumn(label, help=help_text), t.date)

