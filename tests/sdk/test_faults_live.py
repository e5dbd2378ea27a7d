"""Faults injected between the SDK and a live sandbox on loopback (never recorded)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import httpx
import pytest
from conveyor import Client, ServerError, TransportError
from conveyor._transfer_base import MAX_RESUMES

from ..fakes import BRIEF_SLEEP, FakeClock
from .conftest import RECORDING_TOKEN
from .faults import Fault, FaultTransport

MiB = 1024 * 1024


def connect(server: Any, transport: FaultTransport, cache_dir: Path, **kwargs: Any) -> Client:
    return Client(
        server.url,
        token=RECORDING_TOKEN,
        transport=transport,
        clock=kwargs.pop("clock", FakeClock(real_sleep=BRIEF_SLEEP)),
        cache_dir=cache_dir,
        **kwargs,
    )


@pytest.fixture
def payload(tmp_path: Path) -> Path:
    path = tmp_path / "payload.bin"
    path.write_bytes(os.urandom(MiB) + b"tail")
    return path


def test_idempotent_calls_ride_out_503_429_resets_and_timeouts(
    live_server: Any, cache_dir: Path
) -> None:
    faults = FaultTransport(
        Fault("GET", r"^/1/services$", "status", status=503, headers={"Retry-After": "1"}),
        Fault("GET", r"^/1/services$", "status", status=429, headers={"Retry-After": "2"}),
        Fault("GET", r"^/1/services$", "connect"),
        Fault("GET", r"^/1/services$", "timeout"),
    )
    clock = FakeClock()
    with connect(live_server, faults, cache_dir, clock=clock) as client:
        assert len(list(client.services.list())) >= 4
    assert faults.injected == ["status", "status", "connect", "timeout"]
    assert clock.sleeps[:2] == [1.0, 2.0]


def test_a_lost_order_answer_creates_no_duplicate(live_server: Any, cache_dir: Path) -> None:
    marker = f"lost-answer-{os.getpid()}"
    faults = FaultTransport(Fault("POST", r"^/1/orders$", "lost-answer"))
    with connect(live_server, faults, cache_dir) as client:
        hello = client.services.get_by_name("hello")
        # The sandbox declares Idempotency-Key: the same request goes again, the same
        # order comes back.
        order = hello.place_order(marker, message="once")
        placed = list(client.orders.list(filter=f"name == '{marker}'"))
    assert [o.id for o in placed] == [order.id]  # processed once
    posts = [h for m, path, h in faults.requests if path == "/1/orders" and m == "POST"]
    assert len(posts) == 2 and posts[0]["idempotency-key"] == posts[1]["idempotency-key"]


def test_a_refused_or_throttled_order_is_placed_exactly_once(
    live_server: Any, cache_dir: Path
) -> None:
    marker = f"retried-{os.getpid()}"
    faults = FaultTransport(
        Fault("POST", r"^/1/orders$", "connect"),
        Fault("POST", r"^/1/orders$", "status", status=429),
    )
    with connect(live_server, faults, cache_dir) as client:
        order = client.services.get_by_name("hello").place_order(marker).wait(timeout=30)
        assert order.status == "succeeded"
        assert len(list(client.orders.list(filter=f"name == '{marker}'"))) == 1
    posts = [m for m, path, _ in faults.requests if path == "/1/orders" and m == "POST"]
    assert posts == ["POST"] * 3


def test_a_503_on_order_placement_is_retried(live_server: Any, cache_dir: Path) -> None:
    # A 503 refuses the request unprocessed (issue 18); a 502 may follow one processed.
    faults = FaultTransport(Fault("POST", r"^/1/orders$", "status", status=503))
    with connect(live_server, faults, cache_dir) as client:
        order = client.services.get_by_name("hello").place_order()
        assert order.id.startswith("urn:ivcap:order:")
    assert [m for m, path, _ in faults.requests if path == "/1/orders"] == ["POST", "POST"]
    faults = FaultTransport(Fault("POST", r"^/1/orders$", "status", status=502))
    with connect(live_server, faults, cache_dir) as client, pytest.raises(ServerError):
        client.services.get_by_name("hello").place_order()
    assert [m for m, path, _ in faults.requests if path == "/1/orders"] == ["POST"]


def patch_offsets(faults: FaultTransport) -> list[int]:
    return [int(h["upload-offset"]) for m, _, h in faults.requests if m == "PATCH"]


def test_an_interrupted_upload_resends_at_most_one_chunk_per_interruption(
    live_server: Any, cache_dir: Path, payload: Path
) -> None:
    chunk = 256 * 1024
    size = payload.stat().st_size
    faults = FaultTransport(
        Fault("PATCH", r"/blob$", "body-cut", after=100_000, skip=1),  # the 2nd chunk breaks
        Fault("PATCH", r"/blob$", "lost-answer", skip=1),  # a later chunk's answer is lost
    )
    with connect(live_server, faults, cache_dir) as client:
        artifact = client.artifacts.upload(payload, chunk_size=chunk, force=True)
        assert artifact.size == size
        assert artifact.sha256 == hashlib.sha256(payload.read_bytes()).hexdigest()
        assert b"".join(artifact.iter_bytes()) == payload.read_bytes()
    assert faults.injected == ["body-cut", "lost-answer"]
    assert faults.body_bytes["PATCH"] <= size + 2 * chunk
    assert any(m == "HEAD" for m, _, _ in faults.requests)  # resumed from the platform's offset


def test_an_upload_continues_in_a_later_run(
    live_server: Any, cache_dir: Path, payload: Path
) -> None:
    chunk = 256 * 1024
    broken = FaultTransport(
        Fault("PATCH", r"/blob$", "body-cut", after=0, skip=1, times=MAX_RESUMES + 1)
    )
    with connect(live_server, broken, cache_dir) as client, pytest.raises(TransportError):
        client.artifacts.upload(payload, chunk_size=chunk, force=True)

    healthy = FaultTransport()
    with connect(live_server, healthy, cache_dir) as client:
        artifact = client.artifacts.upload(payload, chunk_size=chunk, force=True)
        assert b"".join(artifact.iter_bytes()) == payload.read_bytes()
    assert patch_offsets(healthy)[0] == chunk  # continued after the chunk that arrived
    assert not any(m == "POST" for m, _, _ in healthy.requests)


def test_an_interrupted_download_resumes_with_range(
    live_server: Any, cache_dir: Path, payload: Path, tmp_path: Path
) -> None:
    with connect(live_server, FaultTransport(), cache_dir) as client:
        artifact = client.artifacts.upload(payload, force=True)
    faults = FaultTransport(
        Fault("GET", r"/blob$", "answer-cut", after=300_000),
        Fault("GET", r"/blob$", "answer-cut", after=200_000),
    )
    with connect(live_server, faults, cache_dir) as client:
        target = client.artifacts.get(artifact.id).download(tmp_path / "copy.bin")
    assert target is not None and target.read_bytes() == payload.read_bytes()
    ranges = [h.get("range") for m, p, h in faults.requests if m == "GET" and p.endswith("/blob")]
    assert ranges == [None, "bytes=300000-", "bytes=500000-"]
    assert not list(tmp_path.glob(".*conveyor-part"))


@pytest.mark.anyio
async def test_async_transfers_survive_interruptions(
    live_server: Any, cache_dir: Path, payload: Path
) -> None:
    from conveyor import AsyncClient

    class AsyncFaults(httpx.AsyncBaseTransport):
        """The sync fault transport, driven from the async client through a thread."""

        def __init__(self, faults: FaultTransport) -> None:
            self.faults = faults

        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            import anyio.to_thread

            body = b"".join([piece async for piece in request.stream])  # type: ignore[union-attr]
            sync_request = httpx.Request(
                request.method, request.url, headers=request.headers, content=body
            )
            response = await anyio.to_thread.run_sync(self.faults.handle_request, sync_request)
            try:
                content = await anyio.to_thread.run_sync(response.read)
            except httpx.ReadError:
                raise
            return httpx.Response(response.status_code, headers=response.headers, content=content)

    faults = FaultTransport(
        Fault("PATCH", r"/blob$", "lost-answer", skip=1),
        Fault("GET", r"/blob$", "status", status=503, headers={"Retry-After": "1"}),
    )
    async with AsyncClient(
        live_server.url,
        token=RECORDING_TOKEN,
        transport=AsyncFaults(faults),
        clock=FakeClock(real_sleep=BRIEF_SLEEP),
        cache_dir=cache_dir,
    ) as client:
        artifact = await client.artifacts.upload(payload, chunk_size=300_000, force=True)
        received = b"".join([piece async for piece in artifact.iter_bytes()])
    assert received == payload.read_bytes()
    assert faults.injected == ["lost-answer", "status"]
