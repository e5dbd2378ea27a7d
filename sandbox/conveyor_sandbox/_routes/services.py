"""``/1/services`` and ``/1/services2``: one set of services, in two shapes.

``/1/services2`` is IVCAP's later service API: the same records as service
descriptions, published, replaced and retired in that format too. Jobs of a
service (``/1/services2/{service_id}/jobs``) are :mod:`conveyor_sandbox._routes.jobs`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .._lists import ListSpec
from .._stores.services import SERVICE_DESCRIPTIONS, SERVICES, ServiceStore
from . import shapes
from .http import Guard, base_url, json_response, path_id, query_bool, read_json
from .listing import Listing


class ServiceRoutes:
    """Publishing, reading, replacing and retiring services."""

    def __init__(self, services: ServiceStore, listing: Listing) -> None:
        self.services = services
        self.listing = listing

    def routes(self, guard: Guard) -> list[Route]:
        """The Starlette routes of services, each handler wrapped by ``guard``."""
        return [
            Route("/1/services", guard(self.collection), methods=["GET", "POST"]),
            Route("/1/services/{id}", guard(self.one), methods=["GET", "PUT", "DELETE"]),
            Route("/1/services2", guard(self.descriptions), methods=["GET", "POST"]),
            Route("/1/services2/{id}", guard(self.description), methods=["GET", "PUT", "DELETE"]),
        ]

    async def collection(self, request: Request) -> Response:
        """GET (list) and POST (create) /1/services."""
        if request.method == "POST":
            body = await read_json(request, strict_type=False)
            row = self.services.create(body)
            return json_response(self._record(row, base_url(request)), 201)
        return self._list(request, "/1/services", SERVICES, shapes.service_item)

    async def one(self, request: Request) -> Response:
        """GET, PUT and DELETE /1/services/{id}."""
        service_id = path_id(request, "service")
        base = base_url(request)
        if request.method == "GET":
            return json_response(self._record(self.services.row(service_id), base))
        if request.method == "DELETE":
            self.services.delete(service_id)
            return Response(status_code=204)
        force = query_bool(request, "force-create", False)
        body = await read_json(request, strict_type=False)
        row = self.services.update(service_id, body, force)
        return json_response(self._record(row, base))

    async def descriptions(self, request: Request) -> Response:
        """GET (list) and POST (publish) /1/services2, in IVCAP's later service format."""
        if request.method == "POST":
            body = await read_json(request, strict_type=False)
            row = self.services.create_description(body)
            return json_response(self._description(row, base_url(request)), 201)
        return self._list(
            request, "/1/services2", SERVICE_DESCRIPTIONS, shapes.service_description_item
        )

    async def description(self, request: Request) -> Response:
        """GET, PUT (replace, ``force-create``) and DELETE (retire) /1/services2/{id}."""
        service_id = path_id(request, "service")
        base = base_url(request)
        if request.method == "GET":
            return json_response(self._description(self.services.row(service_id), base))
        if request.method == "DELETE":
            self.services.delete(service_id)
            return Response(status_code=204)
        force = query_bool(request, "force-create", False)
        body = await read_json(request, strict_type=False)
        row = self.services.update_description(service_id, body, force)
        return json_response(self._description(row, base))

    def _record(self, row: sqlite3.Row, base: str) -> dict[str, Any]:
        return shapes.service_record(row, base, self.services.status(row))

    def _description(self, row: sqlite3.Row, base: str) -> dict[str, Any]:
        return shapes.service_description(row, base, self.services.status(row))

    def _list(
        self,
        request: Request,
        scope: str,
        spec: ListSpec,
        project: Callable[[sqlite3.Row, str], dict[str, Any]],
    ) -> Response:
        """One page of services, each row shown by ``project`` (one list, two shapes)."""
        state, limit = self.listing.state(request, scope, spec)
        page = self.services.page(state, limit, spec)
        base = base_url(request)
        items = [project(r, base) for r in page.rows]
        return json_response(self.listing.envelope(request, scope, state, items, page.cursor))
