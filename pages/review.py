"""Weekly review: a presentation for the team meeting, one slide at a time, notes and decisions kept.

The sidebar starts collapsed (``st.set_page_config`` may be called again by a page since Streamlit 1.44), the
slide number lives in the URL (``?slide=3``) and a past review (``?review=2026-11-20``) reopens from its
snapshot, exactly as it was shown. Each viewer sees the review of their scope (a rep their own figures, a team's
manager their team's) and the past reviews of that scope; managers and admins write its notes and decisions.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

import ui
from smart.review import build_review, notes_of, review_dates, saved_review, slide_at, slide_titles
from ui.review_views import export_buttons, notes_box, show_slide

ui.require_frame()
st.set_page_config(layout="wide", initial_sidebar_state="collapsed")
t = ui.translator()
ui.page_header(t, "review")

SLIDE_PARAM = "slide"
REVIEW_PARAM = "review"
CURRENT = "current"


def chosen_review(options: list[str]) -> str:
    return ui.from_url(REVIEW_PARAM, options, CURRENT)


def slide_number(count: int) -> int:
    """The slide in the URL (1-based there), as a 0-based index within the deck."""
    number = int(ui.from_url(SLIDE_PARAM, is_whole_number, "1"))
    return min(max(number, 1), count) - 1


def is_whole_number(text: object) -> bool:
    """Whether the URL's slide is a number (a hand-edited link may hold anything)."""
    try:
        int(str(text))
    except ValueError:
        return False
    return True


def go_to(index: int) -> None:
    ui.keep_in_url(SLIDE_PARAM, str(index + 1))


def on_pick_slide() -> None:
    go_to(st.session_state["review.index"])


def on_pick_review() -> None:
    choice = st.session_state["review.pick"]
    ui.keep_in_url(REVIEW_PARAM, choice, CURRENT)
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
        notes_box(t, review_on, figures, slide, kept)
    with right:
        st.subheader(t("review.page.export"), anchor=False)
        export_buttons(t, figures, review_on)


ui.guarded(t, render)
