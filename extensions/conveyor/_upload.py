"""Uploads: tus 1.0, resumable, verified, and deduplicated through the content store.

``POST /1/artifacts`` creates the record (never retried blindly), then tus
``PATCH`` requests send the content in chunks, each body streamed from disk
in small pieces with an explicit ``Content-Length``, so memory stays flat
whatever the file size. A PATCH is never replayed by the retry transport:
after a failure the upload asks the platform for its ``Upload-Offset``
(``HEAD``) and continues from there, so an interruption re-sends at most the
one chunk in flight. The sha256 of the content is computed on the way and
checked against the platform's ``etag``.

Resume state and the content index live in the `ContentStore`: uploading
the same file again after an interrupted run continues where it stopped,
and bytes this machine has seen on the platform are reused, after checking
that the artifact is still there and ready.

Opening and hashing the source, reading a stream's chunks and every content
store access run through `blocking`; only the pieces of a request body are
read (and hashed) inline, a quarter MiB at a time.
"""

from __future__ import annotations

import base64
import hashlib
import io
import logging
import mimetypes
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import httpx
from conveyor_api.api.artifacts import (
    append_upload_chunk,
    get_upload_offset,
    read_artifact,
    upload_artifact,
)
from conveyor_api.models.artifact_status import ArtifactStatus
from conveyor_api.models.upload_artifact_x_name_encoding import UploadArtifactXNameEncoding
from conveyor_api.types import UNSET, File, Unset

from ._call import BodySource, Call, Flow, Sleep, json_model, one, redact_url
from ._content_store import ContentStore, identity_key
from ._transfer_base import (
    MAX_RESUMES,
    ProgressCallback,
    TransferProgress,
    blocking,
    check_progress,
    content_url,
    resume_delay,
    sha256_from_etag,
)
from .errors import (
    APIError,
    Conflict,
    IntegrityError,
    InvalidParameter,
    LocalFileNotFound,
    MalformedResponse,
    NotFound,
    RateLimited,
    ServerError,
    TransportError,
    UploadIncomplete,
    whole_number,
)

logger = logging.getLogger("conveyor")


if TYPE_CHECKING:
    from ._call import Driver

__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "ProgressCallback",
    "check_local_file",
    "find_by_content_flow",
    "upload_flow",
]

TUS_VERSION = "1.0.0"
DEFAULT_CHUNK_SIZE = 16 * 1024 * 1024
"""Bytes per tus PATCH: an interruption re-sends at most this much."""
READY_CHECKS = 4
"""Reads of a finished upload's record while the platform still calls it pending."""

PIECE_SIZE = 256 * 1024
"""Bytes read from disk and handed to the socket at a time (bounds memory)."""
HASH_READ_SIZE = 1024 * 1024
"""Bytes read at a time while hashing a file in a worker thread."""
UNKNOWN_SIZE = -1
"""`_Source.size` of a stream that cannot seek: its length is known only at its end."""

# Failures after which an upload asks the platform how much arrived and goes on.
_INTERRUPTIONS = (TransportError, ServerError, RateLimited, Conflict)


# -- what is uploaded ---------------------------------------------------------------


class _Source:
    """What is being uploaded: an open binary file with its size, name and identity.

    Opening, statting and hashing block: flows call them through `blocking`.
    """

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

    @property
    def key(self) -> str | None:
        """The content store key of this source's identity (``None``: it has none)."""
        return None if self.identity is None else identity_key(self.identity)

    @classmethod
    def open(cls, source: Any) -> _Source:
        """Open a path, wrap bytes or a binary file object (blocks: stat, resolve, hash)."""
        if isinstance(source, bytes | bytearray | memoryview):
            data = bytes(source)
            digest = hashlib.sha256(data).hexdigest()
            return cls(io.BytesIO(data), len(data), None, "bytes:" + digest, True, digest)
        if isinstance(source, str | os.PathLike):
            path = Path(source).expanduser()
            try:
                file = path.open("rb")
            except (FileNotFoundError, IsADirectoryError):
                check_local_file(source)
                raise
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
        """Feed bytes ``[start, stop)`` of the file to ``hasher`` (blocks: reads them all)."""
        self.file.seek(start)
        remaining = stop - start
        while remaining > 0:
            piece = self.file.read(min(HASH_READ_SIZE, remaining))
            if not piece:
                raise OSError("the file got shorter while it was being uploaded")
            hasher.update(piece)
            remaining -= len(piece)

    def digest(self) -> str:
        """The hex sha256 of the whole content (blocks: reads it all, the first time)."""
        if self.sha256 is None:
            hasher = hashlib.sha256()
            self.hash_range(hasher, 0, self.size)
            self.sha256 = hasher.hexdigest()
        return self.sha256

    def close(self) -> None:
        """Close the file, if this source opened it."""
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


def check_local_file(source: Any, parameter: str = "source") -> None:
    """Refuse a path that is not a readable file's, before anything is sent (blocks: stats it).

    Anything other than a path (bytes, a file object) passes: it is checked
    when opened.

    Raises:
        LocalFileNotFound: Nothing exists at the path.
        InvalidParameter: The path is a directory's.
    """
    if not isinstance(source, str | os.PathLike):
        return
    path = Path(source).expanduser()
    if path.is_dir():
        raise InvalidParameter(
            f"{parameter}: a directory, not a file: {str(path)!r}",
            parameter=parameter,
            value=str(path),
        )
    if not path.exists():
        raise LocalFileNotFound(
            f"{parameter}: no such file: {str(path)!r}", parameter=parameter, path=str(path)
        )


def _open_source(
    source: Any, name: str | None, content_type: str | None
) -> tuple[_Source, str | None, str]:
    """The opened source, the artifact's name and its media type (blocks).

    The first ``mimetypes`` guess reads the system's type maps, so it runs
    here, with the other blocking set-up.
    """
    src = _Source.open(source)
    name = name or src.name
    if content_type is None:
        guessed = mimetypes.guess_type(name)[0] if name else None
        content_type = guessed or "application/octet-stream"
    return src, name, content_type


def _known_copy(
    store: ContentStore, src: _Source, trust_identity: bool
) -> tuple[str, dict[str, Any]]:
    """The source's sha256 and what the store knows of it (blocks: may hash).

    With ``trust_identity`` the sha256 recorded for an unchanged file identity
    is taken as is instead of hashing the file again.
    """
    key = src.key
    digest: Any = None
    if trust_identity and key is not None:
        known = store.read("identities", key)
        digest = known.get("sha256") if known else None
    if not isinstance(digest, str):
        digest = src.digest()
        if key is not None:
            store.write("identities", key, {"sha256": digest})
    return digest, store.content_entry(digest)


def _same_record(
    record: ArtifactStatus,
    entry: dict[str, Any],
    name: str | None,
    collection: str | None,
    policy: str | None,
) -> bool:
    """Whether reusing ``record`` gives what uploading anew would: the same name,
    collection and policy. Otherwise the upload makes a new record (the platform
    may still share the stored bytes): a name, and above all an access policy,
    must never be dropped silently for the sake of deduplication."""
    if (_value(record.name), _value(record.collection)) != (name, collection):
        return False
    if policy is not None:
        return bool(_value(record.policy) == policy)
    # No policy asked for: reuse only what an upload of ours made with none either.
    return "policy" in entry and entry["policy"] is None


# -- flows ---------------------------------------------------------------------------


def _value(field: Any) -> Any:
    """A generated model's field, ``None`` for ``UNSET``."""
    return None if isinstance(field, Unset) else field


def _ready_copy_flow(artifact_id: str, sha256: str, size: int) -> Flow[ArtifactStatus | None]:
    """The artifact's record if it still exists, is ready, and holds exactly these bytes."""
    try:
        record = yield from one(
            Call(read_artifact.request_args(artifact_id), json_model(ArtifactStatus))
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


def _reuse_flow(
    store: ContentStore, src: _Source, trust_identity: bool
) -> Flow[tuple[ArtifactStatus | None, dict[str, Any]]]:
    """The ready artifact already holding the source's bytes, if the store knows one,
    with what the store knows of it."""
    digest, entry = yield from blocking(_known_copy, store, src, trust_identity)
    candidate = entry.get("artifact")
    if candidate is None:
        return None, entry
    record = yield from _ready_copy_flow(candidate, digest, src.size)
    if record is None:  # gone, or different bytes now: stop offering it
        yield from blocking(store.delete, "content", digest)
    return record, entry


def find_by_content_flow(client: Driver, source: Any) -> Flow[ArtifactStatus | None]:
    """The artifact already on the platform with the same bytes as ``source``, if known."""
    src = yield from blocking(_Source.open, source)
    try:
        if src.size == UNKNOWN_SIZE:
            # Hashing would consume the stream, leaving nothing to upload afterwards.
            raise InvalidParameter(
                "source: find_by_content needs a path, bytes or a seekable file object",
                parameter="source",
            )
        record, _ = yield from _reuse_flow(ContentStore.of(client), src, trust_identity=False)
        return record
    finally:
        src.close()


def upload_flow(
    client: Driver,
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
    check_progress(progress)
    src, name, content_type = yield from blocking(_open_source, source, name, content_type)
    bar: TransferProgress | None = None
    try:
        store = ContentStore.of(client)
        if src.size == UNKNOWN_SIZE:
            return (
                yield from _stream_upload_flow(
                    src, store, name, content_type, collection, policy, chunk, progress
                )
            )

        # Reuse an artifact with the same bytes, when this machine has seen them.
        if not force:
            reused, entry = yield from _reuse_flow(store, src, trust_identity=True)
            if reused is not None:
                if _same_record(reused, entry, name, collection, policy):
                    logger.debug("upload: reusing %s with the same content", reused.id)
                    return reused
                logger.debug(
                    "upload: %s holds the same bytes under another name, collection or"
                    " policy; making a new record",
                    reused.id,
                )

        # Continue an interrupted upload of the same file, or start one.
        key = src.key
        artifact_id: str | None = None
        offset = 0
        state = None if key is None else (yield from blocking(store.read, "uploads", key))
        href = ""
        if state is not None and state.get("size") == src.size:
            candidate = state.get("artifact")
            if isinstance(candidate, str):
                try:
                    href = yield from _content_href_flow(candidate, state.get("href"))
                    try:
                        offset = yield from _offset_flow(candidate, href, src.size)
                    except _INTERRUPTIONS as exc:
                        offset, _ = yield from _resume_flow(candidate, href, 0, 1, exc, src.size)
                    artifact_id = candidate
                    logger.debug("upload: resuming %s at byte %d", candidate, offset)
                except _INTERRUPTIONS:
                    # Not an answer about the upload: it stays to resume, never made anew.
                    raise
                except (APIError, MalformedResponse):
                    artifact_id = None
        if artifact_id is None:
            artifact_id, href = yield from _create_flow(
                name, content_type, src.size, collection, policy
            )
            offset = 0
            if key is not None:
                state = {"artifact": artifact_id, "size": src.size, "href": href}
                yield from blocking(store.write, "uploads", key, state)

        bar = yield from blocking(TransferProgress, progress, src.size, name or "upload")
        bar.set(offset)
        hasher = hashlib.sha256()
        if offset:
            yield from blocking(src.hash_range, hasher, 0, offset)
        resumes = stalled = 0
        while offset < src.size:
            length = min(chunk, src.size - offset)
            before = hasher.copy()
            on_piece = _piece_listener(hasher, bar)
            try:
                reached = yield from _append_flow(
                    artifact_id, href, src.file, offset, offset, length, on_piece, None, src.size
                )
            except _INTERRUPTIONS as exc:
                reached, resumes = yield from _resume_flow(
                    artifact_id, href, offset, resumes + 1, exc, src.size
                )
            if reached <= offset:
                stalled += 1
                if stalled > MAX_RESUMES:
                    raise _no_progress(artifact_id, reached, src.size)
            else:
                stalled = resumes = 0
            if reached != offset + length:
                hasher = before
                if reached > offset:
                    yield from blocking(src.hash_range, hasher, offset, reached)
                elif reached < offset:  # the platform lost data: rehash what it has
                    hasher = hashlib.sha256()
                    yield from blocking(src.hash_range, hasher, 0, reached)
            offset = reached
            bar.set(offset)

        digest = hasher.hexdigest()
        if src.sha256 is not None and src.sha256 != digest:
            raise IntegrityError(
                "the file changed while it was being uploaded",
                expected=f"sha256:{src.sha256}",
                actual=f"sha256:{digest}",
            )
        record = yield from _finish_flow(store, artifact_id, digest, policy, src.size)
        if key is not None:
            yield from blocking(store.delete, "uploads", key)
        return record
    finally:
        if bar is not None:
            bar.close()
        src.close()


def _create_flow(
    name: str | None,
    content_type: str,
    size: int,
    collection: str | None,
    policy: str | None,
) -> Flow[tuple[str, str]]:
    """Create the artifact record for a tus upload of ``size`` bytes (-1: not known yet).

    Returns the artifact's id and the URL its content goes to (its ``data-href``).
    """
    kwargs = upload_artifact.request_args(
        # IVCAP reads base64 and ignores the marker; the marker makes the sandbox exact.
        x_name=UNSET if not name else base64.b64encode(name.encode()).decode("ascii"),
        x_name_encoding=UNSET if not name else UploadArtifactXNameEncoding.BASE64,
        x_content_type=content_type,
        x_content_length=size,
        upload_length=size,
        x_collection=UNSET if collection is None else collection,
        x_policy=UNSET if policy is None else policy,
        tus_resumable=TUS_VERSION,
    )
    created = yield from one(Call(kwargs, json_model(ArtifactStatus), retry="create"))
    return created.id, content_url(created.data_href, created.id)


def _content_href_flow(artifact_id: str, saved: object) -> Flow[str]:
    """The content URL of an upload being resumed: as saved, or from a fresh read of its record."""
    if isinstance(saved, str) and saved:
        return saved
    record = yield from one(
        Call(read_artifact.request_args(artifact_id), json_model(ArtifactStatus))
    )
    return content_url(record.data_href, artifact_id)


def _append_flow(
    artifact_id: str,
    href: str,
    file: Any,
    file_offset: int,
    upload_offset: int,
    length: int,
    on_piece: Callable[[bytes], None] | None,
    total: int | None,
    size: int | None,
) -> Flow[int]:
    """One tus PATCH to ``href`` of ``length`` bytes read from ``file`` at ``file_offset``.

    Returns the new offset the platform confirmed. An answer without an
    ``Upload-Offset`` confirms nothing: the offset is then asked for with a
    ``HEAD``. ``total`` announces the whole size on the last chunk of an
    upload that started with an unknown size; ``size`` (the whole size,
    when known) bounds the offsets a platform may answer.
    """
    body = BodySource(file, file_offset, length, PIECE_SIZE, on_piece)
    kwargs = append_upload_chunk.request_args(
        artifact_id,
        body=File(payload=file),
        upload_offset=upload_offset,
        upload_length=UNSET if total is None else total,
        tus_resumable=TUS_VERSION,
    )
    kwargs["headers"]["Content-Length"] = str(length)
    kwargs["url"] = href
    # Never retried as it stands: the body is a one-shot stream; _resume_flow goes on instead.
    response: httpx.Response = yield from one(Call(kwargs, None, body=body, retry="never"))
    if response.headers.get("upload-offset") is None:
        logger.debug("upload: a PATCH of %s confirmed no offset; asking for it", artifact_id)
        return (yield from _offset_flow(artifact_id, href, size))
    return _confirmed_offset(response, artifact_id, size)


def _resume_flow(
    artifact_id: str, href: str, offset: int, resumes: int, exc: Exception, size: int | None
) -> Flow[tuple[int, int]]:
    """After an interruption: back off, then ask how many bytes the platform holds (``HEAD``).

    ``resumes`` counts the interruptions in a row without progress, this one
    included; a ``HEAD`` that fails too is one more of them, not the end of
    the call. Returns the platform's offset and the count so far; raises the
    last failure once more than `MAX_RESUMES` came in a row.
    """
    while True:
        if resumes > MAX_RESUMES:
            raise exc
        logger.debug("upload: interrupted at %d (%s); asking the platform's offset", offset, exc)
        yield Sleep(resume_delay(resumes))
        try:
            return (yield from _offset_flow(artifact_id, href, size)), resumes
        except _INTERRUPTIONS as failed:
            exc = failed
            resumes += 1


def _finish_flow(
    store: ContentStore, artifact_id: str, digest: str, policy: str | None, size: int
) -> Flow[ArtifactStatus]:
    """Read the finished artifact, check it holds the bytes sent, remember its content.

    The platform confirmed every byte already (its offset reached ``size``);
    the record must say the same: ready, of that size, and with the same
    sha256 where it names one. A platform may take a moment to mark the
    record ready, so a pending one is read again a few times.
    """
    for attempt in range(READY_CHECKS):
        record = yield from one(
            Call(read_artifact.request_args(artifact_id), json_model(ArtifactStatus))
        )
        if record.status != "pending" or attempt == READY_CHECKS - 1:
            break
        yield Sleep(resume_delay(attempt + 1))
    recorded = record.size if isinstance(record.size, int) else None
    if record.status != "ready" or (recorded is not None and recorded != size):
        raise UploadIncomplete(
            f"the platform confirmed all {size} bytes of {artifact_id}, but its record says "
            f"status {record.status!s}, size {recorded if recorded is not None else 'unknown'}",
            artifact=artifact_id,
            confirmed=recorded,
            size=size,
        )
    announced = sha256_from_etag(record.etag if isinstance(record.etag, str) else None)
    if announced is not None and announced != digest:
        raise IntegrityError(
            f"the platform holds different bytes than were sent for {artifact_id}",
            expected=f"sha256:{digest}",
            actual=f"sha256:{announced}",
        )
    yield from blocking(store.remember_upload, digest, artifact_id, policy)
    return record


def _stream_upload_flow(
    src: _Source,
    store: ContentStore,
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
        # Blocks until a whole chunk (or the end) arrived: run through `blocking`.
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

    data, last = yield from blocking(next_chunk)
    artifact_id, href = yield from _create_flow(
        name, content_type, len(data) if last else UNKNOWN_SIZE, collection, policy
    )
    bar = yield from blocking(TransferProgress, progress, UNKNOWN_SIZE, name or "upload")
    hasher = hashlib.sha256()
    offset = resumes = stalled = 0
    try:
        while True:
            start, end = offset, offset + len(data)
            buffer = io.BytesIO(data)
            while offset < end:
                try:
                    reached = yield from _append_flow(
                        artifact_id,
                        href,
                        buffer,
                        offset - start,
                        offset,
                        end - offset,
                        (lambda piece: bar.advance(len(piece))) if bar.active else None,
                        end if last else None,
                        end if last else None,
                    )
                except _INTERRUPTIONS as exc:
                    reached, resumes = yield from _resume_flow(
                        artifact_id, href, offset, resumes + 1, exc, end if last else None
                    )
                if reached > offset:
                    resumes = 0
                stalled = stalled + 1 if reached <= offset else 0
                if stalled > MAX_RESUMES:
                    raise _no_progress(artifact_id, reached, end)
                if not start <= reached <= end:
                    raise IntegrityError(
                        f"the platform holds {reached} bytes of {artifact_id}, outside the "
                        f"chunk {start}-{end} still in memory: a stream cannot be re-read",
                        expected=f"{start}-{end}",
                        actual=str(reached),
                    )
                offset = reached
                bar.set(offset)
            yield from blocking(hasher.update, data)
            if last:
                break
            data, last = yield from blocking(next_chunk)
    finally:
        bar.close()
    return (yield from _finish_flow(store, artifact_id, hasher.hexdigest(), policy, offset))


def _no_progress(artifact_id: str, confirmed: int, size: int) -> UploadIncomplete:
    return UploadIncomplete(
        f"the platform confirmed {confirmed} of the {size} bytes of {artifact_id} and took "
        f"no more in {MAX_RESUMES + 1} attempts in a row; upload again to resume from there",
        artifact=artifact_id,
        confirmed=confirmed,
        size=size,
    )


def _piece_listener(hasher: Any, bar: TransferProgress) -> Callable[[bytes], None]:
    update = hasher.update
    if not bar.active:
        return update  # type: ignore[no-any-return]

    def listen(piece: bytes) -> None:
        update(piece)
        bar.advance(len(piece))

    return listen


def _confirmed_offset(response: httpx.Response, artifact_id: str, size: int | None) -> int:
    """The ``Upload-Offset`` the platform answered: a whole number within the upload's size."""
    value = response.headers.get("upload-offset")
    text = value.strip() if isinstance(value, str) else ""
    offset = int(text) if text.isascii() and text.isdigit() and len(text) <= 19 else None
    if offset is None or (size is not None and offset > size):
        problem = (
            "no Upload-Offset header"
            if value is None
            else f"Upload-Offset {value[:40]!r}, "
            + ("beyond the upload's size" if offset is not None else "not a byte count")
        )
        raise MalformedResponse(
            f"the platform's answer about the upload of {artifact_id} has {problem}"
            + (f" ({size} bytes)" if offset is not None else ""),
            method=response.request.method,
            url=redact_url(response.request.url),
            status=response.status_code,
        )
    return offset


def _offset_flow(artifact_id: str, href: str, size: int | None) -> Flow[int]:
    """How many bytes of the upload the platform holds (tus ``HEAD`` of ``href``)."""
    kwargs = get_upload_offset.request_args(artifact_id, tus_resumable=TUS_VERSION)
    kwargs["url"] = href
    response: httpx.Response = yield from one(Call(kwargs, None))
    return _confirmed_offset(response, artifact_id, size)
