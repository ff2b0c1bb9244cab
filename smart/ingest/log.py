"""The import log: the imports made, each one's rejected rows in the reader's language, and undo."""

from __future__ import annotations

from typing import TYPE_CHECKING

from smart.access import LOCAL_ADMIN, MANAGE_DATA, User, require
from smart.i18n import Translator
from smart.ingest import rates as rt
from smart.ingest import targets as tg
from smart.ingest.errors import ENGLISH, ImportFileError, Said
from smart.ingest.reasons import reason_sql, reason_words
from smart.ingest.records import RECORD_VERSIONS
from smart.storage import RECORD_FIELDS, Store, row_hash_sql

if TYPE_CHECKING:
    import pandas as pd


class UndoError(ImportFileError):
    """An import that cannot be undone (yet): the message says why and what to do."""


def undo_import(store: Store, import_id: int, *, actor: User = LOCAL_ADMIN) -> dict[str, int]:
    """Restore what one import changed to its earlier state, delete what it inserted, mark it undone by ``actor``
    (an admin: AccessDeniedError otherwise)."""
    require(actor, MANAGE_DATA)
    row = store.rows("SELECT kind, file_name, undone_at FROM imports WHERE id = ?", [import_id])
    if not row:
        raise UndoError("ingest.undo.none", id=str(import_id))
    kind, file_name, undone_at = row[0]
    if undone_at is not None:
        raise UndoError("ingest.undo.done", id=str(import_id), file=file_name, when=f"{undone_at:%Y-%m-%d %H:%M}")
    blockers = store.rows(
        f"""SELECT v.import_id, i.file_name, count(*) FROM (
                SELECT import_id FROM deal_versions WHERE prev_import_id = $1 AND import_id <> $1
                UNION ALL SELECT import_id FROM lead_versions WHERE prev_import_id = $1 AND import_id <> $1
                UNION ALL SELECT import_id FROM kpi_versions WHERE prev_import_id = $1 AND import_id <> $1
                UNION ALL {tg.UNDO_BLOCKERS_SQL}
                UNION ALL {rt.UNDO_BLOCKERS_SQL}
            ) v JOIN imports i ON i.id = v.import_id WHERE i.undone_at IS NULL
            GROUP BY ALL ORDER BY v.import_id DESC""",
        [import_id],
    )
    if blockers:
        later = [Said("ingest.undo.blocker", id=str(b[0]), file=b[1], count=b[2]) for b in blockers[:5]]
        raise UndoError("ingest.undo.blocked", id=str(import_id), file=file_name, later=later)
    counts: dict[str, int] = {}
    with store.transaction() as tx:
        for table, versions in RECORD_VERSIONS.items():
            fields = tuple(RECORD_FIELDS[table])
            counts[f"{table}_deleted"] = tx.execute(
                f"""DELETE FROM {table} t WHERE import_id = ? AND NOT EXISTS (SELECT 1 FROM {versions} v
                    WHERE v.import_id = t.import_id AND v.source = t.source AND v.crm_id = t.crm_id)""",
                [import_id]).fetchall()[0][0]
            sets = ", ".join(f"{f} = v.{f}" for f in fields)
            counts[f"{table}_restored"] = tx.execute(
                f"""UPDATE {table} t SET {sets}, row_hash = {row_hash_sql(table, 'v')}, import_id = v.prev_import_id,
                    updated_at = v.updated_at
                    FROM {versions} v WHERE v.import_id = ? AND v.op = 'update' AND t.source = v.source
                    AND t.crm_id = v.crm_id""", [import_id]).fetchall()[0][0]
            tx.execute(f"DELETE FROM {versions} WHERE import_id = ?", [import_id])
        tx.execute("DELETE FROM deal_snapshots WHERE import_id = ?", [import_id])
        if kind == "history":
            counts["history_deleted"] = tx.execute("DELETE FROM deal_changes WHERE import_id = ?",
                                                   [import_id]).fetchall()[0][0]
        tx.execute("""DELETE FROM kpi_history t WHERE import_id = ? AND NOT EXISTS (SELECT 1 FROM kpi_versions v
            WHERE v.import_id = t.import_id AND v.kpi = t.kpi AND v.period = t.period AND v.grain = t.grain
            AND v.scope = t.scope AND v.source = t.source)""", [import_id])
        tx.execute("""UPDATE kpi_history t SET value = v.value, import_id = v.prev_import_id FROM kpi_versions v
            WHERE v.import_id = ? AND t.kpi = v.kpi AND t.period = v.period AND t.grain = v.grain
            AND t.scope = v.scope AND t.source = v.source""", [import_id])
        tx.execute("DELETE FROM kpi_versions WHERE import_id = ?", [import_id])
        tg.undo_plan(tx, import_id)
        if kind == "rates":
            counts["rates_deleted"] = rt.undo_rates(tx, import_id)
        cols = ("title", "kpi", "scope_type", "scope_value", "direction", "target_mode", "target_input", "statistic",
                "grain", "start_on", "deadline", "owner", "theme")
        tx.execute(f"""UPDATE objectives SET {', '.join(f'{c} = v.{c}' for c in cols)}, import_id = NULL
            FROM objective_versions v WHERE v.import_id = ? AND objectives.id = v.objective_id""", [import_id])
        inserted = "SELECT id FROM objectives WHERE import_id = ?"
        for table in ("actions", "objective_revisions", "review_notes"):
            tx.execute(f"DELETE FROM {table} WHERE objective_id IN ({inserted})", [import_id])
        tx.execute("DELETE FROM objectives WHERE import_id = ?", [import_id])
        tx.execute("DELETE FROM objective_versions WHERE import_id = ?", [import_id])
        tx.execute("""UPDATE reps SET display_name = v.display_name, team = v.team FROM rep_versions v
            WHERE v.import_id = ? AND v.op = 'update' AND reps.owner = v.owner""", [import_id])
        tx.execute("""DELETE FROM reps WHERE owner IN (SELECT owner FROM rep_versions WHERE import_id = ?
                AND op = 'insert')
            AND owner NOT IN (SELECT owner FROM deals WHERE owner IS NOT NULL
                UNION SELECT owner FROM leads WHERE owner IS NOT NULL)""", [import_id])
        tx.execute("DELETE FROM rep_versions WHERE import_id = ?", [import_id])
        tx.execute("UPDATE imports SET undone_at = current_timestamp, undone_by = ? WHERE id = ?",
                   [actor.email, import_id])
    return counts


def list_imports(store: Store) -> pd.DataFrame:
    """The import log, newest first, with who imported and who undid each file."""
    return store.df(
        """SELECT id, file_name, kind, profile, source, rows, inserted, updated, unchanged, rejected, started_at,
            finished_at, undone_at, sha256, encoding, delimiter, stored_path, is_demo, imported_by, undone_by
        FROM imports ORDER BY id DESC"""
    )


def import_rejects(store: Store, import_id: int, t: Translator = ENGLISH) -> pd.DataFrame:
    """An import's rejected rows, their reasons in ``t``'s language."""
    return store.df(
        f"""SELECT line, column_name AS column, value,
            coalesce({reason_sql(reason_words(t), 'reason_key', 'reason_lines')}, reason) AS reason
        FROM import_rejects WHERE import_id = ? ORDER BY line""",
        [import_id],
    )
