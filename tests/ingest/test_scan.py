"""The byte pass of the sniffer: line endings and blank lines, counted chunk by chunk, against a plain reading of
the whole file at once (breaks split between chunks are the hard part, so the chunks here are a few bytes)."""

from __future__ import annotations

import random
import re

import pytest

from smart.ingest import sniff


def _reference(data: bytes) -> dict[str, object]:
    """What the scan must find, from the whole file at once with bytes.count and a regular expression."""
    blank = re.search(rb"\n\r?\n", data)
    last_content = len(data.rstrip(b" \t\r\n")) - 1
    return {"lf": data.count(b"\n"), "crlf": data.count(b"\r\n"), "cr": data.count(b"\r"),
            "blank_inside": bool(blank) and blank.start() < last_content,
            "ends_with_newline": data.endswith((b"\n", b"\r")), "has_quotes": b'"' in data,
            "has_tab": b"\t" in data, "has_no_break_space": b"\xa0" in data}


def _scanned(tmp_path, data: bytes) -> dict[str, object]:
    path = tmp_path / "f.csv"
    path.write_bytes(data)
    scan = sniff._scan(path)
    return {key: getattr(scan, key) for key in ("lf", "crlf", "cr", "blank_inside", "ends_with_newline",
                                                 "has_quotes", "has_tab", "has_no_break_space")}


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 1 << 22])
@pytest.mark.parametrize("data, blank_inside", [
    (b"id,n\n1,a\n\n2,b\n", True),
    (b"id,n\r\n1,a\r\n\r\n2,b\r\n", True),
    (b"id,n\n1,a\n2,b\n\n\n", False),       # blank lines at the end only
    (b"id,n\r\n1,a\r\n2,b\r\n\r\n", False),
    (b"\n\nid,n\n1,a\n", True),             # blank lines above the header
    (b'id,n\n1,"a\nb"\n2,c', False),
    (b"id,n\n1,a\n\n2,b" + b" \n" * 100, True),    # more trailing blanks than the scan first looks at
    (b"id,n\n1,a\n2,b" + b"\r\n" * 100, False),
])
def test_breaks_split_between_chunks(tmp_path, monkeypatch, chunk: int, data: bytes, blank_inside: bool) -> None:
    monkeypatch.setattr(sniff, "CHUNK", chunk)
    found = _scanned(tmp_path, data)
    assert found == _reference(data)
    assert found["blank_inside"] is blank_inside


def test_random_lf_and_crlf_files_match_a_whole_file_reading(tmp_path, monkeypatch) -> None:
    """Files with only LF or only CRLF endings (a file mixing them, or with bare CRs, is rewritten before it is
    read, whatever its blank lines)."""
    chooser = random.Random(7)
    for _ in range(300):
        ending = chooser.choice([b"\n", b"\r\n"])
        lines = [bytes(chooser.choice(b'ab ,"\t\xa0') for _ in range(chooser.randint(0, 4)))
                 for _ in range(chooser.randint(1, 8))]
        data = ending.join(lines) + chooser.choice([b"", ending])
        if not data:
            continue
        monkeypatch.setattr(sniff, "CHUNK", chooser.choice([1, 2, 3, 5, 64]))
        assert _scanned(tmp_path, data) == _reference(data), data
