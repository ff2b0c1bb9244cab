"""Start-up benchmark of the command line (run by hand): how long ``python -m smart`` takes for quick commands.

    .venv/bin/python benchmarks/bench_cli.py [--runs 10] [--root PATH]

Runs each command ``--runs`` times in a fresh process on a demo database (made once, in a temporary folder) and
reports the median and the range of the wall time of the whole process, as a user waits for it, the median of its
CPU time (user + system: what the wall time would be on an idle machine, near enough), and which of the
heavy modules (pandas, numpy, pyarrow, httpx, Altair, fpdf, vl-convert) the command loaded. ``--root`` measures another
checkout of the project (e.g. the commit before a change, unpacked with ``git archive``). Target: ≤ 0.3 s for
``kpi --list``, ``--help`` and ``objectives list``. Results go to RESULTS-cli.md by hand.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_pages import TODAY  # noqa: E402  (the benchmarks' one day: the demo and its figures as of it)

COMMANDS = (("--help",), ("kpi", "--list"), ("objectives", "list"), ("kpi", "revenue", "--grain", "quarter"))
HEAVY = ("pandas", "numpy", "pyarrow", "httpx", "altair", "fpdf", "vl_convert")
LOADED = (
    "import runpy, sys\n"
    "sys.argv = ['smart', *sys.argv[1:]]\n"
    "try:\n"
    "    runpy.run_module('smart', run_name='__main__')\n"
    "except SystemExit:\n"
    "    pass\n"
    f"print(','.join(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)\n"
)


def seconds(root: Path, command: tuple[str, ...], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one run of ``python -m smart COMMAND``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "smart", *command], cwd=root, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def heavy_loaded(root: Path, command: tuple[str, ...], env: dict[str, str]) -> str:
    done = subprocess.run([sys.executable, "-c", LOADED, *command], cwd=root, env=env, check=True,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    return done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to measure (default: this one)")
    args = parser.parse_args()
    root = args.root.resolve()
    folder = Path(tempfile.mkdtemp(prefix="bench-cli-"))
    env = {**os.environ, "SMART_DB": str(folder / "demo.duckdb"), "PYTHONPATH": str(root),
           "SMART_TODAY": TODAY.isoformat()}
    subprocess.run([sys.executable, "-m", "smart", "demo"], cwd=root, env=env, check=True, stdout=subprocess.DEVNULL)
    print(f"checkout: {root}; {args.runs} runs each; seconds of the whole process\n")
    print("| command | wall: median | min | max | CPU: median | heavy modules loaded |")
    print("|---|---:|---:|---:|---:|---|")
    for command in COMMANDS:
        walls, cpus = zip(*[seconds(root, command, env) for _ in range(args.runs)], strict=True)
        loaded = heavy_loaded(root, command, env) or "none"
        print(f"| `python -m smart {' '.join(command)}` | {statistics.median(walls):.3f} | {min(walls):.3f} | "
              f"{max(walls):.3f} | {statistics.median(cpus):.3f} | {loaded} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
