"""``print`` inside a service goes to its run's log, per worker thread.

Several services run at once on the worker threads, so swapping
``sys.stdout`` around each call would send one service's output into
another's log. Instead ``sys.stdout`` and ``sys.stderr`` are wrapped once by
a stream that looks up the *calling thread's* log: a thread inside
:func:`captured` writes there, every other thread to the stream that was
wrapped, unchanged.

Whoever replaces ``sys.stdout`` later (a test runner between tests,
``contextlib.redirect_stdout``) removes the wrapper; the next run wraps the
new stream again. Threads a service starts itself are not captured (their
output goes where it always would); a service's context ``log`` and
``logger`` reach its log from any thread.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Protocol, TextIO


class Sink(Protocol):
    """Where captured text goes (a :class:`~conveyor_sandbox._logs.RunLog`)."""

    def write(self, text: str) -> int:
        """Take stream text."""
        ...


_local = threading.local()
_install_lock = threading.Lock()


class _ThreadRouted:
    """Stands in for ``sys.stdout``/``sys.stderr``: writes of a captured thread go to its sink."""

    def __init__(self, wrapped: TextIO) -> None:
        self._wrapped = wrapped

    def write(self, text: str) -> int:
        sink: Sink | None = getattr(_local, "sink", None)
        if sink is not None:
            return sink.write(text)
        return self._wrapped.write(text)

    def flush(self) -> None:
        if getattr(_local, "sink", None) is None:
            self._wrapped.flush()

    def __getattr__(self, name: str) -> Any:
        # encoding, isatty, fileno, buffer ...: whatever the wrapped stream says.
        return getattr(self._wrapped, name)


def _install() -> None:
    with _install_lock:
        if not isinstance(sys.stdout, _ThreadRouted):
            sys.stdout = _ThreadRouted(sys.stdout)
        if not isinstance(sys.stderr, _ThreadRouted):
            sys.stderr = _ThreadRouted(sys.stderr)


@contextmanager
def captured(sink: Sink) -> Iterator[None]:
    """Send what this thread prints (stdout and stderr) to ``sink`` while the block runs."""
    _install()
    previous = getattr(_local, "sink", None)
    _local.sink = sink
    try:
        yield
    finally:
        _local.sink = previous
