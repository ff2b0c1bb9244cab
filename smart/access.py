"""Who may see and do what: the users of a server with sign-in, their roles, their scope, and the checks every write
makes.

Three roles:

- ``admin``: imports, undoes and removes data, edits the stage and lead status maps, manages users, and does
  everything a manager does, over the whole company;
- ``manager``: writes objectives, their revisions and actions, review notes and decisions; over the whole company,
  or over their ``team`` only when they have one (they then see that team only);
- ``rep``: sees only what their names in the CRM data (``reps``) own: their deals, leads, figures and objectives;
  writes nothing.

What a user may see is their ``scope`` (``smart.analytics.filters.Scope``), which ``scope_filters`` puts into the
global filters: every KPI, chart, table and drill-down query applies it in SQL (``dimension_conditions``), and the
readers that take no filters (objectives, review notes, filter options, data coverage) take the scope itself.
What a user may do is checked by the functions that write (``require``, ``require_objective_scope``), which take
the acting user (``actor``) and raise ``AccessDeniedError``: the pages hide what a role may not do, and an API built on
the same functions refuses it the same way. Every write records its actor's ``email`` (``local`` for
``LOCAL_ADMIN``).

Without sign-in (the app on 127.0.0.1, the command line), the person at the machine is ``LOCAL_ADMIN``: an admin
over everything. With sign-in, a signed-in person is the user of their e-mail, or nobody (no account here).
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import duckdb

from smart.analytics.filters import EVERYTHING, Filters, Scope
from smart.storage import Store
from smart.user_input import InputError, optional_text

ROLES = ("admin", "manager", "rep")
MANAGE_DATA = "manage_data"
MANAGE_USERS = "manage_users"
WRITE_OBJECTIVES = "write_objectives"
# Which roles hold each permission.
PERMISSIONS: dict[str, tuple[str, ...]] = {
    MANAGE_DATA: ("admin",),  # import files, undo imports, remove the demo, edit the stage and lead status maps
    MANAGE_USERS: ("admin",),  # add, change and remove users
    WRITE_OBJECTIVES: ("admin", "manager"),  # objectives, revisions, actions, review notes and decisions
}
_WHAT = {MANAGE_DATA: "import, undo or remove data", MANAGE_USERS: "manage users",
         WRITE_OBJECTIVES: "write objectives, actions, notes or decisions"}
LOCAL_EMAIL = "local"
SESSION_HOURS_ENV = "SMART_SESSION_HOURS"
DEFAULT_SESSION_HOURS = 24.0
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+")


class AccessDeniedError(PermissionError):
    """An action the acting user's role or scope does not allow; the message says who, what and why."""


class UserError(InputError):
    """A user account that cannot be stored as asked: the message says what is wrong (in English, for the command
    line), ``key`` and ``values`` say it for the i18n table (``users.error.*``)."""


@dataclass(frozen=True)
class User:
    """A person who may use SMART Pilot, as the ``users`` table keeps them (``LOCAL_ADMIN`` is not kept)."""

    email: str
    role: str
    name: str | None = None
    reps: tuple[str, ...] = ()
    team: str | None = None
    created_at: dt.datetime | None = None
    created_by: str | None = None
    updated_at: dt.datetime | None = None
    updated_by: str | None = None

    @property
    def label(self) -> str:
        """How to name them: their name, else their e-mail."""
        return self.name or self.email

    @property
    def scope(self) -> Scope:
        """Whose data they see: everything for an admin and a manager without a team; their team for a team's
        manager; what their CRM names own for a rep (nothing when they have none)."""
        if self.role == "rep":
            return Scope(owners=tuple(self.reps))
        if self.role == "manager" and self.team:
            return Scope(teams=(self.team,))
        return EVERYTHING

    def can(self, permission: str) -> bool:
        if permission not in PERMISSIONS:
            raise ValueError(f"unknown permission {permission!r}; expected one of {', '.join(PERMISSIONS)}")
        return self.role in PERMISSIONS[permission]


LOCAL_ADMIN = User(email=LOCAL_EMAIL, role="admin", name="Local user")


def require(actor: User, permission: str) -> None:
    """Raise ``AccessDeniedError`` unless ``actor``'s role holds ``permission``."""
    if not actor.can(permission):
        allowed = " or ".join(f"an {role}" if role[0] in "aeiou" else f"a {role}" for role in PERMISSIONS[permission])
        raise AccessDeniedError(f"{actor.label} ({actor.role}) may not {_WHAT[permission]}: ask {allowed}")


def scope_filters(viewer: User, filters: Filters) -> Filters:
    """``filters`` narrowed to what ``viewer`` may see: what every reading of the data must go through."""
    return filters.within(viewer.scope)


def team_of_rep(store: Store, owner: str) -> str | None:
    """The team the reps table gives a rep (as the CRM names them)."""
    team = store.scalar("SELECT team FROM reps WHERE owner = ?", [owner])
    return None if team is None else str(team)


def may_write_for(store: Store, actor: User, scope_type: str, scope_value: str | None) -> bool:
    """Whether ``actor`` may write objectives (and their actions, notes, decisions) for a scope: the company, a
    team or a rep. An admin and a manager without a team may for any; a team's manager for their team and its
    reps; a rep for none."""
    if not actor.can(WRITE_OBJECTIVES):
        return False
    scope = actor.scope
    if scope.unrestricted:
        return True
    if scope_type == "team":
        return scope.owners is None and scope_value in (scope.teams or ())
    if scope_type == "rep" and scope_value:
        owners_ok = scope.owners is None or scope_value in scope.owners
        teams_ok = scope.teams is None or team_of_rep(store, scope_value) in scope.teams
        return owners_ok and teams_ok
    return False


def require_within_scope(store: Store, viewer: User, *, owners: Iterable[str] = (), teams: Iterable[str] = ()) -> None:
    """Raise ``AccessDeniedError`` when ``viewer`` asks for the figures of reps or teams outside their scope: such a
    filter would read nothing (the scope applies in SQL anyway), and saying so beats an empty answer."""
    scope = viewer.scope
    if scope.unrestricted:
        return
    own_teams = None if scope.owners is None else {team_of_rep(store, owner) for owner in scope.owners}
    outside = [f"the rep {owner}" for owner in owners
               if (scope.owners is not None and owner not in scope.owners)
               or (scope.teams is not None and team_of_rep(store, owner) not in scope.teams)]
    outside += [f"the team {team}" for team in teams
                if (scope.teams is not None and team not in scope.teams)
                or (own_teams is not None and team not in own_teams)]
    if outside:
        whose = (f"their own figures ({', '.join(scope.owners)})" if scope.owners is not None
                 else f"the team {', '.join(scope.teams or ())}")
        raise AccessDeniedError(f"{viewer.label} ({viewer.role}) sees only {whose}: the figures of "
                                f"{', '.join(outside)} are not theirs to see")


def require_objective_scope(store: Store, actor: User, scope_type: str, scope_value: str | None) -> None:
    """Raise ``AccessDeniedError`` unless ``actor`` may write for that objective scope (``may_write_for``)."""
    require(actor, WRITE_OBJECTIVES)
    if not may_write_for(store, actor, scope_type, scope_value):
        what = "the whole company" if scope_type == "company" else f"the {scope_type} {scope_value}"
        raise AccessDeniedError(f"{actor.label} manages the team {actor.team}: objectives for {what} are not theirs to "
                           "write")


# ------------------------------------------------------------------------------------------------ accounts
def normalise_email(text: str) -> str:
    """An e-mail as the users table keys it: trimmed and lower-cased; ``UserError`` when it is not one."""
    email = (text or "").strip().lower()
    if not _EMAIL.fullmatch(email):
        raise UserError(f"{text!r} is not an e-mail address (name@example.com)", "users.error.email",
                        email=str(text))
    return email


def _clean_reps(reps: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(name.strip() for name in reps if name and name.strip()))


def _check(role: str, reps: tuple[str, ...]) -> None:
    if role not in ROLES:
        raise UserError(f"role {role!r} is not one of {', '.join(ROLES)}", "users.error.role", role=str(role))
    if role == "rep" and not reps:
        raise UserError("a rep needs their name(s) in the CRM data (--rep OWNER): they see what those names own",
                        "users.error.rep_names")


_COLUMNS = "email, role, name, reps, team, created_at, created_by, updated_at, updated_by"


def _user(row: tuple[Any, ...]) -> User:
    email, role, name, reps, team, created_at, created_by, updated_at, updated_by = row
    return User(email, role, name, tuple(reps or ()), team, created_at, created_by, updated_at, updated_by)


def list_users(store: Store) -> list[User]:
    """Every user, admins first, then managers and reps, by e-mail."""
    rows = store.rows(f"""SELECT {_COLUMNS} FROM users
        ORDER BY CASE role WHEN 'admin' THEN 0 WHEN 'manager' THEN 1 ELSE 2 END, email""")
    return [_user(row) for row in rows]


def find_user(store: Store, email: str) -> User | None:
    """The user of that e-mail (any case), or None."""
    rows = store.rows(f"SELECT {_COLUMNS} FROM users WHERE email = ?", [(email or "").strip().lower()])
    return _user(rows[0]) if rows else None


def admin_emails(store: Store) -> list[str]:
    """The admins' e-mails: whom to ask for an account."""
    return [row[0] for row in store.rows("SELECT email FROM users WHERE role = 'admin' ORDER BY email")]


def add_user(store: Store, email: str, role: str, *, name: str | None = None, reps: Iterable[str] = (),
             team: str | None = None, actor: User) -> User:
    """Give a person an account (``actor`` must be an admin); ``UserError`` for bad input or an e-mail that
    already has one."""
    require(actor, MANAGE_USERS)
    address, names = normalise_email(email), _clean_reps(reps)
    _check(role, names)
    with store.transaction() as tx:
        if tx.execute("SELECT count(*) FROM users WHERE email = ?", [address]).fetchall()[0][0]:
            raise UserError(f"{address} already has an account (change it with: users set {address} ...)",
                            "users.error.exists", email=address)
        tx.execute("INSERT INTO users (email, role, name, reps, team, created_by) VALUES (?, ?, ?, ?, ?, ?)",
                   [address, role, optional_text(name), list(names), optional_text(team), actor.email])
    return find_user(store, address)  # type: ignore[return-value]


def update_user(store: Store, email: str, *, role: str | None = None, name: str | None = None,
                reps: Iterable[str] | None = None, team: str | None = None, actor: User) -> User:
    """Change a user's role, name, rep names or team (``None`` keeps one as it is; an empty name or team clears
    it). The last admin stays an admin."""
    require(actor, MANAGE_USERS)
    current = _existing(store, email)
    new_role = role or current.role
    new_reps = current.reps if reps is None else _clean_reps(reps)
    _check(new_role, new_reps)
    new_name = current.name if name is None else optional_text(name)
    new_team = current.team if team is None else optional_text(team)
    with store.transaction() as tx:
        _keep_an_admin(tx, current, new_role)
        tx.execute("""UPDATE users SET role = ?, name = ?, reps = ?, team = ?, updated_at = current_timestamp,
            updated_by = ? WHERE email = ?""", [new_role, new_name, list(new_reps), new_team, actor.email,
                                                current.email])
    return find_user(store, current.email)  # type: ignore[return-value]


def remove_user(store: Store, email: str, *, actor: User) -> User:
    """Remove a user's account (what they wrote stays, with their e-mail); the last admin cannot be removed.
    Returns the account as it was."""
    require(actor, MANAGE_USERS)
    current = _existing(store, email)
    with store.transaction() as tx:
        _keep_an_admin(tx, current, None)
        tx.execute("DELETE FROM users WHERE email = ?", [current.email])
    return current


def _existing(store: Store, email: str) -> User:
    found = find_user(store, email)
    if found is None:
        raise UserError(f"{(email or '').strip()!r} has no account (see: users list)", "users.error.missing",
                        email=(email or "").strip())
    return found


def _keep_an_admin(tx: duckdb.DuckDBPyConnection, current: User, new_role: str | None) -> None:
    """Refuse to remove or demote the last admin: nobody could manage users or data afterwards."""
    if current.role != "admin" or new_role == "admin":
        return
    admins = tx.execute("SELECT count(*) FROM users WHERE role = 'admin'").fetchall()[0][0]
    if admins <= 1:
        raise UserError(f"{current.email} is the only admin: make someone else an admin first",
                        "users.error.last_admin", email=current.email)


# ------------------------------------------------------------------------------------------------ sessions
def session_hours(environ: Mapping[str, str] | None = None) -> float:
    """How long a sign-in lasts, in hours: ``$SMART_SESSION_HOURS`` (default 24); ``ValueError`` for a value that
    is not a positive number."""
    text = (os.environ if environ is None else environ).get(SESSION_HOURS_ENV, "").strip()
    if not text:
        return DEFAULT_SESSION_HOURS
    try:
        hours = float(text)
    except ValueError:
        hours = math.nan
    if not math.isfinite(hours) or hours <= 0:
        raise ValueError(f"{SESSION_HOURS_ENV}={text!r} is not a number of hours (e.g. 24, or 0.5 for half an hour)")
    return hours


def signed_in_at(claims: Mapping[str, object]) -> dt.datetime | None:
    """When the person signed in: the ``iat`` (issued at) of the identity token Streamlit keeps in ``st.user``."""
    issued = claims.get("iat")
    if isinstance(issued, bool) or not isinstance(issued, int | float):
        return None
    return dt.datetime.fromtimestamp(issued, tz=dt.UTC)


def session_expired(claims: Mapping[str, object], now: dt.datetime, hours: float) -> bool:
    """Whether a sign-in is older than ``hours``. Streamlit keeps its identity cookie 30 days whatever the
    provider's token says; SMART Pilot asks everyone to sign in again after ``hours``. A sign-in whose time is
    not known (no ``iat``) is not expired: the cookie's own limit applies."""
    started = signed_in_at(claims)
    return started is not None and now - started > dt.timedelta(hours=hours)
