"""Compare the wire format of a contract with an upstream contract it must stay compatible with.

`diff_wire(ours, upstream)` lists where a client or a server made from `ours`
would not interoperate with one made from `upstream`. It looks only at what
travels: operations are matched by method and path (operationIds and path
parameter names are not on the wire, so they are ignored), and bodies are
compared field by field by their JSON names, whatever their schemas are called.
It reports:

- an operation on one side only;
- a parameter upstream declares that the contract lacks or has in another
  location, a parameter only the contract requires, and a parameter whose
  type or required flag differs;
- a request body, or a request media type, on one side only;
- a status code upstream answers that the contract does not declare, a
  response header upstream declares that the contract lacks, and a structured
  response body on one side only;
- a body field upstream declares that the contract lacks, a field only the
  contract requires, a field whose type differs, a request field whose
  required flag differs, a response field the contract requires but upstream
  may leave out, and enum values one side's closed set does not allow.

Rules that follow from what is on the wire:

- Types are JSON types (`string`, `integer`, `number`, `boolean`, `object`,
  `array`, `null`). Formats constrain values, not types (a `format: uuid`
  string and a URN string are both strings). A schema that names no type
  takes any JSON value. It matches every type on the wider side: upstream's
  in a request (the contract's clients send something it accepts), the
  contract's in a response (its clients parse whatever upstream sends); on
  the other side it is a difference. A whole body that is a byte stream
  (`type: string, format: binary`) matches any body; inside JSON such a
  field is a string.
- An enum open to future values (`anyOf: [<enum>, {type: string}]`) is a
  string: it takes any value, so only a closed enum is compared value by value.
- Below a field that one side leaves free-form (any value, or an object
  with `additionalProperties`), the other side's sub-fields are not compared.
- Header parameters named `Accept`, `Content-Type` or `Authorization` are
  ignored, as OpenAPI specifies (the media type belongs on the body, the
  credentials on the security scheme); so is a `Content-Type` response header.
  Header names are compared case-insensitively.
- Extra optional parameters and fields, extra status codes and extra
  response headers in the contract are extensions, not differences.
- Responses are lenient: a response field upstream requires may be optional
  in the contract (a client then still parses a record that lacks it).
  Requests are strict: required flags must agree, since both the contract's
  clients and its servers (the sandbox) follow them.

Descriptions, examples, operationIds and schema names are never compared.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from json_document import follow, json_type

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
IGNORED_HEADER_PARAMETERS = frozenset({"accept", "content-type", "authorization"})
IGNORED_RESPONSE_HEADERS = frozenset({"content-type"})
# The kinds of difference, in the order the report lists them.
KINDS = ("operation", "parameter", "request body", "response", "response header", "field")
_PATH_PARAM = re.compile(r"\{([^}]*)\}")
_MAX_DEPTH = 16


@dataclass(frozen=True, order=True)
class Difference:
    """One way the two contracts disagree on the wire."""

    kind: str  # operation, parameter, request body, response, response header, field
    subject: str  # "GET /1/orders query limit", "GET /1/orders 200 items[].id", ...
    problem: str  # a sentence: what differs

    @property
    def key(self) -> tuple[str, str]:
        """What an allow-list entry names: the kind and the subject."""
        return self.kind, self.subject

    def line(self) -> str:
        return f"{self.kind} {self.subject}: {self.problem}"


@dataclass(frozen=True)
class _Shape:
    """What a schema lets travel at one place of a body or parameter."""

    types: frozenset[str] | None  # JSON types; None: any JSON value
    closed: frozenset[str] | None  # the only allowed values of a closed enum
    free: bool  # members not declared below it may appear (any value, or additionalProperties)
    opaque: bool  # a byte stream rather than JSON (`format: binary`)

    @property
    def describe(self) -> str:
        if self.opaque:
            return "bytes"
        if self.types is None:
            return "any value"
        return " or ".join(sorted(self.types))


@dataclass(frozen=True)
class _Field:
    shape: _Shape
    required: bool


@dataclass(frozen=True)
class _Parameter:
    location: str
    name: str
    shape: _Shape
    required: bool


@dataclass(frozen=True)
class _Operation:
    method: str
    path: str
    parameters: dict[str, _Parameter]  # "<in> <name>" (path parameters: "path #<n>")
    body: dict[str, Any] | None  # media type -> schema; None: no request body
    body_required: bool
    responses: dict[str, tuple[dict[str, Any], frozenset[str]]]  # status -> (content, headers)

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.path}"


_ANY = _Shape(None, None, True, False)


class _Document:
    def __init__(self, document: Mapping[str, Any]) -> None:
        self.document = document

    def lookup(self, ref: str) -> Any:
        return follow(self.document, ref)[1] if ref.startswith("#/") else None

    def resolve(self, node: Any) -> Any:
        for _ in range(_MAX_DEPTH):
            if not (isinstance(node, Mapping) and isinstance(node.get("$ref"), str)):
                break
            target = self.lookup(node["$ref"])
            if target is None:
                break
            node = target
        return node

    # -- shapes --

    def shape(self, schema: Any, depth: int = 0) -> _Shape:
        schema = self.resolve(schema)
        if not isinstance(schema, Mapping) or depth > _MAX_DEPTH:
            return _ANY
        for combinator in ("anyOf", "oneOf"):
            options = schema.get(combinator)
            if isinstance(options, list) and options:
                return self._union([self.shape(option, depth + 1) for option in options])
        parts = schema.get("allOf")
        if isinstance(parts, list) and parts:
            shapes = [self.shape(part, depth + 1) for part in parts]
            typed = [s.types for s in shapes if s.types is not None]
            common = frozenset.intersection(*typed) if typed else None
            return _Shape(common, None, any(s.free for s in shapes), False)
        values = schema.get("enum")
        closed = frozenset(str(v) for v in values) if isinstance(values, list) else None
        declared = schema.get("type")
        types: frozenset[str] | None
        if isinstance(declared, str):
            types = frozenset({declared})
        elif isinstance(declared, list) and declared:
            types = frozenset(str(kind) for kind in declared)
        elif "properties" in schema or "additionalProperties" in schema:
            types = frozenset({"object"})
        elif "items" in schema:
            types = frozenset({"array"})
        elif isinstance(values, list) and values:
            types = frozenset(json_type(v) for v in values)
        else:
            types = None
        if types is not None and schema.get("nullable") is True:
            types |= {"null"}
        extra = schema.get("additionalProperties")
        free = types is None or (
            types == frozenset({"object"})
            and (not schema.get("properties") or (extra is not None and extra is not False))
        )
        opaque = types == frozenset({"string"}) and schema.get("format") == "binary"
        return _Shape(types, closed, free, opaque)

    @staticmethod
    def _union(shapes: list[_Shape]) -> _Shape:
        if any(s.types is None for s in shapes):
            types = None
        else:
            types = frozenset().union(*(s.types or frozenset() for s in shapes))
        closed = None
        if all(s.closed is not None for s in shapes):
            closed = frozenset().union(*(s.closed or frozenset() for s in shapes))
        return _Shape(types, closed, any(s.free for s in shapes), all(s.opaque for s in shapes))

    # -- fields --

    def _members(self, schema: Any, depth: int) -> tuple[dict[str, Any], set[str]]:
        """Properties and required names; `allOf` parts and `anyOf`/`oneOf` options merged."""
        schema = self.resolve(schema)
        props: dict[str, Any] = {}
        required: set[str] = set()
        if not isinstance(schema, Mapping) or depth > _MAX_DEPTH:
            return props, required
        for part in schema.get("allOf") or []:
            part_props, part_required = self._members(part, depth + 1)
            props.update(part_props)
            required |= part_required
        for combinator in ("anyOf", "oneOf"):
            for option in schema.get(combinator) or []:
                option_props, _ = self._members(option, depth + 1)
                for name, prop in option_props.items():
                    props.setdefault(name, prop)
        props.update(schema.get("properties") or {})
        required |= {str(name) for name in schema.get("required") or []}
        return props, required

    def _items(self, schema: Any, depth: int) -> Any:
        schema = self.resolve(schema)
        if not isinstance(schema, Mapping) or depth > _MAX_DEPTH:
            return None
        if "items" in schema:
            return schema["items"]
        for combinator in ("anyOf", "oneOf", "allOf"):
            for option in schema.get(combinator) or []:
                items = self._items(option, depth + 1)
                if items is not None:
                    return items
        return None

    def fields(self, schema: Any) -> dict[str, _Field]:
        """Every place in a body, by JSON path: `""` the body, `a.b` members, `a[]` array items."""
        result: dict[str, _Field] = {}
        self._walk(schema, "", True, result, frozenset(), 0)
        return result

    def _walk(
        self,
        schema: Any,
        path: str,
        required: bool,
        into: dict[str, _Field],
        seen: frozenset[str],
        depth: int,
    ) -> None:
        ref = schema.get("$ref") if isinstance(schema, Mapping) else None
        if isinstance(ref, str):
            if ref in seen:  # a recursive schema: one level is enough to compare
                into[path] = _Field(self.shape(schema), required)
                return
            seen = seen | {ref}
        shape = self.shape(schema)
        if path:  # inside JSON a `format: binary` string is still a JSON string
            shape = replace(shape, opaque=False)
        into[path] = _Field(shape, required)
        if depth > _MAX_DEPTH or shape.types is None:
            return
        if "object" in shape.types:
            props, names = self._members(schema, depth)
            for name, prop in props.items():
                child = f"{path}.{name}" if path else str(name)
                self._walk(prop, child, name in names, into, seen, depth + 1)
        if "array" in shape.types:
            items = self._items(schema, depth)
            if items is not None:
                self._walk(items, f"{path}[]", True, into, seen, depth + 1)

    # -- operations --

    def operations(self) -> dict[str, _Operation]:
        """Operations keyed by method and path, path parameter names ignored."""
        result: dict[str, _Operation] = {}
        for path, item in (self.document.get("paths") or {}).items():
            item = self.resolve(item)
            if not isinstance(item, Mapping):
                continue
            for method in HTTP_METHODS:
                operation = item.get(method)
                if isinstance(operation, Mapping):
                    key = f"{method.upper()} {_PATH_PARAM.sub('{}', str(path))}"
                    result[key] = self._operation(str(path), method, item, operation)
        return result

    def _operation(
        self, path: str, method: str, item: Mapping[str, Any], operation: Mapping[str, Any]
    ) -> _Operation:
        declared: dict[tuple[str, str], Mapping[str, Any]] = {}
        for raw in [*(item.get("parameters") or []), *(operation.get("parameters") or [])]:
            param = self.resolve(raw)
            if isinstance(param, Mapping) and "name" in param:
                declared[(str(param.get("in", "query")), str(param["name"]))] = param
        positions = {name: index for index, name in enumerate(_PATH_PARAM.findall(path), 1)}
        parameters: dict[str, _Parameter] = {}
        for (location, name), param in declared.items():
            if location == "header":
                name = name.lower()
                if name in IGNORED_HEADER_PARAMETERS:
                    continue
            schema = param.get("schema")
            if schema is None and isinstance(param.get("content"), Mapping):
                media: Any = next(iter(param["content"].values()), {})
                schema = media.get("schema") if isinstance(media, Mapping) else None
            key = f"{location} {name}"
            if location == "path":
                key = f"path #{positions.get(name, 0)}"
            shape = replace(self.shape(schema), opaque=False)  # a parameter is text
            parameters[key] = _Parameter(location, name, shape, bool(param.get("required")))
        body = self.resolve(operation.get("requestBody"))
        content = body.get("content") if isinstance(body, Mapping) else None
        responses: dict[str, tuple[dict[str, Any], frozenset[str]]] = {}
        for status, response in (operation.get("responses") or {}).items():
            response = self.resolve(response)
            if not isinstance(response, Mapping):
                continue
            headers = frozenset(
                str(name).lower()
                for name in response.get("headers") or {}
                if str(name).lower() not in IGNORED_RESPONSE_HEADERS
            )
            responses[str(status)] = (_content(response.get("content")), headers)
        return _Operation(
            method=method,
            path=path,
            parameters=parameters,
            body=_content(content) if isinstance(body, Mapping) else None,
            body_required=bool(body.get("required")) if isinstance(body, Mapping) else False,
            responses=responses,
        )


def _content(content: Any) -> dict[str, Any]:
    if not isinstance(content, Mapping):
        return {}
    return {
        str(media): spec.get("schema") if isinstance(spec, Mapping) else None
        for media, spec in content.items()
    }


def _is_json(media: str) -> bool:
    base = media.split(";", 1)[0].strip().lower()
    return base == "application/json" or base.endswith("+json")


def _pick(content: Mapping[str, Any], prefer: str | None = None) -> tuple[str, Any] | None:
    """The media type and schema to compare: `prefer` if present, else the first JSON one."""
    if not content:
        return None
    if prefer is not None and prefer in content:
        return prefer, content[prefer]
    for media, schema in content.items():
        if _is_json(media):
            return media, schema
    media = next(iter(content))
    return media, content[media]


def _values(values: frozenset[str]) -> str:
    return ", ".join(repr(value) for value in sorted(values))


def _parent(path: str) -> str:
    """`a.b` -> `a`, `a[]` -> `a`, `a[].b` -> `a[]`, `a` -> `""` (the body)."""
    if path.endswith("[]"):
        return path[:-2]
    cut = path.rfind(".")
    return path[:cut] if cut >= 0 else ""


def _covered(path: str, fields: Mapping[str, _Field]) -> bool:
    """Whether a parent of `path` on this side is free-form, so `path` needs no declaration."""
    while path:
        path = _parent(path)
        found = fields.get(path)
        if found is not None and (found.shape.free or found.shape.opaque):
            return True
    return False


class _Comparison:
    def __init__(self, ours: Mapping[str, Any], upstream: Mapping[str, Any]) -> None:
        self.ours, self.upstream = _Document(ours), _Document(upstream)
        self.differences: list[Difference] = []

    def add(self, kind: str, subject: str, problem: str) -> None:
        self.differences.append(Difference(kind, subject, problem))

    def run(self) -> list[Difference]:
        ours, upstream = self.ours.operations(), self.upstream.operations()
        for key in sorted(upstream.keys() - ours.keys()):
            self.add("operation", upstream[key].label, "upstream has it; the contract does not")
        for key in sorted(ours.keys() - upstream.keys()):
            self.add(
                "operation", ours[key].label, "only in the contract; upstream has no such operation"
            )
        for key in sorted(ours.keys() & upstream.keys()):
            self.operation(ours[key], upstream[key])
        return sorted(set(self.differences), key=lambda d: (KINDS.index(d.kind), d.subject))

    # -- one operation --

    def operation(self, ours: _Operation, upstream: _Operation) -> None:
        label = ours.label
        self.parameters(label, ours.parameters, upstream.parameters)
        self.request_body(label, ours, upstream)
        for status in sorted(upstream.responses.keys() - ours.responses.keys()):
            if not self._status_covered(status, ours.responses):
                self.add(
                    "response", f"{label} {status}", "upstream answers it; the contract does not"
                )
        for status in sorted(upstream.responses.keys() & ours.responses.keys()):
            self.response(f"{label} {status}", ours.responses[status], upstream.responses[status])

    @staticmethod
    def _status_covered(status: str, declared: Mapping[str, Any]) -> bool:
        return "default" in declared or (len(status) == 3 and f"{status[0]}XX" in declared)

    def parameters(
        self, label: str, ours: Mapping[str, _Parameter], upstream: Mapping[str, _Parameter]
    ) -> None:
        by_name = {(p.name.lower() if p.location == "header" else p.name): p for p in ours.values()}
        for key in sorted(upstream.keys() - ours.keys()):
            up = upstream[key]
            subject = f"{label} {up.location} {up.name}"
            elsewhere = by_name.get(up.name.lower() if up.location == "header" else up.name)
            if elsewhere is not None and elsewhere.location != up.location:
                where = f"in {elsewhere.location} here, in {up.location} upstream"
                self.add("parameter", subject, where)
                continue
            flag = "required" if up.required else "optional"
            self.add("parameter", subject, f"upstream declares it ({flag}); the contract does not")
        upstream_names = {
            (p.name.lower() if p.location == "header" else p.name) for p in upstream.values()
        }
        for key in sorted(ours.keys() - upstream.keys()):
            mine = ours[key]
            name = mine.name.lower() if mine.location == "header" else mine.name
            if mine.required and name not in upstream_names:
                subject = f"{label} {mine.location} {mine.name}"
                self.add("parameter", subject, "required here; upstream does not declare it")
        for key in sorted(ours.keys() & upstream.keys()):
            mine, up = ours[key], upstream[key]
            subject = f"{label} {mine.location} {mine.name}"
            if mine.required != up.required:
                problem = "required here, optional upstream"
                if up.required:
                    problem = "optional here, required upstream"
                self.add("parameter", subject, problem)
            self.shapes("parameter", subject, mine.shape, up.shape, request=True)

    def request_body(self, label: str, ours: _Operation, upstream: _Operation) -> None:
        if ours.body is None and upstream.body is None:
            return
        if upstream.body is None:
            media = ", ".join(ours.body or {}) or "no media type"
            self.add("request body", label, f"the contract takes one ({media}); upstream none")
            return
        if ours.body is None:
            media = ", ".join(upstream.body) or "no media type"
            self.add("request body", label, f"upstream takes one ({media}); the contract none")
            return
        for media in upstream.body:
            if media not in ours.body:
                self.add("request body", label, f"upstream accepts {media}; the contract does not")
        if ours.body_required != upstream.body_required:
            problem = "required here, optional upstream"
            if upstream.body_required:
                problem = "optional here, required upstream"
            self.add("request body", label, problem)
        up = _pick(upstream.body)
        mine = _pick(ours.body, up[0] if up else None)
        if up is not None and mine is not None:
            self.bodies(f"{label} request", mine[1], up[1], request=True)

    def response(
        self,
        subject: str,
        ours: tuple[dict[str, Any], frozenset[str]],
        upstream: tuple[dict[str, Any], frozenset[str]],
    ) -> None:
        (our_content, our_headers), (up_content, up_headers) = ours, upstream
        for header in sorted(up_headers - our_headers):
            self.add(
                "response header",
                f"{subject} {header}",
                "upstream sends it; the contract does not declare it",
            )
        up = _pick(up_content)
        mine = _pick(our_content, up[0] if up else None)
        if up is None and mine is None:
            return
        if up is None or mine is None:
            if up is None and mine is not None:
                media, opaque = mine[0], self.ours.shape(mine[1]).opaque
                problem = f"the contract declares a body ({media}); upstream none"
            elif up is not None:
                media, opaque = up[0], self.upstream.shape(up[1]).opaque
                problem = f"upstream declares a body ({media}); the contract none"
            if not opaque:  # a byte stream may be empty: no body is one
                self.add("response", subject, problem)
            return
        self.bodies(subject, mine[1], up[1], request=False)

    # -- bodies and fields --

    def bodies(self, subject: str, ours: Any, upstream: Any, *, request: bool) -> None:
        mine, theirs = self.ours.fields(ours), self.upstream.fields(upstream)
        if mine[""].shape.opaque or theirs[""].shape.opaque:
            return  # a byte stream on either side: no JSON to compare
        # A field on one side only is reported once, not again for each of its sub-fields.
        for path in sorted(theirs.keys() - mine.keys()):
            if _covered(path, mine) or _parent(path) not in mine:
                continue
            field = theirs[path]
            problem = "upstream sends it; the contract does not declare it"
            if request:
                flag = "required" if field.required else "optional"
                problem = f"upstream accepts it ({flag}); the contract does not declare it"
            self.add("field", f"{subject} {path}", problem)
        for path in sorted(mine.keys() - theirs.keys()):
            if _parent(path) not in theirs:
                continue
            if mine[path].required and not _covered(path, theirs):
                self.add(
                    "field", f"{subject} {path}", "required here; upstream does not declare it"
                )
        for path in sorted(mine.keys() & theirs.keys()):
            if _covered(path, mine) or _covered(path, theirs):
                continue
            where = f"{subject} {path}" if path else f"{subject} (body)"
            field, up = mine[path], theirs[path]
            if path and field.required != up.required:
                if request:
                    problem = "required here, optional upstream"
                    if up.required:
                        problem = "optional here, required upstream"
                    self.add("field", where, problem)
                elif field.required:
                    self.add("field", where, "required here; upstream may leave it out")
            self.shapes("field", where, field.shape, up.shape, request=request)

    def shapes(
        self, kind: str, subject: str, ours: _Shape, upstream: _Shape, *, request: bool
    ) -> None:
        if ours.opaque or upstream.opaque:
            return
        # Any value matches every type in one direction only: what the contract's clients send
        # must be something upstream accepts, and what upstream sends must be something the
        # contract's clients parse.
        narrower = ours if request else upstream
        if ours.types is None or upstream.types is None:
            if narrower.types is None and (ours.types or upstream.types):
                self.add(kind, subject, f"{ours.describe} here, {upstream.describe} upstream")
            return
        if ours.types != upstream.types:
            self.add(kind, subject, f"{ours.describe} here, {upstream.describe} upstream")
            return
        if upstream.closed is not None and ours.closed is not None:
            missing = upstream.closed - ours.closed
            if missing:
                self.add(
                    kind, subject, f"upstream allows {_values(missing)}; the contract does not"
                )
        if request and ours.closed is not None:
            extra = ours.closed - (upstream.closed if upstream.closed is not None else ours.closed)
            if extra:
                self.add(kind, subject, f"the contract allows {_values(extra)}; upstream does not")
        elif not request and ours.closed is not None and upstream.closed is None:
            problem = "a closed set of values here; upstream may send any string"
            self.add(kind, subject, problem)


def diff_wire(ours: Mapping[str, Any], upstream: Mapping[str, Any]) -> list[Difference]:
    """Where `ours` and `upstream` disagree on the wire (see the module docstring)."""
    return _Comparison(ours, upstream).run()


# --- the allow-list ---------------------------------------------------------------------


@dataclass(frozen=True)
class Allowed:
    """A difference kept on purpose, and why."""

    kind: str
    subject: str
    reason: str

    @property
    def key(self) -> tuple[str, str]:
        return self.kind, self.subject


def parse_allow_list(data: Mapping[str, Any], label: str) -> list[Allowed]:
    """The `[[difference]]` entries of an allow-list file; ValueError names a malformed one."""
    entries = data.get("difference", [])
    if not isinstance(entries, list):
        raise ValueError(f"{label}: `difference` must be an array of tables ([[difference]])")
    allowed: list[Allowed] = []
    seen: set[tuple[str, str]] = set()
    for index, entry in enumerate(entries, 1):
        where = f"{label}: entry {index}"
        if not isinstance(entry, Mapping):
            raise ValueError(f"{where} is not a table")
        unknown = set(entry) - {"kind", "subject", "reason"}
        if unknown:
            raise ValueError(f"{where} has unknown keys: {', '.join(sorted(unknown))}")
        values = {key: entry.get(key) for key in ("kind", "subject", "reason")}
        for key, value in values.items():
            if not isinstance(value, str) or not value.strip():
                raise ValueError(f"{where} needs a non-empty `{key}` string")
        item = Allowed(str(values["kind"]), str(values["subject"]), str(values["reason"]).strip())
        if item.key in seen:
            raise ValueError(f"{where} repeats {item.kind} {item.subject}")
        seen.add(item.key)
        allowed.append(item)
    return allowed


@dataclass(frozen=True)
class WireReport:
    differences: list[Difference]  # not allowed
    allowed: list[tuple[Difference, Allowed]]
    stale: list[Allowed]  # entries that match no difference
    stale_fails: bool = True  # False when comparing with another upstream than the list's

    @property
    def failed(self) -> bool:
        return bool(self.differences or (self.stale and self.stale_fails))


def apply_allow_list(
    differences: list[Difference], allowed: list[Allowed], *, stale_fails: bool = True
) -> WireReport:
    """Split `differences` into those `allowed` lists and the others; find unused entries."""
    by_key = {entry.key: entry for entry in allowed}
    kept = [d for d in differences if d.key not in by_key]
    matched = [(d, by_key[d.key]) for d in differences if d.key in by_key]
    used = {d.key for d, _ in matched}
    stale = [entry for entry in allowed if entry.key not in used]
    return WireReport(kept, matched, stale, stale_fails)


def format_wire_report(
    report: WireReport, ours_label: str, upstream_label: str, allow_label: str | None
) -> str:
    """The report: differences not allowed first, then the allowed ones with their reasons."""
    where = f"{ours_label} and upstream {upstream_label}"
    allowed = len(report.allowed)
    listed = f" beyond the {allowed} allowed by {allow_label}" if allowed else ""
    if report.differences:
        lines = [f"Wire differences between {where}: {len(report.differences)}{listed}"]
        lines.extend(f"  {difference.line()}" for difference in report.differences)
    else:
        lines = [f"No wire differences between {where}{listed}."]
    if report.allowed:
        lines.append(f"Allowed by {allow_label}:")
        for difference, entry in report.allowed:
            lines.append(f"  {difference.line()}")
            lines.append(
                textwrap.fill(
                    " ".join(entry.reason.split()),
                    width=100,
                    initial_indent="      why: ",
                    subsequent_indent="           ",
                    break_on_hyphens=False,
                )
            )
    if report.stale:
        if report.stale_fails:
            lines.append(
                f"Entries in {allow_label} that match no difference (remove them, or correct "
                "their kind and subject to what this report prints):"
            )
        else:
            lines.append(
                f"Entries in {allow_label} that match no difference with this upstream (they "
                "are kept for the manifest's upstream):"
            )
        lines.extend(f"  {entry.kind} {entry.subject}" for entry in report.stale)
    if report.differences:
        where_listed = allow_label or "an `upstream-differences` file named in the manifest"
        lines.append(
            "Make the contract compatible, or, for a deliberate difference, add its kind and "
            f"subject to {where_listed} with the reason."
        )
    return "\n".join(lines)
