"""Retries at the transport level, and the clock every wait goes through.

Retries are `httpx-retries`' `RetryTransport` wrapped around the real
transport, so every request, including those built by the generated client,
gets them. The policy:

- idempotent methods (GET, HEAD, PUT, DELETE, OPTIONS) are retried on
  connection errors, timeouts, and 429/502/503/504, with exponential backoff
  and full jitter, honouring ``Retry-After`` (seconds or an HTTP date) capped
  at ``max_backoff_wait``;
- the whole exchange is under that one budget: for the SDK's own calls
  (`READ_BODY`) the body is read inside the retry loop, so an answer cut
  after its head, reset mid-body or stalled past the read timeout is retried
  like a refused connection;
- a creating POST carries an ``Idempotency-Key`` (see `conveyor._call`): it is
  retried when the request certainly never reached the platform (a refused or
  timed-out connection) or was refused unprocessed (429, 503); after an
  ambiguous failure it is repeated, with the same key, only once the platform
  has said that it honours keys (`keyed_retry`). A GET that takes what it reads
  (a queue's dequeue) gets the never-sent rule only;
- tus PATCH requests are never retried by the transport: their bodies stream
  from disk once, and an upload resumes from the platform's ``Upload-Offset``
  instead (see `_upload`).

Sleeping goes through a `Clock`, so tests and cassette replays inject one that
never sleeps.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import time
from typing import Any, Protocol

import httpx
from httpx_retries import Retry, RetryTransport

# The library's own loop (httpx-retries is pinned below 0.7), so a body read inside
# it follows exactly the backoff, Retry-After and budget rules of a head.
from httpx_retries.transport import _retry_operation, _retry_operation_async

from . import _call
from ._call import DEADLINE

__all__ = [
    "READ_BODY",
    "Clock",
    "Retry",
    "SystemClock",
    "build_retry",
    "call_extensions",
    "creation_retry",
    "keyed_retry",
    "no_retry",
    "wrap_transport",
]

DEFAULT_RETRIES = 4
DEFAULT_BACKOFF_FACTOR = 0.5
DEFAULT_MAX_BACKOFF_WAIT = 30.0

_IDEMPOTENT = ("GET", "HEAD", "PUT", "DELETE", "OPTIONS")
# Failures after which a request cannot have reached the application.
_NEVER_SENT = (httpx.ConnectError, httpx.ConnectTimeout)
# Answers that refuse a request before acting on it.
_REFUSED = (429, 503)

READ_BODY = "conveyor.read_body"
"""The request extension that asks the retry transport to read the whole body inside
its retry loop (the SDK's calls that are not streamed set it)."""


_DECODE_SLICE = 64 * 1024
# A compressed answer is decoded this many raw bytes at a time, so one step can
# produce at most about a thousand times as much (deflate's ratio), never a bomb's worth.


class Clock(Protocol):
    """What Conveyor uses to tell time and to wait.

    Inject one (``Client(clock=...)``) to make polling, backoff and retry
    waits instantaneous in tests; `SystemClock` is the default.
    """

    def monotonic(self) -> float:
        """Seconds on a monotonic clock."""
        ...

    def sleep(self, seconds: float) -> None:
        """Block for ``seconds``."""
        ...

    async def asleep(self, seconds: float) -> None:
        """Suspend the current task for ``seconds``."""
        ...


class SystemClock:
    """The real clock: `time.monotonic`, `time.sleep` and `asyncio.sleep`."""

    def monotonic(self) -> float:
        """Seconds on the system's monotonic clock."""
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        """Block for ``seconds``."""
        time.sleep(seconds)

    async def asleep(self, seconds: float) -> None:
        """Suspend the current task for ``seconds``."""
        await asyncio.sleep(seconds)

    def __repr__(self) -> str:
        return "SystemClock()"


class _ClockedRetry(Retry):
    """A `Retry` whose waits go through a `Clock` (kept by every copy: `increment()` too)."""

    clock: Clock = SystemClock()

    def copy_with(self, *args: Any, **changes: Any) -> Retry:
        copy = super().copy_with(*args, **changes)
        copy.clock = self.clock  # type: ignore[attr-defined]
        return copy

    def sleep(self, response: httpx.Response | Exception) -> None:
        seconds = self._calculate_sleep(self._headers_of(response))
        self._check_deadline(seconds)
        _announce(self, response, seconds)
        self.clock.sleep(seconds)
        self.elapsed_sleep += seconds

    async def asleep(self, response: httpx.Response | Exception) -> None:
        seconds = self._calculate_sleep(self._headers_of(response))
        self._check_deadline(seconds)
        _announce(self, response, seconds)
        await self.clock.asleep(seconds)
        self.elapsed_sleep += seconds

    def _check_deadline(self, seconds: float) -> None:
        """Give up now if waiting ``seconds`` for the next try would pass the call's deadline."""
        request = _sending.get()
        deadline = request.extensions.get(DEADLINE) if request is not None else None
        if deadline is not None and self.clock.monotonic() + seconds > deadline:
            from ._call import redact_url
            from .errors import Timeout

            assert request is not None
            raise Timeout(
                f"the call's deadline would pass before its next try (in {seconds:.1f} s)",
                method=request.method,
                url=redact_url(request.url),
            )

    @staticmethod
    def _headers_of(response: httpx.Response | Exception) -> httpx.Headers | dict[str, str]:
        return response.headers if isinstance(response, httpx.Response) else {}


logger = logging.getLogger("conveyor.retry")
"""Where each retry is announced (WARNING): what failed, and how long until the next try.

The command line shows these on stderr; a program sees them through
``logging`` (``logging.getLogger("conveyor.retry")``). URLs are shown without
credentials, and the token is never part of a message.
"""


def _announce(policy: Retry, response: httpx.Response | Exception, seconds: float) -> None:
    """Log one retry: why, and when the next attempt goes out."""
    if not logger.isEnabledFor(logging.WARNING):
        return
    if isinstance(response, httpx.Response):
        why = f"{response.status_code} {response.reason_phrase}".strip()
    else:
        why = type(response).__name__
    request = _sending.get()
    from ._call import redact_url

    where = "" if request is None else f" {request.method} {redact_url(request.url)}"
    logger.warning("%s%s: retrying in %.1f s", why, where, seconds)


def _clocked(clock: Clock, **kwargs: Any) -> Retry:
    retry = _ClockedRetry(**kwargs)
    retry.clock = clock
    return retry


def build_retry(retries: int | Retry | None, clock: Clock) -> Retry:
    """The retry policy for idempotent requests (`no_retry()` when retries are off).

    ``retries`` is a number of retries (``0`` turns retrying off), an
    `httpx_retries.Retry` used as given, or ``None`` for the default (4 retries,
    backoff 0.5 s doubling with full jitter, waits capped at 30 s).

    Raises:
        InvalidParameter: ``retries`` is negative or not a whole number.
    """
    if isinstance(retries, Retry):
        return retries
    from .errors import whole_number

    total = DEFAULT_RETRIES if retries is None else whole_number(retries, "retries")
    if total == 0:
        return _NO_RETRY
    return _clocked(
        clock,
        total=total,
        allowed_methods=_IDEMPOTENT,
        backoff_factor=DEFAULT_BACKOFF_FACTOR,
        max_backoff_wait=DEFAULT_MAX_BACKOFF_WAIT,
    )


def creation_retry(policy: Retry) -> Retry:
    """The policy for a POST (or a taking GET): only failures proving nothing was processed.

    A refused connection, or a 429 or 503 answer (the platform turned the
    request away before acting on it; ``Retry-After`` is honoured).
    """
    if policy.total == 0:
        return _NO_RETRY
    return policy.copy_with(
        allowed_methods=("POST", "GET"),
        status_forcelist=_REFUSED,
        retry_on_exceptions=_NEVER_SENT,
    )


class _StillRunning(Exception):
    """A keyed creation answered 409 with ``Retry-After``: its first attempt is still running."""


def _still_running(response: httpx.Response) -> None:
    # The platform's "a request with this key is still being carried out": asking
    # again after Retry-After gets the first attempt's answer. A 409 without
    # Retry-After is a real conflict (a name taken, say) and is returned as is.
    if (
        response.status_code == 409
        and "retry-after" in response.headers
        and _call.IDEMPOTENCY_HEADER in response.request.headers
    ):
        raise _StillRunning


def keyed_retry(policy: Retry) -> Retry:
    """The policy for a POST with an ``Idempotency-Key`` the platform honours: as for a GET.

    Repeating it returns the first answer instead of acting twice, so every
    failure ``policy`` retries for an idempotent request is retried, with the
    same key (the transport re-sends the same request). So is a ``409`` with
    ``Retry-After``, the answer to a repeat that arrives while the first
    attempt is still being carried out.
    """
    if policy.total == 0:
        return _NO_RETRY
    return policy.copy_with(
        allowed_methods=("POST",),
        validate_response=_still_running,
        retry_on_exceptions=(*policy.retryable_exceptions, _StillRunning),
    )


def call_extensions(policy: Retry) -> dict[str, dict[str, Any]]:
    """The request extensions of each kind of call under ``policy``, made once per client.

    ``read`` (an idempotent call whose body is read whole), ``stream`` (an
    idempotent call whose body is streamed: a download resumes from its own
    offset), ``create`` (a creating POST or a taking GET, until the platform
    shows it honours ``Idempotency-Key``), ``keyed`` (a creating POST to a
    platform that honours it) and ``never`` (a one-shot tus PATCH body).
    Each dict already holds its policy, so the transport never writes into it.
    """
    create = creation_retry(policy)
    return {
        "read": {"retry": policy, READ_BODY: True},
        "stream": {"retry": policy},
        "create": {"retry": create, READ_BODY: True},
        "keyed": {"retry": keyed_retry(policy), READ_BODY: True},
        "never": {"retry": _NO_RETRY},
    }


def _never() -> Retry:
    retry = Retry(total=0)
    # No method is retryable, so `RetryTransport` hands each request straight to
    # the inner transport: a client without retries pays one method lookup per call.
    # (The constructor treats an empty ``allowed_methods`` as "the defaults".)
    retry.allowed_methods = frozenset()
    return retry


_NO_RETRY = _never()


def no_retry() -> Retry:
    """A policy that never retries (retries off, and streamed tus PATCH bodies)."""
    return _NO_RETRY


def wrap_transport(
    transport: httpx.BaseTransport | httpx.AsyncBaseTransport, policy: Retry
) -> RetryTransport:
    """``transport`` behind a `RetryTransport` whose default policy is ``policy``.

    The transport is wrapped even when retries are off (``policy`` is then
    `no_retry()`): a per-call policy (`Client.with_options`) travels in the
    request's ``retry`` extension, and only the `RetryTransport` reads it.
    """
    return _AnnouncingRetryTransport(transport=transport, retry=policy)


_sending: contextvars.ContextVar[httpx.Request | None] = contextvars.ContextVar(
    "conveyor_retry_request", default=None
)


class _AnnouncingRetryTransport(RetryTransport):
    """A `RetryTransport` that reads bodies inside its retry loop, and names what it retries.

    For a request carrying `READ_BODY` the body is read before the answer
    leaves the loop, so a failure while reading it is retried under the same
    budget as one before the head. The response or error a retry waits on may
    not carry its request yet (the client attaches it later), so the request
    is kept for the duration of the send.
    """

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        token = _sending.set(request)
        try:
            if READ_BODY in request.extensions:
                retry: Retry = request.extensions.setdefault("retry", self.retry)
                if retry.is_retryable_method(request.method):
                    return _retry_operation(request, self._send_and_read, retry)
                # Not retried, but still read within the answer's bounds.
                return self._send_and_read(request)
            return super().handle_request(request)
        finally:
            _sending.reset(token)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        token = _sending.set(request)
        try:
            if READ_BODY in request.extensions:
                retry: Retry = request.extensions.setdefault("retry", self.retry)
                if retry.is_retryable_method(request.method):
                    return await _retry_operation_async(request, self._asend_and_read, retry)
                return await self._asend_and_read(request)
            return await super().handle_async_request(request)
        finally:
            _sending.reset(token)

    def _send_and_read(self, request: httpx.Request) -> httpx.Response:
        response = self._sync_transport.handle_request(request)  # type: ignore[union-attr]
        stream: httpx.SyncByteStream = response.stream  # type: ignore[assignment]
        bound = _AnswerBound(request, self.retry, response.status_code)
        try:
            for piece in stream:
                bound.take(piece)
        finally:
            stream.close()
        return bound.decoded(response)

    async def _asend_and_read(self, request: httpx.Request) -> httpx.Response:
        response = await self._async_transport.handle_async_request(request)  # type: ignore[union-attr]
        stream: httpx.AsyncByteStream = response.stream  # type: ignore[assignment]
        bound = _AnswerBound(request, self.retry, response.status_code)
        try:
            async for piece in stream:
                bound.take(piece)
        finally:
            await stream.aclose()
        return bound.decoded(response)


class _AnswerBound:
    """Reads an answer's body within its limits: `MAX_JSON_ANSWER` bytes, and the deadline.

    Both hold for the raw bytes as they arrive and, for a compressed answer,
    for the decoded bytes too, so neither a body that never ends, a trickle
    that keeps every read just inside its timeout, nor a small gzip bomb can
    hold a call or exhaust memory. Crossing a limit raises the SDK's own
    error (`MalformedResponse`, `Timeout`), which the retry loop does not retry.
    """

    __slots__ = ("clock", "deadline", "limit", "pieces", "request", "size", "status")

    def __init__(self, request: httpx.Request, policy: Retry, status: int) -> None:
        self.request = request
        self.status = status
        self.limit = _call.MAX_JSON_ANSWER
        self.deadline: float | None = request.extensions.get(DEADLINE)
        self.clock: Clock = getattr(request.extensions.get("retry", policy), "clock", _SYSTEM)
        self.pieces: list[bytes] = []
        self.size = 0

    def take(self, piece: bytes) -> None:
        self.size += len(piece)
        if self.size > self.limit or (
            self.deadline is not None and self.clock.monotonic() > self.deadline
        ):
            self.refuse()
        self.pieces.append(piece)

    def refuse(self) -> None:
        """Raise the error of the limit crossed (only then is the URL redacted)."""
        from .errors import MalformedResponse, Timeout

        method, url = self.request.method, _call.redact_url(self.request.url)
        if self.size > self.limit:
            raise MalformedResponse(
                f"the answer is more than the {self.limit} bytes an answer may have "
                "(conveyor._call.MAX_JSON_ANSWER); reading stopped",
                method=method,
                url=url,
                status=self.status,
            )
        raise Timeout(
            "the call's deadline passed while its answer was arriving", method=method, url=url
        )

    def decoded(self, response: httpx.Response) -> httpx.Response:
        """``response`` with its body whole, decoded here when it came compressed."""
        body = b"".join(self.pieces)
        encoding = response.headers.get("content-encoding", "identity").strip().lower()
        if encoding in ("", "identity"):
            response.stream = httpx.ByteStream(body)
            return response
        slices = [body[at : at + _DECODE_SLICE] for at in range(0, len(body), _DECODE_SLICE)]
        raw = httpx.Response(
            response.status_code, headers=response.headers, stream=httpx.ByteStream(b"")
        )
        raw.stream = _Slices(slices)
        self.pieces, self.size = [], 0
        for piece in raw.iter_bytes():
            self.take(piece)
        headers = httpx.Headers(
            [(k, v) for k, v in response.headers.multi_items() if k.lower() != "content-encoding"]
        )
        headers["content-length"] = str(self.size)
        decoded = httpx.Response(
            response.status_code,
            headers=headers,
            stream=httpx.ByteStream(b"".join(self.pieces)),
            extensions=response.extensions,
        )
        return decoded


class _Slices(httpx.SyncByteStream):
    def __init__(self, slices: list[bytes]) -> None:
        self._slices = slices

    def __iter__(self) -> Any:
        return iter(self._slices)


_SYSTEM = SystemClock()
