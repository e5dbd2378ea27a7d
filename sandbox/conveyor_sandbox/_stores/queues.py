"""Queues of JSON messages: durable, oldest first, each message handed out once.

Messages live in SQLite, so a committed enqueue survives a crash or a
restart of the sandbox. Dequeuing takes the oldest messages and deletes
them in one ``BEGIN IMMEDIATE`` transaction: the write lock is held from
the moment the batch is chosen until it is gone, so two dequeuers, in this
process or another one on the same data directory, can never take the same
message. The contract's semantics are at-most-once: a message is removed
before its answer is sent, and is not handed out again if that answer is
lost.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .._db import Database
from .._errors import conflict, invalid, not_found
from .._lists import ListSpec, Page, fields, list_page
from .._util import ACCOUNT, new_id, now
from .common import find_record

#: The contract's limit on one message's JSON text.
MAX_MESSAGE_BYTES = 1024 * 1024
#: A dequeue answers at most this many messages, whatever its ``limit``...
MAX_BATCH = 1000
#: ... and stops adding messages once it carries this many bytes (always at least one).
MAX_BATCH_BYTES = 16 * 1024 * 1024
DEFAULT_BATCH = 10
MAX_NAME_LENGTH = 255
MAX_DESCRIPTION_LENGTH = 4096
MAX_SCHEMA_LENGTH = 512

# QueueDefinition.name: no whitespace, '.', '*', '>', '/', '\' or control characters.
_NAME_RE = re.compile(r"^[^\s.*>/\\\x00-\x1f\x7f]+$")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS queues (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    description TEXT,
    policy TEXT,
    account TEXT NOT NULL,
    created_at TEXT NOT NULL,
    deleted_at TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS queues_live_name ON queues(name) WHERE deleted_at IS NULL;
CREATE TABLE IF NOT EXISTS queue_messages (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    queue TEXT NOT NULL,
    schema TEXT,
    content TEXT NOT NULL,
    size INTEGER NOT NULL,
    enqueued_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS queue_messages_order ON queue_messages(queue, seq);
"""

QUEUES = ListSpec(
    table="queues",
    fields=fields(
        ("id", "id", "text"),
        ("name", "name", "text"),
        ("description", "description", "text"),
        ("account", "account", "text"),
        ("created-at", "created_at", "time"),
    ),
    default_order="created-at",
    visible_at="created_at <= ? AND (deleted_at IS NULL OR deleted_at > ?)",
)

_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def check_name(name: object) -> str:
    """422 naming ``name`` unless it is a queue name the contract allows."""
    if not isinstance(name, str):
        raise invalid("name", None if name is None else str(name)[:200], "name must be text")
    if not 1 <= len(name) <= MAX_NAME_LENGTH:
        raise invalid("name", name, f"name must be 1 to {MAX_NAME_LENGTH} characters long")
    if not _NAME_RE.match(name):
        raise invalid(
            "name",
            name.encode("unicode_escape").decode("ascii"),
            "name must not contain whitespace, '.', '*', '>', '/', '\\' or control characters",
        )
    return name


def check_schema(schema: str | None, content: Any) -> str | None:
    """The message's schema: the ``schema`` parameter, else the content's own ``$schema``.

    422 naming ``schema`` when it is not URN-like text, or when it
    contradicts the ``$schema`` the content declares.
    """
    declared = content.get("$schema") if isinstance(content, dict) else None
    if schema is None:
        return declared if isinstance(declared, str) and _schema_ok(declared) else None
    if not _schema_ok(schema):
        raise invalid("schema", schema, "schema must be a URN without spaces")
    if isinstance(declared, str) and declared != schema:
        raise invalid("schema", schema, f"the message's $schema is {declared!r}, not {schema!r}")
    return schema


def _schema_ok(schema: str) -> bool:
    return 0 < len(schema) <= MAX_SCHEMA_LENGTH and not any(c.isspace() for c in schema)


@dataclass(frozen=True)
class Taken:
    """Messages just dequeued: each ``(id, schema, content JSON text)``, and when."""

    messages: list[tuple[str, str | None, str]]
    at: str


class QueueStore:
    """The ``queues`` and ``queue_messages`` tables."""

    def __init__(self, db: Database) -> None:
        self.db = db
        db.conn().executescript(_SCHEMA)

    def row(self, queue_id: str) -> sqlite3.Row:
        """The live queue ``queue_id``; 404 when there is none (or it was deleted)."""
        return find_record(self.db, "queue", queue_id, live="deleted_at IS NULL")

    def page(self, state: Mapping[str, Any], limit: int) -> Page:
        """One page of the queues that existed at the state's at-time."""
        return list_page(self.db.conn(), QUEUES, state, limit)

    def create(self, name: str, description: str | None, policy: str | None) -> sqlite3.Row:
        """A new empty queue; 409 when a live queue has this name."""
        queue_id = new_id("queue")
        try:
            with self.db.transaction() as conn:
                conn.execute(
                    """INSERT INTO queues(id, name, description, policy, account, created_at)
                       VALUES (?, ?, ?, ?, ?, ?)""",
                    (queue_id, name, description, policy, ACCOUNT, now()),
                )
        except sqlite3.IntegrityError:
            existing = (
                self.db.conn()
                .execute("SELECT id FROM queues WHERE name=? AND deleted_at IS NULL", (name,))
                .fetchone()
            )
            raise conflict(
                f"a queue named {name!r} exists already", existing["id"] if existing else name
            ) from None
        return self.row(queue_id)

    def delete(self, queue_id: str) -> None:
        """Delete the queue and every message in it; 404 when it is not live."""
        with self.db.transaction() as conn:
            self._check_live(conn, queue_id)
            conn.execute("UPDATE queues SET deleted_at=? WHERE id=?", (now(), queue_id))
            conn.execute("DELETE FROM queue_messages WHERE queue=?", (queue_id,))

    def stats(self, queue_id: str) -> sqlite3.Row:
        """``total``, ``bytes``, ``first`` and ``last`` of the messages in the queue now."""
        row: sqlite3.Row = (
            self.db.conn()
            .execute(
                """SELECT COUNT(*) AS total, COALESCE(SUM(size), 0) AS bytes,
                          MIN(enqueued_at) AS first, MAX(enqueued_at) AS last
                   FROM queue_messages WHERE queue=?""",
                (queue_id,),
            )
            .fetchone()
        )
        return row

    @staticmethod
    def _check_live(conn: sqlite3.Connection, queue_id: str) -> None:
        live = conn.execute(
            "SELECT 1 FROM queues WHERE id=? AND deleted_at IS NULL", (queue_id,)
        ).fetchone()
        if live is None:
            raise not_found("no such queue (or it was deleted)", queue_id)

    def enqueue(self, queue_id: str, content: Any, schema: str | None, size: int) -> str:
        """Append a message (``size``: bytes of its JSON as received); returns its id."""
        message_id = new_id("message")
        text = _ENCODER.encode(content)
        with self.db.transaction() as conn:
            self._check_live(conn, queue_id)
            conn.execute(
                """INSERT INTO queue_messages(id, queue, schema, content, size, enqueued_at)
                   VALUES (?, ?, ?, ?, ?, ?)""",
                (message_id, queue_id, schema, text, size, now()),
            )
        return message_id

    def dequeue(self, queue_id: str, limit: int) -> Taken:
        """Take up to ``limit`` of the oldest messages off the queue; 404 when it is not live."""
        limit = max(1, min(limit, MAX_BATCH))
        # BEGIN IMMEDIATE takes the database's write lock before the batch is
        # chosen: a second dequeuer waits here until this batch is deleted.
        with self.db.transaction() as conn:
            self._check_live(conn, queue_id)
            taken: list[tuple[str, str | None, str]] = []
            carried = 0
            last_seq = None
            rows = conn.execute(
                "SELECT seq, id, schema, content FROM queue_messages WHERE queue=?"
                " ORDER BY seq LIMIT ?",
                (queue_id, limit),
            ).fetchall()
            for row in rows:
                if taken and carried + len(row["content"]) > MAX_BATCH_BYTES:
                    break
                taken.append((row["id"], row["schema"], row["content"]))
                carried += len(row["content"])
                last_seq = row["seq"]
            if last_seq is not None:
                conn.execute(
                    "DELETE FROM queue_messages WHERE queue=? AND seq<=?", (queue_id, last_seq)
                )
            return Taken(taken, now())
