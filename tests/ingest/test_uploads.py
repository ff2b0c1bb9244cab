"""Uploaded files on the server: the names kept, shown and written, the private temporary copy that lives as long
as one import, the sweep of what a killed process left; and long or odd names through the importer and the CLI."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from smart.ingest import ImportFileError, import_file
from smart.ingest.names import disk_name, original_name, shown_name
from smart.ingest.uploads import LEGACY_FOLDER, UPLOAD_PREFIX, sweep_stale, upload_copy
from tests.conftest import REPO_ROOT

DEALS = "Deal ID,Deal Name,Amount,Create Date,Deal Stage\nL1,Long,100,2025-01-02,Closed Won\n"
LONG_NAME = "Pipeline export — équipe Grands comptes / Q4 " + "x" * 251 + ".csv"  # 300 characters, a slash


def test_the_original_name_loses_only_what_cannot_be_shown() -> None:
    assert len(LONG_NAME) == 300
    assert original_name(LONG_NAME) == LONG_NAME
    assert original_name("deals\x00\u202e.csv\n") == "deals.csv"
    assert original_name("\x00\x01") == "upload"


def test_a_long_name_is_shown_by_its_start_and_its_end() -> None:
    shown = shown_name(LONG_NAME)
    assert len(shown) == 80 and shown.startswith("Pipeline export — équipe") and shown.endswith("xxx.csv")
    assert shown.count("…") == 1
    assert shown_name("short.csv") == "short.csv"


@pytest.mark.parametrize("name, expected", [
    ("deals.csv", "deals.csv"),
    ("../../etc/passwd", "passwd"),
    ("C:\\Users\\ann\\Mes documents\\affaires été.xlsx", "affaires été.xlsx"),
    ("a\x00b.csv", "ab.csv"),
    ("..", "upload"),
    (".hidden.csv", "hidden.csv"),
    ("deals;rm -rf *.csv", "deals_rm -rf _.csv"),
])
def test_a_name_on_disk_is_one_safe_segment(name: str, expected: str) -> None:
    assert disk_name(name) == expected


def test_a_name_on_disk_fits_any_file_system_and_keeps_its_extension() -> None:
    written = disk_name("é" * 300 + ".xlsx")
    assert written == "é" * 47 + ".xlsx" and len(written.encode()) == 99
    assert disk_name(LONG_NAME).endswith("x.csv") and len(disk_name(LONG_NAME).encode()) == 100


def test_the_upload_copy_is_private_and_gone_when_the_import_ends(tmp_path: Path) -> None:
    with upload_copy(b"id,amount\n1,2\n", "../évil\x00 name.csv", root=tmp_path) as path:
        assert path.read_bytes() == b"id,amount\n1,2\n"
        assert path.name == "évil name.csv" and path.parent.parent == tmp_path
        assert path.parent.name.startswith(UPLOAD_PREFIX)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert list(tmp_path.iterdir()) == []


def test_the_upload_copy_is_gone_when_the_import_fails(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError), upload_copy(b"", "empty.csv", root=tmp_path) as path:
        raise ImportFileError("ingest.error.empty", file=path.name)
    assert list(tmp_path.iterdir()) == []


def _aged(path: Path, days: float) -> Path:
    moment = time.time() - days * 24 * 3600
    os.utime(path, (moment, moment))
    return path


def test_the_sweep_removes_only_this_users_folders_left_over_a_day(tmp_path: Path) -> None:
    old_upload = tmp_path / f"{UPLOAD_PREFIX}old"
    old_import = tmp_path / "smart-import-old"
    fresh = tmp_path / f"{UPLOAD_PREFIX}fresh"
    for folder in (old_upload, old_import, fresh):
        folder.mkdir()
        (folder / "deals.csv").write_text(DEALS)
    legacy = tmp_path / LEGACY_FOLDER
    (legacy / "f00d").mkdir(parents=True)
    (legacy / "f00d" / "deals.csv").write_text(DEALS)
    old_file = tmp_path / f"{UPLOAD_PREFIX}a-file"
    old_file.write_text("not a folder")
    target = tmp_path / "elsewhere"
    target.mkdir()
    link = tmp_path / f"{UPLOAD_PREFIX}link"
    link.symlink_to(target)
    for path in (old_upload, old_import, legacy / "f00d", old_file, target):
        _aged(path, 2)
    os.utime(link, (time.time() - 3 * 24 * 3600,) * 2, follow_symlinks=False)
    removed = sweep_stale(tmp_path)
    assert sorted(p.name for p in removed) == sorted([old_upload.name, old_import.name, "f00d"])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([fresh.name, old_file.name, link.name, target.name])


def test_a_new_upload_sweeps_the_stale_ones(tmp_path: Path) -> None:
    stale = tmp_path / f"{UPLOAD_PREFIX}stale"
    stale.mkdir()
    _aged(stale, 2)
    with upload_copy(b"x", "x.csv", root=tmp_path):
        assert not stale.exists()


def test_a_300_character_name_imports_and_is_logged_as_given(store, tmp_path: Path) -> None:
    path = tmp_path / "upload.csv"
    path.write_text(DEALS)
    result = import_file(store, path, display_name=LONG_NAME)
    assert (result.file_name, result.inserted) == (LONG_NAME, 1)
    assert store.rows("SELECT file_name FROM imports") == [(LONG_NAME,)]
    stored = Path(store.scalar("SELECT stored_path FROM imports"))
    assert stored.parent == tmp_path / "uploads" and stored.read_text() == DEALS
    assert stored.name.endswith("x.csv") and len(stored.name.encode()) <= 117


def test_a_name_with_a_nul_byte_imports_and_is_logged_without_it(store, tmp_path: Path) -> None:
    path = tmp_path / "upload.csv"
    path.write_text(DEALS)
    result = import_file(store, path, display_name="affaires\x00\u202e 2025.csv")
    assert (result.file_name, result.inserted) == ("affaires 2025.csv", 1)
    assert store.rows("SELECT file_name FROM imports") == [("affaires 2025.csv",)]


def test_a_bad_file_with_a_long_name_is_one_line_without_the_servers_path(store, tmp_path: Path) -> None:
    path = tmp_path / "upload.csv"
    path.write_text("<html><body>nope</body></html>")
    with pytest.raises(ImportFileError) as error:
        import_file(store, path, display_name=LONG_NAME)
    assert str(error.value) == f"{shown_name(LONG_NAME)}: this is an HTML or XML page saved with a table extension, " \
                               "not a CSV file"


def _cli(*args: str, db: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "smart", "import", *args, "--db", str(db)], capture_output=True,
                          text=True, cwd=REPO_ROOT, env={**os.environ, "PYTHONPATH": str(REPO_ROOT)}, timeout=120)


def test_the_longest_name_a_file_can_have_imports_through_the_cli(tmp_path: Path) -> None:
    name = "Export équipe Grands comptes " + "x" * 221 + ".csv"  # 255 bytes, the most a file name may take
    assert len(name.encode()) == 255
    path = tmp_path / name
    path.write_text(DEALS)
    db = tmp_path / "cli.duckdb"
    done = _cli(str(path), "--kind", "deals", "--format", "json", db=db)
    assert done.returncode == 0, done.stderr
    assert (json.loads(done.stdout)["file_name"], json.loads(done.stdout)["inserted"]) == (name, 1)
    from smart.storage import Store

    store = Store(db)
    try:
        assert store.rows("SELECT file_name FROM imports") == [(name,)]
        assert Path(store.scalar("SELECT stored_path FROM imports")).read_text() == DEALS
    finally:
        store.close()
