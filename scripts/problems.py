"""What went wrong in the generator, said so that a user can fix it.

openapi-python-client reports a part it cannot generate as a warning whose
header names the method and path ("WARNING parsing POST /pets within pets.")
and whose detail is its own explanation ("Unsupported content type
application/xml"), plus the part of the document as it parsed it. `explain`
turns each warning into a `Problem` naming the operation by its operationId,
the JSON pointer of the part, the generator's detail unchanged, and the
setting that would let the run through: a `[generator]` setting, a JSON Patch
to paste into the spec's settings file, or `allow-skip` for the operation.
`describe` writes many problems as a summary by kind with a few examples of
each, not thousands of lines.

Generator crashes (an exception, such as two enum values that make the same
member name) go through `explain_crash`, which names the part of the spec the
generator was reading and the setting that avoids the crash.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from json_document import follow
from spec_settings import patch_toml, toml_value

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_ENDPOINT = re.compile(r"^WARNING parsing (?P<method>[A-Z]+) (?P<path>\S+) within (?P<tags>\S+?)\.")
_COMPONENT = re.compile(r"^Unable to parse (?:schema|parameter) (?P<ref>/components/\S+)")
_CONTENT_TYPE = re.compile(r"Unsupported content type (?P<media>[^\s,()]+)")
_STATUS = re.compile(r"response for status code (?P<status>\S+?)\b")
_DUPLICATE_KEY = re.compile(r"Duplicate key (?P<key>\S+) in enum (?P<enum>\S+?);")
_MASKED = re.compile(r"<openapi_python_client\.[\w.]*UntrustedString object at (0x[0-9a-f]+)>")
EXAMPLES_PER_KIND = 3
DETAILED_LIMIT = 10


def unmask(text: str) -> str:
    """The generator's text with its `UntrustedString` reprs replaced by their values.

    Some of its messages put a name from the spec in an f-string, which shows the wrapper
    (`<...UntrustedString object at 0x7f...>`); while the generator's objects are alive,
    the address finds the object, and so the name.
    """
    if "UntrustedString object at" not in text:
        return text
    import gc

    from openapi_python_client.schema.untrusted_string import UntrustedString

    live = {id(obj): obj for obj in gc.get_objects() if isinstance(obj, UntrustedString)}

    def value(found: re.Match[str]) -> str:
        obj = live.get(int(found.group(1), 16))
        return repr(obj.get_untrusted_value()) if obj is not None else "(a name from the spec)"

    return _MASKED.sub(value, text)


def pointer(*parts: object) -> str:
    return "#" + "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def _resolve(document: Mapping[str, Any], ref: str) -> Any:
    return follow(document, ref)[1]


@dataclass
class Problem:
    """One part of the spec the generator could not make, and how to get past it."""

    kind: str  # what went wrong, the same for every problem of its sort (for the summary)
    detail: str  # the generator's own words
    pointer: str  # where in the spec
    operation: str | None = None  # operationId, else "METHOD /path"; None: not an operation
    endpoint: str | None = None  # "POST /pets"
    left_out: str = ""  # what the client lacks: "the operation", "that media type", ...
    fixes: list[str] = field(default_factory=list)  # settings-file snippets, best first
    skip_key: str | None = None  # what allow-skip would name

    @property
    def subject(self) -> str:
        if self.operation and self.endpoint and self.operation != self.endpoint:
            return f"{self.operation} ({self.endpoint})"
        return self.operation or self.endpoint or self.pointer


class _Spec:
    """Operations of the spec by method and path, for naming and locating problems."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        self.document = document
        self.operations: dict[tuple[str, str], tuple[str, str]] = {}  # -> (name, pointer)
        for path, item in (document.get("paths") or {}).items():
            if not isinstance(item, Mapping):
                continue
            for method in HTTP_METHODS:
                operation = item.get(method)
                if isinstance(operation, Mapping):
                    name = str(operation.get("operationId") or f"{method.upper()} {path}")
                    self.operations[(method.upper(), str(path))] = (
                        name,
                        pointer("paths", path, method),
                    )

    def nodes(self, start: str, depth: int = 0) -> Iterator[tuple[str, Any]]:
        """Every mapping below `start`, `$ref`s followed (each target once), with pointers."""
        seen: set[str] = set()
        pending: list[tuple[str, Any]] = [(start, _resolve(self.document, start))]
        while pending:
            where, node = pending.pop()
            if isinstance(node, Mapping):
                ref = node.get("$ref")
                if isinstance(ref, str) and ref.startswith("#") and ref not in seen:
                    seen.add(ref)
                    pending.append((ref, _resolve(self.document, ref)))
                    continue
                yield where, node
                pending.extend(
                    (f"{where}/{str(k).replace('~', '~0').replace('/', '~1')}", v)
                    for k, v in node.items()
                )
            elif isinstance(node, list):
                pending.extend((f"{where}/{i}", v) for i, v in enumerate(node))


def _similarity(found: Mapping[str, Any], wanted: Mapping[str, Any]) -> float:
    """How much of what the generator parsed is this node (scalars equal, mapping keys shared)."""
    if not wanted:
        return 0.0
    score = 0.0
    for key, value in wanted.items():
        if key not in found:
            continue
        other = found[key]
        if isinstance(value, Mapping) and isinstance(other, Mapping):
            shared = set(value) & set(other)
            score += len(shared) / max(len(set(value) | set(other)), 1)
        elif value == other:
            score += 1
    return score / len(wanted)


def _dump(data: Any) -> Mapping[str, Any] | None:
    try:
        dumped = data.model_dump(mode="json", by_alias=True, exclude_unset=True)
    except Exception:  # not a pydantic model, or one that cannot be dumped: locate without it
        return None
    return dumped if isinstance(dumped, Mapping) else None


def _locate(spec: _Spec, start: str, data: Any) -> str:
    wanted = _dump(data)
    if not wanted:
        return start
    best, best_score = start, 0.5  # below half a match, the operation itself is the answer
    for where, node in spec.nodes(start):
        score = _similarity(node, wanted)
        if score > best_score or (score == best_score and len(where) > len(best) and score > 0.5):
            best, best_score = where, score
    return best


def _find_key(spec: _Spec, start: str, key: str) -> str | None:
    """The first place below `start` that has `key` as a member (deepest search order)."""
    for where, node in spec.nodes(start):
        if key in node:
            return f"{where}/{key.replace('~', '~0').replace('/', '~1')}"
    return None


def _content_without_schema(spec: _Spec, start: str) -> str | None:
    for where, node in spec.nodes(start):
        content = node.get("content")
        if isinstance(content, Mapping):
            for media, entry in content.items():
                if isinstance(entry, Mapping) and "schema" not in entry:
                    return f"{where}/content/{str(media).replace('~', '~0').replace('/', '~1')}"
    return None


def _json_pointer(where: str) -> str:
    """A `#/...` pointer as JSON Patch writes it (without the `#`)."""
    return where[1:] if where.startswith("#") else where


def _setting(section: str | None, key: str, value: Any) -> str:
    line = f"{key} = {toml_value(value)}"
    return f"[{section}]\n{line}" if section else line


def _fixes_for(problem: Problem, spec: _Spec) -> None:
    """Fill in the settings that would get past the problem, best first."""
    detail = problem.detail
    media = _CONTENT_TYPE.search(detail)
    if media:
        name = media["media"]
        target = "application/json" if name.endswith("json") else "application/octet-stream"
        how = "read it as JSON" if target == "application/json" else "send and receive it as bytes"
        problem.kind = f"unsupported content type {name}"
        problem.fixes.append(
            _setting("generator", "content_type_overrides", {name: target}) + f"  # {how}"
        )
        problem.fixes.append(patch_toml("remove", _json_pointer(problem.pointer)) + "  # drop it")
    elif "Missing schema" in detail:
        problem.kind = "body or response without a schema"
        target = _content_without_schema(spec, problem.pointer) or problem.pointer
        problem.pointer = target
        media_type = target.rsplit("/", 1)[-1].replace("~1", "/")
        value: dict[str, Any] = {}
        if "json" not in media_type:
            value = {"type": "string", "format": "binary"}
        problem.fixes.append(
            patch_toml("add", _json_pointer(target) + "/schema", value)
            + ("  # any JSON value" if not value else "  # raw bytes")
        )
    elif "not allowed in path" in detail or "Path parameter must be required" in detail:
        node = _resolve(spec.document, problem.pointer)
        problem.kind = "path parameter the generator cannot send"
        if "must be required" in detail:
            problem.fixes.append(
                patch_toml("add", _json_pointer(problem.pointer) + "/required", True)
            )
        schema = node.get("schema") if isinstance(node, Mapping) else None
        base = _json_pointer(problem.pointer) + "/schema"
        if isinstance(schema, Mapping) and schema.get("nullable") is True:
            problem.kind = "nullable path parameter"
            problem.fixes.append(patch_toml("remove", base + "/nullable"))
        elif isinstance(schema, Mapping) and isinstance(schema.get("type"), list):
            problem.kind = "nullable path parameter"
            kinds = [kind for kind in schema["type"] if kind != "null"]
            problem.fixes.append(
                patch_toml("replace", base + "/type", kinds[0] if len(kinds) == 1 else kinds)
            )
        elif not problem.fixes:
            problem.fixes.append(patch_toml("replace", base, {"type": "string"}))
    elif _DUPLICATE_KEY.search(detail):
        problem.kind = "enum values that make the same member name"
        problem.fixes.append(
            _setting("generator", "literal_enums", True) + "  # Literal[...] types"
        )
    elif "reference" in detail.lower():
        problem.kind = "reference the generator cannot follow"
        problem.fixes.append(
            patch_toml("replace", _json_pointer(problem.pointer), {"type": "object"})
            + "  # or point the $ref at a schema that exists"
        )
    else:
        problem.kind = detail.splitlines()[0][:80] if detail else "unparseable part"
        problem.fixes.append(
            patch_toml("replace", _json_pointer(problem.pointer), "...")
            + "  # a value the generator accepts"
        )
    if problem.skip_key:
        problem.fixes.append(f"allow-skip = [{toml_value(problem.skip_key)}]  # leave it out")


def explain(errors: Sequence[Any], document: Mapping[str, Any]) -> list[Problem]:
    """One `Problem` per generator warning, located in `document` (the spec it generated)."""
    spec = _Spec(document)
    problems = []
    for error in errors:
        header = unmask(str(getattr(error, "header", "") or ""))
        detail = unmask(str(getattr(error, "detail", "") or "").strip())
        data = getattr(error, "data", None)
        endpoint = _ENDPOINT.match(header)
        component = _COMPONENT.match(header)
        if endpoint:
            key = (endpoint["method"], endpoint["path"])
            name, where = spec.operations.get(key, (f"{key[0]} {key[1]}", pointer("paths", key[1])))
            here = _locate(spec, where, data)
            status = _STATUS.search(detail)
            media = _CONTENT_TYPE.search(detail)
            if media:
                here = (
                    _find_key(spec, here, media["media"])
                    or _find_key(spec, where, media["media"])
                    or here
                )
            elif status and "responses" not in here:
                here = f"{where}/responses/{status['status']}"
            skipped = "will not be generated" in header
            problem = Problem(
                kind="",
                detail=detail or header,
                pointer=here,
                operation=name,
                endpoint=f"{key[0]} {key[1]}",
                left_out="the whole operation" if skipped else "that part of the operation",
                skip_key=name,
            )
        elif component:
            here = "#" + component["ref"]
            problem = Problem(
                kind="",
                detail=detail or header,
                pointer=here,
                left_out="the model, and operations that use it",
                skip_key=here,
            )
        else:
            problem = Problem(
                kind="", detail=(f"{header}: {detail}" if detail else header), pointer="#"
            )
        _fixes_for(problem, spec)
        problems.append(problem)
    return problems


def _indent(text: str, prefix: str) -> str:
    return "\n".join(prefix + line for line in text.splitlines())


def describe_one(problem: Problem, settings_label: str) -> str:
    lines = [f"  {problem.subject}", f"    at {problem.pointer}"]
    detail = problem.detail.splitlines()
    lines.append(f"    generator: {detail[0]}" if detail else "    generator: (no detail)")
    lines += [f"               {line}" for line in detail[1:6]]
    if problem.left_out:
        lines.append(f"    missing from the client: {problem.left_out}")
    if problem.fixes:
        lines.append(f"    fix, in {settings_label}:")
        lines.append(_indent(problem.fixes[0], "      "))
        for other in problem.fixes[1:]:
            lines.append("    or:")
            lines.append(_indent(other, "      "))
    return "\n".join(lines)


def describe(problems: Sequence[Problem], settings_label: str, *, everything: bool = False) -> str:
    """Problems for the terminal: all of them when few, else a summary by kind and examples."""
    if everything or len(problems) <= DETAILED_LIMIT:
        return "\n\n".join(describe_one(problem, settings_label) for problem in problems)
    kinds: dict[str, list[Problem]] = {}
    for problem in problems:
        kinds.setdefault(problem.kind, []).append(problem)
    ordered = sorted(kinds.items(), key=lambda item: -len(item[1]))
    lines = [f"  {len(problems)} problems of {len(kinds)} kinds:"]
    lines += [f"    {len(group):>5} x {kind}" for kind, group in ordered]
    for kind, group in ordered:
        lines += ["", f"  {kind} ({len(group)}), for example:", ""]
        shown = group[:EXAMPLES_PER_KIND]
        lines.append("\n\n".join(describe_one(problem, settings_label) for problem in shown))
        if len(group) > len(shown):
            others = ", ".join(p.subject for p in group[len(shown) : len(shown) + 8])
            more = len(group) - len(shown)
            lines.append(f"\n    ... and {more} more: {others}{', ...' if more > 8 else ''}")
    lines.append("\n  (--all-problems lists every one in full)")
    return "\n".join(lines)


# --- crashes ---------------------------------------------------------------------------


def _context(tb: TracebackType | None) -> str:
    """The part of the spec the generator was reading when it raised, from its frames."""
    endpoint = ""
    names: list[str] = []
    for frame, _ in traceback.walk_tb(tb):
        if "openapi_python_client" not in frame.f_code.co_filename:
            continue
        local = frame.f_locals
        path, method = local.get("path"), local.get("method")
        if method in HTTP_METHODS and path is not None and hasattr(path, "get_untrusted_value"):
            endpoint = f"{str(method).upper()} {path.get_untrusted_value()}"
        name = local.get("name")
        if name is not None:
            text = name.get_untrusted_value() if hasattr(name, "get_untrusted_value") else str(name)
            parent = local.get("parent_name")
            if parent:
                parent_text = (
                    parent.get_untrusted_value()
                    if hasattr(parent, "get_untrusted_value")
                    else str(parent)
                )
                text = f"{parent_text}.{text}"
            names.append(text)
    parts = [part for part in (endpoint, names[-1] if names else "") if part]
    return ", ".join(parts)


def _enum_collisions(document: Mapping[str, Any]) -> list[str]:
    """Pointers of string enums whose values make the same member name (the generator raises)."""
    from openapi_python_client.strings import snake_case

    found = []
    for where, node in _Spec(document).nodes("#"):
        values = node.get("enum")
        if not isinstance(values, list) or not all(isinstance(v, str | type(None)) for v in values):
            continue
        seen: set[str] = set()
        for index, value in enumerate(v for v in values if v is not None):
            key = value.upper() if value and value[0].isalpha() else f"VALUE_{index}"
            if key in seen:
                found.append(where)
                break
            seen.add(snake_case(key).upper())
    return sorted(set(found))


def explain_crash(err: BaseException, document: Mapping[str, Any]) -> Problem:
    """A generator exception as a problem: what it said, where, and how to avoid it."""
    detail = unmask(f"{type(err).__name__}: {err}".strip())
    context = _context(err.__traceback__)
    problem = Problem(kind="generator crash", detail=detail, pointer="#", operation=context or None)
    if _DUPLICATE_KEY.search(str(err)):
        places = _enum_collisions(document)
        if places:
            problem.pointer = " and ".join(places[:3]) + (
                f" (and {len(places) - 3} more)" if len(places) > 3 else ""
            )
        problem.left_out = "everything (the generator stopped)"
        problem.fixes.append(
            _setting("generator", "literal_enums", True)
            + "  # Literal[...] types need no member names"
        )
        if places:
            first = places[0]
            values = _resolve(document, first).get("enum") or []
            names = [
                re.sub(r"\W+", "_", str(v)).strip("_").upper() + f"_{i}"
                for i, v in enumerate(values)
            ]
            problem.fixes.append(
                patch_toml("add", _json_pointer(first) + "/x-enum-varnames", names)
                + "  # or name the members"
            )
    else:
        problem.left_out = "everything (the generator stopped)"
        problem.fixes.append(
            "a [[patch]] that changes the part named above, or allow-skip for its operation"
        )
    return problem
