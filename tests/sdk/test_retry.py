"""Retries: which requests are retried, how long the waits are (through the clock),
turning them off and on per client and per call; sync and async.

On the scripted platform of `mock` (an ``httpx.MockTransport``).
"""

from __future__ import annotations

import email.utils
import time

import httpx
import pytest
from conveyor import (
    AsyncClient,
    InvalidParameter,
    NotFound,
    RateLimited,
    ServerError,
    Timeout,
    TransportError,
)

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


def test_503_with_retry_after_seconds_is_retried_and_waited() -> None:
    clock = FakeClock()
    recorder = Recorder(
        httpx.Response(503, headers={"Retry-After": "2"}),
        json_response(200, artifact_record()),
    )
    artifact = make(recorder, clock=clock).artifacts.get(ART)
    assert artifact.id == ART and len(recorder.requests) == 2
    assert clock.sleeps == [2.0]


def test_429_with_an_http_date_is_retried() -> None:
    clock = FakeClock()
    when = email.utils.formatdate(time.time() + 3, usegmt=True)
    recorder = Recorder(
        httpx.Response(429, headers={"Retry-After": when}),
        json_response(200, artifact_record()),
    )
    make(recorder, clock=clock).artifacts.get(ART)
    assert len(recorder.requests) == 2 and 0 < clock.sleeps[0] <= 4


def test_retry_after_is_capped_and_retries_are_bounded() -> None:
    clock = FakeClock()
    recorder = Recorder(httpx.Response(503, headers={"Retry-After": "86400"}))
    with pytest.raises(ServerError):
        make(recorder, clock=clock, retries=2).artifacts.get(ART)
    assert len(recorder.requests) == 3
    assert all(s <= 30 for s in clock.sleeps)


def test_connection_errors_and_timeouts_on_reads_are_retried() -> None:
    request = httpx.Request("GET", BASE)
    recorder = Recorder(
        httpx.ConnectError("refused", request=request),
        httpx.ReadTimeout("slow", request=request),
        httpx.RemoteProtocolError("reset", request=request),
        json_response(200, artifact_record()),
    )
    clock = FakeClock()
    make(recorder, clock=clock).artifacts.get(ART)
    assert len(recorder.requests) == 4
    assert len(clock.sleeps) == 3


def test_exhausted_timeouts_raise_conveyor_timeout() -> None:
    request = httpx.Request("GET", BASE)
    recorder = Recorder(httpx.ReadTimeout("slow", request=request))
    with pytest.raises(Timeout) as caught:
        make(recorder, retries=1).artifacts.get(ART)
    assert isinstance(caught.value, TimeoutError) and isinstance(caught.value, TransportError)
    assert len(recorder.requests) == 2


def test_creating_posts_are_not_retried_after_they_may_have_arrived() -> None:
    # A gateway's 502 or 504 may follow a request the platform carried out; what the
    # SDK does after a reset or a stall is in test_idempotency.py.
    for failure in (httpx.Response(502), httpx.Response(504)):
        recorder = Recorder(json_response(200, service_record()), failure)
        client = make(recorder)
        service = client.services.get(SERVICE)
        with pytest.raises(ServerError):
            service.place_order(text=ART)
        assert [r.method for r in recorder.requests] == ["GET", "POST"], failure


def test_creating_posts_are_retried_when_they_never_arrived() -> None:
    request = httpx.Request("POST", BASE)
    for failure in (
        httpx.ConnectError("refused", request=request),
        httpx.Response(429, headers={"Retry-After": "1"}),
        # Refused before it was carried out, as the sandbox does when its queue is full.
        httpx.Response(503, headers={"Retry-After": "5"}),
    ):
        recorder = Recorder(
            json_response(200, service_record()), failure, json_response(200, order_record())
        )
        client = make(recorder)
        order = client.services.get(SERVICE).place_order(text=ART)
        assert order.id == ORDER
        assert [r.method for r in recorder.requests] == ["GET", "POST", "POST"]


def test_retries_can_be_turned_off_per_client_and_per_call() -> None:
    recorder = Recorder(httpx.Response(503), json_response(200, artifact_record()))
    with pytest.raises(ServerError):
        make(recorder, retries=0).artifacts.get(ART)
    assert len(recorder.requests) == 1

    recorder = Recorder(httpx.Response(503), json_response(200, artifact_record()))
    client = make(recorder)
    with pytest.raises(ServerError):
        client.with_options(retries=0).artifacts.get(ART)
    assert client.artifacts.get(ART).id == ART


def test_per_call_retries_work_on_a_client_built_without_retries() -> None:
    clock = FakeClock()
    recorder = Recorder(
        httpx.Response(503, headers={"Retry-After": "1"}),
        httpx.Response(503, headers={"Retry-After": "2"}),
        json_response(200, artifact_record()),
    )
    client = make(recorder, retries=0, clock=clock)
    assert client.with_options(retries=2).artifacts.get(ART).id == ART
    assert len(recorder.requests) == 3 and clock.sleeps == [1.0, 2.0]

    # The view's policy covers creation too: a 429 proves the POST was not processed.
    recorder = Recorder(
        json_response(200, service_record()),
        httpx.Response(429, headers={"Retry-After": "1"}),
        httpx.Response(429, headers={"Retry-After": "1"}),
        json_response(200, order_record()),
    )
    client = make(recorder, retries=0)
    service = client.services.get(SERVICE)
    with pytest.raises(RateLimited):
        service.place_order(text=ART)  # the client itself still never retries
    assert client.with_options(retries=1).orders.create(service, {"text": ART}).id == ORDER
    assert [r.method for r in recorder.requests] == ["GET", "POST", "POST", "POST"]


@pytest.mark.anyio
async def test_per_call_retries_work_on_an_async_client_built_without_retries() -> None:
    clock = FakeClock()
    recorder = Recorder(httpx.Response(503), json_response(200, artifact_record()))
    async with AsyncClient(
        BASE, token=SECRET, transport=recorder.transport, clock=clock, retries=0
    ) as client:
        assert (await client.with_options(retries=1).artifacts.get(ART)).id == ART
    assert len(recorder.requests) == 2 and len(clock.sleeps) == 1


def test_a_client_without_retries_hands_requests_straight_to_its_transport() -> None:
    from conveyor._retry import no_retry

    recorder = Recorder(json_response(200, artifact_record()))
    client = make(recorder, retries=0)
    # Always wrapped (so per-call policies apply), but no method is retryable by default.
    assert client.http._transport.retry is no_retry()
    assert not no_retry().is_retryable_method("GET")
    client.artifacts.get(ART)
    assert len(recorder.requests) == 1


@pytest.mark.anyio
async def test_async_client_maps_errors_and_retries_the_same_way() -> None:
    clock = FakeClock()
    recorder = Recorder(
        httpx.Response(503, headers={"Retry-After": "1"}),
        json_response(200, artifact_record()),
        json_response(404, {"message": "gone"}),
    )
    async with AsyncClient(BASE, token=SECRET, transport=recorder.transport, clock=clock) as client:
        artifact = await client.artifacts.get(ART)
        assert artifact.id == ART and clock.sleeps == [1.0]
        with pytest.raises(NotFound, match="gone"):
            await client.artifacts.get(ART)
        with pytest.raises(InvalidParameter):
            await client.artifacts.get("nope")
    assert len(recorder.requests) == 3


def test_each_retry_is_announced_on_the_conveyor_retry_logger(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from .mock import ART, SECRET, Recorder, artifact_record, json_response, make

    recorder = Recorder(
        httpx.Response(503), httpx.Response(503), json_response(200, artifact_record())
    )
    with caplog.at_level("WARNING", logger="conveyor.retry"), make(recorder) as client:
        client.artifacts.get(ART)
    lines = [r.getMessage() for r in caplog.records if r.name == "conveyor.retry"]
    assert len(lines) == 2, lines
    assert all(line.startswith("503 Service Unavailable GET http") for line in lines), lines
    assert all("retrying in" in line and SECRET not in line for line in lines)
