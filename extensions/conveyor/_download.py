"""Downloads: streamed, resumed with ``Range`` after a dropped connection, verified.

``GET`` of the content streams to a temporary file beside the target,
renamed into place only once complete; a dropped connection resumes with
``Range: bytes=<received>-``, and the size and sha256 are verified against
the record. A verified download is remembered in the `ContentStore`, so
uploading the same bytes again can reuse the artifact.

Each piece is hashed inline as it arrives (a network read's worth, tens of
KiB); opening the target and every write, the final rename and the content
store run through `blocking`, with pieces written about a MiB at a time so
an async download hands its disk work to a thread without a thread hop per
network read.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from conveyor_api.api.artifacts import download_artifact_content
from conveyor_api.types import UNSET

from ._call import Call, Close, Flow, Read, Sleep, Stream, one
from ._content_store import ContentStore
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
from .errors import IntegrityError, TransportError

logger = logging.getLogger("conveyor")


if TYPE_CHECKING:
    from ._call import Driver

__all__ = ["WRITE_BATCH", "ContentReader", "download_flow"]

WRITE_BATCH = 1024 * 1024
"""Bytes of received pieces gathered before one blocking write hands them to the disk."""


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
            if any(artifact._get(field) is None for field in ("etag", "size", "data_href")):
                yield from artifact._refresh_flow()
            size = artifact._get("size")
            self.size = size if isinstance(size, int) else None
            self.sha256 = sha256_from_etag(artifact._get("etag"))
        range_ = f"bytes={self.offset}-" if self.offset else UNSET
        kwargs = download_artifact_content.request_args(artifact.id, range_=range_)
        kwargs["url"] = content_url(artifact._get("data_href"), artifact.id)
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

    def start_flow(self) -> Flow[None]:
        """Open the stream now (reading the record first if needed), so `size` is known."""
        if self._stream is None and not self._finished:
            yield from self._open_flow()

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
                yield Sleep(resume_delay(self._resumes))
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
            if self.size is not None and self.offset > self.size:
                # Stop at once: a server sending more than the record's size could
                # otherwise stream without end before the final check.
                self._stream = None
                yield Close(stream)
                self._finished = True
                raise IntegrityError(
                    f"{self._artifact.id}: the platform sent more than the {self.size} bytes "
                    "its record announces",
                    expected=self.size,
                    actual=self.offset,
                )
            # One network read's worth (tens of KiB): cheaper inline than a thread hop.
            self._hasher.update(piece)
            return piece
        return b""

    def close_flow(self) -> Flow[None]:
        """Release the connection of an abandoned read."""
        if self._stream is not None:
            stream, self._stream = self._stream, None
            yield Close(stream)

    def _verify(self) -> None:
        # The hash was kept up piece by piece: what is left is comparing, which never blocks.
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


class _Sink:
    """Where downloaded pieces go: the caller's file object (kept as is)."""

    def __init__(self, file: Any) -> None:
        self.file = file

    def write(self, pieces: list[bytes]) -> None:
        """Write ``pieces`` in order (blocks)."""
        write = self.file.write
        for piece in pieces:
            write(piece)

    def finish(self, pieces: list[bytes]) -> Path | None:
        """Write the last pieces; the download is complete and verified (blocks)."""
        self.write(pieces)
        return None

    def abandon(self, pieces: list[bytes]) -> None:
        """The download failed: the caller's file still gets every piece that arrived."""
        self.write(pieces)

    def discard(self) -> None:
        """Drop the download at once (the flow is being closed and cannot wait)."""


class _PathSink(_Sink):
    """A hidden partial file beside the target, renamed into place once complete."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.partial = path.with_name(f".{path.name}.conveyor-part")
        path.parent.mkdir(parents=True, exist_ok=True)
        super().__init__(self.partial.open("wb"))

    def write(self, pieces: list[bytes]) -> None:
        self.file.writelines(pieces)

    def finish(self, pieces: list[bytes]) -> Path:
        self.write(pieces)
        self.file.close()
        os.replace(self.partial, self.path)
        return self.path

    def abandon(self, pieces: list[bytes]) -> None:
        self.discard()

    def discard(self) -> None:
        self.file.close()
        self.partial.unlink(missing_ok=True)


def _open_sink(target: Any, default_name: str) -> _Sink:
    """The sink for a path, a directory (the file gets ``default_name``) or a file object."""
    if hasattr(target, "write"):
        return _Sink(target)
    path = Path(target).expanduser()
    if path.is_dir() or str(target).endswith(("/", os.sep)):
        path = path / _safe_name(default_name)
    return _PathSink(path)


def download_flow(
    client: Driver,
    artifact: Any,
    target: str | os.PathLike[str] | BinaryIO,
    progress: bool | ProgressCallback | None = None,
) -> Flow[Path | None]:
    """Stream the content into ``target`` (a path, a directory, or a binary file object).

    ``progress`` is ``True`` for a tqdm bar or a callback ``progress(done,
    total)``, as for uploads; ``total`` is the record's size (-1 if unknown).
    """
    check_progress(progress)
    reader = ContentReader(artifact)
    default_name = artifact._get("name") or artifact.id.rsplit(":", 1)[-1]
    sink = yield from blocking(_open_sink, target, default_name)
    pending: list[bytes] = []
    gathered = 0
    bar: TransferProgress | None = None
    try:
        if progress is not None and progress is not False:
            # The bar needs the total: open the stream (and read the record) first.
            yield from reader.start_flow()
            size = -1 if reader.size is None else reader.size
            bar = yield from blocking(TransferProgress, progress, size, default_name)
            bar.set(0)
        while piece := (yield from reader.next_flow()):
            if bar is not None:
                bar.advance(len(piece))
            pending.append(piece)
            gathered += len(piece)
            if gathered >= WRITE_BATCH:
                batch, pending, gathered = pending, [], 0
                yield from blocking(sink.write, batch)
        batch, pending = pending, []
        written = yield from blocking(sink.finish, batch)
    except GeneratorExit:
        # Closed by the driver (a cancelled task): no effect can run any more.
        sink.discard()
        raise
    except BaseException:
        yield from reader.close_flow()
        yield from blocking(sink.abandon, pending)
        raise
    finally:
        if bar is not None:
            bar.close()
    if reader.sha256 is not None:
        # A verified download proves these bytes are on the platform: uploading
        # them again can reuse the artifact.
        yield from blocking(ContentStore.of(client).remember, reader.sha256, artifact.id)
    return written


def _safe_name(name: str) -> str:
    cleaned = re.sub(r"[^\w.\- ]", "_", os.path.basename(name)).strip(" .")
    return cleaned or "artifact"
