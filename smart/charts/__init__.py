"""Altair chart builders: one theme (``smart.charts.theme``), small aggregated data in, a chart out.

Builders never query the database: they take the small DataFrames that ``smart.analytics`` and
``smart.objectives`` return, so no chart ever receives raw rows.
"""

from smart.charts.theme import OKABE_ITO, STATUS_COLORS, target_rule, use_theme

__all__ = ["OKABE_ITO", "STATUS_COLORS", "target_rule", "use_theme"]
