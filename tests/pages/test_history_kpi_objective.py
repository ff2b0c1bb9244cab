"""An objective on a KPI the catalogue does not know, found only in the imported KPI history (a churn rate from a
spreadsheet), is listed with its KPI's name and unit wherever objectives are: the Overview, Variance and Team pages
looked its KPI up without the database and failed on it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from smart.analytics import get_kpi
from smart.objectives import Objective, create_objective
from smart.storage import Store
from tests.test_app import run_page

TITLE = "Churn under 2 points"


@pytest.fixture
def churn_objective(app_db: Path) -> Path:
    store = Store(app_db)
    with store.transaction() as tx:
        tx.execute("INSERT INTO kpi_history (kpi, period, grain, scope, value, source) "
                   "SELECT 'churn', make_date(2025, m, 1), 'month', 'company', 3.0, 'sheet' FROM range(1, 13) r(m)")
        tx.execute("INSERT INTO kpi_history (kpi, period, grain, scope, value, source) "
                   "SELECT 'churn', make_date(2026, m, 1), 'month', 'company', 2.5, 'sheet' FROM range(1, 12) r(m)")
    create_objective(store, Objective(TITLE, "churn", 2.0, dt.date(2026, 1, 1), dt.date(2026, 12, 31),
                                      direction="decrease", target_mode="absolute", grain="year"))
    store.close()
    return app_db


@pytest.mark.parametrize("page", ["overview", "variance", "team"])
def test_an_objective_on_a_kpi_of_the_imported_history_is_shown(churn_objective: Path, page: str) -> None:
    at = run_page(page, "en")
    assert not at.exception, at.exception
    if page != "team":
        shown = [frame.value for frame in at.dataframe if "title" in frame.value.columns]
        assert any(TITLE in list(frame["title"]) for frame in shown)


def test_the_history_kpi_is_known_only_with_the_database(churn_objective: Path) -> None:
    store = Store(churn_objective)
    try:
        assert get_kpi("churn", store).label("en") == "churn"
    finally:
        store.close()
    with pytest.raises(ValueError, match="unknown KPI 'churn'"):
        get_kpi("churn")
