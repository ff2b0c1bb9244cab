"""The printing and the refusals the ``users`` and ``tokens`` commands share (``smart.admin_cli``), and the one
refusal type behind their errors (``smart.user_input``)."""

from __future__ import annotations

import json

import pytest

from smart.access import UserError
from smart.admin_cli import render_records
from smart.api.tokens import TokenError
from smart.user_input import InputError, optional_text

RECORDS = [{"id": 7, "who": "ann@x.io", "tags": ["a", "b"], "note": None},
           {"id": 12, "who": "bo@x.io", "tags": [], "note": "légère"}]
FLAT = [{**record, "tags": ";".join(record["tags"])} for record in RECORDS]  # type: ignore[arg-type]
COLUMNS = ("id", "who", "tags", "note")


def test_a_table_is_aligned_on_its_widest_cell_with_blanks_for_missing_values() -> None:
    text = render_records(RECORDS, COLUMNS, "table", empty="(none)\n", flat=FLAT)
    assert text == ("id  who       tags  note\n"
                    "7   ann@x.io  a;b\n"
                    "12  bo@x.io         légère\n")


def test_csv_has_the_columns_as_header_and_json_keeps_the_lists() -> None:
    assert render_records(RECORDS, COLUMNS, "csv", empty="", flat=FLAT) == "id,who,tags,note\n7,ann@x.io,a;b,\n" \
                                                                            "12,bo@x.io,,légère\n"
    assert json.loads(render_records(RECORDS, COLUMNS, "json", empty="", flat=FLAT)) == RECORDS
    assert render_records(RECORDS, COLUMNS, "json", empty="", flat=FLAT).endswith("}\n]\n")


def test_no_record_says_the_empty_line_in_a_table_and_keeps_the_header_in_csv() -> None:
    assert render_records([], COLUMNS, "table", empty="(none yet)\n") == "(none yet)\n"
    assert render_records([], COLUMNS, "csv", empty="(none yet)\n") == "id,who,tags,note\n"
    assert render_records([], COLUMNS, "json", empty="(none yet)\n") == "[]\n"


@pytest.mark.parametrize("error_type", [UserError, TokenError])
def test_account_and_token_refusals_are_one_kind_of_input_error(error_type: type[InputError]) -> None:
    error = error_type("no such thing", "some.key", id="3")
    assert isinstance(error, InputError) and isinstance(error, ValueError)
    assert (str(error), error.key, error.values) == ("no such thing", "some.key", {"id": "3"})


def test_an_optional_name_is_trimmed_and_blank_is_none() -> None:
    assert [optional_text(text) for text in ("  Ann ", "   ", "", None)] == ["Ann", None, None, None]
