"""Variance: plan against actual for every objective, the actual against the imported plan month by month and by
its team, rep or product, and what explains the revenue change (lead volume, conversion, deals won, deal size), for
the whole company, by team and by rep."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import ui
from smart import dimensions
from smart.analytics import (
    BRIDGE_EFFECTS,
    Filters,
    bridge_by,
    bridge_steps,
    get_kpi,
    has_deals,
    has_leads,
    ignored_filters,
    plan_attainment,
    plan_dimensions,
    plan_kpis,
    plan_months,
    plan_vs_actual,
    revenue_bridge,
    year_before,
)
from smart.charts import bridge_frame, plan_attainment_chart, plan_chart, plan_months_chart, waterfall_chart

ui.require_frame()
t = ui.translator()
ui.page_header(t, "variance")
BY_OPTIONS = ("team", "owner")
# The waterfall's subtitle, and what its explanation adds, by the kind of split (revenue_bridge's ``factors``).
BRIDGE_SUBTITLES = {"leads": "chart.bridge.subtitle", "deals": "figures.bridge.subtitle_deals",
                    "mixed": "figures.bridge.subtitle_mixed"}
BRIDGE_EXPLAINED = {"deals": "figures.bridge.explain_deals", "mixed": "figures.bridge.explain_mixed"}


def plan_section(filters: Filters) -> None:
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
        "kpi": [get_kpi(kpi).label(t.lang) for kpi in objectives["kpi"]],
    })
    labels = {c: t(f"objective.{c}") for c in table.columns}
    config = {c: st.column_config.TextColumn(label) for c, label in labels.items()}
    config["attainment"] = ui.percent_column(labels["attainment"])
    export = objectives[["title", "kpi", "scope_type", "scope_value", "target", "expected", "actual", "gap",
                         "attainment", "status", "deadline"]]
    ui.table_block(t, table, "variance.objectives", column_config=config,
                   export=export.rename(columns=lambda c: t(f"objective.{c}")))


def imported_plan_section(filters: Filters) -> None:
    """The actual against the imported plan, for the period, by the plan's dimension: totals, the months chart,
    the attainment by team, rep or product, and the table with its downloads."""
    kpis = ui.compute(plan_kpis)
    if not kpis:
        st.info(t("variance.plan_none"), icon=":material/table_chart:")
        st.page_link("pages/import.py", label=t("nav.import"), icon=":material/upload_file:")
        return
    kpi = get_kpi(kpis[0] if len(kpis) == 1 else ui.url_choice(
        t, t("variance.plan_kpi"), tuple(kpis), "plan_kpi", kpis[0], lambda k: get_kpi(k).label(t.lang)))
    dimensions = ui.compute(plan_dimensions, kpi.id)
    by = dimensions[0] if len(dimensions) == 1 else ui.url_choice(
        t, t("variance.plan_by"), tuple(dimensions), "plan_by", dimensions[0], lambda d: t(f"plan.dimension.{d}"))
    ignored = ignored_filters(filters, by)
    if ignored:
        st.caption(t("variance.plan_ignored", dimension=t(f"plan.by.{by}"),
                     filters=", ".join(t(f"variance.plan_filter.{name}") for name in ignored)))
    frame = ui.compute(plan_vs_actual, filters, by, kpi.id, ui.today())
    if frame.empty:
        st.info(t("variance.plan_empty"), icon=":material/filter_alt_off:")
        return
    plan_totals(frame, kpi.unit)
    definition = f"{kpi.definition(t.lang)} {t('define.plan_actual')}"
    ui.chart_block(t, "variance.plan_months", t("explain.plan_months"), definition, plan_months_chart,
                   plan_months(frame), kpi.label(t.lang), kpi.unit)
    attainment = plan_attainment(frame)
    if by != "company" and not attainment.empty:
        attainment = attainment.assign(label=plan_value_labels(attainment["value"], by))
        ui.chart_block(t, "variance.plan_attainment", t("explain.plan_attainment", dimension=t(f"plan.by.{by}")),
                       definition, plan_attainment_chart, attainment, t(f"plan.by.{by}"))
    plan_table(frame, by, kpi.id, kpi.unit)


def plan_value_labels(values: pd.Series, by: str) -> list[str]:
    """The plan's teams, reps or products as they read; the actual of deals with none ('') reads "No team"..."""
    return [dimensions.value_label(t, by, value or None) for value in values]


def plan_totals(frame: pd.DataFrame, unit: str) -> None:
    compared = frame[frame["status"] == "compared"]
    planned, actual = compared["plan"].sum(), compared["actual"].sum()
    ahead = frame[frame["status"].isin(("future", "no_data"))]["plan"].sum()
    with st.container(horizontal=True):
        st.metric(t("variance.plan_total.plan"), t.measure(unit, planned, compact=True), border=True)
        st.metric(t("variance.plan_total.actual"), t.measure(unit, actual, compact=True), border=True)
        st.metric(t("variance.plan_total.attainment"), t.percent(actual / planned, 0) if planned else "–",
                  border=True)
        st.metric(t("variance.plan_total.waiting"), t.measure(unit, ahead, compact=True), border=True)


def plan_table(frame: pd.DataFrame, by: str, kpi_id: str, unit: str) -> None:
    statuses = [t("plan.status.partial") if partial and status == "compared" else t(f"plan.status.{status}")
                for status, partial in zip(frame["status"], frame["partial"], strict=True)]
    table = pd.DataFrame({
        "month": [t.month(month) for month in frame["month"]],
        **({} if by == "company" else {"value": plan_value_labels(frame["value"], by)}),
        "plan": frame["plan"], "actual": frame["actual"], "gap": frame["gap"], "attainment": frame["attainment"],
        "status": statuses,
    })
    labels = {column: t(f"plan.col.{column}") for column in table.columns}
    if by != "company":
        labels["value"] = t(f"plan.dimension.{by}")
    figure = ui.money_column if unit == "money" else ui.count_column
    config = {column: st.column_config.TextColumn(label) for column, label in labels.items()}
    config |= {column: figure(labels[column]) for column in ("plan", "actual", "gap")}
    config["attainment"] = ui.percent_column(labels["attainment"])
    ui.table_block(t, table, f"variance.plan_actual.{kpi_id}.{by}", column_config=config,
                   export=table.rename(columns=labels))


def bridge_section(current: Filters, base: Filters) -> None:
    bridge = ui.compute(revenue_bridge, base, current)
    if bridge.empty or (not bridge.iloc[0]["base"] and not bridge.iloc[0]["current"]):
        st.info(t("empty.period"), icon=":material/filter_alt_off:")
        return
    row = bridge.iloc[0].to_dict()
    base_label = t("period.range", start=t.date(base.start), end=t.date(base.end))
    current_label = t("period.range", start=t.date(current.start), end=t.date(current.end))
    steps = bridge_frame(row, t, t("bridge.base_short"), t("bridge.current_short"))
    factors = row["factors"]
    explanation = t("explain.bridge", base=base_label, current=current_label)
    if factors in BRIDGE_EXPLAINED:
        explanation = f"{explanation} {t(BRIDGE_EXPLAINED[factors])}"
    ui.chart_block(t, "variance.bridge", explanation, t("define.bridge"), waterfall_chart, steps,
                   t(BRIDGE_SUBTITLES[factors]))


def by_section(current: Filters, base: Filters) -> None:
    by = ui.url_choice(t, t("split.by"), BY_OPTIONS, "var_by", "owner", lambda b: t(f"split.{b}"))
    table = ui.compute(bridge_by, base, current, by)
    if table.empty:
        st.info(t("empty.period"), icon=":material/filter_alt_off:")
        return
    shown = [effect for effect in BRIDGE_EFFECTS if any(effect in bridge_steps(row) for _, row in table.iterrows())]
    table = table[[by, "base", "current", "change", *shown]]
    table = table.sort_values("change").reset_index(drop=True)
    shown = ui.with_dimension_labels(t, table, {by: by})
    labels = {by: t(f"split.{by}")} | {c: t(f"bridge.col.{c}") for c in table.columns if c != by}
    config = {by: st.column_config.TextColumn(labels[by])} | {
        c: ui.money_column(labels[c]) for c in table.columns if c != by}
    event = ui.table_block(t, shown, f"variance.by.{by}", column_config=config, export=shown.rename(columns=labels),
                           on_select="rerun")
    picked = ui.selected_row(event)
    if picked is not None and picked < len(table):
        who = table.iloc[picked][by]
        who = None if dimensions.is_missing(who) else who
        ui.drill_down(t, current, (("status", "won"), (by, who)), f"variance.by.{by}.deals",
                      t("drill.won_by", who=dimensions.value_label(t, by, who)))


def render() -> None:
    if not ui.compute(has_deals) and not ui.compute(has_leads):
        ui.empty_state(t, "empty.deals")
        return
    filters = ui.current_filters()
    ui.currency_notice(t, filters)
    st.subheader(t("variance.plan"), anchor=False)
    plan_section(filters)
    st.subheader(t("variance.plan_actual"), anchor=False)
    imported_plan_section(filters)
    st.subheader(t("variance.bridge"), anchor=False)
    ranges = year_before(filters, ui.today())
    if ranges is None:
        st.info(t("variance.no_base"), icon=":material/date_range:")
        return
    bridge_section(*ranges)
    st.subheader(t("variance.by_title"), anchor=False)
    by_section(*ranges)


ui.guarded(t, render)
