"""The only Streamlit-aware helpers: the cached store, the session's language, the global filters, page headers.

Pages call these and the ``smart`` package; they never open the database or write SQL themselves. Widgets
whose value a shared link must restore are bound to the URL (``bind="query-params"``), so a copied URL reopens
the same view.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import streamlit as st

from smart import demo, dimensions
from smart.analytics.filters import PERIOD_PRESETS, Filters, period_bounds
from smart.i18n import LANGUAGES, Translator, language_from_locale
from smart.paths import database_path
from smart.storage import Store

LANG_KEY = "lang"
PERIOD_KEY = "period"
TEAM_KEY = "team"
OWNER_KEY = "owner"
SOURCE_KEY = "source"
MULTI_KEYS = (TEAM_KEY, OWNER_KEY, SOURCE_KEY)
DEFAULT_PERIOD = "this_year"
CACHE_TTL_SECONDS = 600


@st.cache_resource(show_spinner=False)
def _store_for(path: str) -> Store:
    """One connection per process and database file; an empty database gets the demo company on first start."""
    store = Store(path)
    if demo.ensure_demo(store):
        st.session_state["demo.just_loaded"] = True
    return store


def get_store() -> Store:
    return _store_for(str(database_path()))


def clear_data_caches() -> None:
    """Call after every write: cached readers must not serve figures from before it."""
    st.cache_data.clear()


def today() -> dt.date:
    return dt.date.today()


def language() -> str:
    """The language of this session: the one chosen (or in the URL), else the browser's locale."""
    chosen = st.session_state.get(LANG_KEY) or st.query_params.get(LANG_KEY)
    if chosen in LANGUAGES:
        return chosen
    return language_from_locale(st.context.locale)


def translator() -> Translator:
    return Translator(language())


@st.cache_data(ttl=CACHE_TTL_SECONDS, max_entries=4, show_spinner=False)
def _filter_options(db_path: str) -> dict[str, list[str]]:
    return dimensions.filter_options(_store_for(db_path))


def _restore_view_from_url(options: dict[str, list[str]]) -> None:
    """Seed the sidebar's state from the URL on a session's first run; invalid values are dropped, not fatal."""
    if LANG_KEY not in st.session_state:
        st.session_state[LANG_KEY] = language()
    if PERIOD_KEY not in st.session_state:
        preset = st.query_params.get(PERIOD_KEY)
        st.session_state[PERIOD_KEY] = preset if preset in PERIOD_PRESETS else DEFAULT_PERIOD
    for key in MULTI_KEYS:
        if key not in st.session_state:
            st.session_state[key] = [v for v in st.query_params.get_all(key) if v in options[key]]


def _write_view_to_url() -> None:
    """Mirror the view into the URL with stable codes (not translated labels), so a copied link reopens it."""
    view = {LANG_KEY: st.session_state.get(LANG_KEY), PERIOD_KEY: st.session_state.get(PERIOD_KEY)}
    view |= {key: list(st.session_state.get(key) or ()) for key in MULTI_KEYS}
    for key, value in view.items():
        if value in (None, [], DEFAULT_PERIOD if key == PERIOD_KEY else None):
            st.query_params.pop(key, None)
        elif st.query_params.get_all(key) != (value if isinstance(value, list) else [value]):
            st.query_params[key] = value


def render_sidebar(t: Translator) -> Translator:
    """The language switch and the global filters, on every page and kept in the URL; returns the translator
    for the language now chosen."""
    options = _filter_options(str(database_path()))
    _restore_view_from_url(options)
    with st.sidebar:
        st.segmented_control(
            t("filters.language"),
            LANGUAGES,
            format_func=lambda code: Translator(code)(f"lang.{code}"),
            key=LANG_KEY,
            required=True,
        )
        t = translator()
        st.header(t("filters.header"), divider="gray")
        st.selectbox(
            t("filters.period"), PERIOD_PRESETS, format_func=lambda preset: t(f"period.{preset}"), key=PERIOD_KEY
        )
        st.caption(_period_caption(t))
        for key, label in zip(MULTI_KEYS, ("filters.team", "filters.owner", "filters.source"), strict=True):
            st.multiselect(t(label), options[key], key=key, placeholder=t("filters.all"))
    _write_view_to_url()
    return t


def _period_caption(t: Translator) -> str:
    start, end = period_bounds(st.session_state.get(PERIOD_KEY) or DEFAULT_PERIOD, today())
    if start is None or end is None:
        return ""
    return t("period.range", start=t.date(start), end=t.date(end))


def current_filters() -> Filters:
    """The global filters as the sidebar (or the URL) sets them."""
    start, end = period_bounds(st.session_state.get(PERIOD_KEY) or DEFAULT_PERIOD, today())
    return Filters(
        start=start,
        end=end,
        teams=tuple(st.session_state.get(TEAM_KEY) or ()),
        owners=tuple(st.session_state.get(OWNER_KEY) or ()),
        lead_sources=tuple(st.session_state.get(SOURCE_KEY) or ()),
    )


def page_header(t: Translator, page: str) -> None:
    """A page's title and its one-line purpose."""
    st.title(t(f"nav.{page}"))
    st.caption(t(f"purpose.{page}"))


def render_demo_banner(t: Translator, import_page: Any) -> None:
    """While demo data is loaded: say so, point to the importer, and offer to remove the demo."""
    store = get_store()
    if not demo.has_demo_data(store):
        return
    with st.container(border=True, horizontal=True, vertical_alignment="center"):
        st.markdown(f":material/info: {t('demo.banner')}", width="stretch")
        st.page_link(import_page, label=t("demo.import_own"), icon=":material/upload_file:")
        if st.button(t("demo.remove"), icon=":material/delete:", key="demo.remove"):
            _confirm_demo_removal(t)


def _confirm_demo_removal(t: Translator) -> None:
    @st.dialog(t("demo.remove"))
    def dialog() -> None:
        st.write(t("demo.remove_confirm"))
        with st.container(horizontal=True):
            if st.button(t("common.confirm"), type="primary", key="demo.remove.confirm"):
                demo.remove_demo_data(get_store())
                clear_data_caches()
                st.session_state["demo.removed"] = True
                st.rerun()
            if st.button(t("common.cancel"), key="demo.remove.cancel"):
                st.rerun()

    dialog()


def show_flash_messages(t: Translator) -> None:
    if st.session_state.pop("demo.removed", False):
        st.toast(t("demo.removed"), icon=":material/check:")
    if st.session_state.pop("demo.just_loaded", False):
        st.toast(t("demo.loaded"), icon=":material/info:")


def guarded(t: Translator, render: Callable[[], None]) -> None:
    """Run a page body; an unexpected error becomes a readable message, never a traceback."""
    try:
        render()
    except Exception as error:  # noqa: BLE001 - the last line of defence of the UI
        st.error(t("common.error", message=str(error) or type(error).__name__), icon=":material/error:")
