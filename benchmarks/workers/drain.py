"""Worker: drain a queue of N JSON messages in batches; CPU time per message.

Usage: ``python drain.py {conveyor,httpx} [--total N] [--batch N] [--batches N]``.

Both clients talk to the same ``httpx.MockTransport``, which serves the
dequeue answers (``GET /1/queues/{id}/messages?limit=B``) from pre-encoded
bodies shaped as the sandbox writes them (``{"messages": [{"id",
"content-type", "schema", "content"}], "at-time"}``), then an empty batch:
the difference is what each client adds on top of HTTP, as in rows 2 and 3.
Conveyor iterates ``queue.drain(batch=B)`` reading each message's
``content``; the baseline loops raw GETs with ``json.loads`` until a batch
comes back empty, reading each message's ``content``. Prints the median CPU
time per message (``seconds``) and wall time (``wall_seconds``) over
``--batches`` full drains.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any

import _common as c
import httpx

QUEUE = "urn:ivcap:queue:3c2b1a09-8f7e-4d6c-9b5a-493827161504"
MESSAGES_PATH = f"/1/queues/{QUEUE}/messages"
SCHEMA = "urn:example:schema:reading.1"


def batches(total: int, size: int) -> list[bytes]:
    """The encoded dequeue answers: ``total`` messages, ``size`` per answer."""
    bodies = []
    for start in range(0, total, size):
        messages = [
            {
                "id": f"urn:ivcap:message:00000000-0000-4000-8000-{n:012d}",
                "content-type": "application/json",
                "schema": SCHEMA,
                "content": {
                    "$schema": SCHEMA,
                    "sensor": f"s-{n % 17}",
                    "celsius": 20 + (n % 50) / 10,
                    "at": "2026-11-01T09:30:40Z",
                },
            }
            for n in range(start, min(start + size, total))
        ]
        bodies.append(
            json.dumps({"messages": messages, "at-time": "2026-11-01T10:00:00Z"}).encode()
        )
    return bodies


class Dequeues:
    """A MockTransport handler handing out the batches in order, then empty ones."""

    def __init__(self, total: int, size: int) -> None:
        self.bodies = batches(total, size)
        self.empty = json.dumps({"messages": [], "at-time": "2026-11-01T10:00:00Z"}).encode()
        self.record = json.dumps(
            {
                "id": QUEUE,
                "name": "sensor-readings",
                "description": "benchmark queue",
                "created-at": "2026-11-01T09:00:00Z",
                "total-messages": total,
                "bytes": sum(len(b) for b in self.bodies),
                "consumer-count": 0,
            }
        ).encode()
        self.size = size
        self.next = 0

    def rewind(self) -> None:
        """Fill the queue again (before each drain)."""
        self.next = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        headers = {"content-type": "application/json"}
        if request.url.path == MESSAGES_PATH:
            if int(request.url.params.get("limit", "10")) != self.size:
                raise AssertionError(f"asked for {request.url.params.get('limit')} messages")
            if self.next >= len(self.bodies):
                return httpx.Response(200, content=self.empty, headers=headers)
            body = self.bodies[self.next]
            self.next += 1
            return httpx.Response(200, content=body, headers=headers)
        if request.url.path == f"/1/queues/{QUEUE}":
            return httpx.Response(200, content=self.record, headers=headers)
        return httpx.Response(404, content=b'{"message": "not here"}', headers=headers)


def drain_op(impl: str, total: int, size: int) -> Callable[[], int]:
    """A callable draining the whole queue once; it returns the messages read."""
    handler = Dequeues(total, size)
    transport = httpx.MockTransport(handler)
    if impl == "httpx":
        client = httpx.Client(
            base_url=c.BASE_URL,
            transport=transport,
            headers={"Authorization": f"Bearer {c.TOKEN}"},
        )

        def raw() -> int:
            handler.rewind()
            count = 0
            while True:
                response = client.get(MESSAGES_PATH, params={"limit": size})
                response.raise_for_status()
                messages = json.loads(response.content)["messages"]
                if not messages:
                    return count
                for message in messages:
                    count += message["content"] is not None

        return raw
    try:
        from conveyor import Client
    except ImportError as exc:
        c.unavailable(f"conveyor.Client missing ({exc})")
    conveyor: Any = Client(url=c.BASE_URL, token=c.TOKEN, transport=transport)
    queues = getattr(conveyor, "queues", None)
    if queues is None:
        c.unavailable("conveyor Client.queues missing")
    queue = queues.get(QUEUE)
    if not hasattr(queue, "drain"):
        c.unavailable("conveyor Queue.drain missing")

    def op() -> int:
        handler.rewind()
        return sum(m.content is not None for m in queue.drain(batch=size))

    return op


def main() -> None:
    """Parse arguments, run the measurement, print the JSON result."""
    parser = argparse.ArgumentParser()
    parser.add_argument("impl", choices=["conveyor", "httpx"])
    parser.add_argument("--total", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--batches", type=int, default=9)
    args = parser.parse_args()
    try:
        op = drain_op(args.impl, args.total, args.batch)
        got = op()  # warm-up, and proof that every message arrives
        if got != args.total:
            c.emit({"ok": False, "error": f"drained {got} messages, expected {args.total}"})
            return
        cpu, wall = c.time_per_op(op, calls=1, batches=args.batches, warmup=0)
    except (AttributeError, NotImplementedError) as exc:
        c.unavailable(f"{type(exc).__name__}: {exc}")
    except Exception as exc:
        c.emit({"ok": False, "error": f"{type(exc).__name__}: {exc}"})
        return
    c.emit(
        {
            "ok": True,
            "seconds": cpu / args.total,
            "wall_seconds": wall / args.total,
            "drain_seconds": cpu,
        }
    )


if __name__ == "__main__":
    main()
