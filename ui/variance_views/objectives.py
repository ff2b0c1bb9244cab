"""Plan against actual for every objective of the scope: the chart of attainment and the table with its download."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import ui
from smart.analytics import Filters, get_kpi
from smart.charts import plan_chart
from smart.i18n import Translator


def plan_section(t: Translator, filters: Filters) -> None:
    """Each objective's attainment (chart and table); a link to the Objectives page when there is none."""
    objectives = ui.objectives(filters)
    if objectives.empty:
        st.info(t("empty.objectives"), icon=":material/flag:")
        st.page_link("pages/objectives.py", label=t("nav.objectives"), icon=":material/flag:")
        return
    scopes = [t("variance.scope", scope=value) if kind != "company" and value else ""
              for kind, value in zip(objectives["scope_type"], objectives["scope_value"], strict=True)]
    plotted = objectives.assign(label=[f"{title}{scope}" for title, scope in zip(objectives["title"], scopes,
                                                                                 strict=True)])
    if plotted["attainment"].notna().any():
        ui.chart_block(t, "variance.plan", t("explain.plan"), t("define.plan"), plan_chart, plotted)
    table = pd.DataFrame({
        "title": plotted["label"],
        "status": [t(f"status.objective.{s}") for s in objectives["status"]],
        **ui.objective_measures(t, objectives, ("target", "expected", "actual", "gap"), signed=("gap",)),
        "attainment": objectives["attainment"],
        "kpi": [get_kpi(kpi, ui.get_store()).label(t.lang) for kpi in objectives["kpi"]],
    })
    labels = {c: t(f"objective.{c}") for c in table.columns}
    config = {c: st.column_config.TextColumn(label) for c, label in labels.items()}
    config["attainment"] = ui.percent_column(labels["attainment"])
    export = objectives[["title", "kpi", "scope_type", "scope_value", "target", "expected", "actual", "gap",
                         "attainment", "status", "deadline"]]
    ui.table_block(t, table, "variance.objectives", column_config=config,
                   export=export.rename(columns=lambda c: t(f"objective.{c}")))

