"""What services print while they run: one durable log file per order or job.

Layout under the data directory::

    logs/order-<uuid>.log     one line per line the service wrote
    logs/job-<uuid>.log

Each line is stored as ``<unix seconds, 6 decimals> <text>\\n`` and flushed
to the operating system as it is written, so a crash of the sandbox keeps
every line written before it (as SQLite's WAL keeps every commit). Readers
take complete lines only; a line cut short by a crash is completed by a
newline when the log is next opened and skipped when read if its stamp is
damaged.

Every write notifies :class:`~conveyor_sandbox._signals.Signals` under the
run's URN, so a streaming reader learns of a new line at once.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ._signals import Signals
from ._util import uuid_part

#: A longer line is cut here (the rest is dropped, and the cut is marked).
MAX_LINE_CHARS = 16 * 1024
#: A run's log stops growing here; one last line says so.
MAX_LOG_BYTES = 16 * 1024 * 1024
#: How much one read takes from a log file.
READ_CHUNK = 256 * 1024


@dataclass(frozen=True)
class LogLine:
    """One line of a log and when it was written (Unix seconds)."""

    at: float
    text: str


class RunLog:
    """The log of one run being written: whole lines, from any thread.

    ``write`` takes text as a stream does (pieces without a newline wait for
    the rest of their line); ``line`` writes one complete line. ``close``
    writes what is left of a partial line.
    """

    def __init__(self, path: Path, run_id: str, signals: Signals) -> None:
        self.run_id = run_id
        self._signals = signals
        self._lock = threading.Lock()
        self._partial = ""
        self._fh: BinaryIO | None = None
        self._path = path
        self._size = 0
        self._full = False

    def _open(self) -> BinaryIO:
        if self._fh is None:
            fh = open(self._path, "a+b")  # noqa: SIM115 (open for the whole run)
            self._size = fh.seek(0, 2)
            if self._size:
                fh.seek(-1, 2)
                if fh.read(1) != b"\n":
                    # A crash cut the last line short: end it, so ours start on their own.
                    fh.write(b"\n")
                    self._size += 1
            self._fh = fh
        return self._fh

    def write(self, text: str) -> int:
        """Add stream text; every completed line is stored at once."""
        with self._lock:
            pieces = (self._partial + text).split("\n")
            self._partial = pieces.pop()
            self._store(pieces)
        return len(text)

    def line(self, text: str) -> None:
        """Store ``text`` as complete lines (it may hold several)."""
        with self._lock:
            self._store(text.split("\n"))

    def close(self) -> None:
        """Store a pending partial line and release the file."""
        with self._lock:
            if self._partial:
                self._store([self._partial])
                self._partial = ""
            if self._fh is not None:
                self._fh.close()
                self._fh = None

    def _store(self, lines: list[str]) -> None:
        if not lines or self._full:
            return
        fh = self._open()
        stamp = f"{time.time():.6f}"
        out = []
        for text in lines:
            text = text.removesuffix("\r")
            if len(text) > MAX_LINE_CHARS:
                text = text[:MAX_LINE_CHARS] + " [line cut]"
            out.append(f"{stamp} {text}\n")
        chunk = "".join(out).encode("utf-8", "backslashreplace")
        if self._size + len(chunk) > MAX_LOG_BYTES:
            chunk = f"{stamp} [log full at {MAX_LOG_BYTES} bytes; later lines dropped]\n".encode()
            self._full = True
        fh.write(chunk)
        fh.flush()
        self._size += len(chunk)
        self._signals.notify(self.run_id)


class LogBook:
    """The log files of every order and job of one data directory."""

    def __init__(self, root: Path, signals: Signals) -> None:
        self.root = root / "logs"
        self.root.mkdir(parents=True, exist_ok=True)
        self.signals = signals

    def path(self, run_id: str) -> Path:
        """The log file of an order or job (``urn:ivcap:<kind>:<uuid>``)."""
        kind = run_id.split(":")[2]
        return self.root / f"{kind}-{uuid_part(run_id)}.log"

    def writer(self, run_id: str) -> RunLog:
        """A writer appending to the log of ``run_id`` (opened on the first line)."""
        return RunLog(self.path(run_id), run_id, self.signals)

    def size(self, run_id: str) -> int:
        """Bytes in the log of ``run_id`` (0 when nothing was written)."""
        try:
            return self.path(run_id).stat().st_size
        except FileNotFoundError:
            return 0

    def read(self, run_id: str, offset: int) -> tuple[list[LogLine], int]:
        """The complete lines from byte ``offset`` on (at most a chunk), and the next offset."""
        try:
            with open(self.path(run_id), "rb") as fh:
                fh.seek(offset)
                data = fh.read(READ_CHUNK)
        except FileNotFoundError:
            return [], offset
        end = data.rfind(b"\n") + 1
        if end == 0 and len(data) == READ_CHUNK:
            # Only a line longer than a chunk could do this; stored lines never are.
            end = len(data)
        lines = []
        for raw in data[:end].splitlines():
            stamp, _, text = raw.decode("utf-8", "replace").partition(" ")
            try:
                at = float(stamp)
            except ValueError:
                continue  # damaged by a crash mid-write
            lines.append(LogLine(at, text))
        return lines, offset + end
