"""``/1/aspects``: adding, replacing, retracting and listing aspects."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .._errors import invalid
from .._stores.aspects import ASPECTS, AspectStore, check_content, check_target
from .._util import now
from . import shapes
from .http import (
    Guard,
    base_url,
    json_response,
    path_id,
    query_at_time,
    query_bool,
    query_limit,
    read_json,
)
from .listing import Listing

#: Answer fields of an aspect list that echo its query: (field, key in the paging state).
_ECHOED = (("entity", "entity"), ("schema", "schema"), ("aspect-path", "path"))


class AspectRoutes:
    """Aspects are listed by their own query parameters (a comma ``order-by`` and all)."""

    def __init__(self, aspects: AspectStore, listing: Listing) -> None:
        self.aspects = aspects
        self.listing = listing

    def routes(self, guard: Guard) -> list[Route]:
        """The Starlette routes of aspects, each handler wrapped by ``guard``."""
        return [
            Route("/1/aspects", guard(self.collection), methods=["GET", "POST", "PUT"]),
            Route("/1/aspects/{id}", guard(self.one), methods=["GET", "DELETE"]),
        ]

    async def collection(self, request: Request) -> Response:
        """GET (list), POST (add) and PUT (replace) /1/aspects."""
        if request.method == "GET":
            return self._list(request)
        q = request.query_params
        policy = q.get("policy") or None
        entity, schema = check_target(q.get("entity"), q.get("schema"), policy)
        content = check_content(await read_json(request, strict_type=True), schema)
        if request.method == "POST":
            aspect_id = self.aspects.create(entity, schema, content, policy)
        else:
            aspect_id = self.aspects.replace(entity, schema, content, policy)
        return json_response({"id": aspect_id})

    async def one(self, request: Request) -> Response:
        """GET and DELETE (retract) /1/aspects/{id}."""
        aspect_id = path_id(request, "aspect")
        if request.method == "DELETE":
            self.aspects.retract(aspect_id)
            return Response(status_code=204)
        row = self.aspects.row(aspect_id)
        return json_response(shapes.aspect_record(row, base_url(request)))

    def _list(self, request: Request) -> Response:
        scope = "/1/aspects"
        state, limit = self.listing.carried(request, scope) or self._first_state(request)
        result = self.aspects.page(state, limit)
        items = [shapes.aspect_item(r, bool(state.get("content"))) for r in result.rows]
        extra = {field: state[key] for field, key in _ECHOED if state.get(key)}
        return json_response(
            self.listing.envelope(request, scope, state, items, result.cursor, extra)
        )

    @staticmethod
    def _first_state(request: Request) -> tuple[dict[str, Any], int]:
        q = request.query_params
        limit = query_limit(request)
        direction = q.get("order-direction", "DESC").upper()
        if direction not in ("ASC", "DESC"):
            raise invalid(
                "order-direction", q.get("order-direction"), "order-direction must be ASC or DESC"
            )
        order_by = q.get("order-by")
        order = None
        if order_by:
            order = [ASPECTS.order_field(part).name for part in order_by.split(",") if part.strip()]
        state = {
            "at": query_at_time(request) or now(),
            "filter": q.get("filter") or None,
            "order": order or None,
            "desc": direction == "DESC",
            "cursor": None,
            "entity": q.get("entity") or None,
            "schema": q.get("schema") or None,
            "path": q.get("content-path") or None,
            "content": query_bool(request, "include-content", False),
            "limit": limit,
        }
        return state, limit
