"""Objectives as CSV: the export writes the demo's objectives layout, the import goes through the importer.

Header (the demo's ``objectifs.csv``): title,kpi,scope_type,scope_value,direction,target_mode,target,statistic,
grain,start,deadline,owner,theme. Dates are ISO, numbers use a decimal point, empty cells mean "not set".
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING

from smart.objectives.store import list_objectives
from smart.storage import Store

if TYPE_CHECKING:
    from smart.ingest import ImportResult

HEADER = ("title", "kpi", "scope_type", "scope_value", "direction", "target_mode", "target", "statistic", "grain",
          "start", "deadline", "owner", "theme")


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def export_objectives(store: Store, *, include_archived: bool = False) -> str:
    """The objectives as CSV text (archived ones only on request)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    for o in list_objectives(store, include_archived=include_archived):
        writer.writerow([o.title, o.kpi, o.scope_type, o.scope_value or "", o.direction, o.target_mode,
                         _number(o.target_input), o.statistic or "", o.grain,
                         o.start_on.isoformat() if o.start_on else "", o.deadline.isoformat() if o.deadline else "",
                         o.owner or "", o.theme or ""])
    return buffer.getvalue()


def import_objectives(store: Store, path: str | Path, *, source: str = "user") -> ImportResult:
    """Import an objectives CSV through the importer (same checks, log and undo as any other import)."""
    from smart.ingest import import_file  # imported here for start-up time: `objectives list` needs no importer

    return import_file(store, Path(path), kind="objectives", source=source)
