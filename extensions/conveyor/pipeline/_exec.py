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
from .._drivers import drive_async

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
        return await drive_async(flow, self._perform)

    async def _perform(self, effect: Any) -> Any:
        """One effect of a sync client's flow: its blocking I/O in a worker thread."""
        loop = asyncio.get_running_loop()
        client = self.client
        pool = self._pool
        kind = type(effect)
        if kind is Call:
            return await loop.run_in_executor(pool, client._send, effect)
        if kind is Sleep:
            await self.clock.asleep(effect.seconds)
            return None
        if kind is Offload:
            return await loop.run_in_executor(pool, effect.function, *effect.args)
        if kind is Read:
            return await loop.run_in_executor(pool, client._read, effect.stream)
        if kind is Close:
            await loop.run_in_executor(pool, effect.stream.response.close)
            return None
        raise TypeError(f"unknown effect {effect!r}")  # pragma: no cover - a flow's bug

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
