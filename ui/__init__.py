"""The only Streamlit-aware helpers, one module per concern; pages write ``ui.x`` and never reach past this file.

- ``ui.state``: the cached store, who is looking, ``compute`` (every reading, scoped and cached), ``today``.
- ``ui.url``: the language, the period and the global filters, and the pages' own choices, kept in the URL by one
  mechanism (``from_url`` / ``keep_in_url``).
- ``ui.sidebar``: the language switch and the global filters.
- ``ui.signin``: exposure, sign-in, accounts and page permissions.
- ``ui.blocks``: page chrome (header, failure pages, the demo banner), the one confirmation dialog, the one "no data
  yet" guard, charts and tables with their downloads, drill-down.
- ``ui.columns``: table column settings in the reader's language and ``dataframe``.
- ``ui.format``: pure formatting, no Streamlit.

A page's sections live in a package (or module) named for the page, which the page imports by name:
``ui.import_views``, ``ui.objective_views``, ``ui.overview_views``, ``ui.review_views``, ``ui.users_views``,
``ui.variance_views``.

Text from a file or a person goes through ``plain`` (``smart.text``) before it reaches anything Streamlit renders as
Markdown; st.selectbox options, st.text and st.dataframe show it as it is.
"""

from __future__ import annotations

from smart.text import plain
from ui.blocks import (
    chart_block,
    confirm,
    currency_notice,
    data_elsewhere_hint,
    drill_down,
    empty_state,
    guarded,
    page_header,
    render_demo_banner,
    render_storage_failure,
    require_frame,
    show_flash_messages,
    show_period_button,
    status_badge,
    storage_failure_page,
    table_block,
)
from ui.columns import (
    DEAL_DIMENSIONS,
    count_column,
    dataframe,
    date_column,
    days_column,
    deal_columns,
    exact_number_column,
    money_column,
    percent_column,
    selected_points,
    selected_row,
    share_column,
    with_dimension_labels,
)
from ui.format import date_format, kpi_change_text, metric_delta, objective_measures, profile_name, who
from ui.sidebar import render_sidebar
from ui.signin import guard_exposure, render_account, require_account, require_permission
from ui.state import (
    CACHE_TTL_SECONDS,
    clear_data_caches,
    compute,
    configure_logging,
    deferred_reading,
    forget_store,
    get_store,
    identify,
    may,
    may_write_for,
    objective_pace,
    objective_progress,
    objectives,
    smart_check,
    today,
    viewer,
)
from ui.url import (
    coded_selectbox,
    current_filters,
    current_period,
    data_extent,
    from_url,
    keep_in_url,
    language,
    open_period,
    pipeline_choice,
    reporting_currency,
    set_owner_filter,
    show_period,
    translator,
    url_choice,
    url_select,
)

__all__ = [
    "CACHE_TTL_SECONDS", "DEAL_DIMENSIONS", "chart_block", "clear_data_caches", "coded_selectbox", "compute",
    "configure_logging", "confirm", "count_column", "currency_notice", "current_filters", "current_period",
    "data_elsewhere_hint", "data_extent", "dataframe", "date_column", "date_format", "days_column", "deal_columns",
    "deferred_reading", "drill_down", "empty_state", "exact_number_column", "forget_store", "from_url", "get_store",
    "guard_exposure", "guarded", "identify", "keep_in_url", "kpi_change_text", "language", "may", "may_write_for",
    "metric_delta", "money_column", "objective_measures", "objective_pace", "objective_progress", "objectives",
    "open_period", "page_header", "percent_column", "pipeline_choice", "plain", "profile_name", "render_account",
    "render_demo_banner", "render_sidebar", "render_storage_failure", "reporting_currency", "require_account",
    "require_frame", "require_permission", "selected_points", "selected_row", "set_owner_filter", "share_column",
    "show_flash_messages", "show_period", "show_period_button", "smart_check", "status_badge",
    "storage_failure_page", "table_block", "today", "translator", "url_choice", "url_select", "viewer", "who",
    "with_dimension_labels",
]
