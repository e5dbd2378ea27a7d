"""The whole exchange under one retry budget, and creations that happen once.

On the scripted platform of `mock`: a GET whose body is cut or stalls is
retried like one refused at the door; every creating POST carries an
``Idempotency-Key``, the same on each repeat; after an ambiguous failure the
SDK repeats it only to a platform whose contract declares the key, looks an
order up by its key tag otherwise, and says what it knows (`CreationUncertain`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest
from conveyor import AsyncClient, CreationUncertain, Timeout, TransportError

from ..fakes import FakeClock
from .mock import (
    ART,
    BASE,
    ORDER,
    SECRET,
    SERVICE,
    Recorder,
    artifact_record,
    json_response,
    make,
    order_record,
    service_record,
)

KEYED_CONTRACT = {
    "paths": {"/1/orders": {"post": {"parameters": [{"$ref": "#/components/parameters/K"}]}}},
    "components": {"parameters": {"K": {"name": "Idempotency-Key", "in": "header"}}},
}
PLAIN_CONTRACT = {"paths": {"/1/orders": {"post": {"parameters": []}}}}


class _Cut(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A body that breaks off after its first bytes (``failure`` raised mid-body)."""

    def __init__(self, failure: Exception) -> None:
        self.failure = failure

    def __iter__(self) -> Iterator[bytes]:
        yield b'{"id": "urn:ivcap:art'
        raise self.failure

    async def __aiter__(self):  # type: ignore[no-untyped-def]
        yield b'{"id": "urn:ivcap:art'
        raise self.failure


def cut(failure: Exception) -> httpx.Response:
    """A 200 whose head arrives and whose body does not."""
    return httpx.Response(200, headers={"Content-Length": "400"}, stream=_Cut(failure))


REQUEST = httpx.Request("GET", BASE)


@pytest.mark.parametrize(
    "failure",
    [
        httpx.RemoteProtocolError("peer closed connection without sending complete message body"),
        httpx.ReadError("connection reset by peer"),
        httpx.ReadTimeout("timed out"),
    ],
)
def test_a_get_whose_body_is_cut_or_stalls_is_retried(failure: Exception) -> None:
    clock = FakeClock()
    recorder = Recorder(cut(failure), json_response(200, artifact_record()))
    artifact = make(recorder, clock=clock).artifacts.get(ART)
    assert artifact.id == ART and artifact.name == "notes.txt"
    assert len(recorder.requests) == 2 and len(clock.sleeps) == 1


def test_a_cut_body_waits_as_the_answer_before_said() -> None:
    # Retry-After of a 503, then a cut body: one budget, the same backoff rules.
    clock = FakeClock()
    recorder = Recorder(
        httpx.Response(503, headers={"Retry-After": "3"}),
        cut(httpx.RemoteProtocolError("cut")),
        json_response(200, artifact_record()),
    )
    make(recorder, clock=clock).artifacts.get(ART)
    assert len(recorder.requests) == 3 and clock.sleeps[0] == 3.0


def test_cut_bodies_share_the_budget_of_the_call() -> None:
    recorder = Recorder(cut(httpx.ReadTimeout("stalled")))
    with pytest.raises(Timeout):
        make(recorder, retries=2).artifacts.get(ART)
    assert len(recorder.requests) == 3
    recorder = Recorder(cut(httpx.RemoteProtocolError("cut")))
    with pytest.raises(TransportError):
        make(recorder, retries=0).artifacts.get(ART)
    assert len(recorder.requests) == 1


@pytest.mark.anyio
async def test_an_async_get_whose_body_is_cut_is_retried() -> None:
    clock = FakeClock()
    recorder = Recorder(
        cut(httpx.RemoteProtocolError("cut")), json_response(200, artifact_record())
    )
    async with AsyncClient(BASE, token=SECRET, transport=recorder.transport, clock=clock) as client:
        assert (await client.artifacts.get(ART)).id == ART
    assert len(recorder.requests) == 2


def keys_of(recorder: Recorder) -> list[str | None]:
    return [r.headers.get("idempotency-key") for r in recorder.requests if r.method == "POST"]


def test_every_creation_carries_a_key_kept_across_the_retries_of_its_call() -> None:
    refused = httpx.ConnectError("refused", request=httpx.Request("POST", BASE))
    recorder = Recorder(
        json_response(200, service_record()),
        refused,
        httpx.Response(503, headers={"Retry-After": "2"}),
        json_response(200, order_record()),
        json_response(200, order_record()),
    )
    clock = FakeClock()
    client = make(recorder, clock=clock)
    service = client.services.get(SERVICE)
    assert service.place_order(text=ART).id == ORDER
    service.place_order(text=ART)
    first, second, third, fourth = keys_of(recorder)
    assert first is not None and first == second == third and fourth not in (None, first)
    assert 2.0 in clock.sleeps
    # The key is recorded on the order too, as a tag, for a lookup by key.
    body = json.loads(recorder.requests[1].content)
    assert body["tags"] == [f"idempotency-key:{first}"]
    assert not any(r.headers.get("idempotency-key") for r in recorder.requests if r.method == "GET")


def test_after_a_lost_answer_a_platform_that_honours_keys_gets_the_same_key_again() -> None:
    lost = httpx.ReadError("reset after sending", request=httpx.Request("POST", BASE))
    recorder = Recorder(
        json_response(200, service_record()),
        lost,
        json_response(200, KEYED_CONTRACT),
        json_response(200, order_record()),
        # Once the contract said so, a later creation's lost answer is retried at once.
        lost,
        json_response(200, order_record()),
    )
    client = make(recorder)
    service = client.services.get(SERVICE)
    assert service.place_order(text=ART).id == ORDER
    methods = [r.method for r in recorder.requests]
    assert methods == ["GET", "POST", "GET", "POST"]
    assert recorder.requests[2].url.path == "/1/openapi/openapi3.json"
    first, again = keys_of(recorder)
    assert first == again
    assert service.place_order(text=ART).id == ORDER
    assert [r.method for r in recorder.requests][4:] == ["POST", "POST"]
    assert len(set(keys_of(recorder))) == 2


def order_page(*ids: str) -> dict[str, object]:
    return {"items": [{"id": i} for i in ids], "links": []}


def test_on_a_platform_without_keys_a_lost_order_is_found_by_its_key_tag() -> None:
    other = "urn:ivcap:order:00000000-0000-4000-8000-000000000001"
    recorder = Recorder(
        json_response(200, service_record()),
        httpx.ReadTimeout("no answer", request=httpx.Request("POST", BASE)),
        json_response(200, PLAIN_CONTRACT),
        json_response(200, order_page(other, ORDER)),
        json_response(200, order_record(id=other, tags=["idempotency-key:someone-else"])),
        lambda request: json_response(
            200, order_record(tags=["mine", f"idempotency-key:{keys_of(recorder)[0]}"])
        ),
    )
    client = make(recorder)
    order = client.services.get(SERVICE).place_order(text=ART, tags=["mine"])
    assert order.id == ORDER
    assert order.tags == ["mine"] and order.idempotency_key == keys_of(recorder)[0]
    # Looked for, never placed again.
    assert [r.method for r in recorder.requests].count("POST") == 1
    listing = recorder.requests[3]
    assert listing.url.params["filter"] == f"service == '{SERVICE}'"


def test_a_lost_creation_that_cannot_be_settled_raises_creation_uncertain() -> None:
    lost = httpx.RemoteProtocolError("reset", request=httpx.Request("POST", BASE))
    recorder = Recorder(
        json_response(200, service_record()),
        lost,
        json_response(200, PLAIN_CONTRACT),
        json_response(200, order_page()),
    )
    client = make(recorder)
    service = client.services.get(SERVICE)
    with pytest.raises(CreationUncertain) as caught:
        service.place_order(text=ART)
    error = caught.value
    (key,) = keys_of(recorder)
    assert error.idempotency_key == key and error.kind == "order"
    assert isinstance(error, TransportError)
    assert f"idempotency-key:{key}" in str(error) and "may or may not exist" in str(error)
    assert SECRET not in str(error)
    # The platform's contract is read once per client: the next loss is settled at once.
    recorder.answers = [lost, json_response(200, order_page())]
    with pytest.raises(CreationUncertain):
        service.place_order(text=ART)
    assert [r.url.path for r in recorder.requests].count("/1/openapi/openapi3.json") == 1


def test_creations_without_a_lookup_say_what_they_know() -> None:
    lost = httpx.ReadError("reset", request=httpx.Request("POST", BASE))
    recorder = Recorder(lost, json_response(200, PLAIN_CONTRACT))
    client = make(recorder)
    with pytest.raises(CreationUncertain) as caught:
        client.queues.create("readings")
    assert caught.value.kind == "queue" and caught.value.idempotency_key in str(caught.value)


@pytest.mark.anyio
async def test_async_creations_are_settled_the_same_way() -> None:
    lost = httpx.ReadError("reset after sending", request=httpx.Request("POST", BASE))
    recorder = Recorder(
        json_response(200, service_record()),
        lost,
        json_response(200, KEYED_CONTRACT),
        json_response(200, order_record()),
    )
    async with AsyncClient(
        BASE, token=SECRET, transport=recorder.transport, clock=FakeClock()
    ) as client:
        service = await client.services.get(SERVICE)
        assert (await service.place_order(text=ART)).id == ORDER
    first, again = keys_of(recorder)
    assert first == again


def test_a_repeat_that_meets_the_first_attempt_still_running_waits_for_its_answer() -> None:
    """The platform's 409 with Retry-After ("this key's request is still being carried
    out") is asked again after the wait, with the same key; it is not a Conflict."""
    from conveyor import Conflict

    lost = httpx.ReadError("reset after sending", request=httpx.Request("POST", BASE))
    running = json_response(409, {"message": "still being carried out"}, **{"Retry-After": "1"})
    recorder = Recorder(
        json_response(200, service_record()),
        lost,
        json_response(200, KEYED_CONTRACT),
        running,
        json_response(200, order_record()),
        # A 409 without Retry-After is a real conflict: returned as the error it is.
        json_response(409, {"message": "a name already taken"}),
    )
    clock = FakeClock()
    client = make(recorder, clock=clock)
    service = client.services.get(SERVICE)
    assert service.place_order(text=ART).id == ORDER
    posts = [r for r in recorder.requests if r.method == "POST"]
    assert len(posts) == 3 and len(set(keys_of(recorder))) == 1
    with pytest.raises(Conflict, match="already taken"):
        service.place_order(text=ART)
