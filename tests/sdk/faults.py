"""An httpx transport that injects faults in front of a real one (live tests only)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx


@dataclass
class Fault:
    """One fault for the next ``times`` requests matching ``method`` and ``path`` (a regex).

    Kinds: ``status`` (answer ``status`` without forwarding, with ``headers``),
    ``connect`` (a refused connection, nothing forwarded), ``timeout`` (a read
    timeout, nothing forwarded), ``lost-answer`` (forwarded and processed, then
    the connection drops before the answer), ``body-cut`` (the request body
    breaks off after ``after`` bytes), ``answer-cut`` (the response body breaks
    off after ``after`` bytes).
    """

    method: str
    path: str
    kind: str
    times: int = 1
    status: int = 503
    headers: dict[str, str] = field(default_factory=dict)
    after: int = 0
    skip: int = 0  # let this many matching requests through first


class FaultTransport(httpx.BaseTransport):
    """Forwards to ``inner`` except where a `Fault` says otherwise; counts what was sent."""

    def __init__(self, *faults: Fault, inner: httpx.BaseTransport | None = None) -> None:
        self.faults = list(faults)
        self.inner = inner or httpx.HTTPTransport()
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        self.body_bytes: dict[str, int] = {}
        self.injected: list[str] = []

    def _fault_for(self, request: httpx.Request) -> Fault | None:
        for fault in self.faults:
            if fault.times <= 0 or request.method != fault.method:
                continue
            if not re.search(fault.path, request.url.path):
                continue
            if fault.skip:
                fault.skip -= 1
                return None
            fault.times -= 1
            return fault
        return None

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append((request.method, request.url.path, dict(request.headers)))
        fault = self._fault_for(request)
        if fault is not None:
            self.injected.append(fault.kind)
        if fault is not None and fault.kind == "status":
            return httpx.Response(fault.status, headers=fault.headers, request=request)
        if fault is not None and fault.kind == "connect":
            raise httpx.ConnectError("injected: connection refused", request=request)
        if fault is not None and fault.kind == "timeout":
            raise httpx.ReadTimeout("injected: read timed out", request=request)
        limit = fault.after if fault is not None and fault.kind == "body-cut" else None
        request.stream = _CountingStream(request.stream, self, request.method, limit)
        response = self.inner.handle_request(request)
        if fault is not None and fault.kind == "lost-answer":
            response.read()
            response.close()
            raise httpx.RemoteProtocolError("injected: connection dropped", request=request)
        if fault is not None and fault.kind == "answer-cut":
            response.stream = _CutStream(response.stream, fault.after)
        return response

    def close(self) -> None:
        self.inner.close()


class _CountingStream(httpx.SyncByteStream):
    def __init__(self, stream: Any, owner: FaultTransport, method: str, limit: int | None) -> None:
        self.stream = stream
        self.owner = owner
        self.method = method
        self.limit = limit

    def __iter__(self) -> Iterator[bytes]:
        sent = 0
        for piece in self.stream:
            if self.limit is not None and sent + len(piece) > self.limit:
                piece = piece[: self.limit - sent]
                if piece:
                    self._count(len(piece))
                    yield piece
                raise httpx.WriteError("injected: connection reset while sending")
            sent += len(piece)
            self._count(len(piece))
            yield piece

    def _count(self, size: int) -> None:
        self.owner.body_bytes[self.method] = self.owner.body_bytes.get(self.method, 0) + size


class _CutStream(httpx.SyncByteStream):
    def __init__(self, stream: Any, after: int) -> None:
        self.stream = stream
        self.after = after

    def __iter__(self) -> Iterator[bytes]:
        sent = 0
        for piece in self.stream:
            if sent + len(piece) > self.after:
                yield piece[: self.after - sent]
                raise httpx.ReadError("injected: connection reset while receiving")
            sent += len(piece)
            yield piece

    def close(self) -> None:
        self.stream.close()
