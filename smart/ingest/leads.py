"""A leads file's columns, and its leads qualified and converted by their dates, flags or statuses."""

from __future__ import annotations

from typing import TYPE_CHECKING

import duckdb

from smart.ingest import lead_statuses as ls
from smart.ingest import values as vs
from smart.ingest.errors import Said
from smart.ingest.fields import Fields

if TYPE_CHECKING:
    from smart.ingest.planning import Plan


def _qualified_by_date(fields: Fields) -> bool:
    return any(n in fields.exprs for n in ("qualified_on", "mql_on", "sql_on"))


def lead_select(fields: Fields, plan: Plan) -> dict[str, str]:
    """A lead's columns as the file gives them; its qualification and conversion are decided once its statuses
    are known (``stage_leads``)."""
    f = fields.get
    name = (f"coalesce({f('name')}, nullif(trim(concat_ws(' ', {f('first_name')}, {f('last_name')})), ''))"
            if any(n in fields.exprs for n in ("name", "first_name", "last_name")) else "NULL")
    file_qualified_on = (f"coalesce({f('qualified_on')}, least({f('mql_on')}, {f('sql_on')}))"
                         if _qualified_by_date(fields) else "NULL")
    return {
        "source": vs.lit(plan.source), "crm_id": fields.id_sql(), "name": name, "company": f("company"),
        "owner": f("owner"), "team": f("team"), "lead_source": f("lead_source"), "status_text": f("status"),
        "lifecycle": f("lifecycle"), "created_on": f("created_on"), "file_qualified_on": file_qualified_on,
        "file_converted_on": f("converted_on"), "file_converted": f("is_converted"),
    }


def stage_leads(tx: duckdb.DuckDBPyConnection, fields: Fields, plan: Plan,
                rows: str) -> list[tuple[str, str, str, str]]:
    """``staged``: the leads of ``rows``, qualified and converted by their dates and flags, else by how the lead
    status map counts their status or lifecycle stage (statuses met for the first time are added to the map:
    smart/ingest/lead_statuses.py); returns the lead-specific problems."""
    seen: list[str] = []
    if "status" in fields.exprs or "lifecycle" in fields.exprs:
        seen = [row[0] for row in tx.execute(f"""SELECT v FROM (SELECT unnest([status_text, lifecycle]) AS v, line
            FROM (SELECT status_text, lifecycle, min(line) AS line FROM ({rows}) GROUP BY ALL))
            WHERE v IS NOT NULL GROUP BY v ORDER BY min(line)""").fetchall()]
        ls.add_new_statuses(tx, plan.source, seen)
    meanings = ls.meanings(tx, plan.source, seen)
    qualified = ls.counts_as_sql("s.status_text", "s.lifecycle", [s for s, (q, _c) in meanings.items() if q])
    converted = ls.counts_as_sql("s.status_text", "s.lifecycle", [s for s, (_q, c) in meanings.items() if c])
    derived = ls.derived_sql(qualified, converted, file_qualified_on="s.file_qualified_on",
                             file_converted_on="s.file_converted_on", file_converted="s.file_converted",
                             created_on="s.created_on")
    columns = ", ".join(f"{sql} AS {name}" for name, sql in derived.items())
    tx.execute(f"""CREATE OR REPLACE TEMP VIEW staged AS
        SELECT s.* EXCLUDE (status_text, file_qualified_on, file_converted_on, file_converted),
               coalesce(s.status_text, s.lifecycle) AS status, {columns}
        FROM ({rows}) s""")
    if seen and not _qualified_by_date(fields):
        count = tx.execute("SELECT count(*) FROM staged WHERE qualified_on IS NOT NULL").fetchall()[0][0]
        fields.notes.append(Said("ingest.note.qualified_from_status", count=count))
    return [("crm_id IS NULL", fields.header("crm_id"), "''", "ingest.reason.missing_id")]
