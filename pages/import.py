"""Import: upload a CRM export, answer what the file does not say (a missing id or date, guesses to confirm,
whether every row is a won deal), check the preview (mapping with confidences, what will not be available,
counts, rejects), then import it."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

import ui
from smart.access import MANAGE_DATA
from smart.analytics import PLAN_KPIS, get_kpi
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
from smart.ingest import (
    FIELDS,
    KINDS,
    PROFILES,
    AmbiguousDatesError,
    AmbiguousDecimalError,
    ImportFileError,
    ImportOptions,
    MappingDraft,
    MappingNeededError,
    MissingField,
    asks_if_won,
    in_language,
    original_name,
    run_import,
    save_lead_status_map,
    save_stage_map,
    upload_copy,
)

ui.require_frame()
t = ui.translator()
ui.page_header(t, "import")
ui.require_permission(t, MANAGE_DATA)
store = ui.get_store()
PREVIEW_KEY = "import.preview"
MAPPING_KEY = "import.mapping"
IDS_KEY = "import.ids"  # per file name: the id chosen when no column holds one ({"columns": [...]} or per_row)
DONE_KEY = "import.done"  # (the upload's id, the success message of its import)
ANSWERS_KEY = "import.answers"  # per file name: its day/month order and decimal mark, when asked
CURRENCY_KEY = "import.currency"  # per file name: the currency of its amounts written without one, once answered
CURRENCY_FLASH = "import.currency.saved"
STAGES_SAVED_KEY = "import.stages_saved"  # what saving a pipeline's stages did, shown once after the rerun
ALL_STATUS = ("file", "won", "lost", "open")
ID_RULES = ("column", "columns", "per_row")
WON_ANSWERS = ("won", "open")
ALL_WON_NOTE = "ingest.note.all_won"  # said by the won question instead


def import_upload(upload, options: ImportOptions, progress):
    """Preview or import the upload from a private temporary copy that is gone when the import ends, however it
    ends (reruns reuse the cached preview and need no copy; the importer keeps its own of what it imports)."""
    with upload_copy(upload.getvalue(), upload.name) as path:
        return run_import(store, path, replace(options, display_name=upload.name, actor=ui.viewer()), progress)


def progress_reporter(bar):
    def report(stage: str, fraction: float) -> None:
        bar.progress(min(max(fraction, 0.0), 1.0), text=t(f"import.stage.{stage}"))
    return report


def options_form() -> ImportOptions:
    columns = st.columns(4)
    kind = ui.coded_selectbox(columns[0], t("import.kind"), ("auto", *KINDS), "import.kind",
                              lambda k: t(f"import.kind.{k}"))
    profile = ui.coded_selectbox(columns[1], t("import.profile"), ("auto", *PROFILES), "import.profile",
                                 lambda p: ui.profile_name(t, p))
    as_of = columns[2].date_input(t("import.as_of"), value=None, key="import.as_of", help=t("import.as_of_help"),
                                  format="DD/MM/YYYY" if t.lang == "fr" else "YYYY-MM-DD")
    sheet = columns[3].text_input(t("import.sheet"), key="import.sheet") or None
    return ImportOptions(kind=kind, profile=profile, observed_on=as_of, sheet=sheet)


# The mapping editor's value for a field no column feeds: an empty cell would read "None" (a header that is
# exactly this dash can still be mapped with the CLI's --map).
NOT_MAPPED = "\u2014"


def remember(name: str, changes: dict[str, str]) -> None:
    """Keep the user's mapping changes for this file and check it again."""
    st.session_state.setdefault(MAPPING_KEY, {}).setdefault(name, {}).update(changes)
    if "crm_id" in changes:
        st.session_state.setdefault(IDS_KEY, {}).pop(name, None)
    st.session_state.pop(PREVIEW_KEY, None)
    st.rerun()


def confidence_text(proposal) -> str:
    return t(f"importflow.confidence.{proposal.confidence}") if proposal else ""


def id_rule_text(result) -> str:
    if result.id_per_row:
        return t("importflow.id.rule_per_row")
    return t("importflow.id.combined", columns=" + ".join(result.id_columns)) if result.id_columns else ""


def mapping_editor(result) -> None:
    """Each field with its column, the confidence of that choice and a few of the column's values; a changed line
    checks the file again."""
    constants = {"deals": "status", "plan": "kpi"}  # set by a choice below the table when constant
    fields = [f for f in FIELDS[result.kind] if not (f == constants.get(result.kind) and
                                                      result.mapping.get(f, "").startswith("="))]
    mapped = {f: "" if result.mapping.get(f, "").startswith("=") else result.mapping.get(f, "") for f in fields}
    applied = {p.field: p for p in result.proposals if p.applied}
    asked = {p.field: p for p in result.proposals if not p.applied}
    confidence = {f: confidence_text(applied.get(f) or asked.get(f)) for f in fields}
    samples = {f: ", ".join(applied[f].samples) if f in applied else "" for f in fields}
    if result.kind in ("deals", "leads") and id_rule_text(result):
        confidence["crm_id"] = t("importflow.confidence.user") + " · " + id_rule_text(result)
    frame = pd.DataFrame({"field": fields, "label": [t(f"field.{f}") for f in fields],
                          "column": [mapped[f] or NOT_MAPPED for f in fields],
                          "confidence": [confidence[f] for f in fields], "samples": [samples[f] for f in fields]})
    st.subheader(t("import.mapping"), anchor=False, help=t("import.mapping_help"))
    edited = st.data_editor(
        frame, key=f"import.mapping_editor.{result.file_name}", hide_index=True, width="stretch",
        disabled=["field", "label", "confidence", "samples"], column_order=("label", "column", "confidence", "samples"),
        column_config={
            "label": st.column_config.TextColumn(t("import.field")),
            "column": st.column_config.SelectboxColumn(
                t("import.column"), options=[NOT_MAPPED, *result.headers], required=True,
                format_func=lambda column: t("import.unmapped") if column == NOT_MAPPED else column),
            "confidence": st.column_config.TextColumn(t("importflow.confidence")),
            "samples": st.column_config.TextColumn(t("importflow.samples")),
        },
    )
    chosen = {row.field: "" if row.column in (None, NOT_MAPPED) else row.column for row in edited.itertuples()}
    changes = {field: column for field, column in chosen.items() if column != mapped[field]}
    if result.kind == "deals":
        current = result.mapping.get("status", "")
        default = current[1:] if current.startswith("=") else "file"
        choice = st.selectbox(t("import.all_status"), ALL_STATUS, index=ALL_STATUS.index(default),
                              key=f"import.all_status.{result.file_name}",
                              format_func=lambda s: t(f"import.all_status.{s}"))
        if choice != default:
            changes["status"] = "" if choice == "file" else f"={choice}"
    if result.kind == "plan":
        changes |= plan_kpi_choice(result)
    if changes:
        remember(result.file_name, changes)


def guesses(result) -> None:
    """The low-confidence proposals, each asked as a question: used only once the user says yes."""
    asked = [p for p in result.proposals if not p.applied]
    if not asked:
        return
    st.subheader(t("importflow.ask.title"), anchor=False)
    for proposal in asked:
        with st.container(border=True, horizontal=True, vertical_alignment="center"):
            st.markdown(t("importflow.ask.question", column=f"**{ui.plain(proposal.column)}**",
                          field=t(f"field.{proposal.field}").lower(),
                          samples=ui.plain(", ".join(proposal.samples)) or "–"))
            if st.button(t("importflow.ask.yes"), key=f"import.accept.{result.file_name}.{proposal.field}"):
                remember(result.file_name, {proposal.field: proposal.column})


def won_question(result) -> None:
    """A deals file with no column saying how deals end: is every row a won deal?"""
    if not asks_if_won(result.kind, result.mapping):
        return
    current = result.mapping.get("status", "")[1:]
    with st.container(border=True):
        if any(getattr(note, "key", None) == ALL_WON_NOTE for note in result.notes):
            st.caption(t("importflow.won.proposed"))
        answer = st.radio(t("importflow.won.question"), WON_ANSWERS, horizontal=True,
                          index=WON_ANSWERS.index(current) if current in WON_ANSWERS else None,
                          key=f"import.won.{result.file_name}", format_func=lambda a: t(f"importflow.won.{a}"))
    if answer is not None and answer != current:
        remember(result.file_name, {"status": f"={answer}"})


def unavailable_block(items) -> None:
    """What the mapping leaves empty, and what the user will not see because of it, one line each."""
    if not items:
        return
    lines = [t("importflow.unavailable.line", field=f"**{t(f'field.{u.field}')}**", effect=in_language(u.effect, t))
             for u in items]
    st.warning(t("importflow.unavailable.title") + "\n\n" + "\n".join(f"- {line}" for line in lines),
               icon=":material/visibility_off:")


def column_label(draft: MappingDraft, column: str) -> str:
    """A column with a few of its values, for a choice (option labels are shown as they are)."""
    values = draft.samples.get(column) or []
    return t("importflow.column_with_samples", column=column, samples=", ".join(values)) if values else column


def ranked_columns(draft: MappingDraft, candidates: list[str]) -> list[str]:
    return [*candidates, *(h for h in draft.headers if h not in candidates)]


def missing_screen(draft: MappingDraft) -> None:
    """The mapping screen when the file lacks a field it must have: the field highlighted, its candidate columns
    first (with their values), the id's three ways, then the mapping as proposed so far."""
    kind = t(f"ingest.kind.{draft.kind}")
    st.subheader(t("importflow.needed.title"), anchor=False)
    choices: dict[str, str] = {}
    id_choice: dict[str, object] | None = None
    for missing in draft.missing:
        with st.container(border=True):
            if missing.field == "crm_id":
                id_choice = id_rule_choice(draft, missing, kind)
            else:
                st.warning(t("importflow.needed.field", field=t(f"field.{missing.field}")), icon=":material/help:")
                st.caption(t("importflow.needed.candidates") if missing.candidates else t("importflow.needed.none"))
                options = ranked_columns(draft, missing.candidates)
                choices[missing.field] = st.selectbox(
                    t("importflow.column_choice"), options, index=0 if missing.candidates else None,
                    key=f"import.missing.{draft.file_name}.{missing.field}",
                    format_func=lambda column: column_label(draft, column))
    mapping_overview(draft)
    needs_id = any(m.field == "crm_id" for m in draft.missing)
    ready = all(choices.values()) and (id_choice is not None or not needs_id)
    if st.button(t("importflow.use_choice"), type="primary", key=f"import.use_choice.{draft.file_name}",
                 disabled=not ready):
        if id_choice is not None and id_choice.get("column"):
            choices["crm_id"] = str(id_choice["column"])
        elif id_choice is not None:
            st.session_state.setdefault(IDS_KEY, {})[draft.file_name] = id_choice
        remember(draft.file_name, {field: column for field, column in choices.items() if column})


def id_rule_choice(draft: MappingDraft, missing: MissingField, kind: str) -> dict[str, object] | None:
    """One column, several combined, or one record per row, each with what it means for next week's file; the
    choice made, or None while it is incomplete."""
    st.warning(t("importflow.needed.id", kind=kind), icon=":material/help:")
    rule = st.radio(t("importflow.id.how"), ID_RULES, key=f"import.id_rule.{draft.file_name}",
                    format_func=lambda r: t(f"importflow.id.{r}"),
                    captions=[t(f"importflow.id.{r}_means") for r in ID_RULES])
    options = ranked_columns(draft, missing.candidates)
    if rule == "column":
        st.caption(t("importflow.needed.candidates") if missing.candidates else t("importflow.needed.none"))
        column = st.selectbox(t("importflow.id.choose_column"), options, index=0 if missing.candidates else None,
                              key=f"import.id_column.{draft.file_name}",
                              format_func=lambda c: column_label(draft, c))
        return {"column": column} if column else None
    if rule == "columns":
        columns = st.multiselect(t("importflow.id.choose_columns"), options, key=f"import.id_columns.{draft.file_name}",
                                 format_func=lambda c: column_label(draft, c))
        if len(columns) < 2:
            st.caption(t("importflow.id.two_columns"))
            return None
        return {"columns": list(columns)}
    return {"per_row": True}


def mapping_overview(draft: MappingDraft) -> None:
    """The mapping as proposed so far, the missing fields first and marked (what will not be available is said with
    the preview: the choice may change it)."""
    missing = [m.field for m in draft.missing]
    proposals = {p.field: p for p in draft.proposals}
    fields = [*missing, *(f for f in FIELDS[draft.kind] if f not in missing)]
    frame = pd.DataFrame({
        "label": [t(f"field.{f}") for f in fields],
        "column": [draft.mapping.get(f) or t("import.unmapped") for f in fields],
        "confidence": [t("importflow.confidence.needed") if f in missing else confidence_text(proposals.get(f))
                       for f in fields],
        "samples": [", ".join(proposals[f].samples) if f in proposals and proposals[f].applied else ""
                    for f in fields],
    })
    st.subheader(t("import.mapping"), anchor=False, help=t("import.mapping_help"))
    st.dataframe(frame, hide_index=True, width="stretch", key=f"import.mapping_overview.{draft.file_name}",
                 column_config={"label": st.column_config.TextColumn(t("import.field")),
                                "column": st.column_config.TextColumn(t("import.column")),
                                "confidence": st.column_config.TextColumn(t("importflow.confidence")),
                                "samples": st.column_config.TextColumn(t("importflow.samples"))})


def plan_kpi_choice(result) -> dict[str, str]:
    """Which KPI a targets sheet's amounts are, when no column says it: the mapping's change, if any."""
    current = result.mapping.get("kpi", "=revenue")
    if not current.startswith("="):
        return {}
    choice = st.selectbox(t("import.plan.kpi"), PLAN_KPIS, index=PLAN_KPIS.index(current[1:]),
                          key=f"import.plan_kpi.{result.file_name}", help=t("import.plan.kpi_help"),
                          format_func=lambda kpi: get_kpi(kpi).label(t.lang))
    return {"kpi": f"={choice}"} if choice != current[1:] else {}


def plan_preview(plan: dict) -> None:
    """The months a targets sheet covers, each with its total target and its number of lines."""
    months = pd.DataFrame(plan["months"])
    frame = pd.DataFrame({"month": [t.month(pd.Timestamp(m)) for m in months["month"]], "total": months["total"],
                          "values": months["values"]})
    st.subheader(t("import.plan.months"), anchor=False)
    ui.dataframe(frame, key="import.plan_months", column_config={
        "month": st.column_config.TextColumn(t("import.plan.month")),
        "total": ui.exact_number_column(t("import.plan.total")),
        "values": ui.count_column(t("import.plan.values"))})


def show_result(result) -> None:
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
    currencies_found(result)
    if result.plan and result.plan["months"]:
        plan_preview(result.plan)
    if result.sample:
        sample_table(result.kind, pd.DataFrame(result.sample))
    rejects_table(result.rejects, "import.rejects")


SAMPLE_NUMBERS = ("amount", "value", "target_input", "rate")
SAMPLE_DATES = ("created_on", "close_on", "qualified_on", "converted_on", "period", "start_on", "deadline", "rate_on")


def sample_table(kind: str, sample: pd.DataFrame) -> None:
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


def rejects_table(rejects, key: str) -> None:
    if not len(rejects):
        return
    # Reasons worded before pandas stores them as plain strings (the first 10,000 rejects at most).
    frame = pd.DataFrame([{**reject, "reason": in_language(reject["reason"], t)} for reject in rejects],
                         columns=["line", "column", "value", "reason"])
    st.subheader(t("import.rejects"), anchor=False)
    labels = {c: t(f"reject.{c}") for c in frame.columns}
    ui.table_block(t, frame.rename(columns=labels), key,
                   column_config={labels["line"]: ui.count_column(labels["line"])})


def stage_editor(result) -> None:
    """The stages of each pipeline of the file, as the import leaves them (the new ones guessed from the file), one
    editor per pipeline. Saving one changes its stage map at once (and the deals its stages decided), and the
    preview is made again with it."""
    for entry in result.pipelines:
        pipeline, stages = entry["pipeline"], pd.DataFrame(entry["stages"])
        if stages.empty:
            continue
        title = t("figures.stages.pipeline", pipeline=ui.plain(pipeline)) if pipeline else t("import.stages")
        key = f"{result.source}.{pipeline}"
        with st.expander(title):
            st.caption(t("importflow.stages_help", crm=ui.plain(ui.profile_name(t, result.source)),
                         file=ui.plain(result.file_name)))
            if stages["new"].any():
                st.caption(t("figures.stages.guessed"))
            # Probabilities are edited in whole percents, written with the language's percent sign (the browser's
            # own "percent" format would follow the browser's locale, not the page's).
            shown = stages[["stage", "status", "funnel_order", "probability", "deals"]].assign(
                probability=(pd.to_numeric(stages["probability"]) * 100).round().astype("Int64"))
            edited = st.data_editor(
                shown, key=f"import.stages.{key}", hide_index=True, width="stretch", disabled=["stage", "deals"],
                column_config={
                    "stage": st.column_config.TextColumn(t("import.stage")),
                    "status": st.column_config.SelectboxColumn(t("import.status"), options=["open", "won", "lost"],
                                                               required=True, format_func=lambda s: t(f"status.{s}")),
                    "funnel_order": st.column_config.NumberColumn(t("import.order"), min_value=1, step=1, format="%d"),
                    "probability": st.column_config.NumberColumn(t("import.probability"), format=t("format.share"),
                                                                 min_value=0, max_value=100, step=1),
                    "deals": st.column_config.NumberColumn(t("figures.stages.deals"), format="%d"),
                },
            )
            if st.button(t("import.save_stages"), key=f"import.save_stages.{key}"):
                rows = [(r.stage, r.status, int(r.funnel_order) if pd.notna(r.funnel_order) else None,
                         float(r.probability) / 100 if pd.notna(r.probability) else None)
                        for r in edited.itertuples()]
                changed = save_stage_map(store, result.source, rows, pipeline=pipeline, actor=ui.viewer())
                ui.clear_data_caches()
                st.session_state.pop(PREVIEW_KEY, None)
                st.session_state[STAGES_SAVED_KEY] = t("figures.stages.saved", count=t.number(changed))
                st.rerun()
    saved = st.session_state.pop(STAGES_SAVED_KEY, None)
    if saved:
        st.success(saved, icon=":material/check:")


def preview(upload, options: ImportOptions):
    """The file checked without writing anything; None when a question or an error is shown instead (below the
    check's status, not folded inside it)."""
    problem = None
    with st.status(t("import.checking"), expanded=False) as status:
        bar = st.progress(0.0)
        try:
            result = import_upload(upload, replace(options, dry_run=True), progress_reporter(bar))
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
        decimal_question(problem)
    elif isinstance(problem, MappingNeededError):
        missing_screen(problem.draft)
    else:
        st.error(ui.plain(in_language(problem, t)), icon=":material/error:")
    return None


def decimal_question(problem: AmbiguousDecimalError) -> None:
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


def kept_answer(name: str, question: str) -> str | None:
    """The answer to a question about this file's values (``date_order``, ``decimal``): its radio keeps it only
    while it is shown, and the preview that follows the answer no longer shows it, nor does the import after it."""
    answers = st.session_state.setdefault(ANSWERS_KEY, {}).setdefault(name, {})
    chosen = st.session_state.get(f"import.{question}")
    if chosen is not None:
        answers[question] = chosen
    return answers.get(question)


def forget_answers(name: str) -> None:
    """A new preview: the widgets that show its mapping start again from it (the mapping editor, the status of all
    rows and the won question all say what the status is; a stale one would undo another's answer)."""
    for key in (f"import.mapping_editor.{name}", f"import.all_status.{name}", f"import.won.{name}",
                f"import.currency.{name}"):
        st.session_state.pop(key, None)


def done_message(upload) -> None:
    """The last import's success message, while its file is the one chosen (a new file clears it)."""
    done = st.session_state.get(DONE_KEY)
    if done is None:
        return
    if upload is None or done[0] != upload.file_id:
        st.session_state.pop(DONE_KEY, None)
        return
    st.success(done[1], icon=":material/check:")
    ui.show_period_button(t, done[2], "import.show_period.previous")


def done_text(done) -> str:
    message = t("import.done", id=done.import_id, inserted=t.number(done.inserted), updated=t.number(done.updated),
                unchanged=t.number(done.unchanged), rejected=t.number(done.rejected))
    if done.covers:
        message += " " + t("importflow.covers", start=t.date(done.covers[0]), end=t.date(done.covers[1]))
    return message


def history_summary(result) -> None:
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


LEAD_STATUS_FLASH = "import.lead_statuses.saved"


def lead_status_editor(result) -> None:
    """How the file's lead statuses count (qualified, converted), the unrecognised ones first and named, editable:
    saving re-derives the stored leads of the source and checks the file again."""
    summary = result.lead_statuses
    if summary is None or not summary.statuses:
        return
    flash = st.session_state.pop(LEAD_STATUS_FLASH, None)
    if flash:
        st.success(flash, icon=":material/check:")
    st.caption(t("leadstatus.counts", leads=t.number(summary.leads), qualified=t.number(summary.qualified),
                 converted=t.number(summary.converted)))
    unknown = summary.unrecognised
    if unknown:
        listed = ", ".join(f"{s.status} ({t.number(s.leads)})" for s in unknown)
        st.warning(t("leadstatus.unrecognised", count=t.number(len(unknown)), statuses=ui.plain(listed)),
                   icon=":material/help:")
    statuses = sorted(summary.statuses, key=lambda s: s.decided_by != "unknown")
    frame = pd.DataFrame({"status": [s.status for s in statuses], "leads": [s.leads for s in statuses],
                          "qualified": [s.qualified for s in statuses], "converted": [s.converted for s in statuses],
                          "decided_by": [s.decided_by for s in statuses]})
    with st.expander(t("leadstatus.title"), expanded=bool(unknown)):
        st.caption(t("leadstatus.help", source=ui.plain(ui.profile_name(t, result.source)
                                                        if result.source in PROFILES else result.source)))
        edited = st.data_editor(
            frame, key=f"import.lead_statuses.{result.source}", hide_index=True, width="stretch",
            disabled=["status", "leads", "decided_by"],
            column_config={
                "status": st.column_config.TextColumn(t("leadstatus.status")),
                "leads": ui.count_column(t("leadstatus.leads")),
                "qualified": st.column_config.CheckboxColumn(t("leadstatus.qualified")),
                "converted": st.column_config.CheckboxColumn(t("leadstatus.converted")),
                "decided_by": st.column_config.SelectboxColumn(
                    t("leadstatus.decided_by"), options=["standard", "user", "unknown"],
                    format_func=lambda d: t(f"leadstatus.decided.{d}")),
            },
        )
        if st.button(t("leadstatus.save"), key=f"import.save_lead_statuses.{result.source}"):
            changed = (edited["qualified"] != frame["qualified"]) | (edited["converted"] != frame["converted"])
            decided = edited[changed | (edited["decided_by"] == "unknown")]
            now = save_lead_status_map(store, result.source, [(r.status, bool(r.qualified), bool(r.converted))
                                                              for r in decided.itertuples()], actor=ui.viewer())
            ui.clear_data_caches()
            st.session_state[LEAD_STATUS_FLASH] = t(
                "leadstatus.saved", leads=t.number(now.leads), qualified=t.number(now.qualified),
                converted=t.number(now.converted))
            st.session_state.pop(PREVIEW_KEY, None)
            st.rerun()


def currency_name(code: str) -> str:
    """A currency in a choice: its code and its name in the reader's language (PLN — Polish Zloty)."""
    return t("currency.option", code=code, name=t.currency_name(code))


def currency_options(first: str) -> list[str]:
    return list(dict.fromkeys([first, *COMMON_CODES, *sorted(ISO_CODES)]))


def currencies_found(result) -> None:
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


def currency_question(result, name: str) -> str | None:
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
                              index=options.index(current), key=f"import.currency.{name}", format_func=currency_name,
                              help=t("currency.question_help", source=ui.plain(ui.profile_name(t, result.source))))
    if choice != current:
        st.session_state.setdefault(CURRENCY_KEY, {})[name] = choice
        st.session_state.pop(PREVIEW_KEY, None)
        st.rerun()
    return choice


def reporting_currency_choice() -> None:
    """The reporting currency: every amount is shown and summed in it; changing it reformats every page."""
    reporting = ui.reporting_currency()
    options = currency_options(reporting)
    chosen = st.selectbox(t("currency.reporting"), options, index=0, key=f"import.reporting.{reporting}",
                          format_func=currency_name, help=t("currency.reporting_help"))
    if chosen != reporting:
        set_reporting_currency(store, chosen)
        ui.clear_data_caches()
        st.session_state[CURRENCY_FLASH] = t("currency.reporting_saved", currency=chosen)
        st.rerun()


RATE_EDITOR_COLUMNS = ["rate_on", "currency", "rate", "base"]


def rates_editor() -> None:
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
            count = save_rates(store, [RateRow(r.rate_on, r.currency, r.rate, r.base) for r in edited.itertuples()])
        except CurrencyError as error:
            st.error(error.in_language(t), icon=":material/error:")
            return
        ui.clear_data_caches()
        st.session_state[CURRENCY_FLASH] = t("currency.rates_saved", count=t.number(count))
        st.session_state.pop("import.rates_editor", None)
        st.rerun()


def currencies_section() -> None:
    """The reporting currency, the deals' currencies (and those no rate converts), each source's currency, and
    the exchange rates with their editor."""
    with st.expander(t("currency.section"), icon=":material/currency_exchange:"):
        flash = st.session_state.pop(CURRENCY_FLASH, None)
        if flash:
            st.success(flash, icon=":material/check:")
        reporting_currency_choice()
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
        rates_editor()


def render() -> None:
    import_flow()
    currencies_section()


def import_flow() -> None:
    upload = st.file_uploader(t("import.upload"), type=["csv", "tsv", "txt", "xlsx"], key="import.file",
                              help=t("import.upload_help"))
    chosen = options_form()
    as_of_question = st.container()
    done_message(upload)
    if upload is None:
        return
    name = original_name(upload.name)
    overrides = st.session_state.get(MAPPING_KEY, {}).get(name, {})
    ids = st.session_state.get(IDS_KEY, {}).get(name, {})
    date_order, decimal = (kept_answer(name, question) for question in ("date_order", "decimal"))
    currency = st.session_state.get(CURRENCY_KEY, {}).get(name)
    options = replace(chosen, mapping=dict(overrides), date_order=date_order, decimal=decimal,
                      id_columns=list(ids.get("columns", ())), id_per_row=bool(ids.get("per_row")),
                      default_currency=currency)
    key = (upload.file_id, options)
    cached = st.session_state.get(PREVIEW_KEY)
    if cached is None or cached[0] != key:
        result = preview(upload, options)
        if result is None:
            return
        st.session_state[PREVIEW_KEY] = (key, result)
        forget_answers(upload.name)
    result = st.session_state[PREVIEW_KEY][1]
    if result.kind == "deals" and result.observed_from == "today":
        as_of_question.warning(t("import.as_of_question", field=t("import.as_of")), icon=":material/help:")
    show_result(result)
    if result.kind == "history":
        history_summary(result)
    guesses(result)
    won_question(result)
    options = replace(options, default_currency=currency_question(result, name) or currency)
    unavailable_block(result.unavailable)
    mapping_editor(result)
    if result.kind in ("deals", "history"):
        stage_editor(result)
    if result.kind == "leads":
        lead_status_editor(result)
    if st.button(t("import.confirm"), type="primary", key="import.confirm", help=t("import.confirm_help"),
                 icon=":material/upload:"):
        with st.status(t("import.importing"), expanded=True) as status:
            bar = st.progress(0.0)
            try:
                done = import_upload(upload, options, progress_reporter(bar))
            except ImportFileError as error:
                status.update(label=t("import.unreadable"), state="error")
                st.error(ui.plain(in_language(error, t)), icon=":material/error:")
                return
            status.update(label=t("import.imported"), state="complete")
        ui.clear_data_caches()
        st.session_state.pop(PREVIEW_KEY, None)
        message = done_text(done)
        st.session_state[DONE_KEY] = (upload.file_id, message, done.covers)
        st.success(message, icon=":material/check:")
        ui.show_period_button(t, done.covers, "import.show_period")


ui.guarded(t, render)
