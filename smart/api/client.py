"""The command line's way through the server: ``--server URL`` (or ``$SMART_SERVER``) with a token (``$SMART_TOKEN``
or ``--token``).

While the app serves a database it holds the file (DuckDB lets one process open it), so ``import``, ``kpi``,
``objectives``, ``report`` and ``backup`` send their arguments to the server's HTTP API instead, which runs the very
function the command runs locally (``smart.api.output``) as the token's user, and print its answer: the same
stdout, the same notes on stderr, the same exit code. A command that cannot open the database because the server
holds it says so, and which ``--server`` to use (``locked_sentence``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

from smart.cli import CommandError
from smart.storage import StorageError, command_words

if TYPE_CHECKING:  # httpx is imported when a command goes through a server, not at start-up
    import httpx

SERVER_ENV = "SMART_SERVER"
TOKEN_ENV = "SMART_TOKEN"
API_PREFIX = "/api/v1"
API_HEADER = "X-Smart-Api"  # on every answer of the API: anything else answering is not a SMART Pilot server
NOTES_HEADER = "X-Smart-Notes"  # the command's stderr lines, as a JSON list (ASCII)
REVIEW_DATE_HEADER = "X-Smart-Review-Date"
EXIT_FAILURE = 1
# A large import takes a while to upload and to import (seconds); connecting does not.
CONNECT_SECONDS, TRANSFER_SECONDS = 10.0, 3600.0
SERVER_SCRIPT = "server.py"
DEFAULT_PORT = "8501"

Params = Sequence[tuple[str, str]]


class RemoteError(CommandError):
    """The server refused or failed the command: its one-line reason, and the exit code the command line gives."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def add_server_arguments(parser: argparse.ArgumentParser) -> None:
    """``--server`` and ``--token``: the options of a command that can run on a server through its API."""
    parser.add_argument("--server", metavar="URL",
                        help=f"run the command on the SMART Pilot server at URL, through its HTTP API (default: "
                             f"${SERVER_ENV}); needs an API token in ${TOKEN_ENV}")
    parser.add_argument("--token", metavar="TOKEN",
                        help=f"the API token (default: ${TOKEN_ENV}, better: a command line is visible to others)")


def server_of(args: argparse.Namespace) -> str | None:
    """The server the command goes through (``--server``, else ``$SMART_SERVER`` unless ``--db`` names a file),
    None to open the database here."""
    explicit = (args.server or "").strip()
    if explicit and args.db:
        raise CommandError("choose --db (a database file on this machine) or --server (through the server), not both")
    url = explicit or ("" if args.db else os.environ.get(SERVER_ENV, "").strip())
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise CommandError(f"--server: {url!r} is not a server's URL (http://HOST:PORT or https://HOST)")
    return url.rstrip("/")


def _token(args: argparse.Namespace) -> str:
    token = (args.token or os.environ.get(TOKEN_ENV, "")).strip()
    if not token:
        raise CommandError(f"--server needs an API token: set {TOKEN_ENV} (an admin makes one on the Users page, or "
                           "with: python -m smart tokens add EMAIL)")
    return token


def _send(server: str, args: argparse.Namespace, method: str, path: str, params: Params = (),
          **request: Any) -> httpx.Response:
    """One request to the API, as the token's user; RemoteError with the server's reason when it refuses."""
    import httpx  # start-up time: only a command sent to a server needs httpx

    headers = {"Authorization": f"Bearer {_token(args)}", "Accept": "application/json, */*"}
    timeout = httpx.Timeout(CONNECT_SECONDS, read=TRANSFER_SECONDS, write=TRANSFER_SECONDS)
    try:
        with httpx.Client(base_url=server, timeout=timeout, headers=headers) as http:
            response = http.request(method, f"{API_PREFIX}{path}", params=[(k, v) for k, v in params if v], **request)
    except httpx.HTTPError as error:
        reason = str(error) or type(error).__name__
        raise CommandError(f"cannot reach the SMART Pilot server at {server}: {reason}") from None
    if API_HEADER not in response.headers:
        moved = response.headers.get("location")
        raise CommandError(f"{server} did not answer as a SMART Pilot server with its HTTP API (HTTP "
                           f"{response.status_code}{', to ' + moved if moved else ''}): is it served by python -m "
                           "smart serve, at that address?")
    if response.is_success:
        return response
    try:
        answer = response.json()
        message, exit_code = str(answer["error"]), int(answer["exit_code"])
    except (ValueError, KeyError, TypeError):
        message, exit_code = f"the server failed (HTTP {response.status_code})", EXIT_FAILURE
    raise RemoteError(message, exit_code)


def _printed(response: httpx.Response) -> int:
    """Print an answer as the command prints it: its notes on stderr, its body on stdout."""
    for note in json.loads(response.headers.get(NOTES_HEADER, "[]")):
        print(note, file=sys.stderr)
    sys.stdout.write(response.content.decode("utf-8"))
    return 0


def _iso(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def kpi(server: str, args: argparse.Namespace) -> int:
    """``kpi`` through the server: ``GET /api/v1/kpi`` (the list) or ``GET /api/v1/kpi/ID``."""
    if args.list:
        return _printed(_send(server, args, "GET", "/kpi"))
    params = [("from", _iso(args.start)), ("to", _iso(args.end)), ("grain", args.grain), ("by", args.by or ""),
              ("stat", args.stat or ""), ("format", args.format),
              *(("owner", owner) for owner in args.owner), *(("team", team) for team in args.team)]
    return _printed(_send(server, args, "GET", f"/kpi/{quote(args.kpi_id, safe='')}", params))


def objectives(server: str, args: argparse.Namespace) -> int:
    """``objectives`` through the server: ``GET /api/v1/objectives``, ``.../status`` or ``.../ID/check``."""
    path = {"list": "/objectives", "status": "/objectives/status"}.get(args.action,
                                                                       f"/objectives/{args.objective_id}/check")
    params = [("format", args.format), ("lang", args.lang), ("today", _iso(args.today))]
    return _printed(_send(server, args, "GET", path, params))


def import_or_undo(server: str, args: argparse.Namespace) -> int:
    """``import PATH`` through the server (``POST /api/v1/import``, the file sent as it is), or ``import --undo ID``
    (``POST /api/v1/import/ID/undo``)."""
    if args.undo is not None:
        return _printed(_send(server, args, "POST", f"/import/{args.undo}/undo", [("format", args.format)]))
    from smart.ingest.errors import ImportFileError
    from smart.ingest.names import original_name

    path = Path(args.path)
    if not path.is_file():
        raise CommandError(str(ImportFileError("ingest.error.no_file", file=original_name(path.name))))
    fields = [("kind", args.kind), ("profile", args.profile), ("decimal", args.decimal or ""),
              ("sheet", args.sheet or ""), ("as_of", _iso(args.as_of)), ("source", args.source or ""),
              ("currency", args.currency or ""), ("dates", {"dmy": "dayfirst", "mdy": "monthfirst"}.get(
                  args.date_order or "", "")), ("dry_run", "true" if args.dry_run else ""),
              ("id_per_row", "true" if args.id_per_row else ""), ("format", args.format),
              *(("map", pair) for pair in args.map), *(("id", column) for column in args.id_columns)]
    data: dict[str, list[str]] = {}
    for name, value in fields:
        if value:
            data.setdefault(name, []).append(value)
    with path.open("rb") as handle:
        response = _send(server, args, "POST", "/import", data=data,
                         files={"file": (original_name(path.name), handle, "application/octet-stream")})
    return _printed(response)


def review(server: str, args: argparse.Namespace, review_on: dt.date | None, fmt: str) -> tuple[dt.date, bytes]:
    """``report`` through the server (``GET /api/v1/review``): the day reviewed (the server's today unless given)
    and the file's bytes."""
    response = _send(server, args, "GET", "/review", [("week", _iso(review_on)), ("format", fmt), ("lang", args.lang)])
    return dt.date.fromisoformat(response.headers[REVIEW_DATE_HEADER]), response.content


def backup(server: str, args: argparse.Namespace) -> int:
    """``backup`` through the server (``POST /api/v1/backup``), into the server's own backups folder."""
    if args.to:
        raise CommandError("backup: --to names a folder on the server; through --server, the server backs up into its "
                           "own backups folder (SMART_BACKUP_DIR)")
    return _printed(_send(server, args, "POST", "/backup", [("keep", args.keep or ""), ("format", args.format)]))


# ------------------------------------------------------------------------------------------------ a locked file
@dataclass(frozen=True)
class Holder:
    """The SMART Pilot server holding a database file: its process, its command line, its URL on this machine, and
    whether it serves the HTTP API (started as ``server.py``, not ``app.py`` alone)."""

    pid: str
    command: str
    url: str
    has_api: bool


def served_by(error: StorageError) -> Holder | None:
    """The Streamlit server that holds the file a ``locked`` StorageError is about, None when another program
    does (or when its command line cannot be read: another user's process, another system)."""
    pid = error.values.get("pid") if error.kind == "locked" else None
    words = command_words(int(pid)) if pid else []
    if "run" not in words[1:] or Path(words[words.index("run", 1) - 1]).name != "streamlit":
        return None
    after = words[words.index("run", 1) + 1:]
    script = Path(after[0]).name if after else ""
    host = _option(after, "--server.address") or "127.0.0.1"
    if host in ("0.0.0.0", "::", "[::]"):
        host = "127.0.0.1"
    elif ":" in host and not host.startswith("["):
        host = f"[{host}]"
    url = f"http://{host}:{_option(after, '--server.port') or DEFAULT_PORT}"
    return Holder(str(pid), str(error.values.get("command", "")), url, script == SERVER_SCRIPT)


def _option(words: list[str], name: str) -> str | None:
    for index, word in enumerate(words):
        if word == name and index + 1 < len(words):
            return words[index + 1]
        if word.startswith(f"{name}="):
            return word.split("=", 1)[1]
    return None


def locked_sentence(error: StorageError, through_server: bool = True) -> str | None:
    """What the command line says when the SMART Pilot server holds the database: go through it with ``--server``
    (for a command that can: ``through_server``), else run it with the server stopped. None when another program
    holds it (the StorageError's own sentence says what to do then)."""
    holder = served_by(error)
    if holder is None:
        return None
    where = f"{error.path} is in use by process {holder.pid} ({holder.command}), the SMART Pilot server"
    if not through_server:
        todo = ("this command does not run through the server: run it while the server is stopped (users and API "
                "tokens are also managed on its Users page)")
    elif holder.has_api:
        todo = (f"while it serves, run the command through it: --server {holder.url} with an API token in "
                f"{TOKEN_ENV} (an admin makes one on the Users page)")
    else:
        todo = ("it was started without its HTTP API (streamlit run on app.py): serve it with python -m smart serve, "
                f"then use --server URL with {TOKEN_ENV}; or stop it and try again")
    detail = " ".join(error.detail.split())
    return f"{where}; {todo}" + (f" [{detail}]" if detail else "")
