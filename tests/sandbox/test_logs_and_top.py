"""What orders and jobs print (``/1/orders/{id}/logs``), run on (``/top``) and have (``/metadata``).

The streaming tests hold the service on an event until the test has read a
line from the open log answer: the line must have arrived while the run was
still going. How fast lines arrive is measured in the benchmarks, not here.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from conveyor_sandbox import (
    JobContext,
    OrderContext,
    ParameterSpec,
    SandboxServer,
    ServiceRegistry,
    service_id_for,
)

from .conftest import checked_client

GATES: dict[str, threading.Event] = {}
#: Makes two services take turns, so their lines interleave in time.
TURNS = threading.Barrier(2, timeout=30)


def gate(name: str) -> threading.Event:
    return GATES.setdefault(name, threading.Event())


def build_registry() -> ServiceRegistry:
    reg = ServiceRegistry()

    @reg.job_service("talk", request_schema={"type": "object"})
    def talk(request: dict[str, Any], ctx: JobContext) -> Any:
        print("first line")
        assert gate(request["gate"]).wait(30), "the test never opened the gate"
        print("second", "line")
        return {}

    @reg.job_service("burn", request_schema={"type": "object"})
    def burn(request: dict[str, Any], ctx: JobContext) -> Any:
        start = time.thread_time()
        while time.thread_time() - start < 0.2:
            pass
        print("burnt")
        assert gate(request["gate"]).wait(30)
        return {}

    @reg.service("chatty", parameters=[ParameterSpec("who", "string")])
    def chatty(ctx: OrderContext) -> None:
        print("printed", ctx.params["who"])
        ctx.log("logged", 42)
        ctx.logger.info("through the logger")
        ctx.logger.debug("below the logger's level")
        print("partial ", end="")
        print("line", end="")

    @reg.service("turns", parameters=[ParameterSpec("who", "string")])
    def turns(ctx: OrderContext) -> None:
        for i in range(5):
            TURNS.wait()
            print(f"{ctx.params['who']} {i}")

    @reg.job_service("crash", request_schema={})
    def crash(request: Any, ctx: JobContext) -> Any:
        print("about to divide")
        return 1 // 0

    return reg


@pytest.fixture(scope="module")
def custom() -> Iterator[SandboxServer]:
    with SandboxServer(registry=build_registry(), workers=4) as s:
        yield s


@pytest.fixture
def c(custom: SandboxServer) -> Iterator[httpx.Client]:
    with checked_client(custom) as client:
        yield client


@pytest.fixture
def raw(custom: SandboxServer) -> Iterator[httpx.Client]:
    """A client that leaves streamed answers streaming (the contract check reads them whole)."""
    headers = {"Authorization": f"Bearer {custom.token}"}
    with httpx.Client(base_url=custom.url, headers=headers, timeout=30) as client:
        yield client


def start_job(c: httpx.Client, name: str, body: Any) -> str:
    r = c.post(f"/1/services2/{service_id_for(name)}/jobs", json=body, headers={"Timeout": "0"})
    assert r.status_code == 202, r.text
    job_id: str = r.json()["job-id"]
    return job_id


def place(c: httpx.Client, name: str, **params: str) -> str:
    body = {
        "service": service_id_for(name),
        "parameters": [{"name": k, "value": v} for k, v in params.items()],
    }
    r = c.post("/1/orders", json=body)
    assert r.status_code == 200, r.text
    order_id: str = r.json()["id"]
    return order_id


def status(c: httpx.Client, job_id: str) -> str:
    url = f"/1/services2/{service_id_for('talk')}/jobs/{job_id}"
    value: str = c.get(url).json()["status"]
    return value


def test_a_line_reaches_a_reader_while_the_job_runs(
    c: httpx.Client, raw: httpx.Client, custom: SandboxServer
) -> None:
    job_id = start_job(c, "talk", {"gate": "stream"})
    with raw.stream("GET", f"/1/orders/{job_id}/logs") as r:
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/plain")
        lines = r.iter_lines()
        assert next(lines) == "first line"
        # Read while the service still waits for the gate: the answer streams.
        assert status(c, job_id) == "executing"
        gate("stream").set()
        assert list(lines) == ["second line"]  # and the answer ends with the job
    assert custom.wait_for_order(job_id) == "succeeded"
    # Read again later, the log is the same, at once.
    assert raw.get(f"/1/orders/{job_id}/logs").text == "first line\nsecond line\n"


def test_what_an_order_prints_and_logs_is_its_log(
    c: httpx.Client, raw: httpx.Client, custom: SandboxServer
) -> None:
    order_id = place(c, "chatty", who="me")
    assert custom.wait_for_order(order_id) == "succeeded"
    r = c.get(f"/1/orders/{order_id}/logs")
    assert r.text.splitlines() == [
        "printed me",
        "logged 42",
        "INFO service.chatty: through the logger",
        "partial line",  # a line left open is written when the run ends
    ]


def test_concurrent_runs_keep_their_own_lines(c: httpx.Client, custom: SandboxServer) -> None:
    first, second = place(c, "turns", who="left"), place(c, "turns", who="right")
    assert custom.wait_for_order(first) == custom.wait_for_order(second) == "succeeded"
    assert c.get(f"/1/orders/{first}/logs").text == "".join(f"left {i}\n" for i in range(5))
    assert c.get(f"/1/orders/{second}/logs").text == "".join(f"right {i}\n" for i in range(5))


def test_a_crash_leaves_its_traceback_in_the_log(c: httpx.Client, custom: SandboxServer) -> None:
    job_id = start_job(c, "crash", {})
    assert custom.wait_for_order(job_id) == "error"
    text = c.get(f"/1/orders/{job_id}/logs").text
    assert text.startswith("about to divide\nTraceback (most recent call last):\n")
    assert text.rstrip().endswith("ZeroDivisionError: integer division or modulo by zero")


def test_the_order_placed_for_a_job_shows_the_job_s_log(
    c: httpx.Client, custom: SandboxServer
) -> None:
    gate("own-order").set()
    job_id = start_job(c, "talk", {"gate": "own-order"})
    assert custom.wait_for_order(job_id) == "succeeded"
    job = c.get(f"/1/services2/{service_id_for('talk')}/jobs/{job_id}").json()
    assert c.get(f"/1/orders/{job['order']}/logs").text == "first line\nsecond line\n"


def test_from_and_to_keep_lines_written_in_that_window(
    c: httpx.Client, custom: SandboxServer
) -> None:
    order_id = place(c, "chatty", who="window")
    custom.wait_for_order(order_id)
    url = f"/1/orders/{order_id}/logs"
    now = int(time.time())
    assert len(c.get(url, params={"from": now - 60}).text.splitlines()) == 4
    assert c.get(url, params={"from": now + 60}).text == ""
    assert c.get(url, params={"to": now - 60}).text == ""
    assert len(c.get(url, params={"from": now - 60, "to": now + 60}).text.splitlines()) == 4
    for bad in ("soon", "1.5", "99999999999999999999"):
        r = c.get(url, params={"from": bad})
        assert r.status_code == 422 and r.json()["name"] == "from"


def test_a_stream_of_a_running_job_ends_once_to_has_passed(
    c: httpx.Client, raw: httpx.Client, custom: SandboxServer
) -> None:
    job_id = start_job(c, "talk", {"gate": "past"})
    try:
        # Every line written before `to` is sent, and no later line could be: the answer ends.
        r = raw.get(f"/1/orders/{job_id}/logs", params={"to": int(time.time()) - 1})
        assert r.text == "" and status(c, job_id) == "executing"
    finally:
        gate("past").set()
    assert custom.wait_for_order(job_id) == "succeeded"


def test_logs_of_unknown_runs(c: httpx.Client) -> None:
    for missing in (
        "urn:ivcap:order:00000000-0000-4000-8000-000000000000",
        "urn:ivcap:job:00000000-0000-4000-8000-000000000000",
        "urn:example:thing:1",
    ):
        for what in ("logs", "top", "metadata"):
            r = c.get(f"/1/orders/{missing}/{what}")
            assert r.status_code == 404 and r.json()["id"] == missing
    assert c.get("/1/orders/not-a-urn/logs").status_code == 400


def test_top_shows_the_worker_while_it_runs(
    c: httpx.Client, raw: httpx.Client, custom: SandboxServer
) -> None:
    job_id = start_job(c, "burn", {"gate": "top"})
    with raw.stream("GET", f"/1/orders/{job_id}/logs") as r:
        lines = r.iter_lines()
        assert next(lines) == "burnt"  # it has used CPU and now waits
        [entry] = c.get(f"/1/orders/{job_id}/top").json()
        assert re.fullmatch(r"burn@worker_\d+", entry["container"])
        assert re.fullmatch(r"[1-9]\d*%", entry["cpu"]), entry
        assert re.fullmatch(r"[1-9]\d*Mi", entry["memory"]), entry
        assert entry["storage"] == "1Mi" and entry["ephemeral-storage"] == "0Mi"
        job = c.get(f"/1/services2/{service_id_for('burn')}/jobs/{job_id}").json()
        [via_order] = c.get(f"/1/orders/{job['order']}/top").json()
        assert via_order["container"] == entry["container"]
        gate("top").set()
        list(lines)
    assert custom.wait_for_order(job_id) == "succeeded"
    assert c.get(f"/1/orders/{job_id}/top").json() == []


def test_metadata_pages_the_aspects_about_an_order(c: httpx.Client, custom: SandboxServer) -> None:
    order_id = place(c, "chatty", who="meta")
    custom.wait_for_order(order_id)
    for i in range(2):
        r = c.post(
            "/1/aspects",
            params={"entity": order_id, "schema": f"urn:example:schema:note.{i}"},
            json={"i": i},
        )
        assert r.status_code == 200
    url = f"/1/orders/{order_id}/metadata"
    everything = c.get(url).json()["items"]
    assert [i["schema"] for i in everything] == [
        "urn:example:schema:note.1",
        "urn:example:schema:note.0",
        "urn:conveyor:schema:order.provenance.1",
    ]
    for item in everything:
        assert set(item) == {"id", "schema", "href", "content-type"}
        assert item["href"] == f"{c.base_url}/1/aspects/{item['id']}"
        assert c.get(item["href"]).json()["entity"] == order_id
    got: list[str] = []
    page = c.get(url, params={"limit": 1, "order-desc": "false"}).json()
    while True:
        got += [i["id"] for i in page["items"]]
        nxt = [lk["href"] for lk in page["links"] if lk["rel"] == "next"]
        if not nxt:
            break
        page = c.get(nxt[0]).json()
    assert got == [i["id"] for i in everything][::-1]
    # A job's metadata: its record and its result.
    gate("meta").set()
    job_id = start_job(c, "talk", {"gate": "meta"})
    custom.wait_for_order(job_id)
    schemas = {i["schema"] for i in c.get(f"/1/orders/{job_id}/metadata").json()["items"]}
    assert schemas == {"urn:ivcap:schema.job.2", "urn:ivcap:schema.job-result.1"}
