"""How fresh the data is, from the import log (table ``imports``) and the data's own dates: the latest import still
in place and the newest activity, and how far apart the deals exports are.

A module of its own beside ``smart.coverage`` (the data's extent) rather than in the importer, which reads the log
to undo imports but does not say how recent the data is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from smart.coverage import DataExtent, data_extent
from smart.storage import Store


@dataclass(frozen=True)
class Freshness:
    """The latest import and how recent the data is."""

    file_name: str | None
    kind: str | None
    imported_at: dt.datetime | None
    rows: int
    newest_fact: dt.date | None
    age_days: int | None


def freshness(store: Store, today: dt.date, extent: DataExtent | None = None) -> Freshness:
    """The latest import still in place, and the newest activity date in the data on or before ``today``
    (``smart.coverage``: a creation, a close, a lead's qualification or conversion, a stage change; never the day
    of an import). ``extent``: the data's extent when the caller has it already (it is the costly part)."""
    latest = store.rows("""
        SELECT file_name, kind, coalesce(finished_at, started_at), rows FROM imports
        WHERE undone_at IS NULL ORDER BY coalesce(finished_at, started_at) DESC, id DESC LIMIT 1""")
    newest = (extent if extent is not None else data_extent(store)).newest(today)
    file_name, kind, imported_at, rows = latest[0] if latest else (None, None, None, 0)
    age = (today - newest).days if newest is not None else None
    return Freshness(file_name, kind, imported_at, int(rows or 0), newest, age)


def export_spacing(store: Store) -> float | None:
    """How many days apart the deals exports are (the median interval between successive days an export of the
    same CRM describes, undone imports aside): the finest time in stage their history can tell. None with fewer
    than two such days."""
    spacing = store.scalar("""
        WITH days AS (
            SELECT DISTINCT source, observed_on FROM imports
            WHERE kind = 'deals' AND undone_at IS NULL AND observed_on IS NOT NULL),
        gaps AS (
            SELECT date_diff('day', lag(observed_on) OVER (PARTITION BY source ORDER BY observed_on), observed_on)
                AS gap
            FROM days)
        SELECT median(gap)::DOUBLE FROM gaps WHERE gap IS NOT NULL""")
    return None if spacing is None else float(spacing)
