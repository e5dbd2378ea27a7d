"""Worker: start an HTTP server in-process, answer requests over one connection, stop it.

Usage: ``python startup.py {sandbox,starlette} [--requests N]``.

``sandbox`` is ``SandboxServer(data_dir=...).start()``; ``starlette`` is the
baseline, a bare Starlette app with one route served by uvicorn from a thread
on an ephemeral loopback port, the way the sandbox serves. Imports happen
before any clock starts. Prints:

- ``start_seconds``: from constructing the server to the first answered
  ``GET /1/services?limit=1``;
- ``keepalive_seconds``: mean time of ``N`` further sequential GETs on the
  same kept-alive connection (a server whose socket lacks TCP_NODELAY makes
  each one wait ~40 ms for a delayed ACK);
- ``stop_seconds``: the time ``stop()`` takes.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import threading
import time
from collections.abc import Callable

import _common as c
import httpx

PATH = "/1/services?limit=1"


Served = tuple[str, str, Callable[[], None]]  # URL, token, stop function


def sandbox_starter() -> Callable[[str], Served]:
    """Import the sandbox; return a function starting a SandboxServer in a data directory."""
    try:
        from conveyor_sandbox import SandboxServer
    except ImportError as exc:
        c.unavailable(f"conveyor_sandbox.SandboxServer missing ({exc})")

    def start(data_dir: str) -> Served:
        server = SandboxServer(data_dir=data_dir, host="127.0.0.1", port=0).start()
        return server.url, server.token, server.stop

    return start


def starlette_starter() -> Callable[[str], Served]:
    """Import uvicorn and Starlette; return a function serving a one-route app from a thread."""
    import uvicorn
    from starlette.applications import Starlette
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    body = {"items": [], "links": [], "at-time": "2026-11-01T10:00:00Z"}

    async def services(request: object) -> JSONResponse:
        return JSONResponse(body)

    def start(data_dir: str) -> Served:
        app = Starlette(routes=[Route("/1/services", services)])
        config = uvicorn.Config(
            app, host="127.0.0.1", port=0, log_level="warning", access_log=False, lifespan="off"
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            if not thread.is_alive():
                raise RuntimeError("uvicorn exited before it started")
            time.sleep(0.001)
        port = server.servers[0].sockets[0].getsockname()[1]

        def stop() -> None:
            server.should_exit = True
            thread.join(10)

        return f"http://127.0.0.1:{port}", c.TOKEN, stop

    return start


def main() -> None:
    """Parse arguments, measure, print the JSON result."""
    parser = argparse.ArgumentParser()
    parser.add_argument("impl", choices=["sandbox", "starlette"])
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()
    start = sandbox_starter() if args.impl == "sandbox" else starlette_starter()
    data_dir = tempfile.mkdtemp(prefix="bench-startup-")
    # No proxy from the environment: loopback only.
    client = httpx.Client(trust_env=False)
    try:
        began = time.perf_counter()
        url, token, stop = start(data_dir)
        headers = {"Authorization": f"Bearer {token}"}
        client.get(url + PATH, headers=headers).raise_for_status()
        started = time.perf_counter() - began
        peers = set()
        began = time.perf_counter()
        for _ in range(args.requests):
            response = client.get(url + PATH, headers=headers)
            response.raise_for_status()
            peers.add(response.extensions["network_stream"].get_extra_info("client_addr"))
        keepalive = (time.perf_counter() - began) / args.requests
        began = time.perf_counter()
        stop()
        stopped = time.perf_counter() - began
    except (AttributeError, NotImplementedError) as exc:
        c.unavailable(f"{type(exc).__name__}: {exc}")
    except Exception as exc:
        c.emit({"ok": False, "error": f"{type(exc).__name__}: {exc}"})
        return
    finally:
        client.close()
        shutil.rmtree(data_dir, ignore_errors=True)
    if len(peers) != 1:
        c.emit({"ok": False, "error": f"{len(peers)} connections used, expected one"})
        return
    c.emit(
        {
            "ok": True,
            "start_seconds": started,
            "keepalive_seconds": keepalive,
            "stop_seconds": stopped,
        }
    )


if __name__ == "__main__":
    main()
