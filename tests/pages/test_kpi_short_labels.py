"""A KPI's short label (cards, Team columns, the review's rep highlights) is declared once, on its catalogue entry,
in English and French, and every place that words a KPI briefly reads it there."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from smart.analytics.catalogue import CARD_KPIS, CATALOGUE, REVIEW_REP_KPIS, TEAM_KPIS
from smart.i18n import Translator
from smart.review.slides import reps_slide
from tests.test_app import run_page

CARD_WORDS = {
    "en": ["Revenue", "Deals won", "Win rate", "Avg deal", "Qualified leads", "Avg cycle"],
    "fr": ["CA", "Gagnées", "Taux de gain", "Panier moyen", "Leads qualifiés", "Cycle moyen"],
}


def test_every_card_team_and_highlight_kpi_has_a_short_label_in_both_languages() -> None:
    for kpi_id in {*CARD_KPIS, *TEAM_KPIS, *REVIEW_REP_KPIS}:
        shorts = CATALOGUE[kpi_id].shorts
        assert shorts.get("en") and shorts.get("fr"), kpi_id
    for kpi_id, stat in TEAM_KPIS.items():
        if stat is not None and stat != CATALOGUE[kpi_id].default_stat:
            words = CATALOGUE[kpi_id].stat_shorts[stat]
            assert words.get("en") and words.get("fr"), (kpi_id, stat)


def test_a_short_label_names_the_statistic_shown_and_falls_back_to_the_label() -> None:
    cycle = CATALOGUE["sales_cycle_days"]
    assert cycle.short_label("en") == cycle.short_label("en", "mean") == "Avg cycle"
    assert cycle.short_label("fr", "median") == "Cycle médian (gagnées)"
    # No short words for the 90th percentile: the label, not the short label of the mean ("Cycle moyen").
    assert cycle.short_label("fr", "p90") == cycle.label("fr") == "Cycle de vente (gagnées)"
    pipeline = CATALOGUE["pipeline_value"]
    assert pipeline.short_label("fr") == pipeline.label("fr") == "Pipeline ouvert"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_overview_cards_are_titled_with_the_catalogues_short_labels(app_db: Path, lang: str) -> None:
    at = run_page("overview", lang)
    assert not at.exception
    assert [metric.label for metric in at.metric][:len(CARD_KPIS)] == CARD_WORDS[lang]


def test_the_overview_reads_a_cards_title_from_the_catalogue(app_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    renamed = dataclasses.replace(CATALOGUE["win_rate"], shorts={"en": "Wins per close", "fr": "Gains par clôture"})
    monkeypatch.setitem(CATALOGUE, "win_rate", renamed)
    at = run_page("overview", "fr")
    assert not at.exception
    assert [metric.label for metric in at.metric][:3] == ["CA", "Gagnées", "Gains par clôture"]


@pytest.mark.parametrize(("lang", "expected"), [("en", ["Revenue", "Deals won", "Win rate"]),
                                                ("fr", ["CA", "Gagnées", "Taux de gain"])])
def test_the_reviews_rep_highlights_name_their_kpis_with_the_short_labels(lang: str, expected: list[str]) -> None:
    t = Translator(lang)
    (table,) = reps_slide({"reps": []}, t, {}).tables
    assert table.columns == [t("review.col.rep"), t("review.col.team"), *expected, t("review.col.vs_last_year"),
                             t("review.col.since_last")]
