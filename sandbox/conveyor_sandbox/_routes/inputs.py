"""Reading the bodies and parameters of the account resources (secrets, queues, projects, ...).

What :mod:`conveyor_sandbox._routes.http` does not already do: fields of a
JSON object body checked one by one (422 naming the field), limits without
a contract maximum (clamped rather than refused), and JSON bodies with a
size limit answered with 413.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request

from .._errors import bad_request, invalid
from .._util import MAX_INT64, is_urn
from .http import check_json_type, decode_json, query_int, read_body, read_json


def open_limit(request: Request, *, default: int, maximum: int) -> int:
    """A ``limit`` the contract bounds only below (at 1): 422 under 1, at most ``maximum``.

    A larger limit is not an error: "largest number of items" allows fewer.
    """
    value = query_int(request, "limit")
    if value is None:
        return default
    if value < 1:
        raise invalid("limit", value, "limit must be at least 1")
    return min(value, maximum)


async def read_object(request: Request, what: str, *, strict_type: bool = False) -> dict[str, Any]:
    """A JSON object body (1 MiB at most): 400 when malformed or not an object."""
    body = await read_json(request, strict_type=strict_type)
    if not isinstance(body, dict):
        raise bad_request(f"the body must be a JSON object ({what})")
    return body


def text(
    body: dict[str, Any],
    name: str,
    *,
    required: bool = False,
    min_length: int = 0,
    max_length: int = 1024,
    shown: bool = True,
) -> str | None:
    """The text field ``name`` of ``body``; 422 naming it when missing, not text or too long.

    A field that is absent is None; one that is ``null`` is refused like
    any other value of the wrong type. ``shown=False`` keeps the value out
    of the error (for secret values).
    """
    if name not in body:
        if required:
            raise invalid(name, None, f"{name} is required")
        return None
    value = body[name]
    if not isinstance(value, str):
        raise invalid(name, None, f"{name} must be text")
    echo = value if shown else None
    if len(value) < min_length:
        raise invalid(name, echo, f"{name} must be at least {min_length} characters long")
    if len(value) > max_length:
        raise invalid(name, echo, f"{name} must be at most {max_length} characters long")
    return value


def urn(body: dict[str, Any], name: str, *, required: bool = False) -> str | None:
    """The URN field ``name`` of ``body``; 422 naming it unless it is one."""
    value = text(body, name, required=required, max_length=512)
    if value is not None and not is_urn(value):
        raise invalid(name, value, f"{name} must be a URN such as urn:ivcap:<kind>:<id>")
    return value


def integer(
    body: dict[str, Any], name: str, *, required: bool = False, minimum: int = 0
) -> int | None:
    """The integer field ``name`` of ``body`` (64-bit, at least ``minimum``); 422 otherwise."""
    if name not in body:
        if required:
            raise invalid(name, None, f"{name} is required")
        return None
    value = body[name]
    if isinstance(value, bool) or not isinstance(value, int):
        raise invalid(name, json.dumps(value)[:200], f"{name} must be an integer")
    if not minimum <= value <= MAX_INT64:
        raise invalid(name, value, f"{name} must be an integer from {minimum} to {MAX_INT64}")
    return value


async def read_json_limited(request: Request, limit: int) -> tuple[Any, int]:
    """A JSON body of at most ``limit`` bytes and its size.

    415 unless the Content-Type is JSON, 413 beyond ``limit`` (the declared
    length is checked before any byte is read), 400 when malformed.
    """
    check_json_type(request, strict_type=True, require_type=True)
    raw = await read_body(request, limit, too_large=413)
    return decode_json(raw), len(raw)
