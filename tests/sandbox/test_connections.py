"""Connections a client leaves hanging: stalled bodies and heads, idle sockets, early answers.

Driven with plain sockets, since an HTTP client library would not send what
these clients send (issue 18: a PATCH that goes silent kept its upload
locked; issue 16: a kept-alive connection stalled after an early answer).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from conveyor_sandbox import SandboxServer
from conveyor_sandbox._connection import READ_TIMEOUT as DEFAULT_READ_TIMEOUT
from conveyor_sandbox._routes.tus import TAKEOVER_AFTER

READ_TIMEOUT = 1.0
KEEP_ALIVE = 0.5
MiB = 1024 * 1024
TUS = {"Tus-Resumable": "1.0.0"}


@pytest.fixture(scope="module")
def server() -> Iterator[SandboxServer]:
    """A sandbox whose timeouts are short enough to wait for."""
    with SandboxServer(read_timeout=READ_TIMEOUT, keep_alive_timeout=KEEP_ALIVE) as s:
        yield s


@pytest.fixture
def client(server: SandboxServer) -> Iterator[httpx.Client]:
    headers = {"Authorization": f"Bearer {server.token}"}
    with httpx.Client(base_url=server.url, headers=headers, timeout=10) as c:
        yield c


def request(method: str, path: str, headers: dict[str, str], body: bytes = b"") -> bytes:
    lines = "".join(f"{k}: {v}\r\n" for k, v in {"Host": "sandbox", **headers}.items())
    return f"{method} {path} HTTP/1.1\r\n{lines}\r\n".encode() + body


class Answer:
    """One HTTP answer read off a socket."""

    def __init__(self, sock: socket.socket, timeout: float) -> None:
        sock.settimeout(timeout)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            assert chunk, f"the connection closed before an answer: {data!r}"
            data += chunk
        head, _, self.body = data.partition(b"\r\n\r\n")
        status_line, *lines = head.decode("latin-1").split("\r\n")
        self.status = int(status_line.split()[1])
        self.headers = {k.lower(): v.strip() for k, v in (ln.split(":", 1) for ln in lines)}
        length = int(self.headers.get("content-length", "0"))
        while len(self.body) < length:
            chunk = sock.recv(65536)
            assert chunk, "the connection closed in the middle of an answer"
            self.body += chunk

    @property
    def closes(self) -> bool:
        return self.headers.get("connection", "").lower() == "close"


def closed_within(sock: socket.socket, seconds: float) -> float:
    """Seconds until the server closes ``sock`` (fails after ``seconds``)."""
    start = time.monotonic()
    sock.settimeout(seconds)
    try:
        while sock.recv(65536):
            pass
    except TimeoutError:
        pytest.fail(f"the connection was still open after {seconds} s")
    except ConnectionResetError:
        pass
    return time.monotonic() - start


# -- a stalled upload lets go of its upload --------------------------------------------


def test_a_patch_that_goes_silent_lets_the_next_one_resume(
    server: SandboxServer, client: httpx.Client
) -> None:
    size = 4 * MiB
    data = bytes(range(256)) * (size // 256)
    created = client.post("/1/artifacts", headers={**TUS, "Upload-Length": str(size)}).json()
    href = created["data-href"]
    path = httpx.URL(href).raw_path.decode()
    auth = {"Authorization": f"Bearer {server.token}", **TUS}
    with socket.create_connection((server.host, server.port)) as stalled:
        patch = {
            **auth,
            "Content-Type": "application/offset+octet-stream",
            "Upload-Offset": "0",
            "Content-Length": str(size),
        }
        sent = MiB + 12345
        stalled.sendall(request("PATCH", path, patch, data[:sent]))
        start = time.monotonic()
        # The client behind that connection is gone. Only HEADs are sent while
        # waiting (a newer PATCH would take over, see the gateway test): the
        # timeout alone must record what arrived and free the upload.
        while (offset := int(client.head(href, headers=TUS).headers["upload-offset"])) < sent:
            assert time.monotonic() - start < READ_TIMEOUT + 2, "nothing was recorded"
            time.sleep(0.05)
        took = time.monotonic() - start
        chunk = {"Content-Type": "application/offset+octet-stream", "Upload-Offset": str(offset)}
        r = client.patch(href, content=data[offset:], headers={**TUS, **chunk})
        assert r.status_code == 204, r.text
        # The stalled request got its answer and lost its connection.
        answer = Answer(stalled, 5)
        assert answer.status == 400 and answer.closes
        assert b"stalled" in answer.body
        closed_within(stalled, 2)
    assert READ_TIMEOUT * 0.8 < took < READ_TIMEOUT + 2
    # What the stalled request delivered was kept, and resuming skipped it.
    assert offset == sent
    record = client.get(f"/1/artifacts/{created['id']}").json()
    assert record["status"] == "ready" and record["size"] == size
    assert hashlib.sha256(client.get(href).content).hexdigest() == hashlib.sha256(data).hexdigest()


def test_a_patch_whose_client_hangs_up_is_released_at_once(
    server: SandboxServer, client: httpx.Client
) -> None:
    size = 2 * MiB
    href = client.post("/1/artifacts", headers={**TUS, "Upload-Length": str(size)}).json()[
        "data-href"
    ]
    path = httpx.URL(href).raw_path.decode()
    patch = {
        "Authorization": f"Bearer {server.token}",
        **TUS,
        "Content-Type": "application/offset+octet-stream",
        "Upload-Offset": "0",
        "Content-Length": str(size),
    }
    with socket.create_connection((server.host, server.port)) as gone:
        gone.sendall(request("PATCH", path, patch, b"a" * (MiB + 1)))
        time.sleep(0.2)
    start = time.monotonic()
    while True:
        offset = int(client.head(href, headers=TUS).headers["upload-offset"])
        chunk = {"Content-Type": "application/offset+octet-stream", "Upload-Offset": str(offset)}
        r = client.patch(href, content=b"a" * (size - offset), headers={**TUS, **chunk})
        if r.status_code == 204:
            break
        assert time.monotonic() - start < READ_TIMEOUT / 2, "the upload stayed locked"
        time.sleep(0.02)
    assert offset == MiB + 1


def test_a_json_body_that_stalls_is_abandoned(server: SandboxServer) -> None:
    headers = {
        "Authorization": f"Bearer {server.token}",
        "Content-Type": "application/json",
        "Content-Length": "100",
    }
    path = "/1/aspects?entity=urn:ivcap:artifact:x&schema=urn:example:schema:s.1"
    with socket.create_connection((server.host, server.port)) as sock:
        start = time.monotonic()
        sock.sendall(request("POST", path, headers, b'{"a":'))
        answer = Answer(sock, READ_TIMEOUT + 3)
        took = time.monotonic() - start
        assert answer.status == 400 and answer.closes and b"stalled" in answer.body
        closed_within(sock, 2)
    assert READ_TIMEOUT * 0.8 < took < READ_TIMEOUT + 1.5


def test_a_direct_upload_that_stalls_stores_nothing(
    server: SandboxServer, client: httpx.Client
) -> None:
    before = client.get("/1/artifacts", params={"limit": 50}).json()["items"]
    headers = {
        "Authorization": f"Bearer {server.token}",
        "X-Name": "stalled.bin",
        "Content-Type": "application/octet-stream",
        "Content-Length": str(2 * MiB),
    }
    with socket.create_connection((server.host, server.port)) as sock:
        sock.sendall(request("POST", "/1/artifacts", headers, b"z" * (MiB + 1)))
        answer = Answer(sock, READ_TIMEOUT + 3)
        assert answer.status == 400 and answer.closes and b"stalled" in answer.body
    assert client.get("/1/artifacts", params={"limit": 50}).json()["items"] == before


# -- connections that never send a request are closed ---------------------------------


def test_a_connection_that_sends_nothing_is_closed(server: SandboxServer) -> None:
    with socket.create_connection((server.host, server.port)) as sock:
        assert closed_within(sock, KEEP_ALIVE + 2) < KEEP_ALIVE + 1


def test_a_kept_alive_connection_left_idle_is_closed(server: SandboxServer) -> None:
    with socket.create_connection((server.host, server.port)) as sock:
        sock.sendall(request("GET", "/1/openapi/openapi3.json", {}))
        assert Answer(sock, 5).status == 200
        assert closed_within(sock, KEEP_ALIVE + 2) < KEEP_ALIVE + 1


def test_a_request_head_that_stops_halfway_is_closed(server: SandboxServer) -> None:
    with socket.create_connection((server.host, server.port)) as sock:
        sock.sendall(b"GET /1/services HTTP/1.1\r\nHost: x\r\n")
        assert closed_within(sock, READ_TIMEOUT + 2) < READ_TIMEOUT + 1


def test_a_request_head_trickled_byte_by_byte_is_closed(server: SandboxServer) -> None:
    head = b"GET /1/services HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 1000
    start = time.monotonic()
    with socket.create_connection((server.host, server.port)) as sock:
        try:
            for byte in head:
                sock.sendall(bytes([byte]))
                time.sleep(KEEP_ALIVE / 4)
                assert time.monotonic() - start < READ_TIMEOUT + 2, "still open"
        except (BrokenPipeError, ConnectionResetError):
            pass
        else:
            pytest.fail("the whole trickled head was taken")
    assert time.monotonic() - start < READ_TIMEOUT + 1


# -- an early answer leaves the connection usable, or closes it -------------------------


def early_answers(token: str) -> list[tuple[str, str, str, dict[str, str], int]]:
    auth = {"Authorization": f"Bearer {token}"}
    aspect = "/1/aspects?entity=urn:ivcap:artifact:x&schema=urn:example:schema:s.1"
    return [
        ("no token", "POST", "/1/orders", {"Content-Type": "application/json"}, 401),
        ("no such path", "POST", "/1/nothing-here", auth, 404),
        ("not JSON", "POST", aspect, {**auth, "Content-Type": "text/plain"}, 415),
        ("encoded upload", "POST", "/1/artifacts", {**auth, "Content-Encoding": "gzip"}, 415),
        ("too large", "POST", "/1/orders", {**auth, "Content-Type": "application/json"}, 400),
    ]


CASES = [case[0] for case in early_answers("")]


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("size", [10, 60_000])
def test_after_an_early_answer_the_next_request_is_answered(
    server: SandboxServer, case: str, size: int
) -> None:
    [(_, method, path, headers, status)] = [c for c in early_answers(server.token) if c[0] == case]
    if case == "too large":
        # A declared length beyond the 1 MiB a JSON body may have: refused unread.
        headers = {**headers, "Content-Length": str(2 * MiB)}
        body = b""
    else:
        headers = {**headers, "Content-Length": str(size)}
        body = b"x" * size
    auth = {"Authorization": f"Bearer {server.token}"}
    with socket.create_connection((server.host, server.port)) as sock:
        sock.sendall(request(method, path, headers, body))
        first = Answer(sock, 5)
        assert first.status == status
        if case == "too large":
            # The 2 MiB are not read: the answer says the connection ends.
            assert first.closes
            closed_within(sock, 2)
            return
        assert not first.closes
        start = time.monotonic()
        sock.sendall(request("GET", "/1/services", auth))
        second = Answer(sock, 2)
        assert second.status == 200 and time.monotonic() - start < 0.5


@pytest.mark.parametrize("case", CASES[:-1])
@pytest.mark.parametrize("how", ["expects 100-continue", "sends less than it declares"])
def test_a_body_that_is_never_coming_closes_the_connection(
    server: SandboxServer, case: str, how: str
) -> None:
    # Without the close, the next request would be read as the rest of the
    # body and hang; the client learns from the answer to reconnect instead.
    [(_, method, path, headers, status)] = [c for c in early_answers(server.token) if c[0] == case]
    headers = {**headers, "Content-Length": "1000"}
    if how == "expects 100-continue":
        headers["Expect"] = "100-continue"
        body = b""
    else:
        body = b"abc"
    with socket.create_connection((server.host, server.port)) as sock:
        start = time.monotonic()
        sock.sendall(request(method, path, headers, body))
        first = Answer(sock, 5)
        assert first.status == status and first.closes
        assert closed_within(sock, 2) + (time.monotonic() - start) < 1.5


def test_http_clients_still_reuse_connections(server: SandboxServer) -> None:
    # The guard keeps ordinary keep-alive: ten requests, one connection.
    connections = []
    headers = {"Authorization": f"Bearer {server.token}"}
    with httpx.Client(base_url=server.url, headers=headers) as c:
        for _ in range(10):
            r = c.post("/1/orders", json={"service": "nope"})
            assert r.status_code in (400, 404, 422)
            connections.append(r.extensions["network_stream"].get_extra_info("client_addr"))
    assert len(set(connections)) == 1


def test_the_timeouts_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        SandboxServer(read_timeout=0)
    with pytest.raises(ValueError, match="positive"):
        SandboxServer(keep_alive_timeout=-1)


# -- through a gateway: the client's connection dies, the server's stays open -----------


class HalfOpenGateway:
    """A loopback relay that strands the first PATCH: after ``after`` bytes of it reach
    the server, the client's side is reset and the server's side left open and silent,
    as a gateway does whose client vanished. Everything else is relayed untouched."""

    def __init__(self, upstream: tuple[str, int], after: int) -> None:
        self.upstream = upstream
        self.after = after
        self.stranded: list[socket.socket] = []
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._open: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.upstream)
            self._open += [client, server]
            threading.Thread(target=self._forward, args=(client, server), daemon=True).start()
            threading.Thread(target=self._relay, args=(server, client), daemon=True).start()

    def _forward(self, client: socket.socket, server: socket.socket) -> None:
        sent = 0
        patching = False
        try:
            while data := client.recv(65536):
                patching = patching or (not self.stranded and data.startswith(b"PATCH "))
                if patching and sent + len(data) >= self.after:
                    server.sendall(data[: self.after - sent])
                    self.stranded.append(server)
                    client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    client.close()
                    return
                server.sendall(data)
                sent += len(data) if patching else 0
        except OSError:
            pass
        if server not in self.stranded:
            with contextlib.suppress(OSError):
                server.shutdown(socket.SHUT_WR)

    def _relay(self, server: socket.socket, client: socket.socket) -> None:
        try:
            while data := server.recv(65536):
                if server in self.stranded:
                    continue  # the stranded request's answer has nowhere to go
                client.sendall(data)
        except OSError:
            pass
        with contextlib.suppress(OSError):
            client.close()

    def close(self) -> None:
        self._listener.close()
        for sock in self._open:
            with contextlib.suppress(OSError):
                sock.close()


@pytest.mark.parametrize(
    "read_timeout", [READ_TIMEOUT, DEFAULT_READ_TIMEOUT], ids=["short", "default"]
)
def test_upload_resumes_after_a_gateway_strands_its_patch(
    tmp_path: Path, read_timeout: float
) -> None:
    # With a short read timeout the stranded PATCH times out; with the default
    # (30 s) the resumed PATCH takes over from it once it has been silent for
    # TAKEOVER_AFTER seconds. Either way the upload ends well before the
    # client gives up (it used to end in Conflict after 50 s).
    from conveyor import Client

    data = os.urandom(6 * MiB)
    source = tmp_path / "big.bin"
    source.write_bytes(data)
    with SandboxServer(read_timeout=read_timeout) as server:
        gateway = HalfOpenGateway((server.host, server.port), after=MiB + 4096)
        try:
            with Client(f"http://127.0.0.1:{gateway.port}", token=server.token) as client:
                start = time.monotonic()
                artifact = client.artifacts.upload(source)
                took = time.monotonic() - start
                assert gateway.stranded, "the gateway stranded no PATCH"
                assert artifact.status == "ready" and artifact.size == len(data)
                content = b"".join(artifact.iter_bytes())
                assert hashlib.sha256(content).digest() == hashlib.sha256(data).digest()
        finally:
            gateway.close()
    # The SDK backs off with jitter between attempts, so allow it a few; half
    # the default read timeout shows that the takeover, not the timeout, freed it.
    assert took < 15


def test_a_patch_that_is_receiving_is_not_taken_over(
    server: SandboxServer, client: httpx.Client
) -> None:
    size = 4 * MiB
    href = client.post("/1/artifacts", headers={**TUS, "Upload-Length": str(size)}).json()[
        "data-href"
    ]
    path = httpx.URL(href).raw_path.decode()
    patch = {
        "Authorization": f"Bearer {server.token}",
        **TUS,
        "Content-Type": "application/offset+octet-stream",
        "Upload-Offset": "0",
        "Content-Length": str(size),
    }
    chunk = {"Content-Type": "application/offset+octet-stream", "Upload-Offset": "0", **TUS}
    with socket.create_connection((server.host, server.port)) as slow:
        slow.sendall(request("PATCH", path, patch))
        # A byte every 0.1 s: slow, but never silent for long.
        deadline = time.monotonic() + TAKEOVER_AFTER + 0.5
        while time.monotonic() < deadline:
            slow.sendall(b"s")
            time.sleep(0.1)
        r = client.patch(href, content=b"x" * 10, headers=chunk)
        assert r.status_code == 409
        assert "appending to this upload right now" in r.json()["message"]


# -- the command lines take the read timeout ---------------------------------------------


def test_python_m_conveyor_sandbox_takes_read_timeout() -> None:
    from conveyor_sandbox._cli import build_parser

    assert build_parser().parse_args(["--read-timeout", "2.5"]).read_timeout == 2.5
    for bad in ("0", "-1", "inf", "soon"):
        with pytest.raises(SystemExit):
            build_parser().parse_args(["--read-timeout", bad])
    process = subprocess.Popen(
        [sys.executable, "-m", "conveyor_sandbox", "--port", "0", "--read-timeout", "0.5"],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "CONVEYOR_SANDBOX_TOKEN": "cli-read-timeout-test"},
    )
    try:
        assert process.stdout is not None
        banner = process.stdout.readline()
        url = httpx.URL(banner.rsplit(" ", 1)[-1].strip())
        assert url.port is not None, banner
        with socket.create_connection((url.host, url.port)) as sock:
            sock.sendall(b"GET /1/services HTTP/1.1\r\nHost: x\r\n")
            assert closed_within(sock, 5) < 1.5
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=30)


def test_conveyor_sandbox_serve_refuses_a_read_timeout_of_zero() -> None:
    from click.testing import CliRunner
    from conveyor.cli import cli

    result = CliRunner().invoke(cli, ["sandbox", "serve", "--read-timeout", "0"])
    assert result.exit_code == 2 and "--read-timeout" in result.output
