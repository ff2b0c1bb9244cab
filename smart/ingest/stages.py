"""Raw CRM stages → open, won or lost, and their funnel order, stored per source in ``stage_map``.

Sources of truth, strongest first: what the user saved (the Import page edits ``stage_map``); the CRM profile's
default stages; English and French words (Won, Closed Won, Gagné, Signé, Perdu...). Deals take their status from
an explicit status column or IsWon/IsClosed flags first; the stage map decides only for files without those.
"""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

from smart.access import LOCAL_ADMIN, MANAGE_DATA, User, require
from smart.storage import Store

WON_PATTERN = r"^(closed[ _-]*won|won|gagne|gagnee|signe|signee|signed|win|vendu|conclu|closedwon)$"
LOST_PATTERN = (
    r"^(closed[ _-]*lost|lost|perdu|perdue|lose|abandonne|abandonnee|annule|annulee|cancelled|canceled|rejected|"
    r"refuse|sans suite|closedlost|closed lost.*)$"
)
_FUNNEL_WORDS = (
    (r"lead|new|nouveau|prospect|subscriber|inbound", 1),
    (r"qualif", 2),
    (r"appointment|meeting|rdv|rendez|discover|decouverte|needs|analys|contact|premier", 3),
    (r"demo|presentation|consideration|follow|relance|evaluation|perception", 4),
    (r"propos|quote|devis|offre|price|pricing|value", 5),
    (r"negoti|negoc|review|decision|bought|closing", 6),
    (r"contract|contrat|commit|signature|sent|envoy", 7),
)


def _plain(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower().strip()


def status_sql(expr: str) -> str:
    """SQL: 'won', 'lost' or NULL for a status or stage word."""
    plain = f"trim(strip_accents(lower({expr})))"
    return (
        f"CASE WHEN regexp_matches({plain}, '{WON_PATTERN}') THEN 'won' "
        f"WHEN regexp_matches({plain}, '{LOST_PATTERN}') THEN 'lost' END"
    )


OPEN_WORDS = ("open", "ouvert", "ouverte", "en cours", "in progress", "active", "actif", "pending", "new")


def status_of_word(word: str) -> str:
    plain = _plain(word)
    if re.match(WON_PATTERN, plain):
        return "won"
    if re.match(LOST_PATTERN, plain):
        return "lost"
    return "open"


def funnel_rank(stage: str) -> int:
    plain = _plain(stage)
    status = status_of_word(stage)
    if status == "won":
        return 90
    if status == "lost":
        return 95
    for pattern, rank in _FUNNEL_WORDS:
        if re.search(pattern, plain):
            return rank
    return 50


def load_stage_map(store: Store, source: str) -> pd.DataFrame:
    """The stored stages of a source in funnel order: raw_stage, status, funnel_order, probability."""
    return store.df(
        "SELECT raw_stage, status, funnel_order, probability FROM stage_map WHERE source = ? "
        "ORDER BY funnel_order NULLS LAST, raw_stage",
        [source],
    )


def save_stage_map(store: Store, source: str, stages: list[tuple[str, str, int, float | None]], *,
                   actor: User = LOCAL_ADMIN) -> None:
    """Replace how a source's raw stages map to open, won or lost, their funnel order and win probability (an
    admin's change: ``actor`` is checked)."""
    require(actor, MANAGE_DATA)
    for raw, status, _order, _probability in stages:
        if status not in ("open", "won", "lost"):
            raise ValueError(f"stage {raw!r}: status must be open, won or lost, not {status!r}")
    with store.transaction() as tx:
        tx.execute("DELETE FROM stage_map WHERE source = ?", [source])
        if stages:
            tx.executemany(
                "INSERT INTO stage_map (source, pipeline, raw_stage, status, funnel_order, probability) "
                "VALUES (?, '', ?, ?, ?, ?)",
                [(source, raw, status, order, probability) for raw, status, order, probability in stages],
            )


def add_new_stages(tx, source: str, seen: list[str], defaults: tuple[tuple[str, str, float | None], ...]) -> list[str]:
    """Store stages seen for the first time (status from the profile or words; order after the known ones)."""
    known = {row[0] for row in tx.execute("SELECT raw_stage FROM stage_map WHERE source = ?", [source]).fetchall()}
    new = [s for s in seen if s not in known]
    if not new:
        return []
    default_index = {_plain(name): (i, status, p) for i, (name, status, p) in enumerate(defaults)}
    top = tx.execute("SELECT coalesce(max(funnel_order), 0) FROM stage_map WHERE source = ?", [source]).fetchall()[0][0]

    def key(stage: str) -> tuple[int, int, int]:
        hit = default_index.get(_plain(stage))
        return (0, hit[0], 0) if hit else (1, funnel_rank(stage), seen.index(stage))

    rows = []
    for offset, stage in enumerate(sorted(new, key=key), start=1):
        hit = default_index.get(_plain(stage))
        status = hit[1] if hit else status_of_word(stage)
        rows.append((source, stage, status, top + offset, hit[2] if hit else None))
    tx.executemany(
        "INSERT INTO stage_map (source, pipeline, raw_stage, status, funnel_order, probability) "
        "VALUES (?, '', ?, ?, ?, ?)",
        rows,
    )
    return new
