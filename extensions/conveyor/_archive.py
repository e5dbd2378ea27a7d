"""Container image archives on disk: read part by part for a push, written back by a pull.

An image archive is a tar file holding an image's parts: its layers, its
config and its manifest (what ``docker save`` writes). Two layouts are read:

- OCI: ``index.json`` names the manifest, and every part is a blob at
  ``blobs/<algorithm>/<hex>``;
- docker-archive: ``manifest.json`` names the config and layer files; the
  registry manifest is built from them (Docker 25 and later write both).

Reading never loads a layer: each part is found by its offset and size in
the tar, so a push streams it straight from the file. An archive a pull
writes has both layouts, so ``docker load`` takes it and so does a push.
Everything here blocks on the disk; flows run it through `blocking`.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
import tarfile
from dataclasses import dataclass
from typing import Any, BinaryIO

from .errors import InvalidParameter

__all__ = [
    "OCI_LAYOUT",
    "TAR_END",
    "Image",
    "Part",
    "blob_name",
    "docker_manifest",
    "oci_index",
    "read_image",
    "tar_header",
    "tar_padding",
]

DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json"
DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json"
DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar"
DOCKER_LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip"
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_LAYOUT = b'{"imageLayoutVersion":"1.0.0"}'
"""The ``oci-layout`` file of an OCI image layout."""
TAR_END = b"\0" * 1024
"""The two zero blocks that end a tar file."""

# JSON files of an archive are read whole; a bigger one is no image's.
_MAX_JSON = 8 * 1024 * 1024
_HASH_READ = 1024 * 1024
_BLOB = re.compile(r"blobs/(sha256|sha512)/([0-9a-f]{64}|[0-9a-f]{128})")
_REF_NAMES = ("io.containerd.image.name", "org.opencontainers.image.ref.name")


@dataclass(frozen=True, slots=True)
class Part:
    """One part of an image: where its bytes are in the archive, or the bytes themselves.

    Attributes:
        kind: ``layer``, ``config`` or ``manifest`` (the contract's `PackagePart`).
        digest: Its content digest, ``sha256:<hex>``.
        size: Its size in bytes.
        offset: Where its bytes start in the archive (``None`` when ``data`` holds them).
        data: The bytes of a small part built or read in memory (a manifest).
        media_type: Its media type, as a manifest names it.
    """

    kind: str
    digest: str
    size: int
    offset: int | None = None
    data: bytes | None = None
    media_type: str | None = None


@dataclass(frozen=True, slots=True)
class Image:
    """An image found in an archive: its parts in push order, and the tags it was saved under.

    Attributes:
        tags: The ``name:tag`` references the archive records for it.
        layers: Its layers, each once, in the manifest's order.
        config: Its config.
        manifest: Its registry manifest (``data`` holds it), pushed last.
    """

    tags: tuple[str, ...]
    layers: tuple[Part, ...]
    config: Part
    manifest: Part

    @property
    def size(self) -> int:
        """Bytes of every part together."""
        return sum(p.size for p in self.layers) + self.config.size + self.manifest.size


def _refuse(message: str) -> InvalidParameter:
    return InvalidParameter(f"source: {message}", parameter="source")


class _Archive:
    """The members of an uncompressed tar, with their data offsets."""

    def __init__(self, file: BinaryIO) -> None:
        self.file = file
        start = file.tell()
        magic = file.read(2)
        file.seek(start)
        if magic == b"\x1f\x8b":
            raise _refuse(
                "a gzip-compressed archive; parts are streamed from an uncompressed tar "
                "(`docker save` writes one; gunzip it first)"
            )
        try:
            self.tar = tarfile.open(fileobj=file, mode="r:")  # noqa: SIM115 - closed with the file
        except tarfile.TarError as exc:
            raise _refuse(f"not a tar archive of an image ({exc})") from None
        self.members = {posixpath.normpath(m.name.lstrip("./") or "."): m for m in self.tar}

    def member(self, name: str, what: str) -> tarfile.TarInfo:
        path = posixpath.normpath(name.lstrip("./"))
        for _ in range(16):  # symbolic links between layers, as older `docker save` writes
            found = self.members.get(path)
            if found is None:
                raise _refuse(f"the archive lacks the {what} {name!r}")
            if found.isreg():
                return found
            if found.issym():
                path = posixpath.normpath(posixpath.join(posixpath.dirname(path), found.linkname))
            elif found.islnk():
                path = posixpath.normpath(found.linkname.lstrip("./"))
            else:
                break
        raise _refuse(f"the {what} {name!r} is not a file")

    def has(self, name: str) -> bool:
        return name in self.members

    def read(self, name: str, what: str) -> bytes:
        member = self.member(name, what)
        if member.size > _MAX_JSON:
            raise _refuse(f"the {what} {name!r} is {member.size} bytes, too large")
        self.file.seek(member.offset_data)
        return self.file.read(member.size)

    def json(self, name: str, what: str) -> Any:
        try:
            return json.loads(self.read(name, what))
        except ValueError:
            raise _refuse(f"the {what} {name!r} is not JSON") from None

    def digest(self, member: tarfile.TarInfo) -> str:
        """``sha256:<hex>`` of a member: from its blob path, else by reading it."""
        match = _BLOB.fullmatch(member.name.lstrip("./"))
        if match:
            return f"{match[1]}:{match[2]}"
        hasher = hashlib.sha256()
        self.file.seek(member.offset_data)
        left = member.size
        while left > 0:
            piece = self.file.read(min(_HASH_READ, left))
            if not piece:
                raise _refuse(f"the archive ends inside {member.name!r}")
            hasher.update(piece)
            left -= len(piece)
        return f"sha256:{hasher.hexdigest()}"

    def gzipped(self, member: tarfile.TarInfo) -> bool:
        self.file.seek(member.offset_data)
        return self.file.read(2) == b"\x1f\x8b"


def _choose(entries: list[Any], tags_of: Any, tag: str | None, what: str) -> Any:
    if len(entries) == 1:
        return entries[0]
    # A name may be recorded with its registry (docker.io/library/name:tag).
    matching = [
        e
        for e in entries
        if tag is not None and any(t == tag or t.endswith("/" + tag) for t in tags_of(e))
    ]
    if len(matching) == 1:
        return matching[0]
    raise _refuse(
        f"the archive holds {len(entries)} {what}s; give the tag of one of them "
        f"({', '.join(t for e in entries for t in tags_of(e)) or 'none is tagged'})"
    )


def _descriptor(value: Any, what: str) -> tuple[str, int]:
    if not isinstance(value, dict):
        raise _refuse(f"the manifest's {what} is not an object")
    digest, size = value.get("digest"), value.get("size")
    if not isinstance(digest, str) or not isinstance(size, int) or isinstance(size, bool):
        raise _refuse(f"the manifest's {what} lacks a digest or size")
    return digest, size


def _blob_path(digest: str) -> str:
    algorithm, _, hex_digest = digest.partition(":")
    return f"blobs/{algorithm}/{hex_digest}"


def _oci_tags(entry: Any) -> list[str]:
    annotations = entry.get("annotations") if isinstance(entry, dict) else None
    if not isinstance(annotations, dict):
        return []
    return [str(annotations[k]) for k in _REF_NAMES if isinstance(annotations.get(k), str)]


def _read_oci(archive: _Archive, tag: str | None) -> Image:
    index = archive.json("index.json", "index")
    tags: list[str] = []
    for _ in range(4):  # an index may name an index (one per platform) before the manifest
        entries = index.get("manifests") if isinstance(index, dict) else None
        if not isinstance(entries, list) or not entries:
            raise _refuse("the image index names no manifest")
        entry = _choose(entries, _oci_tags, tag, "image")
        tags += _oci_tags(entry)
        digest, _ = _descriptor(entry, "manifest")
        data = archive.read(_blob_path(digest), "manifest")
        document = json.loads(data)
        if isinstance(document, dict) and "manifests" in document:
            index = document
            continue
        media_type = entry.get("mediaType") or document.get("mediaType") or OCI_MANIFEST
        manifest = Part("manifest", digest, len(data), data=data, media_type=media_type)
        return _from_manifest(archive, document, manifest, tuple(dict.fromkeys(tags)))
    raise _refuse("the image index nests too deeply")


def _from_manifest(
    archive: _Archive, document: Any, manifest: Part, tags: tuple[str, ...]
) -> Image:
    if not isinstance(document, dict):
        raise _refuse("the manifest is not a JSON object")
    parts: list[Part] = []
    for kind, value in [
        ("config", document.get("config")),
        *(("layer", layer) for layer in document.get("layers") or []),
    ]:
        digest, size = _descriptor(value, kind)
        member = archive.member(_blob_path(digest), kind)
        if member.size != size:
            raise _refuse(f"the {kind} {digest} is {member.size} bytes, its manifest says {size}")
        parts.append(Part(kind, digest, size, offset=member.offset_data))
    return Image(tags, _unique(parts[1:]), parts[0], manifest)


def _unique(layers: list[Part]) -> tuple[Part, ...]:
    """Each layer once (an image may hold the same layer twice; it is pushed once)."""
    seen: dict[str, Part] = {}
    for layer in layers:
        seen.setdefault(layer.digest, layer)
    return tuple(seen.values())


def _read_docker(archive: _Archive, tag: str | None) -> Image:
    entries = archive.json("manifest.json", "image list")
    if not isinstance(entries, list) or not entries:
        raise _refuse("manifest.json names no image")

    def tags_of(entry: Any) -> list[str]:
        found = entry.get("RepoTags") if isinstance(entry, dict) else None
        return [t for t in found or [] if isinstance(t, str)]

    entry = _choose(entries, tags_of, tag, "image")
    config_path, layer_paths = entry.get("Config"), entry.get("Layers")
    if not isinstance(config_path, str) or not isinstance(layer_paths, list):
        raise _refuse("manifest.json lacks Config or Layers")
    config_member = archive.member(config_path, "config")
    config = Part(
        "config", archive.digest(config_member), config_member.size, config_member.offset_data
    )
    layers: list[Part] = []
    for path in layer_paths:
        if not isinstance(path, str):
            raise _refuse("manifest.json names a layer that is not a path")
        member = archive.member(path, "layer")
        media_type = DOCKER_LAYER_GZIP if archive.gzipped(member) else DOCKER_LAYER
        layers.append(
            Part("layer", archive.digest(member), member.size, member.offset_data, None, media_type)
        )
    unique = _unique(layers)
    document = {
        "schemaVersion": 2,
        "mediaType": DOCKER_MANIFEST,
        "config": {"mediaType": DOCKER_CONFIG, "size": config.size, "digest": config.digest},
        "layers": [{"mediaType": p.media_type, "size": p.size, "digest": p.digest} for p in layers],
    }
    data = json.dumps(document, separators=(",", ":")).encode()
    manifest = Part(
        "manifest",
        f"sha256:{hashlib.sha256(data).hexdigest()}",
        len(data),
        data=data,
        media_type=DOCKER_MANIFEST,
    )
    return Image(tuple(tags_of(entry)), unique, config, manifest)


def read_image(file: BinaryIO, tag: str | None = None) -> Image:
    """The image in an archive (the one tagged ``tag``, when it holds several).

    Raises:
        InvalidParameter: Not an uncompressed tar of an image in either
            layout, a part missing, or several images and no ``tag`` to
            choose one (named ``source``).
    """
    archive = _Archive(file)
    if archive.has("index.json"):
        return _read_oci(archive, tag)
    if archive.has("manifest.json"):
        return _read_docker(archive, tag)
    raise _refuse("an image archive holds index.json or manifest.json; this one has neither")


# -- writing an archive (a pull) ---------------------------------------------------------


def tar_header(name: str, size: int) -> bytes:
    """The tar header of a regular file ``name`` of ``size`` bytes (any size: PAX)."""
    info = tarfile.TarInfo(name)
    info.size = size
    info.mode = 0o644
    return info.tobuf(format=tarfile.PAX_FORMAT)


def tar_padding(size: int) -> bytes:
    """The zeros that fill a file's last tar block."""
    return b"\0" * (-size % tarfile.BLOCKSIZE)


def blob_name(digest: str) -> str:
    """The archive path of a part: ``blobs/sha256/<hex>``."""
    return _blob_path(digest)


def oci_index(tag: str, manifest: Part) -> bytes:
    """``index.json`` naming ``manifest`` under ``tag``."""
    entry = {
        "mediaType": manifest.media_type or OCI_MANIFEST,
        "digest": manifest.digest,
        "size": manifest.size,
        "annotations": {
            "io.containerd.image.name": tag,
            "org.opencontainers.image.ref.name": tag.rsplit(":", 1)[-1],
        },
    }
    document = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json"}
    return json.dumps({**document, "manifests": [entry]}, separators=(",", ":")).encode()


def docker_manifest(tag: str, config: str, layers: list[str]) -> bytes:
    """``manifest.json`` for ``docker load``: the config and layer blobs by path."""
    entry = {
        "Config": _blob_path(config),
        "RepoTags": [tag],
        "Layers": [_blob_path(d) for d in layers],
    }
    return json.dumps([entry], separators=(",", ":")).encode()
