"""Artifacts: direct and tus uploads, offsets, limits, downloads with ranges."""

from __future__ import annotations

import base64
import hashlib
import os

import httpx
import pytest
from conveyor_sandbox import SandboxServer

from .conftest import checked_client

TUS = {"Tus-Resumable": "1.0.0"}
CHUNK = {"Content-Type": "application/offset+octet-stream", **TUS}


def create(client: httpx.Client, **headers: str) -> dict[str, object]:
    r = client.post("/1/artifacts", headers={**TUS, **headers})
    assert r.status_code == 201, r.text
    body: dict[str, object] = r.json()
    return body


def patch(
    client: httpx.Client, href: str, offset: int, data: bytes, **headers: str
) -> httpx.Response:
    return client.patch(
        href, content=data, headers={**CHUNK, "Upload-Offset": str(offset), **headers}
    )


def test_direct_upload_is_ready_at_once(client: httpx.Client) -> None:
    data = os.urandom(5000)
    r = client.post(
        "/1/artifacts",
        content=data,
        headers={"X-Name": "raw.bin", "Content-Type": "application/x-thing"},
    )
    assert r.status_code == 201
    record = r.json()
    assert (
        record["status"] == "ready"
        and record["size"] == 5000
        and record["mime-type"] == "application/x-thing"
    )
    assert record["etag"] == f'"sha256:{hashlib.sha256(data).hexdigest()}"'
    assert record["data-href"] == f"{client.base_url}/1/artifacts/{record['id']}/blob"
    assert r.headers["location"] == f"{client.base_url}/1/artifacts/{record['id']}"
    assert r.headers["upload-offset"] == "5000"
    got = client.get(record["data-href"])
    assert got.content == data and got.headers["etag"] == record["etag"]
    assert (
        got.headers["content-type"] == "application/x-thing"
        and got.headers["content-length"] == "5000"
    )


def test_tus_upload_pending_partial_ready(client: httpx.Client) -> None:
    data = b"0123456789" * 10
    record = create(
        client,
        **{"Upload-Length": "100", "X-Name": base64.b64encode("résumé.txt".encode()).decode()},
    )
    assert record["status"] == "pending" and record["name"] == "résumé.txt"
    href = str(record["data-href"])
    head = client.head(href)
    assert head.headers["upload-offset"] == "0" and head.headers["upload-length"] == "100"
    r = patch(client, href, 0, data[:40])
    assert r.status_code == 204 and r.headers["upload-offset"] == "40"
    assert client.get(f"/1/artifacts/{record['id']}").json()["status"] == "partial"
    r = client.get(href)
    assert r.status_code == 409 and r.json()["id"] == record["id"]
    # Offset mismatch: 409, nothing appended.
    r = patch(client, href, 10, b"zz")
    assert r.status_code == 409 and "40" in r.json()["message"]
    assert client.head(href).headers["upload-offset"] == "40"
    # More than declared: 413, the upload stays where it was.
    r = patch(client, href, 40, data[40:] + b"!")
    assert r.status_code == 413
    assert client.head(href).headers["upload-offset"] == "40"
    assert patch(client, href, 40, data[40:]).status_code == 204
    done = client.get(f"/1/artifacts/{record['id']}").json()
    assert done["status"] == "ready" and done["size"] == 100
    assert client.get(href).content == data
    assert patch(client, href, 100, b"x").status_code == 409


def test_x_content_length_and_unknown_length(client: httpx.Client) -> None:
    record = create(client, **{"X-Content-Length": "-1", "X-Content-Type": "text/csv"})
    href = str(record["data-href"])
    assert "size" not in record and "upload-length" not in client.head(href).headers
    assert patch(client, href, 0, b"a,b\n").status_code == 204
    # The last chunk announces the total.
    r = patch(client, href, 4, b"1,2\n", **{"Upload-Length": "8"})
    assert r.status_code == 204 and r.headers["upload-offset"] == "8"
    assert client.get(href).text == "a,b\n1,2\n"
    sized = create(client, **{"X-Content-Length": "3"})
    assert patch(client, str(sized["data-href"]), 0, b"abc").status_code == 204
    assert client.get(f"/1/artifacts/{sized['id']}").json()["status"] == "ready"


def test_creation_with_upload_and_empty_artifacts(client: httpx.Client) -> None:
    r = client.post("/1/artifacts", content=b"abc", headers={**TUS, "Upload-Length": "6"})
    assert (
        r.status_code == 201
        and r.json()["status"] == "partial"
        and r.headers["upload-offset"] == "3"
    )
    assert patch(client, r.json()["data-href"], 3, b"def").status_code == 204
    empty = client.post("/1/artifacts")
    assert (
        empty.status_code == 201 and empty.json()["status"] == "ready" and empty.json()["size"] == 0
    )
    assert client.get(empty.json()["data-href"]).content == b""
    zero = create(client, **{"Upload-Length": "0"})
    assert zero["status"] == "ready"


def test_ranges(client: httpx.Client) -> None:
    data = bytes(range(256)) * 4
    href = client.post("/1/artifacts", content=data).json()["data-href"]
    cases = {
        "bytes=0-9": (0, 9),
        "bytes=1000-": (1000, 1023),
        "bytes=-5": (1019, 1023),
        "bytes=1020-5000": (1020, 1023),
    }
    for header, (first, last) in cases.items():
        r = client.get(href, headers={"Range": header})
        assert r.status_code == 206 and r.content == data[first : last + 1]
        assert r.headers["content-range"] == f"bytes {first}-{last}/1024"
    r = client.get(href, headers={"Range": "bytes=1024-"})
    assert r.status_code == 416 and r.headers["content-range"] == "bytes */1024"
    assert "outside" in r.json()["message"]
    # Malformed or multiple ranges are ignored: the whole content.
    for header in ("bytes=5-1", "items=0-1", "bytes=0-1,4-5"):
        assert client.get(href, headers={"Range": header}).status_code == 200
    etag = client.get(href).headers["etag"]
    assert client.get(href, headers={"Range": "bytes=0-0", "If-Range": etag}).status_code == 206
    assert (
        client.get(href, headers={"Range": "bytes=0-0", "If-Range": '"other"'}).status_code == 200
    )


def test_same_content_is_stored_once(fresh_server: SandboxServer) -> None:
    with checked_client(fresh_server) as c:
        a = c.post("/1/artifacts", content=b"same").json()
        b = c.post("/1/artifacts", content=b"same").json()
    assert a["id"] != b["id"] and a["etag"] == b["etag"]
    blobs = [p for p in (fresh_server.data_dir / "blobs").rglob("*") if p.is_file()]
    assert len(blobs) == 1 and blobs[0].read_bytes() == b"same"


def test_max_upload_size() -> None:
    with SandboxServer(max_upload_size=10) as s, checked_client(s) as c:
        assert c.post("/1/artifacts", content=b"x" * 11).status_code == 413
        assert c.post("/1/artifacts", headers={**TUS, "Upload-Length": "11"}).status_code == 413
        href = c.post("/1/artifacts", headers={**TUS, "Upload-Length": "-1"}).json()["data-href"]
        assert patch(c, href, 0, b"x" * 11).status_code == 413
        assert c.head(href).headers["upload-offset"] == "0"
        assert c.post("/1/artifacts", content=b"x" * 10).status_code == 201
        # Nothing of the refused uploads is left on disk.
        assert not list((s.data_dir / "uploads").iterdir()) or all(
            p.stat().st_size == 0 for p in (s.data_dir / "uploads").iterdir()
        )


@pytest.mark.parametrize(
    "name",
    [
        "../etc/passwd",
        "a/b.txt",
        "..",
        "C:\\x",
        "bad\x00name",
    ],
)
def test_path_like_names_are_refused(client: httpx.Client, name: str) -> None:
    before = client.get("/1/artifacts", params={"limit": 50}).json()["items"]
    try:
        r = client.post("/1/artifacts", content=b"x", headers={"X-Name": name})
    except httpx.LocalProtocolError:
        return  # httpx itself refuses a NUL in a header: nothing reached the server
    assert r.status_code == 400 and "name" in r.json()["message"].lower()
    assert client.get("/1/artifacts", params={"limit": 50}).json()["items"] == before


def test_plain_and_base64_names(client: httpx.Client) -> None:
    assert (
        client.post("/1/artifacts", content=b"x", headers={"X-Name": "data"}).json()["name"]
        == "data"
    )
    assert (
        client.post("/1/artifacts", content=b"x", headers={"X-Name": "my notes.txt"}).json()["name"]
        == "my notes.txt"
    )
    assert (
        client.post(
            "/1/artifacts",
            content=b"x",
            headers={"X-Name": "bm90ZXMudHh0", "X-Name-Encoding": "base64"},
        ).json()["name"]
        == "notes.txt"
    )
    # Without the marker a direct upload's name is plain (tests/sandbox/test_names.py).
    assert (
        client.post("/1/artifacts", content=b"x", headers={"X-Name": "bm90ZXMudHh0"}).json()["name"]
        == "bm90ZXMudHh0"
    )


def test_bad_upload_headers(client: httpx.Client) -> None:
    r = client.post("/1/artifacts", headers={**TUS, "Upload-Length": "lots"})
    assert r.status_code == 422 and r.json()["name"] == "upload-length"
    r = client.post("/1/artifacts", headers={**TUS, "X-Content-Length": "-7"})
    assert r.status_code == 422
    r = client.post("/1/artifacts", headers={"X-Content-Type": "not a type"}, content=b"x")
    assert r.status_code == 422 and r.json()["name"] == "X-Content-Type"
    r = client.post("/1/artifacts", headers={"X-Collection": "nope"}, content=b"x")
    assert r.status_code == 422 and r.json()["name"] == "X-Collection"
    r = client.post("/1/artifacts", headers={"Content-Encoding": "gzip"}, content=b"x")
    assert r.status_code == 415
    href = create(client, **{"Upload-Length": "4"})["data-href"]
    r = client.patch(
        str(href), content=b"ab", headers={"Upload-Offset": "0", "Content-Type": "text/plain"}
    )
    assert r.status_code == 415
    r = client.patch(
        str(href), content=b"ab", headers={"Content-Type": "application/offset+octet-stream"}
    )
    assert r.status_code == 400
    assert patch(client, str(href), 0, b"ab", **{"Upload-Length": "5"}).status_code == 409


def test_unknown_artifacts(client: httpx.Client) -> None:
    missing = "urn:ivcap:artifact:00000000-0000-4000-8000-000000000000"
    for method, path in (("GET", ""), ("GET", "/blob"), ("PATCH", "/blob")):
        r = client.request(
            method, f"/1/artifacts/{missing}{path}", headers=CHUNK | {"Upload-Offset": "0"}
        )
        assert r.status_code == 404 and r.json()["id"] == missing
    assert client.head(f"/1/artifacts/{missing}/blob").status_code == 404
    assert client.head("/1/artifacts/garbage/blob").status_code == 404
    assert client.get("/1/artifacts/garbage").status_code == 400


def test_list_artifacts_filters(fresh_server: SandboxServer) -> None:
    with checked_client(fresh_server) as c:
        c.post(
            "/1/artifacts",
            content=b"12345",
            headers={"X-Name": "a.txt", "X-Content-Type": "text/plain"},
        )
        c.post(
            "/1/artifacts", content=b"1", headers={"X-Name": "b.csv", "X-Content-Type": "text/csv"}
        )
        create(c, **{"Upload-Length": "9", "X-Name": "c.bin"})

        def names(expr: str, **extra: str) -> list[str]:
            return [
                i.get("name")
                for i in c.get("/1/artifacts", params={"filter": expr, **extra}).json()["items"]
            ]

        assert names("size > 2", **{"order-by": "name", "order-desc": "false"}) == [
            "a.txt",
            "c.bin",
        ]
        assert names("status == 'pending'") == ["c.bin"]
        assert names("mime-type ~= 'text/%' and not (name == 'b.csv')") == ["a.txt"]
        assert names("name ~= '_.txt'") == []
        r = c.get("/1/artifacts", params={"order-by": "colour"})
        assert r.status_code == 422 and r.json()["name"] == "order-by"
