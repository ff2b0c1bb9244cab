"""The mapping as checked: each field with its column and the confidence of that choice, editable; the guesses asked
as questions, "is every row a won deal?", and what the mapping leaves empty."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import ui
from smart.analytics import PLAN_KPIS, get_kpi
from smart.i18n import Translator
from smart.ingest import FIELDS, ImportResult, Unavailable, asks_if_won, in_language
from ui.import_views.common import ALL_WON_NOTE, confidence_text, remember

# The mapping editor's value for a field no column feeds: an empty cell would read "None" (a header that is
# exactly this dash can still be mapped with the CLI's --map).
NOT_MAPPED = "\u2014"


ALL_STATUS = ("file", "won", "lost", "open")


WON_ANSWERS = ("won", "open")


def id_rule_text(t: Translator, result: ImportResult) -> str:
    """How the id of a file with no id column is made, as the user chose it."""
    if result.id_per_row:
        return t("importflow.id.rule_per_row")
    return t("importflow.id.combined", columns=" + ".join(result.id_columns)) if result.id_columns else ""


def mapping_editor(t: Translator, result: ImportResult) -> None:
    """Each field with its column, the confidence of that choice and a few of the column's values; a changed line
    checks the file again."""
    constants = {"deals": "status", "plan": "kpi"}  # set by a choice below the table when constant
    fields = [f for f in FIELDS[result.kind] if not (f == constants.get(result.kind) and
                                                      result.mapping.get(f, "").startswith("="))]
    mapped = {f: "" if result.mapping.get(f, "").startswith("=") else result.mapping.get(f, "") for f in fields}
    applied = {p.field: p for p in result.proposals if p.applied}
    asked = {p.field: p for p in result.proposals if not p.applied}
    confidence = {f: confidence_text(t, applied.get(f) or asked.get(f)) for f in fields}
    samples = {f: ", ".join(applied[f].samples) if f in applied else "" for f in fields}
    if result.kind in ("deals", "leads") and id_rule_text(t, result):
        confidence["crm_id"] = t("importflow.confidence.user") + " · " + id_rule_text(t, result)
    frame = pd.DataFrame({"field": fields, "label": [t(f"field.{f}") for f in fields],
                          "column": [mapped[f] or NOT_MAPPED for f in fields],
                          "confidence": [confidence[f] for f in fields], "samples": [samples[f] for f in fields]})
    st.subheader(t("import.mapping"), anchor=False, help=t("import.mapping_help"))
    edited = st.data_editor(
        frame, key=f"import.mapping_editor.{result.file_name}", hide_index=True, width="stretch",
        disabled=["field", "label", "confidence", "samples"], column_order=("label", "column", "confidence", "samples"),
        column_config={
            "label": st.column_config.TextColumn(t("import.field")),
            "column": st.column_config.SelectboxColumn(
                t("import.column"), options=[NOT_MAPPED, *result.headers], required=True,
                format_func=lambda column: t("import.unmapped") if column == NOT_MAPPED else column),
            "confidence": st.column_config.TextColumn(t("importflow.confidence")),
            "samples": st.column_config.TextColumn(t("importflow.samples")),
        },
    )
    chosen = {row.field: "" if row.column in (None, NOT_MAPPED) else row.column for row in edited.itertuples()}
    changes = {field: column for field, column in chosen.items() if column != mapped[field]}
    if result.kind == "deals":
        current = result.mapping.get("status", "")
        default = current[1:] if current.startswith("=") else "file"
        choice = st.selectbox(t("import.all_status"), ALL_STATUS, index=ALL_STATUS.index(default),
                              key=f"import.all_status.{result.file_name}",
                              format_func=lambda s: t(f"import.all_status.{s}"))
        if choice != default:
            changes["status"] = "" if choice == "file" else f"={choice}"
    if result.kind == "plan":
        changes |= plan_kpi_choice(t, result)
    if changes:
        remember(result.file_name, changes)


def plan_kpi_choice(t: Translator, result: ImportResult) -> dict[str, str]:
    """Which KPI a targets sheet's amounts are, when no column says it: the mapping's change, if any."""
    current = result.mapping.get("kpi", "=revenue")
    if not current.startswith("="):
        return {}
    choice = st.selectbox(t("import.plan.kpi"), PLAN_KPIS, index=PLAN_KPIS.index(current[1:]),
                          key=f"import.plan_kpi.{result.file_name}", help=t("import.plan.kpi_help"),
                          format_func=lambda kpi: get_kpi(kpi).label(t.lang))
    return {"kpi": f"={choice}"} if choice != current[1:] else {}


def guesses(t: Translator, result: ImportResult) -> None:
    """The low-confidence proposals, each asked as a question: used only once the user says yes."""
    asked = [p for p in result.proposals if not p.applied]
    if not asked:
        return
    st.subheader(t("importflow.ask.title"), anchor=False)
    for proposal in asked:
        with st.container(border=True, horizontal=True, vertical_alignment="center"):
            st.markdown(t("importflow.ask.question", column=f"**{ui.plain(proposal.column)}**",
                          field=t(f"field.{proposal.field}").lower(),
                          samples=ui.plain(", ".join(proposal.samples)) or "–"))
            if st.button(t("importflow.ask.yes"), key=f"import.accept.{result.file_name}.{proposal.field}"):
                remember(result.file_name, {proposal.field: proposal.column})


def won_question(t: Translator, result: ImportResult) -> None:
    """A deals file with no column saying how deals end: is every row a won deal?"""
    if not asks_if_won(result.kind, result.mapping):
        return
    current = result.mapping.get("status", "")[1:]
    with st.container(border=True):
        if any(getattr(note, "key", None) == ALL_WON_NOTE for note in result.notes):
            st.caption(t("importflow.won.proposed"))
        answer = st.radio(t("importflow.won.question"), WON_ANSWERS, horizontal=True,
                          index=WON_ANSWERS.index(current) if current in WON_ANSWERS else None,
                          key=f"import.won.{result.file_name}", format_func=lambda a: t(f"importflow.won.{a}"))
    if answer is not None and answer != current:
        remember(result.file_name, {"status": f"={answer}"})


def unavailable_block(t: Translator, items: list[Unavailable]) -> None:
    """What the mapping leaves empty, and what the user will not see because of it, one line each."""
    if not items:
        return
    lines = [t("importflow.unavailable.line", field=f"**{t(f'field.{u.field}')}**", effect=in_language(u.effect, t))
             for u in items]
    st.warning(t("importflow.unavailable.title") + "\n\n" + "\n".join(f"- {line}" for line in lines),
               icon=":material/visibility_off:")

