"""Import log: every import with its file, hash, kind, layout, counts and who imported (and undid) it; its rejected
rows; undo."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import ui
from smart.access import MANAGE_DATA
from smart.ingest import ImportFileError, import_rejects, in_language, list_imports, undo_import

ui.require_frame()
t = ui.translator()
ui.page_header(t, "import_log")
ui.require_permission(t, MANAGE_DATA)
store = ui.get_store()
TABLE_KEY = "import_log.table"
COLUMNS = ("id", "file_name", "kind", "profile", "source", "rows", "inserted", "updated", "unchanged", "rejected",
           "started_at", "imported_by", "undone_at", "undone_by", "sha256")
LABELS = {"id": "import_log.id", "file_name": "import_log.file", "kind": "import_log.kind",
          "profile": "import_log.profile", "source": "import_log.source", "rows": "import.rows",
          "inserted": "import.new", "updated": "import.updated", "unchanged": "import.unchanged",
          "rejected": "import.rejected", "started_at": "import_log.started_at", "undone_at": "import_log.undone_at",
          "sha256": "import_log.sha256", "imported_by": "import_log.imported_by", "undone_by": "import_log.undone_by"}


def confirm_undo(import_id: int, file_name: str) -> None:
    def undo() -> bool:
        try:
            undo_import(store, import_id, actor=ui.viewer())
        except ImportFileError as error:
            st.error(ui.plain(in_language(error, t)), icon=":material/error:")
            return False
        ui.clear_data_caches()
        st.session_state["import_log.flash"] = t("import_log.undone", id=import_id)
        return True

    ui.confirm(t, t("import_log.undo"), t("import_log.undo_confirm", id=import_id, file=ui.plain(file_name)),
               "import_log.undo", undo, confirm_label=t("importflow.undo.confirm"),
               cancel_label=t("importflow.undo.keep"))


def render() -> None:
    flash = st.session_state.pop("import_log.flash", None)
    if flash:
        st.success(flash, icon=":material/check:")
    log = list_imports(store)
    if log.empty:
        st.info(t("import_log.empty"), icon=":material/history:")
        st.page_link("pages/import.py", label=t("nav.import"), icon=":material/upload_file:")
        return
    frame = log[list(COLUMNS)].assign(kind=log["kind"].map(lambda k: t(f"import.kind.{k}")),
                                      profile=log["profile"].map(lambda p: ui.profile_name(t, p)),
                                      imported_by=log["imported_by"].map(lambda who: ui.who(t, who)),
                                      undone_by=[ui.who(t, who) if pd.notna(when) else ""
                                                 for who, when in zip(log["undone_by"], log["undone_at"], strict=True)])
    labels = {c: t(key) for c, key in LABELS.items()}
    config = {c: st.column_config.TextColumn(label) for c, label in labels.items()}
    config["id"] = st.column_config.NumberColumn(labels["id"], format="%d")
    for column in ("rows", "inserted", "updated", "unchanged", "rejected"):
        config[column] = ui.count_column(labels[column])
    for column in ("started_at", "undone_at"):
        config[column] = ui.date_column(labels[column], with_time=True)
    st.caption(t("import_log.pick"))
    event = ui.table_block(t, frame, TABLE_KEY, column_config=config, export=frame.rename(columns=labels),
                           on_select="rerun")
    row = ui.selected_row(event)
    if row is None:
        return
    chosen = log.iloc[row]
    import_id, file_name = int(chosen["id"]), str(chosen["file_name"])
    with st.container(border=True):
        st.subheader(t("import_log.selected", id=import_id, file=ui.plain(file_name)), anchor=False)
        rejects = import_rejects(store, import_id, t)
        if rejects.empty:
            st.caption(t("import_log.no_rejects"))
        else:
            labels = {c: t(f"reject.{c}") for c in rejects.columns}
            ui.table_block(t, rejects.rename(columns=labels), f"import_log.rejects.{import_id}",
                           column_config={labels["line"]: ui.count_column(labels["line"])})
        if pd.notna(chosen["undone_at"]):
            st.caption(t("import_log.already_undone"))
        elif st.button(t("import_log.undo"), key="import_log.undo", icon=":material/undo:"):
            confirm_undo(import_id, file_name)


ui.guarded(t, render)
