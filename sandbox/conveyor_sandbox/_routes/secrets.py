"""``/1/secrets``: setting a secret, reading one by name, listing names (never values).

A read answers the value itself: the contract leaves it to the platform
whether ``secret-value`` is the value or a digest, and a development
sandbox is where a developer checks what a service will see. The value
never appears in a list, an error message or the sandbox's log.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .._stores.secrets import (
    DEFAULT_TYPE,
    MAX_VALUE_LENGTH,
    SecretStore,
    check_name,
    check_type,
    compile_filter,
)
from . import inputs
from .http import Guard, base_url, json_response, request_url
from .listing import Listing
from .shapes import link

LIST = "/1/secrets/list"


class SecretRoutes:
    """Secrets of the account."""

    def __init__(self, secrets: SecretStore, listing: Listing) -> None:
        self.secrets = secrets
        self.listing = listing

    def routes(self, guard: Guard) -> list[Route]:
        """The Starlette routes of secrets, each handler wrapped by ``guard``."""
        return [
            Route(LIST, guard(self.list), methods=["GET"]),
            Route("/1/secrets", guard(self.one), methods=["GET", "POST"]),
        ]

    async def one(self, request: Request) -> Response:
        """GET (read by ``secret-name``) and POST (set) /1/secrets."""
        if request.method == "POST":
            return await self._set(request)
        q = request.query_params
        name = check_name(q.get("secret-name"))
        kind = check_type(q["secret-type"]) if "secret-type" in q else None
        value, expiry = self.secrets.read(name, kind)
        return json_response({"secret-name": name, "secret-value": value, "expiry-time": expiry})

    async def _set(self, request: Request) -> Response:
        body = await inputs.read_object(request, "a secret request")
        name = check_name(body.get("secret-name"))
        value = inputs.text(
            body, "secret-value", required=True, max_length=MAX_VALUE_LENGTH, shown=False
        )
        expiry = inputs.integer(body, "expiry-time", required=True)
        kind = check_type(body["secret-type"]) if "secret-type" in body else None
        assert value is not None and expiry is not None  # required above
        self.secrets.set(name, value, expiry, kind or DEFAULT_TYPE)
        return Response(status_code=204)

    async def list(self, request: Request) -> Response:
        """GET /1/secrets/list: names and expiry times, in name order."""
        # ``offset`` is the upstream spelling of the same continuation token.
        token = request.query_params.get("page") or request.query_params.get("offset")
        if token is not None:
            state = self.listing.tokens.check(LIST, token)
            limit = inputs.open_limit(request, default=state.get("limit", 10), maximum=50)
        else:
            limit = inputs.open_limit(request, default=10, maximum=50)
            pattern = request.query_params.get("filter") or None
            compile_filter(pattern)  # 422 before anything is listed
            state = {"filter": pattern, "cursor": None, "limit": limit}
        listing = self.secrets.page(state, limit)
        items: list[dict[str, Any]] = [
            {"secret-name": name, "expiry-time": expiry} for name, expiry in listing.items
        ]
        links = [link("self", request_url(request))]
        if listing.cursor is not None:
            next_token = self.listing.tokens.issue(LIST, {**state, "cursor": listing.cursor})
            links.append(link("next", f"{base_url(request)}{LIST}?page={next_token}"))
        return json_response({"items": items, "links": links})
