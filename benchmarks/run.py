"""Run every Conveyor benchmark and write ``benchmarks/RESULTS.md``.

    .venv/bin/python benchmarks/run.py            # full run (1 GiB uploads, 200 orders)
    .venv/bin/python benchmarks/run.py --quick    # tiny sizes, one repeat (the smoke test)
    .venv/bin/python benchmarks/run.py --only 2 --only 3 --repeats 7
    .venv/bin/python benchmarks/run.py --only async-get --only demo --only sandbox --only regen
    .venv/bin/python benchmarks/run.py --only upload-stall --merge   # into the existing report

Each row compares Conveyor with a baseline measured in the same run (raw
httpx, the sync client, a bare Starlette app, the CLI's start-up or the stock
generator) and, where it can do the same work, with
the peer ``ivcap-client`` running from its own venv (``benchmarks/.peers``).
Every measurement runs in a fresh subprocess (``benchmarks/workers/``) so
import caches, allocator state and peak RSS of one never leak into another,
and the implementations are interleaved in rotating order so slow drift of
a shared machine hits all of them alike. Figures are medians.

A row whose SDK piece has not landed yet is reported as "not available", so
the harness is useful at every stage of the SDK.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from peers import IVCAP, ensure, ready, runtime_spec, venv_python

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORKERS = HERE / "workers"
MIB = 1 << 20
NA = "not available"

ROWS = {
    "1": "import",
    "2": "get",
    "3": "list",
    "4": "upload",
    "5": "rss",
    "6": "orders",
    "7": "async-get",
    "8": "demo",
    "9": "sandbox",
    "10": "keepalive",
    "11": "regen",
    "12": "upload-stall",
    "13": "download-stall",
    "14": "job",
    "15": "jobs",
    "16": "logs",
    "17": "packages",
    "18": "drain",
    "19": "pipeline",
    "20": "plan",
    "21": "regen-10mb",
    "22": "create-order",
}

CPU_NOTE = (
    "CPU time of the client process (`time.process_time`): the MockTransport does no "
    "I/O, so it equals wall time on an idle machine, but it leaves out the time other "
    "processes held the core"
)


# ----------------------------------------------------------------------------- data model


@dataclass
class Series:
    """Samples of one implementation on one measure, or why there are none."""

    samples: list[float] = field(default_factory=list)
    reason: str | None = None  # the first failure: why there may be no samples
    failures: int = 0

    @property
    def ok(self) -> bool:
        """True when at least one sample was taken."""
        return bool(self.samples)

    @property
    def median(self) -> float:
        """The median sample (the figure reported everywhere)."""
        return statistics.median(self.samples)

    def add(self, result: dict[str, object], key: str) -> None:
        """Record one worker result: a sample, or the reason it is missing."""
        value = result.get(key)
        if result.get("ok") and isinstance(value, int | float):
            self.samples.append(float(value))
            return
        self.failures += 1
        if self.reason is None:
            why = result.get("unavailable") or result.get("error") or "no result"
            prefix = "" if "unavailable" in result else "failed: "
            self.reason = f"{prefix}{why}"


@dataclass
class Row:
    """One line of the results table."""

    key: str
    measure: str
    unit: str
    conveyor: Series
    baseline: Series
    baseline_name: str
    goal: str
    peer: Series | None = None
    ratio: float | None = None
    peer_ratio: float | None = None
    verdict: str = NA
    notes: list[str] = field(default_factory=list)


@dataclass
class Settings:
    """What one run measures and how hard."""

    quick: bool
    repeats: int
    import_repeats: int
    startup_repeats: int
    get_calls: int
    get_batches: int
    list_total: int
    list_batches: int
    upload_sizes: list[int]
    orders: int
    keepalive_requests: int
    jobs: int
    job_seconds: float
    job_workers: int
    log_lines: int
    log_interval: float
    queue_total: int
    peer_python: Path | None
    peer_reason: str
    runtime_python: Path | None


# ----------------------------------------------------------------------------- subprocesses


def child_env() -> dict[str, str]:
    """Environment for workers: ours, minus settings that would redirect the clients.

    ``PYTHONDONTWRITEBYTECODE`` goes too: with it every run would compile
    Conveyor's (editable) sources afresh while httpx's installed bytecode is
    reused, which no user's install does, and row 1 would time the compiler.
    """
    drop = ("CONVEYOR_", "IVCAP_", "PYTHONPATH", "PYTHONSTARTUP", "PYTHONDONTWRITEBYTECODE")
    return {k: v for k, v in os.environ.items() if not k.startswith(drop)}


def run_worker(
    python: Path | str,
    script: str,
    args: Sequence[str],
    timeout: float,
    env: dict[str, str] | None = None,
) -> dict:
    """Run one worker in a fresh interpreter and return its JSON result."""
    command = [str(python), str(WORKERS / script), *args]
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=timeout,
            env={**child_env(), **(env or {})},
            cwd=REPO,
        )
    except subprocess.TimeoutExpired:
        return {"ok": False, "error": f"timed out after {timeout:.0f} s"}
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    if lines:
        try:
            result = json.loads(lines[-1])
            if isinstance(result, dict):
                return result
        except json.JSONDecodeError:
            pass
    tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
    return {"ok": False, "error": f"exit {done.returncode}: {tail[:200]}"}


@contextmanager
def sandbox(workdir: Path, *options: str) -> Iterator[dict]:
    """Run a SandboxServer in its own process; yield its ``{"ok", "url", "token"}``.

    ``options`` go to ``workers/server.py`` (``--workers N``, ``--bench-services``).
    The server stops when its standard input closes. Its data directory is
    deleted afterwards, so repeated large uploads never fill the disk.
    """
    data_dir = Path(tempfile.mkdtemp(prefix="sandbox-", dir=workdir))
    out_path = data_dir.with_suffix(".out")
    with open(out_path, "w") as out, open(data_dir.with_suffix(".err"), "w") as err:
        process = subprocess.Popen(
            [sys.executable, str(WORKERS / "server.py"), "--data-dir", str(data_dir), *options],
            stdin=subprocess.PIPE,
            stdout=out,
            stderr=err,
            env=child_env(),
            cwd=REPO,
        )
    info: dict = {"ok": False, "error": "sandbox did not start within 60 s"}
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            lines = [ln for ln in out_path.read_text().splitlines() if ln.startswith("{")]
            if lines:
                info = json.loads(lines[-1])
                break
            if process.poll() is not None:
                err_tail = data_dir.with_suffix(".err").read_text().strip().splitlines()
                info = {"ok": False, "error": (err_tail or ["sandbox exited"])[-1][:200]}
                break
            time.sleep(0.05)
        yield info
    finally:
        if process.stdin:
            process.stdin.close()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()  # our own child, by its handle
            process.wait()
        shutil.rmtree(data_dir, ignore_errors=True)


def rotated(items: Sequence[str], turn: int) -> list[str]:
    """``items`` rotated by ``turn``, so no implementation always runs first."""
    shift = turn % len(items)
    return [*items[shift:], *items[:shift]]


def interleave(
    repeats: int, jobs: Mapping[str, Callable[[], dict]], keys: Sequence[str]
) -> dict[str, dict[str, Series]]:
    """Run every job ``repeats`` times in rotating order; collect each of ``keys`` as a Series.

    Returns ``{job: {key: Series}}``: one job's result feeds all its keys.
    """
    got = {name: {key: Series() for key in keys} for name in jobs}
    for turn in range(repeats):
        for name in rotated(list(jobs), turn):
            result = jobs[name]()
            for key in keys:
                got[name][key].add(result, key)
    return got


def timed_command(
    command: Sequence[str | Path],
    *,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    ok_codes: Sequence[int] = (0,),
    failure: str = "error",
) -> dict[str, object]:
    """Wall time of ``command`` in a fresh process, with its exit code and standard output.

    A failing exit reports the last line of standard error under ``failure``
    (``"unavailable"`` shows as "not available", ``"error"`` as "failed").
    """
    start = time.perf_counter()
    done = subprocess.run(
        [str(part) for part in command],
        capture_output=True,
        env={**child_env(), **(env or {})},
        cwd=cwd,
    )
    seconds = time.perf_counter() - start
    if done.returncode not in ok_codes:
        return {"ok": False, failure: f"exit {done.returncode}: {_last_line(done.stderr)}"}
    stdout = done.stdout.decode(errors="replace")
    return {"ok": True, "seconds": seconds, "returncode": done.returncode, "stdout": stdout}


# ----------------------------------------------------------------------------- rows


def measure_import(s: Settings) -> Row:
    """Row 1: importing the SDK vs ``import httpx``, interpreter start-up subtracted.

    The headline is ``from conveyor import Client``: ``conveyor/__init__`` loads
    its client lazily, so a bare ``import conveyor`` costs almost nothing and
    would flatter the SDK; what every script pays is the import of the client.
    ``import ivcap_client`` already loads its ``IVCAP`` class eagerly.

    It is measured in the runtime venv (Conveyor and its runtime dependencies
    only, as users install it) when that exists, else in the project venv,
    whose dev tools make ``import httpx`` itself slower (it loads click and
    rich when they are installed), which hides part of Conveyor's own cost.
    """
    ours = {
        "pass": "pass",
        "httpx": "import httpx",
        "conveyor": "import conveyor",
        "conveyor.Client": "from conveyor import Client",
        # What a script pays before its first request: imports plus the client,
        # since a lazy SDK can move import work into the constructor.
        "httpx.Client()": "import httpx; httpx.Client()",
        "Client()": "from conveyor import Client; Client(url='http://127.0.0.1:9', token='t')",
    }
    peer = {"pass": "pass", "httpx": "import httpx", "ivcap": "import ivcap_client"}
    envs: dict[str, tuple[Path | str, dict[str, str]]] = {"dev": (sys.executable, ours)}
    if s.runtime_python:
        envs["runtime"] = (s.runtime_python, ours)
    if s.peer_python:
        envs["peer"] = (s.peer_python, peer)
    walls: dict[str, Series] = {}
    cumul: dict[str, Series] = {}
    for env_name, (python, snippets) in envs.items():
        for name, code in snippets.items():
            key = f"{env_name}:{name}"
            walls[key], cumul[key] = Series(), Series()
            # First run compiles bytecode; it is never counted.
            subprocess.run([str(python), "-c", code], capture_output=True, env=child_env())
    for turn in range(s.import_repeats):
        for env_name, (python, snippets) in envs.items():
            for name in rotated(list(snippets), turn):
                key = f"{env_name}:{name}"
                walls[key].add(_wall_time(python, snippets[name]), "seconds")
                if "(" not in name:  # -X importtime only for the pure imports
                    cumul[key].add(_importtime(python, snippets[name]), "seconds")

    def net(table: dict[str, Series], key: str) -> Series:
        """Figures minus the same interpreter's bare start-up, per sample pair."""
        series, base = table[key], table[f"{key.split(':')[0]}:pass"]
        if not series.ok:
            return series
        return Series([a - b for a, b in zip(series.samples, base.samples, strict=False)])

    home = "runtime" if "runtime" in envs else "dev"
    where = {
        "runtime": "runtime venv (`benchmarks/.peers/conveyor-runtime`: Conveyor + runtime deps)",
        "dev": "project venv (`.venv`, with dev tools)",
    }
    client, httpx_ = net(walls, f"{home}:conveyor.Client"), net(walls, f"{home}:httpx")
    row = Row(
        "1",
        f"`from conveyor import Client` wall time, start-up subtracted ({home} venv)",
        "ms",
        client,
        httpx_,
        "`import httpx`, same venv",
        "<= 1.3x",
    )
    row.notes.append(f"headline measured in the {where[home]}")
    if s.peer_python:
        row.peer = net(walls, "peer:ivcap")
        peer_httpx = net(walls, "peer:httpx")
        if row.peer.ok and peer_httpx.ok:
            row.peer_ratio = row.peer.median / peer_httpx.median
            row.notes.append(
                f"ivcap-client: `import ivcap_client` in its own venv; its ratio is to "
                f"`import httpx` there ({fmt(peer_httpx.median, 'ms')} ms)"
            )
    else:
        row.peer = Series(reason=s.peer_reason)
    _ratio(row, lower_is_better=True, limit=1.3)
    if "runtime" not in envs:
        row.notes.append("runtime venv absent (`--quick` does not create it)")
    for env_name in ("runtime", "dev"):
        if env_name not in envs:
            continue
        base = net(walls, f"{env_name}:httpx")
        row.notes.append(f"wall time, {where[env_name]}:")
        row.notes += [
            "  " + _describe("`python -c pass` (not subtracted here)", walls[f"{env_name}:pass"]),
            "  " + _describe("`import httpx`", base),
            "  "
            + _describe(
                "`from conveyor import Client`", net(walls, f"{env_name}:conveyor.Client"), base
            ),
            "  "
            + _describe(
                "bare `import conveyor` (lazy package)", net(walls, f"{env_name}:conveyor"), base
            ),
            "  "
            + _describe(
                "`from conveyor import Client; Client(url=..., token=...)`, "
                "against `import httpx; httpx.Client()`",
                net(walls, f"{env_name}:Client()"),
                net(walls, f"{env_name}:httpx.Client()"),
            ),
        ]
    row.notes.append("`-X importtime`, sum of top-level imports minus those of `python -c pass`:")
    labels = [(e, n) for e in ("runtime", "dev") if e in envs for n in ("conveyor.Client", "httpx")]
    if s.peer_python:
        labels += [("peer", "ivcap"), ("peer", "httpx")]
    for env_name, name in labels:
        code = (peer if env_name == "peer" else ours)[name]
        series, base = net(cumul, f"{env_name}:{name}"), net(cumul, f"{env_name}:httpx")
        row.notes.append("  " + _describe(f"`{code}` ({env_name} venv)", series, base))
    return row


def _wall_time(python: Path | str, code: str) -> dict[str, object]:
    """Wall time of ``python -c code`` in a fresh process."""
    return timed_command([python, "-c", code], failure="unavailable")


def _importtime(python: Path | str, code: str) -> dict[str, object]:
    """Sum of the cumulative ``-X importtime`` figures of every top-level import.

    Summing the top level (rather than reading one package's line) also counts
    modules a lazy package loads after its own import has finished.
    """
    done = subprocess.run(
        [str(python), "-X", "importtime", "-c", code], capture_output=True, env=child_env()
    )
    if done.returncode != 0:
        return {"ok": False, "unavailable": _last_line(done.stderr)}
    top = re.compile(r"import time:\s+\d+ \|\s+(\d+) \| \S")
    total = sum(
        int(found.group(1))
        for line in done.stderr.decode().splitlines()
        if (found := top.match(line))
    )
    return {"ok": True, "seconds": total / 1e6}


def _last_line(stderr: bytes) -> str:
    lines = stderr.decode(errors="replace").strip().splitlines()
    return lines[-1][:200] if lines else "failed"


def measure_calls(s: Settings, op: str) -> Row:
    """Rows 2 and 3: one GET, or iterating a long list, over the same MockTransport."""
    impls = ["httpx", "conveyor", "ivcap"]
    series = {impl: Series() for impl in impls}
    walls = {impl: Series() for impl in impls}
    if op == "get":
        args = ["--calls", str(s.get_calls), "--batches", str(s.get_batches)]
    else:
        args = ["--total", str(s.list_total), "--page-size", "50"]
        args += ["--batches", str(s.list_batches)]
    for turn in range(s.repeats):
        for impl in rotated(impls, turn):
            if impl == "ivcap" and not s.peer_python:
                series[impl].reason = s.peer_reason
                continue
            python = s.peer_python if impl == "ivcap" else sys.executable
            assert python is not None
            result = run_worker(python, "calls.py", [op, impl, *args], 600)
            series[impl].add(result, "seconds")
            walls[impl].add(result, "wall_seconds")
    if op == "get":
        row = Row(
            "2",
            "get one artifact record: CPU time per call",
            "µs",
            series["conveyor"],
            series["httpx"],
            "raw `httpx.Client` + `json.loads`, same MockTransport and body",
            "<= 1.25x",
            peer=series["ivcap"],
        )
        limit = 1.25
    else:
        row = Row(
            "3",
            f"iterate {s.list_total:,} artifacts through the paging iterator (pages of 50), "
            "reading each name: CPU time",
            "ms",
            series["conveyor"],
            series["httpx"],
            "raw httpx loop following `next` links, same MockTransport and pages",
            "<= 2x",
            peer=series["ivcap"],
        )
        limit = 2.0
    _ratio(row, lower_is_better=True, limit=limit)
    row.notes.append(CPU_NOTE)
    if op == "list":
        # Reading only the id shows what a lazy SDK saves when items are never looked at.
        ids = {impl: Series() for impl in ("httpx", "conveyor")}
        for turn in range(s.repeats):
            for impl in rotated(list(ids), turn):
                result = run_worker(
                    sys.executable, "calls.py", ["list", impl, *args, "--field", "id"], 600
                )
                ids[impl].add(result, "seconds")
        row.notes.append(
            _describe("reading only each item's id, Conveyor", ids["conveyor"], ids["httpx"], "ms")
            + f"; raw httpx {_cell(ids['httpx'], 'ms')}"
        )
    cells = [
        _describe(name, walls[impl], walls["httpx"] if impl != "httpx" else None, row.unit)
        for impl, name in (("conveyor", "Conveyor"), ("httpx", "raw httpx"), ("ivcap", "ivcap"))
    ]
    row.notes.append("wall time for comparison: " + "; ".join(cells))
    return row


def measure_uploads(s: Settings, workdir: Path) -> tuple[Row, Row]:
    """Rows 4 and 5: upload files to a live sandbox; throughput and peak client RSS."""
    impls = ["httpx", "conveyor", "ivcap"]
    speed = {(impl, size): Series() for impl in impls for size in s.upload_sizes}
    cpu = {(impl, size): Series() for impl in impls for size in s.upload_sizes}
    rss = {(impl, size): Series() for impl in impls for size in s.upload_sizes}
    before = Series()
    for size in s.upload_sizes:
        path = workdir / f"upload-{size}.bin"
        _write_file(path, size)
        try:
            for turn in range(s.repeats):
                with sandbox(workdir) as server:
                    for impl in rotated(impls, turn):
                        if impl == "ivcap" and not s.peer_python:
                            speed[impl, size].reason = rss[impl, size].reason = s.peer_reason
                            continue
                        if not server.get("ok"):
                            speed[impl, size].add(server, "-")
                            rss[impl, size].add(server, "-")
                            continue
                        python = s.peer_python if impl == "ivcap" else sys.executable
                        assert python is not None
                        args = [impl, "--url", server["url"], "--token", server["token"]]
                        result = run_worker(
                            python,
                            "upload.py",
                            [*args, "--file", str(path)],
                            1800,
                            # Conveyor's resume state and content index go to the
                            # temporary directory, not the user's cache.
                            env={"CONVEYOR_CACHE_DIR": str(workdir / "cache")},
                        )
                        speed[impl, size].add(result, "mib_per_s")
                        cpu[impl, size].add(result, "cpu_s_per_gib")
                        rss[impl, size].add(result, "peak_rss_mib")
                        if impl == "conveyor":
                            before.add(result, "rss_before_mib")
        finally:
            path.unlink(missing_ok=True)
            for sidecar in workdir.glob(f".ivcap-{path.name}*"):
                sidecar.unlink()  # ivcap-client's dedupe note, written next to the file

    largest, smallest = max(s.upload_sizes), min(s.upload_sizes)
    throughput = Row(
        "4",
        f"upload a {size_label(largest)} file to the sandbox over loopback: throughput",
        "MiB/s",
        speed["conveyor", largest],
        speed["httpx", largest],
        "raw httpx streaming the same file (1 MiB reads, one PATCH) to the same tus endpoint",
        ">= 0.7x",
        peer=speed["ivcap", largest],
    )
    _ratio(throughput, lower_is_better=False, limit=0.7)
    for size in s.upload_sizes:
        if size != largest:
            throughput.notes.append(
                _describe(
                    f"{size_label(size)} throughput",
                    speed["conveyor", size],
                    speed["httpx", size],
                    "MiB/s",
                )
            )
    cpu_cells = [
        f"{name} {_cell(cpu[impl, largest], 's')}"
        for impl, name in (
            ("conveyor", "Conveyor"),
            ("httpx", "raw httpx"),
            ("ivcap", "ivcap-client"),
        )
    ]
    throughput.notes.append(
        f"client CPU time per GiB at {size_label(largest)} (user + system, all threads; "
        "steadier than wall time on a busy machine): " + ", ".join(cpu_cells)
    )
    throughput.notes.append(
        "The file is in the page cache for every client; the sandbox (a separate process) "
        "hashes, writes and fsyncs what it receives, so its speed caps all clients alike."
    )

    memory = Row(
        "5",
        f"same upload: peak RSS of the client process at {size_label(largest)}",
        "MiB",
        rss["conveyor", largest],
        rss["httpx", largest],
        "raw httpx streaming client's peak RSS, same file",
        "<= 100 MiB, flat",
        peer=rss["ivcap", largest],
    )
    _ratio(memory, lower_is_better=True, limit=None)
    by_size = [rss["conveyor", size] for size in s.upload_sizes]
    if all(series.ok for series in by_size):
        peaks = [series.median for series in by_size]
        growth = rss["conveyor", largest].median - rss["conveyor", smallest].median
        flat = growth <= 10.0
        memory.verdict = "pass" if max(peaks) <= 100 and flat else "FAIL"
        memory.notes.append(
            f"growth from {size_label(smallest)} to {size_label(largest)}: {growth:+.1f} MiB "
            f"({'flat' if flat else 'NOT flat'}: flat means at most +10 MiB)"
        )
    for size in s.upload_sizes:
        cells = [
            f"{name} {_cell(rss[impl, size], 'MiB')}"
            for impl, name in (
                ("conveyor", "Conveyor"),
                ("httpx", "raw httpx"),
                ("ivcap", "ivcap-client"),
            )
        ]
        memory.notes.append(f"peak RSS at {size_label(size)}: " + ", ".join(cells))
    if before.ok:
        memory.notes.append(
            f"Conveyor process RSS after imports and client set-up, before the upload: "
            f"{before.median:.1f} MiB"
        )
    return throughput, memory


def _write_file(path: Path, size: int) -> None:
    """Write ``size`` bytes: one random MiB repeated (fast; nothing compresses it)."""
    block = os.urandom(MIB)
    with open(path, "wb") as stream:
        for offset in range(0, size, MIB):
            stream.write(block[: min(MIB, size - offset)])


def measure_orders(s: Settings, workdir: Path) -> Row:
    """Row 6: N hello orders, sync one after another vs async concurrently."""
    series = {"sync": Series(), "async": Series()}
    for turn in range(s.repeats):
        for mode in rotated(["sync", "async"], turn):
            # A fresh sandbox per mode, so neither inherits the other's queue or database.
            with sandbox(workdir) as server:
                if not server.get("ok"):
                    series[mode].add(server, "-")
                    continue
                args = [mode, "--url", server["url"], "--token", server["token"]]
                result = run_worker(
                    sys.executable, "orders.py", [*args, "--count", str(s.orders)], 1800
                )
                series[mode].add(result, "seconds")
    row = Row(
        "6",
        f"place and wait for {s.orders} `hello` orders: `AsyncClient` concurrently",
        "s",
        series["async"],
        series["sync"],
        "sync `Client`, one after another",
        ">= 5x faster",
    )
    row.peer = Series(reason="not measured (ivcap-client has no async client)")
    if row.conveyor.ok and row.baseline.ok:
        row.ratio = row.baseline.median / row.conveyor.median
        row.verdict = "pass" if row.ratio >= 5 else "FAIL"
        row.notes.append(
            f"ratio is the speed-up, sync time / async time; per order: sync "
            f"{row.baseline.median / s.orders * 1000:.1f} ms, "
            f"async {row.conveyor.median / s.orders * 1000:.1f} ms"
        )
    return row


def measure_async_get(s: Settings) -> Row:
    """Row 7: row 2 through ``AsyncClient``, with row 2's sync pair interleaved alongside.

    Both clients drive the same sans-IO flows (``Client._run`` / ``AsyncClient._run``),
    so the two overheads, measured in one rotation, show what the async driver costs.
    """
    args = ["--calls", str(s.get_calls), "--batches", str(s.get_batches)]
    jobs = {
        f"{op}:{impl}": functools.partial(
            run_worker, sys.executable, "calls.py", [op, impl, *args], 600
        )
        for op in ("aget", "get")
        for impl in ("httpx", "conveyor")
    }
    got = interleave(s.repeats, jobs, ("seconds", "wall_seconds"))
    row = Row(
        "7",
        "`await AsyncClient.artifacts.get(id)`: CPU time per call",
        "µs",
        got["aget:conveyor"]["seconds"],
        got["aget:httpx"]["seconds"],
        "raw `httpx.AsyncClient.get` + `json.loads`, same MockTransport and body",
        "<= 1.25x",
        peer=Series(reason="not measured (ivcap-client's `IVCAP` object is sync only)"),
    )
    _ratio(row, lower_is_better=True, limit=1.25)
    for label, op in (
        ("async (this row)", "aget"),
        ("sync (row 2's measure, interleaved with this row's runs)", "get"),
    ):
        ours, raw = got[f"{op}:conveyor"]["seconds"], got[f"{op}:httpx"]["seconds"]
        if ours.ok and raw.ok:
            row.notes.append(
                f"added by Conveyor per call, {label}: "
                f"{(ours.median - raw.median) * 1e6:+.1f} µs "
                f"(Conveyor {_cell(ours, 'µs')}, raw httpx {_cell(raw, 'µs')}, "
                f"{ours.median / raw.median:.2f}x)"
            )
    row.notes.append(CPU_NOTE)
    walls = [
        _describe(f"{op} {impl}", got[f"{op}:{impl}"]["wall_seconds"], unit="µs")
        for op in ("aget", "get")
        for impl in ("conveyor", "httpx")
    ]
    row.notes.append("wall time for comparison: " + "; ".join(walls))
    return row


DONE_IN = re.compile(r"Done in ([\d.]+) s")


def measure_demo(s: Settings, workdir: Path) -> Row:
    """Row 8: ``conveyor demo`` end to end in a fresh process, against the CLI's start-up.

    Each run gets its own empty TMPDIR, XDG_CACHE_HOME, XDG_CONFIG_HOME and
    working directory (no profile, no CONVEYOR_* variables), so the demo uses
    its embedded sandbox as a first-time user's would, and anything it leaves
    behind is found.
    """
    commands = {
        "demo": [sys.executable, "-m", "conveyor.cli", "demo"],
        "help": [sys.executable, "-m", "conveyor.cli", "--help"],
    }
    leftovers: list[str] = []

    def job(name: str) -> dict[str, object]:
        home = Path(tempfile.mkdtemp(prefix=f"{name}-", dir=workdir))
        dirs = {"TMPDIR": "tmp", "XDG_CACHE_HOME": "cache", "XDG_CONFIG_HOME": "config"}
        env = {key: str(home / sub) for key, sub in dirs.items()}
        (home / "cwd").mkdir()
        for path in env.values():
            Path(path).mkdir()
        try:
            result = timed_command(commands[name], env=env, cwd=home / "cwd")
            found = DONE_IN.search(str(result.get("stdout", "")))
            if found:
                result["inner_seconds"] = float(found.group(1))
            if name == "demo":
                leftovers.extend(str(p.relative_to(home)) for p in home.rglob("*") if p.is_file())
            return result
        finally:
            shutil.rmtree(home, ignore_errors=True)

    jobs = {name: functools.partial(job, name) for name in commands}
    got = interleave(s.repeats, jobs, ("seconds", "inner_seconds"))
    row = Row(
        "8",
        "`conveyor demo` (embedded sandbox, all 8 steps): wall time in a fresh process",
        "s",
        got["demo"]["seconds"],
        got["help"]["seconds"],
        "`conveyor --help` in a fresh process: interpreter and CLI start-up",
        "< 10 s, nothing left behind",
        peer=Series(reason="not measured (ivcap-client has no demo)"),
    )
    _absolute(row, below=10.0, also=not leftovers)
    inner = got["demo"]["inner_seconds"]
    if inner.ok:
        row.notes.append(
            f'the demo\'s own "Done in" figure (from its first line of work to its last): '
            f"{_cell(inner, 's')}; the rest is interpreter start-up, imports and clean-up"
        )
    row.notes.append(
        "run as `python -m conveyor.cli demo` with fresh empty TMPDIR, XDG_CACHE_HOME, "
        "XDG_CONFIG_HOME and working directory, no CONVEYOR_* or IVCAP_* variables"
    )
    row.notes.append(
        f"files left behind in those directories: {', '.join(sorted(set(leftovers)))}"
        if leftovers
        else "files left behind in those directories after every run: none"
    )
    return row


def measure_sandbox(s: Settings) -> tuple[Row, Row]:
    """Rows 9 and 10: start a SandboxServer in-process; then requests on one kept-alive connection.

    The baseline is the least a uvicorn server can do: a bare Starlette app
    with one route, started from a thread on an ephemeral loopback port.
    """
    args = ["--requests", str(s.keepalive_requests)]
    jobs = {
        impl: functools.partial(run_worker, sys.executable, "startup.py", [impl, *args], 120)
        for impl in ("sandbox", "starlette")
    }
    got = interleave(
        s.startup_repeats, jobs, ("start_seconds", "keepalive_seconds", "stop_seconds")
    )
    baseline = "bare Starlette app (one route) under uvicorn in a thread, ephemeral loopback port"
    start = Row(
        "9",
        "`SandboxServer().start()` in-process: time to the first answered request",
        "ms",
        got["sandbox"]["start_seconds"],
        got["starlette"]["start_seconds"],
        baseline,
        "< 0.5 s (well under a second)",
        peer=Series(reason="not measured (ivcap-client has no local server)"),
    )
    _absolute(start, below=0.5)
    start.notes.append(
        "from `SandboxServer(data_dir=...)` to the answer of `GET /1/services?limit=1`; "
        "imports happen before the clock starts"
    )
    start.notes.append(
        _describe("`stop()` afterwards, sandbox", got["sandbox"]["stop_seconds"])
        + "; "
        + _describe("bare Starlette", got["starlette"]["stop_seconds"])
    )
    keepalive = Row(
        "10",
        f"{s.keepalive_requests} sequential `GET /1/services?limit=1` on one kept-alive "
        "connection to the sandbox: time per request",
        "ms",
        got["sandbox"]["keepalive_seconds"],
        got["starlette"]["keepalive_seconds"],
        "same requests to the bare Starlette app",
        "< 10 ms each (no delayed-ACK stall)",
        peer=Series(reason="not measured (ivcap-client has no local server)"),
    )
    _absolute(keepalive, below=0.010)
    keepalive.notes.append(
        "a plain `httpx.Client`, right after the first request; the worker checks that every "
        "answer came over the same connection. A listening socket without TCP_NODELAY makes "
        "each answer wait ~40 ms for a delayed ACK: this row guards against that regression"
    )
    return start, keepalive


def measure_regen(s: Settings, workdir: Path) -> Row:
    """Row 11: ``scripts/regenerate.py --check`` against the stock generator on the same spec."""
    openapi = REPO / "openapi"
    stale: list[int] = []

    def check() -> dict[str, object]:
        # Exit 1 means generated/ differs from the contract: the work was still all done.
        result = timed_command(
            [sys.executable, "scripts/regenerate.py", "--check"], cwd=REPO, ok_codes=(0, 1)
        )
        if result.get("returncode") == 1:
            stale.append(1)
        found = re.search(r"generated in ([\d.]+) s", str(result.get("stdout", "")))
        if found:
            result["inner_seconds"] = float(found.group(1))
        return result

    def stock() -> dict[str, object]:
        out = Path(tempfile.mkdtemp(prefix="regen-", dir=workdir))
        try:
            command = [sys.executable, "-m", "openapi_python_client", "generate"]
            command += ["--path", openapi / "platform.yaml"]
            command += ["--config", openapi / "generator-config.yaml"]
            command += ["--custom-template-path", openapi / "templates"]
            command += ["--output-path", out / "package", "--meta", "none"]
            return timed_command(command, cwd=out)
        finally:
            shutil.rmtree(out, ignore_errors=True)

    got = interleave(s.repeats, {"check": check, "stock": stock}, ("seconds", "inner_seconds"))
    row = Row(
        "11",
        "`scripts/regenerate.py --check` (generate, format, compare with `generated/`): wall time",
        "s",
        got["check"]["seconds"],
        got["stock"]["seconds"],
        "stock `openapi-python-client generate`, same spec, config and templates, fresh process",
        "report it (issue 2)",
        peer=Series(reason="not applicable"),
    )
    _ratio(row, lower_is_better=True, limit=None)
    row.verdict = "reported" if row.conveyor.ok else NA
    if got["check"]["inner_seconds"].ok:
        row.notes.append(
            "generation alone, as regenerate.py reports it (generator in process plus ruff): "
            + _cell(got["check"]["inner_seconds"], "s")
        )
    row.notes.append(
        "the ratio is what regenerate.py adds to the stock generator: validating the spec, "
        "checking tool versions, formatting with the pinned ruff, and comparing with the "
        "files on disk"
    )
    if stale:
        row.notes.append(
            f"`--check` found `generated/` out of date in {len(stale)} run(s) (exit 1); "
            "it did the same work, so those runs count"
        )
    return row


STALL_GOAL = 0.020
"""Rows 12 and 13: the longest an async transfer may keep its event loop from other tasks."""
STALL_IMPLS = ("conveyor", "httpx")


def measure_stalls(s: Settings, workdir: Path) -> tuple[Row, Row]:
    """Rows 12 and 13: the longest event-loop stall while ``AsyncClient`` uploads or downloads.

    Each run is a fresh process (``workers/stall.py``) with a 1 ms ticker task
    on the loop; its figure is the run's longest tick gap minus the 1 ms asked
    for. Baseline: raw ``httpx.AsyncClient`` streaming the same file, reading
    or writing inline on the loop as a plain script does; the same ticker on
    an idle loop shows what the machine alone costs. One sandbox process per
    round serves every implementation; the download runs read an artifact
    seeded by raw httpx, so uploads and downloads never depend on each other.
    """
    size = max(s.upload_sizes)
    path = workdir / f"stall-{size}.bin"
    jobs = [f"{direction}:{impl}" for direction in ("upload", "download") for impl in STALL_IMPLS]
    jobs.append("idle")
    keys = ("max_stall_seconds", "p99_stall_seconds", "max_busy_seconds", "mib_per_s")
    got = {job: {key: Series() for key in keys} for job in jobs}
    over = {job: 0 for job in jobs}
    idle_seconds = "0.3" if s.quick else "3"
    _write_file(path, size)
    try:
        for turn in range(s.repeats):
            with sandbox(workdir) as server:
                base = ["--url", str(server.get("url")), "--token", str(server.get("token"))]
                base += ["--file", str(path)]
                seeded = run_worker(sys.executable, "stall.py", ["seed", *base], 1800)
                if not server.get("ok"):
                    seeded = server
                for job in rotated(jobs, turn):
                    if not seeded.get("ok") or (job == "idle" and not server.get("ok")):
                        for key in keys:
                            got[job][key].add(seeded, key)
                        continue
                    result = _stall_run(job, base, seeded, idle_seconds, workdir)
                    over[job] += int(result.get("ticks_over_5ms", 0))
                    for key in keys:
                        got[job][key].add(result, key)
    finally:
        path.unlink(missing_ok=True)
    idle = got["idle"]["max_stall_seconds"]
    rows = []
    for key, direction, verb in (("12", "upload", "uploads"), ("13", "download", "downloads")):
        ours, raw = got[f"{direction}:conveyor"], got[f"{direction}:httpx"]
        how = "1 MiB reads" if direction == "upload" else "each received piece written"
        row = Row(
            key,
            f"max event-loop stall while `AsyncClient` {verb} a {size_label(size)} file "
            "to the sandbox, measured by a 1 ms ticker task on the same loop",
            "ms",
            ours["max_stall_seconds"],
            raw["max_stall_seconds"],
            f"raw `httpx.AsyncClient` streaming the same file, {how} inline on the loop",
            f"<= {STALL_GOAL * 1e3:.0f} ms",
            peer=Series(reason="not measured (ivcap-client has no async client)"),
        )
        _ratio(row, lower_is_better=True, limit=None)
        if row.conveyor.ok:
            row.verdict = "pass" if row.conveyor.median <= STALL_GOAL else "FAIL"
            row.notes.append(
                f"each sample is one run's longest tick gap minus the 1 ms asked for; the "
                f"worst run: {fmt(max(row.conveyor.samples), 'ms')} ms"
            )
        row.notes.append(
            _describe("the same ticker on an idle loop, no transfer (the machine alone)", idle)
            + f"; Conveyor's ratio to it: {_ratio_text(row.conveyor, idle)}"
        )
        for label, job in (
            ("Conveyor", f"{direction}:conveyor"),
            ("raw httpx", f"{direction}:httpx"),
            ("idle loop", "idle"),
        ):
            row.notes.append(
                f"{label}: 99th percentile stall {_cell(got[job]['p99_stall_seconds'], 'ms')}; "
                "longest loop-thread CPU time between two ticks "
                f"{_cell(got[job]['max_busy_seconds'], 'ms')}; ticks more than 5 ms late, "
                f"all runs: {over[job]}"
            )
        row.notes.append(
            "loop-thread CPU time (`time.thread_time`) is what the loop itself computed between "
            "two ticks; the rest of a longer gap it waited: for another process holding the "
            "core, or for the disk inside a blocking call"
        )
        row.notes.append(
            "throughput of these async runs: "
            + _describe("Conveyor", ours["mib_per_s"], raw["mib_per_s"], "MiB/s")
            + f"; raw httpx {_cell(raw['mib_per_s'], 'MiB/s')}"
        )
        rows.append(row)
    rows[0].notes.append(
        "Conveyor uploads with its defaults: the file is hashed first (for deduplication, in a "
        "worker thread), then sent in 16 MiB tus chunks of 256 KiB pieces read and hashed on "
        "the loop"
    )
    rows[1].notes.append(
        "Conveyor hashes each received piece on the loop and hands the disk writes (about "
        "1 MiB at a time), the rename and the content store to a worker thread"
    )
    return rows[0], rows[1]


def _stall_run(
    job: str, base: list[str], seeded: dict, idle_seconds: str, workdir: Path
) -> dict[str, object]:
    """One ``workers/stall.py`` run: an upload, a download (into a file deleted after) or idle."""
    direction, _, impl = job.partition(":")
    if job == "idle":
        args = ["upload", "idle", *base, "--idle-seconds", idle_seconds]
        return run_worker(sys.executable, "stall.py", args, 60)
    cache = Path(tempfile.mkdtemp(prefix="stall-cache-", dir=workdir))
    target = cache / "download.bin"
    args = [direction, impl, *base, "--artifact", str(seeded["artifact"])]
    args += ["--href", str(seeded["href"]), "--target", str(target)]
    try:
        # A fresh content store each run: no upload is ever a deduplication hit.
        return run_worker(
            sys.executable, "stall.py", args, 1800, env={"CONVEYOR_CACHE_DIR": str(cache)}
        )
    finally:
        shutil.rmtree(cache, ignore_errors=True)


def measure_job_request(s: Settings) -> Row:
    """Row 14: a job answered at once, ``Service.request_job`` vs a raw POST, same MockTransport.

    Conveyor is measured twice in the same rotation: with its default
    request check (jsonschema, on every call) and with ``validate=False``.
    Each worker reads the request schema (one aspects GET per client) before
    the clock starts.
    """
    args = ["--calls", str(s.get_calls), "--batches", str(s.get_batches)]
    impls = ("httpx", "conveyor", "conveyor-novalidate")
    jobs = {
        impl: functools.partial(
            run_worker, sys.executable, "jobs.py", ["request", impl, *args], 600
        )
        for impl in impls
    }
    got = interleave(s.repeats, jobs, ("seconds", "wall_seconds"))
    row = Row(
        "14",
        "a job answered at once (200 with the result): `Service.request_job(payload)`, "
        "CPU time per call, request checked against the service's JSON Schema",
        "µs",
        got["conveyor"]["seconds"],
        got["httpx"]["seconds"],
        "raw `httpx.Client.post` of the same JSON with the same `Timeout` header, reading "
        "`IVCAP-Job-Id` and decoding the JSON result, same MockTransport and answer",
        "<= 1.15x",
        peer=Series(reason="not measured (not set up for ivcap-client's job API here)"),
    )
    _ratio(row, lower_is_better=True, limit=1.15)
    raw = got["httpx"]["seconds"]
    for label, impl in (
        ("with the request check (the default; the headline)", "conveyor"),
        ("with `validate=False` (no local check; the platform checks)", "conveyor-novalidate"),
    ):
        ours = got[impl]["seconds"]
        if ours.ok and raw.ok:
            row.notes.append(
                f"Conveyor {label}: {_cell(ours, 'µs')}, {ours.median / raw.median:.2f}x the "
                f"baseline, {(ours.median - raw.median) * 1e6:+.1f} µs per call"
            )
        else:
            row.notes.append(f"Conveyor {label}: {_cell(ours, 'µs')}")
    checked, unchecked = got["conveyor"]["seconds"], got["conveyor-novalidate"]["seconds"]
    if checked.ok and unchecked.ok:
        row.notes.append(
            f"the local check (jsonschema: the validator built from the schema, then "
            f"`best_match(iter_errors(...))`, on every call) costs "
            f"{(checked.median - unchecked.median) * 1e6:.1f} µs per call"
        )
    row.notes.append(
        "the service's request schema (word-stats', as the sandbox publishes it) is read once "
        "per client, by one aspects GET; each worker makes that first call before the clock "
        "starts, so the figures are per job after it"
    )
    row.notes.append(CPU_NOTE)
    walls = [
        _describe(name, got[impl]["wall_seconds"], unit="µs")
        for impl, name in (
            ("conveyor", "Conveyor"),
            ("conveyor-novalidate", "Conveyor validate=False"),
            ("httpx", "raw httpx"),
        )
    ]
    row.notes.append("wall time for comparison: " + "; ".join(walls))
    return row


def measure_create_order(s: Settings) -> Row:
    """Row 22: placing an order with a service already read, against a raw POST, same MockTransport.

    What Conveyor adds per creation: the parameter check, the ``Idempotency-Key``
    (and the order's key tag), the typed record. The service is read once per
    worker, before the clock starts.
    """
    args = ["--calls", str(s.get_calls), "--batches", str(s.get_batches)]
    jobs = {
        impl: functools.partial(
            run_worker, sys.executable, "calls.py", ["create", impl, *args], 600
        )
        for impl in ("httpx", "conveyor")
    }
    got = interleave(s.repeats, jobs, ("seconds", "wall_seconds"))
    row = Row(
        "22",
        "place an order: `service.place_order(message=...)`, CPU time per call",
        "µs",
        got["conveyor"]["seconds"],
        got["httpx"]["seconds"],
        "raw `httpx.Client.post` of the same JSON + `json.loads`, same MockTransport and answer",
        "report it (issue 17: what a creation costs over time)",
        peer=Series(reason="not measured (not set up for ivcap-client's orders here)"),
    )
    _ratio(row, lower_is_better=True, limit=None)
    row.verdict = "reported" if row.conveyor.ok else NA
    ours, raw = got["conveyor"]["seconds"], got["httpx"]["seconds"]
    if ours.ok and raw.ok:
        row.notes.append(
            f"added by Conveyor per order: {(ours.median - raw.median) * 1e6:+.1f} µs (the "
            "parameter check, the Idempotency-Key header and tag, the typed record)"
        )
    row.notes.append(CPU_NOTE)
    walls = [
        _describe(name, got[impl]["wall_seconds"], unit="µs")
        for impl, name in (("conveyor", "Conveyor"), ("httpx", "raw httpx"))
    ]
    row.notes.append("wall time for comparison: " + "; ".join(walls))
    return row


JOB_WORKERS = 32
"""Row 15's sandbox pool: more worker threads than the 20 connections an `AsyncClient` opens."""


def measure_jobs(s: Settings, workdir: Path) -> Row:
    """Row 15: N ``slow-echo`` jobs with ``wait=True``, sync one after another vs async at once.

    Every run has a fresh sandbox. The sandbox's pool (4 worker threads by
    default) caps how many jobs run at once, so the headline sandbox is
    started with ``--workers`` :data:`JOB_WORKERS`; the default pool is
    measured in the same rotation for the async client (the sync client runs
    one job at a time, so the pool size cannot change its figure).
    """
    modes = {
        "sync": ("sync", ["--workers", str(s.job_workers)]),
        "async": ("async", ["--workers", str(s.job_workers)]),
        "async-default-pool": ("async", []),
    }
    series = {mode: Series() for mode in modes}
    for turn in range(s.repeats):
        for mode in rotated(list(modes), turn):
            client, options = modes[mode]
            with sandbox(workdir, *options) as server:
                if not server.get("ok"):
                    series[mode].add(server, "-")
                    continue
                args = ["many", client, "--url", server["url"], "--token", server["token"]]
                args += ["--count", str(s.jobs), "--seconds", str(s.job_seconds)]
                series[mode].add(run_worker(sys.executable, "jobs.py", args, 1800), "seconds")
    row = Row(
        "15",
        f"{s.jobs} `slow-echo` jobs ({s.job_seconds:g} s each, `request_job(..., wait=True)`) "
        f"on the sandbox with {s.job_workers} worker threads: `AsyncClient` concurrently",
        "s",
        series["async"],
        series["sync"],
        "sync `Client`, one after another, same sandbox settings",
        ">= 10x faster",
        peer=Series(reason="not measured (ivcap-client has no async client)"),
    )
    if row.conveyor.ok and row.baseline.ok:
        row.ratio = row.baseline.median / row.conveyor.median
        row.verdict = "pass" if row.ratio >= 10 else "FAIL"
        row.notes.append(
            f"ratio is the speed-up, sync time / async time; per job: sync "
            f"{row.baseline.median / s.jobs * 1000:.1f} ms, "
            f"async {row.conveyor.median / s.jobs * 1000:.1f} ms"
        )
    default = series["async-default-pool"]
    speedup = (
        f"{row.baseline.median / default.median:.2f}x" if default.ok and row.baseline.ok else NA
    )
    row.notes.append(
        f"with the sandbox's default pool (`SandboxServer(workers=4)`), async: "
        f"{_cell(default, 's')}, a speed-up of {speedup} over the sync figure above (the sync "
        "client runs one job at a time, so the pool size does not change its time)"
    )
    floor_default = s.jobs * s.job_seconds / 4
    at_once = min(s.job_workers, 20)
    floor_client = s.jobs * s.job_seconds / at_once
    row.notes.append(
        "what caps the async figure: the sandbox runs at most `workers` jobs at once "
        "(`SandboxServer(workers=...)`, `conveyor sandbox serve --workers`; default 4: "
        f"{s.jobs} jobs of {s.job_seconds:g} s take at least {floor_default:.3g} s there, "
        f"against about {s.jobs * s.job_seconds:.3g} s for the sync client's one at a time, "
        "a speed-up of at most about 4x, short of 10x); and `AsyncClient` opens at most 20 "
        "connections (`httpx.Limits(max_connections=20)`), each held by one waiting job "
        f"request, so with {s.job_workers} workers at most {at_once} jobs run at once: a "
        f"floor of {floor_client:.3g} s, a speed-up of at most about {at_once}x"
    )
    row.notes.append(
        "each worker runs one job with seconds=0 first (the service's schema is read once per "
        "client), then starts the clock; every job's result is checked"
    )
    return row


def measure_logs(s: Settings, workdir: Path) -> Row:
    """Row 16: how soon each line a running job prints reaches a follower of its log.

    The sandbox (``server.py --bench-services``) runs ``stamped-countdown``,
    a job service of the benchmark's own that prints ``line <time.time()>``;
    a line's latency is when the client has it minus that stamp (one
    machine, one clock). Conveyor follows with ``job.logs(follow=True)``;
    the baseline streams the same endpoint with raw httpx. One sandbox per
    round serves both.
    """
    impls = ["conveyor", "httpx"]
    keys = ("max_seconds", "p95_seconds", "median_seconds")
    got = {impl: {key: Series() for key in keys} for impl in impls}
    every: dict[str, list[float]] = {impl: [] for impl in impls}
    for turn in range(s.repeats):
        with sandbox(workdir, "--bench-services") as server:
            for impl in rotated(impls, turn):
                if not server.get("ok"):
                    for key in keys:
                        got[impl][key].add(server, key)
                    continue
                if not server.get("stamped"):
                    for key in keys:
                        got[impl][key].add({"unavailable": "no stamped-countdown service"}, key)
                    continue
                args = ["logs", impl, "--url", server["url"], "--token", server["token"]]
                args += ["--service", server["stamped"], "--count", str(s.log_lines)]
                args += ["--interval", str(s.log_interval)]
                result = run_worker(sys.executable, "jobs.py", args, 300)
                for key in keys:
                    got[impl][key].add(result, key)
                if result.get("ok"):
                    every[impl].extend(float(v) for v in result.get("latencies", []))
    row = Row(
        "16",
        f"following a running job's log (`job.logs(follow=True)`, {s.log_lines} lines "
        f"{s.log_interval:g} s apart, sandbox): worst latency of a line per run, from written "
        "to in the caller's hands",
        "ms",
        got["conveyor"]["max_seconds"],
        got["httpx"]["max_seconds"],
        "raw httpx streaming the same endpoint (`GET /1/orders/{job}/logs`, `iter_lines`)",
        "every line < 0.5 s",
        peer=Series(reason="not measured (ivcap-client does not follow logs)"),
    )
    _ratio(row, lower_is_better=True, limit=None)
    if every["conveyor"]:
        worst = max(every["conveyor"])
        row.verdict = "pass" if worst < 0.5 else "FAIL"
        row.notes.append(
            f"the verdict is on the worst line of all {len(every['conveyor'])} Conveyor lines "
            f"of all runs: {fmt(worst, 'ms')} ms (the headline is the median of each run's "
            "worst line)"
        )
    for impl, name in (("conveyor", "Conveyor"), ("httpx", "raw httpx")):
        lines = sorted(every[impl])
        if lines:
            p95 = lines[min(len(lines) - 1, round(0.95 * (len(lines) - 1)))]
            row.notes.append(
                f"{name}, all lines of all runs: max {fmt(lines[-1], 'ms')} ms, p95 "
                f"{fmt(p95, 'ms')} ms, median {fmt(statistics.median(lines), 'ms')} ms; "
                f"per run (medians): p95 {_cell(got[impl]['p95_seconds'], 'ms')}, median "
                f"{_cell(got[impl]['median_seconds'], 'ms')}"
            )
    row.notes.append(
        "`stamped-countdown` is registered in the benchmark's sandbox process through "
        "`ServiceRegistry.job_service` (`workers/server.py --bench-services`): it waits 0.3 s "
        "(so the follower is connected), then prints `line <time.time()>` per step; the "
        "built-in `countdown` prints no time. Each run requests it with `wait=False` "
        "(`Timeout: 0` for the baseline) and follows until the job ends"
    )
    return row


PACKAGE_GOAL = 0.8
"""Row 17: push and pull throughput, each at least this fraction of raw httpx's."""


def measure_packages(s: Settings, workdir: Path) -> Row:
    """Row 17: push then pull an image package; throughput and the client's peak RSS.

    Every implementation gets a fresh sandbox per run, so no part is ever
    answered ``exists`` from an earlier push. Each push and each pull is a
    fresh process. Sizes are ``--sizes`` (the layer's size); the headline is
    the largest, and peak RSS must stay flat across them.
    """
    impls = ["conveyor", "httpx"]
    keys = ("seconds", "peak_rss_mib", "cpu_seconds")
    got = {
        (impl, op, size): {key: Series() for key in keys}
        for impl in impls
        for op in ("push", "pull", "pull-verify")
        for size in s.upload_sizes
    }
    trip = {(impl, size): Series() for impl in impls for size in s.upload_sizes}
    moved: dict[int, int] = {}
    for size in s.upload_sizes:
        path = workdir / f"package-{size}.tar"
        made = run_worker(
            sys.executable, "packages.py", ["archive", "--size", str(size), "--out", str(path)], 900
        )
        try:
            if not made.get("ok"):
                for (_, _, at), cells in got.items():
                    for series in cells.values() if at == size else ():
                        series.add(made, "-")
                for (_, at), series in trip.items():
                    if at == size:
                        series.add(made, "-")
                continue
            moved[size] = int(made["bytes"])
            for turn in range(s.repeats):
                for impl in rotated(impls, turn):
                    _package_round(s, workdir, impl, size, path, made, got, trip)
        finally:
            path.unlink(missing_ok=True)

    largest, smallest = max(s.upload_sizes), min(s.upload_sizes)
    row = Row(
        "17",
        f"push then pull a {size_label(largest)} image package (one layer) to and from the "
        "sandbox: throughput of the round trip, 2 x bytes / (push + pull time)",
        "MiB/s",
        trip["conveyor", largest],
        trip["httpx", largest],
        "raw httpx streaming the same parts to and from the same endpoints (1 MiB reads; "
        "pieces written as they arrive, no digest check)",
        f">= {PACKAGE_GOAL}x each way; peak RSS <= 100 MiB, flat",
        peer=Series(reason="not measured (ivcap-client's SDK has no packages)"),
    )
    _ratio(row, lower_is_better=False, limit=None)

    def speed(impl: str, op: str, size: int) -> Series:
        series = got[impl, op, size]["seconds"]
        if not series.ok or size not in moved:
            return Series(reason=series.reason)
        return Series([moved[size] / MIB / v for v in series.samples])

    ratios: dict[str, float | None] = {}
    for op in ("push", "pull"):
        ours, raw = speed("conveyor", op, largest), speed("httpx", op, largest)
        ratios[op] = ours.median / raw.median if ours.ok and raw.ok else None
        row.notes.append(
            f"{op} at {size_label(largest)}: "
            + _describe("Conveyor", ours, raw, "MiB/s")
            + f"; raw httpx {_cell(raw, 'MiB/s')}"
            + (f" (goal >= {PACKAGE_GOAL}x)" if ratios[op] is not None else "")
        )
        for name, speeds in (("Conveyor", ours), ("raw httpx", raw)):
            if speeds.ok:
                row.notes.append(
                    f"  {name} {op} samples (MiB/s): "
                    + ", ".join(fmt(v, "MiB/s") for v in speeds.samples)
                )
    peaks_ok = True
    flat_ok = True
    for op in ("push", "pull"):
        peaks = [got["conveyor", op, size]["peak_rss_mib"] for size in s.upload_sizes]
        if all(x.ok for x in peaks):
            growth = peaks[-1].median - peaks[0].median
            peaks_ok &= max(x.median for x in peaks) <= 100
            flat_ok &= growth <= 10.0
            row.notes.append(
                f"{op}: peak RSS of the client process, Conveyor "
                + ", ".join(
                    f"{size_label(size)} {_cell(x, 'MiB')}"
                    for size, x in zip(s.upload_sizes, peaks, strict=True)
                )
                + f"; growth from {size_label(smallest)} to {size_label(largest)}: "
                f"{growth:+.1f} MiB ({'flat' if growth <= 10 else 'NOT flat'}: at most +10 MiB); "
                f"raw httpx at {size_label(largest)}: "
                + _cell(got["httpx", op, largest]["peak_rss_mib"], "MiB")
            )
        else:
            peaks_ok = flat_ok = False
    if row.conveyor.ok and all(r is not None for r in ratios.values()):
        met = all(r is not None and r >= PACKAGE_GOAL for r in ratios.values())
        row.verdict = "pass" if met and peaks_ok and flat_ok else "FAIL"
    verified = speed("httpx", "pull-verify", largest)
    row.notes.append(
        f"pull at {size_label(largest)} against raw httpx that also checks each part's sha256 "
        "as it arrives (as Conveyor does; same round, same sandbox, after the plain pull): "
        + _describe("Conveyor", speed("conveyor", "pull", largest), verified, "MiB/s")
        + f"; raw httpx + sha256 {_cell(verified, 'MiB/s')}"
    )
    for size in s.upload_sizes:
        if size != largest:
            row.notes.append(
                _describe(
                    f"round trip at {size_label(size)}",
                    trip["conveyor", size],
                    trip["httpx", size],
                    "MiB/s",
                )
            )
    gib = moved.get(largest, 0) / (1 << 30)
    cpu = []
    for impl, op, name in (
        ("conveyor", "push", "Conveyor push"),
        ("conveyor", "pull", "Conveyor pull"),
        ("httpx", "push", "raw httpx push"),
        ("httpx", "pull", "raw httpx pull"),
        ("httpx", "pull-verify", "raw httpx + sha256 pull"),
    ):
        used = got[impl, op, largest]["cpu_seconds"]
        cpu.append(f"{name} " + (f"{used.median / gib:.2f} s" if used.ok and gib else NA))
    row.notes.append(
        f"client CPU time per GiB at {size_label(largest)} (user + system, all threads): "
        + ", ".join(cpu)
    )
    row.notes.append(
        "the archive is an uncompressed tar in OCI layout (`index.json`, `blobs/sha256/...`) "
        "with one layer of the given size (a random MiB repeated), its config and manifest; "
        "Conveyor pushes with `client.packages.push(path, tag=)` and pulls with "
        "`client.packages.pull(tag, path)`, which checks each part's sha256 and writes a "
        "loadable archive; the baseline's pull writes the parts' bytes only. Every run has a "
        "fresh sandbox (which hashes, writes and fsyncs each part), so no part is ever "
        "answered `exists`"
    )
    return row


def _package_round(
    s: Settings,
    workdir: Path,
    impl: str,
    size: int,
    path: Path,
    made: dict[str, Any],
    got: dict[tuple[str, str, int], dict[str, Series]],
    trip: dict[tuple[str, int], Series],
) -> None:
    """One push and one pull by ``impl`` on a fresh sandbox.

    The baseline's round adds a pull that also checks each part's sha256
    (``pull-verify``, reported in the details; not part of the round trip).
    """
    target = workdir / f"pulled-{impl}-{size}.tar"
    with sandbox(workdir) as server:
        results: dict[str, dict[str, Any]] = {}
        for op in ("push", "pull") if impl == "conveyor" else ("push", "pull", "pull-verify"):
            if not server.get("ok"):
                results[op] = server
                continue
            verb, variant = ("pull", "httpx-verify") if op == "pull-verify" else (op, impl)
            args = [verb, variant, "--url", server["url"], "--token", server["token"]]
            args += ["--tag", str(made["tag"])]
            args += ["--file", str(path)] if op == "push" else ["--target", str(target)]
            if op != "push" and not results["push"].get("ok"):
                results[op] = {"ok": False, "error": "the push failed"}
                if "unavailable" in results["push"]:
                    results[op] = results["push"]
            else:
                results[op] = run_worker(sys.executable, "packages.py", args, 1800)
            target.unlink(missing_ok=True)
            for key, series in got[impl, op, size].items():
                series.add(results[op], key)
    if all(results[op].get("ok") for op in ("push", "pull")):
        seconds = float(results["push"]["seconds"]) + float(results["pull"]["seconds"])
        trip[impl, size].add({"ok": True, "v": 2 * int(made["bytes"]) / MIB / seconds}, "v")
    else:
        failed = next(results[op] for op in ("push", "pull") if not results[op].get("ok"))
        trip[impl, size].add(failed, "-")


def measure_drain(s: Settings) -> Row:
    """Row 18: drain a queue in batches of 100 over a MockTransport; CPU time per message."""
    args = ["--total", str(s.queue_total), "--batch", "100", "--batches", str(s.list_batches)]
    jobs = {
        impl: functools.partial(run_worker, sys.executable, "drain.py", [impl, *args], 600)
        for impl in ("httpx", "conveyor")
    }
    got = interleave(s.repeats, jobs, ("seconds", "wall_seconds", "drain_seconds"))
    row = Row(
        "18",
        f"drain {s.queue_total:,} queue messages in batches of 100 (`queue.drain(batch=100)`), "
        "reading each message's content: CPU time per message",
        "µs",
        got["conveyor"]["seconds"],
        got["httpx"]["seconds"],
        "raw httpx loop of dequeue GETs + `json.loads` until an empty batch, same MockTransport "
        "and answers",
        "<= 1.5x",
        peer=Series(reason="not measured (ivcap-client's SDK has no queues)"),
    )
    _ratio(row, lower_is_better=True, limit=1.5)
    row.notes.append(
        "setting: an `httpx.MockTransport` serving pre-encoded dequeue answers shaped as the "
        "sandbox writes them (id, content-type, schema and a small JSON object per message), "
        "as rows 2 and 3 do; a live sandbox would add the same server time to both, which "
        "a CPU-time-per-message figure of the client is meant to leave out"
    )
    row.notes.append(
        "whole drain, CPU time: "
        + _describe("Conveyor", got["conveyor"]["drain_seconds"], got["httpx"]["drain_seconds"])
        + f"; raw httpx {_cell(got['httpx']['drain_seconds'], 'ms')}"
    )
    row.notes.append(CPU_NOTE)
    row.notes.append(
        "wall time per message for comparison: "
        + "; ".join(
            _describe(name, got[impl]["wall_seconds"], unit="µs")
            for impl, name in (("conveyor", "Conveyor"), ("httpx", "raw httpx"))
        )
    )
    return row


def measure_pipeline(s: Settings, workdir: Path) -> Row:
    """Row 19: a pipeline of N instant orders against the same orders by `asyncio.gather`."""
    count, parallel = (20, 4) if s.quick else (500, 16)
    series = {"pipeline": Series(), "gather": Series()}
    for turn in range(s.repeats):
        for mode in rotated(list(series), turn):
            with sandbox(workdir, "--workers", "8") as server:
                if not server.get("ok"):
                    series[mode].add(server, "-")
                    continue
                args = [mode, "--url", server["url"], "--token", server["token"]]
                args += ["--count", str(count), "--parallel", str(parallel)]
                series[mode].add(run_worker(sys.executable, "pipeline.py", args, 1800), "seconds")
    row = Row(
        "19",
        f"a pipeline of {count} independent `hello` orders, `max_parallel={parallel}`: wall time",
        "s",
        series["pipeline"],
        series["gather"],
        f"the same orders placed, waited for and their products read by hand with "
        f"`asyncio.gather` and a semaphore of {parallel}",
        "<= 1.2x",
        peer=Series(reason="not measured (ivcap-client has no pipelines)"),
    )
    _ratio(row, lower_is_better=True, limit=1.2)
    row.notes.append(
        "the pipeline's time includes checking the nodes against the platform, the local "
        "journal and the run's snapshot aspect, written before anything is sent and at most "
        "every 2 s"
    )
    return row


def measure_plan(s: Settings, workdir: Path) -> Row:
    """Row 20: `plan()` of a big pipeline (reads only), its time and the process's memory."""
    count = 200 if s.quick else 5000
    series = {"plan": Series(), "define": Series(), "rss": Series()}
    with sandbox(workdir) as server:
        for _ in range(s.repeats):
            if not server.get("ok"):
                for one in series.values():
                    one.add(server, "-")
                continue
            args = ["plan", "--url", server["url"], "--token", server["token"]]
            result = run_worker(sys.executable, "pipeline.py", [*args, "--count", str(count)], 600)
            series["plan"].add(result, "seconds")
            series["define"].add(result, "define_seconds")
            series["rss"].add(result, "rss_mib")
    row = Row(
        "20",
        f"`plan()` of a {count}-node pipeline (a map of word counts and a collect)",
        "s",
        series["plan"],
        series["define"],
        "defining the same nodes (no platform)",
        "<= 1 s, peak RSS <= 100 MiB",
        peer=Series(reason="not measured (ivcap-client has no pipelines)"),
    )
    rss = series["rss"]
    _absolute(row, below=1.0, also=rss.ok and rss.median <= 100)
    if rss.ok:
        row.notes.append(f"peak RSS of the worker process (imports included): {rss.median:.0f} MiB")
    return row


def measure_regen_big(s: Settings, workdir: Path) -> Row:
    """Row 21: ``regenerate.py`` on a 10 MB spec (a first generation) against the stock generator.

    The spec is copies of upstream v0.44 (``workers/bigspec.py``). Both write a fresh package
    from the same spec with the same config and templates; the stock generator also runs once
    more with its default post hooks (ruff fix and format, as regenerate.py does), for the
    details. Medians of at most 3 runs each: one round takes about a minute.
    """
    megabytes = 1.0 if s.quick else 10.0
    spec = workdir / "big-spec.json"
    made = run_worker(sys.executable, "bigspec.py", [str(spec), "--megabytes", str(megabytes)], 300)
    openapi = REPO / "openapi"
    # The manifest's generator config without `post_hooks: []`: the stock default hooks run.
    hooks = workdir / "stock-default-hooks.yaml"
    config = (openapi / "generator-config.yaml").read_text(encoding="utf-8")
    hooks.write_text(re.sub(r"(?m)^post_hooks:.*$", "", config), encoding="utf-8")
    path = {"PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    regen_times = re.compile(r"generated in ([\d.]+) s, ([\d.]+) s in all")

    def fresh(run: Callable[[Path], dict[str, object]]) -> dict[str, object]:
        if not made.get("ok"):
            return made
        out = Path(tempfile.mkdtemp(prefix="regen-big-", dir=workdir))
        try:
            return run(out / "big_client")
        finally:
            shutil.rmtree(out, ignore_errors=True)

    def ours(target: Path) -> dict[str, object]:
        command = [sys.executable, "scripts/regenerate.py", "--spec", spec, "--output", target]
        result = timed_command(command, cwd=REPO)
        found = regen_times.search(str(result.get("stdout", "")))
        if found:
            result["inner_seconds"] = float(found.group(1))
            result["own_seconds"] = float(found.group(2)) - float(found.group(1))
        return result

    def stock(settings: Path) -> Callable[[Path], dict[str, object]]:
        def run(target: Path) -> dict[str, object]:
            command = [sys.executable, "-m", "openapi_python_client", "generate", "--path", spec]
            command += ["--config", settings, "--custom-template-path", openapi / "templates"]
            command += ["--output-path", target, "--meta", "none"]
            return timed_command(command, cwd=target.parent, env=path)

        return run

    jobs = {
        "regenerate": lambda: fresh(ours),
        "stock": lambda: fresh(stock(openapi / "generator-config.yaml")),
        "stock-hooks": lambda: fresh(stock(hooks)),
    }
    keys = ("seconds", "inner_seconds", "own_seconds")
    got = interleave(max(1, min(s.repeats, 3)), jobs, keys)
    size = f"{made['bytes'] / 1e6:.1f} MB" if made.get("ok") else f"{megabytes:g} MB"
    row = Row(
        "21",
        f"`scripts/regenerate.py --spec` a {size} spec into a new folder (validate, generate, "
        "format, write): wall time",
        "s",
        got["regenerate"]["seconds"],
        got["stock"]["seconds"],
        "stock `openapi-python-client generate`, same spec, config and templates, fresh process",
        "<= 1.5x",
        peer=Series(reason="not applicable"),
    )
    _ratio(row, lower_is_better=True, limit=1.5)
    if made.get("ok"):
        row.notes.append(
            f"the spec: {made['copies']} renamed copies of upstream v0.44 "
            f"(`benchmarks/workers/bigspec.py`), {made['bytes']:,} bytes, "
            f"{made['operations']} operations, {made['schemas']} schemas"
        )
    with_hooks = got["stock-hooks"]["seconds"]
    if with_hooks.ok:
        row.notes.append(
            "stock generator with its default post hooks (`ruff check --fix-only`, "
            f"`ruff format`): {_cell(with_hooks, 's')} "
            f"({_ratio_text(row.conveyor, with_hooks)} of it for regenerate.py)"
        )
    inner, own = got["regenerate"]["inner_seconds"], got["regenerate"]["own_seconds"]
    if inner.ok and own.ok:
        row.notes.append(
            f"regenerate.py's own figures: generator in process plus the pinned ruff "
            f"{_cell(inner, 's')}; reading, validating and the rest {_cell(own, 's')} "
            "(validation was 7-9 s of it before scripts/spec_checks.py)"
        )
    try:
        import jsonschema_rs  # noqa: F401

        rust = "installed (openapi-spec-validator and spec_checks.py use it)"
    except ImportError:
        rust = "not installed (pure-Python schema checks)"
    row.notes.append(f"jsonschema-rs: {rust}")
    return row


def _ratio_text(series: Series, base: Series) -> str:
    if series.ok and base.ok and base.median > 0:
        return f"{series.median / base.median:.2f}x"
    return NA


def _absolute(row: Row, *, below: float, also: bool = True) -> None:
    """Ratio to the baseline for information; the verdict is Conveyor's median < ``below``.

    ``below`` is in seconds (time units are stored as seconds); ``also`` is a
    further condition the row must meet to pass.
    """
    _ratio(row, lower_is_better=True, limit=None)
    if row.conveyor.ok:
        row.verdict = "pass" if row.conveyor.median < below and also else "FAIL"


def _ratio(row: Row, *, lower_is_better: bool, limit: float | None) -> None:
    """Fill in ratios to the baseline and, when there is a limit, the verdict."""
    if row.baseline.ok and row.baseline.median > 0:
        if row.conveyor.ok:
            row.ratio = row.conveyor.median / row.baseline.median
            if limit is not None:
                met = row.ratio <= limit if lower_is_better else row.ratio >= limit
                row.verdict = "pass" if met else "FAIL"
        if row.peer is not None and row.peer.ok and row.peer_ratio is None:
            row.peer_ratio = row.peer.median / row.baseline.median


# ----------------------------------------------------------------------------- report


SCALE = {"ms": 1e3, "µs": 1e6, "s": 1.0, "MiB/s": 1.0, "MiB": 1.0}


def fmt(value: float, unit: str) -> str:
    """A figure in ``unit`` (stored seconds for time units), with sensible digits."""
    scaled = value * SCALE[unit]
    return f"{scaled:,.0f}" if abs(scaled) >= 100 else f"{scaled:.3g}"


def _cell(series: Series, unit: str, *, brief: bool = False) -> str:
    """A median with its unit, or "not available" (with the reason unless ``brief``)."""
    if not series.ok:
        return f"{NA} ({series.reason})" if series.reason and not brief else NA
    return f"{fmt(series.median, unit)} {unit}"


def _describe(label: str, series: Series, base: Series | None = None, unit: str = "ms") -> str:
    """One note line: a figure and, when given, its ratio to ``base``."""
    text = f"{label}: {_cell(series, unit)}"
    if base is not None and series.ok and base.ok and base.median:
        text += f" ({series.median / base.median:.2f}x the baseline)"
    return text


def size_label(size: int) -> str:
    """1073741824 -> '1 GiB'."""
    for unit, factor in (("GiB", 1 << 30), ("MiB", MIB), ("KiB", 1024)):
        if size >= factor and size % factor == 0:
            return f"{size // factor} {unit}"
    return f"{size} B"


def machine_lines(settings: Settings) -> list[str]:
    """Describe the machine, interpreters and library versions."""
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram = "unknown"
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kib = int(meminfo.read_text().split("MemTotal:")[1].split()[0])
        ram = f"{kib / (1 << 20):.1f} GiB"
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    import httpx

    lines = [
        f"- CPU: {cpu}, {os.cpu_count()} logical cores ({usable} usable by this process)",
        f"- RAM: {ram}",
        f"- OS: {platform.platform()}",
        f"- Python: {platform.python_version()} ({platform.python_implementation()}), "
        f"`{_rel(sys.executable)}`",
        f"- httpx: {httpx.__version__} (project venv)",
    ]
    if settings.peer_python:
        probe = subprocess.run(
            [
                str(settings.peer_python),
                "-c",
                "import importlib.metadata as m, platform; "
                "print(m.version('ivcap-client'), m.version('httpx'), platform.python_version())",
            ],
            capture_output=True,
            text=True,
            env=child_env(),
        )
        ivcap_v, httpx_v, py_v = (probe.stdout.split() + ["?"] * 3)[:3]
        lines.append(
            f"- peer: ivcap-client {ivcap_v} with httpx {httpx_v}, Python {py_v}, "
            f"venv `{_rel(settings.peer_python.parent.parent)}`"
        )
    else:
        lines.append(f"- peer: ivcap-client {NA} ({settings.peer_reason})")
    return lines


def _rel(path: Path | str) -> str:
    try:
        return str(Path(path).relative_to(REPO))
    except ValueError:
        return str(path)


def git_state() -> str:
    """The commit measured, and whether the measured code had uncommitted changes."""
    head = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=REPO
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--", "extensions", "generated", "sandbox"],
        capture_output=True,
        text=True,
        cwd=REPO,
    ).stdout.strip()
    return f"{head or 'unknown'}{' (with uncommitted SDK/sandbox changes)' if dirty else ''}"


def render(rows: list[Row], settings: Settings, started: float, loads: list[str]) -> str:
    """The whole RESULTS.md text."""
    command = shlex.join([_rel(sys.executable), "benchmarks/run.py", *sys.argv[1:]])
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    out = [
        "# Conveyor benchmark results",
        "",
        f"Written by `{command}` on {when} at commit {git_state()}, "
        f"in {time.monotonic() - started:.0f} s.",
        "",
        "## Machine",
        "",
        *machine_lines(settings),
        f"- load average (1, 5, 15 min): {loads[0]} at start, {loads[-1]} at end",
        "",
        "This machine has 2 cores shared with other engineers' sessions (builds, test suites), "
        "which may run during a benchmark: each row's details give the load average before "
        "and after it. Every figure is a median and is set against its baseline measured in "
        "the same run, interleaved with it in rotating order; rows 2, 3, 7, 14 and 18 count "
        "CPU time, which other processes cannot inflate much.",
        "",
        "## Results",
        "",
        f"Medians of {settings.repeats} runs per implementation (imports: "
        f"{settings.import_repeats}; sandbox start: {settings.startup_repeats}), each in a "
        "fresh process. Ratio = Conveyor / baseline "
        "(rows 6 and 15: baseline / Conveyor, the speed-up). Upload and package sizes: "
        + ", ".join(size_label(size) for size in settings.upload_sizes)
        + ".",
        "",
        "| # | measure | Conveyor | baseline | ratio | goal | met | ivcap-client | "
        "ivcap-client ratio |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        ratio = f"{row.ratio:.2f}x" if row.ratio is not None else NA
        peer = _cell(row.peer, row.unit, brief=True) if row.peer else NA
        peer_ratio = f"{row.peer_ratio:.2f}x" if row.peer_ratio is not None else NA
        out.append(
            f"| {row.key} | {row.measure} | {_cell(row.conveyor, row.unit, brief=True)} | "
            f"{_cell(row.baseline, row.unit, brief=True)} ({row.baseline_name}) | {ratio} | "
            f"{row.goal} | "
            f"{row.verdict} | {peer} | {peer_ratio} |"
        )
    out += ["", "## Details", ""]
    for row in rows:
        out.append(f"### {row.key}. {row.measure}")
        out.append("")
        for name, series in (
            ("Conveyor", row.conveyor),
            ("baseline", row.baseline),
            ("ivcap-client", row.peer),
        ):
            if series is not None and series.ok:
                samples = ", ".join(fmt(v, row.unit) for v in series.samples)
                out.append(f"- {name} samples ({row.unit}): {samples}")
                if series.failures:
                    out.append(
                        f"- {name}: {series.failures} more run(s) failed and are not counted; "
                        f"the first: {series.reason}"
                    )
            elif series is not None:
                out.append(f"- {name}: {NA} ({series.reason or 'no samples'})")
        # Notes indented by two spaces are sub-items of the note before them.
        out.extend(f"  - {n.strip()}" if n.startswith("  ") else f"- {n}" for n in row.notes)
        out.append("")
    return "\n".join(out)


# ----------------------------------------------------------------------------- main


def parse_size(text: str) -> int:
    """'64M' / '1G' / '512K' / '1000' -> bytes (binary units)."""
    found = re.fullmatch(r"(\d+)\s*([KMG]?)(i?B)?", text.strip(), re.IGNORECASE)
    if not found:
        raise argparse.ArgumentTypeError(f"not a size: {text!r}")
    power = {"": 0, "K": 1, "M": 2, "G": 3}[found.group(2).upper()]
    return int(found.group(1)) * 1024**power


#: The rows that run ivcap-client (the peer venv) or the runtime venv.
PEER_ROWS = frozenset({"import", "get", "list", "upload", "rss"})
RUNTIME_ROWS = frozenset({"import"})


def build_settings(args: argparse.Namespace, wanted: set[str] | None = None) -> Settings:
    """Turn flags into concrete sizes and repeat counts.

    The venvs under ``.peers`` are built (pip, from the registry) only when a
    row in ``wanted`` (default: every row) runs them.
    """
    wanted = set(ROWS.values()) if wanted is None else wanted
    quick = bool(args.quick)
    repeats = args.repeats or (1 if quick else 5)
    sizes = args.sizes or ([MIB, 2 * MIB, 4 * MIB] if quick else [64 * MIB, 256 * MIB, 1 << 30])
    peer_python: Path | None = None
    reason = "peer venv skipped (--skip-peers)"
    if wanted.isdisjoint(PEER_ROWS):
        reason = "peer venv not needed by the rows run"
    # --quick never creates a venv (the smoke test must not need the network),
    # but uses one that already exists.
    elif not args.skip_peers:
        venv = ensure(IVCAP, create=not quick) if not quick or ready(IVCAP) else None
        if venv is not None:
            peer_python = venv_python(venv)
        else:
            reason = "peer venv benchmarks/.peers/ivcap absent" + (
                " (--quick does not create it)" if quick else " and could not be created"
            )
    runtime = runtime_spec()
    runtime_venv = None
    if not wanted.isdisjoint(RUNTIME_ROWS) and (not quick or ready(runtime)):
        runtime_venv = ensure(runtime, create=not quick)
    return Settings(
        quick=quick,
        repeats=repeats,
        import_repeats=repeats * 3,
        startup_repeats=repeats * 3,
        get_calls=200 if quick else 1000,
        get_batches=3 if quick else 9,
        list_total=args.list_total or (500 if quick else 10_000),
        list_batches=2 if quick else 9,
        upload_sizes=sorted(sizes),
        orders=args.orders or (5 if quick else 200),
        keepalive_requests=5 if quick else 20,
        jobs=args.jobs or (5 if quick else 200),
        job_seconds=0.05 if quick else 0.2,
        job_workers=args.job_workers or JOB_WORKERS,
        log_lines=5 if quick else 20,
        log_interval=0.05 if quick else 0.1,
        queue_total=args.queue_total or (500 if quick else 10_000),
        peer_python=peer_python,
        peer_reason=reason,
        runtime_python=venv_python(runtime_venv) if runtime_venv else None,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the selected rows and write the report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes, one repeat")
    parser.add_argument(
        "--only",
        action="append",
        choices=[*ROWS, *ROWS.values()],
        help="run only this row (number or name); repeatable",
    )
    parser.add_argument("--repeats", type=int, help="runs per implementation (default 5)")
    parser.add_argument(
        "--sizes", type=parse_size, nargs="+", help="upload sizes, e.g. 64M 256M 1G"
    )
    parser.add_argument("--orders", type=int, help="orders in row 6 (default 200)")
    parser.add_argument("--list-total", type=int, help="items in row 3 (default 10000)")
    parser.add_argument("--jobs", type=int, help="jobs in row 15 (default 200)")
    parser.add_argument(
        "--job-workers",
        type=int,
        help=f"the sandbox's worker threads in row 15 (default {JOB_WORKERS}; the sandbox's own "
        "default, 4, is measured alongside)",
    )
    parser.add_argument(
        "--queue-total", type=int, help="messages drained in row 18 (default 10000)"
    )
    parser.add_argument("--skip-peers", action="store_true", help="do not run ivcap-client")
    parser.add_argument("--output", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument(
        "--merge",
        action="store_true",
        help="keep the rows of the existing --output that this run does not measure",
    )
    args = parser.parse_args(argv)

    wanted = {ROWS.get(name, name) for name in (args.only or ROWS.values())}
    started = time.monotonic()
    loads = [_loadavg()]
    settings = build_settings(args, wanted)
    rows: list[Row] = []
    workdir = Path(tempfile.mkdtemp(prefix="conveyor-bench-"))
    # Each step measures the rows it names (some measure two rows in one pass).
    steps: list[tuple[tuple[str, ...], Callable[[], list[Row]]]] = [
        (("import",), lambda: [measure_import(settings)]),
        (("get",), lambda: [measure_calls(settings, "get")]),
        (("list",), lambda: [measure_calls(settings, "list")]),
        (("upload", "rss"), lambda: list(measure_uploads(settings, workdir))),
        (("orders",), lambda: [measure_orders(settings, workdir)]),
        (("async-get",), lambda: [measure_async_get(settings)]),
        (("demo",), lambda: [measure_demo(settings, workdir)]),
        (("sandbox", "keepalive"), lambda: list(measure_sandbox(settings))),
        (("regen",), lambda: [measure_regen(settings, workdir)]),
        (("upload-stall", "download-stall"), lambda: list(measure_stalls(settings, workdir))),
        (("job",), lambda: [measure_job_request(settings)]),
        (("jobs",), lambda: [measure_jobs(settings, workdir)]),
        (("logs",), lambda: [measure_logs(settings, workdir)]),
        (("packages",), lambda: [measure_packages(settings, workdir)]),
        (("drain",), lambda: [measure_drain(settings)]),
        (("pipeline",), lambda: [measure_pipeline(settings, workdir)]),
        (("plan",), lambda: [measure_plan(settings, workdir)]),
        (("regen-10mb",), lambda: [measure_regen_big(settings, workdir)]),
        (("create-order",), lambda: [measure_create_order(settings)]),
    ]
    try:
        for names, step in steps:
            if wanted.isdisjoint(names):
                continue
            print(f"running {' and '.join(names)} ...", file=sys.stderr, flush=True)
            load_before, step_start = _loadavg(), time.monotonic()
            try:
                produced = step()
            except Exception as exc:
                # A harness bug in one row must not cost the figures of the others.
                traceback.print_exc()
                produced = [_broken_row(key, exc) for key, v in ROWS.items() if v in names]
            for row in produced:
                # Other engineers share the cores: say how busy the machine was meanwhile.
                row.notes.append(
                    f"measured in {time.monotonic() - step_start:.0f} s; load average "
                    f"{load_before} before, {_loadavg()} after"
                )
                # Every row a step measured is reported, even one not named by --only.
                rows.append(row)
                print(f"  row {row.key}: {_summary(row)}", file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    loads.append(_loadavg())
    text = render(rows, settings, started, loads) + "\n"
    if args.merge and args.output.exists():
        text = merge_results(args.output.read_text(), text)
    args.output.write_text(text)
    print(f"wrote {_rel(args.output)}", file=sys.stderr)
    return 0


TABLE_ROW = re.compile(r"^\| (\d+) \|")
DETAILS_HEADING = re.compile(r"^### (\d+)\. ", re.MULTILINE)


def merge_results(old: str, new: str) -> str:
    """``old`` RESULTS.md text with the rows ``new`` measured put in (replaced or added).

    Table lines and details sections are matched by row number and kept in
    row order. The header stays the old run's; a paragraph under it names
    the rows a later run measured, with that run's command, time, commit,
    repeats and load (each merge adds one).
    """
    lines = old.splitlines()
    at = [i for i, line in enumerate(lines) if TABLE_ROW.match(line)]
    if not at:
        raise ValueError("the existing results have no table to merge into")
    table = _by_row([lines[i] for i in at], TABLE_ROW)
    measured = _by_row(new.splitlines(), TABLE_ROW)
    table.update(measured)
    lines[at[0] : at[-1] + 1] = [table[key] for key in sorted(table, key=int)]
    text = "\n".join(lines) + "\n"
    first = DETAILS_HEADING.search(text)
    head, details = (text[: first.start()], _details(text)) if first else (text, {})
    details.update(_details(new))

    def line_of(prefix: str) -> str:
        return next((line for line in new.splitlines() if line.startswith(prefix)), "")

    note = (
        f"Rows {', '.join(sorted(measured, key=int))} come from a later run: "
        + line_of("Written by ").removeprefix("Written by ").rstrip(".")
        + ". "
        + re.sub(r" \(imports: [^)]*\)", "", line_of("Medians of ").split(". Ratio")[0])
        + ". Its "
        + line_of("- load average").removeprefix("- ")
        + "."
    )
    machine = head.index("\n## ")
    head = head[:machine] + "\n" + note + "\n" + head[machine:]
    return head + "\n\n".join(details[key] for key in sorted(details, key=int)) + "\n"


def _by_row(lines: Sequence[str], pattern: re.Pattern[str]) -> dict[str, str]:
    """The lines that ``pattern`` finds a row number in, by that number."""
    return {found.group(1): line for line in lines if (found := pattern.match(line))}


def _details(text: str) -> dict[str, str]:
    """The details sections (``### <row>. ...`` up to the next one) of a RESULTS.md text."""
    starts = [found.start() for found in DETAILS_HEADING.finditer(text)]
    bodies = [text[a:b].strip("\n") for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]
    return _by_row(bodies, DETAILS_HEADING)


def _broken_row(key: str, exc: Exception) -> Row:
    """A placeholder row for a measurement that raised inside the harness."""
    why = Series(reason=f"harness error: {type(exc).__name__}: {exc}")
    return Row(key, ROWS[key], "s", why, Series(reason=why.reason), "-", "-")


def _summary(row: Row) -> str:
    ratio = f"{row.ratio:.2f}x" if row.ratio is not None else NA
    return (
        f"Conveyor {_cell(row.conveyor, row.unit)}, baseline {_cell(row.baseline, row.unit)}, "
        f"ratio {ratio}, {row.verdict}"
    )


def _loadavg() -> str:
    try:
        return ", ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


if __name__ == "__main__":
    sys.exit(main())
