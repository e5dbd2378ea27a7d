"""Fixtures for the SDK tests: cassettes recorded from a sandbox, replayed without one.

Cassette tests (``@pytest.mark.vcr``) use the ``client``/``aclient`` fixtures:

- replaying (``--record-mode=none``, what ``./dev test`` runs) they talk to
  ``CANONICAL_URL``, which only the cassettes answer; no server runs;
- recording (``./dev record``, ``--record-mode=rewrite``) a `SandboxServer`
  starts on a loopback port, and every recorded URL (request URIs, hrefs in
  bodies, Location headers) is rewritten from its real address to
  ``CANONICAL_URL`` so replays match. ``Authorization`` is filtered out.

Waits go through the shared `FakeClock` (``tests/fakes.py``): its time advances
only by the sleeps asked of it, so polling makes the same requests when
recording (where it really sleeps, letting orders run) and when replaying
(where it does not sleep).

Live tests (faults, large transfers) use ``live_server`` instead: a sandbox
on loopback in both modes, never recorded.
"""

from __future__ import annotations

import json
import math
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from ..fakes import FakeClock

CANONICAL_URL = "http://sandbox.conveyor.test"
RECORDING_TOKEN = "cvy-recording-token-5f3e9a1c7d2b"
CASSETTES = Path(__file__).parent / "cassettes"


class _Recording:
    """The live address being rewritten while recording (set by the ``sandbox_url`` fixture)."""

    live_url: str | None = None


def _canonical(text: str) -> str:
    live = _Recording.live_url
    return text.replace(live, CANONICAL_URL) if live else text


def _before_record_request(request: Any) -> Any:
    request.uri = _canonical(request.uri)
    return request


def _shrink_openapi(body: Any) -> Any:
    """Keep only the head of an OpenAPI document: the whole contract would be 100 KB."""
    text = body.decode() if isinstance(body, bytes) else body
    if not isinstance(text, str) or '"openapi"' not in text[:200] or '"paths"' not in text:
        return body
    document = json.loads(text)
    small = json.dumps({"openapi": document["openapi"], "info": document["info"], "paths": {}})
    return small.encode() if isinstance(body, bytes) else small


def _before_record_response(response: dict[str, Any]) -> dict[str, Any]:
    body = response.get("body", {}).get("string")
    if body is not None:
        small = _shrink_openapi(body)
        if small is not body:
            _set_body(response, "body", small)
    live = _Recording.live_url
    if not live:
        return response
    body = response.get("content")
    key = "content"
    if body is None:
        body = response.get("body", {}).get("string")
        key = "body"
    if isinstance(body, bytes) and live.encode() in body:
        body = body.replace(live.encode(), CANONICAL_URL.encode())
        _set_body(response, key, body)
    elif isinstance(body, str) and live in body:
        body = body.replace(live, CANONICAL_URL)
        _set_body(response, key, body)
    headers = response.get("headers", {})
    for name in list(headers):
        values = headers[name]
        if isinstance(values, list):
            headers[name] = [_canonical(v) if isinstance(v, str) else v for v in values]
        elif isinstance(values, str):
            headers[name] = _canonical(values)
    return response


def _set_body(response: dict[str, Any], key: str, body: bytes | str) -> None:
    if key == "content":
        response["content"] = body
    else:
        response["body"]["string"] = body
    size = str(len(body.encode() if isinstance(body, str) else body))
    headers = response.get("headers", {})
    for name in list(headers):
        if name.lower() == "content-length":
            headers[name] = [size] if isinstance(headers[name], list) else size


@pytest.fixture(scope="session")
def vcr_config() -> dict[str, Any]:
    return {
        "filter_headers": ["authorization", "host"],
        "before_record_request": _before_record_request,
        "before_record_response": _before_record_response,
        "decode_compressed_response": True,
        "match_on": ["method", "scheme", "host", "port", "path", "query"],
    }


@pytest.fixture
def vcr_cassette_dir(request: pytest.FixtureRequest) -> str:
    return str(CASSETTES / request.module.__name__.rsplit(".", 1)[-1])


@pytest.fixture(scope="session")
def recording(record_mode: str) -> bool:
    """Whether this run records cassettes (``--record-mode`` other than ``none``)."""
    return record_mode != "none"


@pytest.fixture(scope="session")
def sandbox_url(recording: bool) -> Iterator[str]:
    """The base URL of cassette tests: a fresh sandbox's when recording, else the canonical one."""
    if not recording:
        yield CANONICAL_URL
        return
    from conveyor_sandbox import SandboxServer

    with SandboxServer(token=RECORDING_TOKEN) as server:
        server.start()
        _Recording.live_url = server.url
        try:
            yield server.url
        finally:
            _Recording.live_url = None


@pytest.fixture
def clock(recording: bool) -> FakeClock:
    """Sleeps in full while recording (orders need the time), never when replaying."""
    return FakeClock(real_sleep=math.inf if recording else 0.0)


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    """A private cache (upload resume state, content index) for each test."""
    path = tmp_path / "cache"
    path.mkdir()
    return path


@pytest.fixture
def client(sandbox_url: str, clock: FakeClock, cache_dir: Path) -> Iterator[Any]:
    from conveyor import Client

    with Client(
        sandbox_url, token=RECORDING_TOKEN, clock=clock, poll_interval=0.05, cache_dir=cache_dir
    ) as client:
        yield client


@pytest.fixture
async def aclient(sandbox_url: str, clock: FakeClock, cache_dir: Path) -> AsyncIterator[Any]:
    from conveyor import AsyncClient

    async with AsyncClient(
        sandbox_url, token=RECORDING_TOKEN, clock=clock, poll_interval=0.05, cache_dir=cache_dir
    ) as client:
        yield client


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session")
def live_server() -> Iterator[Any]:
    """A sandbox on loopback for live (never recorded) tests, in every mode."""
    from conveyor_sandbox import SandboxServer

    with SandboxServer(token=RECORDING_TOKEN) as server:
        server.start()
        yield server
