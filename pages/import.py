"""Import: upload a CRM export, answer what the file does not say (a missing id or date, guesses to confirm,
whether every row is a won deal), check the preview (mapping with confidences, what will not be available,
counts, rejects), then import it."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

import ui
from smart.access import MANAGE_DATA
from smart.ingest import original_name
from ui.import_views import (
    answered_options,
    checked_file,
    confirm_import,
    currencies_section,
    currency_question,
    done_message,
    guesses,
    history_summary,
    lead_status_editor,
    mapping_editor,
    options_form,
    show_result,
    stage_editor,
    unavailable_block,
    won_question,
)


def render() -> None:
    import_flow()
    currencies_section(t)


def import_flow() -> None:
    """The file, then what its check found, the questions it raises, the mapping and editors, then the import."""
    upload = st.file_uploader(t("import.upload"), type=["csv", "tsv", "txt", "xlsx"], key="import.file",
                              help=t("import.upload_help"))
    chosen = options_form(t)
    as_of_question = st.container()
    done_message(t, upload)
    if upload is None:
        return
    name = original_name(upload.name)
    options = answered_options(name, chosen)
    result = checked_file(t, upload, options)
    if result is None:
        return
    if result.kind == "deals" and result.observed_from == "today":
        as_of_question.warning(t("import.as_of_question", field=t("import.as_of")), icon=":material/help:")
    show_result(t, result)
    if result.kind == "history":
        history_summary(t, result)
    guesses(t, result)
    won_question(t, result)
    options = replace(options, default_currency=currency_question(t, result, name) or options.default_currency)
    unavailable_block(t, result.unavailable)
    mapping_editor(t, result)
    if result.kind in ("deals", "history"):
        stage_editor(t, result)
    if result.kind == "leads":
        lead_status_editor(t, result)
    confirm_import(t, upload, options)


ui.require_frame()
t = ui.translator()
ui.page_header(t, "import")
ui.require_permission(t, MANAGE_DATA)
ui.guarded(t, render)
