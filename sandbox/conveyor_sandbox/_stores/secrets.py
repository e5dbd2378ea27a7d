"""Secrets: named values of the account, sealed at rest, listed by name only.

A value is stored sealed (:mod:`conveyor_sandbox._seal`: obfuscation at
rest with a key in the data directory, not security) and is opened only to
answer a read by name or a running service's ``ctx.secret(name)``. Lists
never read the sealed column. An expired secret (``expiry-time`` in the
past; 0 is never) is still listed, with its expiry, but reads as absent.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .._db import Database
from .._errors import invalid, not_found
from .._seal import Sealer
from .._util import ACCOUNT, now

#: The contract's SecretName: 1 to 256 characters, no ``/`` and no NUL.
MAX_NAME_LENGTH = 256
#: Values are credentials, not documents; 64 KiB is plenty and keeps reads cheap.
MAX_VALUE_LENGTH = 64 * 1024
MAX_TYPE_LENGTH = 64
DEFAULT_TYPE = "raw"
MAX_FILTER_LENGTH = 256

_SCHEMA = """
CREATE TABLE IF NOT EXISTS secrets (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL,
    sealed BLOB NOT NULL,
    expiry INTEGER NOT NULL,
    account TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
"""


def check_name(name: object, field: str = "secret-name") -> str:
    """422 naming ``field`` unless ``name`` is a SecretName."""
    if not isinstance(name, str):
        raise invalid(field, None if name is None else str(name)[:200], f"{field} must be text")
    if not 1 <= len(name) <= MAX_NAME_LENGTH:
        raise invalid(field, name, f"{field} must be 1 to {MAX_NAME_LENGTH} characters long")
    if "/" in name or "\x00" in name:
        shown = name.replace("\x00", "\\0")
        raise invalid(field, shown, f"{field} must not contain '/' or NUL")
    return name


def check_type(value: object, field: str = "secret-type") -> str:
    """422 naming ``field`` unless ``value`` is a short printable word such as ``raw``."""
    if not isinstance(value, str):
        raise invalid(field, None, f"{field} must be text")
    if not 1 <= len(value) <= MAX_TYPE_LENGTH or not value.isprintable():
        raise invalid(
            field, value[:200], f"{field} must be 1 to {MAX_TYPE_LENGTH} printable characters"
        )
    return value


def compile_filter(pattern: str | None) -> re.Pattern[str] | None:
    """The ``filter`` of a secret list (a regular expression); 422 naming it when invalid."""
    if not pattern:
        return None
    if len(pattern) > MAX_FILTER_LENGTH:
        raise invalid("filter", pattern, f"filter must be at most {MAX_FILTER_LENGTH} characters")
    try:
        return re.compile(pattern)
    except (re.error, RecursionError, OverflowError) as exc:
        raise invalid("filter", pattern, f"filter is not a regular expression: {exc}") from None


@dataclass(frozen=True)
class SecretListing:
    """One page of secret names: ``(name, expiry)`` pairs and the name to continue after."""

    items: list[tuple[str, int]]
    cursor: str | None


class SecretStore:
    """The ``secrets`` table; values go in and out only through ``sealer``."""

    def __init__(self, db: Database, sealer: Sealer) -> None:
        self.db = db
        self._sealer = sealer
        db.conn().executescript(_SCHEMA)

    def set(self, name: str, value: str, expiry: int, kind: str = DEFAULT_TYPE) -> None:
        """Store ``value`` under ``name`` (replacing any earlier value)."""
        sealed = self._sealer.seal(name, value)
        stamp = now()
        with self.db.transaction() as conn:
            conn.execute(
                """INSERT INTO secrets(name, type, sealed, expiry, account, created_at, updated_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT(name) DO UPDATE SET type=excluded.type, sealed=excluded.sealed,
                       expiry=excluded.expiry, updated_at=excluded.updated_at""",
                (name, kind, sealed, expiry, ACCOUNT, stamp, stamp),
            )

    def _live_row(self, name: str) -> sqlite3.Row | None:
        row: sqlite3.Row | None = (
            self.db.conn()
            .execute("SELECT name, type, sealed, expiry FROM secrets WHERE name=?", (name,))
            .fetchone()
        )
        if row is None or 0 < row["expiry"] <= time.time():
            return None
        return row

    def read(self, name: str, kind: str | None = None) -> tuple[str, int]:
        """``(value, expiry)`` of ``name``; 404 when absent, expired or of another type."""
        row = self._live_row(name)
        if row is None or (kind is not None and row["type"] != kind):
            raise not_found("no such secret (or it has expired)", name)
        return self._sealer.open(name, row["sealed"]), row["expiry"]

    def value(self, name: str) -> str | None:
        """The value of ``name`` for a running service; None when absent or expired."""
        row = self._live_row(name)
        return None if row is None else self._sealer.open(name, row["sealed"])

    def page(self, state: Mapping[str, Any], limit: int) -> SecretListing:
        """Names and expiry times in name order, after the state's cursor, matching its filter."""
        pattern = compile_filter(state.get("filter"))
        cursor = state.get("cursor")
        query = "SELECT name, expiry FROM secrets"
        params: list[Any] = []
        if isinstance(cursor, str):
            query += " WHERE name > ?"
            params.append(cursor)
        query += " ORDER BY name"
        items: list[tuple[str, int]] = []
        # The filter is a regular expression, so it is applied here rather
        # than in SQL; the sealed column is never read for a list.
        for row in self.db.conn().execute(query, params):
            if pattern is None or pattern.search(row["name"]):
                items.append((row["name"], row["expiry"]))
                if len(items) > limit:
                    return SecretListing(items[:limit], items[limit - 1][0])
        return SecretListing(items, None)
