"""Worker: pipelines on a live sandbox: driver overhead, and planning a big pipeline.

Usage::

    python pipeline.py pipeline --url URL --token T --count N --parallel P
    python pipeline.py gather   --url URL --token T --count N --parallel P
    python pipeline.py plan     --url URL --token T --count N

``pipeline`` runs an `AsyncPipeline` of N independent ``hello`` orders with
``max_parallel=P``; ``gather`` places the same orders by hand, with
``asyncio.gather`` and a semaphore of P, each waited for and its products
read, as the pipeline does. ``plan`` defines an N-node pipeline (an order, a
map of word counts over its product and N-3 artifact URNs, a collect of
them) and times ``plan()``: the platform is read (the services), nothing is
written. Its figures: plan seconds, the time to define the nodes, and the
process's peak RSS.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import tempfile
import time
import uuid

import _common as c


async def by_hand(url: str, token: str, count: int, parallel: int) -> float:
    from conveyor import AsyncClient

    async with AsyncClient(url=url, token=token) as client:
        service = await client.services.get_by_name("hello")
        slots = asyncio.Semaphore(parallel)

        async def one(number: int) -> None:
            async with slots:
                order = await service.place_order(message=f"by hand {number}")
                await order.wait()
                await order.products

        start = time.perf_counter()
        await asyncio.gather(*(one(n) for n in range(count)))
        return time.perf_counter() - start


async def by_pipeline(url: str, token: str, count: int, parallel: int) -> float:
    from conveyor import AsyncClient

    with tempfile.TemporaryDirectory() as journals:
        async with AsyncClient(url=url, token=token) as client:
            pipeline = client.pipeline(f"bench-{uuid.uuid4().hex[:8]}", journal_dir=journals)
            for number in range(count):
                pipeline.order("hello", f"hello-{number}", message=f"pipeline {number}")
            start = time.perf_counter()
            run = await pipeline.run(max_parallel=parallel)
            seconds = time.perf_counter() - start
            if run.status != "succeeded" or run.submitted != count:
                raise RuntimeError(f"the run ended {run.status} with {run.submitted} sent")
            return seconds


def plan(url: str, token: str, count: int) -> dict[str, float]:
    from conveyor import Client
    from conveyor.pipeline import Pipeline

    with tempfile.TemporaryDirectory() as journals, Client(url=url, token=token) as client:
        start = time.perf_counter()
        pipeline = Pipeline("bench-plan", client=client, journal_dir=journals)
        source = pipeline.order("hello", "source")
        urns = [f"urn:ivcap:artifact:{n:08x}-0000-4000-8000-000000000000" for n in range(count - 3)]
        counts = pipeline.map("word-count", over=[source.products[0], *urns], param="text")
        pipeline.collect(counts.products, "all")
        defined = time.perf_counter()
        planned = pipeline.plan()
        done = time.perf_counter()
        if len(planned) != count or len(planned.to_run) != count:
            raise RuntimeError(f"planned {len(planned)} steps, {len(planned.to_run)} to run")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return {"seconds": done - defined, "define_seconds": defined - start, "rss_mib": peak}


def main() -> None:
    """Parse arguments, measure, print the JSON result."""
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["pipeline", "gather", "plan"])
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--parallel", type=int, default=16)
    args = parser.parse_args()
    try:
        if args.mode == "plan":
            c.emit({"ok": True, **plan(args.url, args.token, args.count)})
            return
        run = by_pipeline if args.mode == "pipeline" else by_hand
        seconds = asyncio.run(run(args.url, args.token, args.count, args.parallel))
    except ImportError as exc:
        c.unavailable(f"conveyor.pipeline missing ({exc})")
    c.emit({"ok": True, "seconds": seconds})


if __name__ == "__main__":
    main()
