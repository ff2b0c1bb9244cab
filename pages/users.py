"""Users (admins only): who may sign in, with which role, their names in the CRM data and their team; add, change and
remove accounts, a removal confirmed first; the HTTP API's tokens, each acting as one user, made (the secret shown
once) and revoked."""

from __future__ import annotations

import streamlit as st

import ui
from smart import serve
from smart.access import MANAGE_USERS, list_users
from ui.users_views import FLASH_KEY, add_form, choices, edit_form, render_tokens, users_table


def render() -> None:
    flash = st.session_state.pop(FLASH_KEY, None)
    if flash:
        st.success(flash, icon=":material/check:")
    if not serve.sign_in_configured():
        st.info(t("users.local_note"), icon=":material/computer:")
    users = list_users(ui.get_store())
    if users:
        users_table(t, users)
    else:
        st.info(t("users.none"), icon=":material/group_add:")
    owners, teams = choices()
    add_form(t, owners, teams)
    if users:
        edit_form(t, users, owners, teams)
    render_tokens(t, users)


ui.require_frame()
t = ui.translator()
ui.page_header(t, "users")
ui.require_permission(t, MANAGE_USERS)
ui.guarded(t, render)
