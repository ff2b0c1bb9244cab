"""A server started by a test in another process: a free port of 127.0.0.1, the process started with its output in a
log, waited for until its health endpoint answers, and stopped at the end. The API's tests (``python -m smart
serve``), the browser tests (``streamlit run``) and the serve command's own tests share it."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

STARTUP_SECONDS = 60
# How often the health endpoint is asked while the server starts: a start takes seconds, so a tenth of one is lost
# at most, where the 0.3 s this replaced lost up to three tenths per server.
POLL_SECONDS = 0.1


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_healthy(url: str, process: subprocess.Popen[bytes], log: Path, name: str = "the server",
                       seconds: float = STARTUP_SECONDS) -> None:
    """Return once ``url``'s ``/_stcore/health`` answers 200; raise with the server's log when ``process`` exits
    first or ``seconds`` pass."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited early:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(POLL_SECONDS)
    raise RuntimeError(f"{name} did not answer within {seconds:g} s:\n{log.read_text()}")


@contextmanager
def serving(command: Sequence[str], *, port: int, log: Path, cwd: Path, env: Mapping[str, str],
            name: str = "the server", stop_seconds: float = 30) -> Iterator[subprocess.Popen[bytes]]:
    """Run ``command`` (a server on ``port`` of 127.0.0.1) with its output in ``log``; yield the process once it
    answers, and stop it on leaving."""
    with log.open("wb") as out:
        process = subprocess.Popen(list(command), cwd=cwd, env=dict(env), stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_until_healthy(f"http://127.0.0.1:{port}", process, log, name)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=stop_seconds)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
