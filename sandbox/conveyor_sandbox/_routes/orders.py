"""``/1/orders``: placing orders, reading them and listing their products."""

from __future__ import annotations

import sqlite3
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .._errors import ApiError
from .._platform import Platform
from .._runner import OrderRunner
from .._stores.artifacts import PRODUCTS
from .._stores.orders import ORDERS
from .._util import now
from . import shapes
from .http import Guard, base_url, json_response, path_id, read_json
from .listing import DEFAULT_LIMIT, Listing


class OrderRoutes:
    """Orders go to the ``runner`` once recorded; their products are artifacts."""

    def __init__(self, platform: Platform, runner: OrderRunner, listing: Listing) -> None:
        self.orders = platform.orders
        self.artifacts = platform.artifacts
        self.runner = runner
        self.listing = listing

    def routes(self, guard: Guard) -> list[Route]:
        """The Starlette routes of orders, each handler wrapped by ``guard``."""
        return [
            Route("/1/orders", guard(self.collection), methods=["GET", "POST"]),
            Route("/1/orders/{id}", guard(self.one), methods=["GET"]),
            Route("/1/orders/{id}/products", guard(self.products), methods=["GET"]),
        ]

    async def collection(self, request: Request) -> Response:
        """GET (list) and POST (place) /1/orders."""
        if request.method == "POST":
            body = await read_json(request, strict_type=False)
            if self.runner.busy:
                raise ApiError(
                    503, "too many orders waiting; try again shortly", headers={"Retry-After": "5"}
                )
            row = self.orders.create(body)
            answer = self._record(request, row)
            self.runner.submit(row["id"])
            return json_response(answer)
        state, limit = self.listing.state(request, "/1/orders", ORDERS)
        page = self.orders.page(state, limit)
        base = base_url(request)
        items = [shapes.order_item(r, base) for r in page.rows]
        return json_response(self.listing.envelope(request, "/1/orders", state, items, page.cursor))

    async def one(self, request: Request) -> Response:
        """GET /1/orders/{id}."""
        row = self.orders.row(path_id(request, "order"))
        return json_response(self._record(request, row))

    async def products(self, request: Request) -> Response:
        """GET /1/orders/{id}/products."""
        order_id = self.orders.row(path_id(request, "order"))["id"]
        state, limit = self.listing.state(request, f"/1/orders/{order_id}/products", PRODUCTS)
        state["filter"] = None
        return json_response(self._products_page(request, order_id, state, limit))

    def _products_page(
        self, request: Request, order_id: str, state: dict[str, Any], limit: int
    ) -> dict[str, Any]:
        scope = f"/1/orders/{order_id}/products"
        page = self.artifacts.products_page(order_id, state, limit)
        base = base_url(request)
        items = [shapes.product_item(r, base) for r in page.rows]
        return self.listing.envelope(request, scope, state, items, page.cursor)

    def _record(self, request: Request, row: sqlite3.Row) -> dict[str, Any]:
        state = {"at": now(), "filter": None, "order": None, "desc": True, "cursor": None}
        products = self._products_page(request, row["id"], state, DEFAULT_LIMIT)
        # The embedded page's self link is the products list, not the order.
        products["links"][0] = shapes.link(
            "self", f"{base_url(request)}/1/orders/{row['id']}/products"
        )
        return shapes.order_record(row, base_url(request), products)
