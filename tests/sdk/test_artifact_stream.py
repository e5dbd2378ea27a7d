"""The async artifact stream behaves like the sync one (read, readline, readlines,
readinto, iteration, the unsupported io methods).

On the scripted platform of `mock` (an ``httpx.MockTransport``).
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from conveyor import AsyncClient, Client

from .mock import ART, BASE, artifact_record, json_response

CONTENT = b"one\ntwo\nthree and more\nlast"


class Pieces(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A response body arriving in small pieces, so line reads span several."""

    def __init__(self, data: bytes, size: int) -> None:
        self.pieces = [data[i : i + size] for i in range(0, len(data), size)]

    def __iter__(self) -> Any:
        yield from self.pieces

    async def __aiter__(self) -> Any:
        for piece in self.pieces:
            yield piece


def content_platform(request: httpx.Request) -> httpx.Response:
    import hashlib

    etag = f'"sha256:{hashlib.sha256(CONTENT).hexdigest()}"'
    if request.url.path.endswith("/blob"):
        return httpx.Response(200, stream=Pieces(CONTENT, 5), headers={"etag": etag})
    return json_response(200, artifact_record(size=len(CONTENT), etag=etag))


@pytest.mark.anyio
async def test_async_artifact_stream_has_the_sync_streams_io_methods() -> None:
    import io

    sync_client = Client(BASE, transport=httpx.MockTransport(content_platform))
    with sync_client, sync_client.artifacts.get(ART).open() as sync_stream:
        expected = [
            sync_stream.readline(),
            sync_stream.read(3),
            sync_stream.readline(2),
            sync_stream.readlines(),
            sync_stream.read(),
        ]
    # Raw-stream semantics: read(3) may return less (what the current piece holds).
    assert expected[0] == b"one\n" and expected[3][-2:] == [b"three and more\n", b"last"]
    assert b"".join([*expected[:3], *expected[3]]) == CONTENT and expected[4] == b""

    transport = httpx.MockTransport(content_platform)
    async with AsyncClient(BASE, transport=transport) as client:
        artifact = await client.artifacts.get(ART)
        async with artifact.open() as stream:
            assert stream.readable() and not stream.seekable() and not stream.writable()
            assert not stream.isatty()
            first = await stream.readline()
            buffer = bytearray(3)
            count = await stream.readinto(buffer)
            got = [first, bytes(buffer[:count]), await stream.readline(2)]
            got += [await stream.readlines(), await stream.read()]
            assert got == expected
            for unsupported in (stream.fileno, stream.tell, lambda: stream.seek(0)):
                with pytest.raises(io.UnsupportedOperation):
                    unsupported()
            with pytest.raises(io.UnsupportedOperation):
                await stream.write(b"x")
        with pytest.raises(ValueError):
            await stream.read()  # closed
        async with artifact.open() as stream:
            assert [line async for line in stream] == CONTENT.splitlines(keepends=True)
        async with artifact.open() as stream:
            assert await stream.readlines(5) == [b"one\n", b"two\n"]  # stops once past the hint
            assert await stream.readall() == b"three and more\nlast"
