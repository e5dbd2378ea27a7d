"""Content-addressed blob store with resumable partial uploads.

Layout under the data directory::

    blobs/sha256/ab/abcdef...   complete content, named by its sha256
    uploads/<uuid>.part         bytes received so far for one artifact

A blob only ever appears under ``blobs/`` by an atomic rename of a fully
written and fsynced file, so a crash can leave a stray ``.part`` file but
never a half-written blob. Records in the database decide what is visible.
"""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path
from typing import BinaryIO

from ._util import uuid_part

CHUNK = 1024 * 1024


def fsync_dir(path: Path) -> None:
    """Make a rename or creation in ``path`` durable."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class BlobStore:
    """Files of the sandbox: finished blobs and in-progress uploads."""

    def __init__(self, root: Path) -> None:
        self.blobs = root / "blobs" / "sha256"
        self.uploads = root / "uploads"
        self.blobs.mkdir(parents=True, exist_ok=True)
        self.uploads.mkdir(parents=True, exist_ok=True)
        # Running hashes of uploads in progress, so finishing one does not
        # re-read it; rebuilt from the part file after a restart.
        self._hashes: dict[str, tuple[int, hashlib._Hash]] = {}
        self._lock = threading.Lock()

    def part_path(self, artifact_id: str) -> Path:
        """Where the partial content of ``artifact_id`` lives."""
        return self.uploads / f"{uuid_part(artifact_id)}.part"

    def blob_path(self, sha256: str) -> Path:
        """Where the content with this hash lives."""
        return self.blobs / sha256[:2] / sha256

    def part_size(self, artifact_id: str) -> int:
        """Bytes in the part file (0 when there is none)."""
        try:
            return self.part_path(artifact_id).stat().st_size
        except FileNotFoundError:
            return 0

    def open_part(self, artifact_id: str, offset: int) -> BinaryIO:
        """Open the part file for appending at ``offset``, dropping anything beyond it."""
        path = self.part_path(artifact_id)
        fh = open(path, "r+b" if path.exists() else "w+b")  # noqa: SIM115 - caller closes
        fh.truncate(offset)
        fh.seek(offset)
        return fh

    def note_written(self, artifact_id: str, offset: int, data: bytes) -> None:
        """Feed appended bytes to the running hash (if it is in step)."""
        with self._lock:
            entry = self._hashes.get(artifact_id)
            if entry is None and offset == 0:
                entry = (0, hashlib.sha256())
            if entry is None or entry[0] != offset:
                self._hashes.pop(artifact_id, None)
                return
            entry[1].update(data)
            self._hashes[artifact_id] = (offset + len(data), entry[1])

    def forget(self, artifact_id: str) -> None:
        """Drop the running hash (after a truncation)."""
        with self._lock:
            self._hashes.pop(artifact_id, None)

    def truncate_part(self, artifact_id: str, size: int) -> None:
        """Cut the part file back to ``size`` bytes."""
        self.sync_part(artifact_id, size)
        self.forget(artifact_id)

    def sync_part(self, artifact_id: str, size: int | None = None) -> None:
        """Make the part file durable (cut to ``size`` bytes first when given)."""
        path = self.part_path(artifact_id)
        if path.exists():
            with open(path, "r+b") as fh:
                if size is not None:
                    fh.truncate(size)
                fh.flush()
                os.fsync(fh.fileno())

    def hash_part(self, artifact_id: str, size: int) -> str:
        """sha256 of the first ``size`` bytes of the part file."""
        with self._lock:
            entry = self._hashes.get(artifact_id)
        if entry is not None and entry[0] == size:
            return entry[1].hexdigest()
        digest = hashlib.sha256()
        if size:
            with open(self.part_path(artifact_id), "rb") as fh:
                left = size
                while left:
                    block = fh.read(min(CHUNK, left))
                    if not block:
                        raise OSError("part file shorter than recorded")
                    digest.update(block)
                    left -= len(block)
        return digest.hexdigest()

    def publish(self, artifact_id: str, sha256: str) -> None:
        """Move the finished part file to its content address (atomically, durably)."""
        part = self.part_path(artifact_id)
        target = self.blob_path(sha256)
        if target.exists():
            # Same content already stored: deduplicate.
            part.unlink(missing_ok=True)
        else:
            if not part.exists():
                part.touch()
            with open(part, "rb+") as fh:
                os.fsync(fh.fileno())
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(part, target)
            fsync_dir(target.parent)
        self.forget(artifact_id)

    def write_blob(self, data_source: BinaryIO | bytes, tmp_name: str) -> tuple[str, int]:
        """Store content from memory or a stream; return (sha256, size)."""
        tmp = self.uploads / f"{tmp_name}.part"
        digest = hashlib.sha256()
        size = 0
        with open(tmp, "wb") as out:
            if isinstance(data_source, bytes | bytearray | memoryview):
                block = bytes(data_source)
                out.write(block)
                digest.update(block)
                size = len(block)
            else:
                while block := data_source.read(CHUNK):
                    out.write(block)
                    digest.update(block)
                    size += len(block)
            out.flush()
            os.fsync(out.fileno())
        sha = digest.hexdigest()
        target = self.blob_path(sha)
        if target.exists():
            tmp.unlink()
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp, target)
            fsync_dir(target.parent)
        return sha, size
