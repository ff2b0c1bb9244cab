"""The Users page's accounts: who may sign in, with which role, their names in the CRM data and their team; the
table, the add and change forms, and a removal confirmed first."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypedDict

import pandas as pd
import streamlit as st

import ui
from smart import dimensions
from smart.access import ROLES, User, UserError, add_user, remove_user, update_user
from smart.i18n import Translator
from smart.user_input import InputError

FLASH_KEY = "users.flash"


class AccountFields(TypedDict):
    """What the add and change forms ask of an account besides its e-mail."""

    name: str
    role: str
    reps: list[str]
    team: str


REMOVING_KEY = "users.remove.open"


COLUMNS = ("email", "name", "role", "reps", "team", "created_at", "created_by", "updated_at", "updated_by")


def role_name(t: Translator, role: str) -> str:
    """A role's name in the reader's language."""
    return t(f"access.role.{role}")


def error_text(t: Translator, error: InputError) -> str:
    """Why an account or a token could not be written, in the reader's language, its e-mails and names as typed."""
    return t(error.key, **{name: ui.plain(value) for name, value in error.values.items()})


def users_table(t: Translator, users: list[User]) -> None:
    """Every account with its role, rep names, team and who made or last changed it; downloadable."""
    frame = pd.DataFrame([{
        "email": user.email, "name": user.name or "", "role": role_name(t, user.role), "reps": ", ".join(user.reps),
        "team": user.team or "", "created_at": user.created_at, "created_by": ui.who(t, user.created_by),
        "updated_at": user.updated_at, "updated_by": ui.who(t, user.updated_by) if user.updated_at else "",
    } for user in users], columns=list(COLUMNS))
    labels = {column: t(f"users.col.{column}") for column in COLUMNS}
    config = {column: st.column_config.TextColumn(label) for column, label in labels.items()}
    for column in ("created_at", "updated_at"):
        config[column] = ui.date_column(labels[column], with_time=True)
    ui.table_block(t, frame, "users.table", column_config=config, export=frame.rename(columns=labels))


def choices() -> tuple[list[str], list[str]]:
    """The names the CRM data gives reps, and its teams."""
    options = ui.compute(dimensions.filter_options)
    return options["owner"], options["team"]


def account_fields(t: Translator, key: str, owners: list[str], teams: list[str],
                   user: User | None = None) -> AccountFields:
    """The name, role, rep names and team of an account (``user``'s as they are, when changing one)."""
    name = st.text_input(t("users.form.name"), value=(user.name or "") if user else "", key=f"{key}.name")
    role = st.selectbox(t("users.form.role"), ROLES, index=ROLES.index(user.role) if user else ROLES.index("rep"),
                        format_func=lambda role: role_name(t, role), key=f"{key}.role",
                        help="\n\n".join(f"**{role_name(t, r)}**: {t(f'access.role_help.{r}')}" for r in ROLES))
    known = list(dict.fromkeys([*owners, *(user.reps if user else ())]))
    reps = st.multiselect(t("users.form.reps"), known, default=list(user.reps) if user else [], key=f"{key}.reps",
                          help=t("users.form.reps_help"))
    team_options = [None, *dict.fromkeys([*teams, *([user.team] if user and user.team else [])])]
    team = st.selectbox(t("users.form.team"), team_options, key=f"{key}.team", help=t("users.form.team_help"),
                        index=team_options.index(user.team) if user and user.team else 0,
                        format_func=lambda value: t("users.form.no_team") if value is None else value)
    return AccountFields(name=name, role=role, reps=reps, team=team or "")


def save_account(t: Translator, write: Callable[[], User], saved_key: str) -> None:
    """Run one account write: bad input is said in place and changes nothing; a success clears the data caches
    (a rep's scope may have changed) and is said after the rerun."""
    try:
        user = write()
    except UserError as error:
        st.error(error_text(t, error), icon=":material/error:")
        return
    ui.clear_data_caches()
    st.session_state[FLASH_KEY] = t(saved_key, email=ui.plain(user.email))
    st.rerun()


def add_form(t: Translator, owners: list[str], teams: list[str]) -> None:
    """The form that adds an account (its e-mail, then its name, role, rep names and team)."""
    with st.form("users.add", clear_on_submit=True, border=True):
        st.subheader(t("users.add.header"), anchor=False)
        email = st.text_input(t("users.form.email"), key="users.add.email", placeholder="name@example.com")
        fields = account_fields(t, "users.add", owners, teams)
        if st.form_submit_button(t("users.form.add"), type="primary", icon=":material/person_add:"):
            save_account(t, lambda: add_user(ui.get_store(), email, actor=ui.viewer(), **fields), "users.added")


def edit_form(t: Translator, users: list[User], owners: list[str], teams: list[str]) -> None:
    """One account picked, its fields changed and saved, or the account removed (confirmed first)."""
    by_email = {user.email: user for user in users}
    with st.container(border=True):
        st.subheader(t("users.edit.header"), anchor=False)
        chosen = st.selectbox(t("users.pick"), list(by_email), key="users.edit.pick",
                              format_func=lambda email: f"{email} · {role_name(t, by_email[email].role)}")
        user = by_email[chosen]
        key = f"users.edit.{chosen}"
        with st.form(key, border=False):
            fields = account_fields(t, key, owners, teams, user)
            if st.form_submit_button(t("users.form.save"), type="primary", icon=":material/save:"):
                save_account(t, lambda: update_user(ui.get_store(), user.email, actor=ui.viewer(), **fields),
                             "users.saved")
        if st.button(t("users.form.remove"), key="users.remove", icon=":material/person_remove:"):
            st.session_state[REMOVING_KEY] = user.email
        if st.session_state.get(REMOVING_KEY) == user.email:
            confirm_removal(t, user)


def confirm_removal(t: Translator, user: User) -> None:
    """The confirmation dialog of an account's removal; a refusal (the last admin) says why."""
    def remove() -> bool:
        try:
            remove_user(ui.get_store(), user.email, actor=ui.viewer())
        except UserError as error:
            st.error(error_text(t, error), icon=":material/error:")
            return False
        ui.clear_data_caches()
        st.session_state[FLASH_KEY] = t("users.removed", email=ui.plain(user.email))
        return True

    ui.confirm(t, t("users.remove.title"), t("users.remove.confirm", email=ui.plain(user.email)), "users.remove",
               remove, open_key=REMOVING_KEY)

