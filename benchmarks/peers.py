"""Creates and finds the benchmarks' own virtual environments under ``benchmarks/.peers/``.

- ``ivcap``: the peer, ``ivcap-client`` from PyPI. Peers are never project
  dependencies.
- ``conveyor-runtime``: Conveyor installed editable with its runtime
  dependencies only, as a user gets it. The project's ``.venv`` also holds the
  dev tools, and some of them change what ``import httpx`` costs (httpx loads
  click and rich eagerly when they are installed), so import times are also
  measured here, where Conveyor sits beside nothing but what it needs.

Both are git-ignored. Two tools may create the same venv at the same moment
(the sandbox's compatibility test uses ``ivcap`` too), so creation is atomic:
the venv is built in a uniquely named directory and published by atomically
renaming a symlink onto it. A half-built venv is never visible under the
final name, and whoever loses the race uses the winner's venv. Console
scripts keep working because their shebangs name the real directory.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PEERS_DIR = HERE / ".peers"


@dataclass(frozen=True)
class VenvSpec:
    """What one benchmark venv holds and how to tell it is usable."""

    name: str
    requirements: tuple[str, ...]
    probe: str  # Python code that succeeds only in a complete, current venv

    @property
    def path(self) -> Path:
        """Where the venv is published (a symlink to the real directory)."""
        return PEERS_DIR / self.name


IVCAP = VenvSpec("ivcap", ("ivcap-client==0.47.21",), "import ivcap_client, httpx")


def _runtime_stamp() -> str:
    """A digest of the project's runtime dependency list: a change means a rebuild."""
    text = (REPO / "pyproject.toml").read_text()
    found = re.search(r"^dependencies = \[(.*?)^\]", text, re.MULTILINE | re.DOTALL)
    return hashlib.sha256((found.group(1) if found else text).encode()).hexdigest()[:16]


def runtime_spec() -> VenvSpec:
    """Conveyor, editable, with only its runtime dependencies (no extras)."""
    stamp = _runtime_stamp()
    probe = (
        "import sys, pathlib, conveyor; "
        f"sys.exit(pathlib.Path(sys.prefix, 'conveyor.stamp').read_text() != '{stamp}')"
    )
    return VenvSpec("conveyor-runtime", ("-e", str(REPO)), probe)


def venv_python(venv: Path) -> Path:
    """Return the interpreter of ``venv`` (POSIX layout)."""
    return venv / "bin" / "python"


def ready(spec: VenvSpec) -> bool:
    """Tell whether the venv exists and passes its probe."""
    python = venv_python(spec.path)
    if not python.exists():
        return False
    probe = subprocess.run([str(python), "-c", spec.probe], capture_output=True, check=False)
    return probe.returncode == 0


def ensure(spec: VenvSpec, *, create: bool = True, log: bool = True) -> Path | None:
    """Return the venv, creating it (pip, from PyPI) when missing and ``create`` is true.

    Returns ``None`` when the venv is absent and may not be created, or when
    creation failed (no registry access, for instance): the rows that need it
    are then reported as not available instead of failing the whole run.
    """
    if ready(spec):
        return spec.path
    if not create:
        return None
    PEERS_DIR.mkdir(parents=True, exist_ok=True)
    # The flock serialises creators that use this module; the atomic rename
    # protects against any other creator that does not take the lock.
    with open(PEERS_DIR / f"{spec.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if ready(spec):
            return spec.path
        if spec.path.exists() and not spec.path.is_symlink():
            # Someone else is building a real directory under the final name
            # without our lock: give them time to finish rather than clobber it.
            for _ in range(120):
                time.sleep(5)
                if ready(spec):
                    return spec.path
            return None
        build = PEERS_DIR / f"{spec.name}-{uuid.uuid4().hex[:8]}"
        if log:
            print(f"creating venv {build.name}: {' '.join(spec.requirements)}", file=sys.stderr)
        try:
            subprocess.run([sys.executable, "-m", "venv", str(build)], check=True)
            pip = [str(venv_python(build)), "-m", "pip", "install", "--quiet"]
            subprocess.run([*pip, *spec.requirements], check=True)
            if spec.name == "conveyor-runtime":
                (build / "conveyor.stamp").write_text(_runtime_stamp())
        except (subprocess.CalledProcessError, OSError) as exc:
            print(f"venv {spec.name} could not be created: {exc}", file=sys.stderr)
            return None
        tmp_link = PEERS_DIR / f".{spec.name}-link-{uuid.uuid4().hex[:8]}"
        tmp_link.symlink_to(build.name)
        try:
            os.replace(tmp_link, spec.path)
        except OSError:
            tmp_link.unlink(missing_ok=True)
            return spec.path if ready(spec) else None
        # Builds the symlink no longer names are stale (an older dependency list).
        for stale in PEERS_DIR.glob(f"{spec.name}-*"):
            if stale.is_dir() and stale.name != build.name:
                shutil.rmtree(stale, ignore_errors=True)
        return spec.path if ready(spec) else None


def ensure_ivcap_venv(*, create: bool = True, log: bool = True) -> Path | None:
    """The peer venv with ivcap-client (see `ensure`)."""
    return ensure(IVCAP, create=create, log=log)


def ivcap_ready() -> bool:
    """Tell whether the peer venv is usable."""
    return ready(IVCAP)


if __name__ == "__main__":
    # `python benchmarks/peers.py` builds the ivcap-client venv (CI runs this for the
    # sandbox's compatibility test); `--all` also builds the runtime venv.
    specs = [IVCAP, runtime_spec()] if "--all" in sys.argv[1:] else [IVCAP]
    ok = True
    for spec in specs:
        found = ensure(spec)
        print(f"{spec.name}: {found if found else 'unavailable'}")
        ok = ok and found is not None
    sys.exit(0 if ok else 1)
