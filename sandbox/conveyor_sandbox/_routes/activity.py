"""``/1/orders/{id}/logs``, ``/top`` and ``/metadata``: what an order (or a job) does and did.

Each answers for an order's URN and, as IVCAP does, for a job's URN too. An
order placed for a job (see :mod:`conveyor_sandbox._stores.orders`) shows
its job's log and worker.

The log is streamed: the answer starts with the lines written so far and
stays open, sending each new line as the worker stores it (the worker wakes
the stream; nothing polls), until the run has ended and every line is sent.
``from`` / ``to`` (Unix seconds) keep the lines written at or after ``from``
and before ``to``; once the clock has passed ``to`` the stream ends, as no
later line could qualify.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

import anyio
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from .._platform import Platform
from .._runner import OrderRunner
from .._stores.aspects import ASPECTS
from .._stores.orders import FINAL_ORDER_STATES
from .._util import is_our_id
from . import shapes
from .http import Guard, base_url, json_response, path_id, query_int
from .listing import Listing

#: How long a quiet stream waits before looking again without being woken (seconds).
RECHECK = 1.0


@dataclass(frozen=True)
class Run:
    """What the path names: the URN its log and worker go by, and whether it has ended."""

    key: str
    order_id: str | None
    ended: Callable[[], bool]


class ActivityRoutes:
    """The log, processes and metadata of orders and jobs."""

    def __init__(self, platform: Platform, runner: OrderRunner, listing: Listing) -> None:
        self.platform = platform
        self.runner = runner
        self.listing = listing

    def routes(self, guard: Guard) -> list[Route]:
        """The Starlette routes, each handler wrapped by ``guard``."""
        return [
            Route("/1/orders/{id}/logs", guard(self.logs), methods=["GET"]),
            Route("/1/orders/{id}/top", guard(self.top), methods=["GET"]),
            Route("/1/orders/{id}/metadata", guard(self.metadata), methods=["GET"]),
        ]

    def _run(self, request: Request) -> Run:
        """The order or job of the path; 404 when it is neither."""
        given = path_id(request, "order")
        if is_our_id(given, "job"):
            jobs = self.platform.jobs
            jobs.row(given)
            return Run(given, None, lambda: jobs.row(given)["status"] in FINAL_ORDER_STATES)
        orders = self.platform.orders
        order = orders.row(given)
        return Run(
            order["job"] or given,
            given,
            lambda: orders.row(given)["status"] in FINAL_ORDER_STATES,
        )

    async def logs(self, request: Request) -> Response:
        """GET /1/orders/{id}/logs: the run's lines as text/plain, streamed while it runs."""
        run = self._run(request)
        start, stop = query_int(request, "from"), query_int(request, "to")
        return StreamingResponse(
            self._lines(run, start, stop), media_type="text/plain; charset=utf-8"
        )

    async def _lines(self, run: Run, start: int | None, stop: int | None) -> AsyncIterator[bytes]:
        book = self.platform.logs
        offset = 0
        with self.platform.signals.watch(run.key) as watch:
            while True:
                # Looked at before reading: a run that has ended has stored every line.
                ended = run.ended()
                while True:
                    lines, after = await anyio.to_thread.run_sync(book.read, run.key, offset)
                    if after == offset:
                        break
                    offset = after
                    kept = [
                        line.text + "\n"
                        for line in lines
                        if (start is None or line.at >= start) and (stop is None or line.at < stop)
                    ]
                    if kept:
                        yield "".join(kept).encode("utf-8")
                if ended or (stop is not None and time.time() >= stop):
                    return
                await watch.wait(RECHECK)

    async def top(self, request: Request) -> Response:
        """GET /1/orders/{id}/top: one entry per worker running it now (none once it ended)."""
        run = self._run(request)
        stored = self.platform.logs.size(run.key)
        if run.order_id is not None:
            stored += self.platform.artifacts.produced_bytes(run.order_id)
        return json_response(self.runner.top(run.key, stored))

    async def metadata(self, request: Request) -> Response:
        """GET /1/orders/{id}/metadata: a page of the aspects about the order (or job)."""
        entity = path_id(request, "order")
        self._run(request)
        scope = f"/1/orders/{entity}/metadata"
        state, limit = self.listing.state(request, scope, ASPECTS)
        state["entity"] = entity
        page = self.platform.aspects.page(state, limit)
        base = base_url(request)
        items = [shapes.metadata_item(r, base) for r in page.rows]
        return json_response(self.listing.envelope(request, scope, state, items, page.cursor))
