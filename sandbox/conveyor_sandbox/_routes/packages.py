"""``/1/packages``: pushing and pulling container images part by part, listing and removing tags.

Bodies are streamed: a push goes to disk in 1 MiB writes as it arrives and
a pull is read from disk in 256 KiB pieces, so neither holds a part in
memory (see :mod:`conveyor_sandbox._stores.packages` for what becomes
visible when).
"""

from __future__ import annotations

import anyio
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from .._errors import ApiError, bad_request, invalid, not_found
from .._stores.packages import (
    MAX_MANIFEST_BYTES,
    PARTS,
    PackageStore,
    PartWriter,
    check_digest,
    parse_tag,
)
from . import inputs
from .http import (
    Guard,
    base_url,
    json_response,
    query_bool,
    query_int,
    request_url,
    stream_file,
)
from .listing import Listing
from .shapes import link

LIST = "/1/packages/list"
WRITE_BUFFER = 1024 * 1024


def _part(request: Request) -> str:
    kind = request.query_params.get("type")
    if kind not in PARTS:
        raise invalid("type", kind, f"type must be one of: {', '.join(PARTS)}")
    return kind


def _offset(request: Request, name: str) -> int | None:
    value = query_int(request, name)
    if value is not None and value < 0:
        raise invalid(name, value, f"{name} must not be negative")
    return value


def _pushed(digest: str, exists: bool) -> Response:
    return json_response({"digest": digest, "exists": exists}, 201)


class PackageRoutes:
    """The image registry of the account."""

    def __init__(self, packages: PackageStore, listing: Listing) -> None:
        self.packages = packages
        self.listing = listing

    def routes(self, guard: Guard) -> list[Route]:
        """The Starlette routes of packages, each handler wrapped by ``guard``."""
        return [
            Route(LIST, guard(self.list), methods=["GET"]),
            Route("/1/packages/pull", guard(self.pull), methods=["GET"]),
            Route("/1/packages/push", guard(self.push), methods=["POST"]),
            Route("/1/packages/status", guard(self.status), methods=["GET"]),
            Route("/1/packages/remove", guard(self.remove), methods=["DELETE"]),
        ]

    async def list(self, request: Request) -> Response:
        """GET /1/packages/list: the tags of up to ``limit`` images, in name order."""
        token = request.query_params.get("page")
        if token is not None:
            state = self.listing.tokens.check(LIST, token)
            limit = inputs.open_limit(request, default=state.get("limit", 10), maximum=50)
        else:
            limit = inputs.open_limit(request, default=10, maximum=50)
            wanted = request.query_params.get("tag")
            name, tag = parse_tag(wanted, bare=True) if wanted else (None, None)
            state = {"name": name, "tag": tag, "cursor": None, "limit": limit}
        items, cursor = self.packages.page(state, limit)
        links = [link("self", request_url(request))]
        if cursor is not None:
            following = self.listing.tokens.issue(LIST, {**state, "cursor": cursor})
            links.append(link("next", f"{base_url(request)}{LIST}?page={following}"))
        return json_response({"items": items, "links": links})

    async def pull(self, request: Request) -> Response:
        """GET /1/packages/pull: one part, from ``offset`` to its end."""
        kind = _part(request)
        ref = request.query_params.get("ref")
        if not ref:
            raise invalid("ref", ref, "ref is required: an image tag, or a part's digest")
        offset = _offset(request, "offset") or 0
        path, size = self.packages.content(kind, ref)
        if offset > size:
            raise invalid("offset", offset, f"offset is beyond the {size} bytes of this part")
        available = size - offset
        headers = {
            "Total": str(size),
            "Available": str(available),
            "Content-Length": str(available),
        }
        return StreamingResponse(
            stream_file(path, offset, available),
            media_type="application/octet-stream",
            headers=headers,
        )

    async def push(self, request: Request) -> Response:
        """POST /1/packages/push: a manifest, a config or a layer (whole, or a chunk of it)."""
        name, tag = parse_tag(request.query_params.get("tag"))
        assert tag is not None
        kind = _part(request)
        digest = check_digest(request.query_params.get("digest"))
        force = query_bool(request, "force", False)
        total, start, end = (_offset(request, p) for p in ("total", "start", "end"))
        if total is None and (start is not None or end is not None):
            raise invalid("total", None, "a chunk (start, end) needs the part's total size")
        if kind == "manifest":
            if total is not None:
                raise invalid("total", total, "a manifest is pushed whole, not in chunks")
            self.packages.check_tag_free(name, tag, force)
            writer = await anyio.to_thread.run_sync(self.packages.temp_writer)
            await _receive(request, writer, MAX_MANIFEST_BYTES, None)
            await anyio.to_thread.run_sync(
                self.packages.commit_manifest, writer, digest, name, tag, force
            )
            return _pushed(digest, False)
        if not force and self.packages.part(digest) is not None:
            return _pushed(digest, True)  # the body need not be read
        if total is None:
            writer = await anyio.to_thread.run_sync(self.packages.temp_writer)
            await _receive(request, writer, self.packages.max_size, None)
            await anyio.to_thread.run_sync(self.packages.commit_part, writer, digest, kind)
            return _pushed(digest, False)
        return await self._push_chunk(request, digest, name, tag, kind, total, start or 0, end)

    async def _push_chunk(
        self,
        request: Request,
        digest: str,
        name: str,
        tag: str,
        kind: str,
        total: int,
        start: int,
        end: int | None,
    ) -> Response:
        if start > total:
            raise invalid("start", start, f"start is beyond the part's total of {total} bytes")
        if end is not None and not start <= end <= total:
            raise invalid("end", end, f"end must lie between start ({start}) and total ({total})")
        stop = total if end is None else end
        plan = await anyio.to_thread.run_sync(
            self.packages.begin_chunk, digest, name, tag, kind, total, start
        )
        try:
            await _receive(
                request, plan.writer, stop - start, None if end is None else stop - start
            )
            await anyio.to_thread.run_sync(self.packages.record_chunk, digest, plan, kind)
        finally:
            self.packages.end_chunk(digest)
        return _pushed(digest, False)

    async def status(self, request: Request) -> Response:
        """GET /1/packages/status: whether the part ``digest`` pushed under ``tag`` has arrived."""
        name, tag = parse_tag(request.query_params.get("tag"))
        digest = check_digest(request.query_params.get("digest"))
        part = self.packages.part(digest)
        if part is not None:
            message = f"{part['kind']} stored ({part['size']} bytes)"
            return json_response({"status": "complete", "message": message})
        upload = self.packages.upload(digest)
        if upload is not None:
            message = f"{upload['received']} of {upload['total']} bytes stored"
            return json_response({"status": "partial", "message": message})
        assert tag is not None
        tagged = self.packages.tag_row(name, tag)
        if tagged is not None and tagged["digest"] == digest:
            return json_response({"status": "complete", "message": f"manifest of {name}:{tag}"})
        raise not_found(f"nothing with this digest was pushed under {name}:{tag}", digest)

    async def remove(self, request: Request) -> Response:
        """DELETE /1/packages/remove: untag ``name:tag``."""
        name, tag = parse_tag(request.query_params.get("tag"))
        assert tag is not None
        self.packages.remove(name, tag)
        return Response(status_code=204)


async def _receive(
    request: Request, writer: PartWriter, limit: int | None, exact: int | None
) -> None:
    """Stream the body into ``writer`` (413 beyond ``limit``; 400 when not ``exact`` bytes long).

    On any failure, an interrupted body included, what was written is dropped.
    """
    buf = bytearray()
    try:
        async for chunk in request.stream():
            if limit is not None and writer.written + len(buf) + len(chunk) > limit:
                raise ApiError(413, f"the body is larger than the {limit} bytes it may have here")
            buf += chunk
            if len(buf) >= WRITE_BUFFER:
                data = bytes(buf)
                buf.clear()
                await anyio.to_thread.run_sync(writer.write, data)
        if buf:
            await anyio.to_thread.run_sync(writer.write, bytes(buf))
        if exact is not None and writer.written != exact:
            raise bad_request(
                f"the chunk has {writer.written} bytes, not the {exact} of start..end"
            )
        await anyio.to_thread.run_sync(writer.finish)
    except BaseException:
        # Synchronous on purpose: under cancellation an await here would not run.
        writer.abandon()
        raise
