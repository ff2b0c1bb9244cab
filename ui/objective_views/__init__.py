"""The Objectives page's three views (``pages/objectives.py`` lays them out in tabs): the list, one objective's
detail, and the create form."""

from __future__ import annotations

from ui.objective_views.create import render_create
from ui.objective_views.detail import render_detail
from ui.objective_views.listing import render_list

__all__ = ["render_create", "render_detail", "render_list"]
