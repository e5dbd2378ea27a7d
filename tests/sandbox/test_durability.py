"""Kill -9 the sandbox mid-upload and mid-order, restart it on the same data dir.

Checks: nothing committed is lost, no partial content is visible as a blob,
the interrupted tus upload resumes from its stored offset, an interrupted
direct upload leaves nothing behind, the executing order is failed with a
message and the queued one runs after the restart; an executing job ends in
error (its log kept), a queued one runs.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
from conveyor_sandbox import service_id_for

from .contract import CONTRACT

MiB = 1024 * 1024
TOKEN = "durability-test-token"


class Sandbox:
    """``python -m conveyor_sandbox`` in a child process."""

    def __init__(self, data_dir: Path) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "conveyor_sandbox",
                "--port",
                "0",
                "--data-dir",
                str(data_dir),
                "--token",
                TOKEN,
                "--workers",
                "1",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
        )
        assert self.proc.stdout is not None
        line = ""
        deadline = time.monotonic() + 20
        while "serving at" not in line:
            line = self.proc.stdout.readline()
            assert line or self.proc.poll() is None, "the sandbox exited early"
            assert time.monotonic() < deadline, "the sandbox did not start"
        self.url = line.rsplit(" ", 1)[1].strip()
        hook = {"response": [lambda r: (r.read(), CONTRACT.check(r))]}
        self.client = httpx.Client(
            base_url=self.url,
            headers={"Authorization": f"Bearer {TOKEN}"},
            timeout=30,
            event_hooks=hook,
        )

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)
        self.client.close()

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(20)
        self.client.close()


def stalled_body(
    data: bytes, stall_at: int, sent: threading.Event, release: threading.Event
) -> Iterator[bytes]:
    """Yield ``data`` in 1 MiB pieces, stopping at ``stall_at`` until released (never, here)."""
    for start in range(0, len(data), MiB):
        if start == stall_at:
            sent.set()
            release.wait(30)
            return
        yield data[start : start + MiB]


def send_in_background(
    method: str, url: str, headers: dict[str, str], body: Iterator[bytes]
) -> threading.Thread:
    def run() -> None:
        # The server is killed under us: any error is expected.
        with contextlib.suppress(Exception):
            httpx.request(
                method,
                url,
                headers={"Authorization": f"Bearer {TOKEN}", **headers},
                content=body,
                timeout=60,
            )

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def test_kill_mid_upload_and_mid_order_then_restart(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    box = Sandbox(data_dir)
    c = box.client
    # Committed before the crash.
    kept = c.post("/1/artifacts", content=b"keep me", headers={"X-Name": "kept.txt"}).json()
    aspect = c.post(
        "/1/aspects",
        params={"entity": kept["id"], "schema": "urn:example:schema:k.1"},
        json={"k": 1},
    ).json()["id"]
    done = c.post("/1/orders", json={"service": service_id_for("hello"), "parameters": []}).json()[
        "id"
    ]
    for _ in range(500):
        if c.get(f"/1/orders/{done}").json()["status"] == "succeeded":
            break
        time.sleep(0.01)
    # One worker: a long sleep executes, a hello waits scheduled behind it.
    sleeper = c.post(
        "/1/orders",
        json={
            "service": service_id_for("sleep"),
            "parameters": [{"name": "seconds", "value": "60"}],
        },
    ).json()["id"]
    while c.get(f"/1/orders/{sleeper}").json()["status"] != "executing":
        time.sleep(0.01)
    queued = c.post(
        "/1/orders", json={"service": service_id_for("hello"), "parameters": []}
    ).json()["id"]
    assert c.get(f"/1/orders/{queued}").json()["status"] == "scheduled"
    # A tus upload of 40 MiB stalls after 20 MiB; a direct upload stalls after 6 MiB.
    payload = os.urandom(40 * MiB)
    upload = c.post(
        "/1/artifacts",
        headers={"Tus-Resumable": "1.0.0", "Upload-Length": str(len(payload)), "X-Name": "big.bin"},
    ).json()
    href = urlsplit(upload["data-href"]).path  # the restarted sandbox has another port
    sent, release = threading.Event(), threading.Event()
    tus = send_in_background(
        "PATCH",
        box.url + href,
        {
            "Upload-Offset": "0",
            "Content-Type": "application/offset+octet-stream",
            "Tus-Resumable": "1.0.0",
        },
        stalled_body(payload, 20 * MiB, sent, release),
    )
    direct_sent = threading.Event()
    direct = send_in_background(
        "POST",
        f"{box.url}/1/artifacts",
        {"X-Name": "direct.bin", "Content-Length": str(12 * MiB)},
        stalled_body(os.urandom(12 * MiB), 6 * MiB, direct_sent, release),
    )
    assert sent.wait(30) and direct_sent.wait(30)
    deadline = time.monotonic() + 20
    while int(c.head(href).headers["upload-offset"]) < 16 * MiB:
        assert time.monotonic() < deadline, "progress was never committed"
        time.sleep(0.02)
    box.kill()
    release.set()
    tus.join(10)
    direct.join(10)

    box = Sandbox(data_dir)
    c = box.client
    try:
        # Nothing committed was lost.
        assert c.get(urlsplit(kept["data-href"]).path).content == b"keep me"
        assert c.get(f"/1/aspects/{aspect}").json()["content"] == {"k": 1}
        assert c.get(f"/1/orders/{done}").json()["status"] == "succeeded"
        # No partial content is visible: every blob is complete (its name is its hash)...
        for blob in (data_dir / "blobs").rglob("*"):
            if blob.is_file():
                assert hashlib.sha256(blob.read_bytes()).hexdigest() == blob.name
        # ... the interrupted direct upload left no record and no file.
        names = [a.get("name") for a in c.get("/1/artifacts", params={"limit": 50}).json()["items"]]
        assert "direct.bin" not in names
        # The tus upload is partial at its stored offset, on disk exactly that long.
        record = c.get(f"/1/artifacts/{upload['id']}").json()
        offset = int(c.head(href).headers["upload-offset"])
        assert record["status"] == "partial" and 16 * MiB <= offset <= 20 * MiB
        parts = list((data_dir / "uploads").glob("*.part"))
        assert [p.stat().st_size for p in parts] == [offset]
        assert c.get(href).status_code == 409
        # It resumes from there and completes with the right content.
        r = c.patch(
            href,
            content=payload[offset:],
            headers={
                "Upload-Offset": str(offset),
                "Content-Type": "application/offset+octet-stream",
                "Tus-Resumable": "1.0.0",
            },
        )
        assert r.status_code == 204 and int(r.headers["upload-offset"]) == len(payload)
        record = c.get(f"/1/artifacts/{upload['id']}").json()
        assert (
            record["status"] == "ready"
            and record["etag"] == f'"sha256:{hashlib.sha256(payload).hexdigest()}"'
        )
        got = c.get(href)
        assert hashlib.sha256(got.content).digest() == hashlib.sha256(payload).digest()
        # The executing order failed with a message; the queued one ran.
        failed = c.get(f"/1/orders/{sleeper}").json()
        assert (
            failed["status"] == "failed"
            and "stopped while the order was executing" in failed["error-message"]
        )
        for _ in range(500):
            if c.get(f"/1/orders/{queued}").json()["status"] == "succeeded":
                break
            time.sleep(0.01)
        assert c.get(f"/1/orders/{queued}").json()["status"] == "succeeded"
    finally:
        box.stop()
    assert box.proc.returncode == 0


def test_kill_mid_job_then_restart(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    box = Sandbox(data_dir)
    c = box.client
    stats, slow = service_id_for("word-stats"), service_id_for("slow-echo")
    r = c.post(f"/1/services2/{stats}/jobs", json={"text": "kept"}, headers={"Timeout": "30"})
    done = r.headers["IVCAP-Job-Id"]
    # One worker: a long job executes (its log has a line), a short one waits behind it.
    r = c.post(f"/1/services2/{slow}/jobs", json={"seconds": 60}, headers={"Timeout": "0"})
    running = r.json()["job-id"]
    while c.get(f"/1/services2/{slow}/jobs/{running}").json()["status"] != "executing":
        time.sleep(0.01)
    # The log so far (the answer ends once the clock passes `to`, the job still running).
    while (
        "waiting"
        not in c.get(f"/1/orders/{running}/logs", params={"to": int(time.time()) + 1}).text
    ):
        time.sleep(0.01)
    queued = c.post(f"/1/services2/{stats}/jobs", json={"text": "a b c"}).json()["job-id"]
    assert c.get(f"/1/services2/{stats}/jobs/{queued}").json()["status"] == "scheduled"
    box.kill()

    box = Sandbox(data_dir)
    c = box.client
    try:
        assert c.get(f"/1/services2/{stats}/jobs/{done}/output").json()["words"] == 1
        stopped = c.get(f"/1/services2/{slow}/jobs/{running}").json()
        assert stopped["status"] == "error"
        assert "stopped while the job was executing" in stopped["error-message"]
        assert c.get(f"/1/orders/{stopped['order']}").json()["status"] == "error"
        assert c.get(f"/1/orders/{running}/logs").text == "waiting 60 s before echoing\n"
        for _ in range(500):
            if c.get(f"/1/services2/{stats}/jobs/{queued}").json()["status"] == "succeeded":
                break
            time.sleep(0.01)
        assert c.get(f"/1/services2/{stats}/jobs/{queued}/output").json()["words"] == 3
    finally:
        box.stop()
    assert box.proc.returncode == 0
