"""Aspects: add, replace (424), retract, history with at-time, queries, paging."""

from __future__ import annotations

import time

import httpx
import pytest
from conveyor_sandbox import SandboxServer

from .conftest import checked_client

E1 = "urn:example:thing:1"
E2 = "urn:example:thing:2"
REVIEW = "urn:example:schema:review.1"


def add(
    client: httpx.Client, entity: str, schema: str, content: dict[str, object], method: str = "POST"
) -> str:
    r = client.request(
        method, "/1/aspects", params={"entity": entity, "schema": schema}, json=content
    )
    assert r.status_code == 200, r.text
    aspect_id: str = r.json()["id"]
    return aspect_id


def listing(client: httpx.Client, **params: str) -> list[dict[str, object]]:
    r = client.get("/1/aspects", params={"limit": "50", **params})
    assert r.status_code == 200, r.text
    items: list[dict[str, object]] = r.json()["items"]
    return items


@pytest.fixture
def c(fresh_server: SandboxServer) -> httpx.Client:
    return checked_client(fresh_server)


def test_add_read_retract(c: httpx.Client) -> None:
    aid = add(c, E1, REVIEW, {"$schema": REVIEW, "ok": True})
    record = c.get(f"/1/aspects/{aid}").json()
    assert (
        record["entity"] == E1
        and record["schema"] == REVIEW
        and record["content"] == {"$schema": REVIEW, "ok": True}
    )
    assert record["content-type"] == "application/json" and "valid-to" not in record
    assert record["asserter"].startswith("urn:ivcap:principal:") and record["policy"].startswith(
        "urn:ivcap:policy:"
    )
    assert c.delete(f"/1/aspects/{aid}").status_code == 204
    retracted = c.get(f"/1/aspects/{aid}").json()
    assert retracted["valid-to"] >= retracted["valid-from"] and "retracter" in retracted
    assert listing(c, entity=E1) == []
    # Retracting again changes nothing.
    assert c.delete(f"/1/aspects/{aid}").status_code == 204
    assert c.get(f"/1/aspects/{aid}").json()["valid-to"] == retracted["valid-to"]


def test_replace_retracts_the_previous_and_keeps_history(c: httpx.Client) -> None:
    first = add(c, E1, REVIEW, {"v": 1})
    t1 = c.get(f"/1/aspects/{first}").json()["valid-from"]
    time.sleep(0.01)
    second = add(c, E1, REVIEW, {"v": 2}, method="PUT")
    record = c.get(f"/1/aspects/{second}").json()
    assert record["replaces"] == first
    assert [i["id"] for i in listing(c, entity=E1)] == [second]
    # At the earlier instant the first was the valid one.
    then = listing(c, entity=E1, **{"at-time": t1, "include-content": "true"})
    assert [(i["id"], i["content"]) for i in then] == [(first, {"v": 1})]
    # PUT with nothing to replace simply adds.
    lone = add(c, E2, REVIEW, {"v": 1}, method="PUT")
    assert "replaces" not in c.get(f"/1/aspects/{lone}").json()


def test_replace_is_refused_when_not_unique(c: httpx.Client) -> None:
    add(c, E1, REVIEW, {"v": 1})
    add(c, E1, REVIEW, {"v": 2})
    r = c.put("/1/aspects", params={"entity": E1, "schema": REVIEW}, json={"v": 3})
    assert r.status_code == 424 and "2 current aspects" in r.json()["message"]
    assert len(listing(c, entity=E1)) == 2


def test_schema_prefix_entity_and_content_path(c: httpx.Client) -> None:
    a = add(
        c,
        E1,
        "urn:example:schema:review.1",
        {"tags": ["reviewed", "x"], "score": 7, "who": {"name": "ann"}},
    )
    b = add(c, E2, "urn:example:schema:review.2", {"tags": ["draft"], "score": 3})
    d = add(c, E2, "urn:other:schema:note.1", {"text": "hi"})

    def ids(**params: str) -> set[str]:
        return {str(i["id"]) for i in listing(c, **params)}

    assert ids(schema="urn:example:schema:%") == {a, b}
    assert ids(schema="urn:example:schema:review.1") == {a}
    assert ids(schema="%note%") == {d}
    assert ids(entity=E2) == {b, d}
    assert ids(**{"content-path": '$.tags[*] ? (@ == "reviewed")'}) == {a}
    assert ids(**{"content-path": '$.tags ? (@ == "draft")'}) == {b}
    assert ids(**{"content-path": "$.score ? (@ > 5)"}) == {a}
    assert ids(**{"content-path": "$.who.name"}) == {a}
    assert ids(**{"content-path": "$.text"}) == {d}
    assert ids(**{"content-path": '$ ? (@.score >= 3 && @.tags[0] starts with "d")'}) == {b}
    r = c.get(
        "/1/aspects",
        params={"entity": E2, "schema": "urn:example:schema:%", "content-path": "$.score"},
    ).json()
    assert (
        r["entity"] == E2
        and r["schema"] == "urn:example:schema:%"
        and r["aspect-path"] == "$.score"
    )
    assert "content" not in r["items"][0]
    bad = c.get("/1/aspects", params={"content-path": "tags"})
    assert bad.status_code == 400 and bad.json()["message"].startswith("content-path:")


def test_order_by_direction_and_paging(c: httpx.Client) -> None:
    made = [add(c, f"urn:example:thing:{i}", REVIEW, {"i": i}) for i in range(7)]
    # Scoped to the schema: the sandbox keeps aspects of its own (its job services' tools).
    asc = [i["id"] for i in listing(c, schema=REVIEW, **{"order-direction": "ASC"})]
    assert asc == made
    by_entity = [
        i["entity"]
        for i in listing(c, **{"order-by": "entity,valid-from", "order-direction": "DESC"})
    ]
    assert by_entity == sorted(by_entity, reverse=True)
    first = listing(c, schema=REVIEW, **{"order-by": "valid_from", "order-direction": "asc"})[0]
    assert first["id"] == made[0]
    got: list[str] = []
    page = c.get(
        "/1/aspects",
        params={
            "limit": 3,
            "include-content": "true",
            "order-direction": "ASC",
            "schema": REVIEW,
        },
    ).json()
    while True:
        got += [i["id"] for i in page["items"]]
        assert all("content" in i for i in page["items"])
        nxt = [lk["href"] for lk in page["links"] if lk["rel"] == "next"]
        if not nxt:
            break
        page = c.get(nxt[0]).json()
    assert got == made
    assert c.get("/1/aspects", params={"order-by": "content"}).status_code == 422
    assert c.get("/1/aspects", params={"order-direction": "sideways"}).status_code == 422


def test_aspect_write_errors(c: httpx.Client) -> None:
    cases = [
        ({"entity": E1}, {"x": 1}, 422, "schema"),
        ({"schema": REVIEW}, {"x": 1}, 422, "entity"),
        ({"entity": "not a urn", "schema": REVIEW}, {"x": 1}, 422, "entity"),
        ({"entity": E1, "schema": "urn:x:%"}, {"x": 1}, 422, "schema"),
        ({"entity": E1, "schema": REVIEW}, [1, 2], 422, "content"),
        ({"entity": E1, "schema": REVIEW}, {"$schema": "urn:other:1"}, 422, "schema"),
        ({"entity": E1, "schema": REVIEW, "policy": "open"}, {"x": 1}, 422, "policy"),
    ]
    for params, body, status, name in cases:
        r = c.post("/1/aspects", params=params, json=body)
        assert r.status_code == status, (params, r.text)
        assert r.json()["name"] == name
    r = c.post(
        "/1/aspects",
        params={"entity": E1, "schema": REVIEW},
        content=b"{broken",
        headers={"Content-Type": "application/json"},
    )
    assert r.status_code == 400 and "malformed JSON" in r.json()["message"]
    r = c.post(
        "/1/aspects",
        params={"entity": E1, "schema": REVIEW},
        content=b"x=1",
        headers={"Content-Type": "text/plain"},
    )
    assert r.status_code == 415
    r = c.post(
        "/1/aspects",
        params={"entity": E1, "schema": REVIEW},
        content=b'{"a": NaN}',
        headers={"Content-Type": "application/json"},
    )
    assert r.status_code == 400
    assert listing(c, schema="urn:example:%") == []


def test_unknown_aspect(c: httpx.Client) -> None:
    missing = "urn:ivcap:aspect:00000000-0000-4000-8000-000000000000"
    assert c.get(f"/1/aspects/{missing}").json() == {"message": "no such aspect", "id": missing}
    assert c.delete(f"/1/aspects/{missing}").status_code == 404


def test_filter_on_aspects(c: httpx.Client) -> None:
    a = add(c, E1, REVIEW, {"v": 1})
    add(c, E2, "urn:example:schema:other.1", {"v": 1})
    items = listing(c, filter=f"entity == '{E1}' and schema ~= 'urn:example:%'")
    assert [i["id"] for i in items] == [a]
