"""The ASGI application: one gate in front of every route group.

The gate prepares the platform on the first request (recovery, publishing
the registered services), refuses oversized header blocks and checks the
bearer token on everything but the contract itself; Starlette then routes
to the groups of :mod:`conveyor_sandbox._routes`.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Callable
from importlib import resources

import anyio
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from ._idempotency import IdempotencyKeys
from ._platform import Platform
from ._routes.activity import ActivityRoutes
from ._routes.artifacts import ArtifactRoutes
from ._routes.aspects import AspectRoutes
from ._routes.dashboards import DashboardRoutes
from ._routes.http import Handler, guarded, json_response, query_parameters
from ._routes.jobs import JobRoutes
from ._routes.listing import Listing
from ._routes.metadata import MetadataRoutes
from ._routes.orders import OrderRoutes
from ._routes.packages import PackageRoutes
from ._routes.projects import ProjectRoutes
from ._routes.queues import QueueRoutes
from ._routes.search import SearchRoutes
from ._routes.secrets import SecretRoutes
from ._routes.services import ServiceRoutes
from ._runner import OrderRunner

OPENAPI_PATH = "/1/openapi/openapi3.json"
#: uvicorn refuses header blocks it cannot parse in one go; this catches the
#: rest, whatever the transport (including in-process ASGI use).
MAX_HEADER_BYTES = 16 * 1024


def _header_bytes(scope: Scope) -> int:
    return sum(len(k) + len(v) + 4 for k, v in scope["headers"])


class SandboxApp:
    """The ASGI application of one sandbox: the gate, then the routes of every resource."""

    def __init__(
        self,
        platform: Platform,
        runner: OrderRunner,
        token: str,
        prepare: Callable[[], None],
    ) -> None:
        self._prepare = prepare
        self._prepared = False
        self._expected = token.encode("utf-8")
        # The generator records the contract it generated from inside conveyor_api
        # (same distribution), and --check keeps it equal to openapi/platform.yaml,
        # so that one copy serves both the client and this server.
        self._openapi = resources.files("conveyor_api").joinpath("_contract.json").read_bytes()
        allowed = query_parameters(json.loads(self._openapi))
        keys = IdempotencyKeys(platform.db)

        def guard(handler: Handler) -> Handler:
            return guarded(keys.wrap(handler), allowed)

        listing = Listing(platform.tokens)
        groups = (
            ServiceRoutes(platform.services, listing),
            JobRoutes(platform, runner, listing),
            OrderRoutes(platform, runner, listing),
            ActivityRoutes(platform, runner, listing),
            ArtifactRoutes(platform.artifacts, listing),
            AspectRoutes(platform.aspects, listing),
            SearchRoutes(platform.db, listing),
            MetadataRoutes(platform.metadata, listing),
            SecretRoutes(platform.secrets, listing),
            QueueRoutes(platform.queues, listing),
            ProjectRoutes(platform.projects, listing),
            PackageRoutes(platform.packages, listing),
            DashboardRoutes(),
        )
        routes = [Route(OPENAPI_PATH, self.openapi, methods=["GET"])]
        for group in groups:
            routes += group.routes(guard)
        self.starlette = Starlette(
            routes=routes,
            exception_handlers={HTTPException: self._http_exception},  # type: ignore[dict-item]
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """ASGI entry: prepares the platform once, checks the bearer token."""
        if scope["type"] == "lifespan":
            await self.starlette(scope, receive, send)
            return
        if not self._prepared:
            await anyio.to_thread.run_sync(self._prepare)
            self._prepared = True
        if scope["type"] == "http" and _header_bytes(scope) > MAX_HEADER_BYTES:
            message = f"request headers larger than {MAX_HEADER_BYTES} bytes"
            await json_response({"message": message}, 400)(scope, receive, send)
            return
        if (
            scope["type"] == "http"
            and not (scope["path"] == OPENAPI_PATH and scope["method"] in ("GET", "HEAD"))
            and not self._authorized(scope)
        ):
            response = json_response(
                {"message": "missing or invalid bearer token"},
                401,
                {"WWW-Authenticate": 'Bearer realm="conveyor-sandbox"'},
            )
            await response(scope, receive, send)
            return
        await self.starlette(scope, receive, send)

    def _authorized(self, scope: Scope) -> bool:
        for key, value in scope["headers"]:
            if key == b"authorization":
                scheme, _, given = value.partition(b" ")
                return scheme.lower() == b"bearer" and hmac.compare_digest(
                    given.strip(), self._expected
                )
        return False

    async def _http_exception(self, request: Request, exc: HTTPException) -> Response:
        if exc.status_code == 404:
            message = f"no such path: {request.url.path}"
        elif exc.status_code == 405:
            message = f"{request.method} is not allowed on {request.url.path}"
        else:
            message = str(exc.detail)
        return json_response({"message": message}, exc.status_code, dict(exc.headers or {}))

    async def openapi(self, request: Request) -> Response:
        """GET /1/openapi/openapi3.json (no auth)."""
        return Response(self._openapi, media_type="application/json")
