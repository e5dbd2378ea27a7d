"""Queues on a scripted platform: create, enqueue checked before sending, dequeue, drain."""

from __future__ import annotations

import json
import math
from typing import Any

import httpx
import pytest
from conveyor import (
    AsyncClient,
    InvalidParameter,
    MalformedResponse,
    NotFound,
    QueueMessage,
    ServerError,
)
from conveyor.queue import MAX_MESSAGE_BYTES

from .mock import BASE, SECRET, Recorder, json_response, make

QUEUE = "urn:ivcap:queue:2b3c4d5e-6f70-4182-93a4-b5c6d7e8f901"
READING = "urn:example:schema:reading.1"


def created() -> httpx.Response:
    return json_response(201, {"id": QUEUE, "name": "readings", "description": "buoys"})


def queue_record(**extra: Any) -> httpx.Response:
    return json_response(200, {"id": QUEUE, "name": "readings", "total-messages": 2, **extra})


def batch(*contents: Any) -> httpx.Response:
    messages = [
        {
            "id": f"urn:ivcap:message:{i}",
            "schema": READING,
            "content-type": "application/json",
            "content": content,
        }
        for i, content in enumerate(contents)
    ]
    return json_response(200, {"messages": messages, "at-time": "2026-11-01T10:00:00Z"})


def receipt() -> httpx.Response:
    return json_response(200, {"id": "urn:ivcap:message:42"})


def test_create_get_and_delete() -> None:
    recorder = Recorder(
        created(), queue_record(bytes=188, **{"consumer-count": 1}), httpx.Response(204)
    )
    with make(recorder) as client:
        queue = client.queues.create("readings", "buoys")
        assert (queue.id, queue.name, queue.description) == (QUEUE, "readings", "buoys")
        got = client.queues.get(QUEUE)
        assert (got.total_messages, got.size, got.consumer_count) == (2, 188, 1)
        assert got == queue and "size" in got.describe()
        queue.delete()
    post, read, delete = recorder.requests
    assert post.method == "POST" and json.loads(post.content) == {
        "name": "readings",
        "description": "buoys",
    }
    assert read.url.path == f"/1/queues/{QUEUE}"
    assert delete.method == "DELETE" and delete.url.path == f"/1/queues/{QUEUE}"


@pytest.mark.parametrize("name", ["", "a b", "a.b", "a*", "a>b", "a/b", "a\\b", "a\tb", "a\x7f", 3])
def test_bad_queue_names_are_refused_before_any_request(name: Any) -> None:
    recorder = Recorder()
    with make(recorder) as client, pytest.raises(InvalidParameter) as caught:
        client.queues.create(name)
    assert caught.value.parameter == "name" and recorder.requests == []


def test_a_create_is_not_repeated_after_it_may_have_arrived() -> None:
    # A 502 may come from a gateway after the platform acted (a 503 refuses it unprocessed).
    recorder = Recorder(httpx.Response(502), created())
    with make(recorder, retries=3) as client, pytest.raises(ServerError):
        client.queues.create("readings")
    assert len(recorder.requests) == 1


def test_enqueue_sends_the_json_it_checked() -> None:
    recorder = Recorder(queue_record(), receipt())
    with make(recorder) as client:
        queue = client.queues.get(QUEUE)
        message = {"$schema": READING, "buoy": "B101", "celsius": 21.5, "note": "é"}
        assert queue.enqueue(message) == "urn:ivcap:message:42"
        queue.enqueue([1, 2, 3], schema="urn:example:schema:list.1")
        queue.enqueue("just text")
    first, second, third = recorder.requests[1:]
    assert first.url.path == f"/1/queues/{QUEUE}/messages" and first.method == "POST"
    assert first.url.params["schema"] == READING  # taken from the message's $schema
    assert json.loads(first.content) == message
    assert first.content == json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode()
    assert first.headers["content-type"] == "application/json"
    assert second.url.params["schema"] == "urn:example:schema:list.1"
    assert "schema" not in third.url.params and json.loads(third.content) == "just text"


def test_a_message_that_is_not_json_or_too_large_is_refused_before_sending() -> None:
    recorder = Recorder(queue_record(), receipt())
    with make(recorder) as client:
        queue = client.queues.get(QUEUE)
        for bad in ({"a": {1, 2}}, {"x": math.nan}, object()):
            with pytest.raises(InvalidParameter, match="message: not JSON") as caught:
                queue.enqueue(bad)
            assert caught.value.parameter == "message"
        # The limit is on the JSON text as sent: "..." around the text adds 2 bytes.
        with pytest.raises(InvalidParameter, match="more than the 1048576"):
            queue.enqueue("x" * (MAX_MESSAGE_BYTES - 1))
        assert len(recorder.requests) == 1
        queue.enqueue("x" * (MAX_MESSAGE_BYTES - 2))
        assert len(recorder.requests[-1].content) == MAX_MESSAGE_BYTES


def test_dequeue_takes_a_batch_oldest_first() -> None:
    recorder = Recorder(queue_record(), batch({"n": 1}, {"n": 2}), batch())
    with make(recorder) as client:
        queue = client.queues.get(QUEUE)
        first, second = queue.dequeue(limit=5)
        assert isinstance(first, QueueMessage) and first.content == {"n": 1}
        assert (first.id, first.schema, first.content_type) == (
            "urn:ivcap:message:0",
            READING,
            "application/json",
        )
        assert second.content == {"n": 2} and "n" in repr(second)
        assert first.as_dict()["content"] == {"n": 1}
        assert queue.dequeue() == []
    assert recorder.requests[1].url.params["limit"] == "5"
    assert recorder.requests[1].method == "GET"
    assert "limit" not in recorder.requests[2].url.params


def test_a_dequeue_is_never_repeated_once_it_may_have_taken_messages() -> None:
    recorder = Recorder(queue_record(), httpx.Response(502), batch({"n": 1}))
    with make(recorder, retries=3) as client:
        queue = client.queues.get(QUEUE)
        with pytest.raises(ServerError):
            queue.dequeue()
        assert len(recorder.requests) == 2
    # A connection that never opened took nothing: that one is retried.
    refused = httpx.ConnectError("refused", request=httpx.Request("GET", BASE))
    recorder = Recorder(queue_record(), refused, batch({"n": 1}))
    with make(recorder, retries=3) as client:
        assert [m.content for m in client.queues.get(QUEUE).dequeue()] == [{"n": 1}]


def test_drain_takes_batches_until_the_queue_is_empty() -> None:
    recorder = Recorder(queue_record(), batch(1, 2), batch(3), batch())
    with make(recorder) as client:
        queue = client.queues.get(QUEUE)
        drained = queue.drain(batch=2)
        assert len(recorder.requests) == 1  # nothing taken until iterated
        assert [m.content for m in drained] == [1, 2, 3]
    assert [r.url.params["limit"] for r in recorder.requests[1:]] == ["2", "2", "2"]


def test_drain_with_a_limit_never_takes_more() -> None:
    recorder = Recorder(queue_record(), batch(1, 2), batch(3))
    with make(recorder) as client:
        queue = client.queues.get(QUEUE)
        assert [m.content for m in queue.drain(batch=2, limit=3)] == [1, 2, 3]
        assert list(queue.drain(limit=0)) == []
    assert [r.url.params["limit"] for r in recorder.requests[1:]] == ["2", "1"]


def test_bad_dequeue_arguments_are_refused_at_once() -> None:
    recorder = Recorder(queue_record())
    with make(recorder) as client:
        queue = client.queues.get(QUEUE)
        for call in (
            lambda: queue.dequeue(0),
            lambda: queue.dequeue(True),  # type: ignore[arg-type]
            lambda: queue.drain(batch=0),
            lambda: queue.drain(limit=-1),
        ):
            with pytest.raises(InvalidParameter):
                call()
    assert len(recorder.requests) == 1


def test_dequeue_from_a_deleted_queue_is_not_found() -> None:
    recorder = Recorder(
        queue_record(), httpx.Response(204), json_response(404, {"message": "gone"})
    )
    with make(recorder) as client:
        queue = client.queues.get(QUEUE)
        client.queues.delete(queue)
        with pytest.raises(NotFound):
            queue.dequeue()
        with pytest.raises(NotFound):
            list(queue.drain())


def test_a_malformed_batch_is_a_malformed_response() -> None:
    answers = [
        json_response(200, {"messages": {"not": "a list"}}),
        json_response(200, {"messages": ["text"]}),
        json_response(200, {"messages": [{"id": 3, "content": 1}]}),
        json_response(200, {}),
    ]
    recorder = Recorder(queue_record(), *answers)
    with make(recorder) as client:
        queue = client.queues.get(QUEUE)
        for _ in answers:
            with pytest.raises(MalformedResponse):
                queue.dequeue()


@pytest.mark.anyio
async def test_the_async_twins() -> None:
    recorder = Recorder(created(), receipt(), batch("a", "b"), batch(), httpx.Response(204))
    async with AsyncClient(BASE, token=SECRET, transport=recorder.transport) as client:
        queue = await client.queues.create("readings")
        assert await queue.enqueue({"x": 1}) == "urn:ivcap:message:42"
        assert [m.content async for m in queue.drain()] == ["a", "b"]
        await client.queues.delete(QUEUE)
    assert recorder.requests[-1].method == "DELETE"
