"""No credential reaches a log record, at any level, from Conveyor or the HTTP libraries.

A loopback server that echoes the request's ``Authorization`` header back in
a response header (as some gateways do) answers every request; the client's
URL carries ``user:password@`` and a ``?token=``-style query. With every
logger at DEBUG, no record's message may hold the password, the query's
value or the bearer token; and the client's repr and errors hide them too.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from conveyor import Client, ConveyorError

TOKEN = "tok-4f1e9a7c2b8d6e05"
PASSWORD = "pw-91c3e7a5"
QUERY_SECRET = "qs-77aa31bb"


class _Echo(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        body = json.dumps({"message": "nothing here"}).encode()
        self.send_response(404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Echo-Authorization", self.headers.get("Authorization", ""))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def echo_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Echo)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_debug_logs_of_every_library_hold_no_credential(
    echo_server: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    url = f"http://user:{PASSWORD}@{echo_server}"
    with Client(url, token=TOKEN, retries=0) as client:
        assert PASSWORD not in repr(client)
        with pytest.raises(ConveyorError) as caught:
            client.services.get("urn:ivcap:service:00000000-0000-4000-8000-000000000001")
        assert TOKEN not in str(caught.value) and PASSWORD not in str(caught.value)
        # A raw request through the client's own httpx client, with a secret query.
        client.http.get(f"http://{echo_server}/1/services?access_token={QUERY_SECRET}")
    messages = [record.getMessage() for record in caplog.records]
    assert any(record.name.startswith("httpcore") for record in caplog.records), (
        "httpcore logged nothing: the test would prove nothing"
    )
    assert any("X-Echo-Authorization" in m or "x-echo-authorization" in m for m in messages)
    for message in messages:
        assert TOKEN not in message, message
        assert PASSWORD not in message, message
        assert QUERY_SECRET not in message, message


def test_a_token_url_in_the_repr_is_redacted() -> None:
    client = Client(f"https://user:{PASSWORD}@platform.test/?token={QUERY_SECRET}", token=TOKEN)
    try:
        shown = repr(client)
        assert PASSWORD not in shown and QUERY_SECRET not in shown and TOKEN not in shown
        assert "platform.test" in shown
    finally:
        client.close()
