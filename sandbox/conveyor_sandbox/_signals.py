"""Wake-ups from worker threads to the requests waiting on the event loop.

A worker that changes a run (a new log line, a final status) calls
``notify(run_id)``; a request that waits for such a change holds a
``watch(run_id)`` while it checks and waits. A request never blocks a
thread to wait: it awaits an ``asyncio.Event`` that the worker sets
through the loop's ``call_soon_threadsafe``.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Iterator


class Watch:
    """One waiting request's view of a key: ``wait()`` returns once it was notified."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self._event = asyncio.Event()

    def wake(self) -> None:
        """Set the event from any thread (a loop already closed is ignored)."""
        with contextlib.suppress(RuntimeError):
            self.loop.call_soon_threadsafe(self._event.set)

    async def wait(self, timeout: float) -> bool:
        """Wait until notified (True) or ``timeout`` seconds passed (False).

        The notification is consumed, so check the state after waking: a
        change notified between that check and the next ``wait`` makes the
        next ``wait`` return at once, and none is lost.
        """
        try:
            await asyncio.wait_for(self._event.wait(), max(0.0, timeout))
        except TimeoutError:
            return False
        self._event.clear()
        return True


class Signals:
    """Notifications by key (a run's URN), from any thread to coroutines."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._watches: dict[str, set[Watch]] = {}

    @contextlib.contextmanager
    def watch(self, key: str) -> Iterator[Watch]:
        """Be woken by every ``notify(key)`` while the block runs (on the event loop)."""
        watch = Watch(asyncio.get_running_loop())
        with self._lock:
            self._watches.setdefault(key, set()).add(watch)
        try:
            yield watch
        finally:
            with self._lock:
                waiting = self._watches.get(key)
                if waiting is not None:
                    waiting.discard(watch)
                    if not waiting:
                        del self._watches[key]

    def notify(self, key: str) -> None:
        """Wake everyone watching ``key`` (callable from any thread)."""
        with self._lock:
            waiting = list(self._watches.get(key, ()))
        for watch in waiting:
            watch.wake()
