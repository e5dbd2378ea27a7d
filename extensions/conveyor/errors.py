"""The exceptions Conveyor raises.

Everything Conveyor raises on purpose derives from `ConveyorError`, so one
``except ConveyorError`` catches every failure of the SDK while letting
programming errors (``TypeError`` from a wrong call, say) through::

    ConveyorError
    ├── ConfigurationError        no platform configured, or a bad profile
    ├── APIError                  the platform answered with an error status
    │   ├── NotFound              404, or a lookup by name found nothing
    │   ├── Unauthorized          401
    │   ├── Forbidden             403
    │   ├── Conflict              409
    │   ├── InvalidParameter      422, or a value refused before any request (also a ValueError)
    │   │   └── LocalFileNotFound a local file to upload is missing (also a FileNotFoundError)
    │   ├── RateLimited           429
    │   └── ServerError           5xx
    ├── TransportError            no usable answer: connection refused or reset, TLS, DNS
    │   ├── Timeout               the request took too long (also a builtin TimeoutError)
    │   └── CreationUncertain     a creation's answer was lost: carries its Idempotency-Key
    ├── MalformedResponse         a 2xx answer that does not parse as the contract says
    ├── IntegrityError            transferred content does not match its size or hash
    │   └── UploadIncomplete      the platform did not confirm every byte of an upload
    ├── OrderFailed               an order ended failed or in error
    ├── Ambiguous                 a lookup expected one match and found several
    └── WaitTimeout               Order.wait() gave up (also a builtin TimeoutError)

No exception message, ``str()`` or ``repr()`` contains a credential: URLs are
stripped of user information and of secret-looking query values, and the
client's token is blanked out of any response body kept on the exception.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .job import Job
    from .order import Order

__all__ = [
    "APIError",
    "Ambiguous",
    "ConfigurationError",
    "Conflict",
    "ConveyorError",
    "CreationUncertain",
    "Forbidden",
    "IntegrityError",
    "InvalidParameter",
    "JobFailed",
    "LocalFileNotFound",
    "MalformedResponse",
    "NotFound",
    "OrderFailed",
    "RateLimited",
    "ServerError",
    "Timeout",
    "TransportError",
    "Unauthorized",
    "UploadIncomplete",
    "WaitTimeout",
]


class ConveyorError(Exception):
    """The root of every exception Conveyor raises on purpose."""


class ConfigurationError(ConveyorError):
    """No platform is configured, or the configuration cannot be used.

    The message names the ways to configure a client: arguments, environment
    variables and the profiles file.
    """


class APIError(ConveyorError):
    """The platform answered with an error status.

    Attributes:
        status: The HTTP status code, or ``None`` when the error was detected
            locally (an invalid parameter refused before any request, a
            lookup by name that matched nothing).
        message: The platform's explanation (its ``message`` field), or a
            description of the local check that failed.
        method: The HTTP method of the failed request, if there was one.
        url: The request URL without credentials, if there was one.
        body: The decoded JSON error body, the body text when it is not
            JSON, or ``None`` when there was none.
        entity_id: The ``id`` the platform named in its error body, if any.
    """

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        method: str | None = None,
        url: str | None = None,
        body: Any = None,
        entity_id: str | None = None,
    ) -> None:
        self.status = status
        self.message = message
        self.method = method
        self.url = url
        self.body = body
        self.entity_id = entity_id
        super().__init__(self._describe())

    def _describe(self) -> str:
        text = self.message
        if self.status is not None:
            text = f"{self.status} {text}" if text else str(self.status)
        if self.method and self.url:
            text = f"{text} ({self.method} {self.url})"
        return text


class NotFound(APIError):
    """Nothing exists with that id (404), or a lookup by name found nothing."""


class Unauthorized(APIError):
    """The platform refused the credentials, or none were given (401)."""


class Forbidden(APIError):
    """The caller may not do this (403)."""


class Conflict(APIError):
    """The request clashes with the entity's current state (409)."""


class InvalidParameter(APIError, ValueError):
    """A parameter value was refused, by the platform (422) or locally before any request.

    Being a `ValueError` too, it is what malformed URNs and unknown, missing
    or mistyped order parameters raise before anything is sent.

    Attributes:
        parameter: The parameter's name as the caller wrote it (or the wire
            name when the platform refused it).
        value: The refused value, when known.
    """

    def __init__(
        self,
        message: str,
        *,
        parameter: str | None = None,
        value: Any = None,
        status: int | None = None,
        method: str | None = None,
        url: str | None = None,
        body: Any = None,
        entity_id: str | None = None,
    ) -> None:
        self.parameter = parameter
        self.value = value
        super().__init__(
            message, status=status, method=method, url=url, body=body, entity_id=entity_id
        )


class LocalFileNotFound(InvalidParameter, FileNotFoundError):
    """A local file given to upload does not exist; nothing was sent.

    Both an `InvalidParameter` (so ``except ConveyorError`` sees it) and a
    builtin `FileNotFoundError` (so ``except OSError`` does, as for ``open()``),
    with ``filename`` and ``errno`` set as ``open()`` sets them.

    Attributes:
        filename: The path as given (``~`` expanded).
    """

    def __init__(self, message: str, *, parameter: str, path: str) -> None:
        super().__init__(message, parameter=parameter, value=path)
        self.errno = errno.ENOENT
        self.strerror = os.strerror(errno.ENOENT)
        self.filename = path

    def __str__(self) -> str:
        # OSError's own str() would show "[Errno 2] ..." instead of the message.
        return Exception.__str__(self)


class RateLimited(APIError):
    """Too many requests (429), still refused after the configured retries.

    Attributes:
        retry_after: Seconds the platform asked to wait, when it said.
    """

    retry_after: float | None = None


class ServerError(APIError):
    """The platform failed (5xx), still failing after the configured retries."""


class TransportError(ConveyorError):
    """No usable HTTP answer arrived: the connection failed, was reset, or TLS failed.

    For a request that creates something (placing an order, adding an
    aspect), this error means it never reached the platform; when its answer
    was lost after it went out, `CreationUncertain` is raised instead.

    Attributes:
        method: The HTTP method of the failed request.
        url: The request URL without credentials.
    """

    def __init__(self, message: str, *, method: str | None = None, url: str | None = None):
        self.method = method
        self.url = url
        super().__init__(f"{message} ({method} {url})" if method and url else message)


class Timeout(TransportError, TimeoutError):
    """A request took longer than its timeout (also a builtin `TimeoutError`)."""


class CreationUncertain(TransportError):
    """A creating request may have reached the platform, but its answer was lost.

    The connection was reset after the request was sent, or the answer stalled
    past the timeout, and the retries could not settle it: the platform does
    not honour ``Idempotency-Key`` (so repeating the request could create a
    second entity), or it stayed unreachable. The entity may or may not exist.
    Find it before trying again: an order carries the key as its tag
    ``idempotency-key:<key>``; sending the same request with the same
    ``Idempotency-Key`` header to a platform that honours it returns the
    entity made the first time.

    Attributes:
        idempotency_key: The key the request carried.
        kind: What was being created (``"order"``, ``"aspect"``, ...), when known.
    """

    def __init__(
        self,
        message: str,
        *,
        idempotency_key: str,
        kind: str | None = None,
        method: str | None = None,
        url: str | None = None,
    ):
        self.idempotency_key = idempotency_key
        self.kind = kind
        super().__init__(message, method=method, url=url)


class MalformedResponse(ConveyorError):
    """A successful answer that does not have the shape the contract promises.

    Attributes:
        method: The HTTP method of the request.
        url: The request URL without credentials.
        status: The (successful) HTTP status.
    """

    def __init__(
        self,
        message: str,
        *,
        method: str | None = None,
        url: str | None = None,
        status: int | None = None,
    ) -> None:
        self.method = method
        self.url = url
        self.status = status
        where = f" ({status} from {method} {url})" if method and url else ""
        super().__init__(f"{message}{where}")


class IntegrityError(ConveyorError):
    """Transferred content does not match the size or sha256 the platform announced.

    Attributes:
        expected: What the platform announced (size in bytes or ``sha256:<hex>``).
        actual: What arrived.
    """

    def __init__(self, message: str, *, expected: str | int | None, actual: str | int | None):
        self.expected = expected
        self.actual = actual
        super().__init__(message)


class UploadIncomplete(IntegrityError):
    """The platform did not confirm holding every byte of an upload.

    An upload succeeds only once the platform confirmed the whole length
    (its ``Upload-Offset`` reached the size) and the artifact's record says
    so (ready, of that size, with the same sha256 where it names one).

    Attributes:
        artifact: URN of the artifact record the upload went to.
        confirmed: Bytes the platform confirmed holding (``None``: unknown).
        size: Bytes the upload has.
    """

    def __init__(self, message: str, *, artifact: str, confirmed: int | None, size: int) -> None:
        self.artifact = artifact
        self.confirmed = confirmed
        self.size = size
        super().__init__(message, expected=size, actual=confirmed)


class OrderFailed(ConveyorError):
    """An order ended ``failed`` or ``error``.

    Attributes:
        order: The order, as last read.
        message: The platform's explanation (the order's ``error-message``).
    """

    def __init__(self, order: Order | Any, message: str | None):
        self.order = order
        self.message = message
        status = getattr(order, "status", "failed")
        kind = getattr(order, "_kind", "order")
        super().__init__(f"{kind} {order.id} ended {status}: {message or 'no reason given'}")


class JobFailed(OrderFailed):
    """A job ended ``failed`` (the service refused or could not do it) or ``error``.

    An `OrderFailed` too, so one ``except OrderFailed`` covers both kinds of run.

    Attributes:
        job: The job, as last read.
        message: The platform's explanation (the job's ``error-message``).
    """

    def __init__(self, job: Job | Any, message: str | None):
        self.job = job
        super().__init__(job, message)


class Ambiguous(ConveyorError):
    """A lookup that expects exactly one match found several.

    Attributes:
        matches: The ids of the matching entities.
    """

    def __init__(self, message: str, matches: Sequence[str]):
        self.matches = list(matches)
        super().__init__(message)


class WaitTimeout(ConveyorError, TimeoutError):
    """`Order.wait()` or `Job.wait()` reached its timeout before the run finished.

    Also a builtin `TimeoutError`, so ``except TimeoutError`` catches it.

    Attributes:
        order: The order or job, as last read (its ``status`` says how far it got).
        timeout: The timeout that expired, in seconds.
    """

    def __init__(self, order: Order | Job | Any, timeout: float):
        self.order = order
        self.timeout = timeout
        kind = getattr(order, "_kind", "order")
        super().__init__(
            f"{kind} {order.id} still {getattr(order, 'status', '?')} after {timeout:g} s"
        )


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A hint naming the choices closest to ``word``: ``"; did you mean 'word-count'?"``.

    Matching ignores case, and a choice differing from ``word`` only in case
    says so, since names are matched exactly. ``""`` when nothing is close.
    """
    import difflib  # only on the way to an error: `import conveyor` stays cheap

    by_folded: dict[str, str] = {}
    for choice in choices:
        by_folded.setdefault(choice.casefold(), choice)
    folded = word.casefold()
    if folded in by_folded and by_folded[folded] != word:
        return f"; did you mean {by_folded[folded]!r}? (names are case-sensitive)"
    close = difflib.get_close_matches(folded, list(by_folded), n=3, cutoff=0.7)
    if not close:
        return ""
    named = " or ".join(repr(by_folded[c]) for c in close)
    return f"; did you mean {named}?"


def whole_number(value: Any, parameter: str, minimum: int = 0, maximum: int | None = None) -> int:
    """``value`` if it is an ``int`` in ``[minimum, maximum]``; `InvalidParameter` otherwise.

    The SDK's local checks of counts and sizes (``page_size``, ``limit``,
    ``retries``, ``chunk_size``) go through here, so a bad one is refused
    before any request, with the argument's name. ``bool`` is refused: it is
    an ``int`` to Python, but never a meant count.
    """
    if (
        isinstance(value, int)
        and not isinstance(value, bool)
        and value >= minimum
        and (maximum is None or value <= maximum)
    ):
        return value
    bound = f"between {minimum} and {maximum}" if maximum is not None else f">= {minimum}"
    raise InvalidParameter(
        f"{parameter}: a whole number {bound} is needed, not {value!r}",
        parameter=parameter,
        value=value,
    )


def seconds(value: Any, parameter: str, *, positive: bool = False) -> float:
    """``value`` as a float number of seconds (``>= 0``, or ``> 0`` if ``positive``).

    Raises:
        InvalidParameter: Not a real number, NaN, or out of range (before any request).
    """
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
        if number > 0 or (number == 0 and not positive):
            return number
    bound = "> 0" if positive else ">= 0"
    raise InvalidParameter(
        f"{parameter}: a number of seconds {bound} is needed, not {value!r}",
        parameter=parameter,
        value=value,
    )
