"""Import: upload a CRM export, check the preview (detection, mapping, counts, rejects), then import it."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

import ui
from smart.ingest import (
    KINDS,
    PROFILES,
    AmbiguousDatesError,
    ImportFileError,
    import_file,
    in_language,
    load_stage_map,
    save_lead_status_map,
    save_stage_map,
)
from smart.ingest.profiles import FIELDS

ui.require_frame()
t = ui.translator()
ui.page_header(t, "import")
store = ui.get_store()
PREVIEW_KEY = "import.preview"
MAPPING_KEY = "import.mapping"
ALL_STATUS = ("file", "won", "lost", "open")


def saved_upload(upload) -> Path:
    """The uploaded bytes in a private temporary file named like the upload (the importer keeps the original),
    written once per upload: every rerun of the page finds it by the upload's id instead of hashing the bytes."""
    folder = Path(tempfile.gettempdir()) / "smart-uploads" / "".join(c for c in upload.file_id if c.isalnum())
    path = folder / Path(upload.name).name
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        path.write_bytes(upload.getvalue())
    return path


def progress_reporter(bar):
    def report(stage: str, fraction: float) -> None:
        bar.progress(min(max(fraction, 0.0), 1.0), text=t(f"import.stage.{stage}"))
    return report


def options_form() -> dict:
    columns = st.columns(4)
    kind = columns[0].selectbox(t("import.kind"), ("auto", *KINDS), key="import.kind",
                                format_func=lambda k: t(f"import.kind.{k}"))
    profile = columns[1].selectbox(t("import.profile"), ("auto", *PROFILES), key="import.profile",
                                   format_func=lambda p: ui.profile_name(t, p))
    as_of = columns[2].date_input(t("import.as_of"), value=None, key="import.as_of", help=t("import.as_of_help"),
                                  format="DD/MM/YYYY" if t.lang == "fr" else "YYYY-MM-DD")
    sheet = columns[3].text_input(t("import.sheet"), key="import.sheet") or None
    return {"kind": kind, "profile": profile, "observed_on": as_of, "sheet": sheet}


# The mapping editor's value for a field no column feeds: an empty cell would read "None" (a header that is
# exactly this dash can still be mapped with the CLI's --map).
NOT_MAPPED = "\u2014"


def mapping_editor(result) -> None:
    fields = [f for f in FIELDS[result.kind] if not (result.kind == "deals" and f == "status" and
                                                      result.mapping.get(f, "").startswith("="))]
    mapped = {f: "" if result.mapping.get(f, "").startswith("=") else result.mapping.get(f, "") for f in fields}
    frame = pd.DataFrame({"field": fields, "label": [t(f"field.{f}") for f in fields],
                          "column": [mapped[f] or NOT_MAPPED for f in fields]})
    st.subheader(t("import.mapping"), anchor=False, help=t("import.mapping_help"))
    edited = st.data_editor(
        frame, key=f"import.mapping_editor.{result.file_name}", hide_index=True, width="stretch",
        disabled=["field", "label"], column_order=("label", "column"),
        column_config={
            "label": st.column_config.TextColumn(t("import.field")),
            "column": st.column_config.SelectboxColumn(
                t("import.column"), options=[NOT_MAPPED, *result.headers], required=True,
                format_func=lambda column: t("import.unmapped") if column == NOT_MAPPED else column),
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
    if changes:
        saved = st.session_state.setdefault(MAPPING_KEY, {}).setdefault(result.file_name, {})
        saved.update(changes)
        st.session_state.pop(PREVIEW_KEY, None)
        st.rerun()


def show_result(result) -> None:
    st.caption(t("import.detected", kind=t(f"import.kind.{result.kind}"), profile=ui.profile_name(t, result.profile),
                 encoding=result.encoding, delimiter=t.get(f"import.delimiter.{result.delimiter}", result.delimiter),
                 line=result.header_line))
    with st.container(horizontal=True):
        st.metric(t("import.rows"), t.number(result.rows), border=True)
        st.metric(t("import.new"), t.number(result.inserted), border=True)
        st.metric(t("import.updated"), t.number(result.updated), border=True)
        st.metric(t("import.unchanged"), t.number(result.unchanged), border=True)
        st.metric(t("import.rejected"), t.number(result.rejected), border=True)
    for note in result.notes:
        st.info(in_language(note, t), icon=":material/info:")
    if result.new_stages:
        st.info(t("import.new_stages", stages=", ".join(result.new_stages)), icon=":material/info:")
    if result.sample:
        sample_table(result.kind, pd.DataFrame(result.sample))
    rejects_table(result.rejects, "import.rejects")


SAMPLE_NUMBERS = ("amount", "value", "target_input")
SAMPLE_DATES = ("created_on", "close_on", "qualified_on", "converted_on", "period", "start_on", "deadline")


def sample_table(kind: str, sample: pd.DataFrame) -> None:
    """The first rows as they will be stored, each with its verdict first, in the reader's language; the fields
    none of them has (unmapped ones, mostly: the mapping below shows them) are left out of the way."""
    sample = sample.assign(change=sample["change"].map(lambda change: t(f"import.verdict.{change}")))
    sample = sample[["change", *(c for c in sample.columns if c != "change" and sample[c].notna().any())]]
    if kind == "deals":
        sample = sample.assign(status=sample["status"].map(lambda status: t(f"status.{status}")))
    config = {}
    for column in sample.columns:
        label = t(f"field.{column}")
        if column in SAMPLE_NUMBERS:
            config[column] = st.column_config.NumberColumn(label, format="localized")
        elif column in SAMPLE_DATES:
            config[column] = st.column_config.DateColumn(label, format="localized")
        elif column == "is_converted":
            config[column] = st.column_config.CheckboxColumn(label)
        else:
            config[column] = st.column_config.TextColumn(label)
    st.subheader(t("import.sample"), anchor=False)
    st.dataframe(sample, hide_index=True, width="stretch", key="import.sample", column_config=config)


def rejects_table(rejects, key: str) -> None:
    if not len(rejects):
        return
    # Reasons worded before pandas stores them as plain strings (the first 10,000 rejects at most).
    frame = pd.DataFrame([{**reject, "reason": in_language(reject["reason"], t)} for reject in rejects],
                         columns=["line", "column", "value", "reason"])
    st.subheader(t("import.rejects"), anchor=False)
    ui.table_block(t, frame.rename(columns={c: t(f"reject.{c}") for c in frame.columns}), key)


def stage_editor(source: str) -> None:
    stages = load_stage_map(store, source)
    if stages.empty:
        return
    with st.expander(t("import.stages")):
        st.caption(t("import.stages_help", source=source))
        edited = st.data_editor(
            stages[["raw_stage", "status", "funnel_order", "probability"]], key=f"import.stages.{source}",
            hide_index=True, width="stretch", disabled=["raw_stage"],
            column_config={
                "raw_stage": st.column_config.TextColumn(t("import.stage")),
                "status": st.column_config.SelectboxColumn(t("import.status"), options=["open", "won", "lost"],
                                                           required=True, format_func=lambda s: t(f"status.{s}")),
                "funnel_order": st.column_config.NumberColumn(t("import.order"), min_value=1, step=1),
                "probability": st.column_config.NumberColumn(t("import.probability"), format="percent", min_value=0.0,
                                                             max_value=1.0),
            },
        )
        if st.button(t("import.save_stages"), key=f"import.save_stages.{source}"):
            rows = [(r.raw_stage, r.status, int(r.funnel_order) if pd.notna(r.funnel_order) else None,
                     float(r.probability) if pd.notna(r.probability) else None) for r in edited.itertuples()]
            save_stage_map(store, source, rows)
            ui.clear_data_caches()
            st.success(t("import.stages_saved"))


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
                                                              for r in decided.itertuples()])
            ui.clear_data_caches()
            st.session_state[LEAD_STATUS_FLASH] = t(
                "leadstatus.saved", leads=t.number(now.leads), qualified=t.number(now.qualified),
                converted=t.number(now.converted))
            st.session_state.pop(PREVIEW_KEY, None)
            st.rerun()


def render() -> None:
    upload = st.file_uploader(t("import.upload"), type=["csv", "tsv", "txt", "xlsx"], key="import.file",
                              help=t("import.upload_help"))
    options = options_form()
    done_message = st.session_state.pop("import.done", None)
    if done_message:
        st.success(done_message, icon=":material/check:")
    if upload is None:
        return
    path = saved_upload(upload)
    overrides = st.session_state.get(MAPPING_KEY, {}).get(upload.name, {})
    date_order = st.session_state.get("import.date_order")
    key = (upload.file_id, tuple(sorted(options.items(), key=lambda i: i[0])), tuple(sorted(overrides.items())),
           date_order)
    kwargs = dict(options, mapping=overrides, date_order=date_order, display_name=upload.name)
    cached = st.session_state.get(PREVIEW_KEY)
    if cached is None or cached[0] != key:
        with st.status(t("import.checking"), expanded=False) as status:
            bar = st.progress(0.0)
            try:
                result = import_file(store, path, dry_run=True, progress=progress_reporter(bar), **kwargs)
            except AmbiguousDatesError as error:
                status.update(label=t("import.checked_question"), state="error")
                st.warning(t("import.ambiguous", columns=", ".join(error.columns)), icon=":material/help:")
                st.radio(t("import.date_order"), ("dmy", "mdy"), key="import.date_order", index=None,
                         format_func=lambda o: t(f"import.{o}"), horizontal=True)
                return
            except ImportFileError as error:
                status.update(label=t("import.unreadable"), state="error")
                st.error(in_language(error, t), icon=":material/error:")
                return
            status.update(label=t("import.checked"), state="complete")
        st.session_state[PREVIEW_KEY] = (key, result)
    result = st.session_state[PREVIEW_KEY][1]
    show_result(result)
    if result.kind == "history":
        history_summary(result)
    mapping_editor(result)
    if result.kind in ("deals", "history"):
        stage_editor(result.source)
    if result.kind == "leads":
        lead_status_editor(result)
    if st.button(t("import.confirm"), type="primary", key="import.confirm", help=t("import.confirm_help"),
                 icon=":material/upload:"):
        with st.status(t("import.importing"), expanded=True) as status:
            bar = st.progress(0.0)
            try:
                done = import_file(store, path, progress=progress_reporter(bar), **kwargs)
            except ImportFileError as error:
                status.update(label=t("import.unreadable"), state="error")
                st.error(in_language(error, t), icon=":material/error:")
                return
            status.update(label=t("import.imported"), state="complete")
        ui.clear_data_caches()
        st.session_state.pop(PREVIEW_KEY, None)
        message = t("import.done", id=done.import_id, inserted=done.inserted, updated=done.updated,
                    unchanged=done.unchanged, rejected=done.rejected)
        st.session_state["import.done"] = message
        st.success(message, icon=":material/check:")


ui.guarded(t, render)
