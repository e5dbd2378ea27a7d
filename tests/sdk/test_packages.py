"""Packages on a scripted platform: archives pushed part by part, pulled back into archives."""

from __future__ import annotations

import gzip
import hashlib
import io
import itertools
import json
import tarfile
from pathlib import Path
from typing import Any

import httpx
import pytest
from conveyor import (
    AsyncClient,
    Conflict,
    IntegrityError,
    InvalidParameter,
    NotFound,
    PushedPackage,
    TransportError,
)
from conveyor._archive import read_image

from .mock import BASE, SECRET, Recorder, json_response, make

TAG = "word-count:1.2.0"
LAYER_A = b"layer a: " + bytes(range(256)) * 40
LAYER_B = b"layer b " * 700
CONFIG = b'{"architecture":"amd64","os":"linux"}'


def sha(data: bytes) -> str:
    return f"sha256:{hashlib.sha256(data).hexdigest()}"


def add(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    tar.addfile(info, io.BytesIO(data))


def docker_archive(
    path: Path, tags: list[str] | None = None, layers: tuple[bytes, ...] = ()
) -> Path:
    """What an older ``docker save`` writes: manifest.json, <id>.json, <id>/layer.tar."""
    layers = layers or (LAYER_A, LAYER_B)
    with tarfile.open(path, "w") as tar:
        add(tar, "cfg0123.json", CONFIG)
        for index, layer in enumerate(layers):
            add(tar, f"l{index}/layer.tar", layer)
        entry = {
            "Config": "cfg0123.json",
            "RepoTags": [TAG] if tags is None else tags,
            "Layers": [f"l{i}/layer.tar" for i in range(len(layers))],
        }
        add(tar, "manifest.json", json.dumps([entry]).encode())
    return path


def oci_manifest() -> bytes:
    return json.dumps(
        {
            "schemaVersion": 2,
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "config": {"mediaType": "x", "digest": sha(CONFIG), "size": len(CONFIG)},
            "layers": [{"mediaType": "y", "digest": sha(LAYER_A), "size": len(LAYER_A)}],
        }
    ).encode()


def oci_archive(path: Path) -> Path:
    manifest = oci_manifest()
    index = {
        "schemaVersion": 2,
        "manifests": [
            {
                "mediaType": "application/vnd.oci.image.manifest.v1+json",
                "digest": sha(manifest),
                "size": len(manifest),
                "annotations": {"io.containerd.image.name": f"docker.io/library/{TAG}"},
            }
        ],
    }
    with tarfile.open(path, "w") as tar:
        add(tar, "oci-layout", b'{"imageLayoutVersion":"1.0.0"}')
        add(tar, "index.json", json.dumps(index).encode())
        for blob in (manifest, CONFIG, LAYER_A):
            add(tar, f"blobs/sha256/{hashlib.sha256(blob).hexdigest()}", blob)
    return path


def stored(exists: bool = False) -> httpx.Response:
    return json_response(201, {"digest": "sha256:x", "exists": exists})


def pushed(recorder: Recorder) -> list[tuple[str, str, bytes]]:
    return [(r.url.params["type"], r.url.params["digest"], r.content) for r in recorder.requests]


def test_a_docker_archive_is_pushed_layers_first_manifest_last(tmp_path: Path) -> None:
    archive = docker_archive(tmp_path / "image.tar")
    recorder = Recorder(stored(), stored(exists=True), stored(), stored())
    with make(recorder) as client:
        result = client.packages.push(archive, tag=TAG)
    parts = pushed(recorder)
    assert [kind for kind, _, _ in parts] == ["layer", "layer", "config", "manifest"]
    assert parts[0][1:] == (sha(LAYER_A), LAYER_A) and parts[1][1:] == (sha(LAYER_B), LAYER_B)
    assert parts[2][1:] == (sha(CONFIG), CONFIG)
    manifest = json.loads(parts[3][2])
    assert manifest["config"]["digest"] == sha(CONFIG)
    assert [layer["digest"] for layer in manifest["layers"]] == [sha(LAYER_A), sha(LAYER_B)]
    assert [layer["size"] for layer in manifest["layers"]] == [len(LAYER_A), len(LAYER_B)]
    for request in recorder.requests:
        assert request.method == "POST" and request.url.path == "/1/packages/push"
        assert request.url.params["tag"] == TAG and "force" not in request.url.params
        assert request.headers["content-type"] == "application/octet-stream"
        assert request.headers["content-length"] == str(len(request.content))
    assert result == PushedPackage(
        TAG, sha(parts[3][2]), len(LAYER_A) + len(LAYER_B) + len(CONFIG) + len(parts[3][2]), 4, 1
    )


def test_the_archive_names_the_tag_and_a_layer_twice_is_pushed_once(tmp_path: Path) -> None:
    archive = docker_archive(tmp_path / "image.tar", layers=(LAYER_A, LAYER_A))
    recorder = Recorder(stored())
    with make(recorder) as client:
        result = client.packages.push(str(archive), force=True)
    assert result.tag == TAG and result.parts == 3
    assert [kind for kind, _, _ in pushed(recorder)] == ["layer", "config", "manifest"]
    assert recorder.requests[0].url.params["force"] == "true"
    manifest = json.loads(recorder.requests[-1].content)
    assert [layer["digest"] for layer in manifest["layers"]] == [sha(LAYER_A)] * 2


def test_an_oci_archive_pushes_its_own_manifest(tmp_path: Path) -> None:
    archive = oci_archive(tmp_path / "oci.tar")
    recorder = Recorder(stored())
    with make(recorder) as client, archive.open("rb") as file:
        result = client.packages.push(file)  # a file object, kept open for the caller
        assert not file.closed
    assert result.tag == TAG  # docker.io/library/ dropped
    kinds = pushed(recorder)
    assert [k for k, _, _ in kinds] == ["layer", "config", "manifest"]
    assert kinds[2] == ("manifest", sha(oci_manifest()), oci_manifest())


def test_bad_sources_and_tags_are_refused_before_any_request(tmp_path: Path) -> None:
    plain = docker_archive(tmp_path / "image.tar")
    (tmp_path / "image.tar.gz").write_bytes(gzip.compress(plain.read_bytes()))
    (tmp_path / "notes.txt").write_text("not a tar")
    untagged = docker_archive(tmp_path / "untagged.tar", tags=[])
    recorder = Recorder()
    with make(recorder) as client:
        cases: list[tuple[Any, dict[str, Any], str]] = [
            (tmp_path / "missing.tar", {"tag": TAG}, "no such file"),
            (tmp_path / "image.tar.gz", {"tag": TAG}, "gunzip it first"),
            (tmp_path / "notes.txt", {"tag": TAG}, "not a tar archive"),
            (untagged, {}, "tag: give tag="),
            (plain, {"tag": "Word Count"}, "an image tag such as"),
            (plain, {"tag": "word-count"}, "an image tag such as"),
            (plain, {"tag": TAG, "force": "yes"}, "force: True or False"),
            (b"bytes", {"tag": TAG}, "a seekable binary file"),
        ]
        for source, kwargs, message in cases:
            with pytest.raises(InvalidParameter, match=message):
                client.packages.push(source, **kwargs)
    assert recorder.requests == []


def test_an_interrupted_push_raises_and_never_sends_the_manifest(tmp_path: Path) -> None:
    archive = docker_archive(tmp_path / "image.tar")
    request = httpx.Request("POST", BASE)
    dropped = httpx.WriteError("connection reset", request=request)
    recorder = Recorder(stored(), dropped, dropped, dropped)
    with make(recorder) as client, pytest.raises(TransportError, match="interrupted") as caught:
        client.packages.push(archive, tag=TAG)
    assert "push again" in str(caught.value)
    assert [kind for kind, _, _ in pushed(recorder)] == ["layer"] * 4  # the second, three times
    assert "manifest" not in str([r.url for r in recorder.requests])


def test_a_dropped_layer_is_sent_again_whole(tmp_path: Path) -> None:
    archive = docker_archive(tmp_path / "image.tar")
    dropped = httpx.WriteError("reset", request=httpx.Request("POST", BASE))
    recorder = Recorder(dropped, stored())
    with make(recorder) as client:
        assert client.packages.push(archive, tag=TAG).parts == 4
    assert recorder.requests[1].content == LAYER_A  # the retry sent it from the start


def test_a_tag_that_exists_is_a_conflict(tmp_path: Path) -> None:
    archive = docker_archive(tmp_path / "image.tar")
    recorder = Recorder(json_response(409, {"message": f"{TAG} exists"}))
    with make(recorder) as client, pytest.raises(Conflict):
        client.packages.push(archive, tag=TAG)
    assert len(recorder.requests) == 1


class Registry:
    """A scripted registry answering pulls from parts it holds, ``chunk`` bytes at a time."""

    def __init__(self, parts: dict[str, bytes], chunk: int = 1000) -> None:
        self.parts = parts
        self.chunk = chunk

    def __call__(self, request: httpx.Request) -> httpx.Response:
        ref = request.url.params["ref"]
        data = self.parts.get(ref)
        if data is None:
            return json_response(404, {"message": f"no {ref}"})
        offset = int(request.url.params.get("offset", 0))
        piece = data[offset : offset + self.chunk]
        headers = {"Total": str(len(data)), "Available": str(len(piece))}
        return httpx.Response(200, content=piece, headers=headers)


def registry_parts() -> dict[str, bytes]:
    manifest = oci_manifest()
    return {TAG: manifest, sha(CONFIG): CONFIG, sha(LAYER_A): LAYER_A}


def test_pull_streams_every_part_into_an_archive_a_push_reads(tmp_path: Path) -> None:
    recorder = Recorder(Registry(registry_parts()))
    with make(recorder) as client:
        written = client.packages.pull(TAG, tmp_path / "out")
    assert written == tmp_path / "out"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no partial file left
    # Each answer carries a chunk; the next starts where it ended.
    layer_requests = [r for r in recorder.requests if r.url.params["ref"] == sha(LAYER_A)]
    offsets = [int(r.url.params.get("offset", 0)) for r in layer_requests]
    assert offsets == list(range(0, len(LAYER_A), 1000))
    assert layer_requests[0].url.params["type"] == "layer"
    with written.open("rb") as file:
        image = read_image(file)
    assert image.tags == (TAG, "1.2.0") and image.manifest.data == oci_manifest()
    assert [p.digest for p in image.layers] == [sha(LAYER_A)] and image.config.digest == sha(CONFIG)
    with tarfile.open(written) as tar:
        names = tar.getnames()
        docker = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
        layer = tar.extractfile(f"blobs/sha256/{sha(LAYER_A)[7:]}").read()  # type: ignore[union-attr]
    assert {"index.json", "oci-layout", "manifest.json"} <= set(names)
    assert docker[0]["RepoTags"] == [TAG] and layer == LAYER_A


def test_pull_into_a_directory_names_the_archive_after_the_tag(tmp_path: Path) -> None:
    recorder = Recorder(Registry(registry_parts(), chunk=10_000))
    with make(recorder) as client:
        written = client.packages.pull(TAG, tmp_path)
    assert written == tmp_path / "word-count_1.2.0.tar"


def test_a_part_that_does_not_match_its_digest_leaves_nothing(tmp_path: Path) -> None:
    parts = registry_parts()
    parts[sha(LAYER_A)] = LAYER_A[:-1] + b"!"
    recorder = Recorder(Registry(parts))
    with make(recorder) as client, pytest.raises(IntegrityError, match="does not match"):
        client.packages.pull(TAG, tmp_path / "image.tar")
    assert list(tmp_path.iterdir()) == []


def test_pulling_an_unknown_tag_is_not_found(tmp_path: Path) -> None:
    recorder = Recorder(Registry({}))
    with make(recorder) as client, pytest.raises(NotFound):
        client.packages.pull("nope:1", tmp_path / "image.tar")
    assert list(tmp_path.iterdir()) == []


def test_list_status_and_remove() -> None:
    page = json_response(200, {"items": ["word-count:1.2.0", "word-count:1.3.0"], "links": []})
    status = json_response(200, {"status": "complete", "message": "layer stored"})
    recorder = Recorder(page, status, httpx.Response(204))
    with make(recorder) as client:
        assert list(client.packages.list(tag="word-count")) == [
            "word-count:1.2.0",
            "word-count:1.3.0",
        ]
        found = client.packages.status(TAG, sha(LAYER_A))
        assert (found.status, found.message, found.digest) == (
            "complete",
            "layer stored",
            sha(LAYER_A),
        )
        client.packages.remove(TAG)
        with pytest.raises(InvalidParameter):
            client.packages.remove("no tag")
    listed, checked, removed = recorder.requests
    assert listed.url.path == "/1/packages/list" and listed.url.params["tag"] == "word-count"
    assert checked.url.path == "/1/packages/status" and checked.url.params["digest"] == sha(LAYER_A)
    assert removed.method == "DELETE" and removed.url.params["tag"] == TAG


@pytest.mark.anyio
async def test_the_async_twins(tmp_path: Path) -> None:
    archive = docker_archive(tmp_path / "image.tar")

    def answer(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            return stored()
        return Registry(registry_parts())(request)

    recorder = Recorder(answer)
    async with AsyncClient(BASE, token=SECRET, transport=recorder.transport) as client:
        result = await client.packages.push(archive, tag=TAG)
        assert result.parts == 4
        written = await client.packages.pull(TAG, tmp_path / "pulled.tar")
    assert written is not None and written.stat().st_size > len(LAYER_A)


def test_progress_counts_every_byte_of_a_push_and_a_pull(tmp_path: Path) -> None:
    archive = docker_archive(tmp_path / "image.tar", layers=(LAYER_A,))
    dropped = httpx.WriteError("reset", request=httpx.Request("POST", BASE))

    def platform(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            return stored()
        return Registry(registry_parts())(request)

    recorder = Recorder(dropped, platform)  # the layer is sent twice: progress goes back
    pushes: list[tuple[int, int]] = []
    pulls: list[tuple[int, int]] = []
    with make(recorder) as client:
        result = client.packages.push(archive, tag=TAG, progress=lambda *a: pushes.append(a))
        client.packages.pull(TAG, tmp_path / "out.tar", progress=lambda *a: pulls.append(a))
        with pytest.raises(InvalidParameter, match="progress"):
            client.packages.push(archive, tag=TAG, progress="yes")  # type: ignore[arg-type]
    assert pushes[0] == (0, result.size) and pushes[-1] == (result.size, result.size)
    assert {total for _, total in pushes} == {result.size}
    assert any(b[0] < a[0] for a, b in itertools.pairwise(pushes))  # the resend
    pulled = len(oci_manifest()) + len(CONFIG) + len(LAYER_A)
    assert pulls[-1] == (pulled, pulled)
    assert [done for done, _ in pulls] == sorted(done for done, _ in pulls)
