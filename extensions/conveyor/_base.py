"""What every resource has: its declaration, identity, refresh, metadata, equality and repr.

A resource is declared as data: a `ResourceSpec` (its URN kind, the generated
operations and models that serve it, how people see it) and typed `Field`
descriptors (`conveyor._fields`) on its shared core class. The sync and async
classes add only how they drive the shared flows, and the collections
(`conveyor._resources`) read the same declaration to list and get.

A resource object wraps the generated model of the record it came from (a full
record from ``get``, or a list item, kept as JSON until a field needs the
model); fields read that record, so nothing here touches the network except
the methods documented to do so. A resource reaches another kind of resource
through its client (``self._client.aspects``), never by importing its module,
so imports run one way: mechanisms, this base, the resources, the clients.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Self, TypeVar

from conveyor_api.types import Unset

from ._call import Call, Flow, json_model, one, redact_secret
from ._fields import Field, fits, json_key, shape_of
from .errors import ConveyorError, InvalidParameter, MalformedResponse

if TYPE_CHECKING:
    from conveyor_api.models.aspect import Aspect as AspectRecord

    from ._client import AsyncClient, Client
    from ._display import Description
    from .aspect import Aspect, AsyncAspect

M = TypeVar("M")

__all__ = [
    "AsyncEntity",
    "Entity",
    "ResourceSpec",
    "check_urn",
    "entity_id",
    "quote_filter_value",
    "unset_none",
]

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


def entity_id(entity: Any, parameter: str = "entity", kind: str | None = None) -> str:
    """The URN of a resource object, or the URN string given (of ``kind``, when given).

    Raises:
        InvalidParameter: Not a resource object or a URN, or one of another
            kind than ``kind`` (before any request).
    """
    if isinstance(entity, _Entity):
        if kind is not None and entity._kind != kind:
            article = "an" if entity._kind[:1] in "aeiou" else "a"
            raise InvalidParameter(
                f"{parameter}: expected a {kind}, not {article} {entity._kind}: {entity.id}",
                parameter=parameter,
                value=entity.id,
            )
        return entity.id
    return check_urn(entity, kind, parameter)


def unset_none(value: Any) -> Any:
    """``None`` for the generated models' ``UNSET``, the value otherwise."""
    return None if isinstance(value, Unset) else value


@dataclass(frozen=True, slots=True)
class ResourceSpec:
    """How the platform serves one kind of resource, and how people see it.

    Attributes:
        kind: The URN kind (``artifact`` in ``urn:ivcap:artifact:...``).
        read: The generated module of the operation that reads one record.
        record: The generated model of a full record.
        list: The generated module of the list operation (``None``: not listable).
        item: The generated model of a list item.
        order_param: The list operation's sort-direction argument.
        repr: Fields ``repr()`` shows after the URN.
        shown: Fields (or other attributes) ``describe()``, notebooks and
            ``--output json`` show, in order, after ``id``.
        sections: Shown attributes that ``describe()`` renders as sections
            after the fields (`_Entity._extra_lines`), not as one-line rows.
        columns: A listing's table columns.
        title: The field naming the entity in ``describe()``.
    """

    kind: str
    read: ModuleType
    record: type[Any]
    list: ModuleType | None = None
    item: type[Any] | None = None
    order_param: str = "order_desc"
    repr: tuple[str, ...] = ("name",)
    shown: tuple[str, ...] = ("name",)
    sections: tuple[str, ...] = ()
    columns: tuple[str, ...] = ("name", "id")
    title: str = "name"


def _short_repr(value: Any, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


class _Entity(Generic[M]):
    """The shared logic of every resource; `Entity` and `AsyncEntity` drive it."""

    __slots__ = ("_client", "_item_model", "_metadata", "_raw", "_record")

    _spec: ClassVar[ResourceSpec]
    _kind: ClassVar[str] = "entity"
    _fields: ClassVar[dict[str, Field[Any]]] = {}

    _client: Any
    _record: M | None
    _raw: dict[str, Any] | None
    _item_model: Any
    _metadata: list[AspectRecord] | None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        spec = cls.__dict__.get("_spec")
        if spec is not None:
            cls._kind = spec.kind
        fields: dict[str, Field[Any]] = {}
        for klass in reversed(cls.__mro__):
            fields.update((k, v) for k, v in vars(klass).items() if isinstance(v, Field))
        cls._fields = fields

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
        """Wrap a record still in JSON form; it is parsed on first use.

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

    @classmethod
    def _wrap_raws(cls, client: Any, raws: list[dict[str, Any]], item_model: Any) -> list[Self]:
        """`_wrap_raw` for a whole page of records, in one loop (lists wrap thousands)."""
        new = object.__new__
        wrapped: list[Self] = []
        append = wrapped.append
        for raw in raws:
            obj = new(cls)
            obj._client = client
            obj._record = None
            obj._raw = raw
            obj._item_model = item_model
            obj._metadata = None
            append(obj)
        return wrapped

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
        record_model = self._spec.record
        if self._raw is not None:
            return self._item_model is record_model
        return isinstance(self._record, record_model)

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
        for name in self._spec.repr:
            value = unset_none(getattr(model, name, None))
            if isinstance(value, str):  # str() first: enum members show their value
                parts.append(f"{name}={str(value)!r}")
            elif value is not None:
                parts.append(f"{name}={value!r}")
        return " ".join(parts) + ">"

    # -- how people see it (read by conveyor._display) ---------------------------

    def describe(self) -> Description:
        """A human summary of the entity as last read (no request); shows as text in a REPL."""
        from ._display import describe

        return describe(self)

    def _repr_html_(self) -> str | None:
        from ._display import entity_html

        try:
            return entity_html(self)
        except ConveyorError:
            return None  # Jupyter then shows repr(), which never raises

    def _peek(self, name: str) -> Any:
        """The shown attribute ``name`` as last read, never sending a request.

        A resource whose attribute may need a request (a list item's
        parameters) overrides this to answer from the record, or ``OMITTED``
        (`conveyor._fields`) to leave it out.
        """
        return getattr(self, name)

    def _extra_lines(self) -> list[str]:
        """Sections ``describe()`` adds after the fields (a service's parameter table)."""
        return []

    # -- reading fields ------------------------------------------------------------

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
            key = json_key(self._item_model, name)
            if key is not None and key in raw:
                value = raw[key]
                if value is None or type(value) is str:
                    return value
                return self._misshapen(name, value)
        model = self._model
        value = unset_none(getattr(model, name, None))
        if value is None:
            return None
        shape = shape_of(type(model), name)
        if shape is None or fits(value, shape):
            return value
        return self._misshapen(name, value)

    def _misshapen(self, name: str, value: Any) -> Any:
        raise MalformedResponse(
            f"the {self._kind}'s {name} does not match the contract: "
            + self._redacted(_short_repr(value))
        )

    def _redacted(self, text: str) -> str:
        """``text`` (quoting the platform's answer) without the token or a secret value seen."""
        return redact_secret(text, getattr(self._client, "_hidden", None))

    # -- flows ------------------------------------------------------------------

    def _read_call(self) -> Call[M]:
        spec = self._spec
        return Call(spec.read.request_args(self.id), json_model(spec.record))

    def _refresh_flow(self) -> Flow[None]:
        self._model = yield from one(self._read_call())
        self._metadata = None

    def _full_record_flow(self) -> Flow[None]:
        """Read the full record if this object holds only a list item (which lacks fields)."""
        if not self._is_full:
            yield from self._refresh_flow()

    def _metadata_flow(self) -> Flow[list[AspectRecord]]:
        if self._metadata is None:
            self._metadata = yield from self._client.aspects._about_flow(self.id)
        return self._metadata

    def _add_metadata_flow(
        self, content: Mapping[str, Any], schema: str | None, policy: str | None
    ) -> Flow[AspectRecord]:
        flow = self._client.aspects._create_flow(self.id, content, schema, policy, replace=False)
        record: AspectRecord = yield from flow
        self._metadata = None
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
        aspects = self._client.aspects
        return [aspects._wrap(record) for record in self._client._run(self._metadata_flow())]

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
        record = self._client._run(self._add_metadata_flow(content, schema, policy))
        return self._client.aspects._wrap(record)


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
        aspects = self._client.aspects
        return [aspects._wrap(record) for record in await self._client._run(self._metadata_flow())]

    async def add_metadata(
        self, content: Mapping[str, Any], schema: str | None = None, policy: str | None = None
    ) -> AsyncAspect:
        """Attach an aspect; returns the new `AsyncAspect` (see `Entity.add_metadata`)."""
        record = await self._client._run(self._add_metadata_flow(content, schema, policy))
        return self._client.aspects._wrap(record)
