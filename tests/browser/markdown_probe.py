"""A page for tests/browser/test_markdown_escaping.py (not a test): each text of ``MARKDOWN_CASES`` through every
kind of element Streamlit renders as Markdown, escaped by ``smart.text.plain`` (``?raw=1``: as it is)."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from smart.text import plain
from tests.hostile import MARKDOWN_CASES

ELEMENTS: dict[str, Callable[[str, str], object]] = {
    "markdown": lambda text, key: st.markdown(text),
    "caption": lambda text, key: st.caption(text),
    "title": lambda text, key: st.title(text, anchor=False),
    "header": lambda text, key: st.header(text, anchor=False),
    "subheader": lambda text, key: st.subheader(text, anchor=False),
    "info": lambda text, key: st.info(text),
    "metric": lambda text, key: st.metric(text, 1),
    "button": lambda text, key: st.button(text, key=key),
    "checkbox": lambda text, key: st.checkbox(text, key=key),
    "text_input": lambda text, key: st.text_input(text, key=key),
    "radio": lambda text, key: st.radio("radio", [text], key=key),
    "segmented": lambda text, key: st.segmented_control("segmented", [text], key=key),
    "expander": lambda text, key: st.expander(text),
    "tabs": lambda text, key: st.tabs([text]),
    "table": lambda text, key: st.table(pd.DataFrame({"cell": [text]})),
    "progress": lambda text, key: st.progress(0.5, text=text),
}

shown = (lambda text: text) if st.query_params.get("raw") else plain
for number, case in enumerate(MARKDOWN_CASES):
    for kind, element in ELEMENTS.items():
        with st.container(key=f"case-{number}-{kind}"):
            element(shown(case), f"widget-{number}-{kind}")
