"""Service descriptions (/1/services2): the same services in IVCAP's later service shape."""

from __future__ import annotations

import re
import time
from typing import Any
from urllib.parse import urlsplit

import httpx
from conveyor_sandbox import SandboxServer, service_id_for

from .conftest import checked_client
from .test_services import definition

WC = service_id_for("word-count")
BUILTINS = {"hello", "word-count", "sleep", "fail"}
JOB_BUILTINS = {"word-stats", "slow-echo", "countdown"}
CONTROLLER_SCHEMA = "urn:conveyor:schema:workflow.basic.1"
#: How services that answer jobs are described (as IVCAP's REST services are).
REST_SCHEMA = "urn:ivcap:schema.service.rest.1"
# What IVCAP's client (0.47) refuses to parse a description without.
CLIENT_REQUIRED = {
    "account",
    "controller",
    "controller-schema",
    "description",
    "id",
    "links",
    "parameters",
    "policy",
    "status",
}


def walk(client: httpx.Client, path: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    """Every item of a list, following ``next`` links as IVCAP's client does."""
    items: list[dict[str, Any]] = []
    r = client.get(path, params=params)
    while True:
        assert r.status_code == 200, r.text
        body = r.json()
        items += body["items"]
        nxt = [lk["href"] for lk in body["links"] if lk["rel"] == "next"]
        if not nxt:
            return items
        parts = urlsplit(nxt[0])
        assert parts.path == path and parts.query.startswith("page="), nxt[0]
        token = parts.query[len("page=") :]
        assert re.fullmatch(r"[A-Za-z0-9\-_.~]+", token), token
        # The client copies the token and sends it again with its own limit.
        r = client.get(path, params={"page": token, "limit": params.get("limit", 10)})


def test_lists_the_same_services_as_services(client: httpx.Client) -> None:
    v1 = client.get("/1/services", params={"limit": 50}).json()["items"]
    v2 = client.get("/1/services2", params={"limit": 50}).json()
    assert [i["id"] for i in v2["items"]] == [i["id"] for i in v1]
    assert {i["name"] for i in v2["items"]} >= BUILTINS
    assert "at-time" in v2
    published = {i["id"]: i["published-at"] for i in v1}
    for item in v2["items"]:
        jobs = item["name"] in JOB_BUILTINS
        assert item["controller-schema"] == (REST_SCHEMA if jobs else CONTROLLER_SCHEMA)
        assert item["href"] == f"{client.base_url}/1/services2/{item['id']}"
        assert item["valid-from"] == published[item["id"]]
        assert "valid-to" not in item
    wc = next(i for i in v2["items"] if i["id"] == WC)
    assert wc["tags"] == ["text", "demo"]
    assert wc["description"] == "Counts the words of a text artifact."


def test_pages_carry_only_the_token(client: httpx.Client) -> None:
    params = {"limit": 1, "order-by": "name", "order-desc": "false"}
    names = [i["name"] for i in walk(client, "/1/services2", params)]
    assert names == sorted(names) and set(names) >= BUILTINS
    v1 = [i["name"] for i in walk(client, "/1/services", params)]
    assert names == v1


def test_a_token_of_services_is_not_one_of_services2(client: httpx.Client) -> None:
    first = client.get("/1/services", params={"limit": 1}).json()
    href = next(lk["href"] for lk in first["links"] if lk["rel"] == "next")
    token = href.split("page=", 1)[1]
    r = client.get("/1/services2", params={"page": token})
    assert r.status_code == 400 and "another list" in r.json()["message"]


def test_filter_and_order_by_its_own_field_names(client: httpx.Client) -> None:
    # IVCAP's client finds a service by name with this exact filter.
    r = client.get("/1/services2", params={"filter": "name~='word-count'"})
    assert [i["id"] for i in r.json()["items"]] == [WC]
    r = client.get(
        "/1/services2",
        params={"filter": "valid-from <= '2999-01-01T00:00:00Z'", "order-by": "valid-from"},
    )
    assert {i["name"] for i in r.json()["items"]} >= BUILTINS
    r = client.get("/1/services2", params={"filter": "valid-to == 'x'"})
    assert r.status_code == 400 and "date-time" in r.json()["message"]
    r = client.get("/1/services2", params={"order-by": "controller"})
    assert r.status_code == 422 and r.json()["name"] == "order-by"
    assert "valid-from" in r.json()["message"]
    r = client.get("/1/services2", params={"limit": 51})
    assert r.status_code == 422 and r.json()["name"] == "limit"
    r = client.get("/1/services2", params={"include-content": "true"})
    assert r.status_code == 400 and "unknown query parameter" in r.json()["message"]


def test_read_a_service_description(client: httpx.Client) -> None:
    record = client.get(f"/1/services2/{WC}").json()
    assert set(record) >= CLIENT_REQUIRED
    assert record["status"] == "active" and record["name"] == "word-count"
    assert record["controller-schema"] == CONTROLLER_SCHEMA
    workflow = {"type": "basic", "basic": {"image": "word-count", "command": []}}
    assert record["controller"] == workflow
    assert record["policy"].startswith("urn:ivcap:policy:")
    assert record["account"].startswith("urn:ivcap:account:")
    v1 = client.get(f"/1/services/{WC}").json()
    assert record["parameters"] == v1["parameters"]
    assert all("description" in p for p in record["parameters"])
    assert record["valid-from"] == v1["published-at"]
    assert record["links"] == [
        {
            "rel": "self",
            "type": "application/json",
            "href": f"{client.base_url}/1/services2/{WC}",
        }
    ]
    encoded = WC.replace(":", "%3A")
    assert client.get(f"/1/services2/{encoded}").json()["id"] == WC


def test_unknown_and_malformed_ids(client: httpx.Client) -> None:
    missing = "urn:ivcap:service:00000000-0000-4000-8000-000000000000"
    r = client.get(f"/1/services2/{missing}")
    assert r.status_code == 404 and r.json() == {"message": "no such service", "id": missing}
    r = client.get("/1/services2/not-a-urn")
    assert r.status_code == 400 and "malformed URN" in r.json()["message"]


def test_published_and_retired_services(fresh_server: SandboxServer) -> None:
    with checked_client(fresh_server) as c:
        body = definition("greeter", tags=["t"])
        del body["name"]
        sid = c.post("/1/services", json=body).json()["id"]
        record = c.get(f"/1/services2/{sid}").json()
        assert "name" not in record and record["tags"] == ["t"]
        assert set(record) >= CLIENT_REQUIRED
        assert record["controller"]["basic"]["image"] == "hello"
        [item] = c.get("/1/services2", params={"filter": f"id == '{sid}'"}).json()["items"]
        between = item["valid-from"]
        time.sleep(0.01)
        assert c.delete(f"/1/services/{sid}").status_code == 204
        assert c.get(f"/1/services2/{sid}").status_code == 404
        now = c.get("/1/services2", params={"limit": 50}).json()["items"]
        assert sid not in [i["id"] for i in now]
        # Listed as of before its retirement, it shows when it was retired.
        then = c.get("/1/services2", params={"limit": 50, "at-time": between}).json()["items"]
        [old] = [i for i in then if i["id"] == sid]
        assert old["valid-to"] > old["valid-from"]
