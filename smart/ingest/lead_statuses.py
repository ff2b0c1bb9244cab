"""How a lead's raw status counts (qualified or not, converted or not), per source, stored in ``lead_status_map``.

Sources of truth, strongest first: what the user saved (the Import page's lead status editor); the standard
picklists of the CRMs (Salesforce, HubSpot's lead statuses and lifecycle stages, Pipedrive's lead labels, Zoho)
and their French equivalents, matched whatever their case, spaces or punctuation (``OPEN_DEAL`` is "Open Deal").
A status the importer meets for the first time is added to the map: with its standard meaning when it has one,
else as "unknown" (neither qualified nor converted), and the import summary lists it until the user says how it
counts.

A lead's own dates and flags come first: a qualification date, a conversion date or a converted flag in the file
decide, and its status decides only what the file leaves unsaid. A lead the status (or the converted flag) says
converted is qualified too, and one with no such date is dated by its creation. Leads keep whether their status
decided (``qualified_from_status``, ``converted_from_status``), so that editing the map re-derives exactly those.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from smart.access import LOCAL_ADMIN, MANAGE_DATA, User, require
from smart.ingest import values as vs
from smart.ingest.errors import Said
from smart.ingest.history import compact
from smart.storage import Store, row_hash_sql

_NEITHER, _QUALIFIED, _CONVERTED = (False, False), (True, False), (True, True)
_STANDARD_BY_MEANING: dict[tuple[bool, bool], tuple[str, ...]] = {
    _NEITHER: (
        # Salesforce
        "Open - Not Contacted", "Working - Contacted", "Closed - Not Converted", "New", "Working", "Nurturing",
        "Unqualified", "Open", "Contacted",
        # HubSpot lead statuses (internal values compact like their labels) and lifecycle stages
        "NEW", "OPEN", "IN_PROGRESS", "UNQUALIFIED", "ATTEMPTED_TO_CONTACT", "CONNECTED", "BAD_TIMING",
        "subscriber", "lead", "other",
        # Pipedrive leads
        "Warm", "Cold", "Archived",
        # Zoho
        "Attempted to Contact", "Contact in Future", "Junk Lead", "Lost Lead", "Not Contacted", "Not Qualified",
        # any CRM, English and French
        "Disqualified", "Lost", "Nouveau", "Nouvelle", "En cours", "À contacter", "Non contacté", "Contacté",
        "Contactée", "Tentative de contact", "À relancer", "En attente", "Non qualifié", "Non qualifiée",
        "Disqualifié", "Disqualifiée", "Perdu", "Perdue", "Abandonné", "Abandonnée", "Sans suite",
    ),
    _QUALIFIED: (
        "Qualified", "marketingqualifiedlead", "salesqualifiedlead", "Hot", "Pre-Qualified", "MQL", "SQL",
        "Qualifié", "Qualifiée", "Pré-qualifié", "Pré-qualifiée",
    ),
    _CONVERTED: (
        "Closed - Converted", "OPEN_DEAL", "opportunity", "customer", "evangelist", "Converted to deal", "Converted",
        "Client", "Converti", "Convertie", "Opportunité", "Gagné", "Gagnée", "Won",
    ),
}
STANDARD_STATUSES: dict[str, tuple[bool, bool]] = {
    compact(status): meaning for meaning, statuses in _STANDARD_BY_MEANING.items() for status in statuses}
DECIDED_BY = ("standard", "user", "unknown")
UNRECOGNISED_LISTED = 20


@dataclass
class StatusCount:
    """One raw status (or lifecycle stage) of a leads file: how many leads bear it and how it counts."""

    status: str
    leads: int
    qualified: bool
    converted: bool
    decided_by: str  # standard, user or unknown


@dataclass
class LeadStatusSummary:
    """A leads file's qualified and converted leads, and how each of its statuses counted."""

    leads: int = 0
    qualified: int = 0
    converted: int = 0
    statuses: list[StatusCount] = field(default_factory=list)

    @property
    def unrecognised(self) -> list[StatusCount]:
        return [s for s in self.statuses if s.decided_by == "unknown"]


def standard_meaning(status: str) -> tuple[bool, bool] | None:
    """(qualified, converted) of a CRM's standard status, whatever its spelling; None for another status."""
    return STANDARD_STATUSES.get(compact(status))


def add_new_statuses(tx: duckdb.DuckDBPyConnection, source: str, seen: Iterable[str]) -> None:
    """Put statuses met for the first time in the map: their standard meaning, or unknown."""
    known = {row[0] for row in tx.execute("SELECT raw_status FROM lead_status_map WHERE source = ?",
                                          [source]).fetchall()}
    rows = []
    for status in dict.fromkeys(seen):
        if status in known:
            continue
        meaning = standard_meaning(status)
        rows.append((source, status, *(meaning or _NEITHER), "standard" if meaning else "unknown"))
    if rows:
        tx.executemany("INSERT INTO lead_status_map (source, raw_status, qualified, converted, decided_by) "
                       "VALUES (?, ?, ?, ?, ?)", rows)


def meanings(tx: duckdb.DuckDBPyConnection, source: str, statuses: list[str]) -> dict[str, tuple[bool, bool]]:
    """How each of ``statuses`` counts for the source, from the map."""
    rows = tx.execute("""SELECT raw_status, qualified, converted FROM lead_status_map
        WHERE source = ? AND raw_status IN (SELECT unnest(?))""", [source, statuses]).fetchall()
    return {status: (qualified, converted) for status, qualified, converted in rows}


def counts_as_sql(status: str, lifecycle: str, which: Iterable[str]) -> str:
    """SQL true when the lead's status or lifecycle stage is one of ``which`` (the statuses that count)."""
    listed = ", ".join(vs.lit(s) for s in which)
    if not listed:
        return "false"
    return f"(coalesce({status} IN ({listed}), false) OR coalesce({lifecycle} IN ({listed}), false))"


def derived_sql(qualified: str, converted: str, *, file_qualified_on: str, file_converted_on: str,
                file_converted: str, created_on: str) -> dict[str, str]:
    """The stored columns of a lead from its file's dates and flag and what its status says (SQL for each)."""
    from_status = f"({file_converted} IS NULL AND {file_converted_on} IS NULL)"
    is_converted = (f"CASE WHEN {from_status} THEN {converted} "
                    f"ELSE coalesce({file_converted}, false) OR {file_converted_on} IS NOT NULL END")
    return {
        "qualified_from_status": f"{file_qualified_on} IS NULL",
        "converted_from_status": from_status,
        "is_converted": is_converted,
        "converted_on": f"coalesce({file_converted_on}, CASE WHEN {is_converted} THEN {created_on} END)",
        "qualified_on": f"coalesce({file_qualified_on}, CASE WHEN {qualified} OR {is_converted} THEN {created_on} END)",
    }


def summarise(tx: duckdb.DuckDBPyConnection, table: str, source: str) -> LeadStatusSummary:
    """The qualified and converted leads of ``table`` (the import's accepted rows, or a source's stored leads),
    and every status they bear with its count and meaning, most frequent first."""
    leads, qualified, converted = tx.execute(f"""SELECT count(*), count(qualified_on),
        count(*) FILTER (WHERE is_converted) FROM {table}""").fetchall()[0]
    # The few distinct (status, lifecycle) pairs first: a list per lead cost a second per million leads.
    rows = tx.execute(f"""
        WITH pairs AS (SELECT status, lifecycle, count(*) AS n FROM {table} GROUP BY ALL),
        bearers AS (
            SELECT unnest(list_distinct(list_filter([status, lifecycle], lambda x: x IS NOT NULL))) AS status, n
            FROM pairs)
        SELECT v.status, sum(v.n)::BIGINT AS leads, m.qualified, m.converted, m.decided_by
        FROM bearers v LEFT JOIN lead_status_map m ON m.source = ? AND m.raw_status = v.status
        GROUP BY ALL ORDER BY leads DESC, v.status""", [source]).fetchall()
    statuses = [StatusCount(status, n, bool(q), bool(c), decided or "unknown") for status, n, q, c, decided in rows]
    return LeadStatusSummary(leads, qualified, converted, statuses)


# ------------------------------------------------------------------------------------------------- the editor
def load_lead_status_map(store: Store, source: str) -> pd.DataFrame:
    """The stored statuses of a source: raw_status, qualified, converted, decided_by."""
    return store.df("""SELECT raw_status, qualified, converted, decided_by FROM lead_status_map WHERE source = ?
        ORDER BY decided_by = 'unknown' DESC, raw_status""", [source])


def save_lead_status_map(store: Store, source: str, statuses: list[tuple[str, bool, bool]], *,
                         actor: User = LOCAL_ADMIN) -> LeadStatusSummary:
    """Say how these statuses count (a converted status is qualified too), then re-derive the qualification and
    conversion of the source's leads (and of their earlier versions, kept for undo) that their status decided:
    one transaction, an admin's (``actor`` is checked). Returns the source's leads as they now count."""
    require(actor, MANAGE_DATA)
    rows = [(source, status, bool(qualified or converted), bool(converted), "user")
            for status, qualified, converted in statuses]
    with store.transaction() as tx:
        if rows:
            tx.executemany("""INSERT INTO lead_status_map (source, raw_status, qualified, converted, decided_by)
                VALUES (?, ?, ?, ?, ?) ON CONFLICT (source, raw_status) DO UPDATE SET qualified = excluded.qualified,
                converted = excluded.converted, decided_by = excluded.decided_by""", rows)
        for table in ("leads", "lead_versions"):
            _rederive(tx, table, source)
        tx.execute(f"""UPDATE leads SET row_hash = {row_hash_sql('leads')}
            WHERE source = ? AND (qualified_from_status OR converted_from_status)""", [source])
        return summarise(tx, f"(SELECT * FROM leads WHERE source = {vs.lit(source)})", source)


def _rederive(tx: duckdb.DuckDBPyConnection, table: str, source: str) -> None:
    """Qualification and conversion of ``table``'s leads of ``source`` whose status decided them, from the map:
    what the file said is what the status did not decide (a lead whose status decided its conversion had no
    conversion date nor flag in its file)."""
    lead = f"{table}."
    derived = derived_sql(
        "f.qualified", "f.converted", created_on=f"{lead}created_on",
        file_qualified_on=f"CASE WHEN {lead}qualified_from_status THEN NULL ELSE {lead}qualified_on END",
        file_converted_on=f"CASE WHEN {lead}converted_from_status THEN NULL ELSE {lead}converted_on END",
        file_converted=f"CASE WHEN {lead}converted_from_status THEN NULL ELSE {lead}is_converted END")
    tx.execute(f"""UPDATE {table} SET is_converted = {derived['is_converted']},
            converted_on = {derived['converted_on']}, qualified_on = {derived['qualified_on']}
        FROM (SELECT p.status_key, p.lifecycle_key, coalesce(bool_or(m.qualified), false) AS qualified,
                     coalesce(bool_or(m.converted), false) AS converted
              FROM (SELECT DISTINCT coalesce(status, '') AS status_key, coalesce(lifecycle, '') AS lifecycle_key
                    FROM {table} WHERE source = $source) p
              LEFT JOIN lead_status_map m ON m.source = $source AND m.raw_status IN (p.status_key, p.lifecycle_key)
              GROUP BY ALL) f
        WHERE {lead}source = $source AND coalesce({lead}status, '') = f.status_key
            AND coalesce({lead}lifecycle, '') = f.lifecycle_key
            AND ({lead}qualified_from_status OR {lead}converted_from_status)""", {"source": source})


def summary_lines(summary: LeadStatusSummary) -> list[Said]:
    """The summary's lines for the command line: qualified and converted leads, the statuses not recognised."""
    lines = [Said("leadstatus.summary.counts", leads=summary.leads, qualified=summary.qualified,
                  converted=summary.converted)]
    unknown = summary.unrecognised
    if unknown:
        listed = [f"{s.status} ({s.leads})" for s in unknown[:UNRECOGNISED_LISTED]]
        more = len(unknown) - len(listed)
        lines.append(Said("leadstatus.summary.unrecognised", count=len(unknown), statuses=listed,
                          more=Said("history.summary.more", count=more) if more else ""))
    return lines
