"""The SMART checker on the five demo objectives, and on vague, impossible and lower-is-better objectives."""

from __future__ import annotations

import datetime as dt

import pytest

from smart.i18n import Translator
from smart.objectives import Objective, check, list_objectives
from smart.objectives.checker import COMFORTABLE_MIN, UNREALISTIC_MAX
from tests.conftest import DEMO_TODAY

# On 27 Nov 2026: revenue (+15 %) is 2 % behind its expected path with December's rush to come (ambitious),
# qualified leads (2,395 of 2,400 with a month left) are comfortable, conversion (+10 % this quarter) and the cycle
# (-20 days) are out of reach, new customers ambitious or comfortable (468 of 500, ~83 %).
DEMO_A = {"revenue": "pass", "qualified_leads": "warning", "lead_conversion_rate": "fail",
          "new_customers": "warning", "sales_cycle_days": "fail"}
YEAR = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def _demo(store) -> dict[str, Objective]:
    return {o.kpi: o for o in list_objectives(store)}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_five_demo_objectives(demo_store, lang: str) -> None:
    for kpi, objective in _demo(demo_store).items():
        report = check(demo_store, objective, lang, DEMO_TODAY)
        assert [c.letter for c in report.letters] == ["S", "M", "A", "R", "T"]
        levels = report.levels
        assert (levels["S"], levels["M"], levels["R"], levels["T"]) == ("pass",) * 4, (kpi, report.letters)
        assert levels["A"] == DEMO_A[kpi], (kpi, report.letter("A"))
        p = report.progress.probability
        expected_label = "comfortable" if p >= COMFORTABLE_MIN else "unrealistic" if p < UNREALISTIC_MAX \
            else "ambitious"
        assert report.label == expected_label
        t = Translator(lang)
        assert t(f"objectives.label.{expected_label}").lower() in report.letter("A").reason.lower()
        assert report.letter("A").suggestion


def test_the_baseline_is_shown_in_the_m_reason(demo_store) -> None:
    report = check(demo_store, _demo(demo_store)["revenue"], "fr", DEMO_TODAY)
    baseline = demo_store.scalar("SELECT sum(amount) FROM deals WHERE status = 'won' AND year(close_on) = 2025")
    assert Translator("fr").money(baseline) in report.letter("M").reason
    assert "1 janv. 2025 – 31 déc. 2025" in report.letter("M").reason
    assert report.required_change == pytest.approx(0.15)


def test_a_vague_objective(demo_store) -> None:
    vague = Objective("CA", "revenue", 10, *YEAR, target_mode="relative_pct", grain="year")
    levels = check(demo_store, vague, "en", DEMO_TODAY).levels
    assert levels["S"] == "warning" and levels["R"] == "fail"
    empty = Objective("", "", None, None, None)
    levels = check(demo_store, empty, "fr", DEMO_TODAY).levels
    assert levels == {"S": "fail", "M": "fail", "A": "fail", "R": "fail", "T": "fail"}


def test_an_impossible_objective(demo_store) -> None:
    huge = Objective("Company revenue x4 this year", "revenue", 300, *YEAR, target_mode="relative_pct",
                     grain="year", owner="Sales director", theme="Growth")
    report = check(demo_store, huge, "en", DEMO_TODAY)
    assert report.levels["A"] == "fail" and report.label == "unrealistic" and report.progress.probability == 0
    backwards = huge.with_changes(deadline=dt.date(2025, 12, 31))
    assert check(demo_store, backwards, "en", DEMO_TODAY).levels["T"] == "fail"
    long = huge.with_changes(deadline=dt.date(2027, 12, 31))
    assert check(demo_store, long, "en", DEMO_TODAY).levels["T"] == "warning"


def test_lower_is_better_objectives(demo_store) -> None:
    cycle = _demo(demo_store)["sales_cycle_days"]
    wrong_sign = cycle.with_changes(target_input=20)
    report = check(demo_store, wrong_sign, "en", DEMO_TODAY)
    assert report.levels["S"] == "fail" and "other way" in report.letter("S").reason
    no_statistic = cycle.with_changes(statistic=None)
    assert check(demo_store, no_statistic, "en", DEMO_TODAY).levels["S"] == "fail"
    # "Reach" a cycle of 90 days: lower is better and the year's mean (~75) is already below.
    easy = cycle.with_changes(direction="reach", target_mode="absolute", target_input=90)
    report = check(demo_store, easy, "en", DEMO_TODAY)
    assert report.progress.sign == -1 and report.label == "comfortable" and report.progress.status == "on_track"
    points = cycle.with_changes(target_mode="points", target_input=-5)
    assert check(demo_store, points, "en", DEMO_TODAY).levels["S"] == "fail"


def test_relevance_of_a_cascade(demo_store) -> None:
    from smart.objectives import create_objective

    revenue = _demo(demo_store)["revenue"]
    team = Objective("PME team revenue +15 % this year", "revenue", 15, *YEAR, target_mode="relative_pct",
                     grain="year", scope_type="team", scope_value="PME", owner="Léa", parent_id=revenue.id)
    create_objective(demo_store, team)
    report = check(demo_store, team, "en", DEMO_TODAY)
    assert report.levels["R"] == "warning" and "add up" in report.letter("R").reason
    csat = team.with_changes(kpi="deals_lost", title="PME team deals lost -10 %", target_input=-10)
    assert "does not plausibly drive" in check(demo_store, csat, "en", DEMO_TODAY).letter("R").reason
