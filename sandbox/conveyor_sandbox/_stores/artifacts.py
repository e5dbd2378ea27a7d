"""Artifacts: named content, received whole or in resumable pieces, kept by its sha256.

A record says what is visible; the bytes live in the blob store: a part
file while an upload is under way, then a content-addressed blob. An
order's products are artifacts too, recorded with the order that made them.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Mapping
from pathlib import Path
from typing import Any, BinaryIO

from .._blobs import BlobStore
from .._db import Database
from .._errors import invalid
from .._lists import ListSpec, Page, fields, list_page
from .._util import ACCOUNT, now
from .common import find_record

_MIME_RE = re.compile(
    r"^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}(\s*;.*)?$"
)

ARTIFACTS = ListSpec(
    table="artifacts",
    fields=fields(
        ("id", "id", "text"),
        ("name", "name", "text"),
        ("status", "status", "text"),
        ("size", "COALESCE(size, declared)", "int"),
        ("mime-type", "mime_type", "text"),
        ("created-at", "created_at", "time"),
    ),
    default_order="created-at",
    visible_at="created_at <= ?",
)
# An order's products are artifacts, listed and filtered like any others.
PRODUCTS = ARTIFACTS


def check_mime(value: str, name: str) -> str:
    """422 unless ``value`` looks like a media type."""
    if len(value) > 255 or not _MIME_RE.match(value):
        raise invalid(name, value, f"{name} must be a media type such as text/plain")
    return value


class ArtifactStore:
    """The ``artifacts`` table and the blob store holding their content.

    ``max_upload_size`` (bytes, None for no limit) caps what uploads may store.
    """

    def __init__(self, db: Database, blobs: BlobStore, max_upload_size: int | None) -> None:
        self.db = db
        self.blobs = blobs
        self.max_upload_size = max_upload_size

    def row(self, artifact_id: str) -> sqlite3.Row:
        """The artifact ``artifact_id``; 404 otherwise."""
        return find_record(self.db, "artifact", artifact_id)

    def exists(self, artifact_id: str) -> bool:
        """Whether an artifact with this id was ever recorded (in any state)."""
        found = (
            self.db.conn().execute("SELECT 1 FROM artifacts WHERE id=?", (artifact_id,)).fetchone()
        )
        return found is not None

    def page(self, state: Mapping[str, Any], limit: int) -> Page:
        """One page of all artifacts."""
        return list_page(self.db.conn(), ARTIFACTS, state, limit)

    def products_page(self, order_id: str, state: Mapping[str, Any], limit: int) -> Page:
        """One page of the artifacts that order ``order_id`` produced."""
        return list_page(
            self.db.conn(), PRODUCTS, state, limit, where=[("order_id = ?", [order_id])]
        )

    def produced_bytes(self, order_id: str) -> int:
        """The bytes of the products ``order_id`` has stored so far."""
        row = (
            self.db.conn()
            .execute(
                "SELECT COALESCE(SUM(size), 0) AS n FROM artifacts WHERE order_id=?", (order_id,)
            )
            .fetchone()
        )
        total: int = row["n"]
        return total

    def insert_upload(
        self,
        artifact_id: str,
        *,
        name: str | None,
        mime_type: str,
        declared: int | None,
        received: int,
        collection: str | None,
        policy: str | None,
    ) -> None:
        """Record an artifact whose content is still to come (``received`` bytes are on disk)."""
        with self.db.transaction() as conn:
            self._insert(
                conn,
                now(),
                id=artifact_id,
                name=name,
                status="partial" if received else "pending",
                declared=declared,
                received=received,
                mime_type=mime_type,
                collection=collection,
                policy=policy,
            )

    def insert_product(
        self,
        conn: sqlite3.Connection,
        artifact_id: str,
        *,
        order_id: str,
        name: str,
        mime_type: str,
        sha256: str,
        size: int,
        policy: str | None,
        stamp: str,
    ) -> None:
        """Record a finished product of ``order_id`` inside the caller's transaction ``conn``."""
        self._insert(
            conn,
            stamp,
            id=artifact_id,
            name=name,
            status="ready",
            size=size,
            declared=size,
            received=size,
            mime_type=mime_type,
            sha256=sha256,
            policy=policy,
            order_id=order_id,
        )

    @staticmethod
    def _insert(conn: sqlite3.Connection, stamp: str, **columns: Any) -> None:
        # Column names come from the two callers above, never from a request.
        values = {**columns, "created_at": stamp, "last_modified_at": stamp, "account": ACCOUNT}
        marks = ", ".join("?" for _ in values)
        conn.execute(
            f"INSERT INTO artifacts({', '.join(values)}) VALUES ({marks})", tuple(values.values())
        )

    def store_content(self, artifact_id: str, data: bytes | BinaryIO | Path) -> tuple[str, int]:
        """Write the whole content of a new artifact as a blob; returns (sha256, size)."""
        tmp = artifact_id.rsplit(":", 1)[1]
        if isinstance(data, Path):
            with open(data, "rb") as fh:
                return self.blobs.write_blob(fh, tmp)
        return self.blobs.write_blob(data, tmp)

    def record_progress(self, artifact_id: str, received: int, declared: int | None) -> None:
        """Commit how many bytes of an upload are safely on disk."""
        with self.db.transaction() as conn:
            conn.execute(
                """UPDATE artifacts SET received=?, declared=COALESCE(declared, ?),
                       status=CASE WHEN ? > 0 THEN 'partial' ELSE status END, last_modified_at=?
                   WHERE id=? AND status != 'ready'""",
                (received, declared, received, now(), artifact_id),
            )

    def finish_upload(self, artifact_id: str, size: int) -> None:
        """Hash, publish and mark ready (blocking: call from a worker thread)."""
        sha = self.blobs.hash_part(artifact_id, size)
        # Record the hash first, so a crash between the rename and the final
        # commit can be completed on restart instead of losing the content.
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE artifacts SET sha256=?, received=?, declared=? WHERE id=?",
                (sha, size, size, artifact_id),
            )
        self.blobs.publish(artifact_id, sha)
        self._mark_ready(artifact_id, size, sha)

    def _mark_ready(self, artifact_id: str, size: int, sha: str) -> None:
        with self.db.transaction() as conn:
            conn.execute(
                """UPDATE artifacts SET status='ready', size=?, received=?, declared=?, sha256=?,
                       last_modified_at=? WHERE id=?""",
                (size, size, size, sha, now(), artifact_id),
            )

    def open_content(self, artifact_id: str) -> BinaryIO:
        """Open a ready artifact's content (for services)."""
        row = self.row(artifact_id)
        if row["status"] != "ready":
            raise ValueError(f"artifact {artifact_id} is not ready (status {row['status']})")
        return open(self.blobs.blob_path(row["sha256"]), "rb")

    def recover(self) -> None:
        """Repair uploads a crash interrupted, and remove part files no upload owns."""
        unfinished = (
            self.db.conn()
            .execute(
                "SELECT id, received, sha256, declared FROM artifacts"
                " WHERE status NOT IN ('ready', 'error')"
            )
            .fetchall()
        )
        live: set[str] = set()
        for row in unfinished:
            self._recover(row)
            live.add(row["id"])
        # Part files no unfinished artifact owns are leftovers of interrupted
        # creations or finished uploads: never visible, so just remove them.
        owned = {self.blobs.part_path(i).name for i in live}
        for part in self.blobs.uploads.glob("*.part"):
            if part.name not in owned:
                part.unlink(missing_ok=True)

    def _recover(self, row: sqlite3.Row) -> None:
        artifact_id: str = row["id"]
        if row["sha256"]:
            # It crashed while publishing: finish the job if the bytes survived.
            sha: str = row["sha256"]
            if (
                not self.blobs.blob_path(sha).exists()
                and self.blobs.part_size(artifact_id) >= row["received"]
            ):
                self.blobs.truncate_part(artifact_id, row["received"])
                if self.blobs.hash_part(artifact_id, row["received"]) == sha:
                    self.blobs.publish(artifact_id, sha)
            if self.blobs.blob_path(sha).exists():
                self._mark_ready(artifact_id, row["received"], sha)
            else:
                with self.db.transaction() as conn:
                    conn.execute("UPDATE artifacts SET status='error' WHERE id=?", (artifact_id,))
            return
        on_disk = self.blobs.part_size(artifact_id)
        received: int = row["received"]
        if on_disk > received:
            # Bytes written after the last commit were never acknowledged.
            self.blobs.truncate_part(artifact_id, received)
        elif on_disk < received:
            with self.db.transaction() as conn:
                conn.execute(
                    "UPDATE artifacts SET received=?, status=? WHERE id=?",
                    (on_disk, "partial" if on_disk else "pending", artifact_id),
                )
