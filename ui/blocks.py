"""Page chrome and shared blocks: the frame's guards, page headers, the "no data yet" guard, the one confirmation
dialog, charts and tables with their downloads, drill-down to the deals."""

from __future__ import annotations

import importlib
import json
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import streamlit as st

from smart import access, coverage, demo
from smart.analytics import Filters, period_bounds
from smart.i18n import Translator
from smart.paths import database_path
from smart.storage import StorageError, storage_failure
from smart.text import plain
from ui.columns import DEAL_DIMENSIONS, dataframe, deal_columns, with_dimension_labels
from ui.format import first_and_last
from ui.state import (
    CACHE_TTL_SECONDS,
    COMPUTE_CACHE_ENTRIES,
    clear_data_caches,
    compute,
    forget_store,
    get_store,
    may,
    today,
    viewer,
)
from ui.url import FRAME_SEEN_KEY, current_period, data_extent, open_period, show_period, translator

logger = logging.getLogger(__name__)



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
    span = first_and_last(covers)
    if span is not None:
        st.button(t("coverage.show"), key=key, on_click=open_period, args=span, icon=":material/arrow_forward:")


def render_demo_banner(t: Translator, import_page: Any) -> None:
    """While demo data is loaded: say so, point to the importer, and offer to remove the demo."""
    if not compute(demo.has_demo_data):
        return
    with st.container(border=True, horizontal=True, vertical_alignment="center"):
        st.markdown(f":material/info: {t('demo.banner')}", width="stretch")
        if not may(access.MANAGE_DATA):
            return
        st.page_link(import_page, label=t("demo.import_own"), icon=":material/upload_file:")
        if st.button(t("demo.remove"), icon=":material/delete:", key="demo.remove"):
            _confirm_demo_removal(t)


def _confirm_demo_removal(t: Translator) -> None:
    def remove() -> None:
        demo.remove_demo_data(get_store(), actor=viewer())
        clear_data_caches()
        st.session_state["demo.removed"] = True

    confirm(t, t("demo.remove"), t("demo.remove_confirm"), "demo.remove", remove)


def confirm(t: Translator, title: str, message: str, key: str, on_confirm: Callable[[], bool | None], *,
            confirm_label: str | None = None, cancel_label: str | None = None, open_key: str | None = None) -> None:
    """The one confirmation of the app: a dialog titled ``title`` saying ``message`` (both already escaped), with
    a primary confirm button and a cancel button (keyed ``{key}.confirm`` and ``{key}.cancel``).

    ``on_confirm`` makes the change; when it returns False (it said what went wrong) the dialog stays open, else the
    page reruns with the dialog closed. With ``open_key``, the session flag that keeps the dialog open across reruns
    (set by the button that opened it), the dialog is closed by dropping that flag, on cancel or dismissal too."""
    def close() -> None:
        if open_key:
            st.session_state.pop(open_key, None)

    @st.dialog(title, on_dismiss=close if open_key else "ignore")
    def dialog() -> None:
        st.write(message)
        with st.container(horizontal=True):
            if st.button(confirm_label or t("common.confirm"), type="primary", key=f"{key}.confirm"):
                if on_confirm() is False:
                    return
                close()
                st.rerun()
            if st.button(cancel_label or t("common.cancel"), key=f"{key}.cancel"):
                close()
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


# An objective's status as a badge: the colours of the charts' STATUS_COLORS, in the names st.badge knows.
STATUS_BADGE_COLORS = {"on_track": "green", "achieved": "blue", "at_risk": "orange", "off_track": "red",
                       "missed": "gray", "no_data": "gray"}


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
    from smart.charts import localised, use_theme

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
    table itself by default, its figures unformatted; spreadsheet formulas neutralised): a frame, or a function
    that returns it when a download is clicked, so that a table showing part of what it downloads does not read the
    rest on every rerun (``deferred_reading``). ``on_select`` ``"rerun"`` or a callback makes a row clickable
    (drill-down)."""
    from smart import exports

    export = frame if export is None else export
    event = dataframe(frame, key=key, column_config=column_config, on_select=on_select,
                      selection_mode="single-row", height=height)
    def table() -> Any:
        return export() if callable(export) else export

    # Both files are built when clicked: a CSV built on every rerun of every session cost more than the rest of
    # the table, for a download seldom asked for.
    with st.container(horizontal=True):
        st.download_button(t("download.csv"), data=lambda: exports.table_csv(table()), file_name=f"{key}.csv",
                           mime="text/csv", on_click="ignore", key=f"{key}.csv", icon=":material/download:")
        st.download_button(t("download.xlsx"), data=lambda: exports.table_xlsx(table()), file_name=f"{key}.xlsx",
                           mime=exports.XLSX_MIME, on_click="ignore", key=f"{key}.xlsx", icon=":material/download:")
    return event


def drill_down(t: Translator, filters: Filters, conditions: tuple[tuple[str, Any], ...], key: str, what: str,
               date_column: str = "close_on") -> None:
    """The deals behind a figure, as a table with its downloads; ``what`` says which figure (escaped)."""
    from smart.analytics import drill_deals

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


def currency_notice(t: Translator, filters: Filters) -> None:
    """Say, where money figures are shown, which deals of the period they leave out for want of an exchange rate
    (``analytics.deals.left_out_deals``), with the way to the rates; nothing when every amount converts."""
    from smart.analytics import left_out_deals

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

