"""``DEALS_WITH_PAST_STATES``: every deal whose history (``deal_history``) holds more than one state is in it, whatever
wrote that history (the demo's weekly snapshots, the before-image of a deal a later export changed, a stage history
file), and a deal seen only as it stands is not. Time in stage, pushed close dates and the funnel read the history of
those deals only: what they return is checked against the whole history in tests/ingest/test_history.py and
tests/pages/test_time_in_stage.py."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from smart.analytics import Filters, time_in_stage
from smart.analytics.deals import pushed_close_dates
from smart.ingest import import_file, undo_import
from smart.storage import DEALS_WITH_PAST_STATES, Store
from tests.ingest.test_history import DEALS_SEEN_ON, SF_CHANGES, sf_deals_text, sf_history_text

# A Salesforce deal in none of SF_CHANGES: its only past is the before-image the second export leaves.
WAYNE_FIRST = "0070,Wayne,001A,Prospecting,700,2025-05-31,2025-01-02T08:00:00.000+0000,,,005A1,Pipeline"
WAYNE_LATER = "0070,Wayne,001A,Qualification,700,2025-06-30,2025-01-02T08:00:00.000+0000,,,005A1,Pipeline"


def keys(store: Store, sql: str) -> set[tuple[str, str]]:
    return {(source, crm_id) for source, crm_id in store.rows(sql)}


def several_states(store: Store) -> set[tuple[str, str]]:
    return keys(store, "SELECT source, crm_id FROM deal_history GROUP BY ALL HAVING count(*) > 1")


def past_states(store: Store) -> set[tuple[str, str]]:
    return keys(store, DEALS_WITH_PAST_STATES)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_every_deal_with_several_states_has_a_past_and_no_other(demo_store: Store, tmp_path: Path) -> None:
    store = demo_store
    snapshotted = several_states(store)
    assert snapshotted, "the demo's weekly exports give deals several states"
    assert snapshotted == past_states(store)

    import_file(store, write(tmp_path, "Opportunity.csv", sf_deals_text() + WAYNE_FIRST + "\n"),
                observed_on=DEALS_SEEN_ON)
    assert ("salesforce", "0070") not in several_states(store) | past_states(store)
    later = import_file(store, write(tmp_path, "Opportunity_later.csv", sf_deals_text() + WAYNE_LATER + "\n"),
                        observed_on=DEALS_SEEN_ON + dt.timedelta(days=7))
    assert ("salesforce", "0070") in several_states(store)
    history = import_file(store, write(tmp_path, "OpportunityHistory.csv", sf_history_text(SF_CHANGES)))
    # Each deal the history file changed (0069's changes have no deal yet: no state shows).
    changed = {("salesforce", deal) for deal in ("0061", "0062", "0063", "0064", "0065")}
    assert several_states(store) == past_states(store) == snapshotted | changed | {("salesforce", "0070")}

    undo_import(store, history.import_id)
    assert several_states(store) == past_states(store) == snapshotted | {("salesforce", "0070")}
    undo_import(store, later.import_id)
    assert several_states(store) == past_states(store) == snapshotted


def test_deals_without_a_past_change_nothing_the_readers_of_stage_moves_return(demo_store: Store,
                                                                                 tmp_path: Path) -> None:
    """A thousand deals seen once, as they stand: the history's readers return what they returned without them."""
    store = demo_store
    everything = Filters()
    before = (time_in_stage(store, everything), pushed_close_dates(store, everything))
    lines = [sf_deals_text().rstrip("\n")] + [
        f"09{i:04d},Deal {i},001A,Prospecting,{100 + i},2026-12-31,2025-01-02T08:00:00.000+0000,,,005A1,Pipeline"
        for i in range(1000)]
    import_file(store, write(tmp_path, "Opportunity.csv", "\n".join(lines) + "\n"), observed_on=DEALS_SEEN_ON)
    after = (time_in_stage(store, everything), pushed_close_dates(store, everything))
    assert before[0].equals(after[0]) and before[1].equals(after[1])
    assert store.scalar("SELECT count(*) FROM deals WHERE source = 'salesforce'") == 1005
