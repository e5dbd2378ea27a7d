"""Services: what a platform can run, their typed parameters, and placing orders."""

from __future__ import annotations

import difflib
from collections.abc import Awaitable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from conveyor_api.api.orders import create_order
from conveyor_api.api.services import (
    create_service,
    delete_service,
    list_services,
    read_service,
    update_service,
)
from conveyor_api.models.order_request import OrderRequest
from conveyor_api.models.order_status import OrderStatus as OrderRecord
from conveyor_api.models.parameter import Parameter
from conveyor_api.models.parameter_definition import ParameterDefinition
from conveyor_api.models.service_definition import ServiceDefinition
from conveyor_api.models.service_list import ServiceList
from conveyor_api.models.service_list_item import ServiceListItem
from conveyor_api.models.service_status import ServiceStatus
from conveyor_api.models.service_status_value import ServiceStatusValue
from conveyor_api.types import UNSET

from ._base import (
    AsyncEntity,
    Entity,
    _Entity,
    check_urn,
    quote_filter_value,
    unset_none,
)
from ._call import Call, Flow, json_model, one
from ._collection import AsyncCollection, ListArgs, P, SyncCollection, _CollectionCore, list_builder
from ._paging import AsyncPaginator, Paginator, _Pager
from .errors import Ambiguous, InvalidParameter, MalformedResponse, NotFound

if TYPE_CHECKING:
    import datetime

    from .order import AsyncOrder, Order

__all__ = ["AsyncService", "AsyncServices", "Service", "ServiceParameter", "Services"]

ServiceRecord = ServiceStatus | ServiceListItem

_TRUE = ("true", "yes", "1", "on")
_FALSE = ("false", "no", "0", "off")


@dataclass(frozen=True, slots=True)
class ServiceParameter:
    """One parameter a service accepts, with its type and constraints.

    Attributes:
        name: The wire name (may contain hyphens: ``min-length``).
        type: ``string``, ``int``, ``float``, ``bool``, ``option``,
            ``artifact``, ``collection``, or another type the platform uses.
        description: What it controls.
        label: A short human label.
        unit: Unit of a numeric value.
        default: The value used when an order gives none (as wire text).
        optional: Whether an order may leave it out.
        constant: Whether the service fixes the value.
        options: The allowed values of an ``option`` parameter.
    """

    name: str
    type: str
    description: str | None = None
    label: str | None = None
    unit: str | None = None
    default: str | None = None
    optional: bool = False
    constant: bool = False
    options: tuple[str, ...] = ()

    @property
    def python_name(self) -> str:
        """The keyword to pass it as: the wire name with ``-`` as ``_`` (``min_length``)."""
        return self.name.replace("-", "_")

    @property
    def mandatory(self) -> bool:
        """Whether every order must give it (not optional, no default, not constant)."""
        return not self.optional and self.default is None and not self.constant

    @classmethod
    def from_definition(cls, definition: ParameterDefinition) -> ServiceParameter:
        """Build from the generated model.

        Raises:
            MalformedResponse: A field is not of the type the contract gives
                it (the generated model copies JSON values without checking).
        """
        name = definition.name
        if not isinstance(name, str) or not name:
            raise MalformedResponse(
                f"a service parameter's name is not a non-empty string: {name!r}"
            )
        kind = definition.type_
        if not isinstance(kind, str):
            raise MalformedResponse(f"service parameter {name!r}: its type is not text: {kind!r}")
        texts = {
            field: unset_none(getattr(definition, field))
            for field in ("description", "label", "unit", "default")
        }
        for field, value in texts.items():
            if value is not None and not isinstance(value, str):
                raise MalformedResponse(
                    f"service parameter {name!r}: its {field} is not text: {value!r}"
                )
        options = unset_none(definition.options) or []
        if not isinstance(options, list):
            raise MalformedResponse(f"service parameter {name!r}: its options are not a list")
        return cls(
            name=name,
            type=kind,
            optional=bool(unset_none(definition.optional)),
            constant=bool(unset_none(definition.constant)),
            options=tuple(o.value for o in options if isinstance(o.value, str)),
            **texts,
        )

    def to_wire(self, value: Any, given_as: str | None = None) -> str:
        """Check ``value`` against the parameter's type and return its wire text.

        Raises:
            InvalidParameter: The value has the wrong type or is not an allowed option.
        """
        label = given_as or self.python_name

        def refuse(expected: str) -> InvalidParameter:
            return InvalidParameter(
                f"{label}: {expected}, got {value!r}", parameter=label, value=value
            )

        kind = self.type
        if kind == "string":
            if isinstance(value, str):
                return value
            raise refuse("expects a string")
        if kind == "int":
            if isinstance(value, bool):
                raise refuse("expects an integer")
            if isinstance(value, int):
                return str(value)
            if isinstance(value, str):
                try:
                    return str(int(value.strip()))
                except ValueError:
                    pass
            raise refuse("expects an integer")
        if kind == "float":
            if isinstance(value, bool):
                raise refuse("expects a number")
            if isinstance(value, int | float):
                return repr(float(value)) if isinstance(value, float) else str(value)
            if isinstance(value, str):
                try:
                    float(value)
                    return value.strip()
                except ValueError:
                    pass
            raise refuse("expects a number")
        if kind == "bool":
            if isinstance(value, bool):
                return "true" if value else "false"
            if isinstance(value, str) and value.strip().lower() in _TRUE + _FALSE:
                return "true" if value.strip().lower() in _TRUE else "false"
            raise refuse("expects True or False")
        if kind == "option":
            text = value if isinstance(value, str) else None
            if text is None or (self.options and text not in self.options):
                allowed = ", ".join(repr(o) for o in self.options)
                raise refuse(f"expects one of {allowed}")
            return text
        if kind in ("artifact", "collection"):
            # An object counts as its URN, under the same rule as a URN string:
            # an Order passed for an artifact is refused as its URN would be.
            if isinstance(value, _Entity):
                found = value._kind
                if kind == "artifact" and found != "artifact":
                    article = "an" if found[:1] in "aeiou" else "a"
                    raise refuse(f"expects an artifact, not {article} {found}")
                return value.id
            if isinstance(value, str):
                if value.startswith(("http://", "https://")):
                    return value
                try:
                    return check_urn(value, kind if kind == "artifact" else None, label)
                except InvalidParameter:
                    pass
            raise refuse(f"expects an {kind} (an Artifact, a URN or a URL)")
        if isinstance(value, str | int | float | bool):
            return str(value).lower() if isinstance(value, bool) else str(value)
        raise refuse(f"expects a {kind} value")


def check_order_parameters(
    definitions: list[ServiceParameter], given: Mapping[str, Any]
) -> list[Parameter]:
    """Validate order parameters locally and turn them into wire `Parameter` models.

    Keys may be Python names (``min_length``) or wire names (``min-length``);
    ``None`` values count as not given.

    Raises:
        InvalidParameter: An unknown name, a name given twice, a missing
            mandatory parameter, a wrong type or a value not among the options.
    """
    by_name: dict[str, ServiceParameter] = {}
    for definition in definitions:
        by_name[definition.name] = definition
        by_name.setdefault(definition.python_name, definition)
    chosen: dict[str, tuple[str, Any]] = {}
    for key, value in given.items():
        found = by_name.get(key)
        if found is None:
            names = sorted({d.python_name for d in definitions})
            close = difflib.get_close_matches(key, names, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            known = ", ".join(names) or "none"
            raise InvalidParameter(
                f"{key}: the service has no such parameter (it takes: {known}){hint}",
                parameter=key,
                value=value,
            )
        definition = found
        if value is None:
            continue
        if definition.name in chosen:
            raise InvalidParameter(
                f"{key}: given twice (as {chosen[definition.name][0]!r} and {key!r})",
                parameter=key,
                value=value,
            )
        chosen[definition.name] = (key, value)
    wire: list[Parameter] = []
    for definition in definitions:
        entry = chosen.get(definition.name)
        if entry is None:
            if definition.mandatory:
                raise InvalidParameter(
                    f"{definition.python_name}: missing, and the service needs it"
                    + (f" ({definition.description})" if definition.description else ""),
                    parameter=definition.python_name,
                )
            continue
        key, value = entry
        text = definition.to_wire(value, key)
        if definition.constant and definition.default is not None and text != definition.default:
            raise InvalidParameter(
                f"{key}: fixed by the service to {definition.default!r}",
                parameter=key,
                value=value,
            )
        wire.append(Parameter(name=definition.name, value=text))
    return wire


def place_order_flow(
    service: _ServiceCore | str,
    given: Mapping[str, Any],
    name: str | None,
    policy: str | None = None,
    tags: Sequence[str] | None = None,
) -> Flow[OrderRecord]:
    """Read the service's definition if needed, validate, then place the order once.

    The POST is never retried after it may have reached the platform, so a
    network failure cannot place the order twice.
    """
    if isinstance(service, str):
        check_urn(service, "service", "service")
        record = yield from one(Call(read_service._get_kwargs(service), json_model(ServiceStatus)))
        definitions = _definitions(record)
        service_id = record.id
    else:
        definitions = yield from service._parameters_flow()
        service_id = service.id
    parameters = check_order_parameters(definitions, given)
    request = OrderRequest(
        service=service_id,
        parameters=parameters,
        name=UNSET if name is None else name,
        policy=UNSET if policy is None else policy,
        tags=UNSET if tags is None else list(tags),
    )
    order = yield from one(
        Call(create_order._get_kwargs(body=request), json_model(OrderRecord), retry="create")
    )
    return order


def _definitions(record: Any) -> list[ServiceParameter]:
    """The parameters of a full service record (`MalformedResponse` if they are not a list)."""
    definitions = unset_none(record.parameters) or []
    if not isinstance(definitions, list):
        raise MalformedResponse("a service's parameters are not a list")
    return [ServiceParameter.from_definition(d) for d in definitions]


class _ServiceCore(_Entity[ServiceRecord]):
    __slots__ = ()

    _kind = "service"
    _read_module = read_service
    _record_model = ServiceStatus
    _repr_fields = ("name",)

    @property
    def name(self) -> str | None:
        """The service's human name."""
        return self._get("name")  # type: ignore[no-any-return]

    @property
    def description(self) -> str | None:
        """What the service does."""
        return self._get("description")  # type: ignore[no-any-return]

    @property
    def status(self) -> ServiceStatusValue | str | None:
        """Lifecycle state (`ServiceStatusValue` when known; other text kept as is)."""
        return self._get("status")  # type: ignore[no-any-return]

    @property
    def account(self) -> str | None:
        """URN of the owning account."""
        return self._get("account")  # type: ignore[no-any-return]

    @property
    def policy(self) -> str | None:
        """URN of the policy governing access."""
        return self._get("policy")  # type: ignore[no-any-return]

    @property
    def banner(self) -> str | None:
        """URL of an image representing the service."""
        return self._get("banner")  # type: ignore[no-any-return]

    @property
    def tags(self) -> list[str]:
        """Free-form keywords."""
        return list(self._get("tags") or [])

    @property
    def published_at(self) -> datetime.datetime | None:
        """When the service was published."""
        return self._time("published_at")

    @property
    def is_complete(self) -> bool:
        """Whether this object holds the full record (list items lack parameters)."""
        return self._is_full

    def _parameters_flow(self) -> Flow[list[ServiceParameter]]:
        # List items lack the parameters: read the full record first.
        yield from self._full_record_flow()
        return _definitions(self._model)


class Service(_ServiceCore, Entity[ServiceRecord]):
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
        from .order import Order

        flow = place_order_flow(self, {**(parameters or {}), **params}, name, policy, tags)
        return Order._wrap(self._client, self._client._run(flow))


class AsyncService(_ServiceCore, AsyncEntity[ServiceRecord]):
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
        from .order import AsyncOrder

        flow = place_order_flow(self, {**(parameters or {}), **params}, name, policy, tags)
        return AsyncOrder._wrap(self._client, await self._client._run(flow))


def _service_definition(definition: ServiceDefinition | Mapping[str, Any]) -> ServiceDefinition:
    if isinstance(definition, ServiceDefinition):
        return definition
    try:
        return ServiceDefinition.from_dict(definition)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InvalidParameter(
            f"definition: not a service definition ({type(exc).__name__}: {exc})",
            parameter="definition",
        ) from None


class _ServicesCore(_CollectionCore[P]):
    __slots__ = ()

    _list_module = list_services
    _item_model = ServiceListItem

    def _get_by_name_flow(self, name: str) -> Flow[ServiceStatus]:
        if not isinstance(name, str) or not name:
            raise InvalidParameter("name: a non-empty string is needed", parameter="name")
        args = ListArgs(filter=f"name == {quote_filter_value(name)}")
        pager: _Pager[Any] = args.pager(
            self._client, list_builder(list_services, args), ServiceList, lambda item: item
        )
        items = yield from pager._all_flow()
        # The filter already matches exactly; checking again guards against
        # platforms whose filter is looser than the contract says.
        matches = [item for item in items if unset_none(item.name) == name]
        if not matches:
            raise NotFound(f"no service named {name!r}")
        if len(matches) > 1:
            raise Ambiguous(
                f"{len(matches)} services are named {name!r}; get one by id",
                [m.id for m in matches],
            )
        record: ServiceStatus = yield from one(self._get_call(matches[0].id))
        return record

    def _create_flow(
        self, definition: ServiceDefinition | Mapping[str, Any]
    ) -> Flow[ServiceStatus]:
        body = _service_definition(definition)
        record = yield from one(
            Call(create_service._get_kwargs(body=body), json_model(ServiceStatus), retry="create")
        )
        return record

    def _update_flow(
        self, id: str, definition: ServiceDefinition | Mapping[str, Any], force_create: bool
    ) -> Flow[ServiceStatus]:
        check_urn(id, "service")
        body = _service_definition(definition)
        kwargs = update_service._get_kwargs(
            id, body=body, force_create=force_create if force_create else UNSET
        )
        record = yield from one(Call(kwargs, json_model(ServiceStatus)))
        return record

    def _delete_flow(self, id: str) -> Flow[None]:
        check_urn(id, "service")
        yield from one(Call(delete_service._get_kwargs(id)))


class Services(_ServicesCore[Paginator[Service]], SyncCollection[Service]):
    """The platform's services (``client.services``)."""

    __slots__ = ()

    _entity = Service

    def get_by_name(self, name: str) -> Service:
        """The one service called ``name``.

        Raises:
            NotFound: No service has that name.
            Ambiguous: Several have it (their ids are in ``.matches``).
        """
        return Service._wrap(self._client, self._client._run(self._get_by_name_flow(name)))

    def create(self, definition: ServiceDefinition | Mapping[str, Any]) -> Service:
        """Publish a new service from its definition (a wire-format mapping, or the model)."""
        return Service._wrap(self._client, self._client._run(self._create_flow(definition)))

    def update(
        self,
        id: str,
        definition: ServiceDefinition | Mapping[str, Any],
        *,
        force_create: bool = False,
    ) -> Service:
        """Replace a service's definition (creating it under ``id`` with ``force_create``)."""
        flow = self._update_flow(id, definition, force_create)
        return Service._wrap(self._client, self._client._run(flow))

    def delete(self, id: str) -> None:
        """Retire a service; orders already placed with it are kept."""
        self._client._run(self._delete_flow(id))


class AsyncServices(_ServicesCore[AsyncPaginator[AsyncService]], AsyncCollection[AsyncService]):
    """The platform's services (``client.services`` of an `AsyncClient`)."""

    __slots__ = ()

    _entity = AsyncService

    async def get_by_name(self, name: str) -> AsyncService:
        """The one service called ``name`` (`NotFound` or `Ambiguous` otherwise)."""
        record = await self._client._run(self._get_by_name_flow(name))
        return AsyncService._wrap(self._client, record)

    async def create(self, definition: ServiceDefinition | Mapping[str, Any]) -> AsyncService:
        """Publish a new service from its definition."""
        record = await self._client._run(self._create_flow(definition))
        return AsyncService._wrap(self._client, record)

    async def update(
        self,
        id: str,
        definition: ServiceDefinition | Mapping[str, Any],
        *,
        force_create: bool = False,
    ) -> AsyncService:
        """Replace a service's definition."""
        record = await self._client._run(self._update_flow(id, definition, force_create))
        return AsyncService._wrap(self._client, record)

    async def delete(self, id: str) -> None:
        """Retire a service."""
        await self._client._run(self._delete_flow(id))
