"""Weekly review: a presentation for the team meeting, one slide at a time, notes and decisions kept.

The sidebar starts collapsed (``st.set_page_config`` may be called again by a page since Streamlit 1.44), the
slide number lives in the URL (``?slide=3``) and a past review (``?review=2026-11-20``) reopens from its
snapshot, exactly as it was shown. Each viewer sees the review of their scope (a rep their own figures, a team's
manager their team's) and the past reviews of that scope; managers and admins write its notes and decisions.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

import ui
from smart.access import WRITE_OBJECTIVES
from smart.review import NoteError, build_review, export_review, notes_of, review_dates, save_note, saved_review
from smart.review.notes import Note
from smart.review.slides import Slide, Table, slide_at, slide_titles

ui.require_frame()
st.set_page_config(layout="wide", initial_sidebar_state="collapsed")
t = ui.translator()
ui.page_header(t, "review")

SLIDE_PARAM = "slide"
REVIEW_PARAM = "review"
CURRENT = "current"


def chosen_review(options: list[str]) -> str:
    wanted = st.query_params.get(REVIEW_PARAM, CURRENT)
    return wanted if wanted in options else CURRENT


def slide_number(count: int) -> int:
    """The slide in the URL (1-based there), as a 0-based index within the deck."""
    try:
        number = int(st.query_params.get(SLIDE_PARAM, "1"))
    except ValueError:
        number = 1
    return min(max(number, 1), count) - 1


def go_to(index: int) -> None:
    st.query_params[SLIDE_PARAM] = str(index + 1)


def on_pick_slide() -> None:
    go_to(st.session_state["review.index"])


def on_pick_review() -> None:
    choice = st.session_state["review.pick"]
    if choice == CURRENT:
        st.query_params.pop(REVIEW_PARAM, None)
    else:
        st.query_params[REVIEW_PARAM] = choice
    go_to(0)


def review_picker(today: dt.date) -> str:
    past = [day.isoformat() for day in ui.compute(review_dates) if day < today]
    options = [CURRENT, *past]
    choice = chosen_review(options)
    st.session_state["review.pick"] = choice
    st.selectbox(
        t("review.page.review"), options, key="review.pick", on_change=on_pick_review, width=360,
        format_func=lambda value: t("review.page.current", date=t.date(today)) if value == CURRENT
        else t("review.page.past", date=t.date(dt.date.fromisoformat(value))),
    )
    return choice


def navigation(titles: list[str], index: int) -> None:
    with st.container(horizontal=True, vertical_alignment="bottom", key="review.slides"):
        st.button(t("review.page.previous"), icon=":material/arrow_back:", key="review.previous",
                  disabled=index == 0, on_click=go_to, args=(index - 1,))
        st.session_state["review.index"] = index
        st.selectbox(t("review.page.slide"), range(len(titles)), key="review.index", on_change=on_pick_slide,
                     format_func=lambda i: f"{i + 1} / {len(titles)} · {titles[i]}", width=440)
        st.button(t("review.page.next"), icon=":material/arrow_forward:", key="review.next", type="primary",
                  disabled=index == len(titles) - 1, on_click=go_to, args=(index + 1,))


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


def notes_box(review_on: dt.date, figures: dict[str, Any], slide: Slide, kept: list[Note]) -> None:
    st.subheader(t("review.page.notes"), anchor=False)
    if ui.may(WRITE_OBJECTIVES):
        note_form(review_on, figures, slide)
    if not kept:
        st.caption(t("review.page.no_notes"))
    for note in kept:
        st.markdown(f"**{t(f'review.kind.{note.kind}')}** — {ui.plain(note.body)}")
        st.caption(t("access.note_by", who=ui.plain(ui.who(t, note.created_by)),
                     when=t.date(note.created_at.date()) if note.created_at else "–"))


def note_form(review_on: dt.date, figures: dict[str, Any], slide: Slide) -> None:
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


def export_buttons(figures: dict[str, Any], review_on: dt.date) -> None:
    kept = ui.compute(notes_of, review_on)

    def render(fmt: str) -> bytes:
        return export_review(figures, t, kept, fmt)

    with st.container(horizontal=True, key="review.export"):
        st.download_button(t("review.page.pdf"), data=lambda: render("pdf"), file_name=f"review-{review_on}.pdf",
                           mime="application/pdf", icon=":material/picture_as_pdf:", on_click="ignore",
                           key="review.pdf")
        st.download_button(t("review.page.html"), data=lambda: render("html"), file_name=f"review-{review_on}.html",
                           mime="text/html", icon=":material/code:", on_click="ignore", key="review.html")


def render() -> None:
    today = ui.today()
    top = st.container(horizontal=True, vertical_alignment="bottom", key="review.top")
    with top:
        choice = review_picker(today)
    if choice == CURRENT:
        review_on = today
        figures = ui.compute(build_review, review_on)
    else:
        review_on = dt.date.fromisoformat(choice)
        figures = ui.compute(saved_review, review_on)
        st.info(t("review.page.reopened", date=t.date(review_on)), icon=":material/history:")
    titles = slide_titles(figures, t)
    index = slide_number(len(titles))
    with top:
        navigation(titles, index)
    kept = ui.compute(notes_of, review_on)
    slide = slide_at(figures, t, index, kept)
    show_slide(slide)
    left, right = st.columns([3, 1])
    with left:
        notes_box(review_on, figures, slide, kept)
    with right:
        st.subheader(t("review.page.export"), anchor=False)
        export_buttons(figures, review_on)


ui.guarded(t, render)
