"""Users (admins only): who may sign in, with which role, their names in the CRM data and their team; add, change and
remove accounts, a removal confirmed first; the HTTP API's tokens, each acting as one user, made (the secret shown
once) and revoked."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import ui
from smart import dimensions, serve
from smart.access import MANAGE_USERS, ROLES, User, UserError, add_user, list_users, remove_user, update_user
from smart.api import ApiToken, TokenError, create_token, list_tokens, revoke_token
from smart.i18n import Translator

ui.require_frame()
t = ui.translator()
ui.page_header(t, "users")
ui.require_permission(t, MANAGE_USERS)
FLASH_KEY = "users.flash"
REMOVING_KEY = "users.remove.open"
SECRET_KEY = "tokens.secret"
REVOKING_KEY = "tokens.revoke.open"
TOKEN_COLUMNS = ("id", "email", "name", "created_at", "created_by", "last_used_at", "revoked_at")
COLUMNS = ("email", "name", "role", "reps", "team", "created_at", "created_by", "updated_at", "updated_by")


def role_name(role: str) -> str:
    return t(f"access.role.{role}")


def error_text(error: UserError) -> str:
    return t(error.key, **{name: ui.plain(value) for name, value in error.values.items()})


def users_table(users: list[User]) -> None:
    frame = pd.DataFrame([{
        "email": user.email, "name": user.name or "", "role": role_name(user.role), "reps": ", ".join(user.reps),
        "team": user.team or "", "created_at": user.created_at, "created_by": ui.who(t, user.created_by),
        "updated_at": user.updated_at, "updated_by": ui.who(t, user.updated_by) if user.updated_at else "",
    } for user in users], columns=list(COLUMNS))
    labels = {column: t(f"users.col.{column}") for column in COLUMNS}
    config = {column: st.column_config.TextColumn(label) for column, label in labels.items()}
    for column in ("created_at", "updated_at"):
        config[column] = st.column_config.DatetimeColumn(labels[column], format="YYYY-MM-DD HH:mm")
    ui.table_block(t, frame, "users.table", column_config=config, export=frame.rename(columns=labels))


def choices() -> tuple[list[str], list[str]]:
    """The names the CRM data gives reps, and its teams."""
    options = ui.compute(dimensions.filter_options)
    return options["owner"], options["team"]


def account_fields(key: str, owners: list[str], teams: list[str], user: User | None = None) -> dict[str, object]:
    """The name, role, rep names and team of an account (``user``'s as they are, when changing one)."""
    name = st.text_input(t("users.form.name"), value=(user.name or "") if user else "", key=f"{key}.name")
    role = st.selectbox(t("users.form.role"), ROLES, index=ROLES.index(user.role) if user else ROLES.index("rep"),
                        format_func=role_name, key=f"{key}.role",
                        help="\n\n".join(f"**{role_name(r)}**: {t(f'access.role_help.{r}')}" for r in ROLES))
    known = list(dict.fromkeys([*owners, *(user.reps if user else ())]))
    reps = st.multiselect(t("users.form.reps"), known, default=list(user.reps) if user else [], key=f"{key}.reps",
                          help=t("users.form.reps_help"))
    team_options = [None, *dict.fromkeys([*teams, *([user.team] if user and user.team else [])])]
    team = st.selectbox(t("users.form.team"), team_options, key=f"{key}.team", help=t("users.form.team_help"),
                        index=team_options.index(user.team) if user and user.team else 0,
                        format_func=lambda value: t("users.form.no_team") if value is None else value)
    return {"name": name, "role": role, "reps": reps, "team": team or ""}


def add_form(owners: list[str], teams: list[str]) -> None:
    with st.form("users.add", clear_on_submit=True, border=True):
        st.subheader(t("users.add.header"), anchor=False)
        email = st.text_input(t("users.form.email"), key="users.add.email", placeholder="name@example.com")
        fields = account_fields("users.add", owners, teams)
        if st.form_submit_button(t("users.form.add"), type="primary", icon=":material/person_add:"):
            try:
                user = add_user(ui.get_store(), email, actor=ui.viewer(), **fields)  # type: ignore[arg-type]
            except UserError as error:
                st.error(error_text(error), icon=":material/error:")
                return
            ui.clear_data_caches()
            st.session_state[FLASH_KEY] = t("users.added", email=ui.plain(user.email))
            st.rerun()


def edit_form(users: list[User], owners: list[str], teams: list[str]) -> None:
    by_email = {user.email: user for user in users}
    with st.container(border=True):
        st.subheader(t("users.edit.header"), anchor=False)
        chosen = st.selectbox(t("users.pick"), list(by_email), key="users.edit.pick",
                              format_func=lambda email: f"{email} · {role_name(by_email[email].role)}")
        user = by_email[chosen]
        key = f"users.edit.{chosen}"
        with st.form(key, border=False):
            fields = account_fields(key, owners, teams, user)
            if st.form_submit_button(t("users.form.save"), type="primary", icon=":material/save:"):
                try:
                    update_user(ui.get_store(), user.email, actor=ui.viewer(), **fields)  # type: ignore[arg-type]
                except UserError as error:
                    st.error(error_text(error), icon=":material/error:")
                    return
                ui.clear_data_caches()
                st.session_state[FLASH_KEY] = t("users.saved", email=ui.plain(user.email))
                st.rerun()
        if st.button(t("users.form.remove"), key="users.remove", icon=":material/person_remove:"):
            st.session_state[REMOVING_KEY] = user.email
        if st.session_state.get(REMOVING_KEY) == user.email:
            confirm_removal(t, user)


def confirm_removal(t: Translator, user: User) -> None:
    def remove() -> bool:
        try:
            remove_user(ui.get_store(), user.email, actor=ui.viewer())
        except UserError as error:
            st.error(error_text(error), icon=":material/error:")
            return False
        ui.clear_data_caches()
        st.session_state[FLASH_KEY] = t("users.removed", email=ui.plain(user.email))
        return True

    ui.confirm(t, t("users.remove.title"), t("users.remove.confirm", email=ui.plain(user.email)), "users.remove",
               remove, open_key=REMOVING_KEY)


def tokens_table(tokens: list[ApiToken]) -> None:
    frame = pd.DataFrame([{
        "id": token.id, "email": token.email, "name": token.name or "", "created_at": token.created_at,
        "created_by": ui.who(t, token.created_by), "last_used_at": token.last_used_at, "revoked_at": token.revoked_at,
    } for token in tokens], columns=list(TOKEN_COLUMNS))
    labels = {column: t(f"tokens.col.{column}") for column in TOKEN_COLUMNS}
    config = {column: st.column_config.TextColumn(label) for column, label in labels.items()}
    config["id"] = st.column_config.NumberColumn(labels["id"], format="%d")
    for column in ("created_at", "last_used_at", "revoked_at"):
        config[column] = st.column_config.DatetimeColumn(labels[column], format="YYYY-MM-DD HH:mm")
    ui.table_block(t, frame, "tokens.table", column_config=config, export=frame.rename(columns=labels))


def token_error_text(error: TokenError) -> str:
    return t(error.key, **{name: ui.plain(value) for name, value in error.values.items()})


def show_new_secret() -> None:
    """The secret of the token just made, this once: the database keeps its fingerprint only."""
    made = st.session_state.pop(SECRET_KEY, None)
    if made:
        token_id, email, secret = made
        st.success(t("tokens.made", id=token_id, email=ui.plain(email)), icon=":material/key:")
        st.code(secret, language=None)


def token_form(users: list[User]) -> None:
    with st.form("tokens.add", clear_on_submit=True, border=True):
        st.subheader(t("tokens.add.header"), anchor=False)
        email = st.selectbox(t("tokens.form.user"), [user.email for user in users], key="tokens.add.user")
        name = st.text_input(t("tokens.form.name"), key="tokens.add.name")
        if st.form_submit_button(t("tokens.form.add"), type="primary", icon=":material/key:"):
            try:
                token, secret = create_token(ui.get_store(), email, name=name, actor=ui.viewer())
            except (TokenError, UserError) as error:
                st.error(token_error_text(error) if isinstance(error, TokenError) else error_text(error),
                         icon=":material/error:")
                return
            st.session_state[SECRET_KEY] = (token.id, token.email, secret)
            st.rerun()


def revoke_control(tokens: list[ApiToken]) -> None:
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
        confirm_revoke(active[st.session_state[REVOKING_KEY]])


def confirm_revoke(token: ApiToken) -> None:
    def revoke() -> None:
        revoke_token(ui.get_store(), token.id, actor=ui.viewer())
        st.session_state[FLASH_KEY] = t("tokens.revoked", id=token.id)

    ui.confirm(t, t("tokens.revoke.title"), t("tokens.revoke.confirm", id=token.id, email=ui.plain(token.email)),
               "tokens.revoke", revoke, open_key=REVOKING_KEY)


def render_tokens(users: list[User]) -> None:
    st.subheader(t("tokens.header"), anchor=False)
    st.caption(t("tokens.intro"))
    show_new_secret()
    tokens = list_tokens(ui.get_store())
    if tokens:
        tokens_table(tokens)
    else:
        st.info(t("tokens.none"), icon=":material/key:")
    if users:
        token_form(users)
        revoke_control(tokens)
    else:
        st.info(t("tokens.no_users"), icon=":material/key:")


def render() -> None:
    flash = st.session_state.pop(FLASH_KEY, None)
    if flash:
        st.success(flash, icon=":material/check:")
    if not serve.sign_in_configured():
        st.info(t("users.local_note"), icon=":material/computer:")
    users = list_users(ui.get_store())
    if users:
        users_table(users)
    else:
        st.info(t("users.none"), icon=":material/group_add:")
    owners, teams = choices()
    add_form(owners, teams)
    if users:
        edit_form(users, owners, teams)
    render_tokens(users)


ui.guarded(t, render)
