"""Packages: images pushed part by part (whole or in chunks), pulled, listed, checked, removed.

Nothing a push writes is visible before it is complete and verified: a
digest mismatch, an interrupted body or a manifest naming missing parts
leaves no tag, no part and no file behind.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from conveyor_sandbox import SandboxServer

from .conftest import checked_client

PUSH, PULL, STATUS = "/1/packages/push", "/1/packages/pull", "/1/packages/status"


def digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def push(c: httpx.Client, tag: str, kind: str, data: bytes, **params: Any) -> httpx.Response:
    query = {"tag": tag, "type": kind, "digest": params.pop("digest", digest(data)), **params}
    return c.post(PUSH, params=query, content=data)


def manifest(*parts: bytes) -> bytes:
    config, *layers = parts
    doc = {
        "schemaVersion": 2,
        "config": {"digest": digest(config), "size": len(config)},
        "layers": [{"digest": digest(layer), "size": len(layer)} for layer in layers],
    }
    return json.dumps(doc).encode()


def push_image(c: httpx.Client, tag: str, config: bytes, *layers: bytes) -> bytes:
    for layer in layers:
        assert push(c, tag, "layer", layer).status_code == 201
    assert push(c, tag, "config", config).status_code == 201
    doc = manifest(config, *layers)
    r = push(c, tag, "manifest", doc)
    assert r.status_code == 201 and r.json() == {"digest": digest(doc), "exists": False}, r.text
    return doc


def leftovers(data_dir: Path) -> list[str]:
    return sorted(p.name for p in (data_dir / "package-uploads").glob("pkg-*"))


@pytest.fixture
def c(fresh_server: SandboxServer) -> Iterator[httpx.Client]:
    with checked_client(fresh_server) as client:
        yield client


def test_push_pull_list_status_remove(c: httpx.Client) -> None:
    config, layer = b'{"architecture": "amd64"}', bytes(range(256)) * 40
    doc = push_image(c, "word-count:1.2.0", config, layer)
    assert push(c, "word-count:1.2.0", "layer", layer).json() == {
        "digest": digest(layer),
        "exists": True,
    }
    r = c.get(PULL, params={"ref": "word-count:1.2.0", "type": "manifest"})
    assert r.content == doc and r.headers["total"] == str(len(doc))
    r = c.get(PULL, params={"ref": digest(doc), "type": "manifest"})
    assert r.content == doc
    r = c.get(PULL, params={"ref": digest(layer), "type": "layer", "offset": "1000"})
    assert r.content == layer[1000:]
    assert (r.headers["total"], r.headers["available"]) == (str(len(layer)), str(len(layer) - 1000))
    assert c.get(PULL, params={"ref": digest(config), "type": "config"}).content == config
    status = c.get(STATUS, params={"tag": "word-count:1.2.0", "digest": digest(layer)}).json()
    assert status["status"] == "complete"
    manifest_status = c.get(STATUS, params={"tag": "word-count:1.2.0", "digest": digest(doc)})
    assert manifest_status.json()["status"] == "complete"
    push_image(c, "word-count:1.3.0", config, layer)
    push_image(c, "echo", config)  # no tag means latest
    assert c.get("/1/packages/list").json()["items"] == [
        "echo:latest",
        "word-count:1.2.0",
        "word-count:1.3.0",
    ]
    assert c.get("/1/packages/list", params={"tag": "word-count"}).json()["items"] == [
        "word-count:1.2.0",
        "word-count:1.3.0",
    ]
    only = c.get("/1/packages/list", params={"tag": "word-count:1.3.0"}).json()["items"]
    assert only == ["word-count:1.3.0"]
    assert c.delete("/1/packages/remove", params={"tag": "word-count:1.2.0"}).status_code == 204
    assert c.delete("/1/packages/remove", params={"tag": "word-count:1.2.0"}).status_code == 404
    r = c.get(PULL, params={"ref": "word-count:1.2.0", "type": "manifest"})
    assert r.status_code == 404
    # The parts stay: another image names them.
    assert c.get(PULL, params={"ref": digest(layer), "type": "layer"}).content == layer


def test_a_tag_is_replaced_only_with_force(c: httpx.Client) -> None:
    config = b"{}"
    first = push_image(c, "app:1", config)
    second = manifest(config) + b" "
    r = push(c, "app:1", "manifest", second)
    assert r.status_code == 409 and r.json()["id"] == "app:1"
    assert c.get(PULL, params={"ref": "app:1", "type": "manifest"}).content == first
    assert push(c, "app:1", "manifest", second, force="true").status_code == 201
    assert c.get(PULL, params={"ref": "app:1", "type": "manifest"}).content == second


def test_nothing_is_visible_until_a_push_is_complete_and_verified(
    tmp_path: Path,
) -> None:
    with SandboxServer(data_dir=tmp_path) as server, checked_client(server) as c:
        layer = b"layer bytes" * 1000
        # A digest that does not match the bytes.
        r = push(c, "app:1", "layer", layer, digest=digest(b"something else"))
        assert r.status_code == 422 and r.json()["name"] == "digest"
        status = c.get(STATUS, params={"tag": "app:1", "digest": digest(b"something else")})
        assert status.status_code == 404
        # A manifest whose layers were never pushed.
        doc = manifest(b"{}", layer)
        r = push(c, "app:1", "manifest", doc)
        assert r.status_code == 409 and r.json()["id"] in (digest(b"{}"), digest(layer))
        assert c.get("/1/packages/list").json()["items"] == []

        # A body cut off midway: the client goes away after half of it.
        def half() -> Iterator[bytes]:
            yield layer[: len(layer) // 2]
            # Once the sandbox is writing the part (its file exists), go away.
            deadline = time.monotonic() + 5
            while not leftovers(tmp_path) and time.monotonic() < deadline:
                time.sleep(0.01)
            raise ConnectionAbortedError("the pushing client went away")

        with pytest.raises(ConnectionAbortedError):
            c.post(
                PUSH,
                params={"tag": "app:1", "type": "layer", "digest": digest(layer)},
                content=half(),
            )
        deadline = time.monotonic() + 5
        while leftovers(tmp_path) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert leftovers(tmp_path) == []
        assert c.get(STATUS, params={"tag": "app:1", "digest": digest(layer)}).status_code == 404
        r = c.get(PULL, params={"ref": digest(layer), "type": "layer"})
        assert r.status_code == 404
        # Pushed again whole, it is there.
        assert push(c, "app:1", "layer", layer).json()["exists"] is False


def test_a_layer_in_chunks_resumes_and_survives_a_restart(tmp_path: Path) -> None:
    layer = hashlib.sha256(b"seed").digest() * 4096  # 128 KiB
    d, total = digest(layer), len(layer)
    third = total // 3

    def chunk(c: httpx.Client, start: int, end: int, body: bytes | None = None) -> httpx.Response:
        params = {
            "tag": "big:1",
            "type": "layer",
            "digest": d,
            "total": total,
            "start": start,
            "end": end,
        }
        return c.post(PUSH, params=params, content=layer[start:end] if body is None else body)

    with SandboxServer(data_dir=tmp_path) as server, checked_client(server) as c:
        assert chunk(c, 0, third).status_code == 201
        status = c.get(STATUS, params={"tag": "big:1", "digest": d}).json()
        assert status == {"status": "partial", "message": f"{third} of {total} bytes stored"}
        # Out of order: a gap is refused, and says where to go on.
        r = chunk(c, 2 * third, total)
        assert r.status_code == 409 and str(third) in r.json()["message"]
        # Longer than start..end: 413, and what was stored stays.
        r = chunk(c, third, 2 * third, layer[third : 2 * third] + b"extra")
        assert r.status_code == 413
        # Shorter than start..end: 400, and cut off again.
        r = chunk(c, third, 2 * third, layer[third : third + 10])
        assert r.status_code == 400
        assert c.get(PULL, params={"ref": d, "type": "layer"}).status_code == 404
    # A restart keeps the chunks so far.
    with SandboxServer(data_dir=tmp_path) as server, checked_client(server) as c:
        status = c.get(STATUS, params={"tag": "big:1", "digest": d}).json()
        assert status["status"] == "partial" and status["message"].startswith(f"{third} of")
        assert chunk(c, third, 2 * third).status_code == 201
        # The same chunk again (its answer was lost) is taken once more.
        assert chunk(c, third, 2 * third).status_code == 201
        assert chunk(c, 2 * third, total).status_code == 201
        assert c.get(PULL, params={"ref": d, "type": "layer"}).content == layer
        assert c.get(STATUS, params={"tag": "big:1", "digest": d}).json()["status"] == "complete"
        assert leftovers(tmp_path) == []


def test_a_restart_removes_what_interrupted_pushes_left(tmp_path: Path) -> None:
    (tmp_path / "package-uploads").mkdir(parents=True)
    (tmp_path / "package-uploads" / "pkg-0000.tmp").write_bytes(b"half a layer")
    with SandboxServer(data_dir=tmp_path) as server, checked_client(server) as c:
        c.get("/1/packages/list")  # the platform is prepared on the first request
        assert leftovers(tmp_path) == []


def test_bad_parameters(c: httpx.Client, fresh_server: SandboxServer) -> None:
    good = {"tag": "app:1", "type": "layer", "digest": digest(b"x")}
    for change, field in (
        ({"tag": "App:1"}, "tag"),
        ({"tag": "app:bad tag"}, "tag"),
        ({"tag": ""}, "tag"),
        ({"type": "blob"}, "type"),
        ({"digest": "sha256:abc"}, "digest"),
        ({"digest": "md5:" + "0" * 32}, "digest"),
        ({"start": "0"}, "total"),
        ({"total": "1", "start": "5"}, "start"),
        ({"total": "10", "start": "5", "end": "2"}, "end"),
        ({"total": "-1"}, "total"),
    ):
        r = c.post(PUSH, params={**good, **change}, content=b"x")
        assert r.status_code == 422 and r.json()["name"] == field, (change, r.text)
    r = c.post(PUSH, params={**good, "type": "manifest", "total": "1"}, content=b"x")
    assert r.status_code == 422 and r.json()["name"] == "total"
    for params, field in (
        ({"ref": "app:1", "type": "nope"}, "type"),
        ({"type": "layer"}, "ref"),
        ({"ref": "not-a-digest", "type": "layer"}, "ref"),
        ({"ref": digest(b"x"), "type": "layer", "offset": "-1"}, "offset"),
    ):
        r = c.get(PULL, params=params)
        assert r.status_code == 422 and r.json()["name"] == field, (params, r.text)
    assert c.get(PULL, params={"ref": digest(b"x"), "type": "layer"}).status_code == 404
    push(c, "app:1", "layer", b"x")
    r = c.get(PULL, params={"ref": digest(b"x"), "type": "layer", "offset": "2"})
    assert r.status_code == 422 and r.json()["name"] == "offset"
    assert c.get(STATUS, params={"tag": "app:1", "digest": "x"}).json()["name"] == "digest"
    assert c.delete("/1/packages/remove", params={"tag": "Bad"}).json()["name"] == "tag"
    assert c.get("/1/packages/list", params={"limit": "0"}).json()["name"] == "limit"


def test_parts_larger_than_the_sandbox_takes_are_413() -> None:
    with SandboxServer(max_upload_size=1000) as server, checked_client(server) as c:
        assert push(c, "app:1", "layer", b"x" * 1000).status_code == 201
        assert push(c, "app:1", "layer", b"y" * 1001).status_code == 413
        params = {"tag": "app:1", "type": "layer", "digest": digest(b"z" * 2000), "total": 2000}
        assert (
            c.post(PUSH, params={**params, "start": 0, "end": 10}, content=b"z" * 10).status_code
            == 413
        )


def test_list_pages_by_image(c: httpx.Client) -> None:
    for name in ("a", "b", "c"):
        push_image(c, f"{name}:1", b"{}")
        push_image(c, f"{name}:2", b"{}")
    seen: list[str] = []
    page = c.get("/1/packages/list", params={"limit": "2"}).json()
    assert len(page["items"]) == 4  # two images, each with both tags
    while True:
        seen += page["items"]
        following = [link["href"] for link in page["links"] if link["rel"] == "next"]
        if not following:
            break
        page = c.get(following[0]).json()
    assert seen == ["a:1", "a:2", "b:1", "b:2", "c:1", "c:2"]


def test_large_parts_stream_both_ways(c: httpx.Client) -> None:
    block = hashlib.sha256(b"block").digest() * 32768  # 1 MiB
    size = 24 * len(block)
    d = "sha256:" + hashlib.sha256(block * 24).hexdigest()

    def body() -> Iterator[bytes]:
        for _ in range(24):
            yield block

    r = c.post(PUSH, params={"tag": "big:1", "type": "layer", "digest": d}, content=body())
    assert r.status_code == 201, r.text
    got, seen = hashlib.sha256(), 0
    with c.stream("GET", PULL, params={"ref": d, "type": "layer"}) as pulled:
        assert pulled.headers["total"] == str(size)
        for piece in pulled.iter_bytes():
            got.update(piece)
            seen += len(piece)
    assert seen == size and "sha256:" + got.hexdigest() == d
