"""Creates and finds the peer virtual environment (ivcap-client) for the benchmarks.

Peers are never project dependencies: they live in their own venv under
``benchmarks/.peers/`` (git-ignored). Two engineers' tools may create the same
venv at the same moment, so creation is atomic: the venv is built in a uniquely
named directory and published by atomically renaming a symlink called
``ivcap`` onto it. A half-built venv is therefore never visible under the
final name, and whoever loses the race simply uses the winner's venv.
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

PEERS_DIR = Path(__file__).resolve().parent / ".peers"
IVCAP_VENV = PEERS_DIR / "ivcap"
IVCAP_REQUIREMENT = "ivcap-client==0.47.21"


def venv_python(venv: Path) -> Path:
    """Return the interpreter of ``venv`` (POSIX layout)."""
    return venv / "bin" / "python"


def ivcap_ready(venv: Path = IVCAP_VENV) -> bool:
    """Tell whether ``venv`` exists and can import ``ivcap_client``."""
    python = venv_python(venv)
    if not python.exists():
        return False
    probe = subprocess.run(
        [str(python), "-c", "import ivcap_client, httpx"],
        capture_output=True,
        check=False,
    )
    return probe.returncode == 0


def ensure_ivcap_venv(*, create: bool = True, log: bool = True) -> Path | None:
    """Return the peer venv, creating it from PyPI when missing and ``create`` is true.

    Returns ``None`` when the venv is absent and may not be created, or when
    creation failed (no registry access, for instance): peer rows are then
    reported as not available instead of failing the whole run.
    """
    if ivcap_ready():
        return IVCAP_VENV
    if not create:
        return None
    PEERS_DIR.mkdir(parents=True, exist_ok=True)
    # The flock serialises creators that use this module; the atomic rename
    # protects against any other creator that does not take the lock.
    with open(PEERS_DIR / "ivcap.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if ivcap_ready():
            return IVCAP_VENV
        if IVCAP_VENV.exists() and not IVCAP_VENV.is_symlink():
            # Someone else is building a real directory under the final name
            # without our lock: give them time to finish rather than clobber it.
            for _ in range(120):
                time.sleep(5)
                if ivcap_ready():
                    return IVCAP_VENV
            return None
        build = PEERS_DIR / f"ivcap-{uuid.uuid4().hex[:8]}"
        if log:
            print(f"creating peer venv {build} ({IVCAP_REQUIREMENT})", file=sys.stderr)
        try:
            subprocess.run([sys.executable, "-m", "venv", str(build)], check=True)
            subprocess.run(
                [str(venv_python(build)), "-m", "pip", "install", "--quiet", IVCAP_REQUIREMENT],
                check=True,
            )
        except (subprocess.CalledProcessError, OSError) as exc:
            print(f"peer venv could not be created: {exc}", file=sys.stderr)
            return None
        tmp_link = PEERS_DIR / f".ivcap-link-{uuid.uuid4().hex[:8]}"
        tmp_link.symlink_to(build.name)
        try:
            os.replace(tmp_link, IVCAP_VENV)
        except OSError:
            tmp_link.unlink(missing_ok=True)
        return IVCAP_VENV if ivcap_ready() else None


if __name__ == "__main__":
    found = ensure_ivcap_venv()
    print(found if found else "unavailable")
    sys.exit(0 if found else 1)
