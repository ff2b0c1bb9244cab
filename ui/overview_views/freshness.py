"""How fresh the Overview's data is: the latest import and the newest fact, with a warning when it is old."""

from __future__ import annotations

import datetime as dt

import streamlit as st

import ui
from smart.freshness import freshness
from smart.i18n import Translator

STALE_AFTER_DAYS = 14


def data_freshness(t: Translator, today: dt.date) -> None:
    """The latest import (its file, kind, day and rows) and the newest fact with its age."""
    st.subheader(t("overview.freshness"), anchor=False)
    fresh = ui.compute(freshness, today, ui.data_extent())
    with st.container(border=True):
        if fresh.file_name is not None:
            st.caption(t("fresh.latest_import"))
            st.text(fresh.file_name)
            kind = t.get(f"fresh.kind.{fresh.kind}", ui.plain(fresh.kind))
            st.caption(t("fresh.imported", kind=kind, when=t.date(fresh.imported_at), rows=t.number(fresh.rows)))
        if fresh.newest_fact is not None:
            st.metric(t("fresh.newest"), t.date(fresh.newest_fact),
                      delta=t("fresh.age", days=t.number(fresh.age_days)) if fresh.age_days else t("fresh.today"),
                      delta_color="off", delta_arrow="off")
            if fresh.age_days is not None and fresh.age_days > STALE_AFTER_DAYS:
                st.warning(t("fresh.stale", days=t.number(fresh.age_days)), icon=":material/history:")

