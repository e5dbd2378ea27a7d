"""Operations tagged `metadata`: one module per operation, bundled as `MetadataApi`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...types import UNSET

if TYPE_CHECKING:
    import datetime

    from ...client import AuthenticatedClient, Client
    from ...models.aspect_content import AspectContent
    from ...models.error_message import ErrorMessage
    from ...models.invalid_parameter_error import InvalidParameterError
    from ...models.metadata_list import MetadataList
    from ...models.metadata_record import MetadataRecord
    from ...models.metadata_record_id import MetadataRecordId
    from ...types import Response, Unset

__all__ = ("MetadataApi",)


class MetadataApi:
    """The `metadata` operations over one client.

    Each operation `op` has four methods: `op()` and `await op_async()` return the
    parsed body, `op_detailed()` and `await op_detailed_async()` the whole `Response`.
    """

    def __init__(self, client: AuthenticatedClient | Client) -> None:
        self.client = client

    def __repr__(self) -> str:
        return f"{type(self).__name__}({type(self.client).__name__})"

    def list_metadata_records(
        self,
        *,
        entity_id: str | Unset = UNSET,
        schema: str | Unset = UNSET,
        aspect_path: str | Unset = UNSET,
        at_time: datetime.datetime | Unset = UNSET,
        limit: int | Unset = 10,
        filter_: str | Unset = UNSET,
        order_by: str | Unset = UNSET,
        order_desc: bool | Unset = UNSET,
        include_content: bool | Unset = True,
        page: str | Unset = UNSET,
    ) -> ErrorMessage | InvalidParameterError | MetadataList | None:
        """GET /1/metadata: List metadata records"""
        from . import list_metadata_records as _op

        return _op.sync(
            entity_id=entity_id,
            schema=schema,
            aspect_path=aspect_path,
            at_time=at_time,
            limit=limit,
            filter_=filter_,
            order_by=order_by,
            order_desc=order_desc,
            include_content=include_content,
            page=page,
            client=self.client,
        )

    def list_metadata_records_detailed(
        self,
        *,
        entity_id: str | Unset = UNSET,
        schema: str | Unset = UNSET,
        aspect_path: str | Unset = UNSET,
        at_time: datetime.datetime | Unset = UNSET,
        limit: int | Unset = 10,
        filter_: str | Unset = UNSET,
        order_by: str | Unset = UNSET,
        order_desc: bool | Unset = UNSET,
        include_content: bool | Unset = True,
        page: str | Unset = UNSET,
    ) -> Response[ErrorMessage | InvalidParameterError | MetadataList]:
        """GET /1/metadata: List metadata records (whole response)"""
        from . import list_metadata_records as _op

        return _op.sync_detailed(
            entity_id=entity_id,
            schema=schema,
            aspect_path=aspect_path,
            at_time=at_time,
            limit=limit,
            filter_=filter_,
            order_by=order_by,
            order_desc=order_desc,
            include_content=include_content,
            page=page,
            client=self.client,
        )

    async def list_metadata_records_async(
        self,
        *,
        entity_id: str | Unset = UNSET,
        schema: str | Unset = UNSET,
        aspect_path: str | Unset = UNSET,
        at_time: datetime.datetime | Unset = UNSET,
        limit: int | Unset = 10,
        filter_: str | Unset = UNSET,
        order_by: str | Unset = UNSET,
        order_desc: bool | Unset = UNSET,
        include_content: bool | Unset = True,
        page: str | Unset = UNSET,
    ) -> ErrorMessage | InvalidParameterError | MetadataList | None:
        """GET /1/metadata: List metadata records"""
        from . import list_metadata_records as _op

        return await _op.asyncio(
            entity_id=entity_id,
            schema=schema,
            aspect_path=aspect_path,
            at_time=at_time,
            limit=limit,
            filter_=filter_,
            order_by=order_by,
            order_desc=order_desc,
            include_content=include_content,
            page=page,
            client=self.client,
        )

    async def list_metadata_records_detailed_async(
        self,
        *,
        entity_id: str | Unset = UNSET,
        schema: str | Unset = UNSET,
        aspect_path: str | Unset = UNSET,
        at_time: datetime.datetime | Unset = UNSET,
        limit: int | Unset = 10,
        filter_: str | Unset = UNSET,
        order_by: str | Unset = UNSET,
        order_desc: bool | Unset = UNSET,
        include_content: bool | Unset = True,
        page: str | Unset = UNSET,
    ) -> Response[ErrorMessage | InvalidParameterError | MetadataList]:
        """GET /1/metadata: List metadata records (whole response)"""
        from . import list_metadata_records as _op

        return await _op.asyncio_detailed(
            entity_id=entity_id,
            schema=schema,
            aspect_path=aspect_path,
            at_time=at_time,
            limit=limit,
            filter_=filter_,
            order_by=order_by,
            order_desc=order_desc,
            include_content=include_content,
            page=page,
            client=self.client,
        )

    def add_metadata_record(
        self,
        *,
        body: AspectContent,
        entity_id: str,
        schema: str,
        policy_id: str | Unset = UNSET,
        idempotency_key: str | Unset = UNSET,
    ) -> ErrorMessage | InvalidParameterError | MetadataRecordId | None:
        """POST /1/metadata: Add a metadata record"""
        from . import add_metadata_record as _op

        return _op.sync(
            body=body,
            entity_id=entity_id,
            schema=schema,
            policy_id=policy_id,
            idempotency_key=idempotency_key,
            client=self.client,
        )

    def add_metadata_record_detailed(
        self,
        *,
        body: AspectContent,
        entity_id: str,
        schema: str,
        policy_id: str | Unset = UNSET,
        idempotency_key: str | Unset = UNSET,
    ) -> Response[ErrorMessage | InvalidParameterError | MetadataRecordId]:
        """POST /1/metadata: Add a metadata record (whole response)"""
        from . import add_metadata_record as _op

        return _op.sync_detailed(
            body=body,
            entity_id=entity_id,
            schema=schema,
            policy_id=policy_id,
            idempotency_key=idempotency_key,
            client=self.client,
        )

    async def add_metadata_record_async(
        self,
        *,
        body: AspectContent,
        entity_id: str,
        schema: str,
        policy_id: str | Unset = UNSET,
        idempotency_key: str | Unset = UNSET,
    ) -> ErrorMessage | InvalidParameterError | MetadataRecordId | None:
        """POST /1/metadata: Add a metadata record"""
        from . import add_metadata_record as _op

        return await _op.asyncio(
            body=body,
            entity_id=entity_id,
            schema=schema,
            policy_id=policy_id,
            idempotency_key=idempotency_key,
            client=self.client,
        )

    async def add_metadata_record_detailed_async(
        self,
        *,
        body: AspectContent,
        entity_id: str,
        schema: str,
        policy_id: str | Unset = UNSET,
        idempotency_key: str | Unset = UNSET,
    ) -> Response[ErrorMessage | InvalidParameterError | MetadataRecordId]:
        """POST /1/metadata: Add a metadata record (whole response)"""
        from . import add_metadata_record as _op

        return await _op.asyncio_detailed(
            body=body,
            entity_id=entity_id,
            schema=schema,
            policy_id=policy_id,
            idempotency_key=idempotency_key,
            client=self.client,
        )

    def read_metadata_record(
        self,
        id: str,
    ) -> ErrorMessage | MetadataRecord | None:
        """GET /1/metadata/{id}: Read a metadata record"""
        from . import read_metadata_record as _op

        return _op.sync(
            id=id,
            client=self.client,
        )

    def read_metadata_record_detailed(
        self,
        id: str,
    ) -> Response[ErrorMessage | MetadataRecord]:
        """GET /1/metadata/{id}: Read a metadata record (whole response)"""
        from . import read_metadata_record as _op

        return _op.sync_detailed(
            id=id,
            client=self.client,
        )

    async def read_metadata_record_async(
        self,
        id: str,
    ) -> ErrorMessage | MetadataRecord | None:
        """GET /1/metadata/{id}: Read a metadata record"""
        from . import read_metadata_record as _op

        return await _op.asyncio(
            id=id,
            client=self.client,
        )

    async def read_metadata_record_detailed_async(
        self,
        id: str,
    ) -> Response[ErrorMessage | MetadataRecord]:
        """GET /1/metadata/{id}: Read a metadata record (whole response)"""
        from . import read_metadata_record as _op

        return await _op.asyncio_detailed(
            id=id,
            client=self.client,
        )

    def update_metadata_record(
        self,
        id: str,
        *,
        body: AspectContent,
        entity_id: str | Unset = UNSET,
        schema: str | Unset = UNSET,
        policy_id: str | Unset = UNSET,
    ) -> ErrorMessage | InvalidParameterError | MetadataRecordId | None:
        """PUT /1/metadata/{id}: Replace a metadata record"""
        from . import update_metadata_record as _op

        return _op.sync(
            id=id,
            body=body,
            entity_id=entity_id,
            schema=schema,
            policy_id=policy_id,
            client=self.client,
        )

    def update_metadata_record_detailed(
        self,
        id: str,
        *,
        body: AspectContent,
        entity_id: str | Unset = UNSET,
        schema: str | Unset = UNSET,
        policy_id: str | Unset = UNSET,
    ) -> Response[ErrorMessage | InvalidParameterError | MetadataRecordId]:
        """PUT /1/metadata/{id}: Replace a metadata record (whole response)"""
        from . import update_metadata_record as _op

        return _op.sync_detailed(
            id=id,
            body=body,
            entity_id=entity_id,
            schema=schema,
            policy_id=policy_id,
            client=self.client,
        )

    async def update_metadata_record_async(
        self,
        id: str,
        *,
        body: AspectContent,
        entity_id: str | Unset = UNSET,
        schema: str | Unset = UNSET,
        policy_id: str | Unset = UNSET,
    ) -> ErrorMessage | InvalidParameterError | MetadataRecordId | None:
        """PUT /1/metadata/{id}: Replace a metadata record"""
        from . import update_metadata_record as _op

        return await _op.asyncio(
            id=id,
            body=body,
            entity_id=entity_id,
            schema=schema,
            policy_id=policy_id,
            client=self.client,
        )

    async def update_metadata_record_detailed_async(
        self,
        id: str,
        *,
        body: AspectContent,
        entity_id: str | Unset = UNSET,
        schema: str | Unset = UNSET,
        policy_id: str | Unset = UNSET,
    ) -> Response[ErrorMessage | InvalidParameterError | MetadataRecordId]:
        """PUT /1/metadata/{id}: Replace a metadata record (whole response)"""
        from . import update_metadata_record as _op

        return await _op.asyncio_detailed(
            id=id,
            body=body,
            entity_id=entity_id,
            schema=schema,
            policy_id=policy_id,
            client=self.client,
        )

    def revoke_metadata_record(
        self,
        id: str,
    ) -> ErrorMessage | InvalidParameterError | None:
        """DELETE /1/metadata/{id}: Revoke a metadata record"""
        from . import revoke_metadata_record as _op

        return _op.sync(
            id=id,
            client=self.client,
        )

    def revoke_metadata_record_detailed(
        self,
        id: str,
    ) -> Response[ErrorMessage | InvalidParameterError]:
        """DELETE /1/metadata/{id}: Revoke a metadata record (whole response)"""
        from . import revoke_metadata_record as _op

        return _op.sync_detailed(
            id=id,
            client=self.client,
        )

    async def revoke_metadata_record_async(
        self,
        id: str,
    ) -> ErrorMessage | InvalidParameterError | None:
        """DELETE /1/metadata/{id}: Revoke a metadata record"""
        from . import revoke_metadata_record as _op

        return await _op.asyncio(
            id=id,
            client=self.client,
        )

    async def revoke_metadata_record_detailed_async(
        self,
        id: str,
    ) -> Response[ErrorMessage | InvalidParameterError]:
        """DELETE /1/metadata/{id}: Revoke a metadata record (whole response)"""
        from . import revoke_metadata_record as _op

        return await _op.asyncio_detailed(
            id=id,
            client=self.client,
        )
