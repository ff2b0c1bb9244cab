"""Team: filled in by its own issue; until then it states its purpose and computes nothing."""

import streamlit as st

import ui

t = ui.translator()
ui.page_header(t, "team")
st.info(t("page.coming"), icon=":material/construction:")
