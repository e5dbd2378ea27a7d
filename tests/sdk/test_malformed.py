"""Malformed server answers surface as `MalformedResponse` (or another `ConveyorError`), never raw.

A scripted platform answers every read the SDK makes; one field at a time of
one answer is replaced by a value of the wrong shape (or removed), and every
public operation and property is exercised against it. Whatever happens, no
``KeyError``/``TypeError``/``AttributeError``/``ValueError`` may escape, and
``repr()`` of every object must work.
"""

from __future__ import annotations

import copy
import inspect
import json
import re
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from conveyor import Client, ConveyorError, MalformedResponse

from ..fakes import FakeClock
from .mock import (
    ART,
    BASE,
    ORDER,
    SECRET,
    SERVICE,
    artifact_record,
    json_response,
    order_record,
    service_record,
)

ASPECT = "urn:ivcap:aspect:7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d"
PRODUCT = ART.replace("0f", "1f")


def aspect_record() -> dict[str, Any]:
    return {
        "id": ASPECT,
        "entity": ART,
        "schema": "urn:example:schema:reviewed.1",
        "content": {"$schema": "urn:example:schema:reviewed.1", "ok": True},
        "valid-from": "2026-11-01T09:31:00Z",
        "asserter": "urn:ivcap:user:someone",
    }


def page(*items: dict[str, Any]) -> dict[str, Any]:
    return {
        "items": list(items),
        "links": [{"rel": "self", "href": f"{BASE}/1/x"}],
        "at-time": "2026-11-01T10:00:00Z",
    }


def answers() -> dict[str, Any]:
    """The documents the scripted platform serves, by route name."""
    return {
        "service": service_record(),
        "services": page({"id": SERVICE, "href": "x", "name": "word-count", "description": "d"}),
        "order": order_record(
            "succeeded",
            name="n",
            parameters=[{"name": "text", "value": ART}],
            tags=["t"],
            **{"ordered-at": "2026-11-01T09:31:00Z"},
            products={
                "items": [{"id": PRODUCT, "href": "x", "name": "out.json", "status": "ready"}],
                "links": [],
            },
        ),
        "orders": page(
            {"id": ORDER, "href": "x", "status": "running", "name": "n", "service": SERVICE}
        ),
        "products": page({"id": PRODUCT, "href": "x", "name": "out.json", "status": "ready"}),
        "artifact": artifact_record(),
        "artifacts": page(
            {"id": ART, "href": "x", "status": "ready", "name": "notes.txt", "size": 4}
        ),
        "aspect": aspect_record(),
        "aspects": page(aspect_record()),
        "search": page({"Id": ASPECT, "Content": {"ok": True}}),
    }


_ROUTES = [
    ("GET", re.compile(r"/1/services/[^/]+$"), "service"),
    ("GET", re.compile(r"/1/services$"), "services"),
    ("GET", re.compile(r"/1/orders/[^/]+/products$"), "products"),
    ("GET", re.compile(r"/1/orders/[^/]+$"), "order"),
    ("POST", re.compile(r"/1/orders$"), "order"),
    ("GET", re.compile(r"/1/orders$"), "orders"),
    ("GET", re.compile(r"/1/artifacts/[^/]+$"), "artifact"),
    ("GET", re.compile(r"/1/artifacts$"), "artifacts"),
    ("GET", re.compile(r"/1/aspects/[^/]+$"), "aspect"),
    ("GET", re.compile(r"/1/aspects$"), "aspects"),
    ("POST", re.compile(r"/1/search$"), "search"),
]


def platform(documents: dict[str, Any]) -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        for method, path, name in _ROUTES:
            if request.method == method and path.search(request.url.path):
                return json_response(200, documents[name])
        return json_response(404, {"message": "not scripted"})

    return httpx.MockTransport(handle)


# One value of each JSON shape the contract might not expect (bool apart from int).
BAD_VALUES: list[Any] = [None, 5, True, "text", [5], {"a": 1}]
_REMOVE = object()


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every path to a value inside a JSON document (dict keys and list indices)."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield (*prefix, key)
            yield from paths(inner, (*prefix, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield (*prefix, index)
            yield from paths(inner, (*prefix, index))


def mutated(document: Any, path: tuple[Any, ...], value: Any) -> Any:
    result = copy.deepcopy(document)
    target = result
    for step in path[:-1]:
        target = target[step]
    if value is _REMOVE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return result


def public_properties(obj: Any) -> list[str]:
    return [
        name
        for name, member in inspect.getmembers(type(obj))
        if not name.startswith("_") and isinstance(member, property)
    ]


def probe(obj: Any, escapes: list[str], where: str) -> None:
    """repr (must never raise), describe, and every public property of ``obj``."""
    try:
        text = repr(obj)
    except Exception as exc:
        escapes.append(f"{where}: repr raised {type(exc).__name__}: {exc}")
        return
    assert text.startswith("<"), text
    steps: list[tuple[str, Callable[[], Any]]] = [("describe()", obj.describe)]
    steps += [(name, lambda n=name: getattr(obj, n)) for name in public_properties(obj)]
    for label, step in steps:
        attempt(step, escapes, f"{where}.{label}")


def attempt(step: Callable[[], Any], escapes: list[str], where: str) -> Any:
    try:
        return step()
    except ConveyorError:
        return None
    except Exception as exc:
        escapes.append(f"{where}: {type(exc).__name__}: {exc}")
        return None


def exercise(documents: dict[str, Any]) -> list[str]:
    """Run every read the SDK offers against ``documents``; the untyped failures found."""
    escapes: list[str] = []
    client = Client(BASE, token=SECRET, transport=platform(documents), retries=0, clock=FakeClock())
    collections = {
        "services": client.services,
        "orders": client.orders,
        "artifacts": client.artifacts,
    }
    ids = {"services": SERVICE, "orders": ORDER, "artifacts": ART}
    for name, collection in collections.items():
        got = attempt(lambda c=collection, n=name: c.get(ids[n]), escapes, f"{name}.get")
        if got is not None:
            probe(got, escapes, f"{name}.get")
        items = attempt(lambda c=collection: list(c.list()), escapes, f"{name}.list") or []
        for item in items:
            probe(item, escapes, f"{name}.list[]")
    service = attempt(lambda: client.services.get(SERVICE), escapes, "services.get")
    if service is not None:
        attempt(lambda: service.place_order(text=ART), escapes, "place_order")
    attempt(lambda: client.orders.create(SERVICE, {"text": ART}), escapes, "orders.create")
    order = attempt(lambda: client.orders.get(ORDER), escapes, "orders.get")
    if order is not None:
        attempt(lambda: order.wait(timeout=0), escapes, "order.wait")
        for product in attempt(lambda: order.products, escapes, "order.products") or []:
            probe(product, escapes, "order.products[]")
        attempt(lambda: order.lineage(max_depth=2), escapes, "order.lineage")
    aspects = attempt(lambda: list(client.aspects.list(entity=ART)), escapes, "aspects.list")
    for aspect in aspects or []:
        probe(aspect, escapes, "aspects.list[]")
    aspect = attempt(lambda: client.aspects.get(ASPECT), escapes, "aspects.get")
    if aspect is not None:
        probe(aspect, escapes, "aspects.get")
    attempt(lambda: list(client.search("q(X)")), escapes, "search")
    return escapes


def test_the_scripted_platform_is_well_formed() -> None:
    """Unmutated, every probe succeeds: the fuzz below tests the SDK, not the script."""
    assert exercise(answers()) == []


@pytest.mark.parametrize("route", sorted(answers()))
def test_no_malformed_field_escapes_untyped(route: str) -> None:
    base = answers()
    escapes: list[str] = []
    for path in paths(base[route]):
        for value in [*BAD_VALUES, _REMOVE]:
            documents = {**base, route: mutated(base[route], path, value)}
            shown = "removed" if value is _REMOVE else json.dumps(value)
            escapes += [f"{route}{list(path)}={shown}: {e}" for e in exercise(documents)]
    assert not escapes, "\n".join(escapes[:40])


def client_with(documents: dict[str, Any]) -> Client:
    return Client(BASE, token=SECRET, transport=platform(documents), retries=0)


def test_a_next_link_whose_href_is_not_text_is_malformed() -> None:
    documents = answers()
    documents["artifacts"]["links"].append({"rel": "next", "href": 5})
    documents["search"]["links"].append({"rel": "next", "href": ["x"]})
    client = client_with(documents)
    with pytest.raises(MalformedResponse) as caught:
        list(client.artifacts.list())
    assert caught.value.status == 200 and "href" in str(caught.value)
    with pytest.raises(MalformedResponse):
        list(client.search("q(X)"))
    documents["order"]["products"]["links"] = [{"rel": "next", "href": 5}]
    with pytest.raises(MalformedResponse):
        client_with(documents).orders.get(ORDER).products  # noqa: B018


@pytest.mark.parametrize(
    ("field", "value"),
    [("name", 5), ("name", None), ("type", ["int"]), ("default", 3), ("options", "a,b")],
)
def test_a_service_parameter_of_the_wrong_shape_is_malformed(field: str, value: Any) -> None:
    documents = answers()
    documents["service"]["parameters"][0][field] = value
    client = client_with(documents)
    with pytest.raises(MalformedResponse):
        client.services.get(SERVICE).place_order(text=ART)
    with pytest.raises(MalformedResponse):
        client.services.get(SERVICE).parameters  # noqa: B018
    with pytest.raises(MalformedResponse):
        client.orders.create(SERVICE, {"text": ART})


def test_repr_never_raises_nor_touches_the_network() -> None:
    documents = answers()
    documents["artifacts"]["items"][0]["created-at"] = "not a time"
    documents["orders"]["items"][0]["ordered-at"] = ["not", "a", "time"]
    requests: list[httpx.Request] = []
    inner = platform(documents)

    def counting(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return inner.handle_request(request)

    client = Client(BASE, token=SECRET, transport=httpx.MockTransport(counting), retries=0)
    artifact = next(iter(client.artifacts.list()))
    order = next(iter(client.orders.list()))
    sent = len(requests)
    assert repr(artifact) == f"<Artifact {ART} (record unreadable)>"
    assert repr(order) == f"<Order {ORDER} (record unreadable)>"
    assert artifact._repr_html_() is None  # Jupyter falls back to repr()
    assert len(requests) == sent
    with pytest.raises(MalformedResponse):
        artifact.created_at  # noqa: B018 - the field itself still says what is wrong
