"""Planning an import: its kind, profile, source, column mapping and id, before anything is read.

The mapping saved for the file's headers is reused; otherwise the profile is detected (or the one named is used) and
each field's column is proposed from the headers and the values (``proposals``), then the user's choices
(``ImportOptions.mapping``, ``id_columns``, ``id_per_row``) are applied over them. A file that still lacks a field
it must have raises ``MappingNeededError``, carrying the draft the Import page and the CLI ask from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from smart.ingest import currencies as cu
from smart.ingest import history as hi
from smart.ingest import mapping as mp
from smart.ingest import proposals as pr
from smart.ingest import rates as rt
from smart.ingest import targets as tg
from smart.ingest.contents import FileContents
from smart.ingest.errors import ImportFileError, Said
from smart.ingest.profiles import KINDS, PROFILE_LIST, PROFILES, Profile, detect_profile, normalise_header
from smart.ingest.sniff import FileInfo
from smart.storage import Store

if TYPE_CHECKING:
    from smart.ingest.options import ImportOptions


@dataclass
class Plan:
    """What an import will read the file as: its kind, profile, source, mapping, id rule, date order and decimal
    mark, with the proposals and notes that led there (``plan_import``)."""

    kind: str
    profile: Profile | None
    profile_name: str
    source: str
    mapping: dict[str, str]
    notes: list[Said]
    date_order: str | None
    id_rule: pr.IdRule = pr.IdRule()
    decimal: str | None = None  # 'dot' or 'comma': the user's (or the saved) mark for numbers that read both ways
    proposals: list[pr.Proposal] = field(default_factory=list)
    unavailable: list[pr.Unavailable] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)  # the columns offered (not an empty one without a header)
    currency: str = ""  # a deals file's currency for amounts written without one, and where it comes from
    currency_from: str = ""


def _named_profile(headers: list[str], kind: str | None, name: str, file_name: str) -> Profile:
    present = {normalise_header(h) for h in headers}
    candidates = [p for p in PROFILE_LIST if p.name == name and (kind is None or p.kind == kind)
                  and (not p.requires or any(r in present for r in p.requires))]
    scored = sorted(candidates, key=lambda p: -sum(1 for s in p.signature if s in present))
    if not scored or not any(s in present for s in scored[0].signature):
        raise ImportFileError("ingest.error.not_profile", file=file_name, profile=name)
    return scored[0]


def plan_import(store: Store, info: FileInfo, options: ImportOptions) -> Plan:
    """Kind, profile, source, column mapping and id: saved for these headers, else detected and proposed from the
    headers and the values; raise MappingNeededError when a field the file must have is still missing."""
    if options.kind not in ("auto", *KINDS):
        raise ImportFileError("ingest.error.kind", file=info.name, kind=options.kind, kinds=list(KINDS))
    if options.profile not in ("auto", *PROFILES):
        raise ImportFileError("ingest.error.profile", file=info.name, profile=options.profile)
    contents = FileContents(info)
    try:
        return _plan(store, info, options, contents)
    finally:
        contents.close()


def _plan(store: Store, info: FileInfo, options: ImportOptions, contents: FileContents) -> Plan:
    headers = info.header
    offered = pr.offered_headers(headers, info.unnamed, contents)
    notes: list[Said] = []
    kind = options.kind
    date_order = options.date_order
    decimal = options.decimal
    id_rule = pr.IdRule()
    saved = mp.saved_mapping(store, headers) if options.profile == "auto" else None
    if saved and kind == "auto" and tg.saved_as_kpi_history(saved[0], headers, info.sample_rows):
        saved = None
    if saved and kind in ("auto", saved[0]):
        kind, profile_name, mapping, saved_options = saved
        profile = None
        if profile_name != "generic":
            profile = detect_profile(headers, kind, profile_name)
        date_order = date_order or saved_options.get("date_order")
        decimal = decimal or saved_options.get("decimal")
        id_rule = pr.IdRule.from_options(saved_options)
        proposals = [pr.Proposal(name, column, pr.SAVED) for name, column in mapping.items()]
        notes.append(Said("ingest.note.mapping_reused"))
    else:
        if options.profile == "generic":
            profile = None
        elif options.profile != "auto":
            profile = _named_profile(headers, None if kind == "auto" else kind, options.profile, info.name)
        else:
            profile = detect_profile(headers, None if kind == "auto" else kind)
        if kind == "auto" and profile is None and rt.looks_like_rates(headers):
            kind = "rates"
        if kind == "auto" and profile is None and hi.looks_like_history(headers, info.sample_rows):
            kind = "history"
        if kind == "auto":
            kind = mp.detect_kind(headers, info.name, profile)
            if profile is None:
                kind = tg.refine_kind(kind, headers, info.sample_rows)
        if profile and profile.kind != kind:
            profile = detect_profile(headers, kind)
        proposals = pr.propose_fields(offered, kind, profile, contents)
        mapping = {p.field: p.column for p in proposals if p.applied}
        if kind == "history":
            mapping = hi.settle_mapping(mapping)
        profile_name = profile.name if profile else "generic"
    overrides = dict(options.mapping)
    id_rule = _id_rule(options, overrides, headers, info.name) or id_rule
    mapping = mp.apply_overrides(mapping, overrides, headers, kind, info.name)
    if id_rule:
        mapping.pop("crm_id", None)
    proposals = _after_overrides(proposals, mapping, overrides)
    if not saved and "status" not in overrides and pr.looks_like_orders(kind, mapping, id_rule):
        mapping["status"] = "=won"
        proposals.append(pr.Proposal("status", "=won", pr.MEDIUM))
        notes.append(Said("ingest.note.all_won"))
    if id_rule.per_row:
        notes.append(Said("ingest.note.id_per_row"))
    if kind == "plan":  # a wide sheet has no amount column: the plan's own rules say what it needs
        mapping = tg.complete_mapping(mapping, headers, info.name)
    elif kind == "history":
        hi.check_mapping(mapping, info.name)
    else:
        _raise_if_missing(info, offered, kind, profile_name, mapping, proposals, id_rule, contents)
    if options.dry_run:  # the preview shows a few values of each column; an import has no use for them
        samples = contents.samples(p.column for p in proposals if not p.column.startswith("="))
        for proposal in proposals:
            proposal.samples = samples.get(proposal.column, [])
    if profile:
        notes.extend(Said(key) for key in profile.notes)
    source = options.source or (profile.name if profile else "generic")
    if kind == "objectives":
        source = options.source or "import"
    chosen = Plan(kind, profile, profile_name, source, mapping, notes, date_order, id_rule, decimal, proposals,
                   pr.unavailable(kind, mapping), offered)
    if kind == "deals":
        chosen.currency, chosen.currency_from = cu.import_currency(store, source, options.default_currency, info.name)
    return chosen


def _id_rule(options: ImportOptions, overrides: dict[str, str], headers: list[str], file_name: str) -> pr.IdRule:
    """The id the user chose: one ``--id`` column is ``--map crm_id=COLUMN``, two or more are combined; or one
    record per row."""
    by_normal = {normalise_header(h): h for h in headers}
    columns = []
    for column in options.id_columns:
        header = column if column in headers else by_normal.get(normalise_header(column))
        if header is None:
            raise ImportFileError("ingest.error.id_column", file=file_name, column=column)
        columns.append(header)
    if len(columns) == 1:
        overrides["crm_id"] = columns[0]
    return pr.IdRule(tuple(columns) if len(columns) > 1 else (), options.id_per_row)


def _after_overrides(proposals: list[pr.Proposal], mapping: dict[str, str],
                     overrides: dict[str, str]) -> list[pr.Proposal]:
    """The proposals once the user's choices are applied: theirs marked ``user``, the ones they replaced or unmapped
    dropped; low-confidence ones stay asked unless their field was chosen."""
    kept = [p for p in proposals if (p.applied and mapping.get(p.field) == p.column)
            or (not p.applied and p.field not in mapping and p.field not in overrides)]
    known = {p.field for p in kept if p.applied}
    return kept + [pr.Proposal(name, column, pr.USER) for name, column in mapping.items() if name not in known]


def _raise_if_missing(info: FileInfo, offered: list[str], kind: str, profile_name: str, mapping: dict[str, str],
                      proposals: list[pr.Proposal], id_rule: pr.IdRule, contents: FileContents) -> None:
    missing = pr.missing_fields(kind, mapping, id_rule)
    if not missing:
        return
    draft = pr.MappingDraft(
        file_name=info.name, kind=kind, profile=profile_name, headers=offered, mapping=dict(mapping),
        proposals=proposals, missing=[pr.MissingField(name, pr.candidates(kind, name, offered, mapping, contents))
                                      for name in missing],
        samples=contents.samples(offered), id_rule=id_rule)
    for proposal in proposals:
        proposal.samples = draft.samples.get(proposal.column, [])
    raise pr.MappingNeededError(draft)
