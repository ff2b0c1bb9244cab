"""The Import page's steps (``pages/import.py`` lays them out in order): the options and the upload, the file's
check and what it holds, the questions it raises (a missing field, guesses, won deals, the currency), the mapping,
the stage and lead-status editors, the import itself, and the currencies and exchange rates."""

from __future__ import annotations

from ui.import_views.currencies import currencies_section, currency_question
from ui.import_views.editors import lead_status_editor, stage_editor
from ui.import_views.mapping import guesses, mapping_editor, unavailable_block, won_question
from ui.import_views.preview import checked_file, history_summary, show_result
from ui.import_views.upload import answered_options, confirm_import, done_message, options_form

__all__ = [
    "answered_options", "checked_file", "confirm_import", "currencies_section", "currency_question", "done_message",
    "guesses", "history_summary", "lead_status_editor", "mapping_editor", "options_form", "show_result",
    "stage_editor", "unavailable_block", "won_question",
]
