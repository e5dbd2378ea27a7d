"""The local content store: what this machine knows about content on each platform.

Small JSON files in the user cache directory (never beside the user's
files), one folder per platform:

- ``content/<sha256>``: the artifact known to hold those bytes (filled by
  uploads and verified downloads), so ``upload()`` and ``find_by_content()``
  can reuse it after checking with the platform that it is still there;
- ``identities/<key>``: the sha256 of a file identity (path, size, mtime,
  inode), so uploading an unchanged file again skips hashing it;
- ``uploads/<key>``: the artifact of an interrupted upload of a file
  identity, so a later run continues where it stopped.

Every method reads or writes the disk: flows call them through `blocking`,
which keeps them off an async client's event loop.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
from pathlib import Path
from typing import Any

logger = logging.getLogger("conveyor")

__all__ = ["ContentStore", "cache_root", "identity_key"]


def cache_root(configured: str | None) -> Path:
    """Where resume state and the content index live.

    ``cache_dir=`` of the client, else ``CONVEYOR_CACHE_DIR``, else
    ``$XDG_CACHE_HOME/conveyor``, else ``~/.cache/conveyor``.
    """
    if configured:
        return Path(configured)
    explicit = os.environ.get("CONVEYOR_CACHE_DIR")
    if explicit:
        return Path(explicit).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base).expanduser() / "conveyor"


def identity_key(identity: str) -> str:
    """The file name under which a source identity's state is kept."""
    return hashlib.sha256(identity.encode()).hexdigest()


_DOWNLOADED: Any = object()
"""`ContentStore.remember`'s default: the copy came from a download, not an upload."""


class ContentStore:
    """One platform's content index, file identities and upload resume state (all blocking).

    A read that fails (missing, unreadable, not JSON) is ``None`` and a write
    that fails is logged and dropped: the store only saves work, so a
    read-only home must never break a transfer.
    """

    def __init__(self, root: Path, platform_url: str) -> None:
        self.root = root
        self.key = hashlib.sha256(platform_url.encode()).hexdigest()[:16]

    @classmethod
    def of(cls, client: Any) -> ContentStore:
        """The store of ``client``'s platform, under its cache directory."""
        return cls(cache_root(client._cache_dir), client.url)

    def _path(self, kind: str, name: str) -> Path:
        return self.root / kind / self.key / name

    def read(self, kind: str, name: str) -> dict[str, Any] | None:
        """The JSON object stored as ``kind/name``, or ``None``."""
        try:
            data = json.loads(self._path(kind, name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def write(self, kind: str, name: str, data: dict[str, Any]) -> None:
        """Store ``data`` as ``kind/name``, atomically (a reader sees the old or the new)."""
        path = self._path(kind, name)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(data), encoding="utf-8")
            os.replace(tmp, path)
        except OSError as exc:
            logger.debug("cannot write %s state: %s", kind, exc)

    def delete(self, kind: str, name: str) -> None:
        """Forget ``kind/name`` (nothing happens when it is not there)."""
        with contextlib.suppress(OSError):
            self._path(kind, name).unlink()

    def artifact_with(self, sha256: str) -> str | None:
        """The artifact the index says holds the bytes of ``sha256``."""
        return self.content_entry(sha256).get("artifact")

    def content_entry(self, sha256: str) -> dict[str, Any]:
        """What the index knows of ``sha256``: its ``artifact``, and the ``policy`` an
        upload of ours asked for (the key is absent for a downloaded copy)."""
        entry = self.read("content", sha256) or {}
        if not isinstance(entry.get("artifact"), str):
            return {}
        return entry

    def remember(self, sha256: str, artifact_id: str, *, uploaded_with: Any = _DOWNLOADED) -> None:
        """Record that ``artifact_id`` holds the bytes of ``sha256``.

        ``uploaded_with`` is the policy an upload asked for (``None``: the
        platform's default); a later upload reuses the artifact only when it
        asks for the same, so an access policy is never dropped silently.
        """
        entry: dict[str, Any] = {"artifact": artifact_id}
        if uploaded_with is not _DOWNLOADED:
            entry["policy"] = uploaded_with
        self.write("content", sha256, entry)

    def remember_upload(self, sha256: str, artifact_id: str, policy: str | None) -> None:
        """`remember` for an upload of ours that asked for ``policy`` (``None``: the default)."""
        self.remember(sha256, artifact_id, uploaded_with=policy)
