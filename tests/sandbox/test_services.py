"""Services: listing, reading, publishing over HTTP, updating, retiring."""

from __future__ import annotations

import httpx
import pytest
from conveyor_sandbox import SandboxServer, service_id_for

from .conftest import checked_client

WC = service_id_for("word-count")


def definition(name: str, image: str = "hello", **extra: object) -> dict[str, object]:
    """A ServiceDefinition running a registered callable."""
    return {
        "name": name,
        "description": "greets",
        "parameters": [
            {"name": "message", "type": "string", "description": "what", "default": "x"}
        ],
        "workflow": {"type": "basic", "basic": {"image": image, "command": []}},
        **extra,
    }


def test_builtins_are_listed_with_stable_ids(client: httpx.Client) -> None:
    items = client.get("/1/services", params={"limit": 50}).json()["items"]
    by_name = {i["name"]: i["id"] for i in items}
    assert {"hello", "word-count", "sleep", "fail"} <= set(by_name)
    assert by_name["word-count"] == WC
    # uuid5 of the name: the same on every run and machine.
    assert (
        "urn:ivcap:service:"
        + str(
            __import__("uuid").uuid5(
                __import__("uuid").UUID("6f1c9d3e-2b7a-4c55-9e0f-8a4d2c1b0e9f"), "word-count"
            )
        )
        == WC
    )


def test_read_service_shows_parameter_definitions(client: httpx.Client) -> None:
    record = client.get(f"/1/services/{WC}").json()
    assert record["status"] == "active"
    params = {p["name"]: p for p in record["parameters"]}
    assert params["text"] == {
        "name": "text",
        "type": "artifact",
        "description": "The text artifact to count.",
        "label": "Text",
        "optional": False,
        "options": [],
    }
    assert params["min-length"]["default"] == "1" and params["min-length"]["optional"] is True
    assert params["case"]["options"] == [{"value": "fold"}, {"value": "keep"}]
    assert record["links"][0] == {
        "rel": "self",
        "type": "application/json",
        "href": f"{client.base_url}/1/services/{WC}",
    }


def test_percent_encoded_id_is_accepted(client: httpx.Client) -> None:
    encoded = WC.replace(":", "%3A")
    assert client.get(f"/1/services/{encoded}").json()["id"] == WC


def test_unknown_and_malformed_service_ids(client: httpx.Client) -> None:
    missing = "urn:ivcap:service:00000000-0000-4000-8000-000000000000"
    r = client.get(f"/1/services/{missing}")
    assert r.status_code == 404 and r.json() == {"message": "no such service", "id": missing}
    assert client.get("/1/services/urn:other:thing").status_code == 404
    r = client.get("/1/services/not-a-urn")
    assert r.status_code == 400 and "malformed URN" in r.json()["message"]


def test_filter_and_order(client: httpx.Client) -> None:
    r = client.get("/1/services", params={"filter": "name ~= 'word-c%'"})
    assert [i["name"] for i in r.json()["items"]] == ["word-count"]
    r = client.get(
        "/1/services",
        params={
            "filter": "name == 'hello' or name == 'fail'",
            "order-by": "name",
            "order-desc": "false",
        },
    )
    assert [i["name"] for i in r.json()["items"]] == ["fail", "hello"]
    # The IVCAP client's exact-name idiom: LIKE without wildcards.
    assert [
        i["name"]
        for i in client.get("/1/services", params={"filter": "name~='sleep'"}).json()["items"]
    ] == ["sleep"]


@pytest.mark.parametrize(
    ("expr", "needle"),
    [
        ("name ==", "expected a value"),
        ("name = 'x'", "unexpected character"),
        ("nome == 'x'", "unknown field 'nome'"),
        ("name == 'x", "unterminated"),
        ("(name == 'x'", "missing ')'"),
        ("published-at > 'yesterday'", "date-time"),
        ("name == 3", "is text"),
    ],
)
def test_bad_filters_get_400_naming_the_problem(
    client: httpx.Client, expr: str, needle: str
) -> None:
    r = client.get("/1/services", params={"filter": expr})
    assert r.status_code == 400
    assert r.json()["message"].startswith("filter: ") and needle in r.json()["message"]


def test_create_update_delete_service(fresh_server: SandboxServer) -> None:
    with checked_client(fresh_server) as c:
        r = c.post(
            "/1/services",
            json=definition("greeter", tags=["t"], references=[{"title": "a", "uri": "b"}]),
        )
        assert r.status_code == 201
        created = r.json()
        sid = created["id"]
        assert created["name"] == "greeter" and created["tags"] == ["t"]
        assert created["parameters"][0]["default"] == "x"
        # A duplicate name is a conflict naming the existing service.
        r = c.post("/1/services", json=definition("greeter"))
        assert r.status_code == 409 and r.json()["id"] == sid
        # The service runs the registered callable it names.
        order = c.post(
            "/1/orders", json={"service": sid, "parameters": [{"name": "message", "value": "you"}]}
        ).json()
        assert fresh_server.wait_for_order(order["id"]) == "succeeded"
        r = c.put(f"/1/services/{sid}", json=definition("greeter2", description="new"))
        assert (
            r.status_code == 200
            and r.json()["name"] == "greeter2"
            and r.json()["description"] == "new"
        )
        assert c.delete(f"/1/services/{sid}").status_code == 204
        assert c.get(f"/1/services/{sid}").status_code == 404
        assert c.delete(f"/1/services/{sid}").status_code == 404
        # The order placed with it stays.
        assert c.get(f"/1/orders/{order['id']}").json()["service"] == sid
        # force-create brings it back under the same id.
        assert c.put(f"/1/services/{sid}", json=definition("greeter3")).status_code == 404
        r = c.put(
            f"/1/services/{sid}", params={"force-create": "true"}, json=definition("greeter3")
        )
        assert r.status_code == 200 and r.json()["id"] == sid
        new_id = "urn:ivcap:service:11111111-2222-4333-8444-555555555555"
        r = c.put(
            f"/1/services/{new_id}", params={"force-create": "true"}, json=definition("greeter4")
        )
        assert r.status_code == 200 and c.get(f"/1/services/{new_id}").json()["name"] == "greeter4"


@pytest.mark.parametrize(
    ("body", "name"),
    [
        (definition("x", image="os.system"), "workflow.basic.image"),
        ({**definition("x"), "workflow": {"type": "argo"}}, "workflow.type"),
        ({**definition("x"), "parameters": "nope"}, "parameters"),
        (
            {**definition("x"), "parameters": [{"name": "a b", "type": "string"}]},
            "parameters[0].name",
        ),
        (
            {**definition("x"), "parameters": [{"name": "o", "type": "option"}]},
            "parameters[0].options",
        ),
        ({**definition("x"), "name": ""}, "name"),
        ({**definition("x"), "tags": [1]}, "tags"),
    ],
)
def test_invalid_service_definitions_get_422(
    client: httpx.Client, body: dict[str, object], name: str
) -> None:
    before = len(client.get("/1/services", params={"limit": 50}).json()["items"])
    r = client.post("/1/services", json=body)
    assert r.status_code == 422 and r.json()["name"] == name
    assert len(client.get("/1/services", params={"limit": 50}).json()["items"]) == before


def test_services_only_run_registered_callables(client: httpx.Client) -> None:
    r = client.post("/1/services", json=definition("evil", image="subprocess"))
    assert r.status_code == 422
    assert "registered" in r.json()["message"]


def test_name_is_optional_and_description_required(fresh_server: SandboxServer) -> None:
    with checked_client(fresh_server) as c:
        body = definition("unused")
        del body["name"]
        r = c.post("/1/services", json=body)
        assert r.status_code == 201 and "name" not in r.json()
        assert c.post("/1/services", json=body).status_code == 201  # nameless ones never clash
        del body["description"]
        r = c.post("/1/services", json=body)
        assert r.status_code == 422 and r.json()["name"] == "description"
