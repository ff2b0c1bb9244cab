"""What the Objectives page's views share: figures in the KPI's unit, the target as stated, the SMART card."""

from __future__ import annotations

import datetime as dt

import streamlit as st

import ui
from smart.analytics import get_kpi
from smart.i18n import Translator
from smart.objectives import (
    Objective,
    Progress,
)

LEVEL_ICONS = {"pass": ":material/check_circle:", "warning": ":material/warning:", "fail": ":material/cancel:"}
LEVEL_COLORS = {"pass": "green", "warning": "orange", "fail": "red"}


def fmt(t: Translator, kpi_id: str, value: float | None) -> str:
    return t.measure(get_kpi(kpi_id, ui.get_store()).unit, value)


def target_text(t: Translator, objective: Objective) -> str:
    """The target as stated: +15 % vs baseline, 200 per month, −20 days..."""
    kpi = get_kpi(objective.kpi, ui.get_store())
    value = objective.target_input
    if objective.target_mode == "relative_pct":
        text = t.signed_percent((value or 0) / 100)
    elif objective.target_mode == "points":
        text = t.points((value or 0) / 100)
    elif objective.target_mode == "delta":
        text = t.signed_measure(kpi.unit, value)
    else:
        text = t.measure(kpi.unit, value)
    if kpi.additive and objective.grain != "year":
        text += " " + t(f"objectives.grain.{objective.grain}")
    return text


def render_card(t: Translator, objective: Objective, today: dt.date, key: str, known: Progress | None = None) -> None:
    """The SMART card: one column per letter, with its level, reason and suggestion."""
    report = ui.smart_check(objective, t.lang, today, known)
    columns = st.columns(5)
    for column, letter in zip(columns, report.letters, strict=True):
        with column.container(border=True, key=f"{key}.{letter.letter}"):
            st.markdown(f"**{letter.letter}** · {t(f'objectives.letter.{letter.letter}')}")
            st.badge(t(f"objectives.level.{letter.level}"), icon=LEVEL_ICONS[letter.level],
                     color=LEVEL_COLORS[letter.level])
            st.write(ui.plain(letter.reason))
            st.caption(ui.plain(letter.suggestion))


