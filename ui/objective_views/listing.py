"""The Objectives page's list: every objective with its progress, status and deadline, and the status chart."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import ui
from smart.analytics import get_kpi
from smart.charts import localised, status_chart
from smart.i18n import Translator
from smart.objectives import (
    Objective,
    Progress,
)
from ui.objective_views.common import fmt


def render_list(t: Translator, objectives: list[Objective], results: dict[int, Progress]) -> None:
    if not objectives:
        st.info(t("objectives.page.none"), icon=":material/flag:")
        return
    rows = []
    for o in objectives:
        p = results[o.id]
        rows.append({
            t("objective.title"): o.title,
            t("objective.kpi"): get_kpi(o.kpi, ui.get_store()).label(t.lang),
            t("objective.target"): fmt(t, o.kpi, p.target),
            t("objectives.col.actual"): fmt(t, o.kpi, p.actual),
            t("objectives.col.expected"): fmt(t, o.kpi, p.expected),
            t("objective.progress"): p.progress_ratio,
            t("objectives.col.probability"): t.percent(p.probability, 0),
            t("objective.status"): t(f"status.objective.{p.status}"),
            t("objective.deadline"): t.date(o.deadline),
        })
    ui.dataframe(pd.DataFrame(rows), key="objectives.table",
                 column_config={t("objective.progress"): ui.share_column(t("objective.progress"))})
    chart = pd.DataFrame([{"title": o.title, "progress": results[o.id].progress_ratio or 0.0,
                           "status": results[o.id].status,
                           "status_label": t(f"status.objective.{results[o.id].status}")} for o in objectives])
    st.altair_chart(localised(status_chart(chart, x_title=t("objective.progress")), t), width="stretch")


