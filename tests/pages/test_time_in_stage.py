"""Time in stage told as precisely as the stage history allows: exports a week apart cannot tell a stage left
within the week from "7 days", nor two exports of the same day from "0 days"; axes count whole days."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import pandas as pd
import pytest

from smart.charts.cycle import stage_time_text, time_in_stage_chart
from smart.charts.format import localised
from smart.exports import chart_svg
from smart.freshness import export_spacing
from smart.i18n import Translator
from smart.ingest import import_file, undo_import
from smart.storage import Store

HEADER = "Deal ID,Deal Name,Deal Owner,Deal Stage,Amount,Create Date,Close Date\n"


@pytest.mark.parametrize(("lang", "days", "spacing", "expected"), [
    ("en", 7.0, 7.0, "less than a week (seen in two exports 7 days apart)"),
    ("fr", 7.0, 7.0, "moins d'une semaine (vue dans deux exports à 7 jours d'intervalle)"),
    ("en", 5.0, 7.0, "less than a week (seen in two exports 7 days apart)"),
    ("en", 14.0, 14.0, "less than 2 weeks (seen in two exports 14 days apart)"),
    ("fr", 10.0, 10.0, "moins de 10 jours (vue dans deux exports à 10 jours d'intervalle)"),
    ("en", 1.0, 1.0, "less than a day (seen in two exports a day apart)"),
    ("en", 0.0, None, "less than a day"),
    ("fr", 0.0, 7.0, "moins d'un jour"),
    ("en", 14.0, 7.0, "14 days"),
    ("fr", 21.0, 7.0, "21 jours"),
    ("en", 3.0, None, "3 days"),
])
def test_a_stage_time_says_what_the_history_can_tell(lang: str, days: float, spacing: float | None,
                                                     expected: str) -> None:
    assert stage_time_text(Translator(lang), days, spacing) == expected


def write(folder: Path, name: str, rows: str) -> Path:
    path = folder / name
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


def test_the_spacing_of_the_exports_is_the_median_interval_between_their_days(tmp_path: Path) -> None:
    store = Store(tmp_path / "t.duckdb")
    try:
        days = [dt.date(2026, 10, 2), dt.date(2026, 10, 9), dt.date(2026, 10, 16), dt.date(2026, 10, 30)]
        assert export_spacing(store) is None
        ids = []
        for number, day in enumerate(days):
            stage = ("Appointment Scheduled", "Qualified To Buy", "Contract Sent", "Closed Won")[number]
            path = write(tmp_path, f"deals_{number}.csv", f"D1,a,Ann,{stage},100,2026-09-01,2026-12-31\n")
            ids.append(import_file(store, path, kind="deals", source="crm", observed_on=day).import_id)
        assert export_spacing(store) == 7.0  # intervals 7, 7 and 14 days
        undo_import(store, ids[-1])
        undo_import(store, ids[-2])
        assert export_spacing(store) == 7.0
        undo_import(store, ids[-3])
        assert export_spacing(store) is None  # one export left: no interval
    finally:
        store.close()


def texts(svg: str) -> list[str]:
    """The texts the rendered chart shows (labels, ticks, titles)."""
    return [html.unescape(text) for text in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]


def axis_numbers(svg: str) -> list[str]:
    """The texts of the rendered chart that are numbers (its axis ticks)."""
    return [text for text in texts(svg) if re.fullmatch(r"[\d\s.,\u202f]+", text)]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_two_exports_of_the_same_day_read_less_than_a_day_on_a_whole_day_axis(lang: str) -> None:
    t = Translator(lang)
    stages = pd.DataFrame({"stage": ["Prospect", "Demo"], "funnel_order": [1, 2], "deals": [3.0, 2.0],
                           "mean": [0.0, 0.0], "median": [0.0, 0.0], "p75": [0.0, 0.0]})
    svg = chart_svg(localised(time_in_stage_chart(stages, t, None), t))
    assert texts(svg).count(t("stage.less_than_a_day")) == 2
    numbers = axis_numbers(svg)
    assert numbers and all(re.fullmatch(r"\d+", number) for number in numbers), numbers


def test_a_week_apart_the_axis_counts_whole_days() -> None:
    t = Translator("en")
    stages = pd.DataFrame({"stage": ["Prospect", "Demo", "Proposal"], "funnel_order": [1, 2, 3],
                           "deals": [3.0, 2.0, 4.0], "mean": [7.0, 7.0, 9.3], "median": [7.0, 7.0, 7.0],
                           "p75": [7.0, 7.0, 10.5]})
    svg = chart_svg(localised(time_in_stage_chart(stages, t, 7.0), t))
    assert texts(svg).count("less than a week (seen in two exports 7 days apart)") == 3
    numbers = axis_numbers(svg)
    assert "0" in numbers and all(re.fullmatch(r"\d+", number) for number in numbers), numbers
