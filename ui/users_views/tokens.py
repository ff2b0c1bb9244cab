"""The Users page's API tokens: the table, a token made for a user (its secret shown once: the database keeps
its fingerprint only) and a token revoked, confirmed first."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import ui
from smart.access import User, UserError
from smart.api import ApiToken, TokenError, create_token, list_tokens, revoke_token
from smart.i18n import Translator
from ui.users_views.accounts import FLASH_KEY, error_text

SECRET_KEY = "tokens.secret"


REVOKING_KEY = "tokens.revoke.open"


TOKEN_COLUMNS = ("id", "email", "name", "created_at", "created_by", "last_used_at", "revoked_at")


def tokens_table(t: Translator, tokens: list[ApiToken]) -> None:
    """Every token with its user, who made it, when it was last used and when it was revoked."""
    frame = pd.DataFrame([{
        "id": token.id, "email": token.email, "name": token.name or "", "created_at": token.created_at,
        "created_by": ui.who(t, token.created_by), "last_used_at": token.last_used_at, "revoked_at": token.revoked_at,
    } for token in tokens], columns=list(TOKEN_COLUMNS))
    labels = {column: t(f"tokens.col.{column}") for column in TOKEN_COLUMNS}
    config = {column: st.column_config.TextColumn(label) for column, label in labels.items()}
    config["id"] = st.column_config.NumberColumn(labels["id"], format="%d")
    for column in ("created_at", "last_used_at", "revoked_at"):
        config[column] = ui.date_column(labels[column], with_time=True)
    ui.table_block(t, frame, "tokens.table", column_config=config, export=frame.rename(columns=labels))


def show_new_secret(t: Translator) -> None:
    """The secret of the token just made, this once: the database keeps its fingerprint only."""
    made = st.session_state.pop(SECRET_KEY, None)
    if made:
        token_id, email, secret = made
        st.success(t("tokens.made", id=token_id, email=ui.plain(email)), icon=":material/key:")
        st.code(secret, language=None)


def token_form(t: Translator, users: list[User]) -> None:
    """The form that makes a token for a user; its secret is shown once, after the rerun."""
    with st.form("tokens.add", clear_on_submit=True, border=True):
        st.subheader(t("tokens.add.header"), anchor=False)
        email = st.selectbox(t("tokens.form.user"), [user.email for user in users], key="tokens.add.user")
        name = st.text_input(t("tokens.form.name"), key="tokens.add.name")
        if st.form_submit_button(t("tokens.form.add"), type="primary", icon=":material/key:"):
            try:
                token, secret = create_token(ui.get_store(), email, name=name, actor=ui.viewer())
            except (TokenError, UserError) as error:
                st.error(error_text(t, error),
                         icon=":material/error:")
                return
            st.session_state[SECRET_KEY] = (token.id, token.email, secret)
            st.rerun()


def revoke_control(t: Translator, tokens: list[ApiToken]) -> None:
    """An active token picked and revoked, confirmed first; nothing while no token is active."""
    active = {token.id: token for token in tokens if not token.revoked}
    if not active:
        return
    with st.container(horizontal=True, vertical_alignment="bottom"):
        chosen = st.selectbox(t("tokens.revoke.pick"), list(active), key="tokens.revoke.pick",
                              format_func=lambda token_id: f"{token_id} · {active[token_id].email}"
                              + (f" · {active[token_id].name}" if active[token_id].name else ""))
        if st.button(t("tokens.revoke.button"), key="tokens.revoke", icon=":material/key_off:"):
            st.session_state[REVOKING_KEY] = chosen
    if st.session_state.get(REVOKING_KEY) in active:
        confirm_revoke(t, active[st.session_state[REVOKING_KEY]])


def confirm_revoke(t: Translator, token: ApiToken) -> None:
    """The confirmation dialog of a token's revocation."""
    def revoke() -> None:
        revoke_token(ui.get_store(), token.id, actor=ui.viewer())
        st.session_state[FLASH_KEY] = t("tokens.revoked", id=token.id)

    ui.confirm(t, t("tokens.revoke.title"), t("tokens.revoke.confirm", id=token.id, email=ui.plain(token.email)),
               "tokens.revoke", revoke, open_key=REVOKING_KEY)


def render_tokens(t: Translator, users: list[User]) -> None:
    """The API tokens section: what a token is, the secret just made, the tokens, the forms."""
    st.subheader(t("tokens.header"), anchor=False)
    st.caption(t("tokens.intro"))
    show_new_secret(t)
    tokens = list_tokens(ui.get_store())
    if tokens:
        tokens_table(t, tokens)
    else:
        st.info(t("tokens.none"), icon=":material/key:")
    if users:
        token_form(t, users)
        revoke_control(t, tokens)
    else:
        st.info(t("tokens.no_users"), icon=":material/key:")

