"""The tus 1.0 upload protocol over artifacts, and single-request uploads.

``POST /1/artifacts`` creates an artifact, with ``Upload-Length`` or
``X-Content-Length`` (``-1`` or ``Upload-Defer-Length: 1`` for unknown),
and may carry the first bytes (all of them, for a single-request upload).
``HEAD`` on its data URL reports the offset; ``PATCH`` appends at it (409 on
a mismatch, 413 beyond the declared or maximum size) and may announce the
length of an upload whose size was deferred. ``OPTIONS`` announces what is
spoken. A PATCH records its progress durably every :data:`COMMIT_EVERY`
bytes and when the client disconnects, so an interrupted upload resumes from
the stored offset.

One PATCH appends to an upload at a time; another one gets 409 while the
first is receiving. A PATCH that has received nothing for
:data:`TAKEOVER_AFTER` seconds is most likely stranded (its client is gone,
but a gateway keeps the connection open until the read timeout), so a newer
PATCH of the same upload stops it, keeps what it received, and goes on.
"""

from __future__ import annotations

import os
import time
from typing import BinaryIO

import anyio
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response

from .._errors import ApiError, bad_request, conflict
from .._names import header_name, name_encoding
from .._stores.artifacts import ArtifactStore, check_mime
from .._util import MAX_INT64, is_urn, new_id, require_urn
from . import shapes
from .http import base_url, header_int, json_response, media_type

TUS_VERSION = "1.0.0"
#: tus extensions announced by OPTIONS: POST creates an upload, its length may
#: be deferred to a later PATCH, and the creating POST may carry the first bytes.
TUS_EXTENSIONS = "creation,creation-defer-length,creation-with-upload"
WRITE_BUFFER = 1024 * 1024
#: A long PATCH commits its progress this often, so a crash keeps most of it.
COMMIT_EVERY = 8 * 1024 * 1024
#: Seconds without a byte after which a PATCH gives way to a newer one of its upload.
TAKEOVER_AFTER = 1.0
#: Longest wait for a stopped PATCH to store what it received.
TAKEOVER_WAIT = 10.0


def check_version(request: Request) -> None:
    """412 with ``Tus-Version`` when the request speaks a tus version other than ours.

    A request without ``Tus-Resumable`` is not a tus request (a direct
    upload, a plain download) and passes.
    """
    given = request.headers.get("tus-resumable")
    if given is not None and given.strip() != TUS_VERSION:
        raise ApiError(
            412,
            f"this sandbox speaks tus {TUS_VERSION}, not Tus-Resumable {given[:40]!r}",
            headers={"Tus-Version": TUS_VERSION},
        )


def decode_name(request: Request) -> str | None:
    """The name ``X-Name`` carries, read as ``X-Name-Encoding`` and the request's shape say.

    The rule lives in :mod:`conveyor_sandbox._names`; the name is then
    checked like any other (400 when path-like).
    """
    h = request.headers
    raw = h.get("x-name")
    if raw is None or raw == "":
        name_encoding(h.get("x-name-encoding"))
        return None
    return header_name(raw, h.get("x-name-encoding"), "tus-resumable" in h)


def check_fits(declared: int | None, maximum: int | None) -> None:
    """413 when a declared length exceeds this sandbox's maximum."""
    if declared is not None and maximum is not None and declared > maximum:
        raise ApiError(413, f"the content is larger than this sandbox accepts ({maximum} bytes)")


class TooLarge(Exception):
    """More bytes arrived than allowed."""


class _TakenOver(Exception):
    """A newer PATCH of the upload stopped this one."""


class _Appender:
    """The PATCH appending to an upload right now: when it last heard a byte, how to stop it."""

    def __init__(self) -> None:
        self.heard = time.monotonic()
        self.scope = anyio.CancelScope()
        self.done = anyio.Event()


class TusUploads:
    """Uploads into the artifacts of ``artifacts``, one request at a time per upload."""

    def __init__(self, artifacts: ArtifactStore) -> None:
        self.artifacts = artifacts
        self.blobs = artifacts.blobs
        # Uploads a PATCH is appending to right now, by artifact.
        self._uploading: dict[str, _Appender] = {}

    def options(self) -> Response:
        """The tus 1.0 discovery answer for OPTIONS on the upload endpoint or a data URL."""
        headers = {
            "Tus-Resumable": TUS_VERSION,
            "Tus-Version": TUS_VERSION,
            "Tus-Extension": TUS_EXTENSIONS,
        }
        if self.artifacts.max_upload_size is not None:
            headers["Tus-Max-Size"] = str(self.artifacts.max_upload_size)
        return Response(status_code=204, headers=headers)

    async def create(self, request: Request) -> Response:
        """POST /1/artifacts: create an artifact, with as much of its content as is sent."""
        check_version(request)
        h = request.headers
        name = decode_name(request)
        ctype = h.get("content-type", "").strip()
        mime = h.get("x-content-type") or (
            ctype if ctype and not ctype.startswith("application/offset+octet-stream") else ""
        )
        mime = check_mime(mime, "X-Content-Type") if mime else "application/octet-stream"
        upload_length = header_int(request, "upload-length", -1)
        x_length = header_int(request, "x-content-length", -1)
        declared = upload_length if upload_length is not None else x_length
        if declared == -1 or h.get("upload-defer-length") == "1":
            declared = None
        encoding = h.get("content-encoding", "identity").strip().lower()
        if encoding not in ("", "identity"):
            raise ApiError(
                415, f"Content-Encoding {encoding} is not supported; send the bytes as they are"
            )
        collection = h.get("x-collection") or None
        policy = h.get("x-policy") or None
        if collection is not None:
            require_urn("X-Collection", collection)
        if policy is not None:
            require_urn("X-Policy", policy)
        resumable = "tus-resumable" in h or upload_length is not None or x_length is not None
        maximum = self.artifacts.max_upload_size
        check_fits(declared, maximum)
        body_length = header_int(request, "content-length", 0)
        has_body = bool(body_length) or "chunked" in h.get("transfer-encoding", "").lower()
        limit = declared if declared is not None else maximum
        if has_body and limit is not None and body_length is not None and body_length > limit:
            raise ApiError(413, f"the body has {body_length} bytes, more than the {limit} allowed")
        artifact_id = new_id("artifact")
        received = 0
        if has_body:
            try:
                received = await self._receive(
                    request, artifact_id, 0, limit, commit=False, declared=declared
                )
            except BaseException:
                self.blobs.part_path(artifact_id).unlink(missing_ok=True)
                self.blobs.forget(artifact_id)
                raise
        if not resumable:
            declared = received
        elif received and received != declared:
            # creation-with-upload stopped short: the record will say these bytes
            # arrived, so they must be on disk before it is written.
            await anyio.to_thread.run_sync(self.blobs.sync_part, artifact_id)
        self.artifacts.insert_upload(
            artifact_id,
            name=name,
            mime_type=mime,
            declared=declared,
            received=received,
            collection=collection,
            policy=policy,
        )
        if declared is not None and received == declared:
            await anyio.to_thread.run_sync(self.artifacts.finish_upload, artifact_id, received)
        row = self.artifacts.row(artifact_id)
        base = base_url(request)
        headers = {
            "Location": f"{base}/1/artifacts/{artifact_id}",
            "Tus-Resumable": TUS_VERSION,
            "Upload-Offset": str(received),
        }
        return json_response(shapes.artifact_record(row, base), 201, headers)

    def offset(self, request: Request) -> Response:
        """HEAD on a data URL: how much of the upload is stored, and its length if known."""
        try:
            check_version(request)
        except ApiError as exc:
            # A HEAD answer has no body to carry the error.
            return Response(status_code=exc.status, headers=exc.headers)
        raw: str = request.path_params["id"]
        try:
            row = self.artifacts.row(raw) if is_urn(raw) else None
        except ApiError:
            row = None
        if row is None:
            # The contract gives HEAD's 404 no body.
            return Response(status_code=404, headers={"Tus-Resumable": TUS_VERSION})
        offset = row["size"] if row["status"] == "ready" else row["received"]
        headers = {
            "Upload-Offset": str(offset),
            "Tus-Resumable": TUS_VERSION,
            "Cache-Control": "no-store",
        }
        length = row["size"] if row["status"] == "ready" else row["declared"]
        if length is not None:
            headers["Upload-Length"] = str(length)
        else:
            # tus creation-defer-length: say the length is still to come.
            headers["Upload-Defer-Length"] = "1"
        return Response(status_code=200, headers=headers)

    async def append(self, request: Request, artifact_id: str) -> Response:
        """PATCH on a data URL: append the body at ``Upload-Offset``."""
        check_version(request)
        if media_type(request) != "application/offset+octet-stream":
            raise ApiError(
                415, "a tus PATCH body must have Content-Type application/offset+octet-stream"
            )
        raw_offset = request.headers.get("upload-offset")
        if raw_offset is None or not raw_offset.strip().isdigit():
            raise bad_request("Upload-Offset must be given as a non-negative integer")
        offset = int(raw_offset)
        raw_length = request.headers.get("upload-length")
        if raw_length is not None and not raw_length.strip().isdigit():
            raise bad_request("Upload-Length must be a non-negative integer")
        if offset > MAX_INT64 or (raw_length is not None and int(raw_length) > MAX_INT64):
            raise bad_request("Upload-Offset and Upload-Length must fit in 64 bits")
        length = int(raw_length) if raw_length is not None else None
        await self._make_way(artifact_id)
        row = self.artifacts.row(artifact_id)
        if row["status"] == "ready":
            raise conflict("the upload is already complete", artifact_id)
        if row["status"] == "error" or row["sha256"]:
            raise conflict(
                f"the artifact cannot take more content (status {row['status']})", artifact_id
            )
        if offset != row["received"]:
            raise conflict(
                f"Upload-Offset {offset} does not match the {row['received']} bytes received",
                artifact_id,
            )
        declared = row["declared"]
        if length is not None:
            if declared is not None and length != declared:
                raise conflict(
                    f"Upload-Length {length} differs from the declared {declared}", artifact_id
                )
            if length < offset:
                raise conflict(
                    f"Upload-Length {length} is less than the {offset} bytes received", artifact_id
                )
            declared = length
        maximum = self.artifacts.max_upload_size
        check_fits(declared, maximum)
        limit = declared if declared is not None else maximum
        appender = self._uploading[artifact_id] = _Appender()
        try:
            written = await self._receive(
                request, artifact_id, offset, limit, commit=True, declared=declared
            )
            total = offset + written
            if declared is not None and total == declared:
                await anyio.to_thread.run_sync(self.artifacts.finish_upload, artifact_id, total)
        finally:
            if self._uploading.get(artifact_id) is appender:
                del self._uploading[artifact_id]
            appender.done.set()
        return Response(
            status_code=204, headers={"Upload-Offset": str(total), "Tus-Resumable": TUS_VERSION}
        )

    async def _make_way(self, artifact_id: str) -> None:
        """Before a PATCH: 409 while another one receives; stop one silent for a while.

        The stopped PATCH stores what it received and records it before this
        one reads the upload's offset.
        """
        while (current := self._uploading.get(artifact_id)) is not None:
            if time.monotonic() - current.heard < TAKEOVER_AFTER:
                raise conflict("another request is appending to this upload right now", artifact_id)
            current.scope.cancel()
            with anyio.move_on_after(TAKEOVER_WAIT):
                await current.done.wait()
            if not current.done.is_set():
                raise conflict("another request is still storing into this upload", artifact_id)

    async def _receive(
        self,
        request: Request,
        artifact_id: str,
        offset: int,
        limit: int | None,
        *,
        commit: bool,
        declared: int | None,
    ) -> int:
        """Append the request body to the part file at ``offset``; returns bytes written.

        With ``commit`` the progress is made durable and recorded every
        :data:`COMMIT_EVERY` bytes and when the client goes away (or a newer
        PATCH takes over), so an interrupted upload resumes close to where it
        stopped.
        """
        blobs = self.blobs
        fh: BinaryIO = await anyio.to_thread.run_sync(blobs.open_part, artifact_id, offset)
        written = committed = 0
        buf = bytearray()

        def write(data: bytes, at: int) -> None:
            fh.write(data)
            blobs.note_written(artifact_id, at, data)

        def sync_and_record(total: int) -> None:
            fh.flush()
            os.fsync(fh.fileno())
            if commit:
                self.artifacts.record_progress(artifact_id, total, declared)

        appender = self._uploading.get(artifact_id) if commit else None
        stop = appender.scope if appender is not None else anyio.CancelScope()
        try:
            with stop:
                async for chunk in request.stream():
                    if appender is not None:
                        appender.heard = time.monotonic()
                    if limit is not None and offset + written + len(buf) + len(chunk) > limit:
                        raise TooLarge
                    buf += chunk
                    if len(buf) >= WRITE_BUFFER:
                        # Shielded: a takeover stops the wait for bytes, never a
                        # write between the file and its count.
                        with anyio.CancelScope(shield=True):
                            data = bytes(buf)
                            buf.clear()
                            await anyio.to_thread.run_sync(write, data, offset + written)
                            written += len(data)
                            if commit and written - committed >= COMMIT_EVERY:
                                await anyio.to_thread.run_sync(sync_and_record, offset + written)
                                committed = written
            if stop.cancelled_caught:
                raise _TakenOver
            if buf:
                await anyio.to_thread.run_sync(write, bytes(buf), offset + written)
                written += len(buf)
            await anyio.to_thread.run_sync(sync_and_record, offset + written) if commit else None
            return written
        except TooLarge:
            stored = offset + committed
            await anyio.to_thread.run_sync(blobs.truncate_part, artifact_id, stored)
            what = (
                f"the declared length of {limit} bytes"
                if declared is not None and limit == declared
                else f"the {limit} bytes this sandbox accepts"
            )
            if not commit:
                # A creating request: its artifact is never recorded.
                raise ApiError(413, f"the body is larger than {what}; nothing was stored") from None
            # Progress committed before the excess arrived stays, so say where to resume.
            raise ApiError(
                413,
                f"more bytes than {what}; the upload keeps the {stored} bytes stored "
                f"before this request: resume with Upload-Offset {stored}",
                headers={"Upload-Offset": str(stored), "Tus-Resumable": TUS_VERSION},
            ) from None
        except (ClientDisconnect, _TakenOver) as exc:
            # Keep what arrived: the client resumes from the recorded offset.
            if buf:
                await anyio.to_thread.run_sync(write, bytes(buf), offset + written)
                written += len(buf)
            if commit:
                await anyio.to_thread.run_sync(sync_and_record, offset + written)
            if isinstance(exc, _TakenOver):
                raise conflict(
                    f"a newer request took over this upload after this one received nothing "
                    f"for {TAKEOVER_AFTER:g} s; the {offset + written} bytes that arrived are kept",
                    artifact_id,
                ) from None
            raise
        finally:
            await anyio.to_thread.run_sync(fh.close)
