"""The HTTP layer: Starlette routes implementing every operation of the contract."""

from __future__ import annotations

import functools
import hmac
import json
import logging
import os
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from importlib import resources
from typing import Any, BinaryIO

import anyio
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from ._errors import ApiError, bad_request, conflict, invalid
from ._lists import ListSpec
from ._names import check_name, decoded_name
from ._platform import Platform
from ._routes import shapes
from ._routes.shapes import etag, link
from ._runner import OrderRunner
from ._stores.artifacts import ARTIFACTS, PRODUCTS, check_mime
from ._stores.aspects import ASPECTS
from ._stores.aspects import check_content as check_aspect_content
from ._stores.aspects import check_target as check_aspect_target
from ._stores.orders import ORDERS
from ._stores.search import SUPPORTED, run_query
from ._stores.services import SERVICE_DESCRIPTIONS, SERVICES
from ._util import MAX_INT64, check_path_id, is_urn, new_id, now, parse_time, require_urn

log = logging.getLogger("conveyor_sandbox")

OPENAPI_PATH = "/1/openapi/openapi3.json"
TUS_VERSION = "1.0.0"
#: tus extensions announced by OPTIONS: POST creates an upload, its length may
#: be deferred to a later PATCH, and the creating POST may carry the first bytes.
TUS_EXTENSIONS = "creation,creation-defer-length,creation-with-upload"
MAX_JSON_BODY = 1024 * 1024
#: uvicorn refuses header blocks it cannot parse in one go; this catches the
#: rest, whatever the transport (including in-process ASGI use).
MAX_HEADER_BYTES = 16 * 1024
WRITE_BUFFER = 1024 * 1024
#: A long PATCH commits its progress this often, so a crash keeps most of it.
COMMIT_EVERY = 8 * 1024 * 1024
READ_CHUNK = 256 * 1024
_BOOL = {"true": True, "1": True, "false": False, "0": False}
_RANGE_RE = re.compile(r"^bytes=(\d*)-(\d*)$")
_JSON_TYPE_RE = re.compile(r"^application/([A-Za-z0-9.+-]*\+)?json$")

Handler = Callable[[Request], Awaitable[Response]]


#: One encoder for every answer: json.dumps with options builds a new one per call.
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    """A compact JSON answer."""
    body = _ENCODER.encode(data).encode("utf-8")
    return Response(body, status_code=status, media_type="application/json", headers=headers)


def error_response(exc: ApiError) -> Response:
    """The contract's error body for ``exc``."""
    return json_response(exc.body(), exc.status, exc.headers)


def query_parameters(contract: dict[str, Any]) -> dict[tuple[str, str], frozenset[str]]:
    """The query parameters each operation of the contract takes, by (path, METHOD)."""
    shared = contract.get("components", {}).get("parameters", {})

    def resolve(p: dict[str, Any]) -> dict[str, Any]:
        ref = p.get("$ref", "")
        found: dict[str, Any] = shared.get(ref.rsplit("/", 1)[-1], p) if ref else p
        return found

    out: dict[tuple[str, str], frozenset[str]] = {}
    for path, item in contract.get("paths", {}).items():
        common = [resolve(p) for p in item.get("parameters", [])]
        for method, op in item.items():
            if method == "parameters" or not isinstance(op, dict):
                continue
            params = common + [resolve(p) for p in op.get("parameters", [])]
            out[(path, method.upper())] = frozenset(
                p["name"] for p in params if p.get("in") == "query"
            )
    return out


def guarded(handler: Handler, allowed: dict[tuple[str, str], frozenset[str]]) -> Handler:
    """Refuse query parameters the contract does not define; turn errors into answers.

    ApiError becomes its answer and any other exception a logged 500.
    """

    @functools.wraps(handler)
    async def wrapper(request: Request) -> Response:
        try:
            if request.query_params and request.method != "HEAD":
                route = request.scope.get("route")
                known = allowed.get((getattr(route, "path", ""), request.method), frozenset())
                unknown = [k for k in request.query_params if k not in known]
                if unknown:
                    takes = ", ".join(sorted(known)) or "none"
                    name = unknown[0][:50]
                    raise bad_request(
                        f"unknown query parameter {name!r}; this operation takes: {takes}"
                    )
            return await handler(request)
        except ApiError as exc:
            return error_response(exc)
        except ClientDisconnect:
            return Response(status_code=400)
        except Exception:
            log.exception("%s %s failed", request.method, request.url.path)
            return json_response({"message": "internal error in the sandbox (see its log)"}, 500)

    return wrapper


def base_url(request: Request) -> str:
    """Scheme and authority the client used, without a trailing slash.

    Kept in the ASGI scope: a list answer needs it for every item's href and
    link, and Starlette rebuilds a URL object on each ``request.base_url``.
    """
    cached: str | None = request.scope.get("conveyor.base_url")
    if cached is None:
        cached = str(request.base_url).rstrip("/")
        request.scope["conveyor.base_url"] = cached
    return cached


def request_url(request: Request) -> str:
    """The URL of the request, as ``str(request.url)`` spells it, from the cached base.

    Starlette's URL starts from the Host header (or the server address) and
    ``root_path``, exactly what :func:`base_url` holds, then adds the path and
    the raw query; building it here saves a URL object per list answer.
    """
    query: bytes = request.scope.get("query_string", b"")
    url = base_url(request) + request.scope["path"]
    return f"{url}?{query.decode('latin-1')}" if query else url


def query_bool(request: Request, name: str, default: bool) -> bool:
    """A boolean query parameter; 422 unless true/false/1/0."""
    raw = request.query_params.get(name)
    if raw is None:
        return default
    value = _BOOL.get(raw.lower())
    if value is None:
        raise invalid(name, raw, f"{name} must be true or false")
    return value


def query_limit(request: Request) -> int:
    """``limit``: 1..50, default 10; 422 outside."""
    raw = request.query_params.get("limit")
    if raw is None:
        return 10
    try:
        value = int(raw)
    except ValueError:
        raise invalid("limit", raw, "limit must be an integer from 1 to 50") from None
    if not 1 <= value <= 50:
        raise invalid("limit", raw, "limit must be an integer from 1 to 50")
    return value


def query_at_time(request: Request) -> str | None:
    """``at-time`` in the storage format; 422 when it is not RFC 3339."""
    raw = request.query_params.get("at-time")
    if raw is None:
        return None
    stored = parse_time(raw)
    if stored is None:
        raise invalid(
            "at-time", raw, "at-time must be an RFC 3339 date-time such as 2026-01-31T12:00:00Z"
        )
    return stored


def path_id(request: Request, kind: str) -> str:
    """The ``{id}`` of the path (already percent-decoded), checked to be a URN."""
    raw: str = request.path_params["id"]
    value, _ours = check_path_id(raw, kind)
    return value


def header_int(request: Request, name: str, minimum: int) -> int | None:
    """An integer header; 422 naming it when malformed or too small."""
    raw = request.headers.get(name)
    if raw is None:
        return None
    try:
        value = int(raw.strip())
    except ValueError:
        raise invalid(name, raw, f"{name} must be an integer") from None
    if value < minimum:
        raise invalid(name, raw, f"{name} must be at least {minimum}")
    if value > MAX_INT64:
        raise invalid(name, raw, f"{name} is larger than any content this platform stores")
    return value


def check_tus_version(request: Request) -> None:
    """412 with ``Tus-Version`` when the request speaks a tus version other than ours.

    A request without ``Tus-Resumable`` is not a tus request (a direct
    upload, a plain download) and passes.
    """
    given = request.headers.get("tus-resumable")
    if given is not None and given.strip() != TUS_VERSION:
        raise ApiError(
            412,
            f"this sandbox speaks tus {TUS_VERSION}, not Tus-Resumable {given[:40]!r}",
            headers={"Tus-Version": TUS_VERSION},
        )


def tus_options(max_size: int | None) -> Response:
    """The tus 1.0 discovery answer for OPTIONS on the upload endpoint or a data URL."""
    headers = {
        "Tus-Resumable": TUS_VERSION,
        "Tus-Version": TUS_VERSION,
        "Tus-Extension": TUS_EXTENSIONS,
    }
    if max_size is not None:
        headers["Tus-Max-Size"] = str(max_size)
    return Response(status_code=204, headers=headers)


def decode_name(raw: str | None) -> str | None:
    """``X-Name``: base64 of UTF-8 (as IVCAP clients send it) or plain text.

    Which reading wins is decided by :func:`conveyor_sandbox._names.decoded_name`;
    the chosen name is then checked like any other (400 when path-like).
    """
    if raw is None or raw == "":
        return None
    decoded = decoded_name(raw)
    return check_name(raw if decoded is None else decoded, "X-Name")


async def read_json(request: Request, *, strict_type: bool) -> Any:
    """Read a JSON body (at most 1 MiB); 400 when malformed, 415 for another type."""
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype and not _JSON_TYPE_RE.match(ctype):
        if strict_type:
            raise ApiError(415, f"expected a JSON body (application/json), not {ctype}")
        raise bad_request(f"expected a JSON body (application/json), not {ctype}")
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > MAX_JSON_BODY:
        raise bad_request(f"the body is larger than {MAX_JSON_BODY} bytes")
    chunks = bytearray()
    async for chunk in request.stream():
        chunks += chunk
        if len(chunks) > MAX_JSON_BODY:
            raise bad_request(f"the body is larger than {MAX_JSON_BODY} bytes")
    if not chunks:
        raise bad_request("the body is empty; expected JSON")

    def no_constants(name: str) -> Any:
        raise ValueError(f"{name} is not JSON")

    try:
        return json.loads(chunks.decode("utf-8"), parse_constant=no_constants)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise bad_request(f"malformed JSON: {exc}") from None


def _header_bytes(scope: Scope) -> int:
    return sum(len(k) + len(v) + 4 for k, v in scope["headers"])


class TooLarge(Exception):
    """More bytes arrived than allowed."""


class SandboxApp:
    """The routes and the state they share; ``asgi`` is the application."""

    def __init__(
        self,
        platform: Platform,
        runner: OrderRunner,
        token: str,
        prepare: Callable[[], None],
    ) -> None:
        self.platform = platform
        self.runner = runner
        self._prepare = prepare
        self._prepared = False
        self._expected = token.encode("utf-8")
        self._uploading: set[str] = set()
        # The generator records the contract it generated from inside conveyor_api
        # (same distribution), and --check keeps it equal to openapi/platform.yaml,
        # so that one copy serves both the client and this server.
        self._openapi = resources.files("conveyor_api").joinpath("_contract.json").read_bytes()
        allowed = query_parameters(json.loads(self._openapi))
        routes = [
            Route(OPENAPI_PATH, self.openapi, methods=["GET"]),
            Route("/1/services", guarded(self.services, allowed), methods=["GET", "POST"]),
            Route(
                "/1/services/{id}", guarded(self.service, allowed), methods=["GET", "PUT", "DELETE"]
            ),
            Route("/1/services2", guarded(self.service_descriptions, allowed), methods=["GET"]),
            Route("/1/services2/{id}", guarded(self.service_description, allowed), methods=["GET"]),
            Route("/1/orders", guarded(self.orders, allowed), methods=["GET", "POST"]),
            Route("/1/orders/{id}", guarded(self.order, allowed), methods=["GET"]),
            Route("/1/orders/{id}/products", guarded(self.products, allowed), methods=["GET"]),
            Route(
                "/1/artifacts", guarded(self.artifacts, allowed), methods=["GET", "POST", "OPTIONS"]
            ),
            Route("/1/artifacts/{id}", guarded(self.artifact, allowed), methods=["GET"]),
            Route(
                "/1/artifacts/{id}/blob",
                guarded(self.blob, allowed),
                methods=["GET", "HEAD", "PATCH", "OPTIONS"],
            ),
            Route("/1/aspects", guarded(self.aspects, allowed), methods=["GET", "POST", "PUT"]),
            Route("/1/aspects/{id}", guarded(self.aspect, allowed), methods=["GET", "DELETE"]),
            Route("/1/search", guarded(self.search, allowed), methods=["POST"]),
        ]
        self.starlette = Starlette(
            routes=routes,
            exception_handlers={HTTPException: self._http_exception},  # type: ignore[dict-item]
        )

    # ------------------------------------------------------------- plumbing

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

    def _paging_state(
        self, request: Request, scope: str, spec: ListSpec
    ) -> tuple[dict[str, Any], int]:
        page = request.query_params.get("page")
        if page is not None:
            carried = self.platform.tokens.check(scope, page)
            return carried, self._page_limit(request, carried)
        limit = query_limit(request)
        order_by = request.query_params.get("order-by")
        state: dict[str, Any] = {
            "at": query_at_time(request) or now(),
            "filter": request.query_params.get("filter") or None,
            "order": [spec.order_field(order_by).name] if order_by else None,
            "desc": query_bool(request, "order-desc", True),
            "cursor": None,
            "limit": limit,
        }
        return state, limit

    @staticmethod
    def _page_limit(request: Request, state: dict[str, Any]) -> int:
        # A next link followed as is keeps the first page's limit; an explicit one wins.
        if "limit" in request.query_params:
            return query_limit(request)
        stored = state.get("limit", 10)
        return stored if isinstance(stored, int) and 1 <= stored <= 50 else 10

    def _envelope(
        self,
        request: Request,
        scope: str,
        state: dict[str, Any],
        items: list[dict[str, Any]],
        cursor: list[Any] | None,
        extra: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        base = base_url(request)
        tokens = self.platform.tokens
        links = [
            link("self", request_url(request)),
            link("first", f"{base}{scope}?page={tokens.issue(scope, {**state, 'cursor': None})}"),
        ]
        if cursor is not None:
            links.append(
                link(
                    "next", f"{base}{scope}?page={tokens.issue(scope, {**state, 'cursor': cursor})}"
                )
            )
        out: dict[str, Any] = {"items": items, "links": links, "at-time": state["at"]}
        out.update(extra or {})
        return out

    # --------------------------------------------------------------- openapi

    async def openapi(self, request: Request) -> Response:
        """GET /1/openapi/openapi3.json (no auth)."""
        return Response(self._openapi, media_type="application/json")

    # -------------------------------------------------------------- services

    async def services(self, request: Request) -> Response:
        """GET (list) and POST (create) /1/services."""
        base = base_url(request)
        if request.method == "POST":
            body = await read_json(request, strict_type=False)
            row = self.platform.services.create(body)
            return json_response(self._service_record(row, base), 201)
        return self._service_list(request, "/1/services", SERVICES, shapes.service_item)

    def _service_list(
        self,
        request: Request,
        scope: str,
        spec: ListSpec,
        project: Callable[[Any, str], dict[str, Any]],
    ) -> Response:
        """One page of services, each row shown by ``project`` (one list, two shapes)."""
        state, limit = self._paging_state(request, scope, spec)
        page = self.platform.services.page(state, limit, spec)
        base = base_url(request)
        items = [project(r, base) for r in page.rows]
        return json_response(self._envelope(request, scope, state, items, page.cursor))

    async def service_descriptions(self, request: Request) -> Response:
        """GET /1/services2: the services in the shape of IVCAP's later service API."""
        return self._service_list(
            request, "/1/services2", SERVICE_DESCRIPTIONS, shapes.service_description_item
        )

    async def service_description(self, request: Request) -> Response:
        """GET /1/services2/{id}."""
        row = self.platform.services.row(path_id(request, "service"))
        status = self.platform.services.status(row)
        return json_response(shapes.service_description(row, base_url(request), status))

    async def service(self, request: Request) -> Response:
        """GET, PUT and DELETE /1/services/{id}."""
        service_id = path_id(request, "service")
        base = base_url(request)
        if request.method == "GET":
            return json_response(self._service_record(self.platform.services.row(service_id), base))
        if request.method == "DELETE":
            self.platform.services.delete(service_id)
            return Response(status_code=204)
        force = query_bool(request, "force-create", False)
        body = await read_json(request, strict_type=False)
        row = self.platform.services.update(service_id, body, force)
        return json_response(self._service_record(row, base))

    def _service_record(self, row: Any, base: str) -> dict[str, Any]:
        return shapes.service_record(row, base, self.platform.services.status(row))

    # ---------------------------------------------------------------- orders

    async def orders(self, request: Request) -> Response:
        """GET (list) and POST (place) /1/orders."""
        base = base_url(request)
        if request.method == "POST":
            body = await read_json(request, strict_type=False)
            if self.runner.busy:
                raise ApiError(
                    503, "too many orders waiting; try again shortly", headers={"Retry-After": "5"}
                )
            row = self.platform.orders.create(body)
            answer = self._order_record(request, row)
            self.runner.submit(row["id"])
            return json_response(answer)
        state, limit = self._paging_state(request, "/1/orders", ORDERS)
        page = self.platform.orders.page(state, limit)
        items = [shapes.order_item(r, base) for r in page.rows]
        return json_response(self._envelope(request, "/1/orders", state, items, page.cursor))

    def _products_page(
        self, request: Request, order_id: str, state: dict[str, Any], limit: int
    ) -> dict[str, Any]:
        scope = f"/1/orders/{order_id}/products"
        page = self.platform.artifacts.products_page(order_id, state, limit)
        base = base_url(request)
        items = [shapes.product_item(r, base) for r in page.rows]
        return self._envelope(request, scope, state, items, page.cursor)

    def _order_record(self, request: Request, row: Any) -> dict[str, Any]:
        state = {"at": now(), "filter": None, "order": None, "desc": True, "cursor": None}
        products = self._products_page(request, row["id"], state, 10)
        # The embedded page's self link is the products list, not the order.
        products["links"][0] = link("self", f"{base_url(request)}/1/orders/{row['id']}/products")
        return shapes.order_record(row, base_url(request), products)

    async def order(self, request: Request) -> Response:
        """GET /1/orders/{id}."""
        row = self.platform.orders.row(path_id(request, "order"))
        return json_response(self._order_record(request, row))

    async def products(self, request: Request) -> Response:
        """GET /1/orders/{id}/products."""
        order_id = self.platform.orders.row(path_id(request, "order"))["id"]
        state, limit = self._paging_state(request, f"/1/orders/{order_id}/products", PRODUCTS)
        state["filter"] = None
        return json_response(self._products_page(request, order_id, state, limit))

    # ------------------------------------------------------------- artifacts

    async def artifacts(self, request: Request) -> Response:
        """GET (list), POST (create/upload) and OPTIONS (tus discovery) /1/artifacts."""
        if request.method == "OPTIONS":
            return tus_options(self.platform.artifacts.max_upload_size)
        if request.method == "POST":
            check_tus_version(request)
            return await self._create_artifact(request)
        base = base_url(request)
        state, limit = self._paging_state(request, "/1/artifacts", ARTIFACTS)
        page = self.platform.artifacts.page(state, limit)
        items = [shapes.artifact_item(r, base) for r in page.rows]
        return json_response(self._envelope(request, "/1/artifacts", state, items, page.cursor))

    async def artifact(self, request: Request) -> Response:
        """GET /1/artifacts/{id}."""
        row = self.platform.artifacts.row(path_id(request, "artifact"))
        return json_response(shapes.artifact_record(row, base_url(request)))

    async def _create_artifact(self, request: Request) -> Response:
        h = request.headers
        name = decode_name(h.get("x-name"))
        ctype = h.get("content-type", "").strip()
        mime = h.get("x-content-type") or (
            ctype if ctype and not ctype.startswith("application/offset+octet-stream") else ""
        )
        mime = check_mime(mime, "X-Content-Type") if mime else "application/octet-stream"
        upload_length = header_int(request, "upload-length", -1)
        x_length = header_int(request, "x-content-length", -1)
        declared = upload_length if upload_length is not None else x_length
        if declared == -1 or h.get("upload-defer-length") == "1":
            declared = None
        encoding = h.get("content-encoding", "identity").strip().lower()
        if encoding not in ("", "identity"):
            raise ApiError(
                415, f"Content-Encoding {encoding} is not supported; send the bytes as they are"
            )
        collection = h.get("x-collection") or None
        policy = h.get("x-policy") or None
        if collection is not None:
            require_urn("X-Collection", collection)
        if policy is not None:
            require_urn("X-Policy", policy)
        resumable = "tus-resumable" in h or upload_length is not None or x_length is not None
        maximum = self.platform.artifacts.max_upload_size
        if declared is not None and maximum is not None and declared > maximum:
            raise ApiError(
                413, f"the content is larger than this sandbox accepts ({maximum} bytes)"
            )
        body_length = header_int(request, "content-length", 0)
        has_body = bool(body_length) or "chunked" in h.get("transfer-encoding", "").lower()
        limit = declared if declared is not None else maximum
        if has_body and limit is not None and body_length is not None and body_length > limit:
            raise ApiError(413, f"the body has {body_length} bytes, more than the {limit} allowed")
        artifact_id = new_id("artifact")
        received = 0
        if has_body:
            try:
                received = await self._receive(
                    request, artifact_id, 0, limit, commit=False, declared=declared
                )
            except BaseException:
                self.platform.blobs.part_path(artifact_id).unlink(missing_ok=True)
                self.platform.blobs.forget(artifact_id)
                raise
        if not resumable:
            declared = received
        elif received and received != declared:
            # creation-with-upload stopped short: the record will say these bytes
            # arrived, so they must be on disk before it is written.
            await anyio.to_thread.run_sync(self.platform.blobs.sync_part, artifact_id)
        self.platform.artifacts.insert(
            artifact_id,
            name=name,
            mime_type=mime,
            declared=declared,
            received=received,
            sha256=None,
            collection=collection,
            policy=policy,
        )
        if declared is not None and received == declared:
            await anyio.to_thread.run_sync(
                self.platform.artifacts.finish_upload, artifact_id, received
            )
        row = self.platform.artifacts.row(artifact_id)
        base = base_url(request)
        headers = {
            "Location": f"{base}/1/artifacts/{artifact_id}",
            "Tus-Resumable": TUS_VERSION,
            "Upload-Offset": str(received),
        }
        return json_response(shapes.artifact_record(row, base), 201, headers)

    async def _receive(
        self,
        request: Request,
        artifact_id: str,
        offset: int,
        limit: int | None,
        *,
        commit: bool,
        declared: int | None,
    ) -> int:
        """Append the request body to the part file at ``offset``; returns bytes written.

        With ``commit`` the progress is made durable and recorded every
        :data:`COMMIT_EVERY` bytes and when the client goes away, so an
        interrupted upload resumes close to where it stopped.
        """
        blobs = self.platform.blobs
        fh: BinaryIO = await anyio.to_thread.run_sync(blobs.open_part, artifact_id, offset)
        written = committed = 0
        buf = bytearray()

        def write(data: bytes, at: int) -> None:
            fh.write(data)
            blobs.note_written(artifact_id, at, data)

        def sync_and_record(total: int) -> None:
            fh.flush()
            os.fsync(fh.fileno())
            if commit:
                self.platform.artifacts.record_progress(artifact_id, total, declared)

        try:
            async for chunk in request.stream():
                if limit is not None and offset + written + len(buf) + len(chunk) > limit:
                    raise TooLarge
                buf += chunk
                if len(buf) >= WRITE_BUFFER:
                    data = bytes(buf)
                    buf.clear()
                    await anyio.to_thread.run_sync(write, data, offset + written)
                    written += len(data)
                    if commit and written - committed >= COMMIT_EVERY:
                        await anyio.to_thread.run_sync(sync_and_record, offset + written)
                        committed = written
            if buf:
                await anyio.to_thread.run_sync(write, bytes(buf), offset + written)
                written += len(buf)
            await anyio.to_thread.run_sync(sync_and_record, offset + written) if commit else None
            return written
        except TooLarge:
            stored = offset + committed
            await anyio.to_thread.run_sync(blobs.truncate_part, artifact_id, stored)
            what = (
                f"the declared length of {limit} bytes"
                if declared is not None and limit == declared
                else f"the {limit} bytes this sandbox accepts"
            )
            if not commit:
                # A creating request: its artifact is never recorded.
                raise ApiError(413, f"the body is larger than {what}; nothing was stored") from None
            # Progress committed before the excess arrived stays, so say where to resume.
            raise ApiError(
                413,
                f"more bytes than {what}; the upload keeps the {stored} bytes stored "
                f"before this request: resume with Upload-Offset {stored}",
                headers={"Upload-Offset": str(stored), "Tus-Resumable": TUS_VERSION},
            ) from None
        except ClientDisconnect:
            # Keep what arrived: the client resumes from the recorded offset.
            if buf:
                await anyio.to_thread.run_sync(write, bytes(buf), offset + written)
                written += len(buf)
            if commit:
                await anyio.to_thread.run_sync(sync_and_record, offset + written)
            raise
        finally:
            await anyio.to_thread.run_sync(fh.close)

    async def blob(self, request: Request) -> Response:
        """GET (download), HEAD (tus offset), PATCH (tus append) and OPTIONS on a content URL."""
        if request.method == "OPTIONS":
            return tus_options(self.platform.artifacts.max_upload_size)
        if request.method == "HEAD":
            try:
                check_tus_version(request)
            except ApiError as exc:
                return Response(status_code=exc.status, headers=exc.headers)
            return self._upload_offset(request)
        artifact_id = path_id(request, "artifact")
        if request.method == "PATCH":
            check_tus_version(request)
            return await self._append(request, artifact_id)
        return await self._download(request, artifact_id)

    def _upload_offset(self, request: Request) -> Response:
        raw: str = request.path_params["id"]
        try:
            row = self.platform.artifacts.row(raw) if is_urn(raw) else None
        except ApiError:
            row = None
        if row is None:
            # The contract gives HEAD's 404 no body.
            return Response(status_code=404, headers={"Tus-Resumable": TUS_VERSION})
        offset = row["size"] if row["status"] == "ready" else row["received"]
        headers = {
            "Upload-Offset": str(offset),
            "Tus-Resumable": TUS_VERSION,
            "Cache-Control": "no-store",
        }
        length = row["size"] if row["status"] == "ready" else row["declared"]
        if length is not None:
            headers["Upload-Length"] = str(length)
        else:
            # tus creation-defer-length: say the length is still to come.
            headers["Upload-Defer-Length"] = "1"
        return Response(status_code=200, headers=headers)

    async def _append(self, request: Request, artifact_id: str) -> Response:
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype != "application/offset+octet-stream":
            raise ApiError(
                415, "a tus PATCH body must have Content-Type application/offset+octet-stream"
            )
        raw_offset = request.headers.get("upload-offset")
        if raw_offset is None or not raw_offset.strip().isdigit():
            raise bad_request("Upload-Offset must be given as a non-negative integer")
        offset = int(raw_offset)
        raw_length = request.headers.get("upload-length")
        if raw_length is not None and not raw_length.strip().isdigit():
            raise bad_request("Upload-Length must be a non-negative integer")
        if offset > MAX_INT64 or (raw_length is not None and int(raw_length) > MAX_INT64):
            raise bad_request("Upload-Offset and Upload-Length must fit in 64 bits")
        length = int(raw_length) if raw_length is not None else None
        row = self.platform.artifacts.row(artifact_id)
        if row["status"] == "ready":
            raise conflict("the upload is already complete", artifact_id)
        if row["status"] == "error" or row["sha256"]:
            raise conflict(
                f"the artifact cannot take more content (status {row['status']})", artifact_id
            )
        if artifact_id in self._uploading:
            raise conflict("another request is appending to this upload right now", artifact_id)
        if offset != row["received"]:
            raise conflict(
                f"Upload-Offset {offset} does not match the {row['received']} bytes received",
                artifact_id,
            )
        declared = row["declared"]
        if length is not None:
            if declared is not None and length != declared:
                raise conflict(
                    f"Upload-Length {length} differs from the declared {declared}", artifact_id
                )
            if length < offset:
                raise conflict(
                    f"Upload-Length {length} is less than the {offset} bytes received", artifact_id
                )
            declared = length
        maximum = self.platform.artifacts.max_upload_size
        if declared is not None and maximum is not None and declared > maximum:
            raise ApiError(
                413, f"the content is larger than this sandbox accepts ({maximum} bytes)"
            )
        limit = declared if declared is not None else maximum
        self._uploading.add(artifact_id)
        try:
            written = await self._receive(
                request, artifact_id, offset, limit, commit=True, declared=declared
            )
            total = offset + written
            if declared is not None and total == declared:
                await anyio.to_thread.run_sync(
                    self.platform.artifacts.finish_upload, artifact_id, total
                )
        finally:
            self._uploading.discard(artifact_id)
        return Response(
            status_code=204, headers={"Upload-Offset": str(total), "Tus-Resumable": TUS_VERSION}
        )

    async def _download(self, request: Request, artifact_id: str) -> Response:
        row = self.platform.artifacts.row(artifact_id)
        if row["status"] != "ready":
            raise conflict(f"the content is not complete yet (status {row['status']})", artifact_id)
        size: int = row["size"]
        tag = etag(row["sha256"])
        path = self.platform.blobs.blob_path(row["sha256"])
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
            _stream_file(path, start, end - start + 1), status_code=status, headers=headers
        )

    # --------------------------------------------------------------- aspects

    async def aspects(self, request: Request) -> Response:
        """GET (list), POST (add) and PUT (replace) /1/aspects."""
        if request.method == "GET":
            return self._list_aspects(request)
        q = request.query_params
        policy = q.get("policy") or None
        entity, schema = check_aspect_target(q.get("entity"), q.get("schema"), policy)
        content = check_aspect_content(await read_json(request, strict_type=True), schema)
        if request.method == "POST":
            aspect_id = self.platform.aspects.create(entity, schema, content, policy)
        else:
            aspect_id = self.platform.aspects.replace(entity, schema, content, policy)
        return json_response({"id": aspect_id})

    def _list_aspects(self, request: Request) -> Response:
        scope = "/1/aspects"
        q = request.query_params
        page = q.get("page")
        if page is not None:
            state = self.platform.tokens.check(scope, page)
            limit = self._page_limit(request, state)
        else:
            limit = query_limit(request)
            direction = q.get("order-direction", "DESC").upper()
            if direction not in ("ASC", "DESC"):
                raise invalid(
                    "order-direction",
                    q.get("order-direction"),
                    "order-direction must be ASC or DESC",
                )
            order_by = q.get("order-by")
            order = None
            if order_by:
                order = [
                    ASPECTS.order_field(part).name for part in order_by.split(",") if part.strip()
                ]
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
        result = self.platform.aspects.page(state, limit)
        items = [shapes.aspect_item(r, bool(state.get("content"))) for r in result.rows]
        extra = {
            k: state[v]
            for k, v in (("entity", "entity"), ("schema", "schema"), ("aspect-path", "path"))
            if state.get(v)
        }
        return json_response(self._envelope(request, scope, state, items, result.cursor, extra))

    async def aspect(self, request: Request) -> Response:
        """GET and DELETE (retract) /1/aspects/{id}."""
        aspect_id = path_id(request, "aspect")
        if request.method == "DELETE":
            self.platform.aspects.retract(aspect_id)
            return Response(status_code=204)
        row = self.platform.aspects.row(aspect_id)
        return json_response(shapes.aspect_record(row, base_url(request)))

    # ---------------------------------------------------------------- search

    async def search(self, request: Request) -> Response:
        """POST /1/search: the Mangle subset documented in ``_search``."""
        scope = "/1/search"
        page = request.query_params.get("page")
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if page is not None:
            state = self.platform.tokens.check(scope, page)
            limit = self._page_limit(request, state)
        else:
            limit = query_limit(request)
            if ctype and ctype not in ("application/datalog+mangle", "text/plain"):
                raise ApiError(
                    501,
                    f"queries of type {ctype} cannot run here; "
                    f"send application/datalog+mangle: {SUPPORTED}",
                )
            body = bytearray()
            async for chunk in request.stream():
                body += chunk
                if len(body) > 64 * 1024:
                    raise bad_request("the query is larger than 64 KiB")
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError:
                raise bad_request("the query must be UTF-8 text") from None
            state = {
                "at": query_at_time(request) or now(),
                "query": text,
                "offset": 0,
                "limit": limit,
            }
        rows = run_query(self.platform.db.conn(), state["query"], state["at"])
        offset = int(state.get("offset", 0))
        items = rows[offset : offset + limit]
        cursor = [offset + limit] if offset + limit < len(rows) else None
        envelope = self._envelope(request, scope, state, items, cursor)
        if cursor is not None:
            # Search pages by offset within the snapshot; rebuild the next link so.
            tok = self.platform.tokens.issue(scope, {**state, "offset": offset + limit})
            envelope["links"][-1] = link("next", f"{base_url(request)}{scope}?page={tok}")
        return json_response(envelope)


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


async def _stream_file(path: Any, start: int, length: int) -> AsyncIterator[bytes]:
    fh = await anyio.to_thread.run_sync(open, path, "rb")
    try:
        await anyio.to_thread.run_sync(fh.seek, start)
        left = length
        while left > 0:
            block: bytes = await anyio.to_thread.run_sync(fh.read, min(READ_CHUNK, left))
            if not block:
                break
            left -= len(block)
            yield block
    finally:
        await anyio.to_thread.run_sync(fh.close)
