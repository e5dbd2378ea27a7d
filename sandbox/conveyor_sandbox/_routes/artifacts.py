"""``/1/artifacts``: listing artifacts, reading their status and downloading their content.

Uploads (creating an artifact, appending to it) are the tus protocol's:
:mod:`conveyor_sandbox._routes.tus`. Downloads stream from disk and honour
one ``Range`` (206, or 416 outside the content).
"""

from __future__ import annotations

import re

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from .._errors import ApiError, conflict
from .._stores.artifacts import ARTIFACTS, ArtifactStore
from . import shapes
from .http import Guard, base_url, json_response, path_id, stream_file
from .listing import Listing
from .tus import TusUploads

_RANGE_RE = re.compile(r"^bytes=(\d*)-(\d*)$")


class ArtifactRoutes:
    """Artifacts and their content; uploads go to ``tus``."""

    def __init__(self, artifacts: ArtifactStore, listing: Listing) -> None:
        self.artifacts = artifacts
        self.listing = listing
        self.tus = TusUploads(artifacts)

    def routes(self, guard: Guard) -> list[Route]:
        """The Starlette routes of artifacts, each handler wrapped by ``guard``."""
        return [
            Route("/1/artifacts", guard(self.collection), methods=["GET", "POST", "OPTIONS"]),
            Route("/1/artifacts/{id}", guard(self.one), methods=["GET"]),
            Route(
                "/1/artifacts/{id}/blob",
                guard(self.content),
                methods=["GET", "HEAD", "PATCH", "OPTIONS"],
            ),
        ]

    async def collection(self, request: Request) -> Response:
        """GET (list), POST (create/upload) and OPTIONS (tus discovery) /1/artifacts."""
        if request.method == "OPTIONS":
            return self.tus.options()
        if request.method == "POST":
            return await self.tus.create(request)
        state, limit = self.listing.state(request, "/1/artifacts", ARTIFACTS)
        page = self.artifacts.page(state, limit)
        base = base_url(request)
        items = [shapes.artifact_item(r, base) for r in page.rows]
        return json_response(
            self.listing.envelope(request, "/1/artifacts", state, items, page.cursor)
        )

    async def one(self, request: Request) -> Response:
        """GET /1/artifacts/{id}."""
        row = self.artifacts.row(path_id(request, "artifact"))
        return json_response(shapes.artifact_record(row, base_url(request)))

    async def content(self, request: Request) -> Response:
        """GET (download), HEAD (tus offset), PATCH (tus append) and OPTIONS on a content URL."""
        if request.method == "OPTIONS":
            return self.tus.options()
        if request.method == "HEAD":
            return self.tus.offset(request)
        artifact_id = path_id(request, "artifact")
        if request.method == "PATCH":
            return await self.tus.append(request, artifact_id)
        return await self._download(request, artifact_id)

    async def _download(self, request: Request, artifact_id: str) -> Response:
        row = self.artifacts.row(artifact_id)
        if row["status"] != "ready":
            raise conflict(f"the content is not complete yet (status {row['status']})", artifact_id)
        size: int = row["size"]
        tag = shapes.etag(row["sha256"])
        path = self.artifacts.blobs.blob_path(row["sha256"])
        headers = {
            "ETag": tag,
            "Accept-Ranges": "bytes",
            "Content-Type": row["mime_type"] or "application/octet-stream",
        }
        start, end, status = 0, size - 1, 200
        wanted = request.headers.get("range")
        if_range = request.headers.get("if-range")
        if wanted is not None and (if_range is None or if_range.strip() == tag):
            span = parse_range(wanted, size)
            if span == "unsatisfiable":
                raise ApiError(
                    416,
                    f"the range {wanted!r} lies outside the {size} bytes of content",
                    headers={"Content-Range": f"bytes */{size}"},
                )
            if isinstance(span, tuple):
                start, end = span
                status = 206
                headers["Content-Range"] = f"bytes {start}-{end}/{size}"
        headers["Content-Length"] = str(end - start + 1 if size else 0)
        return StreamingResponse(
            stream_file(path, start, end - start + 1), status_code=status, headers=headers
        )


def parse_range(header: str, size: int) -> tuple[int, int] | str | None:
    """One byte range of ``size`` bytes: (first, last), "unsatisfiable", or None to ignore it.

    Several ranges or malformed syntax are ignored (the whole content is
    sent), as RFC 9110 allows.
    """
    m = _RANGE_RE.match(header.strip())
    if m is None:
        return None
    first, last = m.group(1), m.group(2)
    if not first and not last:
        return None
    if not first:
        suffix = int(last)
        if suffix == 0 or size == 0:
            return "unsatisfiable"
        return max(0, size - suffix), size - 1
    start = int(first)
    end = int(last) if last else size - 1
    if last and end < start:
        return None
    if start >= size:
        return "unsatisfiable"
    return start, min(end, size - 1)
