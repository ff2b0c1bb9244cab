"""The editors a preview offers for a source: each pipeline's stages (status, funnel order, probability in whole
percents) and how lead statuses count (qualified, converted). Saving one applies it at once and checks the file
again."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import ui
from smart.i18n import Translator
from smart.ingest import PROFILES, ImportResult, save_lead_status_map, save_stage_map
from ui.import_views.common import PREVIEW_KEY, STAGES_SAVED_KEY


def stage_editor(t: Translator, result: ImportResult) -> None:
    """The stages of each pipeline of the file, as the import leaves them (the new ones guessed from the file), one
    editor per pipeline. Saving one changes its stage map at once (and the deals its stages decided), and the
    preview is made again with it."""
    for entry in result.pipelines:
        pipeline, stages = entry["pipeline"], pd.DataFrame(entry["stages"])
        if stages.empty:
            continue
        title = t("figures.stages.pipeline", pipeline=ui.plain(pipeline)) if pipeline else t("import.stages")
        key = f"{result.source}.{pipeline}"
        with st.expander(title):
            st.caption(t("importflow.stages_help", crm=ui.plain(ui.profile_name(t, result.source)),
                         file=ui.plain(result.file_name)))
            if stages["new"].any():
                st.caption(t("figures.stages.guessed"))
            # Probabilities are edited in whole percents, written with the language's percent sign (the browser's
            # own "percent" format would follow the browser's locale, not the page's).
            shown = stages[["stage", "status", "funnel_order", "probability", "deals"]].assign(
                probability=(pd.to_numeric(stages["probability"]) * 100).round().astype("Int64"))
            edited = st.data_editor(
                shown, key=f"import.stages.{key}", hide_index=True, width="stretch", disabled=["stage", "deals"],
                column_config={
                    "stage": st.column_config.TextColumn(t("import.stage")),
                    "status": st.column_config.SelectboxColumn(t("import.status"), options=["open", "won", "lost"],
                                                               required=True, format_func=lambda s: t(f"status.{s}")),
                    "funnel_order": st.column_config.NumberColumn(t("import.order"), min_value=1, step=1, format="%d"),
                    "probability": st.column_config.NumberColumn(t("import.probability"), format=t("format.share"),
                                                                 min_value=0, max_value=100, step=1),
                    "deals": st.column_config.NumberColumn(t("figures.stages.deals"), format="%d"),
                },
            )
            if st.button(t("import.save_stages"), key=f"import.save_stages.{key}"):
                rows = [(r.stage, r.status, int(r.funnel_order) if pd.notna(r.funnel_order) else None,
                         float(r.probability) / 100 if pd.notna(r.probability) else None)
                        for r in edited.itertuples()]
                changed = save_stage_map(ui.get_store(), result.source, rows, pipeline=pipeline, actor=ui.viewer())
                ui.clear_data_caches()
                st.session_state.pop(PREVIEW_KEY, None)
                st.session_state[STAGES_SAVED_KEY] = t("figures.stages.saved", count=t.number(changed))
                st.rerun()
    saved = st.session_state.pop(STAGES_SAVED_KEY, None)
    if saved:
        st.success(saved, icon=":material/check:")


LEAD_STATUS_FLASH = "import.lead_statuses.saved"


def lead_status_editor(t: Translator, result: ImportResult) -> None:
    """How the file's lead statuses count (qualified, converted), the unrecognised ones first and named, editable:
    saving re-derives the stored leads of the source and checks the file again."""
    summary = result.lead_statuses
    if summary is None or not summary.statuses:
        return
    flash = st.session_state.pop(LEAD_STATUS_FLASH, None)
    if flash:
        st.success(flash, icon=":material/check:")
    st.caption(t("leadstatus.counts", leads=t.number(summary.leads), qualified=t.number(summary.qualified),
                 converted=t.number(summary.converted)))
    unknown = summary.unrecognised
    if unknown:
        listed = ", ".join(f"{s.status} ({t.number(s.leads)})" for s in unknown)
        st.warning(t("leadstatus.unrecognised", count=t.number(len(unknown)), statuses=ui.plain(listed)),
                   icon=":material/help:")
    statuses = sorted(summary.statuses, key=lambda s: s.decided_by != "unknown")
    frame = pd.DataFrame({"status": [s.status for s in statuses], "leads": [s.leads for s in statuses],
                          "qualified": [s.qualified for s in statuses], "converted": [s.converted for s in statuses],
                          "decided_by": [s.decided_by for s in statuses]})
    with st.expander(t("leadstatus.title"), expanded=bool(unknown)):
        st.caption(t("leadstatus.help", source=ui.plain(ui.profile_name(t, result.source)
                                                        if result.source in PROFILES else result.source)))
        edited = st.data_editor(
            frame, key=f"import.lead_statuses.{result.source}", hide_index=True, width="stretch",
            disabled=["status", "leads", "decided_by"],
            column_config={
                "status": st.column_config.TextColumn(t("leadstatus.status")),
                "leads": ui.count_column(t("leadstatus.leads")),
                "qualified": st.column_config.CheckboxColumn(t("leadstatus.qualified")),
                "converted": st.column_config.CheckboxColumn(t("leadstatus.converted")),
                "decided_by": st.column_config.SelectboxColumn(
                    t("leadstatus.decided_by"), options=["standard", "user", "unknown"],
                    format_func=lambda d: t(f"leadstatus.decided.{d}")),
            },
        )
        if st.button(t("leadstatus.save"), key=f"import.save_lead_statuses.{result.source}"):
            changed = (edited["qualified"] != frame["qualified"]) | (edited["converted"] != frame["converted"])
            decided = edited[changed | (edited["decided_by"] == "unknown")]
            now = save_lead_status_map(ui.get_store(), result.source, [(r.status, bool(r.qualified), bool(r.converted))
                                                              for r in decided.itertuples()], actor=ui.viewer())
            ui.clear_data_caches()
            st.session_state[LEAD_STATUS_FLASH] = t(
                "leadstatus.saved", leads=t.number(now.leads), qualified=t.number(now.qualified),
                converted=t.number(now.converted))
            st.session_state.pop(PREVIEW_KEY, None)
            st.rerun()

