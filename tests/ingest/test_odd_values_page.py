"""The Import page on files with odd values (AppTest): numbers whose decimal mark the page has to ask, and the
summary saying how many deals closed before they were created and how many won deals have a negative or zero
amount."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from smart.storage import Store
from tests.conftest import REPO_ROOT, shown

APP = str(REPO_ROOT / "app.py")
AMBIGUOUS = ("Réf;Client;Étape;Montant;Date de clôture\n"
             "V1;ACME;Gagné;12.345;15/03/2024\nV2;Beta;Gagné;1.500;20/03/2024\n")
ODD = ("id,stage,amount,created,close date\nA,Won,-50,2024-01-01,2024-01-10\nB,Won,0,2024-02-01,2024-01-15\n"
       "C,Lost,10,2024-03-01,2024-02-01\nE,Won,75,2024-01-01,2024-01-05\n")


def _open(lang: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page("pages/import.py").run()
    assert not at.exception
    return at


def _upload(at: AppTest, name: str, text: str, lang: str = "en") -> None:
    at.file_uploader(key="import.file").set_value((name, text.encode(), "text/csv"))
    at.selectbox(key=f"import.kind.{lang}").set_value("deals")
    at.run()
    assert not at.exception


def test_the_page_asks_which_mark_is_the_decimal_one(app_db: Path) -> None:
    at = _open("en")
    _upload(at, "ventes.csv", AMBIGUOUS)
    assert not at.error and not at.metric  # no preview before the answer
    assert any("Montant read two ways" in shown(w.value) and "How should 1.500 be read?" in shown(w.value)
               for w in at.warning)
    question = at.radio(key="import.decimal")
    assert [shown(option) for option in question.options] == [
        "The dot is the decimal mark: 1.500 = 1.500", "The comma is the decimal mark: 1.500 = 1,500"]
    question.set_value("comma")
    at.run()
    assert not at.exception and not at.error
    assert {m.label: m.value for m in at.metric}["New"] == "2"
    assert any("as chosen" in shown(i.value) for i in at.info)
    at.button(key="import.confirm").click()
    at.run()
    assert not at.exception and not at.error
    store = Store(app_db)
    try:
        assert store.rows("SELECT amount FROM deals WHERE crm_id IN ('V1', 'V2') ORDER BY crm_id") == [
            (12345.0,), (1500.0,)]
    finally:
        store.close()


def test_the_summary_counts_odd_deals_in_french(app_db: Path) -> None:
    at = _open("fr")
    _upload(at, "odd.csv", ODD, "fr")
    assert not at.error
    notes = [shown(i.value) for i in at.info]
    assert any("2 affaires se clôturent avant leur date de création" in n for n in notes)
    assert any("1 affaires gagnées ont un montant négatif" in n for n in notes)
    assert any("1 affaires gagnées ont un montant de 0" in n for n in notes)
    assert {m.label: m.value for m in at.metric}["Rejetées"] == "0"
