"""Queues: JSON messages handed from one service to another, each taken once.

Enqueuing appends one JSON message (at most `MAX_MESSAGE_BYTES` of it as
sent) to the end of a queue. Dequeuing takes up to ``limit`` messages off the
front, oldest first, and *removes* them: each message goes to exactly one
caller, and a dequeue of an empty queue answers at once with none (it never
waits for one). So a dequeue is never repeated by the client's retries once
it may have reached the platform: a lost answer loses its batch, but no batch
is taken twice.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Iterator, Mapping
from typing import Any

import httpx
from conveyor_api.api.queues import (
    create_queue,
    delete_queue,
    dequeue_messages,
    enqueue_message,
    list_queues,
    read_queue,
)
from conveyor_api.models.message_receipt import MessageReceipt
from conveyor_api.models.queue_created import QueueCreated
from conveyor_api.models.queue_definition import QueueDefinition
from conveyor_api.models.queue_list_item import QueueListItem
from conveyor_api.models.queue_status import QueueStatus
from conveyor_api.types import UNSET

from ._base import AsyncEntity, Entity, ResourceSpec, _Entity, check_urn, entity_id, unset_none
from ._call import Call, Flow, answer_json, json_model, one
from ._fields import Integer, Text, Time
from ._resources import AsyncResources, SyncResources
from .errors import InvalidParameter, whole_number

__all__ = [
    "DRAIN_BATCH",
    "MAX_MESSAGE_BYTES",
    "AsyncQueue",
    "AsyncQueues",
    "Queue",
    "QueueMessage",
    "Queues",
]

MAX_MESSAGE_BYTES = 1024 * 1024
"""The largest message the contract accepts: 1 MiB of JSON text (UTF-8, as sent)."""

DRAIN_BATCH = 100
"""Messages `Queue.drain` takes per request unless told otherwise."""

# The contract's QueueDefinition.name: no whitespace, '.', '*', '>', '/', '\' or control characters.
_QUEUE_NAME = re.compile(r"[^\s.*>/\\\x00-\x1f\x7f]+")

QueueRecordLike = QueueStatus | QueueListItem | QueueCreated


class QueueMessage:
    """One message taken off a queue.

    Attributes:
        id: The message's URN (``urn:ivcap:message:...``), when the platform gives one.
        content: The message: any JSON value, decoded.
        schema: URN of its schema, as given when it was enqueued.
        content_type: Media type of the content (``application/json``).
    """

    __slots__ = ("content", "content_type", "id", "schema")

    def __init__(
        self,
        id: str | None,
        content: Any,
        schema: str | None = None,
        content_type: str | None = None,
    ) -> None:
        self.id = id
        self.content = content
        self.schema = schema
        self.content_type = content_type

    def __repr__(self) -> str:
        text = json.dumps(self.content, ensure_ascii=False)
        brief = text if len(text) <= 60 else text[:57] + "..."
        schema = f" schema={self.schema!r}" if self.schema else ""
        return f"<QueueMessage {self.id}{schema} {brief}>"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, QueueMessage):
            return NotImplemented
        return (self.id, self.content, self.schema, self.content_type) == (
            other.id,
            other.content,
            other.schema,
            other.content_type,
        )

    __hash__ = None  # type: ignore[assignment]  # equal by content, which may be unhashable

    def as_dict(self) -> dict[str, Any]:
        """The message as JSON-ready data (what ``--output json`` prints)."""
        return {
            "id": self.id,
            "schema": self.schema,
            "content_type": self.content_type,
            "content": self.content,
        }


def _text_or_none(item: Mapping[str, Any], key: str) -> str | None:
    value = item.get(key)
    if value is not None and type(value) is not str:
        raise TypeError(f"a message's {key} is not text")
    return value


def _parse_messages(response: httpx.Response) -> list[QueueMessage]:
    """A dequeue's ``{messages: [...]}``, decoded straight into messages.

    Draining thousands of messages parses each once, with no generated model
    in between (a `TypeError` here is a `MalformedResponse`).
    """
    data = answer_json(response.content)
    messages = data["messages"]
    if type(messages) is not list:
        raise TypeError("messages is not a list")
    taken: list[QueueMessage] = []
    append = taken.append
    for item in messages:
        if type(item) is not dict:
            raise TypeError("a message is not a JSON object")
        append(
            QueueMessage(
                _text_or_none(item, "id"),
                item.get("content"),
                _text_or_none(item, "schema"),
                _text_or_none(item, "content-type"),
            )
        )
    return taken


def encode_message(message: Any) -> bytes:
    """``message`` as the JSON text sent, checked against `MAX_MESSAGE_BYTES`.

    Raises:
        InvalidParameter: Not JSON-able (a set, NaN, ...), or larger than the
            contract's limit; before anything is sent.
    """
    try:
        text = json.dumps(message, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise InvalidParameter(
            f"message: not JSON-serialisable: {exc}", parameter="message"
        ) from None
    payload = text.encode("utf-8")
    if len(payload) > MAX_MESSAGE_BYTES:
        raise InvalidParameter(
            f"message: {len(payload)} bytes of JSON, more than the {MAX_MESSAGE_BYTES} "
            "a queue accepts",
            parameter="message",
        )
    return payload


def check_queue_name(name: Any) -> str:
    """``name`` if the contract allows it as a queue's name (`InvalidParameter` otherwise)."""
    if not isinstance(name, str) or not _QUEUE_NAME.fullmatch(name):
        raise InvalidParameter(
            "name: a queue's name is text without whitespace, '.', '*', '>', '/', '\\' or "
            f"control characters: {name!r:.80}",
            parameter="name",
            value=name,
        )
    return name


class _Queue(_Entity[QueueRecordLike]):
    __slots__ = ()

    _spec = ResourceSpec(
        kind="queue",
        read=read_queue,
        record=QueueStatus,
        list=list_queues,
        item=QueueListItem,
        repr=("name",),
        shown=(
            "name",
            "description",
            "total_messages",
            "size",
            "consumer_count",
            "created_at",
            "first_time",
            "last_time",
            "account",
        ),
        columns=("name", "id", "description"),
    )

    name = Text("The queue's name (unique per account).")
    description = Text("What the queue is for.")
    account = Text("URN of the owning account (listed and new queues say it).")
    created_at = Time("When the queue was created.")
    total_messages = Integer("Messages in the queue when last read.")
    size = Integer("Total size of those messages in bytes.", source="bytes_", format="size")
    first_time = Time("When the oldest message still in the queue arrived.")
    last_time = Time("When the newest message arrived.")
    consumer_count = Integer("Clients reading the queue when last read.")

    def _enqueue_flow(self, message: Any, schema: str | None) -> Flow[str | None]:
        payload = encode_message(message)
        if schema is None and isinstance(message, Mapping):
            found = message.get("$schema")
            schema = found if isinstance(found, str) and found else None
        if schema is not None and (not isinstance(schema, str) or not schema):
            raise InvalidParameter("schema: a non-empty URN is needed", parameter="schema")
        kwargs = enqueue_message.request_args(
            self.id, body=None, schema=UNSET if schema is None else schema
        )
        # Encoded once, above, where its size was checked: sent as those very bytes.
        del kwargs["json"]
        kwargs["content"] = payload
        # A repeated POST would queue the message twice.
        receipt = yield from one(Call(kwargs, json_model(MessageReceipt), retry="create"))
        id: str | None = unset_none(receipt.id)
        return id

    def _dequeue_flow(self, limit: int | None) -> Flow[list[QueueMessage]]:
        if limit is not None:
            whole_number(limit, "limit", 1)
        kwargs = dequeue_messages.request_args(self.id, limit=UNSET if limit is None else limit)
        taken: list[QueueMessage] = yield from one(Call(kwargs, _parse_messages, retry="create"))
        return taken

    def _delete_flow(self) -> Flow[None]:
        yield from _delete_flow(self.id)


def _delete_flow(id: str) -> Flow[None]:
    check_urn(id, "queue")
    yield from one(Call(delete_queue.request_args(id)))


def _drain_args(batch: int, limit: int | None) -> None:
    whole_number(batch, "batch", 1)
    if limit is not None:
        whole_number(limit, "limit", 0)


def _next_size(batch: int, remaining: int | None) -> int:
    return batch if remaining is None else min(batch, remaining)


class Queue(_Queue, Entity[QueueRecordLike]):
    """A queue of JSON messages: `enqueue()`, `dequeue()`, `drain()`.

    ::

        readings = client.queues.create("sensor-readings")
        readings.enqueue({"$schema": "urn:example:schema:reading.1", "celsius": 21.5})
        for message in readings.drain():
            print(message.content)

    ``total_messages`` and the other counts are as last read; `refresh()`
    reads them again.
    """

    __slots__ = ()

    def enqueue(self, message: Any, *, schema: str | None = None) -> str | None:
        """Append ``message`` (any JSON value) to the end of the queue; returns its URN.

        Args:
            message: A JSON-able value, at most 1 MiB as JSON text.
            schema: URN of its schema, handed back with it (default: the
                message's own ``$schema``, if it has one).

        Raises:
            InvalidParameter: Not JSON, or too large, before anything is sent.
            NotFound: The queue does not exist (any more).
        """
        return self._client._run(self._enqueue_flow(message, schema))

    def dequeue(self, limit: int | None = None) -> list[QueueMessage]:
        """Take up to ``limit`` messages off the front, oldest first (the platform's default
        when ``None``); empty when the queue is.

        The messages are removed: no other caller gets them. The call does
        not wait for a message to arrive.

        Raises:
            NotFound: The queue does not exist (any more).
        """
        return self._client._run(self._dequeue_flow(limit))

    def drain(
        self, *, batch: int = DRAIN_BATCH, limit: int | None = None
    ) -> Iterator[QueueMessage]:
        """Every message, taken ``batch`` at a time, until a dequeue finds the queue empty.

        ::

            for message in queue.drain():
                handle(message.content)

        Each batch is removed from the queue when it is taken: stopping
        half-way through one drops its remaining messages, so use
        ``batch=1`` when every message must be handled.

        Args:
            batch: Messages per request (the platform may hand out fewer).
            limit: Most messages to take in all (``None``: until empty).
        """
        _drain_args(batch, limit)
        return self._drain(batch, limit)

    def _drain(self, batch: int, limit: int | None) -> Iterator[QueueMessage]:
        run = self._client._run
        remaining = limit
        while (size := _next_size(batch, remaining)) > 0:
            taken = run(self._dequeue_flow(size))
            if not taken:
                return
            if remaining is not None:
                remaining -= len(taken)
            yield from taken

    def delete(self) -> None:
        """Delete the queue and every message still in it."""
        self._client._run(self._delete_flow())


class AsyncQueue(_Queue, AsyncEntity[QueueRecordLike]):
    """The asynchronous twin of `Queue`; `drain()` is iterated with ``async for``."""

    __slots__ = ()

    async def enqueue(self, message: Any, *, schema: str | None = None) -> str | None:
        """Append ``message`` to the end of the queue (see `Queue.enqueue`)."""
        return await self._client._run(self._enqueue_flow(message, schema))

    async def dequeue(self, limit: int | None = None) -> list[QueueMessage]:
        """Take up to ``limit`` messages off the front (see `Queue.dequeue`)."""
        return await self._client._run(self._dequeue_flow(limit))

    def drain(
        self, *, batch: int = DRAIN_BATCH, limit: int | None = None
    ) -> AsyncIterator[QueueMessage]:
        """Every message until the queue is empty, for ``async for`` (see `Queue.drain`)."""
        _drain_args(batch, limit)
        return self._drain(batch, limit)

    async def _drain(self, batch: int, limit: int | None) -> AsyncIterator[QueueMessage]:
        run = self._client._run
        remaining = limit
        while (size := _next_size(batch, remaining)) > 0:
            taken = await run(self._dequeue_flow(size))
            if not taken:
                return
            if remaining is not None:
                remaining -= len(taken)
            for message in taken:
                yield message

    async def delete(self) -> None:
        """Delete the queue and every message still in it."""
        await self._client._run(self._delete_flow())


def _create_flow(name: str, description: str | None, policy: str | None) -> Flow[QueueCreated]:
    check_queue_name(name)
    if description is not None and not isinstance(description, str):
        raise InvalidParameter("description: text is needed", parameter="description")
    body = QueueDefinition(
        name=name,
        description=UNSET if description is None else description,
        policy=UNSET if policy is None else policy,
    )
    # Not repeated once sent: a second try would meet its own queue as a 409.
    created: QueueCreated = yield from one(
        Call(create_queue.request_args(body=body), json_model(QueueCreated), retry="create")
    )
    return created


class Queues(SyncResources[Queue]):
    """The platform's queues (``client.queues``): list, get, create, delete."""

    __slots__ = ()

    _entity = Queue

    def create(
        self, name: str, description: str | None = None, *, policy: str | None = None
    ) -> Queue:
        """Create an empty queue.

        Raises:
            InvalidParameter: A name the contract does not allow (no
                whitespace, ``.``, ``*``, ``>``, ``/``, ``\\`` or control
                characters), before any request.
            Conflict: A queue with that name exists.
        """
        return self._wrap(self._client._run(_create_flow(name, description, policy)))

    def delete(self, queue: Any) -> None:
        """Delete a queue (a `Queue` or its URN) with every message still in it."""
        self._client._run(_delete_flow(entity_id(queue, "queue")))


class AsyncQueues(AsyncResources[AsyncQueue]):
    """The platform's queues (``client.queues`` of an `AsyncClient`)."""

    __slots__ = ()

    _entity = AsyncQueue

    async def create(
        self, name: str, description: str | None = None, *, policy: str | None = None
    ) -> AsyncQueue:
        """Create an empty queue (see `Queues.create`)."""
        return self._wrap(await self._client._run(_create_flow(name, description, policy)))

    async def delete(self, queue: Any) -> None:
        """Delete a queue (see `Queues.delete`)."""
        await self._client._run(_delete_flow(entity_id(queue, "queue")))
