"""Operations tagged `services`: one module per operation, bundled as `ServicesApi`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...types import UNSET

if TYPE_CHECKING:
    import datetime

    from ...client import AuthenticatedClient, Client
    from ...models.error_message import ErrorMessage
    from ...models.invalid_parameter_error import InvalidParameterError
    from ...models.service_definition import ServiceDefinition
    from ...models.service_description import ServiceDescription
    from ...models.service_description_definition import ServiceDescriptionDefinition
    from ...models.service_description_list import ServiceDescriptionList
    from ...models.service_list import ServiceList
    from ...models.service_status import ServiceStatus
    from ...types import Response, Unset

__all__ = ("ServicesApi",)


class ServicesApi:
    """The `services` operations over one client.

    Each operation `op` has four methods: `op()` and `await op_async()` return the
    parsed body, `op_detailed()` and `await op_detailed_async()` the whole `Response`.
    """

    def __init__(self, client: AuthenticatedClient | Client) -> None:
        self.client = client

    def __repr__(self) -> str:
        return f"{type(self).__name__}({type(self.client).__name__})"

    def list_services(
        self,
        *,
        limit: int | Unset = 10,
        page: str | Unset = UNSET,
        filter_: str | Unset = UNSET,
        order_by: str | Unset = UNSET,
        order_desc: bool | Unset = True,
        at_time: datetime.datetime | Unset = UNSET,
    ) -> ErrorMessage | InvalidParameterError | ServiceList | None:
        """GET /1/services: List services"""
        from . import list_services as _op

        return _op.sync(
            limit=limit,
            page=page,
            filter_=filter_,
            order_by=order_by,
            order_desc=order_desc,
            at_time=at_time,
            client=self.client,
        )

    def list_services_detailed(
        self,
        *,
        limit: int | Unset = 10,
        page: str | Unset = UNSET,
        filter_: str | Unset = UNSET,
        order_by: str | Unset = UNSET,
        order_desc: bool | Unset = True,
        at_time: datetime.datetime | Unset = UNSET,
    ) -> Response[ErrorMessage | InvalidParameterError | ServiceList]:
        """GET /1/services: List services (whole response)"""
        from . import list_services as _op

        return _op.sync_detailed(
            limit=limit,
            page=page,
            filter_=filter_,
            order_by=order_by,
            order_desc=order_desc,
            at_time=at_time,
            client=self.client,
        )

    async def list_services_async(
        self,
        *,
        limit: int | Unset = 10,
        page: str | Unset = UNSET,
        filter_: str | Unset = UNSET,
        order_by: str | Unset = UNSET,
        order_desc: bool | Unset = True,
        at_time: datetime.datetime | Unset = UNSET,
    ) -> ErrorMessage | InvalidParameterError | ServiceList | None:
        """GET /1/services: List services"""
        from . import list_services as _op

        return await _op.asyncio(
            limit=limit,
            page=page,
            filter_=filter_,
            order_by=order_by,
            order_desc=order_desc,
            at_time=at_time,
            client=self.client,
        )

    async def list_services_detailed_async(
        self,
        *,
        limit: int | Unset = 10,
        page: str | Unset = UNSET,
        filter_: str | Unset = UNSET,
        order_by: str | Unset = UNSET,
        order_desc: bool | Unset = True,
        at_time: datetime.datetime | Unset = UNSET,
    ) -> Response[ErrorMessage | InvalidParameterError | ServiceList]:
        """GET /1/services: List services (whole response)"""
        from . import list_services as _op

        return await _op.asyncio_detailed(
            limit=limit,
            page=page,
            filter_=filter_,
            order_by=order_by,
            order_desc=order_desc,
            at_time=at_time,
            client=self.client,
        )

    def create_service(
        self,
        *,
        body: ServiceDefinition,
        idempotency_key: str | Unset = UNSET,
    ) -> ErrorMessage | InvalidParameterError | ServiceStatus | None:
        """POST /1/services: Publish a service"""
        from . import create_service as _op

        return _op.sync(
            body=body,
            idempotency_key=idempotency_key,
            client=self.client,
        )

    def create_service_detailed(
        self,
        *,
        body: ServiceDefinition,
        idempotency_key: str | Unset = UNSET,
    ) -> Response[ErrorMessage | InvalidParameterError | ServiceStatus]:
        """POST /1/services: Publish a service (whole response)"""
        from . import create_service as _op

        return _op.sync_detailed(
            body=body,
            idempotency_key=idempotency_key,
            client=self.client,
        )

    async def create_service_async(
        self,
        *,
        body: ServiceDefinition,
        idempotency_key: str | Unset = UNSET,
    ) -> ErrorMessage | InvalidParameterError | ServiceStatus | None:
        """POST /1/services: Publish a service"""
        from . import create_service as _op

        return await _op.asyncio(
            body=body,
            idempotency_key=idempotency_key,
            client=self.client,
        )

    async def create_service_detailed_async(
        self,
        *,
        body: ServiceDefinition,
        idempotency_key: str | Unset = UNSET,
    ) -> Response[ErrorMessage | InvalidParameterError | ServiceStatus]:
        """POST /1/services: Publish a service (whole response)"""
        from . import create_service as _op

        return await _op.asyncio_detailed(
            body=body,
            idempotency_key=idempotency_key,
            client=self.client,
        )

    def read_service(
        self,
        id: str,
    ) -> ErrorMessage | ServiceStatus | None:
        """GET /1/services/{id}: Read a service"""
        from . import read_service as _op

        return _op.sync(
            id=id,
            client=self.client,
        )

    def read_service_detailed(
        self,
        id: str,
    ) -> Response[ErrorMessage | ServiceStatus]:
        """GET /1/services/{id}: Read a service (whole response)"""
        from . import read_service as _op

        return _op.sync_detailed(
            id=id,
            client=self.client,
        )

    async def read_service_async(
        self,
        id: str,
    ) -> ErrorMessage | ServiceStatus | None:
        """GET /1/services/{id}: Read a service"""
        from . import read_service as _op

        return await _op.asyncio(
            id=id,
            client=self.client,
        )

    async def read_service_detailed_async(
        self,
        id: str,
    ) -> Response[ErrorMessage | ServiceStatus]:
        """GET /1/services/{id}: Read a service (whole response)"""
        from . import read_service as _op

        return await _op.asyncio_detailed(
            id=id,
            client=self.client,
        )

    def update_service(
        self,
        id: str,
        *,
        body: ServiceDefinition,
        force_create: bool | Unset = UNSET,
    ) -> ErrorMessage | InvalidParameterError | ServiceStatus | None:
        """PUT /1/services/{id}: Update a service"""
        from . import update_service as _op

        return _op.sync(
            id=id,
            body=body,
            force_create=force_create,
            client=self.client,
        )

    def update_service_detailed(
        self,
        id: str,
        *,
        body: ServiceDefinition,
        force_create: bool | Unset = UNSET,
    ) -> Response[ErrorMessage | InvalidParameterError | ServiceStatus]:
        """PUT /1/services/{id}: Update a service (whole response)"""
        from . import update_service as _op

        return _op.sync_detailed(
            id=id,
            body=body,
            force_create=force_create,
            client=self.client,
        )

    async def update_service_async(
        self,
        id: str,
        *,
        body: ServiceDefinition,
        force_create: bool | Unset = UNSET,
    ) -> ErrorMessage | InvalidParameterError | ServiceStatus | None:
        """PUT /1/services/{id}: Update a service"""
        from . import update_service as _op

        return await _op.asyncio(
            id=id,
            body=body,
            force_create=force_create,
            client=self.client,
        )

    async def update_service_detailed_async(
        self,
        id: str,
        *,
        body: ServiceDefinition,
        force_create: bool | Unset = UNSET,
    ) -> Response[ErrorMessage | InvalidParameterError | ServiceStatus]:
        """PUT /1/services/{id}: Update a service (whole response)"""
        from . import update_service as _op

        return await _op.asyncio_detailed(
            id=id,
            body=body,
            force_create=force_create,
            client=self.client,
        )

    def delete_service(
        self,
        id: str,
    ) -> ErrorMessage | None:
        """DELETE /1/services/{id}: Retire a service"""
        from . import delete_service as _op

        return _op.sync(
            id=id,
            client=self.client,
        )

    def delete_service_detailed(
        self,
        id: str,
    ) -> Response[ErrorMessage]:
        """DELETE /1/services/{id}: Retire a service (whole response)"""
        from . import delete_service as _op

        return _op.sync_detailed(
            id=id,
            client=self.client,
        )

    async def delete_service_async(
        self,
        id: str,
    ) -> ErrorMessage | None:
        """DELETE /1/services/{id}: Retire a service"""
        from . import delete_service as _op

        return await _op.asyncio(
            id=id,
            client=self.client,
        )

    async def delete_service_detailed_async(
        self,
        id: str,
    ) -> Response[ErrorMessage]:
        """DELETE /1/services/{id}: Retire a service (whole response)"""
        from . import delete_service as _op

        return await _op.asyncio_detailed(
            id=id,
            client=self.client,
        )

    def list_service_descriptions(
        self,
        *,
        limit: int | Unset = 10,
        page: str | Unset = UNSET,
        filter_: str | Unset = UNSET,
        order_by: str | Unset = UNSET,
        order_desc: bool | Unset = True,
        at_time: datetime.datetime | Unset = UNSET,
    ) -> ErrorMessage | InvalidParameterError | ServiceDescriptionList | None:
        """GET /1/services2: List service descriptions"""
        from . import list_service_descriptions as _op

        return _op.sync(
            limit=limit,
            page=page,
            filter_=filter_,
            order_by=order_by,
            order_desc=order_desc,
            at_time=at_time,
            client=self.client,
        )

    def list_service_descriptions_detailed(
        self,
        *,
        limit: int | Unset = 10,
        page: str | Unset = UNSET,
        filter_: str | Unset = UNSET,
        order_by: str | Unset = UNSET,
        order_desc: bool | Unset = True,
        at_time: datetime.datetime | Unset = UNSET,
    ) -> Response[ErrorMessage | InvalidParameterError | ServiceDescriptionList]:
        """GET /1/services2: List service descriptions (whole response)"""
        from . import list_service_descriptions as _op

        return _op.sync_detailed(
            limit=limit,
            page=page,
            filter_=filter_,
            order_by=order_by,
            order_desc=order_desc,
            at_time=at_time,
            client=self.client,
        )

    async def list_service_descriptions_async(
        self,
        *,
        limit: int | Unset = 10,
        page: str | Unset = UNSET,
        filter_: str | Unset = UNSET,
        order_by: str | Unset = UNSET,
        order_desc: bool | Unset = True,
        at_time: datetime.datetime | Unset = UNSET,
    ) -> ErrorMessage | InvalidParameterError | ServiceDescriptionList | None:
        """GET /1/services2: List service descriptions"""
        from . import list_service_descriptions as _op

        return await _op.asyncio(
            limit=limit,
            page=page,
            filter_=filter_,
            order_by=order_by,
            order_desc=order_desc,
            at_time=at_time,
            client=self.client,
        )

    async def list_service_descriptions_detailed_async(
        self,
        *,
        limit: int | Unset = 10,
        page: str | Unset = UNSET,
        filter_: str | Unset = UNSET,
        order_by: str | Unset = UNSET,
        order_desc: bool | Unset = True,
        at_time: datetime.datetime | Unset = UNSET,
    ) -> Response[ErrorMessage | InvalidParameterError | ServiceDescriptionList]:
        """GET /1/services2: List service descriptions (whole response)"""
        from . import list_service_descriptions as _op

        return await _op.asyncio_detailed(
            limit=limit,
            page=page,
            filter_=filter_,
            order_by=order_by,
            order_desc=order_desc,
            at_time=at_time,
            client=self.client,
        )

    def create_service_description(
        self,
        *,
        body: ServiceDescriptionDefinition,
        idempotency_key: str | Unset = UNSET,
    ) -> ErrorMessage | InvalidParameterError | ServiceDescription | None:
        """POST /1/services2: Publish a service description"""
        from . import create_service_description as _op

        return _op.sync(
            body=body,
            idempotency_key=idempotency_key,
            client=self.client,
        )

    def create_service_description_detailed(
        self,
        *,
        body: ServiceDescriptionDefinition,
        idempotency_key: str | Unset = UNSET,
    ) -> Response[ErrorMessage | InvalidParameterError | ServiceDescription]:
        """POST /1/services2: Publish a service description (whole response)"""
        from . import create_service_description as _op

        return _op.sync_detailed(
            body=body,
            idempotency_key=idempotency_key,
            client=self.client,
        )

    async def create_service_description_async(
        self,
        *,
        body: ServiceDescriptionDefinition,
        idempotency_key: str | Unset = UNSET,
    ) -> ErrorMessage | InvalidParameterError | ServiceDescription | None:
        """POST /1/services2: Publish a service description"""
        from . import create_service_description as _op

        return await _op.asyncio(
            body=body,
            idempotency_key=idempotency_key,
            client=self.client,
        )

    async def create_service_description_detailed_async(
        self,
        *,
        body: ServiceDescriptionDefinition,
        idempotency_key: str | Unset = UNSET,
    ) -> Response[ErrorMessage | InvalidParameterError | ServiceDescription]:
        """POST /1/services2: Publish a service description (whole response)"""
        from . import create_service_description as _op

        return await _op.asyncio_detailed(
            body=body,
            idempotency_key=idempotency_key,
            client=self.client,
        )

    def read_service_description(
        self,
        id: str,
    ) -> ErrorMessage | ServiceDescription | None:
        """GET /1/services2/{id}: Read a service description"""
        from . import read_service_description as _op

        return _op.sync(
            id=id,
            client=self.client,
        )

    def read_service_description_detailed(
        self,
        id: str,
    ) -> Response[ErrorMessage | ServiceDescription]:
        """GET /1/services2/{id}: Read a service description (whole response)"""
        from . import read_service_description as _op

        return _op.sync_detailed(
            id=id,
            client=self.client,
        )

    async def read_service_description_async(
        self,
        id: str,
    ) -> ErrorMessage | ServiceDescription | None:
        """GET /1/services2/{id}: Read a service description"""
        from . import read_service_description as _op

        return await _op.asyncio(
            id=id,
            client=self.client,
        )

    async def read_service_description_detailed_async(
        self,
        id: str,
    ) -> Response[ErrorMessage | ServiceDescription]:
        """GET /1/services2/{id}: Read a service description (whole response)"""
        from . import read_service_description as _op

        return await _op.asyncio_detailed(
            id=id,
            client=self.client,
        )

    def update_service_description(
        self,
        id: str,
        *,
        body: ServiceDescriptionDefinition,
        force_create: bool | Unset = UNSET,
    ) -> ErrorMessage | InvalidParameterError | ServiceDescription | None:
        """PUT /1/services2/{id}: Replace a service description"""
        from . import update_service_description as _op

        return _op.sync(
            id=id,
            body=body,
            force_create=force_create,
            client=self.client,
        )

    def update_service_description_detailed(
        self,
        id: str,
        *,
        body: ServiceDescriptionDefinition,
        force_create: bool | Unset = UNSET,
    ) -> Response[ErrorMessage | InvalidParameterError | ServiceDescription]:
        """PUT /1/services2/{id}: Replace a service description (whole response)"""
        from . import update_service_description as _op

        return _op.sync_detailed(
            id=id,
            body=body,
            force_create=force_create,
            client=self.client,
        )

    async def update_service_description_async(
        self,
        id: str,
        *,
        body: ServiceDescriptionDefinition,
        force_create: bool | Unset = UNSET,
    ) -> ErrorMessage | InvalidParameterError | ServiceDescription | None:
        """PUT /1/services2/{id}: Replace a service description"""
        from . import update_service_description as _op

        return await _op.asyncio(
            id=id,
            body=body,
            force_create=force_create,
            client=self.client,
        )

    async def update_service_description_detailed_async(
        self,
        id: str,
        *,
        body: ServiceDescriptionDefinition,
        force_create: bool | Unset = UNSET,
    ) -> Response[ErrorMessage | InvalidParameterError | ServiceDescription]:
        """PUT /1/services2/{id}: Replace a service description (whole response)"""
        from . import update_service_description as _op

        return await _op.asyncio_detailed(
            id=id,
            body=body,
            force_create=force_create,
            client=self.client,
        )

    def delete_service_description(
        self,
        id: str,
    ) -> ErrorMessage | None:
        """DELETE /1/services2/{id}: Retire a service description"""
        from . import delete_service_description as _op

        return _op.sync(
            id=id,
            client=self.client,
        )

    def delete_service_description_detailed(
        self,
        id: str,
    ) -> Response[ErrorMessage]:
        """DELETE /1/services2/{id}: Retire a service description (whole response)"""
        from . import delete_service_description as _op

        return _op.sync_detailed(
            id=id,
            client=self.client,
        )

    async def delete_service_description_async(
        self,
        id: str,
    ) -> ErrorMessage | None:
        """DELETE /1/services2/{id}: Retire a service description"""
        from . import delete_service_description as _op

        return await _op.asyncio(
            id=id,
            client=self.client,
        )

    async def delete_service_description_detailed_async(
        self,
        id: str,
    ) -> Response[ErrorMessage]:
        """DELETE /1/services2/{id}: Retire a service description (whole response)"""
        from . import delete_service_description as _op

        return await _op.asyncio_detailed(
            id=id,
            client=self.client,
        )
