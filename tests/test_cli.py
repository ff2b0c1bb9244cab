"""The set-up commands of ``python -m smart``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from smart.cli import main
from smart.storage import LATEST_VERSION, Store
from tests.conftest import REPO_ROOT


def test_help_lists_the_commands() -> None:
    result = subprocess.run([sys.executable, "-m", "smart", "--help"], cwd=REPO_ROOT, capture_output=True, text=True)
    assert result.returncode == 0
    for command in ("init", "demo", "import", "kpi"):
        assert command in result.stdout


def test_init_creates_the_database_at_the_db_flag(tmp_path: Path, capsys) -> None:
    target = tmp_path / "nested" / "mine.duckdb"
    assert main(["init", "--db", str(target)]) == 0
    assert f"schema version {LATEST_VERSION}" in capsys.readouterr().out
    store = Store(target)
    assert store.scalar("SELECT count(*) FROM deals") == 0


def test_init_honours_smart_db(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SMART_DB", str(tmp_path / "env.duckdb"))
    assert main(["init"]) == 0
    assert (tmp_path / "env.duckdb").exists()


def test_a_newer_database_is_refused_with_exit_code_2(tmp_path: Path, capsys) -> None:
    target = tmp_path / "future.duckdb"
    Store(target).close()
    import duckdb

    conn = duckdb.connect(str(target))
    conn.execute("INSERT INTO schema_version (version, description) VALUES (999, 'from the future')")
    conn.close()
    assert main(["init", "--db", str(target)]) == 2
    assert "schema version 999" in capsys.readouterr().err


def test_demo_remove_keeps_the_file_and_empties_the_demo(demo_store: Store, capsys) -> None:
    path = demo_store.path
    demo_store.close()
    assert main(["demo", "--remove", "--db", str(path)]) == 0
    assert "removed" in capsys.readouterr().out
    assert Store(path).scalar("SELECT count(*) FROM deals") == 0
