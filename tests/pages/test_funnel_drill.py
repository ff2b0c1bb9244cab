"""A funnel bar's drill-down lists exactly the deals the bar counts: created in the range, reached the stage."""

from __future__ import annotations

import pandas as pd

from smart.analytics import Filters, funnel
from smart.analytics.deals import drill_deals
from smart.storage import Store


def test_each_funnel_bar_drills_down_to_the_deals_it_counts(demo_store: Store) -> None:
    filters = Filters(start=pd.Timestamp("2026-01-01").date(), end=pd.Timestamp("2026-12-31").date(),
                      teams=("PME",))
    stages = funnel(demo_store, filters)
    for row in stages.itertuples():
        frame, total = drill_deals(demo_store, filters, (("reached", row.funnel_order),),
                                         date_column="created_on", limit=10_000)
        assert total == row.deals == len(frame), row.stage
        assert set(frame["team"]) <= {"PME"}


def test_reached_follows_snapshots_and_outcomes(demo_store: Store) -> None:
    deals = demo_store.df("SELECT source, crm_id, stage, status FROM deals")
    snapshots = demo_store.df("SELECT source, crm_id, stage FROM deal_history")
    order = demo_store.df("SELECT raw_stage AS stage, funnel_order FROM stage_map WHERE status IN ('open', 'won')")
    top, first = order["funnel_order"].max(), order["funnel_order"].min()
    seen = pd.concat([deals[["source", "crm_id", "stage"]], snapshots]).merge(order, on="stage", how="left")
    furthest = seen.groupby(["source", "crm_id"])["funnel_order"].max()
    expected = deals.set_index(["source", "crm_id"]).join(furthest.rename("furthest"))
    expected["reached"] = expected["furthest"].fillna(first).where(expected["status"] != "won", top)
    for level in sorted(order["funnel_order"]):
        _frame, total = drill_deals(demo_store, Filters(), (("reached", level),), date_column="created_on",
                                          limit=1)
        assert total == int((expected["reached"] >= level).sum()), level
