"""Worker: runs a SandboxServer in its own process until standard input closes.

Prints ``{"ok": true, "url": ..., "token": ...}`` once the server listens. The
sandbox runs in a process of its own so that its CPU time and memory never
count against the client process being measured.

``--workers N`` sizes the sandbox's pool of worker threads (its default is
4). ``--bench-services`` adds the benchmark's own job service to a registry
of the built-ins: ``stamped-countdown`` (``{"count", "interval", "delay"}``)
sleeps ``delay`` seconds, then prints ``line <time.time()>`` ``count`` times,
``interval`` seconds apart, so a log follower can tell how long each line
took to reach it; its URN is announced as ``stamped``.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

import _common as c

STAMPED = "stamped-countdown"


def bench_registry() -> Any:
    """The built-in services plus ``stamped-countdown``, registered through the public API."""
    from conveyor_sandbox import ServiceRegistry

    registry = ServiceRegistry()

    @registry.job_service(
        STAMPED,
        description="Prints 'line <unix time>' count times, interval seconds apart.",
        request_schema={
            "type": "object",
            "properties": {
                "count": {"type": "integer", "minimum": 1, "maximum": 10000, "default": 20},
                "interval": {"type": "number", "minimum": 0, "maximum": 10, "default": 0.1},
                "delay": {"type": "number", "minimum": 0, "maximum": 10, "default": 0.3},
            },
            "additionalProperties": False,
        },
    )
    def stamped(request: dict[str, Any], ctx: Any) -> dict[str, Any]:
        ctx.sleep(request.get("delay", 0.3))  # lets the follower connect first
        count = request.get("count", 20)
        interval = request.get("interval", 0.1)
        for number in range(count):
            if number:
                ctx.sleep(interval)
            print(f"line {time.time():.6f}")
        return {"counted": count}

    return registry


def main() -> None:
    """Start the sandbox, announce it, serve until stdin reaches EOF, stop it."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--workers", type=int, help="the sandbox's worker threads (default 4)")
    parser.add_argument("--bench-services", action="store_true", help="add stamped-countdown")
    args = parser.parse_args()
    try:
        from conveyor_sandbox import SandboxServer
    except ImportError as exc:
        c.unavailable(f"conveyor_sandbox.SandboxServer missing ({exc})")
    options: dict[str, Any] = {}
    if args.workers is not None:
        options["workers"] = args.workers
    announce: dict[str, Any] = {}
    if args.bench_services:
        try:
            from conveyor_sandbox import service_id_for

            options["registry"] = bench_registry()
            announce["stamped"] = service_id_for(STAMPED)
        except (ImportError, AttributeError) as exc:
            c.unavailable(f"conveyor_sandbox job-service registration missing ({exc})")
    try:
        server = SandboxServer(data_dir=args.data_dir, host="127.0.0.1", port=0, **options)
    except TypeError as exc:
        c.unavailable(f"SandboxServer does not take {sorted(options)} ({exc})")
    server.start()
    try:
        c.emit({"ok": True, "url": server.url, "token": server.token, **announce})
        sys.stdin.read()
    finally:
        server.stop()


if __name__ == "__main__":
    main()
