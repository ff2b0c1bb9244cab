"""What explains the revenue change against the year before: the waterfall (lead volume, conversion, deals won,
deal size) for the whole company, and the same split by team or rep, a row opening its won deals."""

from __future__ import annotations

import streamlit as st

import ui
from smart import dimensions
from smart.analytics import BRIDGE_EFFECTS, Filters, bridge_by, bridge_steps, revenue_bridge
from smart.charts import bridge_frame, waterfall_chart
from smart.i18n import Translator

BY_OPTIONS = ("team", "owner")


# The waterfall's subtitle, and what its explanation adds, by the kind of split (revenue_bridge's ``factors``).
BRIDGE_SUBTITLES = {"leads": "chart.bridge.subtitle", "deals": "figures.bridge.subtitle_deals",
                    "mixed": "figures.bridge.subtitle_mixed"}


BRIDGE_EXPLAINED = {"deals": "figures.bridge.explain_deals", "mixed": "figures.bridge.explain_mixed"}


def bridge_section(t: Translator, current: Filters, base: Filters) -> None:
    """The waterfall from the year before's revenue to this period's, step by step."""
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


def by_section(t: Translator, current: Filters, base: Filters) -> None:
    """The revenue change split by team or rep, the worst first; a picked row opens its won deals."""
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

