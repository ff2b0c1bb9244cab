"""What one import (or its preview) found and did: plain data, worded by the CLI and the Import page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from smart.ingest.errors import Said

if TYPE_CHECKING:
    from smart.ingest import history as hi
    from smart.ingest import lead_statuses as ls
    from smart.ingest import proposals as pr


@dataclass
class ImportResult:
    """An import's outcome: how the file was read and mapped, its counts, rejects and notes, and what each kind
    found (a plan's months, a history's changes, a leads file's statuses, a deals file's currencies). The CLI
    prints it (``smart.ingest.cli``), as JSON too (every field, by name: a contract), and the Import page shows it."""

    import_id: int | None
    file_name: str
    kind: str
    profile: str
    source: str
    sha256: str = ""
    encoding: str = ""
    delimiter: str = ""
    header_line: int = 1
    sheet: str | None = None
    rows: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    rejects: list[dict[str, object]] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)
    headers: list[str] = field(default_factory=list)
    notes: list[Said] = field(default_factory=list)
    sample: list[dict[str, object]] = field(default_factory=list)
    new_stages: list[str] = field(default_factory=list)
    # The pipelines of a deals or history file, each with its stages as the import leaves them (stages.file_pipelines)
    pipelines: list[dict[str, object]] = field(default_factory=list)
    history: hi.HistorySummary | None = None  # a stage history file's changes and opportunities
    lead_statuses: ls.LeadStatusSummary | None = None  # a leads file's statuses and how they counted
    date_order: str | None = None
    decimal: str | None = None  # 'dot' or 'comma': the decimal mark the file's numbers were read with, if any shows
    # Deals kept though their close date comes before their creation date (left out of sales-cycle lengths only),
    # and won deals with a negative amount (credit notes) or an amount of 0 (left out of the average deal size).
    closed_before_created: int = 0
    negative_won: int = 0
    zero_won: int = 0
    kept_fields: list[str] = field(default_factory=list)  # fields this file lacks: their stored values were kept
    observed_on: dt.date | None = None  # the day the file describes (dates the deals' history)
    observed_from: str = ""  # where that day came from: given, file_name or today (smart.ingest.export_date)
    committed: bool = False
    dry_run: bool = False
    proposals: list[pr.Proposal] = field(default_factory=list)  # every field's column and confidence
    unavailable: list[pr.Unavailable] = field(default_factory=list)  # what the mapping leaves empty
    id_columns: list[str] = field(default_factory=list)
    id_per_row: bool = False
    covers: tuple[dt.date, dt.date] | None = None  # the first and last date of the file's rows
    # A targets sheet's plan: its KPIs, its dimension, the months it covers with their totals, the rows it removes.
    plan: dict[str, Any] | None = None
    # A deals file's currencies (each with its deals), the currency of the deals whose file says none (with where it
    # comes from: given, source or reporting, and how many took it), and whether to ask which one that is.
    currencies: list[dict[str, object]] = field(default_factory=list)
    currency_default: dict[str, object] | None = None
    currency_question: bool = False
    # A rates file's base, how its rates were read, and its currencies (smart.ingest.rates).
    rates: dict[str, object] | None = None
