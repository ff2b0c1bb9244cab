"""Query results as JSON and CSV know them: for the CLIs' ``--format json|csv`` and the figures a weekly review
keeps. Numbers are written exactly: reading a figure back gives the very float that was computed."""

from __future__ import annotations

import datetime as dt
import math
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


def exact_number(value: float) -> str:
    """A float as text that reads back as the same float: a whole number without a decimal point (``4000``), any
    other as Python's shortest round-trip form (``123456789.625``, ``0.30000000000000004``); never rounded to a
    number of significant digits. Missing is empty."""
    number = float(value)
    if math.isnan(number):
        return ""
    if math.isfinite(number) and number.is_integer():
        return str(int(number))
    return repr(number)


def exact_csv(frame: pd.DataFrame) -> str:
    """A small result as CSV (``\\n`` line ends, no index) with every float column written by ``exact_number``."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_float_dtype(out[column]):
            out[column] = [exact_number(value) for value in out[column]]
    return str(out.to_csv(index=False, lineterminator="\n"))
