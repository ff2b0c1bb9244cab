"""The day an export describes: given, read from the file name in every common form (real dates only), else
today with a note; and the Overview's newest activity, which never reads the day of an import."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from smart.clock import TODAY_ENV_VAR
from smart.freshness import freshness
from smart.i18n import Translator
from smart.ingest import import_file
from smart.ingest.export_date import date_in_name, export_date
from smart.storage import Store
from tests.conftest import DEMO_TODAY, REPO_ROOT

APRIL_13 = dt.date(2024, 4, 13)
# A pipeline export of 2024: no date in its name, none given.
PIPELINE = ("Deal ID,Deal Name,Deal Stage,Amount,Create Date,Close Date,Deal Owner\n"
            "A1,First,Closed Won,1200,2024-01-08,2024-03-18,ann@example.com\n"
            "A2,Second,Closed Lost,800,2024-02-05,2024-04-22,bob@example.com\n"
            "A3,Third,Contract Sent,5000,2024-05-27,2026-12-15,ann@example.com\n")


@pytest.mark.parametrize(("name", "text", "form"), [
    ("deals_2024-04-13.csv", "2024-04-13", "ymd"),
    ("2024-04-13 export.xlsx", "2024-04-13", "ymd"),
    ("export_13042024.csv", "13042024", "dmy"),
    ("export-20240413.csv", "20240413", "ymd"),
    ("pipeline 13-04-2024.csv", "13-04-2024", "dmy"),
    ("13.04.2024.csv", "13.04.2024", "dmy"),
    ("affaires_2024_04_13.xlsx", "2024_04_13", "ymd"),
    ("Opportunités 2024.04.13 (2).csv", "2024.04.13", "ymd"),
    ("export-20240413-101500.csv", "20240413", "ymd"),
    ("Pipeline-2024-04-13-10-15-00.csv", "2024-04-13", "ymd"),  # a timestamp: its date
    ("deals_2024-04-13_2024-04-13.csv", "2024-04-13", "ymd"),  # the same day twice is one date
])
def test_a_date_in_the_file_name_in_every_common_form(name: str, text: str, form: str) -> None:
    found = date_in_name(name, DEMO_TODAY)
    assert found is not None and (found.day, found.text, found.form) == (APRIL_13, text, form)


def test_the_29th_of_february_only_in_a_leap_year() -> None:
    assert date_in_name("export_29022024.csv", DEMO_TODAY).day == dt.date(2024, 2, 29)
    assert date_in_name("export_20240229.csv", DEMO_TODAY).day == dt.date(2024, 2, 29)
    assert date_in_name("export_29022023.csv", DEMO_TODAY) is None
    assert date_in_name("export_2023-02-29.csv", DEMO_TODAY) is None


@pytest.mark.parametrize("name", [
    "report_20241399.csv",  # neither 2024-13-99 nor 20/24/1399
    "deals.csv",
    "export_31042024.csv",  # 31 April
    "export_2024-04-31.csv",
    "report1681385700000.csv",  # a timestamp in milliseconds, not a date
    "deals_v2.1.csv",
    "deals_2024-01-01_2024-03-31.csv",  # two different days: either could be the export's
    "deals_2027-01-01.csv",  # after today: not the day of an export
    "deals_18990101.csv",
    "export_13-04-24.csv",  # a two-digit year is left to the user
    "export_2024041399.csv",  # ten digits: part of something else
    "export_1320240413.csv",
])
def test_anything_but_one_real_past_date_is_refused(name: str) -> None:
    assert date_in_name(name, DEMO_TODAY) is None


def test_the_day_given_wins_then_the_name_then_today() -> None:
    given = export_date(dt.date(2024, 5, 1), "deals_2024-04-13.csv", DEMO_TODAY)
    assert (given.day, given.origin, given.note) == (dt.date(2024, 5, 1), "given", None)
    named = export_date(None, "export_13042024.csv", DEMO_TODAY)
    assert (named.day, named.origin) == (APRIL_13, "file_name")
    assert named.note == ('Export date 13 Apr 2024, read from the file name ("13042024", as day-month-year): it '
                          "dates the deals' history.")
    assert named.note.in_language(Translator("fr")) == (
        "Date d'export 13 avr. 2024, lue dans le nom du fichier (« 13042024 », en jour-mois-année) : elle date "
        "l'historique des affaires.")
    today = export_date(None, "pipeline.csv", DEMO_TODAY)
    assert (today.day, today.origin) == (DEMO_TODAY, "today")
    assert "dated today (27 Nov 2026)" in today.note and "--as-of" in today.note


def test_an_import_is_dated_by_its_file_name(store: Store, write: Callable[..., Path]) -> None:
    result = import_file(store, write("export_13042024.csv", PIPELINE), kind="deals")
    assert (result.observed_on, result.observed_from) == (APRIL_13, "file_name")
    assert any("read from the file name" in note for note in result.notes)
    assert store.rows("SELECT DISTINCT observed_on FROM deal_history") == [(APRIL_13,)]
    assert store.scalar("SELECT observed_on FROM imports") == APRIL_13


def test_newest_activity_after_an_import_without_an_export_date(store: Store, write: Callable[..., Path]) -> None:
    """The import is dated today (nothing said otherwise) but the newest activity is the file's latest date: a
    creation or a close of a won or lost deal (the open deal's close date is a forecast)."""
    path = write("pipeline.csv", PIPELINE)
    result = import_file(store, path, kind="deals")
    assert (result.observed_on, result.observed_from) == (DEMO_TODAY, "today")
    assert store.scalar("SELECT observed_on FROM imports") == DEMO_TODAY
    frame = pd.read_csv(path, parse_dates=["Create Date", "Close Date"])
    closed = frame[frame["Deal Stage"].isin(["Closed Won", "Closed Lost"])]
    newest = max(frame["Create Date"].max(), closed["Close Date"].max()).date()
    fresh = freshness(store, DEMO_TODAY)
    assert fresh.newest_fact == newest == dt.date(2024, 5, 27)
    assert fresh.age_days == (DEMO_TODAY - newest).days


def test_the_cli_dates_an_import_without_export_date_today_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "pipeline.csv"
    path.write_text(PIPELINE)
    env = {**os.environ, TODAY_ENV_VAR: DEMO_TODAY.isoformat()}
    done = subprocess.run([sys.executable, "-m", "smart", "import", str(path), "--kind", "deals", "--format", "json",
                           "--db", str(tmp_path / "cli.duckdb")], cwd=REPO_ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert (result["observed_on"], result["observed_from"]) == ("2026-11-27", "today")
    assert [note for note in result["notes"] if "export date" in note.lower()] == [
        "No export date was given and the file name holds none: the deals' history is dated today (27 Nov 2026). "
        "If the file was exported on another day, give that day (--as-of, or \"Export taken on\" on the Import "
        "page)."]
    dated = subprocess.run([sys.executable, "-m", "smart", "import", str(path), "--kind", "deals", "--as-of",
                            "2024-06-01", "--dry-run", "--db", str(tmp_path / "cli.duckdb")], cwd=REPO_ROOT, env=env,
                           capture_output=True, text=True, timeout=120)
    assert dated.returncode == 0, dated.stderr
    assert "export date" not in dated.stdout.lower()
