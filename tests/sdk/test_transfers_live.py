"""Larger transfers against a live sandbox: memory stays flat, content arrives intact."""

from __future__ import annotations

import hashlib
import os
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from conveyor import Client

from .conftest import RECORDING_TOKEN

MiB = 1024 * 1024


@pytest.fixture
def big_file(tmp_path: Path) -> Path:
    path = tmp_path / "big.bin"
    with path.open("wb") as out:
        for _ in range(12):
            out.write(os.urandom(MiB))
    return path


def test_large_upload_and_download_arrive_intact(
    live_server: Any, cache_dir: Path, big_file: Path, tmp_path: Path
) -> None:
    size = big_file.stat().st_size
    progress: list[int] = []
    with Client(live_server.url, token=RECORDING_TOKEN, cache_dir=cache_dir) as client:
        artifact = client.artifacts.upload(
            big_file, chunk_size=5 * MiB, progress=lambda done, total: progress.append(done)
        )
        target = artifact.download(tmp_path / "back.bin")
    assert artifact.size == size and progress[-1] == size
    assert target is not None
    expected = hashlib.sha256(big_file.read_bytes()).hexdigest()
    assert artifact.sha256 == expected == hashlib.sha256(target.read_bytes()).hexdigest()


class TusSink(httpx.BaseTransport):
    """A platform stand-in that discards uploaded bytes and streams generated ones.

    It keeps nothing in memory (unlike ``httpx.MockTransport``, which reads whole
    request bodies), so what tracemalloc sees is the client's own use.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self.offset = 0
        self.hasher = hashlib.sha256()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        art = "urn:ivcap:artifact:00000000-0000-4000-8000-000000000001"
        href = f"{request.url.scheme}://{request.url.netloc.decode()}/content/{art}"
        if request.method == "POST":
            return httpx.Response(201, json={"id": art, "status": "pending", "data-href": href})
        if request.method == "PATCH":
            for piece in request.stream:  # type: ignore[union-attr]
                self.hasher.update(piece)
                self.offset += len(piece)
            return httpx.Response(204, headers={"Upload-Offset": str(self.offset)})
        if request.url.path.startswith("/content/"):
            return httpx.Response(200, content=self._content())
        etag = f'"sha256:{self.hasher.hexdigest()}"'
        return httpx.Response(
            200,
            json={
                "id": art,
                "status": "ready",
                "size": self.offset,
                "etag": etag,
                "data-href": href,
            },
        )

    def _content(self) -> Iterator[bytes]:
        block = bytes(64 * 1024)  # the same zeros the sparse file holds
        for _ in range(self.size // len(block)):
            yield block


def test_client_memory_stays_flat_whatever_the_size(tmp_path: Path, cache_dir: Path) -> None:
    size = 48 * MiB
    path = tmp_path / "large.bin"
    with path.open("wb") as out:
        out.truncate(size)  # sparse: cheap to make, still read byte by byte
    sink = TusSink(size)
    with Client("http://sink.test", transport=sink, cache_dir=cache_dir) as c:
        tracemalloc.start()
        try:
            artifact = c.artifacts.upload(path, chunk_size=16 * MiB, force=True)
            _, upload_peak = tracemalloc.get_traced_memory()
            tracemalloc.reset_peak()
            digest = hashlib.sha256()
            for piece in c.artifacts.get(artifact.id).iter_bytes():
                digest.update(piece)
            _, download_peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert sink.offset == size
    # 48 MiB each way in 16 MiB chunks; the client holds about one 256 KiB piece at a time.
    assert upload_peak < 2 * MiB, upload_peak
    assert download_peak < 2 * MiB, download_peak


def test_progress_bar_and_reuse(live_server: Any, cache_dir: Path, big_file: Path) -> None:
    with Client(live_server.url, token=RECORDING_TOKEN, cache_dir=cache_dir) as client:
        first = client.artifacts.upload(big_file, progress=True)
        again = client.artifacts.upload(big_file)  # same file: reused, nothing sent
        assert again == first
        assert client.artifacts.find_by_content(big_file) == first
    # Only the cache directory was written, never the user's folder.
    assert sorted(p.name for p in big_file.parent.iterdir()) == ["big.bin", "cache"]


def test_local_client_owns_its_sandbox(tmp_path: Path) -> None:
    with Client.local(data_dir=tmp_path / "data", cache_dir=tmp_path / "cache") as client:
        service = client.services.get_by_name("hello")
        order = service.place_order(message="local").wait(timeout=30)
        assert order.status == "succeeded"
        server = client._sandbox
        assert "local" in repr(client)
    assert client._sandbox is None and server is not None


@pytest.mark.anyio
async def test_async_local_client_owns_its_sandbox(tmp_path: Path) -> None:
    from conveyor import AsyncClient

    async with AsyncClient.local(
        data_dir=tmp_path / "data", cache_dir=tmp_path / "cache"
    ) as client:
        assert "local" in repr(client) and client.url.startswith("http://127.0.0.1:")
        service = await client.services.get_by_name("hello")
        order = await (await service.place_order(message="async local")).wait(timeout=30)
        assert order.status == "succeeded"
        server = client._sandbox
    assert client._sandbox is None and server is not None
    with pytest.raises(httpx.ConnectError):  # stopped with the client
        httpx.get(server.url, timeout=2)
