"""Order parameters: checked against the service before any request, then sent under
their wire names as text, with the order's policy and tags.

On the scripted platform of `mock` (an ``httpx.MockTransport``).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from conveyor import AsyncClient, InvalidParameter

from .mock import (
    ART,
    BASE,
    ORDER,
    SECRET,
    SERVICE,
    Recorder,
    json_response,
    make,
    order_record,
    service_client,
    service_record,
)


@pytest.mark.parametrize(
    ("params", "parameter", "words"),
    [
        ({"text": ART, "colour": "red"}, "colour", "no such parameter"),
        ({"text": ART, "min_lenght": 3}, "min_lenght", "did you mean 'min_length'"),
        ({"min_length": 3}, "text", "missing"),
        ({"text": ART, "min_length": "three"}, "min_length", "integer"),
        ({"text": ART, "min_length": 2.5}, "min_length", "integer"),
        ({"text": ART, "min_length": True}, "min_length", "integer"),
        ({"text": ART, "case": "upper"}, "case", "'fold', 'keep'"),
        ({"text": ART, "ratio": "x"}, "ratio", "number"),
        ({"text": ART, "loud": "maybe"}, "loud", "True or False"),
        ({"text": "notes.txt"}, "text", "artifact"),
        ({"text": ORDER}, "text", "artifact"),
        ({"text": ART, "min_length": 1, "min-length": 2}, "min-length", "twice"),
    ],
)
def test_order_parameters_are_checked_before_any_request(
    params: dict[str, Any], parameter: str, words: str
) -> None:
    client, recorder = service_client()
    service = client.services.get(SERVICE)
    sent = len(recorder.requests)
    with pytest.raises(InvalidParameter, match=words) as caught:
        service.place_order(**params)
    assert caught.value.parameter == parameter
    assert len(recorder.requests) == sent  # nothing after the service read


@pytest.mark.parametrize("kind", ["order", "service", "aspect"])
def test_an_object_of_another_kind_is_refused_for_an_artifact_parameter(kind: str) -> None:
    from conveyor import Aspect, Order, Service

    client, recorder = service_client()
    service = client.services.get(SERVICE)
    record = type("R", (), {"id": f"urn:ivcap:{kind}:0f1e2d3c-4b5a-4697-8877-665544332211"})()
    wrong = {"order": Order, "service": Service, "aspect": Aspect}[kind](client, record)
    with pytest.raises(InvalidParameter, match=f"artifact, not an? {kind}") as caught:
        service.place_order(text=wrong)
    assert caught.value.parameter == "text" and caught.value.value is wrong
    with pytest.raises(InvalidParameter) as by_urn:
        service.place_order(text=wrong.id)  # its URN is refused the same way
    assert by_urn.value.parameter == "text"
    assert [r.method for r in recorder.requests] == ["GET"]


def test_order_parameters_map_to_wire_names_and_text() -> None:
    client, recorder = service_client()
    service = client.services.get(SERVICE)
    artifact = client.artifacts._client  # the same client; an Artifact object is built below
    from conveyor.artifact import Artifact

    text = Artifact(artifact, type("R", (), {"id": ART})())
    order = service.place_order(
        "n", text=text, min_length="3", ratio=0.5, loud=True, parameters={"case": "keep"}
    )
    assert order.id == ORDER
    sent = recorder.requests[-1]
    assert sent.method == "POST"
    import json

    body = json.loads(sent.content)
    assert body["service"] == SERVICE and body["name"] == "n"
    assert body["parameters"] == [
        {"name": "text", "value": ART},
        {"name": "min-length", "value": "3"},
        {"name": "case", "value": "keep"},
        {"name": "ratio", "value": "0.5"},
        {"name": "loud", "value": "true"},
    ]


def test_place_order_takes_policy_and_tags_like_orders_create() -> None:
    policy = "urn:ivcap:policy:open"
    client, recorder = service_client()
    client.services.get(SERVICE).place_order(text=ART, policy=policy, tags=["a", "b"])
    import json

    body = json.loads(recorder.requests[-1].content)
    key = recorder.requests[-1].headers["idempotency-key"]
    # The SDK's own tag records the key for a lookup after a lost answer.
    assert body["policy"] == policy and body["tags"] == ["a", "b", f"idempotency-key:{key}"]
    assert body["parameters"] == [{"name": "text", "value": ART}]


@pytest.mark.anyio
async def test_async_place_order_takes_policy_and_tags() -> None:
    import json

    recorder = Recorder(json_response(200, service_record()), json_response(200, order_record()))
    async with AsyncClient(BASE, token=SECRET, transport=recorder.transport) as client:
        service = await client.services.get(SERVICE)
        await service.place_order(text=ART, policy="urn:ivcap:policy:p", tags=["x"])
    body = json.loads(recorder.requests[-1].content)
    assert body["policy"] == "urn:ivcap:policy:p" and body["tags"][0] == "x"
    assert body["tags"][1:] == [
        f"idempotency-key:{recorder.requests[-1].headers['idempotency-key']}"
    ]


def test_a_refreshed_service_checks_orders_against_its_new_parameters() -> None:
    renamed = service_record()
    renamed["parameters"] = [{"name": "words", "type": "artifact", "options": []}]
    recorder = Recorder(
        json_response(200, service_record()),
        json_response(200, order_record()),
        json_response(200, renamed),
        json_response(200, order_record()),
    )
    with make(recorder) as client:
        service = client.services.get(SERVICE)
        service.place_order(text=ART)
        service.refresh()
        with pytest.raises(InvalidParameter, match="no such parameter"):
            service.place_order(text=ART)
        service.place_order(words=ART)
    body = json.loads(recorder.requests[-1].content)
    assert body["parameters"] == [{"name": "words", "value": ART}]
