"""The values the global filters offer: teams, reps and lead sources present in the data."""

from __future__ import annotations

from smart.storage import Store


def filter_options(store: Store) -> dict[str, list[str]]:
    """Distinct teams, owners and lead sources, sorted, for the sidebar's choices."""
    teams = store.rows("SELECT DISTINCT team FROM reps WHERE team IS NOT NULL ORDER BY team")
    owners = store.rows(
        "SELECT owner FROM (SELECT owner FROM deals UNION SELECT owner FROM leads) WHERE owner IS NOT NULL "
        "ORDER BY owner"
    )
    sources = store.rows(
        "SELECT lead_source FROM (SELECT lead_source FROM deals UNION SELECT lead_source FROM leads) "
        "WHERE lead_source IS NOT NULL ORDER BY lead_source"
    )
    return {
        "team": [row[0] for row in teams],
        "owner": [row[0] for row in owners],
        "source": [row[0] for row in sources],
    }
