"""Load benchmark: concurrent sessions on the Overview at 1,000,000 deals, through Streamlit's own WebSocket.

Run by hand: ``.venv/bin/python benchmarks/bench_load.py [--sessions 20] [--rounds 5] [--langs en fr] [--db PATH]``.

Serves the app (``python -m smart serve`` on a free port of 127.0.0.1, ``SMART_TODAY`` pinned, the daily backup
off) on the database bench_pages.py builds (1M deals, 2M leads, 1.2M weekly snapshots), built once and kept under
the temporary folder (``smart-bench-load/``). Each session is a real Streamlit client, as the browser's frontend
is: it opens ``ws://127.0.0.1:PORT/_stcore/stream`` (subprotocol ``streamlit``, permessage-deflate), sends the
``BackMsg`` whose ``rerun_script`` asks for the Overview (the default page: an empty ``page_name``; the view in the
query string, the browser's locale in ``context_info``) and reads ``ForwardMsg``s until the run's
``script_finished``. A session's latency is the time from sending that message to the end of its run.

First one session per language warms the caches (the figures are then shared by every session, as on a real
server); the first one stays open, idle, to the end, as a tab left open does. Then, ``--solo`` times, a session
alone (what one session costs), and ``--rounds`` rounds of ``--sessions`` sessions at once: all connect, then all
ask for the Overview at the same moment (languages alternate). A run is an error when it does not finish
successfully, shows an exception or an error message, or is not the Overview (its title and its six KPI cards).
After each round the server's resident memory and its peak (VmRSS, VmHWM) are read, and the CPU time it used
(every thread) per session. The server is stopped at the end, whatever happens. Exit code 1 on any error.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_memory import free_port, memory_mb  # noqa: E402
from benchmarks.bench_pages import TODAY, build  # noqa: E402
from smart.analytics import CARD_KPIS  # noqa: E402
from smart.i18n import Translator  # noqa: E402
from smart.storage import Store  # noqa: E402

PAGE = "overview"
LOCALES = {"en": "en-US", "fr": "fr-FR"}
TARGET_MEDIAN_SECONDS = 1.0
TARGET_PEAK_MB = 2048
SERVER_START_SECONDS = 120
BUILD_FOLDER = Path(tempfile.gettempdir()) / "smart-bench-load"


def database(deals: int, leads: int, path: Path | None) -> Path:
    """The benchmark's database, built on first use (into a temporary name, so that an interrupted build is never
    taken for a finished one)."""
    path = path or BUILD_FOLDER / f"bench-{deals}-{leads}.duckdb"
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    building = path.with_name(path.name + ".building")
    building.unlink(missing_ok=True)
    started = time.perf_counter()
    store = Store(building)
    build(store, deals, leads)
    store.close()
    building.rename(path)
    print(f"built {deals:,} deals and {leads:,} leads in {time.perf_counter() - started:.1f} s ({path})", flush=True)
    return path


@contextlib.contextmanager
def served(db: Path, log: Path) -> Iterator[tuple[int, int]]:
    """``python -m smart serve`` on a free loopback port until the block ends; yields (port, server pid). The
    server is stopped (SIGTERM, then SIGKILL after 30 s) whatever happens in the block."""
    port = free_port()
    env = {**os.environ, "SMART_DB": str(db), "SMART_TODAY": TODAY.isoformat(), "SMART_BACKUP_AT": "off",
           "PYTHONPATH": str(ROOT)}
    with log.open("wb") as out:
        server = subprocess.Popen([sys.executable, "-m", "smart", "serve", "--address", "127.0.0.1", "--port",
                                   str(port)], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_until_healthy(port, server)
        yield port, server.pid
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=30)


def wait_until_healthy(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server stopped at start (exit code {server.returncode})")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"the server did not answer within {SERVER_START_SECONDS} s")


@dataclass
class Run:
    """One session's run of the Overview: its latency and what went wrong, if anything."""

    lang: str
    seconds: float | None = None
    errors: list[str] = field(default_factory=list)
    messages: int = 0
    bytes: int = 0


def cpu_seconds(pid: int) -> float:
    """The CPU time a process has used so far (user and system, every thread), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rerun_request(lang: str) -> bytes:
    """The BackMsg the frontend sends to run a page: the Overview, in ``lang``, from a browser in that locale. The
    Overview is the default page, which Streamlit serves at the root URL: its page name is empty (``overview`` is
    answered with ``page_not_found`` and the default page)."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ClientState_pb2 import ClientState, ContextInfo

    state = ClientState(query_string=f"lang={lang}", page_name="", context_info=ContextInfo(
        locale=LOCALES[lang], timezone="Europe/Paris", timezone_offset=-60, url="http://127.0.0.1/"))
    return BackMsg(rerun_script=state).SerializeToString()


def check_element(run: Run, element: Any, expected_title: str, seen: dict[str, int]) -> None:
    """Note what the page shows that matters here: errors, its title, its KPI cards."""
    kind = element.WhichOneof("type")
    seen[kind] = seen.get(kind, 0) + 1
    if kind == "exception":
        run.errors.append(f"exception: {element.exception.type}: {element.exception.message}")
    elif kind == "alert" and element.alert.format == element.alert.ERROR:
        run.errors.append(f"error message: {element.alert.body[:200]}")
    elif kind == "heading" and element.heading.body == expected_title:
        seen["title"] = 1


def note_message(run: Run, data: bytes, title: str, seen: dict[str, int]) -> bool:
    """Read one ForwardMsg; whether it ends the run (a ``script_finished`` other than one that reruns at once)."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    run.messages += 1
    run.bytes += len(data)
    message = ForwardMsg()
    message.ParseFromString(data)
    kind = message.WhichOneof("type")
    if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
        check_element(run, message.delta.new_element, title, seen)
    elif kind == "page_not_found":
        run.errors.append("page not found")
    elif kind == "session_event" and message.session_event.WhichOneof("type") != "script_changed_on_disk":
        run.errors.append(f"session event: {message.session_event.WhichOneof('type')}")
    elif kind == "script_finished":
        if message.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
            return False  # the page asked for a rerun (st.rerun): its next run is the one shown
        if message.script_finished != ForwardMsg.FINISHED_SUCCESSFULLY:
            run.errors.append(f"script finished with status {message.script_finished}")
        return True
    return False


async def one_session(port: int, lang: str, start: asyncio.Event, connected: asyncio.Queue,
                      timeout: float) -> Run:
    """Connect, wait for ``start``, ask for the Overview, read until its run has finished."""
    from websockets.asyncio.client import connect

    run = Run(lang)
    title = Translator(lang)(f"nav.{PAGE}")
    seen: dict[str, int] = {}
    announced = False
    try:
        async with connect(f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"], max_size=None,
                           open_timeout=timeout, ping_interval=None) as socket:
            announced = True
            await connected.put(lang)
            await start.wait()
            started = time.perf_counter()
            await socket.send(rerun_request(lang))
            async with asyncio.timeout(timeout):
                while not note_message(run, await socket.recv(), title, seen):
                    pass
            run.seconds = time.perf_counter() - started
    except TimeoutError:
        run.errors.append(f"no end of run within {timeout:.0f} s")
    except Exception as error:  # noqa: BLE001 - any failure of a session is counted, not fatal to the round
        run.errors.append(f"{type(error).__name__}: {error}")
    if run.seconds is not None and not run.errors:
        if "title" not in seen:
            run.errors.append(f"not the Overview: no title {title!r}")
        if seen.get("metric", 0) < len(CARD_KPIS):
            run.errors.append(f"{seen.get('metric', 0)} metrics shown, {len(CARD_KPIS)} KPI cards expected")
    if not announced:
        await connected.put(None)  # a session that could not connect must not hold the others back
    return run


@contextlib.contextmanager
def resident_session(port: int, lang: str, timeout: float) -> Iterator[Run]:
    """A session that runs the Overview once, then stays open, idle, until the block ends: the tab a manager leaves
    open. (When its last session closes, Streamlit forgets the compiled scripts; a served app seldom has none.)"""
    from websockets.sync.client import connect

    run = Run(lang)
    title = Translator(lang)(f"nav.{PAGE}")
    seen: dict[str, int] = {}
    with connect(f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"], max_size=None,
                 open_timeout=timeout) as socket:
        started = time.perf_counter()
        socket.send(rerun_request(lang))
        while not note_message(run, socket.recv(timeout=timeout), title, seen):
            pass
        run.seconds = time.perf_counter() - started
        yield run


async def sessions_at_once(port: int, langs: list[str], timeout: float) -> list[Run]:
    """``len(langs)`` sessions: every one connects, then all ask for the Overview at the same moment."""
    start, connected = asyncio.Event(), asyncio.Queue()
    tasks = [asyncio.create_task(one_session(port, lang, start, connected, timeout)) for lang in langs]
    for _ in langs:
        await connected.get()
    start.set()
    return list(await asyncio.gather(*tasks))


def quantile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def summary(latencies: list[float]) -> str:
    if not latencies:
        return "no run finished"
    return (f"median {statistics.median(latencies):.2f} s, p90 {quantile(latencies, 0.9):.2f} s, "
            f"max {max(latencies):.2f} s")


def report_errors(runs: list[Run]) -> int:
    errors = [f"  [{run.lang}] {error}" for run in runs for error in run.errors]
    for line in errors[:10]:
        print(line, file=sys.stderr)
    if len(errors) > 10:
        print(f"  ... and {len(errors) - 10} more", file=sys.stderr)
    return sum(1 for run in runs if run.errors)


def finished(runs: list[Run]) -> list[float]:
    """The latencies of the runs that finished without an error."""
    return [run.seconds for run in runs if run.seconds is not None and not run.errors]


def seconds(values: list[float], statistic: Callable[[list[float]], float]) -> str:
    return f"{statistic(values):.2f} s" if values else "–"


@dataclass
class Rounds:
    """What the rounds of sessions at once measured."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    peak_mb: float = 0.0


def sessions_alone(port: int, args: argparse.Namespace) -> list[Run]:
    """``--solo`` sessions, one after another."""
    runs: list[Run] = []
    for number in range(args.solo):
        runs += asyncio.run(sessions_at_once(port, [args.langs[number % len(args.langs)]], args.timeout))
    if runs:
        print(f"one session alone ({len(runs)} runs): {summary(finished(runs))}", flush=True)
    return runs


def rounds_at_once(port: int, pid: int, args: argparse.Namespace) -> Rounds:
    """``--rounds`` rounds of ``--sessions`` sessions at once, with the server's memory and CPU after each."""
    langs = [args.langs[number % len(args.langs)] for number in range(args.sessions)]
    measured = Rounds()
    for number in range(1, args.rounds + 1):
        cpu_before = cpu_seconds(pid)
        runs = asyncio.run(sessions_at_once(port, langs, args.timeout))
        cpu = (cpu_seconds(pid) - cpu_before) / args.sessions
        measured.latencies += finished(runs)
        errors = report_errors(runs)
        measured.errors += errors
        rss, measured.peak_mb = memory_mb(pid)
        sent = statistics.median(run.bytes for run in runs) / 1024
        messages = statistics.median(run.messages for run in runs)
        print(f"round {number}: {args.sessions} sessions at once: {summary(finished(runs))}, {errors} errors; "
              f"server RSS {rss:.0f} MB, peak {measured.peak_mb:.0f} MB; per session: server CPU {cpu * 1000:.0f} ms, "
              f"{messages:.0f} messages, {sent:.0f} KB", flush=True)
    return measured


def print_table(args: argparse.Namespace, measured: Rounds, alone: list[float]) -> None:
    """The Markdown row for benchmarks/RESULTS-load.md."""
    met = (measured.latencies and statistics.median(measured.latencies) <= TARGET_MEDIAN_SECONDS
           and not measured.errors and measured.peak_mb < TARGET_PEAK_MB)
    print(f"\n{args.deals:,} deals, {args.leads:,} leads; {os.cpu_count()} cores; sessions in "
          f"{'/'.join(args.langs)}\n")
    print("| sessions at once | rounds | median | p90 | max | errors | server peak RSS | one session alone, median | "
          "target (median ≤ 1 s, no errors, < 2 GB) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    print(f"| {args.sessions} | {args.rounds} | {seconds(measured.latencies, statistics.median)} | "
          f"{seconds(measured.latencies, lambda values: quantile(values, 0.9))} | "
          f"{seconds(measured.latencies, max)} | {measured.errors} | {measured.peak_mb:.0f} MB | "
          f"{seconds(alone, statistics.median)} | {'met' if met else 'not met'} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20, help="sessions at once in each round (default 20)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of sessions at once (default 5)")
    parser.add_argument("--solo", type=int, default=5, help="sessions alone, one after another (default 5)")
    parser.add_argument("--langs", nargs="+", choices=sorted(LOCALES), default=["en", "fr"],
                        help="the sessions' languages, in turn (default: en fr)")
    parser.add_argument("--deals", type=int, default=1_000_000)
    parser.add_argument("--leads", type=int, default=2_000_000)
    parser.add_argument("--db", type=Path, help="use (or build) this database")
    parser.add_argument("--timeout", type=float, default=120, help="seconds a session may take (default 120)")
    args = parser.parse_args()
    if args.sessions < 1 or args.rounds < 1 or args.solo < 0:
        parser.error("--sessions and --rounds must be at least 1, --solo at least 0")
    db = database(args.deals, args.leads, args.db)
    with contextlib.ExitStack() as stack:
        port, pid = stack.enter_context(served(db, BUILD_FOLDER / "bench_load-server.log"))
        warm = [stack.enter_context(resident_session(port, args.langs[0], args.timeout))]
        warm += [asyncio.run(sessions_at_once(port, [lang], args.timeout))[0] for lang in args.langs[1:]]
        print(f"warm-up ({', '.join(args.langs)}): {summary([run.seconds for run in warm if run.seconds])}",
              flush=True)
        failed = report_errors(warm)
        alone = sessions_alone(port, args)
        failed += report_errors(alone)
        measured = rounds_at_once(port, pid, args)
    print_table(args, measured, finished(alone))
    return 1 if failed or measured.errors else 0


if __name__ == "__main__":
    sys.exit(main())
