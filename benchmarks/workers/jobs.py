"""Worker: jobs. One answered at once (MockTransport), many at once (sandbox), logs followed.

Usage:

- ``python jobs.py request {conveyor,conveyor-novalidate,httpx} [--calls N] [--batches N]``:
  CPU time per job answered at once (200 with the result), every client on
  the same ``httpx.MockTransport`` serving the same pre-encoded answers.
  Conveyor runs ``Service.request_job(payload)`` (its request schema is read
  by one aspects GET per client, in the warm-up; the jsonschema check runs
  on every call unless ``conveyor-novalidate``, which passes
  ``validate=False``). The baseline POSTs the same JSON with the same
  ``Timeout`` header, reads ``IVCAP-Job-Id`` and decodes the JSON result.
- ``python jobs.py many {sync,async} --url URL --token T --count N [--seconds S]``:
  ``N`` ``slow-echo`` jobs with ``wait=True`` on a live sandbox, one after
  another with ``Client`` or all at once with ``AsyncClient`` (``gather``).
- ``python jobs.py logs {conveyor,httpx} --url URL --token T --service URN [--count N]
  [--interval S]``:
  a ``stamped-countdown`` job (registered by ``server.py --bench-services``:
  each line carries the ``time.time()`` it was written at) started with
  ``wait=False`` and its log followed; each line's latency is its arrival
  time minus its stamp (one machine, one clock).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from collections.abc import Callable
from typing import Any

import _common as c
import httpx

SERVICE = "urn:ivcap:service:4b1d2c7e-3f0a-4d5e-9c8b-0a1b2c3d4e5f"
JOB = "urn:ivcap:job:6c1f9a2e-0b3d-4e5f-8a7b-9c0d1e2f3a4b"
JOBS_PATH = f"/1/services2/{SERVICE}/jobs"
HELD = "10"  # the Timeout Conveyor sends with wait=True (conveyor.job.HELD_SECONDS)

#: word-stats' request schema, as the sandbox publishes it (its tool aspect's fn_schema).
SCHEMA = {
    "type": "object",
    "properties": {
        "text": {"type": "string", "description": "The text to count."},
        "min_length": {
            "type": "integer",
            "minimum": 1,
            "default": 1,
            "description": "Ignore words shorter than this.",
        },
    },
    "required": ["text"],
    "additionalProperties": False,
}
PAYLOAD = {"text": "the cat sat on the mat with the other cat " * 4, "min_length": 3}
RESULT = {
    "words": 28,
    "distinct": 5,
    "longest": "other",
    "top": [["cat", 8], ["the", 8], ["mat", 4], ["other", 4], ["sat", 4]],
}

#: How long the stamped job waits before its first line, so the follower is connected.
LOG_DELAY = 0.3


# ----------------------------------------------------------------------------- request (row 14)


def job_transport() -> httpx.MockTransport:
    """Answers: the service record, its tool aspect, and every job POST with 200 + result."""
    service = {
        "id": SERVICE,
        "name": "word-stats",
        "status": "active",
        "description": "Counts the words of a text.",
        "parameters": [],
    }
    aspects = {
        "items": [
            {
                "id": "urn:ivcap:aspect:0f1e2d3c-4b5a-4697-8877-665544332299",
                "entity": SERVICE,
                "schema": "urn:sd-core:schema.ai-tool.1",
                "content": {"name": "word-stats", "fn_schema": SCHEMA},
            }
        ],
        "links": [],
    }
    bodies = {
        "service": json.dumps(service).encode(),
        "aspects": json.dumps(aspects).encode(),
        "result": json.dumps(RESULT).encode(),
    }
    plain = {"content-type": "application/json"}
    answered = {
        "content-type": "application/json",
        "IVCAP-Job-Id": JOB,
        "IVCAP-Job-URL": f"{c.BASE_URL}{JOBS_PATH}/{JOB}",
    }

    def handler(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if request.method == "POST" and path == JOBS_PATH:
            return httpx.Response(200, content=bodies["result"], headers=answered)
        if path == "/1/aspects":
            return httpx.Response(200, content=bodies["aspects"], headers=plain)
        if path.startswith("/1/services/"):
            return httpx.Response(200, content=bodies["service"], headers=plain)
        return httpx.Response(404, content=b'{"message": "not here"}', headers=plain)

    return httpx.MockTransport(handler)


def request_op(impl: str) -> tuple[Callable[[], object], Callable[[], object]]:
    """``(op, check)``: one job answered at once, and a check that its result arrived."""
    transport = job_transport()
    if impl == "httpx":
        client = httpx.Client(
            base_url=c.BASE_URL,
            transport=transport,
            headers={"Authorization": f"Bearer {c.TOKEN}"},
        )

        def raw() -> object:
            response = client.post(JOBS_PATH, json=PAYLOAD, headers={"Timeout": HELD})
            response.raise_for_status()
            if response.status_code != 200 or not response.headers.get("IVCAP-Job-Id"):
                raise RuntimeError(f"not answered at once: {response.status_code}")
            return json.loads(response.content)

        return raw, raw
    try:
        from conveyor import Client
    except ImportError as exc:
        c.unavailable(f"conveyor.Client missing ({exc})")
    conveyor = Client(url=c.BASE_URL, token=c.TOKEN, transport=transport)
    service = conveyor.services.get(SERVICE)
    if not hasattr(service, "request_job"):
        c.unavailable("conveyor Service.request_job missing")
    validate = impl != "conveyor-novalidate"

    def op() -> Any:
        return service.request_job(PAYLOAD, validate=validate)

    def check() -> object:
        job = op()
        if job.result != RESULT or job.id != JOB:
            raise RuntimeError(f"unexpected job {job.id}: {job.result!r:.80}")
        return job

    return op, check


def run_request(impl: str, calls: int, batches: int) -> dict[str, Any]:
    op, check = request_op(impl)
    check()  # the schema read (once per client) and proof the answer is what it should be
    cpu, wall = c.time_per_op(op, calls=calls, batches=batches, warmup=50)
    return {"ok": True, "seconds": cpu, "wall_seconds": wall}


# ----------------------------------------------------------------------------- many (row 15)


def _status(job: Any) -> str:
    status = getattr(job, "status", None)
    return str(getattr(status, "value", status))


def run_many_sync(url: str, token: str, count: int, seconds: float) -> float:
    try:
        from conveyor import Client
    except ImportError as exc:
        c.unavailable(f"conveyor.Client missing ({exc})")
    with Client(url=url, token=token) as client:
        service = client.services.get_by_name("slow-echo")
        service.request_job({"seconds": 0, "message": "warm-up"})  # reads the schema
        start = time.perf_counter()
        for number in range(count):
            job = service.request_job({"seconds": seconds, "message": f"echo {number}"})
            if _status(job) != "succeeded" or job.result.get("echo") != f"echo {number}":
                raise RuntimeError(f"job {job.id} ended {_status(job)}")
        return time.perf_counter() - start


async def run_many_async(url: str, token: str, count: int, seconds: float) -> float:
    try:
        from conveyor import AsyncClient
    except ImportError as exc:
        c.unavailable(f"conveyor.AsyncClient missing ({exc})")
    async with AsyncClient(url=url, token=token) as client:
        service = await client.services.get_by_name("slow-echo")
        await service.request_job({"seconds": 0, "message": "warm-up"})  # reads the schema

        async def one(number: int) -> None:
            job = await service.request_job({"seconds": seconds, "message": f"echo {number}"})
            result = await job.result
            if _status(job) != "succeeded" or result.get("echo") != f"echo {number}":
                raise RuntimeError(f"job {job.id} ended {_status(job)}")

        start = time.perf_counter()
        await asyncio.gather(*(one(number) for number in range(count)))
        return time.perf_counter() - start


# ----------------------------------------------------------------------------- logs (row 16)


def _stamps(lines: list[tuple[float, str]]) -> list[float]:
    """Latency of every stamped line: arrival minus the ``time.time()`` it carries."""
    latencies = []
    for arrived, line in lines:
        parts = line.split()
        if len(parts) == 2 and parts[0] == "line":
            latencies.append(arrived - float(parts[1]))
    return latencies


def follow_conveyor(
    url: str, token: str, service_id: str, request: dict[str, Any]
) -> list[tuple[float, str]]:
    try:
        from conveyor import Client
    except ImportError as exc:
        c.unavailable(f"conveyor.Client missing ({exc})")
    with Client(url=url, token=token) as client:
        service = client.services.get(service_id)
        job = service.request_job(request, wait=False)
        if not hasattr(job, "logs"):
            c.unavailable("conveyor Job.logs missing")
        got = []
        for line in job.logs(follow=True):
            got.append((time.time(), line))
        return got


def follow_raw(
    url: str, token: str, service_id: str, request: dict[str, Any]
) -> list[tuple[float, str]]:
    with httpx.Client(
        base_url=url,
        headers={"Authorization": f"Bearer {token}"},
        timeout=httpx.Timeout(60.0, connect=10.0),
    ) as client:
        posted = client.post(
            f"/1/services2/{service_id}/jobs", json=request, headers={"Timeout": "0"}
        )
        posted.raise_for_status()
        job_id = posted.json()["job-id"]
        got = []
        with client.stream("GET", f"/1/orders/{job_id}/logs") as response:
            response.raise_for_status()
            for line in response.iter_lines():
                got.append((time.time(), line))
        return got


def run_logs(
    impl: str, url: str, token: str, service_id: str, count: int, interval: float
) -> dict[str, Any]:
    request = {"count": count, "interval": interval, "delay": LOG_DELAY}
    follow = follow_conveyor if impl == "conveyor" else follow_raw
    lines = follow(url, token, service_id, request)
    latencies = _stamps(lines)
    if len(latencies) != count:
        return {"ok": False, "error": f"{len(latencies)} stamped lines of {count} arrived"}
    ordered = sorted(latencies)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "ok": True,
        "max_seconds": ordered[-1],
        "p95_seconds": p95,
        "median_seconds": statistics.median(ordered),
        "latencies": latencies,
    }


# ----------------------------------------------------------------------------- main


def main() -> None:
    """Parse arguments, run the measurement, print the JSON result."""
    parser = argparse.ArgumentParser()
    parser.add_argument("op", choices=["request", "many", "logs"])
    parser.add_argument(
        "impl", choices=["conveyor", "conveyor-novalidate", "httpx", "sync", "async"]
    )
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--batches", type=int, default=9)
    parser.add_argument("--url")
    parser.add_argument("--token")
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=0.2)
    parser.add_argument("--interval", type=float, default=0.1)
    parser.add_argument("--service", help="logs: the stamped-countdown service's URN")
    args = parser.parse_args()
    try:
        if args.op == "request":
            result = run_request(args.impl, args.calls, args.batches)
        elif args.op == "many":
            if args.impl == "sync":
                seconds = run_many_sync(args.url, args.token, args.count, args.seconds)
            else:
                seconds = asyncio.run(
                    run_many_async(args.url, args.token, args.count, args.seconds)
                )
            result = {"ok": True, "seconds": seconds, "per_job_ms": seconds / args.count * 1e3}
        else:
            if not args.service:
                c.unavailable("the sandbox announced no stamped-countdown service")
            result = run_logs(
                args.impl, args.url, args.token, args.service, args.count, args.interval
            )
    except (AttributeError, NotImplementedError) as exc:
        # A missing resource or method means that piece of the SDK has not landed.
        c.unavailable(f"{type(exc).__name__}: {exc}")
    except Exception as exc:
        c.emit({"ok": False, "error": f"{type(exc).__name__}: {exc}"})
        return
    c.emit(result)


if __name__ == "__main__":
    main()
