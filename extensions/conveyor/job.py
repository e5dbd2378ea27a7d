"""Jobs: a service run once on a JSON request, answered at once or followed until it ends."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TYPE_CHECKING, Any, Self

import httpx
from conveyor_api.api.jobs import create_job, list_jobs, read_job, read_job_output
from conveyor_api.models.job_accepted import JobAccepted
from conveyor_api.models.job_list_item import JobListItem
from conveyor_api.models.job_status import JobStatus
from conveyor_api.models.order_status_value import OrderStatusValue
from conveyor_api.types import UNSET

from ._base import ResourceSpec, check_urn, entity_id, unset_none
from ._call import Call, Flow, answer_json, json_model, one
from ._fields import Field, Text, Texts, Time
from ._job_requests import TOOL_SCHEMA, RequestModel, encode_json, json_payload
from ._paging import AsyncPaginator, Paginator
from ._resources import AsyncResources, ListArgs, P, SyncResources, _ResourcesCore
from ._runs import AsyncRun, SyncRun, _RunCore
from .errors import InvalidParameter, JobFailed, MalformedResponse, seconds
from .lineage import Lineage, lineage_flow

if TYPE_CHECKING:
    from .artifact import Artifact, AsyncArtifact

__all__ = ["AsyncJob", "AsyncJobs", "Job", "Jobs"]

JobRecordLike = JobStatus | JobListItem

JOB_RECORD_SCHEMA = "urn:ivcap:schema.job.2"
"""The aspect mirroring a job's record on the job entity (it names the job's service)."""

HELD_SECONDS = 10
"""The longest the SDK asks the platform to hold a job request (``Timeout``) before polling.

Well under the client's default 30 s read timeout, so a slow job is polled
rather than cut off by a proxy or the client's own timeout.
"""

_NO_RESULT: Any = object()


class _Job(_RunCore[JobRecordLike]):
    __slots__ = ("_result",)

    _spec = ResourceSpec(
        kind="job",
        read=read_job,
        record=JobStatus,
        list=list_jobs,
        item=JobListItem,
        repr=("status",),
        shown=(
            "name",
            "status",
            "service_id",
            "order_id",
            "requested_at",
            "started_at",
            "finished_at",
            "error_message",
            "result_content_type",
            "tags",
        ),
        columns=("id", "status", "service", "finished_at"),
    )

    name = Text("The job's name, if it was given one.")
    status = Field[OrderStatusValue | str](
        "Progress, in the order states (`OrderStatus`), or the platform's own text (as last read)."
    )
    error_message = Text("Why the job failed, when it did.")
    service_id = Text("URN of the service the job runs.", source="service", label="service")
    order_id = Text("URN of the order the job belongs to, if any.", source="order", label="order")
    account = Text("URN of the requesting account.")
    policy = Text("URN of the governing policy.")
    requested_at = Time("When the job was requested.")
    started_at = Time("When it started running.")
    finished_at = Time("When it finished.")
    request_content_type = Text("Media type of the request.")
    result_content_type = Text("Media type of the result.")
    result_content_urn = Text("URN of the aspect that holds the result.")
    tags = Texts("Free-form tags.")

    def _read_call(self) -> Call[JobRecordLike]:
        return Call(read_job.request_args(self._service(), self.id), json_model(JobStatus))

    def _service(self) -> str:
        service = self.service_id
        if not isinstance(service, str):
            raise MalformedResponse(f"the job {self.id} names no service")
        return service

    def _failure(self) -> Exception:
        return JobFailed(self, self._get("error_message"))

    def _result_flow(self) -> Flow[Any]:
        known = getattr(self, "_result", _NO_RESULT)
        if known is not _NO_RESULT:
            return known
        if self.status not in (OrderStatusValue.SUCCEEDED,):
            yield from self._refresh_flow()
            if self.status != OrderStatusValue.SUCCEEDED:
                return None
        yield from self._full_record_flow()
        inline = unset_none(self._model.result_content)  # type: ignore[union-attr]
        if inline is not None:
            self._result = inline
            return inline
        output: Call[httpx.Response] = Call(read_job_output.request_args(self._service(), self.id))
        response: httpx.Response = yield from one(output)
        result = None if response.status_code == 204 else _decode_result(response)
        self._result = result
        return result

    def _products_order(self) -> str | None:
        # A job has no product list of its own: products beyond the first page are its order's.
        return self.order_id


def _decode_result(response: Any) -> Any:
    """A result body as the value it is: JSON decoded, text as ``str``, else ``bytes``."""
    kind = response.headers.get("content-type", "application/json").split(";")[0].strip()
    if kind == "application/json" or kind.endswith("+json"):
        try:
            return answer_json(response.content)
        except ValueError:
            raise MalformedResponse("the job's result is not the JSON it says it is") from None
    if kind.startswith("text/"):
        return response.text
    return response.content


class Job(_Job, SyncRun[JobRecordLike]):
    """A job: one run of a service on a JSON request, with its result.

    Run one with `Service.request_job` (or `Jobs.create`)::

        job = service.request_job({"text": "the cat sat"})      # waits for it
        print(job.result)

        job = service.request_job(request, wait=False)          # returns at once
        job.wait(timeout=60)

    ``status`` and the timestamps are as last read; `refresh()` reads them
    again. A job answered at once holds its result but not yet its full
    record: its timestamps show after `refresh()`.
    """

    __slots__ = ()

    @property
    def result(self) -> Any:
        """The job's result (JSON decoded), ``None`` while it has none.

        Reads it from the platform when not yet known (one or two requests).
        """
        return self._client._run(self._result_flow())

    @property
    def products(self) -> list[Artifact]:
        """The artifacts the job produced (reads the full record when needed)."""
        artifacts = self._client.artifacts
        return [artifacts._wrap(item) for item in self._client._run(self._products_flow())]

    def lineage(self, max_depth: int = 10) -> Lineage:
        """The service, inputs, products and upstream history of this job (`conveyor.lineage`)."""
        return self._client._run(lineage_flow(self, max_depth))


class AsyncJob(_Job, AsyncRun[JobRecordLike]):
    """The asynchronous twin of `Job`; ``result`` and ``products`` are awaited."""

    __slots__ = ()

    @property
    def result(self) -> Awaitable[Any]:
        """The job's result: ``await job.result`` (see `Job.result`)."""
        return self._client._run(self._result_flow())

    @property
    def products(self) -> Awaitable[list[AsyncArtifact]]:
        """The artifacts the job produced; ``await job.products``."""
        return self._products_async()

    async def _products_async(self) -> list[AsyncArtifact]:
        artifacts = self._client.artifacts
        return [artifacts._wrap(item) for item in await self._client._run(self._products_flow())]

    async def lineage(self, max_depth: int = 10) -> Lineage:
        """The service, inputs, products and upstream history of this job (`Job.lineage`)."""
        return await self._client._run(lineage_flow(self, max_depth))


class _JobCollection(_ResourcesCore[P]):
    """Jobs of every service, or of one (``service.jobs``)."""

    __slots__ = ("_models", "_service_id")

    def __init__(self, client: Any, service: str | None = None) -> None:
        super().__init__(client)
        self._service_id = service
        # Request schemas read per service, once per collection: a job request
        # then costs one POST, not an aspect lookup as well.
        self._models: dict[str, RequestModel | None] = {}

    def __repr__(self) -> str:
        of = f" of {self._service_id}" if self._service_id else ""
        return f"<{type(self).__name__}{of} of {self._client!r}>"

    def _of(self, service: str) -> Self:
        """This collection narrowed to one service's jobs (sharing the schemas read)."""
        view = type(self)(self._client, service)
        view._models = self._models
        return view

    def _which_service(self, service: Any) -> str:
        if service is None:
            service = self._service_id
        if service is None:
            raise InvalidParameter(
                "service: jobs are listed per service; give service= (a Service or its URN)",
                parameter="service",
            )
        return entity_id(service, "service", "service")

    def _list_pager(self, service: Any, args: ListArgs) -> P:
        return self._pager(args, path_args=(self._which_service(service),))

    def _request_model_flow(self, service: str) -> Flow[RequestModel | None]:
        if not isinstance(service, str):
            raise MalformedResponse(f"the service's id is not text: {service!r:.60}")
        if service in self._models:
            return self._models[service]
        records = yield from self._client.aspects._about_flow(service, schema=TOOL_SCHEMA)
        schemas = [_fn_schema(record) for record in records]
        found = [s for s in schemas if s is not None]
        model = RequestModel.from_schema(found[0]) if found else None
        self._models[service] = model
        return model

    def _get_flow(self, id: str, service: Any) -> Flow[JobStatus]:
        check_urn(id, "job")
        if service is None and self._service_id is None:
            service_id = yield from self._service_of_job_flow(id)
        else:
            service_id = self._which_service(service)
        record: JobStatus = yield from one(
            Call(read_job.request_args(service_id, id), json_model(JobStatus))
        )
        return record

    def _service_of_job_flow(self, id: str) -> Flow[str]:
        """The job's service, from the record the platform mirrors as an aspect of the job."""
        records = yield from self._client.aspects._about_flow(id, schema=JOB_RECORD_SCHEMA)
        for record in records:
            content = unset_none(record.content)
            service = None if content is None else content.additional_properties.get("service")
            if isinstance(service, str):
                return service
        raise InvalidParameter(
            f"service: the platform does not say which service ran {id}; give service=",
            parameter="service",
        )

    def _create_flow(
        self,
        service: Any,
        payload: Any,
        wait: bool,
        timeout: float | None,
        order: Any,
        validate: bool,
    ) -> Flow[Any]:
        """Check the request, run the job, and (with ``wait``) follow it until it ends.

        The POST is never retried after it may have reached the platform, so a
        network failure cannot run the job twice.
        """
        service_id = self._which_service(service)
        body = json_payload(payload)
        encoded = encode_json(body)
        if not isinstance(wait, bool):
            raise InvalidParameter(f"wait: True or False, not {wait!r}", parameter="wait")
        if timeout is not None:
            timeout = seconds(timeout, "timeout")
        order_id = UNSET if order is None else entity_id(order, "order", "order")
        if validate:
            model = yield from self._request_model_flow(service_id)
            if model is not None:
                model.validate(body)
        clock = self._client._clock
        started = clock.monotonic()
        held = 0
        if wait:
            held = HELD_SECONDS if timeout is None else int(min(timeout, HELD_SECONDS))
        kwargs = create_job.request_args(
            service_id, body=None, timeout=held, ivcap_order_id=order_id
        )
        del kwargs["json"]
        kwargs["content"] = encoded  # encoded once, above, where it was checked
        response: httpx.Response = yield from one(Call(kwargs, retry="create"))
        entity: Any = self._entity
        if response.status_code == 200:
            job_id = response.headers.get("ivcap-job-id")
            if not job_id:
                raise MalformedResponse("the platform answered a job without its IVCAP-Job-Id")
            href = response.headers.get("ivcap-job-url") or _job_path(service_id, job_id)
            raw = {"id": job_id, "status": "succeeded", "service": service_id, "href": href}
            job = entity._wrap_raw(self._client, raw, JobListItem)
            job._result = _decode_result(response)
            return job
        if response.status_code != 202:
            raise MalformedResponse(
                f"the platform answered a job request with {response.status_code}, not 200 or 202"
            )
        try:
            accepted = JobAccepted.from_dict(answer_json(response.content))
        except (KeyError, TypeError, ValueError) as exc:
            raise MalformedResponse(
                f"the job's acceptance does not match the contract: {exc}"
            ) from None
        job_id = unset_none(accepted.job_id) or accepted.location.rstrip("/").rsplit("/", 1)[-1]
        raw = {"id": job_id, "status": "pending", "service": service_id, "href": accepted.location}
        job = entity._wrap_raw(self._client, raw, JobListItem)
        if wait:
            left = None if timeout is None else max(0.0, timeout - (clock.monotonic() - started))
            yield from job._wait_flow(left, None)
        return job


def _fn_schema(record: Any) -> Any:
    content = unset_none(record.content)
    schema = None if content is None else content.additional_properties.get("fn_schema")
    return schema if isinstance(schema, dict) else None


def _job_path(service: str, job: str) -> str:
    return f"/1/services2/{service}/jobs/{job}"


class Jobs(_JobCollection[Paginator[Job]], SyncResources[Job]):
    """Jobs (``client.jobs``, or ``service.jobs`` for one service's)."""

    __slots__ = ()

    _entity = Job

    def list(
        self,
        service: Any = None,
        *,
        filter: str | None = None,
        order_by: str | None = None,
        descending: bool | None = None,
        at_time: Any = None,
        page_size: int | None = None,
        limit: int | None = None,
    ) -> Paginator[Job]:
        """Iterate over a service's jobs, fetching pages lazily (newest first by default).

        Args:
            service: The `Service` (or its URN) whose jobs to list; not needed
                on ``service.jobs``.
            filter: A filter expression, such as ``status == 'failed'``.
            order_by: Field to sort by.
            descending: Sort direction (``None``: ascending when ``order_by`` is given).
            at_time: List the jobs as they were at this instant.
            page_size: Items per request (1-50, default 50).
            limit: Most items to yield in all.

        Raises:
            InvalidParameter: No service given on ``client.jobs`` (before any request).
        """
        args = ListArgs(filter, order_by, descending, at_time, page_size, limit)
        return self._list_pager(service, args)

    def get(self, id: str, service: Any = None) -> Job:
        """The job with this URN.

        Args:
            id: The job's URN.
            service: Its service (a `Service` or URN); when not given, the
                platform's record of the job names it (one more request).

        Raises:
            InvalidParameter: ``id`` is not a job URN (before any request).
            NotFound: No such job.
        """
        return self._wrap(self._client._run(self._get_flow(id, service)))

    def create(
        self,
        service: Any,
        payload: Any,
        *,
        wait: bool = True,
        timeout: float | None = None,
        order: Any = None,
        validate: bool = True,
    ) -> Job:
        """Run a job: ``service`` on ``payload`` (see `Service.request_job`)."""
        flow = self._create_flow(service, payload, wait, timeout, order, validate)
        job: Job = self._client._run(flow)
        return job


class AsyncJobs(_JobCollection[AsyncPaginator[AsyncJob]], AsyncResources[AsyncJob]):
    """Jobs (``client.jobs`` of an `AsyncClient`, or ``service.jobs``)."""

    __slots__ = ()

    _entity = AsyncJob

    def list(
        self,
        service: Any = None,
        *,
        filter: str | None = None,
        order_by: str | None = None,
        descending: bool | None = None,
        at_time: Any = None,
        page_size: int | None = None,
        limit: int | None = None,
    ) -> AsyncPaginator[AsyncJob]:
        """Iterate over a service's jobs with ``async for`` (see `Jobs.list`)."""
        args = ListArgs(filter, order_by, descending, at_time, page_size, limit)
        return self._list_pager(service, args)

    async def get(self, id: str, service: Any = None) -> AsyncJob:
        """The job with this URN (see `Jobs.get`)."""
        return self._wrap(await self._client._run(self._get_flow(id, service)))

    async def create(
        self,
        service: Any,
        payload: Any,
        *,
        wait: bool = True,
        timeout: float | None = None,
        order: Any = None,
        validate: bool = True,
    ) -> AsyncJob:
        """Run a job (see `Service.request_job`)."""
        flow = self._create_flow(service, payload, wait, timeout, order, validate)
        job: AsyncJob = await self._client._run(flow)
        return job
