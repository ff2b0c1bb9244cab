"""Who may open the app and a page: exposure to other machines, sign-in and its age, accounts, roles."""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from smart import access, serve
from smart.access import User
from smart.i18n import Translator
from smart.text import plain
from ui.state import VIEWER_KEY, get_store, identify, may, signed_in_claims, viewer


def guard_exposure(t: Translator) -> None:
    """Show nothing when this server is reachable from other machines with nobody signed in (Streamlit started
    on another address than the loopback one, with neither sign-in configured nor ``--insecure``); with sign-in
    configured, show nothing but a sign-in button until the visitor has signed in, and ask them to sign in again
    once their sign-in is older than ``$SMART_SESSION_HOURS``; in lab mode, say so on every page."""
    address = st.get_option("server.address")
    state = serve.exposure(address)
    if state == "refused":
        st.title(t("exposure.refused.title"))
        st.error(t("exposure.refused.body", address=address or t("exposure.every_interface")),
                 icon=":material/lock:")
        st.stop()
    if state == "sign_in":
        claims = signed_in_claims()
        if not claims.get("is_logged_in"):
            st.title(t("signin.required.title"))
            st.write(t("signin.required.body"))
            st.button(t("signin.required.button"), key="signin.login", type="primary", icon=":material/login:",
                      on_click=st.login, args=(serve.sign_in_provider(),))
            st.stop()
        if _expired(claims):
            _render_expired(t, claims)
            st.stop()
    if state == "insecure":
        st.error(t("exposure.insecure.banner"), icon=":material/warning:")


def _session_hours() -> float:
    """``$SMART_SESSION_HOURS``; a malformed setting stops the page with its one-line reason."""
    try:
        return access.session_hours()
    except ValueError as error:
        st.error(plain(str(error)), icon=":material/timer_off:")
        st.stop()


def _expired(claims: dict[str, Any]) -> bool:
    return access.session_expired(claims, dt.datetime.now(dt.UTC), _session_hours())


def _render_expired(t: Translator, claims: dict[str, Any]) -> None:
    """The sign-in is too old: say since when, and offer to sign in again (or to sign out)."""
    started = access.signed_in_at(claims)
    st.title(t("access.expired.title"))
    st.info(t("access.expired.body", date=t.date(started.date()) if started else "–",
              hours=t.number(_session_hours())), icon=":material/timer_off:")
    with st.container(horizontal=True):
        st.button(t("access.expired.button"), key="signin.again", type="primary", icon=":material/login:",
                  on_click=st.login, args=(serve.sign_in_provider(),))
        st.button(t("access.signout"), key="signin.expired.logout", icon=":material/logout:", on_click=st.logout)


def require_account(t: Translator) -> User:
    """The viewer; a signed-in person without an account here gets a page saying so, naming the admins to ask,
    with a way to sign out, and nothing else."""
    found = st.session_state.get(VIEWER_KEY) or identify()
    if found is not None:
        return found
    claims = signed_in_claims()
    email = claims.get("email")
    st.title(t("access.no_account.title"))
    if not isinstance(email, str) or not email.strip():
        st.warning(t("access.no_account.no_email"), icon=":material/person_off:")
    elif claims.get("email_verified") is False:
        st.warning(t("access.no_account.unverified", email=plain(email)), icon=":material/person_off:")
    else:
        admins = access.admin_emails(get_store())
        if admins:
            st.warning(t("access.no_account.body", email=plain(email), admins=plain(", ".join(admins))),
                       icon=":material/person_off:")
        else:
            st.warning(t("access.no_account.no_admin", email=plain(email)), icon=":material/person_off:")
    st.button(t("access.signout"), key="access.no_account.logout", icon=":material/logout:", on_click=st.logout)
    st.stop()


def require_permission(t: Translator, permission: str) -> None:
    """First thing on a page some roles may not open: say so and show nothing else (the frame does not list such
    a page for them; this stops a page reached some other way)."""
    if not may(permission):
        st.warning(t("access.denied.page", role=t(f"access.role.{viewer().role}")), icon=":material/lock:")
        st.stop()


def render_account(t: Translator) -> None:
    """In the sidebar, with sign-in: who is signed in, with which role, and the way to sign out."""
    if serve.exposure(st.get_option("server.address")) != "sign_in":
        return
    user = viewer()
    with st.sidebar.container(border=True, key="account"):
        st.caption(t("access.signed_in_as", name=plain(user.label), role=t(f"access.role.{user.role}")))
        if user.name:
            st.caption(plain(user.email))
        st.button(t("access.signout"), key="account.logout", icon=":material/logout:", on_click=st.logout,
                  width="stretch")

