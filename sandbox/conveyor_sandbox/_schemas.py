"""JSON Schemas of job requests and results: checked once at registration, used on every job.

A schema is any JSON Schema ``jsonschema`` knows (its ``$schema`` picks the
draft; 2020-12 when it names none). :meth:`JsonSchema.problem` explains the
one most relevant violation, naming the offending value by its JSON path
(``$.text``, ``$.items[2].size``): for a missing property the path names the
property, for a property the schema does not allow it names that property.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from jsonschema import exceptions, validators

_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
MAX_MESSAGE = 300
#: How JSON Schema types read in a Python-style signature (as IVCAP's tool SDK writes them).
_PY_TYPES = {
    "string": "str",
    "integer": "int",
    "number": "float",
    "boolean": "bool",
    "object": "dict",
    "null": "None",
}


@dataclass(frozen=True)
class Problem:
    """Why an instance does not match: where (a JSON path), the value there, and why."""

    path: str
    value: Any
    message: str


def json_path(parts: Sequence[str | int]) -> str:
    """``$`` followed by ``.name``, ``['odd name']`` and ``[index]`` steps."""
    out = "$"
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        elif _NAME_RE.match(part):
            out += f".{part}"
        else:
            out += "['" + part.replace("\\", "\\\\").replace("'", "\\'") + "']"
    return out


class JsonSchema:
    """A checked JSON Schema and its validator."""

    def __init__(self, schema: Mapping[str, Any], what: str = "schema") -> None:
        try:
            # A round trip through JSON: the schema is published as it is stored.
            plain: dict[str, Any] = json.loads(json.dumps(schema))
        except (TypeError, ValueError) as exc:
            raise ValueError(f"{what} must be JSON: {exc}") from None
        cls = validators.validator_for(plain, default=validators.Draft202012Validator)
        try:
            cls.check_schema(plain)
        except exceptions.SchemaError as exc:
            raise ValueError(f"{what} is not a valid JSON Schema: {exc.message}") from None
        self.schema = plain
        self._validator = cls(plain)

    def problem(self, instance: Any) -> Problem | None:
        """The most relevant violation of ``instance``, or None when it conforms."""
        error = exceptions.best_match(self._validator.iter_errors(instance))
        if error is None:
            return None
        parts: list[str | int] = list(error.absolute_path)
        value: Any = error.instance
        here = error.instance
        if error.validator == "required" and isinstance(here, dict):
            missing = next((k for k in error.validator_value if k not in here), None)
            if missing is not None:
                parts.append(missing)
                value = None
        elif error.validator == "additionalProperties" and isinstance(here, dict):
            extra = _unexpected(here, error.schema)
            if extra is not None:
                parts.append(extra)
                value = here[extra]
        message = error.message
        if len(message) > MAX_MESSAGE:
            message = message[:MAX_MESSAGE] + "..."
        return Problem(json_path(parts), value, message)

    def python_type(self) -> str:
        """The schema's type as a signature shows it (``dict``, ``str``, ... or ``Any``)."""
        return _python_type(self.schema)

    def signature(self, name: str, returns: str) -> str:
        """``name(field: type, ...) -> returns``, read from the schema's properties."""
        properties = self.schema.get("properties", {})
        required = set(self.schema.get("required", []))
        params = []
        for field, spec in properties.items():
            kind = _python_type(spec if isinstance(spec, dict) else {})
            if field not in required or (isinstance(spec, dict) and "default" in spec):
                kind = f"Optional[{kind}]"
            params.append(f"{field}: {kind}")
        return f"{name}({', '.join(params)}) -> {returns}"


def _python_type(spec: Mapping[str, Any]) -> str:
    kind = spec.get("type")
    if kind == "array":
        items = spec.get("items")
        return f"array[{_python_type(items) if isinstance(items, dict) else 'Any'}]"
    if isinstance(kind, str):
        return _PY_TYPES.get(kind, "Any")
    return "Any"


def _unexpected(instance: Mapping[str, Any], schema: Mapping[str, Any]) -> str | None:
    """The first property of ``instance`` that ``schema`` neither names nor patterns."""
    named = schema.get("properties", {})
    patterns = list(schema.get("patternProperties", {}))
    for key in instance:
        if key not in named and not any(re.search(p, key) for p in patterns):
            return key
    return None
