"""The message table: every UI string, keyed, in English and French.

Each area keeps its messages in its own module so that the table stays readable; this module merges them
and refuses a key defined twice.
"""

from __future__ import annotations

from smart.i18n import (
    messages_access,
    messages_api,
    messages_calibration,
    messages_common,
    messages_currency,
    messages_deploy,
    messages_display,
    messages_figures,
    messages_history,
    messages_import,
    messages_importflow,
    messages_kpi,
    messages_load,
    messages_objectives,
    messages_pages,
    messages_period,
    messages_plan,
    messages_review,
    messages_rules,
    messages_storage,
)

Messages = dict[str, dict[str, str]]


def _merge(*tables: Messages) -> Messages:
    merged: Messages = {}
    for table in tables:
        for key, texts in table.items():
            if key in merged:
                raise ValueError(f"i18n key {key!r} is defined twice")
            merged[key] = texts
    return merged


MESSAGES: Messages = _merge(
    messages_common.MESSAGES, messages_objectives.MESSAGES, messages_review.MESSAGES, messages_pages.MESSAGES,
    messages_kpi.MESSAGES, messages_import.MESSAGES, messages_storage.MESSAGES, messages_importflow.MESSAGES,
    messages_period.MESSAGES, messages_plan.MESSAGES, messages_history.MESSAGES, messages_deploy.MESSAGES,
    messages_rules.MESSAGES,
    messages_currency.MESSAGES, messages_calibration.MESSAGES, messages_figures.MESSAGES, messages_display.MESSAGES,
    messages_access.MESSAGES, messages_api.MESSAGES, messages_load.MESSAGES,
)
