"""The Variance page's sections (``pages/variance.py`` lays them out): the objectives' plan against actual, the
actual against the imported plan, and the revenue bridge with its split by team or rep."""

from __future__ import annotations

from ui.variance_views.bridge import bridge_section, by_section
from ui.variance_views.objectives import plan_section
from ui.variance_views.plan import imported_plan_section

__all__ = ["bridge_section", "by_section", "imported_plan_section", "plan_section"]
