"""What every request carries: timeouts (default and per call), TLS verification,
the User-Agent and the token.

On the scripted platform of `mock` (an ``httpx.MockTransport``).
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from conveyor import Client, ConfigurationError

from .mock import ART, BASE, SECRET, Recorder, artifact_record, json_response, make


def test_insecure_turns_verification_off_on_the_inner_transport_only() -> None:
    import ssl

    with pytest.raises(ConfigurationError, match="transport"):
        Client(BASE, transport=Recorder().transport, insecure=True)
    for insecure, mode in ((True, ssl.CERT_NONE), (False, ssl.CERT_REQUIRED)):
        with Client("https://platform.test", insecure=insecure) as client:
            context = client.http._transport._sync_transport._pool._ssl_context
            assert context.verify_mode == mode and context.check_hostname is not insecure


def test_timeouts_default_and_override() -> None:
    seen: list[dict[str, Any]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.extensions["timeout"])
        return json_response(200, artifact_record())

    client = Client(BASE, transport=httpx.MockTransport(handler))
    client.artifacts.get(ART)
    client.with_options(timeout=120).artifacts.get(ART)
    Client(BASE, transport=httpx.MockTransport(handler), timeout=7).artifacts.get(ART)
    assert seen[0] == {"connect": 5.0, "read": 30.0, "write": 30.0, "pool": 30.0}
    assert seen[1]["read"] == 120.0 and seen[1]["connect"] == 5.0
    assert seen[2]["read"] == 7.0


def test_user_agent_and_no_token_without_configuration() -> None:
    recorder = Recorder(json_response(200, artifact_record()))
    Client(BASE, transport=recorder.transport).artifacts.get(ART)
    sent = recorder.requests[0]
    assert sent.headers["user-agent"].startswith("conveyor/0.1.0 ")
    assert "authorization" not in sent.headers

    recorder = Recorder(json_response(200, artifact_record()))
    make(recorder).artifacts.get(ART)
    assert recorder.requests[0].headers["authorization"] == f"Bearer {SECRET}"
