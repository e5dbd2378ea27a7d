"""``/1/services`` and ``/1/services2``: one set of services, in two formats.

``/1/services`` speaks v0.43 (service definitions with a workflow);
``/1/services2`` is IVCAP's later service API: the same records as service
descriptions, published, replaced and retired in that format too. Both
answer alike (list, publish, read, replace with ``force-create``, retire),
so one pair of handlers serves each :class:`Format`. Jobs of a service
(``/1/services2/{service_id}/jobs``) are :mod:`conveyor_sandbox._routes.jobs`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .._lists import ListSpec
from .._stores.services import SERVICE_DESCRIPTIONS, SERVICES, ServiceStore
from . import shapes
from .http import Guard, Handler, base_url, json_response, path_id, query_bool, read_json
from .listing import Listing

#: A row as one format shows it: (row, base URL, status) -> the record.
Record = Callable[[sqlite3.Row, str, str], dict[str, Any]]


@dataclass(frozen=True)
class Format:
    """One service API: where it lives, how it lists and shows, how it takes a body."""

    scope: str
    spec: ListSpec
    item: Callable[[sqlite3.Row, str], dict[str, Any]]
    record: Record
    create: Callable[[Any], sqlite3.Row]
    update: Callable[[str, Any, bool], sqlite3.Row]


class ServiceRoutes:
    """Publishing, reading, replacing and retiring services, in both formats."""

    def __init__(self, services: ServiceStore, listing: Listing) -> None:
        self.services = services
        self.listing = listing
        self.formats = (
            Format(
                "/1/services",
                SERVICES,
                shapes.service_item,
                shapes.service_record,
                services.create,
                services.update,
            ),
            Format(
                "/1/services2",
                SERVICE_DESCRIPTIONS,
                shapes.service_description_item,
                shapes.service_description,
                services.create_description,
                services.update_description,
            ),
        )

    def routes(self, guard: Guard) -> list[Route]:
        """The Starlette routes of services, each handler wrapped by ``guard``."""
        out = []
        for fmt in self.formats:
            out.append(Route(fmt.scope, guard(self._collection(fmt)), methods=["GET", "POST"]))
            out.append(
                Route(fmt.scope + "/{id}", guard(self._one(fmt)), methods=["GET", "PUT", "DELETE"])
            )
        return out

    def _collection(self, fmt: Format) -> Handler:
        async def collection(request: Request) -> Response:
            """GET (list) and POST (publish) the services of one format."""
            if request.method == "POST":
                row = fmt.create(await read_json(request, strict_type=False))
                return json_response(self._show(fmt, row, base_url(request)), 201)
            state, limit = self.listing.state(request, fmt.scope, fmt.spec)
            page = self.services.page(state, limit, fmt.spec)
            base = base_url(request)
            items = [fmt.item(r, base) for r in page.rows]
            return json_response(
                self.listing.envelope(request, fmt.scope, state, items, page.cursor)
            )

        return collection

    def _one(self, fmt: Format) -> Handler:
        async def one(request: Request) -> Response:
            """GET, PUT (replace; ``force-create``) and DELETE (retire) one service."""
            service_id = path_id(request, "service")
            base = base_url(request)
            if request.method == "GET":
                return json_response(self._show(fmt, self.services.row(service_id), base))
            if request.method == "DELETE":
                self.services.delete(service_id)
                return Response(status_code=204)
            force = query_bool(request, "force-create", False)
            body = await read_json(request, strict_type=False)
            return json_response(self._show(fmt, fmt.update(service_id, body, force), base))

        return one

    def _show(self, fmt: Format, row: sqlite3.Row, base: str) -> dict[str, Any]:
        return fmt.record(row, base, self.services.status(row))
