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
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import InvalidParameter, MalformedResponse

__all__ = ["TOOL_SCHEMA", "RequestField", "RequestModel", "json_payload"]

TOOL_SCHEMA = "urn:sd-core:schema.ai-tool.1"
"""The aspect schema describing a job service's request (its ``fn_schema``)."""


def json_payload(payload: Any, parameter: str = "payload") -> Any:
    """``payload`` as a JSON value, ready to send.

    Accepts a JSON-able value (dict, list, str, number, bool, ``None``), a
    dataclass instance, a pydantic model (``model_dump``) or a path
    (``pathlib.Path`` or other ``os.PathLike``) to a JSON file.

    Raises:
        InvalidParameter: The file is missing or not JSON, or the value
            cannot be written as JSON (before anything is sent).
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
    try:
        json.dumps(payload, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise InvalidParameter(
            f"{parameter}: not JSON-serialisable: {exc}", parameter=parameter
        ) from None
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
        from jsonschema import exceptions, validators

        validator_class = validators.validator_for(self.schema)
        try:
            validator = validator_class(self.schema)
            error = exceptions.best_match(validator.iter_errors(request))
        except exceptions.SchemaError as exc:
            raise MalformedResponse(
                f"the service's request schema is not a valid JSON Schema: {exc.message}"
            ) from None
        if error is None:
            return
        path = error.json_path
        raise InvalidParameter(f"{path}: {error.message}", parameter=path, value=error.instance)

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
