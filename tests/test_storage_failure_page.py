"""The app on a database it cannot use: a page that says what happened and what to do, in English and French,
with the real error word for word and a way to try again; never a traceback (Streamlit AppTest)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import ui
from smart.i18n import Translator
from smart.storage import StorageError, Store
from tests.conftest import REPO_ROOT, app_on
from tests.faults import fill_up, garbage_file, held_by_another_process, small_disk

APP = str(REPO_ROOT / "app.py")
TIMEOUT = 60


def run_app(lang: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["lang"] = lang
    return at.run()


def failure_page(at: AppTest) -> dict[str, object]:
    """What the storage failure page shows, element by element."""
    return {
        "title": [title.value for title in at.title], "what": [error.value for error in at.error],
        "todo": [info.value for info in at.info], "file": [caption.value for caption in at.caption],
        "details": [expander.label for expander in at.expander], "retry": [button.label for button in at.button],
    }


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_damaged_database_gets_a_page_that_says_what_to_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             lang: str) -> None:
    path = tmp_path / "smart.duckdb"
    garbage_file(path)
    t = Translator(lang)
    with app_on(path, monkeypatch):
        at = run_app(lang)
    assert not at.exception, at.exception
    assert failure_page(at) == {
        "title": [t("storage.damaged.title")], "what": [t("storage.damaged.what", path=ui.plain(path))],
        "todo": [t("storage.damaged.todo")], "file": [t("storage.path", path=ui.plain(path))],
        "details": [t("storage.details")], "retry": [t("storage.retry")],
    }
    assert [code.value for code in at.code] == [
        f'IO Error: The file "{path}" exists, but it is not a valid DuckDB database file!']
    assert not at.sidebar.multiselect


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_locked_database_names_the_process_and_try_again_opens_it_once_released(
        app_db: Path, lang: str) -> None:
    t = Translator(lang)
    with held_by_another_process(app_db) as pid:
        at = run_app(lang)
        assert not at.exception, at.exception
        page = failure_page(at)
        assert page["title"] == [t("storage.locked.title")]
        assert page["todo"] == [t("storage.locked.todo")]
        assert page["file"] == [t("storage.path", path=ui.plain(app_db))]
        [what] = page["what"]
        before_holder = t("storage.locked.what", path=ui.plain(app_db), holder="<holder>").split("<holder>")[0]
        assert what.startswith(f"{before_holder}{ui.plain(f'PID {pid}, python -c import duckdb')}")
        [code] = [code.value for code in at.code]
        assert f'Could not set lock on file "{app_db}"' in code and f"(PID {pid})" in code
    at.button(key="storage.retry").click().run()
    assert not at.exception, at.exception
    assert [title.value for title in at.title][:1] == [t("nav.overview")]


def page_body_failing() -> None:
    """A page whose body fails the way ``SMART_PAGE_FAILURE`` says: on opening a damaged database (a
    StorageError), on DuckDB's own error about it, or on an error that has nothing to do with the database."""
    import os

    import duckdb

    import ui
    from smart.storage import Store

    failures = {
        "storage_error": lambda: Store(os.environ["SMART_DB"]),
        "duckdb_error": lambda: duckdb.connect(os.environ["SMART_DB"]),
        "bug": lambda: 1 / 0,
    }
    ui.guarded(ui.translator(), failures[os.environ["SMART_PAGE_FAILURE"]])


@pytest.mark.parametrize("failure", ["storage_error", "duckdb_error"])
def test_a_storage_failure_inside_a_page_shows_what_to_do_not_a_traceback(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: str) -> None:
    path = tmp_path / "smart.duckdb"
    garbage_file(path)
    monkeypatch.setenv("SMART_PAGE_FAILURE", failure)
    t = Translator("fr")
    with app_on(path, monkeypatch):
        at = AppTest.from_function(page_body_failing, default_timeout=TIMEOUT)
        at.query_params["lang"] = "fr"
        at.run()
    assert not at.exception, at.exception
    assert [subheader.value for subheader in at.subheader] == [t("storage.damaged.title")]
    assert [error.value for error in at.error] == [t("storage.damaged.what", path=ui.plain(path))]
    assert [button.label for button in at.button] == [t("storage.retry")]


def test_any_other_failure_inside_a_page_is_still_a_plain_message(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMART_PAGE_FAILURE", "bug")
    with app_on(tmp_path / "unused.duckdb", monkeypatch):
        at = AppTest.from_function(page_body_failing, default_timeout=TIMEOUT).run()
    assert not at.exception, at.exception
    assert [error.value for error in at.error] == [Translator("en")("common.error", message="division by zero")]
    assert not at.subheader and not at.button


@pytest.fixture
def app_on_small_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The app on a database with something imported (so no demo is loaded), on a 32 MB disk of its own."""
    with small_disk(tmp_path / "disk", 32) as disk:
        path = disk / "smart.duckdb"
        store = Store(path)
        with store.transaction() as tx:
            tx.execute("INSERT INTO imports (file_name, sha256, kind, profile, source, started_at) "
                       "VALUES ('reps.csv', 'x', 'reps', 'generic', 'crm', current_timestamp)")
        store.close()
        with app_on(path, monkeypatch):
            yield path


def break_the_cached_store(disk: Path) -> tuple[Store, Path]:
    """Write through the app's store, then let a checkpoint find the disk full: DuckDB stops serving the
    database. Returns the broken store and the file that fills the disk."""
    store = ui.get_store()
    with store.transaction() as tx:
        tx.execute("INSERT INTO reps (owner, team) VALUES ('ann@x.com', 'North')")
    filler = fill_up(disk)
    with pytest.raises(StorageError):
        store.rows("CHECKPOINT")
    assert store.broken
    return store, filler


def test_a_store_broken_by_a_full_disk_is_opened_afresh_on_the_next_run(app_on_small_disk: Path) -> None:
    assert not run_app("en").exception
    broken, filler = break_the_cached_store(app_on_small_disk.parent)
    at = run_app("en")
    assert not at.exception, at.exception
    assert [title.value for title in at.title][:1] == [Translator("en")("nav.overview")]
    assert ui.get_store() is not broken
    assert ui.get_store().rows("SELECT owner, team FROM reps") == [("ann@x.com", "North")]
    filler.unlink()


def test_try_again_closes_a_broken_store(app_on_small_disk: Path) -> None:
    assert not run_app("en").exception
    broken, filler = break_the_cached_store(app_on_small_disk.parent)
    ui.forget_store()
    with pytest.raises(Exception, match="already closed"):
        broken.cursor().execute("SELECT 1")
    assert ui.get_store().rows("SELECT owner FROM reps") == [("ann@x.com",)]
    filler.unlink()
