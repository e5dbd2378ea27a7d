"""Packages: the container images services run, pushed and pulled part by part.

A push takes an image archive (what ``docker save`` writes: a tar in the
OCI or docker-archive layout, see `conveyor._archive`) and sends its layers
and config first and its manifest last, each part streamed from the file in
small pieces, so memory stays flat whatever the image's size. The platform
shows the tag only once the manifest has arrived, so an interrupted push
leaves nothing half-visible: push again (parts already stored are answered
``exists``). A pull writes the image back as such an archive, streamed into a
hidden file beside the target and renamed into place once every part
arrived and matched its digest.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import httpx
from conveyor_api.api.packages import (
    list_packages,
    pull_package,
    push_package,
    read_package_status,
    remove_package,
)
from conveyor_api.models.package_list import PackageList
from conveyor_api.models.package_part import PackagePart
from conveyor_api.models.push_result import PushResult
from conveyor_api.models.push_status import PushStatus
from conveyor_api.types import UNSET, File

from ._archive import (
    OCI_LAYOUT,
    TAR_END,
    Image,
    Part,
    blob_name,
    docker_manifest,
    oci_index,
    read_image,
    tar_header,
    tar_padding,
)
from ._base import unset_none
from ._call import BodySource, Call, Close, Flow, Read, Sleep, Stream, json_model, one
from ._download import WRITE_BATCH, _open_sink
from ._paging import AsyncPaginator, Paginator
from ._transfer_base import (
    BULK_PIECE,
    MAX_RESUMES,
    ProgressCallback,
    TransferProgress,
    WriteBehind,
    blocking,
    check_progress,
    resume_delay,
)
from ._upload import PIECE_SIZE, check_local_file
from .errors import IntegrityError, InvalidParameter, MalformedResponse, TransportError

if TYPE_CHECKING:
    from ._download import _Sink

__all__ = [
    "AsyncPackages",
    "PackageStatus",
    "Packages",
    "PushedPackage",
    "check_tag",
]

PART_ATTEMPTS = 3
"""Times one layer or config is sent before a push gives up (each resend starts it over)."""

# A docker reference with a tag: [host[:port]/]name[/name...]:tag.
_TAG = re.compile(
    r"(?:[A-Za-z0-9.-]+(?::[0-9]+)?/)?"
    r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*"
    r":[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}"
)


def check_tag(tag: Any, parameter: str = "tag") -> str:
    """``tag`` if it is an image reference with a tag (``name:tag``); `InvalidParameter` if not."""
    if not isinstance(tag, str) or not _TAG.fullmatch(tag):
        raise InvalidParameter(
            f"{parameter}: an image tag such as 'word-count:1.2.0' is needed, not {tag!r:.80}",
            parameter=parameter,
            value=tag,
        )
    return tag


@dataclass(frozen=True, slots=True)
class PushedPackage:
    """What a push stored.

    Attributes:
        tag: The image tag, ``name:tag``.
        digest: The digest of its manifest.
        size: Bytes of every part together.
        parts: Parts pushed (layers, config and manifest).
        existing: Of those, the parts the platform held already.
    """

    tag: str
    digest: str
    size: int
    parts: int
    existing: int


@dataclass(frozen=True, slots=True)
class PackageStatus:
    """How far a pushed part got, as the platform's registry reports it.

    Attributes:
        tag: The image tag it was pushed under.
        digest: The part's digest.
        status: The registry's status text (such as ``complete``).
        message: More about it, for people.
    """

    tag: str
    digest: str
    status: str
    message: str | None


# -- push -----------------------------------------------------------------------------------


def _open_archive(source: Any) -> tuple[BinaryIO, bool]:
    """The archive's open binary file, and whether the push owns it (and closes it)."""
    if isinstance(source, str | os.PathLike):
        check_local_file(source)
        return Path(source).expanduser().open("rb"), True
    if not (hasattr(source, "read") and hasattr(source, "seek")):
        raise InvalidParameter(
            "source: an image archive's path or a seekable binary file is needed, "
            f"not {type(source).__name__}",
            parameter="source",
        )
    return source, False


def _push_tag(image: Image, tag: str | None) -> str:
    if tag is not None:
        return tag
    if len(image.tags) == 1:
        # Docker Hub's implicit prefix is dropped: the platform names images without a registry.
        recorded = image.tags[0].removeprefix("docker.io/").removeprefix("library/")
        return check_tag(recorded)
    raise InvalidParameter(
        "tag: give tag='name:tag'; the archive records "
        + (f"several ({', '.join(image.tags)})" if image.tags else "none"),
        parameter="tag",
    )


def _interrupted(tag: str, part: Part, exc: TransportError) -> TransportError:
    return TransportError(
        f"push of {tag} interrupted at its {part.kind} {part.digest[:19]}...: {exc}. The tag "
        "shows only once its manifest is stored; push again to finish",
        method=exc.method,
        url=exc.url,
    )


def _start_progress(progress: Any, total: int, label: str) -> Flow[TransferProgress | None]:
    if progress is None or progress is False:
        return None
    bar: TransferProgress = yield from blocking(TransferProgress, progress, total, label)
    bar.set(0)
    return bar


def _push_part_flow(
    file: BinaryIO, tag: str, part: Part, force: bool, bar: TransferProgress | None
) -> Flow[bool]:
    """Send one part; whether the platform held it already."""
    attempts = 0
    before = 0 if bar is None else bar.done
    on_piece = None if bar is None else (lambda piece: bar.advance(len(piece)))
    while True:
        if bar is not None:
            bar.set(before)  # a part sent again counts from its start again
        if part.data is not None:
            kwargs = push_package.request_args(
                body=File(payload=io.BytesIO(part.data)),
                tag=tag,
                force=force or UNSET,
                type_=PackagePart(part.kind),
                digest=part.digest,
            )
            # Bytes, not the generated file object: the async client sends those too.
            kwargs["content"] = part.data
            # A manifest that may have arrived is not sent again: it would meet its own tag.
            call: Call[PushResult] = Call(kwargs, json_model(PushResult), retry="create")
        else:
            kwargs = push_package.request_args(
                body=File(payload=file),
                tag=tag,
                force=force or UNSET,
                type_=PackagePart(part.kind),
                digest=part.digest,
            )
            kwargs["headers"]["Content-Length"] = str(part.size)
            assert part.offset is not None
            body = BodySource(file, part.offset, part.size, PIECE_SIZE, on_piece)
            # The body streams from disk once per attempt, so the transport never replays it.
            call = Call(kwargs, json_model(PushResult), body=body, retry="never")
        try:
            result = yield from one(call)
        except TransportError as exc:
            attempts += 1
            if part.data is not None or attempts >= PART_ATTEMPTS:
                raise _interrupted(tag, part, exc) from exc
            # A layer is stored under its digest: sending it again is harmless.
            yield Sleep(resume_delay(attempts))
            continue
        if bar is not None:
            bar.set(before + part.size)
        return bool(result.exists)


def _push_flow(
    source: Any, tag: str | None, force: bool, progress: bool | ProgressCallback | None
) -> Flow[PushedPackage]:
    if tag is not None:
        check_tag(tag)
    if not isinstance(force, bool):
        raise InvalidParameter(f"force: True or False, not {force!r}", parameter="force")
    check_progress(progress)
    file, owned = yield from blocking(_open_archive, source)
    bar: TransferProgress | None = None
    try:
        image = yield from blocking(read_image, file, tag)
        tag = _push_tag(image, tag)
        bar = yield from _start_progress(progress, image.size, tag)
        existing = 0
        parts = (*image.layers, image.config, image.manifest)
        for part in parts:  # layers and config first, the manifest (which shows the tag) last
            existing += yield from _push_part_flow(file, tag, part, force, bar)
    finally:
        # Inline, not offloaded: closing a file read from never waits, and a closed
        # flow (GeneratorExit) can run no effect.
        if owned:
            file.close()
        if bar is not None:
            bar.close()
    return PushedPackage(tag, image.manifest.digest, image.size, len(parts), existing)


# -- pull -----------------------------------------------------------------------------------


def _header_int(response: Any, name: str) -> int | None:
    value = response.headers.get(name)
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        raise MalformedResponse(f"a pulled part's {name} header is not a number") from None


class _TarOut:
    """The archive a pull writes: pieces gathered, then hashed and written behind the network.

    A part's pieces are fed to its hasher in the writer's thread; `settle`
    waits for them before the part's digest is read.
    """

    def __init__(self, sink: _Sink) -> None:
        self.sink = sink
        self.pending: list[bytes] = []
        self.hashed: list[tuple[Any, bytes]] = []
        self.gathered = 0
        self.writer = WriteBehind(sink.write)

    def add(self, data: bytes, hasher: Any = None) -> Flow[None]:
        self.pending.append(data)
        if hasher is not None:
            self.hashed.append((hasher, data))
        self.gathered += len(data)
        if self.gathered >= WRITE_BATCH:
            yield from self.flush()

    def flush(self) -> Flow[None]:
        batch, hashed = self.pending, self.hashed
        self.pending, self.hashed, self.gathered = [], [], 0
        yield from self.writer.submit(batch, hashed)

    def settle(self) -> Flow[None]:
        """Every piece so far hashed and written."""
        yield from self.flush()
        yield from self.writer.settle()

    def file(self, name: str, data: bytes) -> Flow[None]:
        yield from self.add(tar_header(name, len(data)) + data + tar_padding(len(data)))

    def finish(self) -> Flow[Path | None]:
        yield from self.writer.settle()
        self.writer.close()
        batch, self.pending = [*self.pending, TAR_END], []
        written: Path | None = yield from blocking(self.sink.finish, batch)
        return written

    def discard(self) -> None:
        self.writer.close()
        self.sink.discard()

    def abandon(self) -> Flow[None]:
        self.writer.close()
        yield from blocking(self.sink.abandon, [])


MAX_MANIFEST = 4 * 1024 * 1024
"""Largest image manifest a pull reads (registries refuse larger ones too)."""


def _manifest_flow(tag: str) -> Flow[bytes]:
    """The image's manifest, whole (it is small; a chunked answer is read to its end).

    Raises:
        MalformedResponse: The platform announces (or sends) a manifest over
            `MAX_MANIFEST` bytes: no image's is that large, and reading on
            would never end.
    """
    data = b""
    while True:
        kwargs = pull_package.request_args(
            ref=tag, type_=PackagePart.MANIFEST, offset=len(data) or UNSET
        )
        response: httpx.Response = yield from one(Call(kwargs))
        data += response.content
        total = _header_int(response, "Total")
        if (total is not None and total > MAX_MANIFEST) or len(data) > MAX_MANIFEST:
            raise MalformedResponse(
                f"the manifest of {tag} is announced as {total if total is not None else len(data)}"
                f" bytes, more than the {MAX_MANIFEST} a manifest may have"
            )
        if total is None or len(data) >= total or not response.content:
            return data


def _part_flow(
    digest: str, kind: PackagePart, size: int, out: _TarOut, bar: TransferProgress | None
) -> Flow[None]:
    """Stream one part into the archive, resuming after a drop; checks its size and digest."""
    algorithm, _, expected = digest.partition(":")
    if algorithm not in ("sha256", "sha512"):
        raise MalformedResponse(f"the manifest names a {kind} by an unknown digest: {digest:.40}")
    hasher = hashlib.new(algorithm)
    yield from out.add(tar_header(blob_name(digest), size))
    offset = resumes = 0
    while offset < size:
        kwargs = pull_package.request_args(ref=digest, type_=kind, offset=offset or UNSET)
        stream: Stream = yield from one(Call(kwargs, None, stream=True))
        stream.piece_size = BULK_PIECE
        total = _header_int(stream, "Total")
        if total is not None and total != size:
            yield Close(stream)
            raise IntegrityError(
                f"the {kind} {digest[:19]}... is {total} bytes; its manifest says {size}",
                expected=size,
                actual=total,
            )
        start = offset
        try:
            while piece := (yield Read(stream)):
                offset += len(piece)
                if offset > size:
                    raise IntegrityError(
                        f"the {kind} {digest[:19]}... is longer than its manifest's {size} bytes",
                        expected=size,
                        actual=offset,
                    )
                if bar is not None:
                    bar.advance(len(piece))
                yield from out.add(piece, hasher)
        except TransportError:
            resumes += 1
            with contextlib.suppress(TransportError):
                yield Close(stream)
            if resumes > MAX_RESUMES:
                raise
            yield Sleep(resume_delay(resumes))
            continue
        except BaseException:
            with contextlib.suppress(TransportError):
                yield Close(stream)
            raise
        yield Close(stream)
        if offset == start:
            raise MalformedResponse(f"the {kind} {digest[:19]}... ended after {offset} bytes")
    yield from out.settle()
    if hasher.hexdigest() != expected:
        raise IntegrityError(
            f"the {kind} pulled does not match its digest {digest[:19]}...",
            expected=digest,
            actual=f"{algorithm}:{hasher.hexdigest()}",
        )
    yield from out.add(tar_padding(size))


def _descriptor(value: Any, what: str) -> tuple[str, int]:
    digest = value.get("digest") if isinstance(value, dict) else None
    size = value.get("size") if isinstance(value, dict) else None
    if not isinstance(digest, str) or not isinstance(size, int) or isinstance(size, bool):
        raise MalformedResponse(f"the image's manifest names its {what} without digest and size")
    return digest, size


def _pull_flow(
    tag: str, target: Any, progress: bool | ProgressCallback | None
) -> Flow[Path | None]:
    check_tag(tag)
    check_progress(progress)
    if not (isinstance(target, str | os.PathLike) or hasattr(target, "write")):
        raise InvalidParameter(
            "target: a path, a directory or a binary file is needed", parameter="target"
        )
    data = yield from _manifest_flow(tag)
    try:
        document = json.loads(data)
    except ValueError:
        raise MalformedResponse(f"the manifest of {tag} is not JSON") from None
    if not isinstance(document, dict) or "manifests" in document:
        raise MalformedResponse(
            f"the manifest of {tag} is not one image's (a multi-platform index is not pulled)"
        )
    config = _descriptor(document.get("config"), "config")
    layers = [_descriptor(layer, "layer") for layer in document.get("layers") or []]
    manifest = Part(
        "manifest",
        f"sha256:{hashlib.sha256(data).hexdigest()}",
        len(data),
        data=data,
        media_type=document.get("mediaType")
        if isinstance(document.get("mediaType"), str)
        else None,
    )
    name = tag.rsplit("/", 1)[-1].replace(":", "_") + ".tar"
    sink = yield from blocking(_open_sink, target, name)
    out = _TarOut(sink)
    unique = list(dict.fromkeys(layers))
    bar: TransferProgress | None = None
    try:
        total = len(data) + config[1] + sum(size for _, size in unique)
        bar = yield from _start_progress(progress, total, tag)
        if bar is not None:
            bar.set(len(data))  # the manifest is in
        for digest, size in unique:
            yield from _part_flow(digest, PackagePart.LAYER, size, out, bar)
        yield from _part_flow(config[0], PackagePart.CONFIG, config[1], out, bar)
        yield from out.file(blob_name(manifest.digest), data)
        yield from out.file("index.json", oci_index(tag, manifest))
        yield from out.file("oci-layout", OCI_LAYOUT)
        yield from out.file(
            "manifest.json", docker_manifest(tag, config[0], [d for d, _ in layers])
        )
        written = yield from out.finish()
    except GeneratorExit:
        out.discard()
        raise
    except BaseException:
        yield from out.abandon()
        raise
    finally:
        if bar is not None:
            bar.close()
    return written


# -- the collections --------------------------------------------------------------------------


def _status_flow(tag: str, digest: str) -> Flow[PackageStatus]:
    check_tag(tag)
    if not isinstance(digest, str) or ":" not in digest:
        raise InvalidParameter(
            f"digest: a digest such as 'sha256:<hex>' is needed, not {digest!r:.80}",
            parameter="digest",
        )
    found: PushStatus = yield from one(
        Call(read_package_status.request_args(tag=tag, digest=digest), json_model(PushStatus))
    )
    return PackageStatus(tag, digest, found.status, unset_none(found.message))


def _remove_flow(tag: str) -> Flow[None]:
    check_tag(tag)
    yield from one(Call(remove_package.request_args(tag=tag)))


class _PackageCollection:
    __slots__ = ("_client",)

    def __init__(self, client: Any) -> None:
        self._client = client

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._client!r}>"

    def _tags_pager(self, tag: str | None, page_size: int | None, limit: int | None) -> Any:
        if tag is not None and (not isinstance(tag, str) or not tag or tag != tag.strip()):
            raise InvalidParameter("tag: an image name or name:tag is needed", parameter="tag")
        only = UNSET if tag is None else tag

        def build(token: str | None, size: int) -> dict[str, Any]:
            if token is not None:
                return list_packages.request_args(page=token, limit=size)
            return list_packages.request_args(tag=only, limit=size)

        client = self._client
        return client._paginator(client, build, PackageList, list, limit, page_size, what="tags")


class Packages(_PackageCollection):
    """The account's container images (``client.packages``): list, push, pull, status, remove."""

    __slots__ = ()

    def list(
        self, *, tag: str | None = None, page_size: int | None = None, limit: int | None = None
    ) -> Paginator[str]:
        """Iterate over the image tags (``name:tag``), or only one image's with ``tag=name``."""
        pager: Paginator[str] = self._tags_pager(tag, page_size, limit)
        return pager

    def push(
        self,
        source: str | os.PathLike[str] | BinaryIO,
        *,
        tag: str | None = None,
        force: bool = False,
        progress: bool | ProgressCallback | None = None,
    ) -> PushedPackage:
        """Push an image archive (what ``docker save`` writes), streamed from disk.

        Args:
            source: The archive's path, or a seekable binary file holding it
                (an uncompressed tar, OCI or docker-archive layout).
            tag: The tag to push it under, ``name:tag`` (default: the one tag
                the archive records).
            force: Replace what the platform holds under this tag.
            progress: ``True`` for a tqdm bar, or a callback
                ``progress(bytes_done, bytes_total)``, as for uploads.

        Returns:
            What was stored: the tag, the manifest's digest, the parts sent.

        Raises:
            InvalidParameter: No such file, not an image archive, or no tag to
                push it under, before anything is sent.
            Conflict: The tag exists (``force=True`` replaces it).
            TransportError: The push was interrupted (each layer is sent up
                to three times first); the tag is not visible, push again.
        """
        return self._client._run(_push_flow(source, tag, force, progress))  # type: ignore[no-any-return]

    def pull(
        self,
        tag: str,
        target: str | os.PathLike[str] | BinaryIO,
        *,
        progress: bool | ProgressCallback | None = None,
    ) -> Path | None:
        """Pull an image into an archive at ``target``, streamed (``docker load`` reads it).

        Args:
            tag: The image's tag, ``name:tag``.
            target: A file path, a directory (the archive is named after the
                tag), or a binary file object to write into.
            progress: ``True`` for a tqdm bar, or a callback
                ``progress(bytes_done, bytes_total)``.

        Returns:
            The archive's path (``None`` for a file object).

        Raises:
            NotFound: No image has this tag.
            IntegrityError: A part did not match its digest or size; nothing
                is left at the target path.
        """
        return self._client._run(_pull_flow(tag, target, progress))  # type: ignore[no-any-return]

    def status(self, tag: str, digest: str) -> PackageStatus:
        """Whether the part with ``digest``, pushed under ``tag``, has arrived."""
        return self._client._run(_status_flow(tag, digest))  # type: ignore[no-any-return]

    def remove(self, tag: str) -> None:
        """Remove the image tag from the platform."""
        self._client._run(_remove_flow(tag))


class AsyncPackages(_PackageCollection):
    """The account's container images (``client.packages`` of an `AsyncClient`)."""

    __slots__ = ()

    def list(
        self, *, tag: str | None = None, page_size: int | None = None, limit: int | None = None
    ) -> AsyncPaginator[str]:
        """Iterate over the image tags with ``async for`` (see `Packages.list`)."""
        pager: AsyncPaginator[str] = self._tags_pager(tag, page_size, limit)
        return pager

    async def push(
        self,
        source: str | os.PathLike[str] | BinaryIO,
        *,
        tag: str | None = None,
        force: bool = False,
        progress: bool | ProgressCallback | None = None,
    ) -> PushedPackage:
        """Push an image archive, streamed from disk (see `Packages.push`)."""
        pushed: PushedPackage = await self._client._run(_push_flow(source, tag, force, progress))
        return pushed

    async def pull(
        self,
        tag: str,
        target: str | os.PathLike[str] | BinaryIO,
        *,
        progress: bool | ProgressCallback | None = None,
    ) -> Path | None:
        """Pull an image into an archive at ``target`` (see `Packages.pull`)."""
        written: Path | None = await self._client._run(_pull_flow(tag, target, progress))
        return written

    async def status(self, tag: str, digest: str) -> PackageStatus:
        """Whether a pushed part has arrived (see `Packages.status`)."""
        found: PackageStatus = await self._client._run(_status_flow(tag, digest))
        return found

    async def remove(self, tag: str) -> None:
        """Remove the image tag from the platform."""
        await self._client._run(_remove_flow(tag))
