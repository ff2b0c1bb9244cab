"""The Import page on files shaped like real exports, through Streamlit's AppTest: the mapping screen a missing id
or date opens (never only an error), the id's three ways, guesses asked not applied, the won-register question,
what will not be available, the French page, the success message and the Import log's undo dialog."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from smart.storage import Store
from smart.text import plain
from tests.conftest import REPO_ROOT
from tests.ingest import shapes

APP = str(REPO_ROOT / "app.py")


def _open(page: str = "import", lang: str = "en") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page(f"pages/{page}.py").run()
    assert not at.exception
    return at


def _upload(at: AppTest, name: str, data: bytes) -> None:
    at.file_uploader(key="import.file").set_value((name, data, "text/csv"))
    at.run()
    assert not at.exception


def _rows(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    store = Store(db)
    try:
        return store.rows(sql, params or [])
    finally:
        store.close()


def _frame(at: AppTest, column: str):
    return next(frame.value for frame in at.dataframe if column in frame.value.columns)


def _texts(elements) -> list[str]:
    return [element.value for element in elements]


def test_a_missing_id_and_date_open_the_mapping_screen_then_import(app_db: Path) -> None:
    data, rows = shapes.unknown_headers()
    at = _open()
    _upload(at, "grand-livre.csv", data)
    assert not at.error  # no dead end: questions, not an error
    warnings = _texts(at.warning)
    assert any("recognised as the id" in w for w in warnings)
    assert any("recognised as Close date" in w for w in warnings)
    # The missing fields come first in the mapping, marked; the candidates first in each choice, with values.
    overview = _frame(at, "confidence")
    assert overview["label"].tolist()[:2] == ["CRM id", "Close date"]
    assert overview["confidence"].tolist()[:2] == ["Needed: choose a column"] * 2
    id_choice = at.selectbox(key="import.id_column.grand-livre.csv")
    assert id_choice.options[:2] == ["Pièce (e.g. FA-2024-000, FA-2024-001, FA-2024-002)",
                                     "Tiers (e.g. Tiers 0, Tiers 1, Tiers 2)"]
    assert id_choice.value == "Pièce"
    assert at.selectbox(key="import.missing.grand-livre.csv.close_on").value == "Le"
    assert at.radio(key="import.id_rule.grand-livre.csv").options == [
        "One column", "Several columns combined", "One record per row"]
    at.button(key="import.use_choice.grand-livre.csv").click()
    at.run()
    assert not at.exception and not at.error
    assert {m.label: m.value for m in at.metric}["New"] == str(len(rows))
    # Orders-shaped (an id, a date, an amount): proposed as won, and the question lets her say otherwise.
    assert at.radio(key="import.won.grand-livre.csv").value == "won"
    at.button(key="import.confirm").click()
    at.run()
    assert not at.exception and not at.error
    stored = _rows(app_db, "SELECT crm_id, status, close_on FROM deals WHERE source = 'generic' ORDER BY crm_id")
    assert stored == [(r["crm_id"], "won", r["close_on"]) for r in rows]
    message = next(s.value for s in at.success if "Import #" in s.value)
    assert f"Your file covers {rows[0]['close_on']:%-d %b %Y} – {rows[-1]['close_on']:%-d %b %Y}." in message


def test_one_record_per_row_from_the_page(app_db: Path) -> None:
    text = "Client,Signed,Amount\nAcme,2024-03-01,10\nAcme,2024-03-01,10\nBeta,2024-05-02,30\n"
    at = _open()
    _upload(at, "flat.csv", text.encode())
    at.selectbox(key="import.kind.en").set_value("deals").run()
    at.radio(key="import.id_rule.flat.csv").set_value("per_row").run()
    at.selectbox(key="import.missing.flat.csv.close_on").set_value("Signed").run()
    at.button(key="import.use_choice.flat.csv").click()
    at.run()
    assert not at.exception and not at.error
    assert {m.label: m.value for m in at.metric}["New"] == "3"
    at.button(key="import.confirm").click()
    at.run()
    assert not at.exception
    assert _rows(app_db, "SELECT count(*), count(DISTINCT crm_id) FROM deals WHERE source = 'generic'") == [(3, 3)]


def test_combined_columns_need_two(app_db: Path) -> None:
    text = "Client,Year,Close date,Amount\nAcme,2024,2024-03-01,10\nAcme,2025,2025-03-01,20\n"
    at = _open()
    _upload(at, "ca.csv", text.encode())
    at.selectbox(key="import.kind.en").set_value("deals").run()
    at.radio(key="import.id_rule.ca.csv").set_value("columns").run()
    at.multiselect(key="import.id_columns.ca.csv").set_value(["Client"]).run()
    assert at.button(key="import.use_choice.ca.csv").disabled
    at.multiselect(key="import.id_columns.ca.csv").set_value(["Client", "Year"]).run()
    at.button(key="import.use_choice.ca.csv").click()
    at.run()
    assert not at.exception and not at.error
    sample = _frame(at, "change")
    assert sorted(sample["crm_id"]) == ["Acme | 2024", "Acme | 2025"]


def test_a_guess_is_asked_and_used_once_accepted(app_db: Path) -> None:
    people = ("Alice Martin", "Bruno Durand", "Chloé Petit")
    lines = ["ID,Close date,Amount,Stage,Porteur"]
    lines += [f"G{i},2025-01-{i + 1:02d},{100 + i},Won,{people[i % 3]}" for i in range(9)]
    at = _open()
    _upload(at, "guess.csv", ("\n".join(lines) + "\n").encode())
    questions = [m.value for m in at.markdown if "Is the column" in m.value]
    assert questions == [f"Is the column **Porteur** the owner (rep)? For example: "
                         f"{plain('Alice Martin, Bruno Durand, Chloé Petit')}"]  # the values shown literally
    assert any("Owner (rep)" in w and "no Team page" in w for w in _texts(at.warning))
    at.button(key="import.accept.guess.csv.owner").click()
    at.run()
    assert not at.exception
    mapping = _frame(at, "confidence")
    row = mapping[mapping["field"] == "owner"].iloc[0]
    assert (row["column"], row["confidence"]) == ("Porteur", "Your choice")
    assert not any("Is the column" in m.value for m in at.markdown)


def test_the_won_question_for_a_file_that_does_not_say_how_deals_end(app_db: Path) -> None:
    at = _open()
    _upload(at, "affaires.csv", b"ID,Client,Close date\nW1,Acme,2025-01-02\nW2,Beta,2025-01-05\n")
    question = at.radio(key="import.won.affaires.csv")
    assert question.label == "Is every row a won deal (a register of signed deals)?" and question.value is None
    assert any("all deals open" in w for w in _texts(at.warning))
    question.set_value("won").run()
    assert not at.exception
    assert not any("all deals open" in w for w in _texts(at.warning))
    at.button(key="import.confirm").click()
    at.run()
    assert _rows(app_db, "SELECT crm_id, status FROM deals WHERE source = 'generic' ORDER BY 1") == [
        ("W1", "won"), ("W2", "won")]


def test_the_french_register_in_french(app_db: Path) -> None:
    data, rows = shapes.french_register()
    at = _open(lang="fr")
    _upload(at, "registre.csv", data)
    assert not at.error
    assert any("en-tête ligne 3" in c.value for c in at.caption)
    mapping = _frame(at, "confidence")
    confidence = dict(zip(mapping["field"], mapping["confidence"], strict=True))
    assert confidence["crm_id"] == "Probable : en-tête et valeurs concordent"
    assert confidence["amount"] == "Sûr : en-tête connu"
    samples = dict(zip(mapping["field"], mapping["samples"], strict=True))
    assert samples["close_on"] == "13/01/2024, 14/02/2024, 15/03/2024"
    columns = dict(zip(mapping["field"], mapping["column"], strict=True))
    assert (columns["amount"], columns["crm_id"]) == ("Montant HT", "Dossier client")
    warning = next(w for w in _texts(at.warning) if "Ce que vous ne verrez pas" in w)
    assert "ni cycle de vente ni cohortes" in warning and "pas de répartition par origine" in warning
    assert at.radio(key="import.won.registre.csv").value == "won"
    assert {m.label: m.value for m in at.metric}["Nouvelles"] == str(len(rows))


def test_the_success_message_uses_the_locale_and_goes_with_a_new_file(app_db: Path) -> None:
    lines = ["ID,Client,Close date,Amount,Stage"] + [f"N{i},C{i},2025-02-03,{i},Won" for i in range(1500)]
    at = _open(lang="fr")
    _upload(at, "mille.csv", ("\n".join(lines) + "\n").encode())
    at.button(key="import.confirm").click()
    at.run()
    message = next(s.value for s in at.success if "Import n°" in s.value)
    assert "1\u202f500 nouvelles" in message and "Votre fichier couvre du 3 févr. 2025 au 3 févr. 2025." in message
    at.run()
    assert any("Import n°" in s.value for s in at.success)  # still there for the same file
    _upload(at, "autre.csv", b"ID,Client,Close date,Amount,Stage\nZ1,C,2025-02-03,1,Won\n")
    assert not any("Import n°" in s.value for s in at.success)


def test_the_stage_editor_names_the_crm_not_generic(app_db: Path) -> None:
    data, _rows = shapes.pipeline()
    at = _open()
    _upload(at, "pipeline.csv", data)
    at.button(key="import.confirm").click()
    at.run()
    at.run()  # the stages exist once imported
    captions = [c.value for c in at.caption if "stages of" in c.value]
    assert captions and "Other CRM" in captions[0] and "generic" not in captions[0]
    assert "pipeline\\.csv" in captions[0]


def test_the_undo_dialog_does_not_say_annuler_twice(app_db: Path) -> None:
    at = _open("import_log", lang="fr")
    at.session_state["import_log.table"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    at.button(key="import_log.undo").click()
    at.run()
    assert not at.exception
    confirm, keep = at.button(key="import_log.undo.confirm"), at.button(key="import_log.undo.cancel")
    assert (confirm.label, keep.label) == ("Annuler l'import", "Garder l'import")
    assert at.button(key="import_log.undo").label == "Annuler cet import"
    keep.click()
    at.run()
    assert not at.exception
    assert _rows(app_db, "SELECT count(*) FROM imports WHERE undone_at IS NOT NULL") == [(0,)]
