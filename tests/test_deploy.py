"""Deployment: sign-in configured lets the server listen beyond the loopback address (and the app then asks everyone
to sign in), and the Dockerfile, compose.yaml and Caddyfile stay consistent with the code: the health check path,
the port, the settings' names, the non-root user, the /data volume, the secrets file. No Docker engine runs here:
the files are read, and the container's command is run as it is on this machine."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from smart import serve
from smart.access import LOCAL_ADMIN, add_user
from smart.backup import BACKUP_AT_ENV, BACKUP_DIR_ENV, BACKUP_KEEP_ENV, settings_from_environment
from smart.cli import main
from smart.i18n import Translator
from smart.paths import DB_ENV_VAR
from smart.serve import INSECURE_ENV_VAR, exposure, sign_in_configured, sign_in_provider
from smart.storage import Store
from tests.conftest import REPO_ROOT
from tests.served import free_port
from tests.test_app import APP, TIMEOUT

DOCKERFILE = REPO_ROOT / "Dockerfile"
COMPOSE = REPO_ROOT / "compose.yaml"
CADDYFILE = REPO_ROOT / "deploy" / "Caddyfile"
DOCKERIGNORE = REPO_ROOT / ".dockerignore"
SHARED = ('redirect_uri = "https://smart.example.com/oauth2callback"\n'
          'cookie_secret = "a long random string, 32 bytes or more"\n')
PROVIDER = ('client_id = "smart-pilot"\nclient_secret = "s3cret"\n'
            'server_metadata_url = "https://login.example.com/.well-known/openid-configuration"\n')


def secrets(folder: Path, text: str, name: str = "secrets.toml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------------------------------ sign-in configured
@pytest.mark.parametrize(("text", "provider"), [
    (f"[auth]\n{SHARED}{PROVIDER}", "default"),
    (f"[auth]\n{SHARED}\n[auth.microsoft]\n{PROVIDER}", "microsoft"),
    (f'[auth]\n{SHARED.replace("/oauth2callback", "/oauth2callback/")}{PROVIDER}', "default"),
    (f"[auth]\n{SHARED}\n[auth.my_idp]\n{PROVIDER}\n[auth.keycloak]\n{PROVIDER}", "keycloak"),
    (f"[auth]\n{SHARED}", None),  # no provider
    (f"[auth]\n{PROVIDER}", None),  # no redirect_uri, no cookie_secret
    (f'[auth]\nredirect_uri = "https://smart.example.com/"\ncookie_secret = "x"\n{PROVIDER}', None),
    (f'[auth]\n{SHARED.replace("a long random string, 32 bytes or more", " ")}{PROVIDER}', None),
    (f"[auth]\n{SHARED}{PROVIDER.replace('client_secret = ', 'secret = ')}", None),
    (f"[other]\n{SHARED}{PROVIDER}", None),
    (f"[auth\n{SHARED}{PROVIDER}", None),  # not TOML
    ("", None),
])
def test_sign_in_is_configured_when_streamlit_has_all_it_needs(tmp_path: Path, text: str,
                                                               provider: str | None) -> None:
    files = [secrets(tmp_path, text)]
    assert sign_in_provider(files) == provider
    assert sign_in_configured(files) is (provider is not None)


def test_a_later_file_replaces_the_auth_of_an_earlier_one_as_streamlit_reads_them(tmp_path: Path) -> None:
    complete = secrets(tmp_path / "home", f"[auth]\n{SHARED}{PROVIDER}")
    partial = secrets(tmp_path / "project", f"[auth]\n{SHARED}")
    unrelated = secrets(tmp_path / "app", '[database]\nurl = "x"\n')
    assert sign_in_configured([complete, unrelated]) is True
    assert sign_in_configured([complete, partial]) is False
    assert sign_in_configured([partial, complete, tmp_path / "missing.toml"]) is True


def test_the_files_read_are_those_streamlit_reads(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert serve.secrets_files() == [tmp_path / "home" / ".streamlit" / "secrets.toml",
                                     tmp_path / ".streamlit" / "secrets.toml",
                                     REPO_ROOT / ".streamlit" / "secrets.toml"]
    monkeypatch.setattr(config, "_main_script_path", str(REPO_ROOT / "app.py"))
    assert [Path(p) for p in config.get_config_files("secrets.toml")] == serve.secrets_files()


@pytest.fixture
def sign_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Sign-in configured for this test (and nothing else of this machine's secrets read)."""
    path = secrets(tmp_path / "config", f"[auth]\n{SHARED}{PROVIDER}")
    monkeypatch.setattr(serve, "secrets_files", lambda: [path])
    monkeypatch.delenv(INSECURE_ENV_VAR, raising=False)
    return path


def test_an_open_address_is_served_when_sign_in_is_configured(sign_in: Path, monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    # Everyone signs in, on a loopback address too: a TLS proxy on the same machine reaches it for everyone.
    assert [exposure(a) for a in ("127.0.0.1", "0.0.0.0", None)] == ["sign_in", "sign_in", "sign_in"]
    started = []
    monkeypatch.setattr(serve.os, "execv", lambda program, command: started.append(command))
    assert main(container_command()[3:]) == 0
    assert started[0][started[0].index("--server.address") + 1] == "0.0.0.0"
    assert started[0][started[0].index("--server.port") + 1] == str(serve.DEFAULT_PORT)
    assert "everyone signs in first" in capsys.readouterr().out
    assert INSECURE_ENV_VAR not in os.environ


def test_without_sign_in_the_container_command_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(serve, "secrets_files", lambda: [tmp_path / "none.toml"])
    monkeypatch.delenv(INSECURE_ENV_VAR, raising=False)
    assert main(container_command()[3:]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no sign-in is configured" in err and "docs/deploy.md" in err


@pytest.fixture
def open_address() -> Iterator[None]:
    before = config.get_option("server.address")
    config.set_option("server.address", "0.0.0.0")
    yield
    config.set_option("server.address", before)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_on_an_open_address_the_app_shows_nothing_until_one_signs_in(app_db: Path, sign_in: Path,
                                                                     open_address: None, lang: str) -> None:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["lang"] = lang
    at.user = {"is_logged_in": False}
    at.run()
    t = Translator(lang)
    assert not at.exception
    assert [title.value for title in at.title] == [t("signin.required.title")]
    assert [button.label for button in at.button] == [t("signin.required.button")]
    assert len(at.metric) == 0 and len(at.sidebar.selectbox) == 0 and len(at.error) == 0


def test_once_signed_in_the_app_shows_its_pages_without_the_lab_banner(app_db: Path, sign_in: Path,
                                                                       open_address: None) -> None:
    store = Store(app_db)
    add_user(store, "ann@example.com", "manager", actor=LOCAL_ADMIN)
    store.close()
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["lang"] = "en"
    at.user = {"is_logged_in": True, "email": "ann@example.com", "name": "Ann"}
    at.run()
    assert not at.exception
    assert at.title[0].value == Translator("en")("nav.overview") and len(at.metric) > 0
    assert Translator("en")("exposure.insecure.banner") not in [e.value for e in at.error]


# ------------------------------------------------------------------------------------------ the files
def dockerfile() -> str:
    return DOCKERFILE.read_text(encoding="utf-8")


def instruction(name: str) -> list[str]:
    """The arguments of every ``name`` instruction of the Dockerfile, continuation lines joined."""
    text = re.sub(r"\\\n\s*", " ", dockerfile())
    return [line.split(None, 1)[1].strip() for line in text.splitlines() if line.split(None, 1)[:1] == [name]]


def dockerfile_env() -> dict[str, str]:
    return dict(shlex.split(item)[0].split("=", 1) for env in instruction("ENV") for item in shlex.split(env))


def container_command() -> list[str]:
    (command,) = instruction("CMD")
    return json.loads(command)


def healthcheck_command() -> list[str]:
    (line,) = instruction("HEALTHCHECK")
    return json.loads(line.split("CMD", 1)[1])


def compose() -> str:
    return COMPOSE.read_text(encoding="utf-8")


def service(name: str) -> str:
    """The lines of one compose service (from its name to the next one at the same indentation)."""
    match = re.search(rf"^  {name}:\n((?:    .*\n|\s*\n)+)", compose(), flags=re.MULTILINE)
    assert match is not None, name
    return match.group(1)


def test_the_image_is_slim_python_runs_as_a_user_and_keeps_everything_in_data() -> None:
    assert instruction("FROM") == ["python:3.11-slim"]
    (user,) = instruction("USER")
    (creation,) = [run for run in instruction("RUN") if "useradd" in run]
    useradd = creation.split("useradd", 1)[1].split("&&")[0].split()
    assert user not in ("root", "0") and useradd[-1] == user and "--system" in useradd
    assert int(useradd[useradd.index("--uid") + 1]) >= 1000
    assert f"chown {user}:{user} /data" in " ".join(instruction("RUN"))
    assert instruction("VOLUME") == ['["/data"]']
    env = dockerfile_env()
    assert env[DB_ENV_VAR] == "/data/smart.duckdb" and env[BACKUP_DIR_ENV] == "/data/backups"
    assert settings_from_environment(env).keep >= 1  # the image's backup settings are ones the server accepts
    assert "pip install --requirement requirements.txt" in " ".join(instruction("RUN"))


def test_the_container_serves_the_app_on_its_port_with_streamlits_health_check() -> None:
    command = container_command()
    assert command[:4] == ["python", "-m", "smart", "serve"]
    port = int(command[command.index("--port") + 1])
    assert port == serve.DEFAULT_PORT and instruction("EXPOSE") == [str(port)]
    assert command[command.index("--address") + 1] == "0.0.0.0" and "--insecure" not in command
    health = healthcheck_command()
    assert health[:2] == ["python", "-c"] and f"http://127.0.0.1:{port}/_stcore/health" in health[2]
    assert re.search(rf"^\s*reverse_proxy app:{port}$", CADDYFILE.read_text(encoding="utf-8"), flags=re.MULTILINE)
    assert re.search(rf'^      - "{port}"$', service("app"), flags=re.MULTILINE)


def test_every_setting_named_in_the_files_is_one_the_code_reads() -> None:
    known = set()
    for path in [*(REPO_ROOT / "smart").rglob("*.py"), *(REPO_ROOT / "ui").rglob("*.py"), REPO_ROOT / "app.py"]:
        known |= set(re.findall(r'"(SMART_[A-Z_]+)"', path.read_text(encoding="utf-8")))
    assert {DB_ENV_VAR, BACKUP_AT_ENV, BACKUP_KEEP_ENV, BACKUP_DIR_ENV} <= known
    named = set(re.findall(r"\b(SMART_[A-Z_]+)\b", dockerfile() + compose()))
    assert named - {"SMART_HOST"} <= known and INSECURE_ENV_VAR not in named
    app_env = dict(re.findall(r"^      (SMART_[A-Z_]+): \"?([^\"\n]+)\"?$", service("app"), flags=re.MULTILINE))
    image_env = dockerfile_env()
    assert app_env == {name: image_env[name] for name in app_env}  # compose says what the image says
    assert settings_from_environment(app_env).at is not None
    assert "{$SMART_HOST}" in CADDYFILE.read_text(encoding="utf-8") and "SMART_HOST:" in service("proxy")
    streamlit_settings = {option.env_var for option in config.get_config_options().values()}
    assert {name for name in image_env if name.startswith("STREAMLIT_")} <= streamlit_settings
    assert "STREAMLIT_SERVER_FILE_WATCHER_TYPE" in image_env  # nothing to watch in an image


def test_the_data_volume_and_the_secrets_file_are_mounted_where_the_code_looks() -> None:
    app = service("app")
    assert re.search(r"source: smart-data\n\s+target: /data\n", app)
    (workdir,) = instruction("WORKDIR")
    secrets_target = f"{workdir}/.streamlit/secrets.toml"
    assert Path(secrets_target).relative_to(workdir) == serve.secrets_files()[-1].relative_to(REPO_ROOT)
    mount = re.search(rf"source: \./secrets\.toml\n\s+target: {re.escape(secrets_target)}\n\s+read_only: true\n", app)
    assert mount is not None and "create_host_path: false" in app
    assert "restart: unless-stopped" in app and "restart: unless-stopped" in service("proxy")
    assert re.search(r'^      - "443:443"$', service("proxy"), flags=re.MULTILINE)
    assert "ports:" not in app  # only the proxy is reachable from outside
    ignored = DOCKERIGNORE.read_text(encoding="utf-8").split()
    assert {".streamlit/secrets.toml", "secrets.toml", "data/*.duckdb", "data/uploads", "data/backups",
            ".venv"} <= set(ignored)


def test_the_compose_file_is_valid_yaml_when_a_yaml_reader_is_installed() -> None:
    yaml = pytest.importorskip("yaml", reason="PyYAML is not installed here (it is no dependency of SMART Pilot)")
    parsed = yaml.safe_load(compose())
    assert set(parsed["services"]) == {"app", "proxy"}
    assert parsed["services"]["app"]["volumes"][0]["target"] == "/data"


# ------------------------------------------------------------------------------------------ the command, run
def _listening(port: int) -> set[str]:
    found = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, hex_port = local.split(":")
        if state == "0A" and int(hex_port, 16) == port:
            found.add(address)
    return found


def test_the_container_command_serves_and_its_health_check_passes(tmp_path: Path) -> None:
    """What the container runs, run here (with a free port): with sign-in configured it listens on every interface,
    and the HEALTHCHECK command succeeds against it."""
    port = free_port()
    secrets(tmp_path / ".streamlit", f"[auth]\n{SHARED}{PROVIDER}")
    env = {**os.environ, DB_ENV_VAR: str(tmp_path / "data" / "smart.duckdb"), "PYTHONPATH": str(REPO_ROOT),
           "HOME": str(tmp_path / "home")}
    env.pop(INSECURE_ENV_VAR, None)
    command = [sys.executable if word == "python" else word for word in container_command()]
    command[command.index("--port") + 1] = str(port)
    health = [sys.executable, "-c", healthcheck_command()[2].replace(f":{serve.DEFAULT_PORT}/", f":{port}/")]
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=tmp_path, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and process.poll() is None:
            if subprocess.run(health, capture_output=True).returncode == 0:
                break
            time.sleep(0.2)
        assert process.poll() is None, log.read_text()
        assert subprocess.run(health, capture_output=True).returncode == 0
        assert _listening(port) == {"00000000"}  # 0.0.0.0, as inside a container behind its proxy
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=5) as answer:
            assert answer.status == 200
        assert "everyone signs in first" in log.read_text()
    finally:
        process.terminate()
        process.wait(timeout=30)
