"""What must hold, live against the sandbox: no order placed twice, whatever happens.

- The 20-node diamond pipeline, its driver process killed with SIGKILL at
  random points 20 times and resumed each time: every node's order placed
  exactly once, and the products identical to those of an uninterrupted run.
- The sandbox restarted while a pipeline runs: resume completes it, and no
  node has two orders that count (an order the restart failed is placed
  again; it is never placed twice alive).
- A fault proxy resetting connections (after the platform processed the
  request) and answering 503: no duplicate orders.

Nothing here asserts a duration: kills land after a random number of journal
events, and a restart after a number of events.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from conveyor import Client, PipelineFailed
from conveyor.pipeline import Pipeline

from ..fakes import FakeClock
from ..sdk.faults import Fault, FaultTransport
from .conftest import REAL_SLEEP, TOKEN, unique
from .driver import diamond
from .services import registry

DRIVER = Path(__file__).with_name("driver.py")
KILLS = 20
RESTART_MESSAGE = "the sandbox stopped while"  # the order was executing, or its service ran


def orders_by_node(client: Client, pipeline: str) -> dict[str, list[Any]]:
    """Every order named ``<pipeline>/<node>``, by node, with full records."""
    found: dict[str, list[Any]] = {}
    for item in client.orders.list(filter=f"name ~= '{pipeline}/%'"):
        found.setdefault(item.name.split("/", 1)[1], []).append(client.orders.get(item.id))
    return found


def product_digests(client: Client, run: Any) -> dict[str, str]:
    """The sha256 of each node's first product (or of an upload's artifact)."""
    digests = {}
    for name, node in run.nodes.items():
        urn = node.products[0][0] if node.products else node.urn
        artifact = client.artifacts.get(urn)
        digests[name] = hashlib.sha256(b"".join(artifact.iter_bytes())).hexdigest()
    return digests


def the_text(tmp_path: Path) -> Path:
    text = tmp_path / "source.txt"
    text.write_text(
        "".join(f"line {i}: the quick brown fox jumps over the lazy dog\n" for i in range(40))
    )
    return text


def test_sigkill_twenty_times_then_resume_places_each_order_once(
    server: Any, client: Client, tmp_path: Path
) -> None:
    text = the_text(tmp_path)
    name = unique("sigkill")
    journals, cache = tmp_path / "driver-journals", tmp_path / "driver-cache"
    base = [
        sys.executable,
        str(DRIVER),
        server.url,
        TOKEN,
        str(journals),
        str(cache),
        name,
        str(text),
    ]
    rng = random.Random(20240501)
    run_id: str | None = None
    kills = 0
    while kills < KILLS:
        driver = subprocess.Popen(
            [*base, *([run_id] if run_id else [])],
            stdout=subprocess.PIPE,
            text=True,
            env=os.environ,
        )
        assert driver.stdout is not None
        after = rng.randint(1, 4)  # journal events to let through before the kill
        for seen, line in enumerate(driver.stdout, 1):
            event = json.loads(line)
            if event["e"] == "start":
                run_id = event["run"]
            if event["e"] in ("end", "exit") or seen >= after:
                break
        assert driver.poll() is None, "the pipeline finished before it was killed"
        driver.send_signal(signal.SIGKILL)
        driver.wait()
        kills += 1
    assert run_id is not None
    done = subprocess.run(
        [*base, run_id], capture_output=True, text=True, env=os.environ, timeout=300
    )
    assert done.returncode == 0, done.stderr
    final = Pipeline(name, client=client, journal_dir=journals)
    diamond(final, text)
    [run] = [r for r in final.runs() if r.id == run_id]
    assert run.status == "succeeded" and len(run.nodes) == 20
    # Each node's order was placed exactly once, and none failed.
    placed = orders_by_node(client, name)
    assert sorted(placed) == sorted(n for n in run.nodes if n != "source")
    assert {node: len(orders) for node, orders in placed.items()} == {node: 1 for node in placed}
    assert all(orders[0].status == "succeeded" for orders in placed.values())
    # The same pipeline, uninterrupted (another name: nothing of the first is reused).
    fresh = Pipeline(unique("uninterrupted"), client=client)
    diamond(fresh, text)
    clean = fresh.run(max_parallel=3)
    assert product_digests(client, run) == product_digests(client, clean)


def test_a_sandbox_restarted_mid_run_then_resumed_duplicates_nothing(tmp_path: Path) -> None:
    from conveyor_sandbox import SandboxServer

    text = the_text(tmp_path)
    data = tmp_path / "sandbox"
    first = SandboxServer(data_dir=data, token=TOKEN, registry=registry(), workers=4).start()
    port = first.port
    name = unique("restart")
    with Client(
        first.url, token=TOKEN, clock=FakeClock(real_sleep=REAL_SLEEP), cache_dir=tmp_path / "c"
    ) as client:
        p = Pipeline(name, client=client, journal_dir=tmp_path / "journals")
        diamond(p, text)
        halfway = threading.Event()
        count = Counter[str]()

        def watch(event: dict[str, Any]) -> None:
            count[event["e"]] += 1
            if count["submitted"] == 8:
                halfway.set()

        outcome: dict[str, Any] = {}

        def drive() -> None:
            try:
                outcome["run"] = p.run(max_parallel=3, on_event=watch)
            except PipelineFailed as failed:
                outcome["run"] = failed.run

        thread = threading.Thread(target=drive)
        thread.start()
        assert halfway.wait(120)
        first.stop()  # mid-run: orders executing now fail, queued ones wait for the restart
        second = SandboxServer(
            data_dir=data, token=TOKEN, port=port, registry=registry(), workers=4
        ).start()
        try:
            thread.join(300)
            interrupted = outcome["run"]
            resumed = p.resume(interrupted.id, max_parallel=3)
            assert resumed.status == "succeeded"
            placed = orders_by_node(client, name)
            assert sorted(placed) == sorted(n for n in resumed.nodes if n != "source")
            for node, orders in placed.items():
                alive = [o for o in orders if o.status not in ("failed", "error")]
                assert len(alive) == 1, (node, [(o.id, o.status) for o in orders])
                assert alive[0].id == resumed[node].urn
                for dead in orders:
                    if dead is not alive[0]:
                        assert RESTART_MESSAGE in (dead.error_message or ""), dead.error_message
        finally:
            second.stop()


@pytest.mark.parametrize("seed", [1, 2])
def test_resets_and_503s_from_a_fault_proxy_duplicate_no_order(
    server: Any, tmp_path: Path, seed: int
) -> None:
    text = the_text(tmp_path)
    rng = random.Random(seed)
    faults = [
        # Placing orders: processed, then the connection drops before the answer...
        Fault("POST", r"^/1/orders$", "lost-answer", times=3, skip=rng.randint(0, 3)),
        # ... or answered 503 by the proxy without reaching the platform ...
        Fault("POST", r"^/1/orders$", "status", times=3, status=503, skip=rng.randint(0, 3)),
        # ... or refused outright.
        Fault("POST", r"^/1/orders$", "connect", times=2, skip=rng.randint(0, 5)),
        # Reading them back: 503s and resets too.
        Fault("GET", r"^/1/orders/", "status", times=6, status=503, skip=rng.randint(0, 9)),
        Fault("GET", r"^/1/orders/", "lost-answer", times=4, skip=rng.randint(0, 9)),
        Fault("GET", r"^/1/orders$", "status", times=2, status=503),
        # The journal's snapshot on the platform.
        Fault("PUT", r"^/1/aspects", "lost-answer", times=2, skip=1),
        Fault("PUT", r"^/1/aspects", "status", times=2, status=503, skip=2),
    ]
    transport = FaultTransport(*faults)
    name = unique("faults")
    with Client(
        server.url,
        token=TOKEN,
        transport=transport,
        clock=FakeClock(real_sleep=REAL_SLEEP),
        cache_dir=tmp_path / "cache",
    ) as client:
        p = Pipeline(name, client=client, journal_dir=tmp_path / "journals")
        diamond(p, text)
        run = p.run(max_parallel=3)
        assert run.status == "succeeded"
        assert {"lost-answer", "status", "connect"} <= set(transport.injected)
        placed = orders_by_node(client, name)
        assert {node: len(orders) for node, orders in placed.items()} == {
            node: 1 for node in run.nodes if node != "source"
        }
        again = p.run()
        assert again.status == "unchanged" and again.submitted == 0
