"""XLSX benchmark (run by hand): how long and how much memory a hostile or an honest workbook costs the importer.

    .venv/bin/python benchmarks/bench_xlsx.py [--cases NAME ...] [--code PATH] [--timeout 600] [--max-memory-gb 6]

Builds the workbooks of issue 13 with zipfile (a 1 GB shared-strings part packed into 1 MB; 3.7 million rows,
packed as openpyxl writes them or as identical rows; a billion-laughs payload; a sheet whose dimension header
says A1:B2) and an honest 100,000-deal workbook written by openpyxl, then previews each (``import_file(...,
dry_run=True)``) in a fresh process and reports its wall and CPU time, its peak RSS and what the importer said.
``scan`` times the check of the honest workbook's sheet alone (``_GuardedArchive`` unpacking and counting it).
``--code`` runs another checkout's importer instead (e.g. the main branch, for the figures before), with the
child's address space capped (``--max-memory-gb``) and a time limit, so that an unguarded reader fails instead of
taking the machine. No timed assertion anywhere: results go to RESULTS-xlsx.md by hand.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.ingest.workbooks import MAIN, deal_rows, row, sheet_xml, write_workbook  # noqa: E402

CHILD = r"""
import json, resource, sys, time
mode, path, db, limit = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from smart.storage import Store
store = Store(db)
out = {}
wall, cpu = time.perf_counter(), time.process_time()
try:
    if mode == "scan":
        from pathlib import Path
        from smart.ingest.xlsx import XlsxLimits, _GuardedArchive
        with open(path, "rb") as handle:
            archive = _GuardedArchive(handle, Path(path).name, XlsxLimits.for_import(500 * 1024 * 1024))
            archive.open("xl/worksheets/sheet1.xml").close()
        out["said"] = "scanned"
    else:
        from smart.ingest import import_file
        result = import_file(store, path, dry_run=True, kind="deals")
        out["said"] = f"read {result.rows:,} rows ({result.rejected:,} rejected)"
except Exception as error:
    out["said"] = f"{type(error).__name__}: {' '.join(str(error).split())[:160]}"
out["seconds"] = round(time.perf_counter() - wall, 2)
out["cpu_seconds"] = round(time.process_time() - cpu, 2)
out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
print(json.dumps(out))
"""


def shared_strings_bomb(path: Path) -> Path:
    """One shared string of 1 GiB of 'a', deflated at level 9 into about 1 MB, in the sheet's second row."""
    strings = [f'<sst xmlns="{MAIN}"><si><t>'.encode(), *[b"a" * (1 << 20)] * 1024, b"</t></si></sst>"]
    rows = [row(1, ["Deal ID"]), b'<row r="2"><c r="A2" t="s"><v>0</v></c></row>']
    return write_workbook(path, sheet_xml(rows), strings=strings, level=9)


def strings_at_the_limit(path: Path) -> Path:
    """Shared strings just under their limit (a fifth of 500 MB): 3.8 million distinct short texts, the most
    objects openpyxl can be made to keep for them; the sheet uses one."""
    def strings():
        yield f'<sst xmlns="{MAIN}">'.encode()
        for start in range(0, 3_800_000, 100_000):
            yield b"".join(b"<si><t>s%010d</t></si>" % n for n in range(start, start + 100_000))
        yield b"</sst>"
    rows = [row(1, ["Deal ID"]), b'<row r="2"><c r="A2" t="s"><v>0</v></c></row>']
    return write_workbook(path, sheet_xml(rows), strings=strings())


def tall_sheet(path: Path, identical: bool) -> Path:
    """3,700,000 rows: as openpyxl writes them (numbered rows and cells), or identical unnumbered ones (which
    pack into well under 1 MB)."""
    def rows():
        yield row(1, ["Deal ID", "Amount"])
        for start in range(2, 3_700_001, 100_000):
            stop = min(3_700_001, start + 100_000)
            if identical:
                yield b'<row><c t="inlineStr"><is><t>x</t></is></c><c><v>1</v></c></row>' * (stop - start)
            else:
                yield b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c><c r="B%d"><v>1</v></c></row>' % (n, n, n, n)
                               for n in range(start, stop))
    return write_workbook(path, sheet_xml(rows()), level=6)


def laughs(path: Path) -> Path:
    """Nine levels of ten entities each: 10 GB of text if expanded."""
    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {name} "{("&" + previous + ";") * 10}">' for previous, name in zip("abcdefgh", "bcdefghi",
                                                                                      strict=True))
    sheet = [f'<?xml version="1.0"?><!DOCTYPE lol [{entities}]><worksheet xmlns="{MAIN}"><sheetData>'.encode(),
             row(1, ["Deal ID"]), b'<row r="2"><c r="A2" t="inlineStr"><is><t>&i;</t></is></c></row>',
             b"</sheetData></worksheet>"]
    return write_workbook(path, sheet)


def understated(path: Path) -> Path:
    """A header and 20 deals behind a dimension header saying A1:B2."""
    header = row(1, ["Deal ID", "Deal Name", "Amount", "Create Date", "Deal Stage"])
    return write_workbook(path, sheet_xml([header, *deal_rows(20)], dimension="A1:B2"))


def honest(path: Path) -> Path:
    """100,000 deals written by openpyxl's write-only mode (no dimension header, inline strings)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Deals")
    sheet.append(["Deal ID", "Deal Name", "Deal Stage", "Amount", "Create Date", "Close Date", "Deal Owner"])
    start = dt.date(2023, 1, 1)
    for n in range(100_000):
        sheet.append([f"DEAL-{n:08d}", f"Company {n % 50_000}", ("Closed Won", "Contract Sent")[n % 2],
                      1000 + n % 250_000 + 0.5, start + dt.timedelta(days=n % 900),
                      start + dt.timedelta(days=n % 900 + 30), f"rep{n % 8}@example.com"])
    book.save(path)
    return path


CASES = {  # name: (the workbook's builder, its file, what the child does)
    "strings-bomb": (shared_strings_bomb, "strings-bomb", "import"),
    "rows-numbered": (lambda path: tall_sheet(path, identical=False), "rows-numbered", "import"),
    "rows-identical": (lambda path: tall_sheet(path, identical=True), "rows-identical", "import"),
    "strings-at-limit": (strings_at_the_limit, "strings-at-limit", "import"),
    "laughs": (laughs, "laughs", "import"),
    "understated": (understated, "understated", "import"),
    "honest": (honest, "honest", "import"),
    "scan": (honest, "honest", "scan"),
}


def run_case(name: str, folder: Path, code: Path, timeout: float, memory: int) -> dict:
    build, stem, mode = CASES[name]
    path = folder / f"{stem}.xlsx"
    if not path.exists():
        build(path)
    entries = zipfile.ZipFile(path).infolist()
    case = {"case": name, "file_mb": round(path.stat().st_size / 1e6, 1),
            "unpacked_mb": round(sum(e.file_size for e in entries) / 1e6)}
    try:
        done = subprocess.run([sys.executable, "-c", CHILD, mode, str(path), str(folder / f"{name}.duckdb"),
                               str(memory)], env={**os.environ, "PYTHONPATH": str(code)}, cwd=code,
                              capture_output=True, text=True, timeout=timeout)
        lines = done.stdout.strip().splitlines()
        case |= json.loads(lines[-1]) if lines else {"said": f"died ({done.returncode}): {done.stderr[-160:]}"}
    except subprocess.TimeoutExpired:
        case["said"] = f"stopped after {timeout:.0f} s"
    (folder / f"{name}.duckdb").unlink(missing_ok=True)
    return case


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", nargs="*", choices=sorted(CASES), default=list(CASES))
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout whose importer runs")
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--max-memory-gb", type=float, default=6)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-xlsx-") as folder:
        for name in args.cases:
            case = run_case(name, Path(folder), args.code.resolve(), args.timeout, int(args.max_memory_gb * 1e9))
            print(json.dumps(case, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
