"""``/1/dashboards``: the monitoring dashboards a caller may open; the sandbox has none.

A deployment lists the dashboards of its monitoring server; the sandbox
runs no such server, so the list is always empty. Its parameters are still
checked as every list's are (``limit``, ``order-by`` over the Dashboard
fields, ``filter``, ``at-time``), so a client's mistakes show here too, and
a page token is refused since this list never issues one.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .._errors import bad_request
from .._filter import compile_filter, parse_filter
from .._lists import ListSpec, fields
from .http import Guard, json_response, query_at_time, query_bool, query_limit

DASHBOARDS = ListSpec(
    table="dashboards",
    fields=fields(
        ("id", "id", "int"),
        ("uid", "uid", "text"),
        ("title", "title", "text"),
        ("url", "url", "text"),
    ),
    default_order="title",
    visible_at="1",
)


class DashboardRoutes:
    """The (empty) list of dashboards."""

    def routes(self, guard: Guard) -> list[Route]:
        """The Starlette route of dashboards, wrapped by ``guard``."""
        return [Route("/1/dashboards", guard(self.list), methods=["GET"])]

    async def list(self, request: Request) -> Response:
        """GET /1/dashboards: ``{"items": []}`` once the parameters check out."""
        q = request.query_params
        if "page" in q:
            raise bad_request("page: this list has one page and issues no page tokens")
        query_limit(request)
        query_bool(request, "order-desc", True)
        query_at_time(request)
        if q.get("order-by"):
            DASHBOARDS.order_field(q["order-by"])
        if q.get("filter"):
            compile_filter(parse_filter(q["filter"]), DASHBOARDS.fields)
        return json_response({"items": []})
