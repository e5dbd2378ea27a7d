"""The resources of one kind (``client.artifacts``, ...): listing and lookup, written once.

`_ResourcesCore` holds what every collection shares. All it needs is
``_entity``, the resource class, whose `ResourceSpec` names the generated list
and read operations and their models. `SyncResources` and `AsyncResources`
add ``get()`` for each driver; a resource module keeps only its own
operations (``upload``, ``get_by_name``, ``create`` ...).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from conveyor_api.models.list_aspects_order_direction import ListAspectsOrderDirection
from conveyor_api.types import UNSET

from ._base import _Entity, check_urn
from ._call import Call, json_entity, json_model
from ._paging import AsyncPaginator, Paginator, _Pager, to_datetime

if TYPE_CHECKING:
    from ._call import AsyncDriver, SyncDriver

__all__ = ["AsyncResources", "ListArgs", "SyncResources", "list_builder"]

# The ascending value of each sort-direction argument the generated list operations take.
_ASCENDING: dict[str, Any] = {"order_desc": False, "order_direction": ListAspectsOrderDirection.ASC}

E = TypeVar("E", bound=_Entity[Any])
P = TypeVar("P", bound=_Pager[Any])


@dataclass(slots=True)
class ListArgs:
    """What a caller asked of a listing (``descending`` as the operation takes it)."""

    filter: str | None = None
    order_by: str | None = None
    descending: Any = None
    at_time: Any = None
    page_size: int | None = None
    limit: int | None = None

    def pager(
        self,
        client: Any,
        build: Callable[[str | None, int], dict[str, Any]],
        model: type[Any],
        wrap: Callable[[list[Any]], list[Any]],
    ) -> _Pager[Any]:
        """A paginator over these arguments' items, as ``wrap`` turns them (for flows)."""
        return _Pager(client, build, model, wrap, self.limit, self.page_size)


def list_builder(
    module: ModuleType,
    args: ListArgs,
    order: str = "order_desc",
    path_args: tuple[Any, ...] = (),
    **fixed: Any,
) -> Callable[[str | None, int], dict[str, Any]]:
    """``build(page_token, page_limit)`` for a generated list operation.

    The first page carries the filter, order and time (and ``fixed``, the
    operation's own arguments); later pages carry only the opaque token (and
    the page size), as the contract prescribes. ``order`` names the
    operation's sort-direction argument; ``path_args`` (a service's URN for
    its jobs) go on every page.
    """
    get_kwargs = module.request_args
    at_time = to_datetime(args.at_time)
    descending = args.descending
    if descending is None and args.order_by is not None:
        # A named sort field reads A->Z as in IVCAP's client: the platform's own
        # default direction is descending (newest first when no field is named).
        descending = _ASCENDING.get(order, False)
    first: dict[str, Any] = {
        "filter_": UNSET if args.filter is None else args.filter,
        "order_by": UNSET if args.order_by is None else args.order_by,
        order: UNSET if descending is None else descending,
        "at_time": UNSET if at_time is None else at_time,
        **fixed,
    }

    def build(token: str | None, size: int) -> dict[str, Any]:
        if token is not None:
            return get_kwargs(*path_args, page=token, limit=size)  # type: ignore[no-any-return]
        return get_kwargs(*path_args, limit=size, **first)  # type: ignore[no-any-return]

    return build


class _ResourcesCore(Generic[P]):
    """What every collection shares, for both drivers.

    The sync and async classes set ``_entity``, the class of the objects they
    return; its `ResourceSpec` says how to list and read them.
    """

    __slots__ = ("_client",)

    _client: Any
    _entity: type[_Entity[Any]]
    _paginator: Callable[..., P]

    def __init__(self, client: Any) -> None:
        self._client = client

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._client!r}>"

    def list(
        self,
        *,
        filter: str | None = None,
        order_by: str | None = None,
        descending: bool | None = None,
        at_time: Any = None,
        page_size: int | None = None,
        limit: int | None = None,
    ) -> P:
        """Iterate over this collection's entities, fetching pages lazily.

        Returns a paginator of them that fetches nothing until used: a
        `Paginator` to iterate with ``for`` (an `AsyncPaginator`, for
        ``async for``, on an `AsyncClient`); ``pages()`` gives whole pages.

        Args:
            filter: A filter expression, such as ``name ~= 'word%'``; quote
                string values with `quote_filter_value`.
            order_by: Field to sort by.
            descending: Sort direction; when ``None``, ascending if ``order_by``
                is given (as IVCAP's client sorts), else the platform's default
                (newest first).
            at_time: List the collection as it was at this instant (datetime
                or date text).
            page_size: Items per request (1-50, default 50).
            limit: Most items to yield in all (default: all).

        The items are list records, which may lack some fields of the full
        record; ``refresh()`` reads it (`Service.parameters` does so itself).
        """
        args = ListArgs(filter, order_by, descending, at_time, page_size, limit)
        return self._pager(args)

    def _pager(self, args: ListArgs, path_args: tuple[Any, ...] = (), **fixed: Any) -> P:
        """The lazy paginator over this collection's list, with ``fixed`` arguments."""
        spec = self._entity._spec
        if spec.list is None or spec.item is None:  # pragma: no cover - a declaration error
            raise TypeError(f"{spec.kind} records cannot be listed")
        build = list_builder(spec.list, args, spec.order_param, path_args, **fixed)
        client = self._client
        wrap_raws = self._entity._wrap_raws
        item_model = spec.item
        return self._paginator(
            client,
            build,
            item_model,
            lambda raws: wrap_raws(client, raws, item_model),
            args.limit,
            args.page_size,
            lazy=True,
            what=f"{spec.kind}s",
        )

    def _get_call(self, id: str) -> Call[Any]:
        """Read the full record with this URN (checked first), parsed into its model."""
        spec = self._entity._spec
        check_urn(id, spec.kind)
        return Call(spec.read.request_args(id), json_model(spec.record))

    def _get_raw_call(self, id: str) -> Call[dict[str, Any]]:
        spec = self._entity._spec
        check_urn(id, spec.kind)
        return Call(spec.read.request_args(id), json_entity)


class SyncResources(_ResourcesCore[Paginator[E]], Generic[E]):
    """A collection of a `Client`: `list()` returns a `Paginator`, `get()` an ``E``."""

    __slots__ = ()

    _client: SyncDriver
    _entity: type[E]
    _paginator = Paginator

    def _wrap(self, record: Any) -> E:
        """The resource object for a record (a generated model) this collection's kind."""
        return self._entity._wrap(self._client, record)

    def get(self, id: str) -> E:
        """This collection's entity with this URN (one request).

        Raises:
            InvalidParameter: ``id`` is not a URN of this collection's kind
                (before any request).
            NotFound: No such entity.
        """
        client = self._client
        entity = self._entity
        record = client._send(self._get_raw_call(id))
        return entity._wrap_raw(client, record, entity._spec.record)


class AsyncResources(_ResourcesCore[AsyncPaginator[E]], Generic[E]):
    """A collection of an `AsyncClient`: `list()` gives an `AsyncPaginator`, `get()` is awaited."""

    __slots__ = ()

    _client: AsyncDriver
    _entity: type[E]
    _paginator = AsyncPaginator

    def _wrap(self, record: Any) -> E:
        """The resource object for a record (a generated model) this collection's kind."""
        return self._entity._wrap(self._client, record)

    async def get(self, id: str) -> E:
        """This collection's entity with this URN (one request, awaited).

        Raises:
            InvalidParameter: ``id`` is malformed or of another kind (raised
                before any request).
            NotFound: The platform has no such entity.
        """
        client = self._client
        entity = self._entity
        record = await client._send(self._get_raw_call(id))
        return entity._wrap_raw(client, record, entity._spec.record)
