"""Exchange rates: a ``date,currency,rate`` file imported as kind ``rates`` (its header says how a rate reads), and
rates typed on the Import page."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from smart.cli import main
from smart.currency import CurrencyError, RateRow, save_rates, set_reporting_currency
from smart.ingest import import_file, undo_import
from smart.ingest.cli import summary_lines


def rates(store) -> list[tuple[str, str, dt.date, float]]:
    return [(base, currency, day, round(rate, 9)) for base, currency, day, rate in
            store.rows("SELECT base, currency, rate_on, rate FROM exchange_rates ORDER BY rate_on, base, currency")]


def test_a_date_currency_rate_file_is_recognised_and_read_against_the_reporting_currency(store, write) -> None:
    path = write("rates.csv", "date,currency,rate\n2026-01-02,USD,1.10\n2026-01-02,PLN,4.30\n2026-02-02,USD,1.08\n")
    result = import_file(store, path)
    assert (result.kind, result.inserted, result.rejected) == ("rates", 3, 0)
    assert rates(store) == [("EUR", "PLN", dt.date(2026, 1, 2), 4.3), ("EUR", "USD", dt.date(2026, 1, 2), 1.1),
                            ("EUR", "USD", dt.date(2026, 2, 2), 1.08)]
    assert result.rates["currencies"] == [
        {"base": "EUR", "currency": "PLN", "rates": 1, "first": "2026-01-02", "last": "2026-01-02", "latest": 4.3},
        {"base": "EUR", "currency": "USD", "rates": 2, "first": "2026-01-02", "last": "2026-02-02", "latest": 1.08}]
    assert "  rates USD: 2 from 2026-01-02 to 2026-02-02; latest 1 EUR = 1.08 USD" in summary_lines(result)
    assert any("read as units of each currency per 1 EUR" in note for note in result.notes)
    assert result.covers == (dt.date(2026, 1, 2), dt.date(2026, 2, 2))


def test_a_rate_to_eur_header_is_read_as_the_value_in_euros_and_stored_inverted(store, write) -> None:
    set_reporting_currency(store, "USD")  # the header names its base: the reporting currency does not matter
    result = import_file(store, write("fx.csv", "Date;Devise;rate_to_EUR\n15/01/2026;USD;0,8\n15/01/2026;GBP;1,25\n"))
    assert result.kind == "rates"
    assert rates(store) == [("EUR", "GBP", dt.date(2026, 1, 15), 0.8), ("EUR", "USD", dt.date(2026, 1, 15), 1.25)]
    assert any("value in EUR of 1 unit" in note for note in result.notes)


def test_a_rate_per_unit_header_and_a_base_column_name_their_base(store, write) -> None:
    import_file(store, write("per.csv", "date,currency,rate per USD\n2026-01-02,EUR,0.9\n"))
    import_file(store, write("pairs.csv", "date,from currency,to currency,rate\n2026-01-02,GBP,PLN,5.0\n"))
    assert rates(store) == [("GBP", "PLN", dt.date(2026, 1, 2), 5.0), ("USD", "EUR", dt.date(2026, 1, 2), 0.9)]


def test_wrong_rows_are_rejected_with_their_line_and_reason_and_the_rest_imported(store, write) -> None:
    path = write("rates.csv", ("date,currency,rate\n"
                               "2026-01-02,USD,1.10\n"      # line 2: fine
                               "2026-01-02,XYZ,2\n"         # line 3: no currency
                               "2026-01-03,PLN,0\n"         # line 4: not above zero
                               "2026-01-03,EUR,1\n"         # line 5: the base itself
                               "2026-01-04,CHF,0.95\n"      # line 6 and 7: the same day twice, two rates
                               "2026-01-04,CHF,0.96\n"
                               "someday,GBP,0.85\n"         # line 8: no date
                               "2026-01-05,GBP,\n"))        # line 9: no rate
    result = import_file(store, path)
    reasons = {(r["line"], r["column"]): r["reason"] for r in result.rejects}
    assert reasons == {(3, "currency"): reasons[(3, "currency")], (4, "rate"): "a rate must be above zero",
                       (5, "currency"): "a currency against itself (its rate is 1)",
                       (6, "currency"): reasons[(6, "currency")], (7, "currency"): reasons[(7, "currency")],
                       (8, "date"): "unreadable date", (9, "rate"): "missing rate"}
    assert reasons[(3, "currency")].startswith("not a currency")
    assert "6, 7" in reasons[(6, "currency")]
    assert (result.inserted, result.rejected) == (1, 7)
    assert rates(store) == [("EUR", "USD", dt.date(2026, 1, 2), 1.1)]


def test_a_later_file_replaces_a_rate_and_undo_puts_it_back(store, write) -> None:
    first = import_file(store, write("jan.csv", "date,currency,rate\n2026-01-02,USD,1.10\n2026-01-02,PLN,4.30\n"))
    again = import_file(store, write("jan.csv", "date,currency,rate\n2026-01-02,USD,1.10\n2026-01-02,PLN,4.30\n"))
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 2)
    fixed = import_file(store, write("fix.csv", "date,currency,rate\n2026-01-02,USD,1.12\n2026-01-03,USD,1.11\n"))
    assert (fixed.inserted, fixed.updated, fixed.unchanged) == (1, 1, 0)
    assert rates(store)[1:] == [("EUR", "USD", dt.date(2026, 1, 2), 1.12), ("EUR", "USD", dt.date(2026, 1, 3), 1.11)]
    with pytest.raises(Exception, match="undo"):
        undo_import(store, first.import_id)  # the later import changed one of its rates: that one first
    assert undo_import(store, fixed.import_id)["rates_deleted"] == 2
    assert rates(store) == [("EUR", "PLN", dt.date(2026, 1, 2), 4.3), ("EUR", "USD", dt.date(2026, 1, 2), 1.1)]
    undo_import(store, first.import_id)
    assert rates(store) == []


def test_the_cli_imports_a_rates_file(store, write, capsys) -> None:
    database = store.path
    store.close()
    path = write("rates.csv", "date,currency,rate\n2026-01-02,USD,1.1\n")
    assert main(["import", str(path), "--format", "json", "--db", str(database)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["kind"] == "rates" and out["inserted"] == 1
    assert out["rates"]["currencies"][0]["latest"] == 1.1 and out["rates"]["reading"] == "units_per_base"


def test_typed_rates_are_checked_row_by_row_and_saved_whole(store, write) -> None:
    import_file(store, write("jan.csv", "date,currency,rate\n2026-01-02,USD,1.10\n2026-01-02,PLN,4.30\n"))
    kept = RateRow(dt.date(2026, 1, 2), "USD", 1.10)
    with pytest.raises(CurrencyError, match="row 2: 'USX' is not a currency"):
        save_rates(store, [kept, RateRow("2026-01-05", "USX", 1.2)])
    with pytest.raises(CurrencyError, match="row 2: the rate '-1' is not a number above zero"):
        save_rates(store, [kept, RateRow("2026-01-05", "GBP", -1)])
    with pytest.raises(CurrencyError, match="row 3: USD on 2026-01-02 is already on row 1"):
        save_rates(store, [kept, RateRow(None, None, None), RateRow("2026-01-02", "usd", 1.2)])
    with pytest.raises(CurrencyError, match="row 1: EUR against itself"):
        save_rates(store, [RateRow("2026-01-05", "EUR", 1.0)])
    assert len(rates(store)) == 2  # nothing written by a refused table

    # The PLN rate removed, USD kept (with its import), a CHF rate against the dollar typed.
    assert save_rates(store, [kept, RateRow("2026-01-09", "chf", 0.9, "USD"), RateRow(None, "", None)]) == 2
    assert store.rows("SELECT base, currency, rate, import_id IS NOT NULL FROM exchange_rates ORDER BY currency") == [
        ("USD", "CHF", 0.9, False), ("EUR", "USD", 1.1, True)]
