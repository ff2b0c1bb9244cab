"""Why a row is rejected: the importer's own reason codes, and the SQL that words them in a reader's language.

The importer decides reasons; it does not word them. Each rejected row carries one code of ``REASONS``, kept in
``import_rejects.reason_key`` with, for a duplicate id, the lines it was found on (``reason_lines``). The codes are
spelled ``ingest.reason.<name>``, as the rows already stored spell them, and a Translator words each under that key:
the words come from whoever shows them (``reason_words``), so that a million rejects are worded by one CASE in
DuckDB, not by Python, and the importer never reads the UI's message table to know its own reasons.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from smart.ingest import values as vs
from smart.ingest.errors import Said

if TYPE_CHECKING:
    from smart.i18n import Translator

MAX_LINE_BYTES = 2 * 1024 * 1024  # DuckDB's reader rejects a longer line (``read.read``)

SAME_ID = "ingest.reason.same_id"  # worded with the lines the id was found on
TOO_LONG = "ingest.reason.too_long"

# Every reason the importer gives, each with the values its words need.
REASONS: dict[str, dict[str, object]] = {
    **{f"ingest.reason.{name}": {} for name in (
        # what DuckDB's reader found (READER_REASONS)
        "fewer_fields", "more_fields", "stray_quote", "bad_encoding", "not_csv",
        # a value that does not read, or is missing
        "unreadable_number", "unreadable_amount", "unreadable_date", "not_boolean", "missing_id", "missing_date",
        "missing_title", "missing_kpi", "missing_kpi_name", "missing_target", "missing_start", "missing_deadline",
        "missing_currency", "missing_rate", "missing_plan_amount", "missing_plan_dimension",
        # a value that reads but cannot be
        "bad_direction", "bad_target_mode", "bad_scope_type", "bad_grain", "deadline_before_start",
        "unknown_currency", "rate_not_positive", "rate_same_currency", "unknown_plan_kpi", "plan_total_row",
        # no longer given (such deals are kept, and said), still worded for the rejects older imports stored
        "close_before_creation",
    )},
    SAME_ID: {},
    TOO_LONG: {"size": MAX_LINE_BYTES // (1024 * 1024)},
}

# DuckDB's reader's error types, each with its reason; any other is kept as the reader says it.
READER_REASONS = {
    "MISSING COLUMNS": "ingest.reason.fewer_fields",
    "TOO MANY COLUMNS": "ingest.reason.more_fields",
    "UNQUOTED VALUE": "ingest.reason.stray_quote",
    "LINE SIZE OVER MAXIMUM": TOO_LONG,
    "INVALID ENCODING": "ingest.reason.bad_encoding",
    "INVALID STATE": "ingest.reason.not_csv",
}

_LINES = "\x00"  # where a duplicate id's lines go in its words


def reason_words(t: Translator) -> dict[str, str]:
    """Each reason's words in ``t``'s language (the duplicate id's with a place for its lines), for ``reason_sql``."""
    return {code: t(code, **values, **({"lines": _LINES} if code == SAME_ID else {}))
            for code, values in REASONS.items()}


def reason_sql(words: Mapping[str, str], code: str, lines: str) -> str:
    """SQL for a reject's reason worded with ``words`` (``reason_words``), from the SQL of its code and of the lines
    a duplicate id was found on; NULL for a row without a code."""
    cases = []
    for reason, text in words.items():
        if _LINES in text:
            before, after = text.split(_LINES)
            cases.append(f"WHEN {vs.lit(reason)} THEN {vs.lit(before)} || {lines} || {vs.lit(after)}")
        else:
            cases.append(f"WHEN {vs.lit(reason)} THEN {vs.lit(text)}")
    return f"CASE {code} {' '.join(cases)} END"


def reader_reason_sql(error_type: str) -> str:
    """SQL for the reason code of a row DuckDB's reader rejected, from the SQL of its error type."""
    cases = " ".join(f"WHEN {vs.lit(k)} THEN {vs.lit(v)}" for k, v in READER_REASONS.items())
    return f"CASE {error_type} {cases} END"


def reason_said(code: str | None, lines: str | None, text: str) -> str:
    """A listed reject's reason: a Said (English, and the code to say it in another language), else its text."""
    if code is None:
        return text
    return Said(code, **(REASONS.get(code, {}) | ({"lines": lines} if code == SAME_ID else {})))
