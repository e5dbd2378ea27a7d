"""Local validation: bad URNs, aspects without a schema and bad arguments raise
`InvalidParameter` before any request is sent.

On the scripted platform of `mock` (an ``httpx.MockTransport``).
"""

from __future__ import annotations

from typing import Any

import pytest
from conveyor import InvalidParameter

from .mock import ART, ORDER, Recorder, artifact_record, json_response, make, order_record


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
