"""Aspects: typed JSON metadata records about any entity, never edited in place."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from conveyor_api.api.aspects import list_aspects, read_aspect, retract_aspect
from conveyor_api.models.aspect import Aspect as AspectRecord
from conveyor_api.models.aspect_list_item import AspectListItem
from conveyor_api.models.list_aspects_order_direction import ListAspectsOrderDirection
from conveyor_api.types import UNSET

from ._base import AsyncEntity, Entity, _Entity, check_urn, create_aspect_flow, entity_id
from ._call import Call, Flow, one
from ._collection import AsyncCollection, ListArgs, P, SyncCollection, _CollectionCore
from ._paging import AsyncPaginator, Paginator, to_datetime

if TYPE_CHECKING:
    import datetime

__all__ = ["Aspect", "Aspects", "AsyncAspect", "AsyncAspects"]

AspectRecordLike = AspectRecord | AspectListItem


class _AspectCore(_Entity[AspectRecordLike]):
    __slots__ = ()

    _kind = "aspect"
    _read_module = read_aspect
    _record_model = AspectRecord
    _repr_fields = ("schema", "entity")

    @property
    def entity(self) -> str:
        """URN of the entity the aspect is about."""
        return self._get("entity")  # type: ignore[no-any-return]

    @property
    def schema(self) -> str:
        """URN of the aspect's schema."""
        return self._get("schema")  # type: ignore[no-any-return]

    @property
    def content(self) -> dict[str, Any] | None:
        """The JSON content (``None`` for list items fetched without content)."""
        content = self._get("content")
        return None if content is None else dict(content.additional_properties)

    @property
    def content_type(self) -> str | None:
        """Media type of the content."""
        return self._get("content_type")  # type: ignore[no-any-return]

    @property
    def valid_from(self) -> datetime.datetime | None:
        """When the aspect became current."""
        return self._time("valid_from")

    @property
    def valid_to(self) -> datetime.datetime | None:
        """When it was replaced or retracted; ``None`` while current."""
        return self._time("valid_to")

    @property
    def is_current(self) -> bool:
        """Whether the aspect is still current (as last read)."""
        return self.valid_to is None

    @property
    def asserter(self) -> str | None:
        """URN of the principal who added it."""
        return self._get("asserter")  # type: ignore[no-any-return]

    @property
    def retracter(self) -> str | None:
        """URN of the principal who retracted it."""
        return self._get("retracter")  # type: ignore[no-any-return]

    @property
    def replaces(self) -> str | None:
        """URN of the aspect this one replaced."""
        return self._get("replaces")  # type: ignore[no-any-return]

    @property
    def account(self) -> str | None:
        """URN of the owning account."""
        return self._get("account")  # type: ignore[no-any-return]

    @property
    def policy(self) -> str | None:
        """URN of the governing policy."""
        return self._get("policy")  # type: ignore[no-any-return]

    def _retract_flow(self) -> Flow[None]:
        yield from _retract_flow(self.id)
        yield from self._refresh_flow()


def _retract_flow(id: str) -> Flow[None]:
    check_urn(id, "aspect")
    yield from one(Call(retract_aspect._get_kwargs(id)))


class Aspect(_AspectCore, Entity[AspectRecordLike]):
    """A metadata record about an entity: its ``schema`` says what the ``content`` means.

    Aspects are never edited in place: `Aspects.update()` adds a replacement
    and `retract()` ends one's validity; past states stay queryable with
    ``at_time``.
    """

    __slots__ = ()

    def retract(self) -> Aspect:
        """End this aspect's validity now; returns ``self`` re-read (``valid_to`` set)."""
        self._client._run(self._retract_flow())
        return self


class AsyncAspect(_AspectCore, AsyncEntity[AspectRecordLike]):
    """The asynchronous twin of `Aspect`."""

    __slots__ = ()

    async def retract(self) -> AsyncAspect:
        """End this aspect's validity now; returns ``self`` re-read."""
        await self._client._run(self._retract_flow())
        return self


class _AspectsCore(_CollectionCore[P]):
    __slots__ = ()

    _list_module = list_aspects
    _item_model = AspectListItem
    _order_param = "order_direction"

    def list(
        self,
        *,
        entity: Any = None,
        schema: str | None = None,
        content_path: str | None = None,
        at_time: Any = None,
        include_content: bool = True,
        filter: str | None = None,
        order_by: str | None = None,
        descending: bool | None = None,
        page_size: int | None = None,
        limit: int | None = None,
    ) -> P:
        """Iterate over aspects, fetching pages lazily (``async for`` on an `AsyncClient`).

        Args:
            entity: Only aspects about this entity (a resource object or URN).
            schema: Only aspects whose schema matches (``%`` is a wildcard).
            content_path: A JSONPath the content must match.
            at_time: The aspects valid at this instant instead of now.
            include_content: Include each aspect's content (default ``True``).
            filter: A filter expression.
            order_by: Comma-separated fields to sort by.
            descending: Sort direction (the platform's default when ``None``).
            page_size: Items per request (1-50, default 50).
            limit: Most items to yield in all.
        """
        when = to_datetime(at_time)  # checked before ``entity``, as it always was
        direction = None
        if descending is not None:
            direction = (
                ListAspectsOrderDirection.DESC if descending else ListAspectsOrderDirection.ASC
            )
        return self._pager(
            ListArgs(filter, order_by, direction, when, page_size, limit),
            entity=UNSET if entity is None else entity_id(entity),
            schema=UNSET if schema is None else schema,
            content_path=UNSET if content_path is None else content_path,
            include_content=include_content,
        )


class Aspects(_AspectsCore[Paginator[Aspect]], SyncCollection[Aspect]):
    """Aspects, the platform's metadata records (``client.aspects``)."""

    __slots__ = ()

    _entity = Aspect

    def create(
        self,
        entity: Any,
        content: Mapping[str, Any],
        schema: str | None = None,
        policy: str | None = None,
    ) -> Aspect:
        """Add an aspect about ``entity`` (same as ``entity.add_metadata(...)``).

        The schema defaults to ``content["$schema"]``; `InvalidParameter`
        when there is neither (before any request).
        """
        flow = create_aspect_flow(entity_id(entity), content, schema, policy, replace=False)
        return Aspect._wrap(self._client, self._client._run(flow))

    def update(
        self,
        entity: Any,
        content: Mapping[str, Any],
        schema: str | None = None,
        policy: str | None = None,
    ) -> Aspect:
        """Replace the current aspect of ``schema`` about ``entity`` with new content.

        The replaced aspect is retracted; the new one's ``replaces`` names it.
        """
        flow = create_aspect_flow(entity_id(entity), content, schema, policy, replace=True)
        return Aspect._wrap(self._client, self._client._run(flow))

    def retract(self, id: str) -> None:
        """End the validity of the aspect with this URN."""
        self._client._run(_retract_flow(id))


class AsyncAspects(_AspectsCore[AsyncPaginator[AsyncAspect]], AsyncCollection[AsyncAspect]):
    """Aspects (``client.aspects`` of an `AsyncClient`)."""

    __slots__ = ()

    _entity = AsyncAspect

    async def create(
        self,
        entity: Any,
        content: Mapping[str, Any],
        schema: str | None = None,
        policy: str | None = None,
    ) -> AsyncAspect:
        """Add an aspect about ``entity``."""
        flow = create_aspect_flow(entity_id(entity), content, schema, policy, replace=False)
        return AsyncAspect._wrap(self._client, await self._client._run(flow))

    async def update(
        self,
        entity: Any,
        content: Mapping[str, Any],
        schema: str | None = None,
        policy: str | None = None,
    ) -> AsyncAspect:
        """Replace the current aspect of ``schema`` about ``entity``."""
        flow = create_aspect_flow(entity_id(entity), content, schema, policy, replace=True)
        return AsyncAspect._wrap(self._client, await self._client._run(flow))

    async def retract(self, id: str) -> None:
        """End the validity of the aspect with this URN."""
        await self._client._run(_retract_flow(id))
