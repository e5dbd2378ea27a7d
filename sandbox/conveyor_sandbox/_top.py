"""What a worker running an order or job uses, as ``top`` reports it.

The workers are threads of one process, so what can be told apart honestly
differs by resource:

- **cpu**: the worker thread's own CPU time (its POSIX thread CPU clock),
  as a percentage of one core averaged since the run started (``37%``; a
  run that waits shows ``0%``, one that computes flat out ``100%``). Where
  the platform has no per-thread clock it reads ``n/a``.
- **memory**: the resident memory of the whole sandbox process, which every
  worker shares (threads have no memory of their own to measure), in MiB.
- **storage**: what the run has stored so far (its products and its log),
  in MiB; **ephemeral-storage** is ``0Mi``, as services get no scratch space
  of their own.
"""

from __future__ import annotations

import math
import os
import sys
import threading
import time
from dataclasses import dataclass, field

MIB = 1024 * 1024


def mebibytes(size: int) -> str:
    """A size as a Kubernetes quantity in whole MiB, rounded up (``48Mi``)."""
    return f"{math.ceil(max(0, size) / MIB)}Mi"


def resident_bytes() -> int:
    """The process's resident set size now (its peak where /proc is missing)."""
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak if sys.platform == "darwin" else peak * 1024


def _thread_clock() -> int | None:
    try:
        return time.pthread_getcpuclockid(threading.get_ident())
    except (AttributeError, OSError):
        return None


@dataclass
class WorkerUse:
    """One run on one worker thread: created on that thread when the run starts."""

    run_id: str
    service_name: str
    worker: str = field(default_factory=lambda: threading.current_thread().name)
    started: float = field(default_factory=time.monotonic)
    clock: int | None = field(default_factory=_thread_clock)
    cpu_at_start: float = 0.0

    def __post_init__(self) -> None:
        if self.clock is not None:
            self.cpu_at_start = time.clock_gettime(self.clock)

    def cpu(self) -> str:
        """The thread's CPU use since the run started, in percent of one core."""
        if self.clock is None:
            return "n/a"
        try:
            used = time.clock_gettime(self.clock) - self.cpu_at_start
        except OSError:
            return "n/a"  # the thread is gone
        wall = time.monotonic() - self.started
        return f"{round(100 * used / wall) if wall > 0 else 0}%"

    def entry(self, stored_bytes: int) -> dict[str, str]:
        """The contract's OrderTopItem for this worker."""
        return {
            "container": f"{self.service_name}@{self.worker}",
            "cpu": self.cpu(),
            "memory": mebibytes(resident_bytes()),
            "storage": mebibytes(stored_bytes),
            "ephemeral-storage": "0Mi",
        }
