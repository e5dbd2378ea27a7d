"""Reading requests and writing answers, alike for every route.

Every handler is wrapped by :func:`guarded`, which refuses query parameters
the contract does not define and turns errors into the contract's answers.
"""

from __future__ import annotations

import functools
import json
import logging
import math
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import anyio
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response

from .._errors import ApiError, bad_request, invalid
from .._util import MAX_INT64, check_path_id, has_lone_surrogate, parse_time

log = logging.getLogger("conveyor_sandbox")

MAX_JSON_BODY = 1024 * 1024
_BOOL = {"true": True, "1": True, "false": False, "0": False}
_JSON_TYPE_RE = re.compile(r"^application/([A-Za-z0-9.+-]*\+)?json$")
_INT_RE = re.compile(r"^[+-]?[0-9]{1,20}$")
#: A JSON escape of a surrogate code point; a body without one holds none.
_SURROGATE_ESCAPE_RE = re.compile(rb"\\u[dD][89a-fA-F]")
#: Keys shown bare in a field's path; others are shown quoted (``a."b c"``).
_FIELD_RE = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$-]*$")

#: A route's handler.
Handler = Callable[[Request], Awaitable[Response]]
#: What wraps every handler (:func:`guarded`, with the contract's query parameters).
Guard = Callable[[Handler], Handler]

#: One encoder for every answer: json.dumps with options builds a new one per call.
#: allow_nan=False: what cannot be JSON (NaN, Infinity) fails loudly instead of
#: going out as invalid JSON.
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)


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


def query_bool(request: Request, name: str, default: bool, *, status: int = 422) -> bool:
    """A boolean query parameter; 422 (or 400, for operations without 422) unless true/false/1/0."""
    raw = request.query_params.get(name)
    if raw is None:
        return default
    value = _BOOL.get(raw.lower())
    if value is None:
        message = f"{name} must be true or false"
        raise invalid(name, raw, message) if status == 422 else bad_request(message)
    return value


def query_int(request: Request, name: str) -> int | None:
    """An optional integer query parameter that fits 64 bits; 422 naming it otherwise."""
    raw = request.query_params.get(name)
    if raw is None:
        return None
    if not _INT_RE.match(raw):
        raise invalid(name, raw, f"{name} must be an integer")
    value = int(raw)
    if not -MAX_INT64 - 1 <= value <= MAX_INT64:
        raise invalid(name, raw, f"{name} must fit in 64 bits")
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


def path_id(request: Request, kind: str, param: str = "id") -> str:
    """The ``{id}`` (or ``param``) of the path, already percent-decoded, checked to be a URN."""
    raw: str = request.path_params[param]
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


def media_type(request: Request) -> str:
    """The request's Content-Type without parameters, lower-cased ("" when absent)."""
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def check_json_type(request: Request, *, strict_type: bool, require_type: bool = False) -> None:
    """Refuse a Content-Type other than JSON: 415 with ``strict_type``, else 400.

    No Content-Type at all passes unless ``require_type`` (then 415).
    """
    ctype = media_type(request)
    if (ctype or require_type) and not _JSON_TYPE_RE.match(ctype):
        shown = ctype or "no Content-Type"
        message = f"expected a JSON body (Content-Type application/json), not {shown}"
        raise ApiError(415, message) if strict_type or require_type else bad_request(message)


async def read_body(request: Request, limit: int, *, too_large: int = 400) -> bytearray:
    """The whole body, refused with ``too_large`` beyond ``limit`` bytes (400 when empty).

    The declared length is checked before any byte is read.
    """
    message = f"the body is larger than the {limit} bytes it may have here"
    declared = request.headers.get("content-length")
    if declared is not None and declared.strip().isdigit() and int(declared) > limit:
        raise ApiError(too_large, message)
    chunks = bytearray()
    async for chunk in request.stream():
        chunks += chunk
        if len(chunks) > limit:
            raise ApiError(too_large, message)
    if not chunks:
        raise bad_request("the body is empty; expected JSON")
    return chunks


async def read_json(request: Request, *, strict_type: bool) -> Any:
    """A JSON body of at most 1 MiB, decoded by :func:`decode_json` (400 when too large)."""
    check_json_type(request, strict_type=strict_type)
    return decode_json(await read_body(request, MAX_JSON_BODY))


class _NotFinite(ValueError):
    """A JSON number too large for a float (``1e999``): the answer would hold ``Infinity``."""


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _NotFinite(text[:40])
    return value


def decode_json(raw: bytes | bytearray) -> Any:
    """The value of a JSON request body; 400 saying what is wrong with it.

    The one place the sandbox decodes what a client sends as JSON, so every
    body is held to the same rules: UTF-8, no ``NaN``/``Infinity`` literals,
    no number beyond a float's range (``1e999`` would be served back as the
    invalid ``Infinity``), and no lone surrogate (``"\\ud800"``, an escape
    that is no Unicode character, which no store can keep): the 400 names
    the field that holds it.
    """
    try:
        value = json.loads(raw.decode("utf-8"), parse_constant=_no_constant, parse_float=_finite)
    except _NotFinite as exc:
        raise bad_request(
            f"the number {exc} is beyond the range of a 64-bit float; JSON has no infinity"
        ) from None
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise bad_request(f"malformed JSON: {exc}") from None
    # Only an escape can bring a surrogate in (UTF-8 cannot encode one), so a
    # body without one is not walked.
    if _SURROGATE_ESCAPE_RE.search(raw):
        where = _lone_surrogate(value)
        if where is not None:
            raise bad_request(
                f"{where} holds a lone surrogate (a \\uD800-\\uDFFF escape without its pair), "
                "which is not Unicode text"
            )
    return value


def _lone_surrogate(value: Any) -> str | None:
    """Where in ``value`` the first text with a lone surrogate is, as ``field[0].name``.

    Walked with a stack, not recursion: ``json.loads`` takes nesting deeper
    than Python's recursion limit allows a walk.
    """
    stack: list[tuple[Any, str]] = [(value, "")]
    while stack:
        item, path = stack.pop()
        if isinstance(item, str):
            if has_lone_surrogate(item):
                return f"the field {path}" if path else "the body"
        elif isinstance(item, dict):
            children: list[tuple[Any, str]] = []
            for key, child in item.items():
                if has_lone_surrogate(key):
                    return f"a key of {'the field ' + path if path else 'the body'}"
                step = key if _FIELD_RE.match(key) else json.dumps(key)
                children.append((child, f"{path}.{step}" if path else step))
            stack.extend(reversed(children))
        elif isinstance(item, list):
            stack.extend((item[i], f"{path}[{i}]") for i in range(len(item) - 1, -1, -1))
    return None


FILE_BLOCK = 1024 * 1024
"""Bytes read from disk per step when a file is streamed out (each read runs in a worker thread)."""


async def stream_file(path: Path, start: int, length: int) -> AsyncIterator[bytes]:
    """``length`` bytes of the file at ``path`` from ``start``, read off the event loop."""
    fh = await anyio.to_thread.run_sync(open, path, "rb")
    try:
        await anyio.to_thread.run_sync(fh.seek, start)
        left = length
        while left > 0:
            block: bytes = await anyio.to_thread.run_sync(fh.read, min(FILE_BLOCK, left))
            if not block:
                break
            left -= len(block)
            yield block
    finally:
        await anyio.to_thread.run_sync(fh.close)
