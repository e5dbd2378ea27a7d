"""SQLite storage: one file in WAL mode, one connection per thread.

``synchronous=NORMAL`` in WAL mode makes every committed transaction
survive a crash of the process (``kill -9``): commits reach the WAL file
through the operating system before ``COMMIT`` returns. Only a power loss
could roll back the last few commits, never corrupt the file; for a
development sandbox that trade buys commits without an fsync each.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

SCHEMA_VERSION = 2

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS services (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    description TEXT,
    banner TEXT,
    policy TEXT,
    account TEXT NOT NULL,
    status TEXT NOT NULL,
    published_at TEXT NOT NULL,
    deleted_at TEXT,
    impl TEXT NOT NULL,
    builtin INTEGER NOT NULL DEFAULT 0,
    definition TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS services_name ON services(name);
CREATE TABLE IF NOT EXISTS orders (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    name TEXT,
    status TEXT NOT NULL,
    service TEXT NOT NULL,
    account TEXT NOT NULL,
    policy TEXT,
    ordered_at TEXT NOT NULL,
    started_at TEXT,
    finished_at TEXT,
    error_message TEXT,
    parameters TEXT NOT NULL,
    tags TEXT NOT NULL,
    job TEXT
);
CREATE TABLE IF NOT EXISTS artifacts (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    name TEXT,
    status TEXT NOT NULL,
    size INTEGER,
    declared INTEGER,
    received INTEGER NOT NULL DEFAULT 0,
    mime_type TEXT,
    sha256 TEXT,
    created_at TEXT NOT NULL,
    last_modified_at TEXT NOT NULL,
    account TEXT NOT NULL,
    policy TEXT,
    collection TEXT,
    order_id TEXT
);
CREATE INDEX IF NOT EXISTS artifacts_order ON artifacts(order_id);
CREATE TABLE IF NOT EXISTS aspects (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    entity TEXT NOT NULL,
    schema TEXT NOT NULL,
    content TEXT NOT NULL,
    content_type TEXT NOT NULL,
    valid_from TEXT NOT NULL,
    valid_to TEXT,
    asserter TEXT NOT NULL,
    retracter TEXT,
    replaces TEXT,
    account TEXT NOT NULL,
    policy TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS aspects_entity ON aspects(entity, schema);
CREATE INDEX IF NOT EXISTS aspects_schema ON aspects(schema);
CREATE TABLE IF NOT EXISTS jobs (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    service TEXT NOT NULL,
    order_id TEXT NOT NULL,
    status TEXT NOT NULL,
    account TEXT NOT NULL,
    policy TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    started_at TEXT,
    finished_at TEXT,
    error_message TEXT,
    request TEXT NOT NULL,
    result_aspect TEXT
);
CREATE INDEX IF NOT EXISTS jobs_service ON jobs(service);
"""

#: Columns added after a table was first created: (table, column, declaration).
_ADDED_COLUMNS = (("orders", "job", "TEXT"),)


class Database:
    """Hands each thread its own connection to one SQLite file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._lock = threading.Lock()
        self._conns: list[sqlite3.Connection] = []
        self._generation = 0
        self._closed = False
        conn = self.conn()
        conn.executescript(_SCHEMA)
        self._add_missing_columns(conn)
        conn.execute(
            "INSERT INTO meta(key, value) VALUES ('schema-version', ?) "
            "ON CONFLICT(key) DO UPDATE SET value=excluded.value",
            (SCHEMA_VERSION,),
        )

    @staticmethod
    def _add_missing_columns(conn: sqlite3.Connection) -> None:
        # CREATE TABLE IF NOT EXISTS leaves a table made by an older sandbox as
        # it was: its data dir keeps working once the newer columns are added.
        for table, column, declaration in _ADDED_COLUMNS:
            present = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
            if column not in present:
                conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")

    def conn(self) -> sqlite3.Connection:
        """This thread's connection (opened on first use)."""
        cached = getattr(self._local, "conn", None)
        if cached is not None and self._local.generation == self._generation:
            conn: sqlite3.Connection = cached
            return conn
        if self._closed:
            raise RuntimeError("the sandbox database is closed")
        # check_same_thread=False only so close() can close every connection.
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=30)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA busy_timeout=30000")
        with self._lock:
            self._conns.append(conn)
        self._local.conn = conn
        self._local.generation = self._generation
        return conn

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction (``BEGIN IMMEDIATE``: no lock upgrade deadlocks)."""
        conn = self.conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        else:
            conn.execute("COMMIT")

    def close(self) -> None:
        """Close every connection; later use raises."""
        with self._lock:
            self._closed = True
            self._generation += 1
            conns, self._conns = self._conns, []
        for conn in conns:
            with suppress(sqlite3.Error):
                conn.close()
