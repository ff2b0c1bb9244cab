"""A company whose data lies two years before the tests' today (2026-11-27): two weekly HubSpot-style deals exports
of September 2024 and a leads export, written as CSV by the tests and imported through the importer, with the
plain-pandas figures they hold (read back from the CSV files, not from the database)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from smart.ingest import import_file
from smart.storage import Store

DEALS_HEADER = "Deal ID,Deal Name,Deal Stage,Amount,Create Date,Close Date,Deal Owner"
LEADS_HEADER = "Lead ID,Full Name,Company,Lead Status,Create Date,Qualified Date,Converted Date,Owner"
FIRST_EXPORT, SECOND_EXPORT = dt.date(2024, 9, 9), dt.date(2024, 9, 16)
OWNERS = ("ann@example.com", "bob@example.com", "chloe@example.com")
WON_IN_SECOND = (2, 5, 8)  # open deals the second export shows won
MOVED_IN_SECOND = (11, 14)  # open deals the second export shows one stage further
DEALS = 36
LEADS = 24


@dataclass(frozen=True)
class PastExports:
    first_deals: Path
    second_deals: Path
    leads: Path


def _deal(i: int, second: bool) -> str:
    created = dt.date(2024, 3, 4) + dt.timedelta(days=4 * i)
    amount = 1000 + 137 * i
    if i % 3 == 0:
        stage, close = "Closed Won", created + dt.timedelta(days=30 + i)
    elif i % 3 == 1:
        stage, close = "Closed Lost", created + dt.timedelta(days=20)
    elif second and i in WON_IN_SECOND:
        stage, close = "Closed Won", dt.date(2024, 9, 12)
    else:
        stage = "Decision Maker Bought-In" if second and i in MOVED_IN_SECOND else "Contract Sent"
        close = dt.date(2024, 10, 15) + dt.timedelta(days=i)
    return f"P{i},Deal {i},{stage},{amount},{created.isoformat()},{close.isoformat()},{OWNERS[i // 3 % 3]}"


def _lead(i: int) -> str:
    created = dt.date(2024, 2, 12) + dt.timedelta(days=5 * i)
    qualified = created + dt.timedelta(days=6) if i % 2 == 0 else None
    converted = created + dt.timedelta(days=20) if i % 4 == 0 else None
    status = "Converted" if converted else "Qualified" if qualified else "New"
    return ",".join([f"L{i}", f"Lead {i}", f"Company {i}", status, created.isoformat(),
                     qualified.isoformat() if qualified else "", converted.isoformat() if converted else "",
                     OWNERS[i % 3]])


def write_past_exports(folder: Path) -> PastExports:
    """The three files, named as a CRM names its exports (the deals ones with their export day)."""
    folder.mkdir(parents=True, exist_ok=True)
    exports = PastExports(folder / f"deals_{FIRST_EXPORT.isoformat()}.csv",
                          folder / f"deals_{SECOND_EXPORT.isoformat()}.csv", folder / "leads.csv")
    for path, second in ((exports.first_deals, False), (exports.second_deals, True)):
        path.write_text("\n".join([DEALS_HEADER, *(_deal(i, second) for i in range(DEALS))]) + "\n")
    exports.leads.write_text("\n".join([LEADS_HEADER, *(_lead(i) for i in range(LEADS))]) + "\n")
    return exports


def import_past_exports(store: Store, exports: PastExports) -> None:
    """Through the importer, as a manager would: the two weekly exports in order (dated by their names), then
    the leads."""
    import_file(store, exports.first_deals, kind="deals")
    import_file(store, exports.second_deals, kind="deals")
    import_file(store, exports.leads, kind="leads")


def past_database(path: Path) -> Path:
    store = Store(path)
    try:
        import_past_exports(store, write_past_exports(path.parent / "past-exports"))
    finally:
        store.close()
    return path


def _dates(frame: pd.DataFrame, column: str) -> pd.Series:
    return pd.to_datetime(frame[column], format="%Y-%m-%d").dropna().dt.date


def activity_reference(exports: PastExports) -> pd.Series:
    """Every activity date the files hold, in plain pandas: deals created, deals closed won or lost (as the last
    export shows them), leads created, qualified and converted, and the day of the second export for each deal
    whose stage it shows changed."""
    first = pd.read_csv(exports.first_deals)
    last = pd.read_csv(exports.second_deals)
    leads = pd.read_csv(exports.leads)
    closed = last[last["Deal Stage"].isin(["Closed Won", "Closed Lost"])]
    changed = last.merge(first, on="Deal ID", suffixes=("", "_before"))
    changed = changed[changed["Deal Stage"] != changed["Deal Stage_before"]]
    parts = [_dates(last, "Create Date"), _dates(closed, "Close Date"), _dates(leads, "Create Date"),
             _dates(leads, "Qualified Date"), _dates(leads, "Converted Date"),
             pd.Series([SECOND_EXPORT] * len(changed), dtype=object)]
    return pd.concat(parts, ignore_index=True)


def won_revenue(exports: PastExports, start: dt.date, end: dt.date) -> float:
    """Revenue won between ``start`` and ``end`` (by close date), from the last export, in plain pandas."""
    deals = pd.read_csv(exports.second_deals)
    close = pd.to_datetime(deals["Close Date"]).dt.date
    won = deals[(deals["Deal Stage"] == "Closed Won") & (close >= start) & (close <= end)]
    return float(won["Amount"].sum())
