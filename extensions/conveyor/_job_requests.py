"""A job's request: made JSON from what callers pass, and checked against the service's schema.

A service that runs jobs describes its request with a JSON Schema, published
as an aspect of schema `TOOL_SCHEMA` on the service (content ``fn_schema``),
the convention IVCAP's own client reads too. `RequestModel` is that schema
as a typed description, and checks a request locally, so a bad one is an
`InvalidParameter` naming its JSON path before anything is sent.

The checking uses ``jsonschema``, the reference implementation of JSON
Schema for Python (every draft, precise error paths), imported only when a
request is checked.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import InvalidParameter, MalformedResponse

__all__ = ["TOOL_SCHEMA", "RequestField", "RequestModel", "encode_json", "json_payload"]

TOOL_SCHEMA = "urn:sd-core:schema.ai-tool.1"
"""The aspect schema describing a job service's request (its ``fn_schema``)."""


def json_payload(payload: Any, parameter: str = "payload") -> Any:
    """``payload`` as a JSON value, ready to send.

    Accepts a JSON-able value (dict, list, str, number, bool, ``None``), a
    dataclass instance, a pydantic model (``model_dump``) or a path
    (``pathlib.Path`` or other ``os.PathLike``) to a JSON file.
    `encode_json` then checks it can be written as JSON, as it encodes it.

    Raises:
        InvalidParameter: The file is missing or not JSON (before anything is sent).
    """
    if isinstance(payload, os.PathLike):
        path = Path(payload)
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise InvalidParameter(
                f"{parameter}: cannot read {path}: {exc.strerror or exc}", parameter=parameter
            ) from None
        except ValueError as exc:
            raise InvalidParameter(
                f"{parameter}: {path} is not JSON: {exc}", parameter=parameter
            ) from None
    if dataclasses.is_dataclass(payload) and not isinstance(payload, type):
        payload = dataclasses.asdict(payload)
    elif callable(getattr(payload, "model_dump", None)):  # a pydantic model
        payload = payload.model_dump(mode="json", by_alias=True, exclude_none=True)
    return payload


@dataclass(frozen=True, slots=True)
class RequestField:
    """One top-level field of a job request, as the service's schema declares it.

    Attributes:
        name: The JSON key.
        type: The JSON Schema type (``string``, ``integer``, ``object`` ...),
            ``a|b`` for a union, or ``any``.
        required: Whether every request must give it.
        description: What it means.
        default: The value the service uses when it is left out.
    """

    name: str
    type: str
    required: bool
    description: str | None = None
    default: Any = None


@dataclass(frozen=True, slots=True)
class RequestModel:
    """A job service's request schema, as a typed description that can check requests.

    Attributes:
        schema: The JSON Schema itself.
        title: The schema's title, if any.
        description: What the request is, if the schema says.
        fields: The top-level fields of an object request, in schema order.
    """

    schema: dict[str, Any]
    title: str | None
    description: str | None
    fields: tuple[RequestField, ...]
    # Built on first use and kept: a validator costs more to build than to run.
    _checker: list[Any] = dataclasses.field(
        default_factory=list, init=False, repr=False, compare=False
    )

    @classmethod
    def from_schema(cls, schema: Any) -> RequestModel:
        """The model of a JSON Schema (an object).

        Raises:
            MalformedResponse: The platform's schema is not a JSON object.
        """
        if not isinstance(schema, Mapping):
            raise MalformedResponse(
                f"the service's request schema is not an object: {schema!r:.80}"
            )
        properties = schema.get("properties")
        required = set(schema.get("required") or ())
        fields: list[RequestField] = []
        if isinstance(properties, Mapping):
            for name, spec in properties.items():
                spec = spec if isinstance(spec, Mapping) else {}
                fields.append(
                    RequestField(
                        name=str(name),
                        type=_type_text(spec),
                        required=name in required,
                        description=_text_or_none(spec.get("description")),
                        default=spec.get("default"),
                    )
                )
        return cls(
            schema=dict(schema),
            title=_text_or_none(schema.get("title")),
            description=_text_or_none(schema.get("description")),
            fields=tuple(fields),
        )

    def validate(self, request: Any) -> None:
        """Check ``request`` (a JSON value) against the schema.

        Raises:
            InvalidParameter: It does not match; ``parameter`` is the JSON
                path of the first offending value (``$.text``), and the
                message says what the schema wanted.
        """
        if not self._checker:
            self._checker.append(_simple_check(self.schema))
        quick = self._checker[0]
        if quick is not None and quick(request):
            return  # the common case, decided without jsonschema's machinery
        from jsonschema import exceptions

        try:
            validator = self._validator()
            if quick is None and validator.is_valid(request):
                return
            error = exceptions.best_match(validator.iter_errors(request))
        except exceptions.SchemaError as exc:
            raise MalformedResponse(
                f"the service's request schema is not a valid JSON Schema: {exc.message}"
            ) from None
        if error is None:
            return
        path = error.json_path
        raise InvalidParameter(f"{path}: {error.message}", parameter=path, value=error.instance)

    def _validator(self) -> Any:
        if len(self._checker) < 2:
            from jsonschema import validators

            validator_class = validators.validator_for(self.schema)
            validator_class.check_schema(self.schema)
            self._checker.append(validator_class(self.schema))
        return self._checker[1]

    def describe(self) -> str:
        """One line per field: name, type, required or default, description."""
        if not self.fields:
            return f"request: {_type_text(self.schema)}"
        width = max(len(f.name) for f in self.fields)
        lines = []
        for f in self.fields:
            need = "required" if f.required else "optional"
            if f.default is not None:
                need = f"default {json.dumps(f.default)}"
            about = f"  {f.description}" if f.description else ""
            lines.append(f"{f.name.ljust(width)}  {f.type}, {need}{about}")
        return "\n".join(lines)


# Keywords `_simple_check` decides exactly as JSON Schema does; any other keyword
# (or a value of an unexpected shape) leaves the decision to jsonschema.
_ANNOTATIONS = frozenset({"title", "description", "default", "examples", "$comment", "format"})
_TYPES: dict[str, Any] = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: (
        (isinstance(v, int) and not isinstance(v, bool))
        or (isinstance(v, float) and v.is_integer())
    ),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
}


def _simple_check(schema: Any) -> Any:
    """A fast ``value -> bool`` for a plain schema (types, properties, required,
    bounds), or ``None`` when the schema uses anything else.

    ``True`` means valid for certain; ``False`` sends the request to jsonschema,
    which names the error, so messages are always jsonschema's own.
    """
    if schema is True or schema == {}:
        return lambda value: True
    if not isinstance(schema, Mapping):
        return None
    known = {
        "type",
        "properties",
        "required",
        "additionalProperties",
        "minimum",
        "maximum",
        "minLength",
        "maxLength",
        "enum",
        "items",
    }
    if set(schema) - known - _ANNOTATIONS - {"$schema"}:
        return None
    checks: list[Any] = []
    kind = schema.get("type")
    if kind is not None:
        if not isinstance(kind, str) or kind not in _TYPES:
            return None
        checks.append(_TYPES[kind])
    for key in ("minimum", "maximum", "minLength", "maxLength"):
        if key in schema:
            bound = schema[key]
            if not _is_number(bound):
                return None
            checks.append(_bound_check(key, bound))
    if "enum" in schema:
        return None  # equality in JSON Schema is not Python's (1 == True): leave it
    if "items" in schema:
        item = _simple_check(schema["items"])
        if item is None:
            return None
        checks.append(lambda v: not isinstance(v, list) or all(item(i) for i in v))
    properties = schema.get("properties", {})
    required = schema.get("required", [])
    extra = schema.get("additionalProperties", True)
    if not isinstance(properties, Mapping) or not isinstance(required, list):
        return None
    if not isinstance(extra, bool) or not all(isinstance(r, str) for r in required):
        return None
    inner = {name: _simple_check(spec) for name, spec in properties.items()}
    if any(check is None for check in inner.values()):
        return None
    if inner or required or extra is False:

        def fields(value: Any) -> bool:
            if not isinstance(value, dict):
                return True  # not an object: "type" (if any) decides
            if any(name not in value for name in required):
                return False
            if extra is False and any(name not in inner for name in value):
                return False
            return all(check(value[name]) for name, check in inner.items() if name in value)

        checks.append(fields)
    return lambda value: all(check(value) for check in checks)


def _bound_check(key: str, bound: float) -> Callable[[Any], bool]:
    """The check of one bound keyword (it applies to numbers, or to strings' lengths)."""
    if key == "minimum":
        return lambda v: not _is_number(v) or v >= bound
    if key == "maximum":
        return lambda v: not _is_number(v) or v <= bound
    if key == "minLength":
        return lambda v: not isinstance(v, str) or len(v) >= bound
    return lambda v: not isinstance(v, str) or len(v) <= bound


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def encode_json(value: Any, parameter: str = "payload") -> bytes:
    """``value`` as the JSON bytes to send (once: the client does not encode it again).

    Raises:
        InvalidParameter: It cannot be written as JSON (before anything is sent).
    """
    try:
        return json.dumps(
            value, allow_nan=False, ensure_ascii=False, separators=(",", ":")
        ).encode()
    except (TypeError, ValueError) as exc:
        raise InvalidParameter(
            f"{parameter}: not JSON-serialisable: {exc}", parameter=parameter
        ) from None


def _type_text(spec: Mapping[str, Any]) -> str:
    kind = spec.get("type")
    if isinstance(kind, str):
        return kind
    if isinstance(kind, list):
        return "|".join(str(k) for k in kind)
    for key in ("anyOf", "oneOf"):
        options = spec.get(key)
        if isinstance(options, list):
            return "|".join(_type_text(o) for o in options if isinstance(o, Mapping))
    return "any"


def _text_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None
