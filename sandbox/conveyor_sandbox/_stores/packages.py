"""Packages: container images kept as a small registry over the blob store.

An image is a manifest under a tag (``name:tag``) plus the config and
layers it names, each by its ``sha256:`` digest. Every part is streamed to
a file under ``package-uploads/`` while its sha256 is computed, checked against the
digest it was pushed as, and only then renamed to its content address in
``blobs/`` and recorded: an interrupted or corrupt push leaves nothing
visible. A layer may be pushed in chunks (``start``/``end`` of ``total``;
``end`` exclusive): the chunks so far stay in a part file, so a push that
stopped resumes at the recorded offset, and a chunk that did not arrive
whole is cut off again. A manifest is accepted only when every part it
names is stored, so a tag never points at a half-pushed image.

Removing a tag keeps the parts: they are content-addressed and may be
shared with other images (or with artifacts of the same bytes).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import threading
import uuid
from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from .._blobs import BlobStore, fsync_dir
from .._db import Database
from .._errors import ApiError, conflict, invalid, not_found
from .._util import now

PARTS = ("manifest", "config", "layer")
#: Manifests are small JSON documents; anything bigger is not one.
MAX_MANIFEST_BYTES = 4 * 1024 * 1024

_DIGEST_RE = re.compile(r"^sha256:[0-9a-f]{64}$")
# Docker's reference grammar without a registry host: the sandbox is the registry.
_COMPONENT = r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
_NAME_RE = re.compile(rf"^{_COMPONENT}(?:/{_COMPONENT})*$")
_TAG_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")
MAX_NAME_LENGTH = 255

_SCHEMA = """
CREATE TABLE IF NOT EXISTS package_parts (
    digest TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    size INTEGER NOT NULL,
    pushed_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS package_tags (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    tag TEXT NOT NULL,
    digest TEXT NOT NULL,
    size INTEGER NOT NULL,
    pushed_at TEXT NOT NULL,
    UNIQUE (name, tag)
);
CREATE TABLE IF NOT EXISTS package_uploads (
    digest TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    tag TEXT NOT NULL,
    kind TEXT NOT NULL,
    total INTEGER NOT NULL,
    received INTEGER NOT NULL,
    part TEXT NOT NULL,
    started_at TEXT NOT NULL
);
"""


def parse_tag(
    value: str | None, field: str = "tag", *, bare: bool = False
) -> tuple[str, str | None]:
    """``(name, tag)`` of ``name:tag`` (``name`` alone means ``latest``); 422 naming ``field``.

    With ``bare`` a ``name`` alone stays ``(name, None)``: every tag of the image.
    """
    if not value:
        raise invalid(field, value, f"{field} is required: an image tag such as word-count:1.0")
    last = value.rsplit("/", 1)[-1]
    name, tag = value.rsplit(":", 1) if ":" in last else (value, None)
    if len(name) > MAX_NAME_LENGTH or not _NAME_RE.match(name):
        raise invalid(
            field, value, f"{field} must be name:tag with a lower-case image name (a-z, 0-9, ._-/)"
        )
    if tag is not None and not _TAG_RE.match(tag):
        raise invalid(field, value, f"{field}: the tag must be 1-128 of A-Z a-z 0-9 _ . -")
    return name, tag if tag is not None or bare else "latest"


def check_digest(value: str | None, field: str = "digest") -> str:
    """422 naming ``field`` unless ``value`` is ``sha256:`` and 64 lower-case hex digits."""
    if value is None or not _DIGEST_RE.match(value):
        raise invalid(field, value, f"{field} must be sha256: followed by 64 lower-case hex digits")
    return value


def manifest_references(content: bytes) -> list[str]:
    """The config and layer digests an image manifest names (none for anything else)."""
    try:
        doc = json.loads(content)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return []
    if not isinstance(doc, dict):
        return []
    found = [doc.get("config"), *(doc.get("layers") or [])]
    return [
        d["digest"]
        for d in found
        if isinstance(d, dict)
        and isinstance(d.get("digest"), str)
        and _DIGEST_RE.match(d["digest"])
    ]


class PartWriter:
    """Bytes of one push going to a file under ``package-uploads/``, hashed as written."""

    def __init__(
        self, path: Path, offset: int, digest: hashlib._Hash | None, *, temporary: bool = False
    ) -> None:
        self.path = path
        self.start = offset
        self.temporary = temporary
        self.written = 0
        # A hash that is in step with the file's first ``offset`` bytes, or
        # None: the whole file is hashed again when it is finished.
        self.hash = digest
        self._fh: BinaryIO = open(path, "r+b" if path.exists() else "w+b")  # noqa: SIM115
        self._fh.truncate(offset)
        self._fh.seek(offset)

    def write(self, data: bytes) -> None:
        """Append ``data``."""
        self._fh.write(data)
        if self.hash is not None:
            self.hash.update(data)
        self.written += len(data)

    def finish(self) -> None:
        """Make what was written durable and close the file."""
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._fh.close()

    def abandon(self) -> None:
        """Drop what this writer wrote: a temporary file goes, a part file is cut back."""
        with suppress(OSError):
            if not self.temporary:
                self._fh.truncate(self.start)
            self._fh.close()
        if self.temporary:
            self.path.unlink(missing_ok=True)


@dataclass(frozen=True)
class ChunkPlan:
    """Where a chunk of a layer goes: the writer, and whether it completes the layer."""

    writer: PartWriter
    total: int


class PackageStore:
    """The ``package_*`` tables and the part files of pushes under way.

    ``max_size`` (bytes, None for no limit) caps one part, as it caps artifacts.
    """

    def __init__(self, db: Database, blobs: BlobStore, max_size: int | None) -> None:
        self.db = db
        self.blobs = blobs
        self.max_size = max_size
        # A folder of their own beside uploads/, whose every *.part no
        # artifact owns the artifact store removes when it recovers.
        self.uploads = blobs.uploads.parent / "package-uploads"
        self.uploads.mkdir(exist_ok=True)
        # Running hashes of chunked pushes, so the last chunk does not re-read the layer.
        self._hashes: dict[str, tuple[int, hashlib._Hash]] = {}
        self._active: set[str] = set()  # digests a request is pushing chunks of right now
        self._lock = threading.Lock()
        db.conn().executescript(_SCHEMA)

    # Reading

    def part(self, digest: str) -> sqlite3.Row | None:
        """The stored config or layer with this digest."""
        found: sqlite3.Row | None = (
            self.db.conn()
            .execute("SELECT * FROM package_parts WHERE digest=?", (digest,))
            .fetchone()
        )
        return found

    def tag_row(self, name: str, tag: str) -> sqlite3.Row | None:
        """The manifest tagged ``name:tag``."""
        found: sqlite3.Row | None = (
            self.db.conn()
            .execute("SELECT * FROM package_tags WHERE name=? AND tag=?", (name, tag))
            .fetchone()
        )
        return found

    def upload(self, digest: str) -> sqlite3.Row | None:
        """The chunked push of ``digest`` under way."""
        found: sqlite3.Row | None = (
            self.db.conn()
            .execute("SELECT * FROM package_uploads WHERE digest=?", (digest,))
            .fetchone()
        )
        return found

    def content(self, kind: str, ref: str) -> tuple[Path, int]:
        """The file and size of a part to pull (``ref``: a tag for a manifest, else a digest)."""
        if kind == "manifest" and not ref.startswith("sha256:"):
            name, tag = parse_tag(ref, "ref")
            assert tag is not None
            row = self.tag_row(name, tag)
            if row is None:
                raise not_found(f"no image tagged {name}:{tag}", ref)
        elif kind == "manifest":
            row = (
                self.db.conn()
                .execute("SELECT * FROM package_tags WHERE digest=?", (check_digest(ref, "ref"),))
                .fetchone()
            )
        else:
            row = self.part(check_digest(ref, "ref"))
        if row is None:
            raise not_found(f"no {kind} with this digest", ref)
        return self.blobs.blob_path(row["digest"].removeprefix("sha256:")), int(row["size"])

    def page(self, state: Mapping[str, Any], limit: int) -> tuple[list[str], str | None]:
        """``name:tag`` of every tag of up to ``limit`` images in name order, and the cursor."""
        query = "SELECT DISTINCT name FROM package_tags"
        conds: list[str] = []
        params: list[Any] = []
        if state.get("name"):
            conds.append("name=?")
            params.append(state["name"])
        if state.get("cursor"):
            conds.append("name > ?")
            params.append(state["cursor"])
        if conds:
            query += " WHERE " + " AND ".join(conds)
        conn = self.db.conn()
        names = [
            r["name"] for r in conn.execute(f"{query} ORDER BY name LIMIT ?", [*params, limit + 1])
        ]
        cursor = names[limit - 1] if len(names) > limit else None
        items: list[str] = []
        for name in names[:limit]:
            for r in conn.execute(
                "SELECT tag FROM package_tags WHERE name=? ORDER BY tag", (name,)
            ):
                if state.get("tag") in (None, r["tag"]):
                    items.append(f"{name}:{r['tag']}")
        return items, cursor

    # Pushing whole parts

    def temp_writer(self) -> PartWriter:
        """A writer to a fresh temporary file, hashing from the first byte."""
        path = self.uploads / f"pkg-{uuid.uuid4()}.tmp"
        return PartWriter(path, 0, hashlib.sha256(), temporary=True)

    def _verify(self, writer: PartWriter, digest: str) -> None:
        got = writer.hash.hexdigest() if writer.hash is not None else _hash_file(writer.path)
        if f"sha256:{got}" != digest:
            raise invalid(
                "digest", digest, f"the bytes pushed have digest sha256:{got}, not the one given"
            )

    def _publish(self, path: Path, digest: str) -> None:
        target = self.blobs.blob_path(digest.removeprefix("sha256:"))
        if target.exists():
            path.unlink(missing_ok=True)  # the same bytes are stored already
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, target)
        fsync_dir(target.parent)

    def commit_part(self, writer: PartWriter, digest: str, kind: str) -> None:
        """Check a finished part against its digest, then make it visible (or drop it)."""
        try:
            self._verify(writer, digest)
            self._publish(writer.path, digest)
        finally:
            writer.path.unlink(missing_ok=True)
        with self.db.transaction() as conn:
            conn.execute(
                """INSERT INTO package_parts(digest, kind, size, pushed_at) VALUES (?, ?, ?, ?)
                   ON CONFLICT(digest) DO UPDATE SET kind=excluded.kind,
                       pushed_at=excluded.pushed_at""",
                (digest, kind, writer.start + writer.written, now()),
            )

    def check_tag_free(self, name: str, tag: str, force: bool) -> None:
        """409 when ``name:tag`` exists and ``force`` is not set."""
        if not force and self.tag_row(name, tag) is not None:
            raise conflict(
                f"{name}:{tag} exists already; push with force to replace it", f"{name}:{tag}"
            )

    def commit_manifest(
        self, writer: PartWriter, digest: str, name: str, tag: str, force: bool
    ) -> None:
        """Tag a finished manifest, once every part it names is stored (409 otherwise)."""
        try:
            self._verify(writer, digest)
            content = writer.path.read_bytes()
            missing = [d for d in manifest_references(content) if self.part(d) is None]
            if missing:
                raise conflict(
                    f"push the image's config and layers before its manifest: "
                    f"{len(missing)} not stored, such as {missing[0]}",
                    missing[0],
                )
            self._publish(writer.path, digest)
        finally:
            writer.path.unlink(missing_ok=True)
        with self.db.transaction() as conn:
            self.check_tag_free(name, tag, force)
            conn.execute(
                """INSERT INTO package_tags(name, tag, digest, size, pushed_at)
                   VALUES (?, ?, ?, ?, ?)
                   ON CONFLICT(name, tag) DO UPDATE SET digest=excluded.digest,
                       size=excluded.size, pushed_at=excluded.pushed_at""",
                (name, tag, digest, len(content), now()),
            )

    # Pushing a layer in chunks

    def begin_chunk(
        self, digest: str, name: str, tag: str, kind: str, total: int, start: int
    ) -> ChunkPlan:
        """A writer for the chunk at ``start`` of a ``total``-byte part (409 when out of order)."""
        if self.max_size is not None and total > self.max_size:
            raise ApiError(
                413, f"the part is larger than the {self.max_size} bytes this sandbox accepts"
            )
        with self.db.transaction() as conn:
            row = conn.execute("SELECT * FROM package_uploads WHERE digest=?", (digest,)).fetchone()
            if row is not None and row["total"] != total:
                if start != 0:
                    raise conflict(
                        f"this part is being pushed with total {row['total']}, not {total}", digest
                    )
                self._drop_upload(conn, row)
                row = None
            if row is None:
                if start != 0:
                    raise conflict("no push of this part is under way: start at 0", digest)
                part = f"pkg-{uuid.uuid4()}.part"
                conn.execute(
                    """INSERT INTO package_uploads(digest, name, tag, kind, total, received, part,
                           started_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?)""",
                    (digest, name, tag, kind, total, part, now()),
                )
                received = 0
            else:
                part, received = row["part"], row["received"]
            if start > received:
                raise conflict(
                    f"{received} bytes of this part are stored: the next chunk starts there", digest
                )
            if start < received:
                # A chunk sent again (its answer was lost): what follows it is cut off.
                conn.execute(
                    "UPDATE package_uploads SET received=? WHERE digest=?", (start, digest)
                )
            with self._lock:
                if digest in self._active:
                    raise conflict("another request is pushing this part right now", digest)
                self._active.add(digest)
                entry = self._hashes.get(digest)
        running = entry[1].copy() if entry is not None and entry[0] == start else None
        if start == 0:
            running = hashlib.sha256()
        try:
            return ChunkPlan(PartWriter(self.uploads / part, start, running), total)
        except BaseException:
            self.end_chunk(digest)
            raise

    def end_chunk(self, digest: str) -> None:
        """The request that began a chunk of ``digest`` is done with it (however it ended)."""
        with self._lock:
            self._active.discard(digest)

    def record_chunk(self, digest: str, plan: ChunkPlan, kind: str) -> bool:
        """Record a chunk that arrived whole; returns whether the part is now complete."""
        writer = plan.writer
        received = writer.start + writer.written
        with self._lock:
            if writer.hash is not None:
                self._hashes[digest] = (received, writer.hash)
            else:
                self._hashes.pop(digest, None)
        if received < plan.total:
            with self.db.transaction() as conn:
                conn.execute(
                    "UPDATE package_uploads SET received=? WHERE digest=?", (received, digest)
                )
            return False
        with self._lock:
            self._hashes.pop(digest, None)
        try:
            self.commit_part(writer, digest, kind)
        finally:
            with self.db.transaction() as conn:
                conn.execute("DELETE FROM package_uploads WHERE digest=?", (digest,))
        return True

    def _drop_upload(self, conn: sqlite3.Connection, row: sqlite3.Row) -> None:
        conn.execute("DELETE FROM package_uploads WHERE digest=?", (row["digest"],))
        (self.uploads / row["part"]).unlink(missing_ok=True)
        with self._lock:
            self._hashes.pop(row["digest"], None)

    # Removing, and repairing after a crash

    def remove(self, name: str, tag: str) -> None:
        """Remove the tag ``name:tag``; 404 when there is none."""
        with self.db.transaction() as conn:
            gone = conn.execute(
                "DELETE FROM package_tags WHERE name=? AND tag=?", (name, tag)
            ).rowcount
        if not gone:
            raise not_found(f"no image tagged {name}:{tag}", f"{name}:{tag}")

    def recover(self) -> None:
        """Delete what interrupted pushes left; cut chunked pushes back to what was recorded."""
        uploads = {r["part"]: r for r in self.db.conn().execute("SELECT * FROM package_uploads")}
        for path in self.uploads.glob("pkg-*"):
            row = uploads.get(path.name)
            if row is None:
                path.unlink(missing_ok=True)
            elif path.stat().st_size > row["received"]:
                with open(path, "r+b") as fh:
                    fh.truncate(row["received"])


def _hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(1024 * 1024):
            digest.update(block)
    return digest.hexdigest()
