"""Operations tagged `openapi`: one module per operation, bundled as `OpenapiApi`."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ...client import AuthenticatedClient, Client
    from ...models.open_api_document import OpenApiDocument
    from ...types import Response

__all__ = ("OpenapiApi",)


class OpenapiApi:
    """The `openapi` operations over one client.

    Each operation `op` has four methods: `op()` and `await op_async()` return the
    parsed body, `op_detailed()` and `await op_detailed_async()` the whole `Response`.
    """

    def __init__(self, client: AuthenticatedClient | Client) -> None:
        self.client = client

    def __repr__(self) -> str:
        return f"{type(self).__name__}({type(self.client).__name__})"

    def get_openapi_document(
        self,
    ) -> OpenApiDocument | None:
        """GET /1/openapi/openapi3.json: This contract"""
        from . import get_openapi_document as _op

        return _op.sync(
            client=self.client,
        )

    def get_openapi_document_detailed(
        self,
    ) -> Response[OpenApiDocument]:
        """GET /1/openapi/openapi3.json: This contract (whole response)"""
        from . import get_openapi_document as _op

        return _op.sync_detailed(
            client=self.client,
        )

    async def get_openapi_document_async(
        self,
    ) -> OpenApiDocument | None:
        """GET /1/openapi/openapi3.json: This contract"""
        from . import get_openapi_document as _op

        return await _op.asyncio(
            client=self.client,
        )

    async def get_openapi_document_detailed_async(
        self,
    ) -> Response[OpenApiDocument]:
        """GET /1/openapi/openapi3.json: This contract (whole response)"""
        from . import get_openapi_document as _op

        return await _op.asyncio_detailed(
            client=self.client,
        )
