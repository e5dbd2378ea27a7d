"""A server's bad answers become documented errors, and an upload never claims bytes it lacks.

Each case was found by a hostile test run (issue 18): deep nesting, NaN,
an answer over the size limit, offsets out of range, a proxy that answers
every PATCH itself, a redirect on a PATCH. On a scripted platform
(``httpx.MockTransport``), so each answer is exactly the one described.
"""

from __future__ import annotations

import io
from typing import Any

import httpx
import pytest
from conveyor import (
    APIError,
    Client,
    ConveyorError,
    MalformedResponse,
    Timeout,
    UploadIncomplete,
)

from .mock import ART, BASE, SECRET, SERVICE, FakeClock, json_response

DATA = bytes(range(256)) * 64  # 16 KiB


def scripted(handler: Any, **kwargs: Any) -> Client:
    kwargs.setdefault("retries", 0)
    return Client(
        BASE, token=SECRET, transport=httpx.MockTransport(handler), clock=FakeClock(), **kwargs
    )


@pytest.mark.parametrize(
    "body",
    [
        b"[" * 950 + b"]" * 950,
        b'{"message": ' + b"[" * 5000 + b"]" * 5000 + b"}",
    ],
    ids=["deep-array", "deeper-message"],
)
def test_a_deeply_nested_error_body_is_an_api_error(body: bytes) -> None:
    client = scripted(lambda request: httpx.Response(400, content=body))
    with pytest.raises(ConveyorError) as caught:
        client.services.get(SERVICE)
    assert not isinstance(caught.value, RecursionError)
    assert caught.value.__class__.__name__ == "APIError"


def test_a_deeply_nested_record_is_a_malformed_response() -> None:
    client = scripted(lambda request: httpx.Response(200, content=b"[" * 5000 + b"]" * 5000))
    with pytest.raises(MalformedResponse):
        client.services.get(SERVICE)


@pytest.mark.parametrize("constant", [b"NaN", b"Infinity", b"-Infinity"])
def test_non_finite_numbers_are_not_json(constant: bytes) -> None:
    body = b'{"id": "' + SERVICE.encode() + b'", "name": "x", "size": ' + constant + b"}"
    client = scripted(lambda request: httpx.Response(200, content=body))
    with pytest.raises(MalformedResponse, match="not JSON"):
        client.services.list().to_list()
    with pytest.raises(MalformedResponse, match="not JSON"):
        client.artifacts.get(ART).size  # noqa: B018 - reading the field parses the record


def test_an_answer_over_the_json_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import conveyor._call

    monkeypatch.setattr(conveyor._call, "MAX_JSON_ANSWER", 1000)
    items = [{"id": f"urn:ivcap:service:{i}", "href": "x"} for i in range(100)]
    client = scripted(lambda request: json_response(200, {"items": items, "links": []}))
    with pytest.raises(MalformedResponse, match="more than the 1000 bytes"):
        client.services.list().to_list()


class Upload:
    """A platform whose tus answers are chosen per test; it records what it took."""

    def __init__(self, patch: Any, head: Any = None, record_status: str = "ready") -> None:
        self.patch, self.head = patch, head
        self.record_status = record_status
        self.held = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        body = request.read()
        href = f"{BASE}/content/{ART}"
        if request.method == "POST":
            return json_response(201, {"id": ART, "status": "pending", "data-href": href})
        if request.method == "PATCH":
            return self.patch(self, body)  # type: ignore[no-any-return]
        if request.method == "HEAD":
            if self.head is not None:
                return self.head(self)  # type: ignore[no-any-return]
            return httpx.Response(200, headers={"Upload-Offset": str(self.held)})
        record = {"id": ART, "status": self.record_status, "size": len(DATA), "data-href": href}
        return json_response(200, record)


def upload(platform: Upload, tmp_path: Any) -> Any:
    with scripted(platform, cache_dir=tmp_path) as client:
        return client.artifacts.upload(io.BytesIO(DATA), name="data.bin", chunk_size=4096)


def test_a_proxy_answering_every_patch_itself_does_not_make_an_upload(tmp_path: Any) -> None:
    # 204 without Upload-Offset, and the platform (HEAD) holds nothing.
    platform = Upload(lambda up, body: httpx.Response(204))
    with pytest.raises(UploadIncomplete) as caught:
        upload(platform, tmp_path)
    assert caught.value.confirmed == 0 and caught.value.size == len(DATA)
    assert caught.value.artifact == ART


def test_an_upload_whose_record_is_not_ready_is_incomplete(tmp_path: Any) -> None:
    def take(up: Upload, body: bytes) -> httpx.Response:
        up.held += len(body)
        return httpx.Response(204, headers={"Upload-Offset": str(up.held)})

    with pytest.raises(UploadIncomplete, match="status pending"):
        upload(Upload(take, record_status="pending"), tmp_path)


@pytest.mark.parametrize("offset", ["99999999", "-5", "12abc", "1e3"])
def test_an_upload_offset_out_of_range_is_a_malformed_response(offset: str, tmp_path: Any) -> None:
    platform = Upload(lambda up, body: httpx.Response(204, headers={"Upload-Offset": offset}))
    with pytest.raises(MalformedResponse, match="Upload-Offset"):
        upload(platform, tmp_path)


def test_a_redirect_on_a_patch_is_an_error_not_a_stream_consumed(tmp_path: Any) -> None:
    platform = Upload(
        lambda up, body: httpx.Response(307, headers={"Location": "http://elsewhere.test/x"})
    )
    with pytest.raises(APIError) as caught:
        upload(platform, tmp_path)
    assert caught.value.status == 307  # not followed: the content goes nowhere else


def test_a_nan_size_fails_the_lineage_with_a_malformed_response() -> None:
    body = (
        b'{"id": "' + ART.encode() + b'", "name": "x", "status": "ready", "size": NaN, '
        b'"data-href": "http://platform.test/x"}'
    )

    def platform(request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith("/1/artifacts/"):
            return httpx.Response(200, content=body)
        return json_response(200, {"items": [], "links": []})

    with pytest.raises(MalformedResponse, match="NaN"):
        scripted(platform).artifacts.get(ART).lineage().to_ascii()


class Trickle(httpx.SyncByteStream):
    """A body of ``count`` bytes, one every ``interval`` seconds."""

    def __init__(self, count: int, interval: float) -> None:
        self.count, self.interval = count, interval

    def __iter__(self) -> Any:
        import time

        for _ in range(self.count):
            time.sleep(self.interval)
            yield b" "


def test_a_trickled_answer_ends_at_the_calls_deadline() -> None:
    import time

    def platform(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, stream=Trickle(1000, 0.05))

    client = Client(
        BASE, token=SECRET, transport=httpx.MockTransport(platform), timeout=3, deadline=0.5
    )
    started = time.monotonic()
    with pytest.raises(Timeout, match="deadline"):
        client.services.get(SERVICE)
    assert time.monotonic() - started < 2.5  # 50 s of trickle without the deadline
    # A view can lift it for one call; the client's own stays.
    assert client.with_options(deadline=None)._deadline is None
    assert client._deadline == 0.5


def test_retries_stop_before_they_would_pass_the_deadline() -> None:
    answers = []

    def platform(request: httpx.Request) -> httpx.Response:
        answers.append(request)
        return httpx.Response(503, headers={"Retry-After": "30"})

    client = Client(
        BASE, token=SECRET, transport=httpx.MockTransport(platform), clock=FakeClock(), deadline=10
    )
    with pytest.raises(Timeout, match="next try"):
        client.services.get(SERVICE)
    assert len(answers) == 1


def test_a_gzip_bomb_is_refused_without_inflating_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import gzip

    import conveyor._call

    monkeypatch.setattr(conveyor._call, "MAX_JSON_ANSWER", 1 << 20)
    bomb = gzip.compress(b"[" + b" " * (64 << 20) + b"]")  # 64 MiB of JSON in ~64 KiB
    assert len(bomb) < (1 << 20)

    def platform(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=bomb, headers={"Content-Encoding": "gzip"})

    with pytest.raises(MalformedResponse, match="more than the"):
        scripted(platform).services.list().to_list()


def test_a_compressed_answer_within_the_limit_is_decoded_as_usual() -> None:
    import gzip
    import json

    record = {"id": SERVICE, "name": "word-count", "status": "active"}
    body = gzip.compress(json.dumps(record).encode())

    def platform(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=body, headers={"Content-Encoding": "gzip"})

    assert scripted(platform).services.get(SERVICE).name == "word-count"


def test_a_body_longer_than_the_limit_stops_being_read(monkeypatch: pytest.MonkeyPatch) -> None:
    import conveyor._call

    monkeypatch.setattr(conveyor._call, "MAX_JSON_ANSWER", 1000)
    sent = []

    class Endless(httpx.SyncByteStream):
        def __iter__(self) -> Any:
            while True:
                sent.append(1)
                yield b" " * 100

    client = scripted(lambda request: httpx.Response(200, stream=Endless()))
    with pytest.raises(MalformedResponse, match="more than the"):
        client.services.get(SERVICE)
    assert len(sent) <= 11
