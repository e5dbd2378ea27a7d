"""IVCAP's official client (``ivcap-client``) against the sandbox.

The client is never a project dependency: it lives in its own venv. Create
it once (no ``./dev`` needed)::

    python3 -m venv benchmarks/.peers/ivcap
    benchmarks/.peers/ivcap/bin/pip install ivcap-client==0.47.21

(or ``python benchmarks/peers.py``, which builds the same venv atomically).
Without that venv this test is skipped.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from conveyor import Client
from conveyor_sandbox import SandboxServer

from .test_names import NAMES

ROOT = Path(__file__).resolve().parents[2]
PEER_PYTHON = ROOT / "benchmarks" / ".peers" / "ivcap" / "bin" / "python"
SCRIPT = Path(__file__).with_name("compat") / "ivcap_client_compat.py"


def _peer_ready() -> bool:
    if not PEER_PYTHON.exists():
        return False
    probe = subprocess.run(
        [str(PEER_PYTHON), "-c", "import ivcap_client"], capture_output=True, check=False
    )
    return probe.returncode == 0


# CI builds the peer venv (./dev ci), so there a missing venv is a failure, not a skip.
_REQUIRED = os.environ.get("CONVEYOR_REQUIRE_PEERS") == "1"


@pytest.mark.skipif(
    not _REQUIRED and not _peer_ready(),
    reason="no ivcap-client venv at benchmarks/.peers/ivcap; create it with: python3 -m venv "
    "benchmarks/.peers/ivcap && benchmarks/.peers/ivcap/bin/pip install ivcap-client==0.47.21",
)
def test_ivcap_client_runs_jobs_lists_services_orders_uploads_downloads_and_adds_aspects() -> None:
    peer_collection = "urn:ivcap:collection:1d2e3f40-5a6b-4c7d-8e9f-0a1b2c3d4e5f"
    with SandboxServer() as server, Client(server.url, token=server.token) as conveyor:
        # Either client must see the other's collections: Conveyor makes one for the
        # peer to read, and reads the one the peer makes.
        member = conveyor.artifacts.upload(b"shared member", name="member.txt", force=True)
        ours = conveyor.collections.create("made by conveyor", "for ivcap-client")
        ours.add(member)
        conveyor.secrets.set("compat-secret", "never printed")
        env = {
            **os.environ,
            "IVCAP_URL": server.url,
            "IVCAP_JWT": server.token,
            "CONVEYOR_COLLECTION": ours.id,
            "CONVEYOR_MEMBER": member.id,
            "PEER_COLLECTION": peer_collection,
            "CONVEYOR_NAMES": json.dumps(NAMES),
        }
        run = subprocess.run(
            [str(PEER_PYTHON), str(SCRIPT)],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        theirs = conveyor.collections.get(peer_collection)
        assert (theirs.name, theirs.description) == ("made by ivcap-client", "for Conveyor")
        assert list(theirs.items()) == [member.id]
        # Conveyor reads back every name IVCAP's client gave.
        stored = {a.name for a in conveyor.artifacts.list(limit=None)}
        assert set(NAMES) <= stored, set(NAMES) - stored
    report = run.stdout
    assert "never printed" not in report + run.stderr
    assert run.returncode == 0, report + run.stderr
    for needle in (
        # The high-level service objects, over /1/services2.
        "ok   list services (IVCAP.list_services",
        "ok   page through services",
        "ok   find a service by name (IVCAP.get_service_by_name)",
        "ok   read a service's parameters (Service.refresh, Service.parameters)",
        "ok   get a service by id (IVCAP.get_service",
        "ok   list and read services the v0.43 way",
        # Jobs: the request model from the tool aspect, the 200 and 202 paths, async, lists.
        "ok   build a request model from a tool service (Service.request_model)",
        "ok   run a job and get its result at once (Service.request_job, timeout=10)",
        "ok   run a job that answers later and poll it (request_job timeout=0, refresh, status)",
        "ok   run a job from an async program (Service.request_job_async)",
        "ok   list a service's jobs (service_job_list, GET /1/services2/{id}/jobs)",
        "ok   a bad request is refused, naming the field (request_job, 422)",
        "ok   upload an artifact from a stream",
        "ok   names round-trip exactly",
        "ok   read and download an artifact",
        "ok   place an order",
        "ok   list the order's products and download one",
        "ok   add, update, list, read and retract aspects",
        "ok   search",
        # Collections and secrets, both ways.
        "ok   create, get, list, add to, remove from and retract a collection",
        "ok   read a collection Conveyor made",
        "ok   make a collection for Conveyor to read",
        "ok   list secrets",
    ):
        assert needle in report, report
    assert report.rstrip().endswith("0 failed")
