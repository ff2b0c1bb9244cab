"""The Team page's table: one row per rep with the catalogue's team KPIs (``catalogue.TEAM_KPIS``)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from smart.analytics.catalogue import TEAM_KPIS
from smart.analytics.engine import get_kpi, kpi_total_by
from smart.analytics.filters import Filters, dimension_conditions
from smart.storage import Store


def team_table(store: Store, filters: Filters, today: dt.date,
               kpis: tuple[str, ...] = tuple(TEAM_KPIS)) -> pd.DataFrame:
    """One row per rep with their KPIs over the range (``kpis``, revenue first, from TEAM_KPIS: revenue, deals
    won, win rate, average deal size, median won cycle, leads created and lead conversion (period)), sorted by
    revenue. Reps come from the reps table and the deals and leads, as far as the filters' teams, reps and scope
    let them through."""
    conditions, params = dimension_conditions(filters, ("owner", "team"))
    table = store.df(f"""
        SELECT * FROM (
            SELECT owner, any_value(team) AS team FROM (
                SELECT owner, team FROM reps
                UNION ALL SELECT owner, NULL FROM deals UNION ALL SELECT owner, NULL FROM leads)
            WHERE owner IS NOT NULL GROUP BY owner)
        WHERE {' AND '.join(['TRUE', *conditions])} ORDER BY owner""", params)
    for kpi_id in kpis:
        frame = kpi_total_by(store, kpi_id, filters, by="owner", stat=TEAM_KPIS[kpi_id], today=today)[
            ["owner", "value"]]
        table = table.merge(frame.rename(columns={"value": kpi_id}), on="owner", how="left")
        if get_kpi(kpi_id).kind == "sum":
            table[kpi_id] = table[kpi_id].fillna(0.0)
    return table.sort_values(["revenue", "owner"], ascending=[False, True]).reset_index(drop=True)
