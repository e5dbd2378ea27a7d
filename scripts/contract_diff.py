"""Compare two OpenAPI documents the way a client generated from them sees them.

`diff_contracts(old, new)` lists what changes for a client when it is
regenerated from `new` instead of `old`, and for the requests and responses
that travel between clients and servers of either version. Every change is
one of the rules in `RULES`; each rule has

- a side: `request` (what a client sends), `response` (what it receives),
  `either` (found on both, judged where it is found), `operation` (the whole
  call: existence, security, deprecation) or `client` (only the generated
  code: function, module and class names, Python types);
- a level: `error` (breaking: calls that worked fail, responses no longer
  parse, or code written against the old client stops working),
  `warning` (may break, depending on the data or the server) or `info`.

The direction decides the level. A request may accept more than before
(widening a field to `boolean | null` is info) but not less (a new required
field, a removed enum value, a tighter `maxLength` are errors); a response may
promise more but not less (a field that may now be absent or `null`, a new
enum value or a new `oneOf` option are errors, since old clients fail on
them; so is a new required response field, since the regenerated client
raises on a record from a server that does not send it yet).

Operations are matched by method and path, path parameter names ignored, so
a changed operationId shows as `operation-id-changed`. Request bodies,
responses, parameters and headers are compared schema by schema, inline or
behind `$ref`s, nested objects, array items, map values and `oneOf`/`anyOf`
options included; `allOf` parts are merged. A change inside a component
schema is reported once, named `Schema.field`, with every operation (and the
side) where it matters; a change in an inline schema is named by the
operation and the place. Component schemas used in the same place under
different names are paired as renamed. Descriptions, examples, summaries and
extensions are never compared.

`format_report` writes the changes as Markdown grouped by tag, breaking ones
first, or as JSON (`--format json` of `regenerate.py`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from json_document import follow, json_type

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
SCHEMA_PREFIX = "#/components/schemas/"
LEVELS = ("error", "warning", "info")
SIDES = ("request", "response", "either", "operation", "client")
# Formats openapi-python-client turns into a Python type of their own; others stay str/int/float.
TYPED_FORMATS = {
    "date-time": "datetime.datetime",
    "date": "datetime.date",
    "uuid": "uuid.UUID",
    "binary": "File",
}
MAX_KEYWORDS = ("maximum", "maxLength", "maxItems", "maxProperties")
MIN_KEYWORDS = ("minimum", "minLength", "minItems", "minProperties")
_MAX_DEPTH = 24
_PATH_PARAM = re.compile(r"\{[^}]*\}")
_USES_SHOWN = 4
_MODELS_LISTED = 5  # more new models than this are listed on one line


# --- rules ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """One kind of change, with its side, level and what it means for a user."""

    id: str
    side: str  # request, response, either, operation, client
    level: str  # error, warning, info
    title: str  # what happened, completing "<subject>: ..."
    why: str  # what it means for clients, one sentence
    oasdiff: tuple[str, ...] = ()  # the closest rules of oasdiff (github.com/oasdiff/oasdiff)


# One rule per entry: `id side level title`, then indented lines: why it matters for clients
# (joined into one sentence), and `oasdiff:` the closest rules in oasdiff's published list.
_RULE_TABLE = """
operation-added                         operation info    new operation
    oasdiff: endpoint-added
operation-removed                       operation error   operation removed
    calls to it fail, and the generated function is gone
    oasdiff: api-removed-without-deprecation api-path-removed-without-deprecation
operation-deprecated                    operation info    now deprecated
    it still works; plan to move off it
    oasdiff: endpoint-deprecated
operation-undeprecated                  operation info    no longer deprecated
    oasdiff: endpoint-reactivated
security-added                          operation error   now needs credentials
    calls without credentials are refused
    oasdiff: api-security-added api-global-security-added
security-removed                        operation info    no longer needs credentials
    oasdiff: api-security-removed api-global-security-removed
security-scheme-removed                 operation error   a kind of credentials no longer accepted
    clients that authenticate that way are refused
    oasdiff: api-security-removed
security-scheme-added                   operation info    accepts another way to authenticate
    oasdiff: api-security-added
security-scope-added                    operation warning needs another scope
    tokens without that scope are refused
    oasdiff: api-security-scope-added api-global-security-scope-added
security-scope-removed                  operation info    needs one scope less
    oasdiff: api-security-scope-removed api-global-security-scope-removed
security-scheme-changed                 operation error   security scheme changed
    credentials sent the old way are refused
    oasdiff: api-security-component-type-changed api-security-component-oauth-url-changed
operation-id-changed                    client    error   operationId changed
    the generated function and its module are renamed; code that imports them fails
    oasdiff: api-operation-id-removed api-operation-id-added
operation-tag-changed                   client    error   first tag changed
    the endpoint module moves to another `api/<tag>/` package and `<Tag>Api` class
    oasdiff: api-tag-removed api-tag-added
path-parameter-renamed                  client    error   path parameter renamed
    the generated function's argument is renamed; calls that pass it by name fail
model-added                             client    info    new model
model-removed                           client    error   model removed
    the generated class is gone; code that imports it fails
    oasdiff: api-schema-removed
model-renamed                           client    error   model renamed
    the generated class is renamed; code that imports it by the old name fails
python-type-changed                     client    error   generated Python type changed
    code that passes or reads the old type breaks
    oasdiff: request-property-type-changed response-property-type-changed
request-parameter-added-required        request   error   new required parameter
    calls without it are refused, and the generated function needs it
    oasdiff: new-required-request-parameter new-request-path-parameter
request-parameter-added                 request   info    new optional parameter
    oasdiff: new-optional-request-parameter
request-parameter-removed               request   error   parameter removed
    the generated function loses the argument; calls that pass it fail
    oasdiff: request-parameter-removed
request-parameter-became-required       request   error   parameter now required
    calls without it are refused
    oasdiff: request-parameter-became-required
request-parameter-became-optional       request   info    parameter now optional
    oasdiff: request-parameter-became-optional
request-parameter-location-changed      request   error   parameter moved
    old clients send it where the server no longer reads it
request-parameter-serialization-changed request   error   parameter serialization changed
    old clients encode it in a way the server no longer parses
request-body-added-required             request   error   new required request body
    calls without a body are refused
    oasdiff: request-body-added-required
request-body-added                      request   info    new optional request body
    oasdiff: request-body-added-optional
request-body-removed                    request   error   request body removed
    the generated function loses its `body` argument
    oasdiff: request-body-removed
request-body-became-required            request   error   request body now required
    calls without a body are refused
    oasdiff: request-body-became-required
request-body-became-optional            request   info    request body now optional
    oasdiff: request-body-became-optional
request-media-type-added                request   info    request accepts another media type
    oasdiff: request-body-media-type-added
request-media-type-removed              request   error   request media type no longer accepted
    bodies of that type are refused
    oasdiff: request-body-media-type-removed
request-property-added-required         request   error   new required property
    requests without it are refused, and the generated model needs it
    oasdiff: new-required-request-property
request-property-added                  request   info    new optional property
    oasdiff: new-optional-request-property
request-property-removed                request   error   property removed
    the generated model loses the attribute; code that sets it fails
    oasdiff: request-property-removed
request-property-became-required        request   error   property now required
    requests without it are refused
    oasdiff: request-property-became-required
request-property-became-optional        request   info    property now optional
    oasdiff: request-property-became-optional
request-type-changed                    request   error   type changed
    values of the old type are refused
    oasdiff: request-property-type-changed request-body-type-changed request-parameter-type-changed
    oasdiff: request-property-list-of-types-narrowed
request-type-widened                    request   info    accepts more types
    oasdiff: request-property-type-generalized request-property-list-of-types-widened
request-became-nullable                 request   info    now accepts null
    oasdiff: request-property-became-nullable request-parameter-became-nullable
request-became-not-nullable             request   error   no longer accepts null
    requests that send null are refused
    oasdiff: request-property-became-not-nullable request-parameter-became-not-nullable
request-format-changed                  request   warning format added or changed
    values valid before may be refused
    oasdiff: request-property-type-changed request-parameter-type-changed
request-enum-value-removed              request   error   enum value removed
    requests that send it are refused, and the generated enum loses the member
    oasdiff: request-property-enum-value-removed request-parameter-enum-value-removed
request-enum-value-added                request   info    enum value added
    oasdiff: request-property-enum-value-added request-parameter-enum-value-added
request-became-enum                     request   error   now restricted to enum values
    other values are refused, and the generated type becomes an enum
    oasdiff: request-property-became-enum request-parameter-became-enum
request-enum-dropped                    request   info    no longer restricted to enum values
    oasdiff: request-body-became-not-enum request-parameter-became-not-enum
request-constraint-tightened            request   error   constraint tightened
    values valid before are refused
    oasdiff: request-property-max-length-decreased request-property-min-length-increased
    oasdiff: request-property-max-decreased request-property-min-increased
    oasdiff: request-property-max-items-decreased request-property-min-items-increased
    oasdiff: request-property-pattern-added request-property-max-length-set
    oasdiff: request-property-max-set request-property-min-set request-property-min-items-set
    oasdiff: request-parameter-max-length-decreased request-parameter-min-length-increased
    oasdiff: request-parameter-max-decreased request-parameter-min-increased
    oasdiff: request-parameter-max-items-decreased request-parameter-min-items-increased
    oasdiff: request-parameter-pattern-added request-property-pattern-property-added
request-constraint-loosened             request   info    constraint loosened
    oasdiff: request-property-max-length-increased request-property-min-length-decreased
    oasdiff: request-property-max-increased request-property-min-decreased
    oasdiff: request-parameter-pattern-removed
request-pattern-changed                 request   warning pattern changed
    values the old pattern allowed may be refused
    oasdiff: request-property-pattern-changed request-parameter-pattern-changed
request-option-removed                  request   error   oneOf/anyOf option removed
    requests of that shape are refused
    oasdiff: request-property-one-of-removed request-property-any-of-removed
request-option-added                    request   info    oneOf/anyOf option added
    oasdiff: request-property-one-of-added request-property-any-of-added
request-default-removed                 request   error   default removed
    the generated client stops sending the default, so the server decides what an omitted
    value means
    oasdiff: request-parameter-default-value-removed request-property-default-value-removed
request-default-changed                 request   error   default changed
    calls that omit it now send a different value
    oasdiff: request-parameter-default-value-changed request-property-default-value-changed
request-default-added                   request   info    default added
    the generated client now sends it when the caller gives none
    oasdiff: request-parameter-default-value-added request-property-default-value-added
request-property-became-read-only       request   warning now read-only
    the server ignores or refuses it in requests
    oasdiff: request-optional-property-became-read-only request-required-property-became-read-only
request-discriminator-changed           request   error   discriminator changed
    requests that select a variant the old way are refused
    oasdiff: request-body-discriminator-property-name-changed
    oasdiff: request-body-discriminator-mapping-deleted
response-success-status-removed         response  error   success status removed
    the generated client no longer parses that answer
    oasdiff: response-success-status-removed
response-status-removed                 response  info    error status removed
    oasdiff: response-non-success-status-removed
response-status-added                   response  info    new status
    oasdiff: response-success-status-added response-non-success-status-added
response-media-type-removed             response  error   response media type removed
    clients that read that media type get nothing they can parse
    oasdiff: response-media-type-removed
response-media-type-added               response  info    response has another media type
    oasdiff: response-media-type-added
response-property-removed               response  error   property removed
    clients that read it get nothing, and the generated model loses the attribute
    oasdiff: response-required-property-removed response-optional-property-removed
response-property-added-required        response  error   new required property
    the regenerated client raises on a record without it, as a server on the older contract
    sends
    oasdiff: response-required-property-added
response-property-added                 response  info    new optional property
    oasdiff: response-optional-property-added
response-property-became-optional       response  error   property may now be absent
    clients that expect it fail, and the generated attribute may now be `Unset`
    oasdiff: response-property-became-optional
response-property-became-required       response  warning property now always present
    the regenerated client raises on a record that lacks it, as an older server may send
    oasdiff: response-property-became-required
response-type-changed                   response  error   type changed
    clients parse the old type and fail on the new one
    oasdiff: response-property-type-changed response-body-type-changed
    oasdiff: response-property-list-of-types-widened
response-type-narrowed                  response  info    fewer possible types
    oasdiff: response-property-type-specialized response-property-list-of-types-narrowed
response-became-nullable                response  error   may now be null
    clients that expect a value fail on null
    oasdiff: response-property-became-nullable response-body-became-nullable
response-became-not-nullable            response  info    no longer null
    oasdiff: response-property-became-not-nullable
response-format-changed                 response  warning format removed or changed
    clients that rely on the old format may misread values
    oasdiff: response-property-type-changed
response-enum-value-added               response  error   enum value added
    clients generated from the old contract raise on the new value
    oasdiff: response-property-enum-value-added
response-open-enum-value-added          response  info    value added to an open enum
    clients keep unknown values as strings
response-enum-value-removed             response  info    enum value removed
    oasdiff: response-property-enum-value-removed response-mediatype-enum-value-removed
response-enum-dropped                   response  error   no longer restricted to enum values
    any value may come back; clients with the old enum raise on it
response-became-enum                    response  info    now restricted to enum values
response-constraint-loosened            response  warning constraint loosened
    values outside the old bounds may come back
    oasdiff: response-property-max-increased response-property-min-decreased
    oasdiff: response-property-max-length-increased response-property-max-length-unset
    oasdiff: response-property-min-length-decreased response-property-min-items-decreased
    oasdiff: response-property-min-items-unset
response-constraint-tightened           response  info    constraint tightened
response-pattern-changed                response  info    pattern changed
    oasdiff: response-property-pattern-changed response-property-pattern-added
response-option-added                   response  error   oneOf/anyOf option added
    clients generated from the old contract cannot parse the new shape
    oasdiff: response-property-one-of-added response-body-one-of-added
response-option-removed                 response  info    oneOf/anyOf option removed
    oasdiff: response-property-one-of-removed response-property-any-of-removed
response-default-changed                response  info    default added, removed or changed
    oasdiff: response-property-default-value-changed
response-property-became-write-only     response  error   now write-only
    responses no longer carry it
    oasdiff: response-required-property-became-write-only
response-discriminator-changed          response  error   discriminator changed
    clients pick the variant of a response the old way and misparse it
    oasdiff: response-body-discriminator-property-name-changed
    oasdiff: response-body-discriminator-mapping-added
response-header-added                   response  info    new response header
    oasdiff: response-header-added
response-header-removed                 response  warning optional response header removed
    clients that read it get nothing
    oasdiff: optional-response-header-removed
response-required-header-removed        response  error   required response header removed
    clients that read it get nothing
    oasdiff: required-response-header-removed
response-header-became-optional         response  error   response header may now be absent
    clients that read it may get nothing
    oasdiff: response-header-became-optional
read-write-changed                      either    info    readOnly/writeOnly changed
    oasdiff: request-optional-property-became-not-read-only
    oasdiff: response-optional-property-became-not-write-only
discriminator-mapping-extended          either    info    discriminator mapping extended
    oasdiff: request-body-discriminator-mapping-added response-body-discriminator-mapping-deleted
all-of-changed                          either    info    allOf parts changed
    the merged properties are compared one by one
    oasdiff: request-property-all-of-added response-property-all-of-added
deprecated                              either    info    now deprecated
    oasdiff: request-parameter-deprecated request-property-deprecated response-property-deprecated
undeprecated                            either    info    no longer deprecated
    oasdiff: request-parameter-reactivated request-property-reactivated
"""


def _parse_rules(table: str) -> dict[str, Rule]:
    rules: dict[str, Rule] = {}
    entries: list[list[str]] = []
    for line in table.strip("\n").splitlines():
        if line.startswith(" "):
            entries[-1].append(line.strip())
        else:
            entries.append([line])
    for head, *rest in entries:
        rule_id, side, level, title = head.split(None, 3)
        why = " ".join(part for part in rest if not part.startswith("oasdiff:"))
        oasdiff = tuple(
            name for part in rest if part.startswith("oasdiff:") for name in part.split()[1:]
        )
        assert side in SIDES and level in LEVELS, head
        rules[rule_id] = Rule(rule_id, side, level, title, why, oasdiff)
    return rules


RULES: dict[str, Rule] = _parse_rules(_RULE_TABLE)


# --- changes ----------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Use:
    """An operation where a change matters, and where in it."""

    operation_id: str
    method: str
    path: str
    tags: tuple[str, ...]
    where: str  # "request body", "query parameter `limit`", "200 response", "operation"
    side: str = "operation"  # request, response or operation (the call as a whole)

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.path}"


@dataclass(frozen=True)
class Change:
    """One difference between two contracts, judged by one rule."""

    rule: str
    subject: str  # what changed, in Markdown: "`Order.status`", "`create_order` request body"
    detail: str  # the values: "'off'", "string -> integer", "maxLength 64 -> 32"
    pointer: str  # JSON pointer into the new contract (the old one for what was removed)
    uses: tuple[Use, ...] = ()  # the operations where it matters
    shared: bool = False  # the subject names no operation: the text lists where it is used

    @property
    def spec(self) -> Rule:
        return RULES[self.rule]

    @property
    def level(self) -> str:
        return self.spec.level

    @property
    def breaking(self) -> bool:
        return self.spec.level == "error"

    @property
    def tags(self) -> tuple[str, ...]:
        return tuple(sorted({tag for use in self.uses for tag in use.tags}))

    def text(self) -> str:
        """The change in one line of Markdown, without the rule id."""
        line = f"{self.subject}: {self.spec.title}"
        if self.detail:
            line += f" ({self.detail})"
        if self.shared and self.uses:
            line += f"; in {_describe_uses(self.uses)}"
        if self.spec.why:
            line += f". {self.spec.why[0].upper()}{self.spec.why[1:]}"
        return line + "."

    def line(self) -> str:
        """The change in one line of plain text (tests, logs)."""
        return f"[{self.level}] {self.rule}: {_plain(self.subject)}" + (
            f" ({self.detail})" if self.detail else ""
        )


def _plain(text: str) -> str:
    return text.replace("`", "")


def _describe_uses(uses: Sequence[Use]) -> str:
    by_side: dict[str, list[str]] = {}
    for use in sorted(uses, key=lambda u: (u.side, u.operation_id)):
        names = by_side.setdefault({"operation": "calls"}.get(use.side, use.side + "s"), [])
        if f"`{use.operation_id}`" not in names:
            names.append(f"`{use.operation_id}`")
    parts = []
    for side, names in by_side.items():
        shown = ", ".join(names[:_USES_SHOWN])
        if len(names) > _USES_SHOWN:
            shown += f" and {len(names) - _USES_SHOWN} more"
        parts.append(f"{side} of {shown}")
    return " and ".join(parts)


# --- reading documents ------------------------------------------------------------------


def _pointer(*parts: object) -> str:
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in parts)


@dataclass(frozen=True)
class _Node:
    """A schema (or other object) resolved through `$ref`s, and where it is."""

    value: Any  # the resolved mapping, or None when absent
    pointer: str  # where the resolved value is, as a JSON pointer
    name: str | None = None  # the component schema name when reached through a $ref


class _Doc:
    """Reference resolution and the operations of one document."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        self.document = document
        components = document.get("components") or {}
        self.schemas: Mapping[str, Any] = components.get("schemas") or {}
        self.security_schemes: Mapping[str, Any] = components.get("securitySchemes") or {}

    def lookup(self, ref: str) -> Any:
        return follow(self.document, ref)[1] if ref.startswith("#/") else None

    def node(self, value: Any, pointer: str) -> _Node:
        """Follow `$ref`s from `value`; remember the component schema name of the first."""
        name = None
        for _ in range(_MAX_DEPTH):
            if not (isinstance(value, Mapping) and isinstance(value.get("$ref"), str)):
                break
            ref: str = value["$ref"]
            target = self.lookup(ref)
            if target is None:
                break
            if name is None and ref.startswith(SCHEMA_PREFIX):
                name = ref[len(SCHEMA_PREFIX) :].replace("~1", "/").replace("~0", "~")
            value, pointer = target, "#" + ref[1:] if ref.startswith("#") else ref
        return _Node(value, pointer if pointer.startswith("#") else "#" + pointer, name)

    def operations(self) -> dict[str, _Operation]:
        """Operations keyed by method and path, path parameter names ignored."""
        result: dict[str, _Operation] = {}
        for path, raw_item in (self.document.get("paths") or {}).items():
            item = self.node(raw_item, _pointer("paths", path))
            if not isinstance(item.value, Mapping):
                continue
            for method in HTTP_METHODS:
                operation = item.value.get(method)
                if not isinstance(operation, Mapping):
                    continue
                key = f"{method.upper()} {_PATH_PARAM.sub('{}', str(path))}"
                result[key] = _Operation(
                    self, str(path), method, item.value, operation, f"{item.pointer}/{method}"
                )
        return result


@dataclass(frozen=True)
class _Parameter:
    location: str
    name: str
    value: Mapping[str, Any]
    pointer: str

    @property
    def schema(self) -> tuple[Any, str]:
        """The parameter's schema and its pointer (`content` parameters: the first media's)."""
        if "schema" in self.value:
            return self.value["schema"], f"{self.pointer}/schema"
        content = self.value.get("content")
        if isinstance(content, Mapping) and content:
            media, spec = next(iter(content.items()))
            if isinstance(spec, Mapping):
                return spec.get("schema"), f"{self.pointer}{_pointer('content', media, 'schema')}"
        return None, f"{self.pointer}/schema"

    @property
    def label(self) -> str:
        return f"{self.location} parameter `{self.name}`"

    @property
    def serialization(self) -> tuple[str, bool]:
        """The effective style and explode (OpenAPI's defaults filled in)."""
        style = str(
            self.value.get("style")
            or ("form" if self.location in ("query", "cookie") else "simple")
        )
        explode = self.value.get("explode")
        return style, bool(style == "form" if explode is None else explode)


class _Operation:
    """One operation of a document, with what the comparison needs of it."""

    def __init__(
        self,
        doc: _Doc,
        path: str,
        method: str,
        item: Mapping[str, Any],
        raw: Mapping[str, Any],
        pointer: str,
    ) -> None:
        self.doc, self.path, self.method, self.raw, self.pointer = doc, path, method, raw, pointer
        operation_id = raw.get("operationId")
        self.operation_id = str(operation_id) if operation_id else ""
        self.tags = tuple(str(tag) for tag in raw.get("tags") or ["default"])
        item_pointer = pointer.rsplit("/", 1)[0]
        self.parameters: dict[tuple[str, str], _Parameter] = {}
        # Operation parameters override path-item ones with the same name and location.
        for source, where in ((item, item_pointer), (raw, pointer)):
            for index, entry in enumerate(source.get("parameters") or []):
                node = doc.node(entry, f"{where}/parameters/{index}")
                value = node.value
                if not isinstance(value, Mapping) or "name" not in value:
                    continue
                location = str(value.get("in", "query"))
                name = str(value["name"])
                key = (location, name.lower() if location == "header" else name)
                self.parameters[key] = _Parameter(location, name, value, node.pointer)

    @property
    def name(self) -> str:
        """How the report names it: its operationId, else method and path."""
        return self.operation_id or f"{self.method.upper()} {self.path}"

    @property
    def label(self) -> str:
        return f"`{self.name}` ({self.method.upper()} {self.path})"

    def use(self, where: str, side: str = "operation") -> Use:
        return Use(self.name, self.method, self.path, self.tags, where, side)

    def path_parameter_names(self) -> list[str]:
        return [name[1:-1] for name in _PATH_PARAM.findall(self.path)]

    def security(self) -> list[dict[str, frozenset[str]]]:
        """The alternatives of credentials it accepts ([] when it needs none)."""
        raw = self.raw["security"] if "security" in self.raw else self.doc.document.get("security")
        alternatives = []
        for entry in raw or []:
            if not isinstance(entry, Mapping):
                continue
            if not entry:
                return []  # an empty alternative: credentials are optional
            alternatives.append(
                {str(k): frozenset(str(s) for s in (v or [])) for k, v in entry.items()}
            )
        return alternatives

    def request_roots(self) -> list[Any]:
        return [self.raw.get("parameters"), self.raw.get("requestBody")]

    def response_roots(self) -> list[Any]:
        return [self.raw.get("responses")]

    def body(self) -> _Node | None:
        if "requestBody" not in self.raw:
            return None
        return self.doc.node(self.raw["requestBody"], f"{self.pointer}/requestBody")

    def responses(self) -> dict[str, _Node]:
        found = {}
        for status, response in (self.raw.get("responses") or {}).items():
            found[str(status)] = self.doc.node(
                response, f"{self.pointer}{_pointer('responses', status)}"
            )
        return found


def _escape(name: str) -> str:
    return name.replace("~", "~0").replace("/", "~1")


def _reachable(doc: _Doc, roots: Sequence[Any]) -> set[str]:
    """Names of the component schemas reachable through `$ref`s from the given nodes."""
    seen: set[str] = set()
    pending: list[Any] = list(roots)
    while pending:
        node = pending.pop()
        if isinstance(node, Mapping):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref not in seen:
                seen.add(ref)
                pending.append(doc.lookup(ref))
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)
    return {
        ref[len(SCHEMA_PREFIX) :].replace("~1", "/").replace("~0", "~")
        for ref in seen
        if ref.startswith(SCHEMA_PREFIX)
    }


def _content(node: _Node | None) -> dict[str, tuple[Any, str]]:
    """Media type -> (schema, pointer) of a body or response."""
    if node is None or not isinstance(node.value, Mapping):
        return {}
    content = node.value.get("content")
    if not isinstance(content, Mapping):
        return {}
    found = {}
    for media, spec in content.items():
        schema = spec.get("schema") if isinstance(spec, Mapping) else None
        found[str(media)] = (schema, f"{node.pointer}{_pointer('content', media, 'schema')}")
    return found


# --- schemas ----------------------------------------------------------------------------


def _types(schema: Mapping[str, Any]) -> frozenset[str] | None:
    """The JSON types a schema declares, without null; None when it takes any value."""
    declared = schema.get("type")
    if isinstance(declared, str):
        kinds = {declared}
    elif isinstance(declared, list) and declared:
        kinds = {str(kind) for kind in declared}
    elif "properties" in schema or "additionalProperties" in schema:
        kinds = {"object"}
    elif "items" in schema:
        kinds = {"array"}
    elif isinstance(schema.get("enum"), list) and schema["enum"]:
        kinds = {json_type(value) for value in schema["enum"]}
    elif "const" in schema:
        kinds = {json_type(schema["const"])}
    else:
        return None
    kinds.discard("null")
    return frozenset(kinds)


def _nullable(schema: Mapping[str, Any]) -> bool:
    declared = schema.get("type")
    if schema.get("nullable") is True or declared == "null":
        return True
    if isinstance(declared, list) and "null" in declared:
        return True
    values = schema.get("enum")
    return isinstance(values, list) and None in values


def _covers(wide: frozenset[str] | None, narrow: frozenset[str] | None) -> bool:
    """Whether every value of the `narrow` types is one of the `wide` types."""
    if wide is None:
        return True
    if narrow is None:
        return False
    if "number" in wide:
        wide = wide | {"integer"}
    return narrow <= wide


def _type_text(types: frozenset[str] | None) -> str:
    return "any" if types is None else " | ".join(sorted(types)) or "null"


def _is_null_option(schema: Any) -> bool:
    return isinstance(schema, Mapping) and (
        schema.get("type") == "null" or (schema.get("enum") == [None])
    )


def _is_class(schema: Any) -> bool:
    """Whether the generator makes a class of this schema (a model or an enum)."""
    return isinstance(schema, Mapping) and bool(
        "properties" in schema
        or "enum" in schema
        or "allOf" in schema
        or schema.get("type") == "object"
        or "additionalProperties" in schema
    )


def _open_string(options: Sequence[_Node]) -> bool:
    """Whether one of the options takes any string (what makes an enum beside it open)."""
    return any(
        isinstance(n.value, Mapping)
        and n.name is None
        and _types(n.value) == frozenset({"string"})
        and "enum" not in n.value
        and "const" not in n.value
        for n in options
    )


def _value(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


@dataclass
class _Raw:
    """A change found while walking, before the changes of one component are merged."""

    rule: str
    anchor: str | None  # component schema name, or None (inline: the use says where)
    path: tuple[str, ...]
    detail: str
    pointer: str
    uses: set[Use] = field(default_factory=set)


@dataclass(frozen=True)
class _Place:
    """Where the walk is: the side, the component it is in (if any) and the path below it."""

    side: str  # request or response
    anchor: str | None
    path: tuple[str, ...]
    open_enum: bool = False  # beside an option that takes any string: added values are safe

    def below(self, segment: str) -> _Place:
        return _Place(self.side, self.anchor, (*self.path, segment))


class _Comparison:
    def __init__(self, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
        self.before, self.after = _Doc(old), _Doc(new)
        self.old_ops, self.new_ops = self.before.operations(), self.after.operations()
        self.renames = self._pair_schemas()
        # Component pairs compared once per side; their changes are then given every use.
        self._memo: dict[tuple[str, str, str, bool, bool], list[_Raw]] = {}
        self._busy: set[tuple[str, str, str, bool, bool]] = set()
        self._sink: list[_Raw] = []
        self.found: list[tuple[_Raw, Use | None]] = []

    # -- pairing renamed schemas --

    def _pair_schemas(self) -> dict[str, str]:
        """Old name -> new name for component schemas used in the same place under new names."""
        pending: list[tuple[Any, Any]] = []
        for key in self.old_ops.keys() & self.new_ops.keys():
            a, b = self.old_ops[key], self.new_ops[key]
            for name in a.parameters.keys() & b.parameters.keys():
                pending.append((a.parameters[name].schema[0], b.parameters[name].schema[0]))
            old_body, new_body = _content(a.body()), _content(b.body())
            for media in old_body.keys() & new_body.keys():
                pending.append((old_body[media][0], new_body[media][0]))
            old_responses, new_responses = a.responses(), b.responses()
            for status in old_responses.keys() & new_responses.keys():
                old_content = _content(old_responses[status])
                new_content = _content(new_responses[status])
                for media in old_content.keys() & new_content.keys():
                    pending.append((old_content[media][0], new_content[media][0]))
        renames: dict[str, str] = {}
        visited: set[tuple[int, int]] = set()
        old_names, new_names = set(self.before.schemas), set(self.after.schemas)
        while pending and len(visited) < 100_000:
            a, b = pending.pop()
            if (id(a), id(b)) in visited:
                continue
            visited.add((id(a), id(b)))
            na, nb = self.before.node(a, ""), self.after.node(b, "")
            if (
                na.name is not None
                and nb.name is not None
                and na.name != nb.name
                and na.name not in new_names
                and nb.name not in old_names
                and na.name not in renames
                and nb.name not in renames.values()
            ):
                renames[na.name] = nb.name
            # Another pair of names is a change of type, reported where it is used; their
            # members are still walked, since a renamed schema may hide below.
            ra, rb = na.value, nb.value
            if not isinstance(ra, Mapping) or not isinstance(rb, Mapping):
                continue
            old_props, _ = self._members(self.before, ra)
            new_props, _ = self._members(self.after, rb)
            pending.extend(
                (old_props[n], new_props[n]) for n in old_props.keys() & new_props.keys()
            )
            for key in ("items", "additionalProperties"):
                if isinstance(ra.get(key), Mapping) and isinstance(rb.get(key), Mapping):
                    pending.append((ra[key], rb[key]))
            for combinator in ("anyOf", "oneOf", "allOf"):
                if isinstance(ra.get(combinator), list) and isinstance(rb.get(combinator), list):
                    pending.extend(zip(ra[combinator], rb[combinator], strict=False))
        return renames

    # -- recording --

    def add(self, rule: str, place: _Place, detail: str, pointer: str) -> None:
        assert rule in RULES, rule
        self._sink.append(_Raw(rule, place.anchor, place.path, detail, pointer))

    def emit(self, rule: str, subject_use: Use | None, detail: str, pointer: str) -> None:
        """A change about an operation (not inside a schema)."""
        self.found.append((_Raw(rule, None, (), detail, pointer), subject_use))

    def walk(self, place: _Place, use: Use, old: Any, new: Any, old_ptr: str, new_ptr: str) -> None:
        """Compare two schemas found at one place of one operation."""
        self._sink = []
        self.schema(place, self.before.node(old, old_ptr), self.after.node(new, new_ptr), 0)
        for raw in self._sink:
            self.found.append((raw, use))
        self._sink = []

    # -- schemas --

    def schema(
        self, place: _Place, a: _Node, b: _Node, depth: int, null_done: bool = False
    ) -> None:
        """Compare two schemas; `null_done`: their nullability was compared already."""
        if depth > _MAX_DEPTH:
            return
        if a.name is not None and b.name is not None:
            renamed = a.name == b.name or self.renames.get(a.name) == b.name
            # Another component in the same place: another generated class, if either is one.
            if not renamed and (_is_class(a.value) or _is_class(b.value)):
                self.add("python-type-changed", place, f"{a.name} -> {b.name}", b.pointer)
            self.component(place, a, b, depth, null_done)
            return
        self.compare(place, a, b, depth, null_done)

    def component(
        self, place: _Place, a: _Node, b: _Node, depth: int, null_done: bool = False
    ) -> None:
        assert a.name is not None and b.name is not None
        key = (a.name, b.name, place.side, place.open_enum, null_done)
        if key in self._busy:
            return  # a recursive schema: its changes are being collected further up
        if key not in self._memo:
            outer = self._sink
            self._sink = []
            self._busy.add(key)
            inner = _Place(place.side, b.name, (), place.open_enum)
            self.compare(inner, a, b, depth + 1, null_done)
            self._busy.discard(key)
            self._memo[key] = self._sink
            self._sink = outer
        self._sink.extend(self._memo[key])

    def nullability(self, place: _Place, was: bool, now: bool, pointer: str) -> None:
        if was != now:
            rule = {
                ("request", True): "request-became-nullable",
                ("request", False): "request-became-not-nullable",
                ("response", True): "response-became-nullable",
                ("response", False): "response-became-not-nullable",
            }[(place.side, now)]
            self.add(rule, place, "", pointer)

    def compare(
        self, place: _Place, a: _Node, b: _Node, depth: int, null_done: bool = False
    ) -> None:
        old = a.value if isinstance(a.value, Mapping) else {}
        new = b.value if isinstance(b.value, Mapping) else {}
        side = place.side
        if self.options(place, a, b, depth, null_done):
            return
        old_types, new_types = self.types(self.before, old), self.types(self.after, new)
        if old_types != new_types:
            if side == "request":
                widened = _covers(new_types, old_types)
                rule = "request-type-widened" if widened else "request-type-changed"
            else:
                narrowed = _covers(old_types, new_types)
                rule = "response-type-narrowed" if narrowed else "response-type-changed"
            detail = f"{_type_text(old_types)} -> {_type_text(new_types)}"
            self.add(rule, place, detail, b.pointer)
            if old_types is not None and new_types is not None and not (old_types & new_types):
                return  # nothing in common: what is below cannot be compared
        if not null_done:
            self.nullability(place, _nullable(old), _nullable(new), b.pointer)
        self.format(place, old, new, old_types, new_types, b.pointer)
        self.enum(place, old, new, b.pointer)
        self.constraints(place, old, new, b.pointer)
        self.default(place, old, new, b.pointer)
        self.discriminator(place, old, new, b.pointer)
        self.all_of(place, old, new, b.pointer)
        objects = (old_types is None or "object" in old_types) and (
            new_types is None or "object" in new_types
        )
        if objects:
            self.members(place, a, b, depth)
        if isinstance(old.get("items"), Mapping) and isinstance(new.get("items"), Mapping):
            self.schema(
                place.below("[]"),
                self.before.node(old["items"], f"{a.pointer}/items"),
                self.after.node(new["items"], f"{b.pointer}/items"),
                depth + 1,
            )

    def types(self, doc: _Doc, schema: Mapping[str, Any], depth: int = 0) -> frozenset[str] | None:
        """`_types`, and for a schema made only of `allOf` parts, what its parts declare."""
        found = _types(schema)
        if found is not None or not isinstance(schema.get("allOf"), list) or depth > _MAX_DEPTH:
            return found
        parts = [doc.node(part, "").value for part in schema["allOf"]]
        typed = [self.types(doc, p, depth + 1) for p in parts if isinstance(p, Mapping)]
        known = [t for t in typed if t is not None]
        return frozenset.intersection(*known) if known else None

    def format(
        self,
        place: _Place,
        old: Mapping[str, Any],
        new: Mapping[str, Any],
        old_types: frozenset[str] | None,
        new_types: frozenset[str] | None,
        pointer: str,
    ) -> None:
        old_format, new_format = old.get("format"), new.get("format")

        def python(types: frozenset[str] | None, fmt: Any) -> str | None:
            return TYPED_FORMATS.get(str(fmt)) if types and "string" in types else None

        def name(typed: str | None, types: frozenset[str] | None) -> str:
            if typed:
                return typed
            return "Any" if types is None else "str" if "string" in types else _type_text(types)

        old_python, new_python = python(old_types, old_format), python(new_types, new_format)
        if old_python != new_python:
            # A format openapi-python-client maps to a type of its own (uuid.UUID, File, ...).
            detail = f"{name(old_python, old_types)} -> {name(new_python, new_types)}"
            if old_format != new_format:
                detail += f", format {old_format or 'none'} -> {new_format or 'none'}"
            self.add("python-type-changed", place, detail, pointer)
            return
        if old_format == new_format or not (old_types and new_types and old_types & new_types):
            return
        detail = f"{old_format or 'none'} -> {new_format or 'none'}"
        if place.side == "request" and new_format is not None:
            self.add("request-format-changed", place, detail, pointer)
        elif place.side == "request":
            self.add("request-constraint-loosened", place, f"format {detail}", pointer)
        elif old_format is not None:
            self.add("response-format-changed", place, detail, pointer)
        else:
            self.add("response-constraint-tightened", place, f"format {detail}", pointer)

    def enum(
        self, place: _Place, old: Mapping[str, Any], new: Mapping[str, Any], pointer: str
    ) -> None:
        def values(schema: Mapping[str, Any]) -> list[Any] | None:
            if isinstance(schema.get("enum"), list):
                return [value for value in schema["enum"] if value is not None]
            if "const" in schema:
                return [schema["const"]]
            return None

        before, after = values(old), values(new)
        side = place.side
        if before is None and after is None:
            return
        if before is None:
            rule = "request-became-enum" if side == "request" else "response-became-enum"
            self.add(rule, place, ", ".join(map(_value, after or [])), pointer)
            return
        if after is None:
            if side == "request":
                self.add("request-enum-dropped", place, "", pointer)
            elif not place.open_enum:
                self.add("response-enum-dropped", place, "", pointer)
            return
        old_keys, new_keys = {_value(v) for v in before}, {_value(v) for v in after}
        for value in after:
            if _value(value) not in old_keys:
                if side == "request":
                    rule = "request-enum-value-added"
                elif place.open_enum:
                    rule = "response-open-enum-value-added"
                else:
                    rule = "response-enum-value-added"
                self.add(rule, place, _value(value), pointer)
        for value in before:
            if _value(value) not in new_keys:
                rule = f"{side}-enum-value-removed"
                self.add(rule, place, _value(value), pointer)

    def constraints(
        self, place: _Place, old: Mapping[str, Any], new: Mapping[str, Any], pointer: str
    ) -> None:
        tighter: list[str] = []
        looser: list[str] = []

        def number(value: Any) -> float | None:
            is_number = isinstance(value, int | float) and not isinstance(value, bool)
            return float(value) if is_number else None

        for keyword in (*MAX_KEYWORDS, *MIN_KEYWORDS, "exclusiveMaximum", "exclusiveMinimum"):
            a, b = old.get(keyword), new.get(keyword)
            if a == b:
                continue
            if isinstance(a, bool) or isinstance(b, bool):  # OpenAPI 3.0: a flag on max/min
                (tighter if b else looser).append(f"{keyword} {a or False} -> {b or False}")
                continue
            x, y = number(a), number(b)
            is_max = keyword in MAX_KEYWORDS or keyword == "exclusiveMaximum"
            text = f"{keyword} {_value(a) if a is not None else 'none'} -> " + (
                _value(b) if b is not None else "none"
            )
            if x is None and y is None:
                continue
            if x is None:
                tighter.append(text)
            elif y is None:
                looser.append(text)
            elif (y < x) == is_max:
                tighter.append(text)
            else:
                looser.append(text)
        a, b = old.get("multipleOf"), new.get("multipleOf")
        if a != b and (number(a) is not None or number(b) is not None):
            x, y = number(a), number(b)
            text = f"multipleOf {a} -> {b}"
            if y is None or (x is not None and x % y == 0):
                looser.append(text)
            else:
                tighter.append(text)
        if bool(old.get("uniqueItems")) != bool(new.get("uniqueItems")):
            text = f"uniqueItems {bool(old.get('uniqueItems'))} -> {bool(new.get('uniqueItems'))}"
            (tighter if new.get("uniqueItems") else looser).append(text)
        closed_before = old.get("additionalProperties") is False
        closed_after = new.get("additionalProperties") is False
        if closed_before != closed_after and ("properties" in old or "properties" in new):
            text = "unknown properties " + ("refused" if closed_after else "allowed")
            (tighter if closed_after else looser).append(text)
        pattern_before, pattern_after = old.get("pattern"), new.get("pattern")
        if pattern_before != pattern_after:
            if pattern_before is None:
                tighter.append(f"pattern {pattern_after!r} added")
            elif pattern_after is None:
                looser.append(f"pattern {pattern_before!r} removed")
            else:
                rule = f"{place.side}-pattern-changed"
                self.add(rule, place, f"{pattern_before!r} -> {pattern_after!r}", pointer)
        side = place.side
        if tighter:
            self.add(f"{side}-constraint-tightened", place, "; ".join(tighter), pointer)
        if looser:
            self.add(f"{side}-constraint-loosened", place, "; ".join(looser), pointer)

    def default(
        self, place: _Place, old: Mapping[str, Any], new: Mapping[str, Any], pointer: str
    ) -> None:
        had, has = "default" in old, "default" in new
        if (not had and not has) or (had and has and old["default"] == new["default"]):
            return
        if place.side == "response":
            before = _value(old["default"]) if had else "none"
            after = _value(new["default"]) if has else "none"
            self.add("response-default-changed", place, f"{before} -> {after}", pointer)
        elif not has:
            self.add("request-default-removed", place, f"was {_value(old['default'])}", pointer)
        elif not had:
            self.add("request-default-added", place, _value(new["default"]), pointer)
        else:
            detail = f"{_value(old['default'])} -> {_value(new['default'])}"
            self.add("request-default-changed", place, detail, pointer)

    def discriminator(
        self, place: _Place, old: Mapping[str, Any], new: Mapping[str, Any], pointer: str
    ) -> None:
        a, b = old.get("discriminator"), new.get("discriminator")
        if not isinstance(a, Mapping) and not isinstance(b, Mapping):
            return
        a, b = a if isinstance(a, Mapping) else {}, b if isinstance(b, Mapping) else {}
        breaking = f"{place.side}-discriminator-changed"
        if a.get("propertyName") != b.get("propertyName"):
            detail = f"propertyName {a.get('propertyName')!r} -> {b.get('propertyName')!r}"
            self.add(breaking, place, detail, pointer)
            return
        old_map, new_map = a.get("mapping") or {}, b.get("mapping") or {}
        added = sorted(set(new_map) - set(old_map))
        removed = sorted(set(old_map) - set(new_map))
        changed = sorted(k for k in set(old_map) & set(new_map) if old_map[k] != new_map[k])
        # Which way is safe depends on who picks the variant: the client (requests) or the server.
        safe, unsafe = (added, removed) if place.side == "request" else (removed, added)
        if unsafe or changed:
            parts = [
                f"value {k!r} {'removed' if place.side == 'request' else 'added'}" for k in unsafe
            ]
            parts += [f"value {k!r} now selects {new_map[k]}" for k in changed]
            self.add(breaking, place, "; ".join(parts), pointer)
        if safe:
            detail = ", ".join(repr(k) for k in safe)
            self.add("discriminator-mapping-extended", place, detail, pointer)

    def all_of(
        self, place: _Place, old: Mapping[str, Any], new: Mapping[str, Any], pointer: str
    ) -> None:
        def parts(doc: _Doc, schema: Mapping[str, Any]) -> list[str]:
            found = []
            for part in schema.get("allOf") or []:
                name = doc.node(part, "").name
                found.append(
                    self.renames.get(name, name)
                    if doc is self.before and name
                    else name or "inline"
                )
            return found

        a, b = parts(self.before, old), parts(self.after, new)
        if len(a) <= 1 and len(b) <= 1:
            return  # a single part only wraps a $ref (to give it a description)
        if sorted(a) != sorted(b):
            added = [p for p in b if p not in a]
            removed = [p for p in a if p not in b]
            detail = (
                "; ".join([*(f"{p} added" for p in added), *(f"{p} removed" for p in removed)])
                or "parts reordered"
            )
            self.add("all-of-changed", place, detail, pointer)

    def options(
        self, place: _Place, a: _Node, b: _Node, depth: int, null_done: bool = False
    ) -> bool:
        """Compare oneOf/anyOf options; True when either side has some (so they were compared)."""
        old = a.value if isinstance(a.value, Mapping) else {}
        new = b.value if isinstance(b.value, Mapping) else {}
        old_options = self.option_nodes(self.before, a, old)
        new_options = self.option_nodes(self.after, b, new)
        if old_options is None and new_options is None:
            return False
        # A plain schema against a union: compare it as a union of one.
        old_plain, new_plain = old_options is None, new_options is None
        old_options = [a] if old_options is None else old_options
        new_options = [b] if new_options is None else new_options
        old_null = any(_is_null_option(o.value) for o in old_options) or _nullable(old)
        new_null = any(_is_null_option(o.value) for o in new_options) or _nullable(new)
        if not null_done:
            self.nullability(place, old_null, new_null, b.pointer)
        old_options = [o for o in old_options if not _is_null_option(o.value)]
        new_options = [o for o in new_options if not _is_null_option(o.value)]
        if len(old_options) == 1 and len(new_options) == 1:
            # `X | null` against `X`, or `anyOf: [X]` against `X`: compare the one real option.
            self.schema(place, old_options[0], new_options[0], depth + 1, null_done=True)
            return True
        if not (old_plain or new_plain):
            self.discriminator(place, old, new, b.pointer)
        pairs, unmatched_old, unmatched_new = self.match_options(old_options, new_options)
        open_enum = _open_string(old_options) and _open_string(new_options)
        for old_option, new_option in pairs:
            label = self.option_label(new_option)
            inner = _Place(place.side, place.anchor, (*place.path, f"<{label}>"), open_enum)
            plain = old_option is a or new_option is b
            self.schema(inner, old_option, new_option, depth + 1, null_done=plain)
        side = place.side
        for option in unmatched_old:
            self.add(f"{side}-option-removed", place, self.option_label(option), option.pointer)
        for option in unmatched_new:
            self.add(f"{side}-option-added", place, self.option_label(option), option.pointer)
        return True

    def option_nodes(self, doc: _Doc, node: _Node, schema: Mapping[str, Any]) -> list[_Node] | None:
        for combinator in ("oneOf", "anyOf"):
            entries = schema.get(combinator)
            if isinstance(entries, list) and entries:
                return [
                    doc.node(entry, f"{node.pointer}/{combinator}/{index}")
                    for index, entry in enumerate(entries)
                ]
        return None

    def option_label(self, node: _Node) -> str:
        if node.name:
            return node.name
        value = node.value if isinstance(node.value, Mapping) else {}
        return _type_text(_types(value))

    def match_options(
        self, old: list[_Node], new: list[_Node]
    ) -> tuple[list[tuple[_Node, _Node]], list[_Node], list[_Node]]:
        pairs: list[tuple[_Node, _Node]] = []
        left, right = list(old), list(new)
        for o in list(left):  # by component name first (renames followed)
            if o.name is None:
                continue
            target = self.renames.get(o.name, o.name)
            match = next((n for n in right if n.name == target), None)
            if match is not None:
                pairs.append((o, match))
                left.remove(o)
                right.remove(match)
        for o in list(left):  # then inline options by their types
            ov = o.value if isinstance(o.value, Mapping) else {}
            match = next(
                (
                    n
                    for n in right
                    if _types(n.value if isinstance(n.value, Mapping) else {}) == _types(ov)
                ),
                None,
            )
            if match is not None:
                pairs.append((o, match))
                left.remove(o)
                right.remove(match)
        return pairs, left, right

    def _members(
        self, doc: _Doc, schema: Mapping[str, Any], depth: int = 0
    ) -> tuple[dict[str, Any], set[str]]:
        """Properties and required names of an object schema, `allOf` parts merged."""
        props: dict[str, Any] = {}
        required: set[str] = set()
        if depth > _MAX_DEPTH:
            return props, required
        for part in schema.get("allOf") or []:
            node = doc.node(part, "")
            if isinstance(node.value, Mapping):
                part_props, part_required = self._members(doc, node.value, depth + 1)
                props.update(part_props)
                required |= part_required
        props.update({str(name): prop for name, prop in (schema.get("properties") or {}).items()})
        required |= {str(name) for name in schema.get("required") or []}
        return props, required

    def members(self, place: _Place, a: _Node, b: _Node, depth: int) -> None:
        old = a.value if isinstance(a.value, Mapping) else {}
        new = b.value if isinstance(b.value, Mapping) else {}
        old_props, old_required = self._members(self.before, old)
        new_props, new_required = self._members(self.after, new)
        old_where = self.property_pointers(self.before, a)
        new_where = self.property_pointers(self.after, b)
        side = place.side

        def required(props: Mapping[str, Any], names: set[str], name: str, doc: _Doc) -> bool:
            # A read-only property is never sent, a write-only one never returned.
            flags = doc.node(props[name], "").value
            flags = flags if isinstance(flags, Mapping) else {}
            hidden = flags.get("readOnly") if side == "request" else flags.get("writeOnly")
            return name in names and not hidden

        for name in sorted(new_props.keys() - old_props.keys()):
            here = place.below(name)
            pointer = new_where.get(name, b.pointer)
            needed = required(new_props, new_required, name, self.after)
            rule = f"{side}-property-added-required" if needed else f"{side}-property-added"
            kind = _type_text(_types(self.after.node(new_props[name], "").value or {}))
            self.add(rule, here, kind, pointer)
        for name in sorted(old_props.keys() - new_props.keys()):
            self.add(
                f"{side}-property-removed", place.below(name), "", old_where.get(name, a.pointer)
            )
        for name in sorted(old_props.keys() & new_props.keys()):
            here = place.below(name)
            pointer = new_where.get(name, b.pointer)
            was = required(old_props, old_required, name, self.before)
            now = required(new_props, new_required, name, self.after)
            if was and not now:
                rule = (
                    "request-property-became-optional"
                    if side == "request"
                    else "response-property-became-optional"
                )
                self.add(rule, here, "", pointer)
            elif now and not was:
                rule = (
                    "request-property-became-required"
                    if side == "request"
                    else "response-property-became-required"
                )
                self.add(rule, here, "", pointer)
            old_node = self.before.node(old_props[name], old_where.get(name, a.pointer))
            new_node = self.after.node(new_props[name], pointer)
            self.flags(here, old_props[name], new_props[name], old_node, new_node, pointer)
            self.schema(here, old_node, new_node, depth + 1)
        old_extra, new_extra = old.get("additionalProperties"), new.get("additionalProperties")
        if isinstance(old_extra, Mapping) and isinstance(new_extra, Mapping):
            self.schema(
                place.below("{}"),
                self.before.node(old_extra, f"{a.pointer}/additionalProperties"),
                self.after.node(new_extra, f"{b.pointer}/additionalProperties"),
                depth + 1,
            )

    def property_pointers(self, doc: _Doc, node: _Node) -> dict[str, str]:
        """Where each property of an object schema is written, `allOf` parts included."""
        found: dict[str, str] = {}
        pending = [node]
        for _ in range(_MAX_DEPTH):
            if not pending:
                break
            current = pending.pop()
            value = current.value if isinstance(current.value, Mapping) else {}
            for index, part in enumerate(value.get("allOf") or []):
                pending.append(doc.node(part, f"{current.pointer}/allOf/{index}"))
            for name in value.get("properties") or {}:
                found.setdefault(str(name), f"{current.pointer}{_pointer('properties', name)}")
        return found

    def flags(
        self, place: _Place, raw_old: Any, raw_new: Any, a: _Node, b: _Node, pointer: str
    ) -> None:
        """readOnly, writeOnly and deprecated, written on the property or the schema it names."""

        def flag(raw: Any, node: _Node, key: str) -> bool:
            if isinstance(raw, Mapping) and key in raw:
                return bool(raw[key])
            return bool(isinstance(node.value, Mapping) and node.value.get(key))

        changes = []
        for key in ("readOnly", "writeOnly"):
            before, after = flag(raw_old, a, key), flag(raw_new, b, key)
            if before == after:
                continue
            if key == "readOnly" and after and place.side == "request":
                self.add("request-property-became-read-only", place, "", pointer)
            elif key == "writeOnly" and after and place.side == "response":
                self.add("response-property-became-write-only", place, "", pointer)
            else:
                changes.append(f"{key} {before} -> {after}")
        if changes:
            self.add("read-write-changed", place, "; ".join(changes), pointer)
        before, after = flag(raw_old, a, "deprecated"), flag(raw_new, b, "deprecated")
        if before != after:
            self.add("deprecated" if after else "undeprecated", place, "", pointer)

    # -- operations --

    def run(self) -> None:
        for key in sorted(self.new_ops.keys() - self.old_ops.keys()):
            op = self.new_ops[key]
            self.emit("operation-added", op.use("operation"), "", op.pointer)
        for key in sorted(self.old_ops.keys() - self.new_ops.keys()):
            op = self.old_ops[key]
            self.emit("operation-removed", op.use("operation"), "", op.pointer)
        for key in sorted(self.old_ops.keys() & self.new_ops.keys()):
            self.operation(self.old_ops[key], self.new_ops[key])
        self.unreached()
        self.models()
        self.security_schemes()

    def operation(self, a: _Operation, b: _Operation) -> None:
        here = b.use("operation")
        if a.operation_id != b.operation_id:
            detail = f"{a.operation_id or 'none'} -> {b.operation_id or 'none'}"
            self.emit("operation-id-changed", here, detail, f"{b.pointer}/operationId")
        if a.tags[0] != b.tags[0]:
            self.emit(
                "operation-tag-changed", here, f"{a.tags[0]} -> {b.tags[0]}", f"{b.pointer}/tags"
            )
        if bool(a.raw.get("deprecated")) != bool(b.raw.get("deprecated")):
            rule = "operation-deprecated" if b.raw.get("deprecated") else "operation-undeprecated"
            self.emit(rule, here, "", b.pointer)
        self.security(a, b)
        self.parameters(a, b)
        self.request_body(a, b)
        self.responses(a, b)

    def security(self, a: _Operation, b: _Operation) -> None:
        here = b.use("operation")
        pointer = f"{b.pointer}/security" if "security" in b.raw else "#/security"
        old, new = a.security(), b.security()
        if not old and new:
            schemes = " or ".join(" + ".join(sorted(alt)) for alt in new)
            self.emit("security-added", here, schemes, pointer)
            return
        if old and not new:
            self.emit("security-removed", here, "", pointer)
            return
        old_alts = {frozenset(alt): alt for alt in old}
        new_alts = {frozenset(alt): alt for alt in new}
        for key in sorted(old_alts.keys() - new_alts.keys(), key=sorted):
            if not any(other <= key for other in new_alts):
                self.emit("security-scheme-removed", here, " + ".join(sorted(key)), pointer)
        for key in sorted(new_alts.keys() - old_alts.keys(), key=sorted):
            self.emit("security-scheme-added", here, " + ".join(sorted(key)), pointer)
        for key in sorted(old_alts.keys() & new_alts.keys(), key=sorted):
            for scheme in sorted(key):
                added = sorted(new_alts[key][scheme] - old_alts[key][scheme])
                removed = sorted(old_alts[key][scheme] - new_alts[key][scheme])
                if added:
                    self.emit(
                        "security-scope-added", here, f"{scheme}: {', '.join(added)}", pointer
                    )
                if removed:
                    self.emit(
                        "security-scope-removed", here, f"{scheme}: {', '.join(removed)}", pointer
                    )

    def security_schemes(self) -> None:
        before, after = self.before.security_schemes, self.after.security_schemes
        for name in sorted(before.keys() & after.keys()):
            a, b = self.before.node(before[name], ""), self.after.node(after[name], "")
            if not isinstance(a.value, Mapping) or not isinstance(b.value, Mapping):
                continue
            changed = [
                f"{key} {a.value.get(key)!r} -> {b.value.get(key)!r}"
                for key in ("type", "scheme", "in", "name", "bearerFormat", "openIdConnectUrl")
                if a.value.get(key) != b.value.get(key)
            ]
            if changed:
                uses = [
                    op.use("operation")
                    for op in self.new_ops.values()
                    if any(name in alt for alt in op.security())
                ]
                where = "#" + _pointer("components", "securitySchemes", name)
                raw = _Raw("security-scheme-changed", name, (), "; ".join(changed), where)
                targets: list[Use | None] = [*uses] or [None]
                self.found.extend((raw, use) for use in targets)

    def parameters(self, a: _Operation, b: _Operation) -> None:
        old, new = dict(a.parameters), dict(b.parameters)
        # Path parameters are matched by their place in the path: their names are not on the wire.
        for old_name, new_name in zip(
            a.path_parameter_names(), b.path_parameter_names(), strict=False
        ):
            if ("path", old_name) not in old or ("path", new_name) not in new:
                continue
            old_param, new_param = old.pop(("path", old_name)), new.pop(("path", new_name))
            if old_name != new_name:
                use = b.use(new_param.label, "request")
                self.emit(
                    "path-parameter-renamed", use, f"{old_name} -> {new_name}", new_param.pointer
                )
            self.parameter(b, old_param, new_param)
        added = {key: new[key] for key in sorted(new.keys() - old.keys())}
        removed = {key: old[key] for key in sorted(old.keys() - new.keys())}
        # The same name gone from one location and new in another: the parameter moved.
        for key, param in list(removed.items()):
            target = next(
                (k for k, p in added.items() if p.name.lower() == param.name.lower()), None
            )
            if target is None:
                continue
            moved = added.pop(target)
            del removed[key]
            use = b.use(moved.label, "request")
            detail = f"{param.location} -> {moved.location}"
            self.emit("request-parameter-location-changed", use, detail, moved.pointer)
            self.parameter(b, param, moved)
        for param in added.values():
            required = bool(param.value.get("required"))
            rule = "request-parameter-added-required" if required else "request-parameter-added"
            schema = b.doc.node(*param.schema).value
            detail = _type_text(_types(schema if isinstance(schema, Mapping) else {}))
            self.emit(rule, b.use(param.label, "request"), detail, param.pointer)
        for param in removed.values():
            self.emit("request-parameter-removed", a.use(param.label, "request"), "", param.pointer)
        for key in sorted(old.keys() & new.keys()):
            self.parameter(b, old[key], new[key])

    def parameter(self, op: _Operation, a: _Parameter, b: _Parameter) -> None:
        use = op.use(b.label, "request")
        moved = a.location != b.location  # then the serialization defaults differ too
        was, now = bool(a.value.get("required")), bool(b.value.get("required"))
        if now and not was:
            self.emit("request-parameter-became-required", use, "", b.pointer)
        elif was and not now:
            self.emit("request-parameter-became-optional", use, "", b.pointer)
        if a.serialization != b.serialization and not moved:
            (s1, e1), (s2, e2) = a.serialization, b.serialization
            detail = (
                f"style {s1}, explode {str(e1).lower()} -> style {s2}, explode {str(e2).lower()}"
            )
            self.emit("request-parameter-serialization-changed", use, detail, b.pointer)
        if bool(a.value.get("deprecated")) != bool(b.value.get("deprecated")):
            self.emit(
                "deprecated" if b.value.get("deprecated") else "undeprecated", use, "", b.pointer
            )
        (old_schema, old_ptr), (new_schema, new_ptr) = a.schema, b.schema
        self.walk(_Place("request", None, ()), use, old_schema, new_schema, old_ptr, new_ptr)

    def request_body(self, a: _Operation, b: _Operation) -> None:
        old, new = a.body(), b.body()
        if old is None and new is None:
            return
        required = bool(
            new is not None and isinstance(new.value, Mapping) and new.value.get("required")
        )
        was_required = bool(
            old is not None and isinstance(old.value, Mapping) and old.value.get("required")
        )
        if old is None:
            assert new is not None
            rule = "request-body-added-required" if required else "request-body-added"
            self.emit(rule, b.use("request body", "request"), ", ".join(_content(new)), new.pointer)
            return
        if new is None:
            self.emit("request-body-removed", a.use("request body", "request"), "", old.pointer)
            return
        if required and not was_required:
            self.emit(
                "request-body-became-required", b.use("request body", "request"), "", new.pointer
            )
        elif was_required and not required:
            self.emit(
                "request-body-became-optional", b.use("request body", "request"), "", new.pointer
            )
        self.contents("request", a, b, _content(old), _content(new), "request body")

    def contents(
        self,
        side: str,
        a: _Operation,
        b: _Operation,
        old: Mapping[str, tuple[Any, str]],
        new: Mapping[str, tuple[Any, str]],
        where: str,
    ) -> None:
        """Media types added and removed, and the schemas of those on both sides."""
        for media in sorted(new.keys() - old.keys()):
            self.emit(
                f"{side}-media-type-added",
                b.use(where, side),
                media,
                new[media][1].rsplit("/", 1)[0],
            )
        for media in sorted(old.keys() - new.keys()):
            self.emit(
                f"{side}-media-type-removed",
                a.use(where, side),
                media,
                old[media][1].rsplit("/", 1)[0],
            )
        shared = sorted(old.keys() & new.keys())
        for media in shared:
            label = (
                where if media == "application/json" or len(shared) == 1 else f"{where} ({media})"
            )
            (old_schema, old_ptr), (new_schema, new_ptr) = old[media], new[media]
            self.walk(
                _Place(side, None, ()), b.use(label, side), old_schema, new_schema, old_ptr, new_ptr
            )

    def responses(self, a: _Operation, b: _Operation) -> None:
        old, new = a.responses(), b.responses()
        for status in sorted(new.keys() - old.keys()):
            self.emit(
                "response-status-added",
                b.use(f"{status} response", "response"),
                status,
                new[status].pointer,
            )
        for status in sorted(old.keys() - new.keys()):
            success = status.startswith("2")  # 200-299 and the 2XX range
            rule = "response-success-status-removed" if success else "response-status-removed"
            self.emit(rule, a.use(f"{status} response", "response"), status, old[status].pointer)
        for status in sorted(old.keys() & new.keys()):
            where = f"{status} response"
            self.contents(
                "response",
                a,
                b,
                _content(old[status]),
                _content(new[status]),
                where,
            )
            self.headers(a, b, status, old[status], new[status])

    def headers(self, a: _Operation, b: _Operation, status: str, old: _Node, new: _Node) -> None:
        def headers(doc: _Doc, node: _Node) -> dict[str, tuple[str, _Node]]:
            value = node.value if isinstance(node.value, Mapping) else {}
            found = {}
            for name, header in (value.get("headers") or {}).items():
                found[str(name).lower()] = (
                    str(name),
                    doc.node(header, f"{node.pointer}{_pointer('headers', name)}"),
                )
            return found

        before, after = headers(self.before, old), headers(self.after, new)
        for key in sorted(after.keys() - before.keys()):
            name, node = after[key]
            self.emit(
                "response-header-added",
                b.use(f"{status} response header `{name}`", "response"),
                "",
                node.pointer,
            )
        for key in sorted(before.keys() - after.keys()):
            name, node = before[key]
            required = isinstance(node.value, Mapping) and node.value.get("required")
            rule = "response-required-header-removed" if required else "response-header-removed"
            self.emit(
                rule, a.use(f"{status} response header `{name}`", "response"), "", node.pointer
            )
        for key in sorted(before.keys() & after.keys()):
            (_, x), (name, y) = before[key], after[key]
            use = b.use(f"{status} response header `{name}`", "response")
            xv = x.value if isinstance(x.value, Mapping) else {}
            yv = y.value if isinstance(y.value, Mapping) else {}
            if xv.get("required") and not yv.get("required"):
                self.emit("response-header-became-optional", use, "", y.pointer)
            self.walk(
                _Place("response", None, ()),
                use,
                xv.get("schema"),
                yv.get("schema"),
                f"{x.pointer}/schema",
                f"{y.pointer}/schema",
            )

    def unreached(self) -> None:
        """Compare the component schemas no shared operation led to (used only by new or
        removed operations, or by none): their generated classes still change."""
        compared = {(key[0], key[1]) for key in self._memo}
        pairs = [
            (name, name) for name in sorted(self.before.schemas.keys() & self.after.schemas.keys())
        ]
        pairs += sorted(self.renames.items())
        requests = _reachable(self.after, [op.request_roots() for op in self.new_ops.values()])
        responses = _reachable(self.after, [op.response_roots() for op in self.new_ops.values()])
        for old_name, new_name in pairs:
            if (old_name, new_name) in compared:
                continue
            sides = [
                side
                for side, names in (("request", requests), ("response", responses))
                if new_name in names
            ]
            for side in sides or ["response"]:
                a = self.before.node({"$ref": SCHEMA_PREFIX + _escape(old_name)}, "")
                b = self.after.node({"$ref": SCHEMA_PREFIX + _escape(new_name)}, "")
                self._sink = []
                self.component(_Place(side, None, ()), a, b, 0)
                self.found.extend((raw, None) for raw in self._sink)
                self._sink = []

    def models(self) -> None:
        old_names, new_names = set(self.before.schemas), set(self.after.schemas)
        targets = set(self.renames.values())
        for name in sorted(new_names - old_names - targets):
            raw = _Raw("model-added", name, (), "", "#" + _pointer("components", "schemas", name))
            self.found.append((raw, None))
        for name in sorted(old_names - new_names - self.renames.keys()):
            raw = _Raw("model-removed", name, (), "", "#" + _pointer("components", "schemas", name))
            self.found.append((raw, None))
        for old_name, new_name in sorted(self.renames.items()):
            raw = _Raw(
                "model-renamed",
                new_name,
                (),
                f"was {old_name}",
                "#" + _pointer("components", "schemas", new_name),
            )
            self.found.append((raw, None))

    # -- merging --

    def changes(self) -> list[Change]:
        """The changes found, each once: those of a component, or of the same place in several
        operations (a 501 response, a `page` parameter), merged with all their uses."""
        merged: dict[tuple[Any, ...], tuple[_Raw, set[Use]]] = {}
        for raw, use in self.found:
            key: tuple[Any, ...]
            if raw.anchor is not None:
                key = (raw.rule, "component", raw.anchor, raw.path, raw.detail)
            elif use is None or use.where == "operation":
                key = (raw.rule, "operation", use, raw.path, raw.detail)
            else:
                key = (raw.rule, "place", use.where, use.side, raw.path, raw.detail)
            entry = merged.setdefault(key, (raw, set()))
            if use is not None:
                entry[1].add(use)
        result = [
            Change(
                raw.rule,
                _subject(raw, uses),
                raw.detail,
                raw.pointer,
                tuple(sorted(uses)),
                raw.anchor is not None or len(uses) > 1,
            )
            for raw, uses in merged.values()
        ]
        result.sort(key=_order)
        return result


def _path_text(path: Sequence[str]) -> str:
    text = ""
    for segment in path:
        if segment in ("[]", "{}") or segment.startswith("<"):
            text += segment
        else:
            text += f".{segment}"
    return text


def _subject(raw: _Raw, uses: set[Use]) -> str:
    inside = f" `${_path_text(raw.path)}`" if raw.path else ""
    if raw.anchor is not None:
        return f"`{raw.anchor}{_path_text(raw.path)}`"
    if not uses:
        return "the contract"
    use = min(uses)
    if use.where == "operation":
        return f"`{use.operation_id}` ({use.label})"
    if len(uses) > 1:
        return f"{use.where}{inside}"
    return f"`{use.operation_id}` {use.where}{inside}"


def _order(change: Change) -> tuple[int, str, str, str]:
    return (LEVELS.index(change.level), _plain(change.subject), change.rule, change.detail)


def diff_contracts(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    """What changed from `old` to `new`, each change judged by one of `RULES`."""
    if old == new:
        return []
    comparison = _Comparison(old, new)
    comparison.run()
    return comparison.changes()


# --- the report ---------------------------------------------------------------------------


_SECTIONS = (("error", "Breaking"), ("warning", "May break"), ("info", "Other changes"))
MODELS_GROUP = "generated models"
SHARED_GROUP = "several tags"


def group_of(change: Change) -> str:
    """The report section a change goes in: its tag, several tags, or the generated models."""
    tags = change.tags
    if not change.uses:
        return MODELS_GROUP
    return tags[0] if len(tags) == 1 else SHARED_GROUP


def summary_counts(changes: Sequence[Change]) -> dict[str, int]:
    counts = dict.fromkeys(LEVELS, 0)
    for change in changes:
        counts[change.level] += 1
    return counts


def _heading(counts: Mapping[str, int]) -> str:
    return (
        f"**{counts['error']} breaking**, {counts['warning']} that may break, "
        f"{counts['info']} other"
    )


def format_report(
    changes: Sequence[Change], old_label: str, new_label: str, fmt: str = "markdown"
) -> str:
    """The report: Markdown grouped by tag, breaking changes first; or JSON (`fmt="json"`)."""
    if fmt == "json":
        return json.dumps(report_data(changes, old_label, new_label), indent=2, ensure_ascii=False)
    if not changes:
        return f"No client-visible changes from {old_label} to {new_label}."
    groups: dict[str, list[Change]] = {}
    for change in changes:
        groups.setdefault(group_of(change), []).append(change)
    order = sorted(
        groups,
        key=lambda g: (g in (SHARED_GROUP, MODELS_GROUP), g == MODELS_GROUP, g),
    )
    lines = [
        f"# Changes from {old_label} to {new_label}",
        "",
        f"{len(changes)} changes: {_heading(summary_counts(changes))}.",
        "",
        "| tag | breaking | may break | other |",
        "|---|---|---|---|",
    ]
    for group in order:
        counts = summary_counts(groups[group])
        lines.append(f"| {group} | {counts['error']} | {counts['warning']} | {counts['info']} |")
    for group in order:
        title = {SHARED_GROUP: "Used by several tags", MODELS_GROUP: "Generated models"}.get(
            group, f"Tag `{group}`"
        )
        lines += ["", f"## {title}"]
        for level, heading in _SECTIONS:
            entries = [c for c in groups[group] if c.level == level]
            if not entries:
                continue
            lines += ["", f"### {heading}", ""]
            # Many new models read better as one line; each is still in the JSON report.
            added = [c for c in entries if c.rule == "model-added"]
            if len(added) > _MODELS_LISTED:
                entries = [c for c in entries if c.rule != "model-added"]
                names = ", ".join(c.subject for c in added)
                lines.append(f"- {len(added)} new models: {names}. `model-added`")
            lines += [f"- {change.text()} `{change.rule}`" for change in entries]
    return "\n".join(lines)


def report_data(changes: Sequence[Change], old_label: str, new_label: str) -> dict[str, Any]:
    """The report as plain data (what `--format json` prints)."""
    return {
        "from": old_label,
        "to": new_label,
        "summary": {**summary_counts(changes), "total": len(changes)},
        "changes": [
            {
                "rule": change.rule,
                "level": change.level,
                "side": change.spec.side,
                "group": group_of(change),
                "subject": _plain(change.subject),
                "title": change.spec.title,
                "detail": change.detail,
                "why": change.spec.why,
                "pointer": change.pointer,
                "operations": [
                    {
                        "operationId": use.operation_id,
                        "method": use.method.upper(),
                        "path": use.path,
                        "tags": list(use.tags),
                        "where": _plain(use.where),
                    }
                    for use in change.uses
                ],
            }
            for change in changes
        ],
    }


def rules_table() -> Iterator[str]:
    """The rules as Markdown table rows (the documentation lists them)."""
    yield "| rule | side | level | oasdiff |"
    yield "|---|---|---|---|"
    for rule in RULES.values():
        closest = ", ".join(f"`{name}`" for name in rule.oasdiff) or "none"
        yield f"| `{rule.id}` | {rule.side} | {rule.level} | {closest} |"
