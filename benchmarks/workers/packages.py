"""Worker: push and pull a container image package on a live sandbox; throughput and peak RSS.

Usage:

- ``python packages.py archive --size BYTES --out PATH``: write an image
  archive (OCI layout, uncompressed tar, as ``docker save`` writes) whose one
  layer is ``BYTES`` long (one random MiB repeated, so nothing compresses
  it), with its config and manifest; prints the tag and the parts' digests.
  The layer is hashed while it is generated, before anything is written.
- ``python packages.py push {conveyor,httpx} --url URL --token T --file PATH --tag TAG``
- ``python packages.py pull {conveyor,httpx,httpx-verify} --url URL --token T --tag TAG
  --target PATH`` (``httpx-verify``: the baseline's pull plus a sha256 check of each part)

Each push or pull is a fresh process, so ``ru_maxrss`` is the peak of that
one transfer (imports included; ``rss_before_mib`` is the figure after
imports and client set-up). Conveyor runs ``client.packages.push(path,
tag=)`` and ``client.packages.pull(tag, target)`` with their defaults. The
baseline is raw httpx doing the least the endpoints need: a push finds the
parts in the tar (``tarfile``) and POSTs each to ``/1/packages/push``,
layers and config streamed from the file in 1 MiB reads with their
Content-Length, the manifest last; a pull GETs the manifest, then streams
each layer and the config into one file as the pieces arrive (no digest
check, no archive layout: Conveyor checks each part's sha256 and writes a
loadable archive, which the baseline does not).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import resource
import tarfile
import time
from collections.abc import Iterator
from typing import Any, BinaryIO

import _common as c
import httpx

MIB = 1 << 20
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_CONFIG = "application/vnd.oci.image.config.v1+json"
OCI_LAYER = "application/vnd.oci.image.layer.v1.tar"


# ----------------------------------------------------------------------------- the archive


class _Pattern(io.RawIOBase):
    """``size`` bytes of ``block`` repeated, read as a file (nothing held beyond one block)."""

    def __init__(self, block: bytes, size: int) -> None:
        self.block, self.left, self.at = block, size, 0

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        if self.left <= 0:
            return b""
        n = self.left if n is None or n < 0 else min(n, self.left)
        out = bytearray()
        while len(out) < n:
            start = self.at % len(self.block)
            take = min(n - len(out), len(self.block) - start)
            out += self.block[start : start + take]
            self.at += take
        self.left -= n
        return bytes(out)


def _add(tar: tarfile.TarFile, name: str, data: bytes | None, size: int, source: Any) -> None:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mode = 0o644
    info.mtime = 1_700_000_000
    tar.addfile(info, io.BytesIO(data) if data is not None else source)


def make_archive(size: int, out: str) -> dict[str, Any]:
    """Write the archive; return its tag, its parts' digests and sizes."""
    block = os.urandom(MIB)
    hasher = hashlib.sha256()
    pattern = _Pattern(block, size)
    while piece := pattern.read(MIB):
        hasher.update(piece)
    layer = f"sha256:{hasher.hexdigest()}"
    config = json.dumps(
        {
            "architecture": "amd64",
            "os": "linux",
            "rootfs": {"type": "layers", "diff_ids": [layer]},
            "config": {"Cmd": ["/bin/true"]},
        },
        separators=(",", ":"),
    ).encode()
    config_digest = f"sha256:{hashlib.sha256(config).hexdigest()}"
    manifest = json.dumps(
        {
            "schemaVersion": 2,
            "mediaType": OCI_MANIFEST,
            "config": {"mediaType": OCI_CONFIG, "digest": config_digest, "size": len(config)},
            "layers": [{"mediaType": OCI_LAYER, "digest": layer, "size": size}],
        },
        separators=(",", ":"),
    ).encode()
    manifest_digest = f"sha256:{hashlib.sha256(manifest).hexdigest()}"
    tag = "bench/package:1"
    index = json.dumps(
        {
            "schemaVersion": 2,
            "manifests": [
                {
                    "mediaType": OCI_MANIFEST,
                    "digest": manifest_digest,
                    "size": len(manifest),
                    "annotations": {"org.opencontainers.image.ref.name": tag},
                }
            ],
        }
    ).encode()
    with tarfile.open(out, "w", format=tarfile.PAX_FORMAT) as tar:
        _add(tar, "oci-layout", b'{"imageLayoutVersion":"1.0.0"}', 30, None)
        _add(tar, "index.json", index, len(index), None)
        for digest, data in ((manifest_digest, manifest), (config_digest, config)):
            _add(tar, f"blobs/sha256/{digest.split(':')[1]}", data, len(data), None)
        _add(tar, f"blobs/sha256/{layer.split(':')[1]}", None, size, _Pattern(block, size))
    return {
        "ok": True,
        "tag": tag,
        "layer": layer,
        "config": config_digest,
        "manifest": manifest_digest,
        "bytes": size + len(config) + len(manifest),
    }


# ----------------------------------------------------------------------------- raw httpx


def _raw_client(url: str, token: str) -> httpx.Client:
    return httpx.Client(
        base_url=url,
        headers={"Authorization": f"Bearer {token}"},
        timeout=httpx.Timeout(600.0, connect=10.0),
    )


def _pieces(file: BinaryIO, offset: int, size: int) -> Iterator[bytes]:
    file.seek(offset)
    left = size
    while left > 0:
        piece = file.read(min(MIB, left))
        if not piece:
            raise RuntimeError("the archive ended early")
        left -= len(piece)
        yield piece


def raw_push(client: httpx.Client, path: str, tag: str) -> int:
    """Push every part with plain POSTs; return the bytes of the parts."""
    with open(path, "rb") as file, tarfile.open(fileobj=file, mode="r:") as tar:
        members = {m.name: m for m in tar}

        def member(digest: str) -> tarfile.TarInfo:
            return members[f"blobs/sha256/{digest.split(':')[1]}"]

        def read(info: tarfile.TarInfo) -> bytes:
            file.seek(info.offset_data)
            return file.read(info.size)

        index = json.loads(read(members["index.json"]))
        manifest_digest = index["manifests"][0]["digest"]
        manifest = read(member(manifest_digest))
        document = json.loads(manifest)
        parts = [("layer", layer["digest"]) for layer in document["layers"]]
        parts.append(("config", document["config"]["digest"]))
        total = len(manifest)
        for kind, digest in parts:
            info = member(digest)
            total += info.size
            response = client.post(
                "/1/packages/push",
                params={"tag": tag, "type": kind, "digest": digest},
                content=_pieces(file, info.offset_data, info.size),
                headers={
                    "Content-Type": "application/octet-stream",
                    "Content-Length": str(info.size),
                },
            )
            response.raise_for_status()
        response = client.post(
            "/1/packages/push",
            params={"tag": tag, "type": "manifest", "digest": manifest_digest},
            content=manifest,
            headers={"Content-Type": "application/octet-stream"},
        )
        response.raise_for_status()
    return total


def raw_pull(client: httpx.Client, tag: str, target: str, verify: bool = False) -> int:
    """Stream the manifest's parts into ``target``; return the bytes received.

    With ``verify`` each part is also hashed as it arrives and checked
    against its digest (what a careful script would add).
    """
    response = client.get("/1/packages/pull", params={"ref": tag, "type": "manifest"})
    response.raise_for_status()
    document = json.loads(response.content)
    total = len(response.content)
    parts = [("layer", layer["digest"]) for layer in document["layers"]]
    parts.append(("config", document["config"]["digest"]))
    with open(target, "wb") as out:
        for kind, digest in parts:
            params = {"ref": digest, "type": kind}
            hasher = hashlib.sha256() if verify else None
            with client.stream("GET", "/1/packages/pull", params=params) as stream:
                stream.raise_for_status()
                for piece in stream.iter_raw():
                    if hasher is not None:
                        hasher.update(piece)
                    out.write(piece)
                    total += len(piece)
            if hasher is not None and f"sha256:{hasher.hexdigest()}" != digest:
                raise RuntimeError(f"the {kind} pulled does not match {digest}")
    return total


# ----------------------------------------------------------------------------- Conveyor


def _packages(url: str, token: str) -> Any:
    try:
        from conveyor import Client
    except ImportError as exc:
        c.unavailable(f"conveyor.Client missing ({exc})")
    client = Client(url=url, token=token)
    packages = getattr(client, "packages", None)
    if packages is None or not hasattr(packages, "push") or not hasattr(packages, "pull"):
        c.unavailable("conveyor Client.packages.push/pull missing")
    return packages


def conveyor_push(packages: Any, path: str, tag: str) -> int:
    pushed = packages.push(path, tag=tag)
    return int(pushed.size)


def conveyor_pull(packages: Any, tag: str, target: str) -> int:
    written = packages.pull(tag, target)
    return os.path.getsize(written if written is not None else target)


# ----------------------------------------------------------------------------- main


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    """Parse arguments, run the transfer, print the JSON result."""
    parser = argparse.ArgumentParser()
    parser.add_argument("op", choices=["archive", "push", "pull"])
    parser.add_argument("impl", nargs="?", choices=["conveyor", "httpx", "httpx-verify"])
    parser.add_argument("--url")
    parser.add_argument("--token")
    parser.add_argument("--file")
    parser.add_argument("--tag")
    parser.add_argument("--target")
    parser.add_argument("--size", type=int)
    parser.add_argument("--out")
    args = parser.parse_args()
    if args.op == "archive":
        c.emit(make_archive(args.size, args.out))
        return
    try:
        # Both clients are built before the clock starts.
        packages = _packages(args.url, args.token) if args.impl == "conveyor" else None
        raw = _raw_client(args.url, args.token)
        rss_before = c.peak_rss_mib()
        cpu_before = _cpu_seconds()
        start = time.perf_counter()
        if args.op == "push":
            moved = (
                conveyor_push(packages, args.file, args.tag)
                if packages is not None
                else raw_push(raw, args.file, args.tag)
            )
        else:
            moved = (
                conveyor_pull(packages, args.tag, args.target)
                if packages is not None
                else raw_pull(raw, args.tag, args.target, verify=args.impl == "httpx-verify")
            )
        seconds = time.perf_counter() - start
        cpu = _cpu_seconds() - cpu_before
    except (AttributeError, NotImplementedError) as exc:
        c.unavailable(f"{type(exc).__name__}: {exc}")
    except Exception as exc:
        c.emit({"ok": False, "error": f"{type(exc).__name__}: {exc}"})
        return
    c.emit(
        {
            "ok": True,
            "seconds": seconds,
            "bytes": moved,
            "cpu_seconds": cpu,
            "peak_rss_mib": c.peak_rss_mib(),
            "rss_before_mib": rss_before,
        }
    )


if __name__ == "__main__":
    main()
