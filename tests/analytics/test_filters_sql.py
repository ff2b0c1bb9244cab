"""The one way the global filters become SQL (``facts.filters_sql``), and composite KPIs declared once."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from smart.analytics import CATALOGUE, Filters
from smart.analytics.catalogue import DEALS_WITH_TEAM, LEAD_DIMENSIONS
from smart.analytics.composite import COMPOSITES
from smart.analytics.facts import filters_sql
from smart.analytics.filters import Scope
from tests.analytics.conftest import build_store

D = dt.date
# Three deals: ana's (North) created 5 Jan, bob's (South) created 5 Feb, and one of bob's without a creation date.
DEALS = pd.DataFrame({"source": "crm", "crm_id": ["a", "b", "c"], "owner": ["ana", "bob", "bob"],
                      "pipeline": ["P", "Q", "P"], "status": "open", "amount": [1.0, 2.0, 4.0],
                      "created_on": [D(2026, 1, 5), D(2026, 2, 5), None]})
REPS = pd.DataFrame({"owner": ["ana", "bob"], "team": ["North", "South"]})
CREATED = f"SELECT *, created_on AS d FROM ({DEALS_WITH_TEAM})"


def kept(filters: Filters, **options: object) -> list[str]:
    store = build_store(deals=DEALS, reps=REPS)
    sql, params = filters_sql(CREATED, filters, **options)
    return sorted(row[0] for row in store.rows(f"SELECT crm_id FROM ({sql})", params))


def test_the_period_and_the_undated_facts() -> None:
    assert kept(Filters()) == ["a", "b"]  # dated facts only, by default
    assert kept(Filters(), dated=False) == ["a", "b", "c"]
    assert kept(Filters(D(2026, 2, 1), D(2026, 2, 28)), dated=False) == ["b"]  # a period leaves the undated out
    assert kept(Filters(end=D(2026, 1, 31))) == ["a"]


def test_the_dimensions_the_team_and_the_scope() -> None:
    assert kept(Filters(pipelines=("P",)), dated=False) == ["a", "c"]
    assert kept(Filters(teams=("South",)), dated=False) == ["b", "c"]
    assert kept(Filters(scope=Scope(owners=("ana",))), dated=False) == ["a"]
    assert kept(Filters(scope=Scope(teams=("South",))), dated=False) == ["b", "c"]
    # Facts without a pipeline column are not filtered on it, but a scope on a column they lack keeps none.
    assert kept(Filters(pipelines=("Q",)), dated=False, dimensions=LEAD_DIMENSIONS) == ["a", "b", "c"]
    assert kept(Filters(scope=Scope(owners=("ana",))), dated=False, dimensions=("pipeline",)) == []


def test_the_reps_team_is_joined_only_when_something_needs_it() -> None:
    plain, _ = filters_sql(CREATED, Filters())
    grouped, _ = filters_sql(CREATED, Filters(), grouped_by="team")
    filtered, _ = filters_sql(CREATED, Filters(teams=("North",)))
    assert "JOIN reps" not in plain
    assert "JOIN reps" in grouped and "JOIN reps" in filtered


def test_every_composite_kpi_of_the_catalogue_says_how_it_is_computed() -> None:
    composites = {kpi.id for kpi in CATALOGUE.values() if kpi.kind == "composite"}
    assert composites == set(COMPOSITES) == {"sales_velocity", "pipeline_coverage"}
    for composite in COMPOSITES.values():
        assert composite.amounts and set(composite.amounts) <= set(CATALOGUE)
