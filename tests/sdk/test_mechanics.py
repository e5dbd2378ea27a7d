"""Error mapping, retries, paging and local validation, on a scripted MockTransport."""

from __future__ import annotations

import email.utils
import logging
import time
from typing import Any

import httpx
import pytest
from conveyor import (
    Ambiguous,
    APIError,
    AsyncClient,
    Client,
    ConfigurationError,
    Conflict,
    ConveyorError,
    Forbidden,
    InvalidParameter,
    MalformedResponse,
    NotFound,
    OrderStatus,
    RateLimited,
    ServerError,
    Timeout,
    TransportError,
    Unauthorized,
)

from .mock import (
    ART,
    BASE,
    ORDER,
    SECRET,
    SERVICE,
    FakeClock,
    Recorder,
    artifact_record,
    json_response,
    order_record,
    service_record,
)


def make(recorder: Recorder, **kwargs: Any) -> Client:
    kwargs.setdefault("clock", FakeClock())
    return Client(BASE, token=SECRET, transport=recorder.transport, **kwargs)


# -- error mapping -------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        (400, {"message": "filter: bad"}, APIError),
        (401, None, Unauthorized),
        (403, {"message": "no"}, Forbidden),
        (404, {"message": "no such artifact", "id": ART}, NotFound),
        (409, {"message": "clash"}, Conflict),
        (422, {"message": "must be one of", "name": "case", "value": "upper"}, InvalidParameter),
        (429, {"message": "slow down"}, RateLimited),
        (500, {"message": "boom"}, ServerError),
        (503, None, ServerError),
        (499, None, APIError),
        (520, "<html>proxy error</html>", ServerError),
    ],
)
def test_error_statuses_map_to_typed_errors(status: int, body: Any, expected: type) -> None:
    content = b"" if body is None else (body.encode() if isinstance(body, str) else None)
    response = (
        httpx.Response(status, content=content)
        if content is not None
        else json_response(status, body)
    )
    client = make(Recorder(response), retries=0)
    with pytest.raises(expected) as caught:
        client.artifacts.get(ART)
    error = caught.value
    assert type(error) is expected
    assert error.status == status
    assert error.method == "GET"
    assert error.url == f"{BASE}/1/artifacts/{ART}"
    assert str(status) in str(error)
    if isinstance(body, dict):
        assert error.body == body and error.message == body["message"]
    if status == 404:
        assert error.entity_id == ART
    if status == 422:
        assert isinstance(error, InvalidParameter)
        assert error.parameter == "case" and error.value == "upper"


def test_malformed_success_answers_raise_malformed_response() -> None:
    for answer in (
        httpx.Response(200, content=b"not json"),
        json_response(200, {"name": "no id"}),
        json_response(200, ["a", "list"]),
    ):
        client = make(Recorder(answer))
        with pytest.raises(MalformedResponse) as caught:
            client.artifacts.get(ART)
        assert caught.value.status == 200
        assert not isinstance(caught.value, KeyError | TypeError)
    # A record with an id is parsed on first use; a mismatch then is just as typed.
    for record in ({"id": ART}, {"id": ART, "status": "ready", "created-at": "yesterday"}):
        artifact = make(Recorder(json_response(200, record))).artifacts.get(ART)
        assert artifact.id == ART
        with pytest.raises(MalformedResponse):
            artifact.created_at  # noqa: B018
    order = make(Recorder(json_response(200, {"id": ORDER, "status": "pending"}))).orders.get(ORDER)
    with pytest.raises(MalformedResponse):
        order.status  # noqa: B018 - "service" is required by the contract


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


# -- local validation: nothing is sent -----------------------------------------


def test_malformed_urns_are_refused_before_any_request() -> None:
    recorder = Recorder(json_response(200, artifact_record()))
    client = make(recorder)
    for bad in ("not-a-urn", "urn:ivcap:order:" + ART.split(":")[-1], "", 42):
        with pytest.raises(InvalidParameter) as caught:
            client.artifacts.get(bad)  # type: ignore[arg-type]
        assert isinstance(caught.value, ValueError) and caught.value.parameter == "id"
    with pytest.raises(InvalidParameter):
        client.orders.get(ART)
    with pytest.raises(InvalidParameter):
        client.services.get("urn:bad")
    with pytest.raises(InvalidParameter):
        client.aspects.get(ORDER)
    assert recorder.requests == []


def service_client() -> tuple[Client, Recorder]:
    recorder = Recorder(json_response(200, service_record()), json_response(200, order_record()))
    client = make(recorder)
    return client, recorder


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


def test_missing_schema_is_refused_before_any_request() -> None:
    recorder = Recorder(json_response(200, artifact_record()))
    client = make(recorder)
    artifact = client.artifacts.get(ART)
    with pytest.raises(InvalidParameter) as caught:
        artifact.add_metadata({"ok": True})
    assert caught.value.parameter == "schema"
    with pytest.raises(InvalidParameter):
        artifact.add_metadata(["not", "a", "mapping"])  # type: ignore[arg-type]
    with pytest.raises(InvalidParameter):
        artifact.add_metadata({"$schema": "urn:x:y", "bad": object()})
    with pytest.raises(InvalidParameter):
        client.aspects.update(ART, {"no": "schema"})
    assert len(recorder.requests) == 1


# -- lookups and paging ----------------------------------------------------------


def test_get_by_name_escapes_quotes_and_reports_ambiguity() -> None:
    twins = {
        "items": [
            {"id": SERVICE, "name": "O'Brien", "href": "x"},
            {"id": SERVICE.replace("4b", "5b"), "name": "O'Brien", "href": "x"},
        ],
        "links": [],
    }
    recorder = Recorder(json_response(200, twins))
    client = make(recorder)
    with pytest.raises(Ambiguous) as caught:
        client.services.get_by_name("O'Brien")
    assert len(caught.value.matches) == 2
    assert recorder.requests[0].url.params["filter"] == "name == 'O''Brien'"

    empty = make(Recorder(json_response(200, {"items": [], "links": []})))
    with pytest.raises(NotFound):
        empty.services.get_by_name("nobody")


def page(ids: range, next_href: str | None) -> httpx.Response:
    links = [{"rel": "self", "href": f"{BASE}/1/artifacts"}]
    if next_href:
        links.append({"rel": "next", "href": next_href})
    items = [{"id": f"urn:ivcap:artifact:{i}", "status": "ready", "href": "x"} for i in ids]
    return json_response(200, {"items": items, "links": links, "at-time": "2026-11-01T10:00:00Z"})


def test_paging_follows_next_tokens_and_honours_limit() -> None:
    recorder = Recorder(
        page(range(0, 3), f"{BASE}/1/artifacts?page=tok1"),
        page(range(3, 6), f"{BASE}/1/artifacts?page=tok2"),
        page(range(6, 7), None),
    )
    client = make(recorder)
    ids = [a.id.rsplit(":", 1)[-1] for a in client.artifacts.list(page_size=3, filter="x == 1")]
    assert ids == [str(i) for i in range(7)]
    first, second, third = recorder.requests
    assert first.url.params["filter"] == "x == 1" and first.url.params["limit"] == "3"
    assert second.url.params["page"] == "tok1" and "filter" not in second.url.params
    assert third.url.params["page"] == "tok2"

    limited = Recorder(page(range(0, 3), f"{BASE}/1/artifacts?page=t"), page(range(3, 6), None))
    assert len(list(make(limited).artifacts.list(limit=4, page_size=3))) == 4
    assert limited.requests[1].url.params["limit"] == "1"

    paged = make(Recorder(page(range(0, 2), f"{BASE}/1/artifacts?page=t"), page(range(2, 3), None)))
    pages = list(paged.artifacts.list().pages())
    assert [len(p) for p in pages] == [2, 1] and pages[0].at_time is not None


def test_next_links_without_token_are_followed_but_never_to_another_host() -> None:
    recorder = Recorder(
        page(range(0, 1), f"{BASE}/1/artifacts?cursor=abc"), page(range(1, 2), None)
    )
    assert len(list(make(recorder).artifacts.list())) == 2
    assert recorder.requests[1].url.params["cursor"] == "abc"

    foreign = Recorder(page(range(0, 1), "https://elsewhere.example/1/artifacts?cursor=abc"))
    with pytest.raises(MalformedResponse, match="another host"):
        list(make(foreign).artifacts.list())
    assert len(foreign.requests) == 1


@pytest.mark.parametrize(
    ("call", "parameter"),
    [
        (lambda c: c.artifacts.list(page_size=51), "page_size"),
        (lambda c: c.artifacts.list(page_size=0), "page_size"),
        (lambda c: c.orders.list(page_size="10"), "page_size"),
        (lambda c: c.services.list(limit=-1), "limit"),
        (lambda c: c.services.list(limit=2.5), "limit"),
        (lambda c: c.search("q(X)", page_size=True), "page_size"),
        (lambda c: c.with_options(retries=-1), "retries"),
        (lambda c: c.with_options(retries="3"), "retries"),
        (lambda c: c.with_options(timeout="slow"), "timeout"),
        (lambda c: c.with_options(timeout=-1), "timeout"),
        (lambda c: c.artifacts.upload(b"x", chunk_size=0), "chunk_size"),
        (lambda c: c.artifacts.upload(b"x", chunk_size="1k"), "chunk_size"),
        (lambda c: c.orders.get(ORDER).wait(timeout="soon"), "timeout"),
        (lambda c: c.orders.get(ORDER).wait(poll=0), "poll"),
    ],
)
def test_bad_arguments_raise_invalid_parameter_before_any_request(
    call: Any, parameter: str
) -> None:
    recorder = Recorder(json_response(200, order_record()))
    client = make(recorder)
    with pytest.raises(InvalidParameter) as caught:
        call(client)
    assert caught.value.parameter == parameter
    assert parameter in str(caught.value)
    assert [r.method for r in recorder.requests] in ([], ["GET"])  # at most the order read


@pytest.mark.parametrize(
    ("kwargs", "parameter"),
    [
        ({"retries": -2}, "retries"),
        ({"timeout": 0}, "timeout"),
        ({"poll_interval": -1}, "poll_interval"),
        ({"max_poll_interval": "5"}, "max_poll_interval"),
    ],
)
def test_bad_client_arguments_raise_invalid_parameter(
    kwargs: dict[str, Any], parameter: str
) -> None:
    with pytest.raises(InvalidParameter) as caught:
        make(Recorder(), **kwargs)
    assert caught.value.parameter == parameter


# -- retries ---------------------------------------------------------------------


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
    request = httpx.Request("POST", BASE)
    for failure in (
        httpx.Response(503),
        httpx.Response(502),
        httpx.ReadError("reset after sending", request=request),
        httpx.ReadTimeout("no answer", request=request),
    ):
        recorder = Recorder(json_response(200, service_record()), failure)
        client = make(recorder)
        service = client.services.get(SERVICE)
        with pytest.raises(ConveyorError):
            service.place_order(text=ART)
        assert [r.method for r in recorder.requests] == ["GET", "POST"], failure


def test_creating_posts_are_retried_when_they_never_arrived() -> None:
    request = httpx.Request("POST", BASE)
    for failure in (
        httpx.ConnectError("refused", request=request),
        httpx.Response(429, headers={"Retry-After": "1"}),
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


def test_insecure_turns_verification_off_on_the_inner_transport_only() -> None:
    import ssl

    with pytest.raises(ConfigurationError, match="transport"):
        Client(BASE, transport=Recorder().transport, insecure=True)
    for insecure, mode in ((True, ssl.CERT_NONE), (False, ssl.CERT_REQUIRED)):
        with Client("https://platform.test", insecure=insecure) as client:
            context = client.http._transport._sync_transport._pool._ssl_context
            assert context.verify_mode == mode and context.check_hostname is not insecure


def test_timeouts_default_and_override() -> None:
    seen: list[dict[str, Any]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.extensions["timeout"])
        return json_response(200, artifact_record())

    client = Client(BASE, transport=httpx.MockTransport(handler))
    client.artifacts.get(ART)
    client.with_options(timeout=120).artifacts.get(ART)
    Client(BASE, transport=httpx.MockTransport(handler), timeout=7).artifacts.get(ART)
    assert seen[0] == {"connect": 5.0, "read": 30.0, "write": 30.0, "pool": 30.0}
    assert seen[1]["read"] == 120.0 and seen[1]["connect"] == 5.0
    assert seen[2]["read"] == 7.0


def test_user_agent_and_no_token_without_configuration() -> None:
    recorder = Recorder(json_response(200, artifact_record()))
    Client(BASE, transport=recorder.transport).artifacts.get(ART)
    sent = recorder.requests[0]
    assert sent.headers["user-agent"].startswith("conveyor/0.1.0 ")
    assert "authorization" not in sent.headers

    recorder = Recorder(json_response(200, artifact_record()))
    make(recorder).artifacts.get(ART)
    assert recorder.requests[0].headers["authorization"] == f"Bearer {SECRET}"


# -- the token never leaks ---------------------------------------------------------


def test_token_never_appears_in_reprs_logs_or_errors(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    echo = json_response(401, {"message": f"bad token {SECRET}"})
    request = httpx.Request("GET", BASE)
    recorder = Recorder(
        httpx.Response(503),
        json_response(200, artifact_record()),
        echo,
        httpx.ConnectError(f"refused {SECRET}", request=request),
    )
    client = make(recorder, retries=1)
    artifact = client.artifacts.get(ART)
    texts = [repr(client), str(client), repr(artifact), repr(client.artifacts), repr(client.http)]
    texts.append(repr(client._settings))
    with pytest.raises(Unauthorized) as unauthorized:
        client.artifacts.get(ART)
    with pytest.raises(TransportError) as transport:
        client.with_options(retries=0).artifacts.get(ART)
    for error in (unauthorized.value, transport.value):
        texts += [str(error), repr(error), repr(error.args), str(getattr(error, "body", ""))]
    texts += [record.getMessage() for record in caplog.records]
    texts += [str(record.args) for record in caplog.records]
    assert caplog.records  # debug logging did happen
    for text in texts:
        assert SECRET not in text, text


@pytest.mark.parametrize("token", ["k3y-7ch", "ab", "long-enough-token-1234"])
def test_every_configured_token_is_redacted_however_short(token: str) -> None:
    escaped = "".join(f"\\u{ord(c):04x}" for c in token)  # JSON escapes hide it from a text search
    answers = [
        json_response(401, {"message": f"bad token {token}", "echo": [token]}),
        httpx.Response(403, content=('{"message": "no", "token": "' + escaped + '"}').encode()),
        httpx.Response(400, content=b"x" * 8190 + token.encode()),  # straddles the size cut
        httpx.ConnectError(f"refused {token}", request=httpx.Request("GET", BASE)),
        json_response(200, {"id": ART, "status": "ready", "size": token}),
    ]
    client = Client(BASE, token=token, transport=Recorder(*answers).transport, retries=0)
    errors: list[ConveyorError] = []
    for _ in range(4):
        with pytest.raises(ConveyorError) as caught:
            client.artifacts.get(ART)
        errors.append(caught.value)
    with pytest.raises(MalformedResponse) as malformed:
        client.artifacts.get(ART).size  # noqa: B018 - the field quotes the token back
    errors.append(malformed.value)
    for error in errors:
        texts = [str(error), repr(error), repr(error.args), repr(getattr(error, "body", ""))]
        texts.append(repr(error.__cause__))
        for text in texts:
            assert token not in text, text
    assert errors[0].body == {"message": "bad token [redacted]", "echo": ["[redacted]"]}
    assert errors[1].body == {"message": "no", "token": "[redacted]"}


def test_urls_in_errors_lose_credentials() -> None:
    from conveyor._call import redact_url

    assert redact_url("https://user:pw@h.example/a?x=1&token=abc&sig=ok") == (
        "https://h.example/a?x=1&token=[redacted]&sig=ok"
    )
    assert redact_url("https://h/a?X-Amz-Signature=abc&b=2") == (
        "https://h/a?X-Amz-Signature=[redacted]&b=2"
    )


# -- async twin of the mechanics --------------------------------------------------


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


# -- list items read what they lack; sync and async alike ---------------------------


def order_page() -> httpx.Response:
    item = {"id": ORDER, "status": "succeeded", "href": "x", "service": SERVICE}
    return json_response(200, {"items": [item], "links": []})


FULL_ORDER = order_record("succeeded", parameters=[{"name": "text", "value": ART}])


def test_listed_orders_read_their_parameters_rather_than_answer_nothing() -> None:
    recorder = Recorder(order_page(), json_response(200, FULL_ORDER))
    order = next(iter(make(recorder).orders.list()))
    assert "parameters" not in order.describe()  # as last read, and no request
    assert len(recorder.requests) == 1
    assert order.parameters == {"text": ART}  # reads the full record once
    assert order.parameters == {"text": ART}
    assert [r.url.path for r in recorder.requests] == ["/1/orders", f"/1/orders/{ORDER}"]
    assert "text" in order.describe()


@pytest.mark.anyio
async def test_async_list_items_await_what_they_lack() -> None:
    listed_service = {"items": [{"id": SERVICE, "href": "x", "name": "word-count"}], "links": []}
    recorder = Recorder(
        order_page(),
        json_response(200, FULL_ORDER),
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
    assert len(recorder.requests) == 4


def test_place_order_takes_policy_and_tags_like_orders_create() -> None:
    policy = "urn:ivcap:policy:open"
    client, recorder = service_client()
    client.services.get(SERVICE).place_order(text=ART, policy=policy, tags=["a", "b"])
    import json

    body = json.loads(recorder.requests[-1].content)
    assert body["policy"] == policy and body["tags"] == ["a", "b"]
    assert body["parameters"] == [{"name": "text", "value": ART}]


@pytest.mark.anyio
async def test_async_place_order_takes_policy_and_tags() -> None:
    import json

    recorder = Recorder(json_response(200, service_record()), json_response(200, order_record()))
    async with AsyncClient(BASE, token=SECRET, transport=recorder.transport) as client:
        service = await client.services.get(SERVICE)
        await service.place_order(text=ART, policy="urn:ivcap:policy:p", tags=["x"])
    body = json.loads(recorder.requests[-1].content)
    assert body["policy"] == "urn:ivcap:policy:p" and body["tags"] == ["x"]


# -- the async artifact stream behaves like the sync one ------------------------------

CONTENT = b"one\ntwo\nthree and more\nlast"


class Pieces(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A response body arriving in small pieces, so line reads span several."""

    def __init__(self, data: bytes, size: int) -> None:
        self.pieces = [data[i : i + size] for i in range(0, len(data), size)]

    def __iter__(self) -> Any:
        yield from self.pieces

    async def __aiter__(self) -> Any:
        for piece in self.pieces:
            yield piece


def content_platform(request: httpx.Request) -> httpx.Response:
    import hashlib

    etag = f'"sha256:{hashlib.sha256(CONTENT).hexdigest()}"'
    if request.url.path.endswith("/blob"):
        return httpx.Response(200, stream=Pieces(CONTENT, 5), headers={"etag": etag})
    return json_response(200, artifact_record(size=len(CONTENT), etag=etag))


@pytest.mark.anyio
async def test_async_artifact_stream_has_the_sync_streams_io_methods() -> None:
    import io

    sync_client = Client(BASE, transport=httpx.MockTransport(content_platform))
    with sync_client, sync_client.artifacts.get(ART).open() as sync_stream:
        expected = [
            sync_stream.readline(),
            sync_stream.read(3),
            sync_stream.readline(2),
            sync_stream.readlines(),
            sync_stream.read(),
        ]
    # Raw-stream semantics: read(3) may return less (what the current piece holds).
    assert expected[0] == b"one\n" and expected[3][-2:] == [b"three and more\n", b"last"]
    assert b"".join([*expected[:3], *expected[3]]) == CONTENT and expected[4] == b""

    transport = httpx.MockTransport(content_platform)
    async with AsyncClient(BASE, transport=transport) as client:
        artifact = await client.artifacts.get(ART)
        async with artifact.open() as stream:
            assert stream.readable() and not stream.seekable() and not stream.writable()
            assert not stream.isatty()
            first = await stream.readline()
            buffer = bytearray(3)
            count = await stream.readinto(buffer)
            got = [first, bytes(buffer[:count]), await stream.readline(2)]
            got += [await stream.readlines(), await stream.read()]
            assert got == expected
            for unsupported in (stream.fileno, stream.tell, lambda: stream.seek(0)):
                with pytest.raises(io.UnsupportedOperation):
                    unsupported()
            with pytest.raises(io.UnsupportedOperation):
                await stream.write(b"x")
        with pytest.raises(ValueError):
            await stream.read()  # closed
        async with artifact.open() as stream:
            assert [line async for line in stream] == CONTENT.splitlines(keepends=True)
        async with artifact.open() as stream:
            assert await stream.readlines(5) == [b"one\n", b"two\n"]  # stops once past the hint
            assert await stream.readall() == b"three and more\nlast"


def test_a_malformed_upload_offset_answer_names_the_url_without_credentials() -> None:
    from conveyor._transfer import _offset_flow

    recorder = Recorder(httpx.Response(200))  # no Upload-Offset header
    client = Client(
        "https://user:pw@platform.test", token=SECRET, transport=recorder.transport, retries=0
    )
    with pytest.raises(MalformedResponse) as caught:
        client._run(_offset_flow(ART))
    assert caught.value.url == f"https://platform.test/1/artifacts/{ART}/blob"
    assert "pw" not in str(caught.value) and "user" not in str(caught.value)
