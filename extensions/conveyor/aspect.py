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
from ._call import Call, Flow, json_entity, json_model, one
from ._paging import AsyncPaginator, Paginator, _Pager, to_datetime

if TYPE_CHECKING:
    import datetime

    from ._client import AsyncClient, Client

__all__ = ["Aspect", "Aspects", "AsyncAspect", "AsyncAspects"]

AspectRecordLike = AspectRecord | AspectListItem


class _AspectCore(_Entity[AspectRecordLike]):
    __slots__ = ()

    _kind = "aspect"
    _repr_fields = ("schema", "entity")

    def _read_call(self) -> Call[AspectRecordLike]:
        return Call(read_aspect._get_kwargs(self.id), json_model(AspectRecord))

    @property
    def entity(self) -> str:
        """URN of the entity the aspect is about."""
        return self._model.entity

    @property
    def schema(self) -> str:
        """URN of the aspect's schema."""
        return self._model.schema

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


class _AspectsCore:
    __slots__ = ("_client",)

    def __init__(self, client: Any) -> None:
        self._client = client

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._client!r}>"

    def _pager(
        self,
        cls: type[_AspectCore],
        paginator: type[_Pager[Any]],
        entity: Any,
        schema: str | None,
        content_path: str | None,
        at_time: Any,
        include_content: bool,
        filter: str | None,
        order_by: str | None,
        descending: bool | None,
        page_size: int | None,
        limit: int | None,
    ) -> _Pager[Any]:
        client = self._client
        wrap_raw = cls._wrap_raw
        when = to_datetime(at_time)
        first: dict[str, Any] = {
            "entity": UNSET if entity is None else entity_id(entity),
            "schema": UNSET if schema is None else schema,
            "content_path": UNSET if content_path is None else content_path,
            "at_time": UNSET if when is None else when,
            "include_content": include_content,
            "filter_": UNSET if filter is None else filter,
            "order_by": UNSET if order_by is None else order_by,
            "order_direction": UNSET
            if descending is None
            else (ListAspectsOrderDirection.DESC if descending else ListAspectsOrderDirection.ASC),
        }

        def build(token: str | None, size: int) -> dict[str, Any]:
            if token is not None:
                return list_aspects._get_kwargs(page=token, limit=size)
            return list_aspects._get_kwargs(limit=size, **first)

        return paginator(
            client,
            build,
            AspectListItem,
            lambda raw: wrap_raw(client, raw, AspectListItem),
            limit,
            page_size,
            lazy=True,
        )

    def _get_call(self, id: str) -> Call[AspectRecord]:
        check_urn(id, "aspect")
        return Call(read_aspect._get_kwargs(id), json_model(AspectRecord))

    def _get_raw_call(self, id: str) -> Call[dict[str, Any]]:
        check_urn(id, "aspect")
        return Call(read_aspect._get_kwargs(id), json_entity)


class Aspects(_AspectsCore):
    """Aspects, the platform's metadata records (``client.aspects``)."""

    __slots__ = ()

    _client: Client

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
    ) -> Paginator[Aspect]:
        """Iterate over aspects, fetching pages lazily.

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
        return self._pager(  # type: ignore[return-value]
            Aspect,
            Paginator,
            entity,
            schema,
            content_path,
            at_time,
            include_content,
            filter,
            order_by,
            descending,
            page_size,
            limit,
        )

    def get(self, id: str) -> Aspect:
        """The aspect with this URN."""
        record = self._client._send(self._get_raw_call(id))
        return Aspect._wrap_raw(self._client, record, AspectRecord)

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


class AsyncAspects(_AspectsCore):
    """Aspects (``client.aspects`` of an `AsyncClient`)."""

    __slots__ = ()

    _client: AsyncClient

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
    ) -> AsyncPaginator[AsyncAspect]:
        """Iterate (``async for``) over aspects; see `Aspects.list`."""
        return self._pager(  # type: ignore[return-value]
            AsyncAspect,
            AsyncPaginator,
            entity,
            schema,
            content_path,
            at_time,
            include_content,
            filter,
            order_by,
            descending,
            page_size,
            limit,
        )

    async def get(self, id: str) -> AsyncAspect:
        """The aspect with this URN."""
        record = await self._client._send(self._get_raw_call(id))
        return AsyncAspect._wrap_raw(self._client, record, AspectRecord)

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
