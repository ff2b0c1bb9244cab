"""An objectives file into ``objectives`` (matched by title), its words read in English or French."""

from __future__ import annotations

from typing import TYPE_CHECKING

import duckdb

from smart.ingest import values as vs
from smart.ingest.fields import Fields, finish_rejects, stage_common
from smart.ingest.sniff import FileInfo

if TYPE_CHECKING:
    from smart.ingest.planning import Plan
    from smart.ingest.result import ImportResult


_OBJECTIVE_WORDS = {
    "direction": {
        "increase": "increase", "augmenter": "increase", "hausse": "increase", "decrease": "decrease",
        "diminuer": "decrease", "reduire": "decrease", "baisse": "decrease", "reach": "reach", "atteindre": "reach",
        "stay_below": "stay_below", "stay below": "stay_below", "rester sous": "stay_below",
        "stay_above": "stay_above", "stay above": "stay_above", "rester au dessus": "stay_above",
    },
    "target_mode": {
        "absolute": "absolute", "absolu": "absolute", "relative_pct": "relative_pct", "relative pct": "relative_pct",
        "%": "relative_pct", "pourcentage": "relative_pct", "percent": "relative_pct", "points": "points",
        "delta": "delta", "ecart": "delta",
    },
    "scope_type": {"company": "company", "entreprise": "company", "team": "team", "equipe": "team", "rep": "rep",
                   "commercial": "rep"},
    "grain": {"day": "day", "jour": "day", "week": "week", "semaine": "week", "month": "month", "mois": "month",
              "quarter": "quarter", "trimestre": "quarter", "year": "year", "annee": "year", "an": "year"},
}


def import_objectives(tx: duckdb.DuckDBPyConnection, fields: Fields, plan: Plan, info: FileInfo, import_id: int,
                       result: ImportResult) -> None:
    """Stage, check and write one objectives file: an objective is matched by its title among the source's
    objectives not archived, updated when it differs (its earlier state kept for undo), else added."""
    f = fields.get
    mapped = {}
    for name, table in _OBJECTIVE_WORDS.items():
        cases = " ".join(f"WHEN {vs.lit(k)} THEN {vs.lit(v)}" for k, v in table.items())
        plain = f"regexp_replace(trim(strip_accents(lower({f(name)}))), '[-_]+', ' ', 'g')"
        raw_plain = f"trim(strip_accents(lower({f(name)})))"
        mapped[name] = f"CASE {raw_plain} {cases} ELSE CASE {plain} {cases} END END"
    select = [
        f"{f('title')} AS title", f"{f('kpi')} AS kpi", f"coalesce({mapped['scope_type']}, 'company') AS scope_type",
        f"{f('scope_value')} AS scope_value", f"{mapped['direction']} AS direction",
        f"{mapped['target_mode']} AS target_mode", f"{f('target')} AS target_input", f"{f('statistic')} AS statistic",
        f"coalesce({mapped['grain']}, 'month') AS grain", f"{f('start')} AS start_on", f"{f('deadline')} AS deadline",
        f"{f('owner')} AS owner", f"{f('theme')} AS theme",
        f"{f('scope_type')} AS r_scope_type", f"{f('direction')} AS r_direction",
        f"{f('target_mode')} AS r_target_mode", f"{f('grain')} AS r_grain",
    ]
    stage_common(tx, fields, select, info.footer_start)
    extra = [
        ("title IS NULL", fields.header("title"), "''", "ingest.reason.missing_title"),
        ("kpi IS NULL", fields.header("kpi"), "''", "ingest.reason.missing_kpi"),
        ("direction IS NULL", fields.header("direction"), "coalesce(r_direction, '')",
         "ingest.reason.bad_direction"),
        ("target_mode IS NULL", fields.header("target_mode"), "coalesce(r_target_mode, '')",
         "ingest.reason.bad_target_mode"),
        ("r_scope_type IS NOT NULL AND scope_type IS NULL", fields.header("scope_type"), "r_scope_type",
         "ingest.reason.bad_scope_type"),
        ("r_grain IS NOT NULL AND grain IS NULL", fields.header("grain"), "r_grain", "ingest.reason.bad_grain"),
        ("target_input IS NULL AND r_target IS NULL", fields.header("target"), "''", "ingest.reason.missing_target"),
        ("deadline < start_on", fields.header("deadline"), "strftime(deadline, '%Y-%m-%d')",
         "ingest.reason.deadline_before_start"),
        ("start_on IS NULL AND r_start IS NULL", fields.header("start"), "''", "ingest.reason.missing_start"),
        ("deadline IS NULL AND r_deadline IS NULL", fields.header("deadline"), "''", "ingest.reason.missing_deadline"),
    ]
    finish_rejects(tx, fields, extra, ["title"], ["kpi", "scope_type", "scope_value", "direction", "target_mode",
                                                    "target_input", "statistic", "grain", "start_on", "deadline",
                                                    "owner", "theme"])
    cols = ("kpi", "scope_type", "scope_value", "direction", "target_mode", "target_input", "statistic", "grain",
            "start_on", "deadline", "owner", "theme")
    differs = " OR ".join(f"a.{c} IS DISTINCT FROM t.{c}" for c in cols)
    tx.execute(f"""CREATE OR REPLACE TEMP TABLE classified AS
        SELECT a.*, t.id AS objective_id,
            CASE WHEN t.id IS NULL THEN 'new' WHEN {differs} THEN 'changed' ELSE 'same' END AS change
        FROM accepted a LEFT JOIN (SELECT * FROM objectives WHERE archived_at IS NULL AND source = ?) t
            USING (title)""", [plan.source])
    counts = dict(tx.execute("SELECT change, count(*) FROM classified GROUP BY change").fetchall())
    all_cols = ", ".join(("title", *cols))
    tx.execute(f"""INSERT INTO objective_versions (import_id, op, objective_id, {all_cols})
        SELECT ?, 'update', t.id, {', '.join('t.' + c for c in ('title', *cols))} FROM objectives t
        JOIN classified c ON c.objective_id = t.id WHERE c.change = 'changed'""", [import_id])
    sets = ", ".join(f"{c} = c.{c}" for c in cols)
    tx.execute(f"""UPDATE objectives SET {sets}, import_id = ? FROM classified c
        WHERE c.change = 'changed' AND objectives.id = c.objective_id""", [import_id])
    tx.execute(f"""INSERT INTO objectives ({all_cols}, source, import_id, created_by)
        SELECT {all_cols}, ?, ?, (SELECT imported_by FROM imports WHERE id = ?) FROM classified WHERE change = 'new'
        ORDER BY line""", [plan.source, import_id, import_id])
    result.inserted, result.updated, result.unchanged = (counts.get("new", 0), counts.get("changed", 0),
                                                         counts.get("same", 0))
