"""Lookups and paging: name filters, next links and tokens, limits, pages.

On the scripted platform of `mock` (an ``httpx.MockTransport``).
"""

from __future__ import annotations

import httpx
import pytest
from conveyor import Ambiguous, MalformedResponse, NotFound

from .mock import BASE, SERVICE, Recorder, json_response, make


def test_get_by_name_escapes_quotes_and_reports_ambiguity() -> None:
    twins = {
        "items": [
            {"id": SERVICE, "name": "O'Brien", "href": "x"},
            {"id": SERVICE.replace("4b", "5b"), "name": "O'Brien", "href": "x"},
        ],
        "links": [],
    }
    recorder = Recorder(json_response(200, twins))
    client = make(recorder)
    with pytest.raises(Ambiguous) as caught:
        client.services.get_by_name("O'Brien")
    assert len(caught.value.matches) == 2
    assert recorder.requests[0].url.params["filter"] == "name == 'O''Brien'"

    empty = make(Recorder(json_response(200, {"items": [], "links": []})))
    with pytest.raises(NotFound):
        empty.services.get_by_name("nobody")


def page(ids: range, next_href: str | None) -> httpx.Response:
    links = [{"rel": "self", "href": f"{BASE}/1/artifacts"}]
    if next_href:
        links.append({"rel": "next", "href": next_href})
    items = [{"id": f"urn:ivcap:artifact:{i}", "status": "ready", "href": "x"} for i in ids]
    return json_response(200, {"items": items, "links": links, "at-time": "2026-11-01T10:00:00Z"})


def test_paging_follows_next_tokens_and_honours_limit() -> None:
    recorder = Recorder(
        page(range(0, 3), f"{BASE}/1/artifacts?page=tok1"),
        page(range(3, 6), f"{BASE}/1/artifacts?page=tok2"),
        page(range(6, 7), None),
    )
    client = make(recorder)
    ids = [a.id.rsplit(":", 1)[-1] for a in client.artifacts.list(page_size=3, filter="x == 1")]
    assert ids == [str(i) for i in range(7)]
    first, second, third = recorder.requests
    assert first.url.params["filter"] == "x == 1" and first.url.params["limit"] == "3"
    assert second.url.params["page"] == "tok1" and "filter" not in second.url.params
    assert third.url.params["page"] == "tok2"

    limited = Recorder(page(range(0, 3), f"{BASE}/1/artifacts?page=t"), page(range(3, 6), None))
    assert len(list(make(limited).artifacts.list(limit=4, page_size=3))) == 4
    assert limited.requests[1].url.params["limit"] == "1"

    paged = make(Recorder(page(range(0, 2), f"{BASE}/1/artifacts?page=t"), page(range(2, 3), None)))
    pages = list(paged.artifacts.list().pages())
    assert [len(p) for p in pages] == [2, 1] and pages[0].at_time is not None


def test_next_links_are_asked_of_the_clients_own_platform_url() -> None:
    recorder = Recorder(
        page(range(0, 1), f"{BASE}/1/artifacts?cursor=abc"), page(range(1, 2), None)
    )
    assert len(list(make(recorder).artifacts.list())) == 2
    assert recorder.requests[1].url.params["cursor"] == "abc"

    # Behind a gateway the links name the public host: the token of a link with
    # `page=` is sent to the client's own URL, as IVCAP's client does...
    gateway = Recorder(
        page(range(0, 1), "https://public.example/1/artifacts?page=tok1&limit=10"),
        page(range(1, 2), None),
    )
    assert len(list(make(gateway).artifacts.list())) == 2
    second = gateway.requests[1]
    assert second.url.host == httpx.URL(BASE).host
    assert second.url.params["page"] == "tok1"
    # ... and a link without a token is asked of the client's own origin too,
    # so neither the request nor the token ever goes to the other host.
    foreign = Recorder(
        page(range(0, 1), "https://elsewhere.example/1/artifacts?cursor=abc"),
        page(range(1, 2), None),
    )
    assert len(list(make(foreign).artifacts.list())) == 2
    assert all(r.url.host == httpx.URL(BASE).host for r in foreign.requests)
    assert foreign.requests[1].url.params["cursor"] == "abc"


def test_a_next_link_back_to_a_page_already_fetched_stops_the_listing() -> None:
    looping = Recorder(
        page(range(0, 1), f"{BASE}/1/artifacts?page=again"),
        page(range(1, 2), f"{BASE}/1/artifacts?page=again"),
        page(range(2, 3), f"{BASE}/1/artifacts?page=again"),
    )
    with pytest.raises(MalformedResponse, match="already fetched"):
        list(make(looping).artifacts.list())
    assert len(looping.requests) == 2
    hrefs = Recorder(
        page(range(0, 1), f"{BASE}/1/artifacts?cursor=x"),
        page(range(1, 2), f"{BASE}/1/artifacts?cursor=x"),
    )
    with pytest.raises(MalformedResponse, match="already fetched"):
        list(make(hrefs).artifacts.list())
