"""Error statuses become typed errors; malformed success answers become `MalformedResponse`.

On the scripted platform of `mock` (an ``httpx.MockTransport``).
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from conveyor import (
    APIError,
    Conflict,
    Forbidden,
    InvalidParameter,
    MalformedResponse,
    NotFound,
    RateLimited,
    ServerError,
    Unauthorized,
)

from .mock import ART, BASE, ORDER, Recorder, json_response, make


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


def test_a_traceback_ends_just_under_the_public_method() -> None:
    import traceback

    from conveyor import NotFound

    from .mock import SERVICE, Recorder, json_response, make

    def frames_of(call: Any) -> list[str]:
        try:
            call()
        except NotFound as error:
            return [f.name for f in traceback.extract_tb(error.__traceback__)][2:]
        raise AssertionError("no NotFound")

    recorder = Recorder(json_response(404, {"message": "no such service"}))
    with make(recorder) as client:
        # The public method, then the driver that sent the request: no flow in between.
        assert frames_of(lambda: client.services.get(SERVICE)) == ["get", "_send"]
        assert frames_of(lambda: client.orders.create(SERVICE)) == ["create", "_run"]
