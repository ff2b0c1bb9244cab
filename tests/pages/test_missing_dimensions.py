"""A deal without a rep, a team or a lead source, and reps named "None", "null" or "NaN", on small files written
here: every split names the missing value ("No rep", "Sans commercial"...), charts accept it, the revenue bridge
keeps it as a row of its own (never "0") only when such deals moved revenue, and a drill-down reaches them."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pandas as pd
import pytest

from smart.analytics import Filters, revenue_bridge
from smart.analytics.deals import drill_deals
from smart.analytics.variance import bridge_by
from smart.charts.conversion import rate_by_chart
from smart.charts.cycle import box_chart
from smart.dimensions import value_label, value_labels
from smart.i18n import Translator
from smart.ingest import import_file
from smart.storage import Store

BASE = Filters(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
CURRENT = Filters(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
DEALS = """Deal ID,Deal Name,Deal Owner,Deal Stage,Amount,Create Date,Close Date,Lead Source
A,a,Ann,Closed Won,100,2025-02-01,2025-03-01,Web
B,b,,Closed Won,50,2025-02-01,2025-03-02,
C,c,Ann,Closed Won,200,2026-02-01,2026-03-01,Web
D,d,,Closed Won,80,2026-02-01,2026-03-05,Web
E,e,None,Closed Won,30,2026-02-01,2026-03-06,
"""
LEADS = """Lead ID,Full Name,Lead Owner,Lead Source,Created Date
L1,x,Ann,Web,2025-01-10
L2,y,,Web,2025-01-11
L3,z,Ann,Web,2026-01-10
L4,w,,,2026-01-11
L5,v,None,Web,2026-01-12
"""


def store_with(tmp_path: Path, deals: str, leads: str) -> Store:
    (tmp_path / "deals.csv").write_text(deals, encoding="utf-8")
    (tmp_path / "leads.csv").write_text(leads, encoding="utf-8")
    store = Store(tmp_path / "t.duckdb")
    import_file(store, tmp_path / "deals.csv", kind="deals", source="crm", observed_on=dt.date(2026, 11, 20))
    import_file(store, tmp_path / "leads.csv", kind="leads", source="crm", observed_on=dt.date(2026, 11, 20))
    return store


@pytest.mark.parametrize(("dimension", "en", "fr"), [
    ("owner", "No rep", "Sans commercial"), ("team", "No team", "Sans équipe"),
    ("lead_source", "No source", "Sans origine"), ("source", "No source", "Sans origine"),
    ("stage", "No stage", "Sans étape"), ("product", "No product", "Sans produit"),
])
def test_a_missing_value_is_named_and_a_name_stays_a_name(dimension: str, en: str, fr: str) -> None:
    for missing in (None, math.nan, pd.NA):
        assert value_label(Translator("en"), dimension, missing) == en
        assert value_label(Translator("fr"), dimension, missing) == fr
    assert value_labels(Translator("en"), dimension, ["None", "null", "NaN", "0"]) == ["None", "null", "NaN", "0"]


def reps_frame() -> pd.DataFrame:
    """30 reps' win rates, one of them missing (deals without an owner), others named like missing values."""
    names = [None, "None", "null", "NaN", "O'Brien \"Bob\"", "Zoé 🚀"] + [f"Rep {n:02d}" for n in range(24)]
    won = list(range(1, 31))
    return pd.DataFrame({"group": pd.array(names, dtype="str"), "numerator": won, "denominator": [31] * 30,
                         "value": [w / 31 for w in won], "low": [0.0] * 30, "high": [1.0] * 30})


def test_the_rate_by_rep_chart_draws_30_reps_and_the_deals_without_one() -> None:
    t = Translator("en")
    frame = reps_frame()
    frame["label"] = value_labels(t, "owner", frame["group"])
    spec = rate_by_chart(frame, t, "Win rate", 0.5).to_dict()  # Altair validates the spec here
    encoded = spec["layer"][0]["encoding"]["y"]
    expected = [f"Rep {n:02d}" for n in range(23, -1, -1)] + ["Zoé 🚀", "O'Brien \"Bob\"", "NaN", "null", "None",
                                                              "No rep"]
    assert (encoded["field"], encoded["sort"]) == ("label", expected)
    assert spec["params"][0]["select"]["fields"] == ["row"]


def test_the_cycle_box_chart_accepts_a_missing_group() -> None:
    t = Translator("fr")
    boxes = pd.DataFrame({"group": pd.array([None, "None", "Ann"], dtype="str"), "deals": [3, 4, 5],
                          "p05": [1.0] * 3, "p25": [2.0] * 3, "median": [3.0] * 3, "p75": [4.0] * 3,
                          "p95": [5.0] * 3})
    boxes["label"] = value_labels(t, "owner", boxes["group"])
    spec = box_chart(boxes, t).to_dict()  # Altair validates the spec here
    assert spec["layer"][0]["encoding"]["y"]["sort"] == ["Sans commercial", "None", "Ann"]


def test_the_bridge_by_rep_keeps_the_deals_without_a_rep_as_their_own_row(tmp_path: Path) -> None:
    store = store_with(tmp_path, DEALS, LEADS)
    try:
        bridge = revenue_bridge(store, BASE, CURRENT, by="owner")
        by_rep = bridge_by(store, BASE, CURRENT, "owner")
    finally:
        store.close()
    assert 0 not in set(bridge["owner"]) and 0.0 not in set(bridge["owner"])
    missing = bridge[bridge["owner"].isna()].iloc[0]
    assert (missing["base"], missing["current"]) == (pytest.approx(50.0), pytest.approx(80.0))
    named = bridge.set_index(bridge["owner"].astype(object).where(bridge["owner"].notna(), "(missing)"))
    assert named.loc["Ann", "current"] == pytest.approx(200.0) and named.loc["None", "current"] == pytest.approx(30.0)
    assert len(by_rep) == 3 and by_rep["owner"].isna().sum() == 1


def test_without_deals_lacking_a_rep_the_bridge_shows_no_row_for_them(tmp_path: Path) -> None:
    deals = "\n".join(line for line in DEALS.splitlines() if not line.startswith(("B,", "D,"))) + "\n"
    store = store_with(tmp_path, deals, LEADS)  # leads L2 and L4 still have no owner
    try:
        bridge = revenue_bridge(store, BASE, CURRENT, by="owner")
        by_rep = bridge_by(store, BASE, CURRENT, "owner")
    finally:
        store.close()
    assert bridge["owner"].isna().sum() == 1  # the leads' row, all zeros, that the page used to show as "0"
    assert sorted(by_rep["owner"]) == ["Ann", "None"]


def test_a_drill_down_on_a_missing_rep_or_source_lists_the_deals_without_one(tmp_path: Path) -> None:
    store = store_with(tmp_path, DEALS, LEADS)
    try:
        no_rep, count = drill_deals(store, CURRENT, (("status", "won"), ("owner", None)))
        no_source, _ = drill_deals(store, CURRENT, (("lead_source", None),))
        named_none, _ = drill_deals(store, CURRENT, (("owner", "None"),))
    finally:
        store.close()
    assert (list(no_rep["title"]), count) == (["d"], 1)
    assert list(no_source["title"]) == ["e"]
    assert list(named_none["title"]) == ["e"]
