"""What the Import page's steps share: the session keys they keep answers under, the upload previewed or imported
from a private copy, the progress bar, and a mapping change that checks the file again."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit.runtime.uploaded_file_manager import UploadedFile

import ui
from smart import ingest
from smart.i18n import Translator
from smart.ingest import ImportOptions, ImportResult, Progress, Proposal, upload_copy

PREVIEW_KEY = "import.preview"
MAPPING_KEY = "import.mapping"
IDS_KEY = "import.ids"  # per file name: the id chosen when no column holds one ({"columns": [...]} or per_row)
DONE_KEY = "import.done"  # (the upload's id, the success message of its import)
ANSWERS_KEY = "import.answers"  # per file name: its day/month order and decimal mark, when asked
CURRENCY_KEY = "import.currency"  # per file name: the currency of its amounts written without one, once answered
CURRENCY_FLASH = "import.currency.saved"
STAGES_SAVED_KEY = "import.stages_saved"  # what saving a pipeline's stages did, shown once after the rerun
ALL_WON_NOTE = "ingest.note.all_won"  # said by the won question instead


def import_upload(upload: UploadedFile, options: ImportOptions, progress: Progress) -> ImportResult:
    """Preview or import the upload from a private temporary copy that is gone when the import ends, however it
    ends (reruns reuse the cached preview and need no copy; the importer keeps its own of what it imports)."""
    with upload_copy(upload.getvalue(), upload.name) as path:
        return ingest.run_import(ui.get_store(), path, replace(options, display_name=upload.name, actor=ui.viewer()),
                                 progress)


def progress_reporter(t: Translator, bar: DeltaGenerator) -> Progress:
    """The importer's progress (a stage and how far it is) on ``bar``, the stage said in the reader's language."""
    def report(stage: str, fraction: float) -> None:
        bar.progress(min(max(fraction, 0.0), 1.0), text=t(f"import.stage.{stage}"))
    return report


def remember(name: str, changes: dict[str, str]) -> None:
    """Keep the user's mapping changes for this file and check it again."""
    st.session_state.setdefault(MAPPING_KEY, {}).setdefault(name, {}).update(changes)
    if "crm_id" in changes:
        st.session_state.setdefault(IDS_KEY, {}).pop(name, None)
    st.session_state.pop(PREVIEW_KEY, None)
    st.rerun()


def confidence_text(t: Translator, proposal: Proposal | None) -> str:
    """A proposal's confidence (sure, likely, unsure) in the reader's language; nothing without a proposal."""
    return t(f"importflow.confidence.{proposal.confidence}") if proposal else ""


def kept_answer(name: str, question: str) -> str | None:
    """The answer to a question about this file's values (``date_order``, ``decimal``): its radio keeps it only
    while it is shown, and the preview that follows the answer no longer shows it, nor does the import after it."""
    answers = st.session_state.setdefault(ANSWERS_KEY, {}).setdefault(name, {})
    chosen = st.session_state.get(f"import.{question}")
    if chosen is not None:
        answers[question] = chosen
    return answers.get(question)


def forget_answers(name: str) -> None:
    """A new preview: the widgets that show its mapping start again from it (the mapping editor, the status of all
    rows and the won question all say what the status is; a stale one would undo another's answer)."""
    for key in (f"import.mapping_editor.{name}", f"import.all_status.{name}", f"import.won.{name}",
                f"import.currency.{name}"):
        st.session_state.pop(key, None)

