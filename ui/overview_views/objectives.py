"""The Overview's objectives at a glance: status, progress, figures to date and the probability of attainment."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import ui
from smart.i18n import Translator


def objectives_at_a_glance(t: Translator, objectives: pd.DataFrame) -> None:
    """The objectives of the scope with their status, progress and figures; a link to create one."""
    st.subheader(t("overview.objectives"), anchor=False)
    if objectives.empty:
        st.info(t("overview.no_objectives"), icon=":material/flag:")
        st.page_link("pages/objectives.py", label=t("nav.objectives"), icon=":material/flag:")
        return
    shown = pd.DataFrame({
        "title": objectives["title"],
        "status": [t(f"status.objective.{s}") for s in objectives["status"]],
        "progress": objectives["progress"],
        **ui.objective_measures(t, objectives, ("actual", "expected", "projection", "target")),
        "probability": objectives["probability"],
    })
    labels = {column: t(f"objective.{column}") for column in shown.columns}
    config = {column: st.column_config.TextColumn(label) for column, label in labels.items()}
    config["progress"] = ui.share_column(labels["progress"], t("objective.progress_help"))
    config["probability"] = ui.share_column(labels["probability"], t("objective.probability_help"))
    export = objectives[["title", "kpi", "status", "progress", "actual", "expected", "projection", "target",
                         "probability", "deadline"]].rename(columns=lambda c: t(f"objective.{c}"))
    ui.table_block(t, shown, "overview.objectives", column_config=config, export=export)

