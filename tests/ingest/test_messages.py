"""What the importer says reads in the page's language: whole-file errors, notes and the reasons of rejects,
while the CLI, the JSON and the import log keep the English text."""

from __future__ import annotations

import pytest

from smart.i18n import Translator
from smart.ingest import ImportFileError, import_file, import_rejects, in_language

FRENCH = Translator("fr")


def test_a_whole_file_error_is_english_text_that_a_french_page_shows_in_french(store, write) -> None:
    with pytest.raises(ImportFileError) as error:
        import_file(store, write("vide.csv", ""))
    assert str(error.value) == "vide.csv: the file is empty"
    assert in_language(error.value, FRENCH) == "vide.csv : le fichier est vide"


def test_notes_read_in_french(store, write) -> None:
    text = "ID;Montant;Date de création\nA1;1 234,50 €;03/02/2025\nA2;Café;13/01/2025\n"
    result = import_file(store, write("cp.csv", text, encoding="cp1252"), kind="deals")
    assert "encoding cp1252: converted to UTF-8" in result.notes
    assert "encodage cp1252 : converti en UTF-8" in [in_language(n, FRENCH) for n in result.notes]


def test_reasons_of_rejects_are_kept_in_english_and_shown_in_french(store, write) -> None:
    text = ("id,amount,created\n"
            "R1,10,2025-01-01\n"      # line 2
            "R1,20,2025-01-01\n"      # line 3: same id, other amount
            "R2,lots,2025-01-01\n"    # line 4: unreadable amount
            ",5,2025-01-01\n")        # line 5: no id
    result = import_file(store, write("bad.csv", text), kind="deals")
    english = {(r["line"], r["reason"]) for r in result.rejects}
    assert english == {(2, "the same id on lines 2, 3 with different values"),
                       (3, "the same id on lines 2, 3 with different values"),
                       (4, "unreadable amount"), (5, "missing id")}
    assert set(store.rows("SELECT line, reason FROM import_rejects")) == english
    assert set(zip(import_rejects(store, result.import_id)["line"],
                   import_rejects(store, result.import_id)["reason"], strict=True)) == english
    french = import_rejects(store, result.import_id, FRENCH)
    assert dict(zip(french["line"], french["reason"], strict=True)) == {
        2: "le même identifiant aux lignes 2, 3 avec des valeurs différentes",
        3: "le même identifiant aux lignes 2, 3 avec des valeurs différentes",
        4: "montant illisible", 5: "identifiant manquant"}
    assert [in_language(r["reason"], FRENCH) for r in result.rejects if r["line"] == 4] == ["montant illisible"]


def test_a_malformed_row_is_reported_in_french_too(store, write) -> None:
    result = import_file(store, write("ragged.csv", "id,amount,created\nA1,10,2025-01-01\nA2,10\n"), kind="deals")
    assert [(r["line"], r["reason"]) for r in result.rejects] == [(3, "the row has fewer fields than the header")]
    assert list(import_rejects(store, result.import_id, FRENCH)["reason"]) == [
        "la ligne a moins de champs que l'en-tête"]
