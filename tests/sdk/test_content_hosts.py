"""Content goes where the record's ``data-href`` says, and the token only where it belongs.

A scripted platform (``httpx.MockTransport``) whose artifact records name a
content URL on another host (``content.example``), as real deployments do.
Every request is recorded with the host it went to and whether it carried
the token.
"""

from __future__ import annotations

import hashlib
import io
from typing import Any

import httpx
import pytest
from conveyor import Client, ConfigurationError, MalformedResponse

from .mock import ART, BASE, SECRET, FakeClock, json_response

CONTENT_ORIGIN = "http://content.example:4999"
HREF = f"{CONTENT_ORIGIN}/content/xyz-upload"
DATA = b"hello, content host"


class TwoHosts:
    """The API on `BASE`, the content (tus PATCH/HEAD, GET) on `CONTENT_ORIGIN`."""

    def __init__(self) -> None:
        self.held = b""
        self.seen: list[tuple[str, str, str, bool]] = []

    def record(self, status: str) -> dict[str, Any]:
        return {
            "id": ART,
            "name": "notes.txt",
            "status": status,
            "size": len(DATA),
            "etag": f'"sha256:{hashlib.sha256(DATA).hexdigest()}"' if status == "ready" else None,
            "data-href": HREF,
        }

    def __call__(self, request: httpx.Request) -> httpx.Response:
        body = request.read()
        origin = f"{request.url.scheme}://{request.url.host}:{request.url.port or 80}"
        self.seen.append(
            (request.method, origin, request.url.path, "authorization" in request.headers)
        )
        if origin == "http://platform.test:80":
            if request.method == "POST":
                return json_response(201, self.record("pending"))
            if request.url.path == f"/1/artifacts/{ART}":
                done = "ready" if self.held == DATA else "pending"
                return json_response(200, self.record(done))
            return httpx.Response(404)
        assert request.url.path == "/content/xyz-upload", request.url
        if request.method == "PATCH":
            self.held += body
            return httpx.Response(204, headers={"Upload-Offset": str(len(self.held))})
        if request.method == "HEAD":
            return httpx.Response(200, headers={"Upload-Offset": str(len(self.held))})
        return httpx.Response(200, content=self.held)

    def client(self, **kwargs: Any) -> Client:
        return Client(
            BASE,
            token=SECRET,
            transport=httpx.MockTransport(self),
            clock=FakeClock(),
            **kwargs,
        )


def content_requests(platform: TwoHosts) -> list[tuple[str, str, str, bool]]:
    return [seen for seen in platform.seen if seen[1] == CONTENT_ORIGIN]


def test_upload_and_download_use_the_records_data_href(tmp_path: Any) -> None:
    platform = TwoHosts()
    with platform.client(cache_dir=tmp_path) as client:
        artifact = client.artifacts.upload(io.BytesIO(DATA), name="notes.txt")
        assert artifact.status == "ready"
        assert b"".join(artifact.iter_bytes()) == DATA
    methods = [method for method, _, _, _ in content_requests(platform)]
    assert "PATCH" in methods and "GET" in methods
    # Nothing went to a content path the SDK made up from the id.
    assert not [seen for seen in platform.seen if seen[2].endswith("/blob")]


def test_a_content_host_nobody_named_never_gets_the_token(tmp_path: Any) -> None:
    platform = TwoHosts()
    with platform.client(cache_dir=tmp_path) as client:
        client.artifacts.upload(io.BytesIO(DATA), name="notes.txt").open().read()
    content = content_requests(platform)
    api = [seen for seen in platform.seen if seen[1] != CONTENT_ORIGIN]
    assert content and not any(with_token for *_, with_token in content)
    assert api and all(with_token for *_, with_token in api)


def test_a_named_content_host_gets_the_token(tmp_path: Any) -> None:
    platform = TwoHosts()
    with platform.client(cache_dir=tmp_path, content_hosts=[CONTENT_ORIGIN]) as client:
        client.artifacts.upload(io.BytesIO(DATA), name="notes.txt").open().read()
    content = content_requests(platform)
    assert content and all(with_token for *_, with_token in content)


def test_content_hosts_from_the_environment(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONVEYOR_CONTENT_HOSTS", f"https://other.example, {CONTENT_ORIGIN}")
    platform = TwoHosts()
    with platform.client(cache_dir=tmp_path) as client:
        client.artifacts.upload(io.BytesIO(DATA), name="notes.txt")
    assert all(with_token for *_, with_token in content_requests(platform))


@pytest.mark.parametrize(
    ("hosts", "problem"),
    [
        ("https://content.example", "not one string"),
        (["ftp://content.example"], "not an http"),
        (["https://content.example/path"], "has a path"),
        (["https://user:pw@content.example"], "user part"),
        ([""], "non-empty"),
    ],
)
def test_a_content_host_that_is_not_an_origin_is_refused(hosts: Any, problem: str) -> None:
    with pytest.raises(ConfigurationError, match=problem) as caught:
        Client(BASE, token=SECRET, content_hosts=hosts)
    assert "pw" not in str(caught.value) or "user part" in problem


def test_a_record_without_data_href_is_a_malformed_answer(tmp_path: Any) -> None:
    def platform(request: httpx.Request) -> httpx.Response:
        return json_response(201, {"id": ART, "status": "pending"})

    with (
        Client(
            BASE, token=SECRET, transport=httpx.MockTransport(platform), cache_dir=tmp_path
        ) as client,
        pytest.raises(MalformedResponse, match="data-href"),
    ):
        client.artifacts.upload(io.BytesIO(DATA), name="notes.txt")
