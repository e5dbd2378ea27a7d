"""``/1/services2/{service_id}/jobs``: running a service once on a JSON request.

``POST`` checks the request against the service's request schema (422
naming the JSON path of the offending field), queues the job on the worker
pool and waits up to ``Timeout`` seconds for it: a job that succeeded in
time is answered 200 with its result as the body, any other (still running,
or ended without a result) 202 with where to poll. ``Timeout`` is a whole
number of seconds from 0 (the default: answer at once) to
:data:`MAX_TIMEOUT`; anything else is 400. Waiting never holds a thread:
the worker wakes the request when the job ends.
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .._errors import ApiError, bad_request
from .._platform import Platform
from .._runner import OrderRunner
from .._stores.jobs import JOBS
from .._stores.orders import FINAL_ORDER_STATES
from . import shapes
from .http import Guard, base_url, json_response, path_id, query_bool, read_json
from .listing import Listing

#: The longest ``Timeout`` a job request may ask to be held open for (seconds).
MAX_TIMEOUT = 300
#: What a 202 suggests waiting before polling (seconds).
RETRY_LATER = 1
_SECONDS_RE = re.compile(r"^[0-9]{1,6}$")
_HOST_RE = re.compile(r"^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:[0-9]{1,5})?$")


def job_timeout(request: Request) -> int:
    """``Timeout``: whole seconds from 0 to :data:`MAX_TIMEOUT` (0 when absent); 400 otherwise."""
    raw = request.headers.get("timeout")
    if raw is None:
        return 0
    if not _SECONDS_RE.match(raw.strip()) or int(raw) > MAX_TIMEOUT:
        raise bad_request(
            f"Timeout must be a whole number of seconds from 0 to {MAX_TIMEOUT}, not {raw[:40]!r}"
        )
    return int(raw)


def caller_base(request: Request) -> str:
    """Scheme and host the caller used: ``X-Forwarded-Proto`` / ``-Host`` when a proxy says so."""
    scheme, _, authority = base_url(request).partition("://")
    proto = request.headers.get("x-forwarded-proto")
    if proto is not None:
        scheme = proto.split(",")[0].strip().lower()
        if scheme not in ("http", "https"):
            raise bad_request(f"X-Forwarded-Proto must be http or https, not {proto[:40]!r}")
    host = request.headers.get("x-forwarded-host")
    if host is not None:
        authority = host.split(",")[0].strip()
        if not _HOST_RE.match(authority):
            raise bad_request(f"X-Forwarded-Host must be a host[:port], not {host[:60]!r}")
    return f"{scheme}://{authority}"


class JobRoutes:
    """Jobs go to the ``runner`` once recorded; their results are aspects on them."""

    def __init__(self, platform: Platform, runner: OrderRunner, listing: Listing) -> None:
        self.jobs = platform.jobs
        self.signals = platform.signals
        self.runner = runner
        self.listing = listing

    def routes(self, guard: Guard) -> list[Route]:
        """The Starlette routes of jobs, each handler wrapped by ``guard``."""
        base = "/1/services2/{service_id}/jobs"
        return [
            Route(base, guard(self.collection), methods=["GET", "POST"]),
            Route(base + "/{id}", guard(self.one), methods=["GET"]),
            Route(base + "/{id}/output", guard(self.output), methods=["GET"]),
        ]

    async def collection(self, request: Request) -> Response:
        """GET (list, newest first) and POST (run) /1/services2/{service_id}/jobs."""
        service_id = path_id(request, "service", "service_id")
        if request.method == "POST":
            return await self._create(request, service_id)
        scope = f"/1/services2/{service_id}/jobs"
        state, limit = self.listing.state(request, scope, JOBS)
        page = self.jobs.page(service_id, state, limit)
        base = base_url(request)
        items = [shapes.job_item(r, base) for r in page.rows]
        return json_response(self.listing.envelope(request, scope, state, items, page.cursor))

    async def _create(self, request: Request, service_id: str) -> Response:
        self.jobs.services.row(service_id)
        timeout = job_timeout(request)
        base = caller_base(request)
        order_id = request.headers.get("ivcap-order-id") or None
        body = await read_json(request, strict_type=True)
        if self.runner.busy:
            raise ApiError(
                503, "too many runs waiting; try again shortly", headers={"Retry-After": "5"}
            )
        job_id = self.jobs.create(service_id, body, order_id)["id"]
        self.runner.submit_job(job_id)
        href = shapes.job_href(base, service_id, job_id)
        # Timeout 0 is always 202, even for a job that happens to be done already.
        if timeout and await self._wait(job_id, timeout):
            row = self.jobs.row(job_id)
            has_result, result = self.jobs.result(row)
            if has_result:
                headers = {
                    "IVCAP-Job-Id": job_id,
                    "IVCAP-Job-URL": href,
                    "IVCAP-Order-Id": row["order_id"],
                }
                return json_response(result, 200, headers)
        accepted = {"job-id": job_id, "location": href, "retry-later": RETRY_LATER}
        headers = {"Location": href, "Retry-After": str(RETRY_LATER)}
        return json_response(accepted, 202, headers)

    async def _wait(self, job_id: str, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for the job to end; whether it did."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        with self.signals.watch(job_id) as watch:
            while self.jobs.row(job_id)["status"] not in FINAL_ORDER_STATES:
                left = deadline - loop.time()
                if left <= 0:
                    return False
                await watch.wait(left)
        return True

    async def one(self, request: Request) -> Response:
        """GET /1/services2/{service_id}/jobs/{id} (``with-request-content``, ``-result-``)."""
        row = self._row(request)
        contents: dict[str, Any] = {}
        # The contract gives reading a job no 422: a malformed flag is 400.
        if query_bool(request, "with-request-content", False, status=400):
            contents["request-content"] = self.jobs.request(row)
        if query_bool(request, "with-result-content", True, status=400):
            has_result, result = self.jobs.result(row)
            if has_result:
                contents["result-content"] = result
        return json_response(shapes.job_record(row, base_url(request), contents))

    async def output(self, request: Request) -> Response:
        """GET .../jobs/{id}/output: the result (200), or 204 while there is none."""
        row = self._row(request)
        has_result, result = self.jobs.result(row)
        if not has_result:
            return Response(status_code=204)
        headers = {"IVCAP-Job-Id": row["id"], "IVCAP-Order-Id": row["order_id"]}
        return json_response(result, 200, headers)

    def _row(self, request: Request) -> sqlite3.Row:
        service_id = path_id(request, "service", "service_id")
        return self.jobs.row_of(service_id, path_id(request, "job"))
