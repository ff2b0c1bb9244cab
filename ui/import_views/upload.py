"""The Import page's first and last steps: the file's options (kind, CRM, export day, sheet) with the answers
given about it so far, the import itself, and its success message."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

import ui
from smart.i18n import Translator
from smart.ingest import KINDS, PROFILES, ImportFileError, ImportOptions, ImportResult, in_language
from ui.import_views.common import (
    CURRENCY_KEY,
    DONE_KEY,
    IDS_KEY,
    MAPPING_KEY,
    PREVIEW_KEY,
    import_upload,
    kept_answer,
    progress_reporter,
)


def options_form(t: Translator) -> ImportOptions:
    """The options chosen above the file: its kind, its CRM, the day it was exported, the sheet of a workbook."""
    columns = st.columns(4)
    kind = ui.coded_selectbox(columns[0], t("import.kind"), ("auto", *KINDS), "import.kind",
                              lambda k: t(f"import.kind.{k}"))
    profile = ui.coded_selectbox(columns[1], t("import.profile"), ("auto", *PROFILES), "import.profile",
                                 lambda p: ui.profile_name(t, p))
    as_of = columns[2].date_input(t("import.as_of"), value=None, key="import.as_of", help=t("import.as_of_help"),
                                  format="DD/MM/YYYY" if t.lang == "fr" else "YYYY-MM-DD")
    sheet = columns[3].text_input(t("import.sheet"), key="import.sheet") or None
    return ImportOptions(kind=kind, profile=profile, observed_on=as_of, sheet=sheet)


def done_message(t: Translator, upload: UploadedFile | None) -> None:
    """The last import's success message, while its file is the one chosen (a new file clears it)."""
    done = st.session_state.get(DONE_KEY)
    if done is None:
        return
    if upload is None or done[0] != upload.file_id:
        st.session_state.pop(DONE_KEY, None)
        return
    st.success(done[1], icon=":material/check:")
    ui.show_period_button(t, done[2], "import.show_period.previous")


def done_text(t: Translator, done: ImportResult) -> str:
    message = t("import.done", id=done.import_id, inserted=t.number(done.inserted), updated=t.number(done.updated),
                unchanged=t.number(done.unchanged), rejected=t.number(done.rejected))
    if done.covers:
        message += " " + t("importflow.covers", start=t.date(done.covers[0]), end=t.date(done.covers[1]))
    return message



def answered_options(name: str, chosen: ImportOptions) -> ImportOptions:
    """The options chosen, with every answer given about the file ``name`` so far: its mapping changes, how its id
    is made, its day/month order and decimal mark, the currency of its amounts written without one."""
    overrides = st.session_state.get(MAPPING_KEY, {}).get(name, {})
    ids = st.session_state.get(IDS_KEY, {}).get(name, {})
    date_order, decimal = (kept_answer(name, question) for question in ("date_order", "decimal"))
    return replace(chosen, mapping=dict(overrides), date_order=date_order, decimal=decimal,
                   id_columns=list(ids.get("columns", ())), id_per_row=bool(ids.get("per_row")),
                   default_currency=st.session_state.get(CURRENCY_KEY, {}).get(name))


def confirm_import(t: Translator, upload: UploadedFile, options: ImportOptions) -> None:
    """The import button, and the import itself with its progress: its success message stays while the file is
    the one chosen; an unreadable file says why and changes nothing."""
    if not st.button(t("import.confirm"), type="primary", key="import.confirm", help=t("import.confirm_help"),
                     icon=":material/upload:"):
        return
    with st.status(t("import.importing"), expanded=True) as status:
        bar = st.progress(0.0)
        try:
            done = import_upload(upload, options, progress_reporter(t, bar))
        except ImportFileError as error:
            status.update(label=t("import.unreadable"), state="error")
            st.error(ui.plain(in_language(error, t)), icon=":material/error:")
            return
        status.update(label=t("import.imported"), state="complete")
    ui.clear_data_caches()
    st.session_state.pop(PREVIEW_KEY, None)
    message = done_text(t, done)
    st.session_state[DONE_KEY] = (upload.file_id, message, done.covers)
    st.success(message, icon=":material/check:")
    ui.show_period_button(t, done.covers, "import.show_period")
