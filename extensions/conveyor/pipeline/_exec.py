"""Driving flows from asyncio, for either kind of client.

A pipeline runs its nodes as asyncio tasks. With an `AsyncClient` a flow is
awaited as usual. With a `Client` the flow is stepped here, one effect at a
time: each request goes to a worker thread (the client's blocking
``_send``) while sleeps are awaited, so a thousand orders being waited for
hold no thread, and a run stops at the next effect when it is cancelled.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from .._call import Call, Close, Flow, Offload, Read, Sleep
from ..errors import ConveyorError

__all__ = ["Executor", "is_async_client", "run_sync"]

T = TypeVar("T")


def is_async_client(client: Any) -> bool:
    """Whether ``client`` drives flows with awaited I/O (an `AsyncClient`)."""
    return asyncio.iscoroutinefunction(getattr(client, "_run", None))


class Executor:
    """Runs flows for the pipeline's tasks, on ``client`` (sync or async)."""

    def __init__(self, client: Any, threads: int) -> None:
        self.client = client
        self.clock = client._clock
        self._async = is_async_client(client)
        self._pool: concurrent.futures.ThreadPoolExecutor | None = None
        if not self._async:
            self._pool = concurrent.futures.ThreadPoolExecutor(
                max_workers=max(1, threads), thread_name_prefix="conveyor-pipeline"
            )

    async def run(self, flow: Flow[T]) -> T:
        """Drive ``flow`` to its end and return its result."""
        if self._async:
            result: T = await self.client._run(flow)
            return result
        return await self._step(flow)

    async def _step(self, flow: Flow[T]) -> T:
        loop = asyncio.get_running_loop()
        client = self.client
        pool = self._pool
        try:
            effect = next(flow)
            while True:
                try:
                    kind = type(effect)
                    if kind is Call:
                        result: Any = await loop.run_in_executor(pool, client._send, effect)
                    elif kind is Sleep:
                        result = None
                        await self.clock.asleep(effect.seconds)  # type: ignore[union-attr]
                    elif kind is Offload:
                        offload: Any = effect
                        result = await loop.run_in_executor(pool, offload.function, *offload.args)
                    elif kind is Read:
                        result = await loop.run_in_executor(pool, client._read, effect.stream)  # type: ignore[union-attr]
                    elif kind is Close:
                        result = None
                        await loop.run_in_executor(pool, effect.stream.response.close)  # type: ignore[union-attr]
                    else:  # pragma: no cover - a programming error in a flow
                        raise TypeError(f"unknown effect {effect!r}")
                except ConveyorError as exc:
                    effect = flow.throw(exc)
                else:
                    effect = flow.send(result)
        except StopIteration as stop:
            return stop.value  # type: ignore[no-any-return]
        finally:
            flow.close()

    async def offload(self, function: Callable[..., T], *args: Any) -> T:
        """Run blocking ``function(*args)`` off the event loop."""
        return await asyncio.to_thread(function, *args)

    def close(self) -> None:
        """Release the worker threads (requests still in them finish first)."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)


def run_sync(make: Callable[[], Awaitable[T]]) -> T:
    """Run a coroutine to its end from sync code, also where an event loop already runs.

    In a notebook the cell's thread has a running loop, which `asyncio.run`
    refuses: the run then goes to a thread of its own.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        running = False
    else:
        running = True
    if not running:  # outside the except: its RuntimeError would chain onto every failure
        return asyncio.run(_wrap(make))
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = asyncio.run(_wrap(make))
        except BaseException as exc:  # handed back to the caller's thread
            outcome["error"] = exc

    thread = threading.Thread(target=target, name="conveyor-pipeline-run")
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]  # type: ignore[no-any-return]


async def _wrap(make: Callable[[], Awaitable[T]]) -> T:
    return await make()
