"""Collections: named groups of entities (usually artifacts), kept as aspects.

A platform has no collection endpoint. A collection is an entity URN (such
as ``urn:ivcap:collection:<uuid>``) carrying one aspect of schema
`COLLECTION_SCHEMA` (``{"name", "description"}``) and one aspect of schema
`COLLECTION_ITEM_SCHEMA` (``{"collection", "item"}``) per member, all about
the collection's URN. IVCAP's own client stores them the same way, so either
client sees the other's collections.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from conveyor_api.api.aspects import list_aspects, retract_aspect
from conveyor_api.models.aspect import Aspect as AspectRecord
from conveyor_api.models.aspect_list import AspectList
from conveyor_api.models.aspect_list_item import AspectListItem
from conveyor_api.types import UNSET

from ._base import AsyncEntity, Entity, ResourceSpec, _Entity, check_urn, entity_id, unset_none
from ._call import Call, Flow, json_model, one
from ._fields import Text, Time
from ._paging import MAX_PAGE_SIZE, AsyncPaginator, Paginator, _Pager, to_datetime
from ._resources import AsyncResources, ListArgs, P, SyncResources, _ResourcesCore
from .errors import InvalidParameter, MalformedResponse, NotFound

__all__ = [
    "COLLECTION_ITEM_SCHEMA",
    "COLLECTION_SCHEMA",
    "AsyncCollection",
    "AsyncCollections",
    "Collection",
    "Collections",
]

COLLECTION_SCHEMA = "urn:ivcap:schema:collection.1"
"""The aspect schema of a collection's definition: ``{"name", "description"}``."""
COLLECTION_ITEM_SCHEMA = "urn:ivcap:schema:collection-item.1"
"""The aspect schema of one membership: ``{"collection", "item"}``."""

CollectionRecord = AspectRecord | AspectListItem


class _Collection(_Entity[CollectionRecord]):
    """A collection, held as the aspect of its definition."""

    __slots__ = ()

    _spec = ResourceSpec(
        kind="collection",
        read=list_aspects,
        record=AspectRecord,
        list=list_aspects,
        item=AspectListItem,
        order_param="order_direction",
        repr=("entity",),
        shown=("name", "description", "asserter", "valid_from", "definition_id"),
        columns=("name", "id", "description"),
    )

    asserter = Text("URN of the principal who defined (or last renamed) the collection.")
    valid_from = Time("When the current definition was recorded.")
    valid_to = Time("When the definition was retracted; ``None`` while the collection exists.")

    @property
    def id(self) -> str:
        """The collection's URN (the entity its aspects are about)."""
        raw = self._raw
        value = raw.get("entity") if raw is not None else unset_none(self._model.entity)
        if not isinstance(value, str):
            raise MalformedResponse(f"a collection definition names no collection: {value!r:.60}")
        return value

    @property
    def definition_id(self) -> str:
        """URN of the aspect holding the definition."""
        raw = self._raw
        return raw["id"] if raw is not None else self._model.id

    @property
    def name(self) -> str | None:
        """The collection's human name."""
        return self._content_text("name")

    @property
    def description(self) -> str | None:
        """What the collection holds."""
        return self._content_text("description")

    def _content_text(self, key: str) -> str | None:
        content = self._get("content")
        values = getattr(content, "additional_properties", content) or {}
        value = values.get(key) if isinstance(values, Mapping) else None
        if value is not None and not isinstance(value, str):
            raise MalformedResponse(f"the collection's {key} is not text: {value!r:.60}")
        return value

    def _read_call(self) -> Call[CollectionRecord]:
        return _definition_call(self.id, None)

    def _refresh_flow(self) -> Flow[None]:
        self._model = yield from _definition_flow(self.id, None)
        self._metadata = None

    # -- membership --------------------------------------------------------------

    def _members_flow(self) -> Flow[dict[str, list[str]]]:
        """Every current member's URN, with the ids of the aspects recording it."""
        pager: _Pager[Any] = _Pager(
            self._client, _items_builder(self.id, None), AspectList, list, None, MAX_PAGE_SIZE
        )
        members: dict[str, list[str]] = {}
        for record in (yield from pager._all_flow()):
            item = _member(record)
            if item is not None:
                members.setdefault(item, []).append(record.id)
        return members

    def _add_flow(self, items: Any, policy: str | None) -> Flow[list[str]]:
        wanted = _urns(items)
        yield from self._refresh_flow()  # NotFound when there is no collection to add to
        present = yield from self._members_flow()
        added: list[str] = []
        aspects = self._client.aspects
        for item in wanted:
            if item in present or item in added:
                continue
            content = {"collection": self.id, "item": item}
            yield from aspects._create_flow(
                self.id, content, COLLECTION_ITEM_SCHEMA, policy, replace=False
            )
            added.append(item)
        return added

    def _remove_flow(self, items: Any) -> Flow[list[str]]:
        wanted = _urns(items)
        present = yield from self._members_flow()
        removed: list[str] = []
        for item in wanted:
            aspects = present.pop(item, None)
            if not aspects:
                continue  # not a member (or removed already): nothing to do, as IVCAP's client
            for aspect in aspects:
                yield from one(Call(retract_aspect.request_args(aspect)))
            removed.append(item)
        return removed

    def _retract_flow(self) -> Flow[int]:
        present = yield from self._members_flow()
        count = 0
        for aspects in present.values():
            for aspect in aspects:
                yield from one(Call(retract_aspect.request_args(aspect)))
                count += 1
        yield from one(Call(retract_aspect.request_args(self.definition_id)))
        yield from self._refresh_flow_after_retract()
        return count + 1

    def _refresh_flow_after_retract(self) -> Flow[None]:
        # The definition is no longer current: read it as it stands, retracted.
        from conveyor_api.api.aspects import read_aspect

        self._model = yield from one(
            Call(read_aspect.request_args(self.definition_id), json_model(AspectRecord))
        )

    def _items_pager(self, at_time: Any, page_size: int | None, limit: int | None) -> Any:
        when = to_datetime(at_time)
        paginator = self._client._paginator
        return paginator(
            self._client,
            _items_builder(self.id, when),
            AspectList,
            _member_urns,
            limit,
            page_size,
            what="member URNs",
        )


def _definition_call(urn: str, when: Any) -> Call[Any]:
    kwargs = list_aspects.request_args(
        entity=urn,
        schema=COLLECTION_SCHEMA,
        include_content=True,
        at_time=UNSET if when is None else when,
        limit=1,
    )
    return Call(kwargs, json_model(AspectList))


def _definition_flow(urn: str, when: Any) -> Flow[AspectListItem]:
    page: AspectList = yield from one(_definition_call(urn, when))
    if not page.items:
        raise NotFound(f"no collection {urn} (no {COLLECTION_SCHEMA} aspect about it)")
    return page.items[0]


def _items_builder(urn: str, when: Any) -> Any:
    def build(token: str | None, size: int) -> dict[str, Any]:
        if token is not None:
            return list_aspects.request_args(page=token, limit=size)
        return list_aspects.request_args(
            entity=urn,
            schema=COLLECTION_ITEM_SCHEMA,
            include_content=True,
            at_time=UNSET if when is None else when,
            limit=size,
        )

    return build


def _member(record: Any) -> str | None:
    content = unset_none(record.content)
    item = None if content is None else content.additional_properties.get("item")
    return item if isinstance(item, str) else None


def _member_urns(records: list[Any]) -> list[str]:
    return [urn for urn in (_member(r) for r in records) if urn is not None]


def _urns(items: Any) -> list[str]:
    """The URNs of ``items``: one entity or URN, or an iterable of them (duplicates dropped)."""
    if isinstance(items, str | _Entity):
        items = [items]
    elif not isinstance(items, Iterable):
        raise InvalidParameter(
            f"items: entities or URNs are needed, not {type(items).__name__}", parameter="items"
        )
    found: list[str] = []
    for item in items:
        urn = entity_id(item, "items")
        if urn not in found:
            found.append(urn)
    return found


class Collection(_Collection, Entity[CollectionRecord]):
    """A named group of entities: ``add()``, ``remove()``, ``items()``, ``retract()``.

    ::

        surveys = client.collections.create("surveys 2026", "Every CTD cast")
        surveys.add([cast1, cast2])
        for urn in surveys.items():
            print(urn)

    A collection passes as an order or job parameter of type ``collection``.
    """

    __slots__ = ()

    def add(self, items: Any, *, policy: str | None = None) -> list[str]:
        """Add entities (objects or URNs) that are not members yet; returns those added.

        Members already present are skipped, so adding again (after an
        interruption, say) never records a member twice.

        Raises:
            NotFound: The collection does not exist (any more). IVCAP's own
                client would record the membership anyway; Conveyor refuses,
                so nothing half-made is left.
        """
        return self._client._run(self._add_flow(items, policy))

    def remove(self, items: Any) -> list[str]:
        """Remove members (objects or URNs); returns those removed, skipping non-members."""
        return self._client._run(self._remove_flow(items))

    def items(
        self, *, at_time: Any = None, page_size: int | None = None, limit: int | None = None
    ) -> Paginator[str]:
        """The members' URNs, paged lazily; ``at_time`` shows the membership at an instant."""
        return self._items_pager(at_time, page_size, limit)  # type: ignore[no-any-return]

    def retract(self) -> int:
        """Retract every membership, then the definition; returns the aspects retracted."""
        return self._client._run(self._retract_flow())


class AsyncCollection(_Collection, AsyncEntity[CollectionRecord]):
    """The asynchronous twin of `Collection`."""

    __slots__ = ()

    async def add(self, items: Any, *, policy: str | None = None) -> list[str]:
        """Add entities that are not members yet (see `Collection.add`)."""
        return await self._client._run(self._add_flow(items, policy))

    async def remove(self, items: Any) -> list[str]:
        """Remove members, skipping non-members (see `Collection.remove`)."""
        return await self._client._run(self._remove_flow(items))

    def items(
        self, *, at_time: Any = None, page_size: int | None = None, limit: int | None = None
    ) -> AsyncPaginator[str]:
        """The members' URNs, for ``async for`` (see `Collection.items`)."""
        return self._items_pager(at_time, page_size, limit)  # type: ignore[no-any-return]

    async def retract(self) -> int:
        """Retract every membership, then the definition (see `Collection.retract`)."""
        return await self._client._run(self._retract_flow())


class _CollectionResources(_ResourcesCore[P]):
    __slots__ = ()

    def _collections_pager(self, name: str | None, args: ListArgs) -> P:
        content_path: Any = UNSET
        if name is not None:
            if not isinstance(name, str) or '"' in name or "\\" in name:
                raise InvalidParameter(
                    "name: plain text without quotes or backslashes is needed", parameter="name"
                )
            content_path = f'$.name ? (@ == "{name}")'
        return self._pager(
            args,
            schema=COLLECTION_SCHEMA,
            include_content=True,
            content_path=content_path,
        )

    def _create_flow(
        self, name: str, description: str | None, urn: str | None, policy: str | None
    ) -> Flow[Any]:
        if not isinstance(name, str) or not name:
            raise InvalidParameter("name: a non-empty name is needed", parameter="name")
        if description is not None and not isinstance(description, str):
            raise InvalidParameter("description: text is needed", parameter="description")
        if urn is None:
            urn = f"urn:ivcap:collection:{uuid.uuid4()}"
        check_urn(urn, "collection", "urn")
        content: dict[str, Any] = {"name": name}
        if description:
            content["description"] = description
        page: AspectList = yield from one(_definition_call(urn, None))
        # As IVCAP's client does: a new definition is added, an existing one replaced.
        record = yield from self._client.aspects._create_flow(
            urn, content, COLLECTION_SCHEMA, policy, replace=bool(page.items)
        )
        return record

    def _get_flow(self, urn: str, at_time: Any) -> Flow[AspectListItem]:
        check_urn(urn, "collection")
        return (yield from _definition_flow(urn, to_datetime(at_time)))


class Collections(_CollectionResources[Paginator[Collection]], SyncResources[Collection]):
    """The platform's collections (``client.collections``)."""

    __slots__ = ()

    _entity = Collection

    def create(
        self,
        name: str,
        description: str | None = None,
        *,
        urn: str | None = None,
        policy: str | None = None,
    ) -> Collection:
        """Define a collection (a new ``urn:ivcap:collection:<uuid>`` unless ``urn`` is given).

        With the URN of an existing collection, its name and description are
        replaced and its members kept.
        """
        return self._wrap(self._client._run(self._create_flow(name, description, urn, policy)))

    def get(self, id: str, *, at_time: Any = None) -> Collection:
        """The collection with this URN (as it was at ``at_time``, if given).

        Raises:
            NotFound: No collection has this URN.
        """
        return self._wrap(self._client._run(self._get_flow(id, at_time)))

    def list(  # type: ignore[override]
        self,
        *,
        name: str | None = None,
        at_time: Any = None,
        page_size: int | None = None,
        limit: int | None = None,
    ) -> Paginator[Collection]:
        """Iterate over the collections (named exactly ``name``, if given), fetching lazily."""
        args = ListArgs(at_time=at_time, page_size=page_size, limit=limit)
        return self._collections_pager(name, args)


class AsyncCollections(
    _CollectionResources[AsyncPaginator[AsyncCollection]], AsyncResources[AsyncCollection]
):
    """The platform's collections (``client.collections`` of an `AsyncClient`)."""

    __slots__ = ()

    _entity = AsyncCollection

    async def create(
        self,
        name: str,
        description: str | None = None,
        *,
        urn: str | None = None,
        policy: str | None = None,
    ) -> AsyncCollection:
        """Define a collection (see `Collections.create`)."""
        record = await self._client._run(self._create_flow(name, description, urn, policy))
        return self._wrap(record)

    async def get(self, id: str, *, at_time: Any = None) -> AsyncCollection:
        """The collection with this URN (see `Collections.get`)."""
        return self._wrap(await self._client._run(self._get_flow(id, at_time)))

    def list(  # type: ignore[override]
        self,
        *,
        name: str | None = None,
        at_time: Any = None,
        page_size: int | None = None,
        limit: int | None = None,
    ) -> AsyncPaginator[AsyncCollection]:
        """Iterate over the collections with ``async for`` (see `Collections.list`)."""
        args = ListArgs(at_time=at_time, page_size=page_size, limit=limit)
        return self._collections_pager(name, args)
