"""Services: what a platform can run, their typed parameters, and placing orders."""

from __future__ import annotations

import os
from collections.abc import Awaitable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from conveyor_api.api.services import (
    create_service,
    create_service_description,
    delete_service,
    delete_service_description,
    list_services,
    read_service,
    update_service,
    update_service_description,
)
from conveyor_api.models.service_definition import ServiceDefinition
from conveyor_api.models.service_description import ServiceDescription
from conveyor_api.models.service_description_definition import ServiceDescriptionDefinition
from conveyor_api.models.service_list import ServiceList
from conveyor_api.models.service_list_item import ServiceListItem
from conveyor_api.models.service_status import ServiceStatus
from conveyor_api.models.service_status_value import ServiceStatusValue
from conveyor_api.types import UNSET

from ._base import (
    AsyncEntity,
    Entity,
    ResourceSpec,
    _Entity,
    check_urn,
    quote_filter_value,
    unset_none,
)
from ._call import Call, Flow, json_model, one
from ._fields import OMITTED, Field, Text, Texts, Time
from ._job_requests import json_payload
from ._paging import AsyncPaginator, Paginator, _Pager
from ._parameters import ServiceParameter, parameters_of
from ._resources import AsyncResources, ListArgs, P, SyncResources, _ResourcesCore, list_builder
from .errors import Ambiguous, APIError, InvalidParameter, NotFound, did_you_mean

if TYPE_CHECKING:
    from ._job_requests import RequestModel
    from .job import AsyncJob, AsyncJobs, Job, Jobs
    from .order import AsyncOrder, Order

__all__ = ["AsyncService", "AsyncServices", "Service", "ServiceParameter", "Services"]

ServiceRecord = ServiceStatus | ServiceListItem


class _Service(_Entity[ServiceRecord]):
    # The parameters parsed from the record they came from: each order checks against them.
    __slots__ = ("_parsed",)

    _spec = ResourceSpec(
        kind="service",
        read=read_service,
        record=ServiceStatus,
        list=list_services,
        item=ServiceListItem,
        repr=("name",),
        shown=("name", "description", "status", "tags", "published_at", "parameters"),
        sections=("parameters",),
        columns=("name", "id", "status", "description"),
    )

    name = Text("The service's human name.")
    description = Text("What the service does.")
    status = Field[ServiceStatusValue | str | None](
        "Lifecycle state (`ServiceStatusValue` when known; other text kept as is)."
    )
    account = Text("URN of the owning account.")
    policy = Text("URN of the policy governing access.")
    banner = Text("URL of an image representing the service.")
    tags = Texts("Free-form keywords.")
    published_at = Time("When the service was published.")

    @property
    def is_complete(self) -> bool:
        """Whether this object holds the full record (list items lack parameters)."""
        return self._is_full

    def _request_model_flow(self) -> Flow[RequestModel | None]:
        model: RequestModel | None = yield from self._client.jobs._request_model_flow(self.id)
        return model

    def _parameters_flow(self) -> Flow[list[ServiceParameter]]:
        # List items lack the parameters: read the full record first.
        yield from self._full_record_flow()
        model = self._model
        parsed = getattr(self, "_parsed", None)
        if parsed is None or parsed[0] is not model:
            parsed = self._parsed = (model, parameters_of(model))
        return list(parsed[1])

    def _peek(self, name: str) -> Any:
        if name == "parameters":
            # Only full records carry parameters, and describing never sends a request.
            if not self.is_complete:
                return OMITTED
            return [p.as_dict() for p in parameters_of(self.record)]
        return super()._peek(name)

    def _extra_lines(self) -> list[str]:
        if not self.is_complete:
            return []
        params = parameters_of(self.record)
        if not params:
            return ["  parameters  none"]
        width = max(len(p.name) for p in params)
        lines = ["  parameters"]
        for p in params:
            kind_text = p.type + (f" ({'|'.join(p.options)})" if p.options else "")
            need = "required" if p.mandatory else "optional"
            if p.default is not None:
                need = f"default {p.default}"
            about = f"  {p.description}" if p.description else ""
            lines.append(f"    {p.name.ljust(width)}  {kind_text}, {need}{about}")
        return lines


class Service(_Service, Entity[ServiceRecord]):
    """A service: an analytics capability with typed parameters.

    Get one with ``client.services.get(id)`` or
    ``client.services.get_by_name("word-count")``, then place orders::

        order = service.place_order(text=artifact, min_length=3)
    """

    __slots__ = ()

    @property
    def parameters(self) -> list[ServiceParameter]:
        """The parameters the service accepts.

        A list item lacks them, so for one this reads the full record first
        (one request); `AsyncService.parameters` is awaited for the same reason.
        """
        return self._client._run(self._parameters_flow())

    @property
    def mandatory_parameters(self) -> list[ServiceParameter]:
        """The parameters every order must give (reads the full record first if needed)."""
        return [p for p in self.parameters if p.mandatory]

    @property
    def jobs(self) -> Jobs:
        """This service's jobs: ``service.jobs.list()``, ``service.jobs.get(id)``."""
        return self._client.jobs._of(self.id)

    @property
    def request_model(self) -> RequestModel | None:
        """The JSON Schema of this service's job requests, as a typed description.

        ``None`` when the service publishes none (its requests are then
        checked by the platform only). Read once per client (one request).
        """
        return self._client._run(self._request_model_flow())

    def request_job(
        self,
        payload: Any,
        *,
        wait: bool = True,
        timeout: float | None = None,
        order: Any = None,
        validate: bool = True,
    ) -> Job:
        """Run a job: this service, once, on a JSON request.

        The request is checked against the service's request schema before
        it is sent. With ``wait`` the platform is asked to answer with the
        result (a quick job costs one request) and a slower job is polled
        until it ends; without it the job is returned at once, still running.

        Args:
            payload: The request: a JSON-able value (usually a dict), a
                dataclass, a pydantic model, or a ``pathlib.Path`` of a JSON file.
            wait: Return only once the job has ended (default), or at once.
            timeout: With ``wait``, give up after this many seconds
                (`WaitTimeout`); the job runs on.
            order: An `Order` (or its URN) the job belongs to.
            validate: Check the request against the service's schema first
                (default); ``False`` leaves it to the platform.

        Returns:
            The `Job`; with ``wait``, succeeded, its ``result`` at hand.

        Raises:
            InvalidParameter: The request is not JSON, or does not match the
                schema (``parameter`` is the JSON path), before anything is sent.
            JobFailed: With ``wait``, the job ended ``failed`` or ``error``.
            WaitTimeout: With ``wait``, ``timeout`` passed first.
        """
        return self._client.jobs.create(
            self, payload, wait=wait, timeout=timeout, order=order, validate=validate
        )

    def place_order(
        self,
        name: str | None = None,
        *,
        parameters: Mapping[str, Any] | None = None,
        policy: str | None = None,
        tags: Sequence[str] | None = None,
        **params: Any,
    ) -> Order:
        """Place an order with this service, after checking the parameters locally.

        Args:
            name: A name to recognise the order by.
            parameters: Parameters as a mapping, for names that are not
                Python identifiers or clash with the arguments here
                (``name``, ``parameters``, ``policy``, ``tags``).
            policy: URN of the policy governing the order.
            tags: Free-form tags to find the order by.
            **params: Parameter values by Python name (``min_length=3``) or
                wire name. Artifact parameters take an `Artifact` or a URN;
                values are checked against the declared types and options.

        Returns:
            The new `Order`, usually still pending; see `Order.wait()`.

        Raises:
            InvalidParameter: An unknown, missing, mistyped or out-of-options
                parameter, before any request is sent.
        """
        given = {**(parameters or {}), **params}
        return self._client.orders.create(self, given, name=name, policy=policy, tags=tags)


class AsyncService(_Service, AsyncEntity[ServiceRecord]):
    """The asynchronous twin of `Service`."""

    __slots__ = ()

    @property
    def parameters(self) -> Awaitable[list[ServiceParameter]]:
        """The parameters the service accepts; ``await service.parameters``.

        Awaited because a list item lacks them and the full record is read
        first (see `Service.parameters`).
        """
        return self._client._run(self._parameters_flow())

    @property
    def mandatory_parameters(self) -> Awaitable[list[ServiceParameter]]:
        """The parameters every order must give; ``await service.mandatory_parameters``."""
        return self._mandatory_async()

    async def _mandatory_async(self) -> list[ServiceParameter]:
        return [p for p in await self.parameters if p.mandatory]

    @property
    def jobs(self) -> AsyncJobs:
        """This service's jobs (see `Service.jobs`)."""
        return self._client.jobs._of(self.id)

    @property
    def request_model(self) -> Awaitable[RequestModel | None]:
        """The service's request schema as a typed description; ``await service.request_model``."""
        return self._client._run(self._request_model_flow())

    async def request_job(
        self,
        payload: Any,
        *,
        wait: bool = True,
        timeout: float | None = None,
        order: Any = None,
        validate: bool = True,
    ) -> AsyncJob:
        """Run a job: this service, once, on a JSON request (see `Service.request_job`)."""
        return await self._client.jobs.create(
            self, payload, wait=wait, timeout=timeout, order=order, validate=validate
        )

    async def place_order(
        self,
        name: str | None = None,
        *,
        parameters: Mapping[str, Any] | None = None,
        policy: str | None = None,
        tags: Sequence[str] | None = None,
        **params: Any,
    ) -> AsyncOrder:
        """Place an order with this service (see `Service.place_order`)."""
        given = {**(parameters or {}), **params}
        return await self._client.orders.create(self, given, name=name, policy=policy, tags=tags)


Definition = (
    ServiceDefinition | ServiceDescriptionDefinition | Mapping[str, Any] | str | os.PathLike[str]
)
"""A service definition: the generated model, a wire-format mapping, or a JSON file's path."""


def _service_definition(definition: Definition) -> ServiceDefinition | ServiceDescriptionDefinition:
    """The definition as the model of its format: v0.44 (``controller``) or v0.43 (``workflow``)."""
    if isinstance(definition, ServiceDefinition | ServiceDescriptionDefinition):
        return definition
    if isinstance(definition, str | os.PathLike):
        definition = json_payload(Path(definition), "definition")
    if not isinstance(definition, Mapping):
        raise InvalidParameter(
            f"definition: a JSON object is needed, not {type(definition).__name__}",
            parameter="definition",
        )
    current = "controller" in definition or "controller-schema" in definition
    model = ServiceDescriptionDefinition if current else ServiceDefinition
    try:
        return model.from_dict(definition)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        kind = "v0.44 (controller)" if current else "v0.43 (workflow)"
        raise InvalidParameter(
            f"definition: not a {kind} service definition ({type(exc).__name__}: {exc})",
            parameter="definition",
        ) from None


class _ServiceCollection(_ResourcesCore[P]):
    __slots__ = ()

    def _get_by_name_flow(self, name: str) -> Flow[ServiceStatus]:
        if not isinstance(name, str) or not name:
            raise InvalidParameter("name: a non-empty string is needed", parameter="name")
        args = ListArgs(filter=f"name == {quote_filter_value(name)}")
        pager: _Pager[Any] = args.pager(
            self._client, list_builder(list_services, args), ServiceList, list
        )
        items = yield from pager._all_flow()
        # The filter already matches exactly; checking again guards against
        # platforms whose filter is looser than the contract says.
        matches = [item for item in items if unset_none(item.name) == name]
        if not matches:
            # One more listing, only on the way to the error: the closest names.
            every = ListArgs()
            known: _Pager[Any] = every.pager(
                self._client, list_builder(list_services, every), ServiceList, list
            )
            names = [n for n in (unset_none(s.name) for s in (yield from known._all_flow())) if n]
            raise NotFound(f"no service named {name!r}{did_you_mean(name, names)}")
        if len(matches) > 1:
            raise Ambiguous(
                f"{len(matches)} services are named {name!r}; get one by id",
                [m.id for m in matches],
            )
        record: ServiceStatus = yield from one(self._get_call(matches[0].id))
        return record

    def _create_flow(self, definition: Definition) -> Flow[Any]:
        body = _service_definition(definition)
        if isinstance(body, ServiceDescriptionDefinition):
            call: Call[Any] = Call(
                create_service_description.request_args(body=body),
                json_model(ServiceDescription),
                retry="create",
            )
        else:
            call = Call(
                create_service.request_args(body=body), json_model(ServiceStatus), retry="create"
            )
        record = yield from one(call)
        return record

    def _update_flow(self, id: str, definition: Definition, force_create: bool) -> Flow[Any]:
        check_urn(id, "service")
        body = _service_definition(definition)
        force = force_create if force_create else UNSET
        if isinstance(body, ServiceDescriptionDefinition):
            kwargs = update_service_description.request_args(id, body=body, force_create=force)
            call: Call[Any] = Call(kwargs, json_model(ServiceDescription))
        else:
            kwargs = update_service.request_args(id, body=body, force_create=force)
            call = Call(kwargs, json_model(ServiceStatus))
        record = yield from one(call)
        return record

    def _delete_flow(self, id: str) -> Flow[None]:
        check_urn(id, "service")
        try:
            yield from one(Call(delete_service_description.request_args(id)))
        except APIError as exc:
            # A platform without the current service API (v0.43) answers 404 (no such
            # path), 405 or 501: it retires the service the older way. A 404 there too
            # is the service's own NotFound.
            if exc.status not in (404, 405, 501):
                raise
            yield from one(Call(delete_service.request_args(id)))


class Services(_ServiceCollection[Paginator[Service]], SyncResources[Service]):
    """The platform's services (``client.services``)."""

    __slots__ = ()

    _entity = Service

    def get_by_name(self, name: str) -> Service:
        """The one service called ``name``.

        Raises:
            NotFound: No service has that name.
            Ambiguous: Several have it (their ids are in ``.matches``).
        """
        return self._wrap(self._client._run(self._get_by_name_flow(name)))

    def create(self, definition: Definition) -> Service:
        """Publish a new service from its definition.

        Args:
            definition: A wire-format mapping, a generated definition model, or
                the path of a JSON file holding one. A definition with a
                ``controller`` (v0.44) goes to ``/1/services2``; one with a
                ``workflow`` (v0.43) to ``/1/services``.

        Raises:
            InvalidParameter: Not a definition of either format (before any request).
            Conflict: A service with the definition's ``id`` exists.
        """
        return self._wrap(self._client._run(self._create_flow(definition)))

    def update(
        self,
        id: str,
        definition: Definition,
        *,
        force_create: bool = False,
    ) -> Service:
        """Replace a service's definition (creating it under ``id`` with ``force_create``).

        ``definition`` is as for `create`, whose format picks the API.
        """
        flow = self._update_flow(id, definition, force_create)
        return self._wrap(self._client._run(flow))

    def delete(self, id: str) -> None:
        """Retire a service; the orders and jobs it already ran are kept."""
        self._client._run(self._delete_flow(id))


class AsyncServices(_ServiceCollection[AsyncPaginator[AsyncService]], AsyncResources[AsyncService]):
    """The platform's services (``client.services`` of an `AsyncClient`)."""

    __slots__ = ()

    _entity = AsyncService

    async def get_by_name(self, name: str) -> AsyncService:
        """The one service called ``name`` (`NotFound` or `Ambiguous` otherwise)."""
        record = await self._client._run(self._get_by_name_flow(name))
        return self._wrap(record)

    async def create(self, definition: Definition) -> AsyncService:
        """Publish a new service from its definition."""
        record = await self._client._run(self._create_flow(definition))
        return self._wrap(record)

    async def update(
        self,
        id: str,
        definition: Definition,
        *,
        force_create: bool = False,
    ) -> AsyncService:
        """Replace a service's definition."""
        record = await self._client._run(self._update_flow(id, definition, force_create))
        return self._wrap(record)

    async def delete(self, id: str) -> None:
        """Retire a service."""
        await self._client._run(self._delete_flow(id))
