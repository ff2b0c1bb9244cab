"""The page-level queries (drill-downs, cycles, cards, signals, periods) against plain-pandas references on the demo
tables, and the chart specs the pages draw (plain JSON that the PNG/SVG renderer accepts)."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

from smart import exports
from smart.analytics import Filters
from smart.analytics.deals import HISTOGRAM_CAP_DAYS, cycle_boxes, cycle_histogram, drill_deals
from smart.analytics.periods import month_start, previous_span
from smart.analytics.team import team_table
from smart.freshness import freshness
from smart.objectives.standing import objective_for_scope, objectives_progress
from smart.storage import Store
from tests.conftest import DEMO_TODAY

YEAR = Filters(dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def test_previous_span_of_a_period_in_progress_is_the_same_days_earlier() -> None:
    assert previous_span(dt.date(2026, 1, 1), dt.date(2026, 12, 31), DEMO_TODAY) == (
        dt.date(2026, 1, 1), DEMO_TODAY, dt.date(2025, 1, 1), dt.date(2025, 11, 27))
    assert previous_span(dt.date(2026, 11, 1), dt.date(2026, 11, 30), DEMO_TODAY) == (
        dt.date(2026, 11, 1), DEMO_TODAY, dt.date(2026, 10, 1), dt.date(2026, 10, 27))
    assert previous_span(dt.date(2026, 3, 5), dt.date(2026, 3, 14), DEMO_TODAY) == (
        dt.date(2026, 3, 5), dt.date(2026, 3, 14), dt.date(2026, 2, 23), dt.date(2026, 3, 4))


def test_previous_span_of_a_whole_quarter_or_month_ends_on_the_last_day_of_the_earlier_one() -> None:
    assert previous_span(dt.date(2025, 4, 1), dt.date(2025, 6, 30), DEMO_TODAY) == (
        dt.date(2025, 4, 1), dt.date(2025, 6, 30), dt.date(2025, 1, 1), dt.date(2025, 3, 31))
    assert previous_span(dt.date(2025, 4, 1), dt.date(2025, 4, 30), DEMO_TODAY) == (
        dt.date(2025, 4, 1), dt.date(2025, 4, 30), dt.date(2025, 3, 1), dt.date(2025, 3, 31))
    assert previous_span(dt.date(2024, 3, 1), dt.date(2024, 3, 31), DEMO_TODAY) == (
        dt.date(2024, 3, 1), dt.date(2024, 3, 31), dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert previous_span(dt.date(2024, 1, 1), dt.date(2024, 12, 31), dt.date(2024, 4, 30)) == (
        dt.date(2024, 1, 1), dt.date(2024, 4, 30), dt.date(2023, 1, 1), dt.date(2023, 4, 30))
    assert previous_span(dt.date(2028, 1, 1), dt.date(2028, 12, 31), dt.date(2028, 2, 29)) == (
        dt.date(2028, 1, 1), dt.date(2028, 2, 29), dt.date(2027, 1, 1), dt.date(2027, 2, 28))


def test_month_start_counts_whole_months_back_from_the_month_of_the_day() -> None:
    assert month_start(DEMO_TODAY) == dt.date(2026, 11, 1)
    assert month_start(DEMO_TODAY, 11) == dt.date(2025, 12, 1)
    assert month_start(dt.date(2026, 3, 31), 1) == dt.date(2026, 2, 1)
    assert month_start(dt.date(2026, 1, 15), 24) == dt.date(2024, 1, 1)


def test_objective_for_scope_takes_the_objective_measured_on_the_filtered_scope() -> None:
    objectives = pd.DataFrame({"id": [1, 2, 3, 4], "kpi": ["revenue", "revenue", "revenue", "win_rate"],
                               "scope_type": ["rep", "team", "company", "company"],
                               "scope_value": ["Hugo Mercier", "PME", None, None]})

    def chosen(**scope: tuple[str, ...]) -> int | None:
        row = objective_for_scope(objectives, "revenue", Filters(**scope))
        return None if row is None else int(row["id"])

    assert chosen() == 3
    assert chosen(teams=("PME",)) == 2
    assert chosen(owners=("Hugo Mercier",)) == 1 and chosen(teams=("PME",), owners=("Hugo Mercier",)) == 1
    assert chosen(teams=("Grands comptes",)) is None and chosen(owners=("Léa Fontaine",)) is None
    assert chosen(teams=("PME", "Grands comptes")) is None and chosen(lead_sources=("LinkedIn",)) is None
    assert objective_for_scope(objectives, "avg_deal_size", Filters()) is None


def test_cycle_histogram_counts_every_closed_deal_in_its_bin(
        demo_store: Store, demo_tables: dict[str, pd.DataFrame]) -> None:
    bins = cycle_histogram(demo_store, YEAR)
    deals = demo_tables["deals"]
    closed = deals[deals["close_on"].between("2026-01-01", "2026-12-31") & deals["status"].isin(["won", "lost"])]
    cycle = (closed["close_on"] - closed["created_on"]).dt.days
    closed = closed.assign(bin=(cycle // 15 * 15).clip(upper=HISTOGRAM_CAP_DAYS))[cycle >= 0]
    expected = closed.groupby(["status", "bin"]).size()
    observed = bins.set_index(["status", "bin_from"])["deals"]
    assert observed.sort_index().tolist() == expected.sort_index().tolist()
    assert bins["bin_to"].isna().sum() <= 2


def test_cycle_boxes_by_size_band_split_the_won_deals_in_quarters(demo_store: Store) -> None:
    boxes = cycle_boxes(demo_store, YEAR, "size_band")
    assert sorted(boxes["group"]) == [1, 2, 3, 4]
    assert boxes["deals"].max() - boxes["deals"].min() <= 1
    ordered = boxes.sort_values("group")
    assert (ordered["amount_from"].iloc[1:].to_numpy() >= ordered["amount_to"].iloc[:-1].to_numpy()).all()
    assert (boxes["p05"] <= boxes["p25"]).all() and (boxes["p25"] <= boxes["median"]).all()
    assert (boxes["median"] <= boxes["p75"]).all() and (boxes["p75"] <= boxes["p95"]).all()


def test_drill_down_returns_the_deals_behind_a_figure(demo_store: Store,
                                                      demo_tables: dict[str, pd.DataFrame]) -> None:
    deals, total = drill_deals(demo_store, YEAR, (("status", "lost"), ("lead_source", "LinkedIn")), limit=10)
    frame = demo_tables["deals"]
    expected = frame[frame["close_on"].between("2026-01-01", "2026-12-31") & (frame["status"] == "lost")
                     & (frame["lead_source"] == "LinkedIn")]
    assert total == len(expected) and len(deals) == 10
    assert deals["amount"].tolist() == expected["amount"].sort_values(ascending=False).head(10).tolist()
    with pytest.raises(ValueError, match="unknown drill-down condition"):
        drill_deals(demo_store, YEAR, (("amount; DROP TABLE deals", 1),))


def test_drill_down_keeps_the_team_filter(demo_store: Store, demo_tables: dict[str, pd.DataFrame]) -> None:
    _, total = drill_deals(demo_store, Filters(YEAR.start, YEAR.end, teams=("PME",)), (("status", "won"),))
    frame = demo_tables["deals"]
    assert total == len(frame[frame["close_on"].between("2026-01-01", "2026-12-31") & (frame["status"] == "won")
                              & (frame["team"] == "PME")])


def test_team_table_keeps_reps_without_deals_in_the_period(demo_store: Store) -> None:
    table = team_table(demo_store, Filters(dt.date(2030, 1, 1), dt.date(2030, 12, 31)), DEMO_TODAY)
    assert len(table) == 8
    assert (table["revenue"] == 0).all() and table["win_rate"].isna().all()


def test_freshness_names_the_latest_import(demo_store: Store) -> None:
    fresh = freshness(demo_store, DEMO_TODAY)
    assert fresh.file_name == "objectifs.csv" and fresh.kind == "objectives"
    assert fresh.newest_fact == DEMO_TODAY and fresh.age_days == 0


@pytest.mark.parametrize("module, builder, frame_of", [
    ("smart.charts.cycle", "histogram_chart", lambda store: cycle_histogram(store, YEAR)),
    ("smart.charts.variance", "plan_chart",
     lambda store: objectives_progress(store, DEMO_TODAY).assign(label=lambda f: f["title"])),
])
def test_chart_specs_render_to_png_and_svg(demo_store: Store, monkeypatch: pytest.MonkeyPatch, module: str,
                                           builder: str, frame_of) -> None:
    import ui
    from smart.i18n import Translator

    spec = ui.blocks._chart_spec.__wrapped__(module, builder, Translator("fr"), frame_of(demo_store), (), ())
    json.dumps(spec)
    assert spec["config"]["locale"]["number"]["decimal"] == ","
    assert exports.chart_png(ui.blocks._Spec(spec)).startswith(b"\x89PNG")
    assert "<svg" in exports.chart_svg(ui.blocks._Spec(spec))
