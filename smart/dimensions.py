"""The values the global filters offer: teams, reps and lead sources present in the data, as far as the viewer's scope
lets them through (a rep is offered their own names only, a team's manager their team and its reps); and how a value
of a dimension reads on a page, a missing one included."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from smart.analytics.filters import EVERYTHING, Scope, scope_conditions, scoped_records_sql
from smart.i18n import Translator
from smart.storage import Store


def filter_options(store: Store, scope: Scope = EVERYTHING) -> dict[str, list[str]]:
    """Distinct teams, owners and lead sources, sorted, for the sidebar's choices."""
    deals, deal_params = scoped_records_sql("deals", scope)
    leads, lead_params = scoped_records_sql("leads", scope)
    records = f"SELECT owner, lead_source FROM ({deals}) UNION ALL SELECT owner, lead_source FROM ({leads})"
    params = [*deal_params, *lead_params]
    rep_conditions, rep_params = scope_conditions(scope, ("owner", "team"))
    team_where = " AND ".join(["team IS NOT NULL", *rep_conditions])
    teams = store.rows(f"SELECT DISTINCT team FROM reps WHERE {team_where} ORDER BY team", rep_params)
    owners = store.rows(f"SELECT DISTINCT owner FROM ({records}) WHERE owner IS NOT NULL ORDER BY owner", params)
    sources = store.rows(f"SELECT DISTINCT lead_source FROM ({records}) WHERE lead_source IS NOT NULL "
                         "ORDER BY lead_source", params)
    return {
        "team": [row[0] for row in teams],
        "owner": [row[0] for row in owners],
        "source": [row[0] for row in sources],
    }


# The dimensions a page splits by, under their column's name or their split's code, and the message that names a
# missing value of each ("No rep", "Sans équipe"...).
MISSING_LABELS = {"owner": "dimension.missing.owner", "team": "dimension.missing.team",
                  "lead_source": "dimension.missing.lead_source", "source": "dimension.missing.lead_source",
                  "stage": "dimension.missing.stage", "product": "dimension.missing.product",
                  "pipeline": "dimension.missing.pipeline"}


def is_missing(value: object) -> bool:
    """Whether a dimension's value is missing: None, NaN or pandas' NA (never a name such as "None" or "")."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def value_label(t: Translator, dimension: str, value: object) -> str:
    """How a team, rep, lead source, stage, product or pipeline reads on a page: its name as it is, or "No rep",
    "No team"... when the data has none (a deal without an owner is a row of its own, never "0", "None" or "nan")."""
    if is_missing(value):
        return t(MISSING_LABELS[dimension])
    return str(value)


def value_labels(t: Translator, dimension: str, values: Iterable[object]) -> list[str]:
    """``value_label`` of each value: the words for a missing one, the value itself otherwise."""
    return [value_label(t, dimension, value) for value in values]
