"""Uploads (tus 1.0, resumable) and downloads (streamed, resumed with ``Range``).

Uploads
    ``POST /1/artifacts`` creates the record (never retried blindly), then tus
    ``PATCH`` requests send the content in chunks, each body streamed from
    disk in small pieces with an explicit ``Content-Length``, so memory stays
    flat whatever the file size. A PATCH is never replayed by the retry
    transport: after a failure the upload asks the platform for its
    ``Upload-Offset`` (``HEAD``) and continues from there, so an interruption
    re-sends at most the one chunk in flight. The sha256 of the content is
    computed on the way and checked against the platform's ``etag``.

    Resume state (artifact id per file identity: path, size, mtime) lives in
    the user cache directory, never beside the user's files, so uploading the
    same file again after an interrupted run continues where it stopped. A
    content index (sha256 -> artifact id, per platform) lets ``upload()`` and
    ``find_by_content()`` reuse an artifact already uploaded with the same
    bytes, after checking with the platform that it is still there and ready.

Downloads
    ``GET`` of the content streams to a temporary file beside the target
    (renamed into place at the end); a dropped connection resumes with
    ``Range: bytes=<received>-``, and the size and sha256 are verified.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import io
import json
import logging
import mimetypes
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

import httpx
from conveyor_api.api.artifacts import (
    append_upload_chunk,
    download_artifact_content,
    get_upload_offset,
    read_artifact,
    upload_artifact,
)
from conveyor_api.models.artifact_status import ArtifactStatus
from conveyor_api.types import UNSET, File

from ._call import (
    BodySource,
    Call,
    Close,
    Flow,
    Read,
    Sleep,
    Stream,
    json_model,
    one,
    redact_url,
)
from .errors import (
    APIError,
    Conflict,
    IntegrityError,
    InvalidParameter,
    NotFound,
    RateLimited,
    ServerError,
    TransportError,
    whole_number,
)

logger = logging.getLogger("conveyor")

__all__ = ["DEFAULT_CHUNK_SIZE", "ContentReader", "sha256_from_etag", "upload_flow"]

TUS_VERSION = "1.0.0"
DEFAULT_CHUNK_SIZE = 16 * 1024 * 1024
"""Bytes per tus PATCH: an interruption re-sends at most this much."""
PIECE_SIZE = 256 * 1024
"""Bytes read from disk and handed to the socket at a time (bounds memory)."""
MAX_RESUMES = 10
#: `_Source.size` of a stream that cannot seek: its length is known only at its end.
UNKNOWN_SIZE = -1
"""Interruptions one transfer survives before giving up."""

_HEX64 = re.compile(r"[0-9a-fA-F]{64}")
ProgressCallback = Callable[[int, int], Any]


def sha256_from_etag(etag: str | None) -> str | None:
    """The hex sha256 in an etag such as ``"sha256:9f86..."`` (``W/`` and quotes allowed)."""
    if not etag:
        return None
    tag = etag.strip()
    if tag.startswith("W/"):
        tag = tag[2:]
    tag = tag.strip('"')
    if tag.lower().startswith("sha256:"):
        tag = tag[7:]
    return tag.lower() if _HEX64.fullmatch(tag) else None


def cache_root(configured: str | None) -> Path:
    """Where resume state and the content index live.

    ``cache_dir=`` of the client, else ``CONVEYOR_CACHE_DIR``, else
    ``$XDG_CACHE_HOME/conveyor``, else ``~/.cache/conveyor``.
    """
    if configured:
        return Path(configured)
    explicit = os.environ.get("CONVEYOR_CACHE_DIR")
    if explicit:
        return Path(explicit).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base).expanduser() / "conveyor"


class _Store:
    """Small per-platform files: the content index, file identities, and upload resume state."""

    def __init__(self, root: Path, platform_url: str) -> None:
        key = hashlib.sha256(platform_url.encode()).hexdigest()[:16]
        self.root = root
        self.key = key

    def _path(self, kind: str, name: str) -> Path:
        return self.root / kind / self.key / name

    def read(self, kind: str, name: str) -> dict[str, Any] | None:
        try:
            data = json.loads(self._path(kind, name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def write(self, kind: str, name: str, data: dict[str, Any]) -> None:
        path = self._path(kind, name)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(data), encoding="utf-8")
            os.replace(tmp, path)
        except OSError as exc:  # a read-only home must not break uploads
            logger.debug("cannot write %s state: %s", kind, exc)

    def delete(self, kind: str, name: str) -> None:
        with contextlib.suppress(OSError):
            self._path(kind, name).unlink()


class _Source:
    """What is being uploaded: an open binary file with its size, name and identity."""

    def __init__(
        self,
        file: BinaryIO,
        size: int,
        name: str | None,
        identity: str | None,
        owned: bool,
        sha256: str | None = None,
    ) -> None:
        self.file = file
        self.size = size
        self.name = name
        self.identity = identity
        self.owned = owned
        self.sha256 = sha256

    @classmethod
    def open(cls, source: Any) -> _Source:
        if isinstance(source, bytes | bytearray | memoryview):
            data = bytes(source)
            digest = hashlib.sha256(data).hexdigest()
            return cls(io.BytesIO(data), len(data), None, "bytes:" + digest, True, digest)
        if isinstance(source, str | os.PathLike):
            path = Path(source).expanduser()
            try:
                file = path.open("rb")
            except FileNotFoundError:
                raise InvalidParameter(
                    f"source: no such file: {str(path)!r}", parameter="source", value=str(path)
                ) from None
            except IsADirectoryError:
                raise InvalidParameter(
                    f"source: a directory, not a file: {str(path)!r}",
                    parameter="source",
                    value=str(path),
                ) from None
            stat = os.fstat(file.fileno())
            identity = f"file:{path.resolve()}:{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ino}"
            return cls(file, stat.st_size, path.name, identity, True)
        if hasattr(source, "read"):
            name = getattr(source, "name", None)
            base = os.path.basename(name) if isinstance(name, str) else None
            if not (hasattr(source, "seekable") and source.seekable()):
                # A pipe, socket or generator-backed stream: size unknown until the end.
                return cls(source, UNKNOWN_SIZE, base, None, False)
            start = source.tell()
            end = source.seek(0, os.SEEK_END)
            source.seek(start)
            if start:  # upload from the current position: present it as its own file
                source = _Window(source, start, end - start)
            return cls(source, end - start, base, None, False)
        raise InvalidParameter(
            f"source: a path, bytes or a binary file object is needed, not {type(source).__name__}",
            parameter="source",
        )

    def hash_range(self, hasher: Any, start: int, stop: int) -> None:
        """Feed bytes ``[start, stop)`` of the file to ``hasher``."""
        self.file.seek(start)
        remaining = stop - start
        while remaining > 0:
            piece = self.file.read(min(1024 * 1024, remaining))
            if not piece:
                raise OSError("the file got shorter while it was being uploaded")
            hasher.update(piece)
            remaining -= len(piece)

    def digest(self) -> str:
        if self.sha256 is None:
            hasher = hashlib.sha256()
            self.hash_range(hasher, 0, self.size)
            self.sha256 = hasher.hexdigest()
        return self.sha256

    def close(self) -> None:
        if self.owned:
            self.file.close()


class _Window(io.RawIOBase):
    """A file seen from ``start`` on, so offsets count from the caller's position."""

    def __init__(self, file: Any, start: int, size: int) -> None:
        self._file = file
        self._start = start
        self._size = size
        self.name = getattr(file, "name", None)

    def seekable(self) -> bool:
        return True

    def readable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        if whence == os.SEEK_END:
            offset = self._size + offset
        elif whence == os.SEEK_CUR:
            offset = self._file.tell() - self._start + offset
        return int(self._file.seek(self._start + offset)) - self._start

    def tell(self) -> int:
        return int(self._file.tell()) - self._start

    def read(self, size: int = -1) -> bytes:
        return self._file.read(size)  # type: ignore[no-any-return]


class _Progress:
    """Reports transferred bytes to a callback, or to a tqdm bar for ``progress=True``."""

    def __init__(self, progress: bool | ProgressCallback | None, total: int, label: str) -> None:
        self.done = 0
        self.total = total
        self._callback: ProgressCallback | None = None
        self._bar: Any = None
        if progress is True:
            try:
                from tqdm import tqdm  # type: ignore[import-untyped]
            except ImportError as exc:
                raise InvalidParameter(
                    "progress=True needs tqdm: pip install 'conveyor[progress]'",
                    parameter="progress",
                ) from exc
            self._bar = tqdm(
                total=total if total >= 0 else None,
                unit="B",
                unit_scale=True,
                unit_divisor=1024,
                desc=label,
            )
        elif callable(progress):
            self._callback = progress

    @property
    def active(self) -> bool:
        return self._callback is not None or self._bar is not None

    def advance(self, count: int) -> None:
        self.set(self.done + count)

    def set(self, done: int) -> None:
        if self._bar is not None:
            self._bar.update(done - self.done)
        self.done = done
        if self._callback is not None:
            self._callback(done, self.total)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def _ready_copy_flow(artifact_id: str, sha256: str, size: int) -> Flow[ArtifactStatus | None]:
    """The artifact's record if it still exists, is ready, and holds exactly these bytes."""
    try:
        record = yield from one(
            Call(read_artifact._get_kwargs(artifact_id), json_model(ArtifactStatus))
        )
    except (NotFound, APIError):
        return None
    if (
        record.status == "ready"
        and sha256_from_etag(record.etag if isinstance(record.etag, str) else None) == sha256
        and (not isinstance(record.size, int) or record.size == size)
    ):
        return record
    return None


def find_by_content_flow(client: Any, source: Any) -> Flow[ArtifactStatus | None]:
    """The artifact already on the platform with the same bytes as ``source``, if known."""
    src = _Source.open(source)
    try:
        if src.size == UNKNOWN_SIZE:
            # Hashing would consume the stream, leaving nothing to upload afterwards.
            raise InvalidParameter(
                "source: find_by_content needs a path, bytes or a seekable file object",
                parameter="source",
            )
        store = _Store(cache_root(client._cache_dir), client.url)
        digest = src.digest()
        if src.identity is not None:
            store.write("identities", _name(src.identity), {"sha256": digest})
        entry = store.read("content", digest)
        if entry is None or not isinstance(entry.get("artifact"), str):
            return None
        record = yield from _ready_copy_flow(entry["artifact"], digest, src.size)
        if record is None:
            store.delete("content", digest)
        return record
    finally:
        src.close()


def _name(identity: str) -> str:
    return hashlib.sha256(identity.encode()).hexdigest()


def upload_flow(
    client: Any,
    source: Any,
    *,
    name: str | None,
    content_type: str | None,
    collection: str | None,
    policy: str | None,
    chunk_size: int | None,
    progress: bool | ProgressCallback | None,
    force: bool,
) -> Flow[ArtifactStatus]:
    """Upload ``source`` resumably and return the ready artifact's record."""
    chunk = DEFAULT_CHUNK_SIZE if chunk_size is None else whole_number(chunk_size, "chunk_size", 1)
    src = _Source.open(source)
    bar: _Progress | None = None
    try:
        store = _Store(cache_root(client._cache_dir), client.url)
        identity = None if src.identity is None else _name(src.identity)
        name = name or src.name
        if content_type is None:
            guessed = mimetypes.guess_type(name)[0] if name else None
            content_type = guessed or "application/octet-stream"

        if src.size == UNKNOWN_SIZE:
            return (
                yield from _stream_upload_flow(
                    src, store, name, content_type, collection, policy, chunk, progress
                )
            )

        # Reuse an artifact with the same bytes, when this machine has seen them.
        if not force:
            known = store.read("identities", identity) if identity else None
            digest = known.get("sha256") if known else None
            if not isinstance(digest, str):
                digest = src.digest()
                if identity is not None:
                    store.write("identities", identity, {"sha256": digest})
            entry = store.read("content", digest)
            if entry is not None and isinstance(entry.get("artifact"), str):
                reused = yield from _ready_copy_flow(entry["artifact"], digest, src.size)
                if reused is not None:
                    logger.debug("upload: reusing %s with the same content", reused.id)
                    return reused
                store.delete("content", digest)

        # Continue an interrupted upload of the same file, or start one.
        artifact_id: str | None = None
        offset = 0
        state = store.read("uploads", identity) if identity else None
        if state is not None and state.get("size") == src.size:
            candidate = state.get("artifact")
            if isinstance(candidate, str):
                try:
                    offset = yield from _offset_flow(candidate)
                    artifact_id = candidate
                    logger.debug("upload: resuming %s at byte %d", candidate, offset)
                except APIError:
                    artifact_id = None
        if artifact_id is None:
            artifact_id = yield from _create_flow(name, content_type, src.size, collection, policy)
            offset = 0
            if identity is not None:
                store.write("uploads", identity, {"artifact": artifact_id, "size": src.size})

        bar = _Progress(progress, src.size, name or "upload")
        bar.set(offset)
        hasher = hashlib.sha256()
        if offset:
            src.hash_range(hasher, 0, offset)
        resumes = 0
        while offset < src.size:
            length = min(chunk, src.size - offset)
            before = hasher.copy()
            on_piece = _piece_listener(hasher, bar)
            try:
                reached = yield from _append_flow(
                    artifact_id, src.file, offset, offset, length, on_piece, None
                )
            except _INTERRUPTIONS as exc:
                resumes += 1
                reached = yield from _resume_flow(artifact_id, offset, resumes, exc)
            if reached != offset + length:
                hasher = before
                if reached > offset:
                    src.hash_range(hasher, offset, reached)
                elif reached < offset:  # the platform lost data: rehash what it has
                    hasher = hashlib.sha256()
                    src.hash_range(hasher, 0, reached)
            offset = reached
            bar.set(offset)

        digest = hasher.hexdigest()
        if src.sha256 is not None and src.sha256 != digest:
            raise IntegrityError(
                "the file changed while it was being uploaded",
                expected=f"sha256:{src.sha256}",
                actual=f"sha256:{digest}",
            )
        record = yield from _finish_flow(store, artifact_id, digest)
        if identity is not None:
            store.delete("uploads", identity)
        return record
    finally:
        if bar is not None:
            bar.close()
        src.close()


# Failures after which an upload asks the platform how much arrived and goes on.
_INTERRUPTIONS = (TransportError, ServerError, RateLimited, Conflict)


def _create_flow(
    name: str | None,
    content_type: str,
    size: int,
    collection: str | None,
    policy: str | None,
) -> Flow[str]:
    """Create the artifact record for a tus upload of ``size`` bytes (-1: not known yet)."""
    kwargs = upload_artifact._get_kwargs(
        x_name=UNSET if not name else base64.b64encode(name.encode()).decode("ascii"),
        x_content_type=content_type,
        x_content_length=size,
        upload_length=size,
        x_collection=UNSET if collection is None else collection,
        x_policy=UNSET if policy is None else policy,
        tus_resumable=TUS_VERSION,
    )
    created = yield from one(Call(kwargs, json_model(ArtifactStatus), retry="create"))
    return created.id


def _append_flow(
    artifact_id: str,
    file: Any,
    file_offset: int,
    upload_offset: int,
    length: int,
    on_piece: Callable[[bytes], None] | None,
    total: int | None,
) -> Flow[int]:
    """One tus PATCH of ``length`` bytes read from ``file`` at ``file_offset``.

    Returns the platform's new offset. ``total`` announces the whole size on
    the last chunk of an upload that started with an unknown size.
    """
    body = BodySource(file, file_offset, length, PIECE_SIZE, on_piece)
    kwargs = append_upload_chunk._get_kwargs(
        artifact_id,
        body=File(payload=file),
        upload_offset=upload_offset,
        upload_length=UNSET if total is None else total,
        tus_resumable=TUS_VERSION,
    )
    kwargs["headers"]["Content-Length"] = str(length)
    # Never retried as it stands: the body is a one-shot stream; _resume_flow goes on instead.
    response: httpx.Response = yield from one(Call(kwargs, None, body=body, retry="never"))
    return _header_offset(response.headers, upload_offset + length)


def _resume_flow(artifact_id: str, offset: int, resumes: int, exc: Exception) -> Flow[int]:
    """After an interrupted PATCH: back off, then ask how many bytes the platform holds."""
    if resumes > MAX_RESUMES:
        raise exc
    logger.debug("upload: chunk at %d interrupted (%s); resuming", offset, exc)
    yield Sleep(min(0.25 * 2 ** (resumes - 1), 8.0))
    return (yield from _offset_flow(artifact_id))


def _finish_flow(store: _Store, artifact_id: str, digest: str) -> Flow[ArtifactStatus]:
    """Read the finished artifact, check it holds the bytes sent, remember its content."""
    record = yield from one(
        Call(read_artifact._get_kwargs(artifact_id), json_model(ArtifactStatus))
    )
    announced = sha256_from_etag(record.etag if isinstance(record.etag, str) else None)
    if announced is not None and announced != digest:
        raise IntegrityError(
            f"the platform holds different bytes than were sent for {artifact_id}",
            expected=f"sha256:{digest}",
            actual=f"sha256:{announced}",
        )
    store.write("content", digest, {"artifact": artifact_id})
    return record


def _stream_upload_flow(
    src: _Source,
    store: _Store,
    name: str | None,
    content_type: str,
    collection: str | None,
    policy: str | None,
    chunk: int,
    progress: bool | ProgressCallback | None,
) -> Flow[ArtifactStatus]:
    """Upload a stream that cannot seek (a pipe, stdin): tus with a deferred length.

    One chunk is held in memory at a time, so an interrupted PATCH is resent
    from memory, and memory stays bounded by ``chunk_size``. Reading one byte
    past each chunk tells whether it is the last, whose PATCH then announces
    the total. Nothing can be deduplicated beforehand: the hash is known only
    at the end. Resuming in a later run is impossible for the same reason.
    """
    read = src.file.read
    lookahead = b""

    def next_chunk() -> tuple[bytes, bool]:
        nonlocal lookahead
        parts, have = [lookahead], len(lookahead)
        while have <= chunk:
            piece = read(chunk + 1 - have)
            if not piece:
                lookahead = b""
                return b"".join(parts), True
            parts.append(piece)
            have += len(piece)
        data = b"".join(parts)
        lookahead = data[chunk:]
        return data[:chunk], False

    data, last = next_chunk()
    artifact_id = yield from _create_flow(
        name, content_type, len(data) if last else UNKNOWN_SIZE, collection, policy
    )
    bar = _Progress(progress, UNKNOWN_SIZE, name or "upload")
    hasher = hashlib.sha256()
    offset = resumes = 0
    try:
        while True:
            start, end = offset, offset + len(data)
            buffer = io.BytesIO(data)
            while offset < end:
                try:
                    reached = yield from _append_flow(
                        artifact_id,
                        buffer,
                        offset - start,
                        offset,
                        end - offset,
                        (lambda piece: bar.advance(len(piece))) if bar.active else None,
                        end if last else None,
                    )
                except _INTERRUPTIONS as exc:
                    resumes += 1
                    reached = yield from _resume_flow(artifact_id, offset, resumes, exc)
                if not start <= reached <= end:
                    raise IntegrityError(
                        f"the platform holds {reached} bytes of {artifact_id}, outside the "
                        f"chunk {start}-{end} still in memory: a stream cannot be re-read",
                        expected=f"{start}-{end}",
                        actual=str(reached),
                    )
                offset = reached
                bar.set(offset)
            hasher.update(data)
            if last:
                break
            data, last = next_chunk()
    finally:
        bar.close()
    return (yield from _finish_flow(store, artifact_id, hasher.hexdigest()))


def _piece_listener(hasher: Any, bar: _Progress) -> Callable[[bytes], None]:
    update = hasher.update
    if not bar.active:
        return update  # type: ignore[no-any-return]

    def listen(piece: bytes) -> None:
        update(piece)
        bar.advance(len(piece))

    return listen


def _header_offset(headers: Any, default: int) -> int:
    value = headers.get("upload-offset")
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _offset_flow(artifact_id: str) -> Flow[int]:
    """How many bytes of the upload the platform holds (tus ``HEAD``)."""
    kwargs = get_upload_offset._get_kwargs(artifact_id, tus_resumable=TUS_VERSION)
    response: httpx.Response = yield from one(Call(kwargs, None))
    value = response.headers.get("upload-offset")
    if value is None or not value.isdigit():
        from .errors import MalformedResponse

        raise MalformedResponse(
            "the upload offset answer has no Upload-Offset header",
            method="HEAD",
            url=redact_url(response.request.url),
            status=response.status_code,
        )
    return int(value)


class ContentReader:
    """Streams an artifact's content, resuming with ``Range`` after a dropped connection.

    `next_flow()` yields the next piece (``b""`` at the end, after the size
    and sha256 were checked); the sync and async readers drive it.
    """

    def __init__(self, artifact: Any) -> None:
        self._artifact = artifact
        self.offset = 0
        self._hasher = hashlib.sha256()
        self._stream: Stream | None = None
        self._etag: str | None = None
        self._skip = 0
        self._resumes = 0
        self._finished = False
        self.size: int | None = None
        self.sha256: str | None = None

    def _open_flow(self) -> Flow[None]:
        artifact = self._artifact
        if self.size is None and self.sha256 is None and self.offset == 0:
            if artifact._get("etag") is None or artifact._get("size") is None:
                yield from artifact._refresh_flow()
            size = artifact._get("size")
            self.size = size if isinstance(size, int) else None
            self.sha256 = sha256_from_etag(artifact._get("etag"))
        range_ = f"bytes={self.offset}-" if self.offset else UNSET
        kwargs = download_artifact_content._get_kwargs(artifact.id, range_=range_)
        stream: Stream = yield from one(Call(kwargs, None, stream=True))
        etag = stream.headers.get("etag")
        if self._etag is not None and etag is not None and etag != self._etag:
            yield Close(stream)
            raise IntegrityError(
                f"the content of {artifact.id} changed during the download",
                expected=self._etag,
                actual=etag,
            )
        self._etag = self._etag or etag
        if self.sha256 is None:
            self.sha256 = sha256_from_etag(etag)
        # A platform that ignores Range sends everything again: skip what we have.
        self._skip = self.offset if stream.status_code == 200 else 0
        self._stream = stream

    def next_flow(self) -> Flow[bytes]:
        """The next piece of content, or ``b""`` once all of it arrived and checked out."""
        while not self._finished:
            if self._stream is None:
                yield from self._open_flow()
            stream = self._stream
            assert stream is not None
            try:
                piece: bytes = yield Read(stream)
            except TransportError as exc:
                self._resumes += 1
                self._stream = None
                with contextlib.suppress(TransportError):
                    yield Close(stream)
                if self._resumes > MAX_RESUMES:
                    raise
                logger.debug("download: interrupted at %d (%s); resuming", self.offset, exc)
                yield Sleep(min(0.25 * 2 ** (self._resumes - 1), 8.0))
                continue
            if not piece:
                self._stream = None
                yield Close(stream)
                self._finished = True
                self._verify()
                return b""
            if self._skip:
                dropped = min(self._skip, len(piece))
                piece = piece[dropped:]
                self._skip -= dropped
                if not piece:
                    continue
            self.offset += len(piece)
            self._hasher.update(piece)
            return piece
        return b""

    def close_flow(self) -> Flow[None]:
        """Release the connection of an abandoned read."""
        if self._stream is not None:
            stream, self._stream = self._stream, None
            yield Close(stream)

    def _verify(self) -> None:
        if self.size is not None and self.offset != self.size:
            raise IntegrityError(
                f"{self._artifact.id}: received {self.offset} bytes, expected {self.size}",
                expected=self.size,
                actual=self.offset,
            )
        digest = self._hasher.hexdigest()
        if self.sha256 is not None and digest != self.sha256:
            raise IntegrityError(
                f"{self._artifact.id}: the content's sha256 does not match its etag",
                expected=f"sha256:{self.sha256}",
                actual=f"sha256:{digest}",
            )

    @property
    def digest(self) -> str:
        """The hex sha256 of everything read so far."""
        return self._hasher.hexdigest()


def download_flow(client: Any, artifact: Any, target: Any) -> Flow[Path | None]:
    """Stream the content into ``target`` (a path, a directory, or a binary file object)."""
    reader = ContentReader(artifact)
    if hasattr(target, "write"):
        while piece := (yield from reader.next_flow()):
            target.write(piece)
        _remember(client, reader, artifact.id)
        return None
    path = Path(target).expanduser()
    if path.is_dir() or str(target).endswith(("/", os.sep)):
        path = path / _safe_name(artifact._get("name") or artifact.id.rsplit(":", 1)[-1])
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.conveyor-part")
    try:
        with partial.open("wb") as out:
            while piece := (yield from reader.next_flow()):
                out.write(piece)
        os.replace(partial, path)
    except GeneratorExit:
        partial.unlink(missing_ok=True)
        raise
    except BaseException:
        yield from reader.close_flow()
        partial.unlink(missing_ok=True)
        raise
    _remember(client, reader, artifact.id)
    return path


def _remember(client: Any, reader: ContentReader, artifact_id: str) -> None:
    # A verified download proves these bytes are on the platform: uploading
    # them again can reuse the artifact.
    if reader.sha256 is not None:
        _Store(cache_root(client._cache_dir), client.url).write(
            "content", reader.sha256, {"artifact": artifact_id}
        )


def _safe_name(name: str) -> str:
    cleaned = re.sub(r"[^\w.\- ]", "_", os.path.basename(name)).strip(" .")
    return cleaned or "artifact"
