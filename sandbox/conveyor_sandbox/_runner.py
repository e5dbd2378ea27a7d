"""A bounded pool of worker threads that runs orders."""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor

from ._errors import ApiError
from ._platform import Platform
from ._service_kit import OrderCancelled, OrderContext, ServiceFailure

log = logging.getLogger("conveyor_sandbox")

#: Orders waiting beyond this many are refused with 503 until the queue drains.
MAX_QUEUED = 1000


class OrderRunner:
    """Runs orders: pending -> scheduled -> executing -> succeeded | failed."""

    def __init__(self, platform: Platform, workers: int) -> None:
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self._platform = platform
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="conveyor-order")
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._queued = 0

    @property
    def busy(self) -> bool:
        """Whether the queue is full."""
        with self._lock:
            return self._queued >= MAX_QUEUED

    def submit(self, order_id: str) -> None:
        """Queue an order (marks it scheduled)."""
        if self._stopping.is_set():
            return
        self._platform.orders.set_status(order_id, "scheduled")
        with self._lock:
            self._queued += 1
        self._pool.submit(self._run, order_id)

    def _run(self, order_id: str) -> None:
        with self._lock:
            self._queued -= 1
        if self._stopping.is_set():
            return  # stays scheduled; queued again at the next start
        try:
            self._platform.orders.set_status(order_id, "executing")
            registered, params, service_id, service_name = self._platform.orders.run_info(order_id)
            if registered is None:
                raise ServiceFailure(f"service {service_id} has no registered implementation")
            ctx = OrderContext(
                order_id=order_id,
                service_id=service_id,
                service_name=service_name,
                params=params,
                backend=self._platform,
                stopping=self._stopping,
            )
            registered.function(ctx)
        except ServiceFailure as exc:
            self._finish(order_id, "failed", str(exc) or "the service failed")
        except OrderCancelled as exc:
            self._finish(order_id, "failed", str(exc))
        except ApiError as exc:
            self._finish(order_id, "failed", exc.message)
        except Exception as exc:
            log.exception("order %s: the service raised", order_id)
            self._finish(order_id, "failed", f"{type(exc).__name__}: {exc}")
        else:
            self._finish(order_id, "succeeded", None)

    def _finish(self, order_id: str, status: str, error: str | None) -> None:
        try:
            self._platform.orders.set_status(order_id, status, error)
        except Exception:
            # The database is closing under us during shutdown: the restart
            # recovery marks the order failed instead.
            log.warning("order %s: could not record status %s", order_id, status)

    def shutdown(self) -> None:
        """Stop taking work, wake sleeping services and wait for the workers."""
        self._stopping.set()
        self._pool.shutdown(wait=True, cancel_futures=True)
