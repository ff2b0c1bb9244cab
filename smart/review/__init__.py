"""The weekly review: the slides of a review date, its notes and decisions, and its PDF and HTML exports.

Public API: ``build_review(store, review_on)`` computes the figures of a review (a JSON-ready dict: the
snapshot kept with its notes); ``slides(figures, t, notes)`` turns them into slides for the page and the
exports; ``smart.review.notes`` saves notes and reopens past reviews; ``export_review`` writes PDF or HTML.
"""

from __future__ import annotations

from smart.review.export import export_review
from smart.review.figures import build_review
from smart.review.notes import Note, NoteError, notes_of, previous_review, review_dates, save_note, saved_review
from smart.review.slides import Slide, Table, slide_at, slide_titles, slides

__all__ = ["Note", "NoteError", "Slide", "Table", "build_review", "export_review", "notes_of", "previous_review",
           "review_dates", "save_note", "saved_review", "slide_at", "slide_titles", "slides"]
