"""Import: upload a CRM export, check the preview (detection, mapping, counts, rejects), then import it."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

import ui
from smart.analytics import get_kpi
from smart.analytics.catalogue import PLAN_KPIS
from smart.ingest import (
    KINDS,
    PROFILES,
    AmbiguousDatesError,
    ImportFileError,
    import_file,
    in_language,
    load_stage_map,
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
    constants = {"deals": "status", "plan": "kpi"}  # set by a choice below the table when constant
    fields = [f for f in FIELDS[result.kind] if not (f == constants.get(result.kind) and
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
    if result.kind == "plan":
        changes |= plan_kpi_choice(result)
    if changes:
        saved = st.session_state.setdefault(MAPPING_KEY, {}).setdefault(result.file_name, {})
        saved.update(changes)
        st.session_state.pop(PREVIEW_KEY, None)
        st.rerun()


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
    st.dataframe(frame, hide_index=True, width="stretch", key="import.plan_months", column_config={
        "month": st.column_config.TextColumn(t("import.plan.month")),
        "total": st.column_config.NumberColumn(t("import.plan.total"), format="localized"),
        "values": ui.count_column(t("import.plan.values"))})


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
    if result.plan and result.plan["months"]:
        plan_preview(result.plan)
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
    if kind == "plan":
        sample = sample.assign(kpi=sample["kpi"].map(lambda kpi: get_kpi(kpi).label(t.lang)),
                               dimension=sample["dimension"].map(lambda d: t(f"plan.dimension.{d}")))
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
    mapping_editor(result)
    if result.kind == "deals":
        stage_editor(result.source)
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
