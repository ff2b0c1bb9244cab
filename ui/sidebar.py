"""The sidebar: the language switch and the global filters, drawn from the view (``ui.url``) and writing back to it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import streamlit as st

from smart import dimensions
from smart.analytics import (
    FIRST_YEAR,
    LAST_YEAR,
    PERIOD_PRESETS,
    period_bounds,
    period_kind,
    quarter_code,
    quarter_of,
    year_code,
)
from smart.i18n import LANGUAGES, Translator
from ui.format import date_format, period_choice_name, quarter_name
from ui.signin import render_account
from ui.state import compute, today
from ui.url import (
    FRAME_SEEN_KEY,
    LANG_KEY,
    MULTI_KEYS,
    OPEN_PAGE_KEY,
    PERIOD_KEY,
    PERIOD_KINDS,
    adopt,
    current_period,
    data_extent,
    restore_view_from_url,
    show_in_widget,
    translator,
    widget_key,
    write_view_to_url,
)


def render_sidebar(t: Translator) -> Translator:
    """The language switch and the global filters, on every page and kept in the URL; returns the translator
    for the language now chosen."""
    st.session_state[FRAME_SEEN_KEY] = True
    options = compute(dimensions.filter_options)
    restore_view_from_url(options)
    with st.sidebar:
        show_in_widget(widget_key(LANG_KEY), st.session_state[LANG_KEY])
        st.segmented_control(
            t("filters.language"),
            LANGUAGES,
            format_func=lambda code: Translator(code)(f"lang.{code}"),
            key=widget_key(LANG_KEY),
            required=True,
            on_change=adopt,
            args=(widget_key(LANG_KEY), LANG_KEY),
        )
        t = translator()
        st.header(t("filters.header"), divider="gray")
        _period_selector(t)
        st.caption(_period_caption(t))
        for key, label in zip(MULTI_KEYS, ("filters.team", "filters.owner", "filters.source"), strict=True):
            widget = widget_key(key, t.lang)
            show_in_widget(widget, st.session_state[key])
            st.multiselect(t(label), options[key], key=widget, placeholder=t("filters.all"), on_change=adopt,
                           args=(widget, key))
    render_account(t)
    write_view_to_url()
    if page := st.session_state.pop(OPEN_PAGE_KEY, None):
        st.switch_page(page)
    return t


def _period_selector(t: Translator) -> None:
    """The period: a preset, or a given year, quarter or range of days, chosen in a second widget. The years and
    quarters offered are those holding data, the current ones and the one shown."""
    code = current_period()
    kind = period_kind(code)
    kind_key = widget_key("period", t.lang)
    show_in_widget(kind_key, code if kind == "preset" else kind)
    st.selectbox(t("filters.period"), (*PERIOD_PRESETS, *PERIOD_KINDS), key=kind_key,
                 format_func=lambda choice: period_choice_name(t, choice),
                 on_change=_adopt_period_kind, args=(kind_key, _anchor_span(code)))
    extent = data_extent()
    if kind == "year":
        years = sorted({*extent.years(), today().year, int(code)}, reverse=True)
        year_key = widget_key("period.year", t.lang)
        show_in_widget(year_key, int(code))
        st.selectbox(t("period.year"), years, key=year_key, on_change=_adopt_period_part, args=(year_key, year_code))
    elif kind == "quarter":
        quarters = sorted({quarter_code(*q) for q in (*extent.quarters(), quarter_of(today()))} | {code},
                          reverse=True)
        quarter_key = widget_key("period.quarter", t.lang)
        show_in_widget(quarter_key, code)
        st.selectbox(t("period.quarter"), quarters, key=quarter_key, format_func=lambda c: quarter_name(t, c),
                     on_change=_adopt_period_part, args=(quarter_key, str))
    elif kind == "range":
        _days_picker(t, code)


def _days_picker(t: Translator, code: str) -> None:
    """A custom range of days, in the reader's date format; a half-chosen range (first day only) is left as it
    is until the last day is picked."""
    days_key = widget_key("period.days", t.lang)
    start, end = period_bounds(code, today())
    chosen = st.session_state.get(days_key)
    if not (isinstance(chosen, tuple | list) and len(chosen) == 1):
        show_in_widget(days_key, (start, end))
    st.date_input(t("period.days"), key=days_key, format=date_format(t), help=t("period.days_help"),
                  min_value=dt.date(FIRST_YEAR, 1, 1), max_value=dt.date(LAST_YEAR, 12, 31),
                  on_change=_adopt_days, args=(days_key,))


def _anchor_span(code: str) -> tuple[dt.date, dt.date]:
    """The days a new kind of period starts from: the period shown, else (all time) the months holding data,
    else this year."""
    start, end = period_bounds(code, today())
    if start is not None and end is not None:
        return start, end
    return data_extent().month_span() or period_bounds("this_year", today())


def _adopt_period_kind(widget_key: str, anchor: tuple[dt.date, dt.date]) -> None:
    """The period kind chosen: a preset is the period; a year or a quarter is the one holding the day of the
    period shown closest to today; a range starts as the period shown."""
    choice = st.session_state[widget_key]
    start, end = anchor
    day = min(end, max(start, today()))
    if choice in PERIOD_PRESETS:
        st.session_state[PERIOD_KEY] = choice
    elif choice == "year":
        st.session_state[PERIOD_KEY] = year_code(day.year)
    elif choice == "quarter":
        st.session_state[PERIOD_KEY] = quarter_code(*quarter_of(day))
    else:
        st.session_state[PERIOD_KEY] = f"{start.isoformat()}..{end.isoformat()}"


def _adopt_period_part(widget_key: str, to_code: Callable[[Any], str]) -> None:
    st.session_state[PERIOD_KEY] = to_code(st.session_state[widget_key])


def _adopt_days(widget_key: str) -> None:
    chosen = st.session_state[widget_key]
    if isinstance(chosen, tuple | list) and len(chosen) == 2 and all(chosen):
        st.session_state[PERIOD_KEY] = f"{chosen[0].isoformat()}..{chosen[1].isoformat()}"


def _period_caption(t: Translator) -> str:
    start, end = period_bounds(current_period(), today())
    if start is None or end is None:
        return ""
    return t("period.range", start=t.date(start), end=t.date(end))

