"""Run ``conveyor`` in a pseudo-terminal, as a person at a terminal does.

The command is its own session with the pseudo-terminal as its controlling
terminal, so rich and click see a real terminal (colours, width, live bars)
and typing Ctrl-C sends SIGINT through the terminal's line discipline, not
through a signal the test sends itself.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import select
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Mapping

# Makes the pseudo-terminal (fd 0) the controlling terminal of the new session, then runs
# the command: subprocess's start_new_session gives the session, but not the terminal.
_LAUNCHER = (
    "import fcntl, os, sys, termios; "
    "fcntl.ioctl(0, termios.TIOCSCTTY, 0); "
    "os.execv(sys.argv[1], sys.argv[1:])"
)
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][A-Z0-9]")

CTRL_C = b"\x03"


def plain(text: str) -> str:
    """``text`` without terminal escape sequences and carriage returns."""
    return _ANSI.sub("", text).replace("\r", "")


class Terminal:
    """``conveyor ARGS`` running in a pseudo-terminal of ``columns`` x ``rows``.

    ``output`` is everything written so far (stdout and stderr, as a terminal
    mixes them), escape sequences included.
    """

    def __init__(
        self,
        *args: str,
        env: Mapping[str, str] | None = None,
        cwd: str | None = None,
        columns: int = 160,
        rows: int = 40,
    ) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        # A colour terminal of this size, whatever the test run's own settings say;
        # NO_COLOR only when the caller's env asks for it.
        environment = dict(os.environ if env is None else env)
        environment["TERM"] = "xterm-256color"
        for name in ("FORCE_COLOR", "COLUMNS", "LINES", *(["NO_COLOR"] if env is None else [])):
            environment.pop(name, None)
        self.process = subprocess.Popen(
            [sys.executable, "-c", _LAUNCHER, sys.executable, "-m", "conveyor.cli", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            start_new_session=True,
            env=environment,
            cwd=cwd,
        )
        os.close(slave)
        self._master = master
        self._raw = bytearray()

    @property
    def output(self) -> str:
        """Everything the command wrote so far, decoded."""
        return self._raw.decode("utf-8", errors="replace")

    def _read(self, timeout: float) -> bool:
        """Read what is there within ``timeout`` seconds; ``False`` once the terminal closed."""
        ready, _, _ = select.select([self._master], [], [], timeout)
        if not ready:
            return True
        try:
            chunk = os.read(self._master, 65536)
        except OSError:  # EIO: every writer is gone
            return False
        if not chunk:
            return False
        self._raw += chunk
        return True

    def expect(self, pattern: str, timeout: float = 30) -> re.Match[str]:
        """Wait until the plain output matches ``pattern`` (a regex); fail after ``timeout``."""
        deadline = time.monotonic() + timeout
        while True:
            found = re.search(pattern, plain(self.output))
            if found:
                return found
            if time.monotonic() > deadline or not self._read(0.1):
                raise AssertionError(f"never saw {pattern!r}; the terminal shows:\n{self.output}")

    def send(self, data: bytes) -> None:
        """Type ``data`` (``CTRL_C`` for an interrupt)."""
        os.write(self._master, data)

    def wait(self, timeout: float = 60) -> int:
        """Read until the command exits; its exit status."""
        deadline = time.monotonic() + timeout
        while self._read(0.1):
            if self.process.poll() is not None and not select.select([self._master], [], [], 0)[0]:
                break
            if time.monotonic() > deadline:
                self.process.kill()
                raise AssertionError(f"still running after {timeout} s:\n{self.output}")
        code = self.process.wait(timeout=max(1.0, deadline - time.monotonic()))
        os.close(self._master)
        return code

    def close(self) -> None:
        """Stop the command if it still runs, and release the terminal."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        with contextlib.suppress(OSError):  # wait() closed it already
            os.close(self._master)


def run_in_terminal(
    *args: str, env: Mapping[str, str] | None = None, cwd: str | None = None, timeout: float = 60
) -> tuple[int, str]:
    """Run ``conveyor ARGS`` in a terminal to the end: its exit status and raw output."""
    terminal = Terminal(*args, env=env, cwd=cwd)
    try:
        code = terminal.wait(timeout)
    finally:
        terminal.close()
    return code, terminal.output
