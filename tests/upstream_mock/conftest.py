"""Fixtures of the upstream-mock tests: Prism serving the upstream specs, the wire, the clients.

Four mocks start once per session, in parallel, on loopback ports:

| mock | spec | answers | ``--errors`` |
|---|---|---|---|
| ``0.43-static`` | upstream v0.43 | the spec's examples | no |
| ``0.43-dynamic`` | upstream v0.43 | generated from the schemas, seed 16 | yes |
| ``0.44-static`` | upstream v0.44 | the spec's examples | no |
| ``0.44-dynamic`` | upstream v0.44 | generated from the schemas, seed 16 | yes |

Every mock validates every request against the unmodified upstream spec and
answers one it does not allow with a 4xx and an ``sl-violations`` header.
``--errors`` would also turn an answer that breaks the spec into a 500: the
generated answers never do, but the upstream spec's own examples break its
schemas in about a dozen operations (URNs where it says ``uuid``, sizes past
2^53, a ``content`` object given as a string, records without their required
``id``), so the static mocks run without it and report those answers in the
same header instead (`wire.Exchange.answer_violations`).

After each test that used the ``wire`` (and passed), the wire is checked:
every request reached an operation of the upstream spec, and Prism found
nothing wrong with any of them; a finding fails the test, naming the request
and Prism's message.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conveyor import AsyncClient, Client

from ..fakes import FakeClock
from . import prism
from .wire import ContentServer, MockWire

REPO = Path(__file__).resolve().parents[2]
SPECS = {
    "0.43": REPO / "openapi" / "upstream" / "ivcap-core-api.openapi3.json",
    "0.44": REPO / "openapi" / "upstream" / "ivcap-core-api-0.44.openapi3.json",
}
SEED = "16"
TOKEN = "cvy-mock-token-8d41c6e2"


@dataclass(frozen=True)
class Mock:
    """One running mock: which spec, which kind of answers."""

    name: str
    version: str
    dynamic: bool
    server: prism.PrismServer

    @property
    def url(self) -> str:
        """The mock's base URL."""
        return self.server.url


@pytest.fixture(scope="session")
def prism_servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Mock]]:
    """The four mocks, started together (each takes seconds to read its spec)."""
    program = prism.executable()
    if program is None:
        if prism.required():
            pytest.fail(f"{prism.REQUIRE_VARIABLE}=1 but {prism.INSTALL_HINT}")
        pytest.skip(prism.INSTALL_HINT)
    logs = tmp_path_factory.mktemp("prism")
    mocks: dict[str, Mock] = {}
    try:
        for version, spec in SPECS.items():
            for dynamic in (False, True):
                name = f"{version}-{'dynamic' if dynamic else 'static'}"
                server = prism.PrismServer(
                    program, spec, logs / f"{name}.log", dynamic=dynamic, seed=SEED, errors=dynamic
                )
                server.start()
                mocks[name] = Mock(name, version, dynamic, server)
        for mock in mocks.values():
            mock.server.wait()
        yield mocks
    finally:
        for mock in mocks.values():
            mock.server.stop()


@pytest.fixture(params=["0.43-static", "0.43-dynamic", "0.44-static", "0.44-dynamic"])
def mock(request: pytest.FixtureRequest, prism_servers: dict[str, Mock]) -> Mock:
    """Each mock in turn."""
    return prism_servers[request.param]


@pytest.fixture
def content() -> Iterator[ContentServer]:
    """A content server of the test's own, on another loopback port."""
    server = ContentServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def wire(mock: Mock, content: ContentServer) -> MockWire:
    """The transport between the clients and the mock (checked after the test)."""
    return MockWire(mock.url, content.url)


def client_options(wire: MockWire, tmp_path: Path) -> dict[str, Any]:
    """What every client of these tests gets: the mock, the wire, no retries, a fake clock."""
    return {
        "token": TOKEN,
        "transport": wire,
        "retries": 0,
        "clock": FakeClock(),
        "cache_dir": tmp_path / "cache",
    }


@pytest.fixture
def client(mock: Mock, wire: MockWire, tmp_path: Path) -> Iterator[Client]:
    """A `conveyor.Client` of the mock."""
    with Client(mock.url, **client_options(wire, tmp_path)) as made:
        yield made


@pytest.fixture
async def aclient(mock: Mock, wire: MockWire, tmp_path: Path) -> AsyncIterator[AsyncClient]:
    """A `conveyor.AsyncClient` of the mock."""
    async with AsyncClient(mock.url, **client_options(wire, tmp_path)) as made:
        yield made


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.hookimpl(wrapper=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> Generator[None, object, object]:
    """After a test that passed: fail it when a request it sent broke the upstream spec.

    A test that failed gets the exchanges, with Prism's findings, in its report.
    """
    wire = pyfuncitem.funcargs.get("wire")
    try:
        result = yield
    except BaseException:
        if isinstance(wire, MockWire):
            pyfuncitem.add_report_section("call", "wire", wire.transcript())
        raise
    if isinstance(wire, MockWire):
        problems = wire.problems()
        if problems:
            pyfuncitem.add_report_section("call", "wire", wire.transcript())
            pytest.fail("requests the upstream spec does not allow:\n  " + "\n  ".join(problems))
    return result
