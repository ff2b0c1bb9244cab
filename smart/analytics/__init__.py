"""The analytics module: the KPI catalogue and the engine that computes every KPI the same way.

Public API (others build on it):

- ``CATALOGUE``, ``get_kpi(kpi_id, store=None) -> Kpi``, ``available_kpis(store=None)``;
- ``kpi_series(store, kpi_id, filters, grain="month", by=None, stat=None, today=None) -> DataFrame``;
- ``kpi_value(store, kpi_id, filters, stat=None, today=None) -> KpiValue``;
- ``kpi_total_by(store, kpi_id, filters, by, stat=None) -> DataFrame``;
- ``wilson_interval(successes, trials)``.
"""

from __future__ import annotations

from smart.analytics.catalogue import CATALOGUE, STATS, UNITS, Kpi
from smart.analytics.engine import (
    DEFAULT_COHORT_WINDOW_DAYS,
    KpiValue,
    UnknownKpiError,
    available_kpis,
    get_kpi,
    kpi_series,
    kpi_total_by,
    kpi_value,
)
from smart.analytics.filters import GRAINS, PERIOD_PRESETS, Filters, period_bounds
from smart.analytics.rates import wilson_interval

__all__ = [
    "CATALOGUE", "DEFAULT_COHORT_WINDOW_DAYS", "GRAINS", "PERIOD_PRESETS", "STATS", "UNITS", "Filters", "Kpi",
    "KpiValue", "UnknownKpiError", "available_kpis", "get_kpi", "kpi_series", "kpi_total_by", "kpi_value",
    "period_bounds", "wilson_interval",
]
