"""Start-up recovery of states a crash can leave between two steps of an upload."""

from __future__ import annotations

import hashlib
from pathlib import Path

from conveyor_sandbox import ServiceRegistry
from conveyor_sandbox._platform import Platform
from conveyor_sandbox._util import new_id


def partial(platform: Platform, data: bytes, declared: int, received: int) -> str:
    artifact_id = new_id("artifact")
    platform.artifacts.insert_upload(
        artifact_id,
        name="x",
        mime_type="text/plain",
        declared=declared,
        received=received,
        collection=None,
        policy=None,
    )
    platform.blobs.part_path(artifact_id).write_bytes(data)
    return artifact_id


def status(platform: Platform, artifact_id: str) -> tuple[str, int, int | None]:
    row = platform.artifacts.row(artifact_id)
    return row["status"], row["received"], row["size"]


def test_recovery_finishes_or_rolls_back_interrupted_uploads(tmp_path: Path) -> None:
    platform = Platform(tmp_path, ServiceRegistry(builtins=False))
    data = b"complete content"
    sha = hashlib.sha256(data).hexdigest()
    # Crashed after recording the hash, before the rename: the rename is redone.
    before_rename = partial(platform, data, len(data), len(data))
    with platform.db.transaction() as conn:
        conn.execute("UPDATE artifacts SET sha256=? WHERE id=?", (sha, before_rename))
    # Crashed after the rename, before the final commit: it is just marked ready.
    other = b"other content"
    after_rename = partial(platform, other, len(other), len(other))
    other_sha = hashlib.sha256(other).hexdigest()
    with platform.db.transaction() as conn:
        conn.execute("UPDATE artifacts SET sha256=? WHERE id=?", (other_sha, after_rename))
    platform.blobs.publish(after_rename, other_sha)
    # Bytes written after the last committed offset were never acknowledged.
    overlong = partial(platform, b"0123456789", 20, 4)
    # A part file nobody owns (an interrupted direct upload).
    orphan = platform.blobs.uploads / "0f0f0f0f-0000-4000-8000-000000000000.part"
    orphan.write_bytes(b"junk")
    platform.close()

    platform = Platform(tmp_path, ServiceRegistry(builtins=False))
    assert platform.recover() == []
    assert status(platform, before_rename) == ("ready", len(data), len(data))
    assert platform.blobs.blob_path(sha).read_bytes() == data
    assert status(platform, after_rename) == ("ready", len(other), len(other))
    assert status(platform, overlong) == ("partial", 4, None)
    assert platform.blobs.part_path(overlong).read_bytes() == b"0123"
    assert not orphan.exists()
    assert [p.name for p in platform.blobs.uploads.iterdir()] == [
        platform.blobs.part_path(overlong).name
    ]
    platform.close()
