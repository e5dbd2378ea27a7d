"""Uploading streams that cannot seek (pipes, stdin), live against a sandbox (never recorded)."""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path
from typing import Any

import pytest
from conveyor import AsyncClient, Client, InvalidParameter

from ..fakes import BRIEF_SLEEP, FakeClock
from .conftest import RECORDING_TOKEN
from .faults import Fault, FaultTransport

CHUNK = 64 * 1024


class Pipe(io.RawIOBase):
    """A read-only stream that cannot seek and hands out short reads, like a pipe."""

    def __init__(self, data: bytes, read_size: int = 10_000) -> None:
        self._data = io.BytesIO(data)
        self._read_size = read_size
        self.name = "<pipe>"

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def read(self, size: int = -1) -> bytes:
        limit = self._read_size if size < 0 else min(size, self._read_size)
        return self._data.read(limit)


def connect(server: Any, cache_dir: Path, transport: Any = None) -> Client:
    return Client(
        server.url,
        token=RECORDING_TOKEN,
        transport=transport,
        clock=FakeClock(real_sleep=BRIEF_SLEEP),
        cache_dir=cache_dir,
    )


@pytest.mark.parametrize(
    "size",
    [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 3 * CHUNK + 12_345],
    ids=lambda n: f"{n}B",
)
def test_a_stream_of_any_length_arrives_intact(
    live_server: Any, cache_dir: Path, size: int
) -> None:
    data = os.urandom(size)
    progress: list[tuple[int, int]] = []
    with connect(live_server, cache_dir) as client:
        artifact = client.artifacts.upload(
            Pipe(data),
            name="piped.bin",
            chunk_size=CHUNK,
            progress=lambda done, total: progress.append((done, total)),
        )
        assert artifact.status == "ready"
        assert artifact.size == size
        assert artifact.name == "piped.bin"
        assert artifact.sha256 == hashlib.sha256(data).hexdigest()
        assert b"".join(artifact.iter_bytes()) == data
    if size:
        assert progress[-1] == (size, -1)  # the total stays unknown (-1) for a stream


def test_the_length_is_announced_only_with_the_last_chunk(
    live_server: Any, cache_dir: Path
) -> None:
    data = os.urandom(2 * CHUNK + 7)
    recorder = FaultTransport()
    with connect(live_server, cache_dir, recorder) as client:
        client.artifacts.upload(Pipe(data), chunk_size=CHUNK)
    creation = [h for m, p, h in recorder.requests if m == "POST" and p == "/1/artifacts"]
    assert [h.get("x-content-length") for h in creation] == ["-1"]
    patches = [h for m, _, h in recorder.requests if m == "PATCH"]
    assert [int(h["upload-offset"]) for h in patches] == [0, CHUNK, 2 * CHUNK]
    assert [h.get("upload-length") for h in patches] == [None, None, str(len(data))]


def test_an_interrupted_stream_resends_only_the_chunk_in_memory(
    live_server: Any, cache_dir: Path
) -> None:
    data = os.urandom(4 * CHUNK + 99)
    faults = FaultTransport(
        Fault("PATCH", r"/blob$", "body-cut", after=20_000, skip=1),
        Fault("PATCH", r"/blob$", "lost-answer", skip=1),
    )
    with connect(live_server, cache_dir, faults) as client:
        artifact = client.artifacts.upload(Pipe(data), chunk_size=CHUNK)
        assert b"".join(artifact.iter_bytes()) == data
    assert faults.injected == ["body-cut", "lost-answer"]
    assert faults.body_bytes["PATCH"] <= len(data) + 2 * CHUNK
    assert any(m == "HEAD" for m, _, _ in faults.requests)


def test_find_by_content_refuses_a_stream_before_consuming_it(
    live_server: Any, cache_dir: Path
) -> None:
    pipe = Pipe(b"still here")
    with connect(live_server, cache_dir) as client, pytest.raises(InvalidParameter) as caught:
        client.artifacts.find_by_content(pipe)
    assert caught.value.parameter == "source"
    assert pipe.read() == b"still here"


@pytest.mark.anyio
async def test_async_stream_upload(live_server: Any, cache_dir: Path) -> None:
    data = os.urandom(2 * CHUNK + 5)
    async with AsyncClient(
        live_server.url,
        token=RECORDING_TOKEN,
        clock=FakeClock(real_sleep=BRIEF_SLEEP),
        cache_dir=cache_dir,
    ) as client:
        artifact = await client.artifacts.upload(Pipe(data), chunk_size=CHUNK)
        assert artifact.size == len(data)
        assert b"".join([piece async for piece in artifact.iter_bytes()]) == data
