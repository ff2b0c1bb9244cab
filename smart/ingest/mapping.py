"""Which column feeds which canonical field: the file's kind, a proposal, the user's overrides, saved mappings.

A mapping is ``{field: column}`` where column is a header of the file, or ``=value`` for a constant (for
instance ``status`` → ``=won`` when every row of a register is a won deal). Mappings confirmed by the user are
saved under the file's header signature (SHA-256 of its normalised headers) and reused the next time.
"""

from __future__ import annotations

import hashlib
import json
import re

import duckdb

from smart.ingest.errors import ImportFileError
from smart.ingest.profiles import FIELDS, KINDS, REQUIRED, SYNONYMS, Profile, detect_profile, normalise_header
from smart.ingest.proposals import SavedOptions, propose_fields
from smart.storage import Store

_KIND_HINTS = {
    "deals": ("deal", "opportunit", "affaire", "pipeline", "registre", "vente", "order", "commande", "invoice",
              "facture"),
    "leads": ("lead", "contact", "prospect"),
    "kpi": ("kpi", "indicateur", "history", "historique", "metric"),
    "objectives": ("objecti", "goal"),
    "plan": ("target", "quota", "budget", "plan", "forecast", "previsionnel", "prevision"),
}
# Kinds told by their layout or their contents, never by how many of their fields the headers cover (a stage
# history file: smart/ingest/history.py; exchange rates: smart/ingest/rates.py).
_NOT_SCORED = ("history", "rates")


def header_signature(headers: list[str]) -> str:
    """A file's header as a key (a hash of its normalised column names): the same export finds its saved mapping
    again, whatever the case or accents of its headers."""
    return hashlib.sha256("\x1f".join(normalise_header(h) for h in headers).encode()).hexdigest()


def propose(headers: list[str], kind: str, profile: Profile | None) -> dict[str, str]:
    """The likeliest column for each field from the headers alone (the profile's, exact synonyms, then headers
    containing one); ``proposals.propose_fields`` looks at the values too."""
    return {p.field: p.column for p in propose_fields(headers, kind, profile, None) if p.applied}


def detect_kind(headers: list[str], file_name: str, profile: Profile | None) -> str:
    """deals, leads, kpi or objectives: the profile's kind, else the best-covered kind (file name breaks ties)."""
    if profile:
        return profile.kind
    name = file_name.lower()
    scores = {}
    kinds = [kind for kind in KINDS if kind not in _NOT_SCORED]
    for kind in kinds:
        mapping = propose(headers, kind, None)
        exact = {f for f, h in mapping.items() if normalise_header(h) in SYNONYMS[kind].get(f, ())}
        score = len(exact) * 2 + len(mapping) - len(exact)
        if not all(f in mapping for f in REQUIRED[kind]):
            score -= 100
        if any(hint in name for hint in _KIND_HINTS[kind]):
            score += 3
        scores[kind] = score
    return max(kinds, key=lambda k: (scores[k], -KINDS.index(k)))


def parse_overrides(pairs: list[str] | None) -> dict[str, str]:
    """``--map FIELD=COLUMN`` pairs as a dict (COLUMN may be ``=value`` for a constant, or empty to unmap)."""
    result: dict[str, str] = {}
    for pair in pairs or []:
        if "=" not in pair:
            raise ImportFileError("ingest.error.map_syntax", pair=pair)
        name, column = pair.split("=", 1)
        result[name.strip()] = column.strip()
    return result


def apply_overrides(mapping: dict[str, str], overrides: dict[str, str], headers: list[str], kind: str,
                    file_name: str) -> dict[str, str]:
    """The mapping with the user's choices applied (``field -> column``; an empty column unmaps the field, ``=value``
    sets a constant); ImportFileError for a field the kind does not have or a column the file does not have."""
    result = dict(mapping)
    by_normal = {normalise_header(h): h for h in headers}
    for name, column in overrides.items():
        if name not in FIELDS[kind]:
            raise ImportFileError("ingest.error.map_field", file=file_name, field=name, kind=kind,
                                  fields=list(FIELDS[kind]))
        if column == "":
            result.pop(name, None)
            continue
        if column.startswith("="):
            result[name] = column
            continue
        header = column if column in headers else by_normal.get(normalise_header(column))
        if header is None:
            raise ImportFileError("ingest.error.map_column", file=file_name, field=name, column=column)
        for other, mapped in list(result.items()):
            # A column feeds one field, but the id may also be the title (a register's deal name, say).
            if mapped == header and other != name and "crm_id" not in (name, other):
                del result[other]
        result[name] = header
    return result


def saved_mapping(store: Store, headers: list[str]) -> tuple[str, str, dict[str, str], SavedOptions] | None:
    """The kind, profile, mapping and options saved for files with these headers, if any."""
    row = store.rows(
        "SELECT kind, profile, mapping, options FROM import_mappings WHERE signature = ?", [header_signature(headers)]
    )
    if not row:
        return None
    kind, profile, mapping, options = row[0]
    return kind, profile, json.loads(mapping), json.loads(options or "{}")


def save_mapping(tx: duckdb.DuckDBPyConnection, headers: list[str], kind: str, profile: str, mapping: dict[str, str],
                 options: SavedOptions) -> None:
    """Remember the mapping and options chosen for files with these headers (replacing an earlier one)."""
    tx.execute(
        "INSERT OR REPLACE INTO import_mappings (signature, kind, profile, mapping, options, saved_at) "
        "VALUES (?, ?, ?, ?, ?, current_timestamp)",
        [header_signature(headers), kind, profile, json.dumps(mapping), json.dumps(options)],
    )


def slug(name: str) -> str:
    """A KPI name from a header: 'Taux de conversion (%)' → 'taux_de_conversion'."""
    return re.sub(r"\s+", "_", normalise_header(name).replace("#", "n")) or "value"


__all__ = ["apply_overrides", "detect_kind", "detect_profile", "header_signature", "parse_overrides",
           "propose", "save_mapping", "saved_mapping", "slug"]
