"""Operator-registered services: the registry API, the decorator, and what HTTP may name.

Each test builds its own :class:`ServiceRegistry`, so nothing here leaks into
the default registry the other tests' sandboxes publish.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from conveyor_sandbox import (
    OrderContext,
    ParameterSpec,
    SandboxServer,
    ServiceFailure,
    ServiceRegistry,
    service,
    service_id_for,
)

from .conftest import checked_client

#: What each service saw, by order id, so tests can check defaults and conversions.
SEEN: dict[str, dict[str, Any]] = {}


def build_registry() -> ServiceRegistry:
    """A registry with no built-ins and three services, registered the three ways."""
    reg = ServiceRegistry(builtins=False)

    # 1. The registry's own decorator.
    @reg.service(
        "repeat",
        description="Repeats a word.",
        parameters=[
            ParameterSpec("word", "string", description="what to repeat"),
            ParameterSpec("times", "int", default=2),
            ParameterSpec("shout", "bool", default=False),
            ParameterSpec("sep", "option", options=("space", "dash"), default="space"),
            ParameterSpec("note", "string", optional=True),
        ],
        tags=["demo"],
    )
    def repeat(ctx: OrderContext) -> None:
        SEEN[ctx.order_id] = dict(ctx.params)
        joiner = " " if ctx.params["sep"] == "space" else "-"
        text = joiner.join([ctx.params["word"]] * ctx.params["times"])
        ctx.add_product("out.txt", text.upper() if ctx.params["shout"] else text, "text/plain")

    # 2. The module-level decorator aimed at this registry.
    @service(
        "refuse",
        registry=reg,
        description="Always fails.",
        parameters=[ParameterSpec("why", "string", default="no")],
    )
    def refuse(ctx: OrderContext) -> None:
        raise ServiceFailure(f"refused: {ctx.params['why']}")

    # 3. The register API, with URN-typed parameters.
    def gather(ctx: OrderContext) -> None:
        SEEN[ctx.order_id] = dict(ctx.params)
        with ctx.open_artifact(ctx.params["source"]) as fh:
            ctx.add_product("copy.bin", fh.read())

    reg.register(
        gather,
        name="gather",
        description="Copies an artifact into a collection.",
        parameters=[
            ParameterSpec("source", "artifact"),
            ParameterSpec("also", "artifact", optional=True),
            ParameterSpec("into", "collection"),
        ],
    )
    return reg


@pytest.fixture(scope="module")
def custom() -> Iterator[SandboxServer]:
    with SandboxServer(registry=build_registry()) as s:
        yield s


@pytest.fixture
def c(custom: SandboxServer) -> Iterator[httpx.Client]:
    with checked_client(custom) as client:
        yield client


def order(c: httpx.Client, name: str, **params: str) -> httpx.Response:
    return c.post(
        "/1/orders",
        json={
            "service": service_id_for(name),
            "parameters": [{"name": k, "value": v} for k, v in params.items()],
        },
    )


def test_registered_services_are_published_with_their_definitions(c: httpx.Client) -> None:
    listed = c.get("/1/services", params={"limit": 50}).json()["items"]
    assert sorted(s["name"] for s in listed) == ["gather", "refuse", "repeat"]
    record = c.get(f"/1/services/{service_id_for('repeat')}").json()
    assert record["id"] == service_id_for("repeat") and record["status"] == "active"
    assert record["description"] == "Repeats a word." and record["tags"] == ["demo"]
    by_name = {p["name"]: p for p in record["parameters"]}
    assert by_name["word"] == {
        "name": "word",
        "type": "string",
        "description": "what to repeat",
        "optional": False,
        "options": [],
    }
    assert by_name["times"]["default"] == "2" and by_name["times"]["optional"] is True
    assert by_name["shout"]["default"] == "false"
    assert by_name["sep"]["options"] == [{"value": "space"}, {"value": "dash"}]
    assert by_name["note"]["optional"] is True and "default" not in by_name["note"]


def test_an_order_runs_with_defaults_applied_and_values_converted(
    c: httpx.Client, custom: SandboxServer
) -> None:
    r = order(c, "repeat", word="hi")
    assert r.status_code == 200, r.text
    placed = r.json()
    # The order records the defaults it ran with.
    assert placed["parameters"] == [
        {"name": "word", "value": "hi"},
        {"name": "times", "value": "2"},
        {"name": "shout", "value": "false"},
        {"name": "sep", "value": "space"},
    ]
    assert custom.wait_for_order(placed["id"]) == "succeeded"
    assert SEEN[placed["id"]] == {"word": "hi", "times": 2, "shout": False, "sep": "space"}
    [product] = c.get(f"/1/orders/{placed['id']}/products").json()["items"]
    assert c.get(product["data-href"]).text == "hi hi"

    r = order(c, "repeat", word="go", times="3", shout="true", sep="dash", note="n")
    assert custom.wait_for_order(r.json()["id"]) == "succeeded"
    assert SEEN[r.json()["id"]]["times"] == 3 and SEEN[r.json()["id"]]["note"] == "n"
    [product] = c.get(f"/1/orders/{r.json()['id']}/products").json()["items"]
    assert c.get(product["data-href"]).text == "GO-GO-GO"


@pytest.mark.parametrize(
    ("params", "name", "says"),
    [
        ({}, "word", "mandatory"),
        ({"word": "x", "times": "two"}, "times", "integer"),
        ({"word": "x", "shout": "maybe"}, "shout", "true or false"),
        ({"word": "x", "sep": "comma"}, "sep", "space, dash"),
        ({"word": "x", "colour": "red"}, "colour", "no parameter"),
    ],
)
def test_parameters_are_validated_against_the_definitions(
    c: httpx.Client, params: dict[str, str], name: str, says: str
) -> None:
    before = len(c.get("/1/orders", params={"limit": 50}).json()["items"])
    r = order(c, "repeat", **params)
    assert r.status_code == 422
    assert r.json()["name"] == name and says in r.json()["message"]
    assert len(c.get("/1/orders", params={"limit": 50}).json()["items"]) == before


def test_a_service_failure_fails_the_order_with_its_message(
    c: httpx.Client, custom: SandboxServer
) -> None:
    placed = order(c, "refuse", why="tired").json()
    assert custom.wait_for_order(placed["id"]) == "failed"
    assert c.get(f"/1/orders/{placed['id']}").json()["error-message"] == "refused: tired"


def test_provenance_inputs_name_artifact_and_collection_parameters(
    c: httpx.Client, custom: SandboxServer
) -> None:
    source = c.post("/1/artifacts", content=b"payload").json()["id"]
    collection = "urn:ivcap:collection:0b8f4d2a-6c1e-4f3a-9d7b-2e5c8a1f0d39"
    placed = order(c, "gather", source=source, also=source, into=collection).json()
    assert custom.wait_for_order(placed["id"]) == "succeeded"
    assert SEEN[placed["id"]] == {"source": source, "also": source, "into": collection}
    [prov] = c.get(
        "/1/aspects",
        params={
            "entity": placed["id"],
            "schema": "urn:conveyor:schema:order.provenance.1",
            "include-content": "true",
        },
    ).json()["items"]
    # Every URN the order was given, in parameter order, each once.
    assert prov["content"]["inputs"] == [source, collection]
    assert prov["content"]["service"] == service_id_for("gather")


def test_duplicate_registrations_are_refused() -> None:
    reg = ServiceRegistry(builtins=False)

    def one(ctx: OrderContext) -> None:
        return None

    def two(ctx: OrderContext) -> None:
        return None

    reg.register(one, name="dup")
    with pytest.raises(ValueError, match="already registered"):
        reg.register(two, name="dup")
    with pytest.raises(ValueError, match="already registered"):
        reg.service("dup")(two)
    with pytest.raises(ValueError, match="already registered"):
        service("dup", registry=reg)(two)
    assert reg.get("dup") is not None and reg.get("dup").function is one  # type: ignore[union-attr]
    # replace=True is the explicit way to swap the implementation.
    reg.register(two, name="dup", replace=True)
    assert reg.get("dup").function is two  # type: ignore[union-attr]
    # A service may not declare a parameter twice, nor have a path-like name.
    with pytest.raises(ValueError, match="twice"):
        reg.register(one, name="p", parameters=[ParameterSpec("a"), ParameterSpec("a")])
    with pytest.raises(ValueError, match="slashes"):
        reg.register(one, name="a/b")
    assert reg.names() == ["dup"] and len(reg) == 1 and "dup" in reg


def test_http_created_services_can_only_name_registered_callables(
    c: httpx.Client, custom: SandboxServer
) -> None:
    def body(image: str, name: str) -> dict[str, Any]:
        return {
            "name": name,
            "description": "made over HTTP",
            "parameters": [
                {"name": "word", "type": "string"},
                {"name": "times", "type": "int", "default": "4"},
                {"name": "shout", "type": "bool", "default": "true"},
                {
                    "name": "sep",
                    "type": "option",
                    "options": [{"value": "dash"}],
                    "default": "dash",
                },
            ],
            "workflow": {"type": "basic", "basic": {"image": image, "command": []}},
        }

    # Naming a registered callable works, and the order runs that callable.
    r = c.post("/1/services", json=body("repeat", "repeat-over-http"))
    assert r.status_code == 201
    placed = c.post(
        "/1/orders",
        json={"service": r.json()["id"], "parameters": [{"name": "word", "value": "ok"}]},
    ).json()
    assert custom.wait_for_order(placed["id"]) == "succeeded"
    # The HTTP definition's parameters and defaults apply to the registered callable.
    assert SEEN[placed["id"]] == {"word": "ok", "times": 4, "shout": True, "sep": "dash"}
    [product] = c.get(f"/1/orders/{placed['id']}/products").json()["items"]
    assert c.get(product["data-href"]).text == "OK-OK-OK-OK"

    # Anything else is refused, and nothing it names is imported: "this"
    # prints the Zen of Python when imported, and must stay unimported.
    assert "this" not in sys.modules
    for image in ("this", "os.system", "subprocess:run", "hello", "../repeat"):
        r = c.post("/1/services", json=body(image, f"bad-{len(image)}"))
        assert r.status_code == 422, image
        assert r.json()["name"] == "workflow.basic.image"
        # The message lists what can be named: only this sandbox's registry
        # (the built-in "hello" is not registered here).
        assert "gather, refuse, repeat" in r.json()["message"]
    assert "this" not in sys.modules
    names = {s["name"] for s in c.get("/1/services", params={"limit": 50}).json()["items"]}
    assert not any(n.startswith("bad-") for n in names)
    # Updating a service to name an unregistered callable is refused the same way.
    sid = c.get("/1/services", params={"filter": "name == 'repeat-over-http'"}).json()["items"][0]
    r = c.put(f"/1/services/{sid['id']}", json=body("this", "repeat-over-http"))
    assert r.status_code == 422 and r.json()["name"] == "workflow.basic.image"
    assert json.loads(c.get(f"/1/services/{sid['id']}").text)["status"] == "active"
