"""Pure formatting for the pages: figures and dates as the reader's language writes them, who made a write, a
CRM layout's name. Nothing here touches Streamlit or the session."""

from __future__ import annotations

import datetime as dt
from typing import Any

from smart import access
from smart.analytics import PERIOD_PRESETS, get_kpi
from smart.i18n import Translator
from ui.state import get_store


def who(t: Translator, email: Any) -> str:
    """Who made a write, as the tables record it: an e-mail, the person at the server (``local``), or a dash for
    a write made before SMART Pilot recorded it."""
    if not isinstance(email, str) or not email:
        return "–"
    return t("access.local") if email == access.LOCAL_EMAIL else email


def period_choice_name(t: Translator, choice: str) -> str:
    return t(f"period.{choice}" if choice in PERIOD_PRESETS else f"period.kind.{choice}")


def date_format(t: Translator) -> str:
    """The date format of st.date_input in the reader's language."""
    return "DD/MM/YYYY" if t.lang == "fr" else "YYYY-MM-DD"


def quarter_name(t: Translator, code: str) -> str:
    year, quarter = code.split("-Q")
    return t("period.quarter_name", quarter=quarter, year=year)


def first_and_last(covers: Any) -> tuple[dt.date, dt.date] | None:
    """A pair of dates (or anything with ``first`` and ``last``) in order; ``None`` for anything else."""
    pair = (getattr(covers, "first", None), getattr(covers, "last", None)) if hasattr(covers, "first") else covers
    if not isinstance(pair, tuple | list) or len(pair) != 2:
        return None
    first, last = (value.date() if isinstance(value, dt.datetime) else value for value in pair)
    if not (isinstance(first, dt.date) and isinstance(last, dt.date)) or first > last:
        return None
    return first, last


def profile_name(t: Translator, profile: str) -> str:
    """A CRM layout's name (HubSpot, Other CRM...); an unknown one as it is stored."""
    return t.get(f"import.profile.{profile}", profile)


def decimals_of(value: Any, most: int = 6) -> int:
    """How many decimals ``value`` has, up to ``most``."""
    fraction = f"{abs(float(value)):.{most}f}".split(".")[1].rstrip("0")
    return len(fraction)


def objective_measures(t: Translator, objectives: Any, columns: tuple[str, ...],
                       signed: tuple[str, ...] = ()) -> dict[str, list[str]]:
    """Figures of ``objectives_progress`` as text, each in its objective's KPI unit (``signed`` columns,
    such as the gap, with their sign): one list per column, ready for a display table."""
    units = [get_kpi(kpi, get_store()).unit for kpi in objectives["kpi"]]
    formats = {column: t.signed_measure if column in signed else t.measure for column in columns}
    return {column: [formats[column](unit, value, compact=True)
                     for unit, value in zip(units, objectives[column], strict=True)] for column in columns}


def kpi_change_text(t: Translator, unit: str, value: Any, previous: Any) -> str | None:
    """The change from ``previous`` to ``value``: relative for money and counts, points for rates, days for
    durations; ASCII minus first so that st.metric draws the arrow down."""
    if value is None or previous is None:
        return None
    if unit == "percent":
        text = t.points(value - previous)
    elif unit in ("days", "score"):
        text = t.signed_measure(unit, value - previous, compact=True)
    elif previous:
        text = t.signed_percent((value - previous) / abs(previous))
    else:
        return None
    return metric_delta(text)


def metric_delta(text: str) -> str:
    """A signed figure as st.metric's delta: its leading minus in ASCII, which is what makes Streamlit draw the
    arrow down (the Translator writes the typographic one)."""
    return "-" + text[1:] if text.startswith("−") else text

