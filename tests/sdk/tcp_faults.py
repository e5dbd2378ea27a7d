"""A TCP fault proxy on loopback: HTTP/1.1 between a client and a server, with faults.

Unlike `faults.FaultTransport` (an httpx transport inside the client), this
sits on the wire, so the client's own socket sees what a network does: a
connection reset before or after the request reached the server, an answer
cut after its head or in the middle of its body, an answer that never comes
(a stall past the client's timeout), a request body cut off half-way, and a
gateway's own ``503``/``429`` with ``Retry-After`` (also what it answers
while the server is down).

Each request is read whole (Content-Length framing, as the SDK sends), then a
seeded random draw decides its fate; the server's answer is read whole
(Content-Length, chunked, or up to the close) before it is passed on or
broken. Every exchange is logged as an `Exchange`.
"""

from __future__ import annotations

import contextlib
import random
import socket
import struct
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import BinaryIO

#: What can happen to a request. ``None`` in the log: it went through untouched.
FAULTS = (
    "reset-before",  # the connection is reset before the request reaches the server
    "reset-after",  # the server acted; the connection is reset before its answer
    "cut-head",  # the answer's head arrives, its body does not
    "cut-body",  # the head and half the body arrive, then a reset
    "stall",  # the server acted; its answer is held past the client's timeout
    "503",  # refused by the gateway (Retry-After: 1), never forwarded
    "429",  # rate limited by the gateway (Retry-After: 1), never forwarded
    "cut-request",  # half the request body reaches the server, then both sides close
)
#: Logged, never drawn: the server could not be reached, and the proxy answered 503 itself.
DOWN = "down"


@dataclass
class Exchange:
    """One request through the proxy: what was asked, what was done, what the server said."""

    method: str
    path: str
    headers: dict[str, str]
    fault: str | None
    status: int | None = None
    answer_headers: dict[str, str] = field(default_factory=dict)
    at: float = field(default_factory=time.monotonic)


class FaultProxy:
    """Relays ``127.0.0.1:<port>`` to ``upstream``, breaking a ``rate`` of the requests.

    ``kinds`` are the faults drawn from (all of `FAULTS` by default; a body cut
    applies only to requests with a body); ``method_rates`` overrides ``rate``
    for some methods (tus PATCHes, creating POSTs); ``stall`` is how long a stalled
    answer is held (make it longer than the client's read timeout);
    ``max_stalls`` bounds their number, so a run's duration stays bounded.
    ``enabled`` can be cleared to let everything through (the final checks).
    """

    def __init__(
        self,
        upstream: tuple[str, int],
        *,
        seed: int,
        rate: float,
        kinds: Sequence[str] = FAULTS,
        method_rates: dict[str, float] | None = None,
        stall: float = 1.5,
        max_stalls: int = 4,
    ) -> None:
        self.upstream = upstream
        self.random = random.Random(seed)
        self.rate = rate
        self.method_rates = dict(method_rates or {})
        self.kinds = tuple(kinds)
        self.stall = stall
        self.max_stalls = max_stalls
        self.enabled = True
        self.log: list[Exchange] = []
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self.port = self._listener.getsockname()[1]
        self._closing = threading.Event()
        self._threads: list[threading.Thread] = []
        self._accepting = threading.Thread(target=self._accept, daemon=True)
        self._accepting.start()

    @property
    def url(self) -> str:
        """The proxy's base URL."""
        return f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        """Stop accepting and wait for every relay to end."""
        self._closing.set()
        self._accepting.join(5)
        self._listener.close()
        for thread in list(self._threads):
            thread.join(5)

    def faults(self) -> list[Exchange]:
        """The exchanges that were broken."""
        with self._lock:
            return [e for e in self.log if e.fault is not None]

    # -- the relay ----------------------------------------------------------------

    def _accept(self) -> None:
        while not self._closing.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _draw(self, method: str, has_body: bool) -> str | None:
        with self._lock:
            rate = self.method_rates.get(method, self.rate)
            if not self.enabled or self.random.random() >= rate:
                return None
            kinds = [
                kind
                for kind in self.kinds
                if (kind != "cut-request" or has_body) and (kind != "stall" or self.max_stalls > 0)
            ]
            kind = self.random.choice(kinds)
            if kind == "stall":
                self.max_stalls -= 1
            return kind

    def _serve(self, client: socket.socket) -> None:
        client.settimeout(30)
        upstream: socket.socket | None = None
        reader = client.makefile("rb")
        up_reader: BinaryIO | None = None
        try:
            while not self._closing.is_set():
                request = _read_request(reader)
                if request is None:
                    return
                head, body, method, path, headers = request
                fault = self._draw(method, bool(body))
                exchange = Exchange(method, path, headers, fault)
                with self._lock:
                    self.log.append(exchange)
                if fault == "reset-before":
                    _reset(client)
                    return
                if fault in ("503", "429"):
                    phrase = "Service Unavailable" if fault == "503" else "Too Many Requests"
                    exchange.status = int(fault)
                    client.sendall(_refusal(int(fault), phrase))
                    continue
                if upstream is None:
                    try:
                        upstream = socket.create_connection(self.upstream, timeout=30)
                    except OSError:
                        # The server is down: a gateway says so, and when to come back.
                        exchange.fault, exchange.status = DOWN, 503
                        client.sendall(_refusal(503, "Service Unavailable"))
                        continue
                    up_reader = upstream.makefile("rb")
                if fault == "cut-request":
                    upstream.sendall(head + body[: len(body) // 2])
                    time.sleep(0.05)
                    _reset(upstream)
                    _reset(client)
                    return
                try:
                    upstream.sendall(head + body)
                    assert up_reader is not None
                    answer = _read_response(up_reader, method)
                except OSError:
                    answer = None
                if answer is None:  # the server went away mid-exchange (killed)
                    exchange.fault = DOWN
                    _reset(client)
                    return
                answer_head, answer_body, status, answer_headers, close = answer
                exchange.status = status
                exchange.answer_headers = answer_headers
                if fault == "reset-after":
                    _reset(client)
                    return
                if fault == "stall":
                    time.sleep(self.stall)
                    _reset(client)
                    return
                if fault == "cut-head" or (fault == "cut-body" and not answer_body):
                    client.sendall(answer_head)
                    _reset(client)
                    return
                if fault == "cut-body":
                    client.sendall(answer_head + answer_body[: len(answer_body) // 2])
                    _reset(client)
                    return
                client.sendall(answer_head + answer_body)
                if close:
                    return
        except OSError:
            return
        finally:
            for sock in (client, upstream):
                if sock is not None:
                    with contextlib.suppress(OSError):
                        sock.close()


def _reset(sock: socket.socket) -> None:
    """Close with an RST (SO_LINGER 0), as a network failure does, not a polite FIN."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()
    except OSError:
        pass


def _refusal(status: int, phrase: str) -> bytes:
    return (f"HTTP/1.1 {status} {phrase}\r\nRetry-After: 1\r\nContent-Length: 0\r\n\r\n").encode(
        "ascii"
    )


def _read_head(reader: BinaryIO) -> tuple[bytes, list[str]] | None:
    lines: list[bytes] = []
    while True:
        line = reader.readline(65536)
        if not line:
            return None
        lines.append(line)
        if line in (b"\r\n", b"\n"):
            break
    text = [line.decode("latin-1").rstrip("\r\n") for line in lines[:-1]]
    return b"".join(lines), text


def _headers(lines: list[str]) -> dict[str, str]:
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return headers


def _read_request(
    reader: BinaryIO,
) -> tuple[bytes, bytes, str, str, dict[str, str]] | None:
    read = _read_head(reader)
    if read is None:
        return None
    head, lines = read
    method, target, _ = lines[0].split(" ", 2)
    headers = _headers(lines)
    assert "chunked" not in headers.get("transfer-encoding", ""), "chunked requests unsupported"
    length = int(headers.get("content-length", "0"))
    body = reader.read(length) if length else b""
    path = target.split("?", 1)[0]
    return head, body, method, path, headers


def _read_response(
    reader: BinaryIO, method: str
) -> tuple[bytes, bytes, int, dict[str, str], bool] | None:
    read = _read_head(reader)
    if read is None:
        return None
    head, lines = read
    status = int(lines[0].split(" ", 2)[1])
    headers = _headers(lines)
    close = headers.get("connection", "").lower() == "close"
    if method == "HEAD" or status in (204, 304) or status < 200:
        return head, b"", status, headers, close
    if "content-length" in headers:
        body = reader.read(int(headers["content-length"]))
    elif "chunked" in headers.get("transfer-encoding", ""):
        parts: list[bytes] = []
        while True:
            size_line = reader.readline()
            parts.append(size_line)
            size = int(size_line.split(b";")[0].strip() or b"0", 16)
            chunk = reader.read(size + 2)
            parts.append(chunk)
            if size == 0:
                break
        body = b"".join(parts)
    else:
        body = reader.read()
        close = True
    return head, body, status, headers, close
