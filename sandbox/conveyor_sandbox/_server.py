"""``SandboxServer``: the platform served by uvicorn on a loopback port."""

from __future__ import annotations

import asyncio
import secrets
import shutil
import socket
import tempfile
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import Any

import uvicorn

from ._app import MAX_HEADER_BYTES, SandboxApp
from ._connection import KEEP_ALIVE_TIMEOUT, READ_TIMEOUT, BodyGuard, guarded_protocol
from ._platform import Platform
from ._registry import ServiceRegistry, default_registry
from ._runner import OrderRunner


class SandboxServer:
    """A local platform speaking the Conveyor contract.

    ``SandboxServer(...).start()`` serves on ``host``:``port`` (``0`` picks a
    free port) from a uvicorn thread; ``stop()`` shuts it down and joins
    every thread. With ``data_dir=None`` a temporary directory is used and
    removed on stop. ``token`` is the bearer token clients must send
    (generated when None). ``registry`` holds the runnable services
    (the default registry, with the built-ins, when None); ``workers``
    bounds concurrently running orders and jobs; ``max_upload_size`` (bytes)
    caps artifacts.

    ``read_timeout`` (seconds, default 30) bounds every wait for more of a
    request over HTTP: a body or a header block that stays silent that long
    is abandoned (a tus upload keeps the bytes that arrived and can be
    resumed at once) and its connection closed. ``keep_alive_timeout``
    (seconds, default 5) closes a connection that stays idle before a
    request, new or kept alive.

    ``app`` is the ASGI application; it can also be driven in-process (for
    instance with ``httpx.ASGITransport``) without ``start()``.
    """

    def __init__(
        self,
        data_dir: str | Path | None = None,
        token: str | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        registry: ServiceRegistry | None = None,
        workers: int = 4,
        max_upload_size: int | None = None,
        read_timeout: float = READ_TIMEOUT,
        keep_alive_timeout: float = KEEP_ALIVE_TIMEOUT,
    ) -> None:
        if not read_timeout > 0 or not keep_alive_timeout > 0:
            raise ValueError("read_timeout and keep_alive_timeout must be positive seconds")
        self.read_timeout = read_timeout
        self.keep_alive_timeout = keep_alive_timeout
        self._temp = data_dir is None
        self.data_dir = (
            Path(tempfile.mkdtemp(prefix="conveyor-sandbox-"))
            if data_dir is None
            else Path(data_dir)
        )
        self.token = token if token else secrets.token_urlsafe(24)
        self.host = host
        self.port = port
        self.registry = registry if registry is not None else default_registry
        self.platform = Platform(self.data_dir, self.registry, max_upload_size=max_upload_size)
        self.runner = OrderRunner(self.platform, workers)
        self._prepare_lock = threading.Lock()
        self._prepared = False
        self.app = SandboxApp(self.platform, self.runner, self.token, self.prepare)
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None
        self._stopped = False

    def __repr__(self) -> str:
        # Never show the token.
        state = "serving" if self._thread else "stopped" if self._stopped else "ready"
        where = self.url if self._thread else str(self.data_dir)
        return f"<SandboxServer {state} {where}>"

    @property
    def url(self) -> str:
        """Base URL clients use, such as ``http://127.0.0.1:54321`` (no trailing slash)."""
        if self._socket is None:
            raise RuntimeError("the sandbox is not serving HTTP; call start() first")
        host = self.host if ":" not in self.host else f"[{self.host}]"
        return f"http://{host}:{self.port}"

    def prepare(self) -> None:
        """Recover from a crash, publish the registered services, resume queued runs (once)."""
        with self._prepare_lock:
            if self._prepared:
                return
            requeue = self.platform.recover()
            self.platform.services.publish_registered()
            for run_id in requeue:
                self.runner.resume(run_id)
            self._prepared = True

    def start(self) -> SandboxServer:
        """Serve HTTP from a background thread; returns once connections are accepted."""
        if self._thread is not None:
            return self
        if self._stopped:
            raise RuntimeError("a stopped SandboxServer cannot start again; create a new one")
        self.prepare()
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        # IPPROTO_TCP explicitly: asyncio only sets TCP_NODELAY on accepted
        # sockets whose proto says TCP, and without it every small keep-alive
        # answer waits ~40 ms for a delayed ACK (Nagle).
        sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((self.host, self.port))
        except OSError:
            sock.close()
            raise
        self.port = sock.getsockname()[1]
        self._socket = sock
        config = uvicorn.Config(
            BodyGuard(self.app, self.read_timeout),
            log_level="warning",
            access_log=False,
            lifespan="off",
            http=guarded_protocol(self.read_timeout, self.keep_alive_timeout),
            # A request head larger than the gate takes is refused by h11 itself,
            # before it is buffered whole.
            h11_max_incomplete_event_size=MAX_HEADER_BYTES,
            ws="none",
            timeout_graceful_shutdown=5,
            server_header=False,
        )
        server = uvicorn.Server(config)
        self._server = server
        ready = threading.Event()
        failure: list[BaseException] = []

        def serve() -> None:
            async def main() -> None:
                serving = asyncio.ensure_future(server.serve(sockets=[sock]))
                while not server.started and not serving.done():
                    await asyncio.sleep(0.005)
                ready.set()
                await serving

            try:
                asyncio.run(main())
            except BaseException as exc:
                failure.append(exc)
            finally:
                ready.set()

        self._thread = threading.Thread(target=serve, name="conveyor-sandbox-http", daemon=True)
        self._thread.start()
        ready.wait(10)
        if failure or not server.started:
            self.stop()
            raise RuntimeError(f"the sandbox did not start: {failure[0] if failure else 'timeout'}")
        return self

    def stop(self) -> None:
        """Stop serving, stop the workers, close the database; removes a temporary data dir."""
        if self._stopped:
            return
        self._stopped = True
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(10)
            self._thread = None
        if self._socket is not None:
            self._socket.close()
        self.runner.shutdown()
        self.platform.close()
        if self._temp:
            shutil.rmtree(self.data_dir, ignore_errors=True)

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def wait_for_order(self, order_id: str, timeout: float = 30.0) -> str:
        """Block until an order (or a job, by its URN) ends; returns its final state.

        For tests and demos.
        """
        store = (
            self.platform.jobs if order_id.startswith("urn:ivcap:job:") else self.platform.orders
        )
        deadline = time.monotonic() + timeout
        while True:
            status: str = store.row(order_id)["status"]
            if status in ("succeeded", "failed", "error"):
                return status
            if time.monotonic() > deadline:
                raise TimeoutError(f"{order_id} still {status} after {timeout} s")
            time.sleep(0.01)

    def info(self) -> dict[str, Any]:
        """Where it serves and stores (no token)."""
        return {"url": self.url if self._socket else None, "data_dir": str(self.data_dir)}
