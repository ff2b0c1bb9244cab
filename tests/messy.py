"""A company as real exports make it: 30 reps, odd names, and holes in every dimension.

Two weekly deals exports a week apart (so the stage history is as coarse as two exports), a leads file and an
objectives file, written here as a CRM would write them and imported through the importer a user's upload takes.
Reps include ``None``, ``null``, ``NaN``, quotes and emoji; a deal may have no owner, team, lead source, stage,
amount, creation or close date; a lead no owner, source or dates; a rep no team.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

from smart.ingest import import_file
from smart.storage import Store

SOURCE = "crm"
FIRST_EXPORT_ON = dt.date(2026, 11, 13)
SECOND_EXPORT_ON = dt.date(2026, 11, 20)
ODD_REPS = ("None", "null", "NaN", "O'Brien \"Bob\"", "Zoé 🚀", "Łukasz \"Żółć\" 😀")
REPS = tuple(f"Rep {number:02d}" for number in range(1, 25)) + ODD_REPS
TEAMS = ("North", "South", "None", "")  # a rep's team; "" leaves it without one
LEAD_SOURCES = ("Web", "Trade fair", "Referral", "None", "")
OPEN_STAGES = ("Appointment Scheduled", "Qualified To Buy", "Presentation Scheduled", "Contract Sent")
WON, LOST = "Closed Won", "Closed Lost"
DEALS_HEADER = ("Deal ID", "Deal Name", "Company", "Deal Owner", "Team", "Deal Stage", "Amount", "Create Date",
                "Close Date", "Lead Source")
LEADS_HEADER = ("Lead ID", "Full Name", "Company", "Lead Owner", "Lead Source", "Lead Status", "Created Date",
                "Qualified Date", "Converted Date")
OBJECTIVES_HEADER = ("title", "kpi", "scope_type", "scope_value", "direction", "target_mode", "target", "statistic",
                     "grain", "start", "deadline", "owner", "theme")
DEALS = 900
LEADS = 1500


def _team_of(rep: str) -> str:
    return TEAMS[REPS.index(rep) % len(TEAMS)]


def _deal(number: int, rng: random.Random) -> dict[str, str]:
    """One deal; every so often one of its fields is left blank, and the owner is blank for 1 deal in 23."""
    rep = "" if number % 23 == 0 else REPS[rng.randrange(len(REPS))]
    created = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(0, 680))
    closed = created + dt.timedelta(days=rng.randrange(3, 160))
    outcome = rng.random()
    if closed >= SECOND_EXPORT_ON or outcome < 0.25:
        stage, closed = OPEN_STAGES[rng.randrange(len(OPEN_STAGES))], max(closed, SECOND_EXPORT_ON)
    else:
        stage = WON if outcome < 0.62 else LOST
    return {
        "Deal ID": f"D-{number:04d}", "Deal Name": f"Deal {number}", "Company": f"Account {number % 170}",
        "Deal Owner": rep, "Team": _team_of(rep) if rep else "",
        "Deal Stage": "" if number % 29 == 0 else stage,
        "Amount": "" if number % 17 == 0 else str(rng.randrange(500, 90_000)),
        "Create Date": "" if number % 19 == 0 else created.isoformat(),
        "Close Date": "" if number % 31 == 0 else closed.isoformat(),
        "Lead Source": LEAD_SOURCES[rng.randrange(len(LEAD_SOURCES))],
    }


def _a_week_later(deal: dict[str, str], rng: random.Random) -> dict[str, str]:
    """The same deal in the next weekly export: most open deals have moved one stage on, a few have closed."""
    stage = deal["Deal Stage"]
    if stage not in OPEN_STAGES or rng.random() < 0.3:
        return deal
    position = OPEN_STAGES.index(stage)
    if position + 1 < len(OPEN_STAGES):
        return {**deal, "Deal Stage": OPEN_STAGES[position + 1]}
    return {**deal, "Deal Stage": WON, "Close Date": SECOND_EXPORT_ON.isoformat()}


def _lead(number: int, rng: random.Random) -> dict[str, str]:
    created = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(0, 690))
    qualified = created + dt.timedelta(days=rng.randrange(1, 30)) if rng.random() < 0.5 else None
    converted = qualified + dt.timedelta(days=rng.randrange(1, 60)) if qualified and rng.random() < 0.4 else None
    status = "Converted" if converted else "Qualified" if qualified else "New"
    return {
        "Lead ID": f"L-{number:05d}", "Full Name": f"Person {number}", "Company": f"Account {number % 300}",
        "Lead Owner": "" if number % 13 == 0 else REPS[rng.randrange(len(REPS))],
        "Lead Source": LEAD_SOURCES[rng.randrange(len(LEAD_SOURCES))],
        "Lead Status": status, "Created Date": "" if number % 41 == 0 else created.isoformat(),
        "Qualified Date": qualified.isoformat() if qualified and qualified <= SECOND_EXPORT_ON else "",
        "Converted Date": converted.isoformat() if converted and converted <= SECOND_EXPORT_ON else "",
    }


def _write(path: Path, header: tuple[str, ...], rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    return path


def _objectives(today: dt.date) -> list[dict[str, str]]:
    year = today.year
    common = {"direction": "increase", "target_mode": "relative_pct", "statistic": "", "grain": "year",
              "start": f"{year}-01-01", "deadline": f"{year}-12-31", "owner": "", "theme": ""}
    return [
        {**common, "title": "Revenue +10 %", "kpi": "revenue", "scope_type": "company", "scope_value": "",
         "target": "10"},
        {**common, "title": "Win rate of \"None\"", "kpi": "win_rate", "scope_type": "rep", "scope_value": "None",
         "target": "5"},
        {**common, "title": "Zoé 🚀 wins more", "kpi": "deals_won", "scope_type": "rep", "scope_value": "Zoé 🚀",
         "target": "20"},
        {**common, "title": "North grows", "kpi": "revenue", "scope_type": "team", "scope_value": "North",
         "target": "15"},
    ]


def write_messy_exports(folder: Path, today: dt.date, seed: int = 15) -> dict[str, Path]:
    """The files, as a CRM writes them: two deals exports a week apart (their day in the file name), the
    leads and the objectives."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    first = [_deal(number, rng) for number in range(1, DEALS + 1)]
    second = [_a_week_later(deal, rng) for deal in first]
    leads = [_lead(number, rng) for number in range(1, LEADS + 1)]
    return {
        "first": _write(folder / f"deals_{FIRST_EXPORT_ON.isoformat()}.csv", DEALS_HEADER, first),
        "second": _write(folder / f"deals_{SECOND_EXPORT_ON.isoformat()}.csv", DEALS_HEADER, second),
        "leads": _write(folder / "leads.csv", LEADS_HEADER, leads),
        "objectives": _write(folder / "objectives.csv", OBJECTIVES_HEADER, _objectives(today)),
    }


def build_messy_company(database: Path, folder: Path, today: dt.date) -> None:
    """Import the messy exports into ``database`` through the importer, oldest deals export first."""
    files = write_messy_exports(folder, today)
    store = Store(database)
    try:
        import_file(store, files["first"], kind="deals", source=SOURCE, observed_on=FIRST_EXPORT_ON,
                    default_currency="EUR")
        import_file(store, files["second"], kind="deals", source=SOURCE, observed_on=SECOND_EXPORT_ON,
                    default_currency="EUR")
        import_file(store, files["leads"], kind="leads", source=SOURCE, observed_on=SECOND_EXPORT_ON)
        import_file(store, files["objectives"], kind="objectives", source=SOURCE)
    finally:
        store.close()
