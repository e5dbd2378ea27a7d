"""``python -m conveyor_sandbox``: serve a sandbox until interrupted."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

DEFAULT_PORT = 8088


def build_parser(prog: str = "python -m conveyor_sandbox") -> argparse.ArgumentParser:
    """The command-line options (shared with ``conveyor sandbox serve``)."""
    parser = argparse.ArgumentParser(
        prog=prog, description="Serve a local Conveyor platform (sandbox)."
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
    )
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT}; 0 picks one)"
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help="where records and content are kept (default: a temporary directory, removed on exit)",
    )
    parser.add_argument(
        "--token",
        default=os.environ.get("CONVEYOR_SANDBOX_TOKEN"),
        help="bearer token clients must send (default: $CONVEYOR_SANDBOX_TOKEN, else generated)",
    )
    parser.add_argument("--workers", type=int, default=4, help="orders run at once (default 4)")
    parser.add_argument(
        "--max-upload-size", type=int, default=None, help="largest artifact in bytes"
    )
    parser.add_argument(
        "--read-timeout",
        type=_seconds,
        default=None,
        help="seconds a request may leave its headers or body without a byte before it is "
        "abandoned and its connection closed (default: SandboxServer's, 30)",
    )
    return parser


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"must be more than 0 seconds, not {text}")
    return value


def cli_main(argv: Sequence[str] | None = None, prog: str = "python -m conveyor_sandbox") -> int:
    """Run the sandbox in the foreground until SIGINT/SIGTERM; returns an exit code."""
    from ._connection import READ_TIMEOUT
    from ._server import SandboxServer

    args = build_parser(prog).parse_args(argv)
    server = SandboxServer(
        data_dir=args.data_dir,
        token=args.token,
        host=args.host,
        port=args.port,
        workers=args.workers,
        max_upload_size=args.max_upload_size,
        read_timeout=READ_TIMEOUT if args.read_timeout is None else args.read_timeout,
    )
    try:
        server.start()
    except OSError as exc:
        print(f"cannot serve on {args.host}:{args.port}: {exc}", file=sys.stderr)
        server.stop()
        return 1
    # The token is printed for the person who started the sandbox, never logged.
    print(f"Conveyor sandbox serving at {server.url}", flush=True)
    print(f"  data dir: {server.data_dir}", flush=True)
    print(f"  token:    {server.token}", flush=True)
    print(
        f"  try:      curl -H 'Authorization: Bearer {server.token}' {server.url}/1/services",
        flush=True,
    )
    done = threading.Event()

    def on_signal(signum: int, frame: object) -> None:
        done.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        done.wait()
    finally:
        server.stop()
    return 0
