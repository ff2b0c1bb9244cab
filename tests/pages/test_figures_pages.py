"""The pages on real-export shapes (AppTest): the Variance page's revenue bridge with deals and no leads."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest

from smart.i18n import Translator
from smart.ingest import import_file
from smart.storage import Store
from tests.analytics.test_bridge_without_leads import DEALS
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
