"""Listings as people use them: repr, first(), to_list(), indexing and slicing, truth,
to_pandas(), and the sort direction when a field is named (on the scripted platform)."""

from __future__ import annotations

import asyncio
import datetime as dt
import sys
import types
from typing import Any

import httpx
import pytest
from conveyor import AsyncClient

from ..fakes import FakeClock
from .mock import BASE, SECRET, Recorder, json_response, make


def page(ids: range, next_token: str | None) -> httpx.Response:
    links = [{"rel": "next", "href": f"{BASE}/1/artifacts?page={next_token}"}] if next_token else []
    items = [
        {
            "id": f"urn:ivcap:artifact:{i}",
            "name": f"a{i}.txt",
            "status": "ready",
            "size": i,
            "href": "x",
            "created-at": "2026-11-01T10:00:00Z",
        }
        for i in ids
    ]
    return json_response(200, {"items": items, "links": links, "at-time": "2026-11-01T10:00:00Z"})


def paged(*answers: httpx.Response) -> tuple[Any, Recorder]:
    recorder = Recorder(*answers)
    return make(recorder), recorder


def numbers(items: Any) -> list[int]:
    return [int(item.id.rsplit(":", 1)[-1]) for item in items]


def test_repr_says_what_and_sends_nothing() -> None:
    client, recorder = paged(page(range(3), None))
    listing = client.artifacts.list(limit=10)
    text = repr(listing)
    assert text.startswith("<Paginator of artifacts limit=10, not fetched yet")
    assert "first()" in text and "to_list()" in text
    assert "<Paginator of services, not fetched" in repr(client.services.list())
    assert recorder.requests == []


def test_truth_is_refused_with_the_way_to_ask() -> None:
    client, recorder = paged(page(range(0), None))
    with pytest.raises(TypeError, match=r"first\(\) is not None"):
        bool(client.artifacts.list())
    assert recorder.requests == []


def test_first_sends_one_request() -> None:
    client, recorder = paged(page(range(3), "more"))
    first = client.artifacts.list().first()
    assert first is not None and numbers([first]) == [0]
    assert len(recorder.requests) == 1
    empty, _ = paged(page(range(0), None))
    assert empty.artifacts.list().first() is None


def test_to_list_reads_every_page_up_to_the_limit() -> None:
    client, recorder = paged(page(range(0, 3), "t1"), page(range(3, 5), None))
    assert numbers(client.artifacts.list(page_size=3).to_list()) == [0, 1, 2, 3, 4]
    assert len(recorder.requests) == 2
    limited, _ = paged(page(range(0, 3), "t1"), page(range(3, 4), None))
    assert numbers(limited.artifacts.list(page_size=3, limit=4).to_list()) == [0, 1, 2, 3]


def test_slices_and_indexes_fetch_only_the_pages_needed() -> None:
    client, recorder = paged(page(range(0, 3), "t1"), page(range(3, 6), "t2"))
    listing = client.artifacts.list(page_size=3)
    assert numbers(listing[:2]) == [0, 1]
    assert len(recorder.requests) == 1
    # Pages of the usual size: the same requests as an iteration's first ones.
    assert recorder.requests[0].url.params["limit"] == "3"

    client, recorder = paged(page(range(0, 3), "t1"), page(range(3, 6), "t2"))
    assert numbers([client.artifacts.list(page_size=3)[4]]) == [4]
    assert len(recorder.requests) == 2  # the third page was never asked for

    client, recorder = paged(page(range(0, 3), "t1"), page(range(3, 6), None))
    assert numbers(client.artifacts.list(page_size=3)[1:5:2]) == [1, 3]

    client, _ = paged(page(range(0, 3), "t1"), page(range(3, 5), None))
    assert numbers([client.artifacts.list(page_size=3)[-1]]) == [4]  # the whole list, then -1

    client, _ = paged(page(range(0, 2), None))
    with pytest.raises(IndexError, match="index 5 out of range"):
        client.artifacts.list()[5]
    with pytest.raises(TypeError):
        client.artifacts.list()["name"]  # type: ignore[call-overload]


def test_to_pandas_without_pandas_says_how_to_get_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # an import of it now fails
    client, _ = paged(page(range(2), None))
    with pytest.raises(ImportError, match="pip install pandas"):
        client.artifacts.list().to_pandas()


def test_to_pandas_gives_one_row_per_item(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[list[dict[str, Any]]] = []
    fake = types.ModuleType("pandas")
    fake.DataFrame = lambda rows: made.append(rows) or "frame"  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "pandas", fake)
    client, _ = paged(page(range(2), None))
    assert client.artifacts.list().to_pandas() == "frame"
    (rows,) = made
    assert [row["name"] for row in rows] == ["a0.txt", "a1.txt"]
    assert rows[0]["kind"] == "artifact" and rows[0]["id"] == "urn:ivcap:artifact:0"
    assert isinstance(rows[0]["created_at"], dt.datetime)  # a time column, not text


def test_to_pandas_with_real_pandas() -> None:
    pandas = pytest.importorskip("pandas")
    client, _ = paged(page(range(3), None))
    frame = client.artifacts.list().to_pandas()
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame["name"]) == ["a0.txt", "a1.txt", "a2.txt"] and len(frame) == 3


def test_async_first_to_list_and_truth() -> None:
    async def main() -> tuple[Any, list[Any], Recorder]:
        recorder = Recorder(page(range(2), "more"), page(range(0, 2), "t"), page(range(2, 3), None))
        async with AsyncClient(
            BASE, token=SECRET, transport=recorder.transport, clock=FakeClock()
        ) as client:
            listing = client.artifacts.list(page_size=2)
            with pytest.raises(TypeError):
                bool(listing)
            assert repr(listing).startswith("<AsyncPaginator of artifacts, not fetched")
            first = await listing.first()
            every = await listing.to_list()
        return first, every, recorder

    first, every, recorder = asyncio.run(main())
    assert numbers([first]) == [0] and numbers(every) == [0, 1, 2]
    assert len(recorder.requests) == 3  # first() stopped after one page


def test_naming_a_sort_field_sorts_ascending_unless_told() -> None:
    recorder = Recorder(json_response(200, {"items": [], "links": []}))
    client = make(recorder)
    list(client.services.list(order_by="name"))
    list(client.services.list(order_by="name", descending=True))
    list(client.services.list())
    list(client.aspects.list(order_by="valid-from"))
    list(client.aspects.list(order_by="valid-from", descending=True))
    list(client.orders.list(order_by="ordered-at", descending=False))
    params = [request.url.params for request in recorder.requests]
    assert params[0]["order-by"] == "name" and params[0]["order-desc"] == "false"
    assert params[1]["order-desc"] == "true"
    assert "order-desc" not in params[2] and "order-by" not in params[2]  # the platform's default
    assert params[3]["order-direction"] == "ASC"
    assert params[4]["order-direction"] == "DESC"
    assert params[5]["order-desc"] == "false"
