"""Which column feeds which field, and how sure the importer is; what a file must still say; what it leaves out.

A proposal comes from a CRM profile or a header that is exactly a synonym of the field (confidence ``high``), a
header that contains a synonym's words and values that fit the field (``medium``), or the values alone (``low``):
high and medium ones are applied, low ones are asked (the preview shows them as questions, the CLI as notes). The
values are read by ``contents.FileContents`` (DuckDB, over the first rows of the file); a column of dates is never
proposed for a yes/no field.

A deals or leads file needs an id and a date, a KPI file a date, an objectives file its title, KPI, target, start
and deadline. When one is missing after the mapping, ``MappingNeededError`` carries what a screen needs to ask for it:
the kind, the headers, the mapping, the missing fields and the candidate columns of each, ranked. The id may also be
several columns combined, or derived from each row (``IdRule``). ``unavailable`` lists what a mapping leaves empty
and what the user will not see because of it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypedDict

from smart.ingest.contents import ColumnContents, FileContents
from smart.ingest.errors import ImportFileError, Said
from smart.ingest.profiles import FIELDS, REQUIRED, SYNONYMS, Profile, normalise_header

HIGH, MEDIUM, LOW, SAVED, USER = "high", "medium", "low", "saved", "user"
CONFIDENCES = (HIGH, MEDIUM, LOW, SAVED, USER)

# Fields proposed from a header that merely contains a synonym's words (e.g. "Facture Leaser HTVA" for the amount,
# "Dossier client" for the id), when the values agree. Yes/no fields only ever match exactly.
FUZZY = {
    "deals": {"crm_id", "title", "account", "owner", "team", "stage", "status", "amount", "created_on", "close_on",
              "expected_close_on", "lead_source", "deal_type", "won_reason", "lost_reason"},
    "leads": {"crm_id", "name", "company", "owner", "team", "lead_source", "status", "created_on", "qualified_on",
              "converted_on"},
    "kpi": {"value", "kpi", "scope"},
    "objectives": {"title", "target", "owner"},
    "plan": {"month", "amount", "owner", "team", "product"},
    "history": {"amount", "close_on", "value"},
    "rates": {"rate_on", "rate"},
}
# Header-only matching (no values to look at: the kind detection) keeps to the fields whose names rarely mislead.
_FUZZY_WITHOUT_VALUES = {"amount", "created_on", "close_on", "title", "account", "owner", "value", "target"}
# A deals or leads file needs one of its date fields from a column; when none is, this one is asked for.
DATE_FIELD = {"deals": "close_on", "leads": "created_on"}
STATUS_FIELDS = ("stage", "status", "is_won", "is_closed")
ID_WORDS = {"id", "ref", "reference", "n", "no", "num", "numero", "number", "code", "dossier", "order", "commande",
            "invoice", "facture", "contrat", "contract", "#", "key", "cle", "identifiant"}
# Headers of columns whose short capitalised values look like people's initials but are not (FR, BE; EUR...).
NOT_PEOPLE_WORDS = {"pays", "country", "region", "ville", "city", "code", "devise", "currency", "type", "statut",
                    "status", "stage", "etape", "source", "origine", "categorie", "category", "segment", "secteur",
                    "industry", "langue", "language", "canal", "channel", "produit", "product"}
ROW_ID_PREFIX = "row-"


@dataclass
class Proposal:
    """A column for a field: ``confidence`` is one of CONFIDENCES; a proposal not ``applied`` is asked. ``samples``:
    the column's first distinct values (in a preview)."""

    field: str
    column: str
    confidence: str
    applied: bool = True
    samples: list[str] = dataclasses.field(default_factory=list)


class SavedOptions(TypedDict, total=False):
    """The choices saved with a mapping (``import_mappings.options``, JSON), reused with it."""

    date_order: str
    decimal: str
    id_columns: list[str]
    id_per_row: bool


@dataclass(frozen=True)
class IdRule:
    """How a record's id is made when no one column holds it: several ``columns`` combined, or ``per_row``: a hash
    of the row's cells and its rank among identical rows (the same file imported again finds every row again)."""

    columns: tuple[str, ...] = ()
    per_row: bool = False

    def __bool__(self) -> bool:
        return bool(self.columns) or self.per_row

    def options(self) -> SavedOptions:
        """As saved with a mapping (``import_mappings.options``)."""
        if self.per_row:
            return {"id_per_row": True}
        return {"id_columns": list(self.columns)} if self.columns else {}

    @classmethod
    def from_options(cls, options: SavedOptions) -> IdRule:
        """The rule saved with a mapping."""
        return cls(tuple(options.get("id_columns") or ()), bool(options.get("id_per_row")))

    def label(self) -> str:
        """The id's column as the rejects name it."""
        return " + ".join(self.columns) if self.columns else "(row)"


@dataclass
class MissingField:
    """A field the file must have and the mapping lacks, with the columns that could feed it, likeliest first."""

    field: str
    candidates: list[str]


@dataclass
class Unavailable:
    """A field the mapping leaves empty, and what the user will not see because of it (``effect``, in English;
    ``in_language`` says it in another)."""

    field: str
    effect: Said


@dataclass
class MappingDraft:
    """What a mapping screen needs to ask for the fields a file lacks."""

    file_name: str
    kind: str
    profile: str
    headers: list[str]
    mapping: dict[str, str]
    proposals: list[Proposal]
    missing: list[MissingField]
    samples: dict[str, list[str]]
    id_rule: IdRule = IdRule()


class MappingNeededError(ImportFileError):
    """A field the file must have is missing after the mapping: nothing was read further. ``draft`` holds what a
    mapping screen needs; the message (one line, for the CLI) names the first missing field's candidates."""

    def __init__(self, draft: MappingDraft) -> None:
        self.draft = draft
        key, values = _missing_message(draft)
        super().__init__(key, **values)


# ----------------------------------------------------------------------------------------------------- proposals
def offered_headers(headers: list[str], unnamed: Iterable[str], contents: FileContents | None) -> list[str]:
    """The columns a user may choose from: all but those with neither a header nor a value (a leading empty column
    of a spreadsheet's table)."""
    unnamed = [h for h in unnamed if h in headers]
    if not unnamed or contents is None:
        return list(headers)
    empty = {h for h, c in contents.describe(unnamed).items() if c.is_empty}
    return [h for h in headers if h not in empty]


def propose_fields(headers: list[str], kind: str, profile: Profile | None,
                   contents: FileContents | None) -> list[Proposal]:
    """The likeliest column for each field, with its confidence: the profile's and exact synonyms (high), headers
    containing a synonym's words whose values agree (medium; low when they do not), then the values alone (low)."""
    chosen: dict[str, Proposal] = {}
    taken: set[str] = set()

    def take(name: str, header: str, confidence: str) -> None:
        applied = confidence != LOW
        chosen[name] = Proposal(name, header, confidence, applied)
        if applied:
            taken.add(header)

    for name in FIELDS[kind]:
        header = profile and _exact(headers, profile.fields.get(name, ()), taken)
        if header and _allowed(kind, name, header, contents):
            take(name, header, HIGH)
    for name in FIELDS[kind]:
        if name not in chosen:
            header = _exact(headers, SYNONYMS[kind].get(name, ()), taken)
            if header and _allowed(kind, name, header, contents):
                take(name, header, HIGH)
    fuzzy = FUZZY[kind] if contents is not None else _FUZZY_WITHOUT_VALUES & set(FIELDS[kind])
    for name in FIELDS[kind]:
        if name in chosen or name not in fuzzy:
            continue
        header = _fuzzy(headers, SYNONYMS[kind].get(name, ()), taken)
        if header and _allowed(kind, name, header, contents):
            agrees = contents is None or _agrees(kind, name, header, contents, _close_column(chosen))
            take(name, header, MEDIUM if agrees else LOW)
    if contents is not None:
        for name, header in _from_values(kind, headers, chosen, taken, contents):
            take(name, header, LOW)
    return [chosen[name] for name in FIELDS[kind] if name in chosen]


def _exact(headers: list[str], synonyms: tuple[str, ...], taken: set[str]) -> str | None:
    normal = {h: normalise_header(h) for h in headers if h not in taken}
    for synonym in synonyms:
        for header, name in normal.items():
            if name == synonym:
                return header
    return None


def _fuzzy(headers: list[str], synonyms: tuple[str, ...], taken: set[str]) -> str | None:
    """A header starting with a synonym's words, else one containing all of them."""
    tokens = {h: normalise_header(h).split() for h in headers if h not in taken}
    for prefix_only in (True, False):
        for synonym in synonyms:
            words = synonym.split()
            for header, found in tokens.items():
                if words and (found[:len(words)] == words if prefix_only else all(w in found for w in words)):
                    return header
    return None


def _allowed(kind: str, name: str, header: str, contents: FileContents | None) -> bool:
    """Whether the values forbid the column outright: a column of dates never feeds a yes/no field."""
    if contents is None or FIELDS[kind][name] != "bool":
        return True
    described = contents.describe([header]).get(header)
    return described is None or not described.is_date


def _close_column(chosen: dict[str, Proposal]) -> str | None:
    close = chosen.get("close_on")
    return close.column if close and close.applied else None


def _agrees(kind: str, name: str, header: str, contents: FileContents, close: str | None) -> bool:
    """Whether the column's values fit the field: unique values for an id, dates for a date (a creation date mostly
    on or before the close date), numbers for a number, yes/no words for a yes/no field, text for text."""
    column = contents.describe([header]).get(header)
    if column is None or column.is_empty:
        return False
    kind_of = FIELDS[kind][name]
    if name == "crm_id":
        return _id_like(column)
    if kind_of == "date":
        if not column.is_date:
            return False
        if name == "created_on" and close and close != header:
            share = contents.earlier_share(header, close)
            return share is None or share >= 0.8
        return True
    if kind_of == "number":
        return column.is_number
    if kind_of == "bool":
        return column.is_boolean
    return column.is_text


def _id_like(column: ColumnContents) -> bool:
    return column.is_unique and not column.is_date and column.share(column.money) < 0.5


def _from_values(kind: str, headers: list[str], chosen: dict[str, Proposal], taken: set[str],
                 contents: FileContents) -> list[tuple[str, str]]:
    """Low-confidence proposals from the values alone, for the fields no header named: an id (unique codes), a rep
    (a few dozen people), dates, an amount."""
    free = [h for h in headers if h not in taken]
    if not free or kind not in ("deals", "leads"):
        return []
    described = contents.describe(free)
    columns = [described[h] for h in free if h in described and not described[h].is_empty]
    found: list[tuple[str, str]] = []

    def wants(name: str) -> bool:
        return name in FIELDS[kind] and name not in chosen

    def first(matches: list[ColumnContents]) -> str | None:
        for column in matches:
            if column.header not in {h for _, h in found}:
                return column.header
        return None

    if wants("crm_id"):
        header = first([c for c in columns if _id_like(c) and c.is_coded])
        if header:
            found.append(("crm_id", header))
    if wants("owner"):
        people = [c for c in columns if c.is_people and not set(normalise_header(c.header).split()) & NOT_PEOPLE_WORDS]
        header = first(sorted(people, key=lambda c: -c.share(c.people)))
        if header:
            found.append(("owner", header))
    dates = [c for c in columns if c.is_date]
    close = _close_column(chosen)
    if kind == "deals" and wants("created_on") and close:
        earlier = [c for c in dates if (contents.earlier_share(c.header, close) or 0) >= 0.8]
        header = first(earlier)
        if header:
            found.append(("created_on", header))
    date_field = DATE_FIELD[kind]
    if wants(date_field) and not any(FIELDS[kind][n] == "date" and p.applied for n, p in chosen.items()):
        header = first(dates)
        if header:
            found.append((date_field, header))
    if wants("amount"):
        header = first(sorted((c for c in columns if c.is_amount), key=lambda c: -c.share(c.money)))
        if header:
            found.append(("amount", header))
    return found


# ----------------------------------------------------------------------------------------------------- what is missing
def missing_fields(kind: str, mapping: dict[str, str], id_rule: IdRule) -> list[str]:
    """The fields this kind of file must have and the mapping lacks (a deals or leads file: an id and a date)."""
    missing = [name for name in REQUIRED[kind] if name not in mapping and not (name == "crm_id" and id_rule)]
    if kind in DATE_FIELD and not any(FIELDS[kind][name] == "date" and not column.startswith("=")
                                      for name, column in mapping.items()):
        missing.append(DATE_FIELD[kind])
    return missing


def candidates(kind: str, name: str, headers: list[str], mapping: dict[str, str],
               contents: FileContents) -> list[str]:
    """The columns that could feed ``name``, likeliest first: the free columns before those mapped to another field,
    then values that fit the field, then a header resembling it."""
    described = contents.describe(headers)
    used = {column for other, column in mapping.items() if other != name}
    synonyms = SYNONYMS[kind].get(name, ())
    scored = []
    for position, header in enumerate(headers):
        column = described.get(header)
        if column is None or column.is_empty:
            continue
        score = _fit(kind, name, column, contents, mapping.get("close_on"))
        words = set(normalise_header(header).split())
        if _exact([header], synonyms, set()):
            score += 5
        elif _fuzzy([header], synonyms, set()) or (name == "crm_id" and words & ID_WORDS):
            score += 3
        if score <= 0:
            continue
        scored.append((header in used, -score, position, header))
    if name == "close_on":
        scored = _latest_first(scored, contents)
    return [header for *_, header in sorted(scored)]


def _latest_first(scored: list[tuple[bool, int, int, str]], contents: FileContents) -> list[tuple[bool, int, int, str]]:
    """Close-date candidates with the one every other date column mostly precedes ahead (a close date comes last)."""
    dates = [entry[3] for entry in scored if contents.describe([entry[3]])[entry[3]].is_date]
    latest = {header for header in dates if len(dates) > 1 and all(
        (contents.earlier_share(other, header) or 0) >= 0.8 for other in dates if other != header)}
    return [(used, score - (header in latest), position, header) for used, score, position, header in scored]


def _fit(kind: str, name: str, column: ColumnContents, contents: FileContents, close: str | None) -> int:
    """How well a column's values fit a field: 0 for not at all, more for better."""
    kind_of = FIELDS[kind][name]
    if name == "crm_id":
        if column.is_date or column.share(column.money) >= 0.5:
            return -10
        return (4 if column.is_unique else 0) + (2 if column.is_coded and not column.is_number else 0)
    if kind_of == "date":
        if not column.is_date:
            return -10
        if name == "created_on" and close and close != column.header:
            return 4 + (2 if (contents.earlier_share(column.header, close) or 0) >= 0.8 else 0)
        return 4
    if kind_of == "number":
        return (4 + (1 if column.share(column.money) >= 0.5 else 0)) if column.is_number else -10
    if kind_of == "bool":
        return 4 if column.is_boolean else -10
    if name == "owner":
        return 4 if column.is_people else (1 if column.is_text else -10)
    return 2 if column.is_text else -10


def _missing_message(draft: MappingDraft) -> tuple[str, dict[str, object]]:
    """The i18n key and values of the one-line message for the first missing field (and the others named)."""
    first = draft.missing[0]
    values: dict[str, object] = {"file": draft.file_name, "kind": Said(f"ingest.kind.{draft.kind}"),
                                 "field": first.field, "candidates": [f'"{c}"' for c in first.candidates[:5]],
                                 "others": [m.field for m in draft.missing[1:]] or ["-"]}
    if first.field == "crm_id":
        key = "ingest.error.no_id_candidates" if first.candidates else "ingest.error.no_id_column"
    elif draft.kind in DATE_FIELD and first.field == DATE_FIELD[draft.kind]:
        key = "ingest.error.no_date_candidates" if first.candidates else "ingest.error.no_date_column"
    else:
        key = "ingest.error.no_field_candidates" if first.candidates else "ingest.error.no_field_column"
    if len(draft.missing) > 1:
        return "ingest.error.also_missing", {"message": Said(key, **values), "others": values["others"]}
    return key, values


# ----------------------------------------------------------------------------------------------------- what is left out
# (field, the fields any of which provides it, the i18n key of what is lost without them), per kind.
_EFFECTS: dict[str, tuple[tuple[str, tuple[str, ...], str], ...]] = {
    "deals": (
        ("status", STATUS_FIELDS, "ingest.unavailable.deal_status"),
        ("amount", ("amount",), "ingest.unavailable.amount"),
        ("created_on", ("created_on",), "ingest.unavailable.deal_created"),
        ("close_on", ("close_on", "won_on", "lost_on", "expected_close_on"), "ingest.unavailable.close"),
        ("owner", ("owner",), "ingest.unavailable.owner"),
        ("stage", ("stage",), "ingest.unavailable.stage"),
        ("account", ("account",), "ingest.unavailable.account"),
        ("lead_source", ("lead_source",), "ingest.unavailable.lead_source"),
    ),
    "leads": (
        ("created_on", ("created_on",), "ingest.unavailable.lead_created"),
        ("status", ("status", "lifecycle", "qualified_on", "mql_on", "sql_on"), "ingest.unavailable.qualified"),
        ("converted_on", ("converted_on", "is_converted", "status", "lifecycle"), "ingest.unavailable.converted"),
        ("owner", ("owner",), "ingest.unavailable.lead_owner"),
        ("lead_source", ("lead_source",), "ingest.unavailable.lead_source"),
    ),
    "kpi": (("scope", ("scope",), "ingest.unavailable.scope"),),
    "objectives": (),
}


def unavailable(kind: str, mapping: dict[str, str]) -> list[Unavailable]:
    """What the mapping leaves empty, one line per loss; a stage is missed only when a status says how deals end."""
    lost = []
    for name, providers, key in _EFFECTS.get(kind, ()):
        if any(p in mapping for p in providers):
            continue
        if name == "stage" and not any(mapping.get(p, "=")[:1] != "=" for p in STATUS_FIELDS):
            continue  # no column says how deals end (the status line says it), or every row is won: no stages
        lost.append(Unavailable(name, Said(key)))
    return lost


def asks_if_won(kind: str, mapping: dict[str, str]) -> bool:
    """Whether the preview asks if every row is a won deal: a deals file with no column saying how deals end."""
    return kind == "deals" and not any(mapping.get(f, "=")[:1] != "=" for f in STATUS_FIELDS)


def looks_like_orders(kind: str, mapping: dict[str, str], id_rule: IdRule) -> bool:
    """Orders, invoices or signed deals: an id, the day of the order (a close date) and an amount, and nothing
    that says how a deal ended. (A file whose only date is a creation date is asked, not proposed: won deals
    without a close date would count in no period.)"""
    columns = {f for f, c in mapping.items() if not c.startswith("=")}
    return (kind == "deals" and ("crm_id" in columns or bool(id_rule)) and "amount" in columns
            and "close_on" in columns and not any(f in mapping for f in (*STATUS_FIELDS, "won_on", "lost_on")))
