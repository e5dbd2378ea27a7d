"""Typed fields of a resource's record, declared once on the resource class.

A resource names its fields as class attributes::

    name = Text("The artifact's human name.")
    size = Integer("Size in bytes, when known.", format="size")
    created_at = Time("When the artifact was created.")

Each is a read-only descriptor that reads the record as last fetched (no
request) and checks the value against the field's declared type in the
generated model, so a platform's wrong shape is a `MalformedResponse` at the
field, never a ``TypeError`` far from its cause. The same declarations feed
``describe()``, the notebook HTML and ``--output json`` (`conveyor._display`).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, Generic, Self, TypeVar, overload

if TYPE_CHECKING:
    from ._base import _Entity

__all__ = [
    "OMITTED",
    "Field",
    "Flag",
    "Integer",
    "Json",
    "Text",
    "Texts",
    "Time",
    "aware",
    "fits",
    "json_key",
    "shape_of",
]

T = TypeVar("T")

OMITTED: Any = object()
"""What a resource's ``_peek`` answers for a shown field its record does not hold."""

_FIELDS: dict[tuple[Any, str], tuple[str | None, Any]] = {}

# What a value of each declared field type must be. The generated models copy
# such JSON values without checking them, so the fields check instead.
_SHAPES: dict[str, tuple[type[Any], type[Any] | None]] = {
    "str": (str, None),
    "int": (int, None),
    "bool": (bool, None),
    "list[str]": (list, str),
}


def _declared(model: Any, name: str) -> tuple[str | None, Any]:
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


def json_key(model: Any, name: str) -> str | None:
    """The JSON key of ``model``'s plain text field ``name`` (``None`` for other fields)."""
    return _declared(model, name)[0]


def shape_of(model: Any, name: str) -> tuple[type[Any], type[Any] | None] | None:
    """The ``(type, element type)`` a value of ``model``'s field ``name`` must have."""
    return _declared(model, name)[1]  # type: ignore[no-any-return]


def aware(value: datetime.datetime | None) -> datetime.datetime | None:
    """``value`` with a timezone (UTC assumed when the platform sent none)."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=datetime.UTC)
    return value


def fits(value: Any, shape: tuple[type[Any], type[Any] | None]) -> bool:
    """Whether ``value`` has ``shape`` (a bool is not an int here)."""
    kind, element = shape
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        return False
    return element is None or all(isinstance(item, element) for item in value)


class Field(Generic[T]):
    """A typed, read-only field of a resource, read from its record as last fetched.

    Args:
        doc: What the field means (it becomes the attribute's docstring).
        source: The generated model's attribute to read (default: the
            field's own name), such as ``service`` for ``Order.service_id``.
        label: The name ``describe()`` and ``--output json`` show (default:
            the field's own name).
        format: How people see it: ``"text"``, ``"size"`` (bytes with a
            unit) or ``"json"`` (indented JSON).
    """

    # No __slots__: each field's docstring is its instance's own ``__doc__``.

    def __init__(
        self,
        doc: str,
        *,
        source: str | None = None,
        label: str | None = None,
        format: str = "text",
    ) -> None:
        self.__doc__ = doc
        self.source = source or ""
        self.label = label or ""
        self.name = ""
        self.format = format

    def __set_name__(self, owner: type[Any], name: str) -> None:
        self.name = name
        self.source = self.source or name
        self.label = self.label or name

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"

    @overload
    def __get__(self, entity: None, owner: type[Any]) -> Self: ...

    @overload
    def __get__(self, entity: _Entity[Any], owner: type[Any]) -> T: ...

    def __get__(self, entity: _Entity[Any] | None, owner: type[Any]) -> Self | T:
        if entity is None:
            return self
        return self.read(entity)

    def __set__(self, entity: _Entity[Any], value: Any) -> None:
        raise AttributeError(f"{self.name} is read from the platform's record; it cannot be set")

    def read(self, entity: _Entity[Any]) -> T:
        """The field's value on ``entity`` (``None`` when the record lacks it)."""
        return entity._get(self.source)  # type: ignore[no-any-return]


class Text(Field[str | None]):
    """A text field: ``str | None`` (an open enum's known member, or any text)."""

    def __init__(
        self,
        doc: str,
        *,
        source: str | None = None,
        label: str | None = None,
        format: str = "text",
    ) -> None:
        super().__init__(doc, source=source, label=label, format=format)
        self._keys: dict[Any, str | None] = {}

    @overload
    def __get__(self, entity: None, owner: type[Any]) -> Self: ...

    @overload
    def __get__(self, entity: _Entity[Any], owner: type[Any]) -> str | None: ...

    def __get__(self, entity: _Entity[Any] | None, owner: type[Any]) -> Self | str | None:
        if entity is None:
            return self
        raw = entity._raw
        if raw is not None:
            # The common case of a listing, inlined: a text value of a list item
            # still in JSON form (a loop over 10,000 items reads one field each).
            model = entity._item_model
            keys = self._keys
            key = (
                keys[model]
                if model in keys
                else keys.setdefault(model, json_key(model, self.source))
            )
            if key is not None:
                value = raw.get(key)
                if type(value) is str:
                    return value
        return entity._get(self.source)  # type: ignore[no-any-return]


class Integer(Field[int | None]):
    """A whole-number field: ``int | None``."""


class Texts(Field[list[str]]):
    """A list-of-text field: ``list[str]``, empty when the record has none."""

    def read(self, entity: _Entity[Any]) -> list[str]:
        """A copy of the list (empty when the record has none)."""
        return list(entity._get(self.source) or [])


class Time(Field[datetime.datetime | None]):
    """An instant: an aware ``datetime``, or ``None``."""

    def read(self, entity: _Entity[Any]) -> datetime.datetime | None:
        """The instant, timezone-aware (UTC assumed when the platform sent none)."""
        return aware(entity._get(self.source))


class Flag(Field[bool]):
    """A yes/no field: ``bool``, ``False`` when the record lacks it."""

    def read(self, entity: _Entity[Any]) -> bool:
        """``False`` when the record lacks it."""
        return bool(entity._get(self.source))


class Json(Field[dict[str, Any] | None]):
    """A JSON object field: a ``dict`` copy, or ``None``; shown indented."""

    def __init__(self, doc: str, *, source: str | None = None, label: str | None = None) -> None:
        super().__init__(doc, source=source, label=label, format="json")

    def read(self, entity: _Entity[Any]) -> dict[str, Any] | None:
        """A copy of the JSON object (``None`` when absent)."""
        value = entity._get(self.source)
        if value is None:
            return None
        return dict(getattr(value, "additional_properties", value))
