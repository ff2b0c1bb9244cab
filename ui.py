"""The only Streamlit-aware helpers: the cached store, the session's language, the global filters, page headers.

Pages call these and the ``smart`` package; they never open the database or write SQL themselves. The view
(language, period, filters) lives in session state and in the URL with stable codes, so a copied URL reopens the
same view; the sidebar's widgets only show it (see ``render_sidebar``). Text from a file or a person goes through
``plain`` (``smart.text``) before it reaches anything Streamlit renders as Markdown; st.selectbox options,
st.text and st.dataframe show it as it is.

Who is looking (``viewer``) is settled by the frame on every run (``identify``): the person at the machine
(``smart.access.LOCAL_ADMIN``) without sign-in, else the signed-in person's account. Every reading goes through
``compute``, which narrows its ``Filters`` to the viewer's scope (and hands the scope to the readers that take one)
before the cache sees the arguments, so the cache, shared by all sessions, keys every figure by whose it is; the
pages show the write controls only to those who may (``may``, ``may_write_for``), and pass the viewer to the
functions that write, which check again.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib
import inspect
import json
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import streamlit as st

from smart import access, clock, coverage, currency, demo, dimensions, serve
from smart.access import LOCAL_ADMIN, User
from smart.analytics import get_kpi
from smart.analytics.filters import (
    EVERYTHING,
    FIRST_YEAR,
    LAST_YEAR,
    PERIOD_PRESETS,
    Filters,
    Scope,
    is_period,
    period_bounds,
    period_code,
    period_kind,
    quarter_code,
    quarter_of,
    year_code,
)
from smart.i18n import DEFAULT_CURRENCY, LANGUAGES, MISSING, Translator, language_from_locale
from smart.paths import database_path
from smart.storage import StorageError, Store, shared_store, storage_failure
from smart.text import plain

LANG_KEY = "lang"
PERIOD_KEY = "period"
TEAM_KEY = "team"
OWNER_KEY = "owner"
SOURCE_KEY = "source"
MULTI_KEYS = (TEAM_KEY, OWNER_KEY, SOURCE_KEY)
FRAME_SEEN_KEY = "frame.seen"
OPEN_PAGE_KEY = "frame.open_page"
VIEWER_KEY = "frame.viewer"
DEFAULT_PERIOD = "this_year"
CACHE_TTL_SECONDS = 600
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

logger = logging.getLogger(__name__)


def configure_logging() -> None:
    """Send log records (a storage failure's real error, with its traceback) to the server's stderr; a no-op
    once logging is set up."""
    logging.basicConfig(level=logging.WARNING, format=LOG_FORMAT)


def _close_if_broken(store: Store) -> None:
    """Close a store DuckDB stopped serving (after a fatal error, such as a checkpoint that found the disk full):
    while one connection to the file stays open, DuckDB hands any new one the same invalidated database."""
    if store.broken:
        store.close()


def _still_usable(store: Store) -> bool:
    _close_if_broken(store)
    return not store.broken


@st.cache_resource(show_spinner=False, validate=_still_usable, on_release=_close_if_broken)
def _store_for(path: str) -> Store:
    """One connection per process and database file, the one the server's HTTP API and daily backup use too
    (``shared_store``); an empty database gets the demo company on first start. A store DuckDB stopped serving is
    closed and opened afresh on its next use."""
    store = shared_store(path)
    if demo.ensure_demo(store):
        st.session_state["demo.just_loaded"] = True
    return store


def guard_exposure(t: Translator) -> None:
    """Show nothing when this server is reachable from other machines with nobody signed in (Streamlit started
    on another address than the loopback one, with neither sign-in configured nor ``--insecure``); with sign-in
    configured, show nothing but a sign-in button until the visitor has signed in, and ask them to sign in again
    once their sign-in is older than ``$SMART_SESSION_HOURS``; in lab mode, say so on every page."""
    address = st.get_option("server.address")
    state = serve.exposure(address)
    if state == "refused":
        st.title(t("exposure.refused.title"))
        st.error(t("exposure.refused.body", address=address or t("exposure.every_interface")),
                 icon=":material/lock:")
        st.stop()
    if state == "sign_in":
        claims = _signed_in_claims()
        if not claims.get("is_logged_in"):
            st.title(t("signin.required.title"))
            st.write(t("signin.required.body"))
            st.button(t("signin.required.button"), key="signin.login", type="primary", icon=":material/login:",
                      on_click=st.login, args=(serve.sign_in_provider(),))
            st.stop()
        if _expired(claims):
            _render_expired(t, claims)
            st.stop()
    if state == "insecure":
        st.error(t("exposure.insecure.banner"), icon=":material/warning:")


def _signed_in_claims() -> dict[str, Any]:
    """What ``st.user`` holds: ``is_logged_in`` and the identity token's claims (email, name, iat...)."""
    return dict(st.user.to_dict())


def _session_hours() -> float:
    """``$SMART_SESSION_HOURS``; a malformed setting stops the page with its one-line reason."""
    try:
        return access.session_hours()
    except ValueError as error:
        st.error(plain(str(error)), icon=":material/timer_off:")
        st.stop()


def _expired(claims: dict[str, Any]) -> bool:
    return access.session_expired(claims, dt.datetime.now(dt.UTC), _session_hours())


def _render_expired(t: Translator, claims: dict[str, Any]) -> None:
    """The sign-in is too old: say since when, and offer to sign in again (or to sign out)."""
    started = access.signed_in_at(claims)
    st.title(t("access.expired.title"))
    st.info(t("access.expired.body", date=t.date(started.date()) if started else "–",
              hours=t.number(_session_hours())), icon=":material/timer_off:")
    with st.container(horizontal=True):
        st.button(t("access.expired.button"), key="signin.again", type="primary", icon=":material/login:",
                  on_click=st.login, args=(serve.sign_in_provider(),))
        st.button(t("access.signout"), key="signin.expired.logout", icon=":material/logout:", on_click=st.logout)


def identify() -> User | None:
    """Who is looking, settled once per run by the frame (no UI): the person at the machine without sign-in
    (``LOCAL_ADMIN``), else the account of the signed-in person, or None (nobody signed in, a sign-in too old, no
    account, or a database that cannot be read yet)."""
    state = serve.exposure(st.get_option("server.address"))
    found: User | None = None
    if state in ("local", "insecure"):
        found = LOCAL_ADMIN
    elif state == "sign_in":
        found = _signed_in_user()
    st.session_state[VIEWER_KEY] = found
    return found


def _signed_in_user() -> User | None:
    claims = _signed_in_claims()
    email = claims.get("email")
    if not claims.get("is_logged_in") or not isinstance(email, str) or claims.get("email_verified") is False:
        return None
    try:
        if access.session_expired(claims, dt.datetime.now(dt.UTC), access.session_hours()):
            return None
        return access.find_user(get_store(), email)
    except (ValueError, StorageError):
        return None


def require_account(t: Translator) -> User:
    """The viewer; a signed-in person without an account here gets a page saying so, naming the admins to ask,
    with a way to sign out, and nothing else."""
    found = st.session_state.get(VIEWER_KEY) or identify()
    if found is not None:
        return found
    claims = _signed_in_claims()
    email = claims.get("email")
    st.title(t("access.no_account.title"))
    if not isinstance(email, str) or not email.strip():
        st.warning(t("access.no_account.no_email"), icon=":material/person_off:")
    elif claims.get("email_verified") is False:
        st.warning(t("access.no_account.unverified", email=plain(email)), icon=":material/person_off:")
    else:
        admins = access.admin_emails(get_store())
        if admins:
            st.warning(t("access.no_account.body", email=plain(email), admins=plain(", ".join(admins))),
                       icon=":material/person_off:")
        else:
            st.warning(t("access.no_account.no_admin", email=plain(email)), icon=":material/person_off:")
    st.button(t("access.signout"), key="access.no_account.logout", icon=":material/logout:", on_click=st.logout)
    st.stop()


def viewer() -> User:
    """Who is looking (see ``identify``); pages run only once the frame has settled it."""
    found = st.session_state.get(VIEWER_KEY) or identify()
    if found is None:
        raise access.AccessDeniedError("nobody with an account is signed in")
    return found


def may(permission: str) -> bool:
    """Whether the viewer's role holds ``permission`` (``smart.access``): to show a write control or not."""
    return viewer().can(permission)


def may_write_for(scope_type: str, scope_value: str | None) -> bool:
    """Whether the viewer may write objectives, actions and notes for that objective scope."""
    return access.may_write_for(get_store(), viewer(), scope_type, scope_value)


def require_permission(t: Translator, permission: str) -> None:
    """First thing on a page some roles may not open: say so and show nothing else (the frame does not list such
    a page for them; this stops a page reached some other way)."""
    if not may(permission):
        st.warning(t("access.denied.page", role=t(f"access.role.{viewer().role}")), icon=":material/lock:")
        st.stop()


def who(t: Translator, email: Any) -> str:
    """Who made a write, as the tables record it: an e-mail, the person at the server (``local``), or a dash for
    a write made before SMART Pilot recorded it."""
    if not isinstance(email, str) or not email:
        return "–"
    return t("access.local") if email == access.LOCAL_EMAIL else email


def render_account(t: Translator) -> None:
    """In the sidebar, with sign-in: who is signed in, with which role, and the way to sign out."""
    if serve.exposure(st.get_option("server.address")) != "sign_in":
        return
    user = viewer()
    with st.sidebar.container(border=True, key="account"):
        st.caption(t("access.signed_in_as", name=plain(user.label), role=t(f"access.role.{user.role}")))
        if user.name:
            st.caption(plain(user.email))
        st.button(t("access.signout"), key="account.logout", icon=":material/logout:", on_click=st.logout,
                  width="stretch")


def get_store() -> Store:
    return _store_for(str(database_path()))


def forget_store() -> None:
    """Drop the cached store and every cached reading, so that the next run opens the database afresh (the
    "Try again" of a storage failure)."""
    _store_for.clear(str(database_path()))
    clear_data_caches()


def render_storage_failure(t: Translator, error: StorageError, heading: Callable[..., Any] = st.title) -> None:
    """What happened to the database and what to do, the file, the real error word for word, and a way to try
    again; ``heading`` draws the title (``st.subheader`` inside a page that has its own)."""
    values = {name: plain(value) for name, value in error.values.items()}
    heading(t(error.title_key), anchor=False)
    st.error(t(error.what_key, **values), icon=":material/error:")
    st.info(t(error.todo_key, **values), icon=":material/build:")
    st.caption(t("storage.path", path=plain(error.path)))
    with st.expander(t("storage.details")):
        st.code(error.detail or str(error), language=None, wrap_lines=True)
    st.button(t("storage.retry"), key="storage.retry", on_click=forget_store, type="primary",
              icon=":material/refresh:")


@contextmanager
def storage_failure_page() -> Iterator[None]:
    """Around the frame: a database that cannot be opened or used (by the frame, or by a page outside its
    ``guarded`` body) gets the page that says what to do instead of a traceback."""
    try:
        yield
    except StorageError as error:
        render_storage_failure(translator(amounts=False), error)


def require_frame() -> None:
    """Make sure a session's first page runs inside app.py's frame; call it first in every page.

    On a fresh server, the first deep link (say ``/team``) reaches Streamlit before app.py has ever called
    ``st.navigation``, and Streamlit's old pages-folder mode runs ``pages/team.py`` alone: no sidebar, no
    filters, no banner. Switching that mode off and rerunning sends the request through app.py, which routes to
    the same page. (AppTest switches the old mode back on before every run; once a session has seen the frame,
    its reruns are left alone so that widget events are not lost.)
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory and not st.session_state.get(FRAME_SEEN_KEY):
        PagesManager.uses_pages_directory = False
        st.rerun()


def clear_data_caches() -> None:
    """Call after every write: cached readers must not serve figures from before it."""
    st.cache_data.clear()


def today() -> dt.date:
    """The app's today (``$SMART_TODAY`` pins it); a malformed setting stops the page with its one-line reason."""
    try:
        return clock.today()
    except clock.ClockSettingError as error:
        st.error(str(error), icon=":material/event_busy:")
        st.stop()


def language() -> str:
    """The language of this session: the one chosen (or in the URL), else the browser's locale."""
    chosen = st.session_state.get(LANG_KEY) or st.query_params.get(LANG_KEY)
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


def _widget_key(name: str, lang: str | None = None) -> str:
    return f"sidebar.{name}" + (f".{lang}" if lang else "")


def _show_in_widget(widget_key: str, value: Any) -> None:
    """Seed a sidebar widget with the view's value before it is drawn (when it is new, or when the view changed
    elsewhere: a jump to the data's period, a click on a rep)."""
    if widget_key not in st.session_state or st.session_state[widget_key] != value:
        st.session_state[widget_key] = value


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


def _restore_view_from_url(options: dict[str, list[str]]) -> None:
    """Seed the view from the URL on a session's first run; invalid values are dropped, not fatal. Without a
    period in the URL, the first visit opens on one that holds the data (``smart.coverage.default_period``).
    On every run, a team, rep or source that left the data (the demo removed) leaves the view."""
    if LANG_KEY not in st.session_state:
        st.session_state[LANG_KEY] = language()
    if PERIOD_KEY not in st.session_state:
        wanted = st.query_params.get(PERIOD_KEY)
        if not is_period(wanted):
            wanted = coverage.default_period(data_extent(), today())
        st.session_state[PERIOD_KEY] = wanted
    for key in MULTI_KEYS:
        if key not in st.session_state:
            st.session_state[key] = list(dict.fromkeys(st.query_params.get_all(key)))
        st.session_state[key] = [value for value in st.session_state[key] if value in options[key]]


def _write_view_to_url() -> None:
    """Mirror the view into the URL with stable codes (not translated labels), so a copied link reopens it."""
    view = {LANG_KEY: st.session_state.get(LANG_KEY), PERIOD_KEY: current_period()}
    view |= {key: list(st.session_state.get(key) or ()) for key in MULTI_KEYS}
    for key, value in view.items():
        if value in (None, []):
            st.query_params.pop(key, None)
        elif st.query_params.get_all(key) != (value if isinstance(value, list) else [value]):
            st.query_params[key] = value


def coded_selectbox(container: Any, label: str, options: tuple[str, ...], key: str,
                    format_func: Callable[[str], str], **kwargs: Any) -> str:
    """A selectbox of stable codes shown in the reader's language, whose choice (kept under ``key``) survives a
    language switch: the widget is keyed by the language, like the sidebar's, and writes back to ``key``."""
    if st.session_state.get(key) not in options:
        st.session_state[key] = options[0]
    widget = f"{key}.{language()}"
    _show_in_widget(widget, st.session_state[key])
    container.selectbox(label, options, key=widget, format_func=format_func, on_change=_adopt, args=(widget, key),
                        **kwargs)
    return st.session_state[key]


def _adopt(widget_key: str, view_key: str) -> None:
    """A sidebar widget's on_change: its new value becomes the view's."""
    value = st.session_state[widget_key]
    st.session_state[view_key] = list(value) if isinstance(value, list | tuple) else value


def render_sidebar(t: Translator) -> Translator:
    """The language switch and the global filters, on every page and kept in the URL; returns the translator
    for the language now chosen."""
    st.session_state[FRAME_SEEN_KEY] = True
    options = compute(dimensions.filter_options)
    _restore_view_from_url(options)
    with st.sidebar:
        _show_in_widget(_widget_key(LANG_KEY), st.session_state[LANG_KEY])
        st.segmented_control(
            t("filters.language"),
            LANGUAGES,
            format_func=lambda code: Translator(code)(f"lang.{code}"),
            key=_widget_key(LANG_KEY),
            required=True,
            on_change=_adopt,
            args=(_widget_key(LANG_KEY), LANG_KEY),
        )
        t = translator()
        st.header(t("filters.header"), divider="gray")
        _period_selector(t)
        st.caption(_period_caption(t))
        for key, label in zip(MULTI_KEYS, ("filters.team", "filters.owner", "filters.source"), strict=True):
            widget = _widget_key(key, t.lang)
            _show_in_widget(widget, st.session_state[key])
            st.multiselect(t(label), options[key], key=widget, placeholder=t("filters.all"), on_change=_adopt,
                           args=(widget, key))
    render_account(t)
    _write_view_to_url()
    if page := st.session_state.pop(OPEN_PAGE_KEY, None):
        st.switch_page(page)
    return t


def _period_selector(t: Translator) -> None:
    """The period: a preset, or a given year, quarter or range of days, chosen in a second widget. The years and
    quarters offered are those holding data, the current ones and the one shown."""
    code = current_period()
    kind = period_kind(code)
    kind_key = _widget_key("period", t.lang)
    _show_in_widget(kind_key, code if kind == "preset" else kind)
    st.selectbox(t("filters.period"), (*PERIOD_PRESETS, *PERIOD_KINDS), key=kind_key,
                 format_func=lambda choice: _period_choice_name(t, choice),
                 on_change=_adopt_period_kind, args=(kind_key, _anchor_span(code)))
    extent = data_extent()
    if kind == "year":
        years = sorted({*extent.years(), today().year, int(code)}, reverse=True)
        year_key = _widget_key("period.year", t.lang)
        _show_in_widget(year_key, int(code))
        st.selectbox(t("period.year"), years, key=year_key, on_change=_adopt_period_part, args=(year_key, year_code))
    elif kind == "quarter":
        quarters = sorted({quarter_code(*q) for q in (*extent.quarters(), quarter_of(today()))} | {code},
                          reverse=True)
        quarter_key = _widget_key("period.quarter", t.lang)
        _show_in_widget(quarter_key, code)
        st.selectbox(t("period.quarter"), quarters, key=quarter_key, format_func=lambda c: _quarter_name(t, c),
                     on_change=_adopt_period_part, args=(quarter_key, str))
    elif kind == "range":
        _days_picker(t, code)


def _days_picker(t: Translator, code: str) -> None:
    """A custom range of days, in the reader's date format; a half-chosen range (first day only) is left as it
    is until the last day is picked."""
    days_key = _widget_key("period.days", t.lang)
    start, end = period_bounds(code, today())
    chosen = st.session_state.get(days_key)
    if not (isinstance(chosen, tuple | list) and len(chosen) == 1):
        _show_in_widget(days_key, (start, end))
    st.date_input(t("period.days"), key=days_key, format=date_format(t), help=t("period.days_help"),
                  min_value=dt.date(FIRST_YEAR, 1, 1), max_value=dt.date(LAST_YEAR, 12, 31),
                  on_change=_adopt_days, args=(days_key,))


def _period_choice_name(t: Translator, choice: str) -> str:
    return t(f"period.{choice}" if choice in PERIOD_PRESETS else f"period.kind.{choice}")


def date_format(t: Translator) -> str:
    """The date format of st.date_input in the reader's language."""
    return "DD/MM/YYYY" if t.lang == "fr" else "YYYY-MM-DD"


def _quarter_name(t: Translator, code: str) -> str:
    year, quarter = code.split("-Q")
    return t("period.quarter_name", quarter=quarter, year=year)


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


ANALYSIS_PAGES = ("overview", "conversion", "cycle", "variance", "team")


def page_header(t: Translator, page: str) -> None:
    """A page's title and its one-line purpose; on an analysis page, where the data lies when the period shown
    holds none of it."""
    st.title(t(f"nav.{page}"))
    st.caption(t(f"purpose.{page}"))
    if page in ANALYSIS_PAGES:
        data_elsewhere_hint(t)


def data_elsewhere_hint(t: Translator) -> None:
    """When the period shown holds no activity and the data has some elsewhere: say which months the data
    covers, with a button that shows them (``smart.coverage.jump_span``)."""
    start, end = period_bounds(current_period(), today())
    extent = data_extent()
    span = coverage.jump_span(extent)
    if start is None or end is None or span is None or extent.count_between(start, end):
        return
    with st.container(border=True, horizontal=True, vertical_alignment="center", key="coverage.hint"):
        st.markdown(":material/travel_explore: " + t(
            "coverage.elsewhere", start=t.date(start), end=t.date(end), first=t.month(span[0]), last=t.month(span[1])),
            width="stretch")
        st.button(t("coverage.show"), key="coverage.show", on_click=show_period, args=span, type="primary",
                  icon=":material/arrow_forward:")


def show_period_button(t: Translator, covers: Any, key: str) -> None:
    """Under an import's success message: a button that sets every page's period to the one the file covers
    (``covers``: its first and last date; anything else shows no button) and opens the Overview on it."""
    span = _first_and_last(covers)
    if span is not None:
        st.button(t("coverage.show"), key=key, on_click=open_period, args=span, icon=":material/arrow_forward:")


def open_period(start: dt.date, end: dt.date, page: str = "pages/overview.py") -> None:
    """A button's callback: show the days from ``start`` to ``end`` on ``page`` (the frame opens it next)."""
    show_period(start, end)
    st.session_state[OPEN_PAGE_KEY] = page


def _first_and_last(covers: Any) -> tuple[dt.date, dt.date] | None:
    """A pair of dates (or anything with ``first`` and ``last``) in order; ``None`` for anything else."""
    pair = (getattr(covers, "first", None), getattr(covers, "last", None)) if hasattr(covers, "first") else covers
    if not isinstance(pair, tuple | list) or len(pair) != 2:
        return None
    first, last = (value.date() if isinstance(value, dt.datetime) else value for value in pair)
    if not (isinstance(first, dt.date) and isinstance(last, dt.date)) or first > last:
        return None
    return first, last


def render_demo_banner(t: Translator, import_page: Any) -> None:
    """While demo data is loaded: say so, point to the importer, and offer to remove the demo."""
    store = get_store()
    if not demo.has_demo_data(store):
        return
    with st.container(border=True, horizontal=True, vertical_alignment="center"):
        st.markdown(f":material/info: {t('demo.banner')}", width="stretch")
        if not may(access.MANAGE_DATA):
            return
        st.page_link(import_page, label=t("demo.import_own"), icon=":material/upload_file:")
        if st.button(t("demo.remove"), icon=":material/delete:", key="demo.remove"):
            _confirm_demo_removal(t)


def _confirm_demo_removal(t: Translator) -> None:
    @st.dialog(t("demo.remove"))
    def dialog() -> None:
        st.write(t("demo.remove_confirm"))
        with st.container(horizontal=True):
            if st.button(t("common.confirm"), type="primary", key="demo.remove.confirm"):
                demo.remove_demo_data(get_store(), actor=viewer())
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
    """Run a page body; a failure of the database shows what happened and what to do, any other unexpected error
    a readable message; never a traceback (the real error is logged)."""
    try:
        render()
    except Exception as error:  # noqa: BLE001 - the last line of defence of the UI
        failure = storage_failure(error, database_path())
        if failure is not None:
            render_storage_failure(t, failure, heading=st.subheader)
            return
        logger.exception("A page failed")
        st.error(t("common.error", message=plain(str(error) or type(error).__name__)), icon=":material/error:")


# Shared page blocks: cached readers, charts and tables with their downloads, drill-down to the deals.

COMPUTE_CACHE_ENTRIES = 512
# Readers that read nobody's figures, so need no scope: the KPI catalogue and the KPI ids of the imported history;
# the latest import's file name and size, and how old the data is (from the extent the caller passes, itself the
# viewer's).
# Readers of what is nobody's figures: settings (the reporting currency, each source's currency, exchange rates) and
# the import log's days (how far apart the exports are).
SCOPE_FREE_READERS = frozenset({("smart.analytics.engine", "available_kpis"), ("smart.freshness", "freshness"),
                                ("smart.freshness", "export_spacing"),
                                ("smart.currency.settings", "reporting_currency"),
                                ("smart.currency.settings", "source_currencies"),
                                ("smart.currency.rates", "stored_rates")})


@st.cache_data(ttl=CACHE_TTL_SECONDS, max_entries=COMPUTE_CACHE_ENTRIES, show_spinner=False)
def _cached_compute(db_path: str, module: str, name: str, args: tuple[Any, ...],
                    kwargs: tuple[tuple[str, Any], ...]) -> Any:
    func = getattr(importlib.import_module(module), name)
    return func(_store_for(db_path), *args, **dict(kwargs))


@functools.cache
def _takes_scope(func: Callable[..., Any]) -> bool:
    return "scope" in inspect.signature(func).parameters


def _within(value: Any, scope: Scope) -> Any:
    return value.within(scope) if isinstance(value, Filters) else value


def compute(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """``func(store, *args, **kwargs)`` for a reader of ``smart.analytics``, ``smart.objectives`` and the like, as far
    as the viewer may see, cached per database and arguments; writes clear it.

    Every ``Filters`` argument is narrowed to the viewer's scope, and a reader with a ``scope`` parameter gets it,
    before the cache sees the arguments: a cached figure is keyed by whose it is (``Filters`` and ``Scope`` are
    frozen dataclasses). A reader that takes neither is refused, unless it reads nobody's figures
    (``SCOPE_FREE_READERS``): a page cannot read past the viewer's scope by forgetting it."""
    scope = viewer().scope
    args = tuple(_within(value, scope) for value in args)
    kwargs = {name: _within(value, scope) for name, value in kwargs.items()}
    if _takes_scope(func):
        kwargs["scope"] = (kwargs.get("scope") or EVERYTHING).narrowed_by(scope)
    elif not any(isinstance(value, Filters) for value in (*args, *kwargs.values())) and (
            func.__module__, func.__name__) not in SCOPE_FREE_READERS:
        raise TypeError(f"{func.__module__}.{func.__name__} reads the data without the viewer's scope: give it "
                        "Filters or a scope parameter")
    return _cached_compute(str(database_path()), func.__module__, func.__name__, args, tuple(sorted(kwargs.items())))


def objectives(filters: Filters) -> Any:
    """Every objective's pace today and a month ago (``objectives_progress``) for the teams and reps of
    ``filters``, as far as the viewer sees them: the one cached reading every page shares. The period and lead
    sources do not change which objectives are listed nor their figures (each objective has its own scope and
    dates), so they are left out of the cache key: changing the period or opening another page does not compute
    the objectives again."""
    from smart.objectives.standing import objectives_progress

    kept = Filters(teams=filters.teams, owners=filters.owners, scope=filters.scope)
    return compute(objectives_progress, today(), kept)


# An objective's status as a badge: the colours of the charts' STATUS_COLORS, in the names st.badge knows.
STATUS_BADGE_COLORS = {"on_track": "green", "achieved": "blue", "at_risk": "orange", "off_track": "red",
                       "missed": "gray", "no_data": "gray"}


def profile_name(t: Translator, profile: str) -> str:
    """A CRM layout's name (HubSpot, Other CRM...); an unknown one as it is stored."""
    return t.get(f"import.profile.{profile}", profile)


def status_badge(label: str, status: str) -> None:
    """An objective's status (already worded in the page's language) as a coloured badge."""
    st.badge(label, color=STATUS_BADGE_COLORS.get(status, "gray"))


def empty_state(t: Translator, key: str = "empty.no_data") -> None:
    """What to import for this page to show something, with the way to the importer."""
    st.info(t(key), icon=":material/upload_file:")
    if may(access.MANAGE_DATA):
        st.page_link("pages/import.py", label=t("nav.import"), icon=":material/upload_file:")


@st.cache_data(ttl=CACHE_TTL_SECONDS, max_entries=COMPUTE_CACHE_ENTRIES, show_spinner=False)
def _chart_spec(module: str, name: str, t: Translator, frame: Any, args: tuple[Any, ...],
                kwargs: tuple[tuple[str, Any], ...]) -> dict[str, Any]:
    """The Vega-Lite spec of a chart builder's chart, themed and localised, built (and validated) once per data;
    plain JSON (dates as ISO text), so the PNG/SVG renderer and the browser read the same."""
    from smart.charts.format import localised
    from smart.charts.theme import use_theme

    use_theme()
    builder = getattr(importlib.import_module(module), name)
    spec = localised(builder(frame, t, *args, **dict(kwargs)), t).to_dict()
    return json.loads(json.dumps(spec, default=str))


class _Spec:
    """A ready Vega-Lite spec with the one method ``smart.exports`` reads from a chart."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec

    def to_json(self) -> str:
        return json.dumps(self.spec)


def chart_block(t: Translator, key: str, explanation: str, definition: str | None, builder: Callable[..., Any],
                frame: Any, *args: Any, selectable: bool = False, **kwargs: Any) -> Any:
    """``builder(frame, t, *args, **kwargs)`` (a ``smart.charts`` builder) drawn with its one-line plain
    explanation, the KPI's definition on hover, and PNG/SVG downloads rendered only when clicked.

    The spec is cached per data, so a rerun does not rebuild nor revalidate the chart. With ``selectable`` the
    chart's selections rerun the page and their state is returned (drill-down)."""
    from smart import exports

    spec = _chart_spec(builder.__module__, builder.__name__, t, frame, args, tuple(sorted(kwargs.items())))
    with st.container(border=True):
        state = st.vega_lite_chart(spec, theme=None, key=key, width="stretch",
                                   on_select="rerun" if selectable else "ignore")
        with st.container(horizontal=True, vertical_alignment="center"):
            st.caption(explanation, help=definition, width="stretch")
            st.download_button(t("download.png"), data=lambda: exports.chart_png(_Spec(spec)),
                               file_name=f"{key}.png", mime="image/png", on_click="ignore", key=f"{key}.png",
                               type="tertiary", icon=":material/image:")
            st.download_button(t("download.svg"), data=lambda: exports.chart_svg(_Spec(spec)),
                               file_name=f"{key}.svg", mime="image/svg+xml", on_click="ignore", key=f"{key}.svg",
                               type="tertiary", icon=":material/image:")
    return state


def table_block(t: Translator, frame: Any, key: str, *, column_config: dict[str, Any] | None = None,
                export: Any = None, on_select: Any = "ignore", height: Any = "auto") -> Any:
    """A sortable table in the reader's language (``dataframe``) with CSV and XLSX downloads of ``export`` (the
    table itself by default, its figures unformatted; spreadsheet formulas neutralised). ``on_select``
    ``"rerun"`` or a callback makes a row clickable (drill-down)."""
    from smart import exports

    export = frame if export is None else export
    event = dataframe(frame, key=key, column_config=column_config, on_select=on_select,
                      selection_mode="single-row", height=height)
    with st.container(horizontal=True):
        st.download_button(t("download.csv"), data=exports.table_csv(export), file_name=f"{key}.csv",
                           mime="text/csv", on_click="ignore", key=f"{key}.csv", icon=":material/download:")
        st.download_button(t("download.xlsx"), data=lambda: exports.table_xlsx(export), file_name=f"{key}.xlsx",
                           mime=exports.XLSX_MIME, on_click="ignore", key=f"{key}.xlsx", icon=":material/download:")
    return event


# Streamlit's own number and date formats ("euro", "localized", "percent") follow the browser's locale, not the
# language chosen in the app: a French manager on an English browser read "€1,234,567" and "2 Apr 2024". Tables
# therefore show what the Translator writes (pandas Styler display values, which st.dataframe shows on number and
# date columns left without a format, while it still sorts by the numbers and dates themselves), and bars label
# their percent with a printf format (Styler does not reach a bar's label) of values given in points.


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


def drill_down(t: Translator, filters: Filters, conditions: tuple[tuple[str, Any], ...], key: str, what: str,
               date_column: str = "close_on") -> None:
    """The deals behind a figure, as a table with its downloads; ``what`` says which figure (escaped)."""
    from smart.analytics.deals import drill_deals

    deals, total = compute(drill_deals, filters, conditions, date_column=date_column)
    with st.container(border=True, key=f"{key}.box"):
        st.subheader(t("drill.title", what=plain(what)), anchor=False)
        shown = t("drill.count_all", count=t.number(total)) if total <= len(deals) else t(
            "drill.count_some", shown=t.number(len(deals)), count=t.number(total))
        st.caption(shown)
        deals = deals.assign(status=deals["status"].map(lambda status: t(f"status.{status}")))
        deals = with_dimension_labels(t, deals, DEAL_DIMENSIONS)
        labels = {column: t(f"deal.{column}") for column in deals.columns}
        table_block(t, deals, key, export=deals.rename(columns=labels), column_config=deal_columns(labels))


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


def currency_notice(t: Translator, filters: Filters) -> None:
    """Say, where money figures are shown, which deals of the period they leave out for want of an exchange rate
    (``analytics.deals.left_out_deals``), with the way to the rates; nothing when every amount converts."""
    from smart.analytics.deals import left_out_deals

    left = compute(left_out_deals, filters)
    if not left:
        return
    if len(left.currencies) == 1:
        key = "currency.left_out.single" if left.deals == 1 else "currency.left_out.one"
        text = t(key, count=t.number(left.deals), currency=left.currencies[0])
    else:
        items = ", ".join(t("currency.left_out.item", currency=code, count=t.number(count))
                          for code, count in left.by_currency)
        text = t("currency.left_out.many", count=t.number(left.deals), currencies=items)
    with st.container(border=True, horizontal=True, vertical_alignment="center", key="currency.notice"):
        st.markdown(":material/currency_exchange: " + text, width="stretch")
        st.page_link("pages/import.py", label=t("currency.add_rates"), icon=":material/upload_file:")


def count_column(label: str, help_text: str | None = None) -> Any:
    """Column settings of a count: a whole number with the language's thousands separator."""
    t = translator()
    return FormattedColumn(st.column_config.NumberColumn(label, help=help_text), t.number)


def exact_number_column(label: str, help_text: str | None = None) -> Any:
    """Column settings of a number shown as it was read (its decimals, up to six, and none when it is whole), with
    the language's separators: 1 234,567 is never shown as 1 234 567."""
    t = translator()
    return FormattedColumn(st.column_config.NumberColumn(label, help=help_text),
                           lambda value: t.number(value, _decimals(value)))


def _decimals(value: Any, most: int = 6) -> int:
    """How many decimals ``value`` has, up to ``most``."""
    fraction = f"{abs(float(value)):.{most}f}".split(".")[1].rstrip("0")
    return len(fraction)


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


def objective_measures(t: Translator, objectives: Any, columns: tuple[str, ...],
                       signed: tuple[str, ...] = ()) -> dict[str, list[str]]:
    """Figures of ``objectives_progress`` as text, each in its objective's KPI unit (``signed`` columns,
    such as the gap, with their sign): one list per column, ready for a display table."""
    units = [get_kpi(kpi).unit for kpi in objectives["kpi"]]
    formats = {column: t.signed_measure if column in signed else t.measure for column in columns}
    return {column: [formats[column](unit, value, compact=True)
                     for unit, value in zip(units, objectives[column], strict=True)] for column in columns}


def set_owner_filter(owners: list[str]) -> None:
    """Narrow every page to these reps (a callback: it runs before the sidebar's widgets are drawn)."""
    st.session_state[OWNER_KEY] = list(owners)


def kpi_change_text(t: Translator, unit: str, value: Any, previous: Any) -> str | None:
    """The change from ``previous`` to ``value``: relative for money and counts, points for rates, days for
    durations; ASCII minus first so that st.metric draws the arrow down."""
    if value is None or previous is None:
        return None
    if unit == "percent":
        text = t.points(value - previous)
    elif unit in ("days", "score"):
        text = t.signed_measure(unit, value - previous, compact=True)
    elif previous:
        text = t.signed_percent((value - previous) / abs(previous))
    else:
        return None
    return metric_delta(text)


def metric_delta(text: str) -> str:
    """A signed figure as st.metric's delta: its leading minus in ASCII, which is what makes Streamlit draw the
    arrow down (the Translator writes the typographic one)."""
    return "-" + text[1:] if text.startswith("−") else text


def url_choice(t: Translator, label: str, options: tuple[str, ...], key: str, default: str,
               format_func: Callable[[str], str]) -> str:
    """A segmented choice of a page (a split, a rate) kept in the URL under ``key`` as its stable code, never
    its translated label, so a copied link reopens the same view in any language."""
    if key not in st.session_state:
        wanted = st.query_params.get(key)
        st.session_state[key] = wanted if wanted in options else default
    choice = st.segmented_control(label, options, format_func=format_func, key=key, required=True) or default
    if choice == default:
        st.query_params.pop(key, None)
    elif st.query_params.get(key) != choice:
        st.query_params[key] = choice
    return choice


def url_select(label: str, options: tuple[str, ...], key: str, default: str,
               format_func: Callable[[str], str], help: str | None = None) -> str:
    """A drop-down choice of a page kept in the URL under ``key`` as its stable code (as ``url_choice``), for a choice
    among options that come from the data (and may change with the period: a code no longer offered falls back to
    ``default``). Its options show as written."""
    wanted = st.session_state.get(key, st.query_params.get(key))
    if wanted not in options:
        wanted = default
    st.session_state[key] = wanted
    choice = st.selectbox(label, options, format_func=format_func, key=key, help=help) or default
    if choice == default:
        st.query_params.pop(key, None)
    elif st.query_params.get(key) != choice:
        st.query_params[key] = choice
    return choice


def pipeline_choice(t: Translator, filters: Filters) -> tuple[str, str] | None:
    """The pipeline a stage-by-stage view shows (``smart.analytics.pipelines``): the only one in view, else the one
    picked in a drop-down list (kept in the URL as ``pipeline``), the largest (most deals in the period) by
    default. None without deals."""
    from smart.analytics.pipelines import pipelines_in_view

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
