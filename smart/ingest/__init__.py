"""CRM exports (CSV, TSV, XLSX from HubSpot, Salesforce, Pipedrive, Zoho or any CRM) into the canonical tables.

``import_file`` is the one entry point (the demo, the CLI and the Import page use it). The work is split into:
``sniff`` (encoding, delimiter, header, title and footer lines), ``xlsx`` (a workbook's sheet to CSV, within
limits), ``profiles``, ``contents``, ``proposals`` and ``mapping`` (which column is which field, how sure, what is
missing or left out), ``values`` (numbers, dates and booleans as SQL), ``stages`` (stage → open/won/lost and
funnel order), ``lead_statuses`` (lead status → qualified, converted), ``history`` (stage history files), ``plan``
(targets sheets), ``load`` (read, check, upsert, log, undo), ``export_date`` (the day an export describes),
``names`` and ``uploads`` (a file's name as given, shown and written; an upload's temporary copy) and ``cli``
(``python -m smart import``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from smart.access import LOCAL_ADMIN, User
from smart.ingest.errors import AmbiguousDatesError, AmbiguousDecimalError, ImportFileError, in_language
from smart.ingest.lead_statuses import load_lead_status_map, save_lead_status_map
from smart.ingest.load import (
    ImportOptions,
    ImportResult,
    UndoError,
    import_rejects,
    list_imports,
    run_import,
    undo_import,
)
from smart.ingest.profiles import KINDS, PROFILES
from smart.ingest.proposals import (
    MappingDraft,
    MappingNeededError,
    MissingField,
    Proposal,
    Unavailable,
    asks_if_won,
)
from smart.ingest.stages import load_stage_map, save_stage_map
from smart.storage import Store


def import_file(
    store: Store,
    path: str | Path,
    *,
    kind: str = "auto",
    source: str | None = None,
    is_demo: bool = False,
    observed_on: dt.date | None = None,
    profile: str = "auto",
    mapping: dict[str, str] | None = None,
    date_order: str | None = None,
    decimal: str | None = None,
    sheet: str | None = None,
    dry_run: bool = False,
    display_name: str | None = None,
    default_currency: str | None = None,
    max_bytes: int | None = None,
    id_columns: list[str] | None = None,
    id_per_row: bool = False,
    progress=None,
    actor: User = LOCAL_ADMIN,
) -> ImportResult:
    """Import one file as one transaction (or preview it with ``dry_run``) as ``actor`` (an admin; the command
    line acts as ``LOCAL_ADMIN``); raise ImportFileError for a bad file, MappingNeededError (one) when a field the
    file must have is missing after the mapping, AccessDeniedError when ``actor`` may not import."""
    options = ImportOptions(
        kind=kind, profile=profile, mapping=dict(mapping or {}), date_order=date_order, decimal=decimal,
        sheet=sheet, observed_on=observed_on, source=source, is_demo=is_demo, dry_run=dry_run,
        display_name=display_name, default_currency=default_currency, max_bytes=max_bytes,
        id_columns=list(id_columns or []), id_per_row=id_per_row, actor=actor,
    )
    return run_import(store, path, options, progress)


__all__ = [
    "KINDS", "PROFILES", "AmbiguousDatesError", "AmbiguousDecimalError", "ImportFileError", "ImportOptions",
    "ImportResult", "MappingDraft", "MappingNeededError", "MissingField", "Proposal", "Unavailable", "UndoError",
    "asks_if_won", "import_file", "import_rejects", "in_language", "list_imports", "load_lead_status_map",
    "load_stage_map", "save_lead_status_map", "save_stage_map", "undo_import",
]
