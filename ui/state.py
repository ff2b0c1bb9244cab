"""The session's store, who is looking, and the caches every page reads through.

Who is looking (``viewer``) is settled by the frame on every run (``identify``): the person at the machine
(``smart.access.LOCAL_ADMIN``) without sign-in, else the signed-in person's account. Every reading goes through
``compute``, which narrows its ``Filters`` to the viewer's scope (and hands the scope to the readers that take one)
before the cache sees the arguments, so the cache, shared by all sessions, keys every figure by whose it is; the
pages show the write controls only to those who may (``may``, ``may_write_for``), and pass the viewer to the
functions that write, which check again. Every write is followed by ``clear_data_caches``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import inspect
import logging
import pickle
from collections.abc import Callable
from typing import Any

import streamlit as st

from smart import access, clock, demo, serve
from smart.access import LOCAL_ADMIN, User
from smart.analytics import EVERYTHING, Filters, Scope
from smart.coverage import DataExtent
from smart.objectives import Objective, Progress, check, pace_paths, progress, resolved_targets
from smart.paths import database_path
from smart.storage import StorageError, Store, shared_store

VIEWER_KEY = "frame.viewer"


CACHE_TTL_SECONDS = 600


LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"




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


def signed_in_claims() -> dict[str, Any]:
    """What ``st.user`` holds: ``is_logged_in`` and the identity token's claims (email, name, iat...)."""
    return dict(st.user.to_dict())


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
    claims = signed_in_claims()
    email = claims.get("email")
    if not claims.get("is_logged_in") or not isinstance(email, str) or claims.get("email_verified") is False:
        return None
    try:
        if access.session_expired(claims, dt.datetime.now(dt.UTC), access.session_hours()):
            return None
        return access.find_user(get_store(), email)
    except (ValueError, StorageError):
        return None


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


def get_store() -> Store:
    return _store_for(str(database_path()))


def forget_store() -> None:
    """Drop the cached store and every cached reading, so that the next run opens the database afresh (the
    "Try again" of a storage failure)."""
    _store_for.clear(str(database_path()))
    clear_data_caches()


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


COMPUTE_CACHE_ENTRIES = 512


# Readers that read nobody's figures, so need no scope: the KPI catalogue and the KPI ids of the imported history;
# the latest import's file name and size, and how old the data is (from the extent the caller passes, itself the
# viewer's).
# Readers of what is nobody's figures: settings (the reporting currency, each source's currency, exchange rates),
# the import log's days (how far apart the exports are) and whether the demo company is loaded (its banner).
SCOPE_FREE_READERS = frozenset({("smart.analytics.catalogue", "available_kpis"), ("smart.freshness", "freshness"),
                                ("smart.freshness", "export_spacing"),
                                ("smart.currency.settings", "reporting_currency"),
                                ("smart.currency.settings", "source_currencies"),
                                ("smart.currency.rates", "stored_rates"), ("smart.demo", "has_demo_data")})


@st.cache_data(ttl=CACHE_TTL_SECONDS, max_entries=COMPUTE_CACHE_ENTRIES, show_spinner=False)
def _cached_compute(key: bytes, _db_path: str, _func: Callable[..., Any], _args: tuple[Any, ...],
                    _kwargs: tuple[tuple[str, Any], ...]) -> Any:
    """``_func``'s reading, cached by ``key`` alone (``_cache_key``: Streamlit hashes no other argument)."""
    return _func(_store_for(_db_path), *_args, **dict(_kwargs))


_PLAIN_KEYS = (str, int, float, bool, type(None), dt.date)


def _cache_key(db_path: str, func: Callable[..., Any], args: tuple[Any, ...],
               kwargs: tuple[tuple[str, Any], ...]) -> bytes:
    """The cache key of a reading: the database, the reader's module and name, and the exact text of its arguments
    (dataclasses field by field, a data extent by its days, anything else pickled). Streamlit's own hashing took
    milliseconds per reading, a few dozen readings per rerun of every session: it copies every dataclass through
    ``dataclasses.asdict`` (a thousand days for a data extent) and looks the function's signature up again for each
    argument."""
    return repr((db_path, func.__module__, func.__qualname__, tuple(_key_of(value) for value in args),
                 tuple((name, _key_of(value)) for name, value in kwargs))).encode()


def _key_of(value: Any) -> Any:
    if isinstance(value, _PLAIN_KEYS):
        return value
    if isinstance(value, tuple | list):
        return type(value).__name__, tuple(_key_of(item) for item in value)
    if isinstance(value, DataExtent):
        return "DataExtent", value.days
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return type(value).__qualname__, tuple((field.name, _key_of(getattr(value, field.name)))
                                               for field in dataclasses.fields(value))
    return "pickled", pickle.dumps(value, pickle.HIGHEST_PROTOCOL)


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
    args, kwargs = _within_scope(func, args, kwargs)
    db_path, ordered = str(database_path()), tuple(sorted(kwargs.items()))
    return _cached_compute(key=_cache_key(db_path, func, args, ordered), _db_path=db_path, _func=func, _args=args,
                           _kwargs=ordered)


def deferred_reading(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Callable[[], Any]:
    """``compute``'s reading, made later: the data of a download built when it is clicked, in a thread of the
    server that knows no session. The viewer's scope is applied now, as ``compute`` applies it; the result is not
    cached."""
    args, kwargs = _within_scope(func, args, kwargs)
    store = get_store()
    return lambda: func(store, *args, **kwargs)


def _within_scope(func: Callable[..., Any], args: tuple[Any, ...],
                  kwargs: dict[str, Any]) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """The arguments of a reader narrowed to the viewer's scope (see ``compute``)."""
    scope = viewer().scope
    args = tuple(_within(value, scope) for value in args)
    kwargs = {name: _within(value, scope) for name, value in kwargs.items()}
    if _takes_scope(func):
        kwargs["scope"] = (kwargs.get("scope") or EVERYTHING).narrowed_by(scope)
    elif not any(isinstance(value, Filters) for value in (*args, *kwargs.values())) and (
            func.__module__, func.__name__) not in SCOPE_FREE_READERS:
        raise TypeError(f"{func.__module__}.{func.__name__} reads the data without the viewer's scope: give it "
                        "Filters or a scope parameter")
    return args, kwargs


def objectives(filters: Filters) -> Any:
    """Every objective's pace today and a month ago (``objectives_progress``) for the teams and reps of
    ``filters``, as far as the viewer sees them: the one cached reading every page shares. The period and lead
    sources do not change which objectives are listed nor their figures (each objective has its own scope and
    dates), so they are left out of the cache key: changing the period or opening another page does not compute
    the objectives again."""
    from smart.objectives import objectives_progress

    kept = Filters(teams=filters.teams, owners=filters.owners, scope=filters.scope)
    return compute(objectives_progress, today(), kept)


# The Objectives page's own readings, cached like ``compute``'s (keyed by the database; cleared by every write): an
# objective carries its own scope, and the page lists only the objectives the viewer sees.
OBJECTIVE_CACHE_ENTRIES = 64


@st.cache_data(ttl=CACHE_TTL_SECONDS, max_entries=OBJECTIVE_CACHE_ENTRIES, show_spinner=False)
def _objective_progress(db_path: str, objective: Objective, today: dt.date) -> Progress:
    return progress(_store_for(db_path), objective, today)


@st.cache_data(ttl=CACHE_TTL_SECONDS, max_entries=OBJECTIVE_CACHE_ENTRIES, show_spinner=False)
def _smart_check(db_path: str, objective: Objective, lang: str, today: dt.date, known: Progress | None) -> Any:
    return check(_store_for(db_path), objective, lang, today, progress=known)


@st.cache_data(ttl=CACHE_TTL_SECONDS, max_entries=OBJECTIVE_CACHE_ENTRIES, show_spinner=False)
def _objective_pace(db_path: str, objective: Objective, result: Progress) -> tuple[Any, list[tuple[str, float]]]:
    store = _store_for(db_path)
    return pace_paths(store, objective, result), resolved_targets(store, objective, result.baseline)


def objective_progress(objective: Objective, today: dt.date) -> Progress:
    """One objective's progress as of ``today``."""
    return _objective_progress(str(database_path()), objective, today)


def smart_check(objective: Objective, lang: str, today: dt.date, known: Progress | None = None) -> Any:
    """The SMART check of an objective (a saved one or a draft); ``known`` is its progress when the page has it."""
    return _smart_check(str(database_path()), objective, lang, today, known)


def objective_pace(objective: Objective, result: Progress) -> tuple[Any, list[tuple[str, float]]]:
    """The pace chart's lines and the resolved targets over time (original first, current last)."""
    return _objective_pace(str(database_path()), objective, result)
