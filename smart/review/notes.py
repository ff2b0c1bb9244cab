"""Notes and decisions of a review, kept with the figures that were on screen.

Every note or decision saved for a review date stores, in ``review_notes.figures``, the JSON snapshot of the
review it was typed in. A past review is reopened from the snapshot of its last saved note, never recomputed,
so it reads exactly as it was, even after later imports; the next review compares itself with that snapshot to
say what changed.

A review belongs to a scope (``Scope.key``): the whole company's, or a team manager's team's. A note is kept in the
scope of the person who typed it (beside the figures of that scope), and everyone reads, reopens and compares with
the reviews of their own scope only. Writing takes the ``actor`` (``smart.access``), who must be a manager or an
admin, and records who typed it.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from smart.access import LOCAL_ADMIN, WRITE_OBJECTIVES, User, require
from smart.analytics.filters import EVERYTHING, Scope
from smart.storage import Store

KINDS = ("note", "decision")
MAX_BODY_CHARS = 4000


class NoteError(ValueError):
    """A note that cannot be saved; the message says why."""


@dataclass(frozen=True)
class Note:
    """A note or a decision taken in a review, kept with the review date and who wrote it."""

    id: int
    review_on: dt.date
    kind: str
    body: str
    objective_id: int | None
    created_at: dt.datetime
    created_by: str | None = None


_NOTE_COLUMNS = "id, review_on, kind, body, objective_id, created_at, created_by"


def save_note(store: Store, review_on: dt.date, kind: str, body: str, figures: dict[str, Any],
              objective_id: int | None = None, *, actor: User = LOCAL_ADMIN) -> int:
    """Save a note or decision with the snapshot of the figures shown, in the review of ``actor``'s scope; return
    its id."""
    require(actor, WRITE_OBJECTIVES)
    text = (body or "").strip()
    if kind not in KINDS:
        raise NoteError(f"kind: {kind!r} is not one of {', '.join(KINDS)}")
    if not text:
        raise NoteError("the note is empty")
    if len(text) > MAX_BODY_CHARS:
        raise NoteError(f"the note has {len(text)} characters; the limit is {MAX_BODY_CHARS}")
    with store.transaction() as tx:
        rows = tx.execute(
            "INSERT INTO review_notes (review_on, kind, body, objective_id, figures, created_by, scope) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [review_on, kind, text, objective_id, json.dumps(figures, ensure_ascii=False), actor.email,
             actor.scope.key()],
        ).fetchall()
    return int(rows[0][0])


def notes_of(store: Store, review_on: dt.date, scope: Scope = EVERYTHING) -> list[Note]:
    """The notes and decisions saved for one review date of ``scope``, in the order they were typed."""
    rows = store.rows(
        f"SELECT {_NOTE_COLUMNS} FROM review_notes WHERE review_on = ? AND scope = ? ORDER BY created_at, id",
        [review_on, scope.key()],
    )
    return [Note(*row) for row in rows]


def review_dates(store: Store, scope: Scope = EVERYTHING) -> list[dt.date]:
    """The dates of the reviews of ``scope`` kept (those with at least one note or decision), latest first."""
    return [row[0] for row in store.rows(
        "SELECT DISTINCT review_on FROM review_notes WHERE scope = ? ORDER BY review_on DESC", [scope.key()])]


def saved_review(store: Store, review_on: dt.date, scope: Scope = EVERYTHING) -> dict[str, Any] | None:
    """The review of that date and ``scope`` exactly as it was shown: the snapshot of its last saved note."""
    rows = store.rows(
        "SELECT figures FROM review_notes WHERE review_on = ? AND scope = ? AND figures IS NOT NULL "
        "ORDER BY created_at DESC, id DESC LIMIT 1",
        [review_on, scope.key()],
    )
    return json.loads(rows[0][0]) if rows else None


def previous_review(store: Store, review_on: dt.date, scope: Scope = EVERYTHING) -> dict[str, Any] | None:
    """The snapshot of the latest review of ``scope`` kept before ``review_on``."""
    rows = store.rows("SELECT max(review_on) FROM review_notes WHERE review_on < ? AND scope = ? "
                      "AND figures IS NOT NULL", [review_on, scope.key()])
    if not rows or rows[0][0] is None:
        return None
    return saved_review(store, rows[0][0], scope)


def decisions_before(store: Store, review_on: dt.date, scope: Scope = EVERYTHING) -> list[Note]:
    """The decisions of the previous review of ``scope`` kept before ``review_on``: the ones to follow up this
    week."""
    rows = store.rows(
        f"""SELECT {_NOTE_COLUMNS} FROM review_notes
           WHERE kind = 'decision' AND scope = $2
             AND review_on = (SELECT max(review_on) FROM review_notes WHERE review_on < $1 AND scope = $2)
           ORDER BY created_at, id""",
        [review_on, scope.key()],
    )
    return [Note(*row) for row in rows]
