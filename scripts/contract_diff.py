"""Compare two OpenAPI documents the way a client sees them.

`diff_contracts(old, new)` lists what a client generated from `old` would
notice if it were regenerated from `new`: operations, parameters, request
bodies, responses, schemas, fields and enum values added, removed or
retyped. Each change says whether it is *breaking*, meaning that code
written against the old client, or requests it sends, may stop working:

- an operation, parameter, request body, schema or field is removed;
- a parameter, body, field or response body changes type;
- a request gains a required parameter, body or field (or one becomes required);
- a response field that was always present may now be absent;
- an enum loses a value.

Types are compared as the generator maps them to Python: `$ref`s to objects
and enums by name, `$ref`s to plain strings or numbers by what they contain,
and only the formats that change the Python type (`date-time`, `date`,
`uuid`, `binary`) are kept. Descriptions, examples and documentation-only
keywords are ignored.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# Formats that change the generated Python type; others are all `str`, `int` or `float`.
TYPED_FORMATS = frozenset({"date-time", "date", "uuid", "binary"})
_MAX_DEPTH = 12


@dataclass(frozen=True, order=True)
class Change:
    """One difference between two contracts."""

    kind: str  # operation, parameter, request body, response, schema, field, enum value
    subject: str  # what changed: an operation, `Schema.field`, ...
    action: str  # added, removed, changed
    detail: str  # types, or what about it changed
    breaking: bool

    def line(self) -> str:
        sign = {"added": "+", "removed": "-"}.get(self.action, "~")
        text = f"{sign} {self.kind} {self.subject}"
        if self.detail:
            text += f": {self.detail}"
        return text + ("  [BREAKING]" if self.breaking else "")


@dataclass(frozen=True)
class _Field:
    type: str
    required: bool
    enum: tuple[str, ...] | None


@dataclass(frozen=True)
class _Operation:
    key: str
    method: str
    path: str
    params: dict[str, _Field]  # "<in> <name>"
    body: dict[str, _Field] | None  # media type -> type; required flag on each
    responses: dict[str, str]  # status -> type of its body (or "no body")

    @property
    def label(self) -> str:
        return f"{self.key} ({self.method.upper()} {self.path})"


class _Doc:
    """Reference resolution and type naming over one document."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        self.document = document
        components = document.get("components") or {}
        self.schemas: Mapping[str, Any] = components.get("schemas") or {}

    def resolve(self, node: Any) -> Any:
        seen = 0
        while isinstance(node, Mapping) and isinstance(node.get("$ref"), str) and seen < _MAX_DEPTH:
            target = self.lookup(node["$ref"])
            if target is None:
                return node
            node = target
            seen += 1
        return node

    def lookup(self, ref: str) -> Any:
        if not ref.startswith("#/"):
            return None
        node: Any = self.document
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(node, Mapping) or part not in node:
                return None
            node = node[part]
        return node

    @staticmethod
    def is_named(schema: Any) -> bool:
        """Whether the generator makes a class of this schema (object or enum)."""
        if not isinstance(schema, Mapping):
            return False
        return bool(
            "properties" in schema
            or "enum" in schema
            or "allOf" in schema
            or schema.get("type") == "object"
            or "additionalProperties" in schema
        )

    def type_of(self, schema: Any, depth: int = 0) -> str:
        if not isinstance(schema, Mapping) or depth > _MAX_DEPTH:
            return "any"
        ref = schema.get("$ref")
        if isinstance(ref, str):
            target = self.lookup(ref)
            if self.is_named(target) or target is None:
                return ref.rsplit("/", 1)[-1]
            return self.type_of(target, depth + 1)
        for combinator in ("anyOf", "oneOf"):
            options = schema.get(combinator)
            if isinstance(options, list):
                names = sorted({self.type_of(option, depth + 1) for option in options})
                return " | ".join(names)
        parts = schema.get("allOf")
        if isinstance(parts, list) and len(parts) == 1:
            return self.type_of(parts[0], depth + 1)
        if isinstance(parts, list):
            return "object"
        declared = schema.get("type")
        types = [declared] if isinstance(declared, str) else list(declared or [])
        if not types:
            types = ["object"] if "properties" in schema else ["any"]
        names = []
        for kind in types:
            if kind == "array":
                names.append(f"array[{self.type_of(schema.get('items'), depth + 1)}]")
            elif kind == "object" and "properties" not in schema:
                extra = schema.get("additionalProperties")
                if isinstance(extra, Mapping) and extra:
                    names.append(f"map[{self.type_of(extra, depth + 1)}]")
                else:
                    names.append("object")
            else:
                fmt = schema.get("format")
                names.append(f"{kind}({fmt})" if fmt in TYPED_FORMATS else str(kind))
        if schema.get("nullable") is True:
            names.append("null")
        return " | ".join(sorted(set(names)))

    def enum_of(self, schema: Any, *, follow: bool = True) -> tuple[str, ...] | None:
        """Enum values of a schema; `follow=False` skips `$ref`s (compared once, by schema)."""
        if follow:
            schema = self.resolve(schema)
        if isinstance(schema, Mapping) and isinstance(schema.get("enum"), list):
            return tuple(str(value) for value in schema["enum"])
        return None

    def fields(self, schema: Any, prefix: str = "", depth: int = 0) -> dict[str, _Field]:
        """Properties of an object schema, inline nested objects as `a.b`, arrays as `a[]`."""
        result: dict[str, _Field] = {}
        if not isinstance(schema, Mapping) or depth > _MAX_DEPTH:
            return result
        required = set(schema.get("required") or [])
        for part in schema.get("allOf") or []:
            resolved = self.resolve(part)
            result.update(self.fields(resolved, prefix, depth + 1))
            required |= (
                set(resolved.get("required") or []) if isinstance(resolved, Mapping) else set()
            )
        for name, prop in (schema.get("properties") or {}).items():
            path = f"{prefix}{name}"
            result[path] = _Field(
                self.type_of(prop), name in required, self.enum_of(prop, follow=False)
            )
            if isinstance(prop, Mapping) and "$ref" not in prop:
                if "properties" in prop:
                    result.update(self.fields(prop, f"{path}.", depth + 1))
                items = prop.get("items")
                if isinstance(items, Mapping) and "$ref" not in items and "properties" in items:
                    result.update(self.fields(items, f"{path}[].", depth + 1))
        return result

    def refs_in(self, node: Any) -> Iterator[str]:
        if isinstance(node, Mapping):
            ref = node.get("$ref")
            if isinstance(ref, str):
                yield ref
            for value in node.values():
                yield from self.refs_in(value)
        elif isinstance(node, list):
            for value in node:
                yield from self.refs_in(value)

    def reachable_schemas(self, roots: list[Any]) -> set[str]:
        """Names of component schemas reachable from the given nodes."""
        found: set[str] = set()
        pending = [ref for root in roots for ref in self.refs_in(root)]
        while pending:
            ref = pending.pop()
            target = self.lookup(ref)
            if ref.startswith("#/components/schemas/"):
                name = ref.rsplit("/", 1)[-1]
                if name in found:
                    continue
                found.add(name)
            elif ref in found:
                continue
            else:
                found.add(ref)
            pending.extend(self.refs_in(target))
        return {name for name in found if not name.startswith("#")}

    def operations(self) -> dict[str, _Operation]:
        result: dict[str, _Operation] = {}
        for path, item in (self.document.get("paths") or {}).items():
            item = self.resolve(item)
            if not isinstance(item, Mapping):
                continue
            shared = self._params(item.get("parameters"))
            for method in HTTP_METHODS:
                operation = item.get(method)
                if not isinstance(operation, Mapping):
                    continue
                key = str(operation.get("operationId") or f"{method.upper()} {path}")
                params = {**shared, **self._params(operation.get("parameters"))}
                result[key] = _Operation(
                    key=key,
                    method=method,
                    path=str(path),
                    params=params,
                    body=self._body(operation.get("requestBody")),
                    responses=self._responses(operation.get("responses")),
                )
        return result

    def _params(self, raw: Any) -> dict[str, _Field]:
        result: dict[str, _Field] = {}
        for param in raw or []:
            param = self.resolve(param)
            if not isinstance(param, Mapping) or "name" not in param:
                continue
            where = str(param.get("in", "query"))
            name = str(param["name"])
            if where == "header":
                name = name.lower()  # header names are case-insensitive
            schema = param.get("schema")
            if schema is None and isinstance(param.get("content"), Mapping):
                media: Any = next(iter(param["content"].values()), {})
                schema = media.get("schema") if isinstance(media, Mapping) else None
            result[f"{where} {name}"] = _Field(
                self.type_of(schema),
                bool(param.get("required")),
                self.enum_of(schema, follow=False),
            )
        return result

    def _body(self, raw: Any) -> dict[str, _Field] | None:
        body = self.resolve(raw)
        if not isinstance(body, Mapping):
            return None
        required = bool(body.get("required"))
        return {
            str(media): _Field(self.type_of((spec or {}).get("schema")), required, None)
            for media, spec in (body.get("content") or {}).items()
        }

    def _responses(self, raw: Any) -> dict[str, str]:
        result: dict[str, str] = {}
        for status, response in (raw or {}).items():
            response = self.resolve(response)
            content = response.get("content") if isinstance(response, Mapping) else None
            if not isinstance(content, Mapping) or not content:
                result[str(status)] = "no body"
                continue
            types = sorted({self.type_of((spec or {}).get("schema")) for spec in content.values()})
            result[str(status)] = " | ".join(types)
        return result

    def request_roots(self) -> list[Any]:
        roots: list[Any] = []
        for operation in self._raw_operations():
            roots.append(operation.get("parameters"))
            roots.append(operation.get("requestBody"))
        for item in (self.document.get("paths") or {}).values():
            if isinstance(item, Mapping):
                roots.append(item.get("parameters"))
        return roots

    def response_roots(self) -> list[Any]:
        return [operation.get("responses") for operation in self._raw_operations()]

    def _raw_operations(self) -> Iterator[Mapping[str, Any]]:
        for item in (self.document.get("paths") or {}).values():
            item = self.resolve(item)
            if not isinstance(item, Mapping):
                continue
            for method in HTTP_METHODS:
                operation = item.get(method)
                if isinstance(operation, Mapping):
                    yield operation


def _describe(field: _Field) -> str:
    return f"{field.type}, {'required' if field.required else 'optional'}"


def _compare_fields(
    kind: str,
    subject_prefix: str,
    old: Mapping[str, _Field],
    new: Mapping[str, _Field],
    *,
    in_request: bool,
    in_response: bool,
) -> list[Change]:
    changes: list[Change] = []
    for name in sorted(new.keys() - old.keys()):
        field = new[name]
        breaking = in_request and field.required
        changes.append(Change(kind, f"{subject_prefix}{name}", "added", _describe(field), breaking))
    for name in sorted(old.keys() - new.keys()):
        changes.append(
            Change(kind, f"{subject_prefix}{name}", "removed", _describe(old[name]), True)
        )
    for name in sorted(old.keys() & new.keys()):
        before, after = old[name], new[name]
        subject = f"{subject_prefix}{name}"
        if before.type != after.type:
            changes.append(Change(kind, subject, "changed", f"{before.type} -> {after.type}", True))
        if before.required != after.required:
            if after.required:
                changes.append(Change(kind, subject, "changed", "now required", in_request))
            else:
                changes.append(
                    Change(kind, subject, "changed", "now optional (may be absent)", in_response)
                )
        changes.extend(_compare_enum(subject, before.enum, after.enum))
    return changes


def _compare_enum(
    subject: str, old: tuple[str, ...] | None, new: tuple[str, ...] | None
) -> list[Change]:
    if old is None or new is None:
        return []
    changes = [
        Change("enum value", subject, "added", repr(value), False)
        for value in new
        if value not in old
    ]
    changes += [
        Change("enum value", subject, "removed", repr(value), True)
        for value in old
        if value not in new
    ]
    return changes


def diff_contracts(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    """What changed from `old` to `new`, as seen by a generated client."""
    before, after = _Doc(old), _Doc(new)
    changes: list[Change] = []

    old_ops, new_ops = before.operations(), after.operations()
    for key in sorted(new_ops.keys() - old_ops.keys()):
        changes.append(Change("operation", new_ops[key].label, "added", "", False))
    for key in sorted(old_ops.keys() - new_ops.keys()):
        changes.append(Change("operation", old_ops[key].label, "removed", "", True))
    for key in sorted(old_ops.keys() & new_ops.keys()):
        a, b = old_ops[key], new_ops[key]
        if (a.method, a.path) != (b.method, b.path):
            detail = f"{a.method.upper()} {a.path} -> {b.method.upper()} {b.path}"
            changes.append(Change("operation", key, "changed", detail, True))
        changes += _compare_fields(
            "parameter", f"{key}: ", a.params, b.params, in_request=True, in_response=False
        )
        changes += _compare_bodies(key, a.body, b.body)
        changes += _compare_responses(key, a.responses, b.responses)

    old_names, new_names = set(before.schemas), set(after.schemas)
    for name in sorted(new_names - old_names):
        changes.append(Change("schema", name, "added", "", False))
    for name in sorted(old_names - new_names):
        changes.append(Change("schema", name, "removed", "", True))
    requests = before.reachable_schemas(before.request_roots()) | after.reachable_schemas(
        after.request_roots()
    )
    responses = before.reachable_schemas(before.response_roots()) | after.reachable_schemas(
        after.response_roots()
    )
    for name in sorted(old_names & new_names):
        a_schema, b_schema = before.schemas[name], after.schemas[name]
        a_kind, b_kind = before.type_of(a_schema), after.type_of(b_schema)
        if a_kind != b_kind:
            changes.append(Change("schema", name, "changed", f"{a_kind} -> {b_kind}", True))
        changes += _compare_enum(name, before.enum_of(a_schema), after.enum_of(b_schema))
        changes += _compare_fields(
            "field",
            f"{name}.",
            before.fields(a_schema),
            after.fields(b_schema),
            in_request=name in requests,
            in_response=name in responses,
        )
    return changes


def _compare_bodies(
    key: str, old: dict[str, _Field] | None, new: dict[str, _Field] | None
) -> list[Change]:
    subject = f"{key}"
    if old is None and new is None:
        return []
    if old is None:
        assert new is not None
        required = any(field.required for field in new.values())
        detail = ", ".join(f"{media} {field.type}" for media, field in new.items())
        return [Change("request body", subject, "added", detail, required)]
    if new is None:
        return [Change("request body", subject, "removed", ", ".join(old), True)]
    changes: list[Change] = []
    for media in sorted(new.keys() - old.keys()):
        changes.append(
            Change("request body", subject, "added", f"{media} {new[media].type}", False)
        )
    for media in sorted(old.keys() - new.keys()):
        changes.append(
            Change("request body", subject, "removed", f"{media} {old[media].type}", True)
        )
    for media in sorted(old.keys() & new.keys()):
        if old[media].type != new[media].type:
            detail = f"{media}: {old[media].type} -> {new[media].type}"
            changes.append(Change("request body", subject, "changed", detail, True))
    was_required = any(field.required for field in old.values())
    is_required = any(field.required for field in new.values())
    if was_required != is_required:
        detail = "now required" if is_required else "now optional"
        changes.append(Change("request body", subject, "changed", detail, is_required))
    return changes


def _compare_responses(key: str, old: dict[str, str], new: dict[str, str]) -> list[Change]:
    changes: list[Change] = []
    for status in sorted(new.keys() - old.keys()):
        changes.append(Change("response", f"{key} {status}", "added", new[status], False))
    for status in sorted(old.keys() - new.keys()):
        changes.append(Change("response", f"{key} {status}", "removed", old[status], False))
    for status in sorted(old.keys() & new.keys()):
        if old[status] != new[status]:
            detail = f"{old[status]} -> {new[status]}"
            changes.append(Change("response", f"{key} {status}", "changed", detail, True))
    return changes


def format_report(changes: list[Change], old_label: str, new_label: str) -> str:
    """A readable report, breaking changes first."""
    if not changes:
        return f"No client-visible changes from {old_label} to {new_label}."
    breaking = [change for change in changes if change.breaking]
    lines = [f"Changes from {old_label} to {new_label}: {len(changes)} ({len(breaking)} breaking)"]
    groups = (
        ("operation",),
        ("parameter", "request body"),
        ("response",),
        ("schema", "field", "enum value"),
    )
    for kinds in groups:
        group = [change for change in changes if change.kind in kinds]
        group.sort(key=lambda change: (not change.breaking, change.subject, change.action))
        lines.extend(f"  {change.line()}" for change in group)
    return "\n".join(lines)
