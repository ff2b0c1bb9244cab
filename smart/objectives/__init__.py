"""SMART objectives that check themselves.

Public API:

- ``Objective`` (model), ``resolve(store, objective) -> Resolution`` (baseline and target), ``checkpoints``;
- ``check(store, objective, lang, today) -> CheckReport``: the S/M/A/R/T letters, each pass|warning|fail;
- ``progress(store, objective, today) -> Progress``: actual, expected, gap, projections, probability, status;
- ``create_objective``, ``revise_objective``, ``archive_objective``, ``list_objectives``, ``get_objective``,
  ``revisions``, ``target_history``, ``resolved_targets``, ``add_action``, ``update_action``, ``list_actions``,
  ``proposed_action_keys``, ``add_proposed_actions``, ``cascade_mismatch``;
- ``export_objectives`` / ``import_objectives`` (CSV, through the importer).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from smart.lazy_names import lazy_names
from smart.objectives.csv import HEADER as CSV_HEADER
from smart.objectives.csv import export_objectives, import_objectives
from smart.objectives.model import Objective, ObjectiveError, Resolution, checkpoints, resolve
from smart.objectives.store import (
    add_action,
    add_proposed_actions,
    archive_objective,
    cascade_mismatch,
    create_objective,
    get_objective,
    list_actions,
    list_objectives,
    proposed_action_keys,
    resolved_targets,
    revise_objective,
    revisions,
    target_history,
    update_action,
)

if TYPE_CHECKING:
    from smart.objectives.checker import CheckReport, LetterCheck, check
    from smart.objectives.pace import STATUSES, Progress, progress

# checker and pace import pandas: imported when one of their names is first read (smart/lazy_names.py), so that
# listing objectives starts at once.
__getattr__ = lazy_names(globals(), {"smart.objectives.checker": ("CheckReport", "LetterCheck", "check"),
                                     "smart.objectives.pace": ("STATUSES", "Progress", "progress")})

__all__ = [
    "CSV_HEADER", "STATUSES", "CheckReport", "LetterCheck", "Objective", "ObjectiveError", "Progress", "Resolution",
    "add_action", "add_proposed_actions", "archive_objective", "cascade_mismatch", "check", "checkpoints",
    "create_objective", "export_objectives", "get_objective", "import_objectives", "list_actions",
    "list_objectives", "progress", "proposed_action_keys", "resolve", "resolved_targets", "revise_objective",
    "revisions", "target_history", "update_action",
]
