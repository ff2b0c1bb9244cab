"""The Overview's weak signals: KPIs out of their control limits, objectives whose gap widens, and the deals whose
close date was pushed back, listed once their expander is opened and every one in the downloads."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd
import streamlit as st

import ui
from smart import analytics
from smart.analytics import Filters, PushedBack, control_signals, get_kpi, pushed_back, pushed_close_dates
from smart.i18n import Translator

PUSHED_OPEN_KEY = "overview.pushed.open"


def weak_signals(t: Translator, filters: Filters, today: dt.date, objectives: pd.DataFrame) -> None:
    """Every weak signal of the scope, each a warning; a line saying there is none otherwise."""
    st.subheader(t("overview.signals"), anchor=False)
    found = False
    for row in ui.compute(control_signals, filters, today).itertuples():
        kpi = get_kpi(row.kpi)
        change = t.points(row.change) if kpi.unit == "percent" else t.signed_percent(row.change)
        st.warning(t("signal.control", kpi=ui.plain(kpi.label(t.lang)), month=t.month(row.period), change=change),
                   icon=":material/monitoring:")
        found = True
    for row in objectives[objectives["widening"]].itertuples():
        st.warning(t("signal.widening", title=ui.plain(row.title), now=t.signed_percent(row.relative_gap),
                     before=t.signed_percent(row.previous_relative_gap)), icon=":material/trending_down:")
        found = True
    pushed = ui.compute(pushed_back, filters, analytics.DRILL_LIMIT)  # read at each run, as the page did
    if pushed.deals:
        found = True
        st.warning(t("signal.pushed", count=t.number(pushed.deals), amount=t.compact_money(pushed.amount)),
                   icon=":material/event_repeat:")
        # Drawn only once opened (a rerun): a table is the costliest element for Streamlit to send, and most visits
        # of the Overview leave this one closed.
        with st.expander(t("signal.pushed_deals"), key=PUSHED_OPEN_KEY, on_change="rerun") as box:
            if box.open:
                pushed_deals(t, filters, pushed)
    if not found:
        st.success(t("signal.none"), icon=":material/check_circle:")


def pushed_deals(t: Translator, filters: Filters, pushed: PushedBack) -> None:
    """The deals pushed back the most (on a large company, the first ``DRILL_LIMIT`` of them, said above the
    table); the downloads hold every one, read when clicked."""
    shown = readable_pushed(t, pushed.listed)
    labels = {column: t(f"deal.{column}") for column in shown.columns}
    complete = pushed.deals <= len(pushed.listed)
    if not complete:
        st.caption(t("load.pushed.listed", shown=t.number(len(pushed.listed)), count=t.number(pushed.deals)))
    ui.table_block(t, shown, "overview.pushed", column_config=ui.deal_columns(labels),
                   export=shown.rename(columns=labels) if complete else every_pushed_deal(t, filters, labels))


def every_pushed_deal(t: Translator, filters: Filters, labels: dict[str, str]) -> Callable[[], pd.DataFrame]:
    """Every pushed deal as the downloads hold it, read when a download is clicked."""
    read, translator = ui.deferred_reading(pushed_close_dates, filters), t
    return lambda: readable_pushed(translator, read()).rename(columns=labels)


# Why a deal is listed comes right after its name: the table sits in a narrow column, where only its first three
# columns show without scrolling sideways.
PUSHED_SHOWN = ["title", "pushes", "days_pushed", "close_on", "amount", "owner", "account", "first_close_on"]


def readable_pushed(translator: Translator, pushed: pd.DataFrame) -> pd.DataFrame:
    """Pushed deals as the table shows them: how often and how far each was pushed first, without their key, "No
    rep" where a deal has none."""
    return ui.with_dimension_labels(translator, pushed[PUSHED_SHOWN], ui.DEAL_DIMENSIONS)

