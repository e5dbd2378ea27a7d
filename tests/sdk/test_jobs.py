"""Jobs on a scripted platform: answered at once or polled, checked locally, results and logs."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from conveyor import InvalidParameter, JobFailed, MalformedResponse, WaitTimeout
from conveyor._runs import _LineSplitter

from .mock import SERVICE, Recorder, json_response, make, service_record

JOB = "urn:ivcap:job:6c1f9a2e-0b3d-4e5f-8a7b-9c0d1e2f3a4b"
ORDER = "urn:ivcap:order:9e8d7c6b-5a49-4382-9171-605f4e3d2c1b"
SCHEMA = {
    "type": "object",
    "properties": {
        "text": {"type": "string", "description": "What to count."},
        "min_length": {"type": "integer", "minimum": 1, "default": 1},
    },
    "required": ["text"],
}


def tool_aspects(schema: dict[str, Any] | None = SCHEMA) -> httpx.Response:
    items = []
    if schema is not None:
        items.append(
            {
                "id": "urn:ivcap:aspect:0f1e2d3c-4b5a-4697-8877-665544332299",
                "entity": SERVICE,
                "schema": "urn:sd-core:schema.ai-tool.1",
                "content": {"name": "word-stats", "fn_schema": schema},
            }
        )
    return json_response(200, {"items": items, "links": []})


def finished(result: Any) -> httpx.Response:
    return httpx.Response(
        200,
        content=json.dumps(result).encode(),
        headers={"content-type": "application/json", "IVCAP-Job-Id": JOB},
    )


def accepted() -> httpx.Response:
    location = f"http://platform.test/1/services2/{SERVICE}/jobs/{JOB}"
    return json_response(202, {"job-id": JOB, "location": location, "retry-later": 1})


def job_record(status: str, **extra: Any) -> httpx.Response:
    return json_response(200, {"id": JOB, "status": status, "service": SERVICE, **extra})


def test_a_quick_job_costs_one_request_after_the_schema() -> None:
    recorder = Recorder(tool_aspects(), finished({"words": 3}))
    with make(recorder) as client:
        job = client.jobs.create(SERVICE, {"text": "the cat sat"})
        assert job.id == JOB and job.status == "succeeded"
        assert job.result == {"words": 3}
        post = recorder.requests[1]
        assert post.method == "POST" and post.url.path == f"/1/services2/{SERVICE}/jobs"
        assert post.headers["Timeout"] == "10" and json.loads(post.content) == {
            "text": "the cat sat"
        }
        # The schema is read once per client: a second job is one request.
        recorder.answers = [finished({"words": 1})]
        client.jobs.create(SERVICE, {"text": "x"})
        assert len(recorder.requests) == 3


def test_a_slow_job_is_polled_until_it_ends() -> None:
    recorder = Recorder(
        tool_aspects(),
        accepted(),
        job_record("executing"),
        job_record("succeeded", **{"result-content": {"words": 9}}),
    )
    with make(recorder) as client:
        job = client.jobs.create(SERVICE, {"text": "slow"}, timeout=30)
        assert job.status == "succeeded"
        assert job.result == {"words": 9}
        assert [r.url.path for r in recorder.requests[2:]] == [
            f"/1/services2/{SERVICE}/jobs/{JOB}"
        ] * 2


def test_wait_false_answers_at_once_and_the_result_comes_later() -> None:
    recorder = Recorder(
        tool_aspects(None),
        accepted(),
        job_record("succeeded"),
        httpx.Response(200, content=b"plain words", headers={"content-type": "text/plain"}),
    )
    with make(recorder) as client:
        job = client.jobs.create(SERVICE, {"text": "x"}, wait=False)
        assert recorder.requests[1].headers["Timeout"] == "0"
        assert job.status == "pending" and not job.is_done
        assert job.result == "plain words"  # refreshed, then read from /output
        assert recorder.requests[-1].url.path.endswith("/output")


def test_no_result_yet_is_none() -> None:
    recorder = Recorder(tool_aspects(None), accepted(), job_record("executing"))
    with make(recorder) as client:
        job = client.jobs.create(SERVICE, {"text": "x"}, wait=False)
        assert job.result is None


def test_a_failed_job_raises_job_failed_with_the_message() -> None:
    recorder = Recorder(
        tool_aspects(None), accepted(), job_record("failed", **{"error-message": "no words"})
    )
    with make(recorder) as client, pytest.raises(JobFailed, match="no words") as caught:
        client.jobs.create(SERVICE, {"text": ""})
    assert caught.value.job.id == JOB and caught.value.message == "no words"


def test_wait_timeout_names_the_job() -> None:
    recorder = Recorder(tool_aspects(None), accepted(), job_record("executing"))
    with make(recorder) as client, pytest.raises(WaitTimeout, match=f"job {JOB} still"):
        client.jobs.create(SERVICE, {"text": "x"}, timeout=2)
    assert recorder.requests[1].headers["Timeout"] == "2"


@pytest.mark.parametrize(
    ("request_body", "path", "why"),
    [
        ({}, "$", "'text' is a required property"),
        ({"text": 5}, "$.text", "5 is not of type 'string'"),
        ({"text": "x", "min_length": 0}, "$.min_length", "0 is less than the minimum of 1"),
    ],
)
def test_a_request_off_the_schema_is_refused_before_sending(
    request_body: dict[str, Any], path: str, why: str
) -> None:
    recorder = Recorder(tool_aspects())
    with make(recorder) as client, pytest.raises(InvalidParameter) as caught:
        client.jobs.create(SERVICE, request_body)
    assert caught.value.parameter == path and why in str(caught.value)
    assert [r.method for r in recorder.requests] == ["GET"]  # the schema only, no POST


def test_validate_false_leaves_checking_to_the_platform() -> None:
    recorder = Recorder(finished({"ok": True}))
    with make(recorder) as client:
        client.jobs.create(SERVICE, {"text": 5}, validate=False)
    assert [r.method for r in recorder.requests] == ["POST"]


@dataclasses.dataclass
class Count:
    text: str
    min_length: int = 2


class PydanticLike:
    """What request_job needs of a pydantic model: ``model_dump``."""

    def model_dump(self, **options: Any) -> dict[str, Any]:
        assert options["mode"] == "json"
        return {"text": "from a model"}


def test_payloads_from_dataclasses_models_and_json_files(tmp_path: Path) -> None:
    request_file = tmp_path / "request.json"
    request_file.write_text('{"text": "from a file"}', encoding="utf-8")
    recorder = Recorder(tool_aspects(), finished(1), finished(2), finished(3))
    with make(recorder) as client:
        client.jobs.create(SERVICE, Count("a dataclass"))
        client.jobs.create(SERVICE, PydanticLike())
        client.jobs.create(SERVICE, request_file)
    bodies = [json.loads(r.content) for r in recorder.requests[1:]]
    assert bodies == [
        {"text": "a dataclass", "min_length": 2},
        {"text": "from a model"},
        {"text": "from a file"},
    ]


@pytest.mark.parametrize(
    ("kwargs", "parameter"),
    [
        ({"payload": {"x": float("nan")}}, "payload"),
        ({"payload": Path("/no/such/request.json")}, "payload"),
        ({"payload": {}, "wait": "yes"}, "wait"),
        ({"payload": {}, "timeout": -1}, "timeout"),
        (
            {"payload": {}, "order": "urn:ivcap:artifact:0f1e2d3c-4b5a-4697-8877-665544332211"},
            "order",
        ),
        ({"payload": {}, "service": "not a urn"}, "service"),
    ],
)
def test_bad_arguments_are_refused_before_any_request(
    kwargs: dict[str, Any], parameter: str
) -> None:
    recorder = Recorder()
    service = kwargs.pop("service", SERVICE)
    with make(recorder) as client, pytest.raises(InvalidParameter) as caught:
        client.jobs.create(service, **kwargs)
    assert caught.value.parameter == parameter and recorder.requests == []


def test_the_order_header_ties_a_job_to_an_order() -> None:
    recorder = Recorder(finished(1))
    with make(recorder) as client:
        client.jobs.create(SERVICE, {}, order=ORDER, validate=False)
    assert recorder.requests[0].headers["IVCAP-Order-Id"] == ORDER


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(200, content=b"{}", headers={"content-type": "application/json"}),
        json_response(202, {"job-id": JOB}),
        httpx.Response(204),
    ],
    ids=["200 without IVCAP-Job-Id", "202 without location", "204"],
)
def test_a_bad_answer_is_malformed_response(answer: httpx.Response) -> None:
    recorder = Recorder(answer)
    with make(recorder) as client, pytest.raises(MalformedResponse):
        client.jobs.create(SERVICE, {}, validate=False)


def test_service_request_job_and_request_model() -> None:
    recorder = Recorder(json_response(200, service_record()), tool_aspects(), finished({"w": 1}))
    with make(recorder) as client:
        service = client.services.get(SERVICE)
        model = service.request_model
        assert model is not None
        assert [(f.name, f.type, f.required) for f in model.fields] == [
            ("text", "string", True),
            ("min_length", "integer", False),
        ]
        assert "text        string, required  What to count." in model.describe()
        job = service.request_job({"text": "a b"})  # the schema is not read again
        assert job.result == {"w": 1}
        assert len(recorder.requests) == 3


def test_jobs_are_listed_per_service() -> None:
    page = {
        "items": [{"id": JOB, "status": "succeeded", "service": SERVICE, "href": "/x"}],
        "links": [],
    }
    recorder = Recorder(json_response(200, page))
    with make(recorder) as client:
        with pytest.raises(InvalidParameter, match="service"):
            client.jobs.list()
        assert [j.id for j in client.jobs.list(SERVICE)] == [JOB]
    assert recorder.requests[0].url.path == f"/1/services2/{SERVICE}/jobs"


def test_get_finds_the_service_of_a_job_from_its_record_aspect() -> None:
    mirrored = {
        "items": [
            {
                "id": "urn:ivcap:aspect:0f1e2d3c-4b5a-4697-8877-665544332298",
                "entity": JOB,
                "schema": "urn:ivcap:schema.job.2",
                "content": {"id": JOB, "service": SERVICE, "status": "succeeded"},
            }
        ],
        "links": [],
    }
    recorder = Recorder(json_response(200, mirrored), job_record("succeeded"))
    with make(recorder) as client:
        job = client.jobs.get(JOB)
    assert job.service_id == SERVICE
    assert recorder.requests[1].url.path == f"/1/services2/{SERVICE}/jobs/{JOB}"


def test_log_lines_survive_any_split_of_the_stream() -> None:
    text = "first line\nzweite Zeile: grüße\r\nlast, no newline"
    data = text.encode()
    for size in (1, 2, 3, 7, len(data)):
        splitter = _LineSplitter()
        lines: list[str] = []
        for start in range(0, len(data), size):
            lines += splitter.feed(data[start : start + size])
        lines += splitter.feed(b"")
        assert lines == ["first line", "zweite Zeile: grüße", "last, no newline"], size


def test_logs_and_top_of_an_order() -> None:
    def logs(request: httpx.Request) -> httpx.Response:
        assert "to" in request.url.params  # without follow: the log up to now
        return httpx.Response(200, content=b"one\ntwo\n", headers={"content-type": "text/plain"})

    top = [
        {
            "container": "w1",
            "cpu": "3%",
            "memory": "9Mi",
            "storage": "0",
            "ephemeral-storage": "1Mi",
        }
    ]
    recorder = Recorder(
        json_response(200, {"id": ORDER, "status": "executing", "service": SERVICE}),
        logs,
        json_response(200, top),
        json_response(200, [{"container": 5}]),
    )
    with make(recorder) as client:
        order = client.orders.get(ORDER)
        assert list(order.logs()) == ["one", "two"]
        [process] = order.top()
        assert (process.container, process.cpu, process.ephemeral_storage) == ("w1", "3%", "1Mi")
        with pytest.raises(MalformedResponse, match="running process"):
            order.top()


@pytest.mark.anyio
async def test_the_async_twins() -> None:
    from conveyor import AsyncClient

    from .mock import BASE, SECRET

    recorder = Recorder(
        tool_aspects(),
        accepted(),
        job_record("succeeded", **{"result-content": [1, 2]}),
        httpx.Response(200, content=b"a\nb\n", headers={"content-type": "text/plain"}),
    )
    async with AsyncClient(BASE, token=SECRET, transport=httpx.MockTransport(recorder)) as client:
        job = await client.jobs.create(SERVICE, {"text": "x"}, wait=False)
        await job.wait(poll=0.001)
        assert await job.result == [1, 2]
        assert [line async for line in job.logs(follow=True)] == ["a", "b"]
    assert "to" not in recorder.requests[-1].url.params  # follow reads to the end
