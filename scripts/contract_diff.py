"""Compare two OpenAPI documents the way a generated client sees them.

`diff_contracts(old, new)` lists what a client generated from `old` would
notice if it were regenerated from `new`: operations, parameters, request
bodies, responses, schemas, fields and enum values added, removed, renamed
or retyped. A change is *breaking* when code written against the old client,
or the requests it sends, may stop working:

- an operation, parameter, request body, schema, field or enum value is removed;
- an operation or schema is renamed (its function or class name changes);
- a parameter, body, field or response body changes type;
- a request gains a required parameter, body or field, or one becomes required;
- a response field that was always present may now be absent.

Operations are matched by method and path (path parameter names ignored),
so an operation whose operationId changed shows as renamed. Schemas that
matched operations use under different names are paired (old name, new
name) and compared field by field, and types are compared modulo those
renames; so is a contract that names its schemas differently from a live
deployment's still compared usefully.

Types are compared as the generator maps them to Python: `$ref`s to objects
and enums by name, `$ref`s to plain strings or numbers by what they contain,
and only the formats that change the Python type (`date-time`, `date`,
`uuid`, `binary`) are kept. Descriptions and examples are ignored.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# Formats that change the generated Python type; others are all `str`, `int` or `float`.
TYPED_FORMATS = frozenset({"date-time", "date", "uuid", "binary"})
SCHEMA_PREFIX = "#/components/schemas/"
_MAX_DEPTH = 12
_PATH_PARAM = re.compile(r"\{[^}]*\}")


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
    operation_id: str
    method: str
    path: str
    params: dict[str, _Field]  # "<in> <name>" -> field
    param_schemas: dict[str, Any]
    body_required: bool | None  # None: no request body
    body: dict[str, Any]  # media type -> schema
    responses: dict[str, dict[str, Any]]  # status -> media type -> schema ({} when no body)

    @property
    def label(self) -> str:
        return f"{self.operation_id} ({self.method.upper()} {self.path})"


class _Doc:
    """Reference resolution and type naming over one document."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        self.document = document
        components = document.get("components") or {}
        self.schemas: Mapping[str, Any] = components.get("schemas") or {}

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

    def resolve(self, node: Any) -> Any:
        for _ in range(_MAX_DEPTH):
            if not (isinstance(node, Mapping) and isinstance(node.get("$ref"), str)):
                break
            target = self.lookup(node["$ref"])
            if target is None:
                break
            node = target
        return node

    @staticmethod
    def is_named(schema: Any) -> bool:
        """Whether the generator makes a class of this schema (object or enum)."""
        return isinstance(schema, Mapping) and bool(
            "properties" in schema
            or "enum" in schema
            or "allOf" in schema
            or schema.get("type") == "object"
            or "additionalProperties" in schema
        )

    def schema_name(self, schema: Any) -> str | None:
        """The component name when `schema` is a `$ref` to a named (class) schema."""
        if isinstance(schema, Mapping) and isinstance(schema.get("$ref"), str):
            ref: str = schema["$ref"]
            if ref.startswith(SCHEMA_PREFIX) and self.is_named(self.lookup(ref)):
                return ref[len(SCHEMA_PREFIX) :]
        return None

    def type_of(self, schema: Any, depth: int = 0) -> str:
        if not isinstance(schema, Mapping) or depth > _MAX_DEPTH:
            return "any"
        ref = schema.get("$ref")
        if isinstance(ref, str):
            target = self.lookup(ref)
            if target is None or self.is_named(target):
                return ref.rsplit("/", 1)[-1]
            return self.type_of(target, depth + 1)
        for combinator in ("anyOf", "oneOf"):
            options = schema.get(combinator)
            if isinstance(options, list):
                return " | ".join(sorted({self.type_of(option, depth + 1) for option in options}))
        parts = schema.get("allOf")
        if isinstance(parts, list):
            return self.type_of(parts[0], depth + 1) if len(parts) == 1 else "object"
        declared = schema.get("type")
        kinds = [declared] if isinstance(declared, str) else list(declared or [])
        if not kinds:
            kinds = ["object"] if "properties" in schema else ["any"]
        names = []
        for kind in kinds:
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

    @staticmethod
    def inline_enum(schema: Any) -> tuple[str, ...] | None:
        """Enum values written in place (enums behind a `$ref` are compared once, by schema)."""
        if isinstance(schema, Mapping) and isinstance(schema.get("enum"), list):
            return tuple(str(value) for value in schema["enum"])
        return None

    def properties(self, schema: Any, depth: int = 0) -> tuple[dict[str, Any], set[str]]:
        """Properties and required names of an object schema, `allOf` parts merged."""
        schema = self.resolve(schema)
        props: dict[str, Any] = {}
        required: set[str] = set()
        if not isinstance(schema, Mapping) or depth > _MAX_DEPTH:
            return props, required
        for part in schema.get("allOf") or []:
            part_props, part_required = self.properties(part, depth + 1)
            props.update(part_props)
            required |= part_required
        props.update(schema.get("properties") or {})
        required |= {str(name) for name in schema.get("required") or []}
        return props, required

    def fields(self, schema: Any, prefix: str = "", depth: int = 0) -> dict[str, _Field]:
        """Fields of an object schema; inline nested objects as `a.b`, their arrays as `a[].b`."""
        result: dict[str, _Field] = {}
        if depth > _MAX_DEPTH:
            return result
        props, required = self.properties(schema)
        for name, prop in props.items():
            path = f"{prefix}{name}"
            result[path] = _Field(self.type_of(prop), name in required, self.inline_enum(prop))
            if isinstance(prop, Mapping) and "$ref" not in prop:
                if "properties" in prop:
                    result.update(self.fields(prop, f"{path}.", depth + 1))
                items = prop.get("items")
                if isinstance(items, Mapping) and "properties" in items and "$ref" not in items:
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
        seen: set[str] = set()
        pending = [ref for root in roots for ref in self.refs_in(root)]
        while pending:
            ref = pending.pop()
            if ref in seen:
                continue
            seen.add(ref)
            pending.extend(self.refs_in(self.lookup(ref)))
        return {ref[len(SCHEMA_PREFIX) :] for ref in seen if ref.startswith(SCHEMA_PREFIX)}

    def _raw_operations(self) -> Iterator[tuple[str, str, Mapping[str, Any], Mapping[str, Any]]]:
        for path, item in (self.document.get("paths") or {}).items():
            item = self.resolve(item)
            if not isinstance(item, Mapping):
                continue
            for method in HTTP_METHODS:
                operation = item.get(method)
                if isinstance(operation, Mapping):
                    yield str(path), method, item, operation

    def operations(self) -> dict[str, _Operation]:
        """Operations keyed by method and path, path parameter names ignored."""
        result: dict[str, _Operation] = {}
        for path, method, item, operation in self._raw_operations():
            params: dict[str, _Field] = {}
            param_schemas: dict[str, Any] = {}
            for raw in [*(item.get("parameters") or []), *(operation.get("parameters") or [])]:
                param = self.resolve(raw)
                if not isinstance(param, Mapping) or "name" not in param:
                    continue
                where, name = str(param.get("in", "query")), str(param["name"])
                if where == "header":
                    name = name.lower()  # header names are case-insensitive
                schema = param.get("schema")
                if schema is None and isinstance(param.get("content"), Mapping):
                    media: Any = next(iter(param["content"].values()), {})
                    schema = media.get("schema") if isinstance(media, Mapping) else None
                key = f"{where} {name}"
                required = bool(param.get("required"))
                params[key] = _Field(self.type_of(schema), required, self.inline_enum(schema))
                param_schemas[key] = schema
            body = self.resolve(operation.get("requestBody"))
            responses: dict[str, dict[str, Any]] = {}
            for status, response in (operation.get("responses") or {}).items():
                response = self.resolve(response)
                content = response.get("content") if isinstance(response, Mapping) else None
                responses[str(status)] = {
                    str(media): (spec or {}).get("schema")
                    for media, spec in (content or {}).items()
                }
            key = f"{method.upper()} {_PATH_PARAM.sub('{}', path)}"
            result[key] = _Operation(
                operation_id=str(operation.get("operationId") or f"{method.upper()} {path}"),
                method=method,
                path=path,
                params=params,
                param_schemas=param_schemas,
                body_required=bool(body.get("required")) if isinstance(body, Mapping) else None,
                body={
                    str(media): (spec or {}).get("schema")
                    for media, spec in ((body or {}).get("content") or {}).items()
                }
                if isinstance(body, Mapping)
                else {},
                responses=responses,
            )
        return result

    def request_roots(self) -> list[Any]:
        roots: list[Any] = []
        for _path, _method, item, operation in self._raw_operations():
            roots += [item.get("parameters"), operation.get("parameters")]
            roots.append(operation.get("requestBody"))
        return roots

    def response_roots(self) -> list[Any]:
        return [operation.get("responses") for *_, operation in self._raw_operations()]


class _Comparison:
    def __init__(self, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
        self.before, self.after = _Doc(old), _Doc(new)
        self.old_ops, self.new_ops = self.before.operations(), self.after.operations()
        self.renames = self._pair_schemas()
        names = sorted(self.renames, key=len, reverse=True)
        self._rename_pattern = (
            re.compile(r"(?<![\w.-])(" + "|".join(map(re.escape, names)) + r")(?![\w.-])")
            if names
            else None
        )
        self.changes: list[Change] = []

    # -- pairing renamed schemas --

    def _pair_schemas(self) -> dict[str, str]:
        """Old name -> new name for schemas used in the same place under different names."""
        pending: list[tuple[Any, Any]] = []
        for key in self.old_ops.keys() & self.new_ops.keys():
            a, b = self.old_ops[key], self.new_ops[key]
            for name in a.param_schemas.keys() & b.param_schemas.keys():
                pending.append((a.param_schemas[name], b.param_schemas[name]))
            for media in a.body.keys() & b.body.keys():
                pending.append((a.body[media], b.body[media]))
            for status in a.responses.keys() & b.responses.keys():
                for media in a.responses[status].keys() & b.responses[status].keys():
                    pending.append((a.responses[status][media], b.responses[status][media]))
        renames: dict[str, str] = {}
        visited: set[tuple[str, str]] = set()
        old_names, new_names = set(self.before.schemas), set(self.after.schemas)
        for _ in range(10_000):
            if not pending:
                break
            a, b = pending.pop()
            if not isinstance(a, Mapping) or not isinstance(b, Mapping):
                continue
            a_name, b_name = self.before.schema_name(a), self.after.schema_name(b)
            if a_name is not None and b_name is not None:
                if (a_name, b_name) in visited:
                    continue
                visited.add((a_name, b_name))
                if (
                    a_name != b_name
                    and a_name not in new_names
                    and b_name not in old_names
                    and a_name not in renames
                    and b_name not in renames.values()
                ):
                    renames[a_name] = b_name
                elif a_name != b_name:
                    continue  # a real change of type, reported where it is used
            elif a_name is not None or b_name is not None:
                continue
            a_props, _ = self.before.properties(a)
            b_props, _ = self.after.properties(b)
            for name in a_props.keys() & b_props.keys():
                pending.append((a_props[name], b_props[name]))
            a_res, b_res = self.before.resolve(a), self.after.resolve(b)
            if isinstance(a_res, Mapping) and isinstance(b_res, Mapping):
                if "items" in a_res and "items" in b_res:
                    pending.append((a_res["items"], b_res["items"]))
                for combinator in ("anyOf", "oneOf"):
                    a_opts, b_opts = a_res.get(combinator), b_res.get(combinator)
                    if isinstance(a_opts, list) and isinstance(b_opts, list):
                        pending.extend(zip(a_opts, b_opts, strict=False))
        return renames

    def renamed(self, type_name: str) -> str:
        if self._rename_pattern is None:
            return type_name
        return self._rename_pattern.sub(lambda match: self.renames[match.group(1)], type_name)

    # -- comparing --

    def add(self, kind: str, subject: str, action: str, detail: str, breaking: bool) -> None:
        self.changes.append(Change(kind, subject, action, detail, breaking))

    def fields(
        self,
        kind: str,
        prefix: str,
        old: Mapping[str, _Field],
        new: Mapping[str, _Field],
        *,
        in_request: bool,
        in_response: bool,
    ) -> None:
        def describe(field: _Field, rename: Callable[[str], str] = str) -> str:
            return f"{rename(field.type)}, {'required' if field.required else 'optional'}"

        for name in sorted(new.keys() - old.keys()):
            field = new[name]
            self.add(kind, prefix + name, "added", describe(field), in_request and field.required)
        for name in sorted(old.keys() - new.keys()):
            self.add(kind, prefix + name, "removed", describe(old[name]), True)
        for name in sorted(old.keys() & new.keys()):
            before, after = old[name], new[name]
            subject = prefix + name
            old_type = self.renamed(before.type)
            if old_type != after.type:
                self.add(kind, subject, "changed", f"{before.type} -> {after.type}", True)
            if before.required and not after.required:
                self.add(kind, subject, "changed", "now optional (may be absent)", in_response)
            elif after.required and not before.required:
                self.add(kind, subject, "changed", "now required", in_request)
            self.enum(subject, before.enum, after.enum)

    def enum(self, subject: str, old: tuple[str, ...] | None, new: tuple[str, ...] | None) -> None:
        if old is None or new is None:
            return
        for value in new:
            if value not in old:
                self.add("enum value", subject, "added", repr(value), False)
        for value in old:
            if value not in new:
                self.add("enum value", subject, "removed", repr(value), True)

    def operations(self) -> None:
        for key in sorted(self.new_ops.keys() - self.old_ops.keys()):
            self.add("operation", self.new_ops[key].label, "added", "", False)
        for key in sorted(self.old_ops.keys() - self.new_ops.keys()):
            self.add("operation", self.old_ops[key].label, "removed", "", True)
        for key in sorted(self.old_ops.keys() & self.new_ops.keys()):
            a, b = self.old_ops[key], self.new_ops[key]
            if a.operation_id != b.operation_id:
                detail = f"renamed from {a.operation_id}"
                self.add("operation", b.label, "changed", detail, True)
            subject = f"{b.operation_id}: "
            self.fields(
                "parameter", subject, a.params, b.params, in_request=True, in_response=False
            )
            self.bodies(b.operation_id, a, b)
            self.responses(b.operation_id, a, b)

    def bodies(self, subject: str, a: _Operation, b: _Operation) -> None:
        if a.body_required is None and b.body_required is None:
            return
        if a.body_required is None:
            detail = ", ".join(f"{m} {self.after.type_of(s)}" for m, s in b.body.items())
            self.add("request body", subject, "added", detail, bool(b.body_required))
            return
        if b.body_required is None:
            self.add("request body", subject, "removed", ", ".join(a.body), True)
            return
        for media in sorted(b.body.keys() - a.body.keys()):
            detail = f"{media} {self.after.type_of(b.body[media])}"
            self.add("request body", subject, "added", detail, False)
        for media in sorted(a.body.keys() - b.body.keys()):
            detail = f"{media} {self.before.type_of(a.body[media])}"
            self.add("request body", subject, "removed", detail, True)
        for media in sorted(a.body.keys() & b.body.keys()):
            old_type, new_type = (
                self.before.type_of(a.body[media]),
                self.after.type_of(b.body[media]),
            )
            if self.renamed(old_type) != new_type:
                detail = f"{media}: {old_type} -> {new_type}"
                self.add("request body", subject, "changed", detail, True)
        if a.body_required != b.body_required:
            detail = "now required" if b.body_required else "now optional"
            self.add("request body", subject, "changed", detail, bool(b.body_required))

    def responses(self, subject: str, a: _Operation, b: _Operation) -> None:
        def summary(doc: _Doc, content: Mapping[str, Any]) -> str:
            if not content:
                return "no body"
            return " | ".join(sorted({doc.type_of(schema) for schema in content.values()}))

        for status in sorted(b.responses.keys() - a.responses.keys()):
            detail = summary(self.after, b.responses[status])
            self.add("response", f"{subject} {status}", "added", detail, False)
        for status in sorted(a.responses.keys() - b.responses.keys()):
            detail = summary(self.before, a.responses[status])
            self.add("response", f"{subject} {status}", "removed", detail, False)
        for status in sorted(a.responses.keys() & b.responses.keys()):
            old = summary(self.before, a.responses[status])
            new = summary(self.after, b.responses[status])
            if self.renamed(old) != new:
                self.add("response", f"{subject} {status}", "changed", f"{old} -> {new}", True)

    def schemas(self) -> None:
        before, after = self.before, self.after
        old_names, new_names = set(before.schemas), set(after.schemas)
        targets = set(self.renames.values())
        for name in sorted(new_names - old_names - targets):
            self.add("schema", name, "added", "", False)
        for name in sorted(old_names - new_names - self.renames.keys()):
            self.add("schema", name, "removed", "", True)
        requests = before.reachable_schemas(before.request_roots())
        requests |= after.reachable_schemas(after.request_roots())
        responses = before.reachable_schemas(before.response_roots())
        responses |= after.reachable_schemas(after.response_roots())
        pairs = [(name, name) for name in sorted(old_names & new_names)]
        for old_name, new_name in sorted(self.renames.items()):
            self.add("schema", new_name, "changed", f"renamed from {old_name}", True)
            pairs.append((old_name, new_name))
        for old_name, new_name in pairs:
            a, b = before.schemas[old_name], after.schemas[new_name]
            old_kind, new_kind = before.type_of(a), after.type_of(b)
            if before.is_named(a) != after.is_named(b) or (
                not after.is_named(b) and self.renamed(old_kind) != new_kind
            ):
                self.add("schema", new_name, "changed", f"{old_kind} -> {new_kind}", True)
            self.enum(new_name, before.inline_enum(a), after.inline_enum(b))
            self.fields(
                "field",
                f"{new_name}.",
                before.fields(a),
                after.fields(b),
                in_request=old_name in requests or new_name in requests,
                in_response=old_name in responses or new_name in responses,
            )


def diff_contracts(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    """What changed from `old` to `new`, as seen by a generated client."""
    comparison = _Comparison(old, new)
    comparison.operations()
    comparison.schemas()
    return comparison.changes


def format_report(changes: list[Change], old_label: str, new_label: str) -> str:
    """A readable report: operations, then requests, responses and schemas; breaking first."""
    if not changes:
        return f"No client-visible changes from {old_label} to {new_label}."
    breaking = sum(1 for change in changes if change.breaking)
    lines = [f"Changes from {old_label} to {new_label}: {len(changes)} ({breaking} breaking)"]
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
