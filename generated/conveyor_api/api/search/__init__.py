"""Operations tagged `search`: one module per operation, bundled as `SearchApi`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...types import UNSET

if TYPE_CHECKING:
    import datetime

    from ...client import AuthenticatedClient, Client
    from ...models.error_message import ErrorMessage
    from ...models.invalid_parameter_error import InvalidParameterError
    from ...models.search_result_list import SearchResultList
    from ...types import File, Response, Unset

__all__ = ("SearchApi",)


class SearchApi:
    """The `search` operations over one client.

    Each operation `op` has four methods: `op()` and `await op_async()` return the
    parsed body, `op_detailed()` and `await op_detailed_async()` the whole `Response`.
    """

    def __init__(self, client: AuthenticatedClient | Client) -> None:
        self.client = client

    def __repr__(self) -> str:
        return f"{type(self).__name__}({type(self.client).__name__})"

    def search(
        self,
        *,
        body: File,
        at_time: datetime.datetime | Unset = UNSET,
        limit: int | Unset = 10,
        page: str | Unset = UNSET,
    ) -> ErrorMessage | InvalidParameterError | SearchResultList | None:
        """POST /1/search: Search"""
        from . import search as _op

        return _op.sync(
            body=body,
            at_time=at_time,
            limit=limit,
            page=page,
            client=self.client,
        )

    def search_detailed(
        self,
        *,
        body: File,
        at_time: datetime.datetime | Unset = UNSET,
        limit: int | Unset = 10,
        page: str | Unset = UNSET,
    ) -> Response[ErrorMessage | InvalidParameterError | SearchResultList]:
        """POST /1/search: Search (whole response)"""
        from . import search as _op

        return _op.sync_detailed(
            body=body,
            at_time=at_time,
            limit=limit,
            page=page,
            client=self.client,
        )

    async def search_async(
        self,
        *,
        body: File,
        at_time: datetime.datetime | Unset = UNSET,
        limit: int | Unset = 10,
        page: str | Unset = UNSET,
    ) -> ErrorMessage | InvalidParameterError | SearchResultList | None:
        """POST /1/search: Search"""
        from . import search as _op

        return await _op.asyncio(
            body=body,
            at_time=at_time,
            limit=limit,
            page=page,
            client=self.client,
        )

    async def search_detailed_async(
        self,
        *,
        body: File,
        at_time: datetime.datetime | Unset = UNSET,
        limit: int | Unset = 10,
        page: str | Unset = UNSET,
    ) -> Response[ErrorMessage | InvalidParameterError | SearchResultList]:
        """POST /1/search: Search (whole response)"""
        from . import search as _op

        return await _op.asyncio_detailed(
            body=body,
            at_time=at_time,
            limit=limit,
            page=page,
            client=self.client,
        )
