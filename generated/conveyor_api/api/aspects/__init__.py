"""Operations tagged `aspects`: one module per operation, bundled as `AspectsApi`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...models.list_aspects_order_direction import ListAspectsOrderDirection
from ...types import UNSET

if TYPE_CHECKING:
    import datetime

    from ...client import AuthenticatedClient, Client
    from ...models.aspect import Aspect
    from ...models.aspect_content import AspectContent
    from ...models.aspect_id_result import AspectIdResult
    from ...models.aspect_list import AspectList
    from ...models.error_message import ErrorMessage
    from ...models.invalid_parameter_error import InvalidParameterError
    from ...models.list_aspects_order_direction import ListAspectsOrderDirection
    from ...types import Response, Unset

__all__ = ("AspectsApi",)


class AspectsApi:
    """The `aspects` operations over one client.

    Each operation `op` has four methods: `op()` and `await op_async()` return the
    parsed body, `op_detailed()` and `await op_detailed_async()` the whole `Response`.
    """

    def __init__(self, client: AuthenticatedClient | Client) -> None:
        self.client = client

    def __repr__(self) -> str:
        return f"{type(self).__name__}({type(self.client).__name__})"

    def list_aspects(
        self,
        *,
        entity: str | Unset = UNSET,
        schema: str | Unset = UNSET,
        content_path: str | Unset = UNSET,
        at_time: datetime.datetime | Unset = UNSET,
        limit: int | Unset = 10,
        filter_: str | Unset = UNSET,
        order_by: str | Unset = UNSET,
        order_direction: ListAspectsOrderDirection | Unset = ListAspectsOrderDirection.DESC,
        include_content: bool | Unset = UNSET,
        page: str | Unset = UNSET,
    ) -> AspectList | ErrorMessage | InvalidParameterError | None:
        """GET /1/aspects: List aspects"""
        from . import list_aspects as _op

        return _op.sync(
            entity=entity,
            schema=schema,
            content_path=content_path,
            at_time=at_time,
            limit=limit,
            filter_=filter_,
            order_by=order_by,
            order_direction=order_direction,
            include_content=include_content,
            page=page,
            client=self.client,
        )

    def list_aspects_detailed(
        self,
        *,
        entity: str | Unset = UNSET,
        schema: str | Unset = UNSET,
        content_path: str | Unset = UNSET,
        at_time: datetime.datetime | Unset = UNSET,
        limit: int | Unset = 10,
        filter_: str | Unset = UNSET,
        order_by: str | Unset = UNSET,
        order_direction: ListAspectsOrderDirection | Unset = ListAspectsOrderDirection.DESC,
        include_content: bool | Unset = UNSET,
        page: str | Unset = UNSET,
    ) -> Response[AspectList | ErrorMessage | InvalidParameterError]:
        """GET /1/aspects: List aspects (whole response)"""
        from . import list_aspects as _op

        return _op.sync_detailed(
            entity=entity,
            schema=schema,
            content_path=content_path,
            at_time=at_time,
            limit=limit,
            filter_=filter_,
            order_by=order_by,
            order_direction=order_direction,
            include_content=include_content,
            page=page,
            client=self.client,
        )

    async def list_aspects_async(
        self,
        *,
        entity: str | Unset = UNSET,
        schema: str | Unset = UNSET,
        content_path: str | Unset = UNSET,
        at_time: datetime.datetime | Unset = UNSET,
        limit: int | Unset = 10,
        filter_: str | Unset = UNSET,
        order_by: str | Unset = UNSET,
        order_direction: ListAspectsOrderDirection | Unset = ListAspectsOrderDirection.DESC,
        include_content: bool | Unset = UNSET,
        page: str | Unset = UNSET,
    ) -> AspectList | ErrorMessage | InvalidParameterError | None:
        """GET /1/aspects: List aspects"""
        from . import list_aspects as _op

        return await _op.asyncio(
            entity=entity,
            schema=schema,
            content_path=content_path,
            at_time=at_time,
            limit=limit,
            filter_=filter_,
            order_by=order_by,
            order_direction=order_direction,
            include_content=include_content,
            page=page,
            client=self.client,
        )

    async def list_aspects_detailed_async(
        self,
        *,
        entity: str | Unset = UNSET,
        schema: str | Unset = UNSET,
        content_path: str | Unset = UNSET,
        at_time: datetime.datetime | Unset = UNSET,
        limit: int | Unset = 10,
        filter_: str | Unset = UNSET,
        order_by: str | Unset = UNSET,
        order_direction: ListAspectsOrderDirection | Unset = ListAspectsOrderDirection.DESC,
        include_content: bool | Unset = UNSET,
        page: str | Unset = UNSET,
    ) -> Response[AspectList | ErrorMessage | InvalidParameterError]:
        """GET /1/aspects: List aspects (whole response)"""
        from . import list_aspects as _op

        return await _op.asyncio_detailed(
            entity=entity,
            schema=schema,
            content_path=content_path,
            at_time=at_time,
            limit=limit,
            filter_=filter_,
            order_by=order_by,
            order_direction=order_direction,
            include_content=include_content,
            page=page,
            client=self.client,
        )

    def update_aspect(
        self,
        *,
        body: AspectContent,
        entity: str,
        schema: str,
        policy: str | Unset = UNSET,
    ) -> AspectIdResult | ErrorMessage | InvalidParameterError | None:
        """PUT /1/aspects: Replace an aspect"""
        from . import update_aspect as _op

        return _op.sync(
            body=body,
            entity=entity,
            schema=schema,
            policy=policy,
            client=self.client,
        )

    def update_aspect_detailed(
        self,
        *,
        body: AspectContent,
        entity: str,
        schema: str,
        policy: str | Unset = UNSET,
    ) -> Response[AspectIdResult | ErrorMessage | InvalidParameterError]:
        """PUT /1/aspects: Replace an aspect (whole response)"""
        from . import update_aspect as _op

        return _op.sync_detailed(
            body=body,
            entity=entity,
            schema=schema,
            policy=policy,
            client=self.client,
        )

    async def update_aspect_async(
        self,
        *,
        body: AspectContent,
        entity: str,
        schema: str,
        policy: str | Unset = UNSET,
    ) -> AspectIdResult | ErrorMessage | InvalidParameterError | None:
        """PUT /1/aspects: Replace an aspect"""
        from . import update_aspect as _op

        return await _op.asyncio(
            body=body,
            entity=entity,
            schema=schema,
            policy=policy,
            client=self.client,
        )

    async def update_aspect_detailed_async(
        self,
        *,
        body: AspectContent,
        entity: str,
        schema: str,
        policy: str | Unset = UNSET,
    ) -> Response[AspectIdResult | ErrorMessage | InvalidParameterError]:
        """PUT /1/aspects: Replace an aspect (whole response)"""
        from . import update_aspect as _op

        return await _op.asyncio_detailed(
            body=body,
            entity=entity,
            schema=schema,
            policy=policy,
            client=self.client,
        )

    def create_aspect(
        self,
        *,
        body: AspectContent,
        entity: str,
        schema: str,
        policy: str | Unset = UNSET,
        idempotency_key: str | Unset = UNSET,
    ) -> AspectIdResult | ErrorMessage | InvalidParameterError | None:
        """POST /1/aspects: Add an aspect"""
        from . import create_aspect as _op

        return _op.sync(
            body=body,
            entity=entity,
            schema=schema,
            policy=policy,
            idempotency_key=idempotency_key,
            client=self.client,
        )

    def create_aspect_detailed(
        self,
        *,
        body: AspectContent,
        entity: str,
        schema: str,
        policy: str | Unset = UNSET,
        idempotency_key: str | Unset = UNSET,
    ) -> Response[AspectIdResult | ErrorMessage | InvalidParameterError]:
        """POST /1/aspects: Add an aspect (whole response)"""
        from . import create_aspect as _op

        return _op.sync_detailed(
            body=body,
            entity=entity,
            schema=schema,
            policy=policy,
            idempotency_key=idempotency_key,
            client=self.client,
        )

    async def create_aspect_async(
        self,
        *,
        body: AspectContent,
        entity: str,
        schema: str,
        policy: str | Unset = UNSET,
        idempotency_key: str | Unset = UNSET,
    ) -> AspectIdResult | ErrorMessage | InvalidParameterError | None:
        """POST /1/aspects: Add an aspect"""
        from . import create_aspect as _op

        return await _op.asyncio(
            body=body,
            entity=entity,
            schema=schema,
            policy=policy,
            idempotency_key=idempotency_key,
            client=self.client,
        )

    async def create_aspect_detailed_async(
        self,
        *,
        body: AspectContent,
        entity: str,
        schema: str,
        policy: str | Unset = UNSET,
        idempotency_key: str | Unset = UNSET,
    ) -> Response[AspectIdResult | ErrorMessage | InvalidParameterError]:
        """POST /1/aspects: Add an aspect (whole response)"""
        from . import create_aspect as _op

        return await _op.asyncio_detailed(
            body=body,
            entity=entity,
            schema=schema,
            policy=policy,
            idempotency_key=idempotency_key,
            client=self.client,
        )

    def read_aspect(
        self,
        id: str,
    ) -> Aspect | ErrorMessage | None:
        """GET /1/aspects/{id}: Read an aspect"""
        from . import read_aspect as _op

        return _op.sync(
            id=id,
            client=self.client,
        )

    def read_aspect_detailed(
        self,
        id: str,
    ) -> Response[Aspect | ErrorMessage]:
        """GET /1/aspects/{id}: Read an aspect (whole response)"""
        from . import read_aspect as _op

        return _op.sync_detailed(
            id=id,
            client=self.client,
        )

    async def read_aspect_async(
        self,
        id: str,
    ) -> Aspect | ErrorMessage | None:
        """GET /1/aspects/{id}: Read an aspect"""
        from . import read_aspect as _op

        return await _op.asyncio(
            id=id,
            client=self.client,
        )

    async def read_aspect_detailed_async(
        self,
        id: str,
    ) -> Response[Aspect | ErrorMessage]:
        """GET /1/aspects/{id}: Read an aspect (whole response)"""
        from . import read_aspect as _op

        return await _op.asyncio_detailed(
            id=id,
            client=self.client,
        )

    def retract_aspect(
        self,
        id: str,
    ) -> ErrorMessage | InvalidParameterError | None:
        """DELETE /1/aspects/{id}: Retract an aspect"""
        from . import retract_aspect as _op

        return _op.sync(
            id=id,
            client=self.client,
        )

    def retract_aspect_detailed(
        self,
        id: str,
    ) -> Response[ErrorMessage | InvalidParameterError]:
        """DELETE /1/aspects/{id}: Retract an aspect (whole response)"""
        from . import retract_aspect as _op

        return _op.sync_detailed(
            id=id,
            client=self.client,
        )

    async def retract_aspect_async(
        self,
        id: str,
    ) -> ErrorMessage | InvalidParameterError | None:
        """DELETE /1/aspects/{id}: Retract an aspect"""
        from . import retract_aspect as _op

        return await _op.asyncio(
            id=id,
            client=self.client,
        )

    async def retract_aspect_detailed_async(
        self,
        id: str,
    ) -> Response[ErrorMessage | InvalidParameterError]:
        """DELETE /1/aspects/{id}: Retract an aspect (whole response)"""
        from . import retract_aspect as _op

        return await _op.asyncio_detailed(
            id=id,
            client=self.client,
        )
