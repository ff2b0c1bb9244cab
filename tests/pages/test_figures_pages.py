"""The pages on real-export shapes (AppTest): the Variance page's revenue bridge with deals and no leads; the
Conversion and Sales cycle pages with two CRMs and two pipelines (which one, kept in the URL); the Import page's stage
editor, pipeline by pipeline."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
from streamlit.elements.vega_charts import VegaLiteState

from smart.analytics.catalogue import CATALOGUE
from smart.i18n import Translator
from smart.ingest import import_file
from smart.storage import Store
from smart.text import plain
from tests.analytics.test_bridge_without_leads import DEALS
from tests.analytics.test_pipelines import HUBSPOT, PIPEDRIVE_ORDER, PIPEDRIVE_WEEK_1, PIPEDRIVE_WEEK_2
from tests.conftest import app_on
from tests.test_app import run_page


def chart_frames(at) -> list[pd.DataFrame]:
    """The data of every chart drawn on the page (Streamlit sends it beside the spec, as Arrow)."""
    return [pa.ipc.open_stream(dataset.data.data).read_pandas()
            for element in at.get("vega_lite_chart") for dataset in element.proto.datasets]


def chart_steps(at) -> set[tuple[str, ...]]:
    """The steps of the waterfalls drawn on the page (each layer of a chart carries its own copy of them)."""
    return {tuple(frame["step"]) for frame in chart_frames(at) if {"step", "kind"} <= set(frame.columns)}


@pytest.fixture
def deals_only_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A database holding one deals export and no leads file."""
    (tmp_path / "deals.csv").write_text(DEALS, encoding="utf-8")
    store = Store(tmp_path / "deals-only.duckdb")
    import_file(store, tmp_path / "deals.csv", kind="deals")
    store.close()
    with app_on(tmp_path / "deals-only.duckdb", monkeypatch) as database:
        yield database


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_variance_without_leads_bridges_deals_won_and_deal_size(deals_only_db: Path, lang: str) -> None:
    t = Translator(lang)
    at = run_page("variance", lang)
    assert not at.exception and not at.error
    assert t("empty.period") not in [info.value for info in at.info]
    assert chart_steps(at) == {(t("bridge.base_short"), t("bridge.deals_effect"), t("bridge.size_effect"),
                                t("bridge.current_short"))}
    table = at.dataframe(key="variance.by.owner").value.set_index("owner")
    assert list(table.columns) == ["base", "current", "change", "deals_effect", "size_effect"]
    # 2025 to 27 Nov against 2026 to 27 Nov, by hand: ana 4000 → 9000, bob 2000 → 1000, cy 0 → 4000.
    expected = pd.DataFrame({"base": [4000.0, 2000.0, 0.0], "current": [9000.0, 1000.0, 4000.0]},
                            index=pd.Index(["ana", "bob", "cy"]))
    pd.testing.assert_frame_equal(table[["base", "current"]].sort_index(), expected, check_names=False)
    assert table.loc["cy", "deals_effect"] == 4000.0 and table.loc["bob", "size_effect"] == pytest.approx(-1000.0)
    effects = table["deals_effect"] + table["size_effect"]
    pd.testing.assert_series_equal(effects, table["change"], check_names=False)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_overview_without_leads_shows_no_lead_figure_rather_than_zero(deals_only_db: Path, lang: str) -> None:
    t = Translator(lang)
    at = run_page("overview", lang)
    assert not at.exception and not at.error
    cards = {metric.label: metric.value for metric in at.metric}
    assert cards[CATALOGUE["qualified_leads"].short_label(t.lang)] == "–"
    assert t("overview.card.no_leads") in [caption.value for caption in at.caption]
    assert cards[CATALOGUE["deals_won"].short_label(t.lang)] not in ("–", "0")  # the deals' cards still count


@pytest.fixture
def two_crms_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Two weekly Pipedrive exports (no pipeline column: one pipeline) and a HubSpot export with two pipelines."""
    store = Store(tmp_path / "two-crms.duckdb")
    for name, text in (("deals_2026-03-01.csv", PIPEDRIVE_WEEK_1), ("deals_2026-03-08.csv", PIPEDRIVE_WEEK_2),
                       ("hubspot.csv", HUBSPOT)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        import_file(store, tmp_path / name)
    store.close()
    with app_on(tmp_path / "two-crms.duckdb", monkeypatch) as database:
        yield database


def funnel_stages(at) -> tuple[str, ...]:
    """The stages of the funnel drawn on the page (its bars' data)."""
    return next(tuple(frame["stage"]) for frame in chart_frames(at)
                if {"stage", "deals", "pct_of_first"} <= set(frame.columns))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_conversion_asks_which_pipeline_and_shows_its_funnel_only(two_crms_db: Path, lang: str) -> None:
    t = Translator(lang)
    at = run_page("conversion", lang)
    assert not at.exception and not at.error
    choice = at.selectbox(key="pipeline")
    assert choice.label == t("figures.pipeline")
    # The largest (8 deals in the period) first and chosen; the others named with their CRM.
    assert choice.options == [t("figures.pipeline.option", name="Pipedrive", deals="8"),
                              t("figures.pipeline.option", name="Sales Pipeline · HubSpot", deals="5"),
                              t("figures.pipeline.option", name="Renewals · HubSpot", deals="3")]
    assert choice.value == "pipedrive|"
    assert funnel_stages(at) == tuple(PIPEDRIVE_ORDER)
    choice.set_value("hubspot|Sales Pipeline").run()
    assert not at.exception and not at.error
    assert funnel_stages(at) == ("Appointment Scheduled", "Qualified to Buy", "Contract Sent", "Closed Won")
    assert at.query_params["pipeline"] == "hubspot|Sales Pipeline"


def test_a_link_reopens_a_pipeline_and_its_drill_down_lists_only_deals_that_reached_the_stage(
        two_crms_db: Path) -> None:
    at = run_page("conversion", "en", pipeline="hubspot|Renewals")
    assert funnel_stages(at) == ("Renewal Due", "Renewal Negotiation", "Closed Won")
    at.selectbox(key="pipeline").set_value("pipedrive|").run()
    # A click on the funnel's Demo/Meeting bar (the chart's selection, as the browser sends it).
    at.session_state["conversion.funnel"] = VegaLiteState({"selection": {"stage": [{"stage": "Demo/Meeting"}]}})
    at.run()
    assert not at.exception and not at.error
    deals = next(frame.value for frame in at.dataframe if "title" in frame.value.columns)
    # Reached Demo/Meeting or beyond in Pipedrive's own order: never a deal standing at "Lead", nor a HubSpot deal.
    assert sorted(deals["title"]) == ["a", "b", "c", "d", "g", "h"]
    assert "Lead" not in set(deals["stage"])


def test_time_in_stage_follows_the_chosen_pipeline(two_crms_db: Path) -> None:
    t = Translator("en")
    at = run_page("cycle", "en")
    assert not at.exception and not at.error
    stages = next(frame for frame in chart_frames(at) if {"stage", "median"} <= set(frame.columns))
    assert list(stages["stage"]) == ["Demo/Meeting"] and list(stages["median"]) == [7.0]
    at.selectbox(key="pipeline").set_value("hubspot|Sales Pipeline").run()
    assert t("empty.snapshots") in [info.value for info in at.info]


def test_the_stage_editor_shows_each_pipeline_and_saves_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "editor.duckdb"
    store = Store(path)
    with store.transaction() as tx:  # something imported already: the app loads no demo
        tx.execute("INSERT INTO imports (file_name, sha256, kind, profile, source, started_at) "
                   "VALUES ('reps.csv', 'x', 'reps', 'generic', 'crm', current_timestamp)")
    store.close()
    t = Translator("en")
    with app_on(path, monkeypatch):
        at = run_page("import", "en")
        at.file_uploader(key="import.file").set_value(("hubspot.csv", HUBSPOT.encode(), "text/csv"))
        at.run()
        assert not at.exception and not at.error
        titles = [expander.label for expander in at.expander]
        for pipeline in ("Sales Pipeline", "Renewals"):
            assert t("figures.stages.pipeline", pipeline=plain(pipeline)) in titles
        # The preview shows each pipeline's stages as the import would leave them: the guesses, before any import.
        renewals = next(frame for frame in at.dataframe if frame.key == "import.stages.hubspot.Renewals").value
        assert list(renewals["stage"]) == ["Renewal Due", "Renewal Negotiation", "Closed Won"]
        at.button(key="import.confirm").click().run()
        assert not at.exception and not at.error
        # "Renewal Due" was no stage of that pipeline: it is lost; saved for Renewals alone.
        at.session_state["import.stages.hubspot.Renewals"] = {
            "edited_rows": {"0": {"status": "lost"}}, "added_rows": [], "deleted_rows": []}
        at.run()
        at.button(key="import.save_stages.hubspot.Renewals").click().run()
        assert not at.exception and not at.error
        assert t("figures.stages.saved", count="1") in [s.value for s in at.success]
        store = Store(path)
        try:
            assert store.rows("SELECT raw_stage, status FROM stage_map WHERE source = 'hubspot' "
                              "AND pipeline = 'Renewals' ORDER BY funnel_order") == [
                ("Renewal Due", "lost"), ("Renewal Negotiation", "open"), ("Closed Won", "won")]
            assert store.rows("SELECT status FROM deals WHERE crm_id = 'R1'") == [("lost",)]
            assert store.rows("SELECT status FROM deals WHERE crm_id = 'H1'") == [("open",)]
        finally:
            store.close()
