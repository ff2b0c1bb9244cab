"""The Users page's two sections (``pages/users.py`` lays them out): the accounts and the HTTP API's tokens."""

from __future__ import annotations

from ui.users_views.accounts import FLASH_KEY, add_form, choices, edit_form, users_table
from ui.users_views.tokens import render_tokens

__all__ = ["FLASH_KEY", "add_form", "choices", "edit_form", "render_tokens", "users_table"]
