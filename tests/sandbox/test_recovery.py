"""Start-up recovery: states a crash can leave between two steps of an upload or a job."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import httpx
from conveyor_sandbox import SandboxServer, ServiceRegistry, service_id_for
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


def test_recovery_ends_executing_jobs_in_error_and_queues_unstarted_ones(tmp_path: Path) -> None:
    registry = ServiceRegistry()
    platform = Platform(tmp_path, registry)
    platform.services.publish_registered()
    running = platform.jobs.create(service_id_for("word-stats"), {"text": "a"}, None)["id"]
    platform.jobs.set_status(running, "executing")
    waiting = platform.jobs.create(service_id_for("word-stats"), {"text": "b"}, None)["id"]
    platform.jobs.set_status(waiting, "scheduled")
    order = platform.orders.create({"service": service_id_for("hello"), "parameters": []})["id"]
    platform.close()

    platform = Platform(tmp_path, registry)
    # The orders placed for the jobs follow their jobs, never the order recovery.
    assert platform.recover() == [order, waiting]
    stopped = platform.jobs.row(running)
    assert stopped["status"] == "error" and stopped["finished_at"]
    assert "stopped while the job was executing" in stopped["error_message"]
    own = platform.orders.row(stopped["order_id"])
    assert own["status"] == "error" and own["error_message"] == stopped["error_message"]
    [mirror] = platform.db.conn().execute(
        "SELECT content FROM aspects WHERE entity=? AND schema='urn:ivcap:schema.job.2'"
        " AND valid_to IS NULL",
        (running,),
    )
    assert json.loads(mirror["content"])["status"] == "error"
    assert platform.jobs.row(waiting)["status"] == "scheduled"
    platform.close()


def test_jobs_their_results_and_logs_survive_a_restart(tmp_path: Path) -> None:
    stats = service_id_for("word-stats")
    with SandboxServer(data_dir=tmp_path) as server:
        api = httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {server.token}"})
        r = api.post(f"/1/services2/{stats}/jobs", json={"text": "a b"}, headers={"Timeout": "30"})
        done, url = r.headers["IVCAP-Job-Id"], r.headers["IVCAP-Job-URL"]
        countdown = service_id_for("countdown")
        r = api.post(f"/1/services2/{countdown}/jobs", json={"count": 2, "interval": 0})
        counted = r.json()["job-id"]
        assert server.wait_for_order(counted) == "succeeded"
        api.close()
        # A job recorded but never started (as if the sandbox stopped before running it).
        queued = server.platform.jobs.create(stats, {"text": "later on"}, None)["id"]
    with SandboxServer(data_dir=tmp_path) as server:
        api = httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {server.token}"})
        # The old URL's port is gone with the old server; its path stays valid.
        assert api.get(url[url.index("/1/") :]).json()["result-content"]["words"] == 2
        assert api.get(f"/1/orders/{counted}/logs").text == "2...\n1...\nliftoff\n"
        assert server.wait_for_order(queued) == "succeeded"
        later = api.get(f"/1/services2/{stats}/jobs/{queued}/output").json()
        assert later["words"] == 2
        listed = [i["id"] for i in api.get(f"/1/services2/{stats}/jobs").json()["items"]]
        assert listed == [queued, done]
        api.close()


def test_a_data_dir_of_an_older_sandbox_gets_the_new_columns(tmp_path: Path) -> None:
    import sqlite3

    conn = sqlite3.connect(tmp_path / "sandbox.db")
    conn.execute(
        """CREATE TABLE orders (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,
               name TEXT, status TEXT NOT NULL, service TEXT NOT NULL, account TEXT NOT NULL,
               policy TEXT, ordered_at TEXT NOT NULL, started_at TEXT, finished_at TEXT,
               error_message TEXT, parameters TEXT NOT NULL, tags TEXT NOT NULL)"""
    )
    conn.execute(
        "INSERT INTO orders(id, status, service, account, ordered_at, parameters, tags)"
        " VALUES ('urn:ivcap:order:0f0f0f0f-0000-4000-8000-000000000000', 'pending', 's', 'a',"
        " '2026-01-01T00:00:00.000000Z', '[]', '[]')"
    )
    conn.commit()
    conn.close()
    platform = Platform(tmp_path, ServiceRegistry(builtins=False))
    assert platform.recover() == ["urn:ivcap:order:0f0f0f0f-0000-4000-8000-000000000000"]
    platform.close()
