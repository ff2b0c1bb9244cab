"""``objectives list`` writes its table without pandas: the very text pandas' ``to_string`` wrote (the reference),
whatever the columns hold."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import pytest

from smart.objectives.cli import LIST_COLUMNS, list_table, render


def row(objective_id: int, **changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "id": objective_id, "title": f"Objective {objective_id}", "kpi": "revenue", "scope_type": "company",
        "scope_value": None, "direction": "increase", "target_mode": "absolute", "target_input": 1500.0,
        "statistic": None, "grain": "month", "start_on": dt.date(2026, 1, 1), "deadline": dt.date(2026, 12, 31),
        "owner": None, "theme": None, "parent_id": None,
    }
    return values | changes


CASES = {
    "one plain objective": [row(1)],
    "a child with a fraction": [row(1), row(12, parent_id=1, scope_type="team", scope_value="Nord",
                                            target_input=0.125, owner="Zoé")],
    "every parent set": [row(3, parent_id=1), row(4, parent_id=2)],
    "tabs, line breaks, blanks and negatives": [
        row(1, title="tab\there", theme="line\nbreak", statistic="median", target_input=-3.5),
        row(2, title="   lead", target_input=12_345_678.0, theme="carriage\rreturn")],
    "unicode and long titles": [row(5, title="Cycle de vente moyen −20 jours " * 5, target_input=-20.0),
                                row(6, title="Génération de la demande", target_input=9.99999)],
    "ids of different widths": [row(7), row(1234, target_input=0.0)],
}


@pytest.mark.parametrize("rows", CASES.values(), ids=CASES.keys())
def test_the_table_is_the_one_pandas_wrote(rows: list[dict[str, Any]]) -> None:
    assert list_table(rows) == render(pd.DataFrame(rows, columns=list(LIST_COLUMNS)), "table")


def test_the_columns_are_typed_as_pandas_typed_them() -> None:
    text = list_table([row(1, title="Growth"), row(2, title="Win", parent_id=1, target_input=0.5, scope_value="Sud")])
    text = text.splitlines()
    assert text[0].split() == list(LIST_COLUMNS)
    first, second = text[1].split(), text[2].split()
    assert first[4] == "NaN" and first[8] == "None" and first[-1] == "NaN"  # texts, all-missing, numbers
    assert first[7] == "1,500" and second[7] == "0.5" and second[-1] == "1"


def test_no_objective_says_so() -> None:
    assert list_table([]) == "(no objectives)\n"
