"""Each deal keeps its currency: a currency column, else a code or symbol in its amount, else the import's currency
(given, else kept for its source, else the reporting currency, and then asked). Files written by the tests, shaped
like real exports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from smart.cli import main
from smart.currency import set_reporting_currency
from smart.ingest import ImportFileError, import_file
from smart.ingest.cli import summary_lines
from smart.storage import Store

PIPEDRIVE_HEADER = ('"Deal - ID","Deal - Value","Deal - Title","Deal - Deal created","Deal - Deal closed on",'
                    '"Deal - Stage","Deal - Status"\n')


def pipedrive(rows: list[tuple[str, str, str]]) -> str:
    """A Pipedrive deals export (every field quoted, Polish titles): (id, value, status) per deal."""
    lines = [f'"{deal_id}","{value}","Wdrożenie {deal_id} sp. z o.o.","2026-01-05 09:00:00","2026-03-10 10:00:00",'
             f'"Negotiations","{status}"' for deal_id, value, status in rows]
    return PIPEDRIVE_HEADER + "\n".join(lines) + "\n"


def deals(store: Store) -> dict[str, tuple[float | None, str | None]]:
    return {crm_id: (amount, currency) for crm_id, amount, currency in
            store.rows("SELECT crm_id, amount, currency FROM deals ORDER BY crm_id")}


def test_zloty_amounts_of_a_polish_export_without_a_currency_column_are_zlotys(store, write) -> None:
    path = write("deals_export.csv", pipedrive([("101", "1 000 zł", "Won"), ("102", "2 500,50 zł", "Won"),
                                                ("103", "12 000 zł", "Open")]))
    result = import_file(store, path)
    assert result.profile == "pipedrive" and "currency" not in result.mapping
    assert deals(store) == {"101": (1000.0, "PLN"), "102": (2500.5, "PLN"), "103": (12000.0, "PLN")}
    assert result.currencies == [{"currency": "PLN", "deals": 3}]
    assert result.currency_default is None and result.currency_question is False
    assert "  currencies: PLN 3" in summary_lines(result)


def test_amounts_without_a_currency_are_asked_once_per_source_and_the_answer_is_kept(store, write) -> None:
    week1 = write("deals_week1.csv", pipedrive([("201", "1300", "Won"), ("202", "4000", "Open")]))
    preview = import_file(store, week1, dry_run=True)
    assert preview.currency_question is True
    assert preview.currency_default == {"currency": "EUR", "from": "reporting", "deals": 2}
    assert any(line.startswith("  question: 2 deals have no currency") for line in summary_lines(preview))

    done = import_file(store, week1, default_currency="pln")
    assert deals(store) == {"201": (1300.0, "PLN"), "202": (4000.0, "PLN")}
    assert done.currency_default == {"currency": "PLN", "from": "given", "deals": 2}
    assert store.rows("SELECT source, currency FROM source_currencies") == [("pipedrive", "PLN")]

    week2 = write("deals_week2.csv", pipedrive([("201", "1300", "Won"), ("203", "750", "Won")]))
    next_week = import_file(store, week2)
    assert next_week.currency_question is False
    assert next_week.currency_default == {"currency": "PLN", "from": "source", "deals": 2}
    assert (next_week.inserted, next_week.unchanged) == (1, 1)
    assert deals(store)["203"] == (750.0, "PLN")


def test_a_currency_column_mixing_euros_and_dollars_keeps_each_deal_s_own(store, write) -> None:
    path = write("hubspot_deals.csv", (
        "Deal ID,Deal Name,Deal Stage,Pipeline,Amount,Close Date,Create Date,Deal Owner,Currency\n"
        "H1,Acme renewal,closedwon,Sales Pipeline,1000,2026-03-02,2026-01-10,ann@example.com,EUR\n"
        "H2,Globex upsell,closedwon,Sales Pipeline,1000,2026-03-03,2026-01-11,bob@example.com,USD\n"
        "H3,Initech,closedwon,Sales Pipeline,250,2026-03-04,2026-01-12,bob@example.com,usd\n"
        "H4,Umbrella,appointmentscheduled,Sales Pipeline,400,2026-04-04,2026-01-12,ann@example.com,€\n"
        "H5,Hooli,closedwon,Sales Pipeline,900,2026-03-05,2026-01-13,ann@example.com,US Dollar\n"
        "H6,Vandelay,closedwon,Sales Pipeline,300,2026-03-06,2026-01-14,ann@example.com,Dollarz\n"
        "H7,Soylent,closedwon,Sales Pipeline,50,2026-03-07,2026-01-15,ann@example.com,\n"))
    result = import_file(store, path)
    assert result.mapping["currency"] == "Currency"
    assert {k: v[1] for k, v in deals(store).items()} == {"H1": "EUR", "H2": "USD", "H3": "USD", "H4": "EUR",
                                                          "H5": "USD", "H7": "EUR"}
    assert result.currencies == [{"currency": "EUR", "deals": 3}, {"currency": "USD", "deals": 3}]
    # H7's cell is empty: it takes the reporting currency, and that is asked.
    assert result.currency_default == {"currency": "EUR", "from": "reporting", "deals": 1}
    assert [(r["line"], r["column"], r["value"]) for r in result.rejects] == [(7, "Currency", "Dollarz")]
    assert result.rejects[0]["reason"].startswith("not a currency")


@pytest.mark.parametrize(("amount", "given", "expected"), [
    ("$1,200.00", None, "USD"),
    ("$1,200.00", "CAD", "CAD"),
    ("C$ 1,200.00", None, "CAD"),
    ("US$1,200.00", "CAD", "USD"),
    ("R$ 1.200,00", None, "BRL"),
    ("1,200.00 CHF", None, "CHF"),
    ("£1,200.00", None, "GBP"),
    ("1 200 Kč", None, "CZK"),
    ("1 200,00 TTC", None, "EUR"),
])
def test_a_symbol_or_code_in_the_amount_says_the_currency(store, write, amount, given, expected) -> None:
    path = write("orders.csv", f'order id;amount;close date\nA-1;"{amount}";2026-03-02\n')
    result = import_file(store, path, default_currency=given)
    assert result.rejected == 0
    assert deals(store) == {"A-1": (1200.0, expected)}


def test_the_reporting_currency_is_the_default_of_a_file_that_says_none(store, write) -> None:
    set_reporting_currency(store, "USD")
    result = import_file(store, write("orders.csv", "id,amount,close date\nB-1,500,2026-03-02\n"))
    assert deals(store) == {"B-1": (500.0, "USD")}
    assert result.currency_default == {"currency": "USD", "from": "reporting", "deals": 1}


def test_an_unknown_currency_given_refuses_the_file_and_writes_nothing(store, write) -> None:
    path = write("orders.csv", "id,amount,close date\nB-1,500,2026-03-02\n")
    with pytest.raises(ImportFileError, match="'XYZ' is not a currency"):
        import_file(store, path, default_currency="XYZ")
    assert store.scalar("SELECT count(*) FROM imports") == 0


def test_the_cli_takes_the_currency_and_says_which_currencies_it_found(store, write, tmp_path: Path,
                                                                       capsys) -> None:
    database = store.path
    store.close()
    path = write("deals_export.csv", pipedrive([("301", "1 000 zł", "Won"), ("302", "800", "Won")]))
    assert main(["import", str(path), "--currency", "PLN", "--format", "json", "--db", str(database)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["currencies"] == [{"currency": "PLN", "deals": 2}]
    assert out["currency_default"] == {"currency": "PLN", "from": "given", "deals": 1}
    assert out["currency_question"] is False

    other = write("orders.csv", "id,amount,close date\nB-1,500,2026-03-02\n")
    assert main(["import", str(other), "--currency", "XYZ", "--db", str(database)]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "'XYZ' is not a currency" in error and "orders.csv" in error
    assert main(["import", str(other), "--db", str(database)]) == 0
    text = capsys.readouterr().out
    assert "currencies: EUR 1" in text
    assert "question: 1 deal has no currency in the file; read as EUR (the reporting currency)" in text


@pytest.mark.samples
def test_the_real_pipedrive_export_names_no_currency_so_its_currency_is_asked(store, samples_dir) -> None:
    result = import_file(store, samples_dir / "pipedrive-export" / "deals_export.csv", dry_run=True)
    assert result.profile == "pipedrive" and result.inserted > 40
    assert result.currency_question is True
    assert result.currency_default == {"currency": "EUR", "from": "reporting", "deals": result.inserted}
    answered = import_file(store, samples_dir / "pipedrive-export" / "deals_export.csv", dry_run=True,
                           default_currency="PLN")
    assert answered.currencies == [{"currency": "PLN", "deals": answered.inserted}]
