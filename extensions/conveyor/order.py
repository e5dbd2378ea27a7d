"""Orders: a service run once with concrete parameters, followed until it finishes."""

from __future__ import annotations

from collections.abc import Awaitable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from conveyor_api.api.orders import create_order, list_orders, read_order
from conveyor_api.models.order_list_item import OrderListItem
from conveyor_api.models.order_request import OrderRequest
from conveyor_api.models.order_status import OrderStatus as OrderRecord
from conveyor_api.models.order_status_value import OrderStatusValue
from conveyor_api.models.service_status import ServiceStatus
from conveyor_api.types import UNSET

from ._base import ResourceSpec, _Entity, entity_id, quote_filter_value
from ._call import KEY_TAG_PREFIX, Call, Flow, create, json_model, json_object, new_key, one
from ._fields import OMITTED, Field, Text, Texts, Time
from ._paging import AsyncPaginator, Paginator
from ._parameters import ServiceParameter, check_order_parameters, parameters_of, typed_parameters
from ._resources import AsyncResources, P, SyncResources, _ResourcesCore
from ._runs import AsyncRun, SyncRun, _RunCore
from .errors import MalformedResponse, NotFound, OrderFailed
from .lineage import Lineage, lineage_flow

if TYPE_CHECKING:
    from .artifact import Artifact, AsyncArtifact
    from .service import AsyncService, Service

__all__ = ["AsyncOrder", "AsyncOrders", "Order", "OrderStatus", "Orders"]

OrderStatus = OrderStatusValue
"""The known order states; an order's ``status`` is one of these, or text the platform added."""

OrderRecordLike = OrderRecord | OrderListItem


class _UserTags(Texts):
    """The order's tags, without the key tag the SDK adds to every order it places."""

    def read(self, entity: _Entity[Any]) -> list[str]:
        """The tags the user gave."""
        return [tag for tag in super().read(entity) if not tag.startswith(KEY_TAG_PREFIX)]


class _KeyTag(Field[str | None]):
    """The idempotency key recorded in an order's tags."""

    def read(self, entity: _Entity[Any]) -> str | None:
        """The key of the first key tag, if any."""
        for tag in entity._get("tags") or ():
            if isinstance(tag, str) and tag.startswith(KEY_TAG_PREFIX):
                return tag[len(KEY_TAG_PREFIX) :]
        return None


class _Order(_RunCore[OrderRecordLike]):
    # The service's parameter definitions, once read; wraps skip __init__, so it may be unset.
    __slots__ = ("_definitions",)

    _definitions: list[ServiceParameter]

    _spec = ResourceSpec(
        kind="order",
        read=read_order,
        record=OrderRecord,
        list=list_orders,
        item=OrderListItem,
        repr=("name", "status"),
        shown=(
            "name",
            "status",
            "service_id",
            "ordered_at",
            "started_at",
            "finished_at",
            "error_message",
            "parameters",
            "tags",
        ),
        sections=("parameters",),
        columns=("name", "id", "status", "service", "ordered_at"),
    )

    name = Text("The order's name, if it was given one.")
    status = Field[OrderStatusValue | str](
        "Progress: an `OrderStatus` when known, the platform's text otherwise (as last read)."
    )
    error_message = Text("Why the order failed, when it did.")
    service_id = Text("URN of the service the order runs.", source="service", label="service")
    account = Text("URN of the ordering account.")
    policy = Text("URN of the governing policy.")
    tags = _UserTags("Free-form tags (without the one that records `idempotency_key`).")
    idempotency_key = _KeyTag(
        "The ``Idempotency-Key`` the order was placed with, recorded as its tag "
        "``idempotency-key:<key>`` (``None`` for orders placed without one)."
    )
    ordered_at = Time("When the order was placed (timezone-aware).")
    started_at = Time("When it started running.")
    finished_at = Time("When it finished.")

    def _recorded_parameters(self) -> dict[str, str]:
        """The parameter values of the record as last read (list items carry none)."""
        recorded: dict[str, str] = {}
        for parameter in self._get("parameters") or []:
            name, value = parameter.name, parameter.value
            if not isinstance(name, str) or not isinstance(value, str):
                raise MalformedResponse(
                    f"an order's parameter does not match the contract: {name!r}={value!r}"
                )
            recorded[name] = value
        return recorded

    def _wire_parameters_flow(self) -> Flow[dict[str, str]]:
        # List items lack the parameters: read the full record rather than answer {}.
        yield from self._full_record_flow()
        return self._recorded_parameters()

    def _parameters_flow(self) -> Flow[dict[str, Any]]:
        recorded = yield from self._wire_parameters_flow()
        definitions = getattr(self, "_definitions", None)
        if definitions is None:
            try:
                definitions = parameters_of((yield from self._service_flow()))
            except NotFound:
                definitions = []  # the service is gone: its types are unknown, the text stays
            self._definitions = definitions
        return typed_parameters(definitions, recorded)

    def _peek(self, name: str) -> Any:
        if name == "parameters":
            # List items carry none (left out, as a service's are), and describing
            # never sends a request.
            return self._recorded_parameters() if self._is_full else OMITTED
        return super()._peek(name)

    def _extra_lines(self) -> list[str]:
        parameters = self._peek("parameters")
        if parameters is OMITTED or not parameters:
            return []
        width = max(len(name) for name in parameters)
        return ["  parameters"] + [f"    {n.ljust(width)}  {v}" for n, v in parameters.items()]

    # -- flows ------------------------------------------------------------------

    def _failure(self) -> Exception:
        return OrderFailed(self, self._get("error_message"))

    def _products_order(self) -> str | None:
        return self.id

    def _service_flow(self) -> Flow[ServiceStatus]:
        service_id = self.service_id
        if service_id is None:
            yield from self._refresh_flow()
            service_id = self.service_id
        if service_id is None:
            raise MalformedResponse("the order's record names no service")
        record: ServiceStatus = yield from one(self._client.services._get_call(service_id))
        return record


class Order(_Order, SyncRun[OrderRecordLike]):
    """An order: one run of a service.

    ``status`` and the timestamps are as last read; `refresh()` reads them
    again and `wait()` polls until the order finishes::

        order = service.place_order(text=artifact)
        order.wait(timeout=60)
        for product in order.products:
            product.download("out/")
    """

    __slots__ = ()

    @property
    def parameters(self) -> dict[str, Any]:
        """The parameter values as placed: keyed by Python name, typed by the service.

        ``place_order(min_length=3, case="keep")`` reads back as
        ``{"min_length": 3, "case": "keep", ...}``: ``int``, ``float`` and
        ``bool`` parameters as those types, the others (strings, options,
        artifact and collection URNs) as text. The types come from the
        service's parameter definitions, read once per order object (one
        request); when the service can no longer be read, or a value is not
        of its declared type, the platform's text is given. A list item
        lacks the values, so for one this also reads the full record.
        `wire_parameters` has them as the platform recorded them.
        """
        return self._client._run(self._parameters_flow())

    @property
    def wire_parameters(self) -> dict[str, str]:
        """The parameter values by wire name (``min-length``), as the platform's text.

        What the order record holds, and what ``conveyor orders show`` prints;
        a list item reads its full record first (one request).
        """
        return self._client._run(self._wire_parameters_flow())

    @property
    def products(self) -> list[Artifact]:
        """The artifacts the order produced (reads the record, or more pages, when needed)."""
        artifacts = self._client.artifacts
        return [artifacts._wrap(item) for item in self._client._run(self._products_flow())]

    @property
    def service(self) -> Service:
        """The service the order runs (one request)."""
        return self._client.services._wrap(self._client._run(self._service_flow()))

    def lineage(self, max_depth: int = 10) -> Lineage:
        """The service, inputs, products and upstream history of this order (`conveyor.lineage`)."""
        return self._client._run(lineage_flow(self, max_depth))


class AsyncOrder(_Order, AsyncRun[OrderRecordLike]):
    """The asynchronous twin of `Order`; ``products`` and ``service`` are awaited."""

    __slots__ = ()

    @property
    def parameters(self) -> Awaitable[dict[str, Any]]:
        """The values as placed, typed: ``await order.parameters`` (`Order.parameters`)."""
        return self._client._run(self._parameters_flow())

    @property
    def wire_parameters(self) -> Awaitable[dict[str, str]]:
        """The wire names and texts: ``await order.wire_parameters`` (`Order.wire_parameters`)."""
        return self._client._run(self._wire_parameters_flow())

    @property
    def products(self) -> Awaitable[list[AsyncArtifact]]:
        """The artifacts the order produced; ``await order.products``."""
        return self._products_async()

    async def _products_async(self) -> list[AsyncArtifact]:
        artifacts = self._client.artifacts
        return [artifacts._wrap(item) for item in await self._client._run(self._products_flow())]

    @property
    def service(self) -> Awaitable[AsyncService]:
        """The service the order runs; ``await order.service``."""
        return self._service_async()

    async def _service_async(self) -> AsyncService:
        return self._client.services._wrap(await self._client._run(self._service_flow()))

    async def lineage(self, max_depth: int = 10) -> Lineage:
        """The service, inputs, products and upstream history of this order (`Order.lineage`)."""
        return await self._client._run(lineage_flow(self, max_depth))


class _OrderCollection(_ResourcesCore[P]):
    __slots__ = ()

    def _create_flow(
        self,
        service: Any,
        given: Mapping[str, Any] | None,
        name: str | None,
        policy: str | None,
        tags: Sequence[str] | None,
    ) -> Flow[OrderRecord]:
        """Read the service's definition if needed, validate, then place the order once.

        The POST carries an ``Idempotency-Key``, also recorded as the order's
        tag ``idempotency-key:<key>``: after an ambiguous failure the order is
        looked up by that tag before anything else, and the POST is repeated
        only to a platform that honours the key, so it is never placed twice.
        """
        service_id = entity_id(service, "service", "service")
        if isinstance(service, _Entity):
            definitions = yield from service._parameters_flow()  # type: ignore[attr-defined]
        else:
            record = yield from one(self._client.services._get_call(service))
            definitions = parameters_of(record)
            service_id = record.id
        key = new_key()
        request = OrderRequest(
            service=service_id,
            parameters=check_order_parameters(definitions, given or {}),
            name=UNSET if name is None else name,
            policy=UNSET if policy is None else policy,
            tags=[*(tags or ()), KEY_TAG_PREFIX + key],
        )
        call = Call(
            create_order.request_args(body=request),
            json_model(OrderRecord),
            retry="create",
            key=key,
        )
        order: OrderRecord = yield from create(call, lambda key: _placed_flow(service_id, key))
        return order


LOOKUP_DEPTH = 20
"""How many of the service's newest orders an ambiguous placement is looked for among."""


def _placed_flow(service_id: str, key: str) -> Flow[OrderRecord | None]:
    """The order of ``service_id`` tagged with the idempotency ``key``, if the platform has it."""
    tag = KEY_TAG_PREFIX + key
    kwargs = list_orders.request_args(
        limit=LOOKUP_DEPTH,
        filter_=f"service == {quote_filter_value(service_id)}",
        order_by="ordered-at",
        order_desc=True,
    )
    page = yield from one(Call(kwargs, json_object))
    items = page.get("items")
    for item in items if isinstance(items, list) else ():
        candidate = item.get("id") if isinstance(item, dict) else None
        if not isinstance(candidate, str):
            continue
        record: OrderRecord = yield from one(
            Call(read_order.request_args(candidate), json_model(OrderRecord))
        )
        if isinstance(record.tags, list) and tag in record.tags:
            return record
    return None


class Orders(_OrderCollection[Paginator[Order]], SyncResources[Order]):
    """The caller's orders (``client.orders``)."""

    __slots__ = ()

    _entity = Order

    def create(
        self,
        service: Service | str,
        parameters: Mapping[str, Any] | None = None,
        *,
        name: str | None = None,
        policy: str | None = None,
        tags: Sequence[str] | None = None,
    ) -> Order:
        """Place an order with ``service`` (a `Service` or its URN).

        Parameters are checked locally as in `Service.place_order` (reading
        the service's definition first when only its URN is given).
        """
        flow = self._create_flow(service, parameters, name, policy, tags)
        return self._wrap(self._client._run(flow))


class AsyncOrders(_OrderCollection[AsyncPaginator[AsyncOrder]], AsyncResources[AsyncOrder]):
    """The caller's orders (``client.orders`` of an `AsyncClient`)."""

    __slots__ = ()

    _entity = AsyncOrder

    async def create(
        self,
        service: AsyncService | str,
        parameters: Mapping[str, Any] | None = None,
        *,
        name: str | None = None,
        policy: str | None = None,
        tags: Sequence[str] | None = None,
    ) -> AsyncOrder:
        """Place an order with ``service`` (see `Orders.create`)."""
        record = await self._client._run(self._create_flow(service, parameters, name, policy, tags))
        return self._wrap(record)
