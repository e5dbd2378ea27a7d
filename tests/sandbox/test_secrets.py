"""Secrets: set, read by name, list names only; values sealed at rest, readable by services."""

from __future__ import annotations

import logging
import stat
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from conveyor_sandbox import JobContext, SandboxServer, ServiceRegistry, service_id_for

from .conftest import checked_client

VALUE = "correct horse battery staple 7f3a"


def put(c: httpx.Client, name: str, value: str = VALUE, expiry: int = 0, **extra: Any) -> None:
    r = c.post(
        "/1/secrets",
        json={"secret-name": name, "secret-value": value, "expiry-time": expiry, **extra},
    )
    assert r.status_code == 204, r.text


@pytest.fixture
def c(fresh_server: SandboxServer) -> httpx.Client:
    return checked_client(fresh_server)


def test_set_read_replace_and_list_without_values(c: httpx.Client) -> None:
    put(c, "db-password", expiry=4102444800)
    r = c.get("/1/secrets", params={"secret-name": "db-password"})
    assert r.json() == {
        "secret-name": "db-password",
        "secret-value": VALUE,
        "expiry-time": 4102444800,
    }
    put(c, "db-password", "second value")
    assert c.get("/1/secrets", params={"secret-name": "db-password"}).json()["secret-value"] == (
        "second value"
    )
    put(c, "api-key")
    listed = c.get("/1/secrets/list")
    assert listed.json()["items"] == [
        {"secret-name": "api-key", "expiry-time": 0},
        {"secret-name": "db-password", "expiry-time": 0},
    ]
    assert VALUE not in listed.text and "second value" not in listed.text


def test_names_are_case_sensitive_and_may_hold_any_other_character(c: httpx.Client) -> None:
    for name in ("Key", "key", "with space", "ünïcode ✓", "a" * 256, "x:y@z.%2F"):
        put(c, name, f"value of {name}")
        got = c.get("/1/secrets", params={"secret-name": name}).json()
        assert got["secret-value"] == f"value of {name}"


@pytest.mark.parametrize(
    "name",
    ["a/b", "/", "nul\x00inside", "", "a" * 257, 7, None],
    ids=["slash", "only-slash", "nul", "empty", "too-long", "number", "missing"],
)
def test_bad_names_are_422_naming_the_field(c: httpx.Client, name: object) -> None:
    body: dict[str, Any] = {"secret-value": VALUE, "expiry-time": 0}
    if name is not None:
        body["secret-name"] = name
    r = c.post("/1/secrets", json=body)
    assert r.status_code == 422, r.text
    assert r.json()["name"] == "secret-name" and VALUE not in r.text
    if isinstance(name, str) and name:
        read = c.get("/1/secrets", params={"secret-name": name})
        assert read.status_code == 422 and read.json()["name"] == "secret-name"
    assert c.get("/1/secrets/list").json()["items"] == []


def test_bad_values_and_expiry_are_refused_without_echoing_the_value(c: httpx.Client) -> None:
    huge = "s3cr3t" * 20_000
    cases: list[tuple[dict[str, Any], str]] = [
        ({"secret-name": "k", "secret-value": huge, "expiry-time": 0}, "secret-value"),
        ({"secret-name": "k", "secret-value": 12345, "expiry-time": 0}, "secret-value"),
        ({"secret-name": "k", "expiry-time": 0}, "secret-value"),
        ({"secret-name": "k", "secret-value": VALUE}, "expiry-time"),
        ({"secret-name": "k", "secret-value": VALUE, "expiry-time": -1}, "expiry-time"),
        ({"secret-name": "k", "secret-value": VALUE, "expiry-time": "soon"}, "expiry-time"),
        (
            {"secret-name": "k", "secret-value": VALUE, "expiry-time": 0, "secret-type": ""},
            "secret-type",
        ),
    ]
    for body, field in cases:
        r = c.post("/1/secrets", json=body)
        assert r.status_code == 422 and r.json()["name"] == field, (field, r.text)
        assert VALUE not in r.text and "s3cr3t" not in r.text and "12345" not in r.text
    for raw, ctype in (
        (b"[1]", "application/json"),
        (b"{nope", "application/json"),
        (b"x", "text/plain"),
    ):
        r = c.post("/1/secrets", content=raw, headers={"Content-Type": ctype})
        assert r.status_code == 400, r.text
    assert c.get("/1/secrets/list").json()["items"] == []


def test_unknown_expired_and_other_type_read_as_absent(c: httpx.Client) -> None:
    r = c.get("/1/secrets", params={"secret-name": "nothing"})
    assert r.status_code == 404 and r.json()["id"] == "nothing"
    put(c, "old", expiry=int(time.time()) - 10)
    assert c.get("/1/secrets", params={"secret-name": "old"}).status_code == 404
    # Still listed, with its expiry, so a user sees what to renew.
    assert c.get("/1/secrets/list").json()["items"][0]["secret-name"] == "old"
    put(c, "typed", **{"secret-type": "raw"})
    assert (
        c.get("/1/secrets", params={"secret-name": "typed", "secret-type": "raw"}).status_code
        == 200
    )
    assert (
        c.get("/1/secrets", params={"secret-name": "typed", "secret-type": "x"}).status_code == 404
    )


def test_list_pages_by_name_with_a_regex_filter(c: httpx.Client) -> None:
    for i in range(12):
        put(c, f"db-{i:02d}")
    put(c, "api-key")
    seen: list[str] = []
    page = c.get("/1/secrets/list", params={"filter": "^db-", "limit": "5"}).json()
    while True:
        seen += [item["secret-name"] for item in page["items"]]
        following = [link["href"] for link in page["links"] if link["rel"] == "next"]
        if not following:
            break
        page = c.get(following[0]).json()
    assert seen == [f"db-{i:02d}" for i in range(12)]
    # The upstream spelling of the token (offset) works too, and a limit
    # beyond the largest page is served as the largest page.
    first = c.get("/1/secrets/list", params={"limit": "2"}).json()
    token = first["links"][-1]["href"].split("page=", 1)[1]
    assert (
        c.get("/1/secrets/list", params={"offset": token}).json()["items"][0]["secret-name"]
        == "db-01"
    )
    assert len(c.get("/1/secrets/list", params={"limit": "500"}).json()["items"]) == 13
    for bad, status in (
        ({"filter": "(unclosed"}, 422),
        ({"limit": "0"}, 422),
        ({"page": "junk"}, 400),
    ):
        r = c.get("/1/secrets/list", params=bad)
        assert r.status_code == status, r.text
    assert c.get("/1/secrets/list", params={"filter": "(unclosed"}).json()["name"] == "filter"


def test_values_are_sealed_at_rest(tmp_path: Path) -> None:
    with SandboxServer(data_dir=tmp_path) as server, checked_client(server) as c:
        put(c, "db-password")
        put(c, "db-password-copy")  # the same value twice still seals differently
    key = tmp_path / "secrets.key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600 and len(key.read_bytes()) == 32
    needle = VALUE.encode()
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert needle not in path.read_bytes(), f"{path} holds a secret value in plain text"
    # The key survives a restart, so the values do too.
    with SandboxServer(data_dir=tmp_path) as server, checked_client(server) as c:
        got = c.get("/1/secrets", params={"secret-name": "db-password-copy"}).json()
        assert got["secret-value"] == VALUE


def test_values_never_reach_the_log(
    fresh_server: SandboxServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with checked_client(fresh_server) as c:
        put(c, "k")
        c.get("/1/secrets", params={"secret-name": "k"})
        c.post("/1/secrets", json={"secret-name": "a/b", "secret-value": VALUE, "expiry-time": 0})
        c.post("/1/secrets", json={"secret-name": "k", "secret-value": VALUE, "expiry-time": -5})
    assert VALUE not in caplog.text


def test_a_running_service_reads_the_secrets_of_the_account(tmp_path: Path) -> None:
    reg = ServiceRegistry(builtins=False)

    def uses_key(request: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
        value = ctx.secret(request["name"])
        return {"length": len(value), "starts": value[:7]}

    reg.register_job(
        uses_key,
        name="uses-key",
        request_schema={"type": "object", "properties": {"name": {"type": "string"}}},
    )
    jobs = f"/1/services2/{service_id_for('uses-key')}/jobs"
    with SandboxServer(data_dir=tmp_path, registry=reg) as server, checked_client(server) as c:
        put(c, "api-key")
        r = c.post(jobs, json={"name": "api-key"}, headers={"Timeout": "30"})
        assert r.status_code == 200 and r.json() == {"length": len(VALUE), "starts": VALUE[:7]}
        missing = c.post(jobs, json={"name": "nope"}, headers={"Timeout": "30"})
        assert missing.status_code == 202, missing.text  # ended without a result
        assert server.wait_for_order(missing.json()["job-id"]) == "failed"
        job = c.get(missing.json()["location"]).json()
        assert job["error-message"] == "the service needs the secret 'nope', which is not set"
