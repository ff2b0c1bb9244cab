"""Notes and decisions of a review, kept with the figures that were on screen.

Every note or decision saved for a review date stores, in ``review_notes.figures``, the JSON snapshot of the
review it was typed in. A past review is reopened from the snapshot of its last saved note, never recomputed,
so it reads exactly as it was, even after later imports; the next review compares itself with that snapshot to
say what changed.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from smart.storage import Store

KINDS = ("note", "decision")
MAX_BODY_CHARS = 4000


class NoteError(ValueError):
    """A note that cannot be saved; the message says why."""


@dataclass(frozen=True)
class Note:
    id: int
    review_on: dt.date
    kind: str
    body: str
    objective_id: int | None
    created_at: dt.datetime


def save_note(store: Store, review_on: dt.date, kind: str, body: str, figures: dict[str, Any],
              objective_id: int | None = None) -> int:
    """Save a note or decision with the snapshot of the figures shown; return its id."""
    text = (body or "").strip()
    if kind not in KINDS:
        raise NoteError(f"kind: {kind!r} is not one of {', '.join(KINDS)}")
    if not text:
        raise NoteError("the note is empty")
    if len(text) > MAX_BODY_CHARS:
        raise NoteError(f"the note has {len(text)} characters; the limit is {MAX_BODY_CHARS}")
    with store.transaction() as tx:
        rows = tx.execute(
            "INSERT INTO review_notes (review_on, kind, body, objective_id, figures) VALUES (?, ?, ?, ?, ?) "
            "RETURNING id",
            [review_on, kind, text, objective_id, json.dumps(figures, ensure_ascii=False)],
        ).fetchall()
    return int(rows[0][0])


def notes_of(store: Store, review_on: dt.date) -> list[Note]:
    """The notes and decisions saved for one review date, in the order they were typed."""
    rows = store.rows(
        "SELECT id, review_on, kind, body, objective_id, created_at FROM review_notes WHERE review_on = ? "
        "ORDER BY created_at, id",
        [review_on],
    )
    return [Note(*row) for row in rows]


def review_dates(store: Store) -> list[dt.date]:
    """The dates of the reviews kept (those with at least one note or decision), latest first."""
    return [row[0] for row in store.rows("SELECT DISTINCT review_on FROM review_notes ORDER BY review_on DESC")]


def saved_review(store: Store, review_on: dt.date) -> dict[str, Any] | None:
    """The review of that date exactly as it was shown: the snapshot of its last saved note."""
    rows = store.rows(
        "SELECT figures FROM review_notes WHERE review_on = ? AND figures IS NOT NULL "
        "ORDER BY created_at DESC, id DESC LIMIT 1",
        [review_on],
    )
    return json.loads(rows[0][0]) if rows else None


def previous_review(store: Store, review_on: dt.date) -> dict[str, Any] | None:
    """The snapshot of the latest review kept before ``review_on``."""
    rows = store.rows("SELECT max(review_on) FROM review_notes WHERE review_on < ? AND figures IS NOT NULL",
                      [review_on])
    if not rows or rows[0][0] is None:
        return None
    return saved_review(store, rows[0][0])


def decisions_before(store: Store, review_on: dt.date) -> list[Note]:
    """The decisions of the previous review kept before ``review_on``: the ones to follow up this week."""
    rows = store.rows(
        """SELECT id, review_on, kind, body, objective_id, created_at FROM review_notes
           WHERE kind = 'decision' AND review_on = (SELECT max(review_on) FROM review_notes WHERE review_on < ?)
           ORDER BY created_at, id""",
        [review_on],
    )
    return [Note(*row) for row in rows]
