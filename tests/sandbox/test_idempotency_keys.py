"""``Idempotency-Key`` in the sandbox: a repeat gets the first answer and creates nothing more."""

from __future__ import annotations

import uuid

import httpx
from conveyor_sandbox import SandboxServer, service_id_for

from .conftest import checked_client

HELLO = service_id_for("hello")


def order_body(name: str = "world") -> dict[str, object]:
    return {"service": HELLO, "parameters": [{"name": "message", "value": name}]}


def count(client: httpx.Client, path: str) -> int:
    total, page = 0, None
    while True:
        params: dict[str, str | int] = {"limit": 50}
        if page:
            params["page"] = page
        answer = client.get(path, params=params).json()
        total += len(answer["items"])
        page = next((link["href"] for link in answer["links"] if link["rel"] == "next"), None)
        if page is None:
            return total
        page = httpx.URL(page).params["page"]


def test_a_repeated_order_gets_the_first_answer_and_places_nothing_more(
    fresh_server: SandboxServer,
) -> None:
    key = str(uuid.uuid4())
    with checked_client(fresh_server) as client:
        first = client.post("/1/orders", json=order_body(), headers={"Idempotency-Key": key})
        again = client.post("/1/orders", json=order_body(), headers={"Idempotency-Key": key})
        assert first.status_code == again.status_code == 200
        assert again.json()["id"] == first.json()["id"]
        assert again.headers["idempotent-replayed"] == "true"
        assert count(client, "/1/orders") == 1
        # Another key, or none (IVCAP's clients), places another order as always.
        other = client.post(
            "/1/orders", json=order_body(), headers={"Idempotency-Key": str(uuid.uuid4())}
        )
        plain = client.post("/1/orders", json=order_body())
        assert len({first.json()["id"], other.json()["id"], plain.json()["id"]}) == 3
        assert "idempotent-replayed" not in plain.headers
        assert count(client, "/1/orders") == 3


def test_the_same_key_with_another_request_is_422(fresh_server: SandboxServer) -> None:
    key = str(uuid.uuid4())
    with checked_client(fresh_server) as client:
        client.post("/1/orders", json=order_body("a"), headers={"Idempotency-Key": key})
        clash = client.post("/1/orders", json=order_body("b"), headers={"Idempotency-Key": key})
        assert clash.status_code == 422
        assert clash.json()["name"] == "Idempotency-Key"
        assert "different request" in clash.json()["message"]
        assert count(client, "/1/orders") == 1


def test_a_key_belongs_to_its_caller_and_refusals_are_not_kept(
    fresh_server: SandboxServer,
) -> None:
    key = str(uuid.uuid4())
    with checked_client(fresh_server) as client:
        refused = client.post(
            "/1/orders",
            json={"service": HELLO, "parameters": [{"name": "nope", "value": "1"}]},
            headers={"Idempotency-Key": key},
        )
        assert refused.status_code == 422
        # A refusal is replayed too (it is the answer to that request) ...
        again = client.post(
            "/1/orders",
            json={"service": HELLO, "parameters": [{"name": "nope", "value": "1"}]},
            headers={"Idempotency-Key": key},
        )
        assert again.status_code == 422 and again.json() == refused.json()
        bad = client.post("/1/orders", json=order_body(), headers={"Idempotency-Key": ""})
        assert bad.status_code == 422 and bad.json()["name"] == "Idempotency-Key"


def test_a_repeated_upload_creation_makes_one_pending_record(fresh_server: SandboxServer) -> None:
    key = str(uuid.uuid4())
    headers = {"Tus-Resumable": "1.0.0", "Upload-Length": "5", "Idempotency-Key": key}
    with checked_client(fresh_server) as client:
        first = client.post("/1/artifacts", headers=headers)
        again = client.post("/1/artifacts", headers=headers)
        assert first.status_code == again.status_code == 201
        assert first.json()["id"] == again.json()["id"]
        assert first.headers.get("location") == again.headers.get("location")
        assert count(client, "/1/artifacts") == 1


def test_a_repeated_aspect_is_added_once(fresh_server: SandboxServer) -> None:
    key = str(uuid.uuid4())
    params = {"entity": HELLO, "schema": "urn:example:schema:note.1"}
    body = {"$schema": "urn:example:schema:note.1", "text": "hi"}
    with checked_client(fresh_server) as client:
        ids = {
            client.post(
                "/1/aspects", params=params, json=body, headers={"Idempotency-Key": key}
            ).json()["id"]
            for _ in range(3)
        }
        assert len(ids) == 1
        listed = client.get("/1/aspects", params={"entity": HELLO, "limit": 50}).json()
        assert sum(1 for item in listed["items"] if item["id"] in ids) == 1
