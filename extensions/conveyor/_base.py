"""What every resource has: identity, refresh, metadata, add_metadata, equality and repr.

A resource object wraps the generated model of the record it came from (a full
record from ``get``, or a list item); accessors read the model, so nothing
here touches the network except the methods documented to do so. Each
resource class comes in a sync and an async flavour that differ only in how
they drive the shared flows.
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, Mapping
from types import ModuleType
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Self, TypeVar

from conveyor_api.types import Unset

from ._call import Call, Flow, json_model, one
from ._paging import MAX_PAGE_SIZE, _Pager, aware
from .errors import ConveyorError, InvalidParameter

if TYPE_CHECKING:
    import datetime

    from conveyor_api.models.aspect import Aspect as AspectRecord

    from ._client import AsyncClient, Client
    from .aspect import Aspect, AsyncAspect

M = TypeVar("M")

__all__ = ["AsyncEntity", "Entity", "check_urn", "quote_filter_value"]

_URN = re.compile(r"^urn:[A-Za-z0-9][A-Za-z0-9-]{0,31}:\S+$")


def check_urn(value: Any, kind: str | None = None, parameter: str = "id") -> str:
    """``value`` if it is a URN (of ``kind`` when it is an ``urn:ivcap:`` one).

    Raises:
        InvalidParameter: Not a string, not a URN, or an IVCAP URN of another
            kind; raised before any request is sent.
    """
    if not isinstance(value, str) or not _URN.match(value):
        raise InvalidParameter(
            f"{parameter}: not a URN such as 'urn:ivcap:{kind or 'artifact'}:<uuid>': {value!r}",
            parameter=parameter,
            value=value,
        )
    if kind is not None and value.startswith("urn:ivcap:"):
        found = value.split(":", 3)[2]
        if found != kind:
            raise InvalidParameter(
                f"{parameter}: expected an {kind} URN, got an {found} URN: {value!r}",
                parameter=parameter,
                value=value,
            )
    return value


def quote_filter_value(value: str) -> str:
    """``value`` as a filter string literal: single quotes, inner quotes doubled.

    >>> quote_filter_value("O'Brien")
    "'O''Brien'"
    """
    return "'" + value.replace("'", "''") + "'"


def entity_id(entity: Any, parameter: str = "entity") -> str:
    """The URN of a resource object, or the URN string given."""
    if isinstance(entity, _Entity):
        return entity.id
    return check_urn(entity, None, parameter)


def unset_none(value: Any) -> Any:
    """``None`` for the generated models' ``UNSET``, the value otherwise."""
    return None if isinstance(value, Unset) else value


_FIELDS: dict[tuple[Any, str], tuple[str | None, Any]] = {}

# What a value of each declared field type must be. The generated models copy
# such JSON values without checking them, so the accessors check instead: a
# wrong shape is then a `MalformedResponse`, not a TypeError far from its cause.
_SHAPES: dict[str, tuple[type[Any], type[Any] | None]] = {
    "str": (str, None),
    "int": (int, None),
    "bool": (bool, None),
    "list[str]": (list, str),
}


def _field(model: Any, name: str) -> tuple[str | None, Any]:
    """``model``'s field ``name``: its JSON key if plain text, and the shape its value needs.

    Generated models copy plain text fields (``str`` or ``str | Unset``, wire
    names in kebab-case) from the JSON as they are, so reading the key
    directly gives what the parsed model would. The shape is ``(type,
    element type)``, or ``None`` when the model itself parses the value
    (datetimes, nested models).
    """
    try:
        return _FIELDS[model, name]
    except KeyError:
        pass
    import attrs

    field = attrs.fields_dict(model).get(name)
    # The models use postponed annotations, so field types are their source text.
    annotation = field.type if field is not None and isinstance(field.type, str) else ""
    declared = annotation.removesuffix(" | Unset")
    if declared.endswith(" | str"):  # an open enum: a known member or any text
        declared = "str"
    if declared.startswith("list[") and declared != "list[str]":
        shape: Any = (list, None)
    else:
        shape = _SHAPES.get(declared)
    key = name.replace("_", "-") if annotation in ("str", "str | Unset") else None
    _FIELDS[model, name] = found = (key, shape)
    return found


def _fits(value: Any, shape: tuple[type[Any], type[Any] | None]) -> bool:
    kind, element = shape
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        return False
    return element is None or all(isinstance(item, element) for item in value)


def _short_repr(value: Any, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


class _Entity(Generic[M]):
    """The shared logic of every resource; `Entity` and `AsyncEntity` drive it."""

    __slots__ = ("_client", "_item_model", "_metadata", "_raw", "_record")

    _kind: ClassVar[str] = "entity"
    _repr_fields: ClassVar[tuple[str, ...]] = ()
    # How one full record is read: the generated read operation and its model.
    _read_module: ModuleType
    _record_model: type[Any]

    _client: Any
    _record: M | None
    _raw: dict[str, Any] | None
    _item_model: Any
    _metadata: list[AspectRecord] | None

    def __init__(self, client: Any, model: M) -> None:
        self._client = client
        self._record = model
        self._raw = None
        self._metadata = None

    @classmethod
    def _wrap(cls, client: Any, model: Any) -> Self:
        # Skips __init__'s call overhead: lists wrap thousands of items.
        obj = object.__new__(cls)
        obj._client = client
        obj._record = model
        obj._raw = None
        obj._metadata = None
        return obj

    @classmethod
    def _wrap_raw(cls, client: Any, raw: dict[str, Any], item_model: Any) -> Self:
        """Wrap a list item still in JSON form; it is parsed on first use.

        Paging 10,000 items then costs no model parsing for fields never read.
        The page already checked that every item is an object with an ``id``.
        """
        obj = object.__new__(cls)
        obj._client = client
        obj._record = None
        obj._raw = raw
        obj._item_model = item_model
        obj._metadata = None
        return obj

    @property
    def _model(self) -> M:
        record = self._record
        if record is None:
            record = self._parse_raw()
        return record

    @_model.setter
    def _model(self, value: M) -> None:
        self._record = value
        self._raw = None

    def _parse_raw(self) -> M:
        from .errors import MalformedResponse

        try:
            record: M = self._item_model.from_dict(self._raw)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            detail = self._redacted(f"{type(exc).__name__}: {exc}")
            raise MalformedResponse(
                f"a listed {self._kind} does not match the contract: {detail}"
            ) from None
        self._record = record
        self._raw = None
        return record

    @property
    def id(self) -> str:
        """The entity's URN, such as ``urn:ivcap:artifact:<uuid>``."""
        raw = self._raw
        if raw is not None:
            return raw["id"]  # type: ignore[no-any-return]
        return self._model.id  # type: ignore[attr-defined, no-any-return]

    @property
    def _is_full(self) -> bool:
        """Whether this object holds a full record (not a list item), without parsing it."""
        if self._raw is not None:
            return self._item_model is self._record_model
        return isinstance(self._record, self._record_model)

    @property
    def record(self) -> M:
        """The generated model this object was last read from (a full record or a list item)."""
        return self._model

    def __eq__(self, other: object) -> bool:
        if isinstance(other, _Entity):
            return self._kind == other._kind and self.id == other.id
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self._kind, self.id))

    def __repr__(self) -> str:
        parts = [f"<{type(self).__name__} {self.id}"]
        try:
            model = self._model
        except ConveyorError:
            # A list item whose JSON does not parse: repr is for debugging, so it
            # must not raise; the fields show once a refresh() gets a good record.
            return f"<{type(self).__name__} {self.id} (record unreadable)>"
        for name in self._repr_fields:
            value = unset_none(getattr(model, name, None))
            if isinstance(value, str):  # str() first: enum members show their value
                parts.append(f"{name}={str(value)!r}")
            elif value is not None:
                parts.append(f"{name}={value!r}")
        return " ".join(parts) + ">"

    def describe(self) -> str:
        """A human summary of the entity as last read (no request); shows as text in a REPL."""
        from ._display import describe

        return describe(self)

    def _repr_html_(self) -> str | None:
        from ._display import entity_html

        try:
            return entity_html(self)
        except ConveyorError:
            return None  # Jupyter then shows repr(), which never raises

    def _get(self, name: str) -> Any:
        """The field ``name`` as last read (``None`` when absent), checked against the contract.

        Raises:
            MalformedResponse: The value is not of the field's declared type.
        """
        raw = self._raw
        if raw is not None:
            # A text field of a still-unparsed list item reads straight from the JSON:
            # the generated model would copy it unchanged, and reading one field of
            # each of thousands of items then costs no whole-item parse.
            key, shape = _field(self._item_model, name)
            if key is not None and key in raw:
                value = raw[key]
                if value is None or type(value) is str:
                    return value
                return self._misshapen(name, value)
        model = self._model
        value = unset_none(getattr(model, name, None))
        if value is None:
            return None
        key, shape = _field(type(model), name)
        if shape is None or _fits(value, shape):
            return value
        return self._misshapen(name, value)

    def _misshapen(self, name: str, value: Any) -> Any:
        from .errors import MalformedResponse

        raise MalformedResponse(
            f"the {self._kind}'s {name} does not match the contract: "
            + self._redacted(_short_repr(value))
        )

    def _redacted(self, text: str) -> str:
        """``text`` (quoting the platform's answer) without the client's token."""
        from ._call import redact_secret

        return redact_secret(text, getattr(self._client, "_token", None))

    def _time(self, name: str) -> datetime.datetime | None:
        return aware(unset_none(getattr(self._model, name, None)))

    # -- flows ------------------------------------------------------------------

    def _read_call(self) -> Call[M]:
        return Call(self._read_module._get_kwargs(self.id), json_model(self._record_model))

    def _refresh_flow(self) -> Flow[None]:
        self._model = yield from one(self._read_call())
        self._metadata = None

    def _full_record_flow(self) -> Flow[None]:
        """Read the full record if this object holds only a list item (which lacks fields)."""
        if not self._is_full:
            yield from self._refresh_flow()

    def _metadata_flow(self) -> Flow[list[AspectRecord]]:
        if self._metadata is None:
            self._metadata = yield from _aspect_pager(self._client, self.id)._all_flow()
        return self._metadata

    def _add_metadata_flow(
        self, content: Mapping[str, Any], schema: str | None, policy: str | None
    ) -> Flow[AspectRecord]:
        record = yield from create_aspect_flow(self.id, content, schema, policy, replace=False)
        self._metadata = None
        return record


def _aspect_pager(client: Any, entity: str) -> _Pager[AspectRecord]:
    from conveyor_api.api.aspects import list_aspects
    from conveyor_api.models.aspect_list import AspectList

    def build(token: str | None, size: int) -> dict[str, Any]:
        if token is not None:
            return list_aspects._get_kwargs(page=token, limit=size)
        return list_aspects._get_kwargs(entity=entity, include_content=True, limit=size)

    return _Pager(client, build, AspectList, _identity, None, MAX_PAGE_SIZE)


def _identity(item: Any) -> Any:
    return item


def create_aspect_flow(
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
    from conveyor_api.api.aspects import create_aspect, read_aspect, update_aspect
    from conveyor_api.models.aspect import Aspect as AspectRecord
    from conveyor_api.models.aspect_content import AspectContent
    from conveyor_api.models.aspect_id_result import AspectIdResult
    from conveyor_api.types import UNSET

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
    body = AspectContent.from_dict(content)
    operation = update_aspect if replace else create_aspect
    kwargs = operation._get_kwargs(
        body=body, entity=entity, schema=schema, policy=UNSET if policy is None else policy
    )
    result = yield from one(
        Call(kwargs, json_model(AspectIdResult), retry="default" if replace else "create")
    )
    record = yield from one(Call(read_aspect._get_kwargs(result.id), json_model(AspectRecord)))
    return record


class Entity(_Entity[M]):
    """The sync side of a resource: `refresh()`, `metadata`, `add_metadata()`."""

    __slots__ = ()

    _client: Client

    def refresh(self) -> Self:
        """Read the full record again from the platform; returns ``self``."""
        self._client._run(self._refresh_flow())
        return self

    @property
    def metadata(self) -> list[Aspect]:
        """The current aspects about this entity (read once, then cached until `refresh()`)."""
        from .aspect import Aspect

        client = self._client
        return [Aspect._wrap(client, record) for record in client._run(self._metadata_flow())]

    def add_metadata(
        self, content: Mapping[str, Any], schema: str | None = None, policy: str | None = None
    ) -> Aspect:
        """Attach an aspect (a JSON metadata record) to this entity.

        Args:
            content: A JSON object; by convention it carries its own ``$schema``.
            schema: The aspect's schema URN; by default ``content["$schema"]``.
            policy: URN of the policy governing who sees the aspect.

        Returns:
            The new `Aspect`, as the platform recorded it.

        Raises:
            InvalidParameter: No schema given and none in the content, or
                content that is not a JSON object (before any request).
        """
        from .aspect import Aspect

        record = self._client._run(self._add_metadata_flow(content, schema, policy))
        return Aspect._wrap(self._client, record)


class AsyncEntity(_Entity[M]):
    """The async side of a resource: awaited `refresh()`, `metadata`, `add_metadata()`."""

    __slots__ = ()

    _client: AsyncClient

    async def refresh(self) -> Self:
        """Read the full record again from the platform; returns ``self``."""
        await self._client._run(self._refresh_flow())
        return self

    @property
    def metadata(self) -> Awaitable[list[AsyncAspect]]:
        """The current aspects about this entity; ``await obj.metadata``."""
        return self._metadata_async()

    async def _metadata_async(self) -> list[AsyncAspect]:
        from .aspect import AsyncAspect

        client = self._client
        records = await client._run(self._metadata_flow())
        return [AsyncAspect._wrap(client, record) for record in records]

    async def add_metadata(
        self, content: Mapping[str, Any], schema: str | None = None, policy: str | None = None
    ) -> AsyncAspect:
        """Attach an aspect; returns the new `AsyncAspect` (see `Entity.add_metadata`)."""
        from .aspect import AsyncAspect

        record = await self._client._run(self._add_metadata_flow(content, schema, policy))
        return AsyncAspect._wrap(self._client, record)


Wrap = Callable[[Any, Any], Any]
