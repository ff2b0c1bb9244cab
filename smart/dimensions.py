"""The values the global filters offer (teams, reps and lead sources present in the data), and how a value of a
dimension reads on a page, a missing one included."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from smart.i18n import Translator
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
    return [value_label(t, dimension, value) for value in values]
