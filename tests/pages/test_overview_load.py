"""The Overview's pushed-back deals on a company where more slip than a page lists: counted and summed in SQL, the
ones pushed back the most listed, drawn once their expander is opened, and every one in the downloads, read when a
download is clicked (outside the script run, as Streamlit's server does)."""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager

from smart.analytics import Filters
from smart.analytics import deals as views
from smart.i18n import Translator
from smart.storage import Store
from tests.pages.test_analysis_pages import table_with
from tests.test_app import run_page

PUSHED_OPEN_KEY = "overview.pushed.open"
EN = Translator("en")


def pushed_reference(deals: pd.DataFrame, history: pd.DataFrame) -> pd.DataFrame:
    """Open deals whose close date moved later between two successive states of their history, in plain pandas:
    how many times, and how many days from the first close date seen to today's; pushed back the most first."""
    history = history.sort_values(["source", "crm_id", "observed_on"])
    keys = [history["source"], history["crm_id"]]
    pushed = history["close_on"] > history.groupby(keys)["close_on"].shift(1)
    per_deal = pd.DataFrame({
        "pushes": pushed.groupby(keys).sum(),
        "first_close_on": history.dropna(subset=["close_on"]).groupby(["source", "crm_id"])["close_on"].first(),
    }).reset_index()
    per_deal = per_deal[per_deal["pushes"] > 0]
    open_deals = deals[deals["status"] == "open"][["source", "crm_id", "title", "owner", "amount", "close_on"]]
    found = per_deal.merge(open_deals, on=["source", "crm_id"])
    found["days_pushed"] = (pd.to_datetime(found["close_on"]) - pd.to_datetime(found["first_close_on"])).dt.days
    return found.sort_values(["pushes", "days_pushed", "amount", "title"],
                             ascending=[False, False, False, True]).reset_index(drop=True)


def deferred_downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, Callable[[], Any]]:
    """The downloads registered to be built when clicked, by file name (the latest run's)."""
    registered: dict[str, Callable[[], Any]] = {}
    original = MediaFileManager.add_deferred

    def spy(self: MediaFileManager, data_callable: Callable[[], Any], mimetype: str | None, coordinates: str,
            file_name: str | None = None, **options: Any) -> str:
        registered[file_name or coordinates] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name, **options)

    monkeypatch.setattr(MediaFileManager, "add_deferred", spy)
    return registered


def clicked(download: Callable[[], Any]) -> Any:
    """What a download gives when clicked: built in a thread of its own, with no session, as the server does."""
    result: list[Any] = []
    worker = threading.Thread(target=lambda: result.append(download()))
    worker.start()
    worker.join(timeout=60)
    return result[0]


def test_pushed_back_counts_sums_and_lists_like_pandas(app_db: Path, demo_tables: dict[str, pd.DataFrame]) -> None:
    expected = pushed_reference(demo_tables["deals"], demo_tables["deal_history"])
    assert len(expected) > 10
    store = Store(app_db)
    try:
        pushed = views.pushed_back(store, Filters(), limit=10)
        everything = views.pushed_back(store, Filters(), limit=len(expected))
        empty = views.pushed_back(store, Filters(owners=("Nobody at all",)))
    finally:
        store.close()
    assert pushed.deals == everything.deals == len(expected)
    assert pushed.amount == pytest.approx(expected["amount"].sum())
    assert len(pushed.listed) == 10
    columns = ["title", "pushes", "days_pushed", "amount"]
    pd.testing.assert_frame_equal(pushed.listed[columns], expected[columns].head(10), check_dtype=False)
    assert sorted(everything.listed["crm_id"]) == sorted(expected["crm_id"])
    assert (empty.deals, empty.amount, len(empty.listed)) == (0, 0.0, 0)


def test_the_overview_lists_the_deals_pushed_back_the_most_and_downloads_them_all(
        app_db: Path, demo_tables: dict[str, pd.DataFrame], monkeypatch: pytest.MonkeyPatch) -> None:
    expected = pushed_reference(demo_tables["deals"], demo_tables["deal_history"])
    monkeypatch.setattr(views, "DRILL_LIMIT", 10)
    downloads = deferred_downloads(monkeypatch)
    at = run_page("overview", "en")
    assert not at.exception and not at.error
    assert "overview.pushed.csv" not in downloads  # closed: neither drawn nor read
    at.session_state[PUSHED_OPEN_KEY] = True
    at.run()
    assert not at.exception and not at.error
    listed = EN("load.pushed.listed", shown=EN.number(10), count=EN.number(len(expected)))
    assert listed in [caption.value for caption in at.caption]
    table = table_with(at, "pushes")
    assert list(table["title"]) == list(expected["title"].head(10))
    assert list(table["pushes"]) == list(expected["pushes"].head(10))
    csv = pd.read_csv(io.BytesIO(clicked(downloads["overview.pushed.csv"])), encoding="utf-8-sig")
    assert len(csv) == len(expected)
    assert sorted(csv[EN("deal.title")]) == sorted(expected["title"])
    assert csv[EN("deal.pushes")].sum() == expected["pushes"].sum()


def test_a_complete_list_is_drawn_once_opened_and_downloads_what_it_shows(
        app_db: Path, demo_tables: dict[str, pd.DataFrame], csv_downloads: list[bytes]) -> None:
    expected = pushed_reference(demo_tables["deals"], demo_tables["deal_history"])
    assert len(expected) <= views.DRILL_LIMIT
    at = run_page("overview", "en")
    assert not [frame for frame in at.dataframe if "pushes" in frame.value.columns]  # closed: not drawn
    assert not [data for data in csv_downloads if EN("deal.pushes").encode() in data]
    at.session_state[PUSHED_OPEN_KEY] = True
    at.run()
    said = EN("load.pushed.listed").split("}")[1].split("{")[0]  # " deals pushed back the most, of "
    assert not [caption for caption in at.caption if said in caption.value]
    assert len(table_with(at, "pushes")) == len(expected)
    (csv,) = [pd.read_csv(io.BytesIO(data), encoding="utf-8-sig") for data in csv_downloads
              if EN("deal.pushes").encode() in data]
    assert sorted(csv[EN("deal.title")]) == sorted(expected["title"])
