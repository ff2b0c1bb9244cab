"""Altair chart builders: one theme (``smart.charts.theme``), small aggregated data in, a chart out.

Builders never query the database: they take the small DataFrames that ``smart.analytics`` and
``smart.objectives`` return, so no chart ever receives raw rows. The theme is imported with the package; each
page's builders (and the selections they name) on first use (``smart.lazy``: they bring pandas).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from smart.charts.theme import OKABE_ITO, STATUS_COLORS, target_rule, use_theme
from smart.lazy import lazy_exports

if TYPE_CHECKING:
    from smart.charts.conversion import (
        FUNNEL_SELECTION,
        GROUP_SELECTION,
        cohort_heatmap,
        funnel_chart,
        rate_by_chart,
        rate_trend_chart,
    )
    from smart.charts.cycle import (
        BIN_SELECTION,
        BOX_SELECTION,
        box_chart,
        histogram_chart,
        median_trend_chart,
        time_in_stage_chart,
    )
    from smart.charts.format import axis_format, localised
    from smart.charts.objectives import pace_chart, status_chart
    from smart.charts.plan import plan_attainment_chart, plan_months_chart
    from smart.charts.variance import bridge_frame, plan_chart, waterfall_chart

_PAGES_EXPORTS = {
    "conversion": ("FUNNEL_SELECTION", "GROUP_SELECTION", "cohort_heatmap", "funnel_chart", "rate_by_chart",
                   "rate_trend_chart"),
    "cycle": ("BIN_SELECTION", "BOX_SELECTION", "box_chart", "histogram_chart", "median_trend_chart",
              "time_in_stage_chart"),
    "format": ("axis_format", "localised"),
    "objectives": ("pace_chart", "status_chart"),
    "plan": ("plan_attainment_chart", "plan_months_chart"),
    "variance": ("bridge_frame", "plan_chart", "waterfall_chart"),
}
__getattr__ = lazy_exports(__name__, _PAGES_EXPORTS)

__all__ = ["OKABE_ITO", "STATUS_COLORS", "target_rule", "use_theme"]
__all__ += ["BIN_SELECTION", "BOX_SELECTION", "FUNNEL_SELECTION", "GROUP_SELECTION", "axis_format", "box_chart",
    "bridge_frame", "cohort_heatmap", "funnel_chart", "histogram_chart", "localised", "median_trend_chart",
    "pace_chart", "plan_attainment_chart", "plan_chart", "plan_months_chart", "rate_by_chart", "rate_trend_chart",
    "status_chart", "time_in_stage_chart", "waterfall_chart"]
