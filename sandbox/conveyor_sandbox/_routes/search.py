"""``/1/search``: a Mangle query over every store, paged within its snapshot."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .._db import Database
from .._errors import ApiError, bad_request
from .._stores.search import SUPPORTED, run_query
from .._util import now
from .http import Guard, json_response, media_type, query_at_time, query_limit
from .listing import Listing

SCOPE = "/1/search"
MAX_QUERY_BYTES = 64 * 1024
QUERY_TYPES = ("application/datalog+mangle", "text/plain")


class SearchRoutes:
    """Runs queries (:mod:`conveyor_sandbox._stores.search`) against the database ``db``."""

    def __init__(self, db: Database, listing: Listing) -> None:
        self.db = db
        self.listing = listing

    def routes(self, guard: Guard) -> list[Route]:
        """The Starlette route of search, its handler wrapped by ``guard``."""
        return [Route(SCOPE, guard(self.search), methods=["POST"])]

    async def search(self, request: Request) -> Response:
        """POST /1/search: the Mangle subset documented in ``conveyor_sandbox._stores.search``."""
        state, limit = self.listing.carried(request, SCOPE) or await self._first_state(request)
        rows = run_query(self.db.conn(), state["query"], state["at"])
        offset = int(state.get("offset", 0))
        # Upstream types a result as a string: each row goes as the JSON text of its object.
        items = [
            json.dumps(row, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
            for row in rows[offset : offset + limit]
        ]
        cursor = [offset + limit] if offset + limit < len(rows) else None
        envelope = self.listing.envelope(request, SCOPE, state, items, cursor)
        if cursor is not None:
            # Search pages by offset within the snapshot; rebuild the next link so.
            next_state = {**state, "offset": offset + limit}
            envelope["links"][-1] = self.listing.page_link(request, SCOPE, "next", next_state)
        return json_response(envelope)

    @staticmethod
    async def _first_state(request: Request) -> tuple[dict[str, Any], int]:
        limit = query_limit(request)
        ctype = media_type(request)
        if ctype and ctype not in QUERY_TYPES:
            raise ApiError(
                415,
                f"queries of type {ctype} cannot run here; "
                f"send application/datalog+mangle: {SUPPORTED}",
            )
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_QUERY_BYTES:
                raise bad_request("the query is larger than 64 KiB")
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise bad_request("the query must be UTF-8 text") from None
        state = {"at": query_at_time(request) or now(), "query": text, "offset": 0, "limit": limit}
        return state, limit
