"""Operations tagged `queues`: one module per operation, bundled as `QueuesApi`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...types import UNSET

if TYPE_CHECKING:
    import datetime

    from ...client import AuthenticatedClient, Client
    from ...models.error_message import ErrorMessage
    from ...models.invalid_parameter_error import InvalidParameterError
    from ...models.message_list import MessageList
    from ...models.message_receipt import MessageReceipt
    from ...models.queue_created import QueueCreated
    from ...models.queue_definition import QueueDefinition
    from ...models.queue_list import QueueList
    from ...models.queue_status import QueueStatus
    from ...types import Response, Unset

__all__ = ("QueuesApi",)


class QueuesApi:
    """The `queues` operations over one client.

    Each operation `op` has four methods: `op()` and `await op_async()` return the
    parsed body, `op_detailed()` and `await op_detailed_async()` the whole `Response`.
    """

    def __init__(self, client: AuthenticatedClient | Client) -> None:
        self.client = client

    def __repr__(self) -> str:
        return f"{type(self).__name__}({type(self.client).__name__})"

    def list_queues(
        self,
        *,
        limit: int | Unset = 10,
        page: str | Unset = UNSET,
        filter_: str | Unset = UNSET,
        order_by: str | Unset = UNSET,
        order_desc: bool | Unset = True,
        at_time: datetime.datetime | Unset = UNSET,
    ) -> ErrorMessage | InvalidParameterError | QueueList | None:
        """GET /1/queues: List queues"""
        from . import list_queues as _op

        return _op.sync(
            limit=limit,
            page=page,
            filter_=filter_,
            order_by=order_by,
            order_desc=order_desc,
            at_time=at_time,
            client=self.client,
        )

    def list_queues_detailed(
        self,
        *,
        limit: int | Unset = 10,
        page: str | Unset = UNSET,
        filter_: str | Unset = UNSET,
        order_by: str | Unset = UNSET,
        order_desc: bool | Unset = True,
        at_time: datetime.datetime | Unset = UNSET,
    ) -> Response[ErrorMessage | InvalidParameterError | QueueList]:
        """GET /1/queues: List queues (whole response)"""
        from . import list_queues as _op

        return _op.sync_detailed(
            limit=limit,
            page=page,
            filter_=filter_,
            order_by=order_by,
            order_desc=order_desc,
            at_time=at_time,
            client=self.client,
        )

    async def list_queues_async(
        self,
        *,
        limit: int | Unset = 10,
        page: str | Unset = UNSET,
        filter_: str | Unset = UNSET,
        order_by: str | Unset = UNSET,
        order_desc: bool | Unset = True,
        at_time: datetime.datetime | Unset = UNSET,
    ) -> ErrorMessage | InvalidParameterError | QueueList | None:
        """GET /1/queues: List queues"""
        from . import list_queues as _op

        return await _op.asyncio(
            limit=limit,
            page=page,
            filter_=filter_,
            order_by=order_by,
            order_desc=order_desc,
            at_time=at_time,
            client=self.client,
        )

    async def list_queues_detailed_async(
        self,
        *,
        limit: int | Unset = 10,
        page: str | Unset = UNSET,
        filter_: str | Unset = UNSET,
        order_by: str | Unset = UNSET,
        order_desc: bool | Unset = True,
        at_time: datetime.datetime | Unset = UNSET,
    ) -> Response[ErrorMessage | InvalidParameterError | QueueList]:
        """GET /1/queues: List queues (whole response)"""
        from . import list_queues as _op

        return await _op.asyncio_detailed(
            limit=limit,
            page=page,
            filter_=filter_,
            order_by=order_by,
            order_desc=order_desc,
            at_time=at_time,
            client=self.client,
        )

    def create_queue(
        self,
        *,
        body: QueueDefinition,
        idempotency_key: str | Unset = UNSET,
    ) -> ErrorMessage | InvalidParameterError | QueueCreated | None:
        """POST /1/queues: Create a queue"""
        from . import create_queue as _op

        return _op.sync(
            body=body,
            idempotency_key=idempotency_key,
            client=self.client,
        )

    def create_queue_detailed(
        self,
        *,
        body: QueueDefinition,
        idempotency_key: str | Unset = UNSET,
    ) -> Response[ErrorMessage | InvalidParameterError | QueueCreated]:
        """POST /1/queues: Create a queue (whole response)"""
        from . import create_queue as _op

        return _op.sync_detailed(
            body=body,
            idempotency_key=idempotency_key,
            client=self.client,
        )

    async def create_queue_async(
        self,
        *,
        body: QueueDefinition,
        idempotency_key: str | Unset = UNSET,
    ) -> ErrorMessage | InvalidParameterError | QueueCreated | None:
        """POST /1/queues: Create a queue"""
        from . import create_queue as _op

        return await _op.asyncio(
            body=body,
            idempotency_key=idempotency_key,
            client=self.client,
        )

    async def create_queue_detailed_async(
        self,
        *,
        body: QueueDefinition,
        idempotency_key: str | Unset = UNSET,
    ) -> Response[ErrorMessage | InvalidParameterError | QueueCreated]:
        """POST /1/queues: Create a queue (whole response)"""
        from . import create_queue as _op

        return await _op.asyncio_detailed(
            body=body,
            idempotency_key=idempotency_key,
            client=self.client,
        )

    def read_queue(
        self,
        id: str,
    ) -> ErrorMessage | QueueStatus | None:
        """GET /1/queues/{id}: Read a queue"""
        from . import read_queue as _op

        return _op.sync(
            id=id,
            client=self.client,
        )

    def read_queue_detailed(
        self,
        id: str,
    ) -> Response[ErrorMessage | QueueStatus]:
        """GET /1/queues/{id}: Read a queue (whole response)"""
        from . import read_queue as _op

        return _op.sync_detailed(
            id=id,
            client=self.client,
        )

    async def read_queue_async(
        self,
        id: str,
    ) -> ErrorMessage | QueueStatus | None:
        """GET /1/queues/{id}: Read a queue"""
        from . import read_queue as _op

        return await _op.asyncio(
            id=id,
            client=self.client,
        )

    async def read_queue_detailed_async(
        self,
        id: str,
    ) -> Response[ErrorMessage | QueueStatus]:
        """GET /1/queues/{id}: Read a queue (whole response)"""
        from . import read_queue as _op

        return await _op.asyncio_detailed(
            id=id,
            client=self.client,
        )

    def delete_queue(
        self,
        id: str,
    ) -> ErrorMessage | None:
        """DELETE /1/queues/{id}: Delete a queue"""
        from . import delete_queue as _op

        return _op.sync(
            id=id,
            client=self.client,
        )

    def delete_queue_detailed(
        self,
        id: str,
    ) -> Response[ErrorMessage]:
        """DELETE /1/queues/{id}: Delete a queue (whole response)"""
        from . import delete_queue as _op

        return _op.sync_detailed(
            id=id,
            client=self.client,
        )

    async def delete_queue_async(
        self,
        id: str,
    ) -> ErrorMessage | None:
        """DELETE /1/queues/{id}: Delete a queue"""
        from . import delete_queue as _op

        return await _op.asyncio(
            id=id,
            client=self.client,
        )

    async def delete_queue_detailed_async(
        self,
        id: str,
    ) -> Response[ErrorMessage]:
        """DELETE /1/queues/{id}: Delete a queue (whole response)"""
        from . import delete_queue as _op

        return await _op.asyncio_detailed(
            id=id,
            client=self.client,
        )

    def dequeue_messages(
        self,
        id: str,
        *,
        limit: int | Unset = UNSET,
    ) -> ErrorMessage | InvalidParameterError | MessageList | None:
        """GET /1/queues/{id}/messages: Dequeue messages"""
        from . import dequeue_messages as _op

        return _op.sync(
            id=id,
            limit=limit,
            client=self.client,
        )

    def dequeue_messages_detailed(
        self,
        id: str,
        *,
        limit: int | Unset = UNSET,
    ) -> Response[ErrorMessage | InvalidParameterError | MessageList]:
        """GET /1/queues/{id}/messages: Dequeue messages (whole response)"""
        from . import dequeue_messages as _op

        return _op.sync_detailed(
            id=id,
            limit=limit,
            client=self.client,
        )

    async def dequeue_messages_async(
        self,
        id: str,
        *,
        limit: int | Unset = UNSET,
    ) -> ErrorMessage | InvalidParameterError | MessageList | None:
        """GET /1/queues/{id}/messages: Dequeue messages"""
        from . import dequeue_messages as _op

        return await _op.asyncio(
            id=id,
            limit=limit,
            client=self.client,
        )

    async def dequeue_messages_detailed_async(
        self,
        id: str,
        *,
        limit: int | Unset = UNSET,
    ) -> Response[ErrorMessage | InvalidParameterError | MessageList]:
        """GET /1/queues/{id}/messages: Dequeue messages (whole response)"""
        from . import dequeue_messages as _op

        return await _op.asyncio_detailed(
            id=id,
            limit=limit,
            client=self.client,
        )

    def enqueue_message(
        self,
        id: str,
        *,
        body: Any,
        schema: str | Unset = UNSET,
        idempotency_key: str | Unset = UNSET,
    ) -> ErrorMessage | InvalidParameterError | MessageReceipt | None:
        """POST /1/queues/{id}/messages: Enqueue a message"""
        from . import enqueue_message as _op

        return _op.sync(
            id=id,
            body=body,
            schema=schema,
            idempotency_key=idempotency_key,
            client=self.client,
        )

    def enqueue_message_detailed(
        self,
        id: str,
        *,
        body: Any,
        schema: str | Unset = UNSET,
        idempotency_key: str | Unset = UNSET,
    ) -> Response[ErrorMessage | InvalidParameterError | MessageReceipt]:
        """POST /1/queues/{id}/messages: Enqueue a message (whole response)"""
        from . import enqueue_message as _op

        return _op.sync_detailed(
            id=id,
            body=body,
            schema=schema,
            idempotency_key=idempotency_key,
            client=self.client,
        )

    async def enqueue_message_async(
        self,
        id: str,
        *,
        body: Any,
        schema: str | Unset = UNSET,
        idempotency_key: str | Unset = UNSET,
    ) -> ErrorMessage | InvalidParameterError | MessageReceipt | None:
        """POST /1/queues/{id}/messages: Enqueue a message"""
        from . import enqueue_message as _op

        return await _op.asyncio(
            id=id,
            body=body,
            schema=schema,
            idempotency_key=idempotency_key,
            client=self.client,
        )

    async def enqueue_message_detailed_async(
        self,
        id: str,
        *,
        body: Any,
        schema: str | Unset = UNSET,
        idempotency_key: str | Unset = UNSET,
    ) -> Response[ErrorMessage | InvalidParameterError | MessageReceipt]:
        """POST /1/queues/{id}/messages: Enqueue a message (whole response)"""
        from . import enqueue_message as _op

        return await _op.asyncio_detailed(
            id=id,
            body=body,
            schema=schema,
            idempotency_key=idempotency_key,
            client=self.client,
        )
