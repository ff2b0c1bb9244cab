"""The Import page's temporary copy of an upload, through AppTest: private while a preview or an import runs, gone
after it however it ends, nothing left when the upload is dropped or replaced; odd names and hostile workbooks."""

from __future__ import annotations

import stat
import tempfile
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import smart.ingest
from smart.ingest.names import original_name
from smart.storage import Store
from smart.text import plain
from tests.conftest import REPO_ROOT
from tests.ingest.workbooks import DEAL_HEADER, MAIN, deal_rows, row, sheet_xml, write_workbook

APP = str(REPO_ROOT / "app.py")
DEALS = (b"Deal ID,Deal Name,Deal Stage,Amount,Create Date,Close Date,Deal Owner\n"
         b"UP1,Uploaded one,Closed Won,1200,2025-01-02,2025-02-03,ann@x.com\n")
# 300 characters, a slash, a right-to-left override (Streamlit itself refuses a name with a NUL byte)
ODD_NAME = "Export CRM — équipe / Q4 \u202e" + "é" * 270 + ".csv"


@pytest.fixture
def temp_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The system's temporary directory, for this test alone (the upload copies and the importer's work go there)."""
    root = tmp_path / "tmp"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    return root


@pytest.fixture
def copies_seen(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, object]]:
    """What each preview or import found of its file while it ran: the path, its mode and its folder's."""
    seen: list[dict[str, object]] = []
    real = smart.ingest.run_import

    def spy(store, path, options, progress=None):
        path = Path(path)
        seen.append({"path": path, "mode": stat.S_IMODE(path.stat().st_mode),
                     "folder_mode": stat.S_IMODE(path.parent.stat().st_mode), "dry_run": options.dry_run})
        return real(store, path, options, progress)

    monkeypatch.setattr(smart.ingest, "run_import", spy)
    return seen


def _open() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page("pages/import.py").run()
    assert not at.exception
    return at


def _upload(at: AppTest, name: str, data: bytes) -> None:
    at.file_uploader(key="import.file").set_value((name, data, "text/csv"))
    at.run()
    assert not at.exception


def _left_in(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


def test_a_preview_then_an_import_leave_no_copy_behind(app_db, temp_root, copies_seen) -> None:
    at = _open()
    _upload(at, "hubspot_deals.csv", DEALS)
    assert not at.error and {m.label: m.value for m in at.metric}["New"] == "1"
    assert _left_in(temp_root) == []
    at.button(key="import.confirm").click()
    at.run()
    assert not at.exception and not at.error and any("Import #" in s.value for s in at.success)
    assert _left_in(temp_root) == []
    assert [(c["dry_run"], c["mode"], c["folder_mode"]) for c in copies_seen] == [
        (True, 0o600, 0o700), (False, 0o600, 0o700)]
    assert all(c["path"].parent.parent == temp_root and not c["path"].exists() for c in copies_seen)


def test_a_failed_import_leaves_no_copy_behind(app_db, temp_root, copies_seen) -> None:
    at = _open()
    _upload(at, "page.csv", b"<html><body>not a table</body></html>")
    assert len(at.error) == 1 and plain("page.csv") in at.error[0].value
    assert len(copies_seen) == 1 and _left_in(temp_root) == []


def test_a_dropped_or_replaced_upload_leaves_no_copy_behind(app_db, temp_root, copies_seen) -> None:
    at = _open()
    _upload(at, "first.csv", DEALS)
    _upload(at, "second.csv", DEALS.replace(b"UP1", b"UP2"))
    assert [c["path"].name for c in copies_seen] == ["first.csv", "second.csv"]
    assert _left_in(temp_root) == []
    at.file_uploader(key="import.file").set_value(None)
    at.run()
    assert not at.exception and not at.metric and _left_in(temp_root) == []


def test_a_300_character_name_with_a_slash_and_an_override_imports_under_its_own_name(app_db, temp_root) -> None:
    at = _open()
    _upload(at, ODD_NAME, DEALS)
    assert not at.error, [e.value for e in at.error]
    at.button(key="import.confirm").click()
    at.run()
    assert not at.exception and not at.error and any("Import #" in s.value for s in at.success)
    store = Store(app_db)
    try:
        logged = store.rows("SELECT file_name, stored_path FROM imports WHERE file_name LIKE 'Export CRM%'")
    finally:
        store.close()
    assert [name for name, _ in logged] == [ODD_NAME.replace("\u202e", "")] == [original_name(ODD_NAME)]
    assert Path(logged[0][1]).read_bytes() == DEALS
    assert _left_in(temp_root) == []


def test_a_workbook_with_too_many_rows_is_one_error_naming_it(app_db, temp_root) -> None:
    rows = b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (n, n, n) for n in range(1, 1_048_578))
    path = write_workbook(temp_root.parent / "tall.xlsx", sheet_xml(rows))
    at = _open()
    _upload(at, "tall.xlsx", path.read_bytes())
    assert [e.value for e in at.error] == [plain(
        "tall.xlsx: the part xl/worksheets/sheet1.xml has more than 1,048,576 rows, the most an Excel sheet can have")]
    assert _left_in(temp_root) == []


def test_an_entity_payload_is_one_error_without_the_servers_path(app_db, temp_root) -> None:
    sheet = [f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
             f'<worksheet xmlns="{MAIN}"><sheetData>'.encode(), row(1, DEAL_HEADER), *deal_rows(1),
             b'<row r="3"><c r="A3" t="inlineStr"><is><t>&b;</t></is></c></row></sheetData></worksheet>']
    path = write_workbook(temp_root.parent / "laughs.xlsx", sheet)
    at = _open()
    _upload(at, "laughs.xlsx", path.read_bytes())
    assert [e.value for e in at.error] == [plain(
        "laughs.xlsx: the workbook declares XML entities, which Excel never writes and which can swell to gigabytes "
        "in memory: refused")]
    assert _left_in(temp_root) == []
