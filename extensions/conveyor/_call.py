"""The one call mechanism: sans-IO flows, and the error mapping both drivers share.

Every operation's logic is written once, as a generator (a *flow*) that yields
*effects* and receives their results:

- `Call`: send a request built by the generated client (``module.request_args``),
  receive the parsed 2xx model (or an open `Stream`); any non-2xx answer is
  thrown into the flow as the typed `APIError`, any transport failure as a
  `TransportError`;
- `Read` / `Close`: pull the next piece of a streamed body, release it;
- `Sleep`: wait on the client's `Clock`;
- `Offload`: run a blocking function (hashing a file, disk reads and writes,
  the content-store index) and receive its result: inline in the sync
  driver, in a worker thread in the async one, so the event loop never stalls.

`Client` drives flows with blocking httpx calls and `AsyncClient` with awaited
ones; those two small drivers are the only code that differs between the sync
and async APIs.
"""

from __future__ import annotations

import itertools
import json
import os
import re
from collections.abc import AsyncIterator, Callable, Generator, Iterable, Iterator
from http import HTTPStatus
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

import httpx

from .errors import (
    APIError,
    Conflict,
    CreationUncertain,
    Forbidden,
    InvalidParameter,
    MalformedResponse,
    NotFound,
    RateLimited,
    ServerError,
    Timeout,
    TransportError,
    Unauthorized,
)

if TYPE_CHECKING:
    from ._retry import Clock

T = TypeVar("T")

__all__ = [
    "HIDDEN_MIN_LENGTH",
    "IDEMPOTENCY_HEADER",
    "KEY_TAG_PREFIX",
    "AsyncDriver",
    "BodySource",
    "Call",
    "Close",
    "Driver",
    "Flow",
    "Hidden",
    "Offload",
    "Read",
    "Sleep",
    "Stream",
    "SyncDriver",
    "create",
    "error_from_response",
    "hide",
    "honours_keys",
    "json_array",
    "json_entity",
    "json_model",
    "json_object",
    "new_key",
    "offload",
    "one",
    "parse_or_raise",
    "redact_secret",
    "redact_url",
    "request_of",
    "transport_error",
    "uncertain_creation",
]


Hidden = str | Iterable[str] | None
"""What to blank out of text: the client's token, or its `Driver._hidden` list (the
token and every secret value the client has seen)."""


class Call(Generic[T]):
    """Send one request; the flow receives the parsed 2xx result.

    Attributes:
        kwargs: ``httpx.Client.request`` arguments, as the generated
            ``request_args`` built them (the driver adds timeout and retry
            extensions).
        parse: Turns a 2xx response into the flow's result; ``None`` returns
            the response itself (for header-only answers).
        stream: Return an open `Stream` instead of reading the body.
        body: A `BodySource` streamed as the request body (tus PATCH).
        retry: ``"default"``, ``"create"`` (a POST that creates something,
            sent with an ``Idempotency-Key``; or a GET that takes what it
            reads such as a dequeue: only never-sent or refused requests are
            retried until the platform has shown it honours keys) or ``"never"``.
        key: The ``Idempotency-Key`` of a creating POST: given by a flow that
            also records it on the entity, or made by the driver on the first
            send; every retry of the call, by the transport or by the flow,
            sends the same one.
    """

    __slots__ = ("body", "key", "kwargs", "parse", "retry", "stream")

    def __init__(
        self,
        kwargs: dict[str, Any],
        parse: Callable[[httpx.Response], T] | None = None,
        *,
        stream: bool = False,
        body: BodySource | None = None,
        retry: str = "default",
        key: str | None = None,
    ) -> None:
        self.kwargs = kwargs
        self.parse = parse
        self.stream = stream
        self.body = body
        self.retry = retry
        self.key = key


class _Gathering:
    """What `gather` and `agather` share: pieces held until they make ``size`` bytes."""

    __slots__ = ("batch", "gathered", "size")

    def __init__(self, size: int) -> None:
        self.batch: list[bytes] = []
        self.gathered = 0
        self.size = size

    def add(self, piece: bytes) -> bytes | None:
        """``piece`` held; the joined batch once it reaches the size."""
        self.batch.append(piece)
        self.gathered += len(piece)
        if self.gathered < self.size:
            return None
        batch, self.batch, self.gathered = self.batch, [], 0
        return batch[0] if len(batch) == 1 else b"".join(batch)

    def rest(self) -> bytes:
        """What is held at the end (``b""`` for nothing)."""
        return b"".join(self.batch)


def gather(pieces: Iterator[bytes], size: int) -> Iterator[bytes]:
    """The network's ``pieces`` joined into pieces of at least ``size`` bytes (the last may be
    shorter); one copy per byte, where httpx's fixed-size chunking makes three."""
    gathering = _Gathering(size)
    for piece in pieces:
        if (joined := gathering.add(piece)) is not None:
            yield joined
    if rest := gathering.rest():
        yield rest


async def agather(pieces: AsyncIterator[bytes], size: int) -> AsyncIterator[bytes]:
    """`gather` for an async stream."""
    gathering = _Gathering(size)
    async for piece in pieces:
        if (joined := gathering.add(piece)) is not None:
            yield joined
    if rest := gathering.rest():
        yield rest


class Stream:
    """An open streamed response; read it with `Read`, release it with `Close`."""

    __slots__ = ("chunks", "piece_size", "response")

    def __init__(self, response: httpx.Response) -> None:
        self.response = response
        self.chunks: Any = None
        # None: each piece as it arrives (a log's lines must not wait); bulk
        # content sets a size so a GiB is a few thousand pieces, not tens of
        # thousands, each of which costs a trip through the flow and its driver.
        self.piece_size: int | None = None

    @property
    def headers(self) -> httpx.Headers:
        """The response headers."""
        return self.response.headers

    @property
    def status_code(self) -> int:
        """The response status."""
        return self.response.status_code


class Read:
    """Receive the next piece of a `Stream` body (``b""`` at the end)."""

    __slots__ = ("stream",)

    def __init__(self, stream: Stream) -> None:
        self.stream = stream


class Close:
    """Release a `Stream`."""

    __slots__ = ("stream",)

    def __init__(self, stream: Stream) -> None:
        self.stream = stream


class Sleep:
    """Wait ``seconds`` on the client's clock."""

    __slots__ = ("seconds",)

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds


class Offload:
    """Run ``function(*args)``, which blocks (disk or CPU), and receive its result.

    The async driver runs it in a worker thread so the event loop keeps
    serving other tasks; the sync driver calls it inline. An exception it
    raises is thrown into the flow.
    """

    __slots__ = ("args", "function")

    def __init__(self, function: Callable[..., Any], *args: Any) -> None:
        self.function = function
        self.args = args


def offload(function: Callable[..., T], *args: Any) -> Flow[T]:
    """A flow of the single `Offload` of ``function(*args)``, typed by its result."""
    result: T = yield Offload(function, *args)
    return result


class BodySource:
    """A request body streamed from a seekable binary file in small pieces.

    The drivers turn it into a sync or async iterator; ``on_piece`` sees every
    piece sent (hashing and progress), and the explicit length lets the
    request carry ``Content-Length`` instead of chunked encoding.
    """

    __slots__ = ("file", "length", "offset", "on_piece", "piece_size")

    def __init__(
        self,
        file: Any,
        offset: int,
        length: int,
        piece_size: int,
        on_piece: Callable[[bytes], None] | None = None,
    ) -> None:
        self.file = file
        self.offset = offset
        self.length = length
        self.piece_size = piece_size
        self.on_piece = on_piece

    def pieces(self) -> Generator[bytes, None, None]:
        """The body, read from the file piece by piece."""
        self.file.seek(self.offset)
        remaining = self.length
        read = self.file.read
        on_piece = self.on_piece
        while remaining > 0:
            piece = read(min(self.piece_size, remaining))
            if not piece:
                raise OSError("the file got shorter while it was being uploaded")
            remaining -= len(piece)
            if on_piece is not None:
                on_piece(piece)
            yield piece


Effect = Call[Any] | Read | Close | Sleep | Offload
Flow = Generator[Effect, Any, T]


class Driver(Protocol):
    """What flows, paginators and resources need of the client that drives them.

    `Client` and `AsyncClient` satisfy it; code below the clients depends on
    this protocol instead of importing them, so imports run one way.
    ``_hidden`` is what errors must never show: the token, then every secret
    value the client has seen (`hide`).
    """

    _token: str | None
    _hidden: list[str]
    _clock: Clock
    _poll_interval: float
    _max_poll_interval: float
    _cache_dir: str | None

    @property
    def url(self) -> str:
        """The platform's base URL."""
        ...


class SyncDriver(Driver, Protocol):
    """A `Driver` that runs flows with blocking I/O (`Client`)."""

    def _run(self, flow: Flow[T]) -> T: ...

    def _send(self, call: Call[Any]) -> Any: ...


class AsyncDriver(Driver, Protocol):
    """A `Driver` that runs flows with awaited I/O (`AsyncClient`)."""

    async def _run(self, flow: Flow[T]) -> T: ...

    async def _send(self, call: Call[Any]) -> Any: ...


def one(call: Call[T]) -> Flow[T]:
    """A flow of the single `Call`, typed by its result."""
    result: T = yield call
    return result


IDEMPOTENCY_HEADER = "Idempotency-Key"
"""The header that makes a creating POST safe to repeat on platforms that honour it."""

KEY_TAG_PREFIX = "idempotency-key:"
"""How an entity with tags records the key it was created with (``idempotency-key:<key>``)."""


def new_key() -> str:
    """A fresh idempotency key: this process's random prefix and a count (unique, and cheap).

    A random UUID per call costs a system call and an object; a process
    draws its 128-bit prefix once (again in a forked child, so no two
    processes share one) and counts from there.
    """
    prefix = _key_prefix
    if not prefix:
        prefix = _new_key_prefix()
    return f"{prefix}-{next(_key_count)}"


_key_prefix = ""
_key_count = itertools.count(1)


def _new_key_prefix() -> str:
    global _key_prefix, _key_count
    _key_prefix = os.urandom(16).hex()
    _key_count = itertools.count(1)
    return _key_prefix


def _forget_key_prefix() -> None:
    global _key_prefix
    _key_prefix = ""


os.register_at_fork(after_in_child=_forget_key_prefix)


def create(call: Call[T], find: Callable[[str], Flow[T | None]]) -> Flow[T]:
    """Send a creating ``call``; after an ambiguous failure, look the entity up before deciding.

    ``find(key)`` searches the platform for the entity made with the key (a
    tag or field the flow put in the request): the entity it finds is the
    answer, and `CreationUncertain` (carrying the key) leaves only when it
    finds none.
    """
    if call.key is None:
        call.key = new_key()
    try:
        result: T = yield call
        return result
    except CreationUncertain as exc:
        found = yield from find(exc.idempotency_key)
        if found is None:
            raise
        return found


def honours_keys(document: Any) -> bool:
    """Whether a platform's OpenAPI document declares the ``Idempotency-Key`` header.

    A platform that declares it on its creating operations replays the first
    answer to a repeated key instead of creating again.
    """
    if not isinstance(document, dict):
        return False
    shared = document.get("components")
    shared = shared.get("parameters") if isinstance(shared, dict) else None
    paths = document.get("paths")
    if not isinstance(paths, dict):
        return False
    for item in paths.values():
        post = item.get("post") if isinstance(item, dict) else None
        parameters = post.get("parameters") if isinstance(post, dict) else None
        for parameter in parameters if isinstance(parameters, list) else ():
            if isinstance(parameter, dict) and isinstance(parameter.get("$ref"), str):
                name = parameter["$ref"].rsplit("/", 1)[-1]
                parameter = shared.get(name) if isinstance(shared, dict) else None
            if (
                isinstance(parameter, dict)
                and parameter.get("in") == "header"
                and str(parameter.get("name", "")).lower() == "idempotency-key"
            ):
                return True
    return False


def uncertain_creation(call: Call[Any], exc: Exception, secret: Hidden = None) -> CreationUncertain:
    """The `CreationUncertain` for a creating ``call`` whose answer ``exc`` lost."""
    url = str(call.kwargs.get("url", ""))
    path = httpx.URL(url).path.rstrip("/")
    segment = path.rsplit("/", 1)[-1]
    kind = "metadata" if segment == "metadata" else segment.rstrip("s0123456789") or None
    key = call.key or ""
    detail = _short(redact_secret(str(exc), secret)) or type(exc).__name__
    how = (
        f"list the orders and look for the tag {KEY_TAG_PREFIX}{key}"
        if kind == "order"
        else f"list the {kind}s made since the call began"
        if kind
        else "list what it creates"
    )
    return CreationUncertain(
        f"the answer to creating {'a ' + kind if kind else 'an entity'} was lost "
        f"({type(exc).__name__}: {detail}); it may or may not exist: {how}, or send the "
        f"request again with the header {IDEMPOTENCY_HEADER}: {key} to a platform that "
        "honours it",
        idempotency_key=key,
        kind=kind,
        method=call.kwargs.get("method"),
        url=redact_url(url),
    )


DEADLINE = "conveyor.deadline"
"""The request extension holding the `Clock.monotonic` time by which the whole exchange
(its retries and reading its answer) must be over (``Client(deadline=...)``)."""

MAX_JSON_ANSWER = 64 * 1024 * 1024
"""Largest JSON answer, in bytes, that is parsed (a larger one is a `MalformedResponse`).

Generous for any page or record the contract describes (a page of 50 items
is tens of KiB), small enough that a runaway answer cannot exhaust memory in
the parser. Change it, for all clients, with ``conveyor._call.MAX_JSON_ANSWER``."""


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"the answer holds {name}, which is not JSON")


def answer_json(content: bytes) -> Any:
    """The platform's JSON answer, decoded strictly.

    Raises:
        ValueError: Not JSON, ``NaN``/``Infinity`` (which Python's parser would
            accept), nested too deeply to parse, or larger than
            `MAX_JSON_ANSWER`; every parser maps it to `MalformedResponse`.
    """
    if len(content) > MAX_JSON_ANSWER:
        raise ValueError(
            f"the answer is {len(content)} bytes, more than the {MAX_JSON_ANSWER} bytes an "
            "answer may have (conveyor._call.MAX_JSON_ANSWER)"
        )
    try:
        return json.loads(content, parse_constant=_refuse_constant)
    except RecursionError:
        raise ValueError("the answer is nested too deeply to parse") from None


_parsers: dict[type[Any], Callable[[httpx.Response], Any]] = {}


def json_model(model: type[T]) -> Callable[[httpx.Response], T]:
    """A parser that decodes the JSON body with the generated model's ``from_dict``."""
    parser = _parsers.get(model)
    if parser is None:
        from_dict = model.from_dict  # type: ignore[attr-defined]

        def parser(response: httpx.Response) -> Any:
            return from_dict(answer_json(response.content))

        _parsers[model] = parser
    return parser


def json_object(response: httpx.Response) -> dict[str, Any]:
    """The JSON object of a body (a ``TypeError``, so a `MalformedResponse`, for anything else)."""
    value = answer_json(response.content)
    if not isinstance(value, dict):
        raise TypeError(f"expected a JSON object, got {type(value).__name__}")
    return value


def json_array(response: httpx.Response) -> list[Any]:
    """The JSON array of a body (a ``TypeError``, so a `MalformedResponse`, for anything else)."""
    value = answer_json(response.content)
    if not isinstance(value, list):
        raise TypeError(f"expected a JSON array, got {type(value).__name__}")
    return value


def json_entity(response: httpx.Response) -> dict[str, Any]:
    """The JSON object of an entity record, checked only for a string ``id``.

    `get()` wraps it as is and the resource parses it with the generated model
    on first use (a shape mismatch then raises `MalformedResponse`), which
    keeps a lookup's overhead over raw httpx small.
    """
    data = answer_json(response.content)
    if not isinstance(data["id"], str):
        raise TypeError("the record's id is not a string")
    return data  # type: ignore[no-any-return]


def parse_or_raise(call: Call[T], response: httpx.Response, secret: Hidden = None) -> T:
    """Run ``call.parse``, turning any shape mismatch into `MalformedResponse`.

    The parser's complaint may quote the answer, so ``secret`` (the client's
    token and the secret values it has seen) is blanked out of it.
    """
    parse = call.parse
    if parse is None:
        return response  # type: ignore[return-value]
    try:
        return parse(response)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        request = response.request
        raise MalformedResponse(
            f"the platform's answer does not match the contract: {type(exc).__name__}: "
            f"{_short(redact_secret(str(exc), secret))}",
            method=request.method,
            url=redact_url(request.url),
            status=response.status_code,
        ) from None


_SECRET_QUERY = re.compile(
    r"([?&][^=&#]*(?:token|jwt|key|secret|signature|password|passwd|auth|credential)[^=&#]*=)"
    r"[^&#]*",
    re.IGNORECASE,
)
_USERINFO = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@?#]*@")


def redact_url(url: httpx.URL | str) -> str:
    """``url`` without user information or secret-looking query values."""
    text = _USERINFO.sub(r"\1", str(url))
    return _SECRET_QUERY.sub(r"\1[redacted]", text)


HIDDEN_MIN_LENGTH = 4
"""Secret values shorter than this are not blanked out of text: blanking a one-letter value
wherever the letter occurs would garble every message and show the value by its gaps."""


def hide(driver: Driver, value: str | None) -> None:
    """Blank ``value``, a secret value ``driver`` has seen, out of its errors from now on.

    The drivers redact the client's ``_hidden`` list (its token first) from
    every error message and body, and the command line from all it prints.
    """
    hidden = driver._hidden
    if value and len(value) >= HIDDEN_MIN_LENGTH and value not in hidden:
        hidden.append(value)


def redact_secret(text: str, secret: Hidden) -> str:
    """``text`` with every occurrence of ``secret`` (or of each of several) blanked out.

    Any non-empty token is redacted, however short: a length threshold would
    let a short token echoed by the platform reach an exception message.
    Several are blanked longest first, so a value holding another goes whole.
    """
    if not secret:
        return text
    if isinstance(secret, str):
        return text.replace(secret, "[redacted]") if secret in text else text
    for one in sorted(secret, key=len, reverse=True):
        if one and one in text:
            text = text.replace(one, "[redacted]")
    return text


def _longest(secret: Hidden) -> int:
    if not secret:
        return 0
    if isinstance(secret, str):
        return len(secret)
    return max((len(one) for one in secret), default=0)


def _redact_json(value: Any, secret: Hidden) -> Any:
    """A decoded JSON value with the secret blanked out of every string, keys included."""
    if not secret:
        return value
    if isinstance(value, str):
        return redact_secret(value, secret)
    if isinstance(value, list):
        return [_redact_json(item, secret) for item in value]
    if isinstance(value, dict):
        return {
            redact_secret(key, secret): _redact_json(item, secret) for key, item in value.items()
        }
    return value


def _short(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


_ERROR_CLASSES: dict[int, type[APIError]] = {
    401: Unauthorized,
    403: Forbidden,
    404: NotFound,
    409: Conflict,
    422: InvalidParameter,
    429: RateLimited,
}


def error_from_response(response: httpx.Response, secret: Hidden) -> APIError:
    """The typed error for a non-2xx response whose body has been read.

    The body is decoded as the contract's ``{message, id, name, value}`` when
    it parses, kept as (shortened) text otherwise, and the client's token (and
    every secret value it has seen) is blanked out of it wherever it appears.
    """
    status = response.status_code
    request = response.request
    # Redact before cutting to size, so a token straddling the cut is still caught.
    head = response.content[: 8192 + _longest(secret)].decode("utf-8", errors="replace")
    text = redact_secret(head, secret)[:8192]
    body: Any = None
    fields: dict[str, Any] = {}
    if text:
        try:
            # Decoded JSON is redacted again: an escape (\u0041, \/) can hide the
            # token from the text search and reveal it once decoded.
            body = _redact_json(answer_json(text.encode()), secret)
        except (ValueError, RecursionError):
            body = _short(text, 2000)
        else:
            if isinstance(body, dict):
                fields = body
    message = fields.get("message")
    if not isinstance(message, str) or not message:
        try:
            message = HTTPStatus(status).phrase
        except ValueError:  # statuses outside http.HTTPStatus, such as 499 or 520
            message = "error"
    entity_id = fields.get("id") if isinstance(fields.get("id"), str) else None
    common: dict[str, Any] = {
        "status": status,
        "method": request.method,
        "url": redact_url(request.url),
        "body": body,
        "entity_id": entity_id,
    }
    cls = _ERROR_CLASSES.get(status) or (ServerError if status >= 500 else APIError)
    if cls is InvalidParameter:
        name = fields.get("name")
        return InvalidParameter(
            message,
            parameter=name if isinstance(name, str) else None,
            value=fields.get("value"),
            **common,
        )
    error = cls(message, **common)
    if isinstance(error, RateLimited):
        error.retry_after = _retry_after_seconds(response.headers.get("retry-after"))
    return error


def _retry_after_seconds(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    from datetime import UTC, datetime
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def transport_error(
    exc: httpx.HTTPError, request: httpx.Request | None, secret: Hidden = None
) -> TransportError:
    """The `TransportError` (or `Timeout`) for an httpx failure (the token blanked out)."""
    method = request.method if request is not None else None
    url = redact_url(request.url) if request is not None else None
    detail = _short(redact_secret(str(exc), secret)) or type(exc).__name__
    if isinstance(exc, httpx.TimeoutException):
        return Timeout(f"timed out: {detail}", method=method, url=url)
    return TransportError(f"{type(exc).__name__}: {detail}", method=method, url=url)


def request_of(exc: httpx.HTTPError) -> httpx.Request | None:
    """The request an httpx error is about, when httpx recorded it."""
    try:
        return exc.request
    except RuntimeError:
        return None
