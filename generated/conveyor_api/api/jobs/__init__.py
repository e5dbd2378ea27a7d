"""Operations tagged `jobs`: one module per operation, bundled as `JobsApi`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...types import UNSET

if TYPE_CHECKING:
    import datetime

    from ...client import AuthenticatedClient, Client
    from ...models.error_message import ErrorMessage
    from ...models.invalid_parameter_error import InvalidParameterError
    from ...models.job_accepted import JobAccepted
    from ...models.job_list import JobList
    from ...models.job_status import JobStatus
    from ...types import Response, Unset

__all__ = ("JobsApi",)


class JobsApi:
    """The `jobs` operations over one client.

    Each operation `op` has four methods: `op()` and `await op_async()` return the
    parsed body, `op_detailed()` and `await op_detailed_async()` the whole `Response`.
    """

    def __init__(self, client: AuthenticatedClient | Client) -> None:
        self.client = client

    def __repr__(self) -> str:
        return f"{type(self).__name__}({type(self.client).__name__})"

    def list_jobs(
        self,
        service_id: str,
        *,
        limit: int | Unset = 10,
        page: str | Unset = UNSET,
        filter_: str | Unset = UNSET,
        order_by: str | Unset = UNSET,
        order_desc: bool | Unset = True,
        at_time: datetime.datetime | Unset = UNSET,
    ) -> ErrorMessage | InvalidParameterError | JobList | None:
        """GET /1/services2/{service_id}/jobs: List a service's jobs"""
        from . import list_jobs as _op

        return _op.sync(
            service_id=service_id,
            limit=limit,
            page=page,
            filter_=filter_,
            order_by=order_by,
            order_desc=order_desc,
            at_time=at_time,
            client=self.client,
        )

    def list_jobs_detailed(
        self,
        service_id: str,
        *,
        limit: int | Unset = 10,
        page: str | Unset = UNSET,
        filter_: str | Unset = UNSET,
        order_by: str | Unset = UNSET,
        order_desc: bool | Unset = True,
        at_time: datetime.datetime | Unset = UNSET,
    ) -> Response[ErrorMessage | InvalidParameterError | JobList]:
        """GET /1/services2/{service_id}/jobs: List a service's jobs (whole response)"""
        from . import list_jobs as _op

        return _op.sync_detailed(
            service_id=service_id,
            limit=limit,
            page=page,
            filter_=filter_,
            order_by=order_by,
            order_desc=order_desc,
            at_time=at_time,
            client=self.client,
        )

    async def list_jobs_async(
        self,
        service_id: str,
        *,
        limit: int | Unset = 10,
        page: str | Unset = UNSET,
        filter_: str | Unset = UNSET,
        order_by: str | Unset = UNSET,
        order_desc: bool | Unset = True,
        at_time: datetime.datetime | Unset = UNSET,
    ) -> ErrorMessage | InvalidParameterError | JobList | None:
        """GET /1/services2/{service_id}/jobs: List a service's jobs"""
        from . import list_jobs as _op

        return await _op.asyncio(
            service_id=service_id,
            limit=limit,
            page=page,
            filter_=filter_,
            order_by=order_by,
            order_desc=order_desc,
            at_time=at_time,
            client=self.client,
        )

    async def list_jobs_detailed_async(
        self,
        service_id: str,
        *,
        limit: int | Unset = 10,
        page: str | Unset = UNSET,
        filter_: str | Unset = UNSET,
        order_by: str | Unset = UNSET,
        order_desc: bool | Unset = True,
        at_time: datetime.datetime | Unset = UNSET,
    ) -> Response[ErrorMessage | InvalidParameterError | JobList]:
        """GET /1/services2/{service_id}/jobs: List a service's jobs (whole response)"""
        from . import list_jobs as _op

        return await _op.asyncio_detailed(
            service_id=service_id,
            limit=limit,
            page=page,
            filter_=filter_,
            order_by=order_by,
            order_desc=order_desc,
            at_time=at_time,
            client=self.client,
        )

    def create_job(
        self,
        service_id: str,
        *,
        body: Any,
        idempotency_key: str | Unset = UNSET,
        timeout: int | Unset = UNSET,
        ivcap_order_id: str | Unset = UNSET,
        x_forwarded_host: str | Unset = UNSET,
        x_forwarded_proto: str | Unset = UNSET,
    ) -> ErrorMessage | InvalidParameterError | JobAccepted | None:
        """POST /1/services2/{service_id}/jobs: Run a job"""
        from . import create_job as _op

        return _op.sync(
            service_id=service_id,
            body=body,
            idempotency_key=idempotency_key,
            timeout=timeout,
            ivcap_order_id=ivcap_order_id,
            x_forwarded_host=x_forwarded_host,
            x_forwarded_proto=x_forwarded_proto,
            client=self.client,
        )

    def create_job_detailed(
        self,
        service_id: str,
        *,
        body: Any,
        idempotency_key: str | Unset = UNSET,
        timeout: int | Unset = UNSET,
        ivcap_order_id: str | Unset = UNSET,
        x_forwarded_host: str | Unset = UNSET,
        x_forwarded_proto: str | Unset = UNSET,
    ) -> Response[ErrorMessage | InvalidParameterError | JobAccepted]:
        """POST /1/services2/{service_id}/jobs: Run a job (whole response)"""
        from . import create_job as _op

        return _op.sync_detailed(
            service_id=service_id,
            body=body,
            idempotency_key=idempotency_key,
            timeout=timeout,
            ivcap_order_id=ivcap_order_id,
            x_forwarded_host=x_forwarded_host,
            x_forwarded_proto=x_forwarded_proto,
            client=self.client,
        )

    async def create_job_async(
        self,
        service_id: str,
        *,
        body: Any,
        idempotency_key: str | Unset = UNSET,
        timeout: int | Unset = UNSET,
        ivcap_order_id: str | Unset = UNSET,
        x_forwarded_host: str | Unset = UNSET,
        x_forwarded_proto: str | Unset = UNSET,
    ) -> ErrorMessage | InvalidParameterError | JobAccepted | None:
        """POST /1/services2/{service_id}/jobs: Run a job"""
        from . import create_job as _op

        return await _op.asyncio(
            service_id=service_id,
            body=body,
            idempotency_key=idempotency_key,
            timeout=timeout,
            ivcap_order_id=ivcap_order_id,
            x_forwarded_host=x_forwarded_host,
            x_forwarded_proto=x_forwarded_proto,
            client=self.client,
        )

    async def create_job_detailed_async(
        self,
        service_id: str,
        *,
        body: Any,
        idempotency_key: str | Unset = UNSET,
        timeout: int | Unset = UNSET,
        ivcap_order_id: str | Unset = UNSET,
        x_forwarded_host: str | Unset = UNSET,
        x_forwarded_proto: str | Unset = UNSET,
    ) -> Response[ErrorMessage | InvalidParameterError | JobAccepted]:
        """POST /1/services2/{service_id}/jobs: Run a job (whole response)"""
        from . import create_job as _op

        return await _op.asyncio_detailed(
            service_id=service_id,
            body=body,
            idempotency_key=idempotency_key,
            timeout=timeout,
            ivcap_order_id=ivcap_order_id,
            x_forwarded_host=x_forwarded_host,
            x_forwarded_proto=x_forwarded_proto,
            client=self.client,
        )

    def read_job(
        self,
        service_id: str,
        id: str,
        *,
        with_request_content: bool | Unset = False,
        with_result_content: bool | Unset = True,
    ) -> ErrorMessage | JobStatus | None:
        """GET /1/services2/{service_id}/jobs/{id}: Read a job"""
        from . import read_job as _op

        return _op.sync(
            service_id=service_id,
            id=id,
            with_request_content=with_request_content,
            with_result_content=with_result_content,
            client=self.client,
        )

    def read_job_detailed(
        self,
        service_id: str,
        id: str,
        *,
        with_request_content: bool | Unset = False,
        with_result_content: bool | Unset = True,
    ) -> Response[ErrorMessage | JobStatus]:
        """GET /1/services2/{service_id}/jobs/{id}: Read a job (whole response)"""
        from . import read_job as _op

        return _op.sync_detailed(
            service_id=service_id,
            id=id,
            with_request_content=with_request_content,
            with_result_content=with_result_content,
            client=self.client,
        )

    async def read_job_async(
        self,
        service_id: str,
        id: str,
        *,
        with_request_content: bool | Unset = False,
        with_result_content: bool | Unset = True,
    ) -> ErrorMessage | JobStatus | None:
        """GET /1/services2/{service_id}/jobs/{id}: Read a job"""
        from . import read_job as _op

        return await _op.asyncio(
            service_id=service_id,
            id=id,
            with_request_content=with_request_content,
            with_result_content=with_result_content,
            client=self.client,
        )

    async def read_job_detailed_async(
        self,
        service_id: str,
        id: str,
        *,
        with_request_content: bool | Unset = False,
        with_result_content: bool | Unset = True,
    ) -> Response[ErrorMessage | JobStatus]:
        """GET /1/services2/{service_id}/jobs/{id}: Read a job (whole response)"""
        from . import read_job as _op

        return await _op.asyncio_detailed(
            service_id=service_id,
            id=id,
            with_request_content=with_request_content,
            with_result_content=with_result_content,
            client=self.client,
        )

    def read_job_output(
        self,
        service_id: str,
        id: str,
    ) -> ErrorMessage | InvalidParameterError | None:
        """GET /1/services2/{service_id}/jobs/{id}/output: Read a job's result"""
        from . import read_job_output as _op

        return _op.sync(
            service_id=service_id,
            id=id,
            client=self.client,
        )

    def read_job_output_detailed(
        self,
        service_id: str,
        id: str,
    ) -> Response[ErrorMessage | InvalidParameterError]:
        """GET /1/services2/{service_id}/jobs/{id}/output: Read a job's result (whole response)"""
        from . import read_job_output as _op

        return _op.sync_detailed(
            service_id=service_id,
            id=id,
            client=self.client,
        )

    async def read_job_output_async(
        self,
        service_id: str,
        id: str,
    ) -> ErrorMessage | InvalidParameterError | None:
        """GET /1/services2/{service_id}/jobs/{id}/output: Read a job's result"""
        from . import read_job_output as _op

        return await _op.asyncio(
            service_id=service_id,
            id=id,
            client=self.client,
        )

    async def read_job_output_detailed_async(
        self,
        service_id: str,
        id: str,
    ) -> Response[ErrorMessage | InvalidParameterError]:
        """GET /1/services2/{service_id}/jobs/{id}/output: Read a job's result (whole response)"""
        from . import read_job_output as _op

        return await _op.asyncio_detailed(
            service_id=service_id,
            id=id,
            client=self.client,
        )
