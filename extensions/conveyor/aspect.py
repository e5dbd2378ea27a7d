"""Aspects: typed JSON metadata records about any entity, never edited in place."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from conveyor_api.api.aspects import (
    create_aspect,
    list_aspects,
    read_aspect,
    retract_aspect,
    update_aspect,
)
from conveyor_api.models.aspect import Aspect as AspectRecord
from conveyor_api.models.aspect_content import AspectContent
from conveyor_api.models.aspect_id_result import AspectIdResult
from conveyor_api.models.aspect_list import AspectList
from conveyor_api.models.aspect_list_item import AspectListItem
from conveyor_api.models.list_aspects_order_direction import ListAspectsOrderDirection
from conveyor_api.types import UNSET

from ._base import AsyncEntity, Entity, ResourceSpec, _Entity, check_urn, entity_id
from ._call import Call, Flow, json_model, one
from ._fields import Json, Text, Time
from ._paging import MAX_PAGE_SIZE, AsyncPaginator, Paginator, _Pager, to_datetime
from ._resources import AsyncResources, ListArgs, P, SyncResources, _ResourcesCore
from .errors import InvalidParameter

__all__ = ["Aspect", "Aspects", "AsyncAspect", "AsyncAspects"]

AspectRecordLike = AspectRecord | AspectListItem


class _Aspect(_Entity[AspectRecordLike]):
    __slots__ = ()

    _spec = ResourceSpec(
        kind="aspect",
        read=read_aspect,
        record=AspectRecord,
        list=list_aspects,
        item=AspectListItem,
        order_param="order_direction",
        repr=("schema", "entity"),
        shown=("entity", "schema", "content", "valid_from", "valid_to", "asserter", "replaces"),
        columns=("schema", "id", "entity", "valid_from"),
        title="schema",
    )

    entity = Text("URN of the entity the aspect is about.")
    schema = Text("URN of the aspect's schema.")
    content = Json("The JSON content (``None`` for list items fetched without content).")
    content_type = Text("Media type of the content.")
    valid_from = Time("When the aspect became current.")
    valid_to = Time("When it was replaced or retracted; ``None`` while current.")
    asserter = Text("URN of the principal who added it.")
    retracter = Text("URN of the principal who retracted it.")
    replaces = Text("URN of the aspect this one replaced.")
    account = Text("URN of the owning account.")
    policy = Text("URN of the governing policy.")

    @property
    def is_current(self) -> bool:
        """Whether the aspect is still current (as last read)."""
        return self.valid_to is None

    def _retract_flow(self) -> Flow[None]:
        yield from _retract_flow(self.id)
        yield from self._refresh_flow()


def _retract_flow(id: str) -> Flow[None]:
    check_urn(id, "aspect")
    yield from one(Call(retract_aspect.request_args(id)))


class Aspect(_Aspect, Entity[AspectRecordLike]):
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


class AsyncAspect(_Aspect, AsyncEntity[AspectRecordLike]):
    """The asynchronous twin of `Aspect`."""

    __slots__ = ()

    async def retract(self) -> AsyncAspect:
        """End this aspect's validity now; returns ``self`` re-read."""
        await self._client._run(self._retract_flow())
        return self


class _AspectCollection(_ResourcesCore[P]):
    __slots__ = ()

    def _about_flow(self, entity: str, schema: str | None = None) -> Flow[list[AspectRecord]]:
        """Every current aspect about ``entity`` (of ``schema``, when given), with its content."""
        of_schema = UNSET if schema is None else schema

        def build(token: str | None, size: int) -> dict[str, Any]:
            if token is not None:
                return list_aspects.request_args(page=token, limit=size)
            return list_aspects.request_args(
                entity=entity, schema=of_schema, include_content=True, limit=size
            )

        pager: _Pager[AspectRecord] = _Pager(
            self._client, build, AspectList, list, None, MAX_PAGE_SIZE
        )
        return (yield from pager._all_flow())

    def _create_flow(
        self,
        entity: str,
        content: Mapping[str, Any],
        schema: str | None,
        policy: str | None,
        *,
        replace: bool,
    ) -> Flow[AspectRecord]:
        """Add (or, with ``replace``, replace) an aspect and read back its full record.

        The schema defaults to ``content["$schema"]``; without either, or with
        content that is not a JSON object, `InvalidParameter` is raised before
        any request.
        """
        if not isinstance(content, Mapping):
            raise InvalidParameter(
                f"content: a JSON object (a mapping) is needed, not {type(content).__name__}",
                parameter="content",
                value=content,
            )
        if schema is None:
            schema = content.get("$schema")
            if schema is None:
                raise InvalidParameter(
                    "schema: give schema= or put a '$schema' key in the content",
                    parameter="schema",
                )
        if not isinstance(schema, str) or not schema:
            raise InvalidParameter("schema: must be a non-empty string", parameter="schema")
        try:
            json.dumps(content, allow_nan=False)
        except (TypeError, ValueError) as exc:
            raise InvalidParameter(
                f"content: not JSON-serialisable: {exc}", parameter="content"
            ) from None
        operation = update_aspect if replace else create_aspect
        kwargs = operation.request_args(
            body=AspectContent.from_dict(content),
            entity=entity,
            schema=schema,
            policy=UNSET if policy is None else policy,
        )
        result = yield from one(
            Call(kwargs, json_model(AspectIdResult), retry="default" if replace else "create")
        )
        # The platform named the new aspect: read it back as it answered, unchecked.
        read = Call(read_aspect.request_args(result.id), json_model(AspectRecord))
        record: AspectRecord = yield from one(read)
        return record

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
            descending: Sort direction (``None``: ascending when ``order_by`` is given).
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


class Aspects(_AspectCollection[Paginator[Aspect]], SyncResources[Aspect]):
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
        flow = self._create_flow(entity_id(entity), content, schema, policy, replace=False)
        return self._wrap(self._client._run(flow))

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
        flow = self._create_flow(entity_id(entity), content, schema, policy, replace=True)
        return self._wrap(self._client._run(flow))

    def retract(self, id: str) -> None:
        """End the validity of the aspect with this URN."""
        self._client._run(_retract_flow(id))


class AsyncAspects(_AspectCollection[AsyncPaginator[AsyncAspect]], AsyncResources[AsyncAspect]):
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
        flow = self._create_flow(entity_id(entity), content, schema, policy, replace=False)
        return self._wrap(await self._client._run(flow))

    async def update(
        self,
        entity: Any,
        content: Mapping[str, Any],
        schema: str | None = None,
        policy: str | None = None,
    ) -> AsyncAspect:
        """Replace the current aspect of ``schema`` about ``entity``."""
        flow = self._create_flow(entity_id(entity), content, schema, policy, replace=True)
        return self._wrap(await self._client._run(flow))

    async def retract(self, id: str) -> None:
        """End the validity of the aspect with this URN."""
        await self._client._run(_retract_flow(id))
