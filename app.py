"""SMART Pilot's frame: page config, language, global filters, demo banner, and the routes to every page."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

import ui

PAGES_DIR = Path(__file__).parent / "pages"
ROUTES = {
    "nav.section.pilot": (
        ("overview", ":material/dashboard:"),
        ("objectives", ":material/flag:"),
        ("review", ":material/co_present:"),
    ),
    "nav.section.analyse": (
        ("conversion", ":material/filter_alt:"),
        ("cycle", ":material/timer:"),
        ("variance", ":material/difference:"),
        ("team", ":material/groups:"),
    ),
    "nav.section.data": (
        ("import", ":material/upload_file:"),
        ("import_log", ":material/history:"),
    ),
}
PRESENTATIONS = ("review",)  # full-screen slides: no demo banner above them

# An emoji favicon is drawn in the browser; a Material one (":material/flag:") is fetched from fonts.gstatic.com
# by every viewer on every page load.
st.set_page_config(page_title="SMART Pilot", page_icon="🚩", layout="wide")
ui.configure_logging()
# The routes come first, with the session's language: a refusal or a database that cannot be opened then shows
# its page in the frame's navigation rather than Streamlit's list of the pages folder.
t = ui.translator(amounts=False)
pages = {
    name: st.Page(
        PAGES_DIR / f"{name}.py", title=t(f"nav.{name}"), icon=icon, url_path=name, default=name == "overview"
    )
    for routes in ROUTES.values()
    for name, icon in routes
}
page = st.navigation({t(section): [pages[name] for name, _ in routes] for section, routes in ROUTES.items()})
ui.guard_exposure(t)
with ui.storage_failure_page():
    ui.get_store()
    t = ui.render_sidebar(t)
    ui.show_flash_messages(t)
    if page.url_path not in PRESENTATIONS:
        ui.render_demo_banner(t, pages["import"])
    page.run()
