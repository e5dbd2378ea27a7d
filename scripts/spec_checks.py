"""openapi-spec-validator's semantic checks, in one pass over the plain document.

openapi-spec-validator (0.9) validates a spec in two steps: the whole document
against the OpenAPI JSON Schema of its version, then a keyword pass that walks
it through `jsonschema_path.SchemaPath` objects. The first step is fast (it
uses jsonschema-rs when installed). The second takes most of the time on a
large spec: every step down the document resolves a path from the root
through a small cache, a typing-Protocol `isinstance` runs per node, each
Schema Object builds a new meta-schema validator, and the visited-schema
registries are lists searched linearly. On a 10 MB spec that is 7-9 s, where
generating the client takes about 20 s.

`semantic_problems` makes the same checks, in the same order and with the
same messages, walking the plain dicts once:

- each Schema Object reachable from a parameter, a response's media type or
  `components/schemas` is checked against the JSON Schema dialect of the
  spec (OpenAPI 3.0's, or for 3.1 the schema's `$schema`, the document's
  `jsonSchemaDialect` or the OpenAPI base dialect), once per schema object,
  with one validator built once (jsonschema-rs when installed, which
  openapi-spec-validator itself prefers for the document, and Python's `re`
  for the `regex` format, the one format these meta-schemas have a checker
  for); a schema that fails is checked again with the dialect's own Python
  `check_schema`, which has the last word and gives the message;
- `default` values against their schema (unless null and `nullable`);
- `required` names that neither the schema nor its `allOf` parts define;
- duplicate parameters (name and location) in one list;
- path parameters declared but not in the path template, or the other way;
- duplicate tag names.

Request bodies are not walked, as openapi-spec-validator does not walk them.
Duplicate operationIds are checked before this, by regenerate.py itself.
`tests/generator/test_validation.py` keeps both passes finding the same
problems on a corpus of broken specs.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, cast

from json_document import follow

OPERATIONS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_MAX_REF_HOPS = 64


@dataclass(frozen=True)
class Finding:
    """One problem: where it is, and openapi-spec-validator's message for it."""

    pointer: str
    message: str
    reasons: tuple[str, ...] = ()  # the messages of the alternatives, for oneOf/anyOf errors

    def text(self) -> str:
        text = f"{self.pointer}: {self.message}"
        if self.reasons:
            text += " (" + "; ".join(self.reasons[:3]) + ")"
        return text


def _segment(key: object) -> str:
    return str(key).replace("~", "~0").replace("/", "~1")


def _join(pointer: str, parts: Any) -> str:
    return "/".join([pointer, *map(_segment, parts)]) if parts else pointer


@cache
def _fast_validator(validator_cls: Any) -> Any | None:
    """jsonschema-rs for a dialect's meta-schema, when it is installed (it is optional).

    Formats are left to `_patterns_compile`: of the formats these meta-schemas name, the
    Python format checkers enforce only `regex` (no `uri` checker is installed).
    """
    try:
        import jsonschema_rs
    except ImportError:
        return None
    from openapi_schema_validator._specifications import REGISTRY

    try:
        registry = jsonschema_rs.Registry([(uri, REGISTRY[uri].contents) for uri in REGISTRY])
        return jsonschema_rs.validator_for(
            validator_cls.META_SCHEMA, registry=registry, validate_formats=False
        )
    except Exception:  # a jsonschema-rs that cannot build it: the Python check still runs
        return None


def _patterns_compile(node: Any, compiled: dict[str, bool]) -> bool:
    """Whether every `pattern` string below `node` compiles, as the `regex` format requires."""
    pending = [node]
    while pending:
        current = pending.pop()
        if isinstance(current, Mapping):
            pattern = current.get("pattern")
            if isinstance(pattern, str):
                if pattern not in compiled:
                    try:
                        re.compile(pattern)
                        compiled[pattern] = True
                    except re.error:
                        compiled[pattern] = False
                if not compiled[pattern]:
                    return False
            pending.extend(current.values())
        elif isinstance(current, list):
            pending.extend(current)
    return True


@cache
def _meta_validator(validator_cls: Any, format_checker: Any) -> Any:
    """The validator of a dialect's meta-schema, as `check_openapi_schema` builds it per call."""
    from jsonschema.validators import validator_for
    from openapi_schema_validator._specifications import REGISTRY

    meta_cls = validator_for(validator_cls.META_SCHEMA, default=validator_cls)
    return meta_cls(validator_cls.META_SCHEMA, format_checker=format_checker, registry=REGISTRY)


class _Walk:
    def __init__(self, document: Mapping[str, Any], fast: bool = True) -> None:
        from openapi_schema_validator import (
            OAS30Validator,
            OAS31Validator,
            oas30_format_checker,
            oas31_format_checker,
        )

        self.document = document
        version = str(document.get("openapi", ""))
        self.v30 = version.startswith("3.0")
        self.findings: list[Finding] = []
        self.fast = fast
        self.compiled: dict[str, bool] = {}
        self.visited: set[int] = set()
        self.meta_checked: set[int] = set()
        if self.v30:
            # 3.0: OAS30Validator.check_schema with its own format checker; defaults checked
            # with the OpenAPI 3.0 value format checker.
            self.value_cls, self.value_formats = OAS30Validator, oas30_format_checker
        else:
            self.value_cls, self.value_formats = OAS31Validator, oas31_format_checker
        self.oas31_formats = oas31_format_checker
        self.default_dialect = str(
            document.get("jsonSchemaDialect") or "https://spec.openapis.org/oas/3.1/dialect/base"
        )

    # -- references --

    def lookup(self, ref: str) -> tuple[bool, Any]:
        return follow(self.document, ref)

    def resolve(self, value: Any, pointer: str) -> tuple[Any, str]:
        """Follow local `$ref`s, as SchemaPath does when it reads a node."""
        for _ in range(_MAX_REF_HOPS):
            if not isinstance(value, Mapping):
                break
            ref = value.get("$ref")
            if not isinstance(ref, str) or not ref.startswith("#"):
                break
            found, target = self.lookup(ref)
            if not found:
                break  # dangling: reported before this pass runs
            value, pointer = target, ref
        return value, pointer

    def items(self, value: Any, pointer: str) -> Iterator[tuple[str, Any, str]]:
        value, pointer = self.resolve(value, pointer)
        if isinstance(value, Mapping):
            for key, item in value.items():
                yield str(key), *self.resolve(item, f"{pointer}/{_segment(key)}")

    def entries(self, value: Any, pointer: str) -> Iterator[tuple[Any, str]]:
        value, pointer = self.resolve(value, pointer)
        if isinstance(value, list):
            for index, item in enumerate(value):
                yield self.resolve(item, f"{pointer}/{index}")

    def add(self, pointer: str, message: str, reasons: tuple[str, ...] = ()) -> None:
        self.findings.append(Finding(pointer, message, reasons))

    # -- the walk --

    def run(self) -> list[Finding]:
        document = self.document
        if "tags" in document:
            seen: set[str] = set()
            for tag, _ in self.entries(document["tags"], "#/tags"):
                name = tag.get("name") if isinstance(tag, Mapping) else None
                if name in seen:
                    self.add("#/tags", f"Duplicate tag name '{name}'")
                if isinstance(name, str):
                    seen.add(name)
        if "paths" in document:
            for url, item, where in self.items(document["paths"], "#/paths"):
                self.path(url, item, where)
        components, where = self.resolve(document.get("components"), "#/components")
        if isinstance(components, Mapping) and "schemas" in components:
            for _, schema, at in self.items(components["schemas"], f"{where}/schemas"):
                self.schema(schema, at)
        return self.findings

    def path(self, url: str, item: Any, where: str) -> None:
        if not isinstance(item, Mapping):
            return
        shared = None
        if "parameters" in item:
            shared = (item["parameters"], f"{where}/parameters")
            self.parameters(*shared)
        for name, operation in item.items():
            if name in OPERATIONS:
                self.operation(url, str(name), *self.resolve(operation, f"{where}/{name}"), shared)

    def parameters(self, value: Any, where: str) -> None:
        seen: set[tuple[Any, Any]] = set()
        for parameter, at in self.entries(value, where):
            if not isinstance(parameter, Mapping):
                continue
            if "schema" in parameter:
                self.schema(*self.resolve(parameter["schema"], f"{at}/schema"))
            key = (parameter.get("name"), parameter.get("in"))
            if key in seen:
                self.add(at, f"Duplicate parameter '{parameter.get('name')}'")
            seen.add(key)

    def operation(
        self, url: str, name: str, operation: Any, where: str, shared: tuple[Any, str] | None
    ) -> None:
        if not isinstance(operation, Mapping):
            return
        if "responses" in operation:
            for _, response, at in self.items(operation["responses"], f"{where}/responses"):
                if isinstance(response, Mapping) and "content" in response:
                    for _, media, media_at in self.items(response["content"], f"{at}/content"):
                        if isinstance(media, Mapping) and "schema" in media:
                            self.schema(*self.resolve(media["schema"], f"{media_at}/schema"))
        declared: list[str] = []
        if "parameters" in operation:
            self.parameters(operation["parameters"], f"{where}/parameters")
            declared += self.path_names(operation["parameters"], f"{where}/parameters")
        if shared is not None:
            declared += self.path_names(*shared)
        try:
            in_url = {field for _, field, _, _ in string.Formatter().parse(url) if field}
        except ValueError as err:  # an unbalanced brace: openapi-spec-validator raises too
            self.add(where, f"the path template {url!r} cannot be parsed: {err}")
            return
        for missing in sorted(in_url - set(declared)):
            self.add(
                where,
                f"Path parameter '{missing}' for '{name}' operation in '{url}' was not resolved",
            )
        for extra in sorted(set(declared) - in_url):
            self.add(
                where,
                f"Path parameter '{extra}' for '{name}' operation in '{url}' was not resolved",
            )

    def path_names(self, value: Any, where: str) -> list[str]:
        return [
            str(parameter.get("name"))
            for parameter, _ in self.entries(value, where)
            if isinstance(parameter, Mapping) and parameter.get("in") == "path"
        ]

    # -- schemas --

    def schema(
        self, value: Any, where: str, *, require_properties: bool = True, meta_checked: bool = False
    ) -> None:
        if not isinstance(value, Mapping | bool):
            self.add(where, f"{value!r} is not of type 'object', 'boolean'")
            return
        key = id(value)
        if not meta_checked and key not in self.meta_checked:
            self.meta_checked.add(key)
            if not self.meta_check(value, where):
                return
        if key in self.visited or not isinstance(value, Mapping):
            return
        self.visited.add(key)
        nested: set[str] = set()
        for keyword in ("allOf", "anyOf", "oneOf"):
            if keyword in value:
                for part, at in self.entries(value[keyword], f"{where}/{keyword}"):
                    self.schema(part, at, require_properties=False, meta_checked=True)
                    if keyword == "allOf":
                        nested |= self.collect_properties(part)
        for keyword in ("not", "items"):
            if keyword in value:
                part, at = self.resolve(value[keyword], f"{where}/{keyword}")
                self.schema(part, at, require_properties=False, meta_checked=True)
        if "properties" in value:
            for _, prop, at in self.items(value["properties"], f"{where}/properties"):
                self.schema(prop, at, require_properties=False, meta_checked=True)
        if "allOf" in value and require_properties:
            required = value.get("required") or []
            properties = self.resolve(value.get("properties") or {}, where)[0]
            defined = set(properties) if isinstance(properties, Mapping) else set()
            extra = list(set(required) - defined - nested)
            if extra:
                self.add(where, f"Required list has not defined properties: {extra}")
        if "default" in value and (
            value["default"] is not None or value.get("nullable") is not True
        ):
            self.check_default(value, where)

    def collect_properties(self, value: Any, depth: int = 0) -> set[str]:
        """Every property name reachable from a schema (as openapi-spec-validator collects)."""
        value, _ = self.resolve(value, "")
        found: set[str] = set()
        if not isinstance(value, Mapping) or depth > _MAX_REF_HOPS:
            return found
        properties = self.resolve(value.get("properties"), "")[0]
        if isinstance(properties, Mapping):
            found |= {str(name) for name in properties}
        for keyword in ("allOf", "anyOf", "oneOf"):
            for part, _ in self.entries(value.get(keyword), ""):
                found |= self.collect_properties(part, depth + 1)
        for keyword in ("items", "not"):
            if keyword in value:
                found |= self.collect_properties(value[keyword], depth + 1)
        return found

    def meta_check(self, value: Any, where: str) -> bool:
        """Check one schema against its dialect; False (after reporting) when it fails."""
        from jsonschema.exceptions import SchemaError
        from jsonschema.validators import validator_for

        if self.v30:
            from openapi_schema_validator import OAS30Validator

            cls, formats = OAS30Validator, OAS30Validator.FORMAT_CHECKER
        else:
            dialect = self.default_dialect
            if isinstance(value, Mapping) and "$schema" in value:
                if not isinstance(value["$schema"], str):
                    self.add(where, f"Unknown JSON Schema dialect: {value['$schema']!r}")
                    return False
                dialect = value["$schema"]
            cls = validator_for({"$schema": dialect}, default=cast(Any, None))
            if cls is None:
                self.add(where, f"Unknown JSON Schema dialect: {dialect!r}")
                return False
            formats = self.oas31_formats
        fast = _fast_validator(cls) if self.fast else None
        if fast is not None:
            valid = fast.is_valid(value) and _patterns_compile(value, self.compiled)
        else:
            valid = _meta_validator(cls, formats).is_valid(value)
        if valid:
            return True
        try:
            cls.check_schema(value, format_checker=formats)
        except SchemaError as err:
            reasons = tuple(sorted({str(sub.message) for sub in err.context or []}))
            message = str(err.message).strip().splitlines()[0]
            self.add(_join(where, list(err.absolute_path)), message, reasons)
            return False
        return True

    def check_default(self, schema: Mapping[str, Any], where: str) -> None:
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT4, DRAFT202012

        # The schema's $refs resolve within the whole document, as SchemaPath's resolver does.
        spec = DRAFT4 if self.v30 else DRAFT202012
        registry: Registry[Any] = Registry().with_resource(
            "urn:spec", Resource.from_contents(self.document, default_specification=spec)
        )
        root = {"$ref": f"urn:spec{where}"} if where.startswith("#/") else schema
        validator = self.value_cls(root, registry=registry, format_checker=self.value_formats)
        for error in validator.iter_errors(schema["default"]):
            message = str(error.message).strip().splitlines()[0]
            self.add(_join(f"{where}/default", list(error.absolute_path)), message)


def semantic_problems(document: Mapping[str, Any], *, fast: bool = True) -> list[Finding]:
    """The problems openapi-spec-validator's keyword pass finds in an OpenAPI 3.x document.

    `fast`: screen schemas with jsonschema-rs when it is installed (a schema it does not
    pass is checked again in Python, which has the last word and the message).
    """
    return _Walk(document, fast).run()
