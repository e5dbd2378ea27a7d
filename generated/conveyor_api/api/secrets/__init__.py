"""Operations tagged `secrets`: one module per operation, bundled as `SecretsApi`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...types import UNSET

if TYPE_CHECKING:
    from ...client import AuthenticatedClient, Client
    from ...models.error_message import ErrorMessage
    from ...models.invalid_parameter_error import InvalidParameterError
    from ...models.secret import Secret
    from ...models.secret_list import SecretList
    from ...models.secret_request import SecretRequest
    from ...types import Response, Unset

__all__ = ("SecretsApi",)


class SecretsApi:
    """The `secrets` operations over one client.

    Each operation `op` has four methods: `op()` and `await op_async()` return the
    parsed body, `op_detailed()` and `await op_detailed_async()` the whole `Response`.
    """

    def __init__(self, client: AuthenticatedClient | Client) -> None:
        self.client = client

    def __repr__(self) -> str:
        return f"{type(self).__name__}({type(self.client).__name__})"

    def list_secrets(
        self,
        *,
        page: str | Unset = UNSET,
        filter_: str | Unset = UNSET,
        offset: str | Unset = UNSET,
        limit: int | Unset = UNSET,
    ) -> ErrorMessage | InvalidParameterError | SecretList | None:
        """GET /1/secrets/list: List secrets"""
        from . import list_secrets as _op

        return _op.sync(
            page=page,
            filter_=filter_,
            offset=offset,
            limit=limit,
            client=self.client,
        )

    def list_secrets_detailed(
        self,
        *,
        page: str | Unset = UNSET,
        filter_: str | Unset = UNSET,
        offset: str | Unset = UNSET,
        limit: int | Unset = UNSET,
    ) -> Response[ErrorMessage | InvalidParameterError | SecretList]:
        """GET /1/secrets/list: List secrets (whole response)"""
        from . import list_secrets as _op

        return _op.sync_detailed(
            page=page,
            filter_=filter_,
            offset=offset,
            limit=limit,
            client=self.client,
        )

    async def list_secrets_async(
        self,
        *,
        page: str | Unset = UNSET,
        filter_: str | Unset = UNSET,
        offset: str | Unset = UNSET,
        limit: int | Unset = UNSET,
    ) -> ErrorMessage | InvalidParameterError | SecretList | None:
        """GET /1/secrets/list: List secrets"""
        from . import list_secrets as _op

        return await _op.asyncio(
            page=page,
            filter_=filter_,
            offset=offset,
            limit=limit,
            client=self.client,
        )

    async def list_secrets_detailed_async(
        self,
        *,
        page: str | Unset = UNSET,
        filter_: str | Unset = UNSET,
        offset: str | Unset = UNSET,
        limit: int | Unset = UNSET,
    ) -> Response[ErrorMessage | InvalidParameterError | SecretList]:
        """GET /1/secrets/list: List secrets (whole response)"""
        from . import list_secrets as _op

        return await _op.asyncio_detailed(
            page=page,
            filter_=filter_,
            offset=offset,
            limit=limit,
            client=self.client,
        )

    def read_secret(
        self,
        *,
        secret_name: str,
        secret_type: str | Unset = UNSET,
    ) -> ErrorMessage | InvalidParameterError | Secret | None:
        """GET /1/secrets: Read a secret"""
        from . import read_secret as _op

        return _op.sync(
            secret_name=secret_name,
            secret_type=secret_type,
            client=self.client,
        )

    def read_secret_detailed(
        self,
        *,
        secret_name: str,
        secret_type: str | Unset = UNSET,
    ) -> Response[ErrorMessage | InvalidParameterError | Secret]:
        """GET /1/secrets: Read a secret (whole response)"""
        from . import read_secret as _op

        return _op.sync_detailed(
            secret_name=secret_name,
            secret_type=secret_type,
            client=self.client,
        )

    async def read_secret_async(
        self,
        *,
        secret_name: str,
        secret_type: str | Unset = UNSET,
    ) -> ErrorMessage | InvalidParameterError | Secret | None:
        """GET /1/secrets: Read a secret"""
        from . import read_secret as _op

        return await _op.asyncio(
            secret_name=secret_name,
            secret_type=secret_type,
            client=self.client,
        )

    async def read_secret_detailed_async(
        self,
        *,
        secret_name: str,
        secret_type: str | Unset = UNSET,
    ) -> Response[ErrorMessage | InvalidParameterError | Secret]:
        """GET /1/secrets: Read a secret (whole response)"""
        from . import read_secret as _op

        return await _op.asyncio_detailed(
            secret_name=secret_name,
            secret_type=secret_type,
            client=self.client,
        )

    def set_secret(
        self,
        *,
        body: SecretRequest,
    ) -> ErrorMessage | InvalidParameterError | None:
        """POST /1/secrets: Set a secret"""
        from . import set_secret as _op

        return _op.sync(
            body=body,
            client=self.client,
        )

    def set_secret_detailed(
        self,
        *,
        body: SecretRequest,
    ) -> Response[ErrorMessage | InvalidParameterError]:
        """POST /1/secrets: Set a secret (whole response)"""
        from . import set_secret as _op

        return _op.sync_detailed(
            body=body,
            client=self.client,
        )

    async def set_secret_async(
        self,
        *,
        body: SecretRequest,
    ) -> ErrorMessage | InvalidParameterError | None:
        """POST /1/secrets: Set a secret"""
        from . import set_secret as _op

        return await _op.asyncio(
            body=body,
            client=self.client,
        )

    async def set_secret_detailed_async(
        self,
        *,
        body: SecretRequest,
    ) -> Response[ErrorMessage | InvalidParameterError]:
        """POST /1/secrets: Set a secret (whole response)"""
        from . import set_secret as _op

        return await _op.asyncio_detailed(
            body=body,
            client=self.client,
        )
