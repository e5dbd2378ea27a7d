"""Operations tagged `packages`: one module per operation, bundled as `PackagesApi`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...types import UNSET

if TYPE_CHECKING:
    from ...client import AuthenticatedClient, Client
    from ...models.error_message import ErrorMessage
    from ...models.invalid_parameter_error import InvalidParameterError
    from ...models.package_list import PackageList
    from ...models.package_part import PackagePart
    from ...models.push_result import PushResult
    from ...models.push_status import PushStatus
    from ...types import File, Response, Unset

__all__ = ("PackagesApi",)


class PackagesApi:
    """The `packages` operations over one client.

    Each operation `op` has four methods: `op()` and `await op_async()` return the
    parsed body, `op_detailed()` and `await op_detailed_async()` the whole `Response`.
    """

    def __init__(self, client: AuthenticatedClient | Client) -> None:
        self.client = client

    def __repr__(self) -> str:
        return f"{type(self).__name__}({type(self.client).__name__})"

    def list_packages(
        self,
        *,
        tag: str | Unset = UNSET,
        page: str | Unset = UNSET,
        limit: int | Unset = UNSET,
    ) -> ErrorMessage | InvalidParameterError | PackageList | None:
        """GET /1/packages/list: List packages"""
        from . import list_packages as _op

        return _op.sync(
            tag=tag,
            page=page,
            limit=limit,
            client=self.client,
        )

    def list_packages_detailed(
        self,
        *,
        tag: str | Unset = UNSET,
        page: str | Unset = UNSET,
        limit: int | Unset = UNSET,
    ) -> Response[ErrorMessage | InvalidParameterError | PackageList]:
        """GET /1/packages/list: List packages (whole response)"""
        from . import list_packages as _op

        return _op.sync_detailed(
            tag=tag,
            page=page,
            limit=limit,
            client=self.client,
        )

    async def list_packages_async(
        self,
        *,
        tag: str | Unset = UNSET,
        page: str | Unset = UNSET,
        limit: int | Unset = UNSET,
    ) -> ErrorMessage | InvalidParameterError | PackageList | None:
        """GET /1/packages/list: List packages"""
        from . import list_packages as _op

        return await _op.asyncio(
            tag=tag,
            page=page,
            limit=limit,
            client=self.client,
        )

    async def list_packages_detailed_async(
        self,
        *,
        tag: str | Unset = UNSET,
        page: str | Unset = UNSET,
        limit: int | Unset = UNSET,
    ) -> Response[ErrorMessage | InvalidParameterError | PackageList]:
        """GET /1/packages/list: List packages (whole response)"""
        from . import list_packages as _op

        return await _op.asyncio_detailed(
            tag=tag,
            page=page,
            limit=limit,
            client=self.client,
        )

    def pull_package(
        self,
        *,
        ref: str,
        type_: PackagePart,
        offset: int | Unset = UNSET,
    ) -> ErrorMessage | File | InvalidParameterError | None:
        """GET /1/packages/pull: Pull part of a package"""
        from . import pull_package as _op

        return _op.sync(
            ref=ref,
            type_=type_,
            offset=offset,
            client=self.client,
        )

    def pull_package_detailed(
        self,
        *,
        ref: str,
        type_: PackagePart,
        offset: int | Unset = UNSET,
    ) -> Response[ErrorMessage | File | InvalidParameterError]:
        """GET /1/packages/pull: Pull part of a package (whole response)"""
        from . import pull_package as _op

        return _op.sync_detailed(
            ref=ref,
            type_=type_,
            offset=offset,
            client=self.client,
        )

    async def pull_package_async(
        self,
        *,
        ref: str,
        type_: PackagePart,
        offset: int | Unset = UNSET,
    ) -> ErrorMessage | File | InvalidParameterError | None:
        """GET /1/packages/pull: Pull part of a package"""
        from . import pull_package as _op

        return await _op.asyncio(
            ref=ref,
            type_=type_,
            offset=offset,
            client=self.client,
        )

    async def pull_package_detailed_async(
        self,
        *,
        ref: str,
        type_: PackagePart,
        offset: int | Unset = UNSET,
    ) -> Response[ErrorMessage | File | InvalidParameterError]:
        """GET /1/packages/pull: Pull part of a package (whole response)"""
        from . import pull_package as _op

        return await _op.asyncio_detailed(
            ref=ref,
            type_=type_,
            offset=offset,
            client=self.client,
        )

    def push_package(
        self,
        *,
        body: File,
        tag: str,
        force: bool | Unset = UNSET,
        type_: PackagePart,
        digest: str,
        total: int | Unset = UNSET,
        start: int | Unset = UNSET,
        end: int | Unset = UNSET,
    ) -> ErrorMessage | InvalidParameterError | PushResult | None:
        """POST /1/packages/push: Push part of a package"""
        from . import push_package as _op

        return _op.sync(
            body=body,
            tag=tag,
            force=force,
            type_=type_,
            digest=digest,
            total=total,
            start=start,
            end=end,
            client=self.client,
        )

    def push_package_detailed(
        self,
        *,
        body: File,
        tag: str,
        force: bool | Unset = UNSET,
        type_: PackagePart,
        digest: str,
        total: int | Unset = UNSET,
        start: int | Unset = UNSET,
        end: int | Unset = UNSET,
    ) -> Response[ErrorMessage | InvalidParameterError | PushResult]:
        """POST /1/packages/push: Push part of a package (whole response)"""
        from . import push_package as _op

        return _op.sync_detailed(
            body=body,
            tag=tag,
            force=force,
            type_=type_,
            digest=digest,
            total=total,
            start=start,
            end=end,
            client=self.client,
        )

    async def push_package_async(
        self,
        *,
        body: File,
        tag: str,
        force: bool | Unset = UNSET,
        type_: PackagePart,
        digest: str,
        total: int | Unset = UNSET,
        start: int | Unset = UNSET,
        end: int | Unset = UNSET,
    ) -> ErrorMessage | InvalidParameterError | PushResult | None:
        """POST /1/packages/push: Push part of a package"""
        from . import push_package as _op

        return await _op.asyncio(
            body=body,
            tag=tag,
            force=force,
            type_=type_,
            digest=digest,
            total=total,
            start=start,
            end=end,
            client=self.client,
        )

    async def push_package_detailed_async(
        self,
        *,
        body: File,
        tag: str,
        force: bool | Unset = UNSET,
        type_: PackagePart,
        digest: str,
        total: int | Unset = UNSET,
        start: int | Unset = UNSET,
        end: int | Unset = UNSET,
    ) -> Response[ErrorMessage | InvalidParameterError | PushResult]:
        """POST /1/packages/push: Push part of a package (whole response)"""
        from . import push_package as _op

        return await _op.asyncio_detailed(
            body=body,
            tag=tag,
            force=force,
            type_=type_,
            digest=digest,
            total=total,
            start=start,
            end=end,
            client=self.client,
        )

    def read_package_status(
        self,
        *,
        tag: str,
        digest: str,
    ) -> ErrorMessage | InvalidParameterError | PushStatus | None:
        """GET /1/packages/status: Check a pushed part"""
        from . import read_package_status as _op

        return _op.sync(
            tag=tag,
            digest=digest,
            client=self.client,
        )

    def read_package_status_detailed(
        self,
        *,
        tag: str,
        digest: str,
    ) -> Response[ErrorMessage | InvalidParameterError | PushStatus]:
        """GET /1/packages/status: Check a pushed part (whole response)"""
        from . import read_package_status as _op

        return _op.sync_detailed(
            tag=tag,
            digest=digest,
            client=self.client,
        )

    async def read_package_status_async(
        self,
        *,
        tag: str,
        digest: str,
    ) -> ErrorMessage | InvalidParameterError | PushStatus | None:
        """GET /1/packages/status: Check a pushed part"""
        from . import read_package_status as _op

        return await _op.asyncio(
            tag=tag,
            digest=digest,
            client=self.client,
        )

    async def read_package_status_detailed_async(
        self,
        *,
        tag: str,
        digest: str,
    ) -> Response[ErrorMessage | InvalidParameterError | PushStatus]:
        """GET /1/packages/status: Check a pushed part (whole response)"""
        from . import read_package_status as _op

        return await _op.asyncio_detailed(
            tag=tag,
            digest=digest,
            client=self.client,
        )

    def remove_package(
        self,
        *,
        tag: str,
    ) -> ErrorMessage | InvalidParameterError | None:
        """DELETE /1/packages/remove: Remove a package"""
        from . import remove_package as _op

        return _op.sync(
            tag=tag,
            client=self.client,
        )

    def remove_package_detailed(
        self,
        *,
        tag: str,
    ) -> Response[ErrorMessage | InvalidParameterError]:
        """DELETE /1/packages/remove: Remove a package (whole response)"""
        from . import remove_package as _op

        return _op.sync_detailed(
            tag=tag,
            client=self.client,
        )

    async def remove_package_async(
        self,
        *,
        tag: str,
    ) -> ErrorMessage | InvalidParameterError | None:
        """DELETE /1/packages/remove: Remove a package"""
        from . import remove_package as _op

        return await _op.asyncio(
            tag=tag,
            client=self.client,
        )

    async def remove_package_detailed_async(
        self,
        *,
        tag: str,
    ) -> Response[ErrorMessage | InvalidParameterError]:
        """DELETE /1/packages/remove: Remove a package (whole response)"""
        from . import remove_package as _op

        return await _op.asyncio_detailed(
            tag=tag,
            client=self.client,
        )
