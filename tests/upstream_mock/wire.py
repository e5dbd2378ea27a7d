"""What the upstream-mock tests put between the SDK and the network.

- `MockWire`, the client's transport: records every exchange (with Prism's
  ``sl-violations`` report of what in the request or the answer breaks the
  upstream spec), refuses any host but the mock and the content server, and
  applies the test's `Rewrite` steps to the mock's JSON answers.
- `ContentServer`, a content host on a loopback port of its own: tus 1.0
  ``HEAD``/``PATCH`` and ``GET`` with ``Range``. The upstream spec declares
  no content operation (a deployment serves content at the absolute URL of
  an artifact's ``data-href``), so Prism cannot stand in for it.

Why rewriting: the SDK sends the ids it got back in later requests, and
WIRE-FACTS says every entity id is a URN (``urn:ivcap:<kind>:<uuid>``), but
the upstream spec marks ids ``uuid`` or ``uri``: Prism's generated ids are
random uuids and URLs, and one example is ``urn:ivcap:Artifact ID:<uuid>``
(with a space, so no URI). Sent back, these make requests the spec refuses
(an order's ``service`` must be a URI), a fault of the spec's examples, not
of the SDK. So the wire turns each ``id`` (``urn`` for projects) that is not
a URN into one, the same for the same value (`urn_for`).

And Prism keeps no state. Its artifact records cannot name
content the test holds, so a test's `Rewrite` changes only the fields it
names (``data-href``, and ``status``/``size`` to say what the content server
holds). And its list pages cannot end: each names a next page (the static
examples' ``https://api.ivcap.net/1/....``, which names no page at all), so
the wire writes every first page's next link as a real server does
(WIRE-FACTS: ``<list path>?page=<token>``, on `MockWire.next_origin`, the
mock itself unless a test says otherwise) and drops it from the page asked
for with that token. Values stay within the upstream schema; everything else
in an answer is Prism's, and Prism's report on its original answer is kept.
"""

from __future__ import annotations

import json
import re
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx

#: A rewrite of the mock's JSON answer: takes the request and the body, returns the new body.
RewriteFunction = Callable[[httpx.Request, Any], Any]

_DROPPED_HEADERS = {b"content-length", b"content-encoding", b"transfer-encoding"}
#: The most requests one test may send through a wire (no SDK call of these tests needs 50).
MAX_EXCHANGES = 200
#: The page token of the second (and last) page of every list the wire pages.
NEXT_PAGE = "p2"
#: Prism's codes for answers that break the schema's shape, not only a format or a bound.
_URN = re.compile(r"urn:[A-Za-z0-9][A-Za-z0-9-]*:\S+")
_KINDS = {
    "services": "service",
    "services2": "service",
    "orders": "order",
    "artifacts": "artifact",
    "aspects": "aspect",
    "metadata": "aspect",
    "queues": "queue",
    "project": "project",
}
_SHAPE_CODES = {"required", "type", "enum", "additionalProperties", "minItems", "maxItems"}


@dataclass(frozen=True)
class Rewrite:
    """Change the mock's JSON answers to ``method`` requests whose path matches ``path``."""

    method: str
    path: str
    change: RewriteFunction

    def applies(self, request: httpx.Request) -> bool:
        """Whether this rewrite is for ``request``."""
        return (
            request.method == self.method and re.fullmatch(self.path, request.url.path) is not None
        )


@dataclass
class Exchange:
    """One request the SDK sent through `MockWire`, and what came back."""

    request: httpx.Request
    status: int
    to_mock: bool
    violations: list[dict[str, Any]] = field(default_factory=list)
    #: The JSON answer the SDK got (after the wire's rewrites, if any), or ``None``.
    body: Any = None
    rewritten: bool = False
    prism_error: str | None = None
    #: The answer's body as the SDK got it, as text.
    text: str = ""

    @property
    def request_violations(self) -> list[str]:
        """Prism's findings about the request (the upstream spec does not allow it)."""
        return [_text(v) for v in self.violations if v.get("location", [""])[0] == "request"]

    @property
    def answer_violations(self) -> list[str]:
        """Prism's findings about its own answer (examples or data the spec does not allow)."""
        return [_text(v) for v in self.violations if v.get("location", [""])[0] == "response"]

    @property
    def answer_misshapen(self) -> list[str]:
        """The findings that break the answer's shape: a required field missing, a wrong type.

        A URN where the spec says ``uuid`` or a size beyond 2^53 is not
        among them: real deployments send those, and the SDK must take them.
        """
        return [
            _text(v)
            for v in self.violations
            if v.get("location", [""])[0] == "response" and v.get("code") in _SHAPE_CODES
        ]

    def __str__(self) -> str:
        return f"{self.request.method} {self.request.url} -> {self.status}"


def urn_for(value: str, kind: str) -> str:
    """The URN the wire writes for an id ``value`` that is not one (the same for the same value)."""
    return f"urn:ivcap:{kind}:{uuid.uuid5(uuid.NAMESPACE_URL, value)}"


def _make_urns(path: str, body: Any) -> bool:
    """Make the ids of a record, its list items, products and run references URNs; True if any."""
    parts = path.split("/")
    kind = "job" if "jobs" in parts else _KINDS.get(parts[2] if len(parts) > 2 else "", "")
    if not kind or not isinstance(body, dict):
        return False
    field = "urn" if kind == "project" else "id"
    records = [(body, kind, field)]
    for listed in ("items", "projects"):
        records += [(i, kind, field) for i in body.get(listed) or [] if isinstance(i, dict)]
    products = body.get("products")
    if isinstance(products, dict):
        records += [
            (i, "artifact", "id") for i in products.get("items") or [] if isinstance(i, dict)
        ]
    if kind in ("order", "job"):
        # The service (and order) a run names are sent back when the SDK reads them.
        records += [(body, "service", "service"), (body, "order", "order")]
    changed = False
    for record, of, name in records:
        value = record.get(name)
        if isinstance(value, str) and not _URN.fullmatch(value):
            record[name] = urn_for(value, of)
            changed = True
    return changed


def _text(violation: dict[str, Any]) -> str:
    where = ".".join(str(part) for part in violation.get("location", []))
    return f"{where}: {violation.get('message')}"


class MockWire(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """A transport for `conveyor.Client` and `conveyor.AsyncClient` in front of the mock.

    Args:
        mock_url: The mock's base URL.
        content_url: The content server's base URL (also reachable).
    """

    def __init__(self, mock_url: str, content_url: str) -> None:
        self.mock = httpx.URL(mock_url)
        self.content = httpx.URL(content_url)
        self.exchanges: list[Exchange] = []
        self.refused: list[httpx.Request] = []
        self.runaway = False
        self.rewrites: list[Rewrite] = []
        self.next_origin = mock_url
        #: Requests the spec has no operation for that a test expects (a probe of a newer API).
        self.expected_missing: list[tuple[str, str]] = []
        self._sync = httpx.HTTPTransport()
        self._async = httpx.AsyncHTTPTransport()

    def rewrite(self, method: str, path: str, change: RewriteFunction) -> None:
        """Add a `Rewrite` of the mock's answers."""
        self.rewrites.append(Rewrite(method, path, change))

    def _route(self, request: httpx.Request) -> bool:
        """True for the mock, False for the content server; any other host is refused.

        So is any request past `MAX_EXCHANGES` (a call that never stops asking).
        """
        if len(self.exchanges) >= MAX_EXCHANGES:
            self.runaway = True
            raise httpx.ConnectError(f"the test's wire took {MAX_EXCHANGES} requests already")
        where = (request.url.scheme, request.url.host, request.url.port)
        if where == (self.mock.scheme, self.mock.host, self.mock.port):
            return True
        if where == (self.content.scheme, self.content.host, self.content.port):
            return False
        self.refused.append(request)
        raise httpx.ConnectError(f"the test's wire reaches only the mock: {request.url}")

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        to_mock = self._route(request)
        response = self._sync.handle_request(request)
        if not to_mock:
            self.exchanges.append(Exchange(request, response.status_code, to_mock=False))
            return response
        try:
            content = response.read()
        finally:
            response.close()
        return self._answer(request, response, content)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        to_mock = self._route(request)
        response = await self._async.handle_async_request(request)
        if not to_mock:
            self.exchanges.append(Exchange(request, response.status_code, to_mock=False))
            return response
        try:
            content = await response.aread()
        finally:
            await response.aclose()
        return self._answer(request, response, content)

    def _answer(
        self, request: httpx.Request, response: httpx.Response, content: bytes
    ) -> httpx.Response:
        exchange = Exchange(request, response.status_code, to_mock=True)
        exchange.violations = json.loads(response.headers.get("sl-violations", "[]"))
        media = response.headers.get("content-type", "")
        if "json" in media and content:
            body = json.loads(content)
            if media.startswith("application/problem+json") and isinstance(body, dict):
                kind = str(body.get("type", ""))
                if "stoplight.io/prism/errors" in kind:
                    exchange.prism_error = kind.rsplit("#", 1)[-1]
            if 200 <= response.status_code < 300:
                exchange.rewritten = _make_urns(request.url.path, body)
                for step in self.rewrites:
                    if step.applies(request):
                        body = step.change(request, body)
                        exchange.rewritten = True
                exchange.rewritten |= self._page(request, body)
                if exchange.rewritten:
                    content = json.dumps(body).encode()
            exchange.body = body
        exchange.text = content.decode("utf-8", errors="replace")
        self.exchanges.append(exchange)
        headers = [(k, v) for k, v in response.headers.raw if k.lower() not in _DROPPED_HEADERS]
        return httpx.Response(
            response.status_code, headers=headers, content=content, request=request
        )

    def _page(self, request: httpx.Request, body: Any) -> bool:
        """Write the next-page link or token of a list page (see the module's docstring)."""
        if not isinstance(body, dict):
            return False
        first = "page" not in request.url.params
        if isinstance(body.get("items"), list) and isinstance(body.get("links"), list):
            links = [
                link
                for link in body["links"]
                if not (isinstance(link, dict) and link.get("rel") == "next")
            ]
            if first:
                href = f"{self.next_origin}{request.url.path}?page={NEXT_PAGE}"
                links.append({"rel": "next", "type": "application/json", "href": href})
            body["links"] = links
            return True
        if any(isinstance(body.get(key), list) for key in ("projects", "members")):
            # Project lists carry the next page's token itself, in ``page``.
            if first:
                body["page"] = NEXT_PAGE
            else:
                body.pop("page", None)
            return True
        return False

    def close(self) -> None:
        self._sync.close()

    async def aclose(self) -> None:
        await self._async.aclose()

    # -- what the tests ask -------------------------------------------------

    def to_mock(self) -> list[Exchange]:
        """The exchanges with the mock, in order."""
        return [e for e in self.exchanges if e.to_mock]

    def last(self, method: str, path: str) -> Exchange:
        """The last exchange with the mock for ``method`` and a path matching ``path``."""
        for exchange in reversed(self.to_mock()):
            request = exchange.request
            if request.method == method and re.fullmatch(path, request.url.path):
                return exchange
        sent = "\n  ".join(str(e) for e in self.exchanges) or "none"
        raise AssertionError(f"no {method} {path} was sent; the exchanges:\n  {sent}")

    def problems(self) -> list[str]:
        """What the upstream spec does not allow in the requests sent, one line each."""
        found = [f"refused: request to another host {r.method} {r.url}" for r in self.refused]
        if self.runaway:
            found.append(f"refused: more than {MAX_EXCHANGES} requests in one test")
        for exchange in self.to_mock():
            request = exchange.request
            expected = any(
                request.method == method and re.fullmatch(path, request.url.path)
                for method, path in self.expected_missing
            )
            if exchange.prism_error not in (None, "VIOLATIONS") and not expected:
                found.append(f"{exchange}: the mock has no such operation ({exchange.prism_error})")
            found += [f"{exchange}: {v}" for v in exchange.request_violations]
        return found

    def transcript(self) -> str:
        """Every exchange, with Prism's findings and the answer's start, for a failure report."""
        lines = []
        for exchange in self.exchanges:
            lines.append(str(exchange) + ("" if exchange.to_mock else "  (content server)"))
            lines += [f"    request: {v}" for v in exchange.request_violations]
            lines += [f"    answer: {v}" for v in exchange.answer_violations]
            if exchange.body is not None:
                lines.append(f"    body: {json.dumps(exchange.body)[:300]}")
        return "\n".join(lines)


@dataclass
class ContentRequest:
    """A request the content server received."""

    method: str
    path: str
    headers: dict[str, str]


class ContentServer:
    """A content host on its own loopback port, where artifact records' ``data-href`` point.

    ``/content/<key>`` answers ``HEAD`` (``Upload-Offset``), ``PATCH`` (a tus
    1.0 append at ``Upload-Offset``, 204 with the new offset) and ``GET``
    (with ``Range``: 206). Every request is recorded with its headers, so a
    test can tell whether the bearer token came along.
    """

    def __init__(self) -> None:
        self.blobs: dict[str, bytearray] = {}
        self.requests: list[ContentRequest] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """The server's base URL."""
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def href(self, key: str) -> str:
        """The absolute content URL of ``key``."""
        return f"{self.url}/content/{key}"

    def start(self) -> None:
        """Serve in a background thread."""
        self._thread.start()

    def stop(self) -> None:
        """Stop serving."""
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def put(self, key: str, data: bytes = b"") -> None:
        """Hold ``data`` under ``key`` (an empty upload target by default)."""
        with self._lock:
            self.blobs[key] = bytearray(data)

    def held(self, key: str) -> bytes:
        """The bytes held under ``key``."""
        with self._lock:
            return bytes(self.blobs[key])

    def seen(self, method: str) -> list[ContentRequest]:
        """The ``method`` requests received."""
        return [r for r in self.requests if r.method == method]


def _handler(store: ContentServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _key(self) -> str | None:
            found = re.fullmatch(r"/content/([A-Za-z0-9_-]+)", self.path)
            key = found.group(1) if found else None
            return key if key in store.blobs else None

        def _record(self) -> str | None:
            headers = {k.lower(): v for k, v in self.headers.items()}
            store.requests.append(ContentRequest(self.command, self.path, headers))
            key = self._key()
            if key is None:
                self._reply(404)
            return key

        def _reply(
            self, status: int, headers: dict[str, str] | None = None, body: bytes = b""
        ) -> None:
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            if "Content-Length" not in (headers or {}):
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if body and self.command != "HEAD":
                self.wfile.write(body)

        def do_HEAD(self) -> None:
            key = self._record()
            if key is not None:
                size = len(store.held(key))
                self._reply(
                    200,
                    {
                        "Upload-Offset": str(size),
                        "Tus-Resumable": "1.0.0",
                        "Cache-Control": "no-store",
                        "Content-Length": "0",
                    },
                )

        def do_PATCH(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            data = self.rfile.read(length)
            key = self._record()
            if key is None:
                return
            if self.headers.get("Content-Type") != "application/offset+octet-stream":
                self._reply(415)
                return
            with store._lock:
                blob = store.blobs[key]
                if self.headers.get("Upload-Offset") != str(len(blob)):
                    self._reply(409)
                    return
                blob += data
                offset = len(blob)
            self._reply(204, {"Upload-Offset": str(offset), "Tus-Resumable": "1.0.0"})

        def do_GET(self) -> None:
            key = self._record()
            if key is None:
                return
            data = store.held(key)
            found = re.fullmatch(r"bytes=(\d+)-(\d*)", self.headers.get("Range", ""))
            if found is None:
                self._reply(200, {"Content-Type": "application/octet-stream"}, data)
                return
            start = int(found.group(1))
            end = int(found.group(2)) if found.group(2) else len(data) - 1
            if start >= len(data):
                self._reply(416, {"Content-Range": f"bytes */{len(data)}"})
                return
            end = min(end, len(data) - 1)
            self._reply(
                206,
                {
                    "Content-Type": "application/octet-stream",
                    "Content-Range": f"bytes {start}-{end}/{len(data)}",
                },
                data[start : end + 1],
            )

    return Handler
