"""The values the global filters offer: teams, reps and lead sources present in the data, as far as the viewer's scope
lets them through (a rep is offered their own names only, a team's manager their team and its reps)."""

from __future__ import annotations

from smart.analytics.filters import EVERYTHING, Scope, scope_conditions, scoped_records_sql
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
