"""Raw CRM stages → open, won or lost, their funnel order and win probability, stored per pipeline in ``stage_map``.

Sources of truth, strongest first: what the user saved (the Import page edits ``stage_map``, pipeline by pipeline);
the CRM profile's default stages; what the file shows of a stage (its deals' outcomes and win probabilities, its
place in the deals' histories); English and French words (Won, Closed Won, Gagné, Signé, Perdu...). Deals take
their status from an explicit status column or IsWon/IsClosed flags first; the stage map decides only for files
without those. See ``smart.analytics.pipelines`` for what a pipeline's stages are.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import duckdb
import pandas as pd

from smart.access import LOCAL_ADMIN, MANAGE_DATA, User, require
from smart.storage import Store, row_hash_sql

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
    """``won``, ``lost`` or ``open``: what a stage's or status's name says (``Closed Won``, ``Perdu``...)."""
    plain = _plain(word)
    if re.match(WON_PATTERN, plain):
        return "won"
    if re.match(LOST_PATTERN, plain):
        return "lost"
    return "open"


def funnel_rank(stage: str) -> int:
    """Where a stage usually sits in a funnel, from its name (lower is earlier; won and lost last): the order a new
    stage map proposes."""
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


# ------------------------------------------------------------------------------------------------- guessing
@dataclass(frozen=True)
class StageEvidence:
    """What a file shows of one stage of one pipeline: how many deals are in it and how they ended (when the file
    says: a status column, won and closed flags), their win probabilities (0 to 1), where it first appears, and
    where it first appears in the deals' histories (0: first, 1: last; a history file's changes)."""

    stage: str
    first_line: int = 0
    deals: int = 0
    decided: int = 0
    won: int = 0
    lost: int = 0
    probability: float | None = None
    probability_min: float | None = None
    probability_max: float | None = None
    history_position: float | None = None


Defaults = tuple[tuple[str, str, float | None], ...]  # a CRM profile's (raw stage, status, probability) in order


@dataclass(frozen=True)
class StageGuess:
    """A stage's status, its place in the funnel (0 to 1, from the strongest evidence), and its win probability."""

    status: str
    place: float
    probability: float | None


def guess_stage(evidence: StageEvidence, defaults: Defaults = (), by_probability: bool = False) -> StageGuess:
    """How a stage the stage map does not know yet counts, from the file's evidence.

    Status: a CRM's own default stages say; else the words (Won, Gagné, Closed Lost, Perdu...); else a stage whose
    deals all ended won (the file says so), or all stand at 100 %, is won; a stage whose deals all ended lost is
    lost only when they stand at 0 % too (a CRM like Pipedrive keeps a lost deal at the stage where it was lost: the
    stages of lost deals are open stages). Place: where it first appears in the deals' histories; else, when the
    file's win probabilities tell stages apart (``by_probability``), its deals' median probability; else a CRM's
    default order; else the words (lead, qualification, meeting, demo, proposal, negotiation, contract); else the
    middle.
    """
    index = {_plain(name): (i, status, p) for i, (name, status, p) in enumerate(defaults)}
    hit = index.get(_plain(evidence.stage))
    status, probability = (hit[1], hit[2]) if hit else (status_of_word(evidence.stage), None)
    if not hit and status == "open" and evidence.deals:
        every = evidence.decided == evidence.deals
        if (every and evidence.won == evidence.deals) or evidence.probability_min == 1.0:
            status = "won"
        elif every and evidence.lost == evidence.deals and evidence.probability_max == 0.0:
            status = "lost"
    if probability is None and evidence.probability is not None:
        probability = {"won": 1.0, "lost": 0.0}.get(status, evidence.probability)
    if evidence.history_position is not None:
        place = evidence.history_position
    elif by_probability and evidence.probability is not None:
        place = evidence.probability
    elif hit:
        place = hit[0] / max(1, len(defaults) - 1)
    else:
        rank = funnel_rank(evidence.stage)
        place = (rank - 1) / len(_FUNNEL_WORDS) if rank <= len(_FUNNEL_WORDS) else 0.5
    return StageGuess(status, place, probability)


_GROUP = {"open": 0, "won": 1, "lost": 2}

# A row of the stage map: (raw_stage, status, funnel_order, probability).
StageRow = tuple[str, str, int | None, float | None]


def _pipeline_stages(tx: duckdb.DuckDBPyConnection, source: str, pipeline: str, inherit: set[str],
                     sole: bool) -> list[StageRow]:
    """The stage map of one pipeline, in order: its own rows, and for a named pipeline the source's rows (pipeline
    ``''``) it inherits: those in ``inherit`` (its stages in the file and in its stored deals), or all of them
    when it is its source's only pipeline (see ``smart.analytics.pipelines``). Rows: (raw_stage, status,
    funnel_order, probability)."""
    rows = tx.execute("""SELECT raw_stage, status, funnel_order, probability FROM stage_map
        WHERE source = ? AND pipeline = ?""", [source, pipeline]).fetchall()
    if pipeline:
        own = {row[0] for row in rows}
        stored = {row[0] for row in tx.execute("""SELECT DISTINCT stage FROM deals WHERE source = ?
            AND coalesce(pipeline, '') = ? AND stage IS NOT NULL""", [source, pipeline]).fetchall()}
        wanted = inherit | stored
        rows += [row for row in tx.execute("""SELECT raw_stage, status, funnel_order, probability FROM stage_map
            WHERE source = ? AND pipeline = ''""", [source]).fetchall()
                 if row[0] not in own and (sole or row[0] in wanted)]
    return sorted(rows, key=lambda row: (row[2] is None, row[2] or 0, row[0]))


def add_new_stages(tx: duckdb.DuckDBPyConnection, source: str, pipeline: str, evidence: list[StageEvidence],
                   defaults: Defaults = (), sole: bool = True) -> list[str]:
    """Add the stages of ``evidence`` (one pipeline's, in order of first appearance) that the pipeline's stage map
    does not know, each guessed from its evidence (``guess_stage``) and placed among the known stages by its
    guessed place: before the first known stage that lies further, won and lost stages last. The pipeline's stages
    are then numbered again from 1 and stored as its own rows. ``sole``: the pipeline is its source's only one.
    Returns the stages added."""
    current = _pipeline_stages(tx, source, pipeline, {e.stage for e in evidence}, sole)
    known = {row[0] for row in current}
    new = [e for e in evidence if e.stage not in known]
    if not new:
        return []
    probabilities = {round(e.probability, 6) for e in evidence if e.probability is not None}
    guesses = {e.stage: guess_stage(e, defaults, len(probabilities) > 1) for e in evidence}

    def place(stage: str, status: str) -> tuple[int, float]:
        guess = guesses.get(stage) or guess_stage(StageEvidence(stage), defaults)
        return _GROUP[status], guess.place

    ordered = [(row, place(row[0], row[1])) for row in current]
    for e in sorted(new, key=lambda e: (place(e.stage, guesses[e.stage].status), e.first_line)):
        guess = guesses[e.stage]
        where = place(e.stage, guess.status)
        at = next((i for i, (_row, other) in enumerate(ordered) if other > where), len(ordered))
        ordered.insert(at, ((e.stage, guess.status, None, guess.probability), where))
    tx.execute("DELETE FROM stage_map WHERE source = ? AND pipeline = ?", [source, pipeline])
    tx.executemany(
        "INSERT INTO stage_map (source, pipeline, raw_stage, status, funnel_order, probability) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [(source, pipeline, row[0], row[1], order, row[3]) for order, (row, _place) in enumerate(ordered, start=1)])
    return [e.stage for e in new]


def file_pipelines(tx: duckdb.DuckDBPyConnection, source: str, new: list[str]) -> list[dict[str, object]]:
    """The pipelines of the file being imported (its ``file_stages``: pipeline, stage, deals...), each with its
    whole stage map as the import leaves it: ``{"pipeline", "stages": [{"stage", "status", "funnel_order",
    "probability", "deals" (in the file), "new"}]}``, the largest pipeline first."""
    found = tx.execute("""SELECT pipeline, list(stage), list(deals), sum(deals) FROM file_stages
        GROUP BY pipeline ORDER BY sum(deals) DESC, pipeline""").fetchall()
    stored = {row[0] for row in tx.execute("SELECT DISTINCT coalesce(pipeline, '') FROM deals WHERE source = ?",
                                           [source]).fetchall()}
    pipelines = []
    for pipeline, stages, counts, _total in found:
        in_file = dict(zip(stages, counts, strict=True))
        sole = (stored | {row[0] for row in found}) == {pipeline}
        rows = _pipeline_stages(tx, source, pipeline, set(in_file), sole)
        pipelines.append({"pipeline": pipeline, "stages": [
            {"stage": stage, "status": status, "funnel_order": order, "probability": probability,
             "deals": int(in_file.get(stage, 0)), "new": stage in new}
            for stage, status, order, probability in rows]})
    return pipelines


# ------------------------------------------------------------------------------------------------- the editor
def source_pipelines(store: Store, source: str) -> list[str]:
    """The pipelines of a source's deals, the largest first (``''``: its deals without a pipeline column)."""
    return [row[0] for row in store.rows("""SELECT coalesce(pipeline, '') AS pipeline FROM deals WHERE source = ?
        GROUP BY ALL ORDER BY count(*) DESC, pipeline""", [source])]


def load_stage_map(store: Store, source: str, pipeline: str = "") -> pd.DataFrame:
    """A pipeline's stages in funnel order (``smart.analytics.pipelines``): raw_stage, status, funnel_order,
    probability, deals (how many of its deals stand in each). A pipeline without deals: its own rows."""
    from smart.analytics.pipelines import pipeline_stages

    stages = pipeline_stages(store, (source, pipeline))
    if stages.empty:
        stages = store.df("""SELECT raw_stage, status, funnel_order, probability, 0::BIGINT AS deals FROM stage_map
            WHERE source = ? AND pipeline = ? ORDER BY funnel_order NULLS LAST, raw_stage""", [source, pipeline])
    return stages[["raw_stage", "status", "funnel_order", "probability", "deals"]]


def save_stage_map(store: Store, source: str, stages: Sequence[StageRow],
                   pipeline: str = "", *, actor: User = LOCAL_ADMIN) -> int:
    """Replace how one pipeline's raw stages (``''``: a source's deals without a pipeline column, and the stages
    its pipelines inherit) map to open, won or lost, their funnel order and win probability; then the pipeline's
    deals whose status their stage decided (their file had no status column nor won/closed flags) take their
    stage's status, as do their earlier versions kept for undo: one transaction. Returns how many deals changed
    status. An admin's change: ``actor`` is checked."""
    require(actor, MANAGE_DATA)
    for raw, status, _order, _probability in stages:
        if status not in ("open", "won", "lost"):
            raise ValueError(f"stage {raw!r}: status must be open, won or lost, not {status!r}")
    with store.transaction() as tx:
        tx.execute("DELETE FROM stage_map WHERE source = ? AND pipeline = ?", [source, pipeline])
        if stages:
            tx.executemany(
                "INSERT INTO stage_map (source, pipeline, raw_stage, status, funnel_order, probability) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [(source, pipeline, raw, status, order, probability) for raw, status, order, probability in stages],
            )
        changed = _restatus(tx, "deals", "import_id", source, pipeline)
        _restatus(tx, "deal_versions", "prev_import_id", source, pipeline)
        tx.execute(f"""UPDATE deals SET row_hash = {row_hash_sql('deals')}
            WHERE source = ? AND coalesce(pipeline, '') = ? AND row_hash IS DISTINCT FROM {row_hash_sql('deals')}""",
                   [source, pipeline])
        return changed


_STAGE_DECIDED = " AND ".join(f"json_extract(i.mapping, '$.{name}') IS NULL" for name in ("status", "is_won",
                                                                                         "is_closed"))


def _restatus(tx: duckdb.DuckDBPyConnection, table: str, import_column: str, source: str, pipeline: str) -> int:
    """Give ``table``'s deals of the pipeline whose status their stage decided their stage's status now (its own
    row, else the source's); returns how many changed."""
    lookup = """SELECT coalesce(own.raw_stage, shared.raw_stage) AS raw_stage,
            coalesce(own.status, shared.status) AS status
        FROM (SELECT * FROM stage_map WHERE source = $source AND pipeline = $pipeline) own
        FULL JOIN (SELECT * FROM stage_map WHERE source = $source AND pipeline = '') shared USING (raw_stage)"""
    changed = tx.execute(f"""UPDATE {table} t SET status = m.status FROM ({lookup}) m, imports i
        WHERE t.source = $source AND coalesce(t.pipeline, '') = $pipeline AND t.stage = m.raw_stage
            AND t.status <> m.status AND i.id = t.{import_column} AND {_STAGE_DECIDED}""",
                         {"source": source, "pipeline": pipeline}).fetchall()[0][0]
    return int(changed)
