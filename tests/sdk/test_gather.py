"""Stream pieces gathered into bulk pieces: nothing lost, reordered or held back at the end."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from conveyor._call import agather, gather

CASES = [
    ([], 4, []),
    ([b"ab"], 4, [b"ab"]),
    ([b"ab", b"cd"], 4, [b"abcd"]),
    ([b"abcdef"], 4, [b"abcdef"]),
    ([b"a", b"b", b"c", b"d", b"e"], 2, [b"ab", b"cd", b"e"]),
    ([b"abc", b"", b"d", b"efgh", b"i"], 4, [b"abcd", b"efgh", b"i"]),
]


@pytest.mark.parametrize(("pieces", "size", "expected"), CASES)
def test_gather_joins_pieces_of_at_least_the_size(
    pieces: list[bytes], size: int, expected: list[bytes]
) -> None:
    assert list(gather(iter(pieces), size)) == expected


@pytest.mark.parametrize(("pieces", "size", "expected"), CASES)
def test_agather_does_the_same_for_an_async_stream(
    pieces: list[bytes], size: int, expected: list[bytes]
) -> None:
    async def stream() -> AsyncIterator[bytes]:
        for piece in pieces:
            yield piece

    async def collect() -> list[bytes]:
        return [piece async for piece in agather(stream(), size)]

    assert asyncio.run(collect()) == expected
