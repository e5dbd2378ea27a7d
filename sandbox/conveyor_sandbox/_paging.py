"""Opaque, tamper-evident page tokens.

A token carries everything needed to fetch the next page (the list it
belongs to, the normalised query, the at-time snapshot and the keyset
cursor), so a ``next`` link is just ``<list path>?page=<token>``. It is
``base64url(json) "." base64url(hmac)``: only URL-safe characters, since
IVCAP's client copies tokens without URL-decoding them. The HMAC key lives
in the database, so tokens survive a restart; tokens expire after
:data:`TOKEN_TTL` seconds.
"""

from __future__ import annotations

import base64
import hmac
import json
import time
import zlib
from collections.abc import Callable
from typing import Any

from ._errors import bad_request

TOKEN_TTL = 24 * 3600
MAX_TOKEN_LENGTH = 8192
_ENCODER = json.JSONEncoder(separators=(",", ":"), sort_keys=True)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class PageTokens:
    """Signs and checks page tokens with one secret key.

    ``clock`` (seconds since the epoch) dates and expires tokens; tests
    replace it to step past :data:`TOKEN_TTL` without waiting a day.
    """

    def __init__(self, key: bytes, clock: Callable[[], float] = time.time) -> None:
        self._key = key
        self.clock = clock

    def _mac(self, payload: bytes) -> bytes:
        # hmac.digest is the one-shot C path; every list answer signs a token or two.
        return hmac.digest(self._key, payload, "sha256")[:16]

    def issue(self, scope: str, state: dict[str, Any]) -> str:
        """A token for ``scope`` (the list path) carrying ``state``."""
        body = _ENCODER.encode(
            {"s": scope, "x": int(self.clock()) + TOKEN_TTL, "d": state}
        ).encode()
        # Search tokens carry the whole query text; compression keeps links short.
        payload = b"z" + zlib.compress(body, 9) if len(body) > 256 else b"j" + body
        return _b64(payload) + "." + _b64(self._mac(payload))

    def check(self, scope: str, token: str) -> dict[str, Any]:
        """The state inside ``token``; 400 when forged, damaged, stale or for another list."""
        if len(token) > MAX_TOKEN_LENGTH or token.count(".") != 1:
            raise bad_request("page: not a page token of this platform")
        head, _, sig = token.partition(".")
        try:
            payload = _unb64(head)
            given = _unb64(sig)
        except (ValueError, TypeError):
            raise bad_request("page: not a page token of this platform") from None
        if not hmac.compare_digest(given, self._mac(payload)):
            raise bad_request("page: the token was altered or issued by another platform")
        try:
            body = zlib.decompress(payload[1:]) if payload[:1] == b"z" else payload[1:]
            data = json.loads(body)
        except (zlib.error, ValueError):
            raise bad_request("page: not a page token of this platform") from None
        if not isinstance(data, dict) or not isinstance(data.get("d"), dict):
            raise bad_request("page: not a page token of this platform")
        if data.get("s") != scope:
            raise bad_request("page: this token belongs to another list")
        if not isinstance(data.get("x"), int) or data["x"] < self.clock():
            raise bad_request("page: the token has expired; start again from the first page")
        state: dict[str, Any] = data["d"]
        return state
