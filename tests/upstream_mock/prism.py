"""Prism, the OpenAPI mock server of the upstream-mock tests: pinned, installed, started.

`Prism <https://github.com/stoplightio/prism>`_ (``@stoplight/prism-cli`` on
npm) serves answers made from an OpenAPI document and validates every request
against it. It lives in ``tests/upstream_mock/.prism/`` (git-ignored), one
pinned version, installed by::

    python tests/upstream_mock/prism.py install   # ./dev ci runs this

which does nothing when that version is already there, so CI re-runs cost a
file read. ``CONVEYOR_PRISM`` names another ``prism`` executable instead.
The tests never download anything: without Prism they skip, saying how to
install it, or fail when ``CONVEYOR_REQUIRE_PRISM=1`` (CI) says it must be
there.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO

PACKAGE = "@stoplight/prism-cli"
# The newest release whose package.json accepts node 20 (5.15 and later ask for node 24).
VERSION = "5.14.2"
HERE = Path(__file__).resolve().parent
INSTALL_DIR = HERE / ".prism"
REQUIRE_VARIABLE = "CONVEYOR_REQUIRE_PRISM"
INSTALL_HINT = (
    f"Prism {VERSION} is not installed: run `python tests/upstream_mock/prism.py install` "
    f"(needs node >= 18 and npm; it runs `npm install --prefix tests/upstream_mock/.prism "
    f"{PACKAGE}@{VERSION}`), or set CONVEYOR_PRISM to a prism executable"
)


def installed_version(directory: Path = INSTALL_DIR) -> str | None:
    """The version of Prism installed in ``directory``, or ``None``."""
    manifest = directory / "node_modules" / "@stoplight" / "prism-cli" / "package.json"
    try:
        version = json.loads(manifest.read_text(encoding="utf-8")).get("version")
    except (OSError, ValueError):
        return None
    return version if isinstance(version, str) else None


def executable() -> Path | None:
    """The ``prism`` to run: ``CONVEYOR_PRISM``, else the pinned install, else ``None``."""
    explicit = os.environ.get("CONVEYOR_PRISM")
    if explicit:
        path = Path(explicit)
        return path if path.is_file() else None
    program = INSTALL_DIR / "node_modules" / ".bin" / "prism"
    if installed_version() == VERSION and program.exists() and shutil.which("node"):
        return program
    return None


def required() -> bool:
    """Whether a missing Prism is a failure (CI) rather than a reason to skip."""
    return os.environ.get(REQUIRE_VARIABLE) == "1"


def install() -> Path:
    """Install the pinned Prism into `INSTALL_DIR` unless it is there; return its executable.

    npm installs into a fresh directory beside the final one, which then
    replaces it with one rename, so a half-done install is never used; a
    lock keeps two installs from racing. Install scripts are not run (Prism
    needs none; one dependency's would send usage statistics).
    """
    found = executable() if not os.environ.get("CONVEYOR_PRISM") else None
    if found is not None:
        return found
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        raise SystemExit(f"node and npm are needed to install Prism: {INSTALL_HINT}")
    with open(HERE / ".prism.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if installed_version() == VERSION:
            return INSTALL_DIR / "node_modules" / ".bin" / "prism"
        fresh = Path(tempfile.mkdtemp(prefix=".prism-new-", dir=HERE))
        try:
            subprocess.run(
                [
                    *(npm, "install", "--prefix", str(fresh), "--no-audit", "--no-fund"),
                    *("--ignore-scripts", "--loglevel=error", f"{PACKAGE}@{VERSION}"),
                ],
                check=True,
                stdout=subprocess.DEVNULL,
            )
            if installed_version(fresh) != VERSION:
                raise SystemExit(f"npm did not install {PACKAGE}@{VERSION} into {fresh}")
            if INSTALL_DIR.exists():
                stale = Path(tempfile.mkdtemp(prefix=".prism-old-", dir=HERE))
                INSTALL_DIR.rename(stale / "prism")
                shutil.rmtree(stale, ignore_errors=True)
            fresh.rename(INSTALL_DIR)
        finally:
            shutil.rmtree(fresh, ignore_errors=True)
    return INSTALL_DIR / "node_modules" / ".bin" / "prism"


def _parent_death_signal() -> Callable[[], None] | None:
    """On Linux, what makes a child get SIGTERM when this process dies (``PR_SET_PDEATHSIG``).

    A test run that is killed never reaches its teardown; without this its
    mocks would live on. libc is loaded here, in the parent, so that the
    child only makes one foreign call between fork and exec.
    """
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    pr_set_pdeathsig = 1

    def die_with_parent() -> None:
        prctl(pr_set_pdeathsig, signal.SIGTERM)

    return die_with_parent


def free_port() -> int:
    """A loopback port nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class PrismServer:
    """One ``prism mock`` process on a loopback port, serving ``spec``.

    Args:
        program: The ``prism`` executable.
        spec: The OpenAPI document to mock.
        log: Where Prism's log goes (its violations are logged there too).
        dynamic: Answer with values generated from the schemas (``-d``,
            with ``seed`` for the same answers every run) instead of the
            spec's examples.
        errors: ``--errors``: an answer that violates the spec becomes a 500.
    """

    def __init__(
        self,
        program: Path,
        spec: Path,
        log: Path,
        *,
        dynamic: bool,
        seed: str | None = None,
        errors: bool,
    ) -> None:
        self.program = program
        self.spec = spec
        self.log = log
        self.dynamic = dynamic
        self.seed = seed
        self.errors = errors
        self.port = 0
        self._process: subprocess.Popen[bytes] | None = None
        self._log_file: IO[bytes] | None = None

    @property
    def url(self) -> str:
        """The mock's base URL."""
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        """Start the process (`wait` tells when it listens)."""
        self.port = free_port()
        flags = ["--errors"] if self.errors else []
        if self.dynamic:
            flags += ["--dynamic"] + (["--seed", self.seed] if self.seed else [])
        self._log_file = open(self.log, "wb")  # noqa: SIM115 - open while Prism runs
        command = [str(self.program), "mock", "--host", "127.0.0.1", "--port", str(self.port)]
        self._process = subprocess.Popen(
            [*command, *flags, str(self.spec)],
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            # Its own process group, so stopping it stops whatever node forks.
            start_new_session=True,
            preexec_fn=_parent_death_signal(),
        )

    def wait(self, timeout: float = 60.0) -> None:
        """Block until Prism says it listens; `RuntimeError` with its log when it does not."""
        assert self._process is not None, "start() first"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if "Prism is listening" in self.log_text():
                return
            if self._process.poll() is not None:
                break
            time.sleep(0.1)
        tail = self.log_text()[-2000:]
        self.stop()
        raise RuntimeError(f"Prism did not start on {self.url} for {self.spec.name}:\n{tail}")

    def log_text(self) -> str:
        """Everything Prism logged so far."""
        try:
            return self.log.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    def stop(self) -> None:
        """Stop the process (and its group), waiting a few seconds before killing it."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None


if __name__ == "__main__":
    if sys.argv[1:] != ["install"]:
        raise SystemExit("usage: python tests/upstream_mock/prism.py install")
    print(f"prism {VERSION}: {install()}")
