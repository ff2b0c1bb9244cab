"""Stage history and lead statuses through the app (AppTest): a history file uploaded on the Import page says what
it holds before it is imported, then the Sales cycle page's time in stage and the weekly review's pushed deals read
it; a leads file names the statuses it does not recognise, and the lead status editor re-derives the leads.
Expected figures are computed with pandas from the rows the tests write."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from streamlit import dataframe_util
from streamlit.testing.v1 import AppTest

import ui
from smart.analytics import kpi_value
from smart.i18n import Translator
from smart.ingest import import_file
from smart.storage import Store
from tests.conftest import REPO_ROOT, app_on
from tests.ingest.test_history import (
    DEALS_SEEN_ON,
    SF_CHANGES,
    SF_DEALS,
    changes_frame,
    day_states,
    pushes_reference,
    sf_current,
    sf_deals_text,
    sf_history_text,
    time_in_stage_reference,
)
from tests.ingest.test_lead_statuses import JANUARY_TO_MARCH, UNRECOGNISED

APP = str(REPO_ROOT / "app.py")
EN = Translator("en")


def open_page(page: str, lang: str = "en", **query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    for key, value in query.items():
        at.query_params[key] = value
    at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, at.exception
    return at


def count(db: Path, sql: str) -> int:
    store = Store(db)
    try:
        return store.scalar(sql)
    finally:
        store.close()


@pytest.fixture
def deals_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The app on a database holding the Salesforce deals the history file is about (no demo)."""
    path = tmp_path / "history.duckdb"
    (tmp_path / "Opportunity.csv").write_text(sf_deals_text(), encoding="utf-8")
    store = Store(path)
    import_file(store, tmp_path / "Opportunity.csv", observed_on=DEALS_SEEN_ON)
    store.close()
    with app_on(path, monkeypatch) as database:
        yield database


def chart_data(at: AppTest, title: str) -> pd.DataFrame:
    """The data of the chart whose title is ``title`` (AppTest keeps a chart's data beside its spec, as Arrow)."""
    for chart in at.get("vega_lite_chart"):
        if json.loads(chart.proto.spec).get("title", {}).get("text") == title:
            return dataframe_util.convert_arrow_bytes_to_pandas_df(chart.proto.datasets[0].data.data)
    raise AssertionError(f"no chart titled {title!r}")


def test_a_history_file_is_previewed_imported_then_read_by_the_cycle_page_and_the_review(deals_db: Path) -> None:
    at = open_page("import")
    at.file_uploader(key="import.file").set_value(
        ("OpportunityHistory.csv", sf_history_text(SF_CHANGES).encode(), "text/csv"))
    at.run()
    assert not at.exception and not at.error
    assert {m.label: m.value for m in at.metric} == {"Rows": "16", "New": "16", "Updated": "0", "Unchanged": "0",
                                                     "Rejected": "0"}
    sentence = EN("history.summary.some_missing", changes="16", opportunities="6", missing="1")
    assert sentence in [w.value for w in at.warning]
    assert EN("history.summary.not_imported", ids=ui.plain("0069"), more="") in [c.value for c in at.caption]
    assert count(deals_db, "SELECT count(*) FROM deal_changes") == 0  # a preview writes nothing

    at.button(key="import.confirm").click().run()
    assert not at.exception and not at.error and any("Import #" in s.value for s in at.success)
    assert count(deals_db, "SELECT count(*) FROM deal_changes") == 16
    assert count(deals_db, "SELECT count(*) FROM deals") == len(SF_DEALS)

    states = day_states(changes_frame(SF_CHANGES), sf_current())
    expected = time_in_stage_reference(states, {d[0] for d in SF_DEALS})
    cycle = open_page("cycle")
    shown = chart_data(cycle, EN("chart.stage.title")).set_index("stage").sort_index()
    assert list(shown.index) == list(expected.index)
    assert shown["deals"].tolist() == expected["count"].tolist()
    assert shown["median"].tolist() == expected["median"].tolist()

    review = open_page("review")
    slides = list(review.selectbox(key="review.index").options)
    signals = next(i for i, label in enumerate(slides) if label.endswith(EN("review.slide.signals")))
    review = open_page("review", slide=str(signals + 1))
    pushed = next(table.value for table in review.table if EN("review.col.pushes") in table.value.columns)
    titles_by_id = {d[0]: d[1] for d in SF_DEALS}
    reference = pushes_reference(states, {d[0] for d in SF_DEALS if not d[6]})
    assert dict(zip(pushed[EN("review.col.deal")], pushed[EN("review.col.pushes")].astype(int), strict=True)) == {
        titles_by_id[deal]: n for deal, n in reference.items()}


def test_the_lead_status_editor_names_unrecognised_statuses_and_re_derives_the_leads(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "leads.duckdb"
    store = Store(path)  # something imported already: the app loads no demo
    with store.transaction() as tx:
        tx.execute("INSERT INTO imports (file_name, sha256, kind, profile, source, started_at) "
                   "VALUES ('reps.csv', 'x', 'reps', 'generic', 'crm', current_timestamp)")
    store.close()
    with app_on(path, monkeypatch):
        at = open_page("import", "fr")
        at.file_uploader(key="import.file").set_value(("leads.csv", UNRECOGNISED.encode(), "text/csv"))
        at.run()
        assert not at.exception and not at.error
        fr = Translator("fr")
        assert fr("leadstatus.counts", leads="6", qualified="2", converted="2") in [c.value for c in at.caption]
        warning = fr("leadstatus.unrecognised", count="2", statuses=ui.plain("Signé (3), À rappeler (2)"))
        assert warning in [w.value for w in at.warning]
        editor = next(frame for frame in at.dataframe if frame.key == "import.lead_statuses.generic")
        assert editor.value["status"].tolist()[:2] == ["Signé", "À rappeler"]
        at.button(key="import.confirm").click().run()
        assert count(path, "SELECT count(qualified_on) FROM leads") == 2

        # Signé converts: the stored leads are re-derived at once, and the preview checked again.
        at.session_state["import.lead_statuses.generic"] = {
            "edited_rows": {"0": {"converted": True}}, "added_rows": [], "deleted_rows": []}
        at.run()
        at.button(key="import.save_lead_statuses.generic").click().run()
        assert not at.exception and not at.error
        assert fr("leadstatus.saved", leads="6", qualified="3", converted="3") in [s.value for s in at.success]
        assert fr("leadstatus.counts", leads="6", qualified="3", converted="3") in [c.value for c in at.caption]
        assert not any("Signé" in w.value for w in at.warning)
        store = Store(path)
        try:
            assert kpi_value(store, "qualified_leads", JANUARY_TO_MARCH).value == 3
            assert kpi_value(store, "lead_conversion_rate", JANUARY_TO_MARCH).value == \
                pytest.approx(3 / 6)
            assert store.rows("SELECT raw_status, decided_by FROM lead_status_map ORDER BY 1") == [
                ("Nouveau", "standard"), ("Signé", "user"), ("À rappeler", "user")]
        finally:
            store.close()
