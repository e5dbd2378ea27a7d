"""Cross-cutting HTTP behaviour: auth, the served contract, paging tokens, bad input."""

from __future__ import annotations

import json
import logging
import socket
from pathlib import Path

import httpx
import pytest
import yaml
from conveyor_sandbox import SandboxServer

from .conftest import checked_client
from .contract import CONTRACT

ROOT = Path(__file__).resolve().parents[2]


def test_served_contract_equals_openapi_platform_yaml(server: SandboxServer) -> None:
    with checked_client(server, auth=False) as c:
        served = c.get("/1/openapi/openapi3.json").json()
    assert served == yaml.safe_load((ROOT / "openapi" / "platform.yaml").read_text()), (
        "run: ./dev regen"
    )


def test_openapi_document_needs_no_token(server: SandboxServer) -> None:
    with checked_client(server, auth=False) as c:
        r = c.get("/1/openapi/openapi3.json")
    assert r.status_code == 200 and r.json()["info"]["title"] == "Conveyor platform API"


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong"},
        {"Authorization": "Basic abc"},
        {"Authorization": "Bearer"},
    ],
)
def test_every_operation_needs_the_token(server: SandboxServer, headers: dict[str, str]) -> None:
    from .contract import CONTRACT

    urn = "urn:ivcap:service:00000000-0000-4000-8000-000000000000"
    with httpx.Client(base_url=server.url, headers=headers) as c:
        for method, template in CONTRACT.operations:
            if template == "/1/openapi/openapi3.json":
                continue
            r = c.request(method, template.replace("{id}", urn))
            assert r.status_code == 401, (method, template)
            if method != "HEAD":
                assert r.json() == {"message": "missing or invalid bearer token"}
            assert r.headers["www-authenticate"].startswith("Bearer")


def test_token_is_never_logged_or_shown(
    caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.DEBUG)
    with SandboxServer(token="s3cret-token-value") as s, checked_client(s) as c:
        c.get("/1/services")
        c.post("/1/orders", json={"service": "x", "parameters": []})
        httpx.get(s.url + "/1/services", headers={"Authorization": "Bearer s3cret-token-valuf"})
        assert "s3cret" not in repr(s)
    out = capsys.readouterr()
    assert "s3cret" not in caplog.text and "s3cret" not in out.out and "s3cret" not in out.err


@pytest.mark.parametrize("limit", ["0", "51", "-1", "ten", "1.5"])
def test_limit_bounds(client: httpx.Client, limit: str) -> None:
    for path in ("/1/services", "/1/orders", "/1/artifacts", "/1/aspects"):
        r = client.get(path, params={"limit": limit})
        assert r.status_code == 422 and r.json()["name"] == "limit" and r.json()["value"] == limit


def test_page_tokens_are_tamper_evident(client: httpx.Client) -> None:
    first = client.get("/1/services", params={"limit": 1}).json()
    nxt = next(lk["href"] for lk in first["links"] if lk["rel"] == "next")
    token = nxt.split("page=", 1)[1]
    assert all(ch.isalnum() or ch in "-_.~" for ch in token)
    head, sig = token.split(".")
    flipped = ("A" if head[5] != "A" else "B").join((head[:5], head[6:]))
    # Change a middle character of the signature: its last characters carry
    # padding bits, so changing those can leave the decoded bytes unchanged.
    forged_sig = ("A" if sig[10] != "A" else "B").join((sig[:10], sig[11:]))
    for bad in (f"{flipped}.{sig}", f"{head}.{forged_sig}", "garbage", "", "a.b.c", token + "x"):
        r = client.get("/1/services", params={"page": bad})
        assert r.status_code == 400 and r.json()["message"].startswith("page:")
    # A token of one list does not work on another.
    r = client.get("/1/orders", params={"page": token})
    assert r.status_code == 400 and "another list" in r.json()["message"]
    # With page, other parameters except limit are ignored.
    r = client.get("/1/services", params={"page": token, "filter": "((", "limit": 2})
    assert r.status_code == 200 and len(r.json()["items"]) == 2


def test_an_expired_page_token_gets_400(fresh_server: SandboxServer) -> None:
    from conveyor_sandbox._paging import TOKEN_TTL

    tokens = fresh_server.platform.tokens
    start = 1_900_000_000.0
    tokens.clock = lambda: start
    with checked_client(fresh_server) as c:
        first = c.get("/1/services", params={"limit": 1}).json()
        nxt = next(lk["href"] for lk in first["links"] if lk["rel"] == "next")
        # Still good a second before it expires ...
        tokens.clock = lambda: start + TOKEN_TTL - 1
        assert c.get(nxt).status_code == 200
        # ... and refused once its day is over, with a way forward.
        tokens.clock = lambda: start + TOKEN_TTL + 1
        r = c.get(nxt)
        assert r.status_code == 400
        assert r.json()["message"] == (
            "page: the token has expired; start again from the first page"
        )
        # A fresh first page works, and its tokens are dated by the same clock.
        again = c.get("/1/services", params={"limit": 1}).json()
        nxt = next(lk["href"] for lk in again["links"] if lk["rel"] == "next")
        assert c.get(nxt).status_code == 200


def test_at_time_must_be_a_date_time(client: httpx.Client) -> None:
    r = client.get("/1/artifacts", params={"at-time": "last tuesday"})
    assert r.status_code == 422 and r.json()["name"] == "at-time"
    r = client.get("/1/services", params={"order-desc": "maybe"})
    assert r.status_code == 422 and r.json()["name"] == "order-desc"


def test_unknown_paths_and_methods(client: httpx.Client) -> None:
    r = httpx.get(f"{client.base_url}/1/nothing", headers=client.headers)
    assert r.status_code == 404 and "no such path" in r.json()["message"]
    r = httpx.delete(f"{client.base_url}/1/orders", headers=client.headers)
    assert r.status_code == 405 and "not allowed" in r.json()["message"]


def test_oversized_json_body_is_refused(client: httpx.Client) -> None:
    big = b'{"x": "' + b"a" * (1024 * 1024 + 10) + b'"}'
    r = client.post(
        "/1/aspects",
        params={"entity": "urn:x:y:1", "schema": "urn:x:s:1"},
        content=big,
        headers={"Content-Type": "application/json"},
    )
    assert r.status_code == 400 and "larger than" in r.json()["message"]
    assert client.get("/1/aspects", params={"entity": "urn:x:y:1"}).json()["items"] == []


@pytest.mark.parametrize("size", [20_000, 70_000])
def test_oversized_headers_get_a_json_400(server: SandboxServer, size: int) -> None:
    with socket.create_connection((server.host, server.port), timeout=5) as sock:
        request = b"GET /1/services HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Big: "
        sock.sendall(request + b"a" * size + b"\r\n\r\n")
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400")
    assert json.loads(body)["message"] in (
        "malformed HTTP request, or headers too large",
        "request headers larger than 16384 bytes",
    )


def test_in_process_asgi_use_without_start() -> None:
    import anyio

    server = SandboxServer()

    async def names() -> set[str]:
        transport = httpx.ASGITransport(app=server.app)
        headers = {"Authorization": f"Bearer {server.token}"}
        async with httpx.AsyncClient(
            transport=transport, base_url="http://sandbox", headers=headers
        ) as c:
            r = await c.get("/1/services")
            CONTRACT.check(r)
            return {i["name"] for i in r.json()["items"]}

    try:
        assert "hello" in anyio.run(names)
    finally:
        server.stop()
    assert not server.data_dir.exists()


def test_start_is_fast_and_stop_is_clean() -> None:
    import threading
    import time

    before = threading.active_count()
    # How fast it starts is benchmark row 9; here, that it starts and stops cleanly.
    server = SandboxServer().start()
    assert server.url.startswith("http://127.0.0.1:") and not server.url.endswith("/")
    assert httpx.get(server.url + "/1/openapi/openapi3.json").status_code == 200
    server.stop()
    time.sleep(0.05)
    assert threading.active_count() <= before
    with pytest.raises(httpx.ConnectError):
        httpx.get(server.url + "/1/openapi/openapi3.json")


def test_query_parameters_outside_the_contract_are_refused(client: httpx.Client) -> None:
    r = client.get("/1/services", params={"colour": "blue"})
    assert r.status_code == 400 and "unknown query parameter 'colour'" in r.json()["message"]
    assert "order-by" in r.json()["message"]
    r = client.get("/1/orders", params={"": "x"})
    assert r.status_code == 400
    # Every parameter the contract defines is taken.
    ok = client.get(
        "/1/aspects",
        params={
            "entity": "urn:x:y:1",
            "schema": "urn:x:%",
            "content-path": "$",
            "limit": 5,
            "filter": "id != 'x'",
            "order-by": "valid-from",
            "order-direction": "ASC",
            "include-content": "true",
            "at-time": "2030-01-01T00:00:00Z",
        },
    )
    assert ok.status_code == 200


def test_accepted_connections_get_tcp_nodelay(server: SandboxServer) -> None:
    # Regression: asyncio sets TCP_NODELAY only on accepted sockets whose proto
    # says TCP; without it each small answer on a kept-alive connection waited
    # ~40 ms for a delayed ACK. (The latency itself is benchmark row 10.)
    import socket

    listening = server._socket
    assert listening is not None
    assert listening.type == socket.SOCK_STREAM and listening.proto == socket.IPPROTO_TCP


def test_malformed_bodies_write_nothing(fresh_server: SandboxServer) -> None:
    with checked_client(fresh_server) as c:
        before = {
            p: c.get(p, params={"limit": 50}).json()["items"]
            for p in ("/1/services", "/1/orders", "/1/aspects")
        }
        json_h = {"Content-Type": "application/json"}
        cases = [
            ("POST", "/1/services", b'{"name": "x", ', json_h),
            ("POST", "/1/services", b"\xff\xfe\x00", json_h),
            (
                "PUT",
                "/1/services/urn:ivcap:service:00000000-0000-4000-8000-000000000001",
                b"[1,",
                json_h,
            ),
            ("POST", "/1/orders", b"", json_h),
            ("POST", "/1/orders", b"[" * 100_000, json_h),
            ("POST", "/1/orders", b'{"service": "' + b"a" * (1024 * 1024) + b'"}', json_h),
            (
                "POST",
                "/1/services",
                b"name=x",
                {"Content-Type": "application/x-www-form-urlencoded"},
            ),
        ]
        for method, path, body, headers in cases:
            r = c.request(method, path, content=body, headers=headers)
            assert r.status_code == 400, (path, body[:20], r.text)
            assert set(r.json()) == {"message"}
        r = c.post(
            "/1/search", content=b"service(S, N), " * 5000, headers={"Content-Type": "text/plain"}
        )
        assert r.status_code == 400 and "larger than" in r.json()["message"]
        after = {p: c.get(p, params={"limit": 50}).json()["items"] for p in before}
    assert after == before
