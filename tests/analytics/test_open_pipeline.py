"""Open deals without an expected close date count in the open pipeline, as they do in sales velocity: they are due
now, on the range's last day (today at the latest), once they exist by then. Every figure below is worked by hand
from the file the test imports."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from smart.analytics import Filters, kpi_series, kpi_total_by, kpi_value
from smart.ingest import import_file
from smart.storage import Store

TODAY = dt.date(2026, 11, 27)
D = dt.date
# Won: W1 1000 (30 days), W2 3000 (60 days); lost: L1. Open: O1 2000 expected 15 Dec; O2 4000 and O3 7000 with no
# expected close date, created 1 Sep and 1 Oct.
DEALS = """id,stage,status,amount,created,close date,owner
W1,Closed Won,won,1000,2026-01-05,2026-02-04,ana
W2,Closed Won,won,3000,2026-03-01,2026-04-30,ana
L1,Closed Lost,lost,500,2026-02-01,2026-03-03,bob
O1,Proposal,open,2000,2026-06-01,2026-12-15,ana
O2,Proposal,open,4000,2026-09-01,,bob
O3,Demo,open,7000,2026-10-01,,ana
"""
YEAR = Filters(D(2026, 1, 1), D(2026, 12, 31))


@pytest.fixture
def store(tmp_path: Path):
    (tmp_path / "deals.csv").write_text(DEALS, encoding="utf-8")
    s = Store(tmp_path / "open.duckdb")
    result = import_file(s, tmp_path / "deals.csv", kind="deals")
    assert result.inserted == 6 and not result.rejects
    yield s
    s.close()


def test_open_deals_without_a_close_date_are_due_now(store: Store) -> None:
    # 2026, as of 27 Nov: O1 (December) + O2 and O3 (due now: 27 Nov) = 2000 + 4000 + 7000.
    assert kpi_value(store, "pipeline_value", YEAR, today=TODAY).value == 13000.0
    months = kpi_series(store, "pipeline_value", YEAR, grain="month", today=TODAY).set_index("period")["value"]
    assert months[D(2026, 11, 1)] == 11000.0 and months[D(2026, 12, 1)] == 2000.0
    assert months.sum() == 13000.0
    # A past range: due on its last day, once created by then. Q3 ends 30 Sep: O2 (created 1 Sep) only.
    assert kpi_value(store, "pipeline_value", Filters(D(2026, 7, 1), D(2026, 9, 30)), today=TODAY).value == 4000.0
    # A range after today holds none of them: they are due now, not next year.
    assert kpi_value(store, "pipeline_value", Filters(D(2027, 1, 1), D(2027, 3, 31)), today=TODAY).value == 0.0
    by_owner = kpi_total_by(store, "pipeline_value", YEAR, by="owner", today=TODAY).set_index("owner")["value"]
    assert by_owner.to_dict() == {"ana": 9000.0, "bob": 4000.0}


def test_open_pipeline_and_sales_velocity_count_the_same_open_deals(store: Store) -> None:
    # Velocity over 2026 as of 27 Nov: open deals then = O1, O2, O3 (3); win rate 2/3; average won size
    # (1000 + 3000) / 2 = 2000; mean won cycle (30 + 60) / 2 = 45 days: 3 × 2/3 × 2000 / 45.
    velocity = kpi_value(store, "sales_velocity", YEAR, today=TODAY).value
    assert velocity == pytest.approx(3 * (2 / 3) * 2000 / 45)
    open_counted = velocity * 45 / ((2 / 3) * 2000)
    assert open_counted == pytest.approx(3)
    # The same three deals make the open pipeline: 2000 + 4000 + 7000.
    assert kpi_value(store, "pipeline_value", YEAR, today=TODAY).value == 2000.0 + 4000.0 + 7000.0
