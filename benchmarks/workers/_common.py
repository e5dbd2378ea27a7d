"""Shared pieces of the benchmark workers: fixtures, mock transports, result output.

Workers run in a fresh interpreter, sometimes in the peer venv (which has
httpx but not Conveyor), so this module needs only the standard library and
httpx, and it is imported by path (the worker's directory is ``sys.path[0]``).

A worker prints exactly one JSON object as the last line of its standard
output. ``{"ok": true, ...figures}`` on success; ``{"ok": false, "unavailable":
"why"}`` when the piece it measures does not exist yet (an SDK module not
landed, a peer venv missing): the harness reports that as "not available"
instead of failing the run.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from typing import Any, NoReturn

import httpx

BASE_URL = "http://bench.invalid"
TOKEN = "bench-token"
ARTIFACT_ID = "urn:ivcap:artifact:0f1e2d3c-4b5a-4697-8877-665544332211"


def emit(result: dict[str, Any]) -> None:
    """Print the worker's result as the last line of stdout."""
    sys.stdout.write("\n" + json.dumps(result) + "\n")
    sys.stdout.flush()


def unavailable(reason: str) -> NoReturn:
    """Report that the measured piece does not exist yet, and stop."""
    emit({"ok": False, "unavailable": reason})
    sys.exit(0)


def artifact_record(artifact_id: str, index: int = 0) -> dict[str, Any]:
    """Return a full artifact record as the contract (and IVCAP) shape it."""
    href = f"{BASE_URL}/1/artifacts/{artifact_id}"
    return {
        "id": artifact_id,
        "name": f"notes-{index}.txt",
        "status": "ready",
        "size": 1204 + index,
        "mime-type": "text/plain",
        "etag": '"sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"',
        "created-at": "2026-11-01T09:30:40Z",
        "last-modified-at": "2026-11-01T09:30:41Z",
        "account": "urn:ivcap:account:00000000-0000-4000-8000-000000000001",
        "data-href": f"{href}/blob",
        "links": [
            {"rel": "self", "type": "application/json", "href": href},
            {"rel": "data", "type": "text/plain", "href": f"{href}/blob"},
        ],
    }


def list_item(index: int) -> dict[str, Any]:
    """Return one artifact as it appears in a list page."""
    artifact_id = f"urn:ivcap:artifact:00000000-0000-4000-8000-{index:012d}"
    return {
        "id": artifact_id,
        "name": f"file-{index}.csv",
        "status": "ready",
        "size": 4096 + index,
        "mime-type": "text/csv",
        "created-at": "2026-11-01T09:30:40Z",
        "href": f"{BASE_URL}/1/artifacts/{artifact_id}",
    }


def list_pages(total: int, page_size: int) -> list[bytes]:
    """Return the encoded pages of a ``total``-item artifact list.

    Next links carry only ``page=<token>`` (URL-safe), as WIRE-FACTS requires
    for the official client to follow them.
    """
    pages: list[bytes] = []
    count = (total + page_size - 1) // page_size
    for number in range(count):
        start = number * page_size
        items = [list_item(i) for i in range(start, min(start + page_size, total))]
        links = [
            {"rel": "self", "type": "application/json", "href": f"{BASE_URL}/1/artifacts"},
            {"rel": "first", "type": "application/json", "href": f"{BASE_URL}/1/artifacts"},
        ]
        if number + 1 < count:
            links.append(
                {
                    "rel": "next",
                    "type": "application/json",
                    "href": f"{BASE_URL}/1/artifacts?page=p{number + 1}",
                }
            )
        body = {"items": items, "links": links, "at-time": "2026-11-01T10:00:00Z"}
        pages.append(json.dumps(body).encode())
    return pages


def record_transport() -> httpx.MockTransport:
    """A MockTransport answering every GET with the same encoded artifact record."""
    body = json.dumps(artifact_record(ARTIFACT_ID)).encode()
    headers = {"content-type": "application/json"}

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=body, headers=headers)

    return httpx.MockTransport(handler)


def list_transport(pages: list[bytes]) -> httpx.MockTransport:
    """A MockTransport serving ``pages`` by their ``page=p<N>`` token (no token: page 0)."""
    headers = {"content-type": "application/json"}

    def handler(request: httpx.Request) -> httpx.Response:
        token = request.url.params.get("page")
        number = int(token[1:]) if token else 0
        return httpx.Response(200, content=pages[number], headers=headers)

    return httpx.MockTransport(handler)


def time_per_op(
    op: Callable[[], object], *, calls: int, batches: int, warmup: int
) -> tuple[float, float]:
    """Return ``(cpu, wall)``: medians over ``batches`` of the mean seconds per call of ``op``."""

    def run(count: int) -> None:
        for _ in range(count):
            op()

    return time_batches(run, calls=calls, batches=batches, warmup=warmup)


def time_per_async_op(
    op: Callable[[], Awaitable[object]], *, calls: int, batches: int, warmup: int
) -> tuple[float, float]:
    """``time_per_op`` for a coroutine function: each batch runs in one event loop pass.

    The loop is created once and each batch is a single ``run_until_complete``,
    so what is timed is the awaited calls, not the loop's start-up.
    """
    loop = asyncio.new_event_loop()

    async def many(count: int) -> None:
        for _ in range(count):
            await op()

    try:
        return time_batches(
            lambda count: loop.run_until_complete(many(count)),
            calls=calls,
            batches=batches,
            warmup=warmup,
        )
    finally:
        loop.close()


def time_batches(
    run: Callable[[int], object], *, calls: int, batches: int, warmup: int
) -> tuple[float, float]:
    """Return ``(cpu, wall)``: medians over ``batches`` of ``run(calls)``'s seconds per call.

    ``run(n)`` performs the operation ``n`` times. CPU time is the process's
    own (``time.process_time``): with a MockTransport there is no I/O, so on
    an idle machine it equals wall time, and on a shared one it leaves out
    the time other processes held the core.
    """
    if warmup:
        run(warmup)
    cpu: list[float] = []
    wall: list[float] = []
    for _ in range(batches):
        start_cpu, start = time.process_time(), time.perf_counter()
        run(calls)
        wall.append((time.perf_counter() - start) / calls)
        cpu.append((time.process_time() - start_cpu) / calls)
    return statistics.median(cpu), statistics.median(wall)


def peak_rss_mib() -> float:
    """Peak resident set size of this process so far, in MiB (Linux reports KiB)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mib() -> float:
    """Current resident set size of this process, in MiB."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")
