"""Service parameters: their declared types, and checking an order's values against them.

Both services (which declare parameters) and orders (which give values) use
this, so it sits below both and imports neither.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from conveyor_api.models.parameter import Parameter
from conveyor_api.models.parameter_definition import ParameterDefinition

from ._base import _Entity, check_urn, unset_none
from .errors import InvalidParameter, MalformedResponse

__all__ = ["ServiceParameter", "check_order_parameters", "parameters_of", "typed_parameters"]

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

    def from_wire(self, text: str) -> Any:
        """The value the wire text ``text`` stands for: int, float or bool by the type, else text.

        Text that is not of the declared type (a platform's own spelling)
        stays text rather than failing: it is what the platform recorded.
        """
        try:
            if self.type == "int":
                return int(text)
            if self.type == "float":
                return float(text)
        except ValueError:
            return text
        if self.type == "bool" and text.strip().lower() in _TRUE + _FALSE:
            return text.strip().lower() in _TRUE
        return text

    @property
    def python_name(self) -> str:
        """The keyword to pass it as: the wire name with ``-`` as ``_`` (``min_length``)."""
        return self.name.replace("-", "_")

    @property
    def mandatory(self) -> bool:
        """Whether every order must give it (not optional, no default, not constant)."""
        return not self.optional and self.default is None and not self.constant

    def as_dict(self) -> dict[str, Any]:
        """The parameter as a JSON-ready dict (what ``--output json`` shows)."""
        return {
            "name": self.name,
            "type": self.type,
            "description": self.description,
            "default": self.default,
            "optional": self.optional,
            "mandatory": self.mandatory,
            "options": list(self.options),
        }

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


def typed_parameters(
    definitions: list[ServiceParameter], recorded: Mapping[str, str]
) -> dict[str, Any]:
    """Recorded wire values as Python values, keyed by Python name (``min_length``).

    The keys are the keywords that placed the order; a name the service no
    longer declares keeps its text, under its wire name with ``-`` as ``_``.
    """
    by_name = {d.name: d for d in definitions}
    typed: dict[str, Any] = {}
    for name, text in recorded.items():
        definition = by_name.get(name)
        if definition is None:
            typed[name.replace("-", "_")] = text
        else:
            typed[definition.python_name] = definition.from_wire(text)
    return typed


def parameters_of(record: Any) -> list[ServiceParameter]:
    """The parameters of a full service record (`MalformedResponse` if they are not a list)."""
    definitions = unset_none(record.parameters) or []
    if not isinstance(definitions, list):
        raise MalformedResponse("a service's parameters are not a list")
    return [ServiceParameter.from_definition(d) for d in definitions]
