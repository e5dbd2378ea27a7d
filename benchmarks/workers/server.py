"""Worker: runs a SandboxServer in its own process until standard input closes.

Prints ``{"ok": true, "url": ..., "token": ...}`` once the server listens. The
sandbox runs in a process of its own so that its CPU time and memory never
count against the client process being measured.
"""

from __future__ import annotations

import argparse
import sys

import _common as c


def main() -> None:
    """Start the sandbox, announce it, serve until stdin reaches EOF, stop it."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", required=True)
    args = parser.parse_args()
    try:
        from conveyor_sandbox import SandboxServer
    except ImportError as exc:
        c.unavailable(f"conveyor_sandbox.SandboxServer missing ({exc})")
    server = SandboxServer(data_dir=args.data_dir, host="127.0.0.1", port=0).start()
    try:
        c.emit({"ok": True, "url": server.url, "token": server.token})
        sys.stdin.read()
    finally:
        server.stop()


if __name__ == "__main__":
    main()
