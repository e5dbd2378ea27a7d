"""Worker: place N ``hello`` orders on a live sandbox and wait for each to finish.

Usage: ``python orders.py {sync,async} --url URL --token T --count N``.

``sync`` uses ``Client`` and handles orders one after another; ``async`` uses
``AsyncClient`` and runs all of them concurrently with ``asyncio.gather``.
Both use ``Order.wait()`` with its default polling, since that is what users
get. The service lookup happens before the clock starts.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from typing import Any

import _common as c

TERMINAL_OK = "succeeded"


def _status_name(order: Any) -> str:
    """The order's status as a plain string, whether an enum or a str."""
    status = getattr(order, "status", None)
    return str(getattr(status, "value", status))


def run_sync(url: str, token: str, count: int) -> float:
    """Place and wait for ``count`` orders sequentially; return seconds."""
    try:
        from conveyor import Client
    except ImportError as exc:
        c.unavailable(f"conveyor.Client missing ({exc})")
    with Client(url=url, token=token) as client:
        service = client.services.get_by_name("hello")
        start = time.perf_counter()
        for number in range(count):
            order = service.place_order(message=f"hello {number}")
            order.wait()
            if _status_name(order) != TERMINAL_OK:
                raise RuntimeError(f"order ended {_status_name(order)}")
        return time.perf_counter() - start


async def run_async(url: str, token: str, count: int) -> float:
    """Place and wait for ``count`` orders concurrently; return seconds."""
    try:
        from conveyor import AsyncClient
    except ImportError as exc:
        c.unavailable(f"conveyor.AsyncClient missing ({exc})")
    async with AsyncClient(url=url, token=token) as client:
        service = await client.services.get_by_name("hello")

        async def one(number: int) -> None:
            order = await service.place_order(message=f"hello {number}")
            await order.wait()
            if _status_name(order) != TERMINAL_OK:
                raise RuntimeError(f"order ended {_status_name(order)}")

        start = time.perf_counter()
        await asyncio.gather(*(one(number) for number in range(count)))
        return time.perf_counter() - start


def main() -> None:
    """Parse arguments, run the orders, print the JSON result."""
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["sync", "async"])
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--count", type=int, default=200)
    args = parser.parse_args()
    try:
        if args.mode == "sync":
            seconds = run_sync(args.url, args.token, args.count)
        else:
            seconds = asyncio.run(run_async(args.url, args.token, args.count))
    except (AttributeError, NotImplementedError) as exc:
        # A missing resource or method means that piece of the SDK has not landed.
        c.unavailable(f"{type(exc).__name__}: {exc}")
    except Exception as exc:
        c.emit({"ok": False, "error": f"{type(exc).__name__}: {exc}"})
        return
    c.emit({"ok": True, "seconds": seconds, "per_order_ms": seconds / args.count * 1000})


if __name__ == "__main__":
    main()
