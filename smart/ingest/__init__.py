"""Files to canonical tables.

This first version reads the demo company's own export format (French headers, ``;``, decimal comma,
dd/mm/yyyy dates); the importer issue replaces it with the full importer behind the same ``import_file``.
Everything is set-based SQL in DuckDB inside one transaction per import.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from smart.storage import Store

KINDS = ("deals", "leads", "kpi", "objectives")


class ImportError_(ValueError):
    """A problem with a whole file: nothing was written."""


@dataclass
class ImportResult:
    import_id: int
    kind: str
    rows: int
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    rejects: list[dict[str, object]] = field(default_factory=list)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


_FRENCH_DATE = "try_strptime(nullif(trim({col}), ''), '%d/%m/%Y')::DATE"
_FRENCH_NUMBER = "try_cast(replace(replace(nullif(trim({col}), ''), ' ', ''), ',', '.') AS DOUBLE)"
_TEXT = "nullif(trim({col}), '')"


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _expr(template: str, column: str) -> str:
    return template.format(col=_q(column))


def _stage_deals(source: str) -> str:
    status = f"CASE {_q('Statut')} WHEN 'Gagné' THEN 'won' WHEN 'Perdu' THEN 'lost' ELSE 'open' END"
    return f"""
        SELECT '{source}' AS source, {_expr(_TEXT, 'ID affaire')} AS crm_id,
               {_expr(_TEXT, "Nom de l'affaire")} AS title, {_expr(_TEXT, 'Société')} AS account,
               {_expr(_TEXT, 'Commercial')} AS owner, {_expr(_TEXT, 'Équipe')} AS team,
               {_expr(_TEXT, 'Pipeline')} AS pipeline, {_expr(_TEXT, 'Étape')} AS stage, {status} AS status,
               {_expr(_FRENCH_NUMBER, 'Montant HT')} AS amount, 'EUR' AS currency,
               {_expr(_FRENCH_DATE, 'Date de création')} AS created_on,
               {_expr(_FRENCH_DATE, 'Date de clôture')} AS close_on,
               {_expr(_TEXT, 'Origine')} AS lead_source, {_expr(_TEXT, 'Type')} AS deal_type,
               {_expr(_TEXT, 'Motif de gain')} AS won_reason, {_expr(_TEXT, 'Motif de perte')} AS lost_reason
        FROM raw"""


_DEAL_FIELDS = ("title", "account", "owner", "pipeline", "stage", "status", "amount", "currency", "created_on",
                "close_on", "lead_source", "deal_type", "won_reason", "lost_reason")
_LEAD_FIELDS = ("name", "company", "owner", "lead_source", "status", "created_on", "qualified_on", "converted_on",
                "is_converted")


def _upsert(tx, table: str, fields: tuple[str, ...], import_id: int) -> tuple[int, int, int]:
    """Insert new records, update changed ones, leave the rest; return (inserted, updated, unchanged)."""
    differs = " OR ".join(f"s.{f} IS DISTINCT FROM t.{f}" for f in fields)
    tx.execute(f"""
        CREATE OR REPLACE TEMP TABLE classified AS
        SELECT s.*, CASE WHEN t.crm_id IS NULL THEN 'new' WHEN {differs} THEN 'changed' ELSE 'same' END AS change
        FROM staged s LEFT JOIN {table} t USING (source, crm_id)""")
    counts = dict(tx.execute("SELECT change, count(*) FROM classified GROUP BY change").fetchall())
    columns = ", ".join(("source", "crm_id", *fields))
    tx.execute(f"""
        INSERT OR REPLACE INTO {table} ({columns}, import_id, updated_at)
        SELECT {columns}, ?, current_timestamp FROM classified WHERE change <> 'same'""", [import_id])
    return counts.get("new", 0), counts.get("changed", 0), counts.get("same", 0)


def import_file(
    store: Store,
    path: str | Path,
    *,
    kind: str,
    source: str,
    is_demo: bool = False,
    observed_on: dt.date | None = None,
) -> ImportResult:
    """Import one demo-format export as one transaction and log it in ``imports``."""
    path = Path(path)
    if kind not in KINDS:
        raise ImportError_(f"{path.name}: unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
    observed_on = observed_on or _date_in_name(path) or dt.date.today()
    with store.transaction() as tx:
        import_id = tx.execute(
            "INSERT INTO imports (file_name, sha256, kind, profile, source, encoding, delimiter, started_at, is_demo)"
            " VALUES (?, ?, ?, 'demo', ?, 'utf-8', ?, current_timestamp, ?) RETURNING id",
            [path.name, _sha256(path), kind, source, "," if kind == "objectives" else ";", is_demo],
        ).fetchall()[0][0]
        delimiter = "," if kind == "objectives" else ";"
        tx.execute(
            f"CREATE OR REPLACE TEMP TABLE raw AS SELECT * FROM read_csv(?, delim='{delimiter}', header=true, "
            "all_varchar=true, encoding='utf-8')",
            [str(path)],
        )
        rows = tx.execute("SELECT count(*) FROM raw").fetchall()[0][0]
        result = ImportResult(import_id, kind, rows)
        if kind == "deals":
            tx.execute(f"CREATE OR REPLACE TEMP TABLE staged AS {_stage_deals(source)}")
            tx.execute(
                "INSERT OR REPLACE INTO reps (owner, display_name, team) "
                "SELECT owner, owner, any_value(team) FROM staged WHERE owner IS NOT NULL GROUP BY owner"
            )
            result.inserted, result.updated, result.unchanged = _upsert(tx, "deals", _DEAL_FIELDS, import_id)
            tx.execute(
                "INSERT INTO deal_snapshots SELECT source, crm_id, ?, ?, stage, status, amount, close_on "
                "FROM classified WHERE change <> 'same'",
                [import_id, observed_on],
            )
        elif kind == "leads":
            tx.execute(f"""CREATE OR REPLACE TEMP TABLE staged AS SELECT '{source}' AS source,
                {_expr(_TEXT, 'ID lead')} AS crm_id, {_expr(_TEXT, 'Contact')} AS name,
                {_expr(_TEXT, 'Société')} AS company, {_expr(_TEXT, 'Commercial')} AS owner,
                {_expr(_TEXT, 'Origine')} AS lead_source, {_expr(_TEXT, 'Statut')} AS status,
                {_expr(_FRENCH_DATE, 'Date de création')} AS created_on,
                {_expr(_FRENCH_DATE, 'Date de qualification')} AS qualified_on,
                {_expr(_FRENCH_DATE, 'Date de conversion')} AS converted_on,
                {_expr(_FRENCH_DATE, 'Date de conversion')} IS NOT NULL AS is_converted FROM raw""")
            result.inserted, result.updated, result.unchanged = _upsert(tx, "leads", _LEAD_FIELDS, import_id)
        elif kind == "kpi":
            tx.execute(f"""
                INSERT OR REPLACE INTO kpi_history (kpi, period, grain, scope, value, source, import_id)
                SELECT lower({_expr(_TEXT, 'Indicateur')}), {_expr(_FRENCH_DATE, 'Date')}, 'month',
                       CASE WHEN {_expr(_TEXT, 'Périmètre')} IN ('Entreprise', 'company') THEN 'company'
                            ELSE {_expr(_TEXT, 'Périmètre')} END,
                       {_expr(_FRENCH_NUMBER, 'Valeur')}, ?, ? FROM raw""", [source, import_id])
            result.inserted = rows
        else:
            tx.execute("""
                INSERT INTO objectives (title, kpi, scope_type, scope_value, direction, target_mode, target_input,
                    statistic, grain, start_on, deadline, owner, theme, source)
                SELECT title, kpi, scope_type, nullif(scope_value, ''), direction, target_mode,
                    target::DOUBLE, nullif(statistic, ''), grain, start::DATE, deadline::DATE, owner, theme, ?
                FROM raw""", [source])
            result.inserted = rows
        tx.execute(
            "UPDATE imports SET rows = ?, inserted = ?, updated = ?, unchanged = ?, rejected = 0, "
            "finished_at = current_timestamp WHERE id = ?",
            [rows, result.inserted, result.updated, result.unchanged, import_id],
        )
    return result


def _date_in_name(path: Path) -> dt.date | None:
    """Weekly exports named like ``affaires_2026-11-20.csv`` were observed on that day."""
    stem_tail = path.stem.rsplit("_", 1)[-1]
    try:
        return dt.date.fromisoformat(stem_tail)
    except ValueError:
        return None


def save_stage_map(store: Store, source: str, stages: list[tuple[str, str, int, float | None]]) -> None:
    """Store how a source's raw stages map to open, won or lost, their funnel order and win probability."""
    with store.transaction() as tx:
        tx.execute("DELETE FROM stage_map WHERE source = ?", [source])
        tx.executemany(
            "INSERT INTO stage_map (source, pipeline, raw_stage, status, funnel_order, probability) "
            "VALUES (?, '', ?, ?, ?, ?)",
            [(source, raw, status, order, probability) for raw, status, order, probability in stages],
        )
