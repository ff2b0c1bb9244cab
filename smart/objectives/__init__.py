"""SMART objectives that check themselves.

Public API:

- ``Objective`` (model), ``resolve(store, objective) -> Resolution`` (baseline and target), ``checkpoints``;
- ``check(store, objective, lang, today) -> CheckReport``: the S/M/A/R/T letters, each pass|warning|fail;
- ``progress(store, objective, today) -> Progress``: actual, expected, gap, projections, probability, status;
- ``create_objective``, ``revise_objective``, ``archive_objective``, ``list_objectives``, ``get_objective``,
  ``revisions``, ``target_history``, ``resolved_targets``, ``add_action``, ``update_action``, ``list_actions``,
  ``proposed_action_keys``, ``add_proposed_actions``, ``cascade_mismatch``;
- ``export_objectives`` / ``import_objectives`` (CSV, through the importer);
- for the pages, imported on first use (``smart.lazy``): the form's choices and date parsing (model.py), the pace
  paths and first measured day (pace.py), each objective's standing for a scope (standing.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from smart.lazy import lazy_exports
from smart.objectives.csv import HEADER as CSV_HEADER
from smart.objectives.csv import export_objectives, import_objectives
from smart.objectives.model import (
    CHECKPOINT_GRAINS,
    DIRECTIONS,
    OBJECTIVE_GRAINS,
    SCOPE_TYPES,
    TARGET_MODES,
    Objective,
    ObjectiveError,
    Resolution,
    baseline_window,
    checkpoints,
    grain_periods,
    months_in,
    parse_typed_date,
    resolve,
)
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
    from smart.objectives.pace import STATUSES, Progress, first_measured_day, pace_paths, progress
    from smart.objectives.standing import objective_for_scope, objectives_progress

# checker, pace and standing import pandas: each is imported when one of its names is first read (smart/lazy.py), so
# that listing objectives starts at once.
_LAZY_EXPORTS = {
    "checker": ("CheckReport", "LetterCheck", "check"),
    "pace": ("STATUSES", "Progress", "first_measured_day", "pace_paths", "progress"),
    "standing": ("objective_for_scope", "objectives_progress"),
}
__getattr__ = lazy_exports(__name__, _LAZY_EXPORTS)

__all__ = [
    "CSV_HEADER", "STATUSES", "CheckReport", "LetterCheck", "Objective", "ObjectiveError", "Progress", "Resolution",
    "add_action", "add_proposed_actions", "archive_objective", "cascade_mismatch", "check", "checkpoints",
    "create_objective", "export_objectives", "get_objective", "import_objectives", "list_actions",
    "list_objectives", "progress", "proposed_action_keys", "resolve", "resolved_targets", "revise_objective",
    "revisions", "target_history", "update_action",
]
__all__ += ["CHECKPOINT_GRAINS", "DIRECTIONS", "OBJECTIVE_GRAINS", "SCOPE_TYPES", "TARGET_MODES", "baseline_window",
    "first_measured_day", "grain_periods", "months_in", "objective_for_scope", "objectives_progress", "pace_paths",
    "parse_typed_date"]
