"""Issue 17's must-hold: a mixed workload through a TCP fault proxy, against a live sandbox.

Uploads (several tus chunks each), orders placed and waited, lists, gets and
downloads, and add_metadata go through `tcp_faults.FaultProxy`, which breaks
about one request in six: resets before and after the request reached the
sandbox, answers cut after the head or mid-body, stalls past the client's
timeout, request bodies cut half-way, and the gateway's own 503/429 with
``Retry-After``. Three seeds; then one run with the sandbox killed (SIGKILL)
and restarted mid-workload. Afterwards the sandbox's own lists (read directly,
not through the proxy) are compared with what the client believes it made:

- no call failed (the retry budget is 6 per call);
- no orphan or duplicate order, aspect or artifact; no pending record left;
- every upload's content, read back through the proxy, has its sha256;
- every PATCH started where the sandbox said the upload stood: after any
  PATCH whose answer was lost, the SDK asked (``HEAD``) before sending more.

Bounded: about 60-90 s in all on a quiet machine.
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from conveyor import Client, ConveyorError, OrderFailed

from ..fakes import FakeClock
from .tcp_faults import DOWN, FaultProxy

TOKEN = "workload-test-token"
SCHEMA = "urn:example:schema:workload.1"
KiB = 1024
RATE = 0.17
# Few requests are PATCHes or creating POSTs: more of those are broken, so that every
# seed interrupts uploads and loses the answers of creations.
METHOD_RATES = {"PATCH": 0.35, "POST": 0.3}


@dataclass
class Made:
    """What the client believes it made, and what went wrong on its side."""

    uploads: dict[str, str] = field(default_factory=dict)  # artifact id -> sha256
    orders: set[str] = field(default_factory=set)
    aspects: set[str] = field(default_factory=set)
    failures: list[str] = field(default_factory=list)
    casualties: list[str] = field(default_factory=list)  # orders the SIGKILL interrupted
    mismatches: list[str] = field(default_factory=list)
    calls: int = 0


def workload(client: Client, rng: random.Random, tmp: Path, made: Made, scale: int) -> None:
    """A shuffled mix of uploads, orders, reads, downloads and metadata (``scale`` of each)."""
    ops = ["upload"] * scale + ["order"] * scale + ["meta"] * scale + ["read"] * (4 * scale)
    rng.shuffle(ops)
    ops.insert(0, "upload")  # something to read, order on and annotate from the start
    uploaded: list[Any] = []
    for n, op in enumerate(ops):
        made.calls += 1
        try:
            if op == "upload" or not uploaded:
                words = b" ".join(rng.choice([b"cat", b"mat", b"sat", b"the"]) for _ in range(64))
                data = words + b"\n" + os.urandom(rng.randint(64 * KiB, 900 * KiB))
                path = tmp / f"upload-{n}.txt"
                path.write_bytes(data)
                artifact = client.artifacts.upload(path, chunk_size=256 * KiB)
                made.uploads[artifact.id] = hashlib.sha256(data).hexdigest()
                uploaded.append(artifact)
            elif op == "order":
                if rng.random() < 0.7:
                    service = client.services.get_by_name("hello")
                    order = service.place_order(message=f"n{n}")
                else:
                    service = client.services.get_by_name("word-count")
                    order = service.place_order(text=rng.choice(uploaded))
                made.orders.add(order.id)
                try:
                    order.wait(timeout=120)
                except OrderFailed as exc:
                    made.casualties.append(f"{order.id}: {exc}")
            elif op == "meta":
                aspect = rng.choice(uploaded).add_metadata({"$schema": SCHEMA, "n": n})
                made.aspects.add(aspect.id)
            else:
                kind = rng.randrange(5)
                if kind == 0:
                    assert len(list(client.services.list())) >= 3
                elif kind == 1:
                    list(client.artifacts.list(limit=5))
                elif kind == 2:
                    for order in list(client.orders.list(limit=3)):
                        client.orders.get(order.id)
                elif kind == 3:
                    client.artifacts.get(rng.choice(uploaded).id).refresh()
                else:
                    artifact = rng.choice(uploaded)
                    digest = hashlib.sha256(b"".join(artifact.iter_bytes())).hexdigest()
                    if digest != made.uploads[artifact.id]:
                        made.mismatches.append(artifact.id)
        except ConveyorError as exc:
            made.failures.append(f"{op} #{n}: {type(exc).__name__}: {exc}")


def every(http: httpx.Client, path: str, **params: str) -> list[dict[str, Any]]:
    """Every item of a listing, read from the sandbox directly."""
    items: list[dict[str, Any]] = []
    query: dict[str, str | int] = {"limit": 50, **params}
    while True:
        answer = http.get(path, params=query)
        answer.raise_for_status()
        page = answer.json()
        items += page["items"]
        nexts = [link["href"] for link in page.get("links", []) if link["rel"] == "next"]
        if not nexts:
            return items
        query = {"limit": 50, "page": httpx.URL(nexts[0]).params["page"]}


def summary(proxy: FaultProxy, made: Made, interrupted: int) -> str:
    """One line of numbers for the run's output (``pytest -s``)."""
    kinds: dict[str, int] = {}
    for exchange in proxy.faults():
        kinds[exchange.fault or ""] = kinds.get(exchange.fault or "", 0) + 1
    return (
        f"{len(proxy.log)} requests, {len(proxy.faults())} broken {dict(sorted(kinds.items()))}; "
        f"{made.calls} calls, {len(made.failures)} failed; {len(made.uploads)} uploads "
        f"({interrupted} PATCHes interrupted), {len(made.orders)} orders, "
        f"{len(made.aspects)} aspects; {len(made.mismatches)} sha256 mismatches"
    )


def check_server(url: str, made: Made) -> None:
    """The sandbox holds exactly what the client made: no orphan, duplicate or pending record."""
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {TOKEN}"}) as http:
        orders = [o["id"] for o in every(http, "/1/orders")]
        assert len(orders) == len(set(orders)) and set(orders) == made.orders
        aspects = [a["id"] for a in every(http, "/1/aspects", schema=SCHEMA)]
        assert sorted(aspects) == sorted(made.aspects)
        products = {
            p["id"] for order in made.orders for p in every(http, f"/1/orders/{order}/products")
        }
        artifacts = every(http, "/1/artifacts")
        assert {a["id"] for a in artifacts} == set(made.uploads) | products
        pending = [a["id"] for a in artifacts if a["status"] != "ready"]
        assert pending == []
        for artifact_id, digest in made.uploads.items():
            record = http.get(f"/1/artifacts/{artifact_id}").json()
            assert digest in record["etag"], artifact_id


def check_resumes(proxy: FaultProxy) -> int:
    """Every PATCH started at the offset the sandbox last confirmed; returns the interrupted ones.

    Once a HEAD or PATCH of an upload lost its answer, the client cannot know
    where the sandbox stands: its next PATCH must follow a HEAD whose answer
    it got, and start at that offset (a wrong one would be a 409).
    """
    known: dict[str, int | None] = {}
    interrupted = 0
    for exchange in proxy.log:
        if not exchange.path.endswith("/blob") or exchange.method not in ("HEAD", "PATCH"):
            continue
        if exchange.method == "PATCH":
            sent = int(exchange.headers["upload-offset"])
            expected = known.get(exchange.path, 0)
            assert expected is not None, f"a PATCH at {sent} without asking the offset first"
            assert sent == expected, f"a PATCH at {sent}; the sandbox had confirmed {expected}"
            assert exchange.status != 409, "a PATCH at the wrong offset"
            interrupted += exchange.fault is not None
        if exchange.fault in ("503", "429", DOWN):
            continue  # refused by the gateway: the sandbox never saw it
        offset = exchange.answer_headers.get("upload-offset")
        # HEAD and PATCH answers have no body: a cut after the head still delivers them.
        if exchange.fault in (None, "cut-head", "cut-body") and offset is not None:
            known[exchange.path] = int(offset)
        else:
            known[exchange.path] = None
    return interrupted


def faulty_client(proxy: FaultProxy, cache: Path, clock: FakeClock) -> Client:
    return Client(
        proxy.url,
        token=TOKEN,
        timeout=httpx.Timeout(2.0, connect=2.0),
        retries=6,
        clock=clock,
        cache_dir=cache,
        poll_interval=0.05,
    )


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_mixed_workload_through_faults_leaves_no_failure_orphan_or_duplicate(
    seed: int, tmp_path: Path
) -> None:
    from conveyor_sandbox import SandboxServer

    made = Made()
    with SandboxServer(token=TOKEN) as server:
        server.start()
        upstream = httpx.URL(server.url)
        proxy = FaultProxy(
            (upstream.host, upstream.port or 80),
            seed=seed,
            rate=RATE,
            method_rates=METHOD_RATES,
            stall=2.5,
            max_stalls=3,
        )
        try:
            with faulty_client(proxy, tmp_path / "cache", FakeClock(real_sleep=0.05)) as client:
                workload(client, random.Random(seed), tmp_path, made, scale=8)
        finally:
            proxy.close()
        assert made.failures == [] and made.casualties == [] and made.mismatches == []
        check_server(server.url, made)
    faults = proxy.faults()
    assert len(faults) >= 0.1 * len(proxy.log), "the proxy broke too little to prove anything"
    assert {f.fault for f in faults} >= {"reset-before", "reset-after", "cut-body", "503"}
    interrupted = check_resumes(proxy)
    print(f"seed {seed}: {summary(proxy, made, interrupted)}")
    assert interrupted > 0, "no upload was interrupted"
    lost = ("reset-after", "stall", "cut-head", "cut-body", "cut-request")
    assert any(f.method == "POST" and f.fault in lost for f in faults), "no creation was lost"


class Sandbox:
    """``python -m conveyor_sandbox`` in a child process, to be killed with SIGKILL."""

    def __init__(self, data_dir: Path, port: int = 0) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        command = [sys.executable, "-m", "conveyor_sandbox", "--port", str(port)]
        command += ["--data-dir", str(data_dir), "--token", TOKEN]
        self.proc = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env
        )
        assert self.proc.stdout is not None
        line, deadline = "", time.monotonic() + 30
        while "serving at" not in line:
            line = self.proc.stdout.readline()
            assert line or self.proc.poll() is None, "the sandbox exited early"
            assert time.monotonic() < deadline, "the sandbox did not start"
        self.url = line.rsplit(" ", 1)[1].strip()
        self.port = httpx.URL(self.url).port
        # Keep reading its output, so it never blocks on a full pipe.
        threading.Thread(target=self.proc.stdout.read, daemon=True).start()

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(20)


@pytest.fixture
def child_sandbox(tmp_path: Path) -> Iterator[list[Sandbox]]:
    boxes = [Sandbox(tmp_path / "data")]
    try:
        yield boxes
    finally:
        for box in boxes:
            box.stop()


def test_the_workload_survives_the_sandbox_killed_and_restarted(
    tmp_path: Path, child_sandbox: list[Sandbox]
) -> None:
    box = child_sandbox[0]
    proxy = FaultProxy(
        ("127.0.0.1", box.port),
        seed=3,
        rate=0.08,
        method_rates={"PATCH": 0.2, "POST": 0.1},
        stall=2.5,
        max_stalls=1,
    )
    made = Made()

    window: list[float] = []

    def kill_and_restart() -> None:
        while made.calls < 12:  # mid-workload
            time.sleep(0.05)
        window.append(time.monotonic())
        box.kill()
        time.sleep(1.5)  # down for longer than any single wait of the client's
        child_sandbox.append(Sandbox(tmp_path / "data", port=box.port))
        window.append(time.monotonic())

    killer = threading.Thread(target=kill_and_restart, daemon=True)
    killer.start()
    try:
        # Real waits of up to a second: the restart takes about that long.
        with faulty_client(proxy, tmp_path / "cache", FakeClock(real_sleep=1.0)) as client:
            workload(client, random.Random(3), tmp_path, made, scale=5)
    finally:
        killer.join(60)
        proxy.close()
    assert len(child_sandbox) == 2, "the sandbox was not restarted"
    assert any(e.fault == DOWN for e in proxy.log), "no request met the sandbox down"
    assert any(e.at > window[1] for e in proxy.log), "the workload ended before the restart"
    assert made.failures == [] and made.mismatches == []
    # An order that was running when the sandbox died is failed on restart, by design.
    assert all("sandbox stopped" in casualty for casualty in made.casualties)
    check_server(child_sandbox[1].url, made)
    print(
        f"kill -9: {summary(proxy, made, check_resumes(proxy))}, {len(made.casualties)} casualties"
    )


def test_the_sandboxs_own_503_retry_after_on_placing_an_order_is_waited_and_retried(
    tmp_path: Path,
) -> None:
    # Issue 18: a full order queue answers 503 Retry-After: 5 before recording anything.
    from conveyor_sandbox import SandboxServer
    from conveyor_sandbox._runner import MAX_QUEUED

    with SandboxServer(token=TOKEN) as server:
        server.start()
        runner = server.runner

        class QueueDrains(FakeClock):
            def sleep(self, seconds: float) -> None:
                with runner._lock:
                    runner._queued -= MAX_QUEUED  # the queue drained while we waited
                super().sleep(seconds)

        clock = QueueDrains()
        with Client(server.url, token=TOKEN, clock=clock, cache_dir=tmp_path) as client:
            hello = client.services.get_by_name("hello")
            with runner._lock:
                runner._queued += MAX_QUEUED
            order = hello.place_order(message="after the queue drained")
            assert order.wait(timeout=60).status == "succeeded"
        assert clock.sleeps[0] == 5.0
        with httpx.Client(
            base_url=server.url, headers={"Authorization": f"Bearer {TOKEN}"}
        ) as http:
            assert [o["id"] for o in every(http, "/1/orders")] == [order.id]
