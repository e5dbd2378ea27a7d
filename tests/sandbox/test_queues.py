"""Queues: create/list/read/delete, enqueue JSON (415, 413 past 1 MiB), dequeue oldest first.

The concurrency tests are the proof that one message never goes to two
dequeuers: many threads dequeue at once, over HTTP and straight from the
store on separate SQLite connections, and every message is seen exactly once.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from conveyor_sandbox import SandboxServer
from conveyor_sandbox._db import Database
from conveyor_sandbox._stores.queues import MAX_MESSAGE_BYTES, QueueStore

from .conftest import checked_client


@pytest.fixture
def c(fresh_server: SandboxServer) -> Iterator[httpx.Client]:
    with checked_client(fresh_server) as client:
        yield client


def create(c: httpx.Client, name: str, **extra: Any) -> str:
    r = c.post("/1/queues", json={"name": name, **extra})
    assert r.status_code == 201, r.text
    queue_id: str = r.json()["id"]
    return queue_id


def enqueue(c: httpx.Client, queue_id: str, content: Any, **params: str) -> str:
    # Not json=: httpx sends no body at all for json=None.
    body = json.dumps(content).encode()
    r = c.post(
        f"/1/queues/{queue_id}/messages",
        content=body,
        params=params,
        headers={"Content-Type": "application/json"},
    )
    assert r.status_code == 200, r.text
    message_id: str = r.json()["id"]
    return message_id


def dequeue(c: httpx.Client, queue_id: str, limit: int | None = None) -> list[dict[str, Any]]:
    params = {} if limit is None else {"limit": str(limit)}
    r = c.get(f"/1/queues/{queue_id}/messages", params=params)
    assert r.status_code == 200, r.text
    messages: list[dict[str, Any]] = r.json()["messages"]
    return messages


def test_create_list_read_delete(c: httpx.Client) -> None:
    r = c.post("/1/queues", json={"name": "sensor-readings", "description": "Buoys."})
    created = r.json()
    assert created["name"] == "sensor-readings" and created["description"] == "Buoys."
    assert created["id"].startswith("urn:ivcap:queue:") and created["account"]
    record = c.get(f"/1/queues/{created['id']}").json()
    assert record["total-messages"] == 0 and record["bytes"] == 0 and "first-time" not in record
    other = create(c, "other")
    listed = c.get("/1/queues", params={"order-desc": "false"}).json()["items"]
    assert [q["name"] for q in listed] == ["sensor-readings", "other"]
    assert listed[0]["href"].endswith(f"/1/queues/{created['id']}")
    only = c.get("/1/queues", params={"filter": "name == 'other'"}).json()["items"]
    assert [q["id"] for q in only] == [other]
    assert c.delete(f"/1/queues/{other}").status_code == 204
    assert c.get(f"/1/queues/{other}").status_code == 404
    assert c.delete(f"/1/queues/{other}").status_code == 404
    assert [q["name"] for q in c.get("/1/queues").json()["items"]] == ["sensor-readings"]


def test_names_are_unique_among_live_queues_and_checked(c: httpx.Client) -> None:
    first = create(c, "jobs")
    r = c.post("/1/queues", json={"name": "jobs"})
    assert r.status_code == 409 and r.json()["id"] == first
    c.delete(f"/1/queues/{first}")
    assert create(c, "jobs") != first  # a deleted queue's name is free again
    for name in ("", "a b", "a.b", "a*", "a>b", "a/b", "a\\b", "tab\there", "x\x7f", "n" * 256, 7):
        r = c.post("/1/queues", json={"name": name})
        assert r.status_code == 422 and r.json()["name"] == "name", (name, r.text)
    r = c.post("/1/queues", json={"name": "ok", "policy": "not a urn"})
    assert r.status_code == 422 and r.json()["name"] == "policy"


def test_messages_come_out_oldest_first_at_most_limit_and_only_once(c: httpx.Client) -> None:
    q = create(c, "q")
    values: list[Any] = [{"n": 0}, [1, 2], "text", 3.5, None, True, {"nested": {"a": [None]}}]
    ids = [enqueue(c, q, v) for v in values]
    record = c.get(f"/1/queues/{q}").json()
    assert record["total-messages"] == len(values)
    assert record["bytes"] == sum(len(json.dumps(v).encode()) for v in values)
    assert record["first-time"] <= record["last-time"]
    first = dequeue(c, q, 3)
    assert [m["id"] for m in first] == ids[:3] and [m["content"] for m in first] == values[:3]
    assert all(m["content-type"] == "application/json" for m in first)
    rest = dequeue(c, q, 50)
    assert [m["content"] for m in rest] == values[3:]
    assert dequeue(c, q) == [] and c.get(f"/1/queues/{q}").json()["total-messages"] == 0


def test_the_schema_is_kept_and_defaults_to_the_contents_own(c: httpx.Client) -> None:
    q = create(c, "q")
    enqueue(c, q, {"celsius": 21.5}, schema="urn:example:schema:reading.1")
    enqueue(c, q, {"$schema": "urn:example:schema:reading.2", "celsius": 20})
    enqueue(c, q, [1])
    got = dequeue(c, q)
    assert [m.get("schema") for m in got] == [
        "urn:example:schema:reading.1",
        "urn:example:schema:reading.2",
        None,
    ]
    for params, content in (
        ({"schema": "has space"}, {}),
        ({"schema": "urn:a:1"}, {"$schema": "urn:b:1"}),
    ):
        r = c.post(f"/1/queues/{q}/messages", json=content, params=params)
        assert r.status_code == 422 and r.json()["name"] == "schema"


def test_a_message_must_be_json_of_at_most_one_mebibyte(c: httpx.Client) -> None:
    q = create(c, "q")
    url = f"/1/queues/{q}/messages"
    for headers in ({"Content-Type": "text/plain"}, {}):
        r = c.post(url, content=b'{"a": 1}', headers=headers)
        assert r.status_code == 415, r.text
    for bad in (b"{nope", b"", b"NaN", b"\xff\xfe"):
        r = c.post(url, content=bad, headers={"Content-Type": "application/json"})
        assert r.status_code == 400, (bad, r.text)
    # Exactly the limit is taken; one byte more is 413, declared or streamed.
    padding = MAX_MESSAGE_BYTES - len(b'{"p":""}')
    exact = json.dumps({"p": "x" * padding}, separators=(",", ":")).encode()
    assert len(exact) == MAX_MESSAGE_BYTES
    r = c.post(url, content=exact, headers={"Content-Type": "application/json"})
    assert r.status_code == 200
    over = exact[:-2] + b'x"}'
    r = c.post(url, content=over, headers={"Content-Type": "application/json"})
    assert r.status_code == 413, r.text

    def streamed() -> Iterator[bytes]:
        yield over[: len(over) // 2]
        yield over[len(over) // 2 :]

    r = c.post(url, content=streamed(), headers={"Content-Type": "application/json"})
    assert r.status_code == 413, r.text
    [kept] = dequeue(c, q)
    assert len(kept["content"]["p"]) == padding


def test_limits_and_deleted_queues(c: httpx.Client) -> None:
    q = create(c, "q")
    for i in range(1005):
        enqueue(c, q, i)
    assert len(dequeue(c, q, 10_000)) == 1000  # a batch has at most 1000 messages
    assert len(dequeue(c, q)) == 5
    r = c.get(f"/1/queues/{q}/messages", params={"limit": "0"})
    assert r.status_code == 422 and r.json()["name"] == "limit"
    enqueue(c, q, "left behind")
    assert c.delete(f"/1/queues/{q}").status_code == 204
    for method in ("GET", "POST"):
        r = c.request(method, f"/1/queues/{q}/messages", json={"late": True})
        assert r.status_code == 404 and r.json()["id"] == q
    unknown = "urn:ivcap:queue:00000000-0000-4000-8000-000000000000"
    assert c.get(f"/1/queues/{unknown}/messages").status_code == 404


def test_concurrent_dequeuers_over_http_never_share_a_message(
    fresh_server: SandboxServer,
) -> None:
    with checked_client(fresh_server) as c:
        q = create(c, "shared")
        sent = {enqueue(c, q, {"n": i}) for i in range(400)}
    threads, barrier = 8, threading.Barrier(8)
    taken: list[list[str]] = [[] for _ in range(threads)]

    def worker(slot: int) -> None:
        with checked_client(fresh_server) as mine:
            barrier.wait()
            while batch := dequeue(mine, q, 7):
                taken[slot] += [m["id"] for m in batch]

    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    everything = [m for ids in taken for m in ids]
    assert len(everything) == len(set(everything)) == len(sent) and set(everything) == sent
    assert sum(1 for ids in taken if ids) > 1  # the work really was shared


def test_concurrent_dequeuers_on_separate_connections_never_share_a_message(
    tmp_path: Path,
) -> None:
    db = Database(tmp_path / "queues.db")
    store = QueueStore(db)
    q = store.create("direct", None, None)["id"]
    for i in range(1000):
        store.enqueue(q, i, None, 1)
    threads, barrier = 12, threading.Barrier(12)
    taken: list[list[int]] = [[] for _ in range(threads)]

    def worker(slot: int) -> None:
        barrier.wait()  # each thread opens its own connection on first use
        while batch := store.dequeue(q, 3).messages:
            taken[slot] += [json.loads(content) for _id, _schema, content in batch]

    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    db.close()
    everything = sorted(n for batch in taken for n in batch)
    assert everything == list(range(1000))
    # Each thread saw its own messages in the order they were enqueued.
    assert all(batch == sorted(batch) for batch in taken)


def test_messages_survive_a_restart(tmp_path: Path) -> None:
    with SandboxServer(data_dir=tmp_path) as server, checked_client(server) as c:
        q = create(c, "durable")
        ids = [enqueue(c, q, {"n": i}) for i in range(5)]
        assert [m["id"] for m in dequeue(c, q, 2)] == ids[:2]
    with SandboxServer(data_dir=tmp_path) as server, checked_client(server) as c:
        assert [item["id"] for item in c.get("/1/queues").json()["items"]] == [q]
        assert [m["content"] for m in dequeue(c, q)] == [{"n": 2}, {"n": 3}, {"n": 4}]
