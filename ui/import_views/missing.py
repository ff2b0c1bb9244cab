"""The mapping screen of a file that lacks a field it must have (an id, a date): the field marked, its candidate
columns first with a few of their values, and the id's three ways (a column, several combined, one per row)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from smart.i18n import Translator
from smart.ingest import FIELDS, MappingDraft, MissingField
from ui.import_views.common import IDS_KEY, confidence_text, remember

ID_RULES = ("column", "columns", "per_row")


def column_label(t: Translator, draft: MappingDraft, column: str) -> str:
    """A column with a few of its values, for a choice (option labels are shown as they are)."""
    values = draft.samples.get(column) or []
    return t("importflow.column_with_samples", column=column, samples=", ".join(values)) if values else column


def ranked_columns(draft: MappingDraft, candidates: list[str]) -> list[str]:
    return [*candidates, *(h for h in draft.headers if h not in candidates)]


def missing_screen(t: Translator, draft: MappingDraft) -> None:
    """The mapping screen when the file lacks a field it must have: the field highlighted, its candidate columns
    first (with their values), the id's three ways, then the mapping as proposed so far."""
    kind = t(f"ingest.kind.{draft.kind}")
    st.subheader(t("importflow.needed.title"), anchor=False)
    choices: dict[str, str] = {}
    id_choice: dict[str, object] | None = None
    for missing in draft.missing:
        with st.container(border=True):
            if missing.field == "crm_id":
                id_choice = id_rule_choice(t, draft, missing, kind)
            else:
                st.warning(t("importflow.needed.field", field=t(f"field.{missing.field}")), icon=":material/help:")
                st.caption(t("importflow.needed.candidates") if missing.candidates else t("importflow.needed.none"))
                options = ranked_columns(draft, missing.candidates)
                choices[missing.field] = st.selectbox(
                    t("importflow.column_choice"), options, index=0 if missing.candidates else None,
                    key=f"import.missing.{draft.file_name}.{missing.field}",
                    format_func=lambda column: column_label(t, draft, column))
    mapping_overview(t, draft)
    needs_id = any(m.field == "crm_id" for m in draft.missing)
    ready = all(choices.values()) and (id_choice is not None or not needs_id)
    if st.button(t("importflow.use_choice"), type="primary", key=f"import.use_choice.{draft.file_name}",
                 disabled=not ready):
        if id_choice is not None and id_choice.get("column"):
            choices["crm_id"] = str(id_choice["column"])
        elif id_choice is not None:
            st.session_state.setdefault(IDS_KEY, {})[draft.file_name] = id_choice
        remember(draft.file_name, {field: column for field, column in choices.items() if column})


def id_rule_choice(t: Translator, draft: MappingDraft, missing: MissingField,
                   kind: str) -> dict[str, object] | None:
    """One column, several combined, or one record per row, each with what it means for next week's file; the
    choice made, or None while it is incomplete."""
    st.warning(t("importflow.needed.id", kind=kind), icon=":material/help:")
    rule = st.radio(t("importflow.id.how"), ID_RULES, key=f"import.id_rule.{draft.file_name}",
                    format_func=lambda r: t(f"importflow.id.{r}"),
                    captions=[t(f"importflow.id.{r}_means") for r in ID_RULES])
    options = ranked_columns(draft, missing.candidates)
    if rule == "column":
        st.caption(t("importflow.needed.candidates") if missing.candidates else t("importflow.needed.none"))
        column = st.selectbox(t("importflow.id.choose_column"), options, index=0 if missing.candidates else None,
                              key=f"import.id_column.{draft.file_name}",
                              format_func=lambda c: column_label(t, draft, c))
        return {"column": column} if column else None
    if rule == "columns":
        columns = st.multiselect(t("importflow.id.choose_columns"), options, key=f"import.id_columns.{draft.file_name}",
                                 format_func=lambda c: column_label(t, draft, c))
        if len(columns) < 2:
            st.caption(t("importflow.id.two_columns"))
            return None
        return {"columns": list(columns)}
    return {"per_row": True}


def mapping_overview(t: Translator, draft: MappingDraft) -> None:
    """The mapping as proposed so far, the missing fields first and marked (what will not be available is said with
    the preview: the choice may change it)."""
    missing = [m.field for m in draft.missing]
    proposals = {p.field: p for p in draft.proposals}
    fields = [*missing, *(f for f in FIELDS[draft.kind] if f not in missing)]
    frame = pd.DataFrame({
        "label": [t(f"field.{f}") for f in fields],
        "column": [draft.mapping.get(f) or t("import.unmapped") for f in fields],
        "confidence": [t("importflow.confidence.needed") if f in missing else confidence_text(t, proposals.get(f))
                       for f in fields],
        "samples": [", ".join(proposals[f].samples) if f in proposals and proposals[f].applied else ""
                    for f in fields],
    })
    st.subheader(t("import.mapping"), anchor=False, help=t("import.mapping_help"))
    st.dataframe(frame, hide_index=True, width="stretch", key=f"import.mapping_overview.{draft.file_name}",
                 column_config={"label": st.column_config.TextColumn(t("import.field")),
                                "column": st.column_config.TextColumn(t("import.column")),
                                "confidence": st.column_config.TextColumn(t("importflow.confidence")),
                                "samples": st.column_config.TextColumn(t("importflow.samples"))})

