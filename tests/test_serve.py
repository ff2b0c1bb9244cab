"""The server is reachable from this machine only unless ``--insecure`` says otherwise, loudly."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from smart.cli import main
from smart.i18n import Translator
from smart.serve import INSECURE_ENV_VAR, exposure, is_loopback
from tests.conftest import REPO_ROOT
from tests.served import free_port, serving
from tests.test_app import APP, TIMEOUT


@pytest.mark.parametrize(("address", "local"), [
    ("127.0.0.1", True), ("127.8.9.1", True), ("localhost", True), ("::1", True), ("[::1]", True),
    ("0.0.0.0", False), ("::", False), ("192.168.1.20", False), ("", False), (None, False), ("example.org", False),
])
def test_only_loopback_addresses_are_local(address: str | None, local: bool) -> None:
    assert is_loopback(address) is local


def test_another_address_is_refused_unless_insecure(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(INSECURE_ENV_VAR, raising=False)
    assert [exposure(a) for a in ("127.0.0.1", "0.0.0.0", None)] == ["local", "refused", "refused"]
    monkeypatch.setenv(INSECURE_ENV_VAR, "1")
    assert [exposure(a) for a in ("127.0.0.1", "0.0.0.0", None)] == ["local", "insecure", "insecure"]


def test_serve_refuses_an_open_address_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--address", "0.0.0.0", "--port", "8599"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("error: refusing to serve on 0.0.0.0") and "--insecure" in err


def _listening_addresses(port: int) -> set[str]:
    """The IPv4 and IPv6 addresses a socket listens on at ``port``, read from the kernel's tables."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not Path(table).exists():
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                found.add(address)
    return found


def _other_address() -> str | None:
    """An address of this machine that other machines could use (none on a machine with loopback only)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # no packet is sent: this only picks the outgoing interface
        except OSError:
            return None
        address = probe.getsockname()[0]
    return None if address.startswith("127.") or address == "0.0.0.0" else address


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], int, Path]]:
    port = free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "SMART_DB": str(tmp_path / "empty.duckdb")}
    env.pop(INSECURE_ENV_VAR, None)
    command = [sys.executable, "-m", "smart", "serve", "--port", str(port)]
    with serving(command, port=port, log=log, cwd=REPO_ROOT, env=env, stop_seconds=20) as process:
        yield process, port, log


def test_make_run_serves_on_loopback_only_and_says_so(served: tuple[subprocess.Popen[bytes], int, Path]) -> None:
    process, port, log = served
    assert process.poll() is None, log.read_text()
    assert f"http://127.0.0.1:{port} (reachable from this machine only)" in log.read_text()
    assert _listening_addresses(port) == {"0100007F"}  # 127.0.0.1, and neither 0.0.0.0 nor any IPv6 address
    other = _other_address()
    if other is not None:
        with socket.socket() as sock, pytest.raises(OSError):
            sock.settimeout(2)
            sock.connect((other, port))


@pytest.fixture
def server_address() -> Iterator[None]:
    before = config.get_option("server.address")
    yield
    config.set_option("server.address", before)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_app_shows_nothing_when_started_on_an_open_address(
    app_db: Path, server_address: None, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    monkeypatch.delenv(INSECURE_ENV_VAR, raising=False)
    config.set_option("server.address", "0.0.0.0")
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["lang"] = lang
    at.run()
    t = Translator(lang)
    assert not at.exception
    assert [title.value for title in at.title] == [t("exposure.refused.title")]
    assert at.error[0].value == t("exposure.refused.body", address="0.0.0.0")
    assert len(at.sidebar.selectbox) == 0 and len(at.metric) == 0  # no filters, no figures


def test_lab_mode_serves_with_a_warning_on_every_page(
    app_db: Path, server_address: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(INSECURE_ENV_VAR, "1")
    config.set_option("server.address", "0.0.0.0")
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception
    assert at.error[0].value == Translator("en")("exposure.insecure.banner")
    assert at.title[0].value == Translator("en")("nav.overview")
    assert len(at.metric) > 0
