"""The one way the global filters become SQL: ``filters_sql`` wraps a query's facts (a SELECT with a date column
``d`` and dimension columns) with the period, the chosen dimensions and the viewer's scope.

It sits apart from ``filters.py``, which the currency and coverage modules import below the catalogue, because it
reads the catalogue's record queries (the reps' team join it leaves out when nothing needs it).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from smart.analytics.catalogue import DIMENSIONS, WITHOUT_TEAM
from smart.analytics.filters import Filters, dimension_conditions


def filters_sql(facts: str, filters: Filters, *, dimensions: Collection[str] = DIMENSIONS,
                params: Sequence[object] = (), dated: bool = True,
                grouped_by: str | None = None) -> tuple[str, list[object]]:
    """``facts`` (a SELECT with a date column ``d`` and the dimension columns it has, ``dimensions``; ``params``
    its own values) with the global filters applied: the period on ``d``, the chosen teams, reps, sources and
    pipelines on the dimensions the facts have, and the viewer's scope (``dimension_conditions``). Returns the SQL
    and its values, in order.

    ``dated``: keep only the facts with a date, even without a period (``False`` keeps undated facts when no period
    is chosen). ``grouped_by``: the grouping the caller will apply (``team`` keeps the reps' team). When neither a
    filter, the scope nor the grouping needs the team, the catalogue's join to the reps is swapped for its cheaper
    form without it (``WITHOUT_TEAM``): the join costs a third of a query on millions of rows.
    """
    where = ["d IS NOT NULL"] if dated else ["TRUE"]
    values: list[object] = list(params)
    if filters.start is not None:
        where.append("d >= ?")
        values.append(filters.start)
    if filters.end is not None:
        where.append("d <= ?")
        values.append(filters.end)
    conditions, condition_values = dimension_conditions(filters, dimensions)
    if not filters.teams and filters.scope.teams is None and grouped_by != "team":
        for with_team, without_team in WITHOUT_TEAM.items():
            facts = facts.replace(with_team, without_team)
    return f"SELECT * FROM ({facts}) f WHERE {' AND '.join([*where, *conditions])}", [*values, *condition_values]
