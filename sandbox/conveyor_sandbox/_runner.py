"""A bounded pool of worker threads that runs orders and jobs.

Orders: pending -> scheduled -> executing -> succeeded | failed. Jobs: the
same, and ``error`` when the service crashed or the sandbox stopped under
it. Each run holds one worker thread while it executes; what the service
prints on that thread, and what it logs through its context, is the run's
log (``conveyor_sandbox._logs``, ``conveyor_sandbox._capture``). Every line
is stored before the run's final status, so a reader that has seen the end
has seen every line. ``top`` reports what the worker uses
(``conveyor_sandbox._top``).
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from ._capture import captured
from ._errors import ApiError
from ._platform import Platform
from ._service_kit import JobContext, LogSink, OrderCancelled, OrderContext, ServiceFailure
from ._top import WorkerUse

log = logging.getLogger("conveyor_sandbox")

#: Runs waiting beyond this many are refused with 503 until the queue drains.
MAX_QUEUED = 1000


class _Unrunnable(Exception):
    """The run's service has no registered callable (any more)."""


@dataclass(frozen=True)
class Outcome:
    """How a service call ended: ``ok``, ``refused``, ``stopped`` or ``crashed``."""

    how: str
    message: str | None = None
    value: Any = None


class OrderRunner:
    """Runs orders and jobs on ``workers`` threads."""

    def __init__(self, platform: Platform, workers: int) -> None:
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self._platform = platform
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="worker")
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._queued = 0
        self._running: dict[str, WorkerUse] = {}

    @property
    def busy(self) -> bool:
        """Whether the queue is full."""
        with self._lock:
            return self._queued >= MAX_QUEUED

    def submit(self, order_id: str) -> None:
        """Queue an order (marks it scheduled)."""
        self._queue(order_id, self._platform.orders.set_status, self._run_order)

    def submit_job(self, job_id: str) -> None:
        """Queue a job (marks it scheduled)."""
        self._queue(job_id, self._platform.jobs.set_status, self._run_job)

    def resume(self, run_id: str) -> None:
        """Queue an order or a job that recovery found unstarted."""
        if run_id.startswith("urn:ivcap:job:"):
            self.submit_job(run_id)
        else:
            self.submit(run_id)

    def _queue(
        self, run_id: str, set_status: Callable[[str, str], None], run: Callable[[str], None]
    ) -> None:
        if self._stopping.is_set():
            return
        set_status(run_id, "scheduled")
        with self._lock:
            self._queued += 1
        self._pool.submit(self._dequeued, run, run_id)

    def _dequeued(self, run: Callable[[str], None], run_id: str) -> None:
        with self._lock:
            self._queued -= 1
        if not self._stopping.is_set():
            run(run_id)  # else it stays scheduled and is queued again at the next start

    def top(self, run_id: str, stored_bytes: int) -> list[dict[str, str]]:
        """One entry per worker running ``run_id`` now (none once it ended)."""
        with self._lock:
            use = self._running.get(run_id)
        return [] if use is None else [use.entry(stored_bytes)]

    def _execute(self, run_id: str, service_name: str, call: Callable[[LogSink], Any]) -> Outcome:
        """Call the service with its log captured; every line is stored when this returns."""
        sink = self._platform.logs.writer(run_id)
        use = WorkerUse(run_id, service_name)
        with self._lock:
            self._running[run_id] = use
        try:
            with captured(sink):
                value = call(sink)
        except ServiceFailure as exc:
            return Outcome("refused", str(exc) or "the service failed")
        except ApiError as exc:
            return Outcome("refused", exc.message)
        except OrderCancelled as exc:
            return Outcome("stopped", str(exc))
        except _Unrunnable as exc:
            return Outcome("crashed", str(exc))
        except Exception as exc:
            log.exception("%s: the service raised", run_id)
            sink.line("".join(traceback.format_exception(exc)).rstrip())
            return Outcome("crashed", f"{type(exc).__name__}: {exc}")
        else:
            return Outcome("ok", value=value)
        finally:
            with self._lock:
                self._running.pop(run_id, None)
            sink.close()

    def _run_order(self, order_id: str) -> None:
        orders = self._platform.orders
        try:
            orders.set_status(order_id, "executing")
            registered, params, service_id, service_name = orders.run_info(order_id)
        except Exception as exc:
            why = str(exc)
            self._settle(order_id, lambda: orders.set_status(order_id, "failed", why))
            return

        def call(sink: LogSink) -> Any:
            if registered is None:
                raise _Unrunnable(f"service {service_id} has no registered implementation")
            ctx = OrderContext(
                order_id=order_id,
                service_id=service_id,
                service_name=service_name,
                params=params,
                backend=self._platform,
                stopping=self._stopping,
                log=sink,
            )
            return registered.function(ctx)

        outcome = self._execute(order_id, service_name, call)
        # An order has no separate state for a crash: the service's message says what broke.
        status = "succeeded" if outcome.how == "ok" else "failed"
        self._settle(order_id, lambda: orders.set_status(order_id, status, outcome.message))

    def _run_job(self, job_id: str) -> None:
        jobs = self._platform.jobs
        try:
            jobs.set_status(job_id, "executing")
            run = jobs.run_info(job_id)
        except Exception as exc:
            why = str(exc)
            self._settle(job_id, lambda: jobs.set_status(job_id, "error", why))
            return

        def call(sink: LogSink) -> Any:
            if run.registered is None:
                raise _Unrunnable(f"service {run.service_id} has no registered implementation")
            ctx = JobContext(
                job_id=job_id,
                order_id=run.order_id,
                service_id=run.service_id,
                service_name=run.service_name,
                request=run.request,
                backend=self._platform,
                stopping=self._stopping,
                log=sink,
            )
            return run.registered.function(run.request, ctx)

        outcome = self._execute(job_id, run.service_name, call)
        registered = run.registered
        if outcome.how == "ok" and registered is not None:
            self._settle(job_id, lambda: jobs.finish(job_id, outcome.value, registered))
        else:
            status = "failed" if outcome.how == "refused" else "error"
            self._settle(job_id, lambda: jobs.set_status(job_id, status, outcome.message))

    def _settle(self, run_id: str, record: Callable[[], None]) -> None:
        """Record a run's end, then wake whoever waits for it."""
        try:
            record()
        except Exception:
            # The database is closing under us during shutdown: the restart
            # recovery settles the run instead.
            log.warning("%s: could not record how it ended", run_id)
        self._platform.signals.notify(run_id)

    def shutdown(self) -> None:
        """Stop taking work, wake sleeping services and wait for the workers."""
        self._stopping.set()
        self._pool.shutdown(wait=True, cancel_futures=True)
