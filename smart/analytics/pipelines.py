"""Pipelines: a deal's stages mean something only in the pipeline it belongs to.

A deal's pipeline is its CRM's pipeline column (``deals.pipeline``), else the one pipeline of its source (``''``):
a pipeline is keyed ``(source, pipeline)``. Two CRMs, or two pipelines of one CRM, never share a funnel: each has
its own stages, in its own order, in ``stage_map``:

- rows of ``(source, pipeline)`` are that pipeline's own stages (the importer writes them, the stage editor saves
  them);
- rows of ``(source, '')`` are the source's stages for deals without a pipeline column, and the stages any pipeline
  of the source inherits when it has no row of its own for them (a CRM's stages saved before its first import,
  a database from before pipelines were told apart). A pipeline inherits only the stages its deals went through
  (their current stage or any stage in their history), unless it is its source's only pipeline: then all of them,
  so that a stage no deal reached yet still shows, empty, in its funnel.

A stage's ``position`` in its pipeline's funnel ranks the open stages by funnel order, then the won ones: a won
deal went through every stage, so a won stage ends the funnel whatever order it was given. Lost stages (and
stages without an order) are not in the funnel.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from smart.analytics.filters import Filters, dimension_conditions
from smart.storage import Store

PipelineKey = tuple[str, str]  # (source, pipeline): pipeline '' for a source's deals without a pipeline column

# Every pipeline that has deals, and the stages of each: source, pipeline, raw_stage, status, funnel_order,
# probability, position (in the funnel: open stages by order, then won ones; NULL for lost stages).
PIPELINE_STAGES = """
    SELECT *, CASE WHEN in_funnel THEN row_number() OVER (
                  PARTITION BY source, pipeline, in_funnel ORDER BY status = 'won', funnel_order, raw_stage) END
              AS position
    FROM (
        WITH pipes AS (SELECT source, coalesce(pipeline, '') AS pipeline FROM deals GROUP BY ALL),
        sole AS (SELECT source FROM pipes GROUP BY source HAVING count(*) = 1),
        shared AS (SELECT source FROM pipes EXCEPT SELECT source FROM sole),
        -- Only the sources with several pipelines need to know which stages each pipeline's deals went through: now,
        -- in an earlier export (deal_versions, deal_snapshots) or in a stage history file (deal_changes).
        seen AS (
            SELECT source, coalesce(pipeline, '') AS pipeline, stage FROM deals
            WHERE stage IS NOT NULL AND source IN (SELECT source FROM shared)
            UNION
            SELECT d.source, coalesce(d.pipeline, '') AS pipeline, h.stage
            FROM (SELECT source, crm_id, stage FROM deal_versions
                  UNION ALL SELECT source, crm_id, stage FROM deal_snapshots
                  UNION ALL SELECT source, crm_id, stage FROM deal_changes) h
            JOIN deals d USING (source, crm_id)
            WHERE h.stage IS NOT NULL AND d.source IN (SELECT source FROM shared)),
        own AS (
            SELECT m.source, m.pipeline, m.raw_stage, m.status, m.funnel_order, m.probability
            FROM stage_map m SEMI JOIN pipes p ON p.source = m.source AND p.pipeline = m.pipeline),
        inherited AS (
            SELECT m.source, p.pipeline, m.raw_stage, m.status, m.funnel_order, m.probability
            FROM stage_map m JOIN pipes p ON p.source = m.source AND m.pipeline = '' AND p.pipeline <> ''
            ANTI JOIN own o ON o.source = m.source AND o.pipeline = p.pipeline AND o.raw_stage = m.raw_stage),
        candidates AS (
            SELECT *, pipeline <> '' AS exact FROM own
            UNION ALL
            SELECT *, false AS exact FROM inherited)
        SELECT c.* EXCLUDE (exact), c.status IN ('open', 'won') AND c.funnel_order IS NOT NULL AS in_funnel
        FROM candidates c
        WHERE c.exact OR c.source IN (SELECT source FROM sole)
            OR EXISTS (SELECT 1 FROM seen s WHERE s.source = c.source AND s.pipeline = c.pipeline
                       AND s.stage = c.raw_stage))"""


@dataclass(frozen=True)
class Pipeline:
    """A pipeline in view: its key, and how many deals it has in the period (created or closed in it)."""

    source: str
    name: str
    deals: int

    @property
    def key(self) -> PipelineKey:
        return self.source, self.name

    @property
    def code(self) -> str:
        """Its stable code, as a page keeps it in the URL."""
        return pipeline_code(self.key)


def pipeline_code(key: PipelineKey) -> str:
    """A pipeline's stable code, ``source|name``, as a page keeps it in the URL."""
    return f"{key[0]}|{key[1]}"


def pipelines_in_view(store: Store, filters: Filters | None = None) -> list[Pipeline]:
    """The pipelines with deals created or closed in the range (and matching the other filters), the largest (most
    such deals) first; every pipeline with deals when none has any in the range."""
    filters = filters or Filters()
    conditions, values = dimension_conditions(filters, ("owner", "team", "lead_source", "pipeline"), "f.")
    bounds = [(bound, value) for bound, value in ((">=", filters.start), ("<=", filters.end)) if value is not None]
    dated, params = [], []
    if bounds:
        dated = [" OR ".join(" AND ".join(f"f.{column} {bound} ?" for bound, _ in bounds)
                             for column in ("created_on", "close_on"))]
        params = [value for _ in range(2) for _, value in bounds]
    in_range = " AND ".join([f"({condition})" for condition in dated] + conditions) or "TRUE"
    rows = store.rows(f"""
        SELECT f.source, coalesce(f.pipeline, '') AS pipeline, count(*) FILTER (WHERE {in_range}) AS deals
        FROM (SELECT d.*, r.team FROM deals d LEFT JOIN reps r ON r.owner = d.owner) f
        GROUP BY ALL ORDER BY deals DESC, f.source, pipeline""", [*params, *values])
    pipelines = [Pipeline(source, name, int(deals)) for source, name, deals in rows]
    in_view = [pipeline for pipeline in pipelines if pipeline.deals]
    return in_view or pipelines


def largest_pipeline(store: Store, filters: Filters | None = None) -> PipelineKey | None:
    """The pipeline with the most deals in the period (``pipelines_in_view``); None without deals."""
    pipelines = pipelines_in_view(store, filters)
    return pipelines[0].key if pipelines else None


def pipeline_stages(store: Store, key: PipelineKey) -> pd.DataFrame:
    """A pipeline's stages in funnel order (lost and unordered ones last): raw_stage, status, funnel_order,
    probability, position, and ``deals``, how many of its deals are in each now."""
    return store.df(f"""
        SELECT s.raw_stage, s.status, s.funnel_order, s.probability, s.position, count(d.crm_id)::BIGINT AS deals
        FROM ({PIPELINE_STAGES}) s
        LEFT JOIN deals d ON d.source = s.source AND coalesce(d.pipeline, '') = s.pipeline AND d.stage = s.raw_stage
        WHERE s.source = ? AND s.pipeline = ?
        GROUP BY ALL ORDER BY s.position NULLS LAST, s.funnel_order NULLS LAST, s.raw_stage""", list(key))
