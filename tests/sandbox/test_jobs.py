"""Jobs: one run of a service on a JSON request (``/1/services2/{service_id}/jobs``).

The answer to the POST (200 with the result within ``Timeout``, else 202),
its bad inputs, reading, listing and the output of a job, how failing and
crashing services end, the order every job runs under, and the job's
record and result mirrored as aspects.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from conveyor_sandbox import (
    JobContext,
    SandboxServer,
    ServiceFailure,
    ServiceRegistry,
    service_id_for,
)

from .conftest import checked_client

WORD_STATS, SLOW_ECHO = service_id_for("word-stats"), service_id_for("slow-echo")
FINAL = ("succeeded", "failed", "error")
#: Held by the ``gated`` service until a test lets it finish.
GATE = threading.Event()


def jobs_url(service_id: str) -> str:
    return f"/1/services2/{service_id}/jobs"


def run(
    client: httpx.Client, service_id: str, body: Any, timeout: str | None = "0", **headers: str
) -> httpx.Response:
    sent = dict(headers)
    if timeout is not None:
        sent["Timeout"] = timeout
    return client.post(jobs_url(service_id), json=body, headers=sent)


def build_registry() -> ServiceRegistry:
    reg = ServiceRegistry()

    @reg.job_service(
        "refuse",
        request_schema={"type": "object", "properties": {"why": {"type": "string"}}},
    )
    def refuse(request: dict[str, Any], ctx: JobContext) -> Any:
        raise ServiceFailure(f"refused: {request.get('why', 'no reason')}")

    @reg.job_service("crash", request_schema={"type": "object"})
    def crash(request: dict[str, Any], ctx: JobContext) -> Any:
        return 1 // 0

    @reg.job_service("not-json", request_schema={"type": "object"})
    def not_json(request: dict[str, Any], ctx: JobContext) -> Any:
        return {"when": object()}

    @reg.job_service(
        "broken-promise",
        request_schema={"type": "object"},
        result_schema={"type": "object", "required": ["answer"]},
    )
    def broken_promise(request: dict[str, Any], ctx: JobContext) -> Any:
        return {"other": 1}

    @reg.job_service("whoami", request_schema={})
    def whoami(request: Any, ctx: JobContext) -> Any:
        return {"job": ctx.job_id, "order": ctx.order_id, "request": request}

    @reg.job_service("gated", request_schema={"type": "object"})
    def gated(request: dict[str, Any], ctx: JobContext) -> Any:
        assert GATE.wait(30), "the test never opened the gate"
        return {"opened": True}

    return reg


@pytest.fixture(scope="module")
def custom() -> Iterator[SandboxServer]:
    with SandboxServer(registry=build_registry()) as s:
        yield s


@pytest.fixture
def c(custom: SandboxServer) -> Iterator[httpx.Client]:
    with checked_client(custom) as client:
        yield client


def test_a_job_done_within_the_timeout_answers_with_its_result(c: httpx.Client) -> None:
    r = run(c, WORD_STATS, {"text": "The cat and the hat and the bat", "min_length": 3}, "30")
    assert r.status_code == 200
    assert r.json() == {
        "words": 8,
        "distinct": 5,
        "longest": "and",
        "top": [["the", 3], ["and", 2], ["bat", 1], ["cat", 1], ["hat", 1]],
    }
    job_id = r.headers["IVCAP-Job-Id"]
    assert job_id.startswith("urn:ivcap:job:")
    assert r.headers["IVCAP-Job-URL"] == f"{c.base_url}{jobs_url(WORD_STATS)}/{job_id}"
    order_id = r.headers["IVCAP-Order-Id"]
    record = c.get(r.headers["IVCAP-Job-URL"]).json()
    assert record["status"] == "succeeded" and record["order"] == order_id
    assert record["result-content"] == r.json()
    assert record["requested-at"] <= record["started-at"] <= record["finished-at"]


def test_timeout_zero_answers_at_once_and_the_job_is_polled(
    c: httpx.Client, custom: SandboxServer
) -> None:
    r = run(c, SLOW_ECHO, {"seconds": 0.2, "message": "later"}, "0")
    assert r.status_code == 202
    accepted = r.json()
    job_id = accepted["job-id"]
    assert accepted["location"] == f"{c.base_url}{jobs_url(SLOW_ECHO)}/{job_id}"
    assert r.headers["Location"] == accepted["location"] and accepted["retry-later"] >= 1
    assert custom.wait_for_order(job_id) == "succeeded"
    assert c.get(accepted["location"]).json()["result-content"] == {
        "echo": "later",
        "waited": 0.2,
    }
    # Without the header the POST answers at once, as with 0: even a job done at once is 202.
    for timeout in (None, "0"):
        r = run(c, WORD_STATS, {"text": "quick"}, timeout=timeout)
        assert r.status_code == 202
        assert custom.wait_for_order(r.json()["job-id"]) == "succeeded"


def test_a_job_outlasting_its_timeout_answers_202(c: httpx.Client, custom: SandboxServer) -> None:
    GATE.clear()
    r = run(c, service_id_for("gated"), {}, "1")
    assert r.status_code == 202
    job_id = r.json()["job-id"]
    assert c.get(r.json()["location"]).json()["status"] == "executing"
    GATE.set()
    assert custom.wait_for_order(job_id) == "succeeded"


@pytest.mark.parametrize("value", ["-1", "1.5", "soon", "", "301", "99999999999999999999", "+3"])
def test_a_bad_timeout_is_400_naming_it(c: httpx.Client, value: str) -> None:
    before = len(c.get(jobs_url(WORD_STATS), params={"limit": 50}).json()["items"])
    r = run(c, WORD_STATS, {"text": "x"}, value)
    assert r.status_code == 400 and "Timeout" in r.json()["message"]
    assert "300" in r.json()["message"]
    assert len(c.get(jobs_url(WORD_STATS), params={"limit": 50}).json()["items"]) == before


def test_a_body_that_is_not_json_is_400_and_another_media_type_415(c: httpx.Client) -> None:
    r = c.post(
        jobs_url(WORD_STATS), content=b'{"text": ', headers={"Content-Type": "application/json"}
    )
    assert r.status_code == 400 and "malformed JSON" in r.json()["message"]
    r = c.post(jobs_url(WORD_STATS), content=b"", headers={"Content-Type": "application/json"})
    assert r.status_code == 400
    r = c.post(jobs_url(WORD_STATS), content=b"text=x", headers={"Content-Type": "text/plain"})
    assert r.status_code == 415


@pytest.mark.parametrize(
    ("body", "name", "says"),
    [
        ({}, "$.text", "'text' is a required property"),
        ({"text": 5}, "$.text", "is not of type 'string'"),
        ({"text": "x", "min_length": 0}, "$.min_length", "less than the minimum of 1"),
        ({"text": "x", "min_length": "2"}, "$.min_length", "is not of type 'integer'"),
        ({"text": "x", "colour": "red"}, "$.colour", "Additional properties"),
        (["text"], "$", "is not of type 'object'"),
    ],
)
def test_a_request_off_the_schema_is_422_naming_the_field(
    c: httpx.Client, body: Any, name: str, says: str
) -> None:
    r = run(c, WORD_STATS, body)
    assert r.status_code == 422, r.text
    assert r.json()["name"] == name and says in r.json()["message"]


def test_unknown_services_and_services_that_run_orders(c: httpx.Client) -> None:
    missing = "urn:ivcap:service:00000000-0000-4000-8000-000000000000"
    r = run(c, missing, {"text": "x"})
    assert r.status_code == 404 and r.json()["id"] == missing
    assert c.get(jobs_url(missing)).status_code == 404
    assert (
        c.get(f"{jobs_url(missing)}/urn:ivcap:job:00000000-0000-4000-8000-000000000000").status_code
        == 404
    )
    r = run(c, "not-a-urn", {"text": "x"})
    assert r.status_code == 400
    r = run(c, service_id_for("hello"), {"message": "x"})
    assert r.status_code == 422 and r.json()["name"] == "service_id"
    assert "POST /1/orders" in r.json()["message"]
    # ... and a job service takes no orders.
    r = c.post("/1/orders", json={"service": WORD_STATS, "parameters": []})
    assert r.status_code == 422 and r.json()["name"] == "service"
    assert "jobs" in r.json()["message"]


def test_a_service_failure_fails_the_job_and_a_crash_is_an_error(
    c: httpx.Client, custom: SandboxServer
) -> None:
    ended = {}
    for name, body in [
        ("refuse", {"why": "tired"}),
        ("crash", {}),
        ("not-json", {}),
        ("broken-promise", {}),
    ]:
        r = run(c, service_id_for(name), body, "30")
        assert r.status_code == 202, r.text  # ended without a result
        job_id = r.json()["job-id"]
        assert custom.wait_for_order(job_id) in FINAL
        record = c.get(r.json()["location"]).json()
        ended[name] = (record["status"], record["error-message"])
        assert "result-content" not in record and "result-content-urn" not in record
        assert c.get(r.json()["location"] + "/output").status_code == 204
    assert ended["refuse"] == ("failed", "refused: tired")
    assert ended["crash"] == ("error", "ZeroDivisionError: integer division or modulo by zero")
    assert ended["not-json"][0] == "error" and "not JSON" in ended["not-json"][1]
    assert ended["broken-promise"][0] == "error"
    assert "result schema at $.answer" in ended["broken-promise"][1]


def test_output_is_204_until_there_is_a_result(c: httpx.Client, custom: SandboxServer) -> None:
    GATE.clear()
    r = run(c, service_id_for("gated"), {})
    location = r.json()["location"]
    assert c.get(location + "/output").status_code == 204
    assert "result-content" not in c.get(location).json()
    GATE.set()
    assert custom.wait_for_order(r.json()["job-id"]) == "succeeded"
    out = c.get(location + "/output")
    assert out.status_code == 200 and out.json() == {"opened": True}
    assert out.headers["IVCAP-Job-Id"] == r.json()["job-id"]


def test_reading_a_job_with_and_without_its_contents(c: httpx.Client) -> None:
    request = {"text": "a b a", "min_length": 1}
    r = run(c, WORD_STATS, request, "30")
    url = r.headers["IVCAP-Job-URL"]
    default = c.get(url).json()
    assert "request-content" not in default and default["result-content"]["words"] == 3
    both = c.get(url, params={"with-request-content": "true"}).json()
    assert both["request-content"] == request
    assert both["request-content-type"] == "application/json"
    assert both["result-content-type"] == "application/json"
    bare = c.get(url, params={"with-result-content": "false"}).json()
    assert "result-content" not in bare and "result-content-urn" in bare
    assert {lk["rel"] for lk in bare["links"]} >= {"self", "output", "order"}
    assert c.get(url, params={"with-result-content": "maybe"}).status_code == 400
    # A job is read through its own service only.
    other = url.replace(WORD_STATS, SLOW_ECHO)
    assert c.get(other).status_code == 404


def test_jobs_are_listed_newest_first_and_paged(fresh_server: SandboxServer) -> None:
    with checked_client(fresh_server) as c:
        made = [
            run(c, WORD_STATS, {"text": f"n{i}"}, "30").headers["IVCAP-Job-Id"] for i in range(5)
        ]
        run(c, SLOW_ECHO, {"seconds": 0})
        got: list[str] = []
        page = c.get(jobs_url(WORD_STATS), params={"limit": 2}).json()
        while True:
            assert len(page["items"]) <= 2
            got += [i["id"] for i in page["items"]]
            nxt = [lk["href"] for lk in page["links"] if lk["rel"] == "next"]
            if not nxt:
                break
            page = c.get(nxt[0]).json()
        assert got == made[::-1]
        item = c.get(jobs_url(WORD_STATS), params={"limit": 1}).json()["items"][0]
        assert item["status"] == "succeeded" and item["service"] == WORD_STATS
        assert item["href"] == f"{c.base_url}{jobs_url(WORD_STATS)}/{made[-1]}"
        oldest = c.get(jobs_url(WORD_STATS), params={"order-desc": "false", "limit": 1}).json()
        assert oldest["items"][0]["id"] == made[0]
        r = c.get(jobs_url(WORD_STATS), params={"filter": "status == 'succeeded'", "limit": 50})
        assert len(r.json()["items"]) == 5
        assert c.get(jobs_url(WORD_STATS), params={"order-by": "colour"}).status_code == 422


def test_every_job_runs_under_an_order(c: httpx.Client, custom: SandboxServer) -> None:
    # Without IVCAP-Order-Id, one is placed for the job; its status follows the job's.
    r = run(c, service_id_for("whoami"), {"q": 1}, "30")
    seen = r.json()
    assert seen["request"] == {"q": 1} and seen["job"] == r.headers["IVCAP-Job-Id"]
    own = c.get(f"/1/orders/{seen['order']}").json()
    assert own["status"] == "succeeded" and own["service"] == service_id_for("whoami")
    assert own["parameters"] == [] and own["finished-at"]
    [provenance] = c.get(
        "/1/aspects",
        params={
            "entity": seen["order"],
            "schema": "urn:conveyor:schema:order.provenance.1",
            "include-content": "true",
        },
    ).json()["items"]
    assert provenance["content"]["job"] == seen["job"] and provenance["content"]["inputs"] == []
    # With it, the job belongs to that order and leaves the order as it was.
    placed = c.post("/1/orders", json={"service": service_id_for("hello"), "parameters": []}).json()
    custom.wait_for_order(placed["id"])
    r = run(c, service_id_for("whoami"), [1, 2], "30", **{"IVCAP-Order-Id": placed["id"]})
    assert r.json()["order"] == placed["id"] and r.headers["IVCAP-Order-Id"] == placed["id"]
    assert c.get(r.headers["IVCAP-Job-URL"]).json()["order"] == placed["id"]
    assert c.get(f"/1/orders/{placed['id']}").json()["status"] == "succeeded"
    for bad in ("no-urn", "urn:ivcap:order:00000000-0000-4000-8000-000000000000"):
        r = run(c, service_id_for("whoami"), {}, **{"IVCAP-Order-Id": bad})
        assert r.status_code == 422 and r.json()["name"] == "IVCAP-Order-Id"


def test_a_proxy_names_the_host_of_the_location(c: httpx.Client) -> None:
    r = run(
        c,
        WORD_STATS,
        {"text": "x"},
        "0",
        **{"X-Forwarded-Host": "platform.example.org", "X-Forwarded-Proto": "https"},
    )
    assert r.json()["location"].startswith(f"https://platform.example.org{jobs_url(WORD_STATS)}/")
    r = run(c, WORD_STATS, {"text": "x"}, "0", **{"X-Forwarded-Proto": "gopher"})
    assert r.status_code == 400 and "X-Forwarded-Proto" in r.json()["message"]
    r = run(c, WORD_STATS, {"text": "x"}, "0", **{"X-Forwarded-Host": "a b/c"})
    assert r.status_code == 400 and "X-Forwarded-Host" in r.json()["message"]


def test_the_job_record_and_result_are_aspects_on_the_job(c: httpx.Client) -> None:
    r = run(c, WORD_STATS, {"text": "one two"}, "30")
    job_id = r.headers["IVCAP-Job-Id"]
    record = c.get(r.headers["IVCAP-Job-URL"]).json()
    current = c.get(
        "/1/aspects",
        params={"entity": job_id, "schema": "urn:ivcap:schema.job.2", "include-content": "true"},
    ).json()["items"]
    [mirror] = current
    fields = {k: v for k, v in record.items() if k not in ("links", "tags", "result-content")}
    assert mirror["content"] == {"$schema": "urn:ivcap:schema.job.2", **fields}
    # Its history is the job's: one aspect per status it went through.
    history = c.get(
        "/1/aspects",
        params={
            "entity": job_id,
            "schema": "urn:ivcap:schema.job.2",
            "at-time": record["requested-at"],
            "include-content": "true",
        },
    ).json()["items"]
    assert [a["content"]["status"] for a in history] == ["pending"]
    result = c.get(f"/1/aspects/{record['result-content-urn']}").json()
    assert result["entity"] == job_id and result["schema"] == "urn:ivcap:schema.job-result.1"
    assert result["content"]["result-content"] == r.json()
    assert result["content"]["job"] == job_id and result["content"]["order"] == record["order"]
