"""Targets sheets imported as the plan: three layouts written here (long by category, long by rep with French
months, wide by rep), detection from headers and values, rejects, a later file replacing its months, undo,
re-import, the command line, and the deals' product column."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from smart.ingest import UndoError, import_file, undo_import
from smart.ingest.targets import header_month, is_month_value
from smart.storage import MIGRATIONS, Store, row_hash_sql
from tests.conftest import REPO_ROOT

Plan = list[tuple[str, str, str, str, float]]  # (kpi, month, dimension, value, amount)

LONG_BY_CATEGORY = """Month of Order Date;Category;Target
Apr-25;Furniture;10400.00
May-25;Furniture;10500.00
Jun-25;Furniture;10600.00
Apr-25;Office Supplies;7000.00
May-25;Office Supplies;7250.50
Jun-25;Office Supplies;7300.00
"""
LONG_BY_CATEGORY_PLAN: Plan = [
    ("revenue", "2025-04-01", "product", "Furniture", 10400.0),
    ("revenue", "2025-04-01", "product", "Office Supplies", 7000.0),
    ("revenue", "2025-05-01", "product", "Furniture", 10500.0),
    ("revenue", "2025-05-01", "product", "Office Supplies", 7250.5),
    ("revenue", "2025-06-01", "product", "Furniture", 10600.0),
    ("revenue", "2025-06-01", "product", "Office Supplies", 7300.0),
]
# Months written four ways, amounts with the decimal comma, a narrow no-break space and the euro sign.
LONG_BY_REP_FR = """Mois;Commercial;Objectif CA
janv. 2025;Camille Laurent;12\u202f000,00 €
févr. 2025;Camille Laurent;13 500,50 €
01/2025;Hugo Mercier;9 000
2025-02;Hugo Mercier;9 250,75
mars 2025;Hugo Mercier;10 000
"""
LONG_BY_REP_FR_PLAN: Plan = [
    ("revenue", "2025-01-01", "owner", "Camille Laurent", 12000.0),
    ("revenue", "2025-01-01", "owner", "Hugo Mercier", 9000.0),
    ("revenue", "2025-02-01", "owner", "Camille Laurent", 13500.5),
    ("revenue", "2025-02-01", "owner", "Hugo Mercier", 9250.75),
    ("revenue", "2025-03-01", "owner", "Hugo Mercier", 10000.0),
]
# One column per month, a total column, an empty cell (no target that month) and a total row in the middle.
WIDE_BY_REP = """Commercial;Jan 2025;Feb 2025;Mar 2025;Total
Camille Laurent;12000;13000;;25000
Total;21000;22500;9500;53000
Hugo Mercier;9000;9500;9500;28000
"""
WIDE_BY_REP_PLAN: Plan = [
    ("revenue", "2025-01-01", "owner", "Camille Laurent", 12000.0),
    ("revenue", "2025-01-01", "owner", "Hugo Mercier", 9000.0),
    ("revenue", "2025-02-01", "owner", "Camille Laurent", 13000.0),
    ("revenue", "2025-02-01", "owner", "Hugo Mercier", 9500.0),
    ("revenue", "2025-03-01", "owner", "Hugo Mercier", 9500.0),
]


def stored_plan(store: Store) -> Plan:
    return [(kpi, str(period), dimension, value, amount) for kpi, period, dimension, value, amount in store.rows(
        "SELECT kpi, period, dimension, dimension_value, amount FROM plan ORDER BY kpi, period, dimension_value")]


@pytest.mark.parametrize(("name", "text", "expected", "rows"), [
    ("sales_target.csv", LONG_BY_CATEGORY, LONG_BY_CATEGORY_PLAN, 6),
    ("objectifs_commerciaux.csv", LONG_BY_REP_FR, LONG_BY_REP_FR_PLAN, 5),
    ("plan_2025.csv", WIDE_BY_REP, WIDE_BY_REP_PLAN, 3),
])
def test_each_layout_is_detected_and_imported_as_the_plan(store: Store, write: Callable[..., Path], name: str,
                                                           text: str, expected: Plan, rows: int) -> None:
    result = import_file(store, write(name, text))
    assert result.kind == "plan"
    assert stored_plan(store) == expected
    if "Total;" in text:  # the total row is refused, saying why, and counted as rejected
        assert [(r["line"], r["column"], r["value"]) for r in result.rejects] == [(3, "Commercial", "Total")]
        assert "total row" in str(result.rejects[0]["reason"])
        assert (result.rows, result.inserted, result.rejected) == (rows, 2, 1)
    else:
        assert (result.rows, result.inserted, result.rejected) == (rows, rows, 0)
    months = {month["month"]: month["total"] for month in result.plan["months"]}
    by_month: dict[str, float] = {}
    for _kpi, month, _dimension, _value, amount in expected:
        by_month[month] = by_month.get(month, 0.0) + amount
    assert months == pytest.approx(by_month)
    assert result.plan["dimension"] == expected[0][2] and result.plan["kpis"] == ["revenue"]


def test_the_preview_writes_nothing_and_says_what_the_plan_is(store: Store, write: Callable[..., Path]) -> None:
    result = import_file(store, write("objectifs.csv", LONG_BY_REP_FR), dry_run=True)
    assert not result.committed and store.scalar("SELECT count(*) FROM plan") == 0
    assert result.mapping == {"month": "Mois", "owner": "Commercial", "amount": "Objectif CA", "kpi": "=revenue"}
    notes = [str(note) for note in result.notes]
    assert "plan of Revenue by rep, from 2025-01 to 2025-03 (3 months)" in notes
    assert any(note.startswith("the targets are read as amounts of Revenue") for note in notes)
    assert [m["month"] for m in result.plan["months"]] == ["2025-01-01", "2025-02-01", "2025-03-01"]
    assert [row["change"] for row in result.sample] == ["new"] * 5


def test_a_later_file_replaces_its_months_and_undo_restores_them(store: Store, write: Callable[..., Path]) -> None:
    first = import_file(store, write("plan_q1.csv", WIDE_BY_REP))
    # The revised plan covers February and March only: Hugo's February changes, Camille has no March target any
    # more... and is given one; Hugo's March target is gone from the file, so it is removed.
    revised = import_file(store, write("plan_q1_revised.csv", "Commercial;Feb 2025;Mar 2025\n"
                                                             "Camille Laurent;13000;8000\nHugo Mercier;9900;\n"))
    assert (revised.rows, revised.inserted, revised.updated, revised.unchanged) == (2, 1, 1, 0)
    assert revised.plan["removed"] == 1
    assert stored_plan(store) == [
        ("revenue", "2025-01-01", "owner", "Camille Laurent", 12000.0),
        ("revenue", "2025-01-01", "owner", "Hugo Mercier", 9000.0),
        ("revenue", "2025-02-01", "owner", "Camille Laurent", 13000.0),
        ("revenue", "2025-02-01", "owner", "Hugo Mercier", 9900.0),
        ("revenue", "2025-03-01", "owner", "Camille Laurent", 8000.0),
    ]
    with pytest.raises(UndoError, match=f"#{revised.import_id}"):
        undo_import(store, first.import_id)
    undo_import(store, revised.import_id)
    assert stored_plan(store) == WIDE_BY_REP_PLAN
    assert store.scalar("SELECT count(*) FROM plan_versions") == 0
    undo_import(store, first.import_id)
    assert stored_plan(store) == []


def test_reimporting_the_same_file_changes_nothing(store: Store, write: Callable[..., Path]) -> None:
    path = write("sales_target.csv", LONG_BY_CATEGORY)
    first = import_file(store, path)
    again = import_file(store, path)
    assert (again.rows, again.inserted, again.updated, again.unchanged, again.rejected) == (6, 0, 0, 6, 0)
    assert stored_plan(store) == LONG_BY_CATEGORY_PLAN
    assert store.rows("SELECT DISTINCT import_id FROM plan") == [(first.import_id,)]
    assert store.scalar("SELECT count(*) FROM plan_versions") == 0
    undo_import(store, again.import_id)
    assert stored_plan(store) == LONG_BY_CATEGORY_PLAN


def test_rejected_lines_are_listed_and_leave_the_stored_plan_alone(store: Store, write: Callable[..., Path]) -> None:
    import_file(store, write("objectifs.csv", LONG_BY_REP_FR))
    result = import_file(store, write("objectifs_v2.csv", "Mois;Commercial;Objectif CA\n"
                                                           "janv. 2025;Camille Laurent;12 500\n"
                                                           "févr. 2025;Camille Laurent;beaucoup\n"
                                                           "Q1 2025;Hugo Mercier;9 000\n"
                                                           "janv. 2025;Hugo Mercier;9 100\n"
                                                           "janv. 2025;Hugo Mercier;9 200\n"
                                                           "févr. 2025;;5 000\n"
                                                           "févr. 2025;Léa Fontaine;3 000\n"))
    assert [(r["line"], r["column"], r["value"], str(r["reason"])) for r in result.rejects] == [
        (3, "Objectif CA", "beaucoup", "unreadable number"),
        (4, "Mois", "Q1 2025", "unreadable date"),
        (5, "Commercial", "2025-01 Hugo Mercier", "the same id on lines 5, 6 with different values"),
        (6, "Commercial", "2025-01 Hugo Mercier", "the same id on lines 5, 6 with different values"),
        (7, "Commercial", "", "missing team, rep or product"),
    ]
    # The file replaces January and February (the months of its accepted lines): Camille's January changed, Léa's
    # February is new, Hugo's February (not in the file at all) is removed; Camille's February and Hugo's January
    # (on refused lines) keep their stored targets, and March is not touched.
    assert (result.inserted, result.updated, result.plan["removed"]) == (1, 1, 1)
    assert stored_plan(store) == [
        ("revenue", "2025-01-01", "owner", "Camille Laurent", 12500.0),
        ("revenue", "2025-01-01", "owner", "Hugo Mercier", 9000.0),
        ("revenue", "2025-02-01", "owner", "Camille Laurent", 13500.5),
        ("revenue", "2025-02-01", "owner", "Léa Fontaine", 3000.0),
        ("revenue", "2025-03-01", "owner", "Hugo Mercier", 10000.0),
    ]


def test_a_targets_sheet_once_read_as_kpi_history_is_now_the_plan(store: Store, write: Callable[..., Path]) -> None:
    path = write("sales_target.csv", LONG_BY_CATEGORY)
    assert import_file(store, path, kind="kpi").kind == "kpi"  # saves the KPI-history mapping for these headers
    again = import_file(store, path)
    assert again.kind == "plan" and stored_plan(store) == LONG_BY_CATEGORY_PLAN
    assert import_file(store, write("csat.csv", "Mois;Indicateur;Valeur\n2025-01;csat;4.2\n")).kind == "kpi"
    assert import_file(store, write("csat.csv", "Mois;Indicateur;Valeur\n2025-02;csat;4.3\n")).kind == "kpi"


def test_the_kpi_comes_from_the_header_the_user_or_a_column(store: Store, write: Callable[..., Path]) -> None:
    counts = import_file(store, write("objectifs_affaires.csv", "Mois;Équipe;Objectif affaires\n"
                                                                 "2025-01;PME;40\n2025-02;PME;42\n"))
    assert counts.mapping["kpi"] == "=deals_won"
    assert stored_plan(store)[0] == ("deals_won", "2025-01-01", "team", "PME", 40.0)
    said = import_file(store, write("budget.csv", "Mois;Budget\n2025-01;100\n"), mapping={"kpi": "=qualified_leads"})
    assert said.mapping["kpi"] == "=qualified_leads"
    assert ("qualified_leads", "2025-01-01", "company", "", 100.0) in stored_plan(store)
    column = import_file(store, write("plan_multi.csv", "Mois;Indicateur;Objectif\n2025-03;CA;5000\n"
                                                         "2025-03;Affaires gagnées;7\n2025-03;NPS;40\n"))
    assert column.mapping["kpi"] == "Indicateur"
    assert [(r["line"], r["value"], str(r["reason"])) for r in column.rejects] == [(4, "NPS", "unknown KPI name")]
    assert ("revenue", "2025-03-01", "company", "", 5000.0) in stored_plan(store)
    assert ("deals_won", "2025-03-01", "company", "", 7.0) in stored_plan(store)
    with pytest.raises(ValueError, match="cannot hold 'win_rate'"):
        import_file(store, write("budget2.csv", "Mois;Budget\n2025-01;100\n"), mapping={"kpi": "=win_rate"})


def test_a_sheet_by_team_and_rep_is_a_plan_by_rep_and_a_sheet_by_team_and_product_sums_the_teams(
        store: Store, write: Callable[..., Path]) -> None:
    by_rep = import_file(store, write("objectifs_equipe.csv", "Équipe;Commercial;Mois;Objectif\n"
                                                              "PME;Camille Laurent;2025-01;100\n"
                                                              "PME;Hugo Mercier;2025-01;50\n"))
    assert by_rep.plan["dimension"] == "owner"
    assert any("the rows of Équipe are added up" in str(note) for note in by_rep.notes)
    import_file(store, write("objectifs_gamme.csv", "Équipe;Gamme;Mois;Objectif\nPME;Bureaux;2025-01;100\n"
                                                    "Grands comptes;Bureaux;2025-01;300\nPME;Sièges;2025-01;20\n"))
    assert store.rows("SELECT dimension_value, amount FROM plan WHERE dimension = 'product' "
                      "ORDER BY dimension_value") == [("Bureaux", 400.0), ("Sièges", 20.0)]


def test_detection_reads_the_values(store: Store, write: Callable[..., Path]) -> None:
    # A daily figure over a target-like header is KPI history, not a plan; a monthly KPI history stays KPI history.
    daily = import_file(store, write("suivi.csv", "Date;Objectif\n2025-01-03;10\n2025-01-04;12\n"), dry_run=True)
    assert daily.kind == "kpi"
    monthly = import_file(store, write("kpi.csv", "Mois;Indicateur;Valeur\n2025-01;csat;4.2\n"), dry_run=True)
    assert monthly.kind == "kpi"
    assert header_month("Objectif févr. 2025") == dt.date(2025, 2, 1)
    assert header_month("2025-03-01") == dt.date(2025, 3, 1)
    assert header_month("Marge 2025") is None and header_month("Total") is None
    assert [is_month_value(v) for v in ("Apr-18", "01/2025", "2025-01", "01/03/2025", "17/03/2025", "2025-03-17")] \
        == [True, True, True, True, False, False]


def test_deals_keep_their_product_or_category(store: Store, write: Callable[..., Path]) -> None:
    path = write("affaires.csv", "ID;Affaire;Statut;Montant;Date de création;Date de clôture;Catégorie\n"
                                 "1;A;Gagnée;1 000,00;05/01/2025;20/01/2025;Furniture\n"
                                 "2;B;Perdue;2 000,00;06/01/2025;21/02/2025; Office Supplies \n"
                                 "3;C;Gagnée;500,00;07/01/2025;22/02/2025;\n")
    result = import_file(store, path)
    assert result.mapping["product"] == "Catégorie"
    assert store.rows("SELECT crm_id, product FROM deals ORDER BY crm_id") == [
        ("1", "Furniture"), ("2", "Office Supplies"), ("3", None)]
    again = import_file(store, path)
    assert (again.unchanged, again.updated) == (3, 0)
    changed = import_file(store, write("affaires.csv", path.read_text().replace(";Furniture", ";Chairs")))
    assert changed.updated == 1
    undo_import(store, changed.import_id)
    assert store.scalar("SELECT product FROM deals WHERE crm_id = '1'") == "Furniture"


def test_migration_9_hashes_the_product_of_every_stored_deal(tmp_path: Path) -> None:
    """A version-8 file's deals were hashed without a product: after migration 9 their hash is the one a re-import
    computes, so an unchanged file is still recognised by hash alone."""
    path = tmp_path / "v8.duckdb"
    old = Store(path, MIGRATIONS[:8])
    with old.transaction() as tx:
        tx.execute("INSERT INTO deals (source, crm_id, title, status, amount, row_hash) VALUES "
                   "('generic', 'D1', 'A deal', 'won', 10, 42)")
        tx.execute("INSERT INTO objectives (title, kpi, direction, target_mode, target_input, start_on, deadline) "
                   "VALUES ('Revenue', 'revenue', 'increase', 'absolute', 10, DATE '2025-01-01', DATE '2025-12-31')")
    old.close()
    store = Store(path)
    assert store.scalar(f"SELECT count(*) FROM deals WHERE row_hash = {row_hash_sql('deals')}") == 1
    assert store.rows("SELECT product FROM deals") == [(None,)]
    assert store.rows("SELECT expected_path FROM objectives") == [("history",)]
    store.close()


def _cli(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SMART_DB": str(db)}
    return subprocess.run([sys.executable, "-m", "smart", *args], capture_output=True, text=True, cwd=REPO_ROOT,
                          env=env, timeout=120)


def test_the_command_line_detects_and_imports_a_plan(tmp_path: Path, write: Callable[..., Path]) -> None:
    db = tmp_path / "cli.duckdb"
    path = write("plan_2025.csv", WIDE_BY_REP)
    preview = _cli("import", str(path), "--dry-run", "--format", "json", db=db)
    assert preview.returncode == 0, preview.stderr
    data = json.loads(preview.stdout)
    assert data["kind"] == "plan" and data["plan"]["dimension"] == "owner"
    assert [(m["month"], m["total"]) for m in data["plan"]["months"]] == [
        ("2025-01-01", 21000.0), ("2025-02-01", 22500.0), ("2025-03-01", 9500.0)]
    forced = _cli("import", str(write("cibles.csv", LONG_BY_CATEGORY)), "--kind", "plan", "--map", "kpi==deals_won",
                  db=db)
    assert forced.returncode == 0, forced.stderr
    assert "plan 2025-04: 17400.00" in forced.stdout
    store = Store(db)
    try:
        assert store.rows("SELECT DISTINCT kpi, dimension FROM plan") == [("deals_won", "product")]
    finally:
        store.close()
    refused = _cli("import", str(write("deals.csv", "id;amount\n1;2\n")), "--kind", "plan", db=db)
    assert refused.returncode == 2
    assert "deals.csv: no month column" in refused.stderr


@pytest.mark.samples
def test_the_monthly_targets_sample_is_detected_as_the_plan(store: Store, samples_dir: Path) -> None:
    result = import_file(store, samples_dir / "monthly-sales-target" / "sales_target.csv")
    assert (result.kind, result.rows, result.inserted, result.rejected) == ("plan", 36, 36, 0)
    assert result.mapping == {"month": "Month of Order Date", "product": "Category", "amount": "Target",
                              "kpi": "=revenue"}
    assert store.rows("SELECT dimension, count(DISTINCT dimension_value), count(DISTINCT period), min(period), "
                      "max(period) FROM plan GROUP BY dimension") == [
        ("product", 3, 12, dt.date(2018, 4, 1), dt.date(2019, 3, 1))]
    assert store.scalar("SELECT amount FROM plan WHERE dimension_value = 'Furniture' "
                        "AND period = DATE '2018-04-01'") == 10400
    assert store.scalar("SELECT count(*) FROM kpi_history") == 0
