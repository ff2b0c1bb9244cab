"""Query results as JSON knows them: for the CLIs' ``--format json`` and the figures a weekly review keeps."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd


def json_value(value: Any) -> Any:
    """Missing (None, NaN, NaT, NA) as null; a date in ISO form, and a date-time too (a DATE read through pandas
    comes back as midnight: it is written as the date); numpy scalars as Python numbers."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() and value.tzinfo is None else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "item"):
        value = value.item()
    return None if isinstance(value, float) and value != value else value


def json_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A small result as JSON-ready records."""
    return [{str(key): json_value(value) for key, value in row.items()} for row in frame.to_dict("records")]
