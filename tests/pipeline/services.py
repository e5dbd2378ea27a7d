"""The services the pipeline tests run on their sandbox, besides the built-ins.

- ``join`` (``left``, ``right``: artifacts; ``pause``: seconds) produces
  ``joined.txt``, the two texts one after the other: a node taking two inputs.
- ``gauge`` (``seconds``) holds a slot of `GAUGE` while it sleeps, so a test
  sees how many orders ran at once.
- ``shout-fail`` (``message``) prints a line, then fails with the message.
- ``total`` (a job: ``{"values": [numbers]}``) answers ``{"total": sum}``: a
  fan-in of results.
"""

from __future__ import annotations

import threading
from typing import Any

from conveyor_sandbox import (
    JobContext,
    OrderContext,
    ParameterSpec,
    ServiceFailure,
    ServiceRegistry,
)


class Gauge:
    """How many ``gauge`` orders run now, and the most that ever ran at once."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.now = 0
        self.most = 0

    def reset(self) -> None:
        with self.lock:
            self.now = self.most = 0


GAUGE = Gauge()


def join(ctx: OrderContext) -> None:
    parts = []
    for name in ("left", "right"):
        with ctx.open_artifact(ctx.params[name]) as raw:
            parts.append(raw.read())
    if ctx.params["pause"]:
        ctx.sleep(ctx.params["pause"])
    ctx.add_product("joined.txt", b"".join(parts), "text/plain")


def gauge(ctx: OrderContext) -> None:
    with GAUGE.lock:
        GAUGE.now += 1
        GAUGE.most = max(GAUGE.most, GAUGE.now)
    try:
        ctx.sleep(ctx.params["seconds"])
    finally:
        with GAUGE.lock:
            GAUGE.now -= 1
    ctx.add_product("gauge.txt", "done", "text/plain")


def shout_fail(ctx: OrderContext) -> None:
    print(f"about to fail: {ctx.params['message']}")
    raise ServiceFailure(ctx.params["message"])


def total(request: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    return {"total": sum(request["values"])}


def registry() -> ServiceRegistry:
    """The built-ins and the test services."""
    reg = ServiceRegistry()
    reg.register(
        join,
        name="join",
        description="Joins two texts.",
        parameters=[
            ParameterSpec("left", "artifact", "The first text."),
            ParameterSpec("right", "artifact", "The second text."),
            ParameterSpec("pause", "float", "Seconds to wait first.", default=0),
        ],
    )
    reg.register(
        gauge,
        name="gauge",
        description="Counts the orders running at once.",
        parameters=[ParameterSpec("seconds", "float", "How long to hold.", default=0.2)],
    )
    reg.register(
        shout_fail,
        name="shout-fail",
        description="Prints, then fails.",
        parameters=[ParameterSpec("message", "string", "Why.", default="no")],
    )
    reg.register_job(
        total,
        name="total",
        description="Adds numbers.",
        request_schema={
            "type": "object",
            "properties": {"values": {"type": "array", "items": {"type": "number"}}},
            "required": ["values"],
            "additionalProperties": False,
        },
    )
    return reg
