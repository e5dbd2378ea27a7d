"""How records become objects: open enums, aware timestamps, list items checked at once
but parsed on first use, and reading the full record for what a list item lacks.

On the scripted platform of `mock` (an ``httpx.MockTransport``).
"""

from __future__ import annotations

import httpx
import pytest
from conveyor import AsyncClient, MalformedResponse, OrderStatus

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
    service_record,
)


def test_unknown_enum_values_are_preserved() -> None:
    page = {
        "items": [
            {"id": ORDER, "status": "queued-for-gpu", "href": "x"},
            {"id": ORDER.replace("9e", "8e"), "status": "succeeded", "href": "x"},
        ],
        "links": [],
    }
    client = make(Recorder(json_response(200, page)))
    orders = list(client.orders.list())
    assert orders[0].status == "queued-for-gpu" and not orders[0].is_done
    assert orders[1].status is OrderStatus.SUCCEEDED and orders[1].is_done


def test_naive_timestamps_become_aware() -> None:
    record = order_record("succeeded", **{"ordered-at": "2026-11-01T09:31:00"})
    client = make(Recorder(json_response(200, record)))
    order = client.orders.get(ORDER)
    assert order.ordered_at is not None and order.ordered_at.utcoffset() is not None


def test_listed_items_are_checked_then_parsed_on_first_use() -> None:
    no_id = json_response(200, {"items": [{"status": "ready"}], "links": []})
    with pytest.raises(MalformedResponse):
        list(make(Recorder(no_id)).artifacts.list())
    bad_time = {"id": ART, "status": "ready", "href": "x", "created-at": "not a time"}
    item = next(
        iter(
            make(Recorder(json_response(200, {"items": [bad_time], "links": []}))).artifacts.list()
        )
    )
    assert item.id == ART  # identity needs no parsing
    with pytest.raises(MalformedResponse):
        item.created_at  # noqa: B018


def test_text_fields_of_listed_items_read_without_parsing_the_item() -> None:
    raw = {
        "id": ART,
        "status": "ready",
        "href": "x",
        "name": "notes.txt",
        "mime-type": "text/plain",
        "created-at": "not a time",
    }
    item = next(
        iter(make(Recorder(json_response(200, {"items": [raw], "links": []}))).artifacts.list())
    )
    # Text fields come straight from the JSON (as the model would copy them)...
    assert (item.name, item.mime_type) == ("notes.txt", "text/plain")
    # ...while other fields still go through the generated model, and its checks.
    fresh = next(
        iter(make(Recorder(json_response(200, {"items": [raw], "links": []}))).artifacts.list())
    )
    assert fresh.name == "notes.txt"
    with pytest.raises(MalformedResponse):
        fresh.created_at  # noqa: B018


def order_page() -> httpx.Response:
    item = {"id": ORDER, "status": "succeeded", "href": "x", "service": SERVICE}
    return json_response(200, {"items": [item], "links": []})


FULL_ORDER = order_record("succeeded", parameters=[{"name": "text", "value": ART}])


def test_listed_orders_read_their_parameters_rather_than_answer_nothing() -> None:
    recorder = Recorder(
        order_page(), json_response(200, FULL_ORDER), json_response(200, service_record())
    )
    order = next(iter(make(recorder).orders.list()))
    assert "parameters" not in order.describe()  # as last read, and no request
    assert len(recorder.requests) == 1
    assert order.parameters == {"text": ART}  # reads the full record and the service once
    assert order.parameters == {"text": ART}
    assert order.wire_parameters == {"text": ART}
    paths = ["/1/orders", f"/1/orders/{ORDER}", f"/1/services/{SERVICE}"]
    assert [r.url.path for r in recorder.requests] == paths
    assert "text" in order.describe()


def test_order_parameters_are_typed_and_keyed_as_placed() -> None:
    wire = {"text": ART, "min-length": "3", "case": "keep", "ratio": "0.5", "loud": "true"}
    wire |= {"gone": "x", "ratio-2": "7"}  # not declared (any more): text, Python-style key
    full = order_record("succeeded", parameters=[{"name": k, "value": v} for k, v in wire.items()])
    recorder = Recorder(json_response(200, full), json_response(200, service_record()))
    order = make(recorder).orders.get(ORDER)
    assert order.parameters == {
        "text": ART,
        "min_length": 3,
        "case": "keep",
        "ratio": 0.5,
        "loud": True,
        "gone": "x",
        "ratio_2": "7",
    }
    assert order.wire_parameters == wire


def test_a_value_off_its_type_or_a_service_gone_gives_the_text() -> None:
    full = order_record("succeeded", parameters=[{"name": "min-length", "value": "lots"}])
    gone = json_response(404, {"message": "no such service", "id": SERVICE})
    client = make(Recorder(json_response(200, full), json_response(200, service_record())))
    assert client.orders.get(ORDER).parameters == {"min_length": "lots"}
    client = make(Recorder(json_response(200, full), gone))
    assert client.orders.get(ORDER).parameters == {"min_length": "lots"}


@pytest.mark.anyio
async def test_async_list_items_await_what_they_lack() -> None:
    listed_service = {"items": [{"id": SERVICE, "href": "x", "name": "word-count"}], "links": []}
    recorder = Recorder(
        order_page(),
        json_response(200, FULL_ORDER),
        json_response(200, service_record()),
        json_response(200, listed_service),
        json_response(200, service_record()),
    )
    async with AsyncClient(BASE, token=SECRET, transport=recorder.transport) as client:
        order = await client.orders.list().first()
        assert order is not None and await order.parameters == {"text": ART}
        service = await client.services.list().first()
        assert service is not None and not service.is_complete
        assert [p.name for p in await service.mandatory_parameters] == ["text"]
        assert service.is_complete and len(await service.parameters) == 5
    assert len(recorder.requests) == 5
