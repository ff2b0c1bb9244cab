"""The Import and Import log pages through Streamlit's AppTest: upload, preview, mapping, import, log, errors."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from smart.storage import Store
from tests.conftest import REPO_ROOT, shown

APP = str(REPO_ROOT / "app.py")
DEALS = (b"Deal ID,Deal Name,Deal Stage,Amount,Create Date,Close Date,Deal Owner\n"
         b"UP1,Uploaded one,Closed Won,1200,2025-01-02,2025-02-03,ann@x.com\n"
         b"UP2,Uploaded two,Contract Sent,bad,2025-01-05,2025-03-01,bob@x.com\n")


def _open(page: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page(f"pages/{page}.py").run()
    assert not at.exception
    return at


def _count(db: Path, sql: str) -> int:
    store = Store(db)
    try:
        return store.scalar(sql)
    finally:
        store.close()


def test_upload_preview_then_import(app_db: Path) -> None:
    at = _open("import")
    at.file_uploader(key="import.file").set_value(("hubspot_deals.csv", DEALS, "text/csv"))
    at.run()
    assert not at.exception and not at.error
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Rows": "2", "New": "1", "Updated": "0", "Unchanged": "0", "Rejected": "1"}
    assert _count(app_db, "SELECT count(*) FROM deals WHERE source = 'hubspot'") == 0  # preview writes nothing
    assert any("unreadable amount" in str(v) for frame in at.dataframe for v in frame.value.values.ravel())
    at.button(key="import.confirm").click()
    at.run()
    assert not at.exception and not at.error
    assert any("Import #" in s.value for s in at.success)
    assert _count(app_db, "SELECT count(*) FROM deals WHERE source = 'hubspot'") == 1
    assert _count(app_db, "SELECT count(*) FROM import_rejects r JOIN imports i ON i.id = r.import_id "
                          "WHERE i.file_name = 'hubspot_deals.csv'") == 1
    log = _open("import_log")
    assert any("hubspot_deals.csv" in set(frame.value.get("file_name", [])) for frame in log.dataframe)


def test_a_bad_file_shows_one_clear_error(app_db: Path) -> None:
    at = _open("import")
    at.file_uploader(key="import.file").set_value(("page.csv", b"<html><body>not a table</body></html>", "text/csv"))
    at.run()
    assert not at.exception
    assert len(at.error) == 1 and "HTML" in at.error[0].value and "page.csv" in shown(at.error[0].value)


def test_ambiguous_dates_ask_the_user(app_db: Path) -> None:
    at = _open("import")
    at.file_uploader(key="import.file").set_value(
        ("dates.csv", b"id,amount,created\nA,1,03/04/2025\nB,2,05/06/2025\n", "text/csv"))
    at.selectbox(key="import.kind.en").set_value("deals")
    at.run()
    assert not at.exception and any("day/month" in w.value for w in at.warning)
    at.radio(key="import.date_order").set_value("mdy")
    at.run()
    assert not at.exception and not at.error
    assert {m.label: m.value for m in at.metric}["New"] == "2"


def test_every_row_won_from_the_mapping_screen(app_db: Path) -> None:
    at = _open("import")
    at.file_uploader(key="import.file").set_value(
        ("registre.csv", "N° de dossier;Client;Date dossier;Montant\nR1;ACME;15/02/2023;1 000,50 €\n".encode(),
         "text/csv"))
    at.run()
    assert not at.exception and not at.error
    at.selectbox(key="import.all_status.registre.csv").set_value("won")
    at.run()
    at.button(key="import.confirm").click()
    at.run()
    assert not at.exception and not at.error
    assert _count(app_db, "SELECT count(*) FROM deals WHERE crm_id = 'R1' AND status = 'won'") == 1


def test_the_preview_speaks_french(app_db: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "fr"
    at.run()
    at.switch_page("pages/import.py").run()
    at.file_uploader(key="import.file").set_value(("hubspot_deals.csv", DEALS, "text/csv"))
    at.run()
    assert not at.exception and not at.error
    assert any("format HubSpot" in caption.value for caption in at.caption)
    sample = next(frame.value for frame in at.dataframe if "change" in frame.value.columns)
    assert sample[["crm_id", "status", "change"]].values.tolist() == [["UP1", "Gagnée", "Nouvelle"]]
    mapping = next(frame.value for frame in at.dataframe if "label" in frame.value.columns)
    labels = dict(zip(mapping["field"], mapping["label"], strict=True))
    assert labels["crm_id"] == "Identifiant CRM" and labels["close_on"] == "Date de clôture"
    columns = dict(zip(mapping["field"], mapping["column"], strict=True))
    assert columns["close_on"] == "Close Date" and columns["account"] == "\u2014"


def test_the_kind_and_layout_chosen_survive_a_language_switch(app_db: Path) -> None:
    """The choices are codes kept apart from their widgets, which are keyed by the language (a selectbox's value
    travels as its label, and an English label is not among the French options)."""
    at = _open("import")
    at.selectbox(key="import.kind.en").set_value("leads").run()
    at.selectbox(key="import.profile.en").set_value("hubspot").run()
    at.session_state["lang"] = "fr"
    at.run()
    assert not at.exception
    assert (at.selectbox(key="import.kind.fr").value, at.selectbox(key="import.profile.fr").value) == (
        "leads", "hubspot")
    assert at.selectbox(key="import.kind.fr").label == "Contenu du fichier"
