"""A deals file's columns, statuses and close dates, the stages it adds to the stage map, and its notes."""

from __future__ import annotations

from typing import TYPE_CHECKING

import duckdb

from smart.ingest import currencies as cu
from smart.ingest import stages as sg
from smart.ingest import values as vs
from smart.ingest.errors import Said
from smart.ingest.fields import Fields

if TYPE_CHECKING:
    from smart.ingest.planning import Plan
    from smart.ingest.result import ImportResult


_STAGES_IN_A_CASE = 200


def deal_select(fields: Fields, plan: Plan) -> dict[str, str]:
    """A deal's staged columns as the file gives them; its status and close date are decided once its stages are
    known (``stage_deals``)."""
    f = fields.get
    title = f"coalesce({f('title')}, {f('account')})" if "account" in fields.exprs else f("title")
    return {
        "source": vs.lit(plan.source), "crm_id": fields.id_sql(), "title": title, "account": f("account"),
        "owner": f("owner"), "team": f("team"), "pipeline": f("pipeline"), "stage": f("stage"),
        "status_text": f("status"), "is_won": f("is_won"), "is_closed": f("is_closed"), "amount": f("amount"),
        **cu.deal_currency_select(fields, plan.currency), "created_on": f("created_on"),
        "close_mapped": f("close_on"), "won_on": f("won_on"), "lost_on": f("lost_on"),
        "expected_close_on": f("expected_close_on"), "lead_source": f("lead_source"),
        "deal_type": f("deal_type"), "won_reason": f("won_reason"), "lost_reason": f("lost_reason"),
        "product": f("product"), "probability": f("probability"),
    }


def _add_file_stages(tx: duckdb.DuckDBPyConnection, fields: Fields, plan: Plan, rows: str, stated: str,
                     status_join: str) -> list[str]:
    """``file_stages``: the (pipeline, stage) pairs of the file with what it shows of each (``sg.StageEvidence``:
    its deals' stated outcomes and win probabilities, its first line); the stages a pipeline's stage map does not
    know yet are added to it, guessed from that evidence. Returns them (each named once)."""
    probability = "NULL::DOUBLE"
    if "probability" in fields.exprs:
        # Percentages: 0-100 unless every value is a share (0-1).
        top = tx.execute(f"SELECT max(probability) FROM ({rows})").fetchall()[0][0]
        probability = "s.probability / 100" if top is not None and top > 1 else "s.probability"
    stage = "s.stage" if "stage" in fields.exprs else "NULL::VARCHAR"
    tx.execute(f"""CREATE OR REPLACE TEMP TABLE file_stages AS
        SELECT coalesce(s.pipeline, '') AS pipeline, {stage} AS stage, min(s.line) AS first_line,
               count(*) AS deals, count({stated}) AS decided, count(*) FILTER (WHERE {stated} = 'won') AS won,
               count(*) FILTER (WHERE {stated} = 'lost') AS lost, median({probability}) AS probability,
               min({probability}) AS probability_min, max({probability}) AS probability_max
        FROM ({rows}) s {status_join} WHERE {stage} IS NOT NULL GROUP BY ALL""")
    found = tx.execute("SELECT * FROM file_stages ORDER BY first_line").fetchall()
    by_pipeline: dict[str, list[sg.StageEvidence]] = {}
    for pipeline, *figures in found:
        by_pipeline.setdefault(pipeline, []).append(sg.StageEvidence(*figures))
    stored = {row[0] for row in tx.execute("SELECT DISTINCT coalesce(pipeline, '') FROM deals WHERE source = ?",
                                           [plan.source]).fetchall()}
    defaults = plan.profile.stages if plan.profile else ()
    new: list[str] = []
    for pipeline, evidence in by_pipeline.items():
        sole = (stored | set(by_pipeline)) == {pipeline}
        new += sg.add_new_stages(tx, plan.source, pipeline, evidence, defaults, sole)
    return list(dict.fromkeys(new))


def stage_deals(tx: duckdb.DuckDBPyConnection, fields: Fields, plan: Plan,
                rows: str) -> tuple[list[str], list[tuple[str, str, str, str]]]:
    """``staged``: the deals of ``rows`` (SQL over the staged rows) with their status and close date; returns the
    stages seen for the first time and the deal-specific problems."""
    open_words = ", ".join(vs.lit(w) for w in sg.OPEN_WORDS)
    if "status" in plan.mapping:
        # Status words are matched once per distinct value.
        tx.execute(f"""CREATE OR REPLACE TEMP TABLE status_words AS SELECT raw, coalesce({sg.status_sql('raw')},
            CASE WHEN trim(strip_accents(lower(raw))) IN ({open_words}) THEN 'open' END) AS word_status
            FROM (SELECT DISTINCT status_text AS raw FROM ({rows}))""")
        stated = "sw.word_status"
    elif "is_won" in plan.mapping or "is_closed" in plan.mapping:
        stated = ("CASE WHEN coalesce(s.is_won, false) THEN 'won' WHEN coalesce(s.is_closed, false) THEN 'lost' "
                  "ELSE 'open' END")
    else:
        stated = "NULL"
    status_join = ("LEFT JOIN status_words sw ON sw.raw = s.status_text" if "status" in plan.mapping else "")
    new_stages = _add_file_stages(tx, fields, plan, rows, stated, status_join)
    # Every stage seen is in its pipeline's stage map now (the profile, the file's evidence or the words decided new
    # ones): no per-row word matching, and a CASE over the few (pipeline, stage) pairs seen instead of a join (every
    # later query on ``staged`` evaluates it; a join cost 20-40 ms each on a million rows). Many distinct "stages"
    # are joined.
    by_stage, stage_join = "'open'", ""
    pairs = tx.execute(f"""SELECT f.pipeline, f.stage, coalesce(own.status, shared.status) FROM file_stages f
        LEFT JOIN stage_map own ON own.source = {vs.lit(plan.source)} AND own.pipeline = f.pipeline
            AND own.raw_stage = f.stage
        LEFT JOIN stage_map shared ON shared.source = {vs.lit(plan.source)} AND shared.pipeline = ''
            AND shared.raw_stage = f.stage
        WHERE coalesce(own.status, shared.status) IS NOT NULL""").fetchall()
    if len(pairs) > _STAGES_IN_A_CASE:
        by_stage = "coalesce(sm.sm_status, 'open')"
        stage_join = "LEFT JOIN stage_statuses sm ON sm.pipeline = coalesce(s.pipeline, '') AND sm.raw_stage = s.stage"
        tx.execute("CREATE OR REPLACE TEMP TABLE stage_statuses "
                   "(pipeline VARCHAR, raw_stage VARCHAR, sm_status VARCHAR)")
        tx.executemany("INSERT INTO stage_statuses VALUES (?, ?, ?)", pairs)
    elif pairs:
        by_pipeline: dict[str, list[tuple[str, str]]] = {}
        for pipeline, stage, status in pairs:
            by_pipeline.setdefault(pipeline, []).append((stage, status))
        cases = " ".join(
            f"WHEN {vs.lit(pipeline)} THEN CASE s.stage "
            + " ".join(f"WHEN {vs.lit(stage)} THEN {vs.lit(status)}" for stage, status in stages) + " END"
            for pipeline, stages in by_pipeline.items())
        by_stage = f"coalesce(CASE coalesce(s.pipeline, '') {cases} END, 'open')"
    status = f"coalesce({stated}, {by_stage})" if stated != "NULL" else by_stage
    # Without a close date, a won or lost deal closed when it was won or lost, an open one is expected to close.
    others = [*(["CASE status WHEN 'won' THEN s.won_on WHEN 'lost' THEN s.lost_on END"]
                if "won_on" in fields.exprs or "lost_on" in fields.exprs else []),
              *(["s.expected_close_on"] if "expected_close_on" in fields.exprs else [])]
    close_on = f"coalesce(s.close_mapped, {', '.join(others)})" if others else "s.close_mapped"
    tx.execute(f"""CREATE OR REPLACE TEMP VIEW staged AS
        SELECT s.* EXCLUDE (close_mapped, won_on, lost_on, expected_close_on, probability), {status} AS status,
               {close_on} AS close_on
        FROM ({rows}) s {stage_join} {status_join}""")
    if "created_on" in fields.exprs:
        bulk = tx.execute("""SELECT created_on, count(*), (SELECT count(*) FROM staged) FROM staged
            WHERE created_on IS NOT NULL GROUP BY created_on ORDER BY count(*) DESC LIMIT 1""").fetchall()
        if bulk and bulk[0][1] >= 10 and bulk[0][1] >= 0.9 * bulk[0][2]:
            fields.notes.append(Said("ingest.note.bulk_created", count=bulk[0][1], total=bulk[0][2],
                                     date=str(bulk[0][0])))
    # A close date before the creation date is no reason to reject a deal (a Data Loader's CreatedDate is the day
    # of the load): it is kept, counted and said (``deal_notes``), and left out of sales-cycle lengths only.
    return new_stages, [("crm_id IS NULL", fields.header("crm_id"), "''", "ingest.reason.missing_id"),
                        *cu.currency_problems(fields)]


def deal_notes(tx: duckdb.DuckDBPyConnection, fields: Fields, result: ImportResult) -> None:
    """Count and say the deals kept as they are though they look odd: closed before they were created (left out of
    sales-cycle lengths only), won with a negative amount (a credit note: it lowers revenue) or with an amount of 0
    (a win, but no deal size: left out of the average deal size). The rules are the KPI catalogue's."""
    before, negative, zero = tx.execute("""SELECT count(*) FILTER (WHERE close_on < created_on),
            count(*) FILTER (WHERE status = 'won' AND amount < 0), count(*) FILTER (WHERE status = 'won' AND amount = 0)
        FROM classified""").fetchall()[0]
    result.closed_before_created, result.negative_won, result.zero_won = before, negative, zero
    for key, count in (("closed_before_created", before), ("negative_won", negative), ("zero_won", zero)):
        if count:
            fields.notes.append(Said(f"ingest.note.{key}", count=count))
