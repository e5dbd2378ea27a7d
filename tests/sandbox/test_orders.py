"""Orders: validation, the life cycle, products, provenance, failures."""

from __future__ import annotations

import json

import httpx
import pytest
from conveyor_sandbox import SandboxServer, service_id_for

HELLO, WC, SLEEP, FAIL = (service_id_for(n) for n in ("hello", "word-count", "sleep", "fail"))


def upload(
    client: httpx.Client, data: bytes, name: str = "notes.txt", mime: str = "text/plain"
) -> str:
    r = client.post("/1/artifacts", content=data, headers={"X-Name": name, "X-Content-Type": mime})
    assert r.status_code == 201
    artifact_id: str = r.json()["id"]
    return artifact_id


def place(client: httpx.Client, service: str, **params: str) -> dict[str, object]:
    r = client.post(
        "/1/orders",
        json={
            "service": service,
            "parameters": [{"name": k, "value": v} for k, v in params.items()],
        },
    )
    assert r.status_code == 200, r.text
    order: dict[str, object] = r.json()
    return order


def test_hello_runs_and_produces_its_greeting(client: httpx.Client, server: SandboxServer) -> None:
    order = place(client, HELLO, message="tests")
    assert order["status"] == "pending" and "ordered-at" in order
    assert order["parameters"] == [{"name": "message", "value": "tests"}]
    assert server.wait_for_order(str(order["id"])) == "succeeded"
    done = client.get(f"/1/orders/{order['id']}").json()
    assert done["ordered-at"] <= done["started-at"] <= done["finished-at"]
    [product] = done["products"]["items"]
    assert product["name"] == "hello.txt" and product["mime-type"] == "text/plain"
    assert client.get(product["data-href"]).text == "hello, tests"


def test_defaults_are_applied_and_recorded(client: httpx.Client, server: SandboxServer) -> None:
    order = place(client, HELLO)
    assert order["parameters"] == [{"name": "message", "value": "world"}]
    server.wait_for_order(str(order["id"]))
    product = client.get(f"/1/orders/{order['id']}/products").json()["items"][0]
    assert client.get(product["data-href"]).text == "hello, world"


def test_word_count_counts_and_records_provenance(
    client: httpx.Client, server: SandboxServer
) -> None:
    text = b"The cat and the hat.\nA cat, a CAT!\nend"
    art = upload(client, text)
    order = place(client, WC, text=art, case="fold")
    assert server.wait_for_order(str(order["id"])) == "succeeded"
    products = client.get(f"/1/orders/{order['id']}/products").json()["items"]
    [product] = products
    assert product["name"] == "word-counts.json"
    counts = client.get(product["data-href"]).json()
    assert counts == {
        "words": 10,
        "lines": 3,
        "characters": len(text.decode()),
        "top": [["cat", 3], ["a", 2], ["the", 2], ["and", 1], ["end", 1], ["hat", 1]],
    }
    # Provenance: the order names its service, inputs and parameters...
    aspects = client.get(
        "/1/aspects", params={"entity": order["id"], "include-content": "true"}
    ).json()["items"]
    [prov] = aspects
    assert prov["schema"] == "urn:conveyor:schema:order.provenance.1"
    assert prov["content"] == {
        "$schema": "urn:conveyor:schema:order.provenance.1",
        "order": order["id"],
        "service": WC,
        "inputs": [art],
        "parameters": [
            {"name": "text", "value": art},
            {"name": "min-length", "value": "1"},
            {"name": "case", "value": "fold"},
        ],
    }
    # ... and each product names the order that produced it.
    produced = client.get(
        "/1/aspects", params={"entity": product["id"], "include-content": "true"}
    ).json()["items"]
    assert produced[0]["content"] == {
        "$schema": "urn:conveyor:schema:artifact.produced-by.1",
        "artifact": product["id"],
        "order": order["id"],
        "service": WC,
    }


def test_word_count_min_length_and_keep_case(client: httpx.Client, server: SandboxServer) -> None:
    art = upload(client, b"Go go GO went gone")
    order = place(client, WC, text=art, case="keep", **{"min-length": "3"})
    server.wait_for_order(str(order["id"]))
    product = client.get(f"/1/orders/{order['id']}").json()["products"]["items"][0]
    assert client.get(product["data-href"]).json() == {
        "words": 2,
        "lines": 1,
        "characters": 18,
        "top": [["gone", 1], ["went", 1]],
    }


def test_fail_carries_its_message(client: httpx.Client, server: SandboxServer) -> None:
    order = place(client, FAIL, message="boom")
    assert server.wait_for_order(str(order["id"])) == "failed"
    record = client.get(f"/1/orders/{order['id']}").json()
    assert record["error-message"] == "boom" and "finished-at" in record
    default = place(client, FAIL)
    server.wait_for_order(str(default["id"]))
    assert client.get(f"/1/orders/{default['id']}").json()["error-message"] == "failed on purpose"


def test_status_moves_through_executing(client: httpx.Client, server: SandboxServer) -> None:
    order = place(client, SLEEP, seconds="0.3")
    seen = set()
    for _ in range(200):
        status = client.get(f"/1/orders/{order['id']}").json()["status"]
        seen.add(status)
        if status == "succeeded":
            break
        __import__("time").sleep(0.01)
    assert {"executing", "succeeded"} <= seen
    assert seen <= {"pending", "scheduled", "executing", "succeeded"}


@pytest.mark.parametrize(
    ("params", "name", "needle"),
    [
        ({"nope": "1"}, "nope", "has no parameter"),
        ({}, "text", "mandatory"),
        ({"text": "ART", "min-length": "three"}, "min-length", "integer"),
        ({"text": "ART", "case": "upper"}, "case", "must be one of: fold, keep"),
        (
            {"text": "urn:ivcap:artifact:00000000-0000-4000-8000-000000000000"},
            "text",
            "no such artifact",
        ),
        ({"text": "not-a-urn"}, "text", "no such artifact"),
    ],
)
def test_invalid_parameters_get_422_naming_them(
    client: httpx.Client, params: dict[str, str], name: str, needle: str
) -> None:
    art = upload(client, b"x")
    params = {k: (art if v == "ART" else v) for k, v in params.items()}
    before = client.get("/1/orders", params={"limit": 50}).json()["items"]
    r = client.post(
        "/1/orders",
        json={"service": WC, "parameters": [{"name": k, "value": v} for k, v in params.items()]},
    )
    assert r.status_code == 422
    body = r.json()
    assert body["name"] == name and needle in body["message"]
    if name in params:
        assert body["value"] == params[name]
    assert client.get("/1/orders", params={"limit": 50}).json()["items"] == before


def test_order_request_shape_errors(client: httpx.Client) -> None:
    assert (
        client.post(
            "/1/orders", content=b"{nope", headers={"Content-Type": "application/json"}
        ).status_code
        == 400
    )
    assert client.post("/1/orders", json=[]).status_code == 400
    r = client.post(
        "/1/orders", json={"service": SLEEP, "parameters": [{"name": "seconds", "value": 1}]}
    )
    assert r.status_code == 422 and r.json()["name"] == "seconds"
    missing = "urn:ivcap:service:00000000-0000-4000-8000-000000000000"
    r = client.post("/1/orders", json={"service": missing, "parameters": []})
    assert r.status_code == 404 and r.json()["id"] == missing
    r = client.post("/1/orders", json={"service": "word-count", "parameters": []})
    assert r.status_code == 422 and r.json()["name"] == "service"


def test_list_orders_filter_and_paging(fresh_server: SandboxServer) -> None:
    from .conftest import checked_client

    with checked_client(fresh_server) as c:
        ids = [place(c, HELLO, message=str(i))["id"] for i in range(5)]
        for i in ids:
            fresh_server.wait_for_order(str(i))
        failed = place(c, FAIL)["id"]
        fresh_server.wait_for_order(str(failed))
        first = c.get("/1/orders", params={"limit": 2, "order-desc": "false"}).json()
        got = [i["id"] for i in first["items"]]
        page = first
        while nxt := [lk["href"] for lk in page["links"] if lk["rel"] == "next"]:
            assert nxt[0].split("?", 1)[1].startswith("page=") and "&" not in nxt[0]
            page = c.get(nxt[0]).json()
            assert len(page["items"]) <= 2
            got += [i["id"] for i in page["items"]]
        assert got == [*ids, failed]
        r = c.get("/1/orders", params={"filter": "status == 'failed'"}).json()
        assert [i["id"] for i in r["items"]] == [failed]
        assert c.get(
            "/1/orders", params={"filter": "status != 'failed' and service == '" + HELLO + "'"}
        ).json()["items"]
        at = c.get(f"/1/orders/{ids[1]}").json()["ordered-at"]
        r = c.get("/1/orders", params={"at-time": at, "order-desc": "false"}).json()
        assert [i["id"] for i in r["items"]] == ids[:2] and r["at-time"] == at


def test_unknown_order(client: httpx.Client) -> None:
    missing = "urn:ivcap:order:00000000-0000-4000-8000-000000000000"
    for path in (f"/1/orders/{missing}", f"/1/orders/{missing}/products"):
        r = client.get(path)
        assert r.status_code == 404 and r.json() == {"message": "no such order", "id": missing}


def test_order_record_is_valid_json_for_the_generated_client(
    client: httpx.Client, server: SandboxServer
) -> None:
    from conveyor_api.models import OrderStatus

    order = place(client, HELLO)
    server.wait_for_order(str(order["id"]))
    raw = client.get(f"/1/orders/{order['id']}").json()
    parsed = OrderStatus.from_dict(json.loads(json.dumps(raw)))
    assert parsed.id == order["id"]
