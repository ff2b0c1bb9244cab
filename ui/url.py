"""The view (language, period, team, rep, lead source) and the pages' own choices, kept in session state and in the
URL with stable codes, so a copied URL reopens the same view in any language.

One mechanism keeps a choice in the URL: ``from_url`` reads it (with its default when absent or no longer valid) and
``keep_in_url`` writes it (dropping it when it is the default), used by the global view and by every page choice
(``url_choice``, ``url_select``, the pipeline).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from typing import Any

import streamlit as st

from smart import coverage, currency
from smart.analytics import Filters, is_period, period_bounds, period_code
from smart.i18n import DEFAULT_CURRENCY, LANGUAGES, Translator, language_from_locale
from smart.storage import StorageError
from ui.format import profile_name
from ui.state import compute, today

LANG_KEY = "lang"


PERIOD_KEY = "period"


TEAM_KEY = "team"


OWNER_KEY = "owner"


SOURCE_KEY = "source"


MULTI_KEYS = (TEAM_KEY, OWNER_KEY, SOURCE_KEY)


FRAME_SEEN_KEY = "frame.seen"


OPEN_PAGE_KEY = "frame.open_page"


DEFAULT_PERIOD = "this_year"


def language() -> str:
    """The language of this session: the one chosen (or in the URL), else the browser's locale."""
    chosen = st.session_state.get(LANG_KEY) or from_url(LANG_KEY, LANGUAGES, None)
    if chosen in LANGUAGES:
        return chosen
    return language_from_locale(st.context.locale)


def translator(*, amounts: bool = True) -> Translator:
    """The session's language, with amounts in the database's reporting currency; ``amounts=False`` before the
    database may be opened (the frame's navigation, drawn before sign-in is checked), in the default currency."""
    return Translator(language(), currency=reporting_currency()) if amounts else Translator(language())


def reporting_currency() -> str:
    """The database's reporting currency (cached like every reader); the default one while the database cannot be
    read, so that the frame still draws (the page then says what happened to the database)."""
    try:
        return compute(currency.reporting_currency)
    except StorageError:
        return DEFAULT_CURRENCY


# The view (language, period, team, rep, lead source) is kept in session state under LANG_KEY, PERIOD_KEY and
# MULTI_KEYS, mirrored in the URL with stable codes, and shown by the sidebar's widgets, which are only its views:
# each is keyed by the view's name and the language (a selectbox's value travels as its label, and a label in the
# previous language is not found among the new ones: Streamlit then resets the widget to its first option, which
# is how a language switch used to turn the period into "This month"), seeded from the view before it is drawn,
# and writes back to the view from its on_change callback. Nothing else writes the view but ``show_period``,
# ``open_period`` and ``set_owner_filter``, and the URL is written from the view once per run.
PERIOD_KINDS = ("year", "quarter", "range")


def widget_key(name: str, lang: str | None = None) -> str:
    return f"sidebar.{name}" + (f".{lang}" if lang else "")


def show_in_widget(widget_key: str, value: Any) -> None:
    """Seed a sidebar widget with the view's value before it is drawn (when it is new, or when the view changed
    elsewhere: a jump to the data's period, a click on a rep)."""
    if widget_key not in st.session_state or st.session_state[widget_key] != value:
        st.session_state[widget_key] = value


def from_url(key: str, valid: Collection[str] | Callable[[Any], bool], default: Any) -> Any:
    """The stable code kept in the URL under ``key`` when it is ``valid`` (one of the codes offered, or accepted by
    the function), else ``default``: a stale or hand-edited link falls back instead of failing."""
    wanted = st.query_params.get(key)
    accepted = valid(wanted) if callable(valid) else wanted in valid
    return wanted if accepted else default


def keep_in_url(key: str, value: Any, default: Any = None) -> None:
    """Write ``value`` (a code, or a list of codes) in the URL under ``key``, so that a copied link reopens it; the
    default, nothing or an empty list leaves the URL without the key. The URL is only written when it differs (each
    write is a message to the browser)."""
    if value in (None, [], default):
        st.query_params.pop(key, None)
    elif st.query_params.get_all(key) != (value if isinstance(value, list) else [value]):
        st.query_params[key] = value


def current_period() -> str:
    """The period's code (``this_year``, ``2024``, ``2024-Q3``, ``2024-03-01..2024-06-30``...)."""
    code = st.session_state.get(PERIOD_KEY)
    return code if is_period(code) else DEFAULT_PERIOD


def show_period(start: dt.date, end: dt.date) -> None:
    """Set every page's period to the days from ``start`` to ``end`` (as a year or a quarter when they are exactly
    one); usable as a button's callback, or in the script before a ``st.switch_page``."""
    st.session_state[PERIOD_KEY] = period_code(start, end)


def data_extent() -> Any:
    """The data's activity per day (``smart.coverage.DataExtent``), cached like every reader."""
    return compute(coverage.data_extent)


def restore_view_from_url(options: dict[str, list[str]]) -> None:
    """Seed the view from the URL on a session's first run; invalid values are dropped, not fatal. Without a
    period in the URL, the first visit opens on one that holds the data (``smart.coverage.default_period``).
    On every run, a team, rep or source that left the data (the demo removed) leaves the view."""
    if LANG_KEY not in st.session_state:
        st.session_state[LANG_KEY] = language()
    if PERIOD_KEY not in st.session_state:
        wanted = from_url(PERIOD_KEY, is_period, None)
        st.session_state[PERIOD_KEY] = wanted or coverage.default_period(data_extent(), today())
    for key in MULTI_KEYS:
        if key not in st.session_state:
            st.session_state[key] = list(dict.fromkeys(st.query_params.get_all(key)))
        st.session_state[key] = [value for value in st.session_state[key] if value in options[key]]


def write_view_to_url() -> None:
    """Mirror the view into the URL with stable codes (not translated labels), so a copied link reopens it."""
    view = {LANG_KEY: st.session_state.get(LANG_KEY), PERIOD_KEY: current_period()}
    view |= {key: list(st.session_state.get(key) or ()) for key in MULTI_KEYS}
    for key, value in view.items():
        keep_in_url(key, value)


def coded_selectbox(container: Any, label: str, options: tuple[str, ...], key: str,
                    format_func: Callable[[str], str], **kwargs: Any) -> str:
    """A selectbox of stable codes shown in the reader's language, whose choice (kept under ``key``) survives a
    language switch: the widget is keyed by the language, like the sidebar's, and writes back to ``key``."""
    if st.session_state.get(key) not in options:
        st.session_state[key] = options[0]
    widget = f"{key}.{language()}"
    show_in_widget(widget, st.session_state[key])
    container.selectbox(label, options, key=widget, format_func=format_func, on_change=adopt, args=(widget, key),
                        **kwargs)
    return st.session_state[key]


def adopt(widget_key: str, view_key: str) -> None:
    """A sidebar widget's on_change: its new value becomes the view's."""
    value = st.session_state[widget_key]
    st.session_state[view_key] = list(value) if isinstance(value, list | tuple) else value


def current_filters() -> Filters:
    """The global filters as the sidebar (or the URL) sets them."""
    start, end = period_bounds(current_period(), today())
    return Filters(
        start=start,
        end=end,
        teams=tuple(st.session_state.get(TEAM_KEY) or ()),
        owners=tuple(st.session_state.get(OWNER_KEY) or ()),
        lead_sources=tuple(st.session_state.get(SOURCE_KEY) or ()),
    )


def open_period(start: dt.date, end: dt.date, page: str = "pages/overview.py") -> None:
    """A button's callback: show the days from ``start`` to ``end`` on ``page`` (the frame opens it next)."""
    show_period(start, end)
    st.session_state[OPEN_PAGE_KEY] = page


def set_owner_filter(owners: list[str]) -> None:
    """Narrow every page to these reps (a callback: it runs before the sidebar's widgets are drawn)."""
    st.session_state[OWNER_KEY] = list(owners)


def url_choice(t: Translator, label: str, options: tuple[str, ...], key: str, default: str,
               format_func: Callable[[str], str]) -> str:
    """A segmented choice of a page (a split, a rate) kept in the URL under ``key`` as its stable code, never
    its translated label, so a copied link reopens the same view in any language."""
    if key not in st.session_state:
        st.session_state[key] = from_url(key, options, default)
    choice = st.segmented_control(label, options, format_func=format_func, key=key, required=True) or default
    keep_in_url(key, choice, default)
    return choice


def url_select(label: str, options: tuple[str, ...], key: str, default: str,
               format_func: Callable[[str], str], help: str | None = None) -> str:
    """A drop-down choice of a page kept in the URL under ``key`` as its stable code (as ``url_choice``), for a choice
    among options that come from the data (and may change with the period: a code no longer offered falls back to
    ``default``). Its options show as written."""
    wanted = st.session_state[key] if key in st.session_state else from_url(key, options, default)
    st.session_state[key] = wanted if wanted in options else default
    choice = st.selectbox(label, options, format_func=format_func, key=key, help=help) or default
    keep_in_url(key, choice, default)
    return choice


def pipeline_choice(t: Translator, filters: Filters) -> tuple[str, str] | None:
    """The pipeline a stage-by-stage view shows (``smart.analytics.pipelines``): the only one in view, else the one
    picked in a drop-down list (kept in the URL as ``pipeline``), the largest (most deals in the period) by
    default. None without deals."""
    from smart.analytics import pipelines_in_view

    pipelines = compute(pipelines_in_view, filters)
    if len(pipelines) <= 1:
        return pipelines[0].key if pipelines else None
    by_code = {pipeline.code: pipeline for pipeline in pipelines}
    several_sources = len({pipeline.source for pipeline in pipelines}) > 1

    def label(code: str) -> str:
        pipeline = by_code[code]
        crm = profile_name(t, pipeline.source)
        name = (f"{pipeline.name} · {crm}" if several_sources else pipeline.name) if pipeline.name else crm
        return t("figures.pipeline.option", name=name, deals=t.number(pipeline.deals))

    code = url_select(t("figures.pipeline"), tuple(by_code), "pipeline", pipelines[0].code, label,
                      help=t("figures.pipeline.help"))
    return by_code[code].key

