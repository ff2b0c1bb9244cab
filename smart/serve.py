"""``python -m smart serve``: start the app, on this machine only unless sign-in is configured, or loudly.

What it serves is ``server.py``: the pages of ``app.py`` and the HTTP API in one process, which owns the database
and backs it up every day (a ``SMART_BACKUP_*`` setting it does not understand stops it here, with one line).

Without sign-in anyone who reaches the server can read every figure, archive objectives, undo imports and remove
all data. The server therefore binds the loopback address (127.0.0.1) and says so. Another address (``0.0.0.0``
in a container, behind the TLS proxy) is served when sign-in is configured (``sign_in_configured``: an ``[auth]``
section in the ``secrets.toml`` Streamlit reads, with an OIDC provider), and the app then asks everyone to sign in
before it shows anything, whatever the address: a proxy on the same machine reaches a loopback address too, for
everyone it serves. Otherwise it is refused with one line on stderr and exit code 2; ``--insecure`` serves it
anyway, for a lab on a closed network, with a warning on the terminal and a red banner on every page
(``INSECURE_ENV_VAR`` tells the app). The app refuses to show anything when Streamlit was started on another
address some other way (``exposure``).
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import sys
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from smart.access import session_hours
from smart.backup.schedule import BackupSettingError, settings_from_environment
from smart.cli import CommandError, add_command
from smart.paths import PROJECT_ROOT

DEFAULT_ADDRESS = "127.0.0.1"
DEFAULT_PORT = 8501
INSECURE_ENV_VAR = "SMART_INSECURE"
APP_SCRIPT = PROJECT_ROOT / "app.py"
# What `serve` runs: the pages of app.py and the HTTP API, in one process that owns the database (st.App).
SERVER_SCRIPT = PROJECT_ROOT / "server.py"
SECRETS_FILE = "secrets.toml"
PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")


def is_loopback(address: str | None) -> bool:
    """Whether a server bound to ``address`` is reachable from this machine only (no address means every
    interface, which is what Streamlit does when ``server.address`` is not set)."""
    if not address:
        return False
    if address.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(address.strip().strip("[]")).is_loopback
    except ValueError:
        return False


def insecure_allowed() -> bool:
    """Whether this process was started with ``--insecure`` (the only way to serve beyond this machine today)."""
    return os.environ.get(INSECURE_ENV_VAR) == "1"


def secrets_files() -> list[Path]:
    """The ``secrets.toml`` files Streamlit reads for this app by default, in its order (a later file's ``[auth]``
    replaces an earlier one's): the user's ``~/.streamlit/``, the working directory's ``.streamlit/``, the app's
    own. (Streamlit's ``secrets.files`` setting can name others; SMART Pilot does not set it, and a deployment that
    does must keep ``[auth]`` in one of these.)"""
    places = [Path.cwd() / ".streamlit", APP_SCRIPT.parent / ".streamlit"]
    try:
        places.insert(0, Path.home() / ".streamlit")
    except RuntimeError:  # no home directory (a container user without one)
        pass
    return [folder / SECRETS_FILE for folder in places]


def sign_in_provider(files: Sequence[Path] | None = None) -> str | None:
    """The sign-in provider that ``secrets.toml`` configures for ``st.login``: ``"default"`` when ``[auth]`` holds
    the provider's keys itself, else the name of the first ``[auth.NAME]`` section that holds them; None when
    sign-in is not configured. Configured means what Streamlit needs: ``redirect_uri`` (ending in
    ``/oauth2callback``) and ``cookie_secret`` in ``[auth]``, and ``client_id``, ``client_secret`` and
    ``server_metadata_url`` for the provider. A file that is not valid TOML configures nothing."""
    auth = _auth_section(secrets_files() if files is None else files)
    if auth is None or not _filled(auth, "redirect_uri", "cookie_secret"):
        return None
    if not str(auth["redirect_uri"]).rstrip("/").endswith("/oauth2callback"):
        return None
    if _filled(auth, *PROVIDER_KEYS):
        return "default"
    return next((name for name, section in auth.items()
                 if isinstance(section, Mapping) and "_" not in name and _filled(section, *PROVIDER_KEYS)), None)


def sign_in_configured(files: Sequence[Path] | None = None) -> bool:
    """Whether everyone must sign in (OIDC, ``st.login``) before the app shows anything."""
    return sign_in_provider(files) is not None


def _auth_section(files: Sequence[Path]) -> Mapping[str, Any] | None:
    auth = None
    for path in files:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            continue
        if isinstance(data.get("auth"), Mapping):
            auth = data["auth"]
    return auth


def _filled(section: Mapping[str, Any], *keys: str) -> bool:
    return all(isinstance(section.get(key), str) and section[key].strip() for key in keys)


def exposure(address: str | None) -> str:
    """How a server bound to ``address`` may run: ``"sign_in"`` (sign-in configured: everyone signs in first, on
    any address), ``"local"`` (this machine only, no sign-in: the person at the machine acts as an admin),
    ``"insecure"`` (lab mode, said on every page) or ``"refused"`` (reachable from other machines with nobody
    signed in)."""
    if sign_in_configured():
        return "sign_in"
    if is_loopback(address):
        return "local"
    return "insecure" if insecure_allowed() else "refused"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``serve`` command: the app and its HTTP API in one server."""
    parser = add_command(subparsers, "serve")
    parser.add_argument("--address", default=DEFAULT_ADDRESS,
                        help="address to listen on (default: %(default)s, this machine only; another one, such as "
                             "0.0.0.0 behind a TLS proxy, needs sign-in configured in secrets.toml)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="port (default: %(default)s)")
    parser.add_argument("--insecure", action="store_true",
                        help="allow an address other machines can reach, with no sign-in: a lab on a closed "
                             "network only; anyone who reaches it can read and change all data")
    parser.set_defaults(handler=run_serve)


def streamlit_command(address: str, port: int) -> list[str]:
    """The command line that serves the app and its API (Streamlit's own server, in this Python)."""
    return [sys.executable, "-m", "streamlit", "run", str(SERVER_SCRIPT), "--server.address", address,
            "--server.port", str(port), "--server.headless", "true"]


def run_serve(args: argparse.Namespace) -> int:
    """``serve``: check the settings (address, sign-in, backups), then run the server until it is stopped; an address
    other machines can reach is refused without sign-in unless ``--insecure``."""
    if not 0 < args.port < 65536:
        raise CommandError(f"--port {args.port} is not a port number (1-65535)")
    try:
        settings_from_environment()
    except BackupSettingError as error:
        raise CommandError(f"serve: {error}") from None
    if sign_in_configured():
        try:
            session_hours()
        except ValueError as error:
            raise CommandError(str(error)) from error
        print(f"SMART Pilot: serving on {args.address}:{args.port}; everyone signs in first (sign-in is configured "
              "in secrets.toml). Put a TLS proxy in front of it (docs/deploy.md).", flush=True)
        os.environ.pop(INSECURE_ENV_VAR, None)
    elif is_loopback(args.address):
        print(f"SMART Pilot: http://{args.address}:{args.port} (reachable from this machine only)", flush=True)
        os.environ.pop(INSECURE_ENV_VAR, None)
    elif not args.insecure:
        raise CommandError(
            f"refusing to serve on {args.address}: no sign-in is configured, so anyone reaching that address could "
            f"read and change all data; serve on {DEFAULT_ADDRESS} (the default), configure sign-in ([auth] in "
            ".streamlit/secrets.toml, see docs/deploy.md), or add --insecure for a lab on a closed network"
        )
    else:
        print(f"WARNING: SMART Pilot is serving on {args.address}:{args.port} WITH NO SIGN-IN (--insecure): anyone "
              "who can reach this address can read every figure and change or remove all data.",
              file=sys.stderr, flush=True)
        os.environ[INSECURE_ENV_VAR] = "1"
    command = streamlit_command(args.address, args.port)
    os.execv(command[0], command)
    return 0
