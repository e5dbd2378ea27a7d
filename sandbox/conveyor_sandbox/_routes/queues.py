"""``/1/queues``: creating, listing, reading and deleting queues; enqueuing and dequeuing.

Enqueue takes any JSON value up to 1 MiB (415 for another media type, 413
beyond the limit). Dequeue answers at once with up to ``limit`` of the
oldest messages (default 10; at most 1000 or 16 MiB per answer), removed
as they are taken: see :mod:`conveyor_sandbox._stores.queues`. Both run in
a worker thread, so concurrent dequeuers really do run at once and the
store's transaction is what keeps them apart.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

import anyio
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .._stores.queues import (
    DEFAULT_BATCH,
    MAX_BATCH,
    MAX_DESCRIPTION_LENGTH,
    MAX_MESSAGE_BYTES,
    QUEUES,
    QueueStore,
    check_name,
    check_schema,
)
from . import inputs
from .http import Guard, base_url, json_response, path_id
from .listing import Listing

_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _drop_none(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None}


def queue_item(row: sqlite3.Row, base: str) -> dict[str, Any]:
    """A QueueListItem."""
    return _drop_none(
        {
            "id": row["id"],
            "name": row["name"],
            "description": row["description"],
            "account": row["account"],
            "href": f"{base}/1/queues/{row['id']}",
        }
    )


class QueueRoutes:
    """Queues and their messages."""

    def __init__(self, queues: QueueStore, listing: Listing) -> None:
        self.queues = queues
        self.listing = listing

    def routes(self, guard: Guard) -> list[Route]:
        """The Starlette routes of queues, each handler wrapped by ``guard``."""
        return [
            Route("/1/queues", guard(self.collection), methods=["GET", "POST"]),
            Route("/1/queues/{id}", guard(self.one), methods=["GET", "DELETE"]),
            Route("/1/queues/{id}/messages", guard(self.messages), methods=["GET", "POST"]),
        ]

    async def collection(self, request: Request) -> Response:
        """GET (list) and POST (create) /1/queues."""
        if request.method == "POST":
            body = await inputs.read_object(request, "a queue definition")
            name = check_name(body.get("name"))
            description = inputs.text(body, "description", max_length=MAX_DESCRIPTION_LENGTH)
            policy = inputs.urn(body, "policy")
            row = self.queues.create(name, description, policy)
            created = _drop_none(
                {
                    "id": row["id"],
                    "name": row["name"],
                    "description": row["description"],
                    "account": row["account"],
                }
            )
            return json_response(created, 201)
        state, limit = self.listing.state(request, "/1/queues", QUEUES)
        page = self.queues.page(state, limit)
        base = base_url(request)
        items = [queue_item(r, base) for r in page.rows]
        return json_response(self.listing.envelope(request, "/1/queues", state, items, page.cursor))

    async def one(self, request: Request) -> Response:
        """GET (with what the queue holds now) and DELETE /1/queues/{id}."""
        queue_id = path_id(request, "queue")
        if request.method == "DELETE":
            self.queues.delete(queue_id)
            return Response(status_code=204)
        row = self.queues.row(queue_id)
        stats = self.queues.stats(queue_id)
        record = {
            "id": row["id"],
            "name": row["name"],
            "description": row["description"],
            "created-at": row["created_at"],
            "total-messages": stats["total"],
            "bytes": stats["bytes"],
            "first-time": stats["first"],
            "last-time": stats["last"],
            # Dequeuing never waits for messages, so no client holds the queue open.
            "consumer-count": 0,
        }
        return json_response(_drop_none(record))

    async def messages(self, request: Request) -> Response:
        """POST (enqueue one message) and GET (dequeue a batch) /1/queues/{id}/messages."""
        queue_id = path_id(request, "queue")
        if request.method == "POST":
            schema_param = request.query_params.get("schema")
            content, size = await inputs.read_json_limited(request, MAX_MESSAGE_BYTES)
            schema = check_schema(schema_param, content)
            message_id = await anyio.to_thread.run_sync(
                self.queues.enqueue, queue_id, content, schema, size
            )
            return json_response({"id": message_id})
        limit = inputs.open_limit(request, default=DEFAULT_BATCH, maximum=MAX_BATCH)
        taken = await anyio.to_thread.run_sync(self.queues.dequeue, queue_id, limit)
        # Each message's content is stored as JSON text: it goes into the
        # answer as it is, without being parsed and encoded again.
        parts = []
        for message_id, schema, content in taken.messages:
            head = {"id": message_id, "content-type": "application/json"}
            if schema is not None:
                head["schema"] = schema
            parts.append(f'{_ENCODER.encode(head)[:-1]},"content":{content}}}')
        body = f'{{"messages":[{",".join(parts)}],"at-time":{_ENCODER.encode(taken.at)}}}'
        return Response(body.encode("utf-8"), media_type="application/json")
