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
  ``plan_for_scope`` (plan.py: the imported plan against the actual).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from smart.analytics.catalogue import CATALOGUE, STATS, UNITS, Kpi, UnknownKpiError, available_kpis, get_kpi
from smart.analytics.filters import GRAINS, PERIOD_PRESETS, Filters, period_bounds
from smart.lazy_names import lazy_names

if TYPE_CHECKING:
    from smart.analytics.engine import (
        DEFAULT_COHORT_WINDOW_DAYS,
        KpiValue,
        kpi_counts,
        kpi_series,
        kpi_total_by,
        kpi_value,
    )
    from smart.analytics.plan import (
        PLAN_DIMENSIONS,
        ignored_filters,
        plan_attainment,
        plan_dimensions,
        plan_for_scope,
        plan_kpis,
        plan_months,
        plan_vs_actual,
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
    from smart.analytics.variance import bridge_effects, change_distribution, revenue_bridge

# The modules below import pandas and numpy: imported when one of their names is first read, so that a command that
# only lists KPIs starts at once (smart/lazy_names.py).
__getattr__ = lazy_names(globals(), {
    "smart.analytics.engine": ("DEFAULT_COHORT_WINDOW_DAYS", "KpiValue", "kpi_counts", "kpi_series", "kpi_total_by",
                               "kpi_value"),
    "smart.analytics.plan": ("PLAN_DIMENSIONS", "ignored_filters", "plan_attainment", "plan_dimensions",
                             "plan_for_scope", "plan_kpis", "plan_months", "plan_vs_actual"),
    "smart.analytics.rates": ("PartialComparison", "cohort_matrix", "cycle_statistics", "funnel",
                              "partial_comparison", "time_in_stage"),
    "smart.analytics.stats": ("control_limits", "split_change", "wilson_interval"),
    "smart.analytics.variance": ("bridge_effects", "change_distribution", "revenue_bridge"),
})

__all__ = [
    "CATALOGUE", "DEFAULT_COHORT_WINDOW_DAYS", "GRAINS", "PERIOD_PRESETS", "PLAN_DIMENSIONS", "STATS", "UNITS",
    "Filters", "Kpi", "KpiValue", "PartialComparison", "UnknownKpiError", "available_kpis", "bridge_effects",
    "change_distribution", "cohort_matrix", "control_limits", "cycle_statistics", "funnel",
    "get_kpi", "ignored_filters", "kpi_counts", "kpi_series", "kpi_total_by", "kpi_value", "partial_comparison",
    "period_bounds", "plan_attainment", "plan_dimensions", "plan_for_scope", "plan_kpis", "plan_months",
    "plan_vs_actual", "revenue_bridge", "split_change", "time_in_stage", "wilson_interval",
]
