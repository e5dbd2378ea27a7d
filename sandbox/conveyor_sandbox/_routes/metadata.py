"""``/1/metadata``: the data fabric's older record interface, over the same aspects.

A record added here is an aspect (see :mod:`conveyor_sandbox._stores.metadata`):
``GET /1/aspects/{id}`` reads it, and a record listed here may have been
added through ``/1/aspects``. Lists sort ascending unless ``order-desc``
is true, and carry each record's content unless ``include-content`` is
false, as the contract describes this interface.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .._jsonpath import parse_path
from .._stores.aspects import ASPECTS, check_content
from .._stores.metadata import MetadataStore, check_entity, check_policy, check_schema
from .._util import now
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
from .shapes import link

LIST = "/1/metadata"
#: Answer fields of a list that echo its query: (field, key in the paging state).
_ECHOED = (("entity", "entity"), ("schema", "schema"), ("aspect-path", "path"))


def _drop_none(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None}


def record_item(row: sqlite3.Row, include_content: bool) -> dict[str, Any]:
    """A MetadataListItem."""
    return _drop_none(
        {
            "id": row["id"],
            "entity": row["entity"],
            "schema": row["schema"],
            "aspect": json.loads(row["content"]) if include_content else None,
        }
    )


def record(row: sqlite3.Row, base: str) -> dict[str, Any]:
    """A MetadataRecord."""
    return _drop_none(
        {
            "id": row["id"],
            "entity": row["entity"],
            "schema": row["schema"],
            "aspect": json.loads(row["content"]),
            "asserter": row["asserter"],
            "revoker": row["retracter"],
            "valid-from": row["valid_from"],
            "valid-to": row["valid_to"],
            "links": [link("self", f"{base}{LIST}/{row['id']}")],
        }
    )


class MetadataRoutes:
    """Metadata records: add, list, read, replace, revoke."""

    def __init__(self, metadata: MetadataStore, listing: Listing) -> None:
        self.metadata = metadata
        self.listing = listing

    def routes(self, guard: Guard) -> list[Route]:
        """The Starlette routes of metadata records, each handler wrapped by ``guard``."""
        return [
            Route(LIST, guard(self.collection), methods=["GET", "POST"]),
            Route(f"{LIST}/{{id}}", guard(self.one), methods=["GET", "PUT", "DELETE"]),
        ]

    async def collection(self, request: Request) -> Response:
        """GET (list) and POST (add) /1/metadata."""
        if request.method == "GET":
            return self._list(request)
        q = request.query_params
        entity = check_entity(q.get("entity-id"))
        schema = check_schema(q.get("schema"))
        policy = check_policy(q.get("policy-id"))
        assert entity is not None and schema is not None  # required above
        content = check_content(await read_json(request, strict_type=True), schema)
        return json_response({"record-id": self.metadata.add(entity, schema, content, policy)})

    async def one(self, request: Request) -> Response:
        """GET, PUT (replace) and DELETE (revoke) /1/metadata/{id}."""
        record_id = path_id(request, "aspect")
        if request.method == "DELETE":
            self.metadata.revoke(record_id)
            return Response(status_code=204)
        row = self.metadata.row(record_id)
        if request.method == "GET":
            return json_response(record(row, base_url(request)))
        q = request.query_params
        entity = check_entity(q.get("entity-id"), required=False)
        schema = check_schema(q.get("schema"), required=False)
        policy = check_policy(q.get("policy-id"))
        content = check_content(await read_json(request, strict_type=True), schema or row["schema"])
        new_id = self.metadata.update(record_id, entity, schema, content, policy)
        return json_response({"record-id": new_id})

    def _list(self, request: Request) -> Response:
        state, limit = self.listing.carried(request, LIST) or self._first_state(request)
        page = self.metadata.page(state, limit)
        items = [record_item(r, bool(state.get("content"))) for r in page.rows]
        extra = {field: state[key] for field, key in _ECHOED if state.get(key)}
        return json_response(self.listing.envelope(request, LIST, state, items, page.cursor, extra))

    @staticmethod
    def _first_state(request: Request) -> tuple[dict[str, Any], int]:
        q = request.query_params
        limit = query_limit(request)
        path = q.get("aspect-path") or None
        if path is not None:
            parse_path(path, "aspect-path")  # 400 naming this parameter, before any page
        order_by = q.get("order-by")
        state = {
            "at": query_at_time(request) or now(),
            "filter": q.get("filter") or None,
            "order": [ASPECTS.order_field(order_by).name] if order_by else None,
            "desc": query_bool(request, "order-desc", False),
            "cursor": None,
            "entity": q.get("entity-id") or None,
            "schema": q.get("schema") or None,
            "path": path,
            "content": query_bool(request, "include-content", True),
            "limit": limit,
        }
        return state, limit
