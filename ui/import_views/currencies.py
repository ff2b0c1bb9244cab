"""Currencies on the Import page: those a file holds, the question of the currency of amounts written without one,
the reporting currency, the deals' currencies and each source's, and the exchange rates with their editor."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import ui
from smart.currency import (
    COMMON_CODES,
    ISO_CODES,
    CurrencyError,
    RateRow,
    deal_currencies,
    save_rates,
    set_reporting_currency,
    source_currencies,
    stored_rates,
)
from smart.i18n import Translator
from smart.ingest import ImportResult
from ui.import_views.common import CURRENCY_FLASH, CURRENCY_KEY, PREVIEW_KEY


def currency_name(t: Translator, code: str) -> str:
    """A currency in a choice: its code and its name in the reader's language (PLN — Polish Zloty)."""
    return t("currency.option", code=code, name=t.currency_name(code))


def currency_options(first: str) -> list[str]:
    """Every currency code, ``first`` first, then the common ones, then the rest in order."""
    return list(dict.fromkeys([first, *COMMON_CODES, *sorted(ISO_CODES)]))


def currencies_found(t: Translator, result: ImportResult) -> None:
    """The currencies of a deals file with their deals, and of a rates file with their rates, as the preview and
    the import read them."""
    if result.currencies:
        items = ", ".join(t("currency.found_item", currency=c["currency"], deals=t.number(c["deals"]))
                          for c in result.currencies)
        st.caption(t("currency.found", currencies=items))
    default = result.currency_default
    if default and default["from"] == "source":
        st.caption(t("currency.kept", deals=t.number(default["deals"]), currency=default["currency"],
                     source=ui.plain(ui.profile_name(t, result.source))))
    for row in (result.rates or {}).get("currencies", []):
        st.caption(t("currency.rates_line", currency=row["currency"], rates=t.number(row["rates"]),
                     first=t.date(pd.Timestamp(row["first"])), last=t.date(pd.Timestamp(row["last"])),
                     base=row["base"], latest=t.number(row["latest"], 4)))


def currency_question(t: Translator, result: ImportResult, name: str) -> str | None:
    """A deals file whose amounts (some or all) say no currency, from a source that has none kept yet: which
    currency they are in, defaulting to the reporting currency; the answer checks the file again. Returns the
    currency to import them in (kept for the source), None when nothing is asked."""
    answered = st.session_state.get(CURRENCY_KEY, {}).get(name)
    default = result.currency_default
    if result.kind != "deals" or default is None or not (result.currency_question or answered):
        return None
    current = answered or default["currency"]
    options = currency_options(current)
    with st.container(border=True):
        choice = st.selectbox(t("currency.question", deals=t.number(default["deals"])), options,
                              index=options.index(current), key=f"import.currency.{name}",
                              format_func=lambda code: currency_name(t, code),
                              help=t("currency.question_help", source=ui.plain(ui.profile_name(t, result.source))))
    if choice != current:
        st.session_state.setdefault(CURRENCY_KEY, {})[name] = choice
        st.session_state.pop(PREVIEW_KEY, None)
        st.rerun()
    return choice


def reporting_currency_choice(t: Translator) -> None:
    """The reporting currency: every amount is shown and summed in it; changing it reformats every page."""
    reporting = ui.reporting_currency()
    options = currency_options(reporting)
    chosen = st.selectbox(t("currency.reporting"), options, index=0, key=f"import.reporting.{reporting}",
                          format_func=lambda code: currency_name(t, code), help=t("currency.reporting_help"))
    if chosen != reporting:
        set_reporting_currency(ui.get_store(), chosen)
        ui.clear_data_caches()
        st.session_state[CURRENCY_FLASH] = t("currency.reporting_saved", currency=chosen)
        st.rerun()


RATE_EDITOR_COLUMNS = ["rate_on", "currency", "rate", "base"]


def rates_editor(t: Translator) -> None:
    """The stored rates, editable (rows added, changed or removed); saving checks every row and writes them all,
    or nothing with a message naming the row at fault."""
    st.markdown(f"**{t('currency.rates_title')}**", help=t("currency.rates_help"))
    rates = ui.compute(stored_rates)[RATE_EDITOR_COLUMNS]
    edited = st.data_editor(
        rates, key="import.rates_editor", num_rows="dynamic", hide_index=True, width="stretch",
        column_config={
            "rate_on": st.column_config.DateColumn(t("field.rate_on"), format=ui.date_format(t), required=True),
            "currency": st.column_config.TextColumn(t("currency.col.currency"), max_chars=12, required=True),
            "rate": st.column_config.NumberColumn(t("field.rate"), min_value=0.0, format="%.6g", required=True),
            "base": st.column_config.TextColumn(t("field.base"), max_chars=12,
                                                help=t("currency.rates_help")),
        },
    )
    if st.button(t("currency.rates_save"), key="import.rates_save", icon=":material/save:"):
        try:
            rows = [RateRow(r.rate_on, r.currency, r.rate, r.base) for r in edited.itertuples()]
            count = save_rates(ui.get_store(), rows)
        except CurrencyError as error:
            st.error(ui.plain(error.in_language(t)), icon=":material/error:")
            return
        ui.clear_data_caches()
        st.session_state[CURRENCY_FLASH] = t("currency.rates_saved", count=t.number(count))
        st.session_state.pop("import.rates_editor", None)
        st.rerun()


def currencies_section(t: Translator) -> None:
    """The reporting currency, the deals' currencies (and those no rate converts), each source's currency, and
    the exchange rates with their editor."""
    with st.expander(t("currency.section"), icon=":material/currency_exchange:"):
        flash = st.session_state.pop(CURRENCY_FLASH, None)
        if flash:
            st.success(flash, icon=":material/check:")
        reporting_currency_choice(t)
        currencies = ui.compute(deal_currencies)
        if not currencies.empty:
            st.markdown(f"**{t('currency.deals_title')}**")
            labels = {c: t(f"currency.col.{c}") for c in currencies.columns}
            ui.dataframe(currencies, key="import.deal_currencies", column_config={
                "currency": st.column_config.TextColumn(labels["currency"]),
                **{c: ui.count_column(labels[c]) for c in ("deals", "left_out", "rates")},
                **{c: ui.date_column(labels[c]) for c in ("first_rate_on", "last_rate_on")}})
        sources = ui.compute(source_currencies)
        if sources:
            st.caption(t("currency.sources", sources=ui.plain(", ".join(
                f"{ui.profile_name(t, source)} {code}" for source, code in sources.items()))))
        rates_editor(t)

