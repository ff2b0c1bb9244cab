"""``python -m smart serve``: start the app, on this machine only unless told otherwise, loudly.

SMART Pilot has no sign-in yet, so anyone who reaches the server can read every figure, archive objectives, undo
imports and remove all data. The server therefore binds the loopback address (127.0.0.1) and says so. Another
address is refused with one line on stderr and exit code 2; ``--insecure`` serves it anyway, for a lab on a
closed network, with a warning on the terminal and a red banner on every page (``INSECURE_ENV_VAR`` tells the
app). The app refuses to show anything when Streamlit was started on another address some other way (``exposure``).
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import sys

from smart.cli import CommandError
from smart.paths import PROJECT_ROOT

DEFAULT_ADDRESS = "127.0.0.1"
DEFAULT_PORT = 8501
INSECURE_ENV_VAR = "SMART_INSECURE"
APP_SCRIPT = PROJECT_ROOT / "app.py"


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


def exposure(address: str | None) -> str:
    """How a server bound to ``address`` may run: ``"local"``, ``"insecure"`` (lab mode, said on every page) or
    ``"refused"`` (reachable from other machines with nobody signed in)."""
    if is_loopback(address):
        return "local"
    return "insecure" if insecure_allowed() else "refused"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve", help="serve the app in the browser (on this machine only, unless --address and --insecure)"
    )
    parser.add_argument("--address", default=DEFAULT_ADDRESS,
                        help="address to listen on (default: %(default)s, this machine only)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="port (default: %(default)s)")
    parser.add_argument("--insecure", action="store_true",
                        help="allow an address other machines can reach, with no sign-in: a lab on a closed "
                             "network only; anyone who reaches it can read and change all data")
    parser.set_defaults(handler=run_serve)


def streamlit_command(address: str, port: int) -> list[str]:
    """The command line that serves the app (Streamlit's own server, in this Python)."""
    return [sys.executable, "-m", "streamlit", "run", str(APP_SCRIPT), "--server.address", address,
            "--server.port", str(port), "--server.headless", "true"]


def run_serve(args: argparse.Namespace) -> int:
    if not 0 < args.port < 65536:
        raise CommandError(f"--port {args.port} is not a port number (1-65535)")
    if is_loopback(args.address):
        print(f"SMART Pilot: http://{args.address}:{args.port} (reachable from this machine only)", flush=True)
        os.environ.pop(INSECURE_ENV_VAR, None)
    elif not args.insecure:
        raise CommandError(
            f"refusing to serve on {args.address}: SMART Pilot has no sign-in yet, so anyone reaching that address "
            f"could read and change all data; serve on {DEFAULT_ADDRESS} (the default), or add --insecure for a "
            "lab on a closed network"
        )
    else:
        print(f"WARNING: SMART Pilot is serving on {args.address}:{args.port} WITH NO SIGN-IN (--insecure): anyone "
              "who can reach this address can read every figure and change or remove all data.",
              file=sys.stderr, flush=True)
        os.environ[INSECURE_ENV_VAR] = "1"
    command = streamlit_command(args.address, args.port)
    os.execv(command[0], command)
    return 0
