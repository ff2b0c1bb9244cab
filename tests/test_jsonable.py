"""JSON values of query results: one rule for the CLIs and the weekly review's kept figures."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pandas as pd
import pytest

from smart.jsonable import json_records, json_value


@pytest.mark.parametrize(("value", "expected"), [
    (None, None), (pd.NA, None), (pd.NaT, None), (float("nan"), None), (np.float64("nan"), None),
    (np.int64(3), 3), (np.float64(2.5), 2.5), (True, True), ("x", "x"),
    (dt.date(2024, 1, 2), "2024-01-02"), (pd.Timestamp("2024-01-02"), "2024-01-02"),
    (pd.Timestamp("2024-01-02 10:30"), "2024-01-02T10:30:00"), (dt.datetime(2024, 1, 2, 8, 5), "2024-01-02T08:05:00"),
])
def test_a_value_as_json_knows_it(value: object, expected: object) -> None:
    assert json_value(value) == expected


def test_records_of_a_frame_read_from_duckdb_dump_as_json() -> None:
    frame = pd.DataFrame({"day": pd.to_datetime(["2024-01-02", None]), "n": pd.array([1, None], dtype="Int64"),
                          "x": [0.5, np.nan]})
    records = json_records(frame)
    assert records == [{"day": "2024-01-02", "n": 1, "x": 0.5}, {"day": None, "n": None, "x": None}]
    assert json.loads(json.dumps(records)) == records
