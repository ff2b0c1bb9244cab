"""The Objectives page (AppTest, both languages): create with the live checker, revise with a reason, archive."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from smart import clock
from smart.i18n import Translator
from smart.objectives import Objective, create_objective
from smart.storage import Store
from tests.conftest import shown
from tests.test_app import run_page


def _rows(db: Path, sql: str) -> list[tuple]:
    store = Store(db)
    try:
        return store.rows(sql)
    finally:
        store.close()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_create_revise_and_archive(app_db: Path, lang: str) -> None:
    t = Translator(lang)
    at = run_page("objectives", lang)
    assert not at.exception and not at.error
    # Create: the checker reruns as the title is typed.
    assert t("objectives.check.r.none") in [shown(m.value) for m in at.markdown]
    at.text_input(key="objectives.new.title").input("PME team: 200 qualified leads a month")
    at.selectbox(key="objectives.new.kpi").set_value("qualified_leads")
    at.selectbox(key="objectives.new.mode").set_value("absolute")
    at.number_input(key="objectives.new.target").set_value(200.0)
    at.selectbox(key="objectives.new.grain").set_value("month")
    at.text_input(key="objectives.new.owner").input("Léa Fontaine")
    at.text_input(key="objectives.new.theme").input("Demand").run()
    assert t("objectives.check.r.theme", theme="Demand") in [shown(m.value) for m in at.markdown]
    at.button(key="objectives.new.create").click().run()
    assert not at.exception and not at.error
    created = _rows(app_db, "SELECT id, kpi, target_input, target_mode, owner FROM objectives WHERE source = 'user'")
    assert [row[1:] for row in created] == [("qualified_leads", 200.0, "absolute", "Léa Fontaine")]
    new_id = created[0][0]
    assert at.session_state["objectives.detail.id"] == new_id
    assert t("objectives.form.created", title="PME team: 200 qualified leads a month") in [shown(s.value)
                                                                                          for s in at.success]

    # Revise: refused without a reason, kept with one.
    at.number_input(key="objectives.revise.target").set_value(180.0).run()
    at.button(key="objectives.revise.save").click().run()
    assert [e.value for e in at.error] == [t("objectives.revise.need_reason")]
    assert _rows(app_db, f"SELECT count(*) FROM objective_revisions WHERE objective_id = {new_id}") == [(0,)]
    at.text_input(key="objectives.revise.reason").input("Fewer trade shows").run()
    at.button(key="objectives.revise.save").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert _rows(app_db, f"SELECT field, old_value, new_value, reason FROM objective_revisions "
                         f"WHERE objective_id = {new_id}") == [("target_input", "200", "180", "Fewer trade shows")]

    # Archive behind a confirmation dialog.
    at.button(key="objectives.archive").click().run()
    assert _rows(app_db, f"SELECT archived_at FROM objectives WHERE id = {new_id}") == [(None,)]
    at.button(key="objectives.archive.confirm").click().run()
    assert not at.exception
    archived = _rows(app_db, f"SELECT archived_at IS NOT NULL FROM objectives WHERE id = {new_id}")
    assert archived == [(True,)]
    assert _rows(app_db, "SELECT count(*) FROM objectives") == [(6,)]


def test_a_form_error_is_a_message_not_a_traceback(app_db: Path) -> None:
    at = run_page("objectives", "en")
    at.button(key="objectives.new.create").click().run()
    assert not at.exception
    assert at.error and shown(at.error[0].value).startswith("The objective was not saved: title: it is empty")


@pytest.mark.dates
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_cohort_conversion_objective_says_which_leads_it_is_measured_on(app_db: Path, lang: str) -> None:
    """Leads younger than 90 days are still converting: one objective is measured on the leads created up to
    today - 90 days, another (started 30 days ago) has nothing to measure yet; a revenue objective says neither."""
    t, today = Translator(lang), clock.today()
    store = Store(app_db)
    try:
        measured = create_objective(store, Objective(
            "Cohort conversion +5 points", "lead_conversion_cohort", 5, today - dt.timedelta(days=200),
            today + dt.timedelta(days=100), target_mode="points"))
        young = create_objective(store, Objective(
            "New cohort conversion +5 points", "lead_conversion_cohort", 5, today - dt.timedelta(days=30),
            today + dt.timedelta(days=60), target_mode="points"))
        revenue = store.scalar("SELECT min(id) FROM objectives WHERE kpi = 'revenue'")
    finally:
        store.close()
    cutoff = t("objectives.page.cohort_cutoff", date=t.date(today - dt.timedelta(days=90)), days=90)
    too_early = t("objectives.page.cohort_too_early", date=t.date(today + dt.timedelta(days=60)), days=90)
    at = run_page("objectives", lang)
    for objective, said in ((measured, cutoff), (young, too_early), (revenue, None)):
        at.selectbox(key="objectives.detail.id").set_value(objective).run()
        assert not at.exception and not at.error
        captions = [c.value for c in at.caption]
        assert [c for c in captions if c in (cutoff, too_early)] == ([said] if said else [])
