"""What one import is asked to do: the one set of options the Import page, the CLI and the API pass in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from smart.access import LOCAL_ADMIN, User


@dataclass
class ImportOptions:
    """How to read and map one file, and who imports it: the Import page, the CLI and the API each build one and
    hand it to ``run_import``; ``import_file`` builds one from keyword arguments for scripts and tests."""

    kind: str = "auto"
    profile: str = "auto"
    mapping: dict[str, str] = field(default_factory=dict)
    date_order: str | None = None  # 'dmy' (--dayfirst) or 'mdy' (--monthfirst)
    decimal: str | None = None  # 'dot' or 'comma' (--decimal): the mark of numbers that read both ways
    sheet: str | None = None
    observed_on: dt.date | None = None
    source: str | None = None
    is_demo: bool = False
    dry_run: bool = False
    max_bytes: int | None = None
    display_name: str | None = None
    default_currency: str | None = None
    save_mapping: bool = True
    id_columns: list[str] = field(default_factory=list)  # two or more columns combined into the id
    id_per_row: bool = False  # an id derived from each row (proposals.IdRule)
    actor: User = LOCAL_ADMIN  # who imports: an admin (smart.access), recorded as imports.imported_by
