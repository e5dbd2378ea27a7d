"""Fixtures for the sandbox tests: servers, authenticated clients that check every answer."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from conveyor_sandbox import SandboxServer

from .contract import CONTRACT


def checked_client(server: SandboxServer, *, auth: bool = True) -> httpx.Client:
    """A client of ``server`` whose every answer is validated against the contract."""
    headers = {"Authorization": f"Bearer {server.token}"} if auth else {}

    def check(response: httpx.Response) -> None:
        response.read()
        CONTRACT.check(response)

    return httpx.Client(
        base_url=server.url, headers=headers, timeout=30, event_hooks={"response": [check]}
    )


@pytest.fixture(scope="module")
def server() -> Iterator[SandboxServer]:
    """One sandbox shared by a test module."""
    with SandboxServer() as s:
        yield s


@pytest.fixture
def fresh_server() -> Iterator[SandboxServer]:
    """A sandbox of one's own."""
    with SandboxServer() as s:
        yield s


@pytest.fixture
def client(server: SandboxServer) -> Iterator[httpx.Client]:
    """An authenticated, contract-checking client of the module's sandbox."""
    with checked_client(server) as c:
        yield c
