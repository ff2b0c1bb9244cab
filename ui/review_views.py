"""The weekly review's slide, its notes and decisions, and its exports (``pages/review.py`` lays them out)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

import ui
from smart.access import WRITE_OBJECTIVES
from smart.i18n import Translator
from smart.review import Note, NoteError, Slide, Table, export_review, notes_of, save_note


def show_slide(slide: Slide) -> None:
    with st.container(border=True, key=f"review.slide.{slide.key}"):
        st.header(ui.plain(slide.title), anchor=False)
        if slide.status_label and slide.status:
            ui.status_badge(slide.status_label, slide.status)
        if slide.subtitle:
            st.subheader(ui.plain(slide.subtitle), anchor=False, divider="gray")
        if slide.metrics:
            for column, metric in zip(st.columns(len(slide.metrics)), slide.metrics, strict=True):
                column.metric(metric.label, metric.value, delta=metric.delta,
                              delta_color="off" if metric.good is None else "normal" if metric.good else "inverse",
                              delta_arrow="off", border=True)
        if slide.charts:
            for column, chart in zip(st.columns(len(slide.charts)), slide.charts, strict=True):
                column.altair_chart(chart, width="stretch")
        for table in slide.tables:
            show_table(table)
        for bullet in slide.bullets:
            st.markdown(f"#### {ui.plain(bullet)}")


def show_table(table: Table) -> None:
    st.subheader(ui.plain(table.title), anchor=False)
    if not table.rows:
        st.markdown(f"#### :gray[{ui.plain(table.empty)}]")
        return
    st.table({column: [ui.plain(row[i]) for row in table.rows] for i, column in enumerate(table.columns)},
             hide_index=True)


NOTE_OUTCOME = "review.note.outcome"


def save_typed_note(review_on: dt.date, figures: dict[str, Any], objective_id: int | None) -> None:
    """The Save button's callback: it runs before the page is drawn again, so the slide (the decisions slide lists
    them) and the notes below it show the new note at once. ``figures`` are those that were on screen."""
    try:
        save_note(ui.get_store(), review_on, st.session_state["review.kind"] or "note",
                  st.session_state["review.body"], figures, objective_id, actor=ui.viewer())
    except NoteError:
        st.session_state[NOTE_OUTCOME] = "empty"
    else:
        ui.clear_data_caches()
        st.session_state[NOTE_OUTCOME] = "saved"


def notes_box(t: Translator, review_on: dt.date, figures: dict[str, Any], slide: Slide, kept: list[Note]) -> None:
    st.subheader(t("review.page.notes"), anchor=False)
    if ui.may(WRITE_OBJECTIVES):
        note_form(t, review_on, figures, slide)
    if not kept:
        st.caption(t("review.page.no_notes"))
    for note in kept:
        st.markdown(f"**{t(f'review.kind.{note.kind}')}** — {ui.plain(note.body)}")
        st.caption(t("access.note_by", who=ui.plain(ui.who(t, note.created_by)),
                     when=t.date(note.created_at.date()) if note.created_at else "–"))


def note_form(t: Translator, review_on: dt.date, figures: dict[str, Any], slide: Slide) -> None:
    """A note or decision, kept with the figures on screen, by a manager or an admin."""
    with st.form("review.note", clear_on_submit=True, border=True):
        st.segmented_control(t("review.page.kind"), ("note", "decision"), default="note", key="review.kind",
                             format_func=lambda value: t(f"review.kind.{value}"), required=True)
        st.text_area(t("review.page.body"), key="review.body", height=100)
        st.form_submit_button(t("review.page.save"), icon=":material/save:", type="primary",
                              on_click=save_typed_note, args=(review_on, figures, slide.objective_id))
    outcome = st.session_state.pop(NOTE_OUTCOME, None)
    if outcome == "empty":
        st.warning(t("review.page.empty_note"), icon=":material/edit_note:")
    elif outcome == "saved":
        st.toast(t("review.page.saved"), icon=":material/check:")


def export_buttons(t: Translator, figures: dict[str, Any], review_on: dt.date) -> None:
    kept = ui.compute(notes_of, review_on)

    def render(fmt: str) -> bytes:
        return export_review(figures, t, kept, fmt)

    with st.container(horizontal=True, key="review.export"):
        st.download_button(t("review.page.pdf"), data=lambda: render("pdf"), file_name=f"review-{review_on}.pdf",
                           mime="application/pdf", icon=":material/picture_as_pdf:", on_click="ignore",
                           key="review.pdf")
        st.download_button(t("review.page.html"), data=lambda: render("html"), file_name=f"review-{review_on}.html",
                           mime="text/html", icon=":material/code:", on_click="ignore", key="review.html")
