"""Publishing, replacing and retiring services as v0.44 descriptions (``/1/services2``)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from conveyor_sandbox import SandboxServer

from .conftest import checked_client

REST = "urn:ivcap:schema.service.rest.1"
BASIC = "urn:conveyor:schema:workflow.basic.1"
POLICY = "urn:ivcap:policy:ivcap.open.metadata"


def description(name: str, image: str = "word-stats", **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": new_id(),
        "name": name,
        "description": f"{name}, published as a description.",
        "controller-schema": REST,
        "controller": {"image": image, "command": [], "port": 8090},
        "parameters": [],
        "policy": POLICY,
        "tags": ["t"],
    }
    body.update(extra)
    return body


def new_id() -> str:
    return f"urn:ivcap:service:{uuid.uuid4()}"


@pytest.fixture
def c(fresh_server: SandboxServer) -> Iterator[httpx.Client]:
    with checked_client(fresh_server) as client:
        yield client


def test_publish_read_and_list(c: httpx.Client) -> None:
    sent = description("counter")
    r = c.post("/1/services2", json=sent)
    assert r.status_code == 201, r.text
    record = r.json()
    sid = record["id"]
    assert sid == sent["id"] and record["status"] == "active"
    assert record["controller-schema"] == REST
    # The controller is kept as sent, fields the sandbox does not use included.
    assert record["controller"] == {"image": "word-stats", "command": [], "port": 8090}
    assert record["policy"] == POLICY and record["tags"] == ["t"]
    assert c.get(f"/1/services2/{sid}").json() == record
    [item] = c.get("/1/services2", params={"filter": "name == 'counter'"}).json()["items"]
    assert item["id"] == sid and item["controller-schema"] == REST
    # The same service through the older API.
    old = c.get(f"/1/services/{sid}").json()
    assert old["name"] == "counter" and old["parameters"] == [] and old["tags"] == ["t"]
    # It runs jobs as the callable it names does.
    r = c.post(f"/1/services2/{sid}/jobs", json={"text": "a b"}, headers={"Timeout": "30"})
    assert r.status_code == 200 and r.json()["words"] == 2


def test_publish_under_a_chosen_id_once(c: httpx.Client) -> None:
    sid = new_id()
    r = c.post("/1/services2", json=description("chosen", id=sid))
    assert r.status_code == 201 and r.json()["id"] == sid
    again = c.post("/1/services2", json=description("other-name", id=sid))
    assert again.status_code == 409 and again.json()["id"] == sid
    # ... even once it is retired: the id stays used.
    assert c.delete(f"/1/services2/{sid}").status_code == 204
    assert c.post("/1/services2", json=description("x", id=sid)).status_code == 409
    taken = c.post("/1/services2", json=description("hello"))
    assert taken.status_code == 409 and "hello" in taken.json()["message"]


def test_a_basic_controller_and_a_list_of_one(c: httpx.Client) -> None:
    basic = description(
        "basic-greeter",
        **{
            "controller-schema": BASIC,
            "controller": {"type": "basic", "basic": {"image": "hello", "command": []}},
            "parameters": [{"name": "message", "type": "string", "default": "you"}],
        },
    )
    record = c.post("/1/services2", json=basic).json()
    assert record["controller"]["basic"]["image"] == "hello"
    placed = c.post("/1/orders", json={"service": record["id"], "parameters": []})
    assert placed.status_code == 200, placed.text
    listed = description("listed", controller=[{"$schema": REST, "image": "slow-echo"}])
    assert c.post("/1/services2", json=listed).status_code == 201


@pytest.mark.parametrize(
    ("change", "name"),
    [
        ({"controller-schema": "urn:ivcap:schema.service.argo.1"}, "controller-schema"),
        ({"controller-schema": None}, "controller-schema"),
        ({"controller": {"image": "os.system"}}, "controller.image"),
        ({"controller": [{"image": "nope"}]}, "controller[0].image"),
        ({"controller": "word-stats"}, "controller"),
        ({"controller": {"image": "word-stats", "command": "run"}}, "controller.command"),
        ({"parameters": None}, "parameters"),
        ({"parameters": [{"name": "a b", "type": "string"}]}, "parameters[0].name"),
        ({"parameters": [{"name": "x", "type": "option"}]}, "parameters[0].options"),
        ({"name": ""}, "name"),
        ({"name": 5}, "name"),
        ({"description": 5}, "description"),
        ({"policy": "open"}, "policy"),
        ({"tags": "t"}, "tags"),
        ({"id": "urn:example:x"}, "id"),
        ({"id": None}, "id"),
        ({"description": None}, "description"),
        ({"policy": None}, "policy"),
    ],
)
def test_a_bad_description_is_422_naming_the_field(
    c: httpx.Client, change: dict[str, Any], name: str
) -> None:
    before = len(c.get("/1/services2", params={"limit": 50}).json()["items"])
    body = {k: v for k, v in {**description("bad"), **change}.items() if v is not None}
    r = c.post("/1/services2", json=body)
    assert r.status_code == 422, r.text
    assert r.json()["name"] == name
    assert len(c.get("/1/services2", params={"limit": 50}).json()["items"]) == before


def test_a_body_that_is_not_an_object_is_400(c: httpx.Client) -> None:
    assert c.post("/1/services2", json=[description("x")]).status_code == 400
    r = c.post("/1/services2", content=b"{", headers={"Content-Type": "application/json"})
    assert r.status_code == 400


def test_replace_force_create_and_retire(c: httpx.Client) -> None:
    sid = c.post("/1/services2", json=description("first")).json()["id"]
    # What GET answers can be sent back as is.
    record = c.get(f"/1/services2/{sid}").json()
    sent = {
        k: record[k]
        for k in (
            "id",
            "name",
            "description",
            "controller-schema",
            "controller",
            "parameters",
            "policy",
            "tags",
        )
    }
    r = c.put(f"/1/services2/{sid}", json={**sent, "description": "now better"})
    assert r.status_code == 200 and r.json()["description"] == "now better"
    assert r.json()["valid-from"] == record["valid-from"]
    mismatch = c.put(f"/1/services2/{sid}", json={**sent, "id": new_id()})
    assert mismatch.status_code == 422 and mismatch.json()["name"] == "id"
    unknown = new_id()
    late = description("late", id=unknown)
    assert c.put(f"/1/services2/{unknown}", json=late).status_code == 404
    made = c.put(f"/1/services2/{unknown}", params={"force-create": "true"}, json=late)
    assert made.status_code == 200 and made.json()["id"] == unknown
    assert c.get(f"/1/services2/{unknown}").json()["name"] == "late"
    assert c.delete(f"/1/services2/{sid}").status_code == 204
    assert c.get(f"/1/services2/{sid}").status_code == 404
    assert c.delete(f"/1/services2/{sid}").status_code == 404
    assert c.get(f"/1/services/{sid}").status_code == 404
    listed = [i["id"] for i in c.get("/1/services2", params={"limit": 50}).json()["items"]]
    assert sid not in listed and unknown in listed
    # A retired service takes no more jobs, but its jobs can still be listed.
    assert c.post(f"/1/services2/{sid}/jobs", json={"text": "x"}).status_code == 404
    assert c.get(f"/1/services2/{sid}/jobs").status_code == 200
