"""What orders and jobs share as runs of a service: waiting, the log, the running processes.

An order and a job both move through the order status values and end
``succeeded``, ``failed`` or ``error``. `_RunCore` (mixed into their shared
resource classes) holds the flows; `SyncRun` and `AsyncRun` (mixed into the
sync and async twins) drive them, so ``order.wait()`` and ``job.wait()`` are
one waiter, and ``logs()``/``top()`` read the platform's order endpoints,
which answer for jobs too.
"""

from __future__ import annotations

import codecs
import math
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any, Self, TypeVar

from conveyor_api.api.orders import list_order_products, read_order_logs, read_order_top
from conveyor_api.models.order_status_value import OrderStatusValue
from conveyor_api.models.product_list import ProductList
from conveyor_api.types import UNSET

from ._base import AsyncEntity, Entity, _Entity, unset_none
from ._call import Call, Close, Flow, Read, Sleep, Stream, json_array, one
from ._paging import MAX_PAGE_SIZE, _next_page, _Pager
from .errors import MalformedResponse, WaitTimeout, seconds

M = TypeVar("M")

__all__ = ["FAILED", "TERMINAL", "AsyncRun", "Process", "SyncRun"]

TERMINAL = frozenset({OrderStatusValue.SUCCEEDED, OrderStatusValue.FAILED, OrderStatusValue.ERROR})
"""The states a run ends in."""
FAILED = frozenset({OrderStatusValue.FAILED, OrderStatusValue.ERROR})
"""The states of a run that did not succeed."""


@dataclass(frozen=True, slots=True)
class Process:
    """One process running an order or job, and what it uses (from ``top()``).

    The values are the platform's text, such as ``12%`` or ``48Mi``.

    Attributes:
        container: Name of the container (or sandbox worker) running it.
        cpu: CPU use.
        memory: Memory use.
        storage: Persistent storage use.
        ephemeral_storage: Scratch storage use.
    """

    container: str
    cpu: str
    memory: str
    storage: str
    ephemeral_storage: str


class _RunCore(_Entity[M]):
    """The flows of a run: the base of the shared resource class of orders and jobs."""

    __slots__ = ()

    status: Any

    @property
    def is_done(self) -> bool:
        """Whether the run has finished (succeeded, failed or error), as last read."""
        return self.status in TERMINAL

    def _failure(self) -> Exception:
        """The error a failed end raises (`OrderFailed`, `JobFailed`)."""
        raise NotImplementedError  # pragma: no cover - each run kind says

    def _wait_flow(self, timeout: float | None, poll: float | None) -> Flow[None]:
        client = self._client
        clock = client._clock
        interval = client._poll_interval if poll is None else seconds(poll, "poll", positive=True)
        if timeout is not None:
            timeout = seconds(timeout, "timeout")
        deadline = None if timeout is None else clock.monotonic() + timeout
        while self.status not in TERMINAL:
            pause = interval
            if deadline is not None:
                left = deadline - clock.monotonic()
                if left <= 0:
                    raise WaitTimeout(self, timeout or 0.0)
                pause = min(pause, left)
            yield Sleep(pause)
            yield from self._refresh_flow()
            interval = min(interval * 1.5, max(client._max_poll_interval, interval))
        if self.status in FAILED:
            raise self._failure()

    def _products_order(self) -> str | None:
        """The order whose product list continues the record's first page of products."""
        raise NotImplementedError  # pragma: no cover - each run kind says

    def _products_flow(self) -> Flow[list[Any]]:
        """The products: the record's embedded page, and the order's further pages if any."""
        yield from self._full_record_flow()
        embedded = unset_none(getattr(self._model, "products", None))
        items: list[Any] = []
        if isinstance(embedded, ProductList):
            try:
                complete = _next_page(embedded.links) == (None, None)
            except TypeError as exc:
                raise MalformedResponse(
                    f"the {self._kind}'s embedded products do not match the contract: {exc}"
                ) from None
            if complete:
                return list(embedded.items)
        elif self._kind == "job":
            return items  # a job that produced nothing carries no product list
        order_id = self._products_order()
        if order_id is None:
            raise MalformedResponse(f"the {self._kind}'s products continue, but it names no order")

        def build(token: str | None, size: int) -> dict[str, Any]:
            if token is not None:
                return list_order_products.request_args(order_id, page=token, limit=size)
            return list_order_products.request_args(order_id, limit=size)

        pager: _Pager[Any] = _Pager(self._client, build, ProductList, list, None, MAX_PAGE_SIZE)
        return (yield from pager._all_flow())

    def _logs_call(self, follow: bool) -> Call[Stream]:
        # Without follow the log is read up to now: lines written before the next
        # whole second, so the answer ends even while the run goes on.
        until = UNSET if follow else math.ceil(time.time())
        return Call(read_order_logs.request_args(self.id, to=until), stream=True)

    def _top_flow(self) -> Flow[list[Process]]:
        rows = yield from one(Call(read_order_top.request_args(self.id), json_array))
        try:
            return [
                Process(
                    container=_text(row, "container"),
                    cpu=_text(row, "cpu"),
                    memory=_text(row, "memory"),
                    storage=_text(row, "storage"),
                    ephemeral_storage=_text(row, "ephemeral-storage"),
                )
                for row in rows
            ]
        except (KeyError, TypeError) as exc:
            raise MalformedResponse(
                f"a running process does not match the contract: {exc}"
            ) from None


def _text(row: Any, key: str) -> str:
    value = row[key]
    if not isinstance(value, str):
        raise TypeError(f"{key} is not text: {value!r:.60}")
    return value


class _LineSplitter:
    """Turns pieces of a UTF-8 byte stream into whole lines (without their ``\\n``)."""

    __slots__ = ("_decoder", "_pending")

    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._pending = ""

    def feed(self, piece: bytes) -> list[str]:
        """The lines that ``piece`` completes (``b""`` ends the stream: the rest is a line)."""
        text = self._pending + self._decoder.decode(piece, final=not piece)
        *lines, self._pending = text.split("\n")
        if not piece and self._pending:
            lines.append(self._pending)
            self._pending = ""
        return [line.removesuffix("\r") for line in lines]


def _lines_flow(stream: Stream, splitter: _LineSplitter) -> Flow[list[str] | None]:
    """The next lines of a streamed log (``None`` at its end)."""
    while True:
        piece: bytes = yield Read(stream)
        lines = splitter.feed(piece)
        if lines or not piece:
            return lines if lines or piece else None


class SyncRun(_RunCore[M], Entity[M]):
    """`wait()`, `logs()` and `top()` of a sync order or job."""

    __slots__ = ()

    def wait(self, timeout: float | None = None, poll: float | None = None) -> Self:
        """Poll until the run finishes, backing off between polls.

        Args:
            timeout: Give up after this many seconds (default: never).
            poll: The first interval between polls, in seconds (the client's
                ``poll_interval`` by default); it grows 1.5x per poll up to
                the client's ``max_poll_interval``.

        Returns:
            ``self``, succeeded.

        Raises:
            OrderFailed: The run ended ``failed`` or ``error`` (`JobFailed`
                for a job); the platform's message is in ``.message``.
            WaitTimeout: ``timeout`` passed first (a builtin `TimeoutError`).
        """
        self._client._run(self._wait_flow(timeout, poll))
        return self

    def logs(self, follow: bool = False) -> Iterator[str]:
        """The lines the service printed while running, one at a time, as they arrive.

        Args:
            follow: Keep reading while the run goes on, yielding each line as
                it is written, until the run has ended and every line is read.
                Without it, the lines written so far.
        """
        run = self._client._run
        stream = run(one(self._logs_call(follow)))
        splitter = _LineSplitter()
        try:
            while (lines := run(_lines_flow(stream, splitter))) is not None:
                yield from lines
        finally:
            run(_close_flow(stream))

    def top(self) -> list[Process]:
        """The processes running it now, with their CPU, memory and storage (empty once ended)."""
        return self._client._run(self._top_flow())


class AsyncRun(_RunCore[M], AsyncEntity[M]):
    """`wait()`, `logs()` and `top()` of an async order or job (see `SyncRun`)."""

    __slots__ = ()

    async def wait(self, timeout: float | None = None, poll: float | None = None) -> Self:
        """Poll until the run finishes (see `SyncRun.wait`)."""
        await self._client._run(self._wait_flow(timeout, poll))
        return self

    async def logs(self, follow: bool = False) -> AsyncIterator[str]:
        """The lines the service printed, as they arrive (``async for``; see `SyncRun.logs`)."""
        run = self._client._run
        stream = await run(one(self._logs_call(follow)))
        splitter = _LineSplitter()
        try:
            while (lines := await run(_lines_flow(stream, splitter))) is not None:
                for line in lines:
                    yield line
        finally:
            await run(_close_flow(stream))

    async def top(self) -> list[Process]:
        """The processes running it now (see `SyncRun.top`)."""
        return await self._client._run(self._top_flow())


def _close_flow(stream: Stream) -> Flow[None]:
    yield Close(stream)
