"""The check of a file before importing it: the questions its values raise (day/month order, decimal mark), then
what it holds (kind, counts, notes, the plan's months, the first rows as stored, the rejects, a history's summary)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pandas as pd
import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

import ui
from smart.analytics import get_kpi
from smart.i18n import Translator
from smart.ingest import (
    AmbiguousDatesError,
    AmbiguousDecimalError,
    ImportFileError,
    ImportOptions,
    ImportResult,
    MappingNeededError,
    in_language,
)
from ui.import_views.common import ALL_WON_NOTE, PREVIEW_KEY, forget_answers, import_upload, progress_reporter
from ui.import_views.currencies import currencies_found
from ui.import_views.missing import missing_screen


def checked_file(t: Translator, upload: UploadedFile, options: ImportOptions) -> ImportResult | None:
    """The file's check with these options: kept for the reruns that change nothing (the widgets that show its
    mapping start again from a new one), made afresh otherwise; None when a question or an error is shown instead."""
    key = (upload.file_id, options)
    cached = st.session_state.get(PREVIEW_KEY)
    if cached is None or cached[0] != key:
        result = preview(t, upload, options)
        if result is None:
            return None
        st.session_state[PREVIEW_KEY] = (key, result)
        forget_answers(upload.name)
    return st.session_state[PREVIEW_KEY][1]


def preview(t: Translator, upload: UploadedFile, options: ImportOptions) -> ImportResult | None:
    """The file checked without writing anything; None when a question or an error is shown instead (below the
    check's status, not folded inside it)."""
    problem = None
    with st.status(t("import.checking"), expanded=False) as status:
        bar = st.progress(0.0)
        try:
            result = import_upload(upload, replace(options, dry_run=True), progress_reporter(t, bar))
        except (AmbiguousDatesError, AmbiguousDecimalError, MappingNeededError) as error:
            status.update(label=t("import.checked_question"), state="complete")
            problem = error
        except ImportFileError as error:
            status.update(label=t("import.unreadable"), state="error")
            problem = error
        else:
            status.update(label=t("import.checked"), state="complete")
            return result
    if isinstance(problem, AmbiguousDatesError):
        st.warning(t("import.ambiguous", columns=ui.plain(", ".join(problem.columns))), icon=":material/help:")
        st.radio(t("import.date_order"), ("dmy", "mdy"), key="import.date_order", index=None,
                 format_func=lambda o: t(f"import.{o}"), horizontal=True)
    elif isinstance(problem, AmbiguousDecimalError):
        decimal_question(t, problem)
    elif isinstance(problem, MappingNeededError):
        missing_screen(t, problem.draft)
    else:
        st.error(ui.plain(in_language(problem, t)), icon=":material/error:")
    return None


def decimal_question(t: Translator, problem: AmbiguousDecimalError) -> None:
    """Numbers that read two ways ("12.345"): which mark is the decimal one, each answer with what the example
    then reads, in the reader's language."""
    example = ui.plain(problem.example)

    def label(mark: str) -> str:
        reading = problem.reading(mark)
        return t(f"import.decimal.{mark}", example=example, value=t.number(reading.value, reading.decimals))

    st.warning(t("import.ambiguous_decimal", columns=ui.plain(", ".join(problem.columns)), example=example),
               icon=":material/help:")
    st.radio(t("import.decimal"), ("dot", "comma"), key="import.decimal", index=None, horizontal=True,
             format_func=label)


def show_result(t: Translator, result: ImportResult) -> None:
    """What the check found: how the file was read, its counts, notes and currencies, then its rows."""
    delimiter = t.get(f"import.delimiter.{result.delimiter}", ui.plain(result.delimiter))
    st.caption(t("import.detected", kind=t(f"import.kind.{result.kind}"), profile=ui.profile_name(t, result.profile),
                 encoding=result.encoding, delimiter=delimiter, line=result.header_line))
    with st.container(horizontal=True):
        st.metric(t("import.rows"), t.number(result.rows), border=True)
        st.metric(t("import.new"), t.number(result.inserted), border=True)
        st.metric(t("import.updated"), t.number(result.updated), border=True)
        st.metric(t("import.unchanged"), t.number(result.unchanged), border=True)
        st.metric(t("import.rejected"), t.number(result.rejected), border=True)
    for note in result.notes:
        if getattr(note, "key", None) != ALL_WON_NOTE:
            st.info(ui.plain(in_language(note, t)), icon=":material/info:")
    if result.new_stages:
        st.info(t("import.new_stages", stages=ui.plain(", ".join(result.new_stages))), icon=":material/info:")
    currencies_found(t, result)
    if result.plan and result.plan["months"]:
        plan_preview(t, result.plan)
    if result.sample:
        sample_table(t, result.kind, pd.DataFrame(result.sample))
    rejects_table(t, result.rejects, "import.rejects")


def plan_preview(t: Translator, plan: dict[str, Any]) -> None:
    """The months a targets sheet covers, each with its total target and its number of lines."""
    months = pd.DataFrame(plan["months"])
    frame = pd.DataFrame({"month": [t.month(pd.Timestamp(m)) for m in months["month"]], "total": months["total"],
                          "values": months["values"]})
    st.subheader(t("import.plan.months"), anchor=False)
    ui.dataframe(frame, key="import.plan_months", column_config={
        "month": st.column_config.TextColumn(t("import.plan.month")),
        "total": ui.exact_number_column(t("import.plan.total")),
        "values": ui.count_column(t("import.plan.values"))})


SAMPLE_NUMBERS = ("amount", "value", "target_input", "rate")


SAMPLE_DATES = ("created_on", "close_on", "qualified_on", "converted_on", "period", "start_on", "deadline", "rate_on")


def sample_table(t: Translator, kind: str, sample: pd.DataFrame) -> None:
    """The first rows as they will be stored, each with its verdict first, in the reader's language; the fields
    none of them has (unmapped ones, mostly: the mapping below shows them) are left out of the way."""
    sample = sample.assign(change=sample["change"].map(lambda change: t(f"import.verdict.{change}")))
    sample = sample[["change", *(c for c in sample.columns if c != "change" and sample[c].notna().any())]]
    if kind == "deals":
        sample = sample.assign(status=sample["status"].map(lambda status: t(f"status.{status}")))
    if kind == "plan":
        sample = sample.assign(kpi=sample["kpi"].map(lambda kpi: get_kpi(kpi).label(t.lang)),
                               dimension=sample["dimension"].map(lambda d: t(f"plan.dimension.{d}")))
    config = {}
    for column in sample.columns:
        label = t(f"field.{column}")
        if column in SAMPLE_NUMBERS:
            config[column] = ui.exact_number_column(label)
        elif column in SAMPLE_DATES:
            config[column] = ui.date_column(label)
        elif column == "is_converted":
            config[column] = st.column_config.CheckboxColumn(label)
        else:
            config[column] = st.column_config.TextColumn(label)
    st.subheader(t("import.sample"), anchor=False)
    ui.dataframe(sample, key="import.sample", column_config=config)


def rejects_table(t: Translator, rejects: list[dict[str, Any]], key: str) -> None:
    if not len(rejects):
        return
    # Reasons worded before pandas stores them as plain strings (the first 10,000 rejects at most).
    frame = pd.DataFrame([{**reject, "reason": in_language(reject["reason"], t)} for reject in rejects],
                         columns=["line", "column", "value", "reason"])
    st.subheader(t("import.rejects"), anchor=False)
    labels = {c: t(f"reject.{c}") for c in frame.columns}
    ui.table_block(t, frame.rename(columns=labels), key,
                   column_config={labels["line"]: ui.count_column(labels["line"])})


def history_summary(t: Translator, result: ImportResult) -> None:
    """What a stage history file holds: its changes and opportunities, those whose deals are not imported yet
    (their history shows once they are), and the rows that change nothing the app reads."""
    summary = result.history
    st.subheader(t("history.summary.title"), anchor=False)
    sentence = in_language(summary.sentence(), t)
    if summary.not_imported:
        st.warning(sentence, icon=":material/link_off:")
        more = summary.not_imported - len(summary.not_imported_examples)
        st.caption(t("history.summary.not_imported", ids=ui.plain(", ".join(summary.not_imported_examples)),
                     more=t("history.summary.more", count=t.number(more)) if more else ""))
    else:
        st.info(sentence, icon=":material/timeline:")
    if summary.left_aside:
        fields = ", ".join(summary.other_fields) if summary.other_fields else t("history.summary.no_field")
        st.caption(t("history.summary.left_aside", rows=t.number(summary.left_aside), fields=ui.plain(fields)))
    st.caption(t("history.summary.explain"))

