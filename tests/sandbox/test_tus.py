"""tus 1.0 core conformance beyond the contract: versions, discovery, deferred length, 413s.

The contract documents the operations the SDK and IVCAP's client use; tus
also asks for a 412 on a version the server does not speak and an OPTIONS
discovery answer, which a generic tus client relies on. Those answers are
outside the contract, so these tests use a client that does not check
answers against it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import pytest
from conveyor_sandbox import SandboxServer

from .conftest import checked_client

TUS = {"Tus-Resumable": "1.0.0"}
CHUNK = {"Content-Type": "application/offset+octet-stream", **TUS}


@pytest.fixture
def raw(server: SandboxServer) -> Iterator[httpx.Client]:
    """An authenticated client that does not check answers against the contract."""
    with httpx.Client(
        base_url=server.url, headers={"Authorization": f"Bearer {server.token}"}, timeout=30
    ) as c:
        yield c


def new_upload(client: httpx.Client, length: str = "10") -> str:
    r = client.post("/1/artifacts", headers={**TUS, "Upload-Length": length})
    assert r.status_code == 201, r.text
    href: str = r.json()["data-href"]
    return href


@pytest.mark.parametrize("version", ["0.2.2", "2.0.0", "1.0", "banana"])
def test_an_unsupported_tus_version_gets_412(raw: httpx.Client, version: str) -> None:
    before = raw.get("/1/artifacts", params={"limit": 50}).json()["items"]
    created = raw.post("/1/artifacts", headers={"Tus-Resumable": version, "Upload-Length": "3"})
    assert created.status_code == 412
    assert created.headers["tus-version"] == "1.0.0"
    assert "1.0.0" in created.json()["message"]
    # Nothing was created.
    assert raw.get("/1/artifacts", params={"limit": 50}).json()["items"] == before

    href = new_upload(raw, "3")
    head = raw.head(href, headers={"Tus-Resumable": version})
    assert head.status_code == 412 and head.headers["tus-version"] == "1.0.0"
    patched = raw.patch(
        href,
        content=b"abc",
        headers={**CHUNK, "Tus-Resumable": version, "Upload-Offset": "0"},
    )
    assert patched.status_code == 412 and patched.headers["tus-version"] == "1.0.0"
    # The refused PATCH appended nothing.
    assert raw.head(href, headers=TUS).headers["upload-offset"] == "0"


def test_requests_without_tus_resumable_are_not_tus_requests(raw: httpx.Client) -> None:
    # A direct upload and a download carry no tus header and are served as before.
    r = raw.post("/1/artifacts", content=b"plain")
    assert r.status_code == 201
    assert raw.get(r.json()["data-href"]).content == b"plain"


@pytest.mark.parametrize("where", ["endpoint", "data-url"])
def test_options_announces_the_tus_capabilities(raw: httpx.Client, where: str) -> None:
    url = "/1/artifacts" if where == "endpoint" else new_upload(raw)
    r = raw.options(url)
    assert r.status_code == 204 and r.content == b""
    assert r.headers["tus-version"] == "1.0.0"
    assert r.headers["tus-resumable"] == "1.0.0"
    extensions = r.headers["tus-extension"].split(",")
    assert {"creation", "creation-defer-length", "creation-with-upload"} <= set(extensions)
    assert "tus-max-size" not in r.headers  # this sandbox has no maximum


def test_options_announces_the_maximum_size_when_there_is_one() -> None:
    with (
        SandboxServer(max_upload_size=1234) as s,
        httpx.Client(base_url=s.url, headers={"Authorization": f"Bearer {s.token}"}) as c,
    ):
        assert c.options("/1/artifacts").headers["tus-max-size"] == "1234"
        # ... and OPTIONS still needs the token, like every operation but the contract.
        assert httpx.options(f"{s.url}/1/artifacts").status_code == 401


def test_each_advertised_extension_works(client: httpx.Client) -> None:
    # creation-with-upload: the creating POST carries the first bytes.
    r = client.post("/1/artifacts", content=b"abcd", headers={**CHUNK, "Upload-Length": "10"})
    assert r.status_code == 201 and r.headers["upload-offset"] == "4"
    assert r.json()["status"] == "partial"
    href = r.json()["data-href"]
    r = client.patch(href, content=b"efghij", headers={**CHUNK, "Upload-Offset": "4"})
    assert r.status_code == 204 and r.headers["upload-offset"] == "10"
    assert client.get(href).content == b"abcdefghij"
    # creation-defer-length: Upload-Defer-Length: 1 instead of a length.
    r = client.post("/1/artifacts", headers={**TUS, "Upload-Defer-Length": "1"})
    assert r.status_code == 201 and r.json()["status"] == "pending"


def test_head_on_a_deferred_length_upload_says_so(client: httpx.Client) -> None:
    href = new_upload(client, "-1")
    head = client.head(href, headers=TUS)
    assert head.headers["upload-defer-length"] == "1"
    assert "upload-length" not in head.headers and head.headers["upload-offset"] == "0"
    # Once the length is known the header goes, and Upload-Length takes its place.
    r = client.patch(href, content=b"xy", headers={**CHUNK, "Upload-Offset": "0"})
    assert r.status_code == 204
    assert "upload-defer-length" in client.head(href).headers
    r = client.patch(
        href, content=b"z", headers={**CHUNK, "Upload-Offset": "2", "Upload-Length": "3"}
    )
    assert r.status_code == 204
    head = client.head(href)
    assert "upload-defer-length" not in head.headers and head.headers["upload-length"] == "3"
    # A sized upload never carries it.
    assert "upload-defer-length" not in client.head(new_upload(client, "5")).headers


def test_a_413_patch_states_the_offset_kept(client: httpx.Client) -> None:
    href = new_upload(client, "10")
    assert (
        client.patch(href, content=b"abcd", headers={**CHUNK, "Upload-Offset": "4"}).status_code
        == 409
    )
    assert (
        client.patch(href, content=b"abcd", headers={**CHUNK, "Upload-Offset": "0"}).status_code
        == 204
    )
    r = client.patch(href, content=b"x" * 7, headers={**CHUNK, "Upload-Offset": "4"})
    assert r.status_code == 413
    message = r.json()["message"]
    assert "declared length of 10 bytes" in message and "Upload-Offset 4" in message
    assert r.headers["upload-offset"] == "4"
    assert client.head(href).headers["upload-offset"] == "4"


def test_a_413_patch_keeps_progress_committed_during_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Small buffers make the sandbox commit every 4 bytes, so part of the
    # refused request was already stored when the excess arrived.
    monkeypatch.setattr("conveyor_sandbox._routes.tus.WRITE_BUFFER", 4)
    monkeypatch.setattr("conveyor_sandbox._routes.tus.COMMIT_EVERY", 4)

    def slow_body() -> Iterator[bytes]:
        for part in (b"abcd", b"efgh", b"ijkl"):
            yield part
            time.sleep(0.2)  # so each part reaches the server on its own

    with SandboxServer(max_upload_size=10) as s, checked_client(s) as c:
        href = c.post("/1/artifacts", headers={**TUS, "Upload-Length": "-1"}).json()["data-href"]
        r = c.patch(href, content=slow_body(), headers={**CHUNK, "Upload-Offset": "0"})
        assert r.status_code == 413
        assert "the 10 bytes this sandbox accepts" in r.json()["message"]
        assert "Upload-Offset 8" in r.json()["message"] and r.headers["upload-offset"] == "8"
        assert c.head(href).headers["upload-offset"] == "8"
        r = c.patch(
            href, content=b"ij", headers={**CHUNK, "Upload-Offset": "8", "Upload-Length": "10"}
        )
        assert r.status_code == 204
        assert c.get(href).content == b"abcdefghij"


def test_a_refused_direct_upload_says_nothing_was_stored() -> None:
    def body() -> Iterator[bytes]:
        yield b"x" * 8
        yield b"x" * 8

    with SandboxServer(max_upload_size=10) as s, checked_client(s) as c:
        # Chunked, so the size is only found out while reading.
        r = c.post("/1/artifacts", content=body())
        assert r.status_code == 413
        message = r.json()["message"]
        assert "nothing was stored" in message and "offset" not in message
        assert c.get("/1/artifacts").json()["items"] == []
