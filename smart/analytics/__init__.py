"""The analytics module: the KPI catalogue and the engine that computes every KPI the same way.

Public API (others build on it):

- ``CATALOGUE``, ``get_kpi(kpi_id, store=None) -> Kpi``, ``available_kpis(store=None)``;
- ``kpi_series(store, kpi_id, filters, grain="month", by=None, stat=None, today=None) -> DataFrame``;
- ``kpi_value(store, kpi_id, filters, stat=None, today=None) -> KpiValue``;
- ``kpi_total_by(store, kpi_id, filters, by, stat=None) -> DataFrame``;
- ``kpi_counts(store, kpi_id, filters, grain="month") -> DataFrame``: the facts behind a KPI, per period or in all;
- ``wilson_interval(successes, trials)``, ``split_change``, ``control_limits`` (stats.py: pure, the bottom);
- ``funnel``, ``time_in_stage``, ``cycle_statistics``, ``cohort_matrix``, ``partial_comparison`` (rates.py);
- ``revenue_bridge``, ``bridge_effects``, ``change_distribution`` (variance.py);
- ``plan_vs_actual``, ``plan_months``, ``plan_attainment``, ``plan_kpis``, ``plan_dimensions``, ``ignored_filters``,
  ``plan_for_scope`` (plan.py: the imported plan against the actual);
- for the pages, imported on first use (``smart.lazy``: the command line starts without them): the KPI lists
  (``CARD_KPIS``, ``PLAN_KPIS``, ``TEAM_KPIS``), the period arithmetic and filter codes, the Overview's card and
  control signals, deals queries and drill-downs (deals.py), the bridge by dimension and the team table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from smart.analytics.catalogue import (
    CARD_KPIS,
    CATALOGUE,
    PLAN_KPIS,
    STATS,
    TEAM_KPIS,
    UNITS,
    Kpi,
    UnknownKpiError,
    available_kpis,
    get_kpi,
)
from smart.analytics.filters import (
    EVERYTHING,
    FIRST_YEAR,
    GRAINS,
    LAST_YEAR,
    PERIOD_PRESETS,
    Filters,
    Scope,
    is_period,
    period_bounds,
    period_code,
    period_kind,
    quarter_code,
    quarter_of,
    year_code,
)
from smart.lazy import lazy_exports

if TYPE_CHECKING:
    from smart.analytics.cards import kpi_card
    from smart.analytics.deals import (
        DRILL_LIMIT,
        HISTOGRAM_BIN_DAYS,
        HISTOGRAM_CAP_DAYS,
        PushedBack,
        cycle_boxes,
        cycle_histogram,
        drill_deals,
        has_deals,
        has_leads,
        left_out_deals,
        pushed_back,
        pushed_close_dates,
    )
    from smart.analytics.engine import (
        DEFAULT_COHORT_WINDOW_DAYS,
        KpiValue,
        kpi_counts,
        kpi_series,
        kpi_total_by,
        kpi_value,
    )
    from smart.analytics.periods import month_start, previous_span, year_before
    from smart.analytics.pipelines import pipelines_in_view
    from smart.analytics.plan import (
        PLAN_DIMENSIONS,
        ignored_filters,
        plan_attainment,
        plan_dimensions,
        plan_for_scope,
        plan_kpis,
        plan_months,
        plan_vs_actual,
        planned_between,
    )
    from smart.analytics.rates import (
        PartialComparison,
        cohort_matrix,
        cycle_statistics,
        funnel,
        partial_comparison,
        time_in_stage,
    )
    from smart.analytics.stats import control_limits, split_change, wilson_interval
    from smart.analytics.team import team_table
    from smart.analytics.variance import (
        BRIDGE_EFFECTS,
        bridge_by,
        bridge_effects,
        bridge_steps,
        change_distribution,
        control_signals,
        revenue_bridge,
    )

# The engine and the modules built on it import pandas and numpy, and the pages' readers more: each is imported when
# one of its names is first read (smart/lazy.py), so that a command that only lists KPIs starts at once.
_LAZY_EXPORTS = {
    "cards": ("kpi_card",),
    "deals": ("DRILL_LIMIT", "HISTOGRAM_BIN_DAYS", "HISTOGRAM_CAP_DAYS", "PushedBack", "cycle_boxes", "cycle_histogram",
              "drill_deals", "has_deals", "has_leads", "left_out_deals", "pushed_back", "pushed_close_dates"),
    "engine": ("DEFAULT_COHORT_WINDOW_DAYS", "KpiValue", "kpi_counts", "kpi_series", "kpi_total_by", "kpi_value"),
    "periods": ("month_start", "previous_span", "year_before"),
    "pipelines": ("pipelines_in_view",),
    "plan": ("PLAN_DIMENSIONS", "ignored_filters", "plan_attainment", "plan_dimensions", "plan_for_scope", "plan_kpis",
             "plan_months", "plan_vs_actual", "planned_between"),
    "rates": ("PartialComparison", "cohort_matrix", "cycle_statistics", "funnel", "partial_comparison",
              "time_in_stage"),
    "stats": ("control_limits", "split_change", "wilson_interval"),
    "team": ("team_table",),
    "variance": ("BRIDGE_EFFECTS", "bridge_by", "bridge_effects", "bridge_steps", "change_distribution",
                 "control_signals", "revenue_bridge"),
}
__getattr__ = lazy_exports(__name__, _LAZY_EXPORTS)

__all__ = [
    "CATALOGUE", "DEFAULT_COHORT_WINDOW_DAYS", "GRAINS", "PERIOD_PRESETS", "PLAN_DIMENSIONS", "STATS", "UNITS",
    "Filters", "Kpi", "KpiValue", "PartialComparison", "UnknownKpiError", "available_kpis", "bridge_effects",
    "change_distribution", "cohort_matrix", "control_limits", "cycle_statistics", "funnel",
    "get_kpi", "ignored_filters", "kpi_counts", "kpi_series", "kpi_total_by", "kpi_value", "partial_comparison",
    "period_bounds", "plan_attainment", "plan_dimensions", "plan_for_scope", "plan_kpis", "plan_months",
    "plan_vs_actual", "revenue_bridge", "split_change", "time_in_stage", "wilson_interval",
]
__all__ += ["BRIDGE_EFFECTS", "CARD_KPIS", "DRILL_LIMIT", "EVERYTHING", "FIRST_YEAR", "HISTOGRAM_BIN_DAYS",
    "HISTOGRAM_CAP_DAYS", "LAST_YEAR", "PLAN_KPIS", "PushedBack", "Scope", "TEAM_KPIS", "bridge_by", "bridge_steps",
    "control_signals", "cycle_boxes", "cycle_histogram", "drill_deals", "has_deals", "has_leads", "is_period",
    "kpi_card", "left_out_deals", "month_start", "period_code", "period_kind", "pipelines_in_view", "planned_between",
    "previous_span", "pushed_back", "pushed_close_dates", "quarter_code", "quarter_of", "team_table", "year_before",
    "year_code"]
