"""``Idempotency-Key``: a repeated creating request gets the first answer, not a second entity.

A POST carrying the header is carried out once per caller and key: the
answer (status, headers, body) is kept in SQLite and replayed to every
repeat, so a client that lost the answer (a reset, a stall past its timeout)
can send the same request again safely. The same key with a different
request is refused with 422; a repeat while the first is still being carried
out gets 409 with ``Retry-After``. Answers that refuse the request without
acting on it (429, 5xx) and requests that raised are not kept: their repeat is
carried out anew. Requests without the header (IVCAP's own clients) are
untouched.

The answer is recorded right after the handler returns. A crash (``kill -9``)
between the entity's commit and that record leaves a claim of a dead process:
a repeat then takes the claim over and is carried out again. The SDK looks an
entity up by the key it records on it before repeating after a restart, which
covers that window for orders.
"""

from __future__ import annotations

import functools
import hashlib
import json
import secrets
import time
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import Response

from ._errors import ApiError, invalid

if TYPE_CHECKING:
    from ._db import Database
    from ._routes.http import Handler

__all__ = ["KEEP_SECONDS", "IdempotencyKeys"]

HEADER = "idempotency-key"
KEEP_SECONDS = 24 * 3600
"""How long an answer is kept for repeats of its key."""
MAX_KEY_LENGTH = 255
MAX_BODY = 1024 * 1024
"""Bodies above this (package layers) are not fingerprinted: such a request is carried out."""
_PRUNE_EVERY = 256

_SCHEMA = """
CREATE TABLE IF NOT EXISTS idempotency (
    principal TEXT NOT NULL,
    key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    state TEXT NOT NULL,
    boot TEXT NOT NULL,
    status INTEGER,
    headers TEXT,
    body BLOB,
    created REAL NOT NULL,
    PRIMARY KEY (principal, key)
);
"""


class IdempotencyKeys:
    """The kept answers of creating requests, by caller and key."""

    def __init__(self, db: Database) -> None:
        self.db = db
        # A claim made by another process (one that crashed) may be taken over.
        self.boot = secrets.token_hex(8)
        self._claims = 0
        db.conn().executescript(_SCHEMA)

    def wrap(self, handler: Handler) -> Handler:
        """``handler``, with its POSTs that carry ``Idempotency-Key`` carried out once."""

        @functools.wraps(handler)
        async def once(request: Request) -> Response:
            key = request.headers.get(HEADER)
            if key is None or request.method != "POST":
                return await handler(request)
            return await self._once(handler, request, key)

        return once

    async def _once(self, handler: Handler, request: Request, key: str) -> Response:
        if not 1 <= len(key) <= MAX_KEY_LENGTH:
            raise invalid(
                "Idempotency-Key",
                key[:40],
                f"must be 1-{MAX_KEY_LENGTH} characters",
            )
        declared = request.headers.get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > MAX_BODY):
            return await handler(request)
        # Starlette keeps the body read here for the handler's own reading.
        body = await request.body() if declared not in (None, "0") else b""
        principal = _principal(request)
        fingerprint = _fingerprint(request, body)
        kept = self._claim(principal, key, fingerprint)
        if kept is not None:
            return kept
        try:
            response = await handler(request)
        except BaseException:
            self._release(principal, key)
            raise
        answer = getattr(response, "body", None)
        status = response.status_code
        if status == 429 or status >= 500 or not isinstance(answer, bytes):
            self._release(principal, key)
        else:
            headers = [
                [name.decode("latin-1"), value.decode("latin-1")]
                for name, value in response.raw_headers
            ]
            with self.db.transaction() as conn:
                conn.execute(
                    "UPDATE idempotency SET state='done', status=?, headers=?, body=? "
                    "WHERE principal=? AND key=?",
                    (status, json.dumps(headers), answer, principal, key),
                )
        return response

    def _claim(self, principal: str, key: str, fingerprint: str) -> Response | None:
        """Claim the key for this request (``None``), or the answer a repeat gets instead."""
        now = time.time()
        with self.db.transaction() as conn:
            self._claims += 1
            if self._claims % _PRUNE_EVERY == 1:
                conn.execute("DELETE FROM idempotency WHERE created < ?", (now - KEEP_SECONDS,))
            row = conn.execute(
                "SELECT fingerprint, state, boot, status, headers, body FROM idempotency "
                "WHERE principal=? AND key=?",
                (principal, key),
            ).fetchone()
            if row is None:
                conn.execute(
                    "INSERT INTO idempotency(principal, key, fingerprint, state, boot, created) "
                    "VALUES (?, ?, ?, 'running', ?, ?)",
                    (principal, key, fingerprint, self.boot, now),
                )
                return None
            if row["fingerprint"] != fingerprint:
                raise invalid(
                    "Idempotency-Key",
                    key[:40],
                    "this Idempotency-Key was already used with a different request",
                )
            if row["state"] == "done":
                replay = Response(row["body"], status_code=row["status"])
                replay.raw_headers = [
                    (name.encode("latin-1"), value.encode("latin-1"))
                    for name, value in json.loads(row["headers"])
                ] + [(b"idempotent-replayed", b"true")]
                return replay
            if row["boot"] == self.boot:
                raise ApiError(
                    409,
                    "a request with this Idempotency-Key is still being carried out; "
                    "try again shortly",
                    headers={"Retry-After": "1"},
                )
            conn.execute(
                "UPDATE idempotency SET boot=? WHERE principal=? AND key=?",
                (self.boot, principal, key),
            )
            return None

    def _release(self, principal: str, key: str) -> None:
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM idempotency WHERE principal=? AND key=?", (principal, key))


def _principal(request: Request) -> str:
    """Who is asking: a digest of the credentials (never the token itself)."""
    credentials = request.headers.get("authorization", "")
    return hashlib.sha256(credentials.encode("utf-8", "surrogateescape")).hexdigest()[:32]


def _fingerprint(request: Request, body: bytes) -> str:
    """What makes two requests the same: method, path, query, body and metadata headers."""
    digest = hashlib.sha256()
    digest.update(f"{request.method} {request.url.path}?{request.url.query}\n".encode())
    for name, value in sorted(request.headers.items()):
        if name.startswith(("x-", "upload-")):
            digest.update(f"{name}: {value}\n".encode("utf-8", "surrogateescape"))
    digest.update(body)
    return digest.hexdigest()
