"""SMART Pilot's frame: page config, who is looking, language, global filters, demo banner, and the routes to
every page the viewer's role may open."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

import ui
from smart.access import MANAGE_DATA, MANAGE_USERS

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
        ("users", ":material/manage_accounts:"),
    ),
}
# Pages only some roles may open (smart.access): the others are not offered them, and the pages refuse them too.
PAGE_PERMISSIONS = {"import": MANAGE_DATA, "import_log": MANAGE_DATA, "users": MANAGE_USERS}
PRESENTATIONS = ("review",)  # full-screen slides: no demo banner above them

# An emoji favicon is drawn in the browser; a Material one (":material/flag:") is fetched from fonts.gstatic.com
# by every viewer on every page load.
st.set_page_config(page_title="SMART Pilot", page_icon="🚩", layout="wide")
ui.configure_logging()
# The routes come first, with the session's language and the pages the viewer may open: a refusal, the sign-in page
# or a database that cannot be opened then shows in the frame rather than in Streamlit's list of the pages folder.
# Nobody signed in (or without an account here) is offered no page at all.
t = ui.translator(amounts=False)
viewer = ui.identify()
pages = {
    name: st.Page(
        PAGES_DIR / f"{name}.py", title=t(f"nav.{name}"), icon=icon, url_path=name, default=name == "overview"
    )
    for routes in ROUTES.values()
    for name, icon in routes
}
offered = {section: [pages[name] for name, _ in routes
                     if viewer is not None and (name not in PAGE_PERMISSIONS or viewer.can(PAGE_PERMISSIONS[name]))]
           for section, routes in ROUTES.items()}
page = st.navigation({t(section): found for section, found in offered.items() if found} or [pages["overview"]],
                     position="sidebar" if viewer is not None else "hidden")
ui.guard_exposure(t)
with ui.storage_failure_page():
    ui.get_store()
    ui.require_account(t)
    t = ui.render_sidebar(t)
    ui.show_flash_messages(t)
    if page.url_path not in PRESENTATIONS:
        ui.render_demo_banner(t, pages["import"])
    page.run()
