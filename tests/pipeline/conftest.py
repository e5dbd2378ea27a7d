"""Fixtures of the pipeline tests: one sandbox on loopback with the test services.

Every test names its pipeline uniquely (`unique`), since runs are found on
the platform by the pipeline's name and the sandbox is shared. Clients go
through a `FaultTransport` (without faults unless a test adds some), which
records every request: "nothing was sent" is checked on what went out.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from conveyor import AsyncClient, Client

from ..fakes import FakeClock
from ..sdk.faults import FaultTransport
from .services import registry

TOKEN = "cvy-pipeline-test-token-6b1e0f"
#: How long each poll really sleeps: orders on the sandbox take milliseconds.
REAL_SLEEP = 0.02


def unique(name: str) -> str:
    """A pipeline name no other test uses."""
    return f"{name}-{uuid.uuid4().hex[:8]}"


def writes(transport: FaultTransport) -> list[tuple[str, str]]:
    """The requests that may change something (anything but GET and HEAD)."""
    return [(m, p) for m, p, _ in transport.requests if m not in ("GET", "HEAD")]


def placed(transport: FaultTransport) -> int:
    """How many orders were placed and jobs run through ``transport``."""
    return sum(
        1
        for m, p, _ in transport.requests
        if m == "POST" and (p == "/1/orders" or p.endswith("/jobs"))
    )


@pytest.fixture(scope="session")
def server() -> Iterator[Any]:
    """A sandbox with the built-ins and the test services, shared by the pipeline tests."""
    from conveyor_sandbox import SandboxServer

    with SandboxServer(token=TOKEN, registry=registry(), workers=8) as sandbox:
        yield sandbox


@pytest.fixture
def journals(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This test's own journal folder (as ``CONVEYOR_PIPELINES_DIR``)."""
    folder = tmp_path / "journals"
    monkeypatch.setenv("CONVEYOR_PIPELINES_DIR", str(folder))
    return folder


@pytest.fixture
def transport() -> FaultTransport:
    """The recording transport ``client`` sends through."""
    return FaultTransport()


@pytest.fixture
def client(
    server: Any, transport: FaultTransport, tmp_path: Path, journals: Path
) -> Iterator[Client]:
    with Client(
        server.url,
        token=TOKEN,
        transport=transport,
        clock=FakeClock(real_sleep=REAL_SLEEP),
        cache_dir=tmp_path / "cache",
    ) as made:
        yield made


@pytest.fixture
def other_client(server: Any, tmp_path: Path) -> Iterator[Client]:
    """A client as on another machine: its own cache, no local journals."""
    with Client(
        server.url,
        token=TOKEN,
        clock=FakeClock(real_sleep=REAL_SLEEP),
        cache_dir=tmp_path / "other-cache",
    ) as made:
        yield made


@pytest.fixture
async def aclient(server: Any, tmp_path: Path, journals: Path) -> AsyncIterator[AsyncClient]:
    async with AsyncClient(
        server.url,
        token=TOKEN,
        clock=FakeClock(real_sleep=REAL_SLEEP),
        cache_dir=tmp_path / "cache",
    ) as made:
        yield made


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def texts(tmp_path: Path) -> list[Path]:
    """Two small text files."""
    first = tmp_path / "first.txt"
    first.write_text("the cat sat on the mat\nthe end\n")
    second = tmp_path / "second.txt"
    second.write_text("to be or not to be that is the question\n")
    return [first, second]
