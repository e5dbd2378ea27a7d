"""Artifacts: stored files, uploaded resumably and downloaded as verified streams."""

from __future__ import annotations

import io
import os
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, BinaryIO, Self, overload

from conveyor_api.api.artifacts import list_artifacts, read_artifact
from conveyor_api.models.artifact_list_item import ArtifactListItem
from conveyor_api.models.artifact_status import ArtifactStatus
from conveyor_api.models.artifact_status_value import ArtifactStatusValue
from conveyor_api.models.product_list_item import ProductListItem

from ._base import AsyncEntity, Entity, ResourceSpec, _Entity, entity_id
from ._call import Flow
from ._download import ContentReader, download_flow
from ._fields import OMITTED, Field, Integer, Text, Time
from ._paging import AsyncPaginator, Paginator
from ._resources import AsyncResources, P, SyncResources, _ResourcesCore
from ._transfer_base import blocking, check_progress, sha256_from_etag
from ._upload import check_local_file, find_by_content_flow, upload_flow
from .lineage import Lineage, lineage_flow

if TYPE_CHECKING:
    from ._call import AsyncDriver, SyncDriver

__all__ = [
    "Artifact",
    "ArtifactReader",
    "ArtifactStatus",
    "Artifacts",
    "AsyncArtifact",
    "AsyncArtifactReader",
    "AsyncArtifacts",
]

ArtifactRecordLike = ArtifactStatus | ArtifactListItem | ProductListItem
Source = str | os.PathLike[str] | bytes | BinaryIO
Progress = bool | Callable[[int, int], Any] | None


class _Artifact(_Entity[ArtifactRecordLike]):
    __slots__ = ()

    _spec = ResourceSpec(
        kind="artifact",
        read=read_artifact,
        record=ArtifactStatus,
        list=list_artifacts,
        item=ArtifactListItem,
        repr=("name", "status", "size"),
        shown=(
            "name",
            "status",
            "size",
            "mime_type",
            "sha256",
            "created_at",
            "last_modified_at",
            "collection",
        ),
        columns=("name", "id", "status", "size", "mime_type"),
    )

    name = Text("The artifact's human name (names need not be unique).")
    status = Field[ArtifactStatusValue | str | None](
        "Upload progress: ``ready`` once all content arrived (other text kept as is)."
    )
    size = Integer("Size in bytes, when known.", format="size")
    mime_type = Text("Media type of the content.")
    etag = Text("Entity tag of the content, derived from its sha256 (full records only).")
    created_at = Time("When the artifact was created.")
    last_modified_at = Time("When its record or content last changed.")
    data_href = Text("URL of the content.")
    account = Text("URN of the owning account.")
    policy = Text("URN of the governing policy.")
    collection = Text("URN of the collection it was uploaded into.")

    @property
    def is_ready(self) -> bool:
        """Whether all the content has arrived, as last read."""
        return bool(self._get("status") == ArtifactStatusValue.READY)

    @property
    def sha256(self) -> str | None:
        """The content's hex sha256, from the etag (full records only)."""
        return sha256_from_etag(self._get("etag"))

    def _peek(self, name: str) -> Any:
        if name == "sha256" and not self._is_full:
            return OMITTED  # list items carry no etag: left out, not shown as None
        return super()._peek(name)


class Artifact(_Artifact, Entity[ArtifactRecordLike]):
    """A stored file on the platform.

    ``download()`` saves it (resuming after dropped connections, verifying
    size and sha256), ``open()`` and ``iter_bytes()`` stream it::

        path = artifact.download("out/")
        with artifact.open() as stream:
            header = stream.read(100)
    """

    __slots__ = ()

    @overload
    def download(
        self, path_or_file: str | os.PathLike[str], *, progress: Progress = None
    ) -> Path: ...

    @overload
    def download(self, path_or_file: BinaryIO, *, progress: Progress = None) -> None: ...

    def download(
        self, path_or_file: str | os.PathLike[str] | BinaryIO, *, progress: Progress = None
    ) -> Path | None:
        """Save the content to a file path, into a directory, or into a binary file object.

        A directory target (an existing one, or a path ending in ``/``) gets
        the artifact's name. The content goes to a hidden temporary file
        renamed into place only once complete and verified.

        Args:
            path_or_file: A file path, a directory, or a binary file object.
            progress: ``True`` for a progress bar (needs tqdm; a widget in
                notebooks), or a callback ``progress(bytes_done, bytes_total)``
                (``bytes_total`` is -1 when the size is not known).

        Returns:
            The path written for a path or directory; ``None`` for a file object.

        Raises:
            IntegrityError: The content's size or sha256 does not match the record.
        """
        return self._client._run(download_flow(self._client, self, path_or_file, progress))

    def iter_bytes(self) -> Iterator[bytes]:
        """Stream the content piece by piece (verified at the end, resumed on drops)."""
        reader = ContentReader(self)
        run = self._client._run
        try:
            while piece := run(reader.next_flow()):
                yield piece
        finally:
            run(reader.close_flow())

    def open(self) -> ArtifactReader:
        """A readable binary stream of the content (use it as a context manager)."""
        return ArtifactReader(self._client, ContentReader(self))

    def lineage(self, max_depth: int = 10) -> Lineage:
        """The orders, services and artifacts this artifact came from (see `conveyor.lineage`)."""
        return self._client._run(lineage_flow(self, max_depth))


class ArtifactReader(io.RawIOBase):
    """A read-only binary stream over an artifact's content (from `Artifact.open()`)."""

    def __init__(self, client: SyncDriver, reader: ContentReader) -> None:
        super().__init__()
        self._client = client
        self._reader = reader
        self._pending = memoryview(b"")

    def readable(self) -> bool:
        """Always ``True``."""
        return True

    def readinto(self, buffer: Any) -> int:
        """Fill ``buffer`` with the next bytes; ``0`` at the end."""
        if not self._pending:
            self._pending = memoryview(self._client._run(self._reader.next_flow()))
            if not self._pending:
                return 0
        count = min(len(buffer), len(self._pending))
        buffer[:count] = self._pending[:count]
        self._pending = self._pending[count:]
        return count

    def close(self) -> None:
        """Release the connection."""
        if not self.closed:
            self._client._run(self._reader.close_flow())
        super().close()


class AsyncArtifact(_Artifact, AsyncEntity[ArtifactRecordLike]):
    """The asynchronous twin of `Artifact`."""

    __slots__ = ()

    @overload
    async def download(
        self, path_or_file: str | os.PathLike[str], *, progress: Progress = None
    ) -> Path: ...

    @overload
    async def download(self, path_or_file: BinaryIO, *, progress: Progress = None) -> None: ...

    async def download(
        self, path_or_file: str | os.PathLike[str] | BinaryIO, *, progress: Progress = None
    ) -> Path | None:
        """Save the content (see `Artifact.download`): a `Path` for a path, ``None`` for a file."""
        return await self._client._run(download_flow(self._client, self, path_or_file, progress))

    async def iter_bytes(self) -> AsyncIterator[bytes]:
        """Stream the content piece by piece (``async for``)."""
        reader = ContentReader(self)
        run = self._client._run
        try:
            while piece := await run(reader.next_flow()):
                yield piece
        finally:
            await run(reader.close_flow())

    def open(self) -> AsyncArtifactReader:
        """An async readable stream of the content (``async with``)."""
        return AsyncArtifactReader(self._client, ContentReader(self))

    async def lineage(self, max_depth: int = 10) -> Lineage:
        """The orders, services and artifacts this artifact came from (see `Artifact.lineage`)."""
        return await self._client._run(lineage_flow(self, max_depth))


class AsyncArtifactReader:
    """An async read-only binary stream over an artifact's content (from `AsyncArtifact.open()`).

    The awaited twin of `ArtifactReader`: ``read``, ``readinto``, ``readline``,
    ``readlines`` and ``readall`` are coroutines; ``async for`` yields lines,
    as iterating a binary file does (`AsyncArtifact.iter_bytes` yields pieces).
    Like the sync reader it cannot seek or write: those methods raise
    `io.UnsupportedOperation`.
    """

    def __init__(self, client: AsyncDriver, reader: ContentReader) -> None:
        self._client = client
        self._reader = reader
        self._pending = b""
        self.closed = False

    def readable(self) -> bool:
        """Always ``True``."""
        return True

    def seekable(self) -> bool:
        """Always ``False``: the content is a stream."""
        return False

    def writable(self) -> bool:
        """Always ``False``."""
        return False

    def isatty(self) -> bool:
        """Always ``False``."""
        return False

    def fileno(self) -> int:
        """Raises `io.UnsupportedOperation`: no file descriptor backs the stream."""
        raise io.UnsupportedOperation("fileno")

    def seek(self, offset: int, whence: int = 0, /) -> int:
        """Raises `io.UnsupportedOperation`: the stream cannot seek."""
        raise io.UnsupportedOperation("seek")

    def tell(self) -> int:
        """Raises `io.UnsupportedOperation`, as `ArtifactReader.tell` does."""
        raise io.UnsupportedOperation("tell")

    def truncate(self, pos: int | None = None, /) -> int:
        """Raises `io.UnsupportedOperation`: the stream is read-only."""
        raise io.UnsupportedOperation("truncate")

    async def write(self, b: Any, /) -> int:
        """Raises `io.UnsupportedOperation`: the stream is read-only."""
        raise io.UnsupportedOperation("write")

    async def writelines(self, lines: Any, /) -> None:
        """Raises `io.UnsupportedOperation`: the stream is read-only."""
        raise io.UnsupportedOperation("writelines")

    async def flush(self) -> None:
        """Nothing to flush; raises `ValueError` once closed, like a file."""
        self._check_open()

    def _check_open(self) -> None:
        if self.closed:
            raise ValueError("I/O operation on closed artifact stream")

    async def _fill(self) -> bytes:
        """The pending bytes, fetching the next piece when none are left (``b""`` at the end)."""
        if not self._pending:
            self._check_open()
            self._pending = await self._client._run(self._reader.next_flow())
        return self._pending

    async def read(self, size: int = -1) -> bytes:
        """Up to ``size`` bytes (all the rest when negative); ``b""`` at the end."""
        self._check_open()
        if size < 0:
            return await self.readall()
        pending = await self._fill()
        result, self._pending = pending[:size], pending[size:]
        return result

    async def readall(self) -> bytes:
        """All the remaining bytes."""
        parts = []
        while piece := await self._fill():
            parts.append(piece)
            self._pending = b""
        return b"".join(parts)

    async def readinto(self, buffer: Any) -> int:
        """Fill ``buffer`` with the next bytes and return how many; ``0`` at the end."""
        view = memoryview(buffer).cast("B")
        data = await self.read(len(view))
        view[: len(data)] = data
        return len(data)

    async def readline(self, size: int = -1, /) -> bytes:
        """The next line, ending with ``b"\\n"`` unless it is the last (at most ``size`` bytes)."""
        self._check_open()
        parts: list[bytes] = []
        taken = 0
        while size < 0 or taken < size:
            pending = await self._fill()
            if not pending:
                break
            limit = len(pending) if size < 0 else min(len(pending), size - taken)
            newline = pending.find(b"\n", 0, limit)
            take = limit if newline < 0 else newline + 1
            parts.append(pending[:take])
            self._pending = pending[take:]
            taken += take
            if newline >= 0:
                break
        return b"".join(parts)

    async def readlines(self, hint: int = -1, /) -> list[bytes]:
        """The remaining lines (stopping once they total ``hint`` bytes, when positive)."""
        lines: list[bytes] = []
        total = 0
        while line := await self.readline():
            lines.append(line)
            total += len(line)
            if 0 < hint <= total:
                break
        return lines

    def __aiter__(self) -> AsyncIterator[bytes]:
        return self._lines()

    async def _lines(self) -> AsyncIterator[bytes]:
        while line := await self.readline():
            yield line

    async def close(self) -> None:
        """Release the connection."""
        if not self.closed:
            self.closed = True
            await self._client._run(self._reader.close_flow())

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()


class _ArtifactCollection(_ResourcesCore[P]):
    __slots__ = ()

    def _upload_flow(
        self,
        source: Source,
        name: str | None,
        content_type: str | None,
        collection: Any,
        policy: str | None,
        chunk_size: int | None,
        progress: Progress,
        force: bool,
    ) -> Flow[ArtifactStatus]:
        # Bad arguments are refused before the collection is looked up (a request).
        yield from blocking(check_local_file, source)
        check_progress(progress)
        group = None
        if collection is not None:
            # The collection is checked before a byte is sent: a mistyped URN must
            # not leave an uploaded artifact behind that belongs nowhere.
            urn = entity_id(collection, "collection", "collection")
            collections = self._client.collections
            group = collections._wrap((yield from collections._get_flow(urn, None)))
        record = yield from upload_flow(
            self._client,
            source,
            name=name,
            content_type=content_type,
            collection=None if group is None else group.id,
            policy=policy,
            chunk_size=chunk_size,
            progress=progress,
            force=force,
        )
        if group is not None:
            yield from group._add_flow([record.id], policy)
        return record


class Artifacts(_ArtifactCollection[Paginator[Artifact]], SyncResources[Artifact]):
    """The platform's artifacts (``client.artifacts``)."""

    __slots__ = ()

    _entity = Artifact

    def upload(
        self,
        source: Source,
        *,
        name: str | None = None,
        content_type: str | None = None,
        collection: Any = None,
        policy: str | None = None,
        chunk_size: int | None = None,
        progress: Progress = None,
        force: bool = False,
    ) -> Artifact:
        """Upload a file, bytes or a binary file object as a new artifact.

        The upload is resumable (tus): after an interruption, uploading the
        same file again continues from what the platform already holds.
        A stream that cannot seek (a pipe, stdin) is uploaded with a length
        announced at its end, one chunk in memory at a time; a dropped
        connection resends that chunk, but such a stream is neither
        deduplicated nor resumable in a later run.

        Args:
            source: A path, bytes, or a binary file object (read from its
                current position).
            name: The artifact's name (default: the file's name).
            content_type: Media type (default: guessed from the name).
            collection: A `Collection` (or its URN) to add the artifact to,
                checked before anything is uploaded (`NotFound` if there
                is no such collection).
            policy: URN of the governing policy.
            chunk_size: Bytes per tus request (default 16 MiB); an
                interruption re-sends at most one chunk.
            progress: ``True`` for a progress bar (needs tqdm), or a
                callback ``progress(bytes_done, bytes_total)`` (``bytes_total``
                is -1 while a stream's size is unknown).
            force: Upload even when an artifact with the same content is
                known (by default it is reused, after checking it is still
                on the platform and ready). Looking one up hashes a file not
                seen before ahead of the upload, so it is read twice;
                ``force=True`` reads it once.

        Returns:
            The ready `Artifact`.

        Raises:
            IntegrityError: The platform's etag does not match what was sent.
        """
        flow = self._upload_flow(
            source, name, content_type, collection, policy, chunk_size, progress, force
        )
        return self._wrap(self._client._run(flow))

    def find_by_content(self, source: Source) -> Artifact | None:
        """The artifact with exactly the bytes of ``source`` that this machine knows of.

        Hashes ``source`` and looks the sha256 up in the local content index
        (filled by uploads and verified downloads), checking with the
        platform that the artifact is still there and ready. Nothing is
        written next to the user's files.
        """
        record = self._client._run(find_by_content_flow(self._client, source))
        return None if record is None else self._wrap(record)


class AsyncArtifacts(
    _ArtifactCollection[AsyncPaginator[AsyncArtifact]], AsyncResources[AsyncArtifact]
):
    """The platform's artifacts (``client.artifacts`` of an `AsyncClient`)."""

    __slots__ = ()

    _entity = AsyncArtifact

    async def upload(
        self,
        source: Source,
        *,
        name: str | None = None,
        content_type: str | None = None,
        collection: Any = None,
        policy: str | None = None,
        chunk_size: int | None = None,
        progress: Progress = None,
        force: bool = False,
    ) -> AsyncArtifact:
        """Upload a file, bytes or a binary file object (see `Artifacts.upload`)."""
        flow = self._upload_flow(
            source, name, content_type, collection, policy, chunk_size, progress, force
        )
        return self._wrap(await self._client._run(flow))

    async def find_by_content(self, source: Source) -> AsyncArtifact | None:
        """The artifact with exactly the bytes of ``source`` (see `Artifacts.find_by_content`)."""
        record = await self._client._run(find_by_content_flow(self._client, source))
        return None if record is None else self._wrap(record)
