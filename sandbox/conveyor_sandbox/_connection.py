"""Connections that cannot be held open: read timeouts, and no stall after an early answer.

Two pieces, both in front of the application when it is served over HTTP:

- :class:`BodyGuard` (ASGI) bounds every wait for the next piece of a
  request body by a read timeout. A body that goes silent ends as if the
  client had gone away (a tus PATCH records what arrived and lets go of its
  upload), and the answer is a 400 with ``Connection: close``. It also
  settles a body the application did not read before answering (a 401,
  404, 413 or 415 sent early): up to :data:`DRAIN_LIMIT` bytes that arrive
  within :data:`DRAIN_SECONDS` are read and dropped so the connection stays
  usable; otherwise the answer says ``Connection: close``. Without this, the
  next request on a kept-alive connection whose body never came (a wrong
  ``Content-Length``, a client waiting for ``100 Continue``) is read as the
  rest of that body, and hangs.
- :class:`GuardedH11Protocol` (uvicorn's h11 protocol) closes connections
  that never send a request: one idle since it opened or since its last
  answer (the keep-alive timeout), and one whose request line and headers
  do not arrive whole within the read timeout (a trickle of bytes included).
  Requests h11 cannot parse get the contract's JSON 400.
"""

from __future__ import annotations

import json
from typing import Any

import anyio
import h11
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.protocols.http.h11_impl import H11Protocol

#: Seconds a request may leave its body (or its headers) without a byte by default.
READ_TIMEOUT = 30.0
#: Seconds an idle connection (no request begun) is kept open by default.
KEEP_ALIVE_TIMEOUT = 5.0
#: Most bytes of an unread body drained after an early answer to keep the connection.
DRAIN_LIMIT = 64 * 1024
#: Longest wait for those bytes before the connection is closed instead.
DRAIN_SECONDS = 0.25

_CLOSE = (b"connection", b"close")
_DISCONNECT: Message = {"type": "http.disconnect"}


class BodyGuard:
    """ASGI middleware: read timeouts on request bodies, and no stall after an early answer.

    ``read_timeout`` bounds each wait for more of a body (seconds).
    """

    def __init__(self, app: ASGIApp, read_timeout: float = READ_TIMEOUT) -> None:
        self.app = app
        self.read_timeout = read_timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve one request, its body read under the timeout."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        exchange = _Exchange(scope, receive, send, self.read_timeout)
        await self.app(scope, exchange.receive, exchange.send)


class _Exchange:
    """One request and its answer, as :class:`BodyGuard` watches them."""

    def __init__(self, scope: Scope, receive: Receive, send: Send, read_timeout: float) -> None:
        self._receive = receive
        self._send = send
        self.read_timeout = read_timeout
        headers = dict(scope["headers"])
        length = headers.get(b"content-length", b"").strip()
        self.declared = int(length) if length.isdigit() else None
        chunked = b"chunked" in headers.get(b"transfer-encoding", b"").lower()
        self.body_done = not chunked and not self.declared
        self.expects_continue = headers.get(b"expect", b"").lower() == b"100-continue"
        self.asked = False  # the application asked for the body (so 100 Continue went out)
        self.seen = 0
        self.started = False
        self.timed_out = False
        self.replaced = False
        self._lock = anyio.Lock()

    async def _next(self) -> Message:
        """The next message from the server, noting how much of the body has come."""
        async with self._lock:
            message = await self._receive()
        if message["type"] == "http.request":
            self.seen += len(message.get("body", b""))
            if not message.get("more_body", False):
                self.body_done = True
        elif message["type"] == "http.disconnect":
            self.body_done = True
        return message

    async def receive(self) -> Message:
        """What the application reads: the body, each piece within the read timeout."""
        self.asked = True
        if self.body_done or self.started:
            return await self._next()
        with anyio.move_on_after(self.read_timeout):
            return await self._next()
        if self.started:
            # The answer began meanwhile (a listener for disconnects): no timeout now.
            return await self._next()
        self.timed_out = True
        return _DISCONNECT

    async def send(self, message: Message) -> None:
        """What the application answers, settled against what is left of the body."""
        if self.replaced:
            return
        if message["type"] == "http.response.start" and not self.started:
            if self.timed_out:
                self.replaced = True
                self.started = True
                await self._stalled()
                return
            if not self.body_done and not await self._drain():
                message = {**message, "headers": [*message.get("headers", []), _CLOSE]}
            self.started = True
        await self._send(message)

    async def _drain(self) -> bool:
        """Read and drop the rest of an unread body, if it is small and arrives soon."""
        if self.expects_continue and not self.asked:
            # The client waits for 100 Continue before it sends the body, and
            # none went out: the body is never coming on this connection.
            return False
        if self.declared is not None and self.declared - self.seen > DRAIN_LIMIT:
            return False
        drained = 0
        with anyio.move_on_after(DRAIN_SECONDS):
            while not self.body_done:
                message = await self._next()
                drained += len(message.get("body", b""))
                if message["type"] != "http.request" or drained > DRAIN_LIMIT:
                    return False
            return True
        return False

    async def _stalled(self) -> None:
        seconds = f"{self.read_timeout:g}"
        body = json.dumps(
            {
                "message": f"the request body stalled: no byte arrived for {seconds} s, "
                "so the request was abandoned and the connection closed"
            }
        ).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            _CLOSE,
        ]
        await self._send({"type": "http.response.start", "status": 400, "headers": headers})
        await self._send({"type": "http.response.body", "body": body})


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol, closing connections that never send a whole request head.

    A connection is given the keep-alive timeout to begin a request (from
    when it opens, as after each answer), then :attr:`head_timeout` seconds
    in all for the request line and headers. Use :func:`guarded_protocol`
    for a class with another head timeout.
    """

    #: Seconds from the first byte of a request to the end of its headers.
    head_timeout: float = READ_TIMEOUT
    #: Seconds a connection may stay idle before a request (uvicorn's keep-alive timeout).
    keep_alive_timeout: float = KEEP_ALIVE_TIMEOUT

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # uvicorn's Config takes whole seconds only.
        self.timeout_keep_alive = self.keep_alive_timeout  # type: ignore[assignment]

    def connection_made(self, transport: Any) -> None:
        """Begin counting the idle time of a new connection."""
        super().connection_made(transport)
        self._head_deadline: float | None = None
        self.timeout_keep_alive_task = self.loop.call_later(
            self.timeout_keep_alive, self.timeout_keep_alive_handler
        )

    def data_received(self, data: bytes) -> None:
        """Feed h11; while only part of a request head has come, keep its deadline."""
        super().data_received(data)
        if self.transport.is_closing():
            return
        if self.conn.their_state is h11.IDLE and self.conn.trailing_data[0]:
            now = self.loop.time()
            if self._head_deadline is None:
                self._head_deadline = now + self.head_timeout
            # uvicorn cancels the timer on every byte; it is re-armed for what is
            # left, so a trickle cannot stretch the head's time.
            self._unset_keepalive_if_required()
            self.timeout_keep_alive_task = self.loop.call_later(
                max(0.0, self._head_deadline - now), self.timeout_keep_alive_handler
            )
        else:
            self._head_deadline = None

    def send_400_response(self, msg: str) -> None:
        """Answer a request h11 could not parse with a JSON 400, then close the connection."""
        body = b'{"message":"malformed HTTP request, or headers too large"}'
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            _CLOSE,
        ]
        for event in (
            h11.Response(status_code=400, headers=headers),
            h11.Data(data=body),
            h11.EndOfMessage(),
        ):
            self.transport.write(self.conn.send(event))  # type: ignore[arg-type,unused-ignore]
        self.transport.close()


def guarded_protocol(head_timeout: float, keep_alive_timeout: float) -> type[GuardedH11Protocol]:
    """A :class:`GuardedH11Protocol` with these timeouts (seconds)."""
    timeouts = {"head_timeout": head_timeout, "keep_alive_timeout": keep_alive_timeout}
    return type("GuardedH11Protocol", (GuardedH11Protocol,), timeouts)
