"""Worker: the longest event-loop stall while an async client uploads or downloads a file.

Usage::

    python stall.py seed --url URL --token T --file PATH
    python stall.py {upload,download} {conveyor,httpx,idle} --url URL --token T --file PATH \
        [--artifact ID --href URL --target PATH] [--idle-seconds S]

A ticker task on the same loop sleeps 1 ms at a time and records how late
each wake-up comes; the stall of a tick is its gap minus the 1 ms asked for.
``conveyor`` is ``AsyncClient.artifacts.upload(path)`` (defaults: the file is
hashed for deduplication first) or ``AsyncArtifact.download(path)``;
``httpx`` is raw ``httpx.AsyncClient`` streaming the same file the way a
plain script would (1 MiB reads, or received pieces written, inline on the
loop); ``idle`` is the ticker alone, what the loop does with nothing to do.
Imports, client set-up and a first request on the connection happen before
the ticker starts, so only the transfer is measured. ``seed`` uploads the
file once with raw httpx for the download runs and prints its id and href.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import os
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import _common as c
import httpx

TICK = 0.001
PIECE = 1 << 20
TIMEOUT = httpx.Timeout(600.0, connect=10.0)

Operation = Callable[[], Awaitable[object]]


async def stalls_during(operation: Operation) -> dict[str, Any]:
    """Run ``operation`` beside a 1 ms ticker; return its stall figures (seconds)."""
    gaps: list[float] = []
    busy: list[float] = []
    stop = asyncio.Event()

    async def ticker() -> None:
        # thread_time is the loop thread's own CPU time: a gap the loop spent
        # computing shows in it, a gap in which another process held the core
        # (or the disk was waited for) does not.
        last, last_cpu = time.perf_counter(), time.thread_time()
        while not stop.is_set():
            await asyncio.sleep(TICK)
            now, cpu = time.perf_counter(), time.thread_time()
            gaps.append(now - last)
            busy.append(cpu - last_cpu)
            last, last_cpu = now, cpu

    task = asyncio.create_task(ticker())
    await asyncio.sleep(0.05)  # the ticker is running before the transfer starts
    gaps.clear()
    busy.clear()
    start = time.perf_counter()
    try:
        await operation()
    finally:
        seconds = time.perf_counter() - start
        stop.set()
        await task
    stalls = sorted(max(0.0, gap - TICK) for gap in gaps)
    if not stalls:
        raise RuntimeError("the ticker never ran")
    return {
        "ok": True,
        "max_stall_seconds": stalls[-1],
        "p99_stall_seconds": stalls[int(0.99 * (len(stalls) - 1))],
        "ticks_over_5ms": sum(stall > 0.005 for stall in stalls),
        "max_busy_seconds": max(busy),
        "ticks": len(stalls),
        "seconds": seconds,
    }


async def _pieces(path: str) -> AsyncIterator[bytes]:
    with open(path, "rb") as stream:
        while piece := stream.read(PIECE):
            yield piece


def _creation_headers(path: str, size: int) -> dict[str, str]:
    return {
        "Tus-Resumable": "1.0.0",
        "X-Content-Length": str(size),
        "Upload-Length": str(size),
        "X-Content-Type": "application/octet-stream",
        "X-Name": base64.b64encode(os.path.basename(path).encode()).decode(),
    }


def _patch_headers(size: int) -> dict[str, str]:
    return {
        "Tus-Resumable": "1.0.0",
        "Upload-Offset": "0",
        "Content-Type": "application/offset+octet-stream",
        "Content-Length": str(size),
    }


def seed(args: argparse.Namespace) -> None:
    """Upload the file with raw sync httpx; print its id and content href."""
    size = os.path.getsize(args.file)
    with httpx.Client(headers={"Authorization": f"Bearer {args.token}"}, timeout=TIMEOUT) as http:
        created = http.post(f"{args.url}/1/artifacts", headers=_creation_headers(args.file, size))
        created.raise_for_status()
        record = created.json()

        def pieces() -> Any:
            with open(args.file, "rb") as stream:
                while piece := stream.read(PIECE):
                    yield piece

        patched = http.patch(record["data-href"], content=pieces(), headers=_patch_headers(size))
        patched.raise_for_status()
    c.emit({"ok": True, "artifact": record["id"], "href": record["data-href"]})


async def conveyor_operation(args: argparse.Namespace, size: int) -> tuple[Operation, Any]:
    """Conveyor's upload (defaults) or download, with the client warmed up."""
    try:
        from conveyor import AsyncClient
    except ImportError as exc:
        c.unavailable(f"conveyor.AsyncClient missing ({exc})")
    client = AsyncClient(url=args.url, token=args.token)
    artifacts = client.artifacts
    if args.direction == "upload":
        async for _ in artifacts.list(limit=1):
            break  # imports done, connection open

        async def upload() -> None:
            artifact = await artifacts.upload(args.file, content_type="application/octet-stream")
            if artifact.size != size:
                raise RuntimeError(f"artifact size {artifact.size}, expected {size}")

        return upload, client
    artifact = await artifacts.get(args.artifact)

    async def download() -> None:
        await artifact.download(args.target)

    return download, client


async def httpx_operation(args: argparse.Namespace, size: int) -> tuple[Operation, Any]:
    """Raw httpx streaming the same bytes, reading or writing inline on the loop."""
    http = httpx.AsyncClient(headers={"Authorization": f"Bearer {args.token}"}, timeout=TIMEOUT)
    await http.get(f"{args.url}/1/services", params={"limit": 1})  # connection open
    if args.direction == "upload":

        async def upload() -> None:
            created = await http.post(
                f"{args.url}/1/artifacts", headers=_creation_headers(args.file, size)
            )
            created.raise_for_status()
            href, headers = created.json()["data-href"], _patch_headers(size)
            patched = await http.patch(href, content=_pieces(args.file), headers=headers)
            patched.raise_for_status()

        return upload, http

    async def download() -> None:
        async with http.stream("GET", args.href) as response:
            response.raise_for_status()
            with open(args.target, "wb") as out:
                async for piece in response.aiter_bytes():
                    out.write(piece)

    return download, http


async def run(args: argparse.Namespace) -> dict[str, Any]:
    """Set up the chosen implementation, then measure its transfer's stalls."""
    size = os.path.getsize(args.file)
    if args.impl == "idle":
        return await stalls_during(lambda: asyncio.sleep(args.idle_seconds))
    if args.direction == "upload":
        with open(args.file, "r+b") as stream:
            stream.write(os.urandom(16).hex().encode())  # nothing can be recognised
    maker = conveyor_operation if args.impl == "conveyor" else httpx_operation
    operation, client = await maker(args, size)
    try:
        result = await stalls_during(operation)
    finally:
        await client.aclose()
    if args.direction == "download" and os.path.getsize(args.target) != size:
        raise RuntimeError(f"downloaded {os.path.getsize(args.target)} bytes, expected {size}")
    result["mib_per_s"] = size / (1 << 20) / result["seconds"]
    return result


def main() -> None:
    """Parse arguments, run one measurement, print the JSON result."""
    parser = argparse.ArgumentParser()
    parser.add_argument("direction", choices=["seed", "upload", "download"])
    parser.add_argument("impl", nargs="?", choices=["conveyor", "httpx", "idle"])
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--file", required=True)
    parser.add_argument("--artifact")
    parser.add_argument("--href")
    parser.add_argument("--target")
    parser.add_argument("--idle-seconds", type=float, default=3.0)
    args = parser.parse_args()
    if args.direction == "seed":
        seed(args)
        return
    try:
        result = asyncio.run(run(args))
    except Exception as exc:
        c.emit({"ok": False, "error": f"{type(exc).__name__}: {exc}"})
        return
    c.emit(result)


if __name__ == "__main__":
    main()
