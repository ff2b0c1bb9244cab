"""The figures of a weekly review: everything its slides show, computed once, as a JSON-ready snapshot.

The snapshot holds numbers and codes, not formatted text, so that a past review reopens in either language;
it also carries the KPI labels, so that it does not depend on the catalogue of a later version.

A review is computed for a viewer's ``scope`` (``smart.access``): a rep's review holds only their objectives,
deals, signals and actions, a team manager's their team's; its ``scope`` entry says which (``Scope.key``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from smart.analytics import Filters, get_kpi, kpi_total_by
from smart.analytics.catalogue import REVIEW_REP_KPIS
from smart.analytics.deals import pushed_close_dates
from smart.analytics.filters import EVERYTHING, Scope
from smart.analytics.periods import span_and_year_before
from smart.analytics.team import team_table
from smart.analytics.variance import control_signals
from smart.currency import reporting_currency
from smart.jsonable import json_records as records
from smart.objectives import Objective, list_actions, list_objectives, progress
from smart.objectives.pace import pace_paths
from smart.objectives.store import objectives_scope_sql
from smart.review import notes, signals
from smart.review.bridge import objective_bridge
from smart.storage import Store

SNAPSHOT_VERSION = 1
ACTIONS_DUE_DAYS = 7
OPEN_ACTION_STATUSES = ("open", "in_progress")


def build_review(store: Store, review_on: dt.date, scope: Scope = EVERYTHING) -> dict[str, Any]:
    """Compute the review of ``review_on`` for ``scope`` and compare it with the last review of that scope kept
    before that date."""
    previous = notes.previous_review(store, review_on, scope)
    objectives = [_objective_figures(store, objective, review_on)
                  for objective in running_objectives(store, review_on, scope)]
    p75, p90 = signals.cycle_thresholds(store, review_on, scope)
    pushed = records(pushed_close_dates(store, Filters(scope=scope)))
    figures: dict[str, Any] = {
        "version": SNAPSHOT_VERSION,
        "review_on": review_on.isoformat(),
        "currency": reporting_currency(store),
        "scope": scope.key(),
        "previous_on": previous["review_on"] if previous else None,
        "objectives": objectives,
        "signals": {
            "weak": weak_signals(store, review_on, scope),
            "pushed": pushed[:signals.MAX_ROWS],
            "pushes": {deal_key(deal): deal["pushes"] for deal in pushed},
            "stalled": records(signals.stalled_deals(store, review_on, p75, p90, scope=scope)),
            "cycle_p75": p75,
            "cycle_p90": p90,
        },
        "reps": rep_highlights(store, review_on, scope),
        "actions_due": actions_due(store, review_on, scope),
        "decisions_to_follow": [{"review_on": note.review_on.isoformat(), "body": note.body,
                                 "objective_id": note.objective_id}
                                for note in notes.decisions_before(store, review_on, scope)],
    }
    figures["kpi_labels"] = {kpi_id: get_kpi(kpi_id, store).labels for kpi_id in
                             {signal["kpi"] for signal in figures["signals"]["weak"]}}
    figures["changes"] = changes_since(previous, figures, pushed)
    return figures


def running_objectives(store: Store, review_on: dt.date, scope: Scope = EVERYTHING) -> list[Objective]:
    """The objectives of ``scope`` not archived whose window has started by the review date: running ones first
    (by deadline), then the finished ones."""
    started = [objective for objective in list_objectives(store, scope=scope) if objective.window[0] <= review_on]
    return sorted(started, key=lambda objective: (objective.window[1] < review_on, objective.window[1], objective.id))


def _objective_figures(store: Store, objective: Objective, review_on: dt.date) -> dict[str, Any]:
    kpi = get_kpi(objective.kpi, store)
    result = progress(store, objective, review_on)
    return {
        "id": objective.id,
        "title": objective.title,
        "kpi": kpi.id,
        "kpi_labels": kpi.labels,
        "unit": kpi.unit,
        "additive": kpi.additive,
        "sign": result.sign,
        "scope_type": objective.scope_type,
        "scope_value": objective.scope_value,
        "owner": objective.owner,
        "start_on": objective.window[0].isoformat(),
        "deadline": objective.window[1].isoformat(),
        "actual": result.actual,
        "expected": result.expected,
        "target": result.target,
        "baseline": result.baseline,
        "projection": result.projection,
        "band_low": result.band_low,
        "band_high": result.band_high,
        "probability": result.probability,
        "status": result.status,
        "elapsed": result.elapsed_share,
        "pace": records(pace_paths(store, objective, result)),
        "bridge": objective_bridge(store, objective, result),
        "actions": records(list_actions(store, objective.id, open_only=True)[["id", "title", "owner", "due_on",
                                                                               "status"]]),
    }


def weak_signals(store: Store, review_on: dt.date, scope: Scope = EVERYTHING) -> list[dict[str, Any]]:
    """The control-limit signals of the company, then of each team (``team`` None for the company): of what
    ``scope`` sees (a team manager's team alone; a rep's own figures, ``team`` None)."""
    teams = [row[0] for row in store.rows("SELECT DISTINCT team FROM reps WHERE team IS NOT NULL ORDER BY team")]
    if scope.teams is not None:
        groups = [team for team in teams if team in scope.teams]
    else:
        groups = [None, *teams] if scope.unrestricted else [None]
    found = []
    for team in groups:
        filters = Filters(teams=(team,) if team else (), scope=scope)
        frame = control_signals(store, filters, review_on)
        found += [{**row, "team": team} for row in records(frame)]
    return found


def actions_due(store: Store, review_on: dt.date, scope: Scope = EVERYTHING) -> list[dict[str, Any]]:
    """Open actions due by a week after the review (overdue ones included), soonest first: those of the
    objectives ``scope`` sees (an action of no objective is the company's)."""
    seen, seen_params = objectives_scope_sql(scope)
    visible = "TRUE" if scope.unrestricted else f"a.objective_id IN (SELECT id FROM objectives WHERE {seen})"
    return records(store.df(
        f"""SELECT a.id, a.title, a.owner, a.due_on, a.status, a.objective_id, o.title AS objective,
                   a.due_on < ? AS overdue
            FROM actions a LEFT JOIN objectives o ON o.id = a.objective_id
            WHERE a.status IN ({', '.join('?' * len(OPEN_ACTION_STATUSES))}) AND a.due_on <= ? AND {visible}
            ORDER BY a.due_on, a.id""",
        [review_on, *OPEN_ACTION_STATUSES, review_on + dt.timedelta(days=ACTIONS_DUE_DAYS),
         *([] if scope.unrestricted else seen_params)],
    ))


def rep_highlights(store: Store, review_on: dt.date, scope: Scope = EVERYTHING) -> list[dict[str, Any]]:
    """Each rep's year to date (revenue, deals won, win rate) and the revenue of the same span last year; the
    reps are those of the Team page's table (the reps table and the deals' owners) that ``scope`` sees, with
    revenue either year."""
    now, then = span_and_year_before(Filters(scope=scope), dt.date(review_on.year, 1, 1), review_on)
    frame = team_table(store, now, review_on, kpis=REVIEW_REP_KPIS)[["owner", "team", *REVIEW_REP_KPIS]]
    last_year = kpi_total_by(store, "revenue", then, by="owner", today=review_on)[["owner", "value"]]
    frame = frame.merge(last_year.rename(columns={"value": "revenue_last_year"}), on="owner", how="left")
    frame["revenue_last_year"] = frame["revenue_last_year"].fillna(0.0)
    frame = frame[(frame["revenue"] > 0) | (frame["revenue_last_year"] > 0)]
    return records(frame.sort_values(["revenue", "owner"], ascending=[False, True]))


def changes_since(previous: dict[str, Any] | None, figures: dict[str, Any],
                  pushed: list[dict[str, Any]]) -> dict[str, Any] | None:
    """What moved since the last review kept: each objective's figures then, the deals pushed since (of all the
    ``pushed`` deals, those pushed more times than then, whether shown in the table or not), the weak signals
    that are new."""
    if previous is None:
        return None
    before = {objective["id"]: objective for objective in previous.get("objectives", [])}
    objectives = {
        str(objective["id"]): {key: before[objective["id"]].get(key)
                               for key in ("actual", "expected", "projection", "probability", "status")}
        for objective in figures["objectives"] if objective["id"] in before
    }
    signals_before = {(signal["kpi"], signal["team"]) for signal in previous.get("signals", {}).get("weak", [])}
    reps_before = {rep["owner"]: rep.get("revenue") for rep in previous.get("reps", [])}
    return {
        "previous_on": previous["review_on"],
        "objectives": objectives,
        "new_pushed": pushed_since(previous, pushed),
        "new_signals": [[signal["kpi"], signal["team"]] for signal in figures["signals"]["weak"]
                        if (signal["kpi"], signal["team"]) not in signals_before],
        "reps": reps_before,
    }


def pushes_of(figures: dict[str, Any]) -> dict[str, int]:
    """How many times each open deal was pushed, by ``deal_key``; a snapshot kept before the review stored every
    pushed deal has only the deals its table showed."""
    found = figures.get("signals", {})
    return found.get("pushes") or {deal_key(deal): deal["pushes"] for deal in found.get("pushed", [])}


def pushed_since(previous: dict[str, Any], pushed: list[dict[str, Any]]) -> list[str]:
    """The keys of the ``pushed`` deals pushed more times than in the ``previous`` review. A review kept before
    deals carried their CRM key counted them by title, account and first close date: they are matched so."""
    before = pushes_of(previous)
    by_title = any("crm_id" not in deal for deal in previous.get("signals", {}).get("pushed", []))
    return [deal_key(deal) for deal in pushed
            if deal["pushes"] > before.get(_title_key(deal) if by_title else deal_key(deal), 0)]


def deal_key(deal: dict[str, Any]) -> str:
    """A pushed deal's key: its source and CRM id; a review kept before they were stored has only its title,
    account and first close date, which two deals may share."""
    if deal.get("crm_id") is not None:
        return f"{deal.get('source')}|{deal['crm_id']}"
    return _title_key(deal)


def _title_key(deal: dict[str, Any]) -> str:
    return f"{deal.get('title')}|{deal.get('account')}|{deal.get('first_close_on')}"


