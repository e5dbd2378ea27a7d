"""Operations tagged `artifacts`: one module per operation, bundled as `ArtifactsApi`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...types import UNSET

if TYPE_CHECKING:
    import datetime
    from typing import Any

    from ...client import AuthenticatedClient, Client
    from ...models.artifact_list import ArtifactList
    from ...models.artifact_status import ArtifactStatus
    from ...models.error_message import ErrorMessage
    from ...models.invalid_parameter_error import InvalidParameterError
    from ...models.upload_artifact_x_name_encoding import UploadArtifactXNameEncoding
    from ...types import File, Response, Unset

__all__ = ("ArtifactsApi",)


class ArtifactsApi:
    """The `artifacts` operations over one client.

    Each operation `op` has four methods: `op()` and `await op_async()` return the
    parsed body, `op_detailed()` and `await op_detailed_async()` the whole `Response`.
    """

    def __init__(self, client: AuthenticatedClient | Client) -> None:
        self.client = client

    def __repr__(self) -> str:
        return f"{type(self).__name__}({type(self.client).__name__})"

    def list_artifacts(
        self,
        *,
        limit: int | Unset = 10,
        page: str | Unset = UNSET,
        filter_: str | Unset = UNSET,
        order_by: str | Unset = UNSET,
        order_desc: bool | Unset = True,
        at_time: datetime.datetime | Unset = UNSET,
    ) -> ArtifactList | ErrorMessage | InvalidParameterError | None:
        """GET /1/artifacts: List artifacts"""
        from . import list_artifacts as _op

        return _op.sync(
            limit=limit,
            page=page,
            filter_=filter_,
            order_by=order_by,
            order_desc=order_desc,
            at_time=at_time,
            client=self.client,
        )

    def list_artifacts_detailed(
        self,
        *,
        limit: int | Unset = 10,
        page: str | Unset = UNSET,
        filter_: str | Unset = UNSET,
        order_by: str | Unset = UNSET,
        order_desc: bool | Unset = True,
        at_time: datetime.datetime | Unset = UNSET,
    ) -> Response[ArtifactList | ErrorMessage | InvalidParameterError]:
        """GET /1/artifacts: List artifacts (whole response)"""
        from . import list_artifacts as _op

        return _op.sync_detailed(
            limit=limit,
            page=page,
            filter_=filter_,
            order_by=order_by,
            order_desc=order_desc,
            at_time=at_time,
            client=self.client,
        )

    async def list_artifacts_async(
        self,
        *,
        limit: int | Unset = 10,
        page: str | Unset = UNSET,
        filter_: str | Unset = UNSET,
        order_by: str | Unset = UNSET,
        order_desc: bool | Unset = True,
        at_time: datetime.datetime | Unset = UNSET,
    ) -> ArtifactList | ErrorMessage | InvalidParameterError | None:
        """GET /1/artifacts: List artifacts"""
        from . import list_artifacts as _op

        return await _op.asyncio(
            limit=limit,
            page=page,
            filter_=filter_,
            order_by=order_by,
            order_desc=order_desc,
            at_time=at_time,
            client=self.client,
        )

    async def list_artifacts_detailed_async(
        self,
        *,
        limit: int | Unset = 10,
        page: str | Unset = UNSET,
        filter_: str | Unset = UNSET,
        order_by: str | Unset = UNSET,
        order_desc: bool | Unset = True,
        at_time: datetime.datetime | Unset = UNSET,
    ) -> Response[ArtifactList | ErrorMessage | InvalidParameterError]:
        """GET /1/artifacts: List artifacts (whole response)"""
        from . import list_artifacts as _op

        return await _op.asyncio_detailed(
            limit=limit,
            page=page,
            filter_=filter_,
            order_by=order_by,
            order_desc=order_desc,
            at_time=at_time,
            client=self.client,
        )

    def upload_artifact(
        self,
        *,
        body: File | Unset = UNSET,
        idempotency_key: str | Unset = UNSET,
        x_name: str | Unset = UNSET,
        x_name_encoding: UploadArtifactXNameEncoding | Unset = UNSET,
        x_content_type: str | Unset = UNSET,
        x_content_length: int | Unset = UNSET,
        x_collection: str | Unset = UNSET,
        x_policy: str | Unset = UNSET,
        upload_length: int | Unset = UNSET,
        tus_resumable: str | Unset = UNSET,
        content_encoding: str | Unset = UNSET,
    ) -> ArtifactStatus | ErrorMessage | InvalidParameterError | None:
        """POST /1/artifacts: Create an artifact"""
        from . import upload_artifact as _op

        return _op.sync(
            body=body,
            idempotency_key=idempotency_key,
            x_name=x_name,
            x_name_encoding=x_name_encoding,
            x_content_type=x_content_type,
            x_content_length=x_content_length,
            x_collection=x_collection,
            x_policy=x_policy,
            upload_length=upload_length,
            tus_resumable=tus_resumable,
            content_encoding=content_encoding,
            client=self.client,
        )

    def upload_artifact_detailed(
        self,
        *,
        body: File | Unset = UNSET,
        idempotency_key: str | Unset = UNSET,
        x_name: str | Unset = UNSET,
        x_name_encoding: UploadArtifactXNameEncoding | Unset = UNSET,
        x_content_type: str | Unset = UNSET,
        x_content_length: int | Unset = UNSET,
        x_collection: str | Unset = UNSET,
        x_policy: str | Unset = UNSET,
        upload_length: int | Unset = UNSET,
        tus_resumable: str | Unset = UNSET,
        content_encoding: str | Unset = UNSET,
    ) -> Response[ArtifactStatus | ErrorMessage | InvalidParameterError]:
        """POST /1/artifacts: Create an artifact (whole response)"""
        from . import upload_artifact as _op

        return _op.sync_detailed(
            body=body,
            idempotency_key=idempotency_key,
            x_name=x_name,
            x_name_encoding=x_name_encoding,
            x_content_type=x_content_type,
            x_content_length=x_content_length,
            x_collection=x_collection,
            x_policy=x_policy,
            upload_length=upload_length,
            tus_resumable=tus_resumable,
            content_encoding=content_encoding,
            client=self.client,
        )

    async def upload_artifact_async(
        self,
        *,
        body: File | Unset = UNSET,
        idempotency_key: str | Unset = UNSET,
        x_name: str | Unset = UNSET,
        x_name_encoding: UploadArtifactXNameEncoding | Unset = UNSET,
        x_content_type: str | Unset = UNSET,
        x_content_length: int | Unset = UNSET,
        x_collection: str | Unset = UNSET,
        x_policy: str | Unset = UNSET,
        upload_length: int | Unset = UNSET,
        tus_resumable: str | Unset = UNSET,
        content_encoding: str | Unset = UNSET,
    ) -> ArtifactStatus | ErrorMessage | InvalidParameterError | None:
        """POST /1/artifacts: Create an artifact"""
        from . import upload_artifact as _op

        return await _op.asyncio(
            body=body,
            idempotency_key=idempotency_key,
            x_name=x_name,
            x_name_encoding=x_name_encoding,
            x_content_type=x_content_type,
            x_content_length=x_content_length,
            x_collection=x_collection,
            x_policy=x_policy,
            upload_length=upload_length,
            tus_resumable=tus_resumable,
            content_encoding=content_encoding,
            client=self.client,
        )

    async def upload_artifact_detailed_async(
        self,
        *,
        body: File | Unset = UNSET,
        idempotency_key: str | Unset = UNSET,
        x_name: str | Unset = UNSET,
        x_name_encoding: UploadArtifactXNameEncoding | Unset = UNSET,
        x_content_type: str | Unset = UNSET,
        x_content_length: int | Unset = UNSET,
        x_collection: str | Unset = UNSET,
        x_policy: str | Unset = UNSET,
        upload_length: int | Unset = UNSET,
        tus_resumable: str | Unset = UNSET,
        content_encoding: str | Unset = UNSET,
    ) -> Response[ArtifactStatus | ErrorMessage | InvalidParameterError]:
        """POST /1/artifacts: Create an artifact (whole response)"""
        from . import upload_artifact as _op

        return await _op.asyncio_detailed(
            body=body,
            idempotency_key=idempotency_key,
            x_name=x_name,
            x_name_encoding=x_name_encoding,
            x_content_type=x_content_type,
            x_content_length=x_content_length,
            x_collection=x_collection,
            x_policy=x_policy,
            upload_length=upload_length,
            tus_resumable=tus_resumable,
            content_encoding=content_encoding,
            client=self.client,
        )

    def read_artifact(
        self,
        id: str,
    ) -> ArtifactStatus | ErrorMessage | None:
        """GET /1/artifacts/{id}: Read an artifact"""
        from . import read_artifact as _op

        return _op.sync(
            id=id,
            client=self.client,
        )

    def read_artifact_detailed(
        self,
        id: str,
    ) -> Response[ArtifactStatus | ErrorMessage]:
        """GET /1/artifacts/{id}: Read an artifact (whole response)"""
        from . import read_artifact as _op

        return _op.sync_detailed(
            id=id,
            client=self.client,
        )

    async def read_artifact_async(
        self,
        id: str,
    ) -> ArtifactStatus | ErrorMessage | None:
        """GET /1/artifacts/{id}: Read an artifact"""
        from . import read_artifact as _op

        return await _op.asyncio(
            id=id,
            client=self.client,
        )

    async def read_artifact_detailed_async(
        self,
        id: str,
    ) -> Response[ArtifactStatus | ErrorMessage]:
        """GET /1/artifacts/{id}: Read an artifact (whole response)"""
        from . import read_artifact as _op

        return await _op.asyncio_detailed(
            id=id,
            client=self.client,
        )

    def download_artifact_content(
        self,
        id: str,
        *,
        range_: str | Unset = UNSET,
    ) -> ErrorMessage | File | None:
        """GET /1/artifacts/{id}/blob: Download an artifact's content"""
        from . import download_artifact_content as _op

        return _op.sync(
            id=id,
            range_=range_,
            client=self.client,
        )

    def download_artifact_content_detailed(
        self,
        id: str,
        *,
        range_: str | Unset = UNSET,
    ) -> Response[ErrorMessage | File]:
        """GET /1/artifacts/{id}/blob: Download an artifact's content (whole response)"""
        from . import download_artifact_content as _op

        return _op.sync_detailed(
            id=id,
            range_=range_,
            client=self.client,
        )

    async def download_artifact_content_async(
        self,
        id: str,
        *,
        range_: str | Unset = UNSET,
    ) -> ErrorMessage | File | None:
        """GET /1/artifacts/{id}/blob: Download an artifact's content"""
        from . import download_artifact_content as _op

        return await _op.asyncio(
            id=id,
            range_=range_,
            client=self.client,
        )

    async def download_artifact_content_detailed_async(
        self,
        id: str,
        *,
        range_: str | Unset = UNSET,
    ) -> Response[ErrorMessage | File]:
        """GET /1/artifacts/{id}/blob: Download an artifact's content (whole response)"""
        from . import download_artifact_content as _op

        return await _op.asyncio_detailed(
            id=id,
            range_=range_,
            client=self.client,
        )

    def get_upload_offset_detailed(
        self,
        id: str,
        *,
        tus_resumable: str | Unset = UNSET,
    ) -> Response[Any]:
        """HEAD /1/artifacts/{id}/blob: Ask how much of an upload arrived (whole response)"""
        from . import get_upload_offset as _op

        return _op.sync_detailed(
            id=id,
            tus_resumable=tus_resumable,
            client=self.client,
        )

    async def get_upload_offset_detailed_async(
        self,
        id: str,
        *,
        tus_resumable: str | Unset = UNSET,
    ) -> Response[Any]:
        """HEAD /1/artifacts/{id}/blob: Ask how much of an upload arrived (whole response)"""
        from . import get_upload_offset as _op

        return await _op.asyncio_detailed(
            id=id,
            tus_resumable=tus_resumable,
            client=self.client,
        )

    def append_upload_chunk(
        self,
        id: str,
        *,
        body: File,
        upload_offset: int,
        upload_length: int | Unset = UNSET,
        tus_resumable: str | Unset = UNSET,
    ) -> ErrorMessage | None:
        """PATCH /1/artifacts/{id}/blob: Append a chunk to an upload"""
        from . import append_upload_chunk as _op

        return _op.sync(
            id=id,
            body=body,
            upload_offset=upload_offset,
            upload_length=upload_length,
            tus_resumable=tus_resumable,
            client=self.client,
        )

    def append_upload_chunk_detailed(
        self,
        id: str,
        *,
        body: File,
        upload_offset: int,
        upload_length: int | Unset = UNSET,
        tus_resumable: str | Unset = UNSET,
    ) -> Response[ErrorMessage]:
        """PATCH /1/artifacts/{id}/blob: Append a chunk to an upload (whole response)"""
        from . import append_upload_chunk as _op

        return _op.sync_detailed(
            id=id,
            body=body,
            upload_offset=upload_offset,
            upload_length=upload_length,
            tus_resumable=tus_resumable,
            client=self.client,
        )

    async def append_upload_chunk_async(
        self,
        id: str,
        *,
        body: File,
        upload_offset: int,
        upload_length: int | Unset = UNSET,
        tus_resumable: str | Unset = UNSET,
    ) -> ErrorMessage | None:
        """PATCH /1/artifacts/{id}/blob: Append a chunk to an upload"""
        from . import append_upload_chunk as _op

        return await _op.asyncio(
            id=id,
            body=body,
            upload_offset=upload_offset,
            upload_length=upload_length,
            tus_resumable=tus_resumable,
            client=self.client,
        )

    async def append_upload_chunk_detailed_async(
        self,
        id: str,
        *,
        body: File,
        upload_offset: int,
        upload_length: int | Unset = UNSET,
        tus_resumable: str | Unset = UNSET,
    ) -> Response[ErrorMessage]:
        """PATCH /1/artifacts/{id}/blob: Append a chunk to an upload (whole response)"""
        from . import append_upload_chunk as _op

        return await _op.asyncio_detailed(
            id=id,
            body=body,
            upload_offset=upload_offset,
            upload_length=upload_length,
            tus_resumable=tus_resumable,
            client=self.client,
        )
