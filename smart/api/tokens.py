"""API tokens: who an HTTP request acts as.

An admin makes a token for a user (``python -m smart tokens add EMAIL``, or the Users page); its secret is shown
once and only its SHA-256 is kept (``api_tokens.secret_sha256``): the database file never holds a secret that would
let its reader call the API. A request carries the secret as ``Authorization: Bearer SECRET`` and acts as the
token's user, read afresh on every request: same role, same scope (a rep's token reads only their figures and
imports nothing), and every write it makes records that user's e-mail. A revoked token, or one whose user no
longer has an account, is refused.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from smart.access import MANAGE_USERS, User, find_user, normalise_email, require
from smart.storage import Store
from smart.user_input import InputError, optional_text

SECRET_PREFIX = "smart_"
_SECRET_BYTES = 32
# last_used_at is written at most this often per token: a busy script must not make every request a write.
LAST_USE_PRECISION = dt.timedelta(minutes=1)
_COLUMNS = "id, email, name, created_at, created_by, last_used_at, revoked_at, revoked_by"


class TokenError(InputError):
    """A token that cannot be made, found or used as asked: the message says why (in English, for the command line
    and the API); ``key`` and ``values`` say it for the i18n table (``tokens.error.*``)."""


@dataclass(frozen=True)
class ApiToken:
    """A token as the ``api_tokens`` table keeps it (never its secret)."""

    id: int
    email: str
    name: str | None
    created_at: dt.datetime
    created_by: str | None
    last_used_at: dt.datetime | None = None
    revoked_at: dt.datetime | None = None
    revoked_by: str | None = None

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


@dataclass(frozen=True)
class Caller:
    """Who a request acts as: the token's user, and the token itself."""

    user: User
    token: ApiToken


def secret_hash(secret: str) -> str:
    """What the table keeps of a secret: its SHA-256, in hexadecimal."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _token(row: tuple[Any, ...]) -> ApiToken:
    return ApiToken(*row)


def list_tokens(store: Store) -> list[ApiToken]:
    """Every token, revoked ones included, newest first."""
    return [_token(row) for row in store.rows(f"SELECT {_COLUMNS} FROM api_tokens ORDER BY id DESC")]


def get_token(store: Store, token_id: int) -> ApiToken:
    """The token ``token_id``, revoked or not; TokenError when there is none."""
    rows = store.rows(f"SELECT {_COLUMNS} FROM api_tokens WHERE id = ?", [token_id])
    if not rows:
        raise TokenError(f"there is no token #{token_id} (see: tokens list)", "tokens.error.missing",
                         id=str(token_id))
    return _token(rows[0])


def create_token(store: Store, email: str, *, name: str | None = None, actor: User) -> tuple[ApiToken, str]:
    """Make a token acting as the user of ``email`` (``actor`` must be an admin): the token and its secret, which
    exists nowhere else once this returns."""
    require(actor, MANAGE_USERS)
    address = normalise_email(email)
    if find_user(store, address) is None:
        raise TokenError(f"{address} has no account: a token acts as a user (add one first: users add {address} "
                         "--role ...)", "tokens.error.no_account", email=address)
    secret = SECRET_PREFIX + secrets.token_urlsafe(_SECRET_BYTES)
    with store.transaction() as tx:
        token_id = tx.execute(
            "INSERT INTO api_tokens (email, name, secret_sha256, created_by) VALUES (?, ?, ?, ?) RETURNING id",
            [address, optional_text(name), secret_hash(secret), actor.email],
        ).fetchall()[0][0]
    return get_token(store, token_id), secret


def revoke_token(store: Store, token_id: int, *, actor: User) -> ApiToken:
    """Revoke a token for good (``actor`` must be an admin); revoking it again changes nothing."""
    require(actor, MANAGE_USERS)
    token = get_token(store, token_id)
    if token.revoked:
        return token
    with store.transaction() as tx:
        tx.execute("UPDATE api_tokens SET revoked_at = current_timestamp, revoked_by = ? WHERE id = ?",
                   [actor.email, token_id])
    return get_token(store, token_id)


def authenticate(store: Store, secret: str) -> Caller:
    """The user a secret acts as; ``TokenError`` for a secret no token has, a revoked token, or a token whose user
    has no account any more."""
    rows = store.rows(f"SELECT {_COLUMNS} FROM api_tokens WHERE secret_sha256 = ?", [secret_hash(secret.strip())])
    if not rows:
        raise TokenError("the token is not one this server knows (check SMART_TOKEN)", "tokens.error.unknown")
    token = _token(rows[0])
    if token.revoked:
        raise TokenError(f"the token #{token.id} was revoked on {token.revoked_at:%Y-%m-%d %H:%M}",
                         "tokens.error.revoked", id=str(token.id))
    user = find_user(store, token.email)
    if user is None:
        raise TokenError(f"the token #{token.id} acts as {token.email}, who has no account any more",
                         "tokens.error.user_gone", id=str(token.id), email=token.email)
    return Caller(user, token)


def note_use(store: Store, token: ApiToken, now: dt.datetime | None = None) -> bool:
    """Record that a token was used (``last_used_at``), unless it was less than ``LAST_USE_PRECISION`` ago; return
    whether it wrote."""
    moment = now or dt.datetime.now()
    if token.last_used_at is not None and moment - token.last_used_at < LAST_USE_PRECISION:
        return False
    with store.transaction() as tx:
        tx.execute("UPDATE api_tokens SET last_used_at = ? WHERE id = ?", [moment, token.id])
    return True
