"""Search rows as upstream types them: strings, and any JSON value an older server sends.

IVCAP's v0.43 spec types a search result as a string, v0.44 as any value; the
sandbox sends strings holding JSON objects, and older servers sent the
objects themselves. ``client.search()`` yields every row as a string and
never raises `MalformedResponse` on a row either spec allows.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from conveyor import AsyncClient, Client

from .mock import BASE, SECRET, json_response

# Rows of every JSON shape, as upstream allows them, and what the SDK yields for each.
ROWS: list[tuple[Any, str]] = [
    (
        '{"Id":"urn:ivcap:aspect:1","Content":{"ok":true}}',
        '{"Id":"urn:ivcap:aspect:1","Content":{"ok":true}}',
    ),
    ("Deleniti nulla itaque enim ab.", "Deleniti nulla itaque enim ab."),
    ({"Artifact": "urn:ivcap:artifact:2", "n": 1}, '{"Artifact":"urn:ivcap:artifact:2","n":1}'),
    (["a", 1], '["a",1]'),
    (5, "5"),
    (True, "true"),
    (None, "null"),
    ("é", "é"),
]


def _platform(seen: list[httpx.Request]) -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        page = request.url.params.get("page")
        rows = [row for row, _ in ROWS]
        half = len(rows) // 2
        links = [{"rel": "self", "type": "application/json", "href": f"{BASE}/1/search"}]
        if page is None:
            links.append(
                {"rel": "next", "type": "application/json", "href": f"{BASE}/1/search?page=p2"}
            )
        body = {
            "items": rows[:half] if page is None else rows[half:],
            "links": links,
            "at-time": "2026-11-01T10:00:00Z",
        }
        return json_response(200, body)

    return httpx.MockTransport(handle)


def test_every_row_comes_as_a_string_across_pages() -> None:
    seen: list[httpx.Request] = []
    with Client(BASE, token=SECRET, transport=_platform(seen), retries=0) as client:
        rows = list(client.search('?aspect(Id, _, "urn:example:schema:review.1", Content).'))
    assert rows == [shown for _, shown in ROWS]
    assert json.loads(rows[0])["Content"] == {"ok": True}
    assert [r.url.params.get("page") for r in seen] == [None, "p2"]
    assert seen[0].headers["Content-Type"] == "application/datalog+mangle"


@pytest.mark.anyio
async def test_the_async_twin_yields_the_same_strings() -> None:
    seen: list[httpx.Request] = []
    async with AsyncClient(BASE, token=SECRET, transport=_platform(seen), retries=0) as client:
        rows = [row async for row in client.search("query(X) :- service(X, _).")]
    assert rows == [shown for _, shown in ROWS]


@pytest.mark.parametrize("items", [[], ["only one"]])
def test_short_pages(items: list[Any]) -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        return json_response(200, {"items": items, "links": [], "at-time": "2026-11-01T10:00:00Z"})

    with Client(BASE, token=SECRET, transport=httpx.MockTransport(handle), retries=0) as client:
        assert list(client.search("service(S, N)")) == items
