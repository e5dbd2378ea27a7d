"""Legacy metadata records (which are the platform's aspects) and the dashboards list."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from conveyor_sandbox import SandboxServer

from .conftest import checked_client

ENTITY = "urn:ivcap:artifact:aa11bb22-cc33-4d44-8e55-ff6677889900"
REVIEW = "urn:example:schema:review.1"


@pytest.fixture
def c(fresh_server: SandboxServer) -> Iterator[httpx.Client]:
    with checked_client(fresh_server) as client:
        yield client


def add(
    c: httpx.Client, content: dict[str, Any], entity: str = ENTITY, schema: str = REVIEW
) -> str:
    r = c.post("/1/metadata", params={"entity-id": entity, "schema": schema}, json=content)
    assert r.status_code == 200, r.text
    record_id: str = r.json()["record-id"]
    return record_id


def records(c: httpx.Client, **params: str) -> list[dict[str, Any]]:
    r = c.get("/1/metadata", params={"entity-id": ENTITY, **params})
    assert r.status_code == 200, r.text
    items: list[dict[str, Any]] = r.json()["items"]
    return items


def test_a_record_is_an_aspect(c: httpx.Client) -> None:
    record_id = add(c, {"$schema": REVIEW, "ok": True})
    assert record_id.startswith("urn:ivcap:aspect:")
    record = c.get(f"/1/metadata/{record_id}").json()
    assert record["entity"] == ENTITY and record["schema"] == REVIEW
    assert record["aspect"] == {"$schema": REVIEW, "ok": True} and "valid-to" not in record
    assert record["asserter"].startswith("urn:ivcap:principal:")
    assert record["links"][0]["href"].endswith(f"/1/metadata/{record_id}")
    aspect = c.get(f"/1/aspects/{record_id}").json()
    assert aspect["content"] == record["aspect"] and aspect["valid-from"] == record["valid-from"]
    # ... and an aspect is a record.
    r = c.post("/1/aspects", params={"entity": ENTITY, "schema": REVIEW}, json={"ok": False})
    assert r.json()["id"] in [item["id"] for item in records(c)]


def test_replace_and_revoke(c: httpx.Client) -> None:
    first = add(c, {"v": 1})
    r = c.put(f"/1/metadata/{first}", json={"v": 2})
    second = r.json()["record-id"]
    old, new = c.get(f"/1/metadata/{first}").json(), c.get(f"/1/metadata/{second}").json()
    assert old["valid-to"] and old["revoker"].startswith("urn:ivcap:principal:")
    assert new["entity"] == ENTITY and new["schema"] == REVIEW and new["aspect"] == {"v": 2}
    assert c.get(f"/1/aspects/{second}").json()["replaces"] == first
    assert [i["id"] for i in records(c)] == [second]
    # A revoked record cannot be replaced; revoking twice changes nothing.
    assert c.put(f"/1/metadata/{first}", json={"v": 3}).status_code == 404
    other = "urn:example:thing:2"
    moved = c.put(f"/1/metadata/{second}", params={"entity-id": other}, json={"v": 3})
    assert c.get(f"/1/metadata/{moved.json()['record-id']}").json()["entity"] == other
    assert c.delete(f"/1/metadata/{first}").status_code == 204
    unknown = "urn:ivcap:aspect:00000000-0000-4000-8000-000000000000"
    for method in ("GET", "DELETE"):
        assert c.request(method, f"/1/metadata/{unknown}").status_code == 404
    assert c.put(f"/1/metadata/{unknown}", json={}).status_code == 404


def test_listing(c: httpx.Client) -> None:
    ids = [add(c, {"n": i}) for i in range(4)]
    add(c, {"n": 9}, schema="urn:example:schema:other.1")
    assert [i["id"] for i in records(c, schema=REVIEW)] == ids  # ascending by default
    desc = records(c, schema=REVIEW, **{"order-desc": "true"})
    assert [i["id"] for i in desc] == ids[::-1]
    bare = records(c, schema=REVIEW, **{"include-content": "false"})
    assert all("aspect" not in i for i in bare)
    assert [i["aspect"]["n"] for i in records(c, **{"aspect-path": "$.n ? (@ > 1)"})] == [2, 3, 9]
    assert len(records(c, schema="urn:example:schema:%")) == 5
    page = c.get("/1/metadata", params={"entity-id": ENTITY, "limit": "2"}).json()
    assert page["entity"] == ENTITY and len(page["items"]) == 2
    following = next(link["href"] for link in page["links"] if link["rel"] == "next")
    assert [i["id"] for i in c.get(following).json()["items"]] == ids[2:]
    r = c.get("/1/metadata", params={"aspect-path": "$[[["})
    assert r.status_code == 400 and "aspect-path" in r.json()["message"]


def test_bad_writes(c: httpx.Client) -> None:
    for params, field in (
        ({"schema": REVIEW}, "entity-id"),
        ({"entity-id": "not a urn", "schema": REVIEW}, "entity-id"),
        ({"entity-id": ENTITY}, "schema"),
        ({"entity-id": ENTITY, "schema": "has space"}, "schema"),
        ({"entity-id": ENTITY, "schema": REVIEW, "policy-id": "nope"}, "policy-id"),
    ):
        r = c.post("/1/metadata", params=params, json={})
        assert r.status_code == 422 and r.json()["name"] == field, (params, r.text)
    params = {"entity-id": ENTITY, "schema": REVIEW}
    r = c.post("/1/metadata", params=params, json={"$schema": "urn:example:schema:x.1"})
    assert r.status_code == 422 and r.json()["name"] == "schema"
    r = c.post("/1/metadata", params=params, content=b"ok", headers={"Content-Type": "text/plain"})
    assert r.status_code == 415
    assert c.post("/1/metadata", params=params, json=[1]).status_code == 422
    assert records(c) == []


def test_dashboards_are_an_empty_list_with_checked_parameters(c: httpx.Client) -> None:
    assert c.get("/1/dashboards").json() == {"items": []}
    ok = {"limit": "5", "order-by": "title", "order-desc": "false", "filter": "uid == 'k8s'"}
    assert c.get("/1/dashboards", params=ok).json() == {"items": []}
    for params, status in (
        ({"limit": "0"}, 422),
        ({"order-by": "colour"}, 422),
        ({"order-desc": "maybe"}, 422),
        ({"at-time": "yesterday"}, 422),
        ({"filter": "uid =="}, 400),
        ({"filter": "colour == 'red'"}, 400),
        ({"page": "anything"}, 400),
    ):
        assert c.get("/1/dashboards", params=params).status_code == status, params
