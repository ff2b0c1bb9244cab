"""CRM exports (CSV, TSV, XLSX from HubSpot, Salesforce, Pipedrive, Zoho or any CRM) into the canonical tables.

This package's namespace is its one entry point: the Import and Import log pages, the CLI and the API use only what
it exports. An import is asked for with one ``ImportOptions`` and run by ``run_import``; ``import_file`` is the
scripting convenience (the demo, tests, benchmarks) that builds the options from keyword arguments.

How an import runs, module by module: ``sniff`` (encoding, delimiter, header, title and footer lines) and ``xlsx``
(a workbook's sheet to CSV, within limits); ``planning`` (kind, profile, column mapping and id, from ``profiles``,
``contents``, ``proposals`` and ``mapping``); ``read`` (DuckDB's reader and the file's line numbers); ``fields``
(each field's value as SQL from ``values``, the staging query, the rows rejected and why, with ``reasons``' codes);
then one module per kind of file: ``records`` with ``deals`` and ``leads`` (with ``stages``, ``lead_statuses`` and
``currencies``), ``history`` (stage history files), ``kpi_history``, ``objectives``, ``targets`` (targets sheets:
the plan) and ``rates`` (exchange rates); ``run`` (one import as one transaction, its log, rejects and sample) and
``log`` (the import log and undo). ``export_date`` (the day an export describes), ``names`` and ``uploads`` (a
file's name as given, shown and written; an upload's temporary copy); ``cli`` (``python -m smart import``), which
words an ``ImportResult`` for the terminal.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from smart.ingest.errors import AmbiguousDatesError, AmbiguousDecimalError, ImportFileError, in_language
from smart.ingest.lead_statuses import load_lead_status_map, save_lead_status_map
from smart.ingest.log import UndoError, import_rejects, list_imports, undo_import
from smart.ingest.names import original_name
from smart.ingest.options import ImportOptions
from smart.ingest.profiles import FIELDS, KINDS, PROFILES
from smart.ingest.proposals import (
    MappingDraft,
    MappingNeededError,
    MissingField,
    Proposal,
    Unavailable,
    asks_if_won,
)
from smart.ingest.result import ImportResult
from smart.ingest.run import Progress, run_import
from smart.ingest.stages import load_stage_map, save_stage_map
from smart.ingest.uploads import upload_copy
from smart.storage import Store


def import_file(store: Store, path: str | Path, *, progress: Progress | None = None, **options: Any) -> ImportResult:
    """Import one file as one transaction (or preview it with ``dry_run=True``), ``options`` being the fields of
    ``ImportOptions`` (the scripting convenience: the pages, the CLI and the API build an ``ImportOptions`` and call
    ``run_import``). Raise ImportFileError for a bad file, MappingNeededError when a field the file must have is
    missing after the mapping, AccessDeniedError when ``actor`` (default: the command line's ``LOCAL_ADMIN``) may not
    import; TypeError for an option ``ImportOptions`` does not have."""
    return run_import(store, path, ImportOptions(**options), progress)


__all__ = [
    "FIELDS", "KINDS", "PROFILES", "AmbiguousDatesError", "AmbiguousDecimalError", "ImportFileError", "ImportOptions",
    "ImportResult", "MappingDraft", "MappingNeededError", "MissingField", "Progress", "Proposal", "Unavailable",
    "UndoError", "asks_if_won", "import_file", "import_rejects", "in_language", "list_imports",
    "load_lead_status_map", "load_stage_map", "original_name", "run_import", "save_lead_status_map",
    "save_stage_map", "undo_import", "upload_copy",
]
