"""Jobs: one run of a service on a JSON request, with its result, mirrored in aspects.

pending -> scheduled -> executing -> succeeded | failed | error (the order
status values). ``failed``: the service refused (``ServiceFailure``, or a
request it could not use); ``error``: it crashed, broke its result schema,
or the sandbox stopped under it.

Every job names an order (IVCAP's job records always do): the one given in
``IVCAP-Order-Id``, or else one placed for the job alone, whose status
follows the job's (see :mod:`conveyor_sandbox._stores.orders`).

As upstream does, the job record lives in the data fabric too: each status
change replaces the job's ``urn:ivcap:schema.job.2`` aspect (so its history
is the job's), and a result is an ``urn:ivcap:schema.job-result.1`` aspect
on the job, whose URN is the job's ``result-content-urn``. The result is
kept only there.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .._db import Database
from .._errors import ApiError, invalid
from .._lists import ListSpec, Page, fields, list_page
from .._service_kit import RegisteredJobService, RegisteredService
from .._util import ACCOUNT, DEFAULT_POLICY, new_id, now, require_urn
from .aspects import AspectStore
from .common import find_record
from .orders import FINAL_ORDER_STATES, OrderStore
from .services import ServiceStore

JOB_SCHEMA = "urn:ivcap:schema.job.2"
JOB_RESULT_SCHEMA = "urn:ivcap:schema.job-result.1"
JSON_TYPE = "application/json"
#: A larger result ends the job in error (results are kept inline, in an aspect).
MAX_RESULT_BYTES = 1024 * 1024

JOBS = ListSpec(
    table="jobs",
    fields=fields(
        ("id", "id", "text"),
        ("status", "status", "text"),
        ("service", "service", "text"),
        ("order", "order_id", "text"),
        ("account", "account", "text"),
        ("requested-at", "requested_at", "time"),
        ("started-at", "started_at", "time"),
        ("finished-at", "finished_at", "time"),
    ),
    default_order="requested-at",
    visible_at="requested_at <= ?",
)


@dataclass(frozen=True)
class JobRun:
    """What the runner needs to run a job (``registered`` is None when its callable is gone)."""

    registered: RegisteredJobService | None
    request: Any
    service_id: str
    service_name: str
    order_id: str


def record_fields(row: sqlite3.Row) -> dict[str, Any]:
    """The job record's own fields (no links, no contents): the job aspect and the answers."""
    out: dict[str, Any] = {
        "id": row["id"],
        "status": row["status"],
        "service": row["service"],
        "order": row["order_id"],
        "account": row["account"],
        "policy": row["policy"],
        "requested-at": row["requested_at"],
        "started-at": row["started_at"],
        "finished-at": row["finished_at"],
        "error-message": row["error_message"],
        "request-content-type": JSON_TYPE,
    }
    if row["result_aspect"]:
        out["result-content-type"] = JSON_TYPE
        out["result-content-urn"] = row["result_aspect"]
    return {k: v for k, v in out.items() if v is not None}


def _shown(value: Any) -> str | None:
    return None if value is None or isinstance(value, str) else json.dumps(value)[:200]


class JobStore:
    """The ``jobs`` table, with the services jobs run, the orders they run under, their aspects."""

    def __init__(
        self, db: Database, services: ServiceStore, orders: OrderStore, aspects: AspectStore
    ) -> None:
        self.db = db
        self.services = services
        self.orders = orders
        self.aspects = aspects

    def row(self, job_id: str) -> sqlite3.Row:
        """The job ``job_id``; 404 otherwise."""
        return find_record(self.db, "job", job_id)

    def row_of(self, service_id: str, job_id: str) -> sqlite3.Row:
        """The job ``job_id`` of service ``service_id``; 404 when either is unknown."""
        self.services.ever(service_id)
        row = self.row(job_id)
        if row["service"] != service_id:
            raise ApiError(404, f"no such job of service {service_id}", id=job_id)
        return row

    def of_order(self, order_id: str) -> sqlite3.Row | None:
        """The job an order was placed for, if it was."""
        job: sqlite3.Row | None = (
            self.db.conn()
            .execute(
                "SELECT j.* FROM jobs j JOIN orders o ON o.job = j.id WHERE o.id=?", (order_id,)
            )
            .fetchone()
        )
        return job

    def page(self, service_id: str, state: Mapping[str, Any], limit: int) -> Page:
        """One page of the jobs of ``service_id`` (404 when it never existed)."""
        self.services.ever(service_id)
        where = [("service = ?", [service_id])]
        return list_page(self.db.conn(), JOBS, state, limit, where=where)

    def create(self, service_id: str, request: Any, order_id: str | None) -> sqlite3.Row:
        """Record a pending job (the caller queues it); 422 when the request does not fit.

        ``order_id`` (from ``IVCAP-Order-Id``) must name an existing order;
        without one an order is placed for the job.
        """
        service = self.services.row(service_id)
        registered = self.services.registry.get(service["impl"])
        if registered is None:
            raise invalid(
                "service_id", service_id, "this service's implementation is not registered here"
            )
        if isinstance(registered, RegisteredService):
            raise invalid(
                "service_id", service_id, "this service runs orders, not jobs: POST /1/orders"
            )
        problem = registered.request_schema.problem(request)
        if problem is not None:
            raise invalid(problem.path, _shown(problem.value), problem.message)
        if order_id is not None:
            require_urn("IVCAP-Order-Id", order_id)
            try:
                self.orders.row(order_id)
            except ApiError:
                raise invalid("IVCAP-Order-Id", order_id, "no such order") from None
        job_id = new_id("job")
        policy = service["policy"] or DEFAULT_POLICY
        stamp = now()
        with self.db.transaction() as conn:
            if order_id is None:
                order_id = self.orders.insert_for_job(conn, job_id, service_id, policy, stamp)
            conn.execute(
                """INSERT INTO jobs(id, service, order_id, status, account, policy, requested_at,
                       request)
                   VALUES (?, ?, ?, 'pending', ?, ?, ?, ?)""",
                (job_id, service_id, order_id, ACCOUNT, policy, stamp, json.dumps(request)),
            )
            self._mirror(conn, job_id, stamp)
        return self.row(job_id)

    def _mirror(self, conn: sqlite3.Connection, job_id: str, stamp: str) -> None:
        row = conn.execute("SELECT * FROM jobs WHERE id=?", (job_id,)).fetchone()
        content = {"$schema": JOB_SCHEMA, **record_fields(row)}
        self.aspects.set_current(conn, job_id, JOB_SCHEMA, content, stamp)

    def _move(
        self,
        conn: sqlite3.Connection,
        job_id: str,
        status: str,
        error: str | None,
        stamp: str,
        result_aspect: str | None = None,
    ) -> None:
        if status == "executing":
            conn.execute(
                "UPDATE jobs SET status=?, started_at=? WHERE id=?", (status, stamp, job_id)
            )
        elif status in FINAL_ORDER_STATES:
            conn.execute(
                """UPDATE jobs SET status=?, finished_at=?, error_message=?, result_aspect=?
                   WHERE id=?""",
                (status, stamp, error, result_aspect, job_id),
            )
        else:
            conn.execute("UPDATE jobs SET status=? WHERE id=?", (status, job_id))
        self.orders.move(conn, "job", job_id, status, error, stamp)
        self._mirror(conn, job_id, stamp)

    def set_status(self, job_id: str, status: str, error: str | None = None) -> None:
        """Move a job along (and the order placed for it, and its job aspect)."""
        with self.db.transaction() as conn:
            self._move(conn, job_id, status, error, now())

    def finish(self, job_id: str, result: Any, registered: RegisteredJobService) -> None:
        """Record the service's result: succeeded, or error when the result is unusable."""
        try:
            text = json.dumps(result, allow_nan=False, ensure_ascii=False)
        except (TypeError, ValueError) as exc:
            self.set_status(job_id, "error", f"the service's result is not JSON: {exc}")
            return
        if len(text.encode("utf-8")) > MAX_RESULT_BYTES:
            self.set_status(
                job_id, "error", f"the service's result is larger than {MAX_RESULT_BYTES} bytes"
            )
            return
        problem = registered.result_schema.problem(result) if registered.result_schema else None
        if problem is not None:
            self.set_status(
                job_id,
                "error",
                f"the service's result does not match its result schema at {problem.path}: "
                + problem.message,
            )
            return
        row = self.row(job_id)
        stamp = now()
        content = {
            "$schema": JOB_RESULT_SCHEMA,
            "job": job_id,
            "service": row["service"],
            "order": row["order_id"],
            "result-content-type": JSON_TYPE,
            "result-content": json.loads(text),
        }
        with self.db.transaction() as conn:
            aspect_id = self.aspects.insert(conn, job_id, JOB_RESULT_SCHEMA, content, None, stamp)
            self._move(conn, job_id, "succeeded", None, stamp, aspect_id)

    def result(self, row: sqlite3.Row) -> tuple[bool, Any]:
        """``(True, result)`` once the job has one, ``(False, None)`` otherwise."""
        if not row["result_aspect"]:
            return False, None
        aspect = self.aspects.row(row["result_aspect"])
        return True, json.loads(aspect["content"])["result-content"]

    def request(self, row: sqlite3.Row) -> Any:
        """The job's request, as it was sent."""
        return json.loads(row["request"])

    def run_info(self, job_id: str) -> JobRun:
        """The callable, request, service and order of a job."""
        row = self.row(job_id)
        service = self.services.ever(row["service"])
        registered = self.services.registry.get(service["impl"])
        return JobRun(
            registered if isinstance(registered, RegisteredJobService) else None,
            self.request(row),
            service["id"],
            service["name"],
            row["order_id"],
        )

    def recover(self) -> list[str]:
        """Settle the jobs a crash interrupted; returns those to run again.

        Jobs that had not started run again (nothing of them ran); jobs
        that were executing end in ``error``, as their service was stopped
        by the platform, not refused by it.
        """
        stamp = now()
        with self.db.transaction() as conn:
            executing = conn.execute("SELECT id FROM jobs WHERE status = 'executing'").fetchall()
            for row in executing:
                self._move(
                    conn,
                    row["id"],
                    "error",
                    "the sandbox stopped while the job was executing; request it again",
                    stamp,
                )
            return [
                r["id"]
                for r in conn.execute(
                    "SELECT id FROM jobs WHERE status IN ('pending', 'scheduled') ORDER BY seq"
                )
            ]
