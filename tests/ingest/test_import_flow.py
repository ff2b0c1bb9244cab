"""The import flow on files shaped like real exports: proposals from headers and values with their confidence, no
dead end when an id or a date is missing (candidates, ids combined or made per row, saved for next week's file),
what a mapping leaves unavailable, orders proposed as won deals, and the period a file covers."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from smart.i18n import Translator
from smart.ingest import MappingNeededError, import_file, in_language
from tests.ingest import shapes

FRENCH = Translator("fr")


def _proposal(result, field: str):
    return next(p for p in result.proposals if p.field == field)


def _deals(store, columns: str = "crm_id, account, owner, amount, close_on, status"):
    return store.rows(f"SELECT {columns} FROM deals ORDER BY crm_id")


def _unavailable(result) -> dict[str, str]:
    return {u.field: str(u.effect) for u in result.unavailable}


# ---------------------------------------------------------------------------------------------------- the shapes
def test_french_register_header_on_line_3_with_an_empty_first_column(store, write) -> None:
    data, rows = shapes.french_register()
    path = write("registre.csv", data)
    preview = import_file(store, path, dry_run=True)
    assert (preview.encoding, preview.delimiter, preview.header_line) == ("cp1252", "semicolon", 3)
    # The empty first column is not offered; both "Montant HT" are, told apart.
    assert preview.headers == ["Dossier client", "Client", "Date signature", "Montant HT", "Montant HT (2)",
                               "Commercial"]
    assert preview.mapping["amount"] == "Montant HT" and preview.mapping["crm_id"] == "Dossier client"
    # "Dossier client" only contains a synonym ("Dossier"), but its values are unique codes: likely, applied.
    assert (_proposal(preview, "crm_id").confidence, _proposal(preview, "crm_id").applied) == ("medium", True)
    assert _proposal(preview, "crm_id").samples == ["DC-1000", "DC-1001", "DC-1002"]
    assert _proposal(preview, "amount").samples == ["37 296,77 €", "38\u00a0296,77 €", "39 296,77 €"]
    result = import_file(store, path)
    assert (result.rows, result.inserted, result.rejected) == (12, 12, 0)
    expected = [(r["crm_id"], r["account"], r["owner"], r["amount"], r["close_on"], "won") for r in rows]
    assert _deals(store) == expected
    assert result.covers == (dt.date(2024, 1, 13), dt.date(2024, 12, 24))
    assert _unavailable(result) == {"created_on": "no sales cycle and no cohorts",
                                    "lead_source": "no split by source"}


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8"])
@pytest.mark.parametrize("above", [1, 2])
def test_a_header_on_line_2_or_3_above_a_leading_empty_column(store, write, encoding: str, above: int) -> None:
    lines = shapes.french_register()[0].decode("cp1252").split("\r\n")
    text = "\r\n".join([lines[0], *lines[2:]] if above == 1 else lines)  # a title line, then a blank line or not
    result = import_file(store, write("registre.csv", text, encoding=encoding), dry_run=True)
    assert (result.header_line, result.rows, result.rejected) == (above + 1, 12, 0)
    assert result.headers[0] == "Dossier client" and "Montant HT (2)" in result.headers


def test_orders_are_proposed_as_won_deals_and_the_note_says_how_to_say_otherwise(store, write) -> None:
    data, rows = shapes.orders()
    path = write("orders.csv", data)
    preview = import_file(store, path, dry_run=True)
    assert preview.mapping == {"crm_id": "Order number", "account": "Customer", "amount": "Total",
                               "close_on": "Order date", "status": "=won"}
    assert {p.field: p.confidence for p in preview.proposals} == {
        "crm_id": "high", "account": "high", "amount": "high", "close_on": "high", "status": "medium"}
    assert any("every row is taken as a won deal" in note and "--map status==open" in note for note in preview.notes)
    assert _unavailable(preview) == {"created_on": "no sales cycle and no cohorts",
                                     "owner": "no Team page and no per-rep objectives",
                                     "lead_source": "no split by source"}
    # Saying otherwise: every row an open deal.
    import_file(store, path, mapping={"status": "=open"})
    assert {r[0] for r in store.rows("SELECT DISTINCT status FROM deals")} == {"open"}
    assert store.scalar("SELECT count(*) FROM deals") == len(rows)


@pytest.mark.parametrize("shape", [shapes.signed_register, shapes.invoices])
def test_registers_and_invoices_become_won_deals(store, write, shape) -> None:
    data, rows = shape()
    result = import_file(store, write("file.csv", data))
    assert result.mapping["status"] == "=won" and result.rejected == 0
    assert _deals(store, "crm_id, account, amount, close_on, status") == [
        (r["crm_id"], r["account"], r["amount"], r["close_on"], "won") for r in rows]
    assert result.covers == (rows[0]["close_on"], rows[-1]["close_on"])


def test_a_pipeline_export_finds_its_rep_and_creation_date(store, write) -> None:
    data, rows = shapes.pipeline()
    result = import_file(store, write("pipeline.csv", data))
    assert result.mapping["owner"] == "Account executive" and result.mapping["created_on"] == "Opened"
    assert _unavailable(result) == {"account": "no count of new customers"}
    stored = store.rows("SELECT crm_id, owner, created_on FROM deals ORDER BY created_on")
    assert stored == [(r["crm_id"], r["owner"], r["created_on"]) for r in rows]
    assert result.covers == (rows[0]["created_on"], rows[-1]["close_on"])


def test_nothing_missing_means_an_empty_unavailable_list(store, write) -> None:
    text = ("Deal ID,Deal name,Company,Owner,Stage,Amount,Created,Close date,Source\n"
            "D1,One,Acme,Ann Lee,Won,100,2025-01-02,2025-02-01,Web\n")
    assert import_file(store, write("full.csv", text), dry_run=True).unavailable == []


def test_unavailable_lines_read_in_french(store, write) -> None:
    data, _rows = shapes.orders()
    result = import_file(store, write("orders.csv", data), dry_run=True)
    assert {u.field: in_language(u.effect, FRENCH) for u in result.unavailable} == {
        "created_on": "ni cycle de vente ni cohortes", "owner": "ni page Équipe ni objectifs par commercial",
        "lead_source": "pas de répartition par origine"}


def test_no_stage_or_status_and_no_amount_leaves_every_deal_open_and_says_so(store, write) -> None:
    result = import_file(store, write("d.csv", "ID,Client,Close date\nA1,Acme,2025-01-02\n"), dry_run=True)
    assert "status" not in result.mapping
    assert _unavailable(result)["status"] == "all deals open: no revenue, won deals or win rate"
    assert _unavailable(result)["amount"] == "no revenue or pipeline value"


@pytest.mark.parametrize("shape", [shapes.french_register, shapes.orders, shapes.pipeline, shapes.signed_register,
                                   shapes.invoices])
def test_each_shape_imported_twice_is_unchanged_the_second_time(store, write, shape) -> None:
    data, rows = shape()
    path = write("export.csv", data)
    first = import_file(store, path)
    second = import_file(store, path)
    assert (first.inserted, first.rejected) == (len(rows), 0)
    assert (second.inserted, second.updated, second.unchanged, second.rejected) == (0, 0, len(rows), 0)
    assert second.mapping == first.mapping


# ---------------------------------------------------------------------------------------------------- proposals
def test_a_rep_column_is_found_from_its_values_and_asked(store, write) -> None:
    people = ("Alice Martin", "Bruno Durand", "Chloé Petit", "jd@acme.fr")
    lines = ["ID,Close date,Amount,Porteur,Pays"]
    lines += [f"X{i},2025-01-{i + 1:02d},{100 + i},{people[i % 4]},FR" for i in range(12)]
    result = import_file(store, write("d.csv", "\n".join(lines) + "\n"), dry_run=True)
    owner = _proposal(result, "owner")
    assert (owner.column, owner.confidence, owner.applied) == ("Porteur", "low", False)
    assert owner.samples == ["Alice Martin", "Bruno Durand", "Chloé Petit"]
    assert "owner" not in result.mapping  # asked, not applied
    assert "owner" in _unavailable(result)
    accepted = import_file(store, write("d.csv", "\n".join(lines) + "\n"), dry_run=True, mapping={"owner": "Porteur"})
    assert accepted.mapping["owner"] == "Porteur" and _proposal(accepted, "owner").confidence == "user"


def test_a_date_column_mostly_before_the_close_date_is_asked_as_the_creation_date(store, write) -> None:
    lines = ["ID,Close date,Amount,Premier RDV,Relance"]
    for i in range(10):
        close = dt.date(2025, 3, 1) + dt.timedelta(days=i)
        lines.append(f"X{i},{close},{100 + i},{close - dt.timedelta(days=40)},{close + dt.timedelta(days=5)}")
    result = import_file(store, write("d.csv", "\n".join(lines) + "\n"), dry_run=True)
    created = _proposal(result, "created_on")
    assert (created.column, created.confidence, created.applied) == ("Premier RDV", "low", False)


def test_a_header_containing_a_synonym_is_likely_when_the_values_agree_and_asked_when_not(store, write) -> None:
    text = ("ID,Close date,Montant estimé,Date de création estimée\n"
            "A,2025-01-05,\"1 200,50\",bientôt\nB,2025-01-06,300,plus tard\n")
    result = import_file(store, write("d.csv", text), dry_run=True)
    amount, created = _proposal(result, "amount"), _proposal(result, "created_on")
    assert (amount.column, amount.confidence, amount.applied) == ("Montant estimé", "medium", True)
    assert (created.column, created.confidence, created.applied) == ("Date de création estimée", "low", False)


def test_a_column_of_dates_is_never_proposed_for_a_yes_no_field(store, write) -> None:
    text = "ID,Stage,Won,Amount,Close date\nA,Signed,2025-01-05,10,2025-01-05\nB,Lost,,20,2025-01-06\n"
    result = import_file(store, write("d.csv", text), dry_run=True)
    assert "is_won" not in result.mapping and all(p.field != "is_won" for p in result.proposals)
    text = "ID,Stage,Won,Amount,Close date\nA,Signed,yes,10,2025-01-05\nB,Lost,no,20,2025-01-06\n"
    assert import_file(store, write("e.csv", text), dry_run=True).mapping["is_won"] == "Won"


def test_an_amount_and_an_id_are_asked_from_values_alone(store, write) -> None:
    lines = ["Bestellnr,Close date,Summe"] + [f"SO-{i},2025-02-{i + 1:02d},\"{1000 + i},50 €\"" for i in range(5)]
    with pytest.raises(MappingNeededError) as needed:
        import_file(store, write("d.csv", "\n".join(lines) + "\n"))
    assert needed.value.draft.missing[0].candidates[0] == "Bestellnr"
    result = import_file(store, write("d.csv", "\n".join(lines) + "\n"), dry_run=True, id_columns=["Bestellnr"])
    amount = _proposal(result, "amount")
    assert (amount.column, amount.confidence, amount.applied) == ("Summe", "low", False)


# ---------------------------------------------------------------------------------------------------- no dead end
def test_a_missing_id_and_date_carry_the_screen_s_needs(store, write) -> None:
    data, _rows = shapes.unknown_headers()
    with pytest.raises(MappingNeededError) as needed:
        import_file(store, write("grand-livre.csv", data), dry_run=True)
    draft = needed.value.draft
    assert (draft.kind, draft.headers, draft.mapping) == ("deals", ["Pièce", "Le", "Tiers", "Montant"],
                                                          {"account": "Tiers", "amount": "Montant"})
    assert [(m.field, m.candidates) for m in draft.missing] == [("crm_id", ["Pièce", "Tiers"]), ("close_on", ["Le"])]
    assert draft.samples["Pièce"] == ["FA-2024-000", "FA-2024-001", "FA-2024-002"]
    assert str(needed.value) == (
        'grand-livre.csv: no id column for deals; candidates: "Pièce", "Tiers" (use --map crm_id=COLUMN, '
        "--id COLUMN --id COLUMN to combine, or --id-per-row); also missing: close_on")
    assert store.scalar("SELECT count(*) FROM imports") == 0


def test_the_close_date_candidates_put_the_latest_date_first(store, write) -> None:
    text = ("Nom;Début;Fin;Montant\nA;01/02/2025;15/03/2025;1 000,00\nB;03/02/2025;16/03/2025;2 000,00\n"
            "C;04/02/2025;20/03/2025;300\n")
    with pytest.raises(MappingNeededError) as needed:
        import_file(store, write("d.csv", text), kind="deals", id_per_row=True)
    assert [(m.field, m.candidates) for m in needed.value.draft.missing] == [("close_on", ["Fin", "Début"])]


def test_a_kpi_file_without_a_date_names_its_date_columns(store, write) -> None:
    text = "Quand,CSAT\n2025-01-01,4.2\n2025-02-01,4.4\n"
    with pytest.raises(MappingNeededError) as needed:
        import_file(store, write("kpi.csv", text), kind="kpi")
    assert [(m.field, m.candidates) for m in needed.value.draft.missing] == [("date", ["Quand"])]
    assert "candidates: \"Quand\" (use --map date=COLUMN)" in str(needed.value)


def test_a_chosen_column_is_saved_with_the_headers_for_next_week(store, write) -> None:
    data, rows = shapes.unknown_headers()
    path = write("grand-livre.csv", data)
    first = import_file(store, path, mapping={"crm_id": "Pièce", "close_on": "Le"})
    assert (first.inserted, first.rejected) == (len(rows), 0)
    again = import_file(store, path)  # no choice given: the saved one is used
    assert (again.inserted, again.unchanged) == (0, len(rows))
    assert again.mapping["crm_id"] == "Pièce" and _proposal(again, "crm_id").confidence == "saved"


def test_combined_columns_make_the_id_and_a_reimport_finds_every_row(store, write) -> None:
    text = ("Client,Year,Close date,Amount\nAcme,2024,2024-03-01,10\nAcme,2025,2025-03-01,20\n"
            "Beta,2024,2024-05-01,30\n")
    path = write("ca.csv", text)
    first = import_file(store, path, kind="deals", id_columns=["Client", "Year"])
    assert first.inserted == 3 and first.id_columns == ["Client", "Year"]
    assert [r[0] for r in store.rows("SELECT crm_id FROM deals ORDER BY crm_id")] == [
        "Acme | 2024", "Acme | 2025", "Beta | 2024"]
    second = import_file(store, path, kind="deals")  # the combination was saved with the headers
    assert (second.inserted, second.updated, second.unchanged, second.id_columns) == (0, 0, 3, ["Client", "Year"])


def test_one_record_per_row_gives_stable_ids(store, write) -> None:
    rows = ["Acme,2024-03-01,10", "Acme,2024-03-01,10", "Beta,2024-05-01,30"]  # two identical rows
    path = write("flat.csv", "Client,Close date,Amount\n" + "\n".join(rows) + "\n")
    first = import_file(store, path, kind="deals", id_per_row=True)
    assert (first.inserted, first.rejected, first.id_per_row) == (3, 0, True)
    ids = [r[0] for r in store.rows("SELECT crm_id FROM deals ORDER BY crm_id")]
    digest = {row: hashlib.md5("\x1f".join(row.split(",")).encode()).hexdigest()[:16] for row in rows}
    assert sorted(ids) == sorted([f"row-{digest[rows[0]]}-1", f"row-{digest[rows[0]]}-2", f"row-{digest[rows[2]]}-1"])
    again = import_file(store, path, kind="deals")
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 3)
    # A row changed in one cell is a new record; the old one stays.
    path.write_text("Client,Close date,Amount\n" + "\n".join([*rows[:2], "Beta,2024-05-01,35"]) + "\n")
    changed = import_file(store, path, kind="deals")
    assert (changed.inserted, changed.updated, changed.unchanged) == (1, 0, 2)
    assert store.scalar("SELECT count(*) FROM deals") == 4


def test_one_record_per_row_ignores_the_blanks_around_cells(store, write) -> None:
    path = write("flat.csv", "Client,Close date,Amount\nAcme,2024-03-01,10\n")
    import_file(store, path, kind="deals", id_per_row=True)
    path.write_text("Client,Close date,Amount\n  Acme ,2024-03-01, 10\n")
    assert import_file(store, path, kind="deals", id_per_row=True).unchanged == 1


def test_an_unknown_id_column_is_a_clear_error(store, write) -> None:
    with pytest.raises(Exception, match=r"--id Nope: the file has no column 'Nope'"):
        import_file(store, write("d.csv", "a,b\n1,2025-01-01\n"), kind="deals", id_columns=["a", "Nope"])
