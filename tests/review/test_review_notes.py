"""Two successive reviews: notes and decisions are kept with the figures shown, the second review says what
changed since the first, and a past review reopens exactly as it was even after the data changed."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from smart.analytics import Filters
from smart.analytics.deals import pushed_close_dates
from smart.i18n import Translator
from smart.ingest import undo_import
from smart.jsonable import json_records as records
from smart.review import NoteError, build_review, notes_of, previous_review, review_dates, save_note, saved_review
from smart.review.signals import MAX_ROWS
from smart.review.slides import slides
from smart.storage import Store
from tests.conftest import DEMO_TODAY

FIRST = DEMO_TODAY - dt.timedelta(days=7)


def won_revenue(store: Store, start: dt.date, end: dt.date) -> float:
    deals = store.df("SELECT status, amount, close_on FROM deals")
    deals["close_on"] = pd.to_datetime(deals["close_on"])
    won = deals[(deals["status"] == "won") & (deals["close_on"] >= pd.Timestamp(start))
                & (deals["close_on"] <= pd.Timestamp(end))]
    return float(won["amount"].sum())


def test_the_second_review_shows_what_changed_since_the_first(demo_store: Store) -> None:
    first = build_review(demo_store, FIRST)
    save_note(demo_store, FIRST, "note", "Le CA est en retard sur le rythme", first)
    save_note(demo_store, FIRST, "decision", "Relancer les 5 plus grosses affaires repoussées", first, objective_id=1)

    second = build_review(demo_store, DEMO_TODAY)
    assert second["previous_on"] == FIRST.isoformat()
    revenue_then = won_revenue(demo_store, dt.date(2026, 1, 1), FIRST)
    revenue_week = won_revenue(demo_store, FIRST + dt.timedelta(days=1), DEMO_TODAY)
    assert second["changes"]["objectives"]["1"]["actual"] == pytest.approx(revenue_then)
    assert second["objectives"][0]["actual"] == pytest.approx(revenue_then + revenue_week)
    assert revenue_week > 0

    t = Translator("en")
    deck = slides(second, t, notes_of(demo_store, DEMO_TODAY))
    headline = deck[0]
    assert headline.subtitle == "Review of 27 Nov 2026 · changes since the review of 20 Nov 2026"
    assert headline.tables[0].rows[0][-1] == "+" + t.compact_money(revenue_week)
    revenue_slide = deck[1]
    assert revenue_slide.metrics[0].delta == f"+{t.compact_money(revenue_week)} since last review"
    assert revenue_slide.metrics[0].good is True
    assert deck[-1].bullets[0] == "To follow up (decided on 20 Nov 2026): Relancer les 5 plus grosses affaires " \
                                  "repoussées"
    status_changes = [objective["title"] for objective in second["objectives"]
                      if objective["status"] != second["changes"]["objectives"][str(objective["id"])]["status"]]
    assert len(headline.bullets) == max(1, len(status_changes) + bool(second["changes"]["new_pushed"])
                                        + bool(second["changes"]["new_signals"]))


def data_as_it_was(demo_db_file: Path, tmp_path: Path, day: dt.date) -> Store:
    """The data of ``day``: a copy of the demo with its later CRM exports undone."""
    copy = tmp_path / "then.duckdb"
    shutil.copy(demo_db_file, copy)
    store = Store(copy)
    for (import_id,) in store.rows("SELECT id FROM imports WHERE kind = 'deals' AND observed_on > ? ORDER BY id DESC",
                                   [day]):
        undo_import(store, import_id)
    return store


def review_as_it_was(demo_db_file: Path, tmp_path: Path, day: dt.date) -> dict:
    """The review of ``day`` computed from the data of that day."""
    store = data_as_it_was(demo_db_file, tmp_path, day)
    figures = build_review(store, day)
    store.close()
    return figures


def open_deals_pushed_since(store: Store, day: dt.date) -> set[str]:
    """Keys of the open deals whose close date moved later after ``day``, from their history with pandas."""
    history = store.df("SELECT crm_id, observed_on, close_on FROM deal_history").sort_values(["crm_id", "observed_on"])
    history["pushed"] = history["close_on"] > history.groupby("crm_id")["close_on"].shift()
    deals = store.df("SELECT source, crm_id, status FROM deals").set_index("crm_id")
    pushed_since = history[history["pushed"] & (history["observed_on"] > pd.Timestamp(day))]["crm_id"].unique()
    return {f"{deals.at[crm_id, 'source']}|{crm_id}" for crm_id in pushed_since if deals.at[crm_id, "status"] == "open"}


def test_every_deal_pushed_since_the_last_review_is_counted_not_only_those_shown(
        demo_db_file: Path, demo_store: Store, tmp_path: Path) -> None:
    save_note(demo_store, FIRST, "note", "Point pipeline", review_as_it_was(demo_db_file, tmp_path, FIRST))
    second = build_review(demo_store, DEMO_TODAY)
    reference = open_deals_pushed_since(demo_store, FIRST)
    assert sorted(second["changes"]["new_pushed"]) == sorted(reference)
    assert len(reference) > MAX_ROWS

    deck = slides(second, Translator("en"))
    assert f"{len(reference)} deal(s) newly pushed since the last review" in deck[0].bullets
    pushed_table = next(slide for slide in deck if slide.key == "signals").tables[1]
    keys = [f"{deal['source']}|{deal['crm_id']}" for deal in second["signals"]["pushed"]]
    marked = [row[0].startswith("● ") for row in pushed_table.rows]
    assert marked == [key in reference for key in keys]
    assert any(marked) and not all(marked)


def test_a_past_review_reopens_exactly_as_it_was_after_the_data_changed(demo_store: Store) -> None:
    shown = build_review(demo_store, FIRST)
    save_note(demo_store, FIRST, "note", "Point sur le pipeline", shown)
    with demo_store.transaction() as tx:
        tx.execute("DELETE FROM deals WHERE owner = 'Camille Laurent' AND status = 'won'")
    recomputed = build_review(demo_store, FIRST)
    assert recomputed["objectives"][0]["actual"] < shown["objectives"][0]["actual"]
    assert saved_review(demo_store, FIRST) == json.loads(json.dumps(shown))
    assert previous_review(demo_store, DEMO_TODAY) == saved_review(demo_store, FIRST)
    assert review_dates(demo_store) == [FIRST]
    stored = demo_store.rows("SELECT review_on, kind, body, objective_id FROM review_notes")
    assert stored == [(FIRST, "note", "Point sur le pipeline", None)]


def test_a_note_that_cannot_be_saved_changes_nothing(demo_store: Store) -> None:
    with pytest.raises(NoteError, match="empty"):
        save_note(demo_store, FIRST, "note", "   ", {"review_on": FIRST.isoformat()})
    with pytest.raises(NoteError, match="kind"):
        save_note(demo_store, FIRST, "minutes", "text", {"review_on": FIRST.isoformat()})
    assert demo_store.scalar("SELECT count(*) FROM review_notes") == 0
    assert saved_review(demo_store, FIRST) is None and previous_review(demo_store, DEMO_TODAY) is None


def test_a_review_kept_before_deals_carried_their_crm_key_still_tells_the_newly_pushed(
        demo_db_file: Path, demo_store: Store, tmp_path: Path) -> None:
    """An older snapshot counted each pushed deal under its title, account and first close date: matched that
    way, the deals pushed since are those the CRM keys give (they all read "new" before: 80 of 80)."""
    then_store = data_as_it_was(demo_db_file, tmp_path, FIRST)
    then = build_review(then_store, FIRST)
    pushed_then = records(pushed_close_dates(then_store, Filters()))
    then_store.close()
    old = {**then, "signals": {**then["signals"],
                               "pushed": [{k: v for k, v in deal.items() if k not in ("source", "crm_id")}
                                          for deal in then["signals"]["pushed"]],
                               "pushes": {f"{deal['title']}|{deal['account']}|{deal['first_close_on']}":
                                          deal["pushes"] for deal in pushed_then}}}
    save_note(demo_store, FIRST, "note", "Point pipeline", old)
    second = build_review(demo_store, DEMO_TODAY)
    reference = open_deals_pushed_since(demo_store, FIRST)
    assert sorted(second["changes"]["new_pushed"]) == sorted(reference)
    assert len(reference) < len(second["signals"]["pushes"])
