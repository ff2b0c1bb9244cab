"""Objectives in the database: create, revise (with a reason, every change kept), archive (never delete),
action plans, proposed actions, and the company -> team -> rep cascade with its roll-up.

Every write takes its ``actor`` (``smart.access.User``; the command line and scripts act as ``LOCAL_ADMIN``),
refuses what their role and team do not allow (``AccessDeniedError``) and records who made it. Listing takes the
viewer's ``scope``: a rep sees their own objectives, a team's manager those of their team and its reps.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from smart.access import LOCAL_ADMIN, User, require_objective_scope
from smart.analytics import get_kpi
from smart.analytics.filters import EVERYTHING, Scope, scoped_targets_sql
from smart.objectives.model import (
    Objective,
    ObjectiveError,
    resolve,
    resolve_target,
    unresolved_target_problem,
    validate,
)
from smart.storage import Store

if TYPE_CHECKING:
    import pandas as pd

COLUMNS = ("title", "kpi", "scope_type", "scope_value", "direction", "target_mode", "target_input", "statistic",
           "grain", "start_on", "deadline", "owner", "theme", "parent_id", "checkpoint_grain", "expected_path",
           "baseline_input")
# The fields a target is resolved from: a revision of one of them must leave a target that resolves.
TARGET_FIELDS = frozenset({"kpi", "scope_type", "scope_value", "direction", "target_mode", "target_input",
                           "statistic", "grain", "start_on", "deadline", "baseline_input"})
REVISABLE = COLUMNS
ACTION_STATUSES = ("open", "in_progress", "done", "dropped")
CASCADE_TOLERANCE = 0.01
# Corrective actions proposed when an objective turns at risk, by KPI (i18n keys of smart/i18n/messages_objectives).
PROPOSALS: dict[str, tuple[str, ...]] = {
    "revenue": ("objectives.propose.pipeline_review", "objectives.propose.upsell", "objectives.propose.stalled"),
    "deals_won": ("objectives.propose.pipeline_review", "objectives.propose.stalled"),
    "new_customers": ("objectives.propose.pipeline_review", "objectives.propose.prospecting"),
    "qualified_leads": ("objectives.propose.campaign", "objectives.propose.prospecting"),
    "leads_created": ("objectives.propose.campaign", "objectives.propose.prospecting"),
    "lead_conversion_rate": ("objectives.propose.follow_up", "objectives.propose.qualification"),
    "lead_conversion_cohort": ("objectives.propose.follow_up", "objectives.propose.qualification"),
    "win_rate": ("objectives.propose.qualification", "objectives.propose.coaching"),
    "sales_cycle_days": ("objectives.propose.stalled", "objectives.propose.decision_makers"),
}
DEFAULT_PROPOSALS = ("objectives.propose.coaching", "objectives.propose.review_weekly")


def _objective_from_row(row: dict[str, Any]) -> Objective:
    """An objective from its row as DuckDB returns it in Python values (NULL as None, DATE as a date)."""
    parent = row["parent_id"]
    return Objective(
        title=str(row["title"]), kpi=str(row["kpi"]),
        target_input=None if row["target_input"] is None else float(row["target_input"]),
        start_on=row["start_on"], deadline=row["deadline"], direction=str(row["direction"]),
        target_mode=str(row["target_mode"]), scope_type=str(row["scope_type"]), scope_value=row["scope_value"],
        statistic=row["statistic"], grain=str(row["grain"]), owner=row["owner"], theme=row["theme"],
        parent_id=None if parent is None else int(parent),
        checkpoint_grain=str(row["checkpoint_grain"]), expected_path=str(row["expected_path"] or "history"),
        baseline_input=None if row["baseline_input"] is None else float(row["baseline_input"]),
        id=int(row["id"]), source=str(row["source"]), archived_at=row["archived_at"],
    )


# What an Objective holds, read as Python values: listing objectives needs no pandas (`python -m smart objectives`).
_READ_COLUMNS = ("id", *COLUMNS, "source", "archived_at")


def _objectives_where(store: Store, where: str, params: list[object] | None = None) -> list[Objective]:
    rows = store.rows(f"SELECT {', '.join(_READ_COLUMNS)} FROM objectives {where} ORDER BY id", params)
    return [_objective_from_row(dict(zip(_READ_COLUMNS, row, strict=True))) for row in rows]


def objectives_scope_sql(scope: Scope) -> tuple[str, list[object]]:
    """The condition on ``objectives`` rows that ``scope`` may see (``scoped_targets_sql``)."""
    return scoped_targets_sql(scope, "scope_type", "scope_value", "rep", "team")


def list_objectives(store: Store, *, include_archived: bool = False, scope: Scope = EVERYTHING) -> list[Objective]:
    """The objectives (not archived, unless asked) that ``scope`` may see, by id."""
    seen, params = objectives_scope_sql(scope)
    archived = "" if include_archived else "AND archived_at IS NULL"
    return _objectives_where(store, f"WHERE {seen} {archived}", params)


def get_objective(store: Store, objective_id: int) -> Objective:
    """The objective ``objective_id``, archived or not; ObjectiveError when there is none."""
    found = _objectives_where(store, "WHERE id = ?", [objective_id])
    if not found:
        raise ObjectiveError(f"there is no objective {objective_id}")
    return found[0]


def _values(objective: Objective) -> list[object]:
    return [getattr(objective, column) for column in COLUMNS]


def _require_writer(store: Store, actor: User, objective: Objective) -> None:
    require_objective_scope(store, actor, objective.scope_type, objective.scope_value)


def create_objective(store: Store, objective: Objective, *, actor: User = LOCAL_ADMIN) -> int:
    """Store a new objective after validating it; return its id. An objective whose target cannot be resolved
    (no data in its baseline period and no baseline typed, a % of a zero baseline) is refused."""
    _require_writer(store, actor, objective)
    validate(objective, store)
    if objective.parent_id is not None:
        get_objective(store, objective.parent_id)
    problem = unresolved_target_problem(store, objective)
    if problem:
        raise ObjectiveError(problem)
    placeholders = ", ".join("?" * (len(COLUMNS) + 2))
    with store.transaction() as tx:
        return int(tx.execute(
            f"INSERT INTO objectives ({', '.join(COLUMNS)}, source, created_by) VALUES ({placeholders}) RETURNING id",
            [*_values(objective), objective.source, actor.email],
        ).fetchall()[0][0])


def _as_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def revise_objective(store: Store, objective_id: int, reason: str, *, actor: User = LOCAL_ADMIN,
                     **changes: object) -> list[str]:
    """Change some fields of an objective, one revision row per changed field with the reason and who made it;
    return the fields that changed. A revision without a reason, or of an archived objective, is refused, and so
    is one that moves the objective out of the actor's team."""
    if not (reason or "").strip():
        raise ObjectiveError("a revision needs a reason: say why the target, deadline or scope changes")
    unknown = sorted(set(changes) - set(REVISABLE))
    if unknown:
        raise ObjectiveError(f"these fields cannot be revised: {', '.join(unknown)}")
    current = get_objective(store, objective_id)
    _require_writer(store, actor, current)
    if current.archived_at is not None:
        raise ObjectiveError(f"objective {objective_id} is archived; it can no longer be revised")
    revised = current.with_changes(**changes)
    _require_writer(store, actor, revised)
    validate(revised, store)
    changed = [name for name in changes if getattr(current, name) != getattr(revised, name)]
    if not changed:
        return []
    problem = unresolved_target_problem(store, revised) if TARGET_FIELDS.intersection(changed) else None
    if problem:
        raise ObjectiveError(problem)
    with store.transaction() as tx:
        tx.execute(f"UPDATE objectives SET {', '.join(f'{name} = ?' for name in changed)} WHERE id = ?",
                   [*(getattr(revised, name) for name in changed), objective_id])
        tx.executemany(
            "INSERT INTO objective_revisions (objective_id, field, old_value, new_value, reason, revised_by) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(objective_id, name, _as_text(getattr(current, name)), _as_text(getattr(revised, name)), reason.strip(),
              actor.email) for name in changed],
        )
    return changed


def archive_objective(store: Store, objective_id: int, reason: str = "", *, actor: User = LOCAL_ADMIN) -> None:
    """Archive (never delete) an objective; the archiving is kept in its revision history, with who did it."""
    current = get_objective(store, objective_id)
    _require_writer(store, actor, current)
    if current.archived_at is not None:
        raise ObjectiveError(f"objective {objective_id} is already archived")
    with store.transaction() as tx:
        tx.execute("UPDATE objectives SET archived_at = current_timestamp WHERE id = ?", [objective_id])
        tx.execute(
            "INSERT INTO objective_revisions (objective_id, field, old_value, new_value, reason, revised_by) "
            "VALUES (?, 'archived', NULL, 'archived', ?, ?)",
            [objective_id, reason.strip() or "archived", actor.email],
        )


def revisions(store: Store, objective_id: int) -> pd.DataFrame:
    """The objective's full history of changes, oldest first, with who made each (``revised_by``)."""
    return store.df(
        "SELECT id, revised_at, field, old_value, new_value, reason, revised_by FROM objective_revisions "
        "WHERE objective_id = ? ORDER BY revised_at, id", [objective_id])


def target_history(store: Store, objective: Objective) -> list[tuple[dt.datetime | None, float]]:
    """The stated target inputs over time: the original first (time None), then each revision's new value."""
    rows = store.rows(
        "SELECT revised_at, old_value, new_value FROM objective_revisions "
        "WHERE objective_id = ? AND field = 'target_input' ORDER BY revised_at, id", [objective.id])
    if not rows:
        return [(None, objective.target_input)] if objective.target_input is not None else []
    history: list[tuple[dt.datetime | None, float]] = [(None, float(rows[0][1]))]
    history += [(revised_at, float(new)) for revised_at, _old, new in rows]
    return history


def resolved_targets(store: Store, objective: Objective, baseline: float | None) -> list[tuple[str, float]]:
    """The targets the objective has had, in the KPI's unit against ``baseline`` (the objective's resolved
    baseline, which no target revision moves): ``("original", value)`` for each earlier target, ``("current",
    value)`` for the one in force; a target that cannot be resolved is left out."""
    kpi = get_kpi(objective.kpi, store)
    history = target_history(store, objective)
    targets = []
    for index, (_when, stated) in enumerate(history):
        resolved = resolve_target(kpi, objective.with_changes(target_input=stated), baseline)
        if resolved is not None:
            targets.append(("current" if index == len(history) - 1 else "original", resolved))
    return targets


_INSERT_ACTION = ("INSERT INTO actions (objective_id, title, owner, due_on, status, source, created_by) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id")


def _action_title(title: str) -> str:
    if not (title or "").strip():
        raise ObjectiveError("an action needs a description of what is to be done")
    return title.strip()


def _require_action_writer(store: Store, actor: User, objective_id: int | None) -> None:
    """An action of an objective is written by whoever may write that objective; one of no objective belongs to
    the whole company."""
    if objective_id is None:
        require_objective_scope(store, actor, "company", None)
    else:
        _require_writer(store, actor, get_objective(store, objective_id))


def add_action(store: Store, objective_id: int | None, title: str, owner: str | None = None,
               due_on: dt.date | None = None, status: str = "open", source: str = "user", *,
               actor: User = LOCAL_ADMIN) -> int:
    """Add a corrective action (what, who, by when) to an objective, recording who added it."""
    title = _action_title(title)
    if status not in ACTION_STATUSES:
        raise ObjectiveError(f"action status {status!r} is not one of {', '.join(ACTION_STATUSES)}")
    _require_action_writer(store, actor, objective_id)
    with store.transaction() as tx:
        return int(tx.execute(_INSERT_ACTION, [objective_id, title, owner or None, due_on, status, source,
                                               actor.email]).fetchall()[0][0])


def update_action(store: Store, action_id: int, *, actor: User = LOCAL_ADMIN, **changes: object) -> None:
    """Change an action's title, owner, due date or status, recording who and when; closing it (done, dropped)
    stamps ``closed_at``."""
    allowed = {"title", "owner", "due_on", "status"}
    unknown = sorted(set(changes) - allowed)
    if unknown:
        raise ObjectiveError(f"these action fields cannot be changed: {', '.join(unknown)}")
    if "status" in changes and changes["status"] not in ACTION_STATUSES:
        raise ObjectiveError(f"action status {changes['status']!r} is not one of {', '.join(ACTION_STATUSES)}")
    found = store.rows("SELECT objective_id FROM actions WHERE id = ?", [action_id])
    if not found:
        raise ObjectiveError(f"there is no action {action_id}")
    _require_action_writer(store, actor, found[0][0])
    if not changes:
        return
    sets = [f"{name} = ?" for name in changes] + ["updated_at = current_timestamp", "updated_by = ?"]
    params = [*changes.values(), actor.email]
    if "status" in changes:
        sets.append("closed_at = CASE WHEN ? IN ('done', 'dropped') THEN current_timestamp ELSE NULL END")
        params.append(changes["status"])
    with store.transaction() as tx:
        tx.execute(f"UPDATE actions SET {', '.join(sets)} WHERE id = ?", [*params, action_id])


def list_actions(store: Store, objective_id: int | None = None, *, open_only: bool = False) -> pd.DataFrame:
    """Actions, soonest due first, with who added and last changed them; with ``open_only``, those still open or
    in progress (the weekly review's)."""
    where, params = [], []
    if objective_id is not None:
        where.append("objective_id = ?")
        params.append(objective_id)
    if open_only:
        where.append("status IN ('open', 'in_progress')")
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    return store.df(f"SELECT id, objective_id, title, owner, due_on, status, source, created_at, closed_at, "
                    f"created_by, updated_at, updated_by FROM actions {clause} ORDER BY due_on NULLS LAST, id", params)


def proposed_action_keys(objective: Objective, status: str) -> tuple[str, ...]:
    """The i18n keys of the actions to propose: none unless the objective is at risk or off track."""
    if status not in ("at_risk", "off_track"):
        return ()
    return PROPOSALS.get(objective.kpi, DEFAULT_PROPOSALS)


def add_proposed_actions(store: Store, objective: Objective, status: str, titles: list[str],
                         due_on: dt.date | None = None, *, actor: User = LOCAL_ADMIN) -> list[int]:
    """Record the proposed actions (``source = 'proposed'``) once, all in one transaction: nothing when the
    objective is not at risk or when open proposals already exist for it."""
    if status not in ("at_risk", "off_track") or objective.id is None:
        return []
    _require_writer(store, actor, get_objective(store, objective.id))
    rows = [[objective.id, _action_title(title), objective.owner or None, due_on, "open", "proposed", actor.email]
            for title in titles]
    with store.transaction() as tx:
        existing = tx.execute("SELECT count(*) FROM actions WHERE objective_id = ? AND source = 'proposed' "
                              "AND status IN ('open', 'in_progress')", [objective.id]).fetchall()[0][0]
        if existing:
            return []
        return [int(tx.execute(_INSERT_ACTION, row).fetchall()[0][0]) for row in rows]


def children(store: Store, parent_id: int) -> list[Objective]:
    """The objectives not archived that cascade from ``parent_id``."""
    return _objectives_where(store, "WHERE archived_at IS NULL AND parent_id = ?", [parent_id])


def cascade_mismatch(store: Store, parent_id: int, today: dt.date | None = None) -> tuple[float, float] | None:
    """(sum of the children's targets, parent's target) when the children of an additive KPI, on the parent's
    KPI, do not add up to the parent's target (beyond 1 %); None when they do or it does not apply."""
    parent = get_objective(store, parent_id)
    kpi = get_kpi(parent.kpi, store)
    if not kpi.additive:
        return None
    targets = [resolve(store, child, today).target for child in children(store, parent_id) if child.kpi == parent.kpi]
    expected = resolve(store, parent, today).target
    given = [target for target in targets if target is not None]
    if not targets or expected is None or len(given) < len(targets):
        return None
    total, expected = float(sum(given)), float(expected)
    if abs(total - expected) <= CASCADE_TOLERANCE * abs(expected):
        return None
    return total, expected
