"""Operations tagged `orders`: one module per operation, bundled as `OrdersApi`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...types import UNSET

if TYPE_CHECKING:
    import datetime

    from ...client import AuthenticatedClient, Client
    from ...models.error_message import ErrorMessage
    from ...models.invalid_parameter_error import InvalidParameterError
    from ...models.order_list import OrderList
    from ...models.order_metadata_list import OrderMetadataList
    from ...models.order_request import OrderRequest
    from ...models.order_status import OrderStatus
    from ...models.order_top_item import OrderTopItem
    from ...models.product_list import ProductList
    from ...types import Response, Unset

__all__ = ("OrdersApi",)


class OrdersApi:
    """The `orders` operations over one client.

    Each operation `op` has four methods: `op()` and `await op_async()` return the
    parsed body, `op_detailed()` and `await op_detailed_async()` the whole `Response`.
    """

    def __init__(self, client: AuthenticatedClient | Client) -> None:
        self.client = client

    def __repr__(self) -> str:
        return f"{type(self).__name__}({type(self.client).__name__})"

    def list_orders(
        self,
        *,
        limit: int | Unset = 10,
        page: str | Unset = UNSET,
        filter_: str | Unset = UNSET,
        order_by: str | Unset = UNSET,
        order_desc: bool | Unset = True,
        at_time: datetime.datetime | Unset = UNSET,
    ) -> ErrorMessage | InvalidParameterError | OrderList | None:
        """GET /1/orders: List orders"""
        from . import list_orders as _op

        return _op.sync(
            limit=limit,
            page=page,
            filter_=filter_,
            order_by=order_by,
            order_desc=order_desc,
            at_time=at_time,
            client=self.client,
        )

    def list_orders_detailed(
        self,
        *,
        limit: int | Unset = 10,
        page: str | Unset = UNSET,
        filter_: str | Unset = UNSET,
        order_by: str | Unset = UNSET,
        order_desc: bool | Unset = True,
        at_time: datetime.datetime | Unset = UNSET,
    ) -> Response[ErrorMessage | InvalidParameterError | OrderList]:
        """GET /1/orders: List orders (whole response)"""
        from . import list_orders as _op

        return _op.sync_detailed(
            limit=limit,
            page=page,
            filter_=filter_,
            order_by=order_by,
            order_desc=order_desc,
            at_time=at_time,
            client=self.client,
        )

    async def list_orders_async(
        self,
        *,
        limit: int | Unset = 10,
        page: str | Unset = UNSET,
        filter_: str | Unset = UNSET,
        order_by: str | Unset = UNSET,
        order_desc: bool | Unset = True,
        at_time: datetime.datetime | Unset = UNSET,
    ) -> ErrorMessage | InvalidParameterError | OrderList | None:
        """GET /1/orders: List orders"""
        from . import list_orders as _op

        return await _op.asyncio(
            limit=limit,
            page=page,
            filter_=filter_,
            order_by=order_by,
            order_desc=order_desc,
            at_time=at_time,
            client=self.client,
        )

    async def list_orders_detailed_async(
        self,
        *,
        limit: int | Unset = 10,
        page: str | Unset = UNSET,
        filter_: str | Unset = UNSET,
        order_by: str | Unset = UNSET,
        order_desc: bool | Unset = True,
        at_time: datetime.datetime | Unset = UNSET,
    ) -> Response[ErrorMessage | InvalidParameterError | OrderList]:
        """GET /1/orders: List orders (whole response)"""
        from . import list_orders as _op

        return await _op.asyncio_detailed(
            limit=limit,
            page=page,
            filter_=filter_,
            order_by=order_by,
            order_desc=order_desc,
            at_time=at_time,
            client=self.client,
        )

    def create_order(
        self,
        *,
        body: OrderRequest,
        idempotency_key: str | Unset = UNSET,
    ) -> ErrorMessage | InvalidParameterError | OrderStatus | None:
        """POST /1/orders: Place an order"""
        from . import create_order as _op

        return _op.sync(
            body=body,
            idempotency_key=idempotency_key,
            client=self.client,
        )

    def create_order_detailed(
        self,
        *,
        body: OrderRequest,
        idempotency_key: str | Unset = UNSET,
    ) -> Response[ErrorMessage | InvalidParameterError | OrderStatus]:
        """POST /1/orders: Place an order (whole response)"""
        from . import create_order as _op

        return _op.sync_detailed(
            body=body,
            idempotency_key=idempotency_key,
            client=self.client,
        )

    async def create_order_async(
        self,
        *,
        body: OrderRequest,
        idempotency_key: str | Unset = UNSET,
    ) -> ErrorMessage | InvalidParameterError | OrderStatus | None:
        """POST /1/orders: Place an order"""
        from . import create_order as _op

        return await _op.asyncio(
            body=body,
            idempotency_key=idempotency_key,
            client=self.client,
        )

    async def create_order_detailed_async(
        self,
        *,
        body: OrderRequest,
        idempotency_key: str | Unset = UNSET,
    ) -> Response[ErrorMessage | InvalidParameterError | OrderStatus]:
        """POST /1/orders: Place an order (whole response)"""
        from . import create_order as _op

        return await _op.asyncio_detailed(
            body=body,
            idempotency_key=idempotency_key,
            client=self.client,
        )

    def read_order(
        self,
        id: str,
    ) -> ErrorMessage | OrderStatus | None:
        """GET /1/orders/{id}: Read an order"""
        from . import read_order as _op

        return _op.sync(
            id=id,
            client=self.client,
        )

    def read_order_detailed(
        self,
        id: str,
    ) -> Response[ErrorMessage | OrderStatus]:
        """GET /1/orders/{id}: Read an order (whole response)"""
        from . import read_order as _op

        return _op.sync_detailed(
            id=id,
            client=self.client,
        )

    async def read_order_async(
        self,
        id: str,
    ) -> ErrorMessage | OrderStatus | None:
        """GET /1/orders/{id}: Read an order"""
        from . import read_order as _op

        return await _op.asyncio(
            id=id,
            client=self.client,
        )

    async def read_order_detailed_async(
        self,
        id: str,
    ) -> Response[ErrorMessage | OrderStatus]:
        """GET /1/orders/{id}: Read an order (whole response)"""
        from . import read_order as _op

        return await _op.asyncio_detailed(
            id=id,
            client=self.client,
        )

    def list_order_products(
        self,
        id: str,
        *,
        order_by: str | Unset = UNSET,
        order_desc: bool | Unset = True,
        limit: int | Unset = 10,
        page: str | Unset = UNSET,
    ) -> ErrorMessage | InvalidParameterError | ProductList | None:
        """GET /1/orders/{id}/products: List an order's products"""
        from . import list_order_products as _op

        return _op.sync(
            id=id,
            order_by=order_by,
            order_desc=order_desc,
            limit=limit,
            page=page,
            client=self.client,
        )

    def list_order_products_detailed(
        self,
        id: str,
        *,
        order_by: str | Unset = UNSET,
        order_desc: bool | Unset = True,
        limit: int | Unset = 10,
        page: str | Unset = UNSET,
    ) -> Response[ErrorMessage | InvalidParameterError | ProductList]:
        """GET /1/orders/{id}/products: List an order's products (whole response)"""
        from . import list_order_products as _op

        return _op.sync_detailed(
            id=id,
            order_by=order_by,
            order_desc=order_desc,
            limit=limit,
            page=page,
            client=self.client,
        )

    async def list_order_products_async(
        self,
        id: str,
        *,
        order_by: str | Unset = UNSET,
        order_desc: bool | Unset = True,
        limit: int | Unset = 10,
        page: str | Unset = UNSET,
    ) -> ErrorMessage | InvalidParameterError | ProductList | None:
        """GET /1/orders/{id}/products: List an order's products"""
        from . import list_order_products as _op

        return await _op.asyncio(
            id=id,
            order_by=order_by,
            order_desc=order_desc,
            limit=limit,
            page=page,
            client=self.client,
        )

    async def list_order_products_detailed_async(
        self,
        id: str,
        *,
        order_by: str | Unset = UNSET,
        order_desc: bool | Unset = True,
        limit: int | Unset = 10,
        page: str | Unset = UNSET,
    ) -> Response[ErrorMessage | InvalidParameterError | ProductList]:
        """GET /1/orders/{id}/products: List an order's products (whole response)"""
        from . import list_order_products as _op

        return await _op.asyncio_detailed(
            id=id,
            order_by=order_by,
            order_desc=order_desc,
            limit=limit,
            page=page,
            client=self.client,
        )

    def read_order_logs(
        self,
        id: str,
        *,
        from_: int | Unset = UNSET,
        to: int | Unset = UNSET,
    ) -> ErrorMessage | InvalidParameterError | str | None:
        """GET /1/orders/{id}/logs: Read an order's log"""
        from . import read_order_logs as _op

        return _op.sync(
            id=id,
            from_=from_,
            to=to,
            client=self.client,
        )

    def read_order_logs_detailed(
        self,
        id: str,
        *,
        from_: int | Unset = UNSET,
        to: int | Unset = UNSET,
    ) -> Response[ErrorMessage | InvalidParameterError | str]:
        """GET /1/orders/{id}/logs: Read an order's log (whole response)"""
        from . import read_order_logs as _op

        return _op.sync_detailed(
            id=id,
            from_=from_,
            to=to,
            client=self.client,
        )

    async def read_order_logs_async(
        self,
        id: str,
        *,
        from_: int | Unset = UNSET,
        to: int | Unset = UNSET,
    ) -> ErrorMessage | InvalidParameterError | str | None:
        """GET /1/orders/{id}/logs: Read an order's log"""
        from . import read_order_logs as _op

        return await _op.asyncio(
            id=id,
            from_=from_,
            to=to,
            client=self.client,
        )

    async def read_order_logs_detailed_async(
        self,
        id: str,
        *,
        from_: int | Unset = UNSET,
        to: int | Unset = UNSET,
    ) -> Response[ErrorMessage | InvalidParameterError | str]:
        """GET /1/orders/{id}/logs: Read an order's log (whole response)"""
        from . import read_order_logs as _op

        return await _op.asyncio_detailed(
            id=id,
            from_=from_,
            to=to,
            client=self.client,
        )

    def read_order_top(
        self,
        id: str,
    ) -> ErrorMessage | InvalidParameterError | list[OrderTopItem] | None:
        """GET /1/orders/{id}/top: Show an order's running processes"""
        from . import read_order_top as _op

        return _op.sync(
            id=id,
            client=self.client,
        )

    def read_order_top_detailed(
        self,
        id: str,
    ) -> Response[ErrorMessage | InvalidParameterError | list[OrderTopItem]]:
        """GET /1/orders/{id}/top: Show an order's running processes (whole response)"""
        from . import read_order_top as _op

        return _op.sync_detailed(
            id=id,
            client=self.client,
        )

    async def read_order_top_async(
        self,
        id: str,
    ) -> ErrorMessage | InvalidParameterError | list[OrderTopItem] | None:
        """GET /1/orders/{id}/top: Show an order's running processes"""
        from . import read_order_top as _op

        return await _op.asyncio(
            id=id,
            client=self.client,
        )

    async def read_order_top_detailed_async(
        self,
        id: str,
    ) -> Response[ErrorMessage | InvalidParameterError | list[OrderTopItem]]:
        """GET /1/orders/{id}/top: Show an order's running processes (whole response)"""
        from . import read_order_top as _op

        return await _op.asyncio_detailed(
            id=id,
            client=self.client,
        )

    def list_order_metadata(
        self,
        id: str,
        *,
        order_by: str | Unset = UNSET,
        order_desc: bool | Unset = True,
        limit: int | Unset = 10,
        page: str | Unset = UNSET,
    ) -> ErrorMessage | InvalidParameterError | OrderMetadataList | None:
        """GET /1/orders/{id}/metadata: List an order's metadata"""
        from . import list_order_metadata as _op

        return _op.sync(
            id=id,
            order_by=order_by,
            order_desc=order_desc,
            limit=limit,
            page=page,
            client=self.client,
        )

    def list_order_metadata_detailed(
        self,
        id: str,
        *,
        order_by: str | Unset = UNSET,
        order_desc: bool | Unset = True,
        limit: int | Unset = 10,
        page: str | Unset = UNSET,
    ) -> Response[ErrorMessage | InvalidParameterError | OrderMetadataList]:
        """GET /1/orders/{id}/metadata: List an order's metadata (whole response)"""
        from . import list_order_metadata as _op

        return _op.sync_detailed(
            id=id,
            order_by=order_by,
            order_desc=order_desc,
            limit=limit,
            page=page,
            client=self.client,
        )

    async def list_order_metadata_async(
        self,
        id: str,
        *,
        order_by: str | Unset = UNSET,
        order_desc: bool | Unset = True,
        limit: int | Unset = 10,
        page: str | Unset = UNSET,
    ) -> ErrorMessage | InvalidParameterError | OrderMetadataList | None:
        """GET /1/orders/{id}/metadata: List an order's metadata"""
        from . import list_order_metadata as _op

        return await _op.asyncio(
            id=id,
            order_by=order_by,
            order_desc=order_desc,
            limit=limit,
            page=page,
            client=self.client,
        )

    async def list_order_metadata_detailed_async(
        self,
        id: str,
        *,
        order_by: str | Unset = UNSET,
        order_desc: bool | Unset = True,
        limit: int | Unset = 10,
        page: str | Unset = UNSET,
    ) -> Response[ErrorMessage | InvalidParameterError | OrderMetadataList]:
        """GET /1/orders/{id}/metadata: List an order's metadata (whole response)"""
        from . import list_order_metadata as _op

        return await _op.asyncio_detailed(
            id=id,
            order_by=order_by,
            order_desc=order_desc,
            limit=limit,
            page=page,
            client=self.client,
        )
