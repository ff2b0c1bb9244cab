"""Money KPIs sum amounts converted to the reporting currency (the rate of each deal's close date), leave out the
deals no rate converts and say how many; counts are unaffected. Expected values computed by hand."""

from __future__ import annotations

import datetime as dt
import json

import duckdb
import pytest

from smart.analytics import Filters, kpi_value, plan_vs_actual, revenue_bridge
from smart.analytics.deals import left_out_deals
from smart.analytics.team import team_table
from smart.cli import main
from smart.currency import DEALS_IN_REPORTING_CURRENCY, LeftOut, reporting_currency, set_reporting_currency
from smart.currency.convert import with_reporting_currency
from smart.ingest import import_file
from smart.storage import MIGRATIONS, Store, row_hash_sql

DEALS = """id,title,owner,status,amount,currency,created,close date
E1,Alpha,ann,won,1000,EUR,2026-01-05,2026-03-10
U1,Beta,bob,won,1000,USD,2026-01-06,2026-03-10
P1,Gamma,ann,won,1000,PLN,2026-01-07,2026-03-12
G1,Delta,ann,won,500,GBP,2026-01-08,2026-03-15
L1,Epsilon,bob,lost,3000,USD,2026-01-09,2026-03-20
U2,Zeta,bob,won,1100,USD,2025-11-02,2025-12-15
O1,Eta,ann,open,2200,USD,2026-02-01,2026-04-15
O2,Theta,bob,open,800,GBP,2026-02-01,2026-05-01
O3,Iota,bob,open,2500,USD,2026-02-01,
"""
RATES = "date,currency,rate\n2026-01-01,USD,1.10\n2026-01-01,PLN,4.30\n2026-04-01,USD,1.25\n"
Q1 = Filters(dt.date(2026, 1, 1), dt.date(2026, 3, 31))
Q2 = Filters(dt.date(2026, 4, 1), dt.date(2026, 6, 30))
GBP_ONE = LeftOut((("GBP", 1),))
# 1,000 EUR + 1,000 USD at 1.10 USD/EUR + 1 000 zł at 4.30 PLN/EUR; the 500 GBP have no rate.
Q1_REVENUE_EUR = 1000 + 1000 / 1.10 + 1000 / 4.30


@pytest.fixture
def sales(store, write):
    import_file(store, write("deals.csv", DEALS))
    import_file(store, write("rates.csv", RATES))
    return store


def test_revenue_sums_each_deal_converted_at_its_close_date_and_leaves_out_what_no_rate_converts(sales) -> None:
    revenue = kpi_value(sales, "revenue", Q1)
    assert revenue.value == pytest.approx(Q1_REVENUE_EUR)
    assert revenue.left_out == GBP_ONE and revenue.left_out.deals == 1 and revenue.left_out.currencies == ("GBP",)
    assert kpi_value(sales, "avg_deal_size", Q1).value == pytest.approx(Q1_REVENUE_EUR / 3)
    assert kpi_value(sales, "avg_deal_size", Q1).left_out == GBP_ONE


def test_counts_are_not_affected(sales) -> None:
    won = kpi_value(sales, "deals_won", Q1)
    assert won.value == 4 and not won.left_out
    assert kpi_value(sales, "win_rate", Q1).value == pytest.approx(4 / 5)


def test_the_rate_is_the_latest_on_or_before_the_close_date_else_the_earliest(sales) -> None:
    amounts = dict(sales.rows(f"SELECT crm_id, amount FROM ({DEALS_IN_REPORTING_CURRENCY}) ORDER BY crm_id"))
    assert amounts["U2"] == pytest.approx(1100 / 1.10)  # closed before the first rate: the earliest
    assert amounts["O1"] == pytest.approx(2200 / 1.25)  # expected on 15 April: the rate of 1 April
    assert amounts["O3"] == pytest.approx(2500 / 1.25)  # no close date: the latest rate
    assert amounts["G1"] is None and amounts["E1"] == 1000
    pipeline = kpi_value(sales, "pipeline_value", Q2)
    # O3, open without a close date, is due on the range's last day (30 June), at the latest rate.
    assert pipeline.value == pytest.approx((2200 + 2500) / 1.25) and pipeline.left_out == GBP_ONE
    assert kpi_value(sales, "pipeline_value_weighted", Q2).left_out == GBP_ONE


def test_composite_kpis_say_what_their_amounts_left_out(sales) -> None:
    assert kpi_value(sales, "sales_velocity", Q1).left_out == GBP_ONE
    assert kpi_value(sales, "pipeline_coverage", Filters(dt.date(2026, 1, 1), dt.date(2026, 6, 30))).left_out == \
        LeftOut((("GBP", 2),))
    assert left_out_deals(sales, Filters(dt.date(2026, 1, 1), dt.date(2026, 6, 30))) == LeftOut((("GBP", 2),))


def test_the_bridge_the_plan_comparison_and_the_team_read_converted_amounts(sales, write) -> None:
    import_file(sales, write("leads.csv", "lead id,name,created\nL1,Ann Lee,2025-11-03\nL2,Bo Chen,2026-01-04\n"
                                          "L3,Cy Diaz,2026-02-05\n"), kind="leads")
    bridge = revenue_bridge(sales, Filters(dt.date(2025, 10, 1), dt.date(2025, 12, 31)), Q1)
    assert bridge["current"].iloc[0] == pytest.approx(Q1_REVENUE_EUR)
    compared = plan_vs_actual(sales, Q1, today=dt.date(2026, 11, 27))
    assert compared.set_index("month")["actual"][dt.date(2026, 3, 1)] == pytest.approx(Q1_REVENUE_EUR)
    team = team_table(sales, Q1, dt.date(2026, 11, 27)).set_index("owner")["revenue"]
    assert team["ann"] == pytest.approx(1000 + 1000 / 4.30) and team["bob"] == pytest.approx(1000 / 1.10)


def test_another_reporting_currency_converts_through_the_rates_kept_against_the_euro(sales) -> None:
    set_reporting_currency(sales, "usd")
    assert reporting_currency(sales) == "USD"
    revenue = kpi_value(sales, "revenue", Q1)
    # EUR 1,000 × 1.10 + USD 1,000 + PLN 1,000 ÷ 4.30 × 1.10; GBP still has no rate.
    assert revenue.value == pytest.approx(1000 * 1.10 + 1000 + 1000 / 4.30 * 1.10)
    assert revenue.left_out == GBP_ONE


def test_a_deal_in_the_reporting_currency_needs_no_rate(store, write) -> None:
    import_file(store, write("deals.csv", DEALS))
    revenue = kpi_value(store, "revenue", Q1)
    assert revenue.value == 1000
    assert revenue.left_out == LeftOut((("GBP", 1), ("PLN", 1), ("USD", 1)))


def test_the_currency_command_shows_and_changes_the_reporting_currency(sales, capsys) -> None:
    database = sales.path
    sales.close()
    assert main(["currency", "--db", str(database)]) == 0
    text = capsys.readouterr().out
    assert text.splitlines()[0] == "reporting currency: EUR"
    assert "  USD: 5 deals, 2 rates from 2026-01-01 to 2026-04-01" in text
    assert "  GBP: 2 deals, no rate; 2 left out of amounts (no rate to EUR)" in text
    assert main(["currency", "--reporting", "XYZ", "--db", str(database)]) == 2
    assert "'XYZ' is not a currency" in capsys.readouterr().err
    assert main(["currency", "--reporting", "USD", "--format", "json", "--db", str(database)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["reporting"], out["previous"]) == ("USD", "EUR")
    assert {row["currency"]: row["left_out"] for row in out["currencies"]} == {"USD": 0, "EUR": 0, "PLN": 0,
                                                                              "GBP": 2}
    assert out["sources"] == {}
    reopened = Store(database)
    try:
        assert reporting_currency(reopened) == "USD"
    finally:
        reopened.close()


def test_deals_stored_without_a_currency_become_euros_and_keep_a_matching_hash(tmp_path) -> None:
    path = tmp_path / "old.duckdb"
    Store(path, migrations=MIGRATIONS[:11]).close()
    conn = duckdb.connect(str(path))
    conn.execute("INSERT INTO deals (source, crm_id, status, amount, close_on) VALUES ('generic', 'A', 'won', 10, "
                 "DATE '2026-03-01'), ('generic', 'B', 'won', 20, DATE '2026-03-02')")
    conn.close()
    store = Store(path)
    try:
        assert store.rows("SELECT currency, count(*) FROM deals GROUP BY ALL") == [("EUR", 2)]
        assert store.scalar(f"SELECT count(*) FROM deals WHERE row_hash = {row_hash_sql('deals')}") == 2
        assert kpi_value(store, "revenue", Filters()).value == 30
    finally:
        store.close()


def test_the_kpi_command_says_on_stderr_which_deals_it_left_out(sales, capsys) -> None:
    database = sales.path
    sales.close()
    assert main(["kpi", "revenue", "--from", "2026-01-01", "--to", "2026-03-31", "--grain", "quarter", "--format",
                 "csv", "--db", str(database)]) == 0
    out, err = capsys.readouterr()
    assert out == f"period,value\n2026-01-01,{Q1_REVENUE_EUR!r}\n"  # exact: the shortest round-trip form
    assert err == "note: 1 deal in GBP left out of the amounts (no exchange rate to EUR)\n"
    assert main(["kpi", "deals_won", "--from", "2026-01-01", "--to", "2026-03-31", "--db", str(database)]) == 0
    assert capsys.readouterr().err == ""


def test_the_reporting_currency_written_in_gives_the_same_amounts(sales) -> None:
    query = f"SELECT crm_id, amount, left_out FROM ({DEALS_IN_REPORTING_CURRENCY}) ORDER BY crm_id"
    bound = with_reporting_currency(sales, query)
    assert "app_settings" in query and "app_settings" not in bound
    assert sales.rows(bound) == sales.rows(query)
    set_reporting_currency(sales, "PLN")
    assert sales.rows(with_reporting_currency(sales, query)) == sales.rows(query)
    assert dict((k, v) for k, v, _ in sales.rows(query))["E1"] == pytest.approx(1000 * 4.30)
