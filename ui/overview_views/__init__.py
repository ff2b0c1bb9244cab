"""The Overview's blocks (``pages/overview.py`` lays them out): the KPI cards, the objectives at a glance, the weak
signals and how fresh the data is."""

from __future__ import annotations

from ui.overview_views.cards import comparison_caption, kpi_cards
from ui.overview_views.freshness import data_freshness
from ui.overview_views.objectives import objectives_at_a_glance
from ui.overview_views.signals import weak_signals

__all__ = ["comparison_caption", "data_freshness", "kpi_cards", "objectives_at_a_glance", "weak_signals"]
